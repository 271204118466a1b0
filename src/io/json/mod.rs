//! Lossless JSON export of the whole database, and its restore into an empty one.
//!
//! The document is byte-stable: tables in restore order, rows by id, columns in
//! schema order, pretty-printed. Only `exported_at` depends on the time of the
//! export; a restore followed by an export gives back the same document except
//! for that line (use [`export_json_at`] to fix it).

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::ExportError;
use crate::store::{DumpRow, Store, TableDump, schema_version};

mod check;
mod restore;

pub use restore::{MAX_JSON_BYTES, MAX_TEXT_CHARS, import_json_file, import_json_str};

/// Value of the `format` key of every Passerelle JSON export.
pub const FORMAT: &str = "passerelle";

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
