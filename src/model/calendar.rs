//! The school calendar: rentrée, the four holidays, the end of the year; the
//! periods between holidays (P1…P5), the class days, and the phase deadlines.
//!
//! Default dates per school year and zone come from `data/school_calendar.toml`
//! (compiled in); a team may store its own (see `store::calendar`).

use chrono::{Datelike, Days, NaiveDate, Weekday};

mod deadlines;
mod national;

pub use deadlines::{Deadline, DeadlineKind, Lateness, due_text, pending_counts, standing};
pub use national::{published_years, source_of};

/// A holiday zone of metropolitan France, or none (Corse, overseas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    A,
    B,
    C,
    /// Corse and the overseas académies fix their own calendar: dates by hand.
    HorsZone,
}

impl Zone {
    pub const ALL: [Zone; 4] = [Zone::A, Zone::B, Zone::C, Zone::HorsZone];

    /// Code stored in the database and used in the data file.
    pub fn code(self) -> &'static str {
        match self {
            Zone::A => "A",
            Zone::B => "B",
            Zone::C => "C",
            Zone::HorsZone => "hors_zone",
        }
    }

    /// Zone from its code.
    pub fn from_code(code: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.code() == code)
    }

    /// French label (« zone A », « hors zone »).
    pub fn label(self) -> &'static str {
        match self {
            Zone::A => "zone A",
            Zone::B => "zone B",
            Zone::C => "zone C",
            Zone::HorsZone => "hors zone",
        }
    }

    /// The zone of an académie as listed in `data/academies.toml` (None: unknown name).
    pub fn of_academie(academie: &str) -> Option<Zone> {
        let wanted = super::text::fold(academie.trim());
        let file = national::calendar_file();
        Zone::ALL.into_iter().find(|zone| {
            file.zones
                .get(zone.code())
                .is_some_and(|names| names.iter().any(|n| super::text::fold(n) == wanted))
        })
    }
}

/// The four holidays of a school year, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayKind {
    Toussaint,
    Noel,
    Hiver,
    Printemps,
}

impl HolidayKind {
    pub const ALL: [HolidayKind; 4] = [
        HolidayKind::Toussaint,
        HolidayKind::Noel,
        HolidayKind::Hiver,
        HolidayKind::Printemps,
    ];

    /// Column prefix in the database (`toussaint_first`, `toussaint_last`…).
    pub fn code(self) -> &'static str {
        match self {
            HolidayKind::Toussaint => "toussaint",
            HolidayKind::Noel => "noel",
            HolidayKind::Hiver => "hiver",
            HolidayKind::Printemps => "printemps",
        }
    }

    /// French name (« vacances de la Toussaint » is said « Toussaint »).
    pub fn label(self) -> &'static str {
        match self {
            HolidayKind::Toussaint => "Toussaint",
            HolidayKind::Noel => "Noël",
            HolidayKind::Hiver => "hiver",
            HolidayKind::Printemps => "printemps",
        }
    }
}

/// One holiday: its first and last day off (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub kind: HolidayKind,
    pub first_off: NaiveDate,
    pub last_off: NaiveDate,
}

impl Holiday {
    /// Whether `date` is a day of this holiday.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_off <= date && date <= self.last_off
    }
}

/// One date of a calendar, as edited one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarDate {
    Rentree,
    FirstOff(HolidayKind),
    LastOff(HolidayKind),
    End,
}

impl CalendarDate {
    /// Every date in calendar order (each must be after the one before).
    pub const ALL: [CalendarDate; 10] = [
        CalendarDate::Rentree,
        CalendarDate::FirstOff(HolidayKind::Toussaint),
        CalendarDate::LastOff(HolidayKind::Toussaint),
        CalendarDate::FirstOff(HolidayKind::Noel),
        CalendarDate::LastOff(HolidayKind::Noel),
        CalendarDate::FirstOff(HolidayKind::Hiver),
        CalendarDate::LastOff(HolidayKind::Hiver),
        CalendarDate::FirstOff(HolidayKind::Printemps),
        CalendarDate::LastOff(HolidayKind::Printemps),
        CalendarDate::End,
    ];

    /// Database column.
    pub fn column(self) -> &'static str {
        match self {
            CalendarDate::Rentree => "rentree",
            CalendarDate::FirstOff(HolidayKind::Toussaint) => "toussaint_first",
            CalendarDate::LastOff(HolidayKind::Toussaint) => "toussaint_last",
            CalendarDate::FirstOff(HolidayKind::Noel) => "noel_first",
            CalendarDate::LastOff(HolidayKind::Noel) => "noel_last",
            CalendarDate::FirstOff(HolidayKind::Hiver) => "hiver_first",
            CalendarDate::LastOff(HolidayKind::Hiver) => "hiver_last",
            CalendarDate::FirstOff(HolidayKind::Printemps) => "printemps_first",
            CalendarDate::LastOff(HolidayKind::Printemps) => "printemps_last",
            CalendarDate::End => "summer_first",
        }
    }

    /// French label, as in the tab and in error messages.
    pub fn label(self) -> String {
        match self {
            CalendarDate::Rentree => "Rentrée des élèves".into(),
            CalendarDate::FirstOff(kind) => format!("{} (1er jour)", cap(kind)),
            CalendarDate::LastOff(kind) => format!("{} (dernier jour)", cap(kind)),
            CalendarDate::End => "Début des vacances d'été".into(),
        }
    }
}

fn cap(kind: HolidayKind) -> String {
    let label = kind.label();
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The calendar of one school year for one zone (or one establishment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolCalendar {
    /// `2026-2027`.
    pub school_year: String,
    pub zone: Zone,
    /// First day of classes for the pupils.
    pub rentree: NaiveDate,
    /// Toussaint, Noël, hiver, printemps, in that order.
    pub holidays: [Holiday; 4],
    /// First day of the summer holidays (classes end the day before).
    pub end: NaiveDate,
}

/// One period of classes between two holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// 1 to 5.
    pub number: u8,
    /// First and last day of classes (the last is often a Friday or Saturday).
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Period {
    /// « P1 ».
    pub fn name(&self) -> String {
        format!("P{}", self.number)
    }

    /// French label (« rentrée → Toussaint »).
    pub fn label(&self) -> &'static str {
        match self.number {
            1 => "rentrée → Toussaint",
            2 => "Toussaint → Noël",
            3 => "Noël → hiver",
            4 => "hiver → printemps",
            _ => "printemps → été",
        }
    }

    /// Whether `date` falls in the period (holidays around it excluded).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }

    /// Weeks with at least one weekday of class (Monday to Friday).
    pub fn weeks(&self) -> usize {
        let mut weeks: Vec<(i32, u32)> = days(self.first_day, self.last_day)
            .filter(|d| !is_weekend(*d))
            .map(|d| (d.iso_week().year(), d.iso_week().week()))
            .collect();
        weeks.dedup();
        weeks.len()
    }
}

/// « mar. 01/09/2026 »: the French weekday, then the date.
pub fn french_day(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    format!(
        "{} {}",
        DAYS[date.weekday().num_days_from_monday() as usize],
        date.format("%d/%m/%Y")
    )
}

fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn day_before(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

fn day_after(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Whether `date` is a French public holiday (jour férié of metropolitan France).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    if fixed.contains(&(date.month(), date.day())) {
        return true;
    }
    easter(date.year()).is_some_and(|easter| {
        // Easter Monday, Ascension Thursday, Whit Monday.
        [1u64, 39, 50]
            .iter()
            .any(|n| easter.checked_add_days(Days::new(*n)) == Some(date))
    })
}

impl SchoolCalendar {
    /// The holiday of that kind.
    pub fn holiday(&self, kind: HolidayKind) -> &Holiday {
        &self.holidays[HolidayKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0)]
    }

    /// One of the ten dates.
    pub fn date(&self, which: CalendarDate) -> NaiveDate {
        match which {
            CalendarDate::Rentree => self.rentree,
            CalendarDate::FirstOff(kind) => self.holiday(kind).first_off,
            CalendarDate::LastOff(kind) => self.holiday(kind).last_off,
            CalendarDate::End => self.end,
        }
    }

    /// The same calendar with one date changed (not validated: see [`Self::validate`]).
    pub fn with_date(&self, which: CalendarDate, date: NaiveDate) -> SchoolCalendar {
        let mut calendar = self.clone();
        match which {
            CalendarDate::Rentree => calendar.rentree = date,
            CalendarDate::End => calendar.end = date,
            CalendarDate::FirstOff(kind) | CalendarDate::LastOff(kind) => {
                if let Some(h) = calendar.holidays.iter_mut().find(|h| h.kind == kind) {
                    match which {
                        CalendarDate::FirstOff(_) => h.first_off = date,
                        _ => h.last_off = date,
                    }
                }
            }
        }
        calendar
    }

    /// The first and last calendar year of the school year (`2026-2027` → 2026, 2027).
    fn years(&self) -> Option<(i32, i32)> {
        let (a, b) = self.school_year.split_once('-')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    }

    /// Checks the dates: inside the school year (1 August to 31 July), each after
    /// the one before, at least one day of class between two holidays; a French
    /// sentence naming the date at fault otherwise.
    pub fn validate(&self) -> Result<(), String> {
        let Some((start, stop)) = self.years() else {
            return Err(format!("année scolaire « {} » illisible", self.school_year));
        };
        let (first, last) = (
            NaiveDate::from_ymd_opt(start, 8, 1),
            NaiveDate::from_ymd_opt(stop, 7, 31),
        );
        for which in CalendarDate::ALL {
            let date = self.date(which);
            if first.is_some_and(|f| date < f) || last.is_some_and(|l| date > l) {
                return Err(format!(
                    "{} : le {} est hors de l'année scolaire {} (du 01/08/{start} au 31/07/{stop}).",
                    which.label(),
                    date.format("%d/%m/%Y"),
                    self.school_year
                ));
            }
        }
        for pair in CalendarDate::ALL.windows(2) {
            let (before, after) = (self.date(pair[0]), self.date(pair[1]));
            // A holiday may last one day; anything else needs a class day between.
            let ok = match (pair[0], pair[1]) {
                (CalendarDate::FirstOff(_), CalendarDate::LastOff(_)) => before <= after,
                _ => before < after,
            };
            if !ok {
                return Err(format!(
                    "{} : le {} doit venir après « {} » ({}).",
                    pair[1].label(),
                    after.format("%d/%m/%Y"),
                    pair[0].label(),
                    before.format("%d/%m/%Y")
                ));
            }
        }
        Ok(())
    }

    /// The five periods of classes: P1 rentrée → Toussaint, …, P5 printemps → été.
    pub fn periods(&self) -> Vec<Period> {
        let mut starts = vec![self.rentree];
        let mut ends = Vec::new();
        for holiday in &self.holidays {
            ends.push(day_before(holiday.first_off));
            starts.push(day_after(holiday.last_off));
        }
        ends.push(day_before(self.end));
        starts
            .into_iter()
            .zip(ends)
            .enumerate()
            .map(|(i, (first_day, last_day))| Period {
                number: i as u8 + 1,
                first_day,
                last_day,
            })
            .collect()
    }

    /// The period a date falls in (None: holidays, or outside the year).
    pub fn period_of(&self, date: NaiveDate) -> Option<Period> {
        self.periods().into_iter().find(|p| p.contains(date))
    }

    /// Whether `date` is in school holidays (the four, or the summer around the year).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        date < self.rentree || date >= self.end || self.holidays.iter().any(|h| h.contains(date))
    }

    /// Whether pupils have class on `date`: Monday to Friday, not in holidays,
    /// not a public holiday.
    pub fn is_class_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && !self.is_holiday(date) && !is_public_holiday(date)
    }

    /// The class days from `first` to `last` included, in order.
    pub fn school_days(&self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        days(first.max(self.rentree), last.min(self.end))
            .filter(|d| self.is_class_day(*d))
            .collect()
    }

    /// `count` class days falling on `weekday`, from `from` on (holidays and
    /// public holidays skipped), fewer if the year ends first: a weekly module's
    /// sessions (« 7 séances le mardi à partir du 4 novembre »).
    pub fn weekly_sessions(
        &self,
        weekday: Weekday,
        from: NaiveDate,
        count: usize,
    ) -> Vec<NaiveDate> {
        days(from, self.end)
            .filter(|d| d.weekday() == weekday && self.is_class_day(*d))
            .take(count)
            .collect()
    }

    /// The phasage milestones: pré-conseil before Toussaint, bilan S1 by the end
    /// of January, S2 decision before the summer holidays.
    pub fn deadlines(&self) -> [Deadline; 3] {
        let february = self
            .years()
            .and_then(|(_, stop)| NaiveDate::from_ymd_opt(stop, 2, 1))
            .unwrap_or(self.end);
        [
            Deadline {
                kind: DeadlineKind::PreConseil,
                before: self.holiday(HolidayKind::Toussaint).first_off,
            },
            Deadline {
                kind: DeadlineKind::BilanS1,
                before: february,
            },
            Deadline {
                kind: DeadlineKind::BilanS2,
                before: self.end,
            },
        ]
    }
}

/// A calendar a team stored (« adopted ») for one establishment and school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCalendar {
    pub id: i64,
    pub establishment_id: i64,
    pub calendar: SchoolCalendar,
    pub meta: super::RowMeta,
}

/// Where the calendar in use comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarOrigin {
    /// Stored by the team (row id): editable with the row's version.
    Stored(i64),
    /// The national calendar of the zone, as published.
    National,
    /// Not published for the year or the zone: dates to check and correct.
    Estimated,
}

impl SchoolCalendar {
    /// The calendar in use for an establishment and a year: the stored one, else
    /// the default of the académie's zone (an unknown académie counts as hors zone).
    pub fn in_use(
        stored: &[StoredCalendar],
        establishment_id: i64,
        academie: &str,
        school_year: &str,
    ) -> Option<(SchoolCalendar, CalendarOrigin)> {
        if let Some(row) = stored.iter().find(|c| {
            c.establishment_id == establishment_id && c.calendar.school_year == school_year
        }) {
            return Some((row.calendar.clone(), CalendarOrigin::Stored(row.id)));
        }
        let zone = Zone::of_academie(academie).unwrap_or(Zone::HorsZone);
        match SchoolCalendar::national(school_year, zone) {
            Some(national) => Some((national, CalendarOrigin::National)),
            None => SchoolCalendar::default_for(school_year, zone)
                .map(|c| (c, CalendarOrigin::Estimated)),
        }
    }

    /// The columns of a stored row (zone, year and the ten dates), ISO dates.
    pub fn columns(&self) -> Vec<(&'static str, super::Value)> {
        let mut columns = vec![
            ("school_year", self.school_year.clone().into()),
            ("zone", self.zone.code().into()),
        ];
        columns.extend(CalendarDate::ALL.iter().map(|d| {
            (
                d.column(),
                self.date(*d).format("%Y-%m-%d").to_string().into(),
            )
        }));
        columns
    }
}

#[cfg(test)]
mod tests;
