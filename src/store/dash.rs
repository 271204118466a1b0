//! Reads for the dashboard (local figures, never exported).

use chrono::NaiveDate;

use super::{Result, Store};
use crate::model::parse_date;

impl Store {
    /// Every point d'étape as (student id, date), for the dashboard's weekly
    /// sparkline; rows with an unreadable date are left out.
    pub fn checkin_dates(&self) -> Result<Vec<(i64, NaiveDate)>> {
        let rows: Vec<(i64, String)> = self.collect(
            "SELECT student_id, date FROM checkin ORDER BY date",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, date)| Some((id, parse_date(&date)?)))
            .collect())
    }
}
