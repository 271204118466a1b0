//! Whole-table dumps and raw restores, for the lossless JSON export and its import.
//!
//! A restore writes rows exactly as given (ids, versions, authors) without going
//! through the [`super::Writer`]: the dumped `batch` and `journal` rows are the history.

use rusqlite::{OptionalExtension, ToSql, Transaction, TransactionBehavior};

use super::write::value_from_ref;
use super::{Result, Store, StoreError, Table};
use crate::model::Value;

/// Catalogue tables that `init` fills and a restore may replace.
const CATALOGUE_TABLES: &[&str] = &["criterion", "difficulty_type", "module"];

/// The privacy traces (sensitive accesses, erasures): only in an export made
/// with `--include-sensitive`, the full backup that must give them back.
const PRIVACY_TABLES: &[&str] = &["sensitive_access", "erasure"];

/// Every table of a dump, parents before children (the order rows are restored in).
///
/// `sensitive_undo` is deliberately absent: it is never exported.
pub fn dump_tables() -> Vec<&'static str> {
    Table::ALL
        .iter()
        .map(|t| t.name())
        .chain(["batch", "journal"])
        .chain(PRIVACY_TABLES.iter().copied())
        .collect()
}

/// Schema version of the databases this program writes (and of its dumps).
pub fn schema_version() -> i64 {
    super::open::latest_version()
}

/// How a column is stored, from its declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Whole numbers (ids, versions, booleans, levels).
    Integer,
    /// Real numbers (hours).
    Real,
    /// Text, dates and codes.
    Text,
}

/// One column of a dumped table, as the schema declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Column name.
    pub name: String,
    /// Storage kind.
    pub kind: ColumnKind,
    /// Declared `NOT NULL` (the `id` primary key counts as not null).
    pub not_null: bool,
    /// Whether the schema gives a default value when the column is left out.
    pub has_default: bool,
}

/// One row: `(column, value)` pairs in schema order.
pub type DumpRow = Vec<(String, Value)>;

/// The rows of one table, ordered by id.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDump {
    /// SQL name of the table (one of [`dump_tables`]).
    pub table: &'static str,
    /// Rows ordered by id.
    pub rows: Vec<DumpRow>,
}

/// Why a restore wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// The target database already holds data.
    #[error("{0}")]
    NotEmpty(String),
    /// One row was refused by the database.
    #[error("table {table}, enregistrement {index}{} : {message}", id_suffix(*.id))]
    Row {
        /// Table name.
        table: String,
        /// 1-based position of the row within its table.
        index: usize,
        /// The row's id, when it has one.
        id: Option<i64>,
        /// The column at fault, when known.
        field: Option<String>,
        /// What is wrong, in French.
        message: String,
    },
    /// A row refers to a row that is not in the document (found at the end).
    #[error("table {table}{} : {message}", id_suffix(*.id))]
    Reference {
        /// Table name.
        table: String,
        /// The row's id, when it has one.
        id: Option<i64>,
        /// The reference column, when known.
        field: Option<String>,
        /// What is wrong, in French.
        message: String,
    },
    /// Any other database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn id_suffix(id: Option<i64>) -> String {
    id.map(|id| format!(" (id {id})")).unwrap_or_default()
}

impl From<rusqlite::Error> for RestoreError {
    fn from(error: rusqlite::Error) -> Self {
        RestoreError::Store(StoreError::from_sqlite(error))
    }
}

fn known_table(table: &str) -> Result<&'static str> {
    dump_tables()
        .into_iter()
        .find(|t| *t == table)
        .ok_or_else(|| StoreError::Invalid(format!("table « {table} » inconnue")))
}

fn columns_of(conn: &rusqlite::Connection, table: &str) -> Result<Vec<ColumnSpec>> {
    let table = known_table(table)?;
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let columns = stmt
        .query_map([], |r| {
            let declared: String = r.get(2)?;
            let primary_key: i64 = r.get(5)?;
            let default: Option<String> = r.get(4)?;
            Ok(ColumnSpec {
                name: r.get(1)?,
                kind: match declared.to_ascii_uppercase().as_str() {
                    "INTEGER" => ColumnKind::Integer,
                    "REAL" => ColumnKind::Real,
                    _ => ColumnKind::Text,
                },
                not_null: r.get::<_, bool>(3)? || primary_key > 0,
                has_default: default.is_some(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Derived columns are neither exported nor restored: the program sets them.
    Ok(columns
        .into_iter()
        .filter(|c| !DERIVED_COLUMNS.contains(&(table, c.name.as_str())))
        .collect())
}

/// Columns computed from others (see `store::write::student_sort_key`).
const DERIVED_COLUMNS: &[(&str, &str)] = &[("student", "sort_key")];

impl Store {
    /// The columns of a dumped table, in schema order.
    pub fn table_columns(&self, table: &str) -> Result<Vec<ColumnSpec>> {
        columns_of(self.conn(), table)
    }

    /// Every row of every dumped table, read in one consistent snapshot.
    ///
    /// Without `include_sensitive`, `life_note` rows, the grid values of
    /// *conditions de vie* criteria and the privacy traces are left out.
    pub fn dump(&self, include_sensitive: bool) -> Result<Vec<TableDump>> {
        // A read transaction, so that a colleague's commit cannot split the dump.
        let tx = self.conn().unchecked_transaction()?;
        let mut dumps = Vec::new();
        for table in dump_tables() {
            if !include_sensitive && PRIVACY_TABLES.contains(&table) {
                continue;
            }
            let filter = match table {
                _ if include_sensitive => "",
                "life_note" => " WHERE 0",
                "grid_value" => {
                    " WHERE criterion_id NOT IN \
                     (SELECT id FROM criterion WHERE domain = 'conditions_de_vie')"
                }
                _ => "",
            };
            let columns = columns_of(&tx, table)?;
            let names = columns
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ");
            let mut stmt =
                tx.prepare(&format!("SELECT {names} FROM {table}{filter} ORDER BY id"))?;
            let rows = stmt
                .query_map([], |r| {
                    columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Ok((c.name.clone(), value_from_ref(r.get_ref(i)?))))
                        .collect::<rusqlite::Result<DumpRow>>()
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            dumps.push(TableDump { table, rows });
        }
        tx.finish()?;
        Ok(dumps)
    }

    /// Starts a restore: one transaction, rolled back unless [`Restore::commit`] is called.
    ///
    /// Refuses a database with data of its own; removes the starter catalogue.
    /// References are checked at the end ([`Restore::dangling_references`]), so
    /// rows may come in any table order.
    pub fn begin_restore(&mut self) -> Result<Restore<'_>, RestoreError> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from_sqlite)?;
        refuse_if_not_empty(&tx)?;
        clear_catalogue_and_history(&tx)?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        Ok(Restore { tx })
    }
}

/// A restore under way: rows are written as they come, all in one transaction.
pub struct Restore<'s> {
    tx: Transaction<'s>,
}

impl Restore<'_> {
    /// Writes one row as it is; `index` is its 1-based place within its table.
    pub fn insert(&self, table: &str, index: usize, row: &DumpRow) -> Result<(), RestoreError> {
        let table = known_table(table)?;
        refuse_erasure_in_progress(table, index - 1, row)?;
        insert_raw(&self.tx, table, row)
            .map(|_| ())
            .map_err(|e| row_error(&self.tx, table, index - 1, row, e))
    }

    /// Rows whose reference points to no row (checked once every row is in).
    pub fn dangling_references(&self) -> Result<Vec<RestoreError>, RestoreError> {
        let mut stmt = self.tx.prepare("PRAGMA foreign_key_check")?;
        let found = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut errors = Vec::new();
        for (table, id, parent, key) in found {
            let column: Option<String> = self
                .tx
                .prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(3)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, column)| column);
            let value: Option<i64> = match (&column, id) {
                (Some(column), Some(id)) => self
                    .tx
                    .query_row(
                        &format!("SELECT \"{column}\" FROM \"{table}\" WHERE rowid = ?1"),
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten(),
                _ => None,
            };
            let value = value.map_or_else(String::new, |v| format!(" n° {v}"));
            errors.push(RestoreError::Reference {
                table,
                id,
                field: column,
                message: format!(
                    "référence vers {parent}{value} introuvable (absente du document)"
                ),
            });
        }
        Ok(errors)
    }

    /// How many rows of sensitive data were written, per kind ("life_note" …).
    pub fn sensitive_rows(&self) -> Result<Vec<(&'static str, i64)>, RestoreError> {
        let count = |sql: &str| self.tx.query_row(sql, [], |r| r.get::<_, i64>(0));
        let found = [
            ("life_note", count("SELECT count(*) FROM life_note")?),
            (
                "grid_value",
                count(
                    "SELECT count(*) FROM grid_value WHERE criterion_id IN \
                     (SELECT id FROM criterion WHERE domain = 'conditions_de_vie')",
                )?,
            ),
            (
                "journal",
                count(
                    "SELECT count(*) FROM journal WHERE sensitive = 1 \
                     AND (old_value IS NOT NULL OR new_value IS NOT NULL)",
                )?,
            ),
            (
                "sensitive_access",
                count("SELECT count(*) FROM sensitive_access")?,
            ),
        ];
        Ok(found.into_iter().filter(|(_, n)| *n > 0).collect())
    }

    /// Makes every written row permanent.
    pub fn commit(self) -> Result<(), RestoreError> {
        super::write::fill_sort_keys(&self.tx)?;
        self.tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(())
    }
}

/// Refuses a target holding anything but the starter catalogue and its history.
fn refuse_if_not_empty(tx: &Transaction) -> Result<(), RestoreError> {
    let count = |sql: &str| tx.query_row(sql, [], |r| r.get::<_, i64>(0));
    let students = count("SELECT count(*) FROM student")?;
    if students > 0 {
        return Err(RestoreError::NotEmpty(format!(
            "La base n'est pas vide ({students} élève(s)) : un export JSON ne se restaure \
             que dans une base neuve. Indiquez un nouveau fichier avec --db ; rien n'a été importé."
        )));
    }
    let mut others = 0;
    for table in Table::ALL.iter().map(|t| t.name()) {
        if !CATALOGUE_TABLES.contains(&table) {
            others += count(&format!("SELECT count(*) FROM {table}"))?;
        }
    }
    let foreign_history = count(
        "SELECT count(*) FROM journal WHERE entity NOT IN ('criterion', 'difficulty_type', 'module')",
    )?;
    for table in PRIVACY_TABLES {
        others += count(&format!("SELECT count(*) FROM {table}"))?;
    }
    if others > 0 || foreign_history > 0 {
        return Err(RestoreError::NotEmpty(
            "La base n'est pas vide (elle contient déjà des établissements, des sections, \
             des membres de l'équipe, un historique ou un journal des accès) : un export JSON \
             ne se restaure que dans une base neuve. Indiquez un nouveau fichier avec --db ; \
             rien n'a été importé."
                .into(),
        ));
    }
    Ok(())
}

/// An erasure marked in progress would lift the journal's append-only guard for good.
fn refuse_erasure_in_progress(
    table: &str,
    index: usize,
    row: &DumpRow,
) -> Result<(), RestoreError> {
    let in_progress = row
        .iter()
        .any(|(c, v)| c == "in_progress" && *v != Value::Int(0));
    if table == "erasure" && in_progress {
        return Err(RestoreError::Row {
            table: table.to_string(),
            index: index + 1,
            id: row
                .iter()
                .find(|(c, _)| c == "id")
                .and_then(|(_, v)| v.as_int()),
            field: Some("in_progress".into()),
            message: "valeur non autorisée : un effacement ne peut pas être restauré en cours"
                .into(),
        });
    }
    Ok(())
}

/// Removes the starter catalogue and the history of its installation.
fn clear_catalogue_and_history(tx: &Transaction) -> Result<(), RestoreError> {
    for table in ["module", "difficulty_type", "criterion", "sensitive_undo"] {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    let journal_rows: i64 = tx.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?;
    if journal_rows > 0 {
        // The journal is append-only; its guards are lifted inside this transaction only.
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal' \
             ORDER BY name",
        )?;
        let triggers = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
        }
        tx.execute("DELETE FROM journal", [])?;
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
    }
    tx.execute("DELETE FROM batch", [])?;
    Ok(())
}

fn insert_raw(tx: &Transaction, table: &str, row: &DumpRow) -> rusqlite::Result<usize> {
    let columns: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
    let placeholders: Vec<String> = (1..=row.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(", "),
        placeholders.join(", ")
    );
    let params: Vec<&dyn ToSql> = row.iter().map(|(_, v)| v as &dyn ToSql).collect();
    tx.prepare_cached(&sql)?.execute(params.as_slice())
}

/// Names the row, and the field when it can be found, of a refused insert.
fn row_error(
    tx: &Transaction,
    table: &str,
    index: usize,
    row: &DumpRow,
    error: rusqlite::Error,
) -> RestoreError {
    use rusqlite::ffi::ErrorCode;
    let id = row
        .iter()
        .find(|(c, _)| c == "id")
        .and_then(|(_, v)| v.as_int());
    let located = |field: Option<String>, message: String| RestoreError::Row {
        table: table.to_string(),
        index: index + 1,
        id,
        field,
        message,
    };
    if error.sqlite_error_code() != Some(ErrorCode::ConstraintViolation) {
        // A full disk, a lock or a read-only file is not this row's fault.
        return match StoreError::from_sqlite(error) {
            StoreError::Sqlite(error) => located(None, format!("refusé par la base ({error})")),
            other => RestoreError::Store(other),
        };
    }
    let text = error.to_string();
    let value_of = |field: &str| {
        row.iter()
            .find(|(c, _)| c == field)
            .map_or_else(|| "(absente)".to_string(), |(_, v)| v.display())
    };
    if text.contains("FOREIGN KEY") {
        return match missing_parent(tx, table, row) {
            Some((field, parent, value)) => located(
                Some(field),
                format!(
                    "référence vers {parent} n° {value} introuvable \
                     (absente du document ou placée après)"
                ),
            ),
            None => located(None, "référence vers une ligne introuvable".into()),
        };
    }
    let field = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty() && *word != table)
        .find(|word| row.iter().any(|(c, _)| c == word))
        .map(str::to_string);
    let shown = field.as_deref().map(value_of).unwrap_or_default();
    let message = if text.contains("UNIQUE") || text.contains("PRIMARY KEY") {
        format!("valeur « {shown} » en double (elle doit être unique)")
    } else if text.contains("NOT NULL") {
        "valeur obligatoire manquante".to_string()
    } else if text.contains("CHECK") {
        format!("valeur « {shown} » non autorisée")
    } else {
        format!("valeur refusée ({text})")
    };
    located(field, message)
}

/// The first foreign key of a row whose parent row does not exist.
fn missing_parent(tx: &Transaction, table: &str, row: &DumpRow) -> Option<(String, String, i64)> {
    let mut stmt = tx
        .prepare(&format!("PRAGMA foreign_key_list({table})"))
        .ok()?;
    let keys = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .ok()?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ok()?;
    keys.into_iter().find_map(|(parent, from, to)| {
        let value = row.iter().find(|(c, _)| *c == from)?.1.as_int()?;
        let to = to.unwrap_or_else(|| "id".to_string());
        let exists: Option<i64> = tx
            .query_row(
                &format!("SELECT 1 FROM {parent} WHERE {to} = ?1"),
                [value],
                |r| r.get(0),
            )
            .optional()
            .ok()?;
        exists.is_none().then_some((from, parent, value))
    })
}
