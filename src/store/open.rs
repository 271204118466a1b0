//! Opening a database file safely: refuse what is not ours, never touch it then.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use super::error::{ReadOnlyCause, extended_code};
use super::{Result, StoreError};

/// `PRAGMA application_id` of Passerelle databases ("PASS").
pub(crate) const APPLICATION_ID: i64 = 0x5041_5353;

/// How long a write waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// When the integrity quick check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickCheck {
    /// Before anything else (command line).
    Now,
    /// In the background, on a second connection: it reads every page (about
    /// 7 ms per MB), and the TUI must show its first frame fast.
    Background,
    /// Only before a schema migration (the one write of opening): for commands
    /// that only read, where a damaged page still fails the read with an error.
    BeforeMigration,
}

/// The schema migrations, in order; `user_version` counts the applied ones.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i + 1 {
                12 => M::up_with_hook(sql, super::checks::rewrite_in_lists),
                _ => M::up(sql),
            })
            .collect(),
    )
}

/// The SQL of each schema version, in order.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("schema_2.sql"),
    include_str!("schema_3.sql"),
    include_str!("schema_4.sql"),
    include_str!("schema_5.sql"),
    include_str!("schema_6.sql"),
    include_str!("schema_7.sql"),
    include_str!("schema_8.sql"),
    include_str!("schema_9.sql"),
    include_str!("schema_10.sql"),
    include_str!("schema_11.sql"),
    include_str!("schema_12.sql"),
];

/// Highest schema version this program knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Default database path: `<data dir>/passerelle/passerelle.sqlite3`.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("fr", "passerelle", "passerelle")
        .map(|dirs| dirs.data_dir().join("passerelle.sqlite3"))
}

pub(crate) fn open_file(path: &Path, check: QuickCheck) -> Result<Connection> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let existing = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if existing {
        inspect_existing(path)?;
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dir(parent).map_err(io)?;
        }
        create_private_file(path).map_err(io)?;
    }
    let mut conn = Connection::open(path).map_err(|e| open_failure(path, e))?;
    // SQLite silently opens a file it cannot write read-only: say so now, not at the first save.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
    }
    // Two programs opening a new (or older) file at the same moment: SQLite may
    // answer « busy » at once, without waiting, to the one whose lock upgrade
    // would deadlock or whose snapshot went stale. Every step of `configure` can
    // run again, so it is retried a few times; a lock held for long still ends in
    // « verrouillé » after the usual wait.
    let mut attempts = 0;
    loop {
        let started = std::time::Instant::now();
        match configure(&mut conn, check) {
            Err(StoreError::Busy) if attempts < 10 && started.elapsed() < BUSY_TIMEOUT / 2 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20 * attempts));
            }
            done => {
                done.map_err(|e| at_open(path, e))?;
                return Ok(conn);
            }
        }
    }
}

/// Opens an existing database for reading only (a review when the file or its
/// folder cannot be written): no pragma, no migration, nothing written.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let ours_by_header = read_header(path)?;
    let conn = read_only_connection(path).map_err(|e| identity_failure(path, ours_by_header, e))?;
    let user_version = check_identity(&conn, path, ours_by_header)?;
    if user_version != latest_version() {
        return Err(StoreError::Invalid(format!(
            "« {} » doit être mise à jour (schéma {user_version} vers {}), ce qui est \
             impossible en lecture seule : ouvrez-la une fois avec le droit d'écriture \
             sur le fichier et son dossier.",
            path.display(),
            latest_version()
        )));
    }
    Ok(conn)
}

/// A read-only connection that has read the file once, and created no file.
///
/// When no program has the database open (no -wal nor -shm file), it is read as
/// immutable: a plain read-only connection would leave -wal and -shm files behind,
/// with the permissions of a read-only database file, which would keep the base
/// read-only even after its owner makes it writable again. In a folder where
/// those files cannot be created, SQLite refuses even to read a WAL database
/// otherwise (then nobody can be writing it: they could not create them either).
fn read_only_connection(path: &Path) -> rusqlite::Result<Connection> {
    let first_read = |conn: Connection| -> rusqlite::Result<Connection> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))?;
        Ok(conn)
    };
    let in_use = ["-wal", "-shm"].iter().any(|suffix| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        Path::new(&name).exists()
    });
    if in_use {
        match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(first_read)
        {
            Err(error) if folder_refused(&error) => {}
            other => return other,
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(immutable_uri(path), flags).and_then(first_read)
}

/// Whether SQLite could not read because the -wal / -shm files cannot be created.
fn folder_refused(error: &rusqlite::Error) -> bool {
    extended_code(error) == Some(rusqlite::ffi::SQLITE_READONLY_DIRECTORY)
        || error.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::CannotOpen)
}

/// `file:` URI of `path`, read-only and immutable (bytes outside the safe set escaped).
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

/// Names what stopped SQLite from opening `path`.
fn open_failure(path: &Path, error: rusqlite::Error) -> StoreError {
    if error.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::CannotOpen) {
        return StoreError::CannotOpen {
            path: path.to_path_buf(),
            detail: error.to_string(),
        };
    }
    at_open(path, StoreError::from_sqlite(error))
}

/// While opening, a lock that outlasts the time-out is another program's, and a
/// read-only refusal is about this file or its folder.
fn at_open(path: &Path, error: StoreError) -> StoreError {
    match error {
        StoreError::Busy => StoreError::Locked(path.to_path_buf()),
        StoreError::ReadOnly(ReadOnlyCause::File) => StoreError::ReadOnlyFile(path.to_path_buf()),
        StoreError::ReadOnly(ReadOnlyCause::Folder) => StoreError::ReadOnlyFolder(folder_of(path)),
        other => other,
    }
}

/// The folder holding `path` ("." for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub(crate) fn open_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn, QuickCheck::Now)?;
    Ok(conn)
}

/// Pragmas, integrity quick check (unless it runs in the background), migrations.
fn configure(conn: &mut Connection, check: QuickCheck) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The writer caches one statement per table and operation.
    conn.set_prepared_statement_cache_capacity(64);
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(StoreError::Invalid(format!(
            "Le mode de journalisation WAL n'a pas pu être activé (mode « {mode} »)."
        )));
    }
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
    let quick_check = match check {
        QuickCheck::Now => true,
        QuickCheck::Background => false,
        QuickCheck::BeforeMigration => {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            version < latest_version()
        }
    };
    if quick_check {
        quick_check_on(conn)?;
    }
    if let Err(error) = migrations().to_latest(conn) {
        // Two programs opening a new (or older) file at the same moment both see it
        // unmigrated; the second one's migration then fails (« table … already
        // exists ») and is rolled back whole. The file is up to date all the same.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < latest_version() {
            return Err(match error {
                rusqlite_migration::Error::RusqliteError { err, .. } => {
                    StoreError::from_sqlite(err)
                }
                other => StoreError::Migration(other.to_string()),
            });
        }
    }
    super::write::fill_sort_keys(conn)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        conn.execute_batch(&format!("PRAGMA application_id={APPLICATION_ID}"))?;
    }
    Ok(())
}

fn quick_check_on(conn: &Connection) -> Result<()> {
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Corrupt(check));
    }
    Ok(())
}

/// Runs the quick check on its own read-only connection in a thread.
pub(crate) fn spawn_quick_check(path: &Path) -> std::thread::JoinHandle<Result<()>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let conn = read_only_connection(&path).map_err(|e| at_open(&path, e.into()))?;
        quick_check_on(&conn)
    })
}

/// Reads an existing file without writing to it, and refuses what we cannot own.
fn inspect_existing(path: &Path) -> Result<()> {
    let ours_by_header = read_header(path)?;
    let conn = read_only_connection(path).map_err(|e| identity_failure(path, ours_by_header, e))?;
    check_identity(&conn, path, ours_by_header).map(drop)
}

/// Checks the SQLite header; true when it already names Passerelle.
fn read_header(path: &Path) -> Result<bool> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotPasserelle(path.to_path_buf()));
    }
    // The header names the application; once it says Passerelle, a failing read
    // means damage, not a stranger's file. (A fresh file may still have its id
    // only in the WAL: then SQLite's own reading decides.)
    let header_id = i64::from(i32::from_be_bytes([
        header[68], header[69], header[70], header[71],
    ]));
    Ok(header_id == APPLICATION_ID)
}

/// Why reading an existing file failed: damage or a stranger's file only when SQLite
/// says the content is bad; otherwise access, lock or disk (never "damaged" for those).
fn identity_failure(path: &Path, ours_by_header: bool, error: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::ErrorCode;
    match error.sqlite_error_code() {
        None | Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            if ours_by_header {
                StoreError::Corrupt(error.to_string())
            } else {
                StoreError::NotPasserelle(path.to_path_buf())
            }
        }
        Some(_) => open_failure(path, error),
    }
}

/// Refuses a stranger's or a newer database; returns its schema version.
fn check_identity(conn: &Connection, path: &Path, ours_by_header: bool) -> Result<i64> {
    let read = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(|e| identity_failure(path, ours_by_header, e))
    };
    let app_id = read("PRAGMA application_id")?;
    let user_version = read("PRAGMA user_version")?;
    let tables = read("SELECT count(*) FROM sqlite_master")?;
    if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
        return Err(StoreError::NotPasserelle(path.to_path_buf()));
    }
    if user_version > latest_version() {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: user_version,
            supported: latest_version(),
        });
    }
    Ok(user_version)
}

/// Creates missing folders readable by their owner only (pupils' data lives there).
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// Results of `passerelle check`.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenCheck {
    /// Lines reported by `integrity_check` ("ok" when sound).
    pub integrity: Vec<String>,
    /// Foreign key violations, as "table ligne N → parent".
    pub foreign_keys: Vec<String>,
    /// Set when the file can be read by other users of the machine.
    pub readable_by_others: Option<String>,
}

impl super::Store {
    /// Full integrity and foreign key check, plus the file's permissions.
    pub fn check(&self) -> Result<OpenCheck> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_keys = stmt
            .query_map([], |r| {
                Ok(format!(
                    "table {} ligne {} → {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(OpenCheck {
            integrity,
            foreign_keys,
            readable_by_others: self.permission_warning(),
        })
    }

    #[cfg(unix)]
    fn permission_warning(&self) -> Option<String> {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path.as_ref()?;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "le fichier est lisible par d'autres utilisateurs (droits {:o}) ; \
                 conseillé : chmod 600 {}",
                mode & 0o777,
                path.display()
            )
        })
    }

    #[cfg(not(unix))]
    fn permission_warning(&self) -> Option<String> {
        None
    }

    /// Copies the database to `dest` with SQLite's online backup (safe while others write).
    ///
    /// `dest` must not exist, or be empty (the private temporary file of
    /// `io::output::write_file_with`, which `passerelle backup` goes through).
    pub fn backup(&self, dest: &Path) -> Result<()> {
        match std::fs::metadata(dest) {
            Ok(meta) if meta.len() > 0 => {
                return Err(StoreError::Invalid(format!(
                    "« {} » existe déjà ; choisissez un autre nom de fichier.",
                    dest.display()
                )));
            }
            Ok(_) => {}
            Err(_) => create_private_file(dest).map_err(|source| StoreError::Io {
                path: dest.into(),
                source,
            })?,
        }
        let mut target = Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(256, Duration::from_millis(10), None)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
        assert_eq!(latest_version(), 12);
    }
}
