//! Student list for French spreadsheets: UTF-8 with BOM, `;`, French header.
//!
//! Never holds sensitive data (no *conditions de vie* notes or levels, no
//! difficulty types, no free-text notes). Every cell that a spreadsheet could
//! read as a formula is neutralised with a leading apostrophe (OWASP advice).

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;

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
    let csv = students_csv(store)?;
    let mut bytes = Vec::with_capacity(csv.len());
    csv.write_to(&mut bytes)
        .map_err(|e| ExportError::Csv(csv::Error::from(e)))?;
    Ok(bytes)
}

/// The student list rendered record by record, as the rows are read: only the
/// CSV bytes are held (not the students), to be written in name order.
pub struct StudentsCsv {
    /// Every record, header first, in reading order.
    records: Vec<u8>,
    /// Where each record lies in `records`, in output order.
    order: Vec<Range<usize>>,
}

impl StudentsCsv {
    /// Size of the whole file in bytes, BOM included.
    pub fn len(&self) -> usize {
        BOM.len() + self.records.len()
    }

    /// Whether there is nothing to write (never: the BOM and header are always there).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes the BOM, the header and the records in name order.
    pub fn write_to(&self, out: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
        out.write_all(BOM.as_bytes())?;
        for range in &self.order {
            out.write_all(&self.records[range.clone()])?;
        }
        Ok(())
    }
}

/// Renders the list of students (see [`export_students_csv`]).
pub fn students_csv(store: &Store) -> Result<StudentsCsv, ExportError> {
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
    // One query for every enrolment (per student: by start date, then id).
    let mut enrolments: HashMap<i64, Vec<Enrolment>> = HashMap::new();
    for e in store.all_enrolments()? {
        enrolments.entry(e.student_id).or_default().push(e);
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(HEADER)?;
    writer.flush().map_err(csv::Error::from)?;
    let header = 0..writer.get_ref().len();
    let rows = store.render_students_by_name(None, |row| {
        let s = &row.student;
        let enrolled = enrolments.remove(&s.id).unwrap_or_default();
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
        let start = writer.get_ref().len();
        writer.write_record(record.iter().map(|cell| neutralise(cell)))?;
        writer.flush().map_err(csv::Error::from)?;
        Ok::<_, ExportError>(Some(start..writer.get_ref().len()))
    })?;
    let records = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))?;
    let mut order = Vec::with_capacity(rows.len() + 1);
    order.push(header);
    order.extend(rows);
    Ok(StudentsCsv { records, order })
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
