//! Attendance where the team follows students: the student page and Suivi show the
//! rolls taken in the planner (demo seed 1, 60 students, today 2026-11-23, 80×24).

mod common;

use chrono::NaiveTime;
use common::*;
use passerelle::app::{Action, App, Screen};
use passerelle::model::NewEnrolment;
use passerelle::model::planner::AttendanceMark;
use passerelle::store::NewGroup;

macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render(&$app, 80, 24);
        insta::with_settings!({
            filters => vec![
                (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?", "[horodatage]"),
                (r"\d{2}/\d{2}/\d{4} à \d{2}:\d{2}", "[horodatage]"),
            ],
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// The demo's student with two unexcused absences in a row, and the module.
fn flagged(app: &App) -> (i64, i64) {
    let (&id, modules) = app
        .data
        .absent_twice
        .iter()
        .next()
        .expect("the demo flags one student");
    (id, modules[0])
}

fn open_page(app: &mut App, id: i64) {
    go(app, Screen::Students);
    select(app, id);
    app.update(Action::Confirm);
    assert_eq!(app.screen, Screen::StudentPage);
}

/// The page scrolled down to its plan and modules, rendered tall enough to hold them.
fn whole_page(app: &App) -> String {
    render(app, 80, 200)
}

#[test]
fn the_student_page_shows_the_attendance_and_the_flag() {
    let mut app = demo_app();
    let (id, module) = flagged(&app);
    open_page(&mut app, id);
    let page = whole_page(&app);
    let name = app.data.module(module).expect("module").name.clone();
    let at = page.find(&name).expect("the module on the page");
    let after = &page[at..];
    assert!(after.contains("séances faites"), "{after}");
    assert!(after.contains("Assiduité : "), "{after}");
    assert!(after.contains("Appel : présent "), "{after}");
    assert!(
        after.contains("⚠ 2 absences de suite : à voir au prochain point d'étape."),
        "{after}"
    );
    assert!(page.lines().all(|l| l.chars().count() <= 80));
    app.update(Action::PageDown);
    snap!("attend_page_flagged", app);
}

#[test]
fn suivi_flags_two_absences_in_a_row_with_the_module() {
    let mut app = demo_app();
    let (id, module) = flagged(&app);
    go(&mut app, Screen::Suivi);
    select(&mut app, id);
    let code = app.data.module(module).expect("module").code.clone();
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains(&format!("Absences   2 de suite : {code}")),
        "{screen}"
    );
    snap!("attend_suivi_flagged", app);
    // Moving along the list reads nothing more: the flags are loaded with the data.
    let generation = app.data.generation;
    app.update(Action::Down);
    app.update(Action::Up);
    assert_eq!(app.data.generation, generation);
    // The students list says it too, when nothing more urgent is shown.
    let plain = app
        .data
        .students
        .iter()
        .find(|r| {
            app.data.absent_twice.contains_key(&r.student.id)
                && !r.student.has_exited()
                && !r.student.checkin_overdue(r.last_checkin, app.today)
        })
        .map(|r| r.student.id);
    if let Some(plain) = plain {
        go(&mut app, Screen::Students);
        select(&mut app, plain);
        assert!(render(&app, 80, 24).contains("2 absences"));
    }
}

#[test]
fn placing_students_and_taking_one_roll_shows_on_the_student_page() {
    let mut app = demo_app();
    let year = "2026-2027";
    // A module no group of the year runs, chosen at the pré-conseil for two students.
    let day = today();
    let grouped: Vec<i64> = app
        .store
        .groups_of_year(year, day)
        .expect("groups")
        .iter()
        .map(|g| g.group.module_id)
        .collect();
    let module = app
        .data
        .modules
        .iter()
        .find(|m| !m.retired && !grouped.contains(&m.id))
        .expect("a module without a group")
        .id;
    let students: Vec<i64> = app
        .data
        .students
        .iter()
        .filter(|r| r.student.in_parcours() && !r.student.has_exited())
        .map(|r| r.student.id)
        .filter(|id| {
            app.store
                .enrolments(*id)
                .is_ok_and(|e| !e.iter().any(|e| e.module_id == module))
        })
        .take(2)
        .collect();
    assert_eq!(students.len(), 2);
    app.store
        .write("Pré-conseil", |w| {
            for s in &students {
                w.insert_enrolment(&NewEnrolment {
                    student: *s,
                    module,
                    start: day,
                    checkin: None,
                })?;
            }
            Ok(())
        })
        .expect("enrolled");
    let leader = app.data.staff[0].clone();
    let session = app
        .store
        .write("Groupe Z", |w| {
            let group = w.create_group(&NewGroup {
                module_id: module,
                school_year: year.into(),
                period: None,
                label: "Groupe Z".into(),
                leader_id: Some(leader.id),
                capacity: None,
                place: None,
                establishment_id: None,
            })?;
            w.place_students(module, year, None, &students, day)?;
            w.add_session(
                group,
                day,
                NaiveTime::from_hms_opt(14, 0, 0).expect("time"),
                120,
                None,
            )
        })
        .expect("group placed");
    let marks: Vec<(i64, AttendanceMark)> = students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = if i == 0 {
                AttendanceMark::Retard
            } else {
                AttendanceMark::Absent
            };
            (*s, mark)
        })
        .collect();
    app.store
        .write("Appel du 23/11", |w| w.record_roll(session, 1, &marks))
        .expect("roll");
    app.reload();
    open_page(&mut app, students[0]);
    let page = whole_page(&app);
    let expected = format!("Groupe Z ({}) · 1 séance faite", leader.display_name());
    assert!(page.contains(&expected), "{page}");
    assert!(
        page.contains("Assiduité : 1/1 séance, 100\u{a0}%"),
        "{page}"
    );
    assert!(page.contains("Appel : présent 0 · retard 1 · absent excusé 0 · absent 0"));
    open_page(&mut app, students[1]);
    let page = whole_page(&app);
    assert!(page.contains("Assiduité : 0/1 séance, 0\u{a0}%"), "{page}");
    // One absence is not a run.
    assert!(!page.contains("2 absences de suite"));
}

#[test]
fn show_carries_the_attendance_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("attend.sqlite3");
    demo_file(&db);
    let store = file_store(&db, "prof");
    let flagged = store.absent_twice_in(None).expect("flags");
    let (&id, modules) = flagged.iter().next().expect("a flagged student");
    let marks = store.student_marks(id).expect("marks");
    drop(store);
    let out = passerelle_cli(&db, &["show", &id.to_string(), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let module = json["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["attendance"]["absent_twice"] == true)
        .expect("the flagged module");
    let a = &module["attendance"];
    let of_module: Vec<_> = marks.iter().filter(|m| m.module_id == modules[0]).collect();
    let attended = of_module.iter().filter(|m| m.mark.attended()).count();
    assert_eq!(a["marked"].as_u64(), Some(of_module.len() as u64));
    assert_eq!(a["absent"].as_u64().map(|n| n >= 2), Some(true));
    assert_eq!(
        a["rate"].as_f64(),
        Some(attended as f64 / of_module.len() as f64)
    );
    assert!(a["sessions_held"].as_u64().is_some_and(|n| n >= 2));
    assert!(a["groups"][0]["label"].is_string());
    let out = passerelle_cli(&db, &["show", &id.to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains("Assiduité : "), "{page}");
    assert!(page.contains("2 absences de suite"), "{page}");
    assert!(page.lines().all(|l| l.chars().count() <= 80), "{page}");
}

/// Enrolments of a student, by id.
fn enrolments(app: &App, id: i64) -> Vec<passerelle::model::Enrolment> {
    let mut list = app.store.enrolments(id).expect("enrolments");
    list.sort_by_key(|e| e.id);
    list
}

#[test]
fn modules_added_or_stopped_at_a_checkin_are_linked_to_it() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app.current.expect("a followed student");
    assert!(
        app.store
            .checkins(id)
            .expect("checkins")
            .iter()
            .all(|c| c.date != today()),
        "no check-in today yet"
    );
    // No point d'étape today: the module added is linked to none.
    app.update(Action::Char('m'));
    app.update(Action::Confirm);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let before = enrolments(&app, id);
    let unlinked = before.last().expect("added").clone();
    assert_eq!((unlinked.start_date, unlinked.checkin_id), (today(), None));
    // A point d'étape today, then a module added and the first one stopped.
    app.update(Action::Char('n'));
    for _ in 0..3 {
        app.update(Action::NextPane);
        app.update(Action::Right);
    }
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let checkin = app
        .store
        .checkins(id)
        .expect("checkins")
        .into_iter()
        .find(|c| c.date == today())
        .expect("today's check-in")
        .id;
    app.update(Action::Char('m'));
    app.update(Action::Confirm);
    let after = enrolments(&app, id);
    let added = after.last().expect("added");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(added.checkin_id, Some(checkin));
    let running: Vec<i64> = app
        .store
        .enrolments(id)
        .expect("enrolments")
        .into_iter()
        .filter(|e| e.end_date.is_none())
        .map(|e| e.id)
        .collect();
    let at = running
        .iter()
        .position(|e| *e == unlinked.id)
        .expect("running");
    app.update(Action::Char('M'));
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let stopped = enrolments(&app, id)
        .into_iter()
        .find(|e| e.id == unlinked.id)
        .expect("stopped");
    assert_eq!(stopped.end_date, Some(today()));
    assert_eq!(stopped.checkin_id, Some(checkin));
    // Undone, the stop leaves the enrolment running and unlinked again.
    app.update(Action::Char('u'));
    let undone = enrolments(&app, id)
        .into_iter()
        .find(|e| e.id == unlinked.id)
        .expect("back");
    assert_eq!((undone.end_date, undone.checkin_id), (None, None));
}
