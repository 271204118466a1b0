//! Schema 6: section codes are unique per establishment, and a version 1 file
//! migrates with its ids, foreign keys and journal intact.

use std::path::Path;

use passerelle::model::Sector;
use passerelle::store::Store;

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn a_version_1_file_keeps_its_sections_and_foreign_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ancienne.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/database_v1.sqlite3");
    std::fs::copy(&fixture, &db).expect("copy");
    let before = rusqlite::Connection::open(&fixture).expect("fixture");
    let ids = |conn: &rusqlite::Connection| {
        let mut stmt = conn
            .prepare("SELECT id, establishment_id, code FROM section ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
    };
    let sections = ids(&before);
    let journal = count(&before, "SELECT count(*) FROM journal");
    assert!(!sections.is_empty());

    drop(Store::open(&db).expect("open and migrate"));
    let after = rusqlite::Connection::open(&db).expect("migrated");
    assert_eq!(ids(&after), sections);
    assert_eq!(count(&after, "SELECT count(*) FROM journal"), journal);
    assert_eq!(
        count(&after, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_eq!(
        count(&after, "PRAGMA user_version"),
        passerelle::store::schema_version()
    );
}

#[test]
fn two_establishments_may_both_have_a_section_coded_ndrc() {
    let mut store = Store::open_in_memory().expect("open");
    let (a, b, again) = store
        .write("test", |w| {
            let lycee = w.ensure_establishment("0750654D", "Lycée A", "Paris")?;
            let other = w.ensure_establishment("0310000G", "Lycée B", "Toulouse")?;
            let a = w.ensure_section(lycee, "NDRC", "BTS NDRC", Sector::Services)?;
            let b = w.ensure_section(other, "NDRC", "BTS NDRC", Sector::Services)?;
            let again = w.ensure_section(lycee, "NDRC", "BTS NDRC", Sector::Services)?;
            Ok((a, b, again))
        })
        .expect("write");
    assert_ne!(a, b);
    assert_eq!(a, again);
}
