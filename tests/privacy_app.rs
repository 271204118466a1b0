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
