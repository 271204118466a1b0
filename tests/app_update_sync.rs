//! Undo/redo (per running program), two users on one file (conflicts, refresh)
//! and pasted text, driven through `App::update`.

mod common;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen};
use passerelle::model::*;
use passerelle::store::{NewStudent, Table};

// ---------- Undo / redo ----------

#[test]
fn undo_then_redo_restore() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let id = app.current.expect("current");
    let criterion = app.current_criterion().expect("criterion");
    let before = stored_level(&app, id, criterion);
    let level = if before == Some(3) { '2' } else { '3' };
    app.update(Action::Char(level));
    let after = stored_level(&app, id, criterion);
    assert_ne!(after, before);
    app.update(Action::Undo);
    assert_eq!(stored_level(&app, id, criterion), before);
    assert_eq!(app.data.grid[&id][0].and_then(|c| c.level), before);
    app.update(Action::Redo);
    assert_eq!(stored_level(&app, id, criterion), after);
    app.update(Action::Redo);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Rien"))
    );
}

#[test]
fn undo_belongs_to_the_running_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let id;
    {
        let mut app = App::new(file_store(&path, "prof"), today()).expect("app");
        go(&mut app, Screen::Grid);
        id = app.current.expect("current");
        app.update(Action::Char('A'));
        assert_eq!(student(&app, id).verdict, Some(Verdict::ARevoir));
    }
    // Same account, new program: the earlier session's change is not offered.
    let mut app = App::new(file_store(&path, "prof"), today()).expect("app again");
    app.update(Action::Undo);
    assert_eq!(student(&app, id).verdict, Some(Verdict::ARevoir));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Rien à annuler"))
    );
}

#[test]
fn undo_never_reaches_another_session_of_the_same_account() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app a");
    let mut b = App::new(file_store(&path, "prof"), today()).expect("app b");
    go(&mut a, Screen::Grid);
    go(&mut b, Screen::Grid);
    let id = a.current.expect("current");
    a.update(Action::Char('A'));
    b.update(Action::Refresh);
    // b has done nothing: nothing to undo, and a's change stays.
    b.update(Action::Undo);
    assert!(
        b.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Rien à annuler"))
    );
    assert_eq!(student(&b, id).verdict, Some(Verdict::ARevoir));
}

#[test]
fn undo_after_an_import_offers_only_own_actions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    {
        let mut store = file_store(&path, "prof");
        store.init().expect("catalogue");
    }
    let mut app = App::new(file_store(&path, "prof"), today()).expect("app");
    app.update(Action::Undo);
    let text = &app.message.as_ref().expect("message").text;
    assert!(text.contains("Rien à annuler"), "{text}");
}

// ---------- Two users on one file ----------

#[test]
fn conflict_keep_theirs_then_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app a");
    let mut b = App::new(file_store(&path, "collegue"), today()).expect("app b");
    go(&mut a, Screen::Grid);
    go(&mut b, Screen::Grid);
    let id = a.current.expect("current");
    assert_eq!(b.current, Some(id));

    b.update(Action::Char('N'));
    a.update(Action::Char('A'));
    let Some(Overlay::Conflict(conflict, _)) = &a.overlay else {
        panic!("conflict dialog expected");
    };
    assert_eq!(conflict.who, "collegue");
    assert_eq!(conflict.field, "verdict");
    // Other keys leave the dialog open.
    a.update(Action::Down);
    assert!(matches!(a.overlay, Some(Overlay::Conflict(..))));
    a.update(Action::Char('g'));
    assert!(a.overlay.is_none());
    assert_eq!(student(&a, id).verdict, Some(Verdict::NonRepere));
    assert_eq!(
        a.data.student(id).expect("row").student.verdict,
        Some(Verdict::NonRepere),
        "A now shows their value"
    );

    b.update(Action::Char('R'));
    a.update(Action::Char('A'));
    assert!(matches!(a.overlay, Some(Overlay::Conflict(..))));
    a.update(Action::Char('e'));
    assert!(a.overlay.is_none());
    assert_eq!(student(&a, id).verdict, Some(Verdict::ARevoir));
    assert_eq!(student(&b, id).verdict, Some(Verdict::ARevoir));
}

#[test]
fn refresh_reloads_and_keeps_cursor_and_typed_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app a");
    go(&mut a, Screen::Grid);
    // The first column is sensitive: shown before typing into it.
    a.update(Action::Char('m'));
    for _ in 0..5 {
        a.update(Action::Down);
    }
    let id = a.current.expect("current");
    let position = a.cursor;
    a.update(Action::Char('c'));
    type_text(&mut a, "brouillon");

    // Another user adds a student who sorts first, and changes ours.
    let mut other = file_store(&path, "collegue");
    let cohort = a.data.student(id).expect("row").student.cohort_id;
    let version = other.student(id).expect("student").meta.version;
    other
        .write("ajout", |w| {
            w.add_student(
                cohort,
                &NewStudent {
                    last_name: "Aaron".into(),
                    first_name: "Abel".into(),
                    bac_pro: true,
                    ..NewStudent::default()
                },
            )?;
            w.update(
                Table::Student,
                id,
                version,
                &[("verdict", Verdict::ARevoir.into())],
            )
        })
        .expect("other write");

    a.update(Action::Refresh);
    assert!(
        a.data
            .students
            .iter()
            .any(|r| r.student.last_name == "Aaron")
    );
    assert_eq!(
        a.data.student(id).expect("row").student.verdict,
        Some(Verdict::ARevoir)
    );
    assert_eq!(a.current, Some(id), "same student selected");
    assert_eq!(a.cursor, position + 1, "cursor followed the student");
    let Some(Overlay::Text(editor)) = &a.overlay else {
        panic!("editor still open");
    };
    assert_eq!(editor.area.lines().join("\n"), "brouillon");
    // Nothing changed since: a second refresh is a no-op.
    a.update(Action::Refresh);
    assert!(matches!(a.overlay, Some(Overlay::Text(_))));
}

// ---------- Paste ----------

#[test]
fn paste_is_cleaned() {
    let mut app = empty_app();
    app.update(Action::Char('a'));
    app.update(Action::Paste("Dupont\x1b[31m\u{202E}".into()));
    let value = form(&app).get("last_name");
    assert!(value.starts_with("Dupont"));
    assert!(!value.chars().any(|c| c.is_control() || c == '\u{202E}'));
    assert_eq!(value, "Dupont");

    let mut app = demo_app();
    app.update(Action::Search);
    app.update(Action::Paste("zo\u{200B}é\n".into()));
    assert_eq!(app.filter.search, "zoé ");
    app.update(Action::Cancel);
    go(&mut app, Screen::Grid);
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    app.update(Action::Char('c'));
    app.update(Action::Paste("ligne 1\r\nligne 2\u{1b}".into()));
    let Some(Overlay::Text(editor)) = &app.overlay else {
        panic!("editor");
    };
    assert_eq!(editor.text(), "ligne 1\nligne 2");
}

#[test]
fn a_grid_cell_changed_by_someone_else_offers_the_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app a");
    let mut b = App::new(file_store(&path, "collegue"), today()).expect("app b");
    go(&mut a, Screen::Grid);
    go(&mut b, Screen::Grid);
    // The first column is sensitive: shown before typing into it.
    a.update(Action::Char('m'));
    b.update(Action::Char('m'));
    // A student and a criterion whose cell already exists.
    let (id, column) = a
        .rows()
        .into_iter()
        .find_map(|id| {
            let cells = a.data.grid.get(&id)?;
            cells
                .iter()
                .position(|c| c.is_some_and(|c| c.level.is_some()))
                .map(|col| (id, col))
        })
        .expect("an assessed cell");
    select(&mut a, id);
    select(&mut b, id);
    a.grid.column = column;
    b.grid.column = column;
    let criterion = a.current_criterion().expect("criterion");
    let before = stored_level(&a, id, criterion).expect("level");
    let theirs = if before == 0 { '1' } else { '0' };
    let mine = if before == 3 { '2' } else { '3' };

    b.update(Action::Char(theirs));
    a.update(Action::Char(mine));
    let Some(Overlay::Conflict(conflict, _)) = &a.overlay else {
        panic!("conflict dialog expected, message: {:?}", a.message);
    };
    assert_eq!(conflict.who, "collegue");
    a.update(Action::Char('e'));
    assert!(a.overlay.is_none());
    let mine_level = mine.to_digit(10).map(|d| d as u8);
    assert_eq!(stored_level(&a, id, criterion), mine_level);
}
