//! Why a database does not open, told apart with real files: read-only file,
//! read-only folder, locked by another program, disk full, damaged. Only damage
//! may advise restoring a backup; read-only databases still open for reading.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// uid and gid of `nobody`, for the tests that need an unprivileged user.
const NOBODY: u32 = 65534;

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_passerelle")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn passerelle(db: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "testeur")
        .output()
        .expect("run passerelle")
}

/// Whether this process runs as root (it then owns what it creates).
fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).expect("meta").uid() == 0
}

/// Runs passerelle as a user for whom permission bits apply.
///
/// Root ignores permission bits, so `chmod 0444` would prove nothing when the tests
/// run as root (as in CI containers): the files are then handed to `nobody` and the
/// binary runs as `nobody` through `setpriv`. `None` when that is impossible here
/// (no setpriv, or the binary is not reachable by `nobody`): the test then says so.
struct Unprivileged {
    as_nobody: bool,
}

impl Unprivileged {
    fn new(dir: &Path) -> Option<Unprivileged> {
        if !running_as_root(dir) {
            return Some(Unprivileged { as_nobody: false });
        }
        let probe = Command::new("setpriv")
            .args(Self::setpriv_args())
            .arg(binary())
            .arg("--version")
            .output();
        match probe {
            Ok(out) if out.status.success() => Some(Unprivileged { as_nobody: true }),
            _ => {
                eprintln!("setpriv cannot run passerelle as nobody here: test skipped");
                None
            }
        }
    }

    fn setpriv_args() -> [String; 3] {
        [
            format!("--reuid={NOBODY}"),
            format!("--regid={NOBODY}"),
            "--clear-groups".into(),
        ]
    }

    /// Gives `dir` and everything in it to the user who will run passerelle.
    fn hand_over(&self, dir: &Path) {
        if !self.as_nobody {
            return;
        }
        std::os::unix::fs::chown(dir, Some(NOBODY), Some(NOBODY)).expect("chown");
        for entry in std::fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).expect("chown");
        }
    }

    fn run(&self, db: &Path, args: &[&str]) -> Output {
        let mut command = if self.as_nobody {
            let mut c = Command::new("setpriv");
            c.args(Self::setpriv_args()).arg(binary());
            c
        } else {
            Command::new(binary())
        };
        command
            .arg("--db")
            .arg(db)
            .args(args)
            .env("PASSERELLE_USER", "testeur")
            .output()
            .expect("run passerelle")
    }
}

/// A folder holding a small demo database (given to `nobody` if needed).
fn demo_database(runner: &Unprivileged, dir: &Path) -> PathBuf {
    let folder = dir.join("equipe");
    std::fs::create_dir(&folder).expect("mkdir");
    let db = folder.join("base.sqlite3");
    let demo = passerelle(&db, &["demo", "--students", "8"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    runner.hand_over(dir);
    runner.hand_over(&folder);
    db
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn folder_entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A write is refused with `expected` and no "damaged" diagnosis; reads still work.
fn writes_refused_reads_work(runner: &Unprivileged, db: &Path, expected: &str) {
    let before = std::fs::read(db).expect("read");
    let write = runner.run(db, &["demo"]);
    assert_eq!(write.status.code(), Some(1), "{}", stderr(&write));
    let message = stderr(&write);
    assert!(message.contains(expected), "{message}");
    assert!(!message.contains("est endommagée"), "{message}");
    assert!(!message.contains("Restaurez"), "{message}");

    for args in [
        &["list"][..],
        &["show", "1"],
        &["export", "json"],
        &["indicators"],
        &["check"],
    ] {
        let out = runner.run(db, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(stdout(&runner.run(db, &["check"])).contains("Intégrité : OK"));
    // A backup of a read-only base is a private copy, written elsewhere.
    let copy = db
        .parent()
        .and_then(Path::parent)
        .expect("outer folder")
        .join("copie.sqlite3");
    let backup = runner.run(db, &["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(backup.status.code(), Some(0), "{}", stderr(&backup));
    assert_eq!(
        std::fs::metadata(&copy).expect("copy").permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(std::fs::read(db).expect("read"), before, "file written");
}

#[test]
fn a_read_only_file_is_told_apart_and_still_opens_for_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(runner) = Unprivileged::new(dir.path()) else {
        return;
    };
    let db = demo_database(&runner, dir.path());
    chmod(&db, 0o444);
    writes_refused_reads_work(&runner, &db, "est en lecture seule");
    let folder = db.parent().expect("folder");
    assert_eq!(
        folder_entries(folder),
        ["base.sqlite3"],
        "a read-only review left -wal / -shm files (with the file's read-only mode)"
    );
    // Once writable again, it is a normal database.
    chmod(&db, 0o600);
    let out = runner.run(&db, &["catalogue", "export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("lecture seule"), "{}", stderr(&out));
}

#[test]
fn a_read_only_folder_is_not_called_damaged_and_still_opens_for_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(runner) = Unprivileged::new(dir.path()) else {
        return;
    };
    let db = demo_database(&runner, dir.path());
    let folder = db.parent().expect("folder").to_path_buf();
    chmod(&folder, 0o555);
    writes_refused_reads_work(&runner, &db, "Le dossier");
    let out = runner.run(&db, &["list"]);
    assert!(stderr(&out).contains("-wal"), "{}", stderr(&out));
    chmod(&folder, 0o755);
}

#[test]
fn a_database_locked_by_another_program_is_told_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    // Another program takes the whole file (exclusive locking mode, as some tools do).
    let holder = rusqlite::Connection::open(&db).expect("holder");
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM student;",
        )
        .expect("lock");
    let out = passerelle(&db, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("verrouillée par un autre programme"),
        "{message}"
    );
    assert!(message.contains("ne supprimez pas"), "{message}");
    assert!(!message.contains("est endommagée"), "{message}");
    drop(holder);
    assert_eq!(passerelle(&db, &["list"]).status.code(), Some(0));
}

/// A full disk, for real: a 1 MB tmpfs mounted in a private mount namespace
/// (needs root or CAP_SYS_ADMIN; elsewhere the mapping is covered by the store's
/// unit tests with SQLITE_FULL and `max_page_count`).
#[test]
fn a_full_disk_is_told_apart_and_the_database_stays_sound() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mount = dir.path().join("petit-disque");
    std::fs::create_dir(&mount).expect("mkdir");
    let script = r#"mount -t tmpfs -o size=1m tmpfs "$1" || exit 77
"$2" --db "$1/base.sqlite3" init >/dev/null || exit 78
"$2" --db "$1/base.sqlite3" demo --students 400
echo "demo=$?"
"$2" --db "$1/base.sqlite3" check"#;
    let out = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(&mount)
        .arg(binary())
        .output();
    let out = match out {
        Ok(out) if out.status.code() != Some(77) && out.status.code() != Some(78) => out,
        _ => {
            eprintln!("no tmpfs can be mounted here: test skipped");
            return;
        }
    };
    let (text, errors) = (stdout(&out), stderr(&out));
    assert!(text.contains("demo=1"), "{text}\n{errors}");
    assert!(errors.contains("Le disque est plein"), "{errors}");
    assert!(!errors.contains("est endommagée"), "{errors}");
    assert!(!errors.contains("disk"), "raw SQLite text: {errors}");
    assert!(text.contains("Intégrité : OK"), "{text}\n{errors}");
}

/// A demo base in `dir`, its WAL folded back into the one file (ready to damage).
fn demo_in_one_file(dir: &Path) -> (PathBuf, rusqlite::Connection) {
    let db = dir.join("base.sqlite3");
    assert!(
        passerelle(&db, &["demo", "--students", "30"])
            .status
            .success()
    );
    let conn = rusqlite::Connection::open(&db).expect("raw");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        .expect("checkpoint");
    (db, conn)
}

#[test]
fn a_damaged_database_still_advises_a_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, conn) = demo_in_one_file(dir.path());
    drop(conn);
    let mut bytes = std::fs::read(&db).expect("read");
    for start in (4096..bytes.len()).step_by(4096) {
        bytes[start..start + 8].fill(0x5A);
    }
    std::fs::write(&db, &bytes).expect("write");
    let out = passerelle(&db, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("endommagée"), "{message}");
    assert!(message.contains("sauvegarde"), "{message}");
}

#[test]
fn reading_commands_skip_the_quick_check_but_never_show_a_damaged_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, conn) = demo_in_one_file(dir.path());
    // One leaf page of the student table damaged, every other page sound.
    let page: i64 = conn
        .query_row(
            "SELECT max(pageno) FROM dbstat WHERE name = 'student' AND pagetype = 'leaf'",
            [],
            |r| r.get(0),
        )
        .expect("dbstat");
    let page = usize::try_from(page).expect("page number");
    drop(conn);
    let mut bytes = std::fs::read(&db).expect("read");
    bytes[(page - 1) * 4096..page * 4096].fill(0x5A);
    std::fs::write(&db, &bytes).expect("write");
    // Reading the students reads the damaged page: refused, nothing printed.
    for args in [&["list"][..], &["export", "csv"], &["indicators"]] {
        let out = passerelle(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("endommagée"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("élève(s)"), "{args:?}");
    }
    // `check` runs the full check and says what it found (its report, or SQLite's
    // refusal to go on when a page cannot even be walked).
    let out = passerelle(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("PROBLÈMES") || stderr(&out).contains("endommagée"),
        "{} {}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stdout(&out).contains("Intégrité : OK"));
    // A command that writes is refused by the quick check before it starts.
    let before = std::fs::read(&db).expect("read");
    let out = passerelle(&db, &["modules", "grant", "tutorat", "12"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("endommagée"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).expect("read"), before, "nothing written");
}
