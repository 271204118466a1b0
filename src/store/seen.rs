//! Edits that remember what the user saw when they started: a three-way check per field.
//!
//! A form, text editor or picker takes a [`Seen`] copy of its row when it opens. On
//! save, only the fields the user changed are written; each must still hold the value
//! the user saw, or the save stops with a [`Conflict`] naming who changed it. Fields
//! changed by someone else meanwhile, and not by the user, are kept.

use rusqlite::OptionalExtension;

use super::write::{clean_values, value_from_ref};
use super::{Conflict, Result, Store, StoreError, Table, Writer};
use crate::model::Value;

/// A row as the user saw it when starting an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    /// The row's version then (`None`: the row did not exist yet).
    pub version: Option<i64>,
    /// Editable columns and their values then.
    pub values: Vec<(&'static str, Value)>,
}

impl Seen {
    /// A row that did not exist when the edit started: every field was empty.
    pub fn absent() -> Seen {
        Seen {
            version: None,
            values: Vec::new(),
        }
    }

    /// The value of `column` as seen (`Null` when unknown or absent).
    pub fn value(&self, column: &str) -> Value {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(Value::Null, |(_, v)| v.clone())
    }

    /// The changes (cleaned as the store would store them) that differ from what was seen.
    pub fn changed(
        &self,
        table: Table,
        changes: &[(&'static str, Value)],
    ) -> Result<Vec<(&'static str, Value)>> {
        Ok(clean_values(table, changes)?
            .into_iter()
            .filter(|(column, value)| *value != self.value(column))
            .collect())
    }
}

impl Store {
    /// The row `id` of `table` as it is now, to start an edit from.
    pub fn seen(&self, table: Table, id: i64) -> Result<Seen> {
        read_seen(self.conn(), table, id)
    }

    /// A grid cell as it is now (absent when never filled).
    pub fn seen_cell(&self, student_id: i64, criterion_id: i64) -> Result<Seen> {
        match cell_id(self.conn(), student_id, criterion_id)? {
            Some(id) => self.seen(Table::GridValue, id),
            None => Ok(Seen::absent()),
        }
    }
}

/// Id of the grid cell of one student and criterion, if it exists.
fn cell_id(conn: &rusqlite::Connection, student_id: i64, criterion_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM grid_value WHERE student_id = ?1 AND criterion_id = ?2")?
        .query_row([student_id, criterion_id], |r| r.get(0))
        .optional()?)
}

pub(super) fn read_seen(conn: &rusqlite::Connection, table: Table, id: i64) -> Result<Seen> {
    let columns = table.columns();
    let sql = format!(
        "SELECT version, {} FROM {} WHERE id = ?1",
        columns.join(", "),
        table.name()
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |row| {
            let version: i64 = row.get(0)?;
            let values = columns
                .iter()
                .enumerate()
                .map(|(i, c)| Ok((*c, value_from_ref(row.get_ref(i + 1)?))))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Seen {
                version: Some(version),
                values,
            })
        })
        .optional()?;
    Ok(row.unwrap_or_else(Seen::absent))
}

impl Writer<'_> {
    /// Writes the fields the user changed since `seen`, unless someone else changed
    /// one of them meanwhile (then [`StoreError::Conflict`], nothing written).
    ///
    /// Returns the row's version after the write.
    pub fn update_seen(
        &mut self,
        table: Table,
        id: i64,
        seen: &Seen,
        changes: &[(&'static str, Value)],
    ) -> Result<i64> {
        let mine = seen.changed(table, changes)?;
        let now = read_seen(self.tx(), table, id)?;
        let Some(version) = now.version else {
            return Err(StoreError::NotFound(format!(
                "{} n° {id} (supprimé depuis)",
                table.noun()
            )));
        };
        if mine.is_empty() {
            return Ok(version);
        }
        if seen.version != Some(version) {
            let clash = mine.iter().find(|(column, value)| {
                let theirs = now.value(column);
                theirs != seen.value(column) && theirs != *value
            });
            if let Some((column, value)) = clash {
                let (who, when): (String, String) = self.tx().query_row(
                    &format!(
                        "SELECT updated_by, updated_at FROM {} WHERE id = ?1",
                        table.name()
                    ),
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let sensitive = self.is_sensitive(table, id)?;
                return Err(StoreError::Conflict(Box::new(Conflict {
                    what: format!("{} n° {id}", table.noun()),
                    field: (*column).to_string(),
                    their_value: (!sensitive).then(|| now.value(column).display()),
                    my_value: (!sensitive).then(|| value.display()),
                    who,
                    when,
                    current_version: version,
                    table,
                    id,
                    changes: mine.clone(),
                })));
            }
        }
        self.update(table, id, version, &mine)
    }

    /// Like [`Writer::set_grid_cell`], checked against the cell as the user saw it.
    pub fn set_grid_cell_seen(
        &mut self,
        student_id: i64,
        criterion_id: i64,
        seen: &Seen,
        changes: &[(&'static str, Value)],
    ) -> Result<i64> {
        match cell_id(self.tx(), student_id, criterion_id)? {
            Some(id) => {
                self.update_seen(Table::GridValue, id, seen, changes)?;
                Ok(id)
            }
            None => self
                .set_grid_cell(student_id, criterion_id, None, changes)
                .map(|(id, _)| id),
        }
    }
}
