//! The start-up frame (issue 13): `App::start` reads only the first screenful of the
//! student list from the name index; `finish_start` reads the rest. The page must be
//! exactly the list's first rows, and the index must follow every write of a name.

mod common;

use common::{demo_store, empty_store, render, today};
use passerelle::app::{Action, App};
use passerelle::model::{Sector, Value};
use passerelle::store::{NewStudent, Store, Table};

fn first_rows(app: &App, n: usize) -> Vec<i64> {
    app.data
        .students
        .iter()
        .take(n)
        .map(|r| r.student.id)
        .collect()
}

#[test]
fn the_first_page_is_the_lists_first_rows_then_the_rest_is_read() {
    let full = App::new(demo_store(), today()).expect("app");
    let mut app = App::start(demo_store(), today(), 10).expect("app");
    assert!(app.is_loading());
    assert_eq!(app.data.students.len(), 10);
    assert_eq!(first_rows(&app, 10), first_rows(&full, 10));
    assert_eq!(app.current, full.current);
    let screen = render(&app, 80, 24);
    // Counts and the total are not known before the rest is read, and say so.
    assert!(screen.contains("Repérage … → Pré-conseil …"), "{screen}");
    assert!(screen.contains(" 1/… · "), "{screen}");
    app.finish_start();
    assert!(!app.is_loading());
    assert_eq!(first_rows(&app, usize::MAX), first_rows(&full, usize::MAX));
    assert_eq!(render(&app, 80, 24), render(&full, 80, 24));
}

#[test]
fn any_key_reads_the_rest_first() {
    let mut app = App::start(demo_store(), today(), 5).expect("app");
    app.update(Action::Down);
    assert!(!app.is_loading());
    assert_eq!(app.cursor, 1);
}

#[test]
fn an_empty_file_starts_on_the_welcome_screen() {
    let app = App::start(empty_store(), today(), 20).expect("app");
    assert!(!app.is_loading());
    assert_eq!(app.screen, passerelle::app::Screen::Welcome);
}

/// Names whose French order is not their byte order, renamed once.
fn names_store() -> Store {
    let mut store = empty_store();
    let names = [
        ("Émile", "Zoé"),
        ("martin", "Léa"),
        ("Zola", "Ana"),
        ("Martin", "anne"),
        ("d'Arc", "Jeanne"),
        ("Dabo", "Ali"),
        ("adam", "Paul"),
        ("Martin", "Léa"),
        ("Martin-Bel", "Éric"),
        ("Martin", "A"),
    ];
    store
        .write("élèves", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            for (last, first) in names {
                w.add_student(
                    c,
                    &NewStudent {
                        last_name: last.into(),
                        first_name: first.into(),
                        bac_pro: true,
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .expect("students");
    store
}

fn page_names(store: Store) -> (Vec<String>, Vec<String>) {
    let name = |app: &App| -> Vec<String> {
        app.data
            .students
            .iter()
            .map(|r| format!("{} {}", r.student.last_name, r.student.first_name))
            .collect()
    };
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("copie.sqlite3");
    store.backup(&path).expect("backup");
    let page = App::start(Store::open(&path).expect("open"), today(), 100).expect("app");
    let full = App::new(Store::open(&path).expect("open"), today()).expect("app");
    (name(&page), name(&full))
}

#[test]
fn the_index_order_is_the_french_order_after_a_rename_and_an_undo() {
    let store = names_store();
    let (page, full) = page_names(store);
    assert_eq!(page, full);
    assert_eq!(full.first().map(String::as_str), Some("adam Paul"));

    // « Zola » becomes « Abel »: the index follows the write, then its undo.
    let mut store = names_store();
    let zola = store
        .student_rows()
        .expect("rows")
        .into_iter()
        .find(|r| r.student.last_name == "Zola")
        .expect("zola");
    store
        .write("renommer", |w| {
            w.update(
                Table::Student,
                zola.student.id,
                zola.student.meta.version,
                &[("last_name", Value::Text("Abel".into()))],
            )
            .map(|_| ())
        })
        .expect("rename");
    let renamed = {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("copie.sqlite3");
        store.backup(&path).expect("backup");
        let app = App::start(Store::open(&path).expect("open"), today(), 1).expect("app");
        app.data.students[0].student.last_name.clone()
    };
    assert_eq!(renamed, "Abel");
    store.undo().expect("undo");
    let (page, full) = page_names(store);
    assert_eq!(page, full);
    assert!(page.iter().all(|n| n != "Abel Ana"));
}

#[test]
fn a_file_without_sort_keys_gets_them_at_opening_and_they_are_never_exported() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("ancien.sqlite3");
    names_store().backup(&path).expect("backup");
    // As a file written before schema 11 would be once migrated: no keys.
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.execute("UPDATE student SET sort_key = NULL", [])
            .expect("clear");
    }
    let store = Store::open(&path).expect("open");
    let missing: i64 = {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.query_row(
            "SELECT count(*) FROM student WHERE sort_key IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(missing, 0);
    let dump = store.dump(true).expect("dump");
    let student = dump
        .iter()
        .find(|t| t.table == "student")
        .expect("students");
    assert!(
        student
            .rows
            .iter()
            .all(|row| row.iter().all(|(c, _)| c != "sort_key"))
    );
    let (page, full) = page_names(store);
    assert_eq!(page, full);
}

/// Names of the students a query finds, in the order `show` lists them (the list's).
fn found(store: &Store, query: &str) -> Vec<String> {
    store
        .find_students(query)
        .expect("find")
        .iter()
        .map(|s| format!("{} {}", s.last_name, s.first_name))
        .collect()
}

#[test]
fn a_name_is_found_through_the_stored_keys_whole_words_first() {
    let store = names_store();
    // Whole words win over parts of words; accents, case and hyphens do not matter.
    assert_eq!(found(&store, "MARTIN lea"), ["martin Léa", "Martin Léa"]);
    assert_eq!(
        found(&store, "martin"),
        [
            "Martin A",
            "Martin anne",
            "martin Léa",
            "Martin Léa",
            "Martin-Bel Éric",
        ]
    );
    assert_eq!(found(&store, "emile zoe"), ["Émile Zoé"]);
    assert_eq!(found(&store, "darc"), ["d'Arc Jeanne"]);
    // No whole word: parts of words, also across the two names.
    assert_eq!(
        found(&store, "mart"),
        [
            "Martin A",
            "Martin anne",
            "martin Léa",
            "Martin Léa",
            "Martin-Bel Éric",
        ]
    );
    assert_eq!(found(&store, "bel e"), ["Martin-Bel Éric"]);
    assert!(found(&store, "zzz").is_empty());
}

#[test]
fn a_demo_asked_for_after_a_colleague_filled_the_file_shows_their_data() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.sqlite3");
    let mut app = App::start(common::file_store(&path, "prof"), today(), 20).expect("app");
    assert_eq!(app.screen, passerelle::app::Screen::Welcome);
    // A colleague, in another session on the same file, loads the demo first.
    common::demo_file(&path);
    let count = || {
        let db = rusqlite::Connection::open(&path).expect("open");
        db.query_row("SELECT COUNT(*) FROM student", [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    let theirs = count();
    app.update(Action::LoadDemo);
    // Nothing is added to their data, and the screen shows it with a short message.
    assert_eq!(count(), theirs);
    assert!(!app.data.students.is_empty());
    assert_ne!(app.screen, passerelle::app::Screen::Welcome);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Démonstration non chargée : la base n'est plus vide"),
        "{screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 80));
}
