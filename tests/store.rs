//! Store: opening, optimistic writes, journal, refusal of foreign files.

use passerelle::model::*;
use passerelle::store::{NewStudent, Store, StoreError, Table};

fn store_with_student() -> (Store, i64) {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    let id = store
        .write("élève", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            w.add_student(
                c,
                &NewStudent {
                    last_name: "Martin".into(),
                    first_name: "Léa".into(),
                    bac_pro: true,
                    ..Default::default()
                },
            )
        })
        .expect("student");
    (store, id)
}

#[test]
fn stale_write_is_refused_with_the_other_authors_name() {
    let (mut store, id) = store_with_student();
    let read = store.student(id).expect("read");
    store.set_user("alice");
    store
        .write("verdict", |w| {
            w.update(
                Table::Student,
                id,
                read.meta.version,
                &[("verdict", Verdict::Repere.into())],
            )
        })
        .expect("first write");
    store.set_user("bob");
    let error = store
        .write("verdict", |w| {
            w.update(
                Table::Student,
                id,
                read.meta.version,
                &[("verdict", Verdict::NonRepere.into())],
            )
        })
        .expect_err("stale write must fail");
    match &error {
        StoreError::Conflict(c) => {
            assert_eq!(c.who, "alice");
            assert_eq!(c.field, "verdict");
            assert_eq!(c.their_value.as_deref(), Some("repere"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(error.to_string().contains("alice"));
    assert_eq!(
        store.student(id).expect("read").verdict,
        Some(Verdict::Repere)
    );
}

#[test]
fn every_change_is_journaled_but_sensitive_values_are_not() {
    let (mut store, id) = store_with_student();
    let sante = store
        .criteria()
        .expect("criteria")
        .into_iter()
        .find(|c| c.code == "sante")
        .expect("sante");
    let maths = store
        .criteria()
        .expect("criteria")
        .into_iter()
        .find(|c| c.code == "eval_maths")
        .expect("maths");
    store
        .write("grille", |w| {
            w.set_grid_cell(
                id,
                sante.id,
                None,
                &[
                    ("level", Value::Int(3)),
                    ("comment", "suivi médical".into()),
                ],
            )?;
            w.set_grid_cell(id, maths.id, None, &[("level", Value::Int(2))])?;
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", id.into()),
                    ("area", LifeArea::Sante.into()),
                    ("note", "traitement long".into()),
                ],
            )
        })
        .expect("write");
    let journal = store.student_journal(id).expect("journal");
    let dump = format!("{journal:?}");
    assert!(
        !dump.contains("suivi médical"),
        "sensitive comment leaked: {dump}"
    );
    assert!(
        !dump.contains("traitement long"),
        "sensitive note leaked: {dump}"
    );
    assert!(
        journal
            .iter()
            .any(|j| j.sensitive && j.entity == "life_note")
    );
    assert!(journal.iter().any(|j| {
        !j.sensitive
            && j.entity == "grid_value"
            && j.new_value
                .as_deref()
                .is_some_and(|v| v.contains("\"level\":2"))
    }));
}

#[test]
fn text_is_cleaned_on_write() {
    let (mut store, id) = store_with_student();
    let s = store.student(id).expect("read");
    store
        .write("engagements", |w| {
            w.update(
                Table::Student,
                id,
                s.meta.version,
                &[(
                    "commitments",
                    "Venir\u{1b}[2J aux\u{202E} séances\r\n".into(),
                )],
            )
        })
        .expect("write");
    assert_eq!(
        store.student(id).expect("read").commitments.as_deref(),
        Some("Venir aux séances")
    );
}

#[test]
fn bad_value_is_refused_and_nothing_is_written() {
    let (mut store, id) = store_with_student();
    let before = store.student(id).expect("read");
    let error = store
        .write("x", |w| {
            w.update(
                Table::Student,
                id,
                before.meta.version,
                &[("first_name", "Zoé".into())],
            )?;
            w.update(
                Table::Student,
                id,
                before.meta.version + 1,
                &[("verdict", "peut-être".into())],
            )
        })
        .expect_err("check constraint");
    assert!(error.to_string().contains("verdict"), "{error}");
    assert_eq!(store.student(id).expect("read"), before);
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "bonjour, je ne suis pas une base").expect("write");
    assert!(matches!(
        Store::open(&text),
        Err(StoreError::NotPasserelle(_))
    ));
    assert_eq!(
        std::fs::read(&text).expect("read"),
        b"bonjour, je ne suis pas une base"
    );

    let other = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite_open(&other);
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("create");
    }
    let before = std::fs::read(&other).expect("read");
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotPasserelle(_))
    ));
    assert_eq!(std::fs::read(&other).expect("read"), before);

    let newer = dir.path().join("newer.sqlite3");
    drop(Store::open(&newer).expect("create"));
    {
        let conn = rusqlite_open(&newer);
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;")
            .expect("bump");
    }
    let before = std::fs::read(&newer).expect("read");
    let error = Store::open(&newer).err().expect("newer schema refused");
    assert!(
        matches!(error, StoreError::NewerSchema { found: 99, .. }),
        "{error}"
    );
    assert_eq!(std::fs::read(&newer).expect("read"), before);
}

#[cfg(unix)]
#[test]
fn new_file_is_private_and_in_wal_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/base.sqlite3");
    let store = Store::open(&path).expect("open");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let folder = std::fs::metadata(dir.path().join("sub"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(
        folder & 0o777,
        0o700,
        "a folder created for the base is private too"
    );
    assert!(store.check().expect("check").readable_by_others.is_none());
    drop(store);
    let conn = rusqlite_open(&path);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
}

fn rusqlite_open(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open")
}

#[test]
fn undo_and_redo_follow_the_journal() {
    let (mut store, id) = store_with_student();
    let v = store.student(id).expect("read").meta.version;
    store
        .write("Verdict", |w| {
            w.update(
                Table::Student,
                id,
                v,
                &[("verdict", Verdict::Repere.into())],
            )
        })
        .expect("w1");
    let v = store.student(id).expect("read").meta.version;
    store
        .write("Proposition", |w| {
            w.update(
                Table::Student,
                id,
                v,
                &[("proposal", Proposal::Accepte.into())],
            )
        })
        .expect("w2");
    let checkin = store
        .write("Point d'étape", |w| {
            w.insert(
                Table::Checkin,
                &[("student_id", id.into()), ("date", "2026-11-20".into())],
            )
        })
        .expect("w3");

    assert_eq!(
        store.undo().expect("undo").as_deref(),
        Some("Point d'étape")
    );
    assert!(store.checkins(id).expect("checkins").is_empty());
    assert_eq!(store.undo().expect("undo").as_deref(), Some("Proposition"));
    assert_eq!(store.student(id).expect("read").proposal, None);
    assert_eq!(store.redo().expect("redo").as_deref(), Some("Proposition"));
    assert_eq!(
        store.student(id).expect("read").proposal,
        Some(Proposal::Accepte)
    );
    assert_eq!(
        store.redo().expect("redo").as_deref(),
        Some("Point d'étape")
    );
    let restored = store.checkins(id).expect("checkins");
    assert_eq!(restored.len(), 1);
    assert_eq!(restored[0].id, checkin);
    assert_eq!(store.redo().expect("nothing to redo"), None);
    // Undo the redo, then a new edit clears the redo stack.
    assert_eq!(
        store.undo().expect("undo").as_deref(),
        Some("Point d'étape")
    );
    let v = store.student(id).expect("read").meta.version;
    store
        .write("Prénom", |w| {
            w.update(Table::Student, id, v, &[("first_name", "Léna".into())])
        })
        .expect("w4");
    assert_eq!(store.redo().expect("redo"), None);
    assert_eq!(store.undo().expect("undo").as_deref(), Some("Prénom"));
    assert_eq!(store.undo().expect("undo").as_deref(), Some("Proposition"));
    assert_eq!(store.undo().expect("undo").as_deref(), Some("Verdict"));
    assert_eq!(store.student(id).expect("read").verdict, None);
}

#[test]
fn undo_refuses_to_overwrite_someone_elses_later_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    let id = {
        let (store, id) = store_with_student();
        store.backup(&path).expect("copy to a file");
        id
    };
    let mut alice = Store::open(&path).expect("alice");
    alice.set_user("alice");
    let mut bob = Store::open(&path).expect("bob");
    bob.set_user("bob");
    for (store, verdict) in [(&mut alice, Verdict::Repere), (&mut bob, Verdict::ARevoir)] {
        let v = store.student(id).expect("read").meta.version;
        store
            .write("Verdict", |w| {
                w.update(Table::Student, id, v, &[("verdict", verdict.into())])
            })
            .expect("write");
    }
    let error = alice.undo().expect_err("conflict");
    assert!(error.to_string().contains("bob"), "{error}");
    assert_eq!(
        alice.student(id).expect("read").verdict,
        Some(Verdict::ARevoir)
    );
}

#[test]
fn sensitive_changes_can_be_undone_without_being_in_the_journal() {
    let (mut store, id) = store_with_student();
    let sante = store
        .criteria()
        .expect("criteria")
        .into_iter()
        .find(|c| c.code == "sante")
        .expect("sante");
    store
        .write("Santé", |w| {
            w.set_grid_cell(id, sante.id, None, &[("level", Value::Int(1))])
        })
        .expect("w1");
    store
        .write("Santé", |w| {
            w.set_grid_cell(id, sante.id, None, &[("level", Value::Int(3))])
        })
        .expect("w2");
    store.undo().expect("undo");
    assert_eq!(store.grid_values(id).expect("grid")[0].level, Some(1));
}

#[test]
fn an_empty_code_list_is_stored_as_empty_not_refused() {
    let (mut store, id) = store_with_student();
    let v = store.student(id).expect("read").meta.version;
    store
        .write("types", |w| {
            w.update(
                Table::Student,
                id,
                v,
                &[("difficulties", "methodologie".into())],
            )
        })
        .expect("set");
    let v = store.student(id).expect("read").meta.version;
    store
        .write("types", |w| {
            w.update(Table::Student, id, v, &[("difficulties", "".into())])
        })
        .expect("clear");
    assert!(store.student(id).expect("read").difficulties.is_empty());
}

#[test]
fn a_write_waits_for_another_writer_then_says_the_base_is_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    let mut store = Store::open(&path).expect("open");
    store.init().expect("init");
    let other = rusqlite_open(&path);
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE criterion SET label = label;")
        .expect("lock");
    let started = std::time::Instant::now();
    let error = store
        .write("x", |w| w.add_staff("Martin", "Claire", StaffRole::Cpe))
        .expect_err("busy");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "it waited first"
    );
    assert!(matches!(error, StoreError::Busy), "{error:?}");
    assert!(error.to_string().contains("occupée"), "{error}");
    other.execute_batch("ROLLBACK").expect("release");
    store
        .write("x", |w| w.add_staff("Martin", "Claire", StaffRole::Cpe))
        .expect("then it works");
}

#[test]
fn a_damaged_file_is_reported_by_the_quick_check_now_or_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    {
        let mut store = Store::open(&path).expect("open");
        store.init().expect("init");
    }
    {
        let conn = rusqlite_open(&path);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .expect("checkpoint");
    }
    // Scribble over the middle of the file (catalogue pages), not its header.
    let mut bytes = std::fs::read(&path).expect("read");
    let page = 4096;
    assert!(bytes.len() > 6 * page, "file large enough: {}", bytes.len());
    for start in (page..bytes.len()).step_by(page) {
        for b in &mut bytes[start..start + 8] {
            *b = 0x5A;
        }
    }
    std::fs::write(&path, &bytes).expect("write");
    let opened = Store::open(&path);
    assert!(
        matches!(opened, Err(StoreError::Corrupt(_))),
        "{:?}",
        opened.as_ref().err()
    );
    // In the background the damage is seen either at once or by the check.
    match Store::open_without_check(&path) {
        Err(StoreError::Corrupt(_)) => {}
        Ok(store) => {
            let check = store.spawn_quick_check().expect("a file");
            assert!(check.join().expect("thread").is_err());
        }
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

#[test]
fn the_background_check_passes_on_a_sound_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    Store::open(&path).expect("create").init().expect("init");
    let store = Store::open_without_check(&path).expect("open");
    let check = store.spawn_quick_check().expect("a file");
    assert!(check.join().expect("thread").is_ok());
    assert!(store.has_catalogue().expect("read"));
}

#[test]
fn the_catalogue_installation_is_not_offered_to_undo() {
    let (mut store, _) = store_with_student();
    assert_eq!(store.undo().expect("undo").as_deref(), Some("élève"));
    // The starter catalogue stays: criteria and modules are used by every student.
    assert_eq!(store.undo().expect("undo"), None);
    assert!(!store.criteria().expect("criteria").is_empty());
    assert!(!store.modules().expect("modules").is_empty());
}

#[test]
fn after_the_demo_undo_has_nothing_to_take_back() {
    let mut app = passerelle::app::App::new(
        Store::open_in_memory().expect("open"),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"),
    )
    .expect("app");
    app.update(passerelle::app::Action::LoadDemo);
    let students = app.data.students.len();
    assert!(students > 0);
    // It used to try to undo the catalogue under the demo's students and said
    // « module : référence vers un élément qui n'existe pas ».
    app.update(passerelle::app::Action::Undo);
    assert_eq!(app.data.students.len(), students);
    let screen = format!("{:?}", app.message);
    assert!(screen.contains("Rien à annuler"), "{screen}");
}
