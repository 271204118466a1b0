//! Journaled, optimistic writes inside one transaction.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, ToSql, Transaction, params};

use super::{Conflict, Result, StoreError, Table, now_stamp};
use crate::model::Value;
use crate::model::text::{clean_text, fold_into};

pub(crate) use super::clean::clean_values;

/// How many sensitive undo values are kept (the rest are forgotten).
const SENSITIVE_UNDO_KEEP: i64 = 200;

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Real(r) => ToSqlOutput::Owned(rusqlite::types::Value::Real(*r)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

/// Converts a column read from SQLite into a model value.
pub(crate) fn value_from_ref(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

pub(crate) fn to_json(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

pub(crate) fn from_json(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null)
}

/// Who writes: the name recorded as author, the OS account, the running program.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Author<'s> {
    pub user: &'s str,
    pub os_user: &'s str,
    pub session: &'s str,
}

/// One open write transaction; every change it makes is journaled in one batch.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    user: String,
    now: String,
    batch_id: i64,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(
        tx: Transaction<'a>,
        author: Author<'_>,
        label: &str,
        kind: &str,
        target: Option<i64>,
    ) -> Result<Self> {
        let now = now_stamp();
        tx.execute(
            "INSERT INTO batch (at, user, label, kind, target, session, os_user) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                now,
                author.user,
                clean_text(label, false),
                kind,
                target,
                author.session,
                author.os_user
            ],
        )?;
        let batch_id = tx.last_insert_rowid();
        Ok(Writer {
            tx,
            user: author.user.to_string(),
            now,
            batch_id,
        })
    }

    pub(crate) fn commit(self) -> Result<()> {
        // A batch that changed nothing is not kept: it would be an empty step for undo.
        self.tx.execute(
            "DELETE FROM batch WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM journal WHERE batch_id = ?1)",
            [self.batch_id],
        )?;
        self.tx.commit().map_err(StoreError::from_sqlite)
    }

    /// Id of the journal batch this transaction writes.
    pub fn batch_id(&self) -> i64 {
        self.batch_id
    }

    pub(crate) fn tx(&self) -> &Transaction<'a> {
        &self.tx
    }

    /// Inserts a row and returns its id.
    pub fn insert(&mut self, table: Table, values: &[(&str, Value)]) -> Result<i64> {
        self.insert_row(table, None, values)
    }

    /// Inserts a row with a given id (restores and undo of a deletion).
    pub(crate) fn insert_row(
        &mut self,
        table: Table,
        id: Option<i64>,
        values: &[(&str, Value)],
    ) -> Result<i64> {
        let values = clean_values(table, values)?;
        let mut columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
        let mut params: Vec<&dyn ToSql> = values.iter().map(|(_, v)| v as &dyn ToSql).collect();
        if let Some(id) = &id {
            columns.push("id");
            params.push(id);
        }
        columns.extend(["updated_at", "updated_by"]);
        params.push(&self.now);
        params.push(&self.user);
        let placeholders = (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name(),
            columns.join(", "),
            placeholders.join(", ")
        );
        self.tx
            .prepare_cached(&sql)?
            .execute(params.as_slice())
            .map_err(|e| constraint_error(table, e))?;
        let id = self.tx.last_insert_rowid();
        if table == Table::Student {
            refresh_sort_key(&self.tx, id)?;
        }
        let sensitive = self.is_sensitive(table, id)?;
        let row = self.row_json(table, id)?;
        self.journal(table, id, "insert", None, None, Some(&row), sensitive)?;
        Ok(id)
    }

    /// Sets columns of one row, if it is still at `expected_version`.
    ///
    /// Returns the new version. Fails with [`StoreError::Conflict`] naming who
    /// changed the row since it was read; nothing is overwritten.
    pub fn update(
        &mut self,
        table: Table,
        id: i64,
        expected_version: i64,
        changes: &[(&str, Value)],
    ) -> Result<i64> {
        let changes = clean_values(table, changes)?;
        let columns: Vec<&str> = changes.iter().map(|(c, _)| *c).collect();
        let sql = format!(
            "SELECT version, updated_by, updated_at, {} FROM {} WHERE id = ?1",
            columns.join(", "),
            table.name()
        );
        let current = self
            .tx
            .query_row(&sql, [id], |row| {
                let olds = (0..columns.len())
                    .map(|i| row.get_ref(i + 3).map(value_from_ref))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    olds,
                ))
            })
            .optional()?;
        let Some((version, who, when, olds)) = current else {
            return Err(StoreError::NotFound(format!("{} n° {id}", table.noun())));
        };
        let sensitive = self.is_sensitive(table, id)?;
        if version != expected_version {
            let index = changes
                .iter()
                .zip(&olds)
                .position(|((_, new), old)| new != old);
            let (field, mine) = &changes[index.unwrap_or(0)];
            let theirs = &olds[index.unwrap_or(0)];
            return Err(StoreError::Conflict(Box::new(Conflict {
                what: format!("{} n° {id}", table.noun()),
                field: (*field).to_string(),
                their_value: (!sensitive).then(|| theirs.display()),
                my_value: (!sensitive).then(|| mine.display()),
                who,
                when,
                current_version: version,
                table,
                id,
                changes: changes
                    .iter()
                    .filter_map(|(c, v)| static_column(table, c).map(|c| (c, v.clone())))
                    .collect(),
            })));
        }
        let changed: Vec<(&(&str, Value), &Value)> = changes
            .iter()
            .zip(&olds)
            .filter(|((_, new), old)| new != *old)
            .collect();
        if changed.is_empty() {
            return Ok(version);
        }
        let sets = changed
            .iter()
            .enumerate()
            .map(|(i, ((column, _), _))| format!("{column} = ?{}", i + 1))
            .collect::<Vec<_>>();
        let n = changed.len();
        let sql = format!(
            "UPDATE {} SET {}, version = version + 1, updated_at = ?{}, updated_by = ?{} \
             WHERE id = ?{} AND version = ?{}",
            table.name(),
            sets.join(", "),
            n + 1,
            n + 2,
            n + 3,
            n + 4
        );
        let mut params: Vec<&dyn ToSql> =
            changed.iter().map(|((_, v), _)| v as &dyn ToSql).collect();
        params.extend([&self.now as &dyn ToSql, &self.user, &id, &expected_version]);
        self.tx
            .execute(&sql, params.as_slice())
            .map_err(|e| constraint_error(table, e))?;
        if table == Table::Student
            && changed
                .iter()
                .any(|((column, _), _)| ["last_name", "first_name"].contains(column))
        {
            refresh_sort_key(&self.tx, id)?;
        }
        for ((column, new), old) in changed {
            self.journal(
                table,
                id,
                "update",
                Some(column),
                Some(&to_json(old)),
                Some(&to_json(new)),
                sensitive,
            )?;
        }
        Ok(version + 1)
    }

    /// Deletes a row still at `expected_version`; the journal keeps it for undo.
    pub fn delete(&mut self, table: Table, id: i64, expected_version: i64) -> Result<()> {
        let version: Option<(i64, String, String)> = self
            .tx
            .query_row(
                &format!(
                    "SELECT version, updated_by, updated_at FROM {} WHERE id = ?1",
                    table.name()
                ),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((version, who, when)) = version else {
            return Err(StoreError::NotFound(format!("{} n° {id}", table.noun())));
        };
        if version != expected_version {
            return Err(StoreError::Conflict(Box::new(Conflict {
                what: format!("{} n° {id}", table.noun()),
                field: "suppression".into(),
                their_value: None,
                my_value: None,
                who,
                when,
                current_version: version,
                table,
                id,
                changes: Vec::new(),
            })));
        }
        let sensitive = self.is_sensitive(table, id)?;
        let row = self.row_json(table, id)?;
        self.tx
            .execute(&format!("DELETE FROM {} WHERE id = ?1", table.name()), [id])
            .map_err(|e| constraint_error(table, e))?;
        self.journal(table, id, "delete", None, Some(&row), None, sensitive)
    }

    /// Whether a row holds sensitive data (life notes, conditions de vie levels).
    pub(crate) fn is_sensitive(&self, table: Table, id: i64) -> Result<bool> {
        if !table.may_be_sensitive() {
            // The one list of such tables: bulk inserts rely on it.
            return Ok(false);
        }
        Ok(match table {
            Table::LifeNote => true,
            Table::GridValue => self
                .tx
                .prepare_cached(
                    "SELECT c.domain = 'conditions_de_vie' FROM grid_value g \
                     JOIN criterion c ON c.id = g.criterion_id WHERE g.id = ?1",
                )?
                .query_row([id], |r| r.get(0))
                .optional()?
                .unwrap_or(false),
            _ => false,
        })
    }

    /// The editable columns of a row, as a JSON object.
    pub(crate) fn row_json(&self, table: Table, id: i64) -> Result<String> {
        let columns = table.columns();
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            columns.join(", "),
            table.name()
        );
        let json = RowJson::new(columns);
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row([id], |row| json.write(row, 0))?)
    }

    /// When this transaction writes and who: the `updated_at` and `updated_by` of its rows.
    pub(super) fn stamp(&self) -> (&str, &str) {
        (&self.now, &self.user)
    }

    #[allow(clippy::too_many_arguments)]
    fn journal(
        &mut self,
        table: Table,
        id: i64,
        op: &str,
        field: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
        sensitive: bool,
    ) -> Result<()> {
        let student_id: Option<i64> = match table.student_column() {
            Some("id") => Some(id),
            Some(column) => self
                .tx
                .prepare_cached(&format!(
                    "SELECT {column} FROM {} WHERE id = ?1",
                    table.name()
                ))?
                .query_row([id], |r| r.get(0))
                .optional()?
                .or_else(|| old.and_then(|o| student_of_json(o, column))),
            None => None,
        };
        let (shown_old, shown_new) = if sensitive { (None, None) } else { (old, new) };
        self.tx.prepare_cached(
            "INSERT INTO journal (batch_id, entity, entity_id, student_id, op, field, old_value, new_value, sensitive) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?.execute(
            params![self.batch_id, table.name(), id, student_id, op, field, shown_old, shown_new, sensitive],
        )?;
        if sensitive {
            let journal_id = self.tx.last_insert_rowid();
            self.tx.prepare_cached(
                "INSERT INTO sensitive_undo (journal_id, old_value, new_value) VALUES (?1, ?2, ?3)",
            )?.execute(
                params![journal_id, old, new],
            )?;
            self.tx.prepare_cached(
                "DELETE FROM sensitive_undo WHERE journal_id <= \
                 (SELECT journal_id FROM sensitive_undo ORDER BY journal_id DESC LIMIT 1 OFFSET ?1)",
            )?.execute(
                [SENSITIVE_UNDO_KEEP],
            )?;
        }
        Ok(())
    }
}

/// The JSON object the journal keeps for an inserted or deleted row: its editable
/// columns, keys in sorted order as a `serde_json::Map` writes them.
pub(super) struct RowJson<'c> {
    columns: &'c [&'c str],
    /// Column indexes in key order, each with its `"key":`.
    keys: Vec<(usize, String)>,
}

impl<'c> RowJson<'c> {
    pub(super) fn new(columns: &'c [&'c str]) -> Self {
        let mut keys: Vec<(usize, String)> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (i, format!("{}:", serde_json::Value::from(*c))))
            .collect();
        keys.sort_unstable_by_key(|(i, _)| columns[*i]);
        RowJson { columns, keys }
    }

    /// The object of a row read from SQLite, whose columns start at index `first`.
    pub(super) fn write(&self, row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<String> {
        let mut out = Vec::with_capacity(24 * self.columns.len());
        out.push(b'{');
        for (n, (i, key)) in self.keys.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            // Writing into a Vec cannot fail.
            let _ = match row.get_ref(first + i)? {
                ValueRef::Null => serde_json::to_writer(&mut out, &()),
                ValueRef::Integer(v) => serde_json::to_writer(&mut out, &v),
                ValueRef::Real(v) => serde_json::to_writer(&mut out, &v),
                // Text read back from the store is UTF-8: checked, not copied.
                ValueRef::Text(t) | ValueRef::Blob(t) => match std::str::from_utf8(t) {
                    Ok(text) => serde_json::to_writer(&mut out, text),
                    Err(_) => serde_json::to_writer(&mut out, &String::from_utf8_lossy(t)),
                },
            };
        }
        out.push(b'}');
        // Keys and serde_json's output are UTF-8.
        Ok(String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}

/// A student's place in the class list (schema 11's `student.sort_key`): the folded
/// last name, U+0001, the folded first name. Ordered by bytes, as SQLite's index
/// orders it, it gives the order of [`crate::store::name_key`] (ties: by id), since a
/// folded name holds no character below U+0020.
pub fn student_sort_key(last_name: &str, first_name: &str) -> String {
    let mut key = String::with_capacity(last_name.len() + first_name.len() + 1);
    fold_into(&mut key, last_name);
    key.push('\u{1}');
    fold_into(&mut key, first_name);
    key
}

/// Sets the sort key of one student from the names it has now (not journaled: it is
/// derived, and undoing a name change sets it again).
fn refresh_sort_key(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    let names: (String, String) = conn
        .prepare_cached("SELECT last_name, first_name FROM student WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    conn.prepare_cached("UPDATE student SET sort_key = ?2 WHERE id = ?1")?
        .execute(params![id, student_sort_key(&names.0, &names.1)])?;
    Ok(())
}

/// Whether some student has no sort key yet (the index finds one without a scan).
pub(crate) fn sort_keys_missing(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM student WHERE sort_key IS NULL)",
        [],
        |r| r.get(0),
    )?)
}

/// Fills the sort keys still missing: every student of a file written before schema
/// 11, the rows of a JSON restore. The index finds them (NULL first) without a scan.
/// Inside the caller's transaction if there is one, else in one of its own.
pub(crate) fn fill_sort_keys(conn: &rusqlite::Connection) -> Result<()> {
    if !sort_keys_missing(conn)? {
        return Ok(());
    }
    let own = conn
        .is_autocommit()
        .then(|| conn.unchecked_transaction())
        .transpose()?;
    let names = conn
        .prepare("SELECT id, last_name, first_name FROM student WHERE sort_key IS NULL")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    {
        let mut set = conn.prepare("UPDATE student SET sort_key = ?2 WHERE id = ?1")?;
        for (id, last, first) in names {
            set.execute(params![id, student_sort_key(&last, &first)])?;
        }
    }
    if let Some(tx) = own {
        tx.commit()?;
    }
    Ok(())
}

/// The `'static` name of one of `table`'s columns.
pub(crate) fn static_column(table: Table, column: &str) -> Option<&'static str> {
    table.columns().iter().copied().find(|c| *c == column)
}

fn student_of_json(json: &str, column: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()?
        .get(column)?
        .as_i64()
}

/// Words a constraint failure for the user.
pub(super) fn constraint_error(table: Table, error: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::ErrorCode;
    if error.sqlite_error_code() != Some(ErrorCode::ConstraintViolation) {
        return StoreError::from_sqlite(error);
    }
    let message = error.to_string();
    let noun = table.noun();
    let field = message
        .split(|c: char| c == '.' || c == ':' || c == '(' || c.is_whitespace())
        .find(|word| table.columns().contains(word))
        .unwrap_or("?");
    let text = if message.contains("hours_grant_module_once") {
        format!("{noun} : ce module a déjà une dotation pour cette année et cet établissement")
    } else if message.contains("UNIQUE") {
        format!("{noun} : la valeur du champ « {field} » existe déjà")
    } else if message.contains("CHECK") {
        format!("{noun} : valeur non autorisée pour le champ « {field} »")
    } else if message.contains("FOREIGN KEY") {
        format!("{noun} : référence vers un élément qui n'existe pas")
    } else if message.contains("NOT NULL") {
        format!("{noun} : le champ « {field} » est obligatoire")
    } else {
        format!("{noun} : valeur refusée ({message})")
    };
    StoreError::Invalid(text)
}
