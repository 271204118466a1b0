//! Pré-conseil meetings: the minutes are written in the same transaction as each
//! decision, so that undo takes back both, and read back for the recap and history.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::read::{code, date, list, meta};
use super::{Result, Store, Table, Writer};
use crate::model::{Meeting, MeetingMinutes, MeetingStudent, Proposal, Value};

/// The meeting a decision belongs to, as the screen knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingTarget {
    /// The meeting already recorded in this session, if any (it may have been undone).
    pub meeting: Option<i64>,
    /// Date of a meeting created now.
    pub held_on: NaiveDate,
    /// School year of a meeting created now.
    pub school_year: Option<String>,
    /// Attendees of a meeting created now (the person at the keyboard).
    pub attendees: String,
}

/// A past meeting in the history list.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingSummary {
    pub meeting: Meeting,
    /// Students recorded in it.
    pub students: usize,
}

const MEETING_COLUMNS: &str =
    "m.id, m.held_on, m.school_year, m.attendees, m.version, m.updated_at, m.updated_by";

fn meeting_from_row(r: &Row) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        held_on: date(r, 1)?.unwrap_or_default(),
        school_year: r.get(2)?,
        attendees: r.get(3)?,
        meta: meta(r, 4)?,
    })
}

fn meeting_student_from_row(r: &Row) -> rusqlite::Result<MeetingStudent> {
    Ok(MeetingStudent {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        student_id: r.get(2)?,
        proposal: code(r, 3, Proposal::from_code)?,
        referent_id: r.get(4)?,
        first_checkin_date: date(r, 5)?,
        commitments: r.get(6)?,
        modules: list(r, 7)?
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect(),
        meta: meta(r, 8)?,
    })
}

impl Writer<'_> {
    /// The target's meeting if it still exists, else a new one; returns its id.
    pub fn ensure_meeting(&mut self, target: &MeetingTarget) -> Result<i64> {
        if let Some(id) = target.meeting {
            let exists: bool = self.tx().query_row(
                "SELECT EXISTS (SELECT 1 FROM meeting WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if exists {
                return Ok(id);
            }
        }
        self.insert(
            Table::Meeting,
            &[
                ("held_on", target.held_on.into()),
                (
                    "school_year",
                    target.school_year.clone().map_or(Value::Null, Value::from),
                ),
                ("attendees", target.attendees.as_str().into()),
            ],
        )
    }

    /// Copies the student's decisions as they now stand into the meeting's minutes
    /// (creating the meeting at its first record); returns the meeting's id.
    pub fn record_in_meeting(&mut self, target: &MeetingTarget, student: i64) -> Result<i64> {
        let meeting = self.ensure_meeting(target)?;
        let decisions: Option<(Value, Value, Value, Value)> = self
            .tx()
            .query_row(
                "SELECT proposal, referent_id, first_checkin_date, commitments FROM student WHERE id = ?1",
                [student],
                |r| {
                    Ok((
                        super::write::value_from_ref(r.get_ref(0)?),
                        super::write::value_from_ref(r.get_ref(1)?),
                        super::write::value_from_ref(r.get_ref(2)?),
                        super::write::value_from_ref(r.get_ref(3)?),
                    ))
                },
            )
            .optional()?;
        let Some((proposal, referent, first_checkin, commitments)) = decisions else {
            return Ok(meeting);
        };
        let modules: Vec<String> = {
            let mut stmt = self.tx().prepare_cached(
                "SELECT module_id FROM enrolment WHERE student_id = ?1 AND end_date IS NULL \
                 ORDER BY start_date, id",
            )?;
            stmt.query_map([student], |r| r.get::<_, i64>(0))?
                .map(|id| id.map(|id| id.to_string()))
                .collect::<rusqlite::Result<_>>()?
        };
        let values = [
            ("proposal", proposal),
            ("referent_id", referent),
            ("first_checkin_date", first_checkin),
            ("commitments", commitments),
            ("modules", modules.join(",").into()),
        ];
        let existing: Option<(i64, i64)> = self
            .tx()
            .query_row(
                "SELECT id, version FROM meeting_student WHERE meeting_id = ?1 AND student_id = ?2",
                params![meeting, student],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match existing {
            Some((id, version)) => {
                self.update(Table::MeetingStudent, id, version, &values)?;
            }
            None => {
                let mut row = vec![
                    ("meeting_id", Value::Int(meeting)),
                    ("student_id", Value::Int(student)),
                ];
                row.extend(values);
                self.insert(Table::MeetingStudent, &row)?;
            }
        }
        Ok(meeting)
    }
}

impl Store {
    /// Meetings, newest first, with how many students each recorded
    /// (`year`: only that school year's).
    pub fn meetings(&self, year: Option<&str>) -> Result<Vec<MeetingSummary>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS}, (SELECT count(*) FROM meeting_student ms WHERE ms.meeting_id = m.id) \
             FROM meeting m WHERE ?1 IS NULL OR m.school_year = ?1 OR m.school_year IS NULL \
             ORDER BY m.held_on DESC, m.id DESC"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map([year], |r| {
                Ok(MeetingSummary {
                    meeting: meeting_from_row(r)?,
                    students: r.get::<_, i64>(7)?.try_into().unwrap_or(0),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One meeting and its students, in the order they were first recorded
    /// (empty when the meeting no longer exists, e.g. undone).
    pub fn meeting_minutes(&self, id: i64) -> Result<MeetingMinutes> {
        let meeting = self
            .conn()
            .query_row(
                &format!("SELECT {MEETING_COLUMNS} FROM meeting m WHERE m.id = ?1"),
                [id],
                meeting_from_row,
            )
            .optional()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, meeting_id, student_id, proposal, referent_id, first_checkin_date, \
             commitments, modules, version, updated_at, updated_by \
             FROM meeting_student WHERE meeting_id = ?1 ORDER BY id",
        )?;
        let students = stmt
            .query_map([id], meeting_student_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(MeetingMinutes { meeting, students })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sector;

    fn target(meeting: Option<i64>) -> MeetingTarget {
        MeetingTarget {
            meeting,
            held_on: NaiveDate::from_ymd_opt(2026, 10, 15).expect("date"),
            school_year: Some("2026-2027".into()),
            attendees: "prof".into(),
        }
    }

    #[test]
    fn minutes_follow_the_decisions_and_undo_takes_both_back() {
        let mut store = Store::open_in_memory().expect("open");
        store.init().expect("catalogue");
        let module = store.modules().expect("modules")[0].id;
        let student = store
            .write("rentrée", |w| {
                let e = w.ensure_establishment("0310000A", "Lycée", "Toulouse")?;
                let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
                let c = w.ensure_cohort(s, "2026-2027")?;
                w.add_student(
                    c,
                    &crate::store::NewStudent {
                        last_name: "Dupont".into(),
                        first_name: "Léa".into(),
                        ..Default::default()
                    },
                )
            })
            .expect("student");
        let meeting = store
            .write("Proposition", |w| {
                w.update(
                    Table::Student,
                    student,
                    1,
                    &[("proposal", "accepte".into())],
                )?;
                w.record_in_meeting(&target(None), student)
            })
            .expect("record");
        let again = store
            .write("Module", |w| {
                w.insert(
                    Table::Enrolment,
                    &[
                        ("student_id", Value::Int(student)),
                        ("module_id", Value::Int(module)),
                        ("start_date", "2026-10-15".into()),
                    ],
                )?;
                w.record_in_meeting(&target(Some(meeting)), student)
            })
            .expect("record");
        assert_eq!(again, meeting, "one meeting, one row per student");
        let minutes = store.meeting_minutes(meeting).expect("minutes");
        assert_eq!(minutes.students.len(), 1);
        assert_eq!(minutes.students[0].proposal, Some(Proposal::Accepte));
        assert_eq!(minutes.students[0].modules, vec![module]);
        assert_eq!(
            store.meetings(Some("2026-2027")).expect("list")[0].students,
            1
        );
        store.undo().expect("undo");
        assert!(
            store.meeting_minutes(meeting).expect("m").students[0]
                .modules
                .is_empty()
        );
        store.undo().expect("undo");
        let minutes = store.meeting_minutes(meeting).expect("minutes");
        assert!(minutes.meeting.is_none() && minutes.students.is_empty());
        assert!(store.meetings(None).expect("list").is_empty());
    }
}
