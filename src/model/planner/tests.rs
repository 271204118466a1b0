//! Tests of `planner`.

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
