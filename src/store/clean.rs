//! Values as the store keeps them: every text cleaned (controls removed, NFC),
//! trimmed, empty text NULL. Each write cleans what it is given; a new student
//! cleaned once ([`CleanStudent`]) is written by value, without a second pass.

use chrono::NaiveDate;

use super::write::student_sort_key;
use super::{NewStudent, Result, StoreError, Table};
use crate::model::text::{STORE_MAX_CHARS, clean_text_owned, thousands};
use crate::model::{Schooling, Value};

/// Checks column names and cleans every text value.
pub(crate) fn clean_values<'c>(
    table: Table,
    values: &[(&'c str, Value)],
) -> Result<Vec<(&'c str, Value)>> {
    values
        .iter()
        .map(|(column, value)| {
            check_column(table, column)?;
            Ok((*column, clean_value(table, column, value)?))
        })
        .collect()
}

/// Refuses a column the writer may not set.
pub(super) fn check_column(table: Table, column: &str) -> Result<()> {
    if table.columns().contains(&column) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "champ « {column} » inconnu pour {}",
            table.noun()
        )))
    }
}

/// One value as stored: text cleaned and trimmed, empty text NULL (or "" for a list).
pub(super) fn clean_value(table: Table, column: &str, value: &Value) -> Result<Value> {
    clean_owned(table, column, value.clone())
}

/// [`clean_value`] of a value the caller gives away: clean text is kept, not copied.
pub(super) fn clean_owned(table: Table, column: &str, value: Value) -> Result<Value> {
    let Value::Text(text) = value else {
        return Ok(value);
    };
    if text.len() > STORE_MAX_CHARS && text.chars().count() > STORE_MAX_CHARS {
        return Err(StoreError::Invalid(format!(
            "{} : le champ « {} » dépasse {} caractères ({}) ; rien n'a été enregistré.",
            table.noun(),
            crate::labels::field_label(column),
            thousands(STORE_MAX_CHARS),
            thousands(text.chars().count())
        )));
    }
    let cleaned = clean_text_owned(text, table.is_multiline(column));
    let trimmed = cleaned.trim();
    Ok(if trimmed.is_empty() && table.is_list(column) {
        // Code lists are never NULL: an empty list is "".
        Value::Text(String::new())
    } else if trimmed.is_empty() {
        Value::Null
    } else if trimmed.len() == cleaned.len() {
        Value::Text(cleaned)
    } else {
        Value::Text(trimmed.to_string())
    })
}

/// The columns a new student sets, in the order of [`CleanStudent`]'s values: the
/// student's columns from the last name to the parcours (the cohort is given when the
/// student is added; the rest are filled in later).
pub(super) const NEW_STUDENT_COLUMNS: &[&str] =
    Table::Student.columns().split_at(11).0.split_at(1).1;

/// A new student as the store will keep it: each value cleaned as
/// [`super::Writer::add_student`] cleans it, and the sort key of its names. Made once
/// (an import's plan holds it), then written by value in bulk
/// ([`super::Writer::add_clean_students`]) without being cleaned or copied again.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanStudent {
    /// The values of [`NEW_STUDENT_COLUMNS`], then the sort key.
    values: Vec<Value>,
    birth_date: Option<NaiveDate>,
}

impl CleanStudent {
    /// Cleans a new student; refuses an empty last name or a text too long for the store.
    pub fn new(s: NewStudent) -> Result<CleanStudent> {
        if s.last_name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "le nom de l'élève est obligatoire".into(),
            ));
        }
        let birth_date = s.birth_date;
        let given: [Value; 10] = [
            s.last_name.into(),
            s.first_name.into(),
            s.ine.into(),
            s.birth_date.into(),
            s.bac_pro.into(),
            s.bac_pro_specialty.into(),
            s.origin_lycee.into(),
            s.schooling.unwrap_or(Schooling::Scolaire).into(),
            s.parcoursup_rank.into(),
            s.parcours_differencie.into(),
        ];
        debug_assert_eq!(given.len(), NEW_STUDENT_COLUMNS.len());
        let mut values = Vec::with_capacity(given.len() + 1);
        for (column, value) in NEW_STUDENT_COLUMNS.iter().zip(given) {
            values.push(clean_owned(Table::Student, column, value)?);
        }
        let text = |i: usize| values[i].as_text().unwrap_or("");
        let key = student_sort_key(text(0), text(1));
        values.push(Value::Text(key));
        Ok(CleanStudent { values, birth_date })
    }

    /// The last name, cleaned.
    pub fn last_name(&self) -> &str {
        self.values[0].as_text().unwrap_or("")
    }

    /// The first name, cleaned.
    pub fn first_name(&self) -> &str {
        self.values[1].as_text().unwrap_or("")
    }

    /// The INE, if any.
    pub fn ine(&self) -> Option<&str> {
        self.values[2].as_text()
    }

    /// The birth date, if known.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }

    /// The student's place in the class list ([`student_sort_key`]): equal for two
    /// students exactly when both folded names are.
    pub fn sort_key(&self) -> &str {
        self.values[NEW_STUDENT_COLUMNS.len()]
            .as_text()
            .unwrap_or("")
    }

    /// The values of [`NEW_STUDENT_COLUMNS`] then the sort key, as they are written.
    pub(super) fn values(&self) -> &[Value] {
        &self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clean text is kept as it is; text to clean is cleaned as `clean_value` cleans it.
    #[test]
    fn clean_owned_is_clean_value() {
        let samples = [
            "Hélène",
            "  LEFÈVRE ",
            "He\u{301}le\u{300}ne",
            "a\u{1b}[31mb",
            "\t",
            "",
            "ligne\nsuivante",
        ];
        for table in [Table::Student, Table::Checkin] {
            for column in ["last_name", "difficulties", "note", "commitments"] {
                for sample in samples {
                    let value = Value::Text(sample.to_string());
                    assert_eq!(
                        clean_owned(table, column, value.clone()).ok(),
                        clean_value(table, column, &value).ok(),
                        "{table:?} {column} {sample:?}"
                    );
                }
            }
        }
        assert_eq!(
            clean_owned(Table::Student, "last_name", "  A ".into()).ok(),
            Some(Value::Text("A".into()))
        );
        assert_eq!(
            clean_owned(Table::Student, "difficulties", " ".into()).ok(),
            Some(Value::Text(String::new()))
        );
    }

    /// A new student's values are those `add_student` writes, with the sort key.
    #[test]
    fn clean_student_cleans_once() {
        let student = CleanStudent::new(NewStudent {
            last_name: " LEFÈVRE\u{200b} ".into(),
            first_name: "He\u{301}le\u{300}ne".into(),
            ine: Some("123456789AB".into()),
            birth_date: NaiveDate::from_ymd_opt(2007, 3, 9),
            ..Default::default()
        })
        .expect("clean");
        assert_eq!(student.last_name(), "LEFÈVRE");
        assert_eq!(student.first_name(), "Hélène");
        assert_eq!(student.ine(), Some("123456789AB"));
        assert_eq!(student.sort_key(), "lefevre\u{1}helene");
        assert_eq!(NEW_STUDENT_COLUMNS.first(), Some(&"last_name"));
        assert_eq!(NEW_STUDENT_COLUMNS.get(3), Some(&"birth_date"));
        assert_eq!(NEW_STUDENT_COLUMNS.last(), Some(&"parcours_differencie"));
        assert_eq!(student.values()[3], Value::Text("2007-03-09".into()));
        assert_eq!(student.values()[7], Value::Text("scolaire".into()));
        let empty = CleanStudent::new(NewStudent {
            last_name: "  ".into(),
            ..Default::default()
        });
        assert!(empty.is_err());
    }
}
