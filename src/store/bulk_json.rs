//! The journal's JSON of rows inserted in bulk, written from the values in hand
//! instead of reading every row back: the same bytes as [`super::write::RowJson`]
//! writes from the stored row, whenever SQLite stores the values as given.
//!
//! SQLite changes a value on its way in only through the column's type affinity
//! (an integer given to a TEXT column is stored as text, …), a default for a column
//! not given, or a trigger. So the JSON is written from the values only when the
//! table has no trigger, each column not given has a plain literal default, and
//! each value given is of the kind its column keeps as it is; otherwise the rows are
//! read back as before.

use rusqlite::Connection;

use super::{Result, Table};
use crate::model::Value;

/// A column's type affinity, from its declared type (SQLite's « Datatypes » page, 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affinity {
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

impl Affinity {
    fn of(declared: &str) -> Affinity {
        let declared = declared.to_ascii_uppercase();
        let has = |part: &str| declared.contains(part);
        if has("INT") {
            Affinity::Integer
        } else if has("CHAR") || has("CLOB") || has("TEXT") {
            Affinity::Text
        } else if has("BLOB") || declared.trim().is_empty() {
            Affinity::Blob
        } else if has("REAL") || has("FLOA") || has("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    /// Whether a value of this kind is stored exactly as given.
    fn keeps(self, value: &Value) -> bool {
        match value {
            Value::Null => true,
            Value::Int(_) => matches!(self, Affinity::Integer | Affinity::Numeric | Affinity::Blob),
            Value::Real(_) => matches!(self, Affinity::Real | Affinity::Blob),
            Value::Text(_) => matches!(self, Affinity::Text | Affinity::Blob),
        }
    }

    /// The JSON of a default as `PRAGMA table_xinfo` gives it, when it is a plain
    /// literal stored as written (NULL, an integer, a quoted text); `None` otherwise.
    fn default_json(self, default: Option<&str>) -> Option<String> {
        let Some(default) = default.map(str::trim) else {
            return Some("null".into());
        };
        if default.eq_ignore_ascii_case("null") {
            return Some("null".into());
        }
        if let Some(quoted) = default
            .strip_prefix('\'')
            .and_then(|d| d.strip_suffix('\''))
        {
            // A quote inside a literal is doubled; any other ends it.
            let literal = !quoted.replace("''", "").contains('\'');
            let text = quoted.replace("''", "'");
            return (literal && matches!(self, Affinity::Text | Affinity::Blob))
                .then(|| serde_json::to_string(&text).ok())
                .flatten();
        }
        let digits = default.strip_prefix(['-', '+']).unwrap_or(default);
        let integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        match default.parse::<i64>() {
            Ok(n) if integer && self.keeps(&Value::Int(n)) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Where a key's value comes from.
#[derive(Debug)]
enum Source {
    /// The row's value at this index, kept as given by this affinity.
    Given(usize, Affinity),
    /// The column's default, as JSON.
    Default(String),
}

/// A piece of a row's JSON: written as it is, or a value of the row.
#[derive(Debug)]
enum Part {
    /// Braces, commas, keys and defaults, already written.
    Fixed(String),
    /// The row's value at this index, kept as given by this affinity.
    Given(usize, Affinity),
}

/// How each journal entry's student is found.
#[derive(Debug)]
enum StudentOf {
    /// The row is the student (its own id).
    Own,
    /// The row's value at this index.
    Given(usize),
    /// The table is not about one student.
    Nobody,
}

/// How to write the JSON of rows of one table that set `columns` (see the module).
#[derive(Debug)]
pub(super) struct JournalJson {
    /// The object's pieces, keys in the order a `serde_json::Map` writes them.
    parts: Vec<Part>,
    /// The length of the fixed parts.
    fixed_len: usize,
    student: StudentOf,
}

/// One journal entry of an inserted row: its id, its student, its JSON.
pub(super) type Entry = (i64, Option<i64>, String);

impl JournalJson {
    /// The way to write the JSON of rows that set `columns` (in that order), or
    /// `None` when SQLite might store something else than the values given.
    pub(super) fn new(conn: &Connection, table: Table, columns: &[&str]) -> Result<Option<Self>> {
        let triggers: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' \
             AND tbl_name = ?1 COLLATE NOCASE) OR EXISTS (SELECT 1 FROM sqlite_temp_schema \
             WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE)",
            [table.name()],
            |r| r.get(0),
        )?;
        if triggers {
            return Ok(None);
        }
        // name, declared type, default, hidden (generated columns are hidden).
        let described: Vec<(String, String, Option<String>, i64)> = conn
            .prepare(&format!("PRAGMA table_xinfo({})", table.name()))?
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(4)?, r.get(6)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut keys = Vec::new();
        for column in table.columns() {
            let Some((_, declared, default, hidden)) =
                described.iter().find(|(name, ..)| name == column)
            else {
                return Ok(None);
            };
            if *hidden != 0 {
                return Ok(None);
            }
            let affinity = Affinity::of(declared);
            let source = match columns.iter().position(|c| c == column) {
                Some(index) => Source::Given(index, affinity),
                None => match affinity.default_json(default.as_deref()) {
                    Some(json) => Source::Default(json),
                    None => return Ok(None),
                },
            };
            let key = format!("{}:", serde_json::Value::from(*column));
            keys.push((key, source));
        }
        // The order `RowJson` writes them in: sorted column names.
        keys.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        // Keys and defaults between two values given are written once, here.
        let mut parts = Vec::new();
        let mut fixed = String::from("{");
        for (n, (key, source)) in keys.into_iter().enumerate() {
            if n > 0 {
                fixed.push(',');
            }
            fixed.push_str(&key);
            match source {
                Source::Default(json) => fixed.push_str(&json),
                Source::Given(index, affinity) => {
                    parts.push(Part::Fixed(std::mem::take(&mut fixed)));
                    parts.push(Part::Given(index, affinity));
                }
            }
        }
        fixed.push('}');
        parts.push(Part::Fixed(fixed));
        let student = match table.student_column() {
            Some("id") => StudentOf::Own,
            Some(column) => match columns.iter().position(|c| *c == column) {
                Some(index) => StudentOf::Given(index),
                None => return Ok(None),
            },
            None => StudentOf::Nobody,
        };
        let fixed_len = parts
            .iter()
            .map(|p| match p {
                Part::Fixed(text) => text.len(),
                Part::Given(..) => 0,
            })
            .sum();
        Ok(Some(JournalJson {
            parts,
            fixed_len,
            student,
        }))
    }

    /// The entries of rows given with ids from `first` on (`values`: the rows one
    /// after the other, `width` values each), or `None` if a value would not be
    /// stored as given.
    pub(super) fn entries(
        &self,
        values: &[&Value],
        width: usize,
        first: i64,
    ) -> Option<Vec<Entry>> {
        values
            .chunks(width)
            .zip(first..)
            .map(|(row, id)| {
                let student = match self.student {
                    StudentOf::Own => Some(id),
                    StudentOf::Given(i) => match *row.get(i)? {
                        Value::Int(student) => Some(*student),
                        Value::Null => None,
                        _ => return None,
                    },
                    StudentOf::Nobody => None,
                };
                Some((id, student, self.write(row)?))
            })
            .collect()
    }

    /// The JSON of one row.
    fn write(&self, row: &[&Value]) -> Option<String> {
        let given: usize = row
            .iter()
            .map(|v| v.as_text().map_or(8, str::len) + 2)
            .sum();
        let mut out = Vec::with_capacity(self.fixed_len + given);
        for part in &self.parts {
            match part {
                Part::Fixed(text) => out.extend_from_slice(text.as_bytes()),
                Part::Given(index, affinity) => {
                    let value = *row.get(*index)?;
                    if !affinity.keeps(value) {
                        return None;
                    }
                    // Writing into a Vec cannot fail.
                    let _ = match value {
                        Value::Null => serde_json::to_writer(&mut out, &()),
                        Value::Int(v) => serde_json::to_writer(&mut out, v),
                        Value::Real(v) => serde_json::to_writer(&mut out, v),
                        Value::Text(t) => serde_json::to_writer(&mut out, t.as_str()),
                    };
                }
            }
        }
        String::from_utf8(out).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affinity_follows_sqlite_rules() {
        let cases = [
            ("INTEGER", Affinity::Integer),
            ("TINYINT", Affinity::Integer),
            ("TEXT", Affinity::Text),
            ("VARCHAR(20)", Affinity::Text),
            ("", Affinity::Blob),
            ("BLOB", Affinity::Blob),
            ("REAL", Affinity::Real),
            ("DOUBLE PRECISION", Affinity::Real),
            ("NUMERIC", Affinity::Numeric),
            ("DATE", Affinity::Numeric),
            ("CHARINT", Affinity::Integer),
        ];
        for (declared, affinity) in cases {
            assert_eq!(Affinity::of(declared), affinity, "{declared}");
        }
    }

    #[test]
    fn only_plain_literal_defaults_are_written_from_the_schema() {
        use Affinity::*;
        let json = |a: Affinity, d: Option<&str>| a.default_json(d);
        assert_eq!(json(Text, None).as_deref(), Some("null"));
        assert_eq!(json(Integer, Some("NULL")).as_deref(), Some("null"));
        assert_eq!(json(Text, Some("''")).as_deref(), Some("\"\""));
        assert_eq!(json(Text, Some("'l''été'")).as_deref(), Some("\"l'été\""));
        assert_eq!(json(Integer, Some("1")).as_deref(), Some("1"));
        assert_eq!(json(Numeric, Some("-3")).as_deref(), Some("-3"));
        // Stored otherwise than written, or not a literal: rows are read back.
        assert_eq!(json(Text, Some("1")), None);
        assert_eq!(json(Integer, Some("'1'")), None);
        assert_eq!(json(Real, Some("1")), None);
        assert_eq!(json(Text, Some("'a' || 'b'")), None);
        assert_eq!(json(Text, Some("CURRENT_TIMESTAMP")), None);
        assert_eq!(json(Integer, Some("(1 + 1)")), None);
        assert_eq!(json(Integer, Some("1e3")), None);
    }
}
