//! Opening a database file safely: refuse what is not ours, never touch it then.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

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
}

/// The schema migrations, in order; `user_version` counts the applied ones.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The SQL of each schema version, in order.
const MIGRATIONS: &[&str] = &[include_str!("schema.sql"), include_str!("schema_2.sql")];

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
    let mut conn = Connection::open(path)?;
    configure(&mut conn, check == QuickCheck::Now)?;
    Ok(conn)
}

pub(crate) fn open_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn, true)?;
    Ok(conn)
}

/// Pragmas, integrity quick check (unless it runs in the background), migrations.
fn configure(conn: &mut Connection, quick_check: bool) -> Result<()> {
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
    if quick_check {
        quick_check_on(conn)?;
    }
    migrations().to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from_sqlite(err),
        other => StoreError::Migration(other.to_string()),
    })?;
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
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        quick_check_on(&conn)
    })
}

/// Reads an existing file without writing to it, and refuses what we cannot own.
fn inspect_existing(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(io)?;
    if file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotPasserelle(path.to_path_buf()));
    }
    // The header names the application; once it says Passerelle, a failing read
    // means damage, not a stranger's file. (A fresh file may still have its id
    // only in the WAL: then SQLite's own reading below decides.)
    let header_id = i64::from(i32::from_be_bytes([
        header[68], header[69], header[70], header[71],
    ]));
    let ours_by_header = header_id == APPLICATION_ID;
    let failure = |error: rusqlite::Error| {
        if ours_by_header {
            StoreError::Corrupt(error.to_string())
        } else {
            StoreError::NotPasserelle(path.to_path_buf())
        }
    };
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(failure)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    let app_id = read("PRAGMA application_id").map_err(failure)?;
    let user_version = read("PRAGMA user_version").map_err(failure)?;
    let tables = read("SELECT count(*) FROM sqlite_master").map_err(failure)?;
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
    Ok(())
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
        assert_eq!(latest_version(), 2);
    }
}
