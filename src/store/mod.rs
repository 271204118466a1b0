//! The only module that talks to SQLite: opening, migrations, reads, journaled writes.

mod catalogue;
mod create;
mod dump;
mod error;
mod open;
mod read;
mod stats;
mod tables;
mod undo;
mod write;

pub use catalogue::CatalogueChanges;
pub use create::NewStudent;
pub use dump::{
    ColumnKind, ColumnSpec, DumpRow, Restore, RestoreError, TableDump, dump_tables, schema_version,
};
pub use error::{Conflict, StoreError};
pub use open::{OpenCheck, QuickCheck, default_db_path};
pub use read::*;
pub use tables::Table;
pub use write::Writer;

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open Passerelle database, who is editing it, and from which running program.
pub struct Store {
    conn: Connection,
    /// Name recorded as author (`--user`, `PASSERELLE_USER`, the TUI's choice, or the OS account).
    user: String,
    /// The OS account, kept beside `user` in the journal (accounts are often shared).
    os_user: String,
    /// Identifies this running program: undo offers only its own changes.
    session: String,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, checks and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = open::open_file(path, QuickCheck::Now)?;
        Ok(Store {
            conn,
            user: current_user(),
            os_user: os_user(),
            session: new_session_id(),
            path: Some(path.to_path_buf()),
        })
    }

    /// Opens like [`Store::open`] but leaves the integrity quick check to
    /// [`Store::spawn_quick_check`], so that the TUI can draw its first screen first.
    pub fn open_without_check(path: &Path) -> Result<Store> {
        let conn = open::open_file(path, QuickCheck::Background)?;
        Ok(Store {
            conn,
            user: current_user(),
            os_user: os_user(),
            session: new_session_id(),
            path: Some(path.to_path_buf()),
        })
    }

    /// Runs the quick check on a second, read-only connection in a thread.
    pub fn spawn_quick_check(&self) -> Option<std::thread::JoinHandle<Result<()>>> {
        self.path.as_deref().map(open::spawn_quick_check)
    }

    /// A fresh in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = open::open_memory()?;
        Ok(Store {
            conn,
            user: current_user(),
            os_user: os_user(),
            session: new_session_id(),
            path: None,
        })
    }

    /// Changes the name recorded as author of the following changes.
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
    }

    /// Name recorded as the author of every change.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The OS account this program runs under.
    pub fn os_user(&self) -> &str {
        &self.os_user
    }

    /// Id of this running program's session (its own undo stack).
    pub fn session(&self) -> &str {
        &self.session
    }

    /// Path of the database file (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Changes each time another connection commits (cheap: for polling).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction recorded as one journal batch.
    ///
    /// Nothing is written if `f` fails.
    pub fn write<T>(&mut self, label: &str, f: impl FnOnce(&mut Writer) -> Result<T>) -> Result<T> {
        self.write_batch(label, "edit", None, f)
    }

    /// Like [`Store::write`], for bulk imports: recorded, but not offered to undo.
    pub fn write_import<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Writer) -> Result<T>,
    ) -> Result<T> {
        self.write_batch(label, "import", None, f)
    }

    fn write_batch<T>(
        &mut self,
        label: &str,
        kind: &str,
        target: Option<i64>,
        f: impl FnOnce(&mut Writer) -> Result<T>,
    ) -> Result<T> {
        let tx =
            rusqlite::Transaction::new(&mut self.conn, rusqlite::TransactionBehavior::Immediate)
                .map_err(StoreError::from_sqlite)?;
        let mut writer = Writer::new(
            tx,
            write::Author {
                user: &self.user,
                os_user: &self.os_user,
                session: &self.session,
            },
            label,
            kind,
            target,
        )?;
        let value = f(&mut writer)?;
        writer.commit()?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The name given in `PASSERELLE_USER`, if any.
pub fn user_from_env() -> Option<String> {
    std::env::var("PASSERELLE_USER")
        .ok()
        .map(|u| crate::model::text::clean_text(&u, false).trim().to_string())
        .filter(|u| !u.is_empty())
}

/// The author recorded by default: `PASSERELLE_USER`, else the OS account.
pub fn current_user() -> String {
    user_from_env().unwrap_or_else(os_user)
}

/// The OS account name.
pub fn os_user() -> String {
    whoami::username()
}

/// A new id for a running program: process id, start time, and a counter (several
/// stores in one process, as in tests, are separate sessions).
fn new_session_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}-{nanos:x}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Current UTC time as stored (RFC 3339, seconds).
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
