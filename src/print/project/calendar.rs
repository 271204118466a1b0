//! The calendar of the project file: the year's periods and the parcours'
//! milestones (pré-conseil, points d'étape, bilans), from the school calendar of
//! the first establishment and the dates the team recorded.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;

use crate::model::calendar::{CalendarOrigin, DeadlineKind, SchoolCalendar};
use crate::store::{Result, Store, StudentRow};

/// The calendar printed on the project file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectCalendar {
    /// Dates estimated (the official calendar is not published for the year).
    pub estimated: bool,
    pub periods: Vec<PeriodLine>,
    /// Days of the pré-conseil meetings held or recorded; empty: not yet held.
    pub pre_conseil: Vec<NaiveDate>,
    /// The pré-conseil is held before this day (first day of the Toussaint holidays).
    pub pre_conseil_before: NaiveDate,
    /// Mondays of the weeks with a point d'étape planned.
    pub checkin_weeks: Vec<NaiveDate>,
    pub bilan_s1_before: NaiveDate,
    pub bilan_s2_before: NaiveDate,
}

/// One period of classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodLine {
    /// « P2 (Toussaint → Noël) ».
    pub name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub weeks: usize,
}

/// The calendar of `school_year`; None without an establishment or a calendar.
pub(super) fn of_year(
    store: &Store,
    school_year: &str,
    rows: &[StudentRow],
) -> Result<Option<ProjectCalendar>> {
    let Some(e) = store.establishments()?.into_iter().next() else {
        return Ok(None);
    };
    let stored = store.school_calendars()?;
    let Some((calendar, origin)) = SchoolCalendar::in_use(&stored, e.id, &e.academie, school_year)
    else {
        return Ok(None);
    };
    let before = |kind: DeadlineKind| {
        calendar
            .deadlines()
            .iter()
            .find(|d| d.kind == kind)
            .map_or(calendar.end, |d| d.before)
    };
    let mut pre_conseil: BTreeSet<NaiveDate> = store
        .meetings(Some(school_year))?
        .into_iter()
        .filter(|m| m.meeting.school_year.as_deref() == Some(school_year))
        .map(|m| m.meeting.held_on)
        .collect();
    pre_conseil.extend(rows.iter().filter_map(|r| r.student.pre_conseil_date));
    let checkin_weeks: BTreeSet<NaiveDate> = rows
        .iter()
        .flat_map(|r| [r.student.first_checkin_date, r.student.next_checkin_date])
        .flatten()
        .filter(|d| calendar.rentree <= *d && *d < calendar.end)
        .map(monday_of)
        .collect();
    Ok(Some(ProjectCalendar {
        estimated: origin == CalendarOrigin::Estimated,
        periods: calendar
            .periods()
            .iter()
            .map(|p| PeriodLine {
                name: format!("{} ({})", p.name(), p.label()),
                first_day: p.first_day,
                last_day: p.last_day,
                weeks: p.weeks(),
            })
            .collect(),
        pre_conseil: pre_conseil.into_iter().collect(),
        pre_conseil_before: before(DeadlineKind::PreConseil),
        checkin_weeks: checkin_weeks.into_iter().collect(),
        bilan_s1_before: before(DeadlineKind::BilanS1),
        bilan_s2_before: before(DeadlineKind::BilanS2),
    }))
}

/// The Monday of the week of `day`.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()))
}
