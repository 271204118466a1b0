//! Student list for French spreadsheets: UTF-8 with BOM, `;`, French header.
//!
//! Never holds sensitive data (no *conditions de vie* notes or levels, no
//! difficulty types, no free-text notes). Every cell that a spreadsheet could
//! read as a formula is neutralised with a leading apostrophe (OWASP advice).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ExportError;
use crate::labels::Label;
use crate::model::Enrolment;
use crate::store::Store;

/// Byte order mark, so that spreadsheets detect UTF-8.
const BOM: &str = "\u{feff}";

/// Column headers, in order.
pub const HEADER: &[&str] = &[
    "Nom",
    "Prénom",
    "INE",
    "Section",
    "Année",
    "Statut",
    "Spécialité de bac pro",
    "Phase",
    "Repérage (verdict)",
    "Proposition",
    "Date du pré-conseil",
    "Référent",
    "Modules",
    "Dernier point d'étape",
    "Date du bilan S1",
    "Décision S2",
    "Sortie",
    "Cause de sortie",
    "Destination",
    "Diplôme",
];

/// The list of students as CSV bytes (BOM included), sorted by name.
pub fn export_students_csv(store: &Store) -> Result<Vec<u8>, ExportError> {
    let referents: HashMap<i64, String> = store
        .staff()?
        .into_iter()
        .map(|s| (s.id, s.display_name()))
        .collect();
    let modules: HashMap<i64, String> = store
        .modules()?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    writer.write_record(HEADER)?;
    for row in store.student_rows()? {
        let s = &row.student;
        let enrolled = store.enrolments(s.id)?;
        let record = [
            s.last_name.clone(),
            s.first_name.clone(),
            s.ine.clone().unwrap_or_default(),
            row.section_code.clone(),
            row.school_year.clone(),
            s.schooling.label().to_string(),
            s.bac_pro_specialty.clone().unwrap_or_default(),
            s.phase().label().to_string(),
            label(s.verdict),
            label(s.proposal),
            date(s.pre_conseil_date),
            s.referent_id
                .and_then(|id| referents.get(&id).cloned())
                .unwrap_or_default(),
            module_list(&enrolled, &modules),
            date(row.last_checkin),
            date(s.bilan_s1_date),
            label(s.decision_s2),
            date(s.exit_date),
            label(s.exit_cause),
            label(s.exit_destination),
            label(s.diploma),
        ];
        writer.write_record(record.iter().map(|cell| neutralise(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

/// Prefixes with `'` a cell a spreadsheet would take for a formula.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn label<T: Label>(code: Option<T>) -> String {
    code.map(|c| c.label().to_string()).unwrap_or_default()
}

fn date(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Module names, the stopped ones with their end date.
fn module_list(enrolled: &[Enrolment], modules: &HashMap<i64, String>) -> String {
    enrolled
        .iter()
        .map(|e| {
            let name = modules
                .get(&e.module_id)
                .cloned()
                .unwrap_or_else(|| format!("module n° {}", e.module_id));
            match e.end_date {
                Some(end) => format!("{name} (arrêté le {})", end.format("%d/%m/%Y")),
                None => name,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+33 6"), "'+33 6");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("Martin"), "Martin");
        assert_eq!(neutralise(""), "");
    }
}
