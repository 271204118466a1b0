//! Showing conditions de vie in the TUI is logged (who, when, which student or grid).

mod common;

use common::*;
use passerelle::app::{Action, Screen};
use passerelle::store::SensitiveAction;

#[test]
fn revealing_a_student_page_is_logged_and_masking_again_is_not() {
    let mut app = demo_app();
    app.update(Action::Down);
    let id = app.current.expect("a student");
    go(&mut app, Screen::StudentPage);
    assert!(app.store.sensitive_accesses().expect("log").is_empty());
    app.update(Action::Char('v'));
    assert!(app.reveal_sensitive);
    app.update(Action::Char('v'));
    assert!(!app.reveal_sensitive);
    let log = app.store.sensitive_accesses().expect("log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].action, SensitiveAction::Reveal);
    assert_eq!(log[0].student_id, Some(id));
    assert_eq!(log[0].user, "prof");
    assert_eq!(log[0].os_user, app.store.os_user());
    assert_eq!(
        log[0].student.as_deref(),
        Some(
            app.store
                .student(id)
                .expect("student")
                .display_name()
                .as_str()
        )
    );
}

#[test]
fn revealing_the_grid_logs_one_row_naming_what_was_shown() {
    let mut app = grid_app();
    let listed = app.rows().len();
    app.update(Action::Char('m'));
    assert!(app.reveal_sensitive);
    app.update(Action::Char('m'));
    let log = app.store.sensitive_accesses().expect("log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].student_id, None);
    let target = log[0].target.as_deref().expect("target");
    assert!(target.starts_with("grille"), "{target}");
    assert!(target.contains(&format!("{listed} élève(s)")), "{target}");
    assert!(target.contains("année 2026-2027"), "{target}");
}

#[test]
fn a_reveal_that_cannot_be_logged_stays_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.sqlite3");
    demo_file(&db);
    let mut app = passerelle::app::App::new(file_store(&db, "prof"), today()).expect("app");
    app.update(Action::Down);
    go(&mut app, Screen::StudentPage);
    // A colleague's long write holds the base: the log cannot be written.
    let colleague = rusqlite::Connection::open(&db).expect("raw");
    colleague.execute_batch("BEGIN IMMEDIATE").expect("lock");
    app.update(Action::Char('v'));
    assert!(!app.reveal_sensitive, "shown without a trace");
    let message = app.message.clone().expect("message");
    assert!(
        message.error && message.text.contains("journalisé"),
        "{message:?}"
    );
    colleague.execute_batch("ROLLBACK").expect("unlock");
    app.update(Action::Char('v'));
    assert!(app.reveal_sensitive);
    assert_eq!(app.store.sensitive_accesses().expect("log").len(), 1);
}

#[test]
fn what_was_revealed_on_one_screen_is_masked_on_the_next() {
    // The grid's m logs levels of a list: the student page (notes in clear) or the
    // meeting must not inherit it without their own reveal, logged.
    let mut app = grid_app();
    app.update(Action::Char('m'));
    assert!(app.reveal_sensitive);
    go(&mut app, Screen::Students);
    app.update(Action::Confirm);
    assert_eq!(app.screen, Screen::StudentPage);
    assert!(
        !app.reveal_sensitive,
        "page shown in clear without a log of its own"
    );
    app.update(Action::Char('v'));
    assert!(app.reveal_sensitive);
    app.update(Action::Cancel);
    go(&mut app, Screen::Grid);
    assert!(
        !app.reveal_sensitive,
        "whole grid shown in clear after one student's reveal"
    );
    assert_eq!(app.store.sensitive_accesses().expect("log").len(), 2);
}

#[test]
fn the_page_sheet_holds_life_notes_only_while_revealed() {
    let mut app = demo_app();
    let id = app
        .data
        .students
        .iter()
        .map(|r| r.student.id)
        .find(|id| app.store.life_notes(*id).is_ok_and(|n| !n.is_empty()))
        .expect("a student with life notes");
    select(&mut app, id);
    go(&mut app, Screen::StudentPage);
    let sheet = app.sheet.as_ref().expect("sheet on the page");
    assert_eq!(sheet.student.id, id);
    assert!(sheet.reperage.life_note_count > 0);
    assert!(sheet.reperage.life_notes.is_empty(), "masked by default");
    app.update(Action::Char('v'));
    let sheet = app.sheet.as_ref().expect("sheet");
    assert!(
        !sheet.reperage.life_notes.is_empty(),
        "shown after a logged v"
    );
    app.update(Action::Char('v'));
    let sheet = app.sheet.as_ref().expect("sheet");
    assert!(sheet.reperage.life_notes.is_empty(), "masked again");
    app.update(Action::Char('v'));
    app.update(Action::Back);
    assert!(app.sheet.is_none(), "no sheet, nor note, kept off the page");
}
