//! Weekly sessions of a module: the pattern a teacher types (« 7 × 2 h, le mardi
//! à 14 h, à partir du 4 novembre »), the dates it gives in the school calendar,
//! overlapping time ranges, and durations as people write them.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

use super::calendar::{SchoolCalendar, french_day};
use super::catalogue::parse_decimal;

/// A duration in minutes as people write it: "2 h", "1 h 30", "45 min".
pub fn minutes_label(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// Reads a duration in minutes: "90", "90 min", "1 h 30", "1h30", "2 h", "1,5 h".
pub fn parse_minutes(text: &str) -> Option<i64> {
    let text: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return None;
    }
    if let Some(m) = text
        .strip_suffix("minutes")
        .or_else(|| text.strip_suffix("min"))
        .or_else(|| text.strip_suffix("mn"))
    {
        return m.parse::<i64>().ok().filter(|m| *m >= 0);
    }
    if let Some((h, m)) = text.split_once('h') {
        let m = m.trim_end_matches("min");
        let hours = parse_decimal(h)?;
        let minutes = if m.is_empty() {
            0
        } else {
            m.parse::<i64>().ok()?
        };
        if !(0..60).contains(&minutes) || hours < 0.0 || (hours.fract() != 0.0 && minutes != 0) {
            return None;
        }
        return Some((hours * 60.0).round() as i64 + minutes);
    }
    text.parse::<i64>().ok().filter(|m| *m >= 0)
}

/// A clock time as said in French: « 14 h », « 10 h 15 », « 8 h 05 ».
pub fn time_label(time: NaiveTime) -> String {
    use chrono::Timelike;
    match time.minute() {
        0 => format!("{} h", time.hour()),
        m => format!("{} h {m:02}", time.hour()),
    }
}

/// A weekly series of sessions: how many, how long, which day, what time, from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPattern {
    /// Number of sessions.
    pub count: usize,
    /// Length of one session, in minutes.
    pub minutes: i64,
    /// Day of the week (Monday to Friday).
    pub weekday: Weekday,
    /// Time the sessions start.
    pub start: NaiveTime,
    /// First day the series may start (the first session is the first class day
    /// on `weekday` from then on).
    pub from: NaiveDate,
}

/// The dates a pattern gives in a school calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The session dates, in order (fewer than asked if the year ends first).
    pub dates: Vec<NaiveDate>,
    /// Weeks skipped between the first and the last session (holidays, public holidays).
    pub skipped_weeks: usize,
    /// What the teacher should look at: the series runs past the end of the period
    /// it starts in, or the year ends before every session is placed.
    pub warning: Option<String>,
}

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "lundi"),
    (Weekday::Tue, "mardi"),
    (Weekday::Wed, "mercredi"),
    (Weekday::Thu, "jeudi"),
    (Weekday::Fri, "vendredi"),
    (Weekday::Sat, "samedi"),
    (Weekday::Sun, "dimanche"),
];

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// « novembre 2026 » for the month « 2026-11 » (the text itself when unreadable).
pub fn month_label(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
        .and_then(|(y, m)| Some(format!("{} {y}", MONTH_LABELS.get(m.checked_sub(1)?)?)))
        .unwrap_or_else(|| month.to_string())
}

/// The months in French, January first.
pub const MONTH_LABELS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Most sessions a pattern may ask for (a school year has about 36 weeks).
const MAX_COUNT: usize = 40;

/// The French name of a weekday (« mardi »).
pub fn weekday_label(weekday: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(d, _)| *d == weekday)
        .map_or("lundi", |(_, name)| name)
}

/// « 4 novembre 2026 », « 1er décembre 2026 ».
pub fn long_date(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1er".to_string(),
        d => d.to_string(),
    };
    format!(
        "{day} {} {}",
        MONTH_LABELS[date.month0() as usize],
        date.year()
    )
}

impl SessionPattern {
    /// The canonical French text: « 7 × 2 h, le mardi à 14 h, à partir du 4 novembre 2026 ».
    pub fn describe(&self) -> String {
        format!(
            "{} × {}, le {} à {}, à partir du {}",
            self.count,
            minutes_label(self.minutes),
            weekday_label(self.weekday),
            time_label(self.start),
            long_date(self.from)
        )
    }

    /// When one session ends.
    pub fn end(&self) -> NaiveTime {
        self.start + TimeDelta::minutes(self.minutes)
    }

    /// The session dates in `calendar`: holidays and public holidays skipped.
    pub fn schedule(&self, calendar: &SchoolCalendar) -> Schedule {
        let dates = calendar.weekly_sessions(self.weekday, self.from, self.count);
        let skipped_weeks = match (dates.first(), dates.last()) {
            (Some(first), Some(last)) => first
                .iter_weeks()
                .take_while(|d| d <= last)
                .filter(|d| !calendar.is_class_day(*d))
                .count(),
            _ => 0,
        };
        let mut warnings = Vec::new();
        if dates.len() < self.count {
            warnings.push(format!(
                "Seulement {} séance(s) sur {} avant la fin de l'année (le {}).",
                dates.len(),
                self.count,
                french_day(calendar.end)
            ));
        }
        if let (Some(first), Some(last)) = (dates.first(), dates.last())
            && let Some(period) = calendar.period_of(*first)
            && *last > period.last_day
        {
            warnings.push(format!(
                "La dernière séance ({}) tombe après la fin de la période {} ({}, {}).",
                french_day(*last),
                period.name(),
                period.label(),
                french_day(period.last_day)
            ));
        }
        Schedule {
            dates,
            skipped_weeks,
            warning: (!warnings.is_empty()).then(|| warnings.join(" ")),
        }
    }
}

/// One session's time range: a day, a start time, a length in minutes.
pub type Slot = (NaiveDate, NaiveTime, i64);

fn range(slot: Slot) -> (NaiveDateTime, NaiveDateTime) {
    let start = slot.0.and_time(slot.1);
    (start, start + TimeDelta::minutes(slot.2.max(0)))
}

/// Whether two sessions share some time (one ending when the other starts does not).
pub fn overlaps(a: Slot, b: Slot) -> bool {
    let ((a_start, a_end), (b_start, b_end)) = (range(a), range(b));
    a_start < b_end && b_start < a_end
}

/// Among one student's sessions, each with its group, the pairs (indices into
/// `sessions`, smaller first, in order) of sessions of different groups that overlap.
pub fn clashes<G: PartialEq>(sessions: &[(G, Slot)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    order.sort_by_key(|i| range(sessions[*i].1));
    let mut pairs = Vec::new();
    // Sorted by start: only the sessions starting before this one ends can overlap it.
    for (k, &i) in order.iter().enumerate() {
        let (_, end) = range(sessions[i].1);
        for &j in order[k + 1..]
            .iter()
            .take_while(|j| range(sessions[**j].1).0 < end)
        {
            if sessions[i].0 != sessions[j].0 && overlaps(sessions[i].1, sessions[j].1) {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

mod parse;
pub use parse::parse_pattern;

#[cfg(test)]
mod tests;
