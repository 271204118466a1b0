//! Reading every student without holding them all: the command line at
//! académie scale (100,000 students and more) keeps only what it prints.

use rusqlite::Row;

use super::read::{STUDENT_COLUMN_COUNT, STUDENT_COLUMNS, student_from_row};
use super::write::student_sort_key;
use super::{Result, Store, StoreError, StudentRow};

impl Store {
    /// Calls `each` with every student row of one school year (`None`: every
    /// year), in no particular order; nothing is kept between two rows.
    pub fn for_each_student_row<E: From<StoreError>>(
        &self,
        year: Option<&str>,
        mut each: impl FnMut(StudentRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_keyed_row(year, |_, row| each(row))
    }

    /// [`Store::for_each_student_row`] with each student's place in the class list
    /// (`student.sort_key`, schema 11).
    fn for_each_keyed_row<E: From<StoreError>>(
        &self,
        year: Option<&str>,
        mut each: impl FnMut(String, StudentRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // Two statements rather than "?1 IS NULL OR …", which would defeat the indexes.
        let filter = if year.is_some() {
            "WHERE c.school_year = ?1"
        } else {
            "WHERE ?1 IS NULL"
        };
        let sql = format!(
            "SELECT {STUDENT_COLUMNS}, sec.id, sec.code, c.school_year, \
             (SELECT max(date) FROM checkin k WHERE k.student_id = s.id), s.sort_key \
             FROM cohort c JOIN student s ON s.cohort_id = c.id JOIN section sec ON sec.id = c.section_id \
             {filter}"
        );
        let sqlite = |e: rusqlite::Error| E::from(StoreError::from(e));
        let mut stmt = self.conn().prepare_cached(&sql).map_err(sqlite)?;
        let mut rows = stmt.query([year]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            let student = student_row_from_row(row).map_err(sqlite)?;
            let key: Option<String> = row.get(STUDENT_COLUMN_COUNT + 4).map_err(sqlite)?;
            // A file opened read-only before its keys were filled: computed here.
            let key = key.unwrap_or_else(|| {
                student_sort_key(&student.student.last_name, &student.student.first_name)
            });
            each(key, student)?;
        }
        Ok(())
    }

    /// What `render` makes of each student row (`None`: left out), in name order
    /// as [`Store::student_rows`], holding only the name keys and the renderings.
    pub fn render_students_by_name<T, E: From<StoreError>>(
        &self,
        year: Option<&str>,
        mut render: impl FnMut(StudentRow) -> std::result::Result<Option<T>, E>,
    ) -> std::result::Result<Vec<T>, E> {
        let mut keyed = Vec::new();
        self.for_each_keyed_row::<E>(year, |key, row| {
            let id = row.student.id;
            if let Some(rendered) = render(row)? {
                keyed.push(((key, id), rendered));
            }
            Ok(())
        })?;
        // The stored key gives the French order (accents and case ignored) without
        // folding every name again; with the id, keys are unique: any sort will do.
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(keyed.into_iter().map(|(_, rendered)| rendered).collect())
    }

    /// Students of one school year (`None`: every year), sorted by name.
    pub fn student_rows_in(&self, year: Option<&str>) -> Result<Vec<StudentRow>> {
        // Sorted here rather than in SQL: SQLite's sorter spills whole rows to a
        // temporary file (~0.1 s at 10k), and French order ignores accents.
        self.render_students_by_name(year, |row| Ok::<_, StoreError>(Some(row)))
    }
}

pub(super) fn student_row_from_row(r: &Row) -> rusqlite::Result<StudentRow> {
    let n = STUDENT_COLUMN_COUNT;
    Ok(StudentRow {
        student: student_from_row(r)?,
        section_id: r.get(n)?,
        section_code: r.get(n + 1)?,
        school_year: r.get(n + 2)?,
        last_checkin: super::read::date(r, n + 3)?,
    })
}
