//! Student list for French spreadsheets: UTF-8 with BOM, `;`, French header.
//!
//! Never holds sensitive data (no *conditions de vie* notes or levels, no
//! difficulty types, no free-text notes). Every cell that a spreadsheet could
//! read as a formula is neutralised with a leading apostrophe (OWASP advice).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

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
        // Borrowed where the row or a label already holds the text: one allocation
        // per cell and row was a tenth of the export at 100,000 students.
        let record: [Cow<'_, str>; 20] = [
            Cow::Borrowed(&s.last_name),
            Cow::Borrowed(&s.first_name),
            Cow::Borrowed(s.ine.as_deref().unwrap_or_default()),
            Cow::Borrowed(&row.section_code),
            Cow::Borrowed(&row.school_year),
            Cow::Borrowed(s.schooling.label()),
            Cow::Borrowed(s.bac_pro_specialty.as_deref().unwrap_or_default()),
            Cow::Borrowed(s.phase().label()),
            label(s.verdict),
            label(s.proposal),
            date(s.pre_conseil_date),
            Cow::Borrowed(
                s.referent_id
                    .and_then(|id| referents.get(&id))
                    .map_or("", String::as_str),
            ),
            Cow::Owned(module_list(&enrolled, &modules)),
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

/// Prefixes with `'` a cell a spreadsheet would take for a formula (the cell as it
/// is otherwise, not copied).
pub fn neutralise(cell: &str) -> Cow<'_, [u8]> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}").into_bytes())
    } else {
        Cow::Borrowed(cell.as_bytes())
    }
}

fn label<T: Label>(code: Option<T>) -> Cow<'static, str> {
    Cow::Borrowed(code.map_or("", |c| c.label()))
}

/// JJ/MM/AAAA, as chrono's `%d/%m/%Y` writes it, without interpreting a format.
fn date(date: Option<NaiveDate>) -> Cow<'static, str> {
    match date {
        Some(d) if (0..=9999).contains(&d.year()) => {
            Cow::Owned(format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()))
        }
        Some(d) => Cow::Owned(d.format("%d/%m/%Y").to_string()),
        None => Cow::Borrowed(""),
    }
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
        let n = |cell| String::from_utf8(neutralise(cell).into_owned()).expect("utf-8");
        assert_eq!(n("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(n("+33 6"), "'+33 6");
        assert_eq!(n("-2"), "'-2");
        assert_eq!(n("@cmd"), "'@cmd");
        assert_eq!(n("\tx"), "'\tx");
        assert_eq!(n("\rx"), "'\rx");
        assert_eq!(n("Martin"), "Martin");
        assert_eq!(n(""), "");
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1899, 12, 25).expect("date");
        while day.year() < 2101 {
            assert_eq!(date(Some(day)), day.format("%d/%m/%Y").to_string());
            day = day.succ_opt().expect("next");
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).expect("date");
        assert_eq!(date(Some(far)), far.format("%d/%m/%Y").to_string());
        assert_eq!(date(None), "");
    }
}
