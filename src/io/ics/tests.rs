use super::*;
use chrono::{NaiveDate, TimeZone};
use icalendar::DatePerhapsTime;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(h, min, 0))
        .expect("date-time")
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0)
        .single()
        .expect("stamp")
}

fn events() -> Vec<IcsEvent> {
    vec![
        IcsEvent {
            uid: session_uid("0691234A", 12),
            // Summer time in Paris: ends on the last Sunday of October.
            start: at(2026, 10, 15, 10, 15),
            minutes: 90,
            summary: "Atelier écrit — groupe 1, BTS MCO".into(),
            location: "Salle B12; bâtiment Léonard-de-Vinci".into(),
            description: "Méthodologie de la synthèse : séance préparée avec l'équipe, \
                          apporter les écrits corrigés, prévoir les œuvres étudiées et \
                          les fiches « Révisions » déjà distribuées."
                .into(),
        },
        IcsEvent {
            uid: session_uid("0691234A", 13),
            start: at(2026, 11, 10, 14, 0),
            minutes: 120,
            summary: "Mathématiques — groupe 2".into(),
            location: String::new(),
            description: String::new(),
        },
    ]
}

#[test]
fn the_file_reads_back_with_dates_times_uids_and_accents() {
    let text = calendar_text("Séances — lycée Ampère", &events(), stamp());
    let parsed: Calendar = text.parse().expect("the crate's parser reads our file");
    let read: Vec<&icalendar::Event> = parsed.events().collect();
    assert_eq!(read.len(), 2);
    for (event, wanted) in read.iter().zip(events()) {
        assert_eq!(event.get_uid(), Some(wanted.uid.as_str()));
        assert_eq!(event.get_summary(), Some(wanted.summary.as_str()));
        assert_eq!(
            event.get_start(),
            Some(DatePerhapsTime::DateTime(paris(wanted.start)))
        );
        assert_eq!(
            event.get_end(),
            Some(DatePerhapsTime::DateTime(paris(
                wanted.start + TimeDelta::minutes(wanted.minutes)
            )))
        );
        assert_eq!(event.get_timestamp(), Some(stamp()));
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        assert_eq!(
            event.get_location().map(str::to_string),
            optional(&wanted.location)
        );
        assert_eq!(
            event.get_description().map(str::to_string),
            optional(&wanted.description)
        );
    }
    assert_eq!(parsed.get_name(), Some("Séances — lycée Ampère"));
    assert_eq!(read[0].get_uid(), Some("seance-12-0691234a@passerelle"));
}

#[test]
fn lines_end_in_crlf_and_are_folded_at_75_octets() {
    let text = calendar_text("Séances", &events(), stamp());
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "{text}");
    // The long description was folded (continuation lines start with a space).
    let start = lines
        .iter()
        .position(|l| l.starts_with("DESCRIPTION"))
        .expect("description");
    assert!(lines[start + 1].starts_with(' '));
    // The local times carry the zone; the zone is defined once, before the events.
    assert!(lines.contains(&"DTSTART;TZID=Europe/Paris:20261015T101500"));
    assert!(lines.contains(&"DTEND;TZID=Europe/Paris:20261110T160000"));
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
    assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
    // Special characters are escaped, not taken for separators.
    assert!(text.contains("LOCATION:Salle B12\\; bâtiment Léonard-de-Vinci"));
    // No random UID or DTSTAMP added by the crate anywhere.
    assert_eq!(text.matches("\r\nUID:").count(), 2);
    assert_eq!(text.matches("\r\nDTSTAMP:20261125T170000Z").count(), 2);
}

#[test]
fn the_same_sessions_give_the_same_file() {
    assert_eq!(
        calendar_text("S", &events(), stamp()),
        calendar_text("S", &events(), stamp())
    );
    let empty = calendar_text("S", &[], stamp());
    let parsed: Calendar = empty.parse().expect("empty calendar reads");
    assert_eq!(parsed.events().count(), 0);
    assert!(empty.contains("BEGIN:VTIMEZONE"));
    assert!(empty.ends_with("END:VTIMEZONE\r\nEND:VCALENDAR\r\n"));
}

#[test]
fn uids_are_stable_and_safe() {
    assert_eq!(session_uid("0691234A", 7), session_uid("0691234A", 7));
    assert_ne!(session_uid("0691234A", 7), session_uid("0691234A", 8));
    assert_ne!(session_uid("0691234A", 7), session_uid("0751234B", 7));
    assert_eq!(session_uid("", 7), "seance-7-etablissement@passerelle");
    assert_eq!(session_uid("069 12;34a", 7), "seance-7-0691234a@passerelle");
}

#[test]
fn the_file_is_written_all_or_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dest = dir.path().join("seances.ics");
    write_calendar(&dest, "S", &events(), stamp(), Overwrite::Refuse).expect("written");
    let text = std::fs::read_to_string(&dest).expect("read");
    assert_eq!(text, calendar_text("S", &events(), stamp()));
    let again = write_calendar(&dest, "S", &[], stamp(), Overwrite::Refuse);
    assert!(matches!(again, Err(OutputError::Exists(_))));
    assert_eq!(std::fs::read_to_string(&dest).expect("read"), text);
}
