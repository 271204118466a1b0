//! A database opened for reading only: reads work, every write is refused in
//! French, the TUI keeps working and nothing is ever written to the file.

mod common;

use std::path::Path;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen};
use passerelle::store::{ReadOnlyCause, Store, StoreError};

/// A demo database file, then the same file opened read-only (a folder name with
/// a space, an accent and `#`, which the read-only `file:` URI must escape).
fn read_only_demo(dir: &Path) -> (std::path::PathBuf, Store) {
    let path = dir.join("base.sqlite3");
    demo_file(&path);
    let store = Store::open_read_only(&path, ReadOnlyCause::Folder).expect("read-only");
    (path, store)
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

#[test]
fn a_read_only_store_reads_and_refuses_every_write_in_french() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("Équipe BTS #1 ?");
    std::fs::create_dir(&dir).expect("mkdir");
    let (path, mut store) = read_only_demo(&dir);
    let before = file_bytes(&path);
    assert_eq!(store.read_only(), Some(ReadOnlyCause::Folder));
    assert!(store.student_rows().expect("rows").len() >= 60);
    let error = store
        .write("essai", |w| {
            w.add_staff("Nouveau", "Sam", passerelle::model::StaffRole::Cpe)
        })
        .expect_err("refused");
    assert!(matches!(error, StoreError::ReadOnly(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("Lecture seule"), "{message}");
    assert!(message.contains("rien n'a été enregistré"), "{message}");
    assert!(matches!(
        store.undo(),
        Ok(None) | Err(StoreError::ReadOnly(_))
    ));
    let check = store.check().expect("check works read-only");
    assert_eq!(check.integrity, ["ok"]);
    drop(store);
    assert_eq!(file_bytes(&path), before, "the file was written");
    let siblings: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(siblings, ["base.sqlite3"], "-wal / -shm files left behind");
}

#[test]
fn a_read_only_empty_database_is_refused_with_advice_not_a_raw_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vide.sqlite3");
    rusqlite::Connection::open(&path)
        .expect("raw")
        .execute_batch(
            "PRAGMA user_version = 1; CREATE TABLE t (a);PRAGMA application_id = 1346458451;",
        )
        .expect("old schema");
    let error = Store::open_read_only(&path, ReadOnlyCause::File)
        .err()
        .expect("an old schema cannot be migrated read-only");
    let message = error.to_string();
    assert!(message.contains("lecture seule"), "{message}");
    assert!(message.contains("mise à jour"), "{message}");
}

#[test]
fn the_tui_on_a_read_only_database_refuses_writes_with_a_message_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, store) = read_only_demo(dir.path());
    let before = file_bytes(&path);
    let mut app = App::new(store, today()).expect("app");
    assert_eq!(app.screen, Screen::Students);

    // A level typed in the grid.
    go(&mut app, Screen::Grid);
    // Past the masked conditions de vie columns.
    app.update(Action::NextPane);
    app.update(Action::Char('2'));
    let message = app.message.clone().expect("a message");
    assert!(message.error, "{message:?}");
    assert!(message.text.contains("Lecture seule"), "{}", message.text);

    // A new student through the form: refused, the app still runs.
    go(&mut app, Screen::Students);
    app.update(Action::Char('+'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    type_text(&mut app, "Dupont");
    app.update(Action::NextPane);
    type_text(&mut app, "Zoé");
    app.update(Action::NextPane);
    type_text(&mut app, "NDRC");
    app.update(Action::Save);
    let shown = match &app.overlay {
        Some(Overlay::Form(form)) => form.error.clone().unwrap_or_default(),
        _ => String::new(),
    } + &app.message.clone().map(|m| m.text).unwrap_or_default();
    assert!(shown.contains("Lecture seule"), "{shown}");
    app.update(Action::Cancel);

    // Undo, redo and a refresh neither crash nor write.
    press(&mut app, [Action::Undo, Action::Redo, Action::Refresh]);
    for screen in Screen::TABS {
        go(&mut app, screen);
        let _ = render(&app, 80, 24);
    }
    drop(app);
    assert_eq!(file_bytes(&path), before, "the file was written");
}
