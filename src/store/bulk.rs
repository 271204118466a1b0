//! Many rows of one table inserted at once (imports): a few multi-row statements
//! instead of one statement per row, journaled exactly as [`Writer::insert`] does:
//! the journal's JSON is written from the values in hand when SQLite stores them as
//! given ([`super::bulk_json`]), else read back from the rows.

use std::fmt::Write as _;

use rusqlite::{CachedStatement, ToSql};

use super::bulk_json::{Entry, JournalJson};
use super::clean::{check_column, clean_value};
use super::write::{RowJson, constraint_error, student_sort_key};
use super::{Result, StoreError, Table, Writer};
use crate::model::Value;

/// Rows per INSERT statement. Each size of statement is prepared once (its cost grows
/// with its text), and each statement keeps the pages it changes in its statement
/// journal: for 10,000 pupils, 100 rows took 715 M instructions for the whole import,
/// against 730, 719 and 714 M for 25, 50 and 200.
const ROWS_PER_STATEMENT: usize = 100;

/// The student column derived from the names ([`student_sort_key`]), set with the row.
const SORT_KEY: &str = "sort_key";

/// `(?a, …, ?b, tail), …` for `rows` rows of `width` numbered parameters each, numbered
/// from `first` on.
fn tuples(rows: usize, width: usize, first: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(rows * width * 6);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            let _ = write!(
                sql,
                "{}?{}",
                if c == 0 { "" } else { ", " },
                first + r * width + c
            );
        }
        sql.push_str(tail);
        sql.push(')');
    }
    sql
}

/// The SQL of one chunk of a bulk insert: the rows, then their journal entries.
/// The INSERT of a chunk of `rows` rows and the INSERT of their journal entries.
struct Prepared<'conn> {
    rows: usize,
    insert: CachedStatement<'conn>,
    journal: CachedStatement<'conn>,
}

struct ChunkSql {
    insert: String,
    journal: String,
}

impl ChunkSql {
    fn new(table: Table, columns: &[&str], rows: usize) -> ChunkSql {
        // ?1 and ?2 are the stamp (or batch and entity); then each row's parameters.
        let insert = format!(
            "INSERT INTO {} ({}, id, updated_at, updated_by) VALUES {}",
            table.name(),
            columns.join(", "),
            tuples(rows, columns.len() + 1, 3, ", ?1, ?2")
        );
        let journal = format!(
            "INSERT INTO journal (entity_id, student_id, new_value, batch_id, entity, op, \
             field, old_value, sensitive) VALUES {}",
            tuples(rows, 3, 3, ", ?1, ?2, 'insert', NULL, NULL, 0")
        );
        ChunkSql { insert, journal }
    }
}

impl Writer<'_> {
    /// Inserts rows that all set the same `columns` (in that order) and returns their
    /// ids, in order. Each row is cleaned and journaled as by [`Writer::insert`]; a
    /// constraint failure fails the whole call (and so the transaction).
    pub fn insert_many(
        &mut self,
        table: Table,
        columns: &[&str],
        rows: &[Vec<Value>],
    ) -> Result<Vec<i64>> {
        for column in columns {
            check_column(table, column)?;
        }
        if rows.iter().any(|r| r.len() != columns.len()) {
            return Err(StoreError::Invalid(format!(
                "{} : nombre de valeurs différent du nombre de colonnes",
                table.noun()
            )));
        }
        if table.may_be_sensitive() || columns.is_empty() {
            // Sensitive rows keep their own journal path (values kept apart, pruned).
            return rows
                .iter()
                .map(|row| {
                    let values: Vec<(&str, Value)> =
                        columns.iter().copied().zip(row.iter().cloned()).collect();
                    self.insert(table, &values)
                })
                .collect();
        }
        // A student's sort key is set with the row, as `Writer::insert` sets it.
        let names = (table == Table::Student).then(|| {
            let at = |name: &str| columns.iter().position(|c| *c == name);
            (at("last_name"), at("first_name"))
        });
        let mut written: Vec<&str> = columns.to_vec();
        if names.is_some() {
            written.push(SORT_KEY);
        }
        let cleaned = rows
            .iter()
            .map(|row| {
                let mut values = columns
                    .iter()
                    .zip(row)
                    .map(|(column, value)| clean_value(table, column, value))
                    .collect::<Result<Vec<Value>>>()?;
                if let Some((last, first)) = names {
                    let text = |at: Option<usize>| match at.map(|i| &values[i]) {
                        Some(Value::Text(t)) => t.as_str(),
                        _ => "",
                    };
                    let key = student_sort_key(text(last), text(first));
                    values.push(Value::Text(key));
                }
                Ok(values)
            })
            .collect::<Result<Vec<_>>>()?;
        let values: Vec<&Value> = cleaned.iter().flatten().collect();
        self.insert_clean(table, &written, &values)
    }

    /// Inserts rows already cleaned as [`Writer::insert`] cleans them: `values` holds
    /// the rows one after the other, each with a value for every one of `columns`.
    /// Returns their ids, in order; journaled as [`Writer::insert_many`] journals.
    pub(super) fn insert_clean(
        &mut self,
        table: Table,
        columns: &[&str],
        values: &[&Value],
    ) -> Result<Vec<i64>> {
        for column in columns {
            if !(table == Table::Student && *column == SORT_KEY) {
                check_column(table, column)?;
            }
        }
        let width = columns.len();
        if width == 0 || !values.len().is_multiple_of(width) || table.may_be_sensitive() {
            return Err(StoreError::Invalid(format!(
                "{} : nombre de valeurs différent du nombre de colonnes",
                table.noun()
            )));
        }
        // The ids SQLite would give (the largest plus one), given here so that the
        // rows can be journaled by id.
        let mut next: i64 = self.tx().query_row(
            &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {}", table.name()),
            [],
            |r| r.get(0),
        )?;
        let json = JournalJson::new(self.tx(), table, columns)?;
        let mut ids = Vec::with_capacity(values.len() / width);
        // The two statements of a chunk size stay prepared from chunk to chunk: SQLite
        // then copies each text into the buffer the previous chunk left (a statement
        // given back to rusqlite's cache frees every bound value).
        let mut prepared: Option<Prepared> = None;
        for chunk in values.chunks(width * ROWS_PER_STATEMENT) {
            let rows = chunk.len() / width;
            let first = next;
            next = next
                .checked_add(rows as i64)
                .ok_or_else(|| StoreError::Invalid(format!("{} : plus de place", table.noun())))?;
            let chunk_ids: Vec<i64> = (first..next).collect();
            let statements = match prepared.take() {
                Some(p) if p.rows == rows => p,
                _ => {
                    let sql = ChunkSql::new(table, columns, rows);
                    Prepared {
                        rows,
                        insert: self.tx().prepare_cached(&sql.insert)?,
                        journal: self.tx().prepare_cached(&sql.journal)?,
                    }
                }
            };
            let statements = prepared.insert(statements);
            self.insert_chunk(table, &mut statements.insert, chunk, width, &chunk_ids)?;
            let entries = match json.as_ref().and_then(|j| j.entries(chunk, width, first)) {
                Some(entries) => entries,
                None => self.read_back(table, first, next - 1)?,
            };
            self.journal_entries(table, &mut statements.journal, &entries)?;
            ids.extend(chunk_ids);
        }
        Ok(ids)
    }

    /// One multi-row INSERT of rows already cleaned (`width` values each), with their ids.
    fn insert_chunk(
        &self,
        table: Table,
        insert: &mut CachedStatement<'_>,
        values: &[&Value],
        width: usize,
        ids: &[i64],
    ) -> Result<()> {
        let (now, user) = self.stamp();
        let mut params: Vec<&dyn ToSql> = Vec::with_capacity(2 + values.len() + ids.len());
        params.push(&now);
        params.push(&user);
        for (row, id) in values.chunks(width).zip(ids) {
            params.extend(row.iter().map(|v| *v as &dyn ToSql));
            params.push(id);
        }
        insert
            .execute(params.as_slice())
            .map_err(|e| constraint_error(table, e))?;
        Ok(())
    }

    /// The journal entries of the rows `first..=last` just inserted, each read back
    /// whole as [`Writer::insert`] journals it.
    fn read_back(&self, table: Table, first: i64, last: i64) -> Result<Vec<Entry>> {
        let columns = table.columns();
        let student = match table.student_column() {
            Some("id") | None => "NULL",
            Some(column) => column,
        };
        let read = format!(
            "SELECT id, {student}, {} FROM {} WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            columns.join(", "),
            table.name()
        );
        let own_id = table.student_column() == Some("id");
        let json = RowJson::new(columns);
        let entries = self
            .tx()
            .prepare_cached(&read)?
            .query_map([first, last], |row| {
                let id: i64 = row.get(0)?;
                let student_id: Option<i64> = if own_id { Some(id) } else { row.get(1)? };
                Ok((id, student_id, json.write(row, 2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if entries.len() as i64 != last - first + 1 {
            return Err(StoreError::Invalid(format!(
                "{} : lignes ajoutées introuvables pour le journal",
                table.noun()
            )));
        }
        Ok(entries)
    }

    /// Writes the journal entries of inserted rows in one multi-row INSERT.
    fn journal_entries(
        &self,
        table: Table,
        journal: &mut CachedStatement<'_>,
        entries: &[Entry],
    ) -> Result<()> {
        let batch = self.batch_id();
        let entity = table.name();
        let mut params: Vec<&dyn ToSql> = Vec::with_capacity(2 + entries.len() * 3);
        params.push(&batch);
        params.push(&entity);
        for (id, student_id, json) in entries {
            params.push(id);
            params.push(student_id);
            params.push(json);
        }
        journal.execute(params.as_slice())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewStudent, Store};

    /// The journal rows of the latest batch: entity, id, student, op, field, old, new,
    /// sensitive.
    type Entry = (
        String,
        i64,
        Option<i64>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );

    fn journal(store: &Store) -> Vec<Entry> {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT entity, entity_id, student_id, op, field, old_value, new_value, sensitive \
                 FROM journal WHERE batch_id = (SELECT MAX(id) FROM batch) ORDER BY id",
            )
            .expect("prepare");
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    }

    fn students(n: usize) -> Vec<NewStudent> {
        (0..n)
            .map(|i| NewStudent {
                last_name: format!("  LEFÈVRE-{i} \"dit\" \\ "),
                first_name: if i % 2 == 0 {
                    "He\u{301}le\u{300}ne".into()
                } else {
                    "Zoé".into()
                },
                ine: (i % 3 != 0).then(|| format!("{:09}AB", 100_000_000 + i)),
                birth_date: chrono::NaiveDate::from_ymd_opt(2007, 1 + (i % 12) as u32, 3),
                bac_pro: i % 4 != 0,
                schooling: (i % 5 == 0).then_some(crate::model::Schooling::Apprenti),
                parcoursup_rank: (i % 7 == 0).then_some(i as i64 + 1),
                ..Default::default()
            })
            .collect()
    }

    fn with_cohort() -> (Store, i64) {
        let mut store = Store::open_in_memory().expect("open");
        let cohort = store
            .write("promotion", |w| {
                let e = w.ensure_establishment("0310000A", "Lycée", "Toulouse")?;
                let s = w.ensure_section(e, "NDRC", "BTS NDRC", crate::model::Sector::Services)?;
                w.ensure_cohort(s, "2026-2027")
            })
            .expect("cohort");
        (store, cohort)
    }

    /// Rows and journal are exactly those of inserting the students one by one, over
    /// several statements (460 rows: four full chunks and a short one).
    #[test]
    fn bulk_insert_writes_and_journals_as_one_by_one() {
        let new = students(460);
        let refs: Vec<&NewStudent> = new.iter().collect();
        let (mut one, cohort) = with_cohort();
        let ids_one = one
            .write("un par un", |w| {
                refs.iter()
                    .map(|s| w.add_student(cohort, s))
                    .collect::<Result<Vec<_>>>()
            })
            .expect("one by one");
        let (mut bulk, cohort) = with_cohort();
        let ids_bulk = bulk
            .write("en bloc", |w| w.add_students(cohort, &refs))
            .expect("bulk");
        assert_eq!(ids_one, ids_bulk);
        assert_eq!(journal(&one), journal(&bulk));
        assert_eq!(journal(&bulk).len(), 460);
        let rows = |store: &Store| {
            let mut rows = store.student_rows().expect("rows");
            for row in &mut rows {
                row.student.meta.updated_at = String::new();
            }
            rows
        };
        assert_eq!(rows(&one), rows(&bulk));
        let keys = |store: &Store| {
            let mut stmt = store
                .conn()
                .prepare("SELECT id, sort_key FROM student ORDER BY id")
                .expect("prepare");
            stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
                .expect("keys")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("keys")
        };
        assert_eq!(keys(&one), keys(&bulk));
        assert_eq!(keys(&bulk)[0].1, "lefevre 0 \"dit\" \\\u{1}helene");
        let first = &rows(&bulk)[0].student;
        assert_eq!(first.last_name, "LEFÈVRE-0 \"dit\" \\");
        assert_eq!(first.first_name, "Hélène");
    }

    /// The journal's JSON is the one a `serde_json::Map` of the row gives, for every
    /// kind of value (a real, text to escape, NULL).
    #[test]
    fn row_json_is_the_map_serde_json_writes() {
        let (mut store, _) = with_cohort();
        let module = store
            .write("module", |w| {
                w.insert(
                    Table::Module,
                    &[
                        ("code", "m1".into()),
                        ("name", "Atelier « déclic »\n\"2\"\t\\".into()),
                        ("module_type", "soutien".into()),
                        ("competence", "scolaires".into()),
                        ("hours_granted", Value::Real(12.5)),
                        ("sessions", Value::Int(7)),
                    ],
                )
            })
            .expect("module");
        let columns = Table::Module.columns();
        let expected = store
            .conn()
            .query_row(
                &format!("SELECT {} FROM module WHERE id = ?1", columns.join(", ")),
                [module],
                |row| {
                    let mut map = serde_json::Map::new();
                    for (i, column) in columns.iter().enumerate() {
                        let value = super::super::write::value_from_ref(row.get_ref(i)?);
                        map.insert(
                            (*column).to_string(),
                            serde_json::to_value(value).expect("json"),
                        );
                    }
                    Ok(serde_json::Value::Object(map).to_string())
                },
            )
            .expect("row");
        let entries = journal(&store);
        assert_eq!(entries[0].6.as_deref(), Some(expected.as_str()));
        assert!(expected.contains("\"hours_granted\":12.5"), "{expected}");
    }

    /// The journal's JSON written from the values in hand is, byte for byte, the row
    /// read back: text to escape, a real, NULL, defaults of columns not given; and a
    /// value SQLite would store otherwise (text for an INTEGER column) makes the rows
    /// read back instead.
    #[test]
    fn journal_from_values_is_the_row_read_back() {
        let (mut store, _) = with_cohort();
        let columns = [
            "code",
            "name",
            "module_type",
            "competence",
            "hours_granted",
            "sessions",
        ];
        let row = |code: &str, name: &str, hours: Value, sessions: Value| {
            vec![
                code.into(),
                name.into(),
                "soutien".into(),
                "scolaires".into(),
                hours,
                sessions,
            ]
        };
        let given = [
            vec![
                row(
                    "m1",
                    "Atelier « déclic »\n\"2\"\t\\",
                    Value::Real(12.5),
                    Value::Int(7),
                ),
                row("m2", "  Tutorat\u{200b} ", Value::Null, Value::Null),
                row(
                    "m3",
                    "He\u{301}le\u{300}ne",
                    Value::Real(3.0),
                    Value::Int(0),
                ),
            ],
            vec![row(
                "m4",
                "Parrainage",
                Value::Real(1e-7),
                Value::Text("7".into()),
            )],
        ];
        for rows in given {
            let (ids, read_back) = store
                .write("modules", |w| {
                    let ids = w.insert_many(Table::Module, &columns, &rows)?;
                    let read_back = ids
                        .iter()
                        .map(|id| w.row_json(Table::Module, *id))
                        .collect::<Result<Vec<_>>>()?;
                    Ok((ids, read_back))
                })
                .expect("modules");
            let entries = journal(&store);
            let written: Vec<(i64, Option<String>)> =
                entries.into_iter().map(|e| (e.1, e.6)).collect();
            let expected: Vec<(i64, Option<String>)> = ids
                .into_iter()
                .zip(read_back.into_iter().map(Some))
                .collect();
            assert_eq!(written, expected);
        }
        let stored: i64 = store
            .conn()
            .query_row("SELECT sessions FROM module WHERE code = 'm4'", [], |r| {
                r.get(0)
            })
            .expect("m4");
        assert_eq!(stored, 7);
    }

    /// A refused row refuses the whole transaction: nothing is written.
    #[test]
    fn a_constraint_failure_writes_nothing() {
        let mut new = students(300);
        new[250].ine = new[10].ine.clone();
        let refs: Vec<&NewStudent> = new.iter().collect();
        let (mut store, cohort) = with_cohort();
        let error = store
            .write("en bloc", |w| w.add_students(cohort, &refs))
            .expect_err("duplicate INE");
        assert!(error.to_string().contains("ine"), "{error}");
        assert!(store.student_rows().expect("rows").is_empty());
    }

    /// Sensitive rows keep their own journal path: values kept apart, hidden.
    #[test]
    fn sensitive_rows_are_journaled_apart() {
        let (mut store, cohort) = with_cohort();
        let student = store
            .write("élève", |w| w.add_students(cohort, &[&students(1)[0]]))
            .expect("student")[0];
        store
            .write("notes", |w| {
                w.insert_many(
                    Table::LifeNote,
                    &["student_id", "area", "note"],
                    &[vec![
                        student.into(),
                        "logement".into(),
                        "hébergé chez un ami".into(),
                    ]],
                )
            })
            .expect("note");
        let entries = journal(&store);
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].6.clone(), entries[0].7), (None, 1));
    }
}
