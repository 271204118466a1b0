//! The module planner's store: groups, generated sessions, placement, rolls, erasure.

use chrono::{NaiveDate, NaiveTime, Weekday};
use passerelle::model::calendar::{HolidayKind, SchoolCalendar, Zone};
use passerelle::model::planner::{AttendanceMark, Hours, SessionStatus, two_absences_in_a_row};
use passerelle::model::*;
use passerelle::store::{ErasureScope, NewGroup, NewStudent, Pattern, Store, StoreError};

const YEAR: &str = "2026-2027";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn two_pm() -> NaiveTime {
    NaiveTime::from_hms_opt(14, 0, 0).expect("time")
}

/// A lycée with a cohort of `students` students, all enrolled in the first module.
fn setup(students: usize) -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("alice");
    store.init().expect("catalogue");
    let module = store.modules().expect("modules")[0].id;
    let ids = store
        .write("rentrée", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Déodat", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, YEAR)?;
            let mut ids = Vec::new();
            for i in 0..students {
                let id = w.add_student(
                    c,
                    &NewStudent {
                        last_name: format!("Élève{i:02}"),
                        first_name: "Test".into(),
                        ..Default::default()
                    },
                )?;
                w.insert(
                    passerelle::store::Table::Enrolment,
                    &[
                        ("student_id", id.into()),
                        ("module_id", module.into()),
                        ("start_date", "2026-10-12".into()),
                    ],
                )?;
                ids.push(id);
            }
            Ok(ids)
        })
        .expect("students");
    (store, module, ids)
}

fn new_group(module_id: i64, label: &str, capacity: Option<u32>) -> NewGroup {
    NewGroup {
        module_id,
        school_year: YEAR.into(),
        period: Some(2),
        label: label.into(),
        leader_id: None,
        capacity,
        place: Some("Salle B12".into()),
        establishment_id: Some(1),
    }
}

fn calendar() -> SchoolCalendar {
    SchoolCalendar::national(YEAR, Zone::C).expect("calendar")
}

#[test]
fn generated_sessions_skip_holidays_and_public_holidays() {
    let (mut store, module, _) = setup(0);
    let cal = calendar();
    let toussaint = *cal.holiday(HolidayKind::Toussaint);
    let (group, sessions) = store
        .write("Groupe A", |w| {
            let group = w.create_group(&new_group(module, "Groupe A", Some(12)))?;
            // Tuesdays from the week before Toussaint.
            let before = toussaint.first_off - chrono::TimeDelta::days(7);
            let tuesdays = w.generate_sessions(
                group,
                &cal,
                &Pattern {
                    weekday: Weekday::Tue,
                    from: before,
                    count: 4,
                    start: two_pm(),
                    minutes: 120,
                },
            )?;
            // Wednesdays around 11 November (a public holiday).
            let wednesdays = w.generate_sessions(
                group,
                &cal,
                &Pattern {
                    weekday: Weekday::Wed,
                    from: d(2026, 11, 4),
                    count: 2,
                    start: two_pm(),
                    minutes: 90,
                },
            )?;
            Ok((group, tuesdays.len() + wednesdays.len()))
        })
        .expect("sessions");
    assert_eq!(sessions, 6);
    let stored = store.group_sessions(group).expect("sessions");
    assert_eq!(stored.len(), 6);
    for s in &stored {
        assert!(cal.is_class_day(s.date), "{} is not a class day", s.date);
        assert!(!toussaint.contains(s.date));
        assert_eq!(s.status, SessionStatus::Planned);
    }
    let wednesdays: Vec<NaiveDate> = stored
        .iter()
        .filter(|s| s.minutes == 90)
        .map(|s| s.date)
        .collect();
    assert_eq!(wednesdays, vec![d(2026, 11, 4), d(2026, 11, 18)]);
    let hours = Hours::of(&stored);
    assert_eq!(hours.planned, 4.0 * 2.0 + 2.0 * 1.5);
    assert_eq!(hours.delivered, 0.0);
}

#[test]
fn placement_fills_the_module_groups_by_capacity_and_lists_the_rest() {
    let (mut store, module, students) = setup(7);
    let day = d(2026, 11, 2);
    assert_eq!(
        store.students_to_place(YEAR, day).expect("to place").len(),
        7
    );
    let placement = store
        .write("Placement", |w| {
            w.create_group(&new_group(module, "Groupe A", Some(3)))?;
            w.create_group(&new_group(module, "Groupe B", Some(2)))?;
            // A group of another period is not filled.
            w.create_group(&NewGroup {
                period: Some(3),
                ..new_group(module, "Groupe C", None)
            })?;
            w.place_students(module, YEAR, Some(2), &students, day)
        })
        .expect("placement");
    assert_eq!(placement.placed.len(), 5);
    assert_eq!(placement.left, students[5..].to_vec());
    let rows = store.groups_of_year(YEAR, day).expect("groups");
    let counts: Vec<(&str, usize)> = rows
        .iter()
        .map(|r| (r.group.label.as_str(), r.members))
        .collect();
    assert_eq!(
        counts,
        vec![("Groupe A", 3), ("Groupe B", 2), ("Groupe C", 0)]
    );
    assert!(rows.iter().all(|r| !r.group.is_over_capacity(r.members)));
    // Groups A and B hold students of the one section; C is empty.
    let ids: Vec<i64> = rows.iter().map(|r| r.group.id).collect();
    assert_eq!(
        store.group_sections(YEAR).expect("sections"),
        vec![(ids[0], 1), (ids[1], 1)]
    );
    let left: Vec<i64> = store
        .students_to_place(YEAR, day)
        .expect("to place")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(left, students[5..].to_vec());
    // One placement is one undo step.
    store.undo().expect("undo");
    assert_eq!(
        store.students_to_place(YEAR, day).expect("to place").len(),
        7
    );
}

#[test]
fn a_moved_student_keeps_the_history_and_a_removed_one_is_to_place_again() {
    let (mut store, module, students) = setup(2);
    let (a, b) = store
        .write("Groupes", |w| {
            Ok((
                w.create_group(&new_group(module, "Groupe A", None))?,
                w.create_group(&new_group(module, "Groupe B", None))?,
            ))
        })
        .expect("groups");
    store
        .write("Placement", |w| {
            w.place_in_group(a, students[0], d(2026, 11, 2))?;
            w.place_in_group(a, students[1], d(2026, 11, 2))
        })
        .expect("place");
    let member = store.group_members(a).expect("members")[0].clone();
    store
        .write("Changement de groupe", |w| {
            w.move_member(member.id, member.meta.version, b, d(2026, 11, 16))
        })
        .expect("move");
    let history = store.memberships(students[0]).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].group_id, a);
    assert_eq!(history[0].to_date, Some(d(2026, 11, 15)));
    assert_eq!(history[1].group_id, b);
    assert_eq!(history[1].to_date, None);
    // Removed the day they were placed: the place is deleted, nothing kept.
    let other = store.group_members(a).expect("members")[1].clone();
    assert_eq!(other.student_id, students[1]);
    store
        .write("Retrait", |w| {
            w.remove_member(other.id, other.meta.version, d(2026, 11, 2))
        })
        .expect("remove");
    assert!(store.memberships(students[1]).expect("history").is_empty());
    assert_eq!(
        store
            .students_to_place(YEAR, d(2026, 11, 16))
            .expect("to place"),
        vec![(students[1], module)]
    );
}

#[test]
fn a_roll_is_one_undo_step_and_marks_the_session_held() {
    let (mut store, module, students) = setup(4);
    let session = store
        .write("Groupe A", |w| {
            let g = w.create_group(&new_group(module, "Groupe A", None))?;
            for s in &students[..3] {
                w.place_in_group(g, *s, d(2026, 11, 2))?;
            }
            w.add_session(g, d(2026, 11, 10), two_pm(), 120, None)
        })
        .expect("group");
    let roll = store.session_roll(session).expect("roll");
    assert_eq!(roll.len(), 3);
    assert!(roll.iter().all(|l| l.mark.is_none()));
    let marks = [
        (students[0], AttendanceMark::Present),
        (students[1], AttendanceMark::Retard),
        (students[2], AttendanceMark::Absent),
    ];
    store
        .write("Appel du 10/11", |w| w.record_roll(session, 1, &marks))
        .expect("roll");
    let roll = store.session_roll(session).expect("roll");
    assert_eq!(
        roll.iter().map(|l| l.mark).collect::<Vec<_>>(),
        marks.iter().map(|(_, m)| Some(*m)).collect::<Vec<_>>()
    );
    let held = store.group_sessions(1).expect("sessions")[0].clone();
    assert_eq!(held.status, SessionStatus::Held);
    assert_eq!(Hours::of([&held]).delivered, 2.0);
    // Correcting one mark updates it (no second row).
    store
        .write("Appel du 10/11", |w| {
            w.record_roll(
                session,
                held.meta.version,
                &[(students[2], AttendanceMark::AbsentExcuse)],
            )
        })
        .expect("again");
    let marks_of = |store: &Store| store.student_marks(students[2]).expect("marks");
    assert_eq!(marks_of(&store).len(), 1);
    assert_eq!(marks_of(&store)[0].mark, AttendanceMark::AbsentExcuse);
    // One undo takes back the correction only; a second one the whole roll.
    assert_eq!(
        store.undo().expect("undo").as_deref(),
        Some("Appel du 10/11")
    );
    assert_eq!(marks_of(&store)[0].mark, AttendanceMark::Absent);
    store.undo().expect("undo");
    assert!(marks_of(&store).is_empty());
    let planned = store.group_sessions(1).expect("sessions")[0].clone();
    assert_eq!(planned.status, SessionStatus::Planned);
    // A roll based on a stale version of the session is refused, nothing written.
    let stale = store.write("Appel", |w| w.record_roll(session, 1, &marks));
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert!(store.student_marks(students[0]).expect("marks").is_empty());
    // A mark for a student who is not in the group is refused, nothing written.
    let stranger = store.write("Appel", |w| {
        w.record_roll(
            session,
            planned.meta.version,
            &[
                (students[0], AttendanceMark::Present),
                (students[3], AttendanceMark::Present),
            ],
        )
    });
    assert!(
        matches!(stranger, Err(StoreError::Invalid(_))),
        "{stranger:?}"
    );
    assert!(store.student_marks(students[0]).expect("marks").is_empty());
}

#[test]
fn sessions_are_moved_cancelled_with_a_reason_and_flag_two_absences() {
    let (mut store, module, students) = setup(1);
    let ids = store
        .write("Groupe A", |w| {
            let g = w.create_group(&new_group(module, "Groupe A", None))?;
            w.place_in_group(g, students[0], d(2026, 11, 2))?;
            let mut ids = Vec::new();
            for day in [3, 10, 17] {
                ids.push(w.add_session(g, d(2026, 11, day), two_pm(), 60, None)?);
            }
            Ok(ids)
        })
        .expect("group");
    let refused = store.write("Annulation", |w| w.cancel_session(ids[2], 1, "  "));
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    store
        .write("Séances", |w| {
            w.cancel_session(ids[2], 1, "Grève des transports")?;
            w.move_session(ids[1], 1, d(2026, 11, 12), two_pm(), Some("CDI"))
        })
        .expect("edit");
    let sessions = store.group_sessions(1).expect("sessions");
    assert_eq!(sessions[1].date, d(2026, 11, 12));
    assert_eq!(sessions[1].place.as_deref(), Some("CDI"));
    assert_eq!(sessions[2].status, SessionStatus::Cancelled);
    assert_eq!(
        sessions[2].cancel_reason.as_deref(),
        Some("Grève des transports")
    );
    assert_eq!(Hours::of(&sessions).planned, 2.0);
    // The moved session is at version 2.
    for (id, version) in [(ids[0], 1), (ids[1], 2)] {
        store
            .write("Appel", |w| {
                w.record_roll(id, version, &[(students[0], AttendanceMark::Absent)])
            })
            .expect("roll");
    }
    let marks = store.student_marks(students[0]).expect("marks");
    assert_eq!(two_absences_in_a_row(&marks, None), vec![module]);
    assert_eq!(store.absent_twice(students[0]).expect("flag"), vec![module]);
    assert!(
        store
            .absent_twice_in(None)
            .expect("flags")
            .contains_key(&students[0])
    );
    // Talked about at the next point d'étape: the flag has done its work.
    store
        .write("Point d'étape", |w| {
            w.insert_checkin(&passerelle::model::NewCheckin {
                student: students[0],
                date: d(2026, 11, 19),
                attendance: None,
                progress: None,
                engagement: None,
                note: "Absences évoquées avec l'élève.".into(),
            })
        })
        .expect("check-in");
    assert!(store.absent_twice(students[0]).expect("flag").is_empty());
    assert!(store.absent_twice_in(None).expect("flags").is_empty());
}

#[test]
fn erasing_a_student_removes_their_places_and_marks() {
    let (mut store, module, students) = setup(2);
    let session = store
        .write("Groupe A", |w| {
            let g = w.create_group(&new_group(module, "Groupe A", None))?;
            w.place_in_group(g, students[0], d(2026, 11, 2))?;
            w.place_in_group(g, students[1], d(2026, 11, 2))?;
            let s = w.add_session(g, d(2026, 11, 3), two_pm(), 60, None)?;
            w.record_roll(
                s,
                1,
                &[
                    (students[0], AttendanceMark::Present),
                    (students[1], AttendanceMark::Absent),
                ],
            )?;
            Ok(s)
        })
        .expect("group");
    let scope = ErasureScope::Forget {
        student: students[0],
    };
    let plan = store.erasure_plan(&scope).expect("plan");
    assert_eq!(plan.counts.group_members, 1);
    assert_eq!(plan.counts.attendance_marks, 1);
    store.erase(&scope).expect("erase");
    assert!(store.memberships(students[0]).expect("m").is_empty());
    assert!(store.student_marks(students[0]).expect("m").is_empty());
    let roll = store.session_roll(session).expect("roll");
    assert_eq!(roll.len(), 1);
    assert_eq!(roll[0].student_id, students[1]);
    // The purge of the year's cohorts removes the rest.
    store
        .erase(&ErasureScope::Purge {
            before: "2027-2028".into(),
        })
        .expect("purge");
    assert!(store.session_roll(session).expect("roll").is_empty());
}

#[test]
fn hours_granted_are_read_per_year() {
    let (mut store, module, _) = setup(0);
    store
        .write("Dotations", |w| {
            w.grant_hours(YEAR, Some(module), "Dotation du module", 14.0, Some(1))?;
            w.grant_hours(YEAR, None, "Ambition BTS", 36.0, Some(1))?;
            w.grant_hours("2025-2026", None, "Ancienne enveloppe", 10.0, Some(1))
        })
        .expect("grants");
    let grants = store.hours_grants(YEAR).expect("grants");
    assert_eq!(grants.len(), 2);
    assert_eq!(
        passerelle::model::planner::hours_granted(&grants, module),
        Some(14.0)
    );
    assert_eq!(passerelle::model::planner::envelope_hours(&grants), 36.0);
    let refused = store.write("Dotation", |w| {
        w.grant_hours(YEAR, Some(module), "Négative", -2.0, None)
    });
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
}

#[test]
fn the_planner_year_reads_each_table_once_and_counts_as_the_group_list() {
    let (mut store, module, students) = setup(3);
    let second = store.modules().expect("modules")[1].id;
    store
        .write("Groupes", |w| {
            // Created out of label order, in two modules, to check the order.
            let b = w.create_group(&new_group(module, "Groupe B", Some(2)))?;
            let a = w.create_group(&new_group(module, "Groupe A", Some(2)))?;
            let c = w.create_group(&new_group(second, "Groupe A", None))?;
            w.place_in_group(a, students[0], d(2026, 11, 2))?;
            w.place_in_group(a, students[1], d(2026, 11, 2))?;
            w.place_in_group(b, students[2], d(2026, 11, 2))?;
            w.place_in_group(c, students[2], d(2026, 11, 2))?;
            let mut sessions = Vec::new();
            for (group, day) in [(b, 17), (a, 10), (a, 3), (c, 4), (a, 17)] {
                sessions.push(w.add_session(group, d(2026, 11, day), two_pm(), 90, None)?);
            }
            w.cancel_session(sessions[4], 1, "Grève")?;
            w.record_roll(sessions[2], 1, &[(students[0], AttendanceMark::Present)])
        })
        .expect("planning");
    // One member gone before the day the counts are taken for.
    let gone = store.memberships(students[1]).expect("places")[0].clone();
    store
        .write("Retrait", |w| w.remove_member(gone.id, 1, d(2026, 11, 9)))
        .expect("remove");
    let day = d(2026, 11, 16);
    let (groups, sessions, members) = store.planner_year(YEAR, day).expect("year");
    assert_eq!(groups, store.groups_of_year(YEAR, day).expect("groups"));
    assert_eq!(sessions, store.sessions_of_year(YEAR).expect("sessions"));
    assert_eq!(members, store.members_of_year(YEAR).expect("members"));
    let a = &groups[0];
    assert_eq!(
        (a.group.label.as_str(), a.members, a.sessions, a.held),
        ("Groupe A", 1, 2, 1)
    );
    let grants = store.hours_grants(YEAR).expect("grants");
    let plain: Vec<_> = groups.iter().map(|g| g.group.clone()).collect();
    let modules = store.modules().expect("modules");
    let lines = passerelle::model::hours::module_hours(&passerelle::model::hours::HoursInput {
        modules: &modules,
        groups: &plain,
        sessions: &sessions,
        members: &members,
        grants: &grants,
        today: day,
    });
    assert_eq!(lines, store.hours_table(YEAR, day).expect("table").0);
    assert_eq!((lines[0].planned, lines[0].delivered), (4.5, 1.5));
    assert_eq!((lines[0].groups, lines[0].placed), (2, 2));
}
