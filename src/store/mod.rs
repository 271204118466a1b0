//! The only module that talks to SQLite: opening, migrations, reads, journaled writes.

mod bulk;
mod bulk_json;
mod calendar;
mod catalogue;
mod changes;
mod checks;
mod clean;
mod create;
mod dash;
mod dump;
mod erase;
mod error;
mod hours;
mod meeting;
mod open;
mod planner;
mod privacy;
mod read;
mod seen;
mod sheet;
mod snapshot;
mod stats;
mod stream;
mod tables;
mod undo;
mod write;

pub use calendar::date_change;
pub use catalogue::CatalogueChanges;
pub use changes::{ColumnChange, columns};
pub use clean::CleanStudent;
pub use create::NewStudent;
pub use dump::{
    ColumnKind, ColumnSpec, DumpRow, Restore, RestoreError, TableDump, dump_tables, schema_version,
};
pub use erase::{
    ErasedCohort, ErasedStudent, ErasureCounts, ErasurePlan, ErasureScope, Mention, Scrub,
    parse_school_year,
};
pub use error::{Conflict, ReadOnlyCause, StoreError};
pub use hours::{GrantEdit, GrantOutcome};
pub use meeting::{MeetingSummary, MeetingTarget};
pub use open::{OpenCheck, QuickCheck, default_db_path};
pub use planner::{GroupRow, NewGroup, Pattern, Placement, RollLine};
pub use privacy::{ErasureRecord, SensitiveAccess, SensitiveAction};
pub use read::*;
pub use seen::Seen;
pub use snapshot::ReadSnapshot;
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
    /// Set when opened for reading only: every write is refused with [`StoreError::ReadOnly`].
    read_only: Option<ReadOnlyCause>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, checks and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store::on_file(
            open::open_file(path, QuickCheck::Now)?,
            path,
        ))
    }

    /// Opens like [`Store::open`] but leaves the integrity quick check to
    /// [`Store::spawn_quick_check`], so that the TUI can draw its first screen first.
    pub fn open_without_check(path: &Path) -> Result<Store> {
        Ok(Store::on_file(
            open::open_file(path, QuickCheck::Background)?,
            path,
        ))
    }

    /// Opens like [`Store::open`] for a command that only reads: the integrity
    /// quick check (which reads every page) runs only if the schema must be
    /// migrated first. A read of a damaged page still fails with an error.
    pub fn open_to_read(path: &Path) -> Result<Store> {
        Ok(Store::on_file(
            open::open_file(path, QuickCheck::BeforeMigration)?,
            path,
        ))
    }

    fn on_file(conn: rusqlite::Connection, path: &Path) -> Store {
        Store {
            conn,
            user: current_user(),
            os_user: os_user(),
            session: new_session_id(),
            path: Some(path.to_path_buf()),
            read_only: None,
        }
    }

    /// Opens an existing database for reading only, for a review when the file or its
    /// folder cannot be written (`cause`, from [`StoreError::read_only_cause`]): every
    /// write is then refused with a French message, nothing is ever written.
    pub fn open_read_only(path: &Path, cause: ReadOnlyCause) -> Result<Store> {
        let conn = open::open_read_only(path)?;
        Ok(Store {
            conn,
            user: current_user(),
            os_user: os_user(),
            session: new_session_id(),
            path: Some(path.to_path_buf()),
            read_only: Some(cause),
        })
    }

    /// Why this store cannot write, if it was opened for reading only.
    pub fn read_only(&self) -> Option<ReadOnlyCause> {
        self.read_only
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
            read_only: None,
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
    /// Its page cache is larger while it runs ([`IMPORT_CACHE_KIB`]).
    pub fn write_import<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Writer) -> Result<T>,
    ) -> Result<T> {
        // The pages an import changes stay in memory until the commit, instead of
        // being spilled to the WAL and read back (10,000 pupils: about 10 MB).
        let previous: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        // Each multi-row INSERT keeps the pages it changes in a statement journal (to
        // undo that statement alone); past 64 KiB SQLite writes it to a temporary file,
        // about 30 % of an import's time in system calls. In memory, it is only as
        // large as one statement's pages. Read when the transaction begins.
        let temp_store: i64 = self.conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = -{IMPORT_CACHE_KIB}; PRAGMA temp_store = MEMORY;"
        ))?;
        let written = self.write_batch(label, "import", None, f);
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = {previous}; PRAGMA temp_store = {temp_store};"
        ))?;
        written
    }

    fn write_batch<T>(
        &mut self,
        label: &str,
        kind: &str,
        target: Option<i64>,
        f: impl FnOnce(&mut Writer) -> Result<T>,
    ) -> Result<T> {
        if let Some(cause) = self.read_only {
            return Err(StoreError::ReadOnly(cause));
        }
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

/// Page cache of an import's transaction, in KiB (SQLite's default is 2,000 KiB): it
/// grows only as pages are changed, and spills past this, as before.
pub const IMPORT_CACHE_KIB: i64 = 64 * 1024;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// An import's larger page cache and in-memory statement journal are its own:
    /// the connection has its settings back after it, written or refused.
    #[test]
    fn an_import_gives_its_settings_back() {
        let mut store = Store::open_in_memory().expect("open");
        let settings = |store: &Store| -> (i64, i64) {
            let read = |pragma: &str| {
                store
                    .conn()
                    .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                    .expect("pragma")
            };
            (read("cache_size"), read("temp_store"))
        };
        let before = settings(&store);
        let during = store
            .write_import("import", |w| {
                w.ensure_default_establishment()?;
                let read = |pragma: &str| -> Result<i64> {
                    Ok(w.tx()
                        .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?)
                };
                Ok((read("cache_size")?, read("temp_store")?))
            })
            .expect("import");
        assert_eq!(during, (-IMPORT_CACHE_KIB, 2));
        assert_eq!(settings(&store), before);
        let refused: Result<()> =
            store.write_import("refusé", |_| Err(StoreError::Invalid("non".into())));
        assert!(refused.is_err());
        assert_eq!(settings(&store), before);
    }

    /// A disk that fills up, simulated by SQLite's own page limit: the write is
    /// rolled back and told in French, not as a damaged database.
    #[test]
    fn a_full_disk_is_told_apart() {
        let mut store = Store::open_in_memory().expect("open");
        store.init().expect("catalogue");
        let pages: i64 = store
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("pages");
        store
            .conn()
            .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
            .expect("limit");
        let error = store
            .write("beaucoup", |w| {
                for i in 0..2000 {
                    w.add_staff(
                        &format!("Nom {i} {}", "x".repeat(200)),
                        "Sam",
                        crate::model::StaffRole::Autre,
                    )?;
                }
                Ok(())
            })
            .expect_err("full");
        assert!(matches!(error, StoreError::DiskFull), "{error:?}");
        assert!(
            error.to_string().starts_with("Le disque est plein"),
            "{error}"
        );
        assert!(store.staff().expect("staff").is_empty(), "rolled back");
    }
}
