//! The school calendars a team adopted (schema 8): one row per establishment and
//! school year; writes go through the journaled [`super::Writer`] like any table.

use chrono::NaiveDate;
use rusqlite::Row;

use super::read::meta;
use super::{Result, Store};
use crate::model::calendar::{
    CalendarDate, Holiday, HolidayKind, SchoolCalendar, StoredCalendar, Zone,
};

/// Columns read, in order: id, establishment, year, zone, the ten dates, the meta.
const SELECT: &str = "SELECT id, establishment_id, school_year, zone, rentree, \
     toussaint_first, toussaint_last, noel_first, noel_last, hiver_first, hiver_last, \
     printemps_first, printemps_last, summer_first, version, updated_at, updated_by \
     FROM school_calendar";

fn bad(idx: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("valeur illisible « {text} »").into(),
    )
}

fn iso(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(idx)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad(idx, &text))
}

fn stored(row: &Row) -> rusqlite::Result<StoredCalendar> {
    let zone: String = row.get(3)?;
    let holiday = |kind, first: usize| -> rusqlite::Result<Holiday> {
        Ok(Holiday {
            kind,
            first_off: iso(row, first)?,
            last_off: iso(row, first + 1)?,
        })
    };
    Ok(StoredCalendar {
        id: row.get(0)?,
        establishment_id: row.get(1)?,
        calendar: SchoolCalendar {
            school_year: row.get(2)?,
            zone: Zone::from_code(&zone).ok_or_else(|| bad(3, &zone))?,
            rentree: iso(row, 4)?,
            holidays: [
                holiday(HolidayKind::Toussaint, 5)?,
                holiday(HolidayKind::Noel, 7)?,
                holiday(HolidayKind::Hiver, 9)?,
                holiday(HolidayKind::Printemps, 11)?,
            ],
            end: iso(row, 13)?,
        },
        meta: meta(row, 14)?,
    })
}

impl Store {
    /// Every stored calendar, by establishment then year.
    pub fn school_calendars(&self) -> Result<Vec<StoredCalendar>> {
        let sql = format!("{SELECT} ORDER BY establishment_id, school_year");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], stored)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The change of one date of a stored calendar, as a writer takes it.
pub fn date_change(which: CalendarDate, date: NaiveDate) -> (&'static str, crate::model::Value) {
    (which.column(), date.format("%Y-%m-%d").to_string().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::CalendarOrigin;
    use crate::store::Table;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn store_with_establishment() -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let id = store
            .write("Établissement", |w| {
                w.insert(
                    Table::Establishment,
                    &[
                        ("uai", "0310001A".into()),
                        ("name", "Lycée test".into()),
                        ("academie", "Toulouse".into()),
                    ],
                )
            })
            .unwrap();
        (store, id)
    }

    #[test]
    fn without_a_row_the_zone_default_is_used_then_adopted_edited_and_undone() {
        let (mut store, est) = store_with_establishment();
        let (national, origin) = SchoolCalendar::in_use(
            &store.school_calendars().unwrap(),
            est,
            "Toulouse",
            "2026-2027",
        )
        .unwrap();
        assert_eq!(origin, CalendarOrigin::National);
        assert_eq!(national.zone, Zone::C);
        // Adopt: the default stored as is.
        let mut columns = national.columns();
        columns.push(("establishment_id", est.into()));
        let id = store
            .write("Calendrier adopté", |w| {
                w.insert(Table::SchoolCalendar, &columns)
            })
            .unwrap();
        let rows = store.school_calendars().unwrap();
        let (adopted, origin) =
            SchoolCalendar::in_use(&rows, est, "Toulouse", "2026-2027").unwrap();
        assert_eq!(
            (adopted.clone(), origin),
            (national.clone(), CalendarOrigin::Stored(id))
        );
        // Edit one date on the version read.
        let version = rows[0].meta.version;
        let change = date_change(CalendarDate::End, d(2027, 7, 6));
        store
            .write("Fin d'année", |w| {
                w.update(Table::SchoolCalendar, id, version, &[change])
            })
            .unwrap();
        let rows = store.school_calendars().unwrap();
        assert_eq!(rows[0].calendar.end, d(2027, 7, 6));
        assert_eq!(rows[0].calendar.rentree, national.rentree);
        // Undo the edit, then the adoption: back to the national default.
        store.undo().unwrap();
        assert_eq!(store.school_calendars().unwrap()[0].calendar, national);
        store.undo().unwrap();
        assert!(store.school_calendars().unwrap().is_empty());
    }

    #[test]
    fn the_database_refuses_dates_out_of_order() {
        let (mut store, est) = store_with_establishment();
        let national = SchoolCalendar::national("2026-2027", Zone::C).unwrap();
        let mut columns = national
            .with_date(CalendarDate::End, d(2027, 4, 1))
            .columns();
        columns.push(("establishment_id", est.into()));
        assert!(
            store
                .write("Calendrier", |w| w.insert(Table::SchoolCalendar, &columns))
                .is_err()
        );
        assert!(store.school_calendars().unwrap().is_empty());
    }
}
