//! Undo and redo, read from the journal so they survive restarts.

use rusqlite::{OptionalExtension, params};

use super::write::{from_json, value_from_ref};
use super::{Conflict, Result, Store, StoreError, Table, Writer};
use crate::model::Value;

/// One journaled change, as needed to revert it.
struct Change {
    table: Table,
    entity_id: i64,
    op: String,
    field: Option<String>,
    old: Value,
    new: Value,
    /// The whole row (JSON) for inserts and deletes.
    row: Option<String>,
}

impl Store {
    /// Undoes this session's latest change still in effect; returns its label.
    ///
    /// Only changes made by this running program are offered: another session's
    /// changes, imports and the catalogue installation are never undone from here.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.undo_with(false)
    }

    /// Undoes this session's latest change even where someone changed it again
    /// since (the user saw both values and chose to overwrite).
    pub fn undo_overriding(&mut self) -> Result<Option<String>> {
        self.undo_with(true)
    }

    /// Label of the change `undo` would revert next.
    pub fn undo_label(&self) -> Result<Option<String>> {
        Ok(self.undo_target()?.map(|(_, label)| label))
    }

    fn undo_with(&mut self, overriding: bool) -> Result<Option<String>> {
        let Some((batch, label)) = self.undo_target()? else {
            return Ok(None);
        };
        self.write_batch(&format!("Annulation : {label}"), "undo", Some(batch), |w| {
            revert(w, batch, overriding)
        })?;
        Ok(Some(label))
    }

    fn undo_target(&self) -> Result<Option<(i64, String)>> {
        let target: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT b.id, b.label FROM batch b WHERE b.session = ?1 AND b.kind IN ('edit', 'redo') \
                 AND EXISTS (SELECT 1 FROM journal j WHERE j.batch_id = b.id) \
                 AND NOT EXISTS (SELECT 1 FROM batch u WHERE u.kind = 'undo' AND u.target = b.id) \
                 ORDER BY b.id DESC LIMIT 1",
                [self.session()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(target)
    }

    /// Redoes the change undone last, if nothing was changed since; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>> {
        let target: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT u.id, o.label FROM batch u JOIN batch o ON o.id = u.target \
                 WHERE u.session = ?1 AND u.kind = 'undo' \
                 AND NOT EXISTS (SELECT 1 FROM batch r WHERE r.kind = 'redo' AND r.target = u.id) \
                 AND NOT EXISTS (SELECT 1 FROM batch e WHERE e.session = ?1 AND e.kind = 'edit' AND e.id > u.id \
                                 AND EXISTS (SELECT 1 FROM journal j WHERE j.batch_id = e.id)) \
                 ORDER BY u.id DESC LIMIT 1",
                [self.session()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((batch, label)) = target else {
            return Ok(None);
        };
        self.write_batch(&label, "redo", Some(batch), |w| revert(w, batch, false))?;
        Ok(Some(label))
    }
}

/// Applies the inverse of every change of `batch`, newest first.
fn revert(w: &mut Writer, batch: i64, overriding: bool) -> Result<()> {
    for change in changes_of(w, batch)? {
        match change.op.as_str() {
            "update" => revert_update(w, &change, overriding)?,
            "insert" => {
                let version: Option<i64> = w
                    .tx()
                    .query_row(
                        &format!("SELECT version FROM {} WHERE id = ?1", change.table.name()),
                        [change.entity_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(version) = version {
                    w.delete(change.table, change.entity_id, version)?;
                }
            }
            _ => {
                let row = change.row.as_deref().ok_or_else(too_old)?;
                let map: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(row).map_err(|_| too_old())?;
                let values: Vec<(&str, Value)> = change
                    .table
                    .columns()
                    .iter()
                    .filter_map(|c| {
                        map.get(*c)
                            .map(|v| (*c, serde_json::from_value(v.clone()).unwrap_or(Value::Null)))
                    })
                    .collect();
                w.insert_row(change.table, Some(change.entity_id), &values)?;
            }
        }
    }
    Ok(())
}

fn revert_update(w: &mut Writer, change: &Change, overriding: bool) -> Result<()> {
    let field = change.field.as_deref().ok_or_else(too_old)?;
    let current: Option<(Value, i64, String, String)> = w
        .tx()
        .query_row(
            &format!(
                "SELECT {field}, version, updated_by, updated_at FROM {} WHERE id = ?1",
                change.table.name()
            ),
            [change.entity_id],
            |r| {
                Ok((
                    value_from_ref(r.get_ref(0)?),
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )
        .optional()?;
    let Some((value, version, who, when)) = current else {
        return Err(StoreError::NotFound(format!(
            "{} n° {} (supprimé depuis)",
            change.table.noun(),
            change.entity_id
        )));
    };
    if value != change.new && !overriding {
        let sensitive = w.is_sensitive(change.table, change.entity_id)?;
        return Err(StoreError::Conflict(Box::new(Conflict {
            what: format!("{} n° {}", change.table.noun(), change.entity_id),
            field: field.to_string(),
            their_value: (!sensitive).then(|| value.display()),
            my_value: (!sensitive).then(|| change.old.display()),
            who,
            when,
            current_version: version,
            table: change.table,
            id: change.entity_id,
            changes: super::write::static_column(change.table, field)
                .map(|c| vec![(c, change.old.clone())])
                .unwrap_or_default(),
        })));
    }
    w.update(
        change.table,
        change.entity_id,
        version,
        &[(field, change.old.clone())],
    )?;
    Ok(())
}

fn changes_of(w: &Writer, batch: i64) -> Result<Vec<Change>> {
    let mut stmt = w.tx().prepare(
        "SELECT j.id, j.entity, j.entity_id, j.op, j.field, \
         CASE WHEN j.sensitive THEN s.old_value ELSE j.old_value END, \
         CASE WHEN j.sensitive THEN s.new_value ELSE j.new_value END, j.sensitive, s.journal_id IS NOT NULL \
         FROM journal j LEFT JOIN sensitive_undo s ON s.journal_id = j.id \
         WHERE j.batch_id = ?1 ORDER BY j.id DESC",
    )?;
    let rows = stmt
        .query_map(params![batch], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(_journal_id, entity, entity_id, op, field, old, new, sensitive, kept)| {
                if sensitive && !kept {
                    return Err(too_old());
                }
                let table = Table::from_name(&entity).ok_or_else(too_old)?;
                let row = match op.as_str() {
                    "insert" => new.clone(),
                    "delete" => old.clone(),
                    _ => None,
                };
                let (old, new) = if op == "update" {
                    (from_json(old.as_deref()), from_json(new.as_deref()))
                } else {
                    (Value::Null, Value::Null)
                };
                Ok(Change {
                    table,
                    entity_id,
                    op,
                    field,
                    old,
                    new,
                    row,
                })
            },
        )
        .collect()
}

fn too_old() -> StoreError {
    StoreError::Invalid("Cette modification est trop ancienne pour être annulée.".into())
}
