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
mod tests {
    use super::*;

    pub(super) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    pub(super) fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    pub(super) fn session(
        id: i64,
        group_id: i64,
        date: NaiveDate,
        start: NaiveTime,
        minutes: u32,
    ) -> GroupSession {
        GroupSession {
            id,
            group_id,
            date,
            start,
            minutes,
            place: None,
            status: SessionStatus::Planned,
            cancel_reason: None,
            meta: RowMeta::default(),
        }
    }

    pub(super) fn group(id: i64, module_id: i64, capacity: Option<u32>) -> ModuleGroup {
        ModuleGroup {
            id,
            module_id,
            school_year: "2026-2027".into(),
            period: Some(2),
            label: format!("Groupe {id}"),
            leader_id: None,
            capacity,
            place: None,
            establishment_id: None,
            meta: RowMeta::default(),
        }
    }

    fn mark(session_id: i64, module_id: i64, day: u32, mark: AttendanceMark) -> StudentMark {
        StudentMark {
            id: session_id,
            session_id,
            group_id: module_id,
            module_id,
            date: d(11, day),
            start: t(14, 0),
            mark,
        }
    }

    #[test]
    fn marks_have_keys_and_codes() {
        for m in AttendanceMark::ALL {
            assert_eq!(AttendanceMark::from_key(m.key()), Some(*m));
            assert_eq!(AttendanceMark::from_code(m.code()), Some(*m));
        }
        assert_eq!(AttendanceMark::from_key('A'), Some(AttendanceMark::Absent));
        assert_eq!(AttendanceMark::from_key('x'), None);
    }

    #[test]
    fn capacity_is_exceeded_only_above_it() {
        assert!(!group(1, 1, Some(12)).is_over_capacity(12));
        assert!(group(1, 1, Some(12)).is_over_capacity(13));
        assert!(!group(1, 1, None).is_over_capacity(500));
    }

    #[test]
    fn hours_count_planned_and_held_sessions_not_cancelled_ones() {
        let mut sessions = vec![
            session(1, 1, d(11, 3), t(14, 0), 120),
            session(2, 1, d(11, 10), t(14, 0), 120),
            session(3, 1, d(11, 17), t(14, 0), 90),
            session(4, 2, d(11, 4), t(10, 0), 60),
        ];
        sessions[0].status = SessionStatus::Held;
        sessions[1].status = SessionStatus::Cancelled;
        let group1 = Hours::of(sessions.iter().filter(|s| s.group_id == 1));
        assert_eq!(group1.planned, 3.5);
        assert_eq!(group1.delivered, 2.0);
        // Groups 1 and 2 belong to module 7; group 2 counts for two sections.
        let by_module = hours_by(&[(1, 7), (2, 7)], &sessions);
        assert_eq!(by_module[&7].planned, 4.5);
        assert_eq!(by_module[&7].delivered, 2.0);
        let by_section = hours_by(&[(1, "SIO"), (2, "SIO"), (2, "MCO")], &sessions);
        assert_eq!(by_section["SIO"].planned, 4.5);
        assert_eq!(by_section["MCO"].planned, 1.0);
        assert_eq!(by_section["MCO"].delivered, 0.0);
    }

    #[test]
    fn granted_hours_sum_per_module_and_envelope() {
        let grant = |module_id, hours| HoursGrant {
            id: 1,
            school_year: "2026-2027".into(),
            module_id,
            label: "x".into(),
            hours,
            establishment_id: None,
            meta: RowMeta::default(),
        };
        let grants = [grant(Some(1), 10.0), grant(Some(1), 4.0), grant(None, 30.0)];
        assert_eq!(hours_granted(&grants, 1), Some(14.0));
        assert_eq!(hours_granted(&grants, 2), None);
        assert_eq!(envelope_hours(&grants), 30.0);
        let line = ModuleHours {
            module_id: 1,
            code: "x".into(),
            name: "X".into(),
            groups: 1,
            placed: 3,
            planned: 14.5,
            delivered: 2.0,
            granted: Some(14.0),
        };
        assert!(line.over_budget());
        assert!(
            !ModuleHours {
                planned: 14.0,
                ..line.clone()
            }
            .over_budget()
        );
        assert!(
            !ModuleHours {
                granted: None,
                ..line
            }
            .over_budget()
        );
    }

    #[test]
    fn attendance_rate_counts_late_as_attended_and_excused_as_missed() {
        use AttendanceMark::*;
        let marks = [
            mark(1, 1, 3, Present),
            mark(2, 1, 10, Retard),
            mark(3, 1, 17, AbsentExcuse),
            mark(4, 1, 24, Absent),
            mark(5, 2, 4, Absent),
        ];
        assert_eq!(attendance_rate(&marks, 1), Some(0.5));
        assert_eq!(attendance_rate(&marks, 2), Some(0.0));
        assert_eq!(attendance_rate(&marks, 3), None);
    }

    #[test]
    fn two_absences_in_a_row_are_flagged_per_module() {
        use AttendanceMark::*;
        // Absent, excused, absent: the excuse breaks the run.
        let broken = [
            mark(1, 1, 3, Absent),
            mark(2, 1, 10, AbsentExcuse),
            mark(3, 1, 17, Absent),
        ];
        assert!(two_absences_in_a_row(&broken, None).is_empty());
        // Two absences in two different modules are not a run.
        let apart = [
            mark(1, 1, 3, Absent),
            mark(2, 2, 4, Absent),
            mark(3, 1, 17, Present),
        ];
        assert!(two_absences_in_a_row(&apart, None).is_empty());
        // Out of order in the input, consecutive by date.
        let run = [
            mark(3, 1, 17, Absent),
            mark(1, 1, 3, Present),
            mark(2, 1, 10, Absent),
        ];
        assert_eq!(two_absences_in_a_row(&run, None), vec![1]);
    }

    #[test]
    fn overlap_needs_two_groups_and_a_shared_minute() {
        let mut sessions = vec![
            session(1, 1, d(11, 3), t(14, 0), 120),
            // Same group: not a clash.
            session(2, 1, d(11, 3), t(15, 0), 60),
            // Another group, starts when session 1 ends: no overlap.
            session(3, 2, d(11, 3), t(16, 0), 60),
            // Another group, overlaps session 1.
            session(4, 3, d(11, 3), t(15, 30), 60),
            // Another day.
            session(5, 2, d(11, 4), t(14, 0), 120),
        ];
        assert_eq!(
            overlapping_sessions(&sessions),
            vec![(1, 4), (2, 4), (4, 3)]
        );
        sessions[3].status = SessionStatus::Cancelled;
        assert!(overlapping_sessions(&sessions).is_empty());
    }

    #[test]
    fn students_to_place_are_enrolled_and_in_no_current_group_of_the_module() {
        let groups = [group(10, 1, Some(2)), group(20, 2, None)];
        let member = |id, group_id, student_id, to_date| GroupMember {
            id,
            group_id,
            student_id,
            from_date: d(9, 1),
            to_date,
            meta: RowMeta::default(),
        };
        let members = [
            member(1, 10, 100, None),
            // Left the group in October.
            member(2, 10, 101, Some(d(10, 15))),
            // In a group of another module.
            member(3, 20, 102, None),
        ];
        let running = [(100, 1), (101, 1), (102, 1), (102, 2), (103, 1), (103, 1)];
        assert_eq!(
            to_place(&running, &groups, &members, d(11, 2)),
            vec![(101, 1), (102, 1), (103, 1)]
        );
    }

    #[test]
    fn placement_fills_groups_evenly_up_to_capacity() {
        let rooms = [
            Room {
                group_id: 1,
                capacity: Some(3),
                members: 1,
            },
            Room {
                group_id: 2,
                capacity: Some(2),
                members: 0,
            },
        ];
        let (placed, left) = place_by_capacity(&[11, 12, 13, 14, 15], &rooms);
        assert_eq!(placed, vec![(11, 2), (12, 1), (13, 2), (14, 1)]);
        assert_eq!(left, vec![15]);
        let open = [Room {
            group_id: 9,
            capacity: None,
            members: 40,
        }];
        assert_eq!(place_by_capacity(&[1], &open), (vec![(1, 9)], vec![]));
    }
}
