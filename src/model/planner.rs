//! The module planner's data: groups of a module in a period, their sessions,
//! members and rolls, the hours granted; and the rules computed on them.
//!
//! Conventions (used by the pane, `passerelle modules` and the indicators):
//! - hours **planned** = sessions not cancelled × their duration; hours
//!   **delivered** = sessions held (a roll was taken) × their duration;
//! - the **attendance rate** of a student in a module = (présent + retard) over
//!   the sessions where the student was marked (an excused absence counts as a
//!   marked session not attended; an unmarked session does not count);
//! - **two absences in a row** = two consecutive marked sessions of one module
//!   both marked « absent » (an excused absence breaks the run);
//! - a member is **current** on a day when the membership has not ended before it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::codes::{Coded, code_enum};
use super::records::RowMeta;

pub mod flags;
pub mod grid;

code_enum!(
    /// Where a session stands.
    SessionStatus { Planned = "planned", Held = "held", Cancelled = "cancelled" }
);

code_enum!(
    /// A student's mark on the roll of one session.
    AttendanceMark {
        Present = "present",
        Retard = "retard",
        AbsentExcuse = "absent_excuse",
        Absent = "absent",
    }
);

impl AttendanceMark {
    /// The key that marks it on a roll (p, r, e, a).
    pub fn key(self) -> char {
        match self {
            AttendanceMark::Present => 'p',
            AttendanceMark::Retard => 'r',
            AttendanceMark::AbsentExcuse => 'e',
            AttendanceMark::Absent => 'a',
        }
    }

    /// The mark of a key (case ignored).
    pub fn from_key(key: char) -> Option<AttendanceMark> {
        AttendanceMark::ALL
            .iter()
            .copied()
            .find(|m| m.key() == key.to_ascii_lowercase())
    }

    /// Whether the student attended (présent or en retard).
    pub fn attended(self) -> bool {
        matches!(self, AttendanceMark::Present | AttendanceMark::Retard)
    }
}

/// One group of a module in a school year (and usually a period).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleGroup {
    pub id: i64,
    pub module_id: i64,
    /// `2026-2027`.
    pub school_year: String,
    /// Period 1 to 5 of the school calendar; None: the whole year.
    pub period: Option<u8>,
    /// « Groupe A ».
    pub label: String,
    /// Team member or partner leading it.
    pub leader_id: Option<i64>,
    /// Most students; None: no limit.
    pub capacity: Option<u32>,
    pub place: Option<String>,
    pub establishment_id: Option<i64>,
    pub meta: RowMeta,
}

impl ModuleGroup {
    /// Whether `members` students exceed the group's capacity.
    pub fn is_over_capacity(&self, members: usize) -> bool {
        self.capacity.is_some_and(|c| members > c as usize)
    }
}

/// One session of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSession {
    pub id: i64,
    pub group_id: i64,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub minutes: u32,
    /// None: the group's place.
    pub place: Option<String>,
    pub status: SessionStatus,
    pub cancel_reason: Option<String>,
    pub meta: RowMeta,
}

impl GroupSession {
    /// Duration in hours.
    pub fn hours(&self) -> f64 {
        f64::from(self.minutes) / 60.0
    }

    /// Start and end, as date-times.
    /// Its day, start and length, as the session rules take them.
    pub fn slot(&self) -> super::sessions::Slot {
        (self.date, self.start, i64::from(self.minutes))
    }
}

/// A student's place in a group, from a day to another (None: still there).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMember {
    pub id: i64,
    pub group_id: i64,
    pub student_id: i64,
    pub from_date: NaiveDate,
    /// Last day in the group; None: still in it.
    pub to_date: Option<NaiveDate>,
    pub meta: RowMeta,
}

impl GroupMember {
    /// Whether the membership has not ended before `day`.
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.to_date.is_none_or(|last| last >= day)
    }

    /// Whether the student was in the group on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from_date <= day && self.is_current(day)
    }
}

/// One mark of a student, with the session it was taken at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentMark {
    /// The attendance row.
    pub id: i64,
    pub session_id: i64,
    pub group_id: i64,
    pub module_id: i64,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub mark: AttendanceMark,
}

/// Hours granted for a school year: to one module, or as an envelope (module None).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursGrant {
    pub id: i64,
    pub school_year: String,
    /// None: an envelope for a project (« Ambition BTS »).
    pub module_id: Option<i64>,
    pub label: String,
    pub hours: f64,
    pub establishment_id: Option<i64>,
    pub meta: RowMeta,
}

/// Hours planned and delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Hours {
    /// Sessions not cancelled × duration.
    pub planned: f64,
    /// Sessions held × duration.
    pub delivered: f64,
}

impl Hours {
    /// The hours of some sessions.
    pub fn of<'s>(sessions: impl IntoIterator<Item = &'s GroupSession>) -> Hours {
        sessions.into_iter().fold(Hours::default(), |mut h, s| {
            h.add(s);
            h
        })
    }

    /// Counts one more session.
    pub fn add(&mut self, session: &GroupSession) {
        match session.status {
            SessionStatus::Cancelled => {}
            SessionStatus::Planned => self.planned += session.hours(),
            SessionStatus::Held => {
                self.planned += session.hours();
                self.delivered += session.hours();
            }
        }
    }
}

/// Hours per key: `keys` gives the keys of each group (a module, a section, an
/// establishment; a group may count for several sections).
pub fn hours_by<K: Ord + Clone>(
    keys: &[(i64, K)],
    sessions: &[GroupSession],
) -> BTreeMap<K, Hours> {
    let mut of_group: HashMap<i64, Hours> = HashMap::new();
    for s in sessions {
        of_group.entry(s.group_id).or_default().add(s);
    }
    let mut sums: BTreeMap<K, Hours> = BTreeMap::new();
    for (group, key) in keys {
        let hours = of_group.get(group).copied().unwrap_or_default();
        let sum = sums.entry(key.clone()).or_default();
        sum.planned += hours.planned;
        sum.delivered += hours.delivered;
    }
    sums
}

/// Hours granted to a module in a year (sum of its grants), None if none.
pub fn hours_granted(grants: &[HoursGrant], module_id: i64) -> Option<f64> {
    let mut of_module = grants.iter().filter(|g| g.module_id == Some(module_id));
    let first = of_module.next()?;
    Some(first.hours + of_module.map(|g| g.hours).sum::<f64>())
}

/// Hours of the envelopes (grants to no module).
pub fn envelope_hours(grants: &[HoursGrant]) -> f64 {
    grants
        .iter()
        .filter(|g| g.module_id.is_none())
        .map(|g| g.hours)
        .sum()
}

/// Attendance rate (0 to 1) of a student's marks in one module: présent and
/// retard over marked sessions. None when no session was marked.
pub fn attendance_rate(marks: &[StudentMark], module_id: i64) -> Option<f64> {
    let of_module: Vec<&StudentMark> = marks.iter().filter(|m| m.module_id == module_id).collect();
    if of_module.is_empty() {
        return None;
    }
    let attended = of_module.iter().filter(|m| m.mark.attended()).count();
    Some(attended as f64 / of_module.len() as f64)
}

/// Modules where two consecutive marked sessions are both « absent » (not excused),
/// the second one after `seen` (the last point d'étape, where the team talked
/// about it: the flag is for the next one).
pub fn two_absences_in_a_row(marks: &[StudentMark], seen: Option<NaiveDate>) -> Vec<i64> {
    let mut sorted: Vec<&StudentMark> = marks.iter().collect();
    sorted.sort_by_key(|m| (m.module_id, m.date, m.start, m.session_id));
    let mut flagged: Vec<i64> = sorted
        .windows(2)
        .filter(|w| {
            w[0].module_id == w[1].module_id
                && w[0].mark == AttendanceMark::Absent
                && w[1].mark == AttendanceMark::Absent
                && seen.is_none_or(|day| w[1].date > day)
        })
        .map(|w| w[0].module_id)
        .collect();
    flagged.dedup();
    flagged
}

/// Pairs of sessions of two different groups that overlap in time (cancelled
/// sessions left out): a student in both groups cannot attend both.
pub fn overlapping_sessions(sessions: &[GroupSession]) -> Vec<(i64, i64)> {
    let mut live: Vec<&GroupSession> = sessions
        .iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
        .collect();
    live.sort_by_key(|s| (s.date, s.start, s.id));
    let slots: Vec<(i64, super::sessions::Slot)> =
        live.iter().map(|s| (s.group_id, s.slot())).collect();
    super::sessions::clashes(&slots)
        .into_iter()
        .map(|(i, j)| (live[i].id, live[j].id))
        .collect()
}

/// Students « à placer »: (student, module) of each running enrolment whose
/// student is in no group of that module (among `groups`, those of the year) on `day`.
pub fn to_place(
    running: &[(i64, i64)],
    groups: &[ModuleGroup],
    members: &[GroupMember],
    day: NaiveDate,
) -> Vec<(i64, i64)> {
    let module_of: HashMap<i64, i64> = groups.iter().map(|g| (g.id, g.module_id)).collect();
    let placed: HashSet<(i64, i64)> = members
        .iter()
        .filter(|m| m.is_current(day))
        .filter_map(|m| {
            module_of
                .get(&m.group_id)
                .map(|module| (m.student_id, *module))
        })
        .collect();
    let mut seen = HashSet::new();
    running
        .iter()
        .copied()
        .filter(|pair| !placed.contains(pair) && seen.insert(*pair))
        .collect()
}

/// A group as placement sees it: its id, capacity and current number of members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    pub group_id: i64,
    pub capacity: Option<u32>,
    pub members: usize,
}

/// Places students in groups by capacity, evenly: each goes to the group with
/// the fewest members that still has room (first one on a tie). Returns the
/// (student, group) placements and the students left over (every group full).
pub fn place_by_capacity(students: &[i64], rooms: &[Room]) -> (Vec<(i64, i64)>, Vec<i64>) {
    let mut rooms = rooms.to_vec();
    let mut placed = Vec::new();
    let mut left = Vec::new();
    for student in students {
        let room = rooms
            .iter_mut()
            .filter(|r| r.capacity.is_none_or(|c| r.members < c as usize))
            .min_by_key(|r| r.members);
        match room {
            Some(room) => {
                room.members += 1;
                placed.push((*student, room.group_id));
            }
            None => left.push(*student),
        }
    }
    (placed, left)
}

/// One line of the hours table (`passerelle modules`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleHours {
    pub module_id: i64,
    pub code: String,
    pub name: String,
    pub groups: usize,
    /// Students currently placed in its groups.
    pub placed: usize,
    pub planned: f64,
    pub delivered: f64,
    /// Hours granted for the year; None: none granted.
    pub granted: Option<f64>,
}

impl ModuleHours {
    /// More hours planned than granted.
    pub fn over_budget(&self) -> bool {
        self.granted.is_some_and(|g| self.planned > g + 1e-9)
    }
}

#[cfg(test)]
mod tests;
