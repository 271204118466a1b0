//! A read snapshot: several reads that see the database as of one moment.

use super::{Result, Store};

/// An open read transaction; reads made through the store until [`ReadSnapshot::finish`]
/// see no commit of another session (SQLite's deferred transaction).
pub struct ReadSnapshot<'a>(rusqlite::Transaction<'a>);

impl ReadSnapshot<'_> {
    /// Ends the snapshot (nothing was written).
    pub fn finish(self) -> Result<()> {
        Ok(self.0.finish()?)
    }
}

impl Store {
    /// Starts a read snapshot, so that a colleague's commit cannot split a long export.
    pub fn read_snapshot(&self) -> Result<ReadSnapshot<'_>> {
        Ok(ReadSnapshot(self.conn().unchecked_transaction()?))
    }
}
