//! Bulk reads for indicators.

use super::{Result, Store, StudentRow};
use crate::model::indicators::IndicatorInput;
use crate::model::{Enrolment, RowMeta, parse_date};

impl Store {
    /// Student rows joined with their section's name and sector, as the indicators
    /// take them (a row whose section is gone is left out).
    pub fn indicator_inputs(&self, rows: &[StudentRow]) -> Result<Vec<IndicatorInput>> {
        let sections = self.sections()?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let section = sections.iter().find(|s| s.id == row.section_id)?;
                Some(IndicatorInput {
                    student: row.student.clone(),
                    section_code: section.code.clone(),
                    section_name: section.name.clone(),
                    sector: section.sector,
                    school_year: row.school_year.clone(),
                })
            })
            .collect())
    }

    /// Every module enrolment of the database, by student then start date.
    pub fn all_enrolments(&self) -> Result<Vec<Enrolment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, student_id, module_id, start_date, end_date, checkin_id, version, \
             updated_at, updated_by FROM enrolment ORDER BY student_id, start_date, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let start: String = r.get(3)?;
                let end: Option<String> = r.get(4)?;
                Ok(Enrolment {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    module_id: r.get(2)?,
                    start_date: parse_date(&start).unwrap_or_default(),
                    end_date: end.as_deref().and_then(parse_date),
                    checkin_id: r.get(5)?,
                    meta: RowMeta {
                        version: r.get(6)?,
                        updated_at: r.get(7)?,
                        updated_by: r.get(8)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
