//! The national calendars of `data/school_calendar.toml`, compiled in: the
//! default dates of each published year per zone, and the zone of each académie.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{Holiday, HolidayKind, SchoolCalendar, Zone};

/// The national calendar file, compiled in.
pub(super) const CALENDAR_TOML: &str = include_str!("../../../data/school_calendar.toml");

impl SchoolCalendar {
    /// The national default of a school year for a zone; hors zone has none.
    pub fn national(school_year: &str, zone: Zone) -> Option<SchoolCalendar> {
        calendar_file()
            .years
            .iter()
            .find(|y| y.school_year == school_year)
            .and_then(|y| y.for_zone(zone))
    }

    /// The starting point of a year for a zone: the national calendar, or for an
    /// académie hors zone (or a year not published) the national dates shifted
    /// from the nearest known year, to be corrected by hand. `None` only when
    /// the year is unreadable.
    pub fn default_for(school_year: &str, zone: Zone) -> Option<SchoolCalendar> {
        if let Some(national) = SchoolCalendar::national(school_year, zone) {
            return Some(national);
        }
        let (start, _) = school_year.split_once('-')?;
        let start: i32 = start.parse().ok()?;
        let template_zone = if zone == Zone::HorsZone {
            Zone::A
        } else {
            zone
        };
        // The nearest published year, moved by whole weeks (same weekdays).
        let file = calendar_file();
        let nearest = file.years.iter().min_by_key(|y| {
            y.school_year
                .split_once('-')
                .and_then(|(a, _)| a.parse::<i32>().ok())
                .map_or(i32::MAX, |a| (a - start).abs())
        })?;
        let mut calendar = nearest.for_zone(template_zone)?;
        // Whole weeks (holidays keep their Saturdays), as near a year apart as can be.
        let base = nearest
            .school_year
            .split_once('-')
            .and_then(|(a, _)| a.parse::<i32>().ok())?;
        let weeks = (f64::from(start - base) * 365.2425 / 7.0).round() as i64;
        let shift = |d: NaiveDate| d + chrono::Duration::weeks(weeks);
        calendar.end = shift(calendar.end);
        for h in &mut calendar.holidays {
            h.first_off = shift(h.first_off);
            h.last_off = shift(h.last_off);
        }
        // The rentrée is never before 1 September, nor on a weekend.
        let mut rentree = shift(calendar.rentree).max(NaiveDate::from_ymd_opt(start, 9, 1)?);
        while matches!(rentree.weekday(), Weekday::Sat | Weekday::Sun) {
            rentree = rentree.succ_opt()?;
        }
        calendar.rentree = rentree;
        calendar.school_year = school_year.to_string();
        calendar.zone = zone;
        Some(calendar)
    }
}

/// The school years the data file knows, oldest first.
pub fn published_years() -> Vec<String> {
    calendar_file()
        .years
        .iter()
        .map(|y| y.school_year.clone())
        .collect()
}

/// The source named for a year in the data file.
pub fn source_of(school_year: &str) -> Option<String> {
    calendar_file()
        .years
        .iter()
        .find(|y| y.school_year == school_year)
        .map(|y| y.source.clone())
}

#[derive(serde::Deserialize)]
pub(super) struct CalendarFile {
    pub(super) zones: BTreeMap<String, Vec<String>>,
    pub(super) years: Vec<YearEntry>,
}

#[derive(serde::Deserialize)]
pub(super) struct YearEntry {
    school_year: String,
    source: String,
    rentree: NaiveDate,
    toussaint: [NaiveDate; 2],
    noel: [NaiveDate; 2],
    hiver: BTreeMap<String, [NaiveDate; 2]>,
    printemps: BTreeMap<String, [NaiveDate; 2]>,
    end: NaiveDate,
}

impl YearEntry {
    fn for_zone(&self, zone: Zone) -> Option<SchoolCalendar> {
        let hiver = self.hiver.get(zone.code())?;
        let printemps = self.printemps.get(zone.code())?;
        let holiday = |kind, [first_off, last_off]: [NaiveDate; 2]| Holiday {
            kind,
            first_off,
            last_off,
        };
        Some(SchoolCalendar {
            school_year: self.school_year.clone(),
            zone,
            rentree: self.rentree,
            holidays: [
                holiday(HolidayKind::Toussaint, self.toussaint),
                holiday(HolidayKind::Noel, self.noel),
                holiday(HolidayKind::Hiver, *hiver),
                holiday(HolidayKind::Printemps, *printemps),
            ],
            end: self.end,
        })
    }
}

pub(super) fn calendar_file() -> &'static CalendarFile {
    static FILE: std::sync::OnceLock<CalendarFile> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        // Compiled in and tested below: a parse error is a build defect.
        toml::from_str(CALENDAR_TOML).unwrap_or(CalendarFile {
            zones: BTreeMap::new(),
            years: Vec::new(),
        })
    })
}
