//! When in the parcours a student left.

use chrono::Datelike;

/// When in the parcours a student left (key of [`super::Tally::exits_by_period`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitPeriod {
    /// From the rentrée to the end of October (repérage, pré-conseil).
    BeforePreConseil,
    /// November to January.
    Semester1,
    /// February to the end of the school year.
    Semester2,
    /// In a later school year than the year of entry.
    LaterYear,
}

impl ExitPeriod {
    /// Every period, in time order.
    pub const ALL: &'static [ExitPeriod] = &[
        ExitPeriod::BeforePreConseil,
        ExitPeriod::Semester1,
        ExitPeriod::Semester2,
        ExitPeriod::LaterYear,
    ];

    /// Stable key used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            ExitPeriod::BeforePreConseil => "avant_pre_conseil",
            ExitPeriod::Semester1 => "semestre_1",
            ExitPeriod::Semester2 => "semestre_2",
            ExitPeriod::LaterYear => "annee_suivante",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ExitPeriod::BeforePreConseil => "avant le pré-conseil",
            ExitPeriod::Semester1 => "au semestre 1",
            ExitPeriod::Semester2 => "au semestre 2",
            ExitPeriod::LaterYear => "après la 1re année",
        }
    }

    /// Period of an exit on `date` for a cohort entering in `school_year`.
    pub fn of(date: chrono::NaiveDate, school_year: &str) -> ExitPeriod {
        if crate::model::school_year_of(date) != school_year {
            return ExitPeriod::LaterYear;
        }
        match date.month() {
            8..=10 => ExitPeriod::BeforePreConseil,
            11 | 12 | 1 => ExitPeriod::Semester1,
            _ => ExitPeriod::Semester2,
        }
    }
}

/// First calendar year of a school year « 2026-2027 » (None when unreadable).
pub fn start_year(school_year: &str) -> Option<i32> {
    school_year.split_once('-')?.0.parse().ok()
}

/// How many school years of a cohort entering in `school_year` are over on
/// `today` (0 during its first year; a school year is over from 1 August on,
/// as [`crate::model::school_year_of`] counts).
pub fn years_over(school_year: &str, today: chrono::NaiveDate) -> i32 {
    let now = start_year(&crate::model::school_year_of(today)).unwrap_or_default();
    start_year(school_year).map_or(0, |start| (now - start).max(0))
}
