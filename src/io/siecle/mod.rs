//! Import of SIECLE exports: the CSV "liste des élèves par division" and the XML
//! `ElevesSansAdresses.xml` (also inside its `.zip`).
//!
//! The whole file is checked first; if anything is wrong nothing is written and every
//! problem is returned. Pupils who left (`DATE_SORTIE`) are skipped, and so are those
//! already in the database, so importing the same file twice is harmless.

mod csv;
mod xml;

use std::collections::BTreeMap;
use std::path::Path;

use super::input::{self, Candidate, fold_key};
use super::{ImportError, ImportReport, NewSection, Problem};
use crate::model::text::clean_field;
use crate::model::{Schooling, Section};
use crate::store::{NewStudent, Store};

/// One value as found in the file, with the column or element it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawValue {
    pub field: String,
    pub text: String,
    /// The line of the value itself, when it is not the pupil's first line (XML).
    pub line: Option<usize>,
}

/// One pupil as read from a SIECLE file, before any check.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawPupil {
    pub line: Option<usize>,
    pub last_name: Option<RawValue>,
    pub first_name: Option<RawValue>,
    pub birth_date: Option<RawValue>,
    pub ine: Option<RawValue>,
    pub division: Option<String>,
    pub exit_date: Option<RawValue>,
    /// `Some(true)` for an apprentice (`CODE_STATUT` AP), when the file says.
    pub apprentice: Option<bool>,
}

/// A checked pupil and the division it is in.
struct Pupil {
    student: NewStudent,
    division: String,
}

/// Imports a SIECLE export (CSV, XML or ZIP) into the database.
///
/// With `section`, every pupil goes to that section; otherwise each division is
/// matched to the section whose code it contains (e.g. "BTS1 NDRC A" → NDRC).
pub fn import_siecle_file(
    store: &mut Store,
    path: &Path,
    section: Option<&str>,
) -> Result<ImportReport, ImportError> {
    let options = SiecleOptions {
        section: section.map(str::to_string),
        ..SiecleOptions::default()
    };
    import_siecle_with(store, path, &options)
}

/// Choices for a SIECLE import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiecleOptions {
    /// Put every pupil in this section (code).
    pub section: Option<String>,
    /// Create `section` with this name and sector if it does not exist yet, in the
    /// same transaction as the students.
    pub create: Option<NewSection>,
    /// Keep only the pupils whose division contains one of these texts (accents and
    /// case ignored), e.g. "BTS" in a whole-school export; the others are not read.
    pub divisions: Vec<String>,
}

/// Like [`import_siecle_file`], with every option.
pub fn import_siecle_with(
    store: &mut Store,
    path: &Path,
    options: &SiecleOptions,
) -> Result<ImportReport, ImportError> {
    let section = options.section.as_deref();
    let create = options.create.as_ref();
    let bytes = input::read_file(path)?;
    let sections = store.sections()?;
    let known = |code: &str| {
        sections
            .iter()
            .any(|s| s.code.eq_ignore_ascii_case(code.trim()))
    };
    let new_section = create.filter(|_| section.is_some_and(|code| !known(code)));
    let forced = match (section, new_section) {
        (Some(_), Some(_)) => None,
        (Some(code), None) => Some(find_section(path, &sections, code)?),
        (None, _) => None,
    };
    let (start_year, raws) = read_pupils(path, bytes)?;
    if raws.is_empty() {
        return Err(ImportError::Problems(vec![Problem::new(
            path,
            None,
            None,
            "le fichier ne contient aucun élève (seulement l'en-tête) : vérifiez que vous avez \
             exporté la liste des élèves, et pas une liste vide",
        )]));
    }
    let school_year = match start_year {
        Some(year) => format!("{year}-{}", year + 1),
        None => input::current_school_year(),
    };
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut pupils = Vec::new();
    let wanted: Vec<String> = options
        .divisions
        .iter()
        .map(|d| fold_key(d))
        .filter(|d| !d.is_empty())
        .collect();
    let mut other_divisions: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = 0;
    for raw in raws {
        let division = fold_key(raw.division.as_deref().unwrap_or(""));
        if !wanted.is_empty() && !wanted.iter().any(|w| division.contains(w.as_str())) {
            let name = raw.division.as_deref().and_then(clean_field);
            *other_divisions.entry(name.unwrap_or_default()).or_default() += 1;
            continue;
        }
        kept += 1;
        if let Some(reason) = left_school(&raw) {
            skipped.push(reason);
            continue;
        }
        match check(path, raw) {
            Ok(pupil) => pupils.push(pupil),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if kept == 0 {
        return Err(ImportError::Problems(vec![Problem::new(
            path,
            None,
            Some("Division"),
            format!(
                "aucun élève des divisions demandées ({}) : divisions du fichier : {} ; \
                 corrigez l'option --division",
                options.divisions.join(", "),
                division_list(&other_divisions)
            ),
        )]));
    }
    let others: usize = other_divisions.values().sum();
    if others > 0 {
        skipped.push(format!(
            "{others} élève(s) d'autres divisions (option --division)"
        ));
    }
    let mut candidates = Vec::new();
    let mut unplaced: BTreeMap<String, usize> = BTreeMap::new();
    for pupil in pupils {
        let target = match new_section {
            Some(_) => Some(input::NEW_SECTION),
            None => forced
                .or_else(|| section_for(&sections, &pupil.division))
                .map(|s| s.id),
        };
        match target {
            Some(section_id) => candidates.push(Candidate {
                section_id,
                school_year: school_year.clone(),
                student: pupil.student,
            }),
            None => *unplaced.entry(pupil.division).or_default() += 1,
        }
    }
    if !unplaced.is_empty() {
        problems.push(unplaced_problem(path, &sections, &unplaced));
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    input::write_students(
        store,
        &input::import_label("Import SIECLE", path),
        candidates,
        skipped,
        new_section,
    )
}

/// Reads the pupils and, for the XML, the school year it starts.
///
/// Each copy of the file is dropped as soon as the next one is made: zip, then bytes,
/// then text.
fn read_pupils(path: &Path, bytes: Vec<u8>) -> Result<(Option<i32>, Vec<RawPupil>), ImportError> {
    let one = |p: Problem| ImportError::Problems(vec![p]);
    let xml_bytes = if xml::is_zip(&bytes) {
        let unzipped = xml::unzip(path, &bytes).map_err(one)?;
        drop(bytes);
        unzipped
    } else if xml::is_xml(&bytes) {
        bytes
    } else {
        let text = input::decode_text(path, &bytes).map_err(one)?;
        drop(bytes);
        let pupils = csv::read(path, &text).map_err(ImportError::Problems)?;
        return Ok((None, pupils));
    };
    let text = xml::decode(path, &xml_bytes).map_err(one)?;
    drop(xml_bytes);
    let export = xml::read(path, &text).map_err(one)?;
    Ok((export.start_year, export.pupils))
}

fn display_name(raw: &RawPupil) -> String {
    let part = |v: &Option<RawValue>| {
        v.as_ref()
            .and_then(|v| clean_field(&v.text))
            .unwrap_or_default()
    };
    format!("{} {}", part(&raw.last_name), part(&raw.first_name))
        .trim()
        .to_string()
}

/// Why a pupil is not imported as present (left the school), if so.
fn left_school(raw: &RawPupil) -> Option<String> {
    let exit = raw.exit_date.as_ref().and_then(|v| clean_field(&v.text));
    if let Some(exit) = exit {
        return Some(format!("{} : sorti(e) le {exit}", display_name(raw)));
    }
    let inactive = raw
        .division
        .as_deref()
        .is_some_and(|d| fold_key(d) == "inactifs");
    inactive.then(|| format!("{} : division « Inactifs »", display_name(raw)))
}

/// Checks one pupil; every problem found is returned.
fn check(path: &Path, raw: RawPupil) -> Result<Pupil, Vec<Problem>> {
    let mut problems = Vec::new();
    let line_of = |v: &Option<RawValue>| v.as_ref().and_then(|v| v.line).or(raw.line);
    let field = |v: &Option<RawValue>, fallback: &str| {
        let name = v
            .as_ref()
            .map_or_else(|| fallback.to_string(), |v| v.field.clone());
        (name, line_of(v))
    };
    let mut problem = |(field, line): (String, Option<usize>), message: String| {
        problems.push(Problem::new(path, line, Some(&field), message));
    };
    let text = |v: &Option<RawValue>| v.as_ref().map(|v| v.text.clone());
    let last_name = input::check_name(text(&raw.last_name).as_deref(), "nom")
        .map_err(|m| problem(field(&raw.last_name, "Nom"), m))
        .ok();
    let first_name = input::check_name(text(&raw.first_name).as_deref(), "prénom")
        .map_err(|m| problem(field(&raw.first_name, "Prénom"), m))
        .ok();
    let birth_date = input::check_birth_date(&text(&raw.birth_date).unwrap_or_default())
        .map_err(|m| problem(field(&raw.birth_date, "Date de naissance"), m))
        .ok()
        .flatten();
    let ine = input::check_ine(&text(&raw.ine).unwrap_or_default())
        .map_err(|m| problem(field(&raw.ine, "INE"), m))
        .ok()
        .flatten();
    match (last_name, first_name) {
        (Some(last_name), Some(first_name)) if problems.is_empty() => Ok(Pupil {
            student: NewStudent {
                last_name,
                first_name,
                ine,
                birth_date,
                // SIECLE does not say which bac the pupil holds; the team corrects.
                bac_pro: true,
                schooling: raw.apprentice.map(|a| {
                    if a {
                        Schooling::Apprenti
                    } else {
                        Schooling::Scolaire
                    }
                }),
                ..Default::default()
            },
            division: raw
                .division
                .as_deref()
                .and_then(clean_field)
                .unwrap_or_default(),
        }),
        _ => Err(problems),
    }
}

/// The section named by `--section`, or a problem listing the known codes.
fn find_section<'s>(
    path: &Path,
    sections: &'s [Section],
    code: &str,
) -> Result<&'s Section, ImportError> {
    let mut matching = sections
        .iter()
        .filter(|s| s.code.eq_ignore_ascii_case(code.trim()));
    let found = matching.next();
    if found.is_some() && matching.next().is_some() {
        // Codes are unique per establishment only (schema 6): a shared code is ambiguous.
        return Err(ImportError::Problems(vec![Problem::new(
            path,
            None,
            None,
            format!(
                "option --section : plusieurs établissements ont une section « {} » ; \
                 l'import ne sait pas encore choisir l'établissement : donnez à cette section \
                 un code qui n'appartient qu'à elle avant d'importer",
                code.trim()
            ),
        )]));
    }
    found.ok_or_else(|| {
        ImportError::Problems(vec![Problem::new(
            path,
            None,
            None,
            format!(
                "option --section : section « {} » inconnue ; {} (ou ajoutez --sector \
                     production|services pour la créer)",
                code.trim(),
                known_sections(sections)
            ),
        )])
    })
}

fn known_sections(sections: &[Section]) -> String {
    if sections.is_empty() {
        "aucune section n'existe encore dans la base : ajoutez --sector production ou \
         --sector services (et --name « BTS … ») pour la créer"
            .to_string()
    } else {
        let codes: Vec<&str> = sections.iter().map(|s| s.code.as_str()).collect();
        format!("sections connues : {}", codes.join(", "))
    }
}

/// The section whose code appears in the division name (the longest code wins).
fn section_for<'s>(sections: &'s [Section], division: &str) -> Option<&'s Section> {
    let division = division.to_uppercase();
    let mut matching: Vec<&Section> = sections
        .iter()
        .filter(|s| !s.code.trim().is_empty() && division.contains(&s.code.to_uppercase()))
        .collect();
    matching.sort_by_key(|s| std::cmp::Reverse(s.code.len()));
    match matching.as_slice() {
        [] => None,
        [only] => Some(only),
        [first, second, ..] if first.code.len() > second.code.len() => Some(first),
        _ => None,
    }
}

/// "« BTS1 NDRC » : 12 élève(s), …", at most 20 divisions.
fn division_list(divisions: &BTreeMap<String, usize>) -> String {
    const SHOWN: usize = 20;
    let mut list: Vec<String> = divisions
        .iter()
        .take(SHOWN)
        .map(|(division, n)| {
            let name = if division.is_empty() {
                "(sans division)".to_string()
            } else {
                format!("« {division} »")
            };
            format!("{name} : {n} élève(s)")
        })
        .collect();
    if divisions.len() > SHOWN {
        list.push(format!(
            "… et {} autre(s) division(s)",
            divisions.len() - SHOWN
        ));
    }
    list.join(", ")
}

fn unplaced_problem(
    path: &Path,
    sections: &[Section],
    unplaced: &BTreeMap<String, usize>,
) -> Problem {
    Problem::new(
        path,
        None,
        Some("Division"),
        format!(
            "impossible de trouver la section de ces divisions : {} ({}). Relancez avec \
             --section CODE pour placer tous les élèves du fichier dans une section",
            division_list(unplaced),
            known_sections(sections)
        ),
    )
}
