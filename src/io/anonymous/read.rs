//! Reading anonymous files and adding them up: every refusal is a French
//! sentence naming the file (and the line or field when the JSON is malformed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{AnonymousFile, DifficultyName, FORMAT, ModuleName, VERSION, YearHours};
use crate::model::indicators::{Tallies, well_formed_year};

/// Largest anonymous file read (an académie's file is a few hundred KiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and checks one file.
pub fn read_file(path: &Path) -> Result<(AnonymousFile, String), String> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{name} : lecture impossible ({e})."))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{name} : fichier trop gros ({size} octets) pour un export anonyme."
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name} : lecture impossible ({e})."))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!("{name} : ce fichier n'est pas du texte UTF-8, donc pas un export anonyme.")
    })?;
    let file = parse(&text).map_err(|message| format!("{name} : {message}"))?;
    Ok((file, text))
}

/// Parses and checks the text of a file (`Err`: the message without the file name).
pub fn parse(text: &str) -> Result<AnonymousFile, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let what = if e.is_eof() {
            "le fichier s'arrête avant la fin (tronqué ?)"
        } else {
            "JSON mal formé"
        };
        format!("ligne {}, colonne {} : {what}.", e.line(), e.column())
    })?;
    let Some(object) = value.as_object() else {
        return Err(
            "ce n'est pas un export anonyme de Passerelle (un objet JSON est attendu).".into(),
        );
    };
    match object.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(crate::io::json::FORMAT) => {
            return Err(
                "c'est un export complet de la base (`export json`), pas un export \
                 anonyme : il contient des données personnelles et ne doit pas être envoyé à \
                 l'académie. Produisez le fichier avec « passerelle indicators --anonymous -o \
                 FICHIER.json »."
                    .into(),
            );
        }
        Some(other) => {
            return Err(format!(
                "format « {other} » inconnu : ce n'est pas un export anonyme de Passerelle \
                 (« format » doit valoir « {FORMAT} »)."
            ));
        }
        None => {
            return Err(format!(
                "clé « format » absente : ce n'est pas un export anonyme de Passerelle \
                 (« format » doit valoir « {FORMAT} »)."
            ));
        }
    }
    match object.get("version").and_then(|v| v.as_u64()) {
        Some(VERSION) => {}
        Some(other) => {
            return Err(format!(
                "version {other} inconnue : mettez Passerelle à jour (cette version lit la version {VERSION})."
            ));
        }
        None => return Err("clé « version » absente ou invalide (un entier est attendu).".into()),
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file: AnonymousFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        format!(
            "ligne {}, champ « {field} » : {}.",
            inner.line(),
            french(&inner.to_string())
        )
    })?;
    check(&file)?;
    Ok(file)
}

/// serde's usual messages in French (the rest kept as is).
fn french(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("champ « {} » absent", rest.trim_matches('`'));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return format!("champ « {field} » inconnu dans cette version");
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return format!("valeur invalide ({message})");
    }
    message.to_string()
}

/// Checks what serde cannot: the month, the years, the UAIs, no key twice.
fn check(file: &AnonymousFile) -> Result<(), String> {
    let month_ok = file.produced.len() == 7
        && chrono::NaiveDate::parse_from_str(&format!("{}-01", file.produced), "%Y-%m-%d").is_ok();
    if !month_ok {
        return Err(format!(
            "champ « produced » : « {} » n'est pas un mois AAAA-MM.",
            file.produced
        ));
    }
    let known = |uai: &str| file.establishments.iter().any(|e| e.uai == uai);
    let mut seen = BTreeMap::new();
    for (i, k) in file.tallies.iter().enumerate() {
        let place = format!("champ « tallies[{i}].key »");
        if !known(&k.key.uai) {
            return Err(format!(
                "{place} : l'UAI {} n'est pas dans « establishments ».",
                k.key.uai
            ));
        }
        if !well_formed_year(&k.key.school_year) {
            return Err(format!(
                "{place} : promotion « {} » invalide (AAAA-AAAA attendu).",
                k.key.school_year
            ));
        }
        if let Some(first) = seen.insert(&k.key, i) {
            return Err(format!(
                "{place} : même section et promotion que tallies[{first}]."
            ));
        }
    }
    for (i, h) in file.hours.iter().enumerate() {
        if !known(&h.uai) || !well_formed_year(&h.school_year) {
            return Err(format!(
                "champ « hours[{i}] » : établissement {} ou année « {} » inconnus.",
                h.uai, h.school_year
            ));
        }
    }
    Ok(())
}

/// Many lycées' files added up.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// The files read, in the order given, with their month of production.
    pub files: Vec<(PathBuf, String)>,
    pub tallies: Tallies,
    pub hours: Vec<YearHours>,
    /// Module names, first file first.
    pub modules: Vec<ModuleName>,
    pub difficulties: Vec<DifficultyName>,
}

/// Reads every file and adds them up. `Err` lists every problem: unreadable
/// files, a file given twice (same content, or the same establishment and
/// cohort year in two files: both are named).
pub fn merge_files(paths: &[PathBuf]) -> Result<Merged, Vec<String>> {
    let mut problems = Vec::new();
    let mut read: Vec<(&PathBuf, AnonymousFile, String)> = Vec::new();
    for path in paths {
        match read_file(path) {
            Ok((file, text)) => read.push((path, file, text)),
            Err(message) => problems.push(message),
        }
    }
    let mut merged = Merged::default();
    let mut owners: BTreeMap<(String, String), &PathBuf> = BTreeMap::new();
    for (i, (path, file, text)) in read.iter().enumerate() {
        if let Some((first, ..)) = read[..i].iter().find(|(_, _, t)| t == text) {
            problems.push(if first == path {
                format!("{} : fichier donné deux fois.", path.display())
            } else {
                format!(
                    "{} : même contenu que {} (fichier donné deux fois).",
                    path.display(),
                    first.display()
                )
            });
            continue;
        }
        let mut clash = false;
        for (uai, year) in file.cohorts() {
            if let Some(other) = owners.get(&(uai.clone(), year.clone())) {
                problems.push(format!(
                    "{} et {} comptent tous deux l'établissement {uai} pour la promotion {year} : \
                     gardez un seul des deux fichiers.",
                    other.display(),
                    path.display()
                ));
                clash = true;
            } else {
                owners.insert((uai, year), path);
            }
        }
        if clash {
            continue;
        }
        merged.files.push(((*path).clone(), file.produced.clone()));
        for k in &file.tallies {
            *merged.tallies.entry(k.key.clone()).or_default() += &k.tally;
        }
        for h in &file.hours {
            let known = merged
                .hours
                .iter()
                .any(|m| m.uai == h.uai && m.school_year == h.school_year);
            if !known {
                merged.hours.push(h.clone());
            }
        }
        for m in &file.modules {
            if !merged.modules.iter().any(|x| x.code == m.code) {
                merged.modules.push(m.clone());
            }
        }
        for d in &file.difficulties {
            if !merged.difficulties.iter().any(|x| x.code == d.code) {
                merged.difficulties.push(d.clone());
            }
        }
    }
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_said_in_french() {
        assert_eq!(
            french("missing field `tallies` at line 3 column 1"),
            "champ « tallies » absent"
        );
        assert_eq!(
            french("unknown field `names`, expected one of `format`, `version`"),
            "champ « names » inconnu dans cette version"
        );
    }

    #[test]
    fn a_full_export_and_an_unknown_version_are_told_apart() {
        let full = r#"{"format": "passerelle", "schema_version": 9, "tables": {}}"#;
        assert!(parse(full).unwrap_err().contains("export complet"));
        let v2 = r#"{"format": "passerelle-indicateurs", "version": 2}"#;
        assert!(
            parse(v2)
                .unwrap_err()
                .starts_with("version 2 inconnue : mettez Passerelle à jour")
        );
        let cut = r#"{"format": "passerelle-indicateurs", "version": 1, "tall"#;
        assert!(parse(cut).unwrap_err().contains("tronqué"));
    }
}
