//! `passerelle export xlsx`, the command on database files: row counts of the demo,
//! refusals, `--force`, and the logging of a sensitive workbook.

mod common;
mod xlsx_fixture;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Reader, Xlsx};
use passerelle::store::Store;
use xlsx_fixture::*;

use common::passerelle_cli as run;

fn stderr(out: &Output) -> String {
    common::text(&out.stderr)
}

fn filled_file(dir: &Path) -> PathBuf {
    let db = dir.join("lycee.sqlite3");
    let mut store = Store::open(&db).expect("open");
    fill(&mut store);
    db
}

/// How many rows a query counts in the database file.
fn count(db: &Path, sql: &str) -> usize {
    let conn = rusqlite::Connection::open(db).expect("raw");
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql) as usize
}

#[test]
fn the_demo_database_exports_with_the_database_row_counts() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite3");
    assert!(run(&db, &["demo", "--seed", "2"]).status.success());
    let file = dir.path().join("suivi.xlsx");
    let out = run(&db, &["export", "xlsx", "-o", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Classeur écrit dans"),
        "{}",
        stderr(&out)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&file).expect("xlsx");
    assert_eq!(book.sheet_names(), SHEETS);
    let rows = |book: &mut Xlsx<_>, name: &str| sheet_height(book, name) - 1;
    let students = count(&db, "SELECT count(*) FROM student");
    assert_eq!(rows(&mut book, "Élèves"), students);
    assert_eq!(rows(&mut book, "Repérage"), students);
    let enrolments = count(&db, "SELECT count(*) FROM enrolment");
    assert_eq!(rows(&mut book, "Plans et modules"), enrolments);
    let marks = count(&db, "SELECT count(*) FROM attendance");
    assert!(marks > 0, "the demo takes rolls");
    assert_eq!(rows(&mut book, "Groupes et présences"), marks);
    let checkins = count(&db, "SELECT count(*) FROM checkin");
    assert_eq!(rows(&mut book, "Points d'étape"), checkins);
    // One row per group of every level, as `indicators --json` lists them.
    let out = run(&db, &["indicators", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let groups: usize = (json["levels"].as_object().expect("levels").values())
        .map(|groups| groups.as_array().expect("groups").len())
        .sum();
    assert!(groups > 1 + 2, "overall, sectors and more");
    assert_eq!(rows(&mut book, "Indicateurs"), groups);
}

fn sheet_height<R: Read + std::io::Seek>(book: &mut Xlsx<R>, name: &str) -> usize {
    book.worksheet_range(name).expect(name).height()
}

#[test]
fn an_existing_file_is_kept_without_force() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let file = dir.path().join("suivi.xlsx");
    std::fs::write(&file, "ancien").expect("write");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("existe déjà"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "ancien");
    let out = run(&db, &["export", "xlsx", "-o", path, "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let _: Xlsx<_> = calamine::open_workbook(&file).expect("replaced by a workbook");
}

#[test]
fn refusals_are_told_in_french_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let out = run(&db, &["export", "xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ajoutez -o FICHIER.xlsx"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let file = dir.path().join("suivi.xlsx");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path, "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("AAAA-AAAA"), "{}", stderr(&out));
    let out = run(&db, &["export", "csv", "--year", "2026-2027"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("xlsx"), "{}", stderr(&out));
    assert!(!file.exists());
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(
        leftovers,
        1 + count_wal(dir.path()),
        "only the database remains"
    );
}

/// SQLite's side files next to the database, if any.
fn count_wal(dir: &Path) -> usize {
    ["lycee.sqlite3-wal", "lycee.sqlite3-shm"]
        .iter()
        .filter(|f| dir.join(f).exists())
        .count()
}

#[test]
fn a_sensitive_workbook_is_announced_and_logged() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let file = dir.path().join("complet.xlsx");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path, "--include-sensitive"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("données sensibles"),
        "{}",
        stderr(&out)
    );
    let logged = count(
        &db,
        "SELECT count(*) FROM sensitive_access WHERE action = 'export' AND target LIKE '%complet.xlsx'",
    );
    assert_eq!(logged, 1);
    let plain = dir.path().join("simple.xlsx");
    let out = run(
        &db,
        &["export", "xlsx", "-o", plain.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        count(&db, "SELECT count(*) FROM sensitive_access"),
        1,
        "plain one not logged"
    );
}
