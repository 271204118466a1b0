//! `check`, `backup` and `export` through the real binary, and backups during writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use passerelle::io::json::import_json_file;
use passerelle::model::Sector;
use passerelle::store::{NewStudent, Store};

fn passerelle(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "testeur")
        .output()
        .expect("run passerelle")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An initialised database file with two students.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("base.sqlite3");
    let init = passerelle(&db, &["init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let mut store = Store::open(&db).expect("open");
    add_students(&mut store, &["Martin", "Bernard"]);
    db
}

fn add_students(store: &mut Store, names: &[&str]) {
    store
        .write("élèves", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            for name in names {
                let student = NewStudent {
                    last_name: (*name).into(),
                    first_name: "Camille".into(),
                    bac_pro: true,
                    ..Default::default()
                };
                w.add_student(c, &student)?;
            }
            Ok(())
        })
        .expect("students");
}

fn names(store: &Store) -> Vec<String> {
    store
        .student_rows()
        .expect("rows")
        .into_iter()
        .map(|r| r.student.last_name)
        .collect()
}

/// The JSON export without its time stamp.
fn stable(document: &str) -> String {
    document
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_passes_on_a_fresh_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let out = passerelle(&db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Intégrité : OK"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("Attention"));
}

#[cfg(unix)]
#[test]
fn check_warns_about_a_file_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = passerelle(&db, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning alone is not a failure"
    );
    let text = stdout(&out);
    assert!(text.contains("Attention"), "{text}");
    assert!(text.contains("chmod 600"), "{text}");
}

#[test]
fn check_fails_on_broken_references() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        conn.execute_batch("PRAGMA foreign_keys = OFF; UPDATE student SET cohort_id = 999;")
            .expect("break");
    }
    let out = passerelle(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("référence(s) cassée(s)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn backup_makes_a_private_copy_that_opens_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let copy = dir.path().join("copie.sqlite3");
    let out = passerelle(&db, &["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Sauvegarde écrite"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Ko"),
        "size missing: {}",
        stdout(&out)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let check = passerelle(&copy, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let original = stdout(&passerelle(&db, &["export", "json", "--include-sensitive"]));
    let copied = stdout(&passerelle(
        &copy,
        &["export", "json", "--include-sensitive"],
    ));
    assert!(original.contains("Bernard"));
    assert_eq!(stable(&copied), stable(&original));

    let before = std::fs::read(&copy).expect("read");
    let again = passerelle(&db, &["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("existe déjà"), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(&copy).expect("read"),
        before,
        "existing file touched"
    );
}

#[test]
fn backup_works_while_a_colleague_holds_an_open_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let reader = Store::open(&db).expect("open");
    let mut colleague = Store::open(&db).expect("open");
    let copy = dir.path().join("pendant.sqlite3");
    // The colleague's IMMEDIATE transaction is open and has written, uncommitted.
    colleague
        .write("ajout", |w| {
            let cohort = 1;
            w.add_student(
                cohort,
                &NewStudent {
                    last_name: "Nouveau".into(),
                    first_name: "Sam".into(),
                    ..Default::default()
                },
            )?;
            let started = std::time::Instant::now();
            reader.backup(&copy).expect("backup during a write");
            assert!(
                started.elapsed().as_secs() < 3,
                "backup waited for the writer"
            );
            Ok(())
        })
        .expect("colleague commits");
    let copied = Store::open(&copy).expect("backup opens");
    assert_eq!(names(&copied), ["Bernard", "Martin"]);
    assert!(copied.check().expect("check").foreign_keys.is_empty());
    assert_eq!(names(&reader), ["Bernard", "Martin", "Nouveau"]);
}

#[test]
fn export_json_then_restore_into_another_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let file = dir.path().join("export.json");
    let out = passerelle(
        &db,
        &[
            "export",
            "json",
            "--include-sensitive",
            "-o",
            file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("données sensibles"),
        "{}",
        stderr(&out)
    );
    let target = dir.path().join("neuve.sqlite3");
    assert!(passerelle(&target, &["init"]).status.success());
    let mut store = Store::open(&target).expect("open");
    let report = import_json_file(&mut store, &file).expect("restore");
    assert_eq!(report.added, 2);
    assert_eq!(names(&store), ["Bernard", "Martin"]);
    drop(store);
    let again = stdout(&passerelle(
        &target,
        &["export", "json", "--include-sensitive"],
    ));
    let document = std::fs::read_to_string(&file).expect("read");
    assert_eq!(stable(&again), stable(&document));
    let check = passerelle(&target, &["check"]);
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn export_csv_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let file = dir.path().join("eleves.csv");
    let out = passerelle(&db, &["export", "csv", "-o", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(&file).expect("read");
    assert!(bytes.starts_with("\u{feff}Nom;Prénom;".as_bytes()));
    assert!(String::from_utf8_lossy(&bytes).contains("Martin;Camille;"));
}

/// Needs the `import json` command (written on another branch): un-ignore after the merge.
#[test]

fn export_json_piped_into_import_json_through_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let export = passerelle(&db, &["export", "json", "--include-sensitive"]);
    assert!(export.status.success());
    let file = dir.path().join("export.json");
    std::fs::write(&file, &export.stdout).expect("write");
    let target = dir.path().join("cible.sqlite3");
    let import = passerelle(&target, &["import", "json", file.to_str().expect("utf-8")]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let again = passerelle(&target, &["export", "json", "--include-sensitive"]);
    assert_eq!(
        stable(&String::from_utf8_lossy(&again.stdout)),
        stable(&String::from_utf8_lossy(&export.stdout))
    );
    let refused = passerelle(&db, &["import", "json", file.to_str().expect("utf-8")]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("n'est pas vide"),
        "{}",
        stderr(&refused)
    );
}
