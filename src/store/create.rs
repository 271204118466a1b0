//! Typed helpers to create and look up the main rows inside a write.

use rusqlite::OptionalExtension;

use super::clean::{CleanStudent, NEW_STUDENT_COLUMNS};
use super::{Result, Store, StoreError, Table, Writer};
use crate::model::*;

/// A new student as imports and forms provide it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewStudent {
    pub last_name: String,
    pub first_name: String,
    pub ine: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub bac_pro: bool,
    pub bac_pro_specialty: Option<String>,
    pub origin_lycee: Option<String>,
    pub schooling: Option<Schooling>,
    pub parcoursup_rank: Option<i64>,
    pub parcours_differencie: Option<ParcoursDifferencie>,
}

impl Writer<'_> {
    /// Copies a catalogue into a database that has none (`init`).
    ///
    /// Returns how many entries were added.
    pub fn install_catalogue(&mut self, file: &CatalogueFile) -> Result<usize> {
        Ok(self.merge_catalogue(file)?.added)
    }

    /// Id of a catalogue or section row by its code.
    pub fn id_by_code(&self, table: Table, code: &str) -> Result<Option<i64>> {
        Ok(self
            .tx()
            .query_row(
                &format!("SELECT id FROM {} WHERE code = ?1", table.name()),
                [code],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The establishment with this UAI, created if missing.
    pub fn ensure_establishment(&mut self, uai: &str, name: &str, academie: &str) -> Result<i64> {
        let found: Option<i64> = self
            .tx()
            .query_row("SELECT id FROM establishment WHERE uai = ?1", [uai], |r| {
                r.get(0)
            })
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => self.insert(
                Table::Establishment,
                &[
                    ("uai", uai.into()),
                    ("name", name.into()),
                    ("academie", academie.into()),
                ],
            ),
        }
    }

    /// The first establishment, or a placeholder to complete later when there is none.
    pub fn ensure_default_establishment(&mut self) -> Result<i64> {
        let found: Option<i64> = self
            .tx()
            .query_row(
                "SELECT id FROM establishment ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => self.ensure_establishment("0000000A", "Mon établissement", "non renseignée"),
        }
    }

    /// The section of this establishment with this code, created if missing (codes
    /// are unique per establishment only, since schema 6).
    pub fn ensure_section(
        &mut self,
        establishment_id: i64,
        code: &str,
        name: &str,
        sector: Sector,
    ) -> Result<i64> {
        let found: Option<i64> = self
            .tx()
            .query_row(
                "SELECT id FROM section WHERE establishment_id = ?1 AND code = ?2",
                rusqlite::params![establishment_id, code],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => self.insert(
                Table::Section,
                &[
                    ("establishment_id", establishment_id.into()),
                    ("code", code.into()),
                    ("name", name.into()),
                    ("sector", sector.into()),
                ],
            ),
        }
    }

    /// The cohort of a section for a school year, created if missing.
    pub fn ensure_cohort(&mut self, section_id: i64, school_year: &str) -> Result<i64> {
        let found: Option<i64> = self
            .tx()
            .query_row(
                "SELECT id FROM cohort WHERE section_id = ?1 AND school_year = ?2",
                rusqlite::params![section_id, school_year],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => self.insert(
                Table::Cohort,
                &[
                    ("section_id", section_id.into()),
                    ("school_year", school_year.into()),
                ],
            ),
        }
    }

    /// Adds a member of the team.
    pub fn add_staff(&mut self, last_name: &str, first_name: &str, role: StaffRole) -> Result<i64> {
        self.insert(
            Table::Staff,
            &[
                ("last_name", last_name.into()),
                ("first_name", first_name.into()),
                ("role", role.into()),
            ],
        )
    }

    /// Adds a student to a cohort.
    pub fn add_student(&mut self, cohort_id: i64, s: &NewStudent) -> Result<i64> {
        self.insert(Table::Student, &student_values(cohort_id, s)?)
    }

    /// Adds students to a cohort in a few multi-row statements (imports); returns
    /// their ids in order. Journaled as [`Writer::add_student`] one by one.
    pub fn add_students(&mut self, cohort_id: i64, students: &[&NewStudent]) -> Result<Vec<i64>> {
        let placed: Vec<(i64, &NewStudent)> = students.iter().map(|s| (cohort_id, *s)).collect();
        self.add_students_to(&placed)
    }

    /// Adds students, each to its cohort, as [`Writer::add_students`] does: one
    /// import's divisions share the same few statements.
    pub fn add_students_to(&mut self, students: &[(i64, &NewStudent)]) -> Result<Vec<i64>> {
        let clean = students
            .iter()
            .map(|(cohort_id, s)| Ok((*cohort_id, CleanStudent::new((*s).clone())?)))
            .collect::<Result<Vec<_>>>()?;
        let placed: Vec<(i64, &CleanStudent)> = clean.iter().map(|(c, s)| (*c, s)).collect();
        self.add_clean_students(&placed)
    }

    /// Adds students already cleaned, each to its cohort, in a few multi-row
    /// statements; their values are written as they are, journaled as
    /// [`Writer::add_student`] journals them. Returns their ids in order.
    pub fn add_clean_students(&mut self, students: &[(i64, &CleanStudent)]) -> Result<Vec<i64>> {
        let cohorts: Vec<Value> = students.iter().map(|(c, _)| Value::Int(*c)).collect();
        let mut columns = vec!["cohort_id"];
        columns.extend(NEW_STUDENT_COLUMNS);
        columns.push("sort_key");
        let mut values: Vec<&Value> = Vec::with_capacity(students.len() * columns.len());
        for ((_, student), cohort) in students.iter().zip(&cohorts) {
            values.push(cohort);
            values.extend(student.values());
        }
        self.insert_clean(Table::Student, &columns, &values)
    }

    /// Sets a grid cell (level, comment, source), creating it if needed.
    ///
    /// `expected_version` is the version read with the cell (`None` if it did not exist).
    pub fn set_grid_cell(
        &mut self,
        student_id: i64,
        criterion_id: i64,
        expected_version: Option<i64>,
        changes: &[(&str, Value)],
    ) -> Result<(i64, i64)> {
        let found: Option<(i64, i64)> = self
            .tx()
            .query_row(
                "SELECT id, version FROM grid_value WHERE student_id = ?1 AND criterion_id = ?2",
                [student_id, criterion_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            Some((id, version)) => {
                let new_version = self.update(
                    Table::GridValue,
                    id,
                    expected_version.unwrap_or(version),
                    changes,
                )?;
                Ok((id, new_version))
            }
            None => {
                let mut values = vec![
                    ("student_id", Value::Int(student_id)),
                    ("criterion_id", Value::Int(criterion_id)),
                ];
                values.extend(changes.iter().cloned());
                Ok((self.insert(Table::GridValue, &values)?, 1))
            }
        }
    }
}

impl Store {
    /// Installs the starter catalogue if the database has none (`passerelle init`).
    pub fn init(&mut self) -> Result<usize> {
        if self.has_catalogue()? {
            return Ok(0);
        }
        let file = CatalogueFile::parse(STARTER_CATALOGUE).map_err(StoreError::Invalid)?;
        // Not offered to undo (as the doc of `Store::undo` says): undoing it would take
        // the criteria and modules from under what uses them.
        self.write_import("Installation du catalogue", |w| w.install_catalogue(&file))
    }
}

/// The columns a new student sets; refuses an empty last name.
fn student_values(cohort_id: i64, s: &NewStudent) -> Result<Vec<(&'static str, Value)>> {
    if s.last_name.trim().is_empty() {
        return Err(StoreError::Invalid(
            "le nom de l'élève est obligatoire".into(),
        ));
    }
    Ok(vec![
        ("cohort_id", cohort_id.into()),
        ("last_name", s.last_name.as_str().into()),
        ("first_name", s.first_name.as_str().into()),
        ("ine", s.ine.clone().into()),
        ("birth_date", s.birth_date.into()),
        ("bac_pro", s.bac_pro.into()),
        ("bac_pro_specialty", s.bac_pro_specialty.clone().into()),
        ("origin_lycee", s.origin_lycee.clone().into()),
        (
            "schooling",
            s.schooling.unwrap_or(Schooling::Scolaire).into(),
        ),
        ("parcoursup_rank", s.parcoursup_rank.into()),
        ("parcours_differencie", s.parcours_differencie.into()),
    ])
}
