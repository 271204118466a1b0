//! Lossless JSON export of the whole database, and its restore into an empty one.
//!
//! The document is byte-stable: tables in restore order, rows by id, columns in
//! schema order, pretty-printed. Only `exported_at` depends on the time of the
//! export; a restore followed by an export gives back the same document except
//! for that line (use [`export_json_at`] to fix it).

use std::path::Path;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{ExportError, ImportError, ImportReport, Problem};
use crate::model::Value;
use crate::model::codes::*;
use crate::model::text::clean_text;
use crate::store::{
    ColumnKind, ColumnSpec, DumpRow, RestoreError, Store, StoreError, Table, TableDump,
    dump_tables, schema_version,
};

/// Value of the `format` key of every Passerelle JSON export.
pub const FORMAT: &str = "passerelle";

/// Stop listing problems past this many (the file is clearly not right).
const MAX_PROBLEMS: usize = 50;

/// Exports the database as a JSON document stamped with the current time.
pub fn export_json(store: &Store, include_sensitive: bool) -> Result<String, ExportError> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    export_json_at(store, include_sensitive, &now)
}

/// Exports the database as a JSON document with a given `exported_at` stamp.
pub fn export_json_at(
    store: &Store,
    include_sensitive: bool,
    exported_at: &str,
) -> Result<String, ExportError> {
    let tables = store.dump(include_sensitive)?;
    let document = Document {
        format: FORMAT,
        schema_version: schema_version(),
        exported_at,
        include_sensitive,
        tables: &tables,
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}

#[derive(serde::Serialize)]
struct Document<'a> {
    format: &'static str,
    schema_version: i64,
    exported_at: &'a str,
    include_sensitive: bool,
    #[serde(serialize_with = "serialize_tables")]
    tables: &'a [TableDump],
}

fn serialize_tables<S: Serializer>(tables: &&[TableDump], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(tables.len()))?;
    for table in tables.iter() {
        let rows: Vec<OrderedRow> = table.rows.iter().map(OrderedRow).collect();
        map.serialize_entry(table.table, &rows)?;
    }
    map.end()
}

/// A row serialised with its columns in schema order.
struct OrderedRow<'a>(&'a DumpRow);

impl Serialize for OrderedRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (column, value) in self.0 {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

/// Restores a JSON export into a database without data of its own.
///
/// The whole file is checked first; then every row is written as it is (same
/// ids, versions, authors and history) in one transaction. Nothing is written
/// if anything is wrong. A database holding only the starter catalogue of
/// `init` has that catalogue replaced by the document's.
pub fn import_json_file(store: &mut Store, path: &Path) -> Result<ImportReport, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ImportError::Problems(vec![Problem::new(
            path,
            None,
            None,
            format!("lecture impossible ({e})"),
        )])
    })?;
    import_json_str(store, &text, path)
}

/// Like [`import_json_file`], for a document already read; `path` names it in messages.
pub fn import_json_str(
    store: &mut Store,
    text: &str,
    path: &Path,
) -> Result<ImportReport, ImportError> {
    let document: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| {
            ImportError::Problems(vec![Problem::new(
                path,
                Some(e.line()),
                None,
                format!(
                    "JSON invalide (colonne {}) : {e} ; le fichier n'est pas un export complet",
                    e.column()
                ),
            )])
        })?;
    let mut checker = Checker {
        path,
        problems: Vec::new(),
        dropped: 0,
    };
    let (tables, include_sensitive) = checker.document(store, &document)?;
    if !checker.problems.is_empty() {
        return Err(checker.take_error());
    }
    let added = store.restore(&tables).map_err(|e| match e {
        RestoreError::Row {
            table,
            index,
            id,
            field,
            message,
        } => ImportError::Problems(vec![Problem::new(
            path,
            Some(index),
            field.as_deref(),
            format!("{} : {message}", record_name(&table, index, id)),
        )]),
        RestoreError::NotEmpty(message) => ImportError::Store(StoreError::Invalid(message)),
        RestoreError::Store(e) => ImportError::Store(e),
    })?;
    let mut skipped = Vec::new();
    if !include_sensitive {
        skipped.push(
            "export sans données sensibles : les conditions de vie n'ont pas été restaurées"
                .to_string(),
        );
    }
    Ok(ImportReport { added, skipped })
}

fn record_name(table: &str, index: usize, id: Option<i64>) -> String {
    match id {
        Some(id) => format!("table {table}, enregistrement {index} (id {id})"),
        None => format!("table {table}, enregistrement {index}"),
    }
}

/// Codes accepted by an enumerated column.
fn allowed_codes(table: &str, column: &str) -> Option<Vec<&'static str>> {
    Some(match (table, column) {
        ("section", "sector") => Sector::codes(),
        ("staff", "role") => StaffRole::codes(),
        ("criterion", "domain") => Domain::codes(),
        ("module", "module_type") => ModuleType::codes(),
        ("module", "competence") => CompetenceDomain::codes(),
        ("student", "schooling") => Schooling::codes(),
        ("student", "parcours_differencie") => ParcoursDifferencie::codes(),
        ("student", "verdict") => Verdict::codes(),
        ("student", "proposal") => Proposal::codes(),
        ("student", "decision_s2") => DecisionS2::codes(),
        ("student", "exit_cause") => ExitCause::codes(),
        ("student", "exit_destination") => ExitDestination::codes(),
        ("student", "diploma") => DiplomaOutcome::codes(),
        ("student", "exit_referral") => ExitReferral::codes(),
        ("life_note", "area") => LifeArea::codes(),
        ("checkin", "attendance") => Attendance::codes(),
        ("checkin", "progress") => Progress::codes(),
        ("checkin", "engagement") => Engagement::codes(),
        ("batch", "kind") => vec!["edit", "undo", "redo", "import"],
        ("journal", "op") => vec!["insert", "update", "delete"],
        ("sensitive_access", "action") => vec!["reveal", "export"],
        ("erasure", "kind") => vec!["forget", "purge"],
        _ => return None,
    })
}

/// Collects every problem of a document before anything is written.
struct Checker<'p> {
    path: &'p Path,
    problems: Vec<Problem>,
    dropped: usize,
}

impl Checker<'_> {
    fn push(&mut self, line: Option<usize>, field: Option<&str>, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems
                .push(Problem::new(self.path, line, field, message));
        } else {
            self.dropped += 1;
        }
    }

    fn take_error(&mut self) -> ImportError {
        if self.dropped > 0 {
            let message = format!("… et {} autre(s) problème(s)", self.dropped);
            self.problems
                .push(Problem::new(self.path, None, None, message));
            self.dropped = 0;
        }
        ImportError::Problems(std::mem::take(&mut self.problems))
    }

    /// Checks the envelope, then each table; returns the rows to restore.
    fn document(
        &mut self,
        store: &Store,
        document: &serde_json::Value,
    ) -> Result<(Vec<TableDump>, bool), ImportError> {
        let Some(top) = document.as_object() else {
            self.push(
                None,
                None,
                "le document doit être un objet JSON (export de Passerelle)".into(),
            );
            return Err(self.take_error());
        };
        if top.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            self.push(
                None,
                Some("format"),
                format!("ce fichier n'est pas un export de Passerelle (« format » doit valoir « {FORMAT} »)"),
            );
            return Err(self.take_error());
        }
        match top.get("schema_version").and_then(|v| v.as_i64()) {
            Some(v) if v > schema_version() => self.push(
                None,
                Some("schema_version"),
                format!(
                    "l'export vient d'une version plus récente de Passerelle (schéma {v}, \
                     cette version connaît jusqu'au schéma {}) ; mettez Passerelle à jour",
                    schema_version()
                ),
            ),
            Some(v) if v >= 1 => {}
            _ => self.push(
                None,
                Some("schema_version"),
                "numéro de schéma absent ou invalide".into(),
            ),
        }
        for key in top.keys() {
            if ![
                "format",
                "schema_version",
                "exported_at",
                "include_sensitive",
                "tables",
            ]
            .contains(&key.as_str())
            {
                self.push(None, Some(key), format!("clé « {key} » inconnue"));
            }
        }
        let include_sensitive = match top.get("include_sensitive") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => {
                self.push(
                    None,
                    Some("include_sensitive"),
                    "doit valoir true ou false".into(),
                );
                false
            }
        };
        let Some(tables) = top.get("tables").and_then(|t| t.as_object()) else {
            self.push(
                None,
                Some("tables"),
                "la liste des tables est absente ou n'est pas un objet".into(),
            );
            return Err(self.take_error());
        };
        let known = dump_tables();
        for name in tables.keys() {
            if !known.contains(&name.as_str()) {
                let message = if name == "sensitive_undo" {
                    "table « sensitive_undo » refusée : elle n'est jamais exportée".to_string()
                } else {
                    format!(
                        "table « {name} » inconnue (tables admises : {})",
                        known.join(", ")
                    )
                };
                self.push(None, Some(name), message);
            }
        }
        let mut dumps = Vec::new();
        for table in known {
            let Some(rows) = tables.get(table) else {
                continue;
            };
            let columns = store.table_columns(table)?;
            let Some(rows) = rows.as_array() else {
                self.push(
                    None,
                    Some(table),
                    format!("table {table} : une liste d'enregistrements est attendue"),
                );
                continue;
            };
            let rows = rows
                .iter()
                .enumerate()
                .filter_map(|(i, row)| self.row(table, &columns, i + 1, row))
                .collect();
            dumps.push(TableDump { table, rows });
        }
        Ok((dumps, include_sensitive))
    }

    /// Checks one record: an object with known columns and values of the right kind.
    fn row(
        &mut self,
        table: &str,
        columns: &[ColumnSpec],
        index: usize,
        row: &serde_json::Value,
    ) -> Option<DumpRow> {
        let Some(object) = row.as_object() else {
            let message = format!("{} : un objet est attendu", record_name(table, index, None));
            self.push(Some(index), None, message);
            return None;
        };
        let id = object.get("id").and_then(|v| v.as_i64());
        let place = record_name(table, index, id);
        let before = self.problems.len() + self.dropped;
        for key in object.keys() {
            if !columns.iter().any(|c| c.name == *key) {
                self.push(Some(index), Some(key), format!("{place} : champ inconnu"));
            }
        }
        let mut values = DumpRow::new();
        for column in columns {
            let name = column.name.as_str();
            let Some(json) = object.get(name) else {
                if column.not_null && !column.has_default {
                    self.push(
                        Some(index),
                        Some(name),
                        format!("{place} : champ obligatoire absent"),
                    );
                }
                continue;
            };
            // Text is cleaned like any input (a no-op on what Passerelle itself wrote).
            let multiline =
                table == "journal" || Table::from_name(table).is_some_and(|t| t.is_multiline(name));
            match convert(column, json).map(|v| clean(v, multiline)) {
                Ok(Value::Null) if column.not_null => {
                    self.push(
                        Some(index),
                        Some(name),
                        format!("{place} : valeur obligatoire manquante"),
                    );
                }
                Ok(value) => {
                    if let (Some(codes), Value::Text(code)) = (allowed_codes(table, name), &value)
                        && !codes.contains(&code.as_str())
                    {
                        self.push(
                            Some(index),
                            Some(name),
                            format!(
                                "{place} : valeur « {code} » inconnue (valeurs admises : {})",
                                codes.join(", ")
                            ),
                        );
                    }
                    values.push((name.to_string(), value));
                }
                Err(expected) => self.push(
                    Some(index),
                    Some(name),
                    format!("{place} : {expected} attendu, trouvé {json}"),
                ),
            }
        }
        (self.problems.len() + self.dropped == before).then_some(values)
    }
}

fn clean(value: Value, multiline: bool) -> Value {
    match value {
        Value::Text(text) => Value::Text(clean_text(&text, multiline)),
        other => other,
    }
}

/// Converts a JSON value for a column, or says what kind was expected.
fn convert(column: &ColumnSpec, json: &serde_json::Value) -> Result<Value, &'static str> {
    use serde_json::Value as J;
    match (column.kind, json) {
        (_, J::Null) => Ok(Value::Null),
        (ColumnKind::Integer, J::Number(n)) => n.as_i64().map(Value::Int).ok_or("un nombre entier"),
        (ColumnKind::Integer, _) => Err("un nombre entier"),
        (ColumnKind::Real, J::Number(n)) => n.as_f64().map(Value::Real).ok_or("un nombre"),
        (ColumnKind::Real, _) => Err("un nombre"),
        (ColumnKind::Text, J::String(s)) => Ok(Value::Text(s.clone())),
        (ColumnKind::Text, _) => Err("un texte"),
    }
}
