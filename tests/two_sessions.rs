//! Two running programs on one file, often under the same account: an edit carries
//! what the user saw when it started, and undo stays within its own session.

mod common;

use chrono::NaiveDate;
use common::*;
use passerelle::app::{Action, App, Overlay, Screen, TextPurpose};
use passerelle::model::*;
use passerelle::store::{Store, Table};
use ratatui_textarea::Key;

/// Two apps on one demo file, same account (a shared login), same student selected.
fn two_sessions(dir: &tempfile::TempDir) -> (App, App, i64) {
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let a = App::new(file_store(&path, "prof"), today()).expect("app a");
    let b = App::new(file_store(&path, "prof"), today()).expect("app b");
    let id = a.current.expect("a student is selected");
    assert_eq!(b.current, Some(id));
    (a, b, id)
}

/// Both sessions open the identity form of the same student.
fn identity_in_both(dir: &tempfile::TempDir) -> (App, App, i64) {
    let (mut a, mut b, id) = two_sessions(dir);
    for app in [&mut a, &mut b] {
        go(app, Screen::StudentPage);
        app.update(Action::Char('i'));
    }
    (a, b, id)
}

fn other_store(dir: &tempfile::TempDir) -> Store {
    file_store(&dir.path().join("base.sqlite3"), "collegue")
}

/// Puts the open form's focus on the field `key`.
fn focus_field(app: &mut App, key: &str) {
    while form(app).focus > 0 {
        app.update(Action::Up);
    }
    let pos = form(app)
        .fields
        .iter()
        .position(|f| f.key == key)
        .expect("field");
    for _ in 0..pos {
        app.update(Action::Down);
    }
}

fn set_field(app: &mut App, key: &str, text: &str) {
    focus_field(app, key);
    app.update(input(Key::End));
    for _ in 0..120 {
        app.update(input(Key::Backspace));
    }
    type_text(app, text);
}

fn conflict_field(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Conflict(conflict, _)) => conflict.field.clone(),
        _ => panic!(
            "the conflict dialog should be open, message: {:?}",
            app.message
        ),
    }
}

#[test]
fn identity_form_opened_before_the_others_save_does_not_overwrite_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b, id) = identity_in_both(&dir);

    set_field(&mut a, "birth_date", "01/02/2005");
    a.update(Action::Save);
    assert!(a.overlay.is_none(), "{:?}", a.message);
    let first = NaiveDate::from_ymd_opt(2005, 2, 1);
    assert_eq!(student(&a, id).birth_date, first);

    // B's screen refreshes while its form stays open, then B saves its own date.
    b.update(Action::Refresh);
    set_field(&mut b, "birth_date", "03/04/2006");
    b.update(Action::Save);
    assert_eq!(conflict_field(&b), "birth_date");
    let Some(Overlay::Conflict(conflict, _)) = &b.overlay else {
        unreachable!()
    };
    assert_eq!(conflict.who, "prof", "same account: still a conflict");
    assert_eq!(conflict.their_value.as_deref(), Some("2005-02-01"));
    assert_eq!(conflict.my_value.as_deref(), Some("2006-04-03"));
    // Escape keeps the other person's value.
    b.update(Action::Cancel);
    assert!(b.overlay.is_none());
    assert_eq!(student(&b, id).birth_date, first);
    assert_eq!(
        b.data.student(id).expect("row").student.birth_date,
        first,
        "B now shows A's value"
    );
}

#[test]
fn different_fields_of_one_student_are_both_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b, id) = identity_in_both(&dir);
    set_field(&mut a, "origin_lycee", "Lycée Jean Jaurès");
    a.update(Action::Save);
    set_field(&mut b, "bac_pro_specialty", "Commerce");
    b.update(Action::Save);
    assert!(b.overlay.is_none(), "no conflict: {:?}", b.message);
    let s = student(&b, id);
    assert_eq!(s.origin_lycee.as_deref(), Some("Lycée Jean Jaurès"));
    assert_eq!(s.bac_pro_specialty.as_deref(), Some("Commerce"));
}

#[test]
fn overwriting_after_a_conflict_writes_only_my_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b, id) = identity_in_both(&dir);
    set_field(&mut a, "origin_lycee", "Lycée A");
    set_field(&mut a, "bac_pro_specialty", "Spécialité A");
    a.update(Action::Save);
    set_field(&mut b, "origin_lycee", "Lycée B");
    b.update(Action::Save);
    assert_eq!(conflict_field(&b), "origin_lycee");
    b.update(Action::Char('e'));
    let s = student(&b, id);
    assert_eq!(s.origin_lycee.as_deref(), Some("Lycée B"));
    assert_eq!(s.bac_pro_specialty.as_deref(), Some("Spécialité A"));
}

/// Opens a box in B, lets a colleague change the same field, then saves B's box.
fn stale_save(
    open: impl FnOnce(&mut App),
    colleague: impl FnOnce(&mut Store, i64),
    typed: impl FnOnce(&mut App),
) -> (App, i64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_a, mut b, id) = two_sessions(&dir);
    open(&mut b);
    assert!(b.overlay.is_some(), "a box should open: {:?}", b.message);
    let mut other = other_store(&dir);
    colleague(&mut other, id);
    b.update(Action::Refresh);
    typed(&mut b);
    b.update(Action::Save);
    std::mem::forget(dir);
    (b, id)
}

fn set_student_field(store: &mut Store, id: i64, column: &'static str, value: Value) {
    let version = store.student(id).expect("student").meta.version;
    store
        .write("collègue", |w| {
            w.update(Table::Student, id, version, &[(column, value)])
        })
        .expect("colleague's write");
}

#[test]
fn text_editor_carries_the_version_it_opened_on() {
    let (b, id) = stale_save(
        |b| {
            let id = b.current.expect("current");
            b.open_text(TextPurpose::Commitments { student: id });
        },
        |s, id| set_student_field(s, id, "commitments", "Venir aux séances".into()),
        |b| type_text(b, " et rendre les devoirs"),
    );
    assert_eq!(conflict_field(&b), "commitments");
    assert_eq!(
        student(&b, id).commitments.as_deref(),
        Some("Venir aux séances")
    );
}

#[test]
fn referent_picker_carries_the_version_it_opened_on() {
    let (mut b, id) = stale_save(
        |b| b.open_referent_picker(),
        |s, id| {
            // The last active member: B's picker will choose the first one.
            let staff = s.staff().expect("staff");
            let last = staff.iter().rev().find(|m| m.active).expect("a team").id;
            set_student_field(s, id, "referent_id", last.into());
        },
        |_| {},
    );
    let theirs = student(&b, id).referent_id;
    assert_eq!(conflict_field(&b), "referent_id");
    b.update(Action::Cancel);
    assert_eq!(student(&b, id).referent_id, theirs);
}

#[test]
fn exit_form_carries_the_version_it_opened_on() {
    let (b, id) = stale_save(
        |b| b.open_exit_form(),
        |s, id| {
            set_student_field(s, id, "exit_date", "2026-10-01".into());
        },
        |b| {
            focus_field(b, "cause");
            b.update(Action::Right);
            focus_field(b, "destination");
            b.update(Action::Right);
        },
    );
    assert_eq!(conflict_field(&b), "exit_date");
    assert_eq!(
        student(&b, id).exit_date,
        NaiveDate::from_ymd_opt(2026, 10, 1)
    );
}

#[test]
fn grid_comment_carries_the_cell_it_opened_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_a, mut b, id) = two_sessions(&dir);
    let criterion = b.data.criteria[8].id;
    b.open_text(TextPurpose::GridComment {
        student: id,
        criterion,
    });
    let mut other = other_store(&dir);
    other
        .write("collègue", |w| {
            w.set_grid_cell(
                id,
                criterion,
                None,
                &[("comment", "Vu en entretien".into())],
            )
        })
        .expect("colleague");
    b.update(Action::Refresh);
    type_text(&mut b, "Mon commentaire");
    b.update(Action::Save);
    assert_eq!(conflict_field(&b), "comment");
    b.update(Action::Cancel);
    let stored = b
        .store
        .grid_values(id)
        .expect("grid")
        .into_iter()
        .find(|g| g.criterion_id == criterion)
        .and_then(|g| g.comment);
    assert_eq!(stored.as_deref(), Some("Vu en entretien"));
}

#[test]
fn life_notes_form_carries_the_notes_it_opened_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_a, mut b, id) = two_sessions(&dir);
    go(&mut b, Screen::StudentPage);
    b.update(Action::Char('v'));
    b.update(Action::Char('n'));
    assert!(matches!(b.overlay, Some(Overlay::Form(_))));
    let mut other = other_store(&dir);
    other
        .write("collègue", |w| {
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", id.into()),
                    ("area", LifeArea::ALL[0].into()),
                    ("note", "Note du collègue".into()),
                ],
            )
        })
        .expect("colleague");
    b.update(Action::Refresh);
    type_text(&mut b, "Ma note");
    b.update(Action::Save);
    assert_eq!(conflict_field(&b), "note");
    let Some(Overlay::Conflict(conflict, _)) = &b.overlay else {
        unreachable!()
    };
    assert_eq!(conflict.their_value, None, "sensitive values stay masked");
    b.update(Action::Cancel);
    let notes = b.store.life_notes(id).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].note, "Note du collègue");
}

#[test]
fn stopping_a_module_carries_the_enrolment_it_opened_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut b = App::new(file_store(&path, "prof"), today()).expect("app b");
    go(&mut b, Screen::Suivi);
    // A student with a running module.
    let rows = b.rows();
    let (id, enrolment) = rows
        .iter()
        .find_map(|id| {
            let e = b.store.enrolments(*id).ok()?;
            e.into_iter()
                .find(|e| e.end_date.is_none())
                .map(|e| (*id, e))
        })
        .expect("a running module");
    select(&mut b, id);
    b.update(Action::Char('M'));
    assert!(matches!(b.overlay, Some(Overlay::Picker(_))));
    let mut other = file_store(&path, "collegue");
    other
        .write("collègue", |w| {
            w.update(
                Table::Enrolment,
                enrolment.id,
                enrolment.meta.version,
                &[("end_date", "2026-11-02".into())],
            )
        })
        .expect("colleague");
    b.update(Action::Refresh);
    // Pick the module the colleague already stopped.
    let pos = match &b.overlay {
        Some(Overlay::Picker(p)) => p
            .visible()
            .iter()
            .position(|c| c.id == enrolment.id)
            .expect("listed"),
        _ => panic!("picker"),
    };
    for _ in 0..pos {
        b.update(Action::Down);
    }
    b.update(Action::Confirm);
    assert_eq!(conflict_field(&b), "end_date");
    b.update(Action::Cancel);
    let stored = b
        .store
        .enrolments(id)
        .expect("enrolments")
        .into_iter()
        .find(|e| e.id == enrolment.id)
        .expect("enrolment");
    assert_eq!(stored.end_date, NaiveDate::from_ymd_opt(2026, 11, 2));
}

#[test]
fn undoing_a_change_someone_changed_since_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b, id) = two_sessions(&dir);
    go(&mut a, Screen::Grid);
    go(&mut b, Screen::Grid);
    let before = student(&a, id).verdict;
    a.update(Action::Char('A'));
    b.update(Action::Refresh);
    b.update(Action::Char('N'));
    assert_eq!(student(&a, id).verdict, Some(Verdict::NonRepere));

    a.update(Action::Undo);
    assert_eq!(conflict_field(&a), "verdict");
    // Escape keeps the other person's value.
    a.update(Action::Cancel);
    assert_eq!(student(&a, id).verdict, Some(Verdict::NonRepere));

    a.update(Action::Undo);
    assert_eq!(conflict_field(&a), "verdict");
    a.update(Action::Char('e'));
    assert!(a.overlay.is_none());
    assert_eq!(student(&a, id).verdict, before, "{:?}", a.message);
    // Now nothing of A's is left to undo.
    a.update(Action::Undo);
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Rien à annuler")),
        "{:?}",
        a.message
    );
}

// ---------- Who is at the keyboard ----------

/// `(user, os_user)` of the newest batch in the file.
fn last_batch_authors(path: &std::path::Path) -> (String, String) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row(
        "SELECT user, os_user FROM batch ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("a batch")
}

#[test]
fn who_is_asked_and_signs_the_changes_beside_the_account() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut app = App::new(Store::open(&path).expect("open"), today()).expect("app");
    app.ask_who();
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("the « Qui êtes-vous ? » list should open");
    };
    assert!(picker.title.starts_with("Qui êtes-vous ?"));
    let first = picker.visible()[0].label.clone();
    app.update(Action::Confirm);
    assert_eq!(app.store.user(), first);
    let header = render(&app, 80, 24);
    assert!(header.lines().take(3).any(|line| line.contains(&first)));
    go(&mut app, Screen::Grid);
    app.update(Action::Char('A'));
    let (user, os_user) = last_batch_authors(&path);
    assert_eq!(user, first);
    assert_eq!(os_user, passerelle::store::os_user());
    let id = app.current.expect("current");
    assert_eq!(student(&app, id).meta.updated_by, first);
}

#[test]
fn who_can_be_typed_or_left_to_the_account() {
    let mut app = demo_app();
    app.ask_who();
    type_text(&mut app, "Remplaçant Durand");
    app.update(Action::Confirm);
    assert_eq!(app.store.user(), "Remplaçant Durand");

    let mut app = demo_app();
    app.ask_who();
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
    assert_eq!(app.store.user(), passerelle::store::os_user());
}

#[test]
fn user_option_names_the_author_of_command_line_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args([
            "--db",
            path.to_str().expect("utf-8"),
            "--user",
            "Claire Vidal",
        ])
        .args(["demo", "--students", "3"])
        .env_remove("PASSERELLE_USER")
        .env_remove("PASSERELLE_DB")
        .output()
        .expect("run");
    assert!(status.status.success(), "{status:?}");
    let (user, os_user) = last_batch_authors(&path);
    assert_eq!(user, "Claire Vidal");
    assert_eq!(os_user, passerelle::store::os_user());
}

#[test]
fn two_programs_creating_one_new_file_at_the_same_moment_both_open_it() {
    // Both see an empty file and migrate it; the second migration fails and is
    // rolled back, and that program opens the file the first one made.
    let dir = tempfile::tempdir().expect("tempdir");
    for round in 0..30 {
        let path = dir.path().join(format!("neuve-{round}.sqlite3"));
        let start = std::sync::Arc::new(std::sync::Barrier::new(2));
        let opened: Vec<_> = (0..2)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|store| store.student_rows().map(|s| s.len()))
                })
            })
            .collect();
        for (i, thread) in opened.into_iter().enumerate() {
            let result = thread.join().expect("thread");
            assert!(
                matches!(result, Ok(Ok(0))),
                "round {round}, program {i}: {result:?}"
            );
        }
    }
}
