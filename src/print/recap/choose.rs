//! Which meeting a teacher means: its number, its date (`2026-11-12` or `12/11/2026`),
//! a section when two meetings share a date, or, said nothing, the latest one.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::store::{MeetingSummary, Result, Store};

/// A meeting as the refusals list it: number, date, sections, students seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLine {
    pub number: i64,
    pub held_on: NaiveDate,
    /// Codes of the sections of the students seen, sorted.
    pub sections: Vec<String>,
    pub students: usize,
}

impl MeetingLine {
    /// « n° 3 du 12/11/2026 (NDRC, MCO ; 14 élèves) ».
    pub fn describe(&self) -> String {
        let sections = if self.sections.is_empty() {
            "aucune section".to_string()
        } else {
            self.sections.join(", ")
        };
        let students = match self.students {
            0 => "aucun élève".to_string(),
            1 => "1 élève".to_string(),
            n => format!("{n} élèves"),
        };
        format!(
            "n° {} du {} ({sections} ; {students})",
            self.number,
            self.held_on.format("%d/%m/%Y")
        )
    }
}

/// What a designation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    One(i64),
    /// Nothing matches; every meeting, newest first, to say which exist.
    Unknown(Vec<MeetingLine>),
    /// Several match; those, newest first.
    Ambiguous(Vec<MeetingLine>),
}

/// Every meeting kept, newest first, with the sections of its students.
pub fn meeting_lines(store: &Store) -> Result<Vec<MeetingLine>> {
    let section_of: HashMap<i64, String> = store
        .student_rows_in(None)?
        .into_iter()
        .map(|r| (r.student.id, r.section_code))
        .collect();
    let mut lines = Vec::new();
    for MeetingSummary { meeting, students } in store.meetings(None)? {
        let minutes = store.meeting_minutes(meeting.id)?;
        let mut sections: Vec<String> = minutes
            .students
            .iter()
            .filter_map(|s| section_of.get(&s.student_id).cloned())
            .collect();
        sections.sort_unstable();
        sections.dedup();
        lines.push(MeetingLine {
            number: meeting.id,
            held_on: meeting.held_on,
            sections,
            students,
        });
    }
    Ok(lines)
}

/// The meeting designated by `query` (`None`: the latest), among those of `section`.
pub fn choose(lines: &[MeetingLine], query: Option<&str>, section: Option<&str>) -> Choice {
    let in_section = |l: &&MeetingLine| {
        section.is_none_or(|code| l.sections.iter().any(|s| s.eq_ignore_ascii_case(code)))
    };
    let query = query.map(str::trim).filter(|q| !q.is_empty());
    let found: Vec<MeetingLine> = match query {
        None => lines.iter().filter(in_section).take(1).cloned().collect(),
        Some(q) => {
            let number = q.trim_start_matches("n°").trim().parse::<i64>().ok();
            let date = crate::model::parse_date(q);
            lines
                .iter()
                .filter(|l| Some(l.number) == number || Some(l.held_on) == date)
                .filter(in_section)
                .cloned()
                .collect()
        }
    };
    match found.as_slice() {
        [one] => Choice::One(one.number),
        [] => Choice::Unknown(lines.to_vec()),
        _ => Choice::Ambiguous(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: i64, day: u32, sections: &[&str]) -> MeetingLine {
        MeetingLine {
            number,
            held_on: NaiveDate::from_ymd_opt(2026, 10, day).expect("date"),
            sections: sections.iter().map(|s| s.to_string()).collect(),
            students: 3,
        }
    }

    #[test]
    fn a_meeting_by_number_date_section_or_the_latest() {
        // Newest first, as the store lists them.
        let lines = [
            line(3, 15, &["NDRC"]),
            line(2, 15, &["MCO"]),
            line(1, 8, &["MCO", "NDRC"]),
        ];
        assert_eq!(choose(&lines, None, None), Choice::One(3));
        assert_eq!(choose(&lines, None, Some("mco")), Choice::One(2));
        assert_eq!(choose(&lines, Some("1"), None), Choice::One(1));
        assert_eq!(choose(&lines, Some("n° 2"), None), Choice::One(2));
        assert_eq!(choose(&lines, Some("08/10/2026"), None), Choice::One(1));
        assert_eq!(
            choose(&lines, Some("2026-10-15"), Some("MCO")),
            Choice::One(2)
        );
        assert_eq!(
            choose(&lines, Some("15/10/2026"), None),
            Choice::Ambiguous(vec![lines[0].clone(), lines[1].clone()])
        );
        assert_eq!(
            choose(&lines, Some("2026-10-16"), None),
            Choice::Unknown(lines.to_vec())
        );
        assert_eq!(
            choose(&lines, Some("1"), Some("SIO")),
            Choice::Unknown(lines.to_vec())
        );
        assert_eq!(choose(&[], None, None), Choice::Unknown(Vec::new()));
    }

    #[test]
    fn a_meeting_line_says_number_date_sections_and_students() {
        assert_eq!(
            line(1, 8, &["MCO", "NDRC"]).describe(),
            "n° 1 du 08/10/2026 (MCO, NDRC ; 3 élèves)"
        );
    }
}
