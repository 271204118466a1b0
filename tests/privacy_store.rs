//! Erasures in the store: purge of older cohorts and forget of one student remove
//! everything about them, leave an anonymous trace, and keep the journal append-only.

mod common;

use std::path::Path;

use common::*;
use passerelle::model::*;
use passerelle::store::{ErasureScope, NewStudent, SensitiveAction, Store, Table};

const LAST: &str = "Quenouille";
const FIRST: &str = "Zéphyrine";
const INE: &str = "999888777ZZ";
const NOTE: &str = "dort chez une amie SECRET-QZ";

/// Ids of a distinctive student put in `year`'s first cohort with something in
/// every table, and of another student of the current year.
fn add_tracked_student(store: &mut Store, year: &str) -> (i64, i64) {
    let cohort = store
        .cohorts()
        .expect("cohorts")
        .into_iter()
        .find(|c| c.school_year == year)
        .expect("cohort of that year");
    let other = store
        .student_rows()
        .expect("rows")
        .into_iter()
        .find(|r| r.school_year == "2026-2027")
        .expect("a current student")
        .student;
    let criteria = store.criteria().expect("criteria");
    let sensitive = criteria
        .iter()
        .find(|c| c.domain.is_sensitive())
        .expect("c")
        .id;
    let plain = criteria
        .iter()
        .find(|c| !c.domain.is_sensitive())
        .expect("c")
        .id;
    let module = store.modules().expect("modules")[0].id;
    let label = format!("Nouvel élève : {} {FIRST}", LAST.to_uppercase());
    let id = store
        .write(&label, |w| {
            let id = w.add_student(
                cohort.id,
                &NewStudent {
                    last_name: LAST.into(),
                    first_name: FIRST.into(),
                    ine: Some(INE.into()),
                    bac_pro: true,
                    ..Default::default()
                },
            )?;
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", id.into()),
                    ("area", LifeArea::Logement.into()),
                    ("note", NOTE.into()),
                ],
            )?;
            w.set_grid_cell(id, sensitive, None, &[("level", Value::Int(3))])?;
            w.set_grid_cell(id, plain, None, &[("level", Value::Int(1))])?;
            let checkin = w.insert(
                Table::Checkin,
                &[("student_id", id.into()), ("date", "2024-11-05".into())],
            )?;
            w.insert(
                Table::Enrolment,
                &[
                    ("student_id", id.into()),
                    ("module_id", module.into()),
                    ("start_date", "2024-11-05".into()),
                    ("checkin_id", checkin.into()),
                ],
            )?;
            Ok(id)
        })
        .expect("student");
    // A batch about her and another student: it stays, without her name.
    let label = format!("Verdict : {} {FIRST}", LAST.to_uppercase());
    store
        .write(&label, |w| {
            w.update(
                Table::Student,
                id,
                1,
                &[("verdict", Verdict::Repere.into())],
            )?;
            w.update(
                Table::Student,
                other.id,
                other.meta.version,
                &[("verdict", Verdict::ARevoir.into())],
            )
        })
        .expect("verdicts");
    store
        .log_sensitive_access(SensitiveAction::Reveal, Some(id), None)
        .expect("log");
    store
        .log_sensitive_access(SensitiveAction::Export, None, Some("/tmp/sauvegarde.json"))
        .expect("log");
    (id, other.id)
}

/// The database file and its WAL, as bytes.
fn file_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).expect("db");
    if let Ok(wal) = std::fs::read(db.with_extension("sqlite3-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every text value of every table of the file, one string.
fn all_text(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("raw");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("names")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut text = String::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table}"))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..n {
                if let Ok(Some(t)) = row.get::<_, Option<String>>(i) {
                    text.push_str(&t);
                    text.push('\n');
                }
            }
        }
    }
    text
}

fn assert_no_trace(db: &Path) {
    let text = all_text(db).to_lowercase();
    for word in [LAST, FIRST, INE, "SECRET-QZ"] {
        assert!(
            !text.contains(&word.to_lowercase()),
            "{word} is still in a table"
        );
    }
    let bytes = file_bytes(db);
    for word in [LAST, &LAST.to_uppercase(), FIRST, INE, "SECRET-QZ"] {
        assert!(!contains(&bytes, word), "{word} lingers in the file");
    }
}

#[test]
fn purge_removes_everything_about_older_cohorts_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    demo_file(&db);
    let mut store = file_store(&db, "direction");
    let (id, other) = add_tracked_student(&mut store, "2023-2024");
    let before: Vec<_> = store.student_rows().expect("rows");
    let kept = before
        .iter()
        .filter(|r| r.school_year.as_str() >= "2025-2026")
        .count();
    let scope = ErasureScope::Purge {
        before: "2025-2026".into(),
    };
    let plan = store.erasure_plan(&scope).expect("plan");
    assert!(
        plan.cohorts
            .iter()
            .all(|c| c.school_year.as_str() < "2025-2026")
    );
    assert!(
        plan.cohorts
            .iter()
            .flat_map(|c| &c.students)
            .any(|s| s.id == id)
    );
    assert_eq!(plan.counts.students, before.len() - kept);
    assert_eq!(
        (plan.counts.life_notes >= 1, plan.counts.accesses),
        (true, 1)
    );
    assert_eq!(plan.counts.labels_rewritten, 1);

    let (done, _) = store.erase(&scope).expect("purge");
    assert_eq!(done.counts.students, plan.counts.students);
    let after = store.student_rows().expect("rows");
    assert_eq!(after.len(), kept);
    assert!(after.iter().all(|r| r.school_year.as_str() >= "2025-2026"));
    assert!(
        store
            .cohorts()
            .expect("c")
            .iter()
            .all(|c| c.school_year.as_str() >= "2025-2026")
    );
    // The other student's change is still in the history, under an anonymous label.
    let history = store.student_journal(other).expect("journal");
    assert!(
        history
            .iter()
            .any(|e| e.label == "Verdict : (élève effacé)"),
        "{:?}",
        history.iter().map(|e| &e.label).collect::<Vec<_>>()
    );
    // The export log keeps the file; the reveal of her data is gone.
    let log = store.sensitive_accesses().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, SensitiveAction::Export);
    let erasures = store.erasures().expect("erasures");
    assert_eq!(erasures.len(), 1);
    assert_eq!(erasures[0].kind, "purge");
    assert_eq!(erasures[0].scope, "promotions antérieures à 2025-2026");
    assert_eq!(erasures[0].students as usize, plan.counts.students);
    assert_eq!(erasures[0].user, "direction");
    assert!(store.check().expect("check").foreign_keys.is_empty());
    drop(store);
    assert_no_trace(&db);
}

#[test]
fn forget_erases_one_student_and_leaves_an_anonymous_trace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("f.sqlite3");
    demo_file(&db);
    let mut store = file_store(&db, "direction");
    let (id, other) = add_tracked_student(&mut store, "2026-2027");
    let count = store.student_rows().expect("rows").len();
    let scope = ErasureScope::Forget { student: id };
    let (plan, _) = store.erase(&scope).expect("forget");
    assert_eq!(plan.counts.students, 1);
    assert_eq!(plan.counts.cohorts_removed, 0);
    assert_eq!(store.student_rows().expect("rows").len(), count - 1);
    assert!(store.student(other).is_ok());
    let erasures = store.erasures().expect("erasures");
    assert_eq!(erasures.len(), 1);
    assert_eq!(
        (
            erasures[0].kind.as_str(),
            erasures[0].scope.clone(),
            erasures[0].students
        ),
        ("forget", format!("élève n° {id}"), 1)
    );
    // Forgetting again: nothing left to find.
    assert!(store.erase(&scope).is_err());
    drop(store);
    assert_no_trace(&db);
}

#[test]
fn the_journal_stays_append_only_after_an_erasure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("j.sqlite3");
    demo_file(&db);
    let mut store = file_store(&db, "direction");
    store
        .erase(&ErasureScope::Purge {
            before: "2025-2026".into(),
        })
        .expect("purge");
    drop(store);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let in_progress: i64 = conn
        .query_row(
            "SELECT count(*) FROM erasure WHERE in_progress = 1",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(in_progress, 0);
    assert!(conn.execute("DELETE FROM journal", []).is_err());
    assert!(
        conn.execute("DELETE FROM journal WHERE id = 1", [])
            .is_err()
    );
    assert!(conn.execute("UPDATE journal SET field = 'x'", []).is_err());
}

#[test]
fn a_dry_run_writes_nothing() {
    let mut store = demo_store();
    let before = passerelle::io::json::export_json_at(&store, true, "t").expect("export");
    let plan = store
        .erasure_plan(&ErasureScope::Purge {
            before: "2026-2027".into(),
        })
        .expect("plan");
    assert!(plan.counts.students > 0);
    assert_eq!(
        passerelle::io::json::export_json_at(&store, true, "t").expect("export"),
        before
    );
    assert!(
        store
            .erasure_plan(&ErasureScope::Purge {
                before: "2026".into()
            })
            .is_err()
    );
    // Nothing older than the oldest cohort: nothing to erase, no trace.
    let (plan, _) = store
        .erase(&ErasureScope::Purge {
            before: "2000-2001".into(),
        })
        .expect("purge");
    assert!(plan.is_empty());
    assert!(store.erasures().expect("erasures").is_empty());
}

#[test]
fn texts_of_other_students_naming_the_erased_one_are_pointed_out() {
    let mut store = demo_store();
    let (id, other) = add_tracked_student(&mut store, "2026-2027");
    store
        .write("Point d'étape", |w| {
            w.insert(
                Table::Checkin,
                &[
                    ("student_id", other.into()),
                    ("date", "2026-11-20".into()),
                    (
                        "note",
                        "Travaille en binôme avec ZEPHYRINE  quenouille.".into(),
                    ),
                ],
            )
        })
        .expect("checkin");
    let plan = store
        .erasure_plan(&ErasureScope::Forget { student: id })
        .expect("plan");
    assert_eq!(plan.mentions.len(), 1, "{:?}", plan.mentions);
    assert_eq!(plan.mentions[0].student_id, other);
    assert_eq!(plan.mentions[0].field, "point d'étape");
}
