//! Passerelle's own CSV, to add students by hand from a spreadsheet.
//!
//! Format:
//! - one header row, then one student per row; empty rows are ignored;
//! - separator `;` or `,` (found from the header row); encoding UTF-8 (with or
//!   without BOM) or Windows-1252/ISO-8859-1; values may be written `="…"`;
//! - column names, in any order, case and accents ignored (`prénom` = `prenom`):
//!
//! | column                 | required | content                                                  |
//! |------------------------|----------|----------------------------------------------------------|
//! | `nom`                  | yes      | last name                                                |
//! | `prenom`               | yes      | first name                                               |
//! | `section`              | yes      | code of an existing section (e.g. `NDRC`); when several establishments have that code, followed by the UAI (`NDRC 0310000A`) |
//! | `annee`                | no       | school year `2026-2027` (or `2026`); default: current    |
//! | `ine`                  | no       | 11 characters: 10 digits + 1 letter (or 9 digits + 2)    |
//! | `date_naissance`       | no       | `JJ/MM/AAAA` or `AAAA-MM-JJ`                             |
//! | `bac_pro`              | no       | `oui` / `non` (default `oui`)                            |
//! | `specialite_bac_pro`   | no       | free text                                                |
//! | `lycee_origine`        | no       | free text                                                |
//! | `statut`               | no       | `scolaire` or `apprenti` (default `scolaire`)            |
//! | `rang_parcoursup`      | no       | whole number ≥ 1                                         |
//! | `parcours_differencie` | no       | `poursuite_etudes`, `insertion_pro`, `non_suivi` (or the French labels) |
//!
//! Students already present (same INE, or same name, first name and birth date in
//! the same section and year) are skipped, so a file can be imported again.

use std::path::Path;

use chrono::Datelike;

use super::input::{self, Candidate, CsvRow, Layout, fold_key, yes_no};
use super::{ImportError, ImportReport, Problem};
use crate::labels::Label;
use crate::model::sections::find_section;
use crate::model::{Establishment, ParcoursDifferencie, Schooling, Section};
use crate::store::{NewStudent, Store};

/// The columns of the format, as written in the header.
const COLUMNS: [&str; 12] = [
    "nom",
    "prenom",
    "section",
    "annee",
    "ine",
    "date_naissance",
    "bac_pro",
    "specialite_bac_pro",
    "lycee_origine",
    "statut",
    "rang_parcoursup",
    "parcours_differencie",
];

/// Names accepted for a column besides its own (already folded).
fn column_index(header: &str) -> Option<usize> {
    let key = fold_key(header);
    let canonical = match key.as_str() {
        "nom de famille" => "nom",
        "annee scolaire" => "annee",
        "date de naissance" | "ne e le" => "date naissance",
        "n ine" | "numero ine" => "ine",
        "specialite" | "specialite bac" => "specialite bac pro",
        "lycee d origine" | "lycee" => "lycee origine",
        "rang" => "rang parcoursup",
        "parcours" => "parcours differencie",
        other => other,
    };
    COLUMNS.iter().position(|c| fold_key(c) == canonical)
}

/// Imports a Passerelle CSV file (format in the module documentation).
pub fn import_csv_file(store: &mut Store, path: &Path) -> Result<ImportReport, ImportError> {
    let (header, rows) = input::read_csv_file(path, &COLUMNS)?;
    let sections = store.sections()?;
    let establishments = store.establishments()?;
    let sections = (sections.as_slice(), establishments.as_slice());
    let layout = input::read_header(
        path,
        &header,
        &COLUMNS,
        column_index,
        &["nom", "prenom", "section"],
    )?;
    let mut problems = Vec::new();
    let mut candidates = Vec::new();
    for row in &rows {
        if let Some(problem) = input::check_width(path, row, layout.width) {
            problems.push(problem);
            continue;
        }
        match check_row(path, row, &layout, sections) {
            Ok(candidate) => candidates.push(candidate),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() && candidates.is_empty() {
        problems.push(Problem::new(
            path,
            None,
            None,
            "le fichier ne contient aucun élève (seulement la ligne d'en-tête) : ajoutez une \
             ligne par élève",
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    input::write_students(
        store,
        &input::import_label("Import CSV", path),
        candidates,
        Vec::new(),
        None,
    )
}

/// Checks one row and turns it into a student to add.
fn check_row(
    path: &Path,
    row: &CsvRow,
    layout: &Layout,
    sections: (&[Section], &[Establishment]),
) -> Result<Candidate, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut fields = std::collections::HashMap::new();
    for column in COLUMNS {
        fields.insert(column, layout.cell(row, column));
    }
    let mut check = |column: &str, f: &dyn Fn(&str) -> Result<(), String>| {
        let (header, value) = &fields[column];
        if let Some(value) = value
            && let Err(message) = f(value)
        {
            problems.push(Problem::new(path, Some(row.line), Some(header), message));
        }
    };
    let value = |column: &str| fields[column].1.clone();
    check("ine", &|v| input::check_ine(v).map(|_| ()));
    check("date_naissance", &|v| {
        input::check_birth_date(v).map(|_| ())
    });
    check("section", &|v| section_of(sections, v).map(|_| ()));
    check("annee", &|v| school_year(v).map(|_| ()));
    check("bac_pro", &|v| yes_no(v).map(|_| ()));
    check("statut", &|v| schooling(v).map(|_| ()));
    check("rang_parcoursup", &|v| rank(v).map(|_| ()));
    check("parcours_differencie", &|v| parcours(v).map(|_| ()));
    for (column, what) in [("nom", "nom"), ("prenom", "prénom"), ("section", "section")] {
        if value(column).is_none() {
            let (header, _) = &fields[column];
            let message = if column == "section" {
                format!(
                    "section vide : indiquez son code ; {}",
                    codes_of(sections.0)
                )
            } else {
                format!("{what} vide : remplissez-le ou retirez la ligne")
            };
            problems.push(Problem::new(path, Some(row.line), Some(header), message));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let parsed = (|| -> Result<Candidate, String> {
        let section = section_of(sections, &value("section").unwrap_or_default())?;
        Ok(Candidate {
            section_id: section.id,
            school_year: match value("annee") {
                Some(v) => school_year(&v)?,
                None => input::current_school_year(),
            },
            student: NewStudent {
                last_name: value("nom").unwrap_or_default(),
                first_name: value("prenom").unwrap_or_default(),
                ine: input::check_ine(&value("ine").unwrap_or_default())?,
                birth_date: input::check_birth_date(&value("date_naissance").unwrap_or_default())?,
                bac_pro: value("bac_pro").map_or(Ok(true), |v| yes_no(&v))?,
                bac_pro_specialty: value("specialite_bac_pro"),
                origin_lycee: value("lycee_origine"),
                schooling: value("statut").map(|v| schooling(&v)).transpose()?,
                parcoursup_rank: value("rang_parcoursup").map(|v| rank(&v)).transpose()?,
                parcours_differencie: value("parcours_differencie")
                    .map(|v| parcours(&v))
                    .transpose()?,
            },
        })
    })();
    parsed.map_err(|m| vec![Problem::new(path, Some(row.line), None, m)])
}

fn codes_of(sections: &[Section]) -> String {
    if sections.is_empty() {
        "aucune section n'existe encore dans la base".to_string()
    } else {
        let codes: Vec<&str> = sections.iter().map(|s| s.code.as_str()).collect();
        format!("sections connues : {}", codes.join(", "))
    }
}

/// The section of a `section` cell: « NDRC », or « NDRC 0310000A » when several
/// establishments have a section NDRC.
fn section_of<'s>(
    (sections, establishments): (&'s [Section], &[Establishment]),
    cell: &str,
) -> Result<&'s Section, String> {
    let cell = cell.trim();
    let (code, uai) = match cell.rsplit_once(char::is_whitespace) {
        Some((code, uai)) if looks_like_uai(uai) => (code.trim(), Some(uai)),
        _ => (cell, None),
    };
    find_section(sections, establishments, code, uai).map_err(|error| {
        if error.is_ambiguous() {
            format!(
                "{} : écrivez le code suivi de l'UAI, par exemple « {code} {} »",
                error.message(),
                establishments
                    .first()
                    .map_or("0310000A", |e| e.uai.as_str())
            )
        } else {
            error.message()
        }
    })
}

/// Seven digits then a letter (the establishment must exist anyway).
fn looks_like_uai(text: &str) -> bool {
    text.len() == 8
        && text[..7].bytes().all(|b| b.is_ascii_digit())
        && text[7..].bytes().all(|b| b.is_ascii_alphabetic())
}

/// `2026-2027` or `2026` → `2026-2027`.
fn school_year(text: &str) -> Result<String, String> {
    let bad = || format!("année scolaire « {text} » illisible : écrivez-la 2026-2027");
    let parts: Vec<&str> = text.split(['-', '/']).map(str::trim).collect();
    let years: Vec<i32> = parts
        .iter()
        .map(|p| p.parse::<i32>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let this_year = chrono::Local::now().date_naive().year();
    match years.as_slice() {
        [start] | [start, _] if !(2000..=this_year + 2).contains(start) => Err(bad()),
        [start] => Ok(format!("{start}-{}", start + 1)),
        [start, end] if *end == start + 1 => Ok(format!("{start}-{end}")),
        _ => Err(bad()),
    }
}

/// Finds a code from its stored code or its French label.
fn from_code_or_label<T: Label>(all: &[T], code: fn(T) -> &'static str, text: &str) -> Option<T> {
    let key = fold_key(text);
    all.iter()
        .copied()
        .find(|v| fold_key(code(*v)) == key || fold_key(v.label()) == key)
}

fn schooling(text: &str) -> Result<Schooling, String> {
    from_code_or_label(Schooling::ALL, Schooling::code, text)
        .or_else(|| {
            matches!(fold_key(text).as_str(), "apprentie" | "apprentissage")
                .then_some(Schooling::Apprenti)
        })
        .ok_or_else(|| format!("statut « {text} » inconnu : écrivez scolaire ou apprenti"))
}

fn parcours(text: &str) -> Result<ParcoursDifferencie, String> {
    from_code_or_label(ParcoursDifferencie::ALL, ParcoursDifferencie::code, text).ok_or_else(|| {
        format!(
            "parcours différencié « {text} » inconnu : écrivez poursuite_etudes, insertion_pro \
             ou non_suivi"
        )
    })
}

fn rank(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|r| *r >= 1)
        .ok_or_else(|| format!("rang Parcoursup « {text} » : écrivez un nombre entier (1, 2, 3…)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_accepted() {
        assert_eq!(schooling("Apprenti"), Ok(Schooling::Apprenti));
        assert_eq!(
            parcours("Poursuite d'études"),
            Ok(ParcoursDifferencie::PoursuiteEtudes)
        );
        assert_eq!(
            parcours("insertion_pro"),
            Ok(ParcoursDifferencie::InsertionPro)
        );
        assert!(parcours("peut-être").is_err());
        assert_eq!(school_year("2026"), Ok("2026-2027".to_string()));
        assert!(school_year("2026-2028").is_err());
        assert_eq!(column_index("Prénom"), Some(1));
        assert_eq!(column_index("DATE_NAISSANCE"), Some(5));
    }
}
