//! Files written by the command line: private, complete, never over an existing
//! file without `--force`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn passerelle(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "testeur")
        .output()
        .expect("run passerelle")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn database(dir: &Path) -> PathBuf {
    let db = dir.join("base.sqlite3");
    let demo = passerelle(&db, &["demo", "--students", "5"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    db
}

/// An existing file readable by everyone, as left by an earlier `export` or a text editor.
fn existing_public_file(path: &Path) {
    std::fs::write(path, "ancien contenu").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

/// Files of the folder other than the database (no temporary file may be left).
fn outputs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("base.sqlite3"))
        .collect();
    names.sort();
    names
}

/// Runs `args` + `-o FILE` (or `FILE` for backup) over an existing file: refused,
/// then replaced with `--force` by a private file.
fn refuses_then_replaces(args: &[&str], file_name: &str, positional: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let file = dir.path().join(file_name);
    existing_public_file(&file);
    let target = file.to_str().expect("utf-8");
    let mut command: Vec<&str> = args.to_vec();
    if !positional {
        command.push("-o");
    }
    command.push(target);

    let refused = passerelle(&db, &command);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(message.contains(file_name), "{message}");
    assert!(message.contains("existe déjà"), "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "ancien contenu",
        "the existing file was touched"
    );
    assert_eq!(outputs(dir.path()), [file_name]);

    command.push("--force");
    let replaced = passerelle(&db, &command);
    assert_eq!(replaced.status.code(), Some(0), "{}", stderr(&replaced));
    assert_ne!(
        std::fs::read(&file).expect("read"),
        b"ancien contenu",
        "not replaced"
    );
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600, "the replaced file must be private");
    assert_eq!(outputs(dir.path()), [file_name], "temporary file left");
}

#[test]
fn export_json_refuses_an_existing_file_and_force_writes_a_private_one() {
    refuses_then_replaces(
        &["export", "json", "--include-sensitive"],
        "export.json",
        false,
    );
}

#[test]
fn export_csv_refuses_an_existing_file_and_force_writes_a_private_one() {
    refuses_then_replaces(&["export", "csv"], "eleves.csv", false);
}

#[test]
fn catalogue_export_refuses_an_existing_file_and_force_writes_a_private_one() {
    refuses_then_replaces(&["catalogue", "export"], "catalogue.toml", false);
}

#[test]
fn backup_refuses_an_existing_file_and_force_writes_a_private_copy() {
    refuses_then_replaces(&["backup"], "copie.sqlite3", true);
}

#[cfg(unix)]
#[test]
fn a_new_export_is_private_and_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());
    let file = dir.path().join("eleves.csv");
    let out = passerelle(&db, &["export", "csv", "-o", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600);
    let stdout = passerelle(&db, &["export", "csv"]).stdout;
    assert_eq!(std::fs::read(&file).expect("read"), stdout);
    assert_eq!(outputs(dir.path()), ["eleves.csv"]);
}
