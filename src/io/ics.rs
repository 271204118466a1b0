//! iCalendar export of module sessions (`.ics`, RFC 5545), so that leaders see
//! them in their usual agenda (Thunderbird, Outlook, Google Agenda, a phone).
//!
//! Times are French wall-clock times written as `DTSTART;TZID=Europe/Paris:…`
//! with a `VTIMEZONE` block for Europe/Paris in the file. Why not floating times:
//! Google and Outlook would place them in the importing account's zone, wrong for
//! a colleague whose account is set elsewhere; why the block: RFC 5545 requires
//! one for every TZID, and Outlook ignores a TZID it cannot find in the file
//! (Google and Thunderbird also know the IANA name by itself).

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};

use super::output::{OutputError, Overwrite, write_file};

/// The time zone of every event (metropolitan France).
pub const TZID: &str = "Europe/Paris";

/// Europe/Paris since 1996 (EU rule: last Sunday of March and of October), as
/// Thunderbird writes it. Written by hand: icalendar 0.17 has no VTIMEZONE, and
/// would stamp a random UID and a DTSTAMP into any component built with it.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// One session as an agenda event. Only what a leader needs: group label,
/// module name, place — never a student's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable identifier (see [`session_uid`]): re-importing the file updates the
    /// event instead of duplicating it.
    pub uid: String,
    /// Local time in Europe/Paris.
    pub start: NaiveDateTime,
    /// Length in minutes.
    pub minutes: i64,
    /// « Atelier écrit — groupe 1 ».
    pub summary: String,
    /// Room or place; empty: none.
    pub location: String,
    /// Free text for the leaders; empty: none.
    pub description: String,
}

/// A UID that stays the same from one export to the next for the same session
/// of the same establishment (the database id, not the date: a moved session is
/// updated in the agenda, not duplicated).
pub fn session_uid(establishment: &str, session_id: i64) -> String {
    let place: String = establishment
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let place = if place.is_empty() {
        "etablissement".to_string()
    } else {
        place
    };
    format!("seance-{session_id}-{place}@passerelle")
}

fn paris(date_time: NaiveDateTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time,
        tzid: TZID.to_string(),
    }
}

/// The `.ics` text of a calendar named `name` (shown by some agendas) holding
/// `events`; `stamp` is the export time (DTSTAMP), given so the output is reproducible.
pub fn calendar_text(name: &str, events: &[IcsEvent], stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Passerelle//Séances des modules//FR"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", name),
        ("X-WR-TIMEZONE", TZID),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    for event in events {
        let mut built = icalendar::Event::new();
        built
            .uid(&event.uid)
            .timestamp(stamp)
            .summary(&event.summary)
            .starts(paris(event.start))
            .ends(paris(event.start + TimeDelta::minutes(event.minutes)));
        if !event.location.is_empty() {
            built.location(&event.location);
        }
        if !event.description.is_empty() {
            built.description(&event.description);
        }
        calendar.push(built.done());
    }
    let text = calendar.done().to_string();
    // The time zone goes before the first event (or, with none, before the end).
    let at = text
        .find("\r\nBEGIN:VEVENT\r\n")
        .or_else(|| text.rfind("\r\nEND:VCALENDAR"))
        .map_or(text.len(), |i| i + 2);
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

/// Writes the calendar to `dest` (see [`calendar_text`]), all or nothing.
pub fn write_calendar(
    dest: &Path,
    name: &str,
    events: &[IcsEvent],
    stamp: DateTime<Utc>,
    overwrite: Overwrite,
) -> Result<(), OutputError> {
    write_file(
        dest,
        calendar_text(name, events, stamp).as_bytes(),
        overwrite,
    )
}

#[cfg(test)]
mod tests;
