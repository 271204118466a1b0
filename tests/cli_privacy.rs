//! The privacy commands run as the real binary: the sensitive access log, purge and
//! forget with their dry run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "proviseure")
        .output()
        .expect("run passerelle")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite3");
    ok(&db, &["demo", "--seed", "3"]);
    db
}

fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(
            line.width() <= 80,
            "line too wide ({}): {line}",
            line.width()
        );
    }
}

/// The export without its time stamp.
fn stable(document: &str) -> String {
    document
        .lines()
        .filter(|l| !l.contains("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A student as stored: id, last name, first name, INE, school year.
#[derive(Debug, Clone)]
struct Stored {
    id: i64,
    last: String,
    first: String,
    ine: Option<String>,
    year: String,
}

impl Stored {
    fn name(&self) -> String {
        format!("{} {}", self.last.to_uppercase(), self.first)
    }
}

/// Every student, read directly from the file (read-only).
fn students(db: &Path) -> Vec<Stored> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("raw");
    let mut stmt = conn
        .prepare(
            "SELECT s.id, s.last_name, s.first_name, s.ine, c.school_year FROM student s \
             JOIN cohort c ON c.id = s.cohort_id ORDER BY s.id",
        )
        .expect("select");
    stmt.query_map([], |r| {
        Ok(Stored {
            id: r.get(0)?,
            last: r.get(1)?,
            first: r.get(2)?,
            ine: r.get(3)?,
            year: r.get(4)?,
        })
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// Text with every run of spaces and line breaks made one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn sensitive_exports_are_logged_with_their_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    assert!(ok(&db, &["log", "--sensitive"]).contains(" : 0"));
    let file = dir.path().join("sauvegarde-complete.json");
    ok(
        &db,
        &[
            "export",
            "json",
            "--include-sensitive",
            "-o",
            file.to_str().expect("utf-8"),
        ],
    );
    // Neither a plain export nor the CSV list (never sensitive) is logged.
    ok(&db, &["export", "json"]);
    ok(&db, &["export", "csv", "--include-sensitive"]);
    ok(&db, &["export", "json", "--include-sensitive"]);
    let text = ok(&db, &["log", "--sensitive"]);
    assert_fits(&text);
    assert!(
        text.contains("Accès aux données sensibles (conditions de vie) : 2"),
        "{text}"
    );
    assert!(text.contains("sauvegarde-complete.json"), "{text}");
    assert!(text.contains("proviseure"), "{text}");
    assert!(text.contains("sortie standard"), "{text}");
    let json: Value =
        serde_json::from_str(&ok(&db, &["log", "--sensitive", "--json"])).expect("json");
    let log = json["sensitive_access"].as_array().expect("log");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["action"], "export");
    assert_eq!(log[0]["user"], "proviseure");
    assert!(log[0]["os_user"].as_str().is_some_and(|u| !u.is_empty()));
    assert!(
        log[0]["target"]
            .as_str()
            .is_some_and(|t| t.ends_with("sauvegarde-complete.json") && Path::new(t).is_absolute())
    );
    assert!(json.get("erasures").is_none());
    // The log is never in a plain export, and is in a full one.
    let plain = ok(&db, &["export", "json"]);
    assert!(!plain.contains("sensitive_access") && !plain.contains("sauvegarde-complete"));
    assert!(ok(&db, &["export", "json", "--include-sensitive"]).contains("sauvegarde-complete"));
    // A backup copies everything, sensitive data included: logged too.
    let copy = dir.path().join("copie.sqlite3");
    ok(&db, &["backup", copy.to_str().expect("utf-8")]);
    let text = ok(&db, &["log", "--sensitive"]);
    assert!(
        text.contains("sauvegarde") && text.contains("copie.sqlite3"),
        "{text}"
    );
    // Asked for nothing: says what to ask.
    let out = run(&db, &["log"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sensitive"));
}

#[test]
fn purge_dry_run_lists_and_changes_nothing_then_yes_erases_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let all = students(&db);
    let (old, kept): (Vec<&Stored>, Vec<&Stored>) =
        all.iter().partition(|s| s.year.as_str() < "2025-2026");
    assert!(!old.is_empty() && !kept.is_empty());
    let export_before = ok(&db, &["export", "json"]);
    let bytes_before = std::fs::read(&db).expect("db");

    let text = ok(&db, &["purge", "--before", "2025-2026"]);
    assert_fits(&text);
    let listed = flat(&text);
    assert!(listed.contains("Rien n'a été effacé"), "{text}");
    assert!(
        listed.contains("passerelle purge --before 2025-2026 --yes"),
        "{text}"
    );
    assert!(
        listed.contains(&format!("Au total : {} élève(s)", old.len())),
        "{text}"
    );
    for s in &old {
        assert!(
            listed.contains(&s.name()),
            "{} not listed:\n{text}",
            s.name()
        );
    }
    for s in &kept {
        assert!(!listed.contains(&s.name()), "{} listed:\n{text}", s.name());
    }
    assert!(
        text.contains("2023-2024") && !text.contains("2025-2026 :"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&db).expect("db"),
        bytes_before,
        "the dry run wrote"
    );
    assert_eq!(
        stable(&ok(&db, &["export", "json"])),
        stable(&export_before)
    );

    // Purging the current cohort is refused.
    let out = run(&db, &["purge", "--before", "2099-2100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("année en cours"));

    let text = ok(&db, &["purge", "--before", "2025-2026", "--yes"]);
    assert_fits(&text);
    assert!(
        flat(&text).contains(&format!("Effacé : {} élève(s)", old.len())),
        "{text}"
    );
    assert!(text.contains("nettoyé"), "{text}");
    assert_eq!(students(&db).len(), kept.len());
    let bytes = std::fs::read(&db).expect("db");
    let remaining: Vec<String> = kept
        .iter()
        .map(|s| format!("{}{}", s.last, s.first))
        .collect();
    for s in &old {
        if let Some(ine) = &s.ine {
            assert!(!contains(&bytes, ine), "INE {ine} lingers in the file");
        }
        // Names are stored side by side (index and row): absent unless a kept namesake.
        let name = format!("{}{}", s.last, s.first);
        if !remaining.contains(&name) {
            assert!(!contains(&bytes, &name), "{name} lingers in the file");
        }
    }
    let log = ok(&db, &["log", "--sensitive", "--erasures"]);
    assert_fits(&log);
    assert!(log.contains("Effacements de données d'élèves : 1"), "{log}");
    assert!(
        log.contains("purge") && log.contains("promotions antérieures à"),
        "{log}"
    );
    // Nothing left to purge.
    assert!(ok(&db, &["purge", "--before", "2025-2026"]).contains("Rien à effacer"));
    // The journal is still append-only.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    assert!(conn.execute("DELETE FROM journal", []).is_err());
}

#[test]
fn forget_shows_who_then_erases_and_leaves_only_a_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let all = students(&db);
    let target = all
        .iter()
        .find(|s| s.ine.is_some() && all.iter().filter(|o| o.last == s.last).count() == 1)
        .expect("a student with a unique last name");
    let (id, ine, last) = (
        target.id,
        target.ine.as_deref().expect("ine"),
        target.last.as_str(),
    );
    let name = target.name();

    let bytes_before = std::fs::read(&db).expect("db");
    let text = ok(&db, &["forget", ine]);
    assert_fits(&text);
    assert!(text.contains(&name), "{text}");
    assert!(
        text.contains(&format!("passerelle forget {id} --yes")),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&db).expect("db"),
        bytes_before,
        "the dry run wrote"
    );

    let text = ok(&db, &["forget", last, "--yes"]);
    assert_fits(&text);
    assert!(text.contains("Élève effacé"), "{text}");
    let out = run(&db, &["show", &id.to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(students(&db).len(), all.len() - 1);
    let log = ok(&db, &["log", "--erasures"]);
    assert!(log.contains(&format!("élève n° {id}")), "{log}");
    assert!(
        !log.contains(last) && !log.contains(&last.to_uppercase()),
        "{log}"
    );
    let json: Value =
        serde_json::from_str(&ok(&db, &["log", "--erasures", "--json"])).expect("json");
    assert_eq!(json["erasures"][0]["kind"], "forget");
    assert_eq!(json["erasures"][0]["students"], 1);
    assert_eq!(json["erasures"][0]["user"], "proviseure");
    assert!(!contains(&std::fs::read(&db).expect("db"), ine));
    // Unknown student: refused.
    let out = run(&db, &["forget", ine]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_log_answers_who_saw_one_student() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo(dir.path());
    let all = students(&db);
    let (a, b) = (&all[0], &all[1]);
    {
        let mut store = passerelle::store::Store::open(&db).expect("open");
        store.set_user("Mme Durand");
        for id in [a.id, b.id, a.id] {
            store
                .log_sensitive_access(passerelle::store::SensitiveAction::Reveal, Some(id), None)
                .expect("log");
        }
    }
    let text = ok(&db, &["log", "--sensitive", "--student", &a.id.to_string()]);
    assert_fits(&text);
    assert!(text.contains(" : 2\n"), "{text}");
    assert!(
        text.contains(&format!("{} (n° {})", a.name(), a.id)),
        "{text}"
    );
    assert!(!text.contains(&b.name()), "{text}");
    assert!(
        text.contains("Mme Durand") && text.contains("affichage"),
        "{text}"
    );
    let out = run(&db, &["log", "--sensitive", "--student", "Zzzz-personne"]);
    assert_eq!(out.status.code(), Some(1));
}
