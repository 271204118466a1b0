//! The module planner (schema 9): groups, sessions, members, rolls, hours granted.
//!
//! Reads return model types; every write goes through the journaled
//! [`Writer`], so that one user action (a whole roll, a placement) is one undo step.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime, Weekday};
use rusqlite::{OptionalExtension, Row, params};

use super::read::meta;
use super::{Result, Store, StoreError, Table, Writer};
use crate::model::Value;
use crate::model::calendar::SchoolCalendar;
use crate::model::planner::{
    AttendanceMark, GroupMember, GroupSession, HoursGrant, ModuleGroup, Room, SessionStatus,
    StudentMark, place_by_capacity,
};

mod write;

const GROUP: &str = "SELECT g.id, g.module_id, g.school_year, g.period, g.label, g.leader_id, \
     g.capacity, g.place, g.establishment_id, g.version, g.updated_at, g.updated_by";
const SESSION: &str = "SELECT s.id, s.group_id, s.date, s.start, s.minutes, s.place, s.status, \
     s.cancel_reason, s.version, s.updated_at, s.updated_by FROM group_session s";
const MEMBER: &str = "SELECT m.id, m.group_id, m.student_id, m.from_date, m.to_date, \
     m.version, m.updated_at, m.updated_by FROM group_member m";

/// The students on the roll of session `?1`: the group's members on its day,
/// and anyone already marked (who may have left the group since).
const ROLL: &str = "WITH s AS (SELECT group_id, date FROM group_session WHERE id = ?1), \
     roll AS (SELECT m.student_id AS id FROM group_member m JOIN s \
         ON m.group_id = s.group_id AND m.from_date <= s.date \
         AND (m.to_date IS NULL OR m.to_date >= s.date) \
     UNION SELECT student_id FROM attendance WHERE session_id = ?1)";

fn unreadable(idx: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("valeur illisible « {text} »").into(),
    )
}

fn parsed<T>(row: &Row, idx: usize, parse: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    // Borrowed, not copied: a year's sessions are tens of thousands of rows.
    let text = super::read::text(row, idx)?.unwrap_or_default();
    parse(text).ok_or_else(|| unreadable(idx, text))
}

fn count(row: &Row, idx: usize) -> rusqlite::Result<usize> {
    Ok(usize::try_from(row.get::<_, i64>(idx)?).unwrap_or(0))
}

/// « 2026-11-17 » (the stored form read by hand, else chrono's ISO reader).
fn iso(text: &str) -> Option<NaiveDate> {
    crate::model::stored_date(text).or_else(|| text.parse().ok())
}

/// « 14:00 » (the stored form read by hand, else chrono's reader).
fn hhmm(text: &str) -> Option<NaiveTime> {
    stored_time(text).or_else(|| text.parse().ok())
}

/// `HH:MM` exactly, as stored, or `None` (then chrono's reader decides).
fn stored_time(text: &str) -> Option<NaiveTime> {
    let b = text.as_bytes();
    let digit = |i: usize| b[i].is_ascii_digit().then(|| u32::from(b[i] - b'0'));
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    let hour = digit(0)? * 10 + digit(1)?;
    let minute = digit(3)? * 10 + digit(4)?;
    NaiveTime::from_hms_opt(hour, minute, 0)
}

fn iso_text(date: NaiveDate) -> Value {
    date.format("%Y-%m-%d").to_string().into()
}

fn hhmm_text(time: NaiveTime) -> Value {
    time.format("%H:%M").to_string().into()
}

fn group(row: &Row) -> rusqlite::Result<ModuleGroup> {
    Ok(ModuleGroup {
        id: row.get(0)?,
        module_id: row.get(1)?,
        school_year: row.get(2)?,
        period: row.get(3)?,
        label: row.get(4)?,
        leader_id: row.get(5)?,
        capacity: row.get(6)?,
        place: row.get(7)?,
        establishment_id: row.get(8)?,
        meta: meta(row, 9)?,
    })
}

fn session(row: &Row) -> rusqlite::Result<GroupSession> {
    Ok(GroupSession {
        id: row.get(0)?,
        group_id: row.get(1)?,
        date: parsed(row, 2, iso)?,
        start: parsed(row, 3, hhmm)?,
        minutes: row.get(4)?,
        place: row.get(5)?,
        status: parsed(row, 6, SessionStatus::from_code)?,
        cancel_reason: row.get(7)?,
        meta: meta(row, 8)?,
    })
}

fn member(row: &Row) -> rusqlite::Result<GroupMember> {
    Ok(GroupMember {
        id: row.get(0)?,
        group_id: row.get(1)?,
        student_id: row.get(2)?,
        from_date: parsed(row, 3, iso)?,
        to_date: to_date(row, 4)?,
        meta: meta(row, 5)?,
    })
}

/// A membership's last day (None: still in the group).
fn to_date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    super::read::text(row, idx)?
        .map(|t| iso(t).ok_or_else(|| unreadable(idx, t)))
        .transpose()
}

/// A mark read from `a.id, a.session_id, s.group_id, g.module_id, s.date, s.start,
/// a.status` (the first seven columns).
pub(super) fn student_mark(r: &Row) -> rusqlite::Result<StudentMark> {
    Ok(StudentMark {
        id: r.get(0)?,
        session_id: r.get(1)?,
        group_id: r.get(2)?,
        module_id: r.get(3)?,
        date: parsed(r, 4, iso)?,
        start: parsed(r, 5, hhmm)?,
        mark: parsed(r, 6, AttendanceMark::from_code)?,
    })
}

/// A group with its counts, as the planner lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: ModuleGroup,
    /// Members not gone before `day` (see [`Store::groups_of_year`]).
    pub members: usize,
    /// Sessions not cancelled.
    pub sessions: usize,
    /// Sessions held.
    pub held: usize,
}

/// One line of a session's roll: a member of the group on the session's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollLine {
    pub student_id: i64,
    pub mark: Option<AttendanceMark>,
    /// Version of the mark's row when read (None: no mark yet).
    pub version: Option<i64>,
}

/// A new group.
#[derive(Debug, Clone, PartialEq)]
pub struct NewGroup {
    pub module_id: i64,
    pub school_year: String,
    pub period: Option<u8>,
    pub label: String,
    pub leader_id: Option<i64>,
    pub capacity: Option<u32>,
    pub place: Option<String>,
    pub establishment_id: Option<i64>,
}

/// A weekly pattern of sessions (« 7 × 2 h, le mardi à 14 h, à partir du 4 novembre »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    pub weekday: Weekday,
    pub from: NaiveDate,
    pub count: usize,
    pub start: NaiveTime,
    pub minutes: u32,
}

/// What a placement did: (student, group) placed, students left without room.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placement {
    pub placed: Vec<(i64, i64)>,
    pub left: Vec<i64>,
}

impl Store {
    /// Groups of a school year, by module, period and label, with their counts
    /// (members: those still in the group on `day`).
    pub fn groups_of_year(&self, school_year: &str, day: NaiveDate) -> Result<Vec<GroupRow>> {
        let sql = format!(
            "{GROUP}, \
             (SELECT count(*) FROM group_member m WHERE m.group_id = g.id \
              AND (m.to_date IS NULL OR m.to_date >= ?2)), \
             (SELECT count(*) FROM group_session s WHERE s.group_id = g.id AND s.status <> 'cancelled'), \
             (SELECT count(*) FROM group_session s WHERE s.group_id = g.id AND s.status = 'held') \
             FROM module_group g WHERE g.school_year = ?1 \
             ORDER BY g.module_id, g.period, g.label, g.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![school_year, iso_text(day)], |r| {
                Ok(GroupRow {
                    group: group(r)?,
                    members: count(r, 12)?,
                    sessions: count(r, 13)?,
                    held: count(r, 14)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// What the planner pane shows of a year, each table read once: the groups
    /// (in [`Store::groups_of_year`]'s order, counts as there), their sessions
    /// (as [`Store::sessions_of_year`]) and members (as [`Store::members_of_year`]).
    pub fn planner_year(
        &self,
        school_year: &str,
        day: NaiveDate,
    ) -> Result<(Vec<GroupRow>, Vec<GroupSession>, Vec<GroupMember>)> {
        let sql = format!(
            "{GROUP} FROM module_group g WHERE g.school_year = ?1 \
             ORDER BY g.module_id, g.period, g.label, g.id"
        );
        let groups = self.collect(&sql, [school_year], group)?;
        let sessions = self.sessions_of_year(school_year)?;
        let members = self.members_of_year(school_year)?;
        let mut counts: HashMap<i64, (usize, usize, usize)> = HashMap::new();
        for m in members.iter().filter(|m| m.is_current(day)) {
            counts.entry(m.group_id).or_default().0 += 1;
        }
        for s in &sessions {
            let c = counts.entry(s.group_id).or_default();
            match s.status {
                SessionStatus::Cancelled => {}
                SessionStatus::Planned => c.1 += 1,
                SessionStatus::Held => {
                    c.1 += 1;
                    c.2 += 1;
                }
            }
        }
        let groups = groups
            .into_iter()
            .map(|group| {
                let (members, sessions, held) = counts.get(&group.id).copied().unwrap_or_default();
                GroupRow {
                    group,
                    members,
                    sessions,
                    held,
                }
            })
            .collect();
        Ok((groups, sessions, members))
    }

    /// One group.
    pub fn module_group(&self, id: i64) -> Result<ModuleGroup> {
        let sql = format!("{GROUP} FROM module_group g WHERE g.id = ?1");
        self.conn()
            .prepare_cached(&sql)?
            .query_row([id], group)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("groupe de module n° {id}")))
    }

    /// Sessions of a group, in time order.
    pub fn group_sessions(&self, group_id: i64) -> Result<Vec<GroupSession>> {
        let sql = format!("{SESSION} WHERE s.group_id = ?1 ORDER BY s.date, s.start, s.id");
        self.collect(&sql, [group_id], session)
    }

    /// Sessions of every group of a school year, by group then time.
    pub fn sessions_of_year(&self, school_year: &str) -> Result<Vec<GroupSession>> {
        // Sorted here rather than by SQLite, whose sorter spills to disk at this size.
        let sql =
            format!("{SESSION} JOIN module_group g ON g.id = s.group_id WHERE g.school_year = ?1");
        let mut sessions = self.collect(&sql, [school_year], session)?;
        sessions.sort_unstable_by_key(|s| (s.group_id, s.date, s.start, s.id));
        Ok(sessions)
    }

    /// A year's groups, sessions and members as the hours count them
    /// ([`crate::model::hours`]): sessions and members in the orders of
    /// [`Store::sessions_of_year`] and [`Store::members_of_year`], but without
    /// what the hours never read (a session's place and cancel reason, the
    /// rows' versions and authors are left empty): an académie's year is
    /// 100,000 sessions and more.
    pub(super) fn hours_year(
        &self,
        school_year: &str,
    ) -> Result<(Vec<ModuleGroup>, Vec<GroupSession>, Vec<GroupMember>)> {
        let sql = format!(
            "{GROUP} FROM module_group g WHERE g.school_year = ?1 \
             ORDER BY g.module_id, g.period, g.label, g.id"
        );
        let groups = self.collect(&sql, [school_year], group)?;
        // The same readers as the whole rows, the columns not read given empty.
        let mut sessions = self.collect(
            "SELECT s.id, s.group_id, s.date, s.start, s.minutes, NULL, s.status, NULL, 0, '', '' \
             FROM group_session s JOIN module_group g ON g.id = s.group_id \
             WHERE g.school_year = ?1",
            [school_year],
            session,
        )?;
        sessions.sort_unstable_by_key(|s| (s.group_id, s.date, s.start, s.id));
        let members = self.collect(
            "SELECT m.id, m.group_id, m.student_id, m.from_date, m.to_date, 0, '', '' \
             FROM group_member m JOIN module_group g ON g.id = m.group_id \
             WHERE g.school_year = ?1 ORDER BY m.group_id, m.from_date, m.id",
            [school_year],
            member,
        )?;
        Ok((groups, sessions, members))
    }

    /// Members of a group, past ones included, by arrival.
    pub fn group_members(&self, group_id: i64) -> Result<Vec<GroupMember>> {
        let sql = format!("{MEMBER} WHERE m.group_id = ?1 ORDER BY m.from_date, m.id");
        self.collect(&sql, [group_id], member)
    }

    /// Members of every group of a school year, past ones included.
    pub fn members_of_year(&self, school_year: &str) -> Result<Vec<GroupMember>> {
        let sql = format!(
            "{MEMBER} JOIN module_group g ON g.id = m.group_id WHERE g.school_year = ?1 \
             ORDER BY m.group_id, m.from_date, m.id"
        );
        self.collect(&sql, [school_year], member)
    }

    /// (group, section) pairs of a year: the sections of the groups' members,
    /// past ones included, to sum hours per section with [`crate::model::planner::hours_by`].
    pub fn group_sections(&self, school_year: &str) -> Result<Vec<(i64, i64)>> {
        self.group_sections_of(&self.members_of_year(school_year)?)
    }

    /// (group, section) pairs of some members, in order, each once. Each
    /// student's cohort comes from one walk of the small `student_cohort`
    /// index rather than a look-up of each member's (wide) student row.
    pub fn group_sections_of(&self, members: &[GroupMember]) -> Result<Vec<(i64, i64)>> {
        let section_of: HashMap<i64, i64> = self
            .collect("SELECT id, section_id FROM cohort", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .into_iter()
            .collect();
        let wanted: HashSet<i64> = members.iter().map(|m| m.student_id).collect();
        let mut section_of_student: HashMap<i64, i64> = HashMap::with_capacity(wanted.len());
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, cohort_id FROM student")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if wanted.contains(&id)
                && let Some(&section) = section_of.get(&r.get::<_, i64>(1)?)
            {
                section_of_student.insert(id, section);
            }
        }
        let mut pairs: Vec<(i64, i64)> = members
            .iter()
            .filter_map(|m| Some((m.group_id, *section_of_student.get(&m.student_id)?)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        Ok(pairs)
    }

    /// Group memberships of a student, past ones included.
    pub fn memberships(&self, student_id: i64) -> Result<Vec<GroupMember>> {
        let sql = format!("{MEMBER} WHERE m.student_id = ?1 ORDER BY m.from_date, m.id");
        self.collect(&sql, [student_id], member)
    }

    /// The roll of a session: the group's members on its day (and anyone marked
    /// who has since left), by name, with their mark if taken.
    pub fn session_roll(&self, session_id: i64) -> Result<Vec<RollLine>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{ROLL} SELECT st.id, a.status, a.version FROM roll JOIN student st ON st.id = roll.id \
                 LEFT JOIN attendance a ON a.session_id = ?1 AND a.student_id = st.id \
                 ORDER BY st.last_name, st.first_name, st.id"
        ))?;
        let rows = stmt
            .query_map([session_id], |r| {
                let mark: Option<String> = r.get(1)?;
                Ok(RollLine {
                    student_id: r.get(0)?,
                    mark: mark
                        .map(|m| AttendanceMark::from_code(&m).ok_or_else(|| unreadable(1, &m)))
                        .transpose()?,
                    version: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every mark of a student, in time order.
    pub fn student_marks(&self, student_id: i64) -> Result<Vec<StudentMark>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id, a.session_id, s.group_id, g.module_id, s.date, s.start, a.status \
             FROM attendance a JOIN group_session s ON s.id = a.session_id \
             JOIN module_group g ON g.id = s.group_id \
             WHERE a.student_id = ?1 ORDER BY s.date, s.start, s.id",
        )?;
        let rows = stmt
            .query_map([student_id], student_mark)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Hours granted for a school year (modules first, then envelopes).
    pub fn hours_grants(&self, school_year: &str) -> Result<Vec<HoursGrant>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, school_year, module_id, label, hours, establishment_id, \
             version, updated_at, updated_by FROM hours_grant WHERE school_year = ?1 \
             ORDER BY module_id IS NULL, module_id, id",
        )?;
        let rows = stmt
            .query_map([school_year], |r| {
                Ok(HoursGrant {
                    id: r.get(0)?,
                    school_year: r.get(1)?,
                    module_id: r.get(2)?,
                    label: r.get(3)?,
                    hours: r.get(4)?,
                    establishment_id: r.get(5)?,
                    meta: meta(r, 6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Students « à placer » in a school year on `day`: (student, module) of each
    /// running enrolment of a student of the year's cohorts with no current
    /// group of that module (see [`crate::model::planner::to_place`]).
    pub fn students_to_place(&self, school_year: &str, day: NaiveDate) -> Result<Vec<(i64, i64)>> {
        let running = self.running_enrolments(Some(school_year))?;
        let groups: Vec<ModuleGroup> = self
            .groups_of_year(school_year, day)?
            .into_iter()
            .map(|g| g.group)
            .collect();
        let members = self.members_of_year(school_year)?;
        Ok(crate::model::planner::to_place(
            &running, &groups, &members, day,
        ))
    }
}

#[cfg(test)]
mod stored_forms {
    use chrono::{NaiveDate, NaiveTime};

    #[test]
    fn stored_dates_and_times_read_as_chrono_reads_them() {
        for text in [
            "14:00", "08:05", "23:59", "24:00", "9:00", "14:60", "14h00", "", "14:00:00",
        ] {
            assert_eq!(super::hhmm(text), text.parse::<NaiveTime>().ok(), "{text}");
        }
        for text in [
            "2026-11-17",
            "2024-02-29",
            "2025-02-29",
            "2026-1-5",
            "+2026-11-17",
            "",
        ] {
            assert_eq!(super::iso(text), text.parse::<NaiveDate>().ok(), "{text}");
        }
    }
}
