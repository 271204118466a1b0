//! Streaming restore of a JSON export: each row is checked and written as it is
//! read, inside one transaction committed only if nothing at all was wrong. The
//! file is never held whole in memory (a pipe works as well as a file).
//!
//! The envelope keys `format` and `schema_version` must come before `tables`, as
//! Passerelle writes them: rows are read knowing which version wrote them.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::FORMAT;
use super::check::{Checker, record_name, upgrade_row};
use crate::io::{ImportError, ImportReport, Problem, input};
use crate::store::{
    ColumnSpec, Restore, RestoreError, Store, StoreError, dump_tables, schema_version,
};

/// Largest JSON export read (1 Gio); a real one of several years weighs about 130 Mio.
pub const MAX_JSON_BYTES: u64 = 1024 * 1024 * 1024;

/// Longest text of one field of a JSON export, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Restores a JSON export into a database without data of its own.
///
/// Every row is written as it is (same ids, versions, authors and history) in one
/// transaction, committed only if the whole file is right: otherwise nothing is
/// written and every problem is returned. A database holding only the starter
/// catalogue of `init` has that catalogue replaced by the document's. Exports of
/// earlier versions are brought up to the current schema as they are read.
pub fn import_json_file(store: &mut Store, path: &Path) -> Result<ImportReport, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| {
        ImportError::Problems(vec![Problem::new(path, None, None, input::io_reason(&e))])
    })?;
    if file.metadata().is_ok_and(|m| m.len() > MAX_JSON_BYTES) {
        return Err(ImportError::Problems(vec![too_big(path)]));
    }
    import_json_reader(store, BufReader::new(file), path)
}

/// Like [`import_json_file`], for a document already read; `path` names it in messages.
pub fn import_json_str(
    store: &mut Store,
    text: &str,
    path: &Path,
) -> Result<ImportReport, ImportError> {
    import_json_reader(store, text.as_bytes(), path)
}

fn too_big(path: &Path) -> Problem {
    Problem::new(
        path,
        None,
        None,
        format!(
            "fichier trop gros (plus de {}) : ce n'est pas un export de Passerelle",
            input::mebibytes(MAX_JSON_BYTES)
        ),
    )
}

/// Reads at most [`MAX_JSON_BYTES`], then fails.
struct Capped<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.exceeded = true;
            return Err(std::io::Error::other("fichier trop gros"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn import_json_reader(
    store: &mut Store,
    mut reader: impl BufRead,
    path: &Path,
) -> Result<ImportReport, ImportError> {
    let unreadable = |e: std::io::Error| {
        ImportError::Problems(vec![Problem::new(path, None, None, input::io_reason(&e))])
    };
    if reader
        .fill_buf()
        .map_err(unreadable)?
        .starts_with(b"\xEF\xBB\xBF")
    {
        reader.consume(3);
    }
    let mut columns = HashMap::new();
    for table in dump_tables() {
        columns.insert(table, store.table_columns(table)?);
    }
    let restore = store.begin_restore().map_err(store_error)?;
    let mut restorer = Restorer {
        checker: Checker::new(path),
        restore,
        columns,
        format: None,
        version: None,
        include_sensitive: None,
        tables_seen: false,
        students: 0,
        rows: 0,
        fatal: None,
    };
    let mut capped = Capped {
        inner: reader,
        left: MAX_JSON_BYTES,
        exceeded: false,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(&mut capped);
    let read = Document(&mut restorer)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Some(fatal) = restorer.fatal.take() {
        return Err(fatal);
    }
    match read {
        Err(_) if capped.exceeded => restorer.checker.problems.push(too_big(path)),
        Err(e) => restorer.checker.push(
            Some(e.line()),
            None,
            format!(
                "JSON invalide (colonne {}) : {e} ; le fichier n'est pas un export complet",
                e.column()
            ),
        ),
        Ok(()) => restorer.finish()?,
    }
    if restorer.checker.any() {
        // Dropping the restore rolls back every row written so far.
        return Err(restorer.checker.take_error());
    }
    let include_sensitive = restorer.include_sensitive == Some(true);
    let report = ImportReport {
        added: restorer.students,
        restored_rows: restorer.rows,
        skipped: if include_sensitive {
            Vec::new()
        } else {
            vec![
                "export sans données sensibles : les conditions de vie n'ont pas été restaurées"
                    .to_string(),
            ]
        },
    };
    restorer.restore.commit().map_err(store_error)?;
    Ok(report)
}

fn store_error(error: RestoreError) -> ImportError {
    match error {
        RestoreError::NotEmpty(message) => ImportError::Store(StoreError::Invalid(message)),
        RestoreError::Store(e) => ImportError::Store(e),
        other => ImportError::Store(StoreError::Invalid(other.to_string())),
    }
}

/// The state of a restore while the document is read.
struct Restorer<'p, 's> {
    checker: Checker<'p>,
    restore: Restore<'s>,
    columns: HashMap<&'static str, Vec<ColumnSpec>>,
    /// `format`, once read: whether it is ours.
    format: Option<bool>,
    version: Option<i64>,
    include_sensitive: Option<bool>,
    tables_seen: bool,
    students: usize,
    rows: usize,
    /// A database failure that stops everything.
    fatal: Option<ImportError>,
}

impl Restorer<'_, '_> {
    /// Whether the envelope read so far allows reading rows.
    fn ready_for_rows(&mut self) -> bool {
        match (self.format, self.version) {
            (Some(true), Some(v)) if (1..=schema_version()).contains(&v) => true,
            (Some(true), Some(_)) => false,
            (Some(false), _) => false,
            _ => {
                self.checker.push(
                    None,
                    Some("tables"),
                    "« format » et « schema_version » doivent précéder « tables » (comme dans \
                     les exports de Passerelle)"
                        .into(),
                );
                false
            }
        }
    }

    fn envelope(&mut self, key: &str, value: Json) {
        match key {
            "format" => {
                let ours = value.as_str() == Some(FORMAT);
                if !ours {
                    self.checker.push(
                        None,
                        Some("format"),
                        format!(
                            "ce fichier n'est pas un export de Passerelle (« format » doit \
                             valoir « {FORMAT} »)"
                        ),
                    );
                }
                self.format = Some(ours);
            }
            "schema_version" => {
                let version = value.as_i64();
                match version {
                    Some(v) if v > schema_version() => self.checker.push(
                        None,
                        Some("schema_version"),
                        format!(
                            "l'export vient d'une version plus récente de Passerelle (schéma \
                             {v}, cette version connaît jusqu'au schéma {}) ; mettez Passerelle \
                             à jour",
                            schema_version()
                        ),
                    ),
                    Some(v) if v >= 1 => {}
                    _ => self.checker.push(
                        None,
                        Some("schema_version"),
                        "numéro de schéma absent ou invalide".into(),
                    ),
                }
                self.version = Some(version.unwrap_or(0));
            }
            "include_sensitive" => match value {
                Json::Bool(b) => self.include_sensitive = Some(b),
                _ => self.checker.push(
                    None,
                    Some("include_sensitive"),
                    "doit valoir true ou false".into(),
                ),
            },
            _ => {}
        }
    }

    /// Checks one row, and writes it while nothing is wrong.
    fn row(&mut self, table: &'static str, index: usize, mut json: Json) {
        if let (Some(version), Json::Object(object)) = (self.version, &mut json) {
            upgrade_row(version, table, object);
        }
        let Some(columns) = self.columns.get(table) else {
            return;
        };
        let Some(values) = self.checker.row(table, columns, index, &json) else {
            return;
        };
        if self.checker.any() {
            return;
        }
        match self.restore.insert(table, index, &values) {
            Ok(()) => {
                self.rows += 1;
                if table == "student" {
                    self.students += 1;
                }
            }
            Err(e) => self.refused(e),
        }
    }

    fn refused(&mut self, error: RestoreError) {
        match error {
            RestoreError::Row {
                table,
                index,
                id,
                field,
                message,
            } => self.checker.push(
                Some(index),
                field.as_deref(),
                format!("{} : {message}", record_name(&table, Some(index), id)),
            ),
            RestoreError::Reference {
                table,
                id,
                field,
                message,
            } => self.checker.push(
                None,
                field.as_deref(),
                format!("{} : {message}", record_name(&table, None, id)),
            ),
            other => {
                if self.fatal.is_none() {
                    self.fatal = Some(store_error(other));
                }
            }
        }
    }

    /// Checks made once the whole document is read: envelope, references, sensitive data.
    fn finish(&mut self) -> Result<(), ImportError> {
        if self.format.is_none() {
            self.checker.push(
                None,
                Some("format"),
                format!("clé « format » absente : ce fichier n'est pas un export de Passerelle (« format » doit valoir « {FORMAT} »)"),
            );
        }
        if self.version.is_none() {
            self.checker.push(
                None,
                Some("schema_version"),
                "numéro de schéma absent ou invalide".into(),
            );
        }
        if !self.tables_seen {
            self.checker.push(
                None,
                Some("tables"),
                "la liste des tables est absente ou n'est pas un objet".into(),
            );
        }
        if self.checker.any() {
            return Ok(());
        }
        for error in self.restore.dangling_references().map_err(store_error)? {
            self.refused(error);
        }
        if self.include_sensitive != Some(true) {
            for (table, count) in self.restore.sensitive_rows().map_err(store_error)? {
                self.checker.push(
                    None,
                    Some(table),
                    format!(
                        "le fichier déclare ne contenir aucune donnée sensible \
                         (« include_sensitive » absent ou false) mais la table {table} en \
                         contient {count} enregistrement(s) : fichier modifié à la main ? \
                         Refaites l'export (avec --include-sensitive si ces données doivent \
                         suivre)"
                    ),
                );
            }
        }
        Ok(())
    }
}

/// Drains any JSON value into nothing, saying whether it was of the expected kind.
macro_rules! other_kinds {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            self.unexpected();
            Ok(())
        }
    };
}

/// The whole document: an object with the envelope keys and `tables`.
struct Document<'r, 'p, 's>(&'r mut Restorer<'p, 's>);

impl Document<'_, '_, '_> {
    fn unexpected(self) {
        self.0.checker.push(
            None,
            None,
            "le document doit être un objet JSON (export de Passerelle)".into(),
        );
    }
}

impl<'de> DeserializeSeed<'de> for Document<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un export de Passerelle")
    }

    other_kinds!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.unexpected();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let r = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" | "schema_version" | "include_sensitive" => {
                    let value: Json = map.next_value()?;
                    r.envelope(&key, value);
                }
                "exported_at" => {
                    map.next_value::<IgnoredAny>()?;
                }
                "tables" if r.tables_seen => {
                    r.checker
                        .push(None, Some("tables"), "clé « tables » en double".into());
                    map.next_value::<IgnoredAny>()?;
                }
                "tables" => {
                    r.tables_seen = true;
                    if r.ready_for_rows() {
                        map.next_value_seed(Tables(&mut *r))?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                _ => {
                    r.checker
                        .push(None, Some(&key), format!("clé « {key} » inconnue"));
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `tables`: an object of tables, each a list of rows.
struct Tables<'r, 'p, 's>(&'r mut Restorer<'p, 's>);

impl Tables<'_, '_, '_> {
    fn unexpected(self) {
        self.0.tables_seen = false;
    }
}

impl<'de> DeserializeSeed<'de> for Tables<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tables<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un objet de tables")
    }

    other_kinds!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.unexpected();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let r = self.0;
        let known = dump_tables();
        let mut seen: Vec<&'static str> = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let table = known.iter().copied().find(|t| *t == name);
            match table {
                Some(table) if seen.contains(&table) => {
                    r.checker
                        .push(None, Some(table), format!("table « {table} » en double"));
                    map.next_value::<IgnoredAny>()?;
                }
                Some(table) => {
                    seen.push(table);
                    map.next_value_seed(Rows { r: &mut *r, table })?;
                }
                None => {
                    let message = if name == "sensitive_undo" {
                        "table « sensitive_undo » refusée : elle n'est jamais exportée".to_string()
                    } else {
                        format!(
                            "table « {name} » inconnue (tables admises : {})",
                            known.join(", ")
                        )
                    };
                    r.checker.push(None, Some(&name), message);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One table: a list of rows, each written as soon as it is read and checked.
struct Rows<'r, 'p, 's> {
    r: &'r mut Restorer<'p, 's>,
    table: &'static str,
}

impl Rows<'_, '_, '_> {
    fn unexpected(self) {
        let table = self.table;
        self.r.checker.push(
            None,
            Some(table),
            format!("table {table} : une liste d'enregistrements est attendue"),
        );
    }
}

impl<'de> DeserializeSeed<'de> for Rows<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une liste d'enregistrements")
    }

    other_kinds!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.unexpected();
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(row) = seq.next_element::<Json>()? {
            index += 1;
            self.r.row(self.table, index, row);
            if self.r.fatal.is_some() {
                return Err(serde::de::Error::custom("base de données"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_past_its_limit_fails_and_says_so() {
        let mut capped = Capped {
            inner: &b"0123456789"[..],
            left: 5,
            exceeded: false,
        };
        let mut out = Vec::new();
        assert!(capped.read_to_end(&mut out).is_err());
        assert!(capped.exceeded);
        let mut exact = Capped {
            inner: &b"01234"[..],
            left: 5,
            exceeded: false,
        };
        assert_eq!(exact.read_to_end(&mut Vec::new()).expect("read"), 5);
        assert!(!exact.exceeded);
    }
}
