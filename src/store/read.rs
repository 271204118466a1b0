//! Queries returning model types.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

use super::{Result, Store, StoreError};
use crate::model::*;

/// A student with what lists need from related tables.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    pub student: Student,
    pub section_id: i64,
    pub section_code: String,
    pub school_year: String,
    /// Date of the latest point d'étape.
    pub last_checkin: Option<NaiveDate>,
}

/// One grid cell reduced to what the screens show (see [`Store::grid_cells`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridCell {
    pub id: i64,
    pub student_id: i64,
    pub criterion_id: i64,
    pub level: Option<u8>,
    pub has_comment: bool,
    pub version: i64,
}

/// One change in the journal, as shown in a student's history.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub id: i64,
    pub batch_id: i64,
    pub at: String,
    pub user: String,
    pub label: String,
    pub entity: String,
    pub entity_id: i64,
    pub op: String,
    pub field: Option<String>,
    /// `None` for sensitive values, which are never kept here.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub sensitive: bool,
}

pub(super) fn meta(row: &Row, start: usize) -> rusqlite::Result<RowMeta> {
    Ok(RowMeta {
        version: row.get(start)?,
        updated_at: row.get(start + 1)?,
        updated_by: row.get(start + 2)?,
    })
}

/// Text of a column without copying it (`None` for NULL).
pub(super) fn text<'a>(row: &'a Row<'_>, idx: usize) -> rusqlite::Result<Option<&'a str>> {
    row.get_ref(idx)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

pub(super) fn code<T>(
    row: &Row,
    idx: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    Ok(text(row, idx)?.and_then(parse))
}

fn required<T>(row: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("code inconnu « {text} »").into(),
        )
    })
}

pub(crate) fn date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(text(row, idx)?.and_then(parse_date))
}

pub(super) fn list(row: &Row, idx: usize) -> rusqlite::Result<Vec<String>> {
    Ok(list_of(row, idx)?.into_iter().map(str::to_string).collect())
}

/// The items of a comma-separated column, borrowed from the row.
pub(super) fn list_of<'a>(row: &'a Row<'_>, idx: usize) -> rusqlite::Result<Vec<&'a str>> {
    Ok(row
        .get_ref(idx)?
        .as_str()?
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect())
}

/// Columns of `student`, in the order [`student_from_row`] reads them.
pub(crate) const STUDENT_COLUMNS: &str = "s.id, s.cohort_id, s.last_name, s.first_name, s.ine, s.birth_date, \
     s.bac_pro, s.bac_pro_specialty, s.origin_lycee, s.schooling, s.parcoursup_rank, \
     s.parcours_differencie, s.referent_id, s.verdict, s.difficulties, s.proposal, \
     s.pre_conseil_date, s.commitments, s.first_checkin_date, s.bilan_s1, s.bilan_s1_date, \
     s.decision_s2, s.decision_s2_date, s.exit_date, s.exit_cause, s.exit_destination, \
     s.diploma, s.version, s.updated_at, s.updated_by, s.exit_referral, s.exit_note, \
     s.next_checkin_date";

pub(crate) const STUDENT_COLUMN_COUNT: usize = 33;

pub(crate) fn student_from_row(row: &Row) -> rusqlite::Result<Student> {
    Ok(Student {
        id: row.get(0)?,
        cohort_id: row.get(1)?,
        last_name: row.get(2)?,
        first_name: row.get(3)?,
        ine: row.get(4)?,
        birth_date: date(row, 5)?,
        bac_pro: row.get(6)?,
        bac_pro_specialty: row.get(7)?,
        origin_lycee: row.get(8)?,
        schooling: required(row, 9, Schooling::from_code)?,
        parcoursup_rank: row.get(10)?,
        parcours_differencie: code(row, 11, ParcoursDifferencie::from_code)?,
        referent_id: row.get(12)?,
        verdict: code(row, 13, Verdict::from_code)?,
        difficulties: list(row, 14)?,
        proposal: code(row, 15, Proposal::from_code)?,
        pre_conseil_date: date(row, 16)?,
        commitments: row.get(17)?,
        first_checkin_date: date(row, 18)?,
        bilan_s1: row.get(19)?,
        bilan_s1_date: date(row, 20)?,
        decision_s2: code(row, 21, DecisionS2::from_code)?,
        decision_s2_date: date(row, 22)?,
        exit_date: date(row, 23)?,
        exit_cause: code(row, 24, ExitCause::from_code)?,
        exit_destination: code(row, 25, ExitDestination::from_code)?,
        diploma: code(row, 26, DiplomaOutcome::from_code)?,
        meta: meta(row, 27)?,
        exit_referral: code(row, 30, ExitReferral::from_code)?,
        exit_note: row.get(31)?,
        next_checkin_date: date(row, 32)?,
    })
}

impl Store {
    pub(super) fn collect<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt
            .query_map(params, f)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Whether the database holds no student yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM student)", [], |r| {
                r.get(0)
            })?)
    }

    /// Whether the catalogue has been installed.
    pub fn has_catalogue(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM criterion)", [], |r| r.get(0))?)
    }

    /// All establishments.
    pub fn establishments(&self) -> Result<Vec<Establishment>> {
        self.collect(
            "SELECT id, uai, name, academie, city, version, updated_at, updated_by FROM establishment ORDER BY id",
            [],
            |r| Ok(Establishment { id: r.get(0)?, uai: r.get(1)?, name: r.get(2)?, academie: r.get(3)?, city: r.get(4)?, meta: meta(r, 5)? }),
        )
    }

    /// All BTS sections, by code.
    pub fn sections(&self) -> Result<Vec<Section>> {
        self.collect(
            "SELECT id, establishment_id, code, name, sector, version, updated_at, updated_by FROM section ORDER BY code",
            [],
            |r| {
                Ok(Section {
                    id: r.get(0)?,
                    establishment_id: r.get(1)?,
                    code: r.get(2)?,
                    name: r.get(3)?,
                    sector: required(r, 4, Sector::from_code)?,
                    meta: meta(r, 5)?,
                })
            },
        )
    }

    /// All cohorts, newest year first.
    pub fn cohorts(&self) -> Result<Vec<Cohort>> {
        self.collect(
            "SELECT id, section_id, school_year, version, updated_at, updated_by FROM cohort ORDER BY school_year DESC, section_id",
            [],
            |r| Ok(Cohort { id: r.get(0)?, section_id: r.get(1)?, school_year: r.get(2)?, meta: meta(r, 3)? }),
        )
    }

    /// The team, active members first, by name.
    pub fn staff(&self) -> Result<Vec<Staff>> {
        self.collect(
            "SELECT id, last_name, first_name, role, organisation, discipline, email, active, \
             coordinator, version, updated_at, updated_by FROM staff \
             ORDER BY active DESC, last_name, first_name",
            [],
            |r| {
                Ok(Staff {
                    id: r.get(0)?,
                    last_name: r.get(1)?,
                    first_name: r.get(2)?,
                    role: required(r, 3, StaffRole::from_code)?,
                    organisation: r.get(4)?,
                    discipline: r.get(5)?,
                    email: r.get(6)?,
                    active: r.get(7)?,
                    coordinator: r.get(8)?,
                    meta: meta(r, 9)?,
                })
            },
        )
    }

    /// Criteria in grid order (domain, then position), retired ones included.
    pub fn criteria(&self) -> Result<Vec<Criterion>> {
        self.collect(
            "SELECT id, code, domain, label, description, difficulty, position, retired, version, updated_at, updated_by \
             FROM criterion ORDER BY CASE domain WHEN 'conditions_de_vie' THEN 0 WHEN 'performances_scolaires' THEN 1 ELSE 2 END, position, id",
            [],
            |r| {
                Ok(Criterion {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    domain: required(r, 2, Domain::from_code)?,
                    label: r.get(3)?,
                    description: r.get(4)?,
                    difficulty: r.get(5)?,
                    position: r.get(6)?,
                    retired: r.get(7)?,
                    meta: meta(r, 8)?,
                })
            },
        )
    }

    /// Difficulty types, retired ones included.
    pub fn difficulty_types(&self) -> Result<Vec<DifficultyType>> {
        self.collect(
            "SELECT id, code, label, description, module_types, retired, version, updated_at, updated_by \
             FROM difficulty_type ORDER BY id",
            [],
            |r| {
                Ok(DifficultyType {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    label: r.get(2)?,
                    description: r.get(3)?,
                    module_types: list(r, 4)?.iter().filter_map(|c| ModuleType::from_code(c)).collect(),
                    retired: r.get(5)?,
                    meta: meta(r, 6)?,
                })
            },
        )
    }

    /// Modules of the catalogue, retired ones included.
    pub fn modules(&self) -> Result<Vec<Module>> {
        self.collect(
            "SELECT id, code, name, module_type, competence, difficulties, objectives, content, led_by, \
             sessions, session_minutes, group_size, period, place, evaluation, hours_granted, retired, \
             version, updated_at, updated_by FROM module ORDER BY module_type, name",
            [],
            |r| {
                Ok(Module {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    module_type: required(r, 3, ModuleType::from_code)?,
                    competence: required(r, 4, CompetenceDomain::from_code)?,
                    difficulties: list(r, 5)?,
                    objectives: r.get(6)?,
                    content: r.get(7)?,
                    led_by: r.get(8)?,
                    sessions: r.get(9)?,
                    session_minutes: r.get(10)?,
                    group_size: r.get(11)?,
                    period: r.get(12)?,
                    place: r.get(13)?,
                    evaluation: r.get(14)?,
                    hours_granted: r.get(15)?,
                    retired: r.get(16)?,
                    meta: meta(r, 17)?,
                })
            },
        )
    }

    /// Every student with section, year and last check-in, sorted by name.
    pub fn student_rows(&self) -> Result<Vec<StudentRow>> {
        self.student_rows_in(None)
    }

    /// The first `limit` students of a school year in list order, read from the name
    /// index (schema 11) rather than by sorting the year: what the first frame shows.
    /// `None` when some student has no sort key yet (a file this program could not
    /// upgrade, opened read-only): the caller reads the whole year instead.
    pub fn student_rows_page(&self, year: &str, limit: usize) -> Result<Option<Vec<StudentRow>>> {
        if super::write::sort_keys_missing(self.conn())? {
            return Ok(None);
        }
        // The index walk gives the order; CROSS JOIN keeps SQLite from starting
        // from the year's cohorts and sorting them all.
        let sql = format!(
            "SELECT {STUDENT_COLUMNS}, sec.id, sec.code, c.school_year, \
             (SELECT max(date) FROM checkin k WHERE k.student_id = s.id) \
             FROM student s INDEXED BY student_sort CROSS JOIN cohort c ON c.id = s.cohort_id \
             JOIN section sec ON sec.id = c.section_id \
             WHERE c.school_year = ?1 ORDER BY s.sort_key, s.id LIMIT ?2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(Some(self.collect(
            &sql,
            rusqlite::params![year, limit],
            super::stream::student_row_from_row,
        )?))
    }

    /// One student with section and year, as in [`Store::student_rows`].
    pub fn student_row(&self, id: i64) -> Result<StudentRow> {
        let sql = format!(
            "SELECT {STUDENT_COLUMNS}, sec.id, sec.code, c.school_year, \
             (SELECT max(date) FROM checkin k WHERE k.student_id = s.id) \
             FROM student s JOIN cohort c ON c.id = s.cohort_id JOIN section sec ON sec.id = c.section_id \
             WHERE s.id = ?1"
        );
        self.conn()
            .query_row(&sql, [id], super::stream::student_row_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("élève n° {id}")))
    }

    /// One student by id.
    pub fn student(&self, id: i64) -> Result<Student> {
        let sql = format!("SELECT {STUDENT_COLUMNS} FROM student s WHERE s.id = ?1");
        self.conn()
            .query_row(&sql, [id], student_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("élève n° {id}")))
    }

    /// Students matching an id, an INE, or a name (all words must match).
    pub fn find_students(&self, query: &str) -> Result<Vec<Student>> {
        let query = query.trim();
        // An INE may be all digits: it is looked up before the internal number.
        let by_ine =
            format!("SELECT {STUDENT_COLUMNS} FROM student s WHERE upper(s.ine) = upper(?1)");
        let found = self.collect(&by_ine, [query], student_from_row)?;
        if !found.is_empty() {
            return Ok(found);
        }
        if let Ok(id) = query.trim_start_matches("n°").trim().parse::<i64>() {
            return Ok(self.student(id).map(|s| vec![s]).unwrap_or_default());
        }
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        // Matched on the stored sort key (folded names, so the names need not be
        // folded again): only the ids of the students who match are kept, then read.
        let mut exact = Vec::new();
        let mut partial = Vec::new();
        let mut names = self
            .conn()
            .prepare("SELECT id, sort_key, last_name, first_name FROM student")?;
        let mut rows = names.query([])?;
        while let Some(row) = rows.next()? {
            let key = match row.get::<_, Option<String>>(1)? {
                Some(key) => key.replace('\u{1}', " "),
                None => fold(&format!(
                    "{} {}",
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?
                )),
            };
            if !words.iter().all(|w| key.contains(w.as_str())) {
                continue;
            }
            let id: i64 = row.get(0)?;
            let parts: Vec<&str> = key.split_whitespace().collect();
            if words.iter().all(|w| parts.contains(&w.as_str())) {
                exact.push(id);
            } else {
                partial.push(id);
            }
        }
        let ids = if exact.is_empty() { partial } else { exact };
        let mut found = ids
            .into_iter()
            .map(|id| self.student(id))
            .collect::<Result<Vec<Student>>>()?;
        // In the lists' order (French, accents and case aside).
        found.sort_by_cached_key(name_key);
        Ok(found)
    }

    /// Grid values of one student.
    pub fn grid_values(&self, student_id: i64) -> Result<Vec<GridValue>> {
        self.collect(
            "SELECT id, student_id, criterion_id, level, comment, source, version, updated_at, updated_by \
             FROM grid_value WHERE student_id = ?1",
            [student_id],
            grid_value_from_row,
        )
    }

    /// Every grid value of the database.
    pub fn all_grid_values(&self) -> Result<Vec<GridValue>> {
        self.collect(
            "SELECT id, student_id, criterion_id, level, comment, source, version, updated_at, updated_by \
             FROM grid_value ORDER BY student_id, criterion_id",
            [],
            grid_value_from_row,
        )
    }

    /// Grid cells, without their texts, of the students of one school year (`None`: every year).
    pub fn grid_cells_in(&self, year: Option<&str>) -> Result<Vec<GridCell>> {
        let sql = if year.is_some() {
            "SELECT g.student_id, g.criterion_id, g.level, g.comment IS NOT NULL, g.version, g.id \
             FROM cohort c JOIN student s ON s.cohort_id = c.id JOIN grid_value g ON g.student_id = s.id \
             WHERE c.school_year = ?1"
        } else {
            "SELECT student_id, criterion_id, level, comment IS NOT NULL, version, id FROM grid_value \
             WHERE ?1 IS NULL"
        };
        self.collect(sql, [year], |r| {
            Ok(GridCell {
                id: r.get(5)?,
                student_id: r.get(0)?,
                criterion_id: r.get(1)?,
                level: r.get(2)?,
                has_comment: r.get(3)?,
                version: r.get(4)?,
            })
        })
    }

    /// Points d'étape of one student, oldest first.
    pub fn checkins(&self, student_id: i64) -> Result<Vec<Checkin>> {
        self.collect(
            "SELECT id, student_id, date, attendance, progress, engagement, note, version, updated_at, updated_by \
             FROM checkin WHERE student_id = ?1 ORDER BY date, id",
            [student_id],
            |r| {
                Ok(Checkin {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    date: date(r, 2)?.unwrap_or_default(),
                    attendance: code(r, 3, Attendance::from_code)?,
                    progress: code(r, 4, Progress::from_code)?,
                    engagement: code(r, 5, Engagement::from_code)?,
                    note: r.get(6)?,
                    meta: meta(r, 7)?,
                })
            },
        )
    }

    /// Modules of one student, in the order they were added.
    pub fn enrolments(&self, student_id: i64) -> Result<Vec<Enrolment>> {
        self.collect(
            "SELECT id, student_id, module_id, start_date, end_date, checkin_id, version, updated_at, updated_by \
             FROM enrolment WHERE student_id = ?1 ORDER BY start_date, id",
            [student_id],
            |r| {
                Ok(Enrolment {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    module_id: r.get(2)?,
                    start_date: date(r, 3)?.unwrap_or_default(),
                    end_date: date(r, 4)?,
                    checkin_id: r.get(5)?,
                    meta: meta(r, 6)?,
                })
            },
        )
    }

    /// (student, module) pairs of every running enrolment.
    pub fn running_enrolments(&self, year: Option<&str>) -> Result<Vec<(i64, i64)>> {
        let sql = if year.is_some() {
            "SELECT e.student_id, e.module_id FROM cohort c JOIN student s ON s.cohort_id = c.id \
             JOIN enrolment e ON e.student_id = s.id \
             WHERE c.school_year = ?1 AND e.end_date IS NULL ORDER BY e.student_id, e.start_date, e.id"
        } else {
            "SELECT student_id, module_id FROM enrolment WHERE end_date IS NULL AND ?1 IS NULL \
             ORDER BY student_id, start_date, id"
        };
        self.collect(sql, [year], |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// (area, row id, version) of each life note of a student, to edit them.
    pub fn life_note_rows(&self, student_id: i64) -> Result<Vec<(LifeArea, i64, i64)>> {
        self.collect(
            "SELECT area, id, version FROM life_note WHERE student_id = ?1",
            [student_id],
            |r| Ok((required(r, 0, LifeArea::from_code)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// Sensitive *conditions de vie* notes of one student.
    pub fn life_notes(&self, student_id: i64) -> Result<Vec<LifeNote>> {
        self.collect(
            "SELECT student_id, area, note, version, updated_at, updated_by FROM life_note WHERE student_id = ?1 ORDER BY id",
            [student_id],
            |r| Ok(LifeNote { student_id: r.get(0)?, area: required(r, 1, LifeArea::from_code)?, note: r.get(2)?, meta: meta(r, 3)? }),
        )
    }

    /// The history of one student, newest first (without the meetings' copies of
    /// the decisions, which would repeat each change).
    pub fn student_journal(&self, student_id: i64) -> Result<Vec<JournalEntry>> {
        self.collect(
            "SELECT j.id, j.batch_id, b.at, b.user, b.label, j.entity, j.entity_id, j.op, j.field, \
             j.old_value, j.new_value, j.sensitive FROM journal j JOIN batch b ON b.id = j.batch_id \
             WHERE j.student_id = ?1 AND j.entity <> 'meeting_student' ORDER BY j.id DESC",
            [student_id],
            |r| {
                Ok(JournalEntry {
                    id: r.get(0)?,
                    batch_id: r.get(1)?,
                    at: r.get(2)?,
                    user: r.get(3)?,
                    label: r.get(4)?,
                    entity: r.get(5)?,
                    entity_id: r.get(6)?,
                    op: r.get(7)?,
                    field: r.get(8)?,
                    old_value: r.get(9)?,
                    new_value: r.get(10)?,
                    sensitive: r.get(11)?,
                })
            },
        )
    }
}

fn grid_value_from_row(r: &Row) -> rusqlite::Result<GridValue> {
    Ok(GridValue {
        id: r.get(0)?,
        student_id: r.get(1)?,
        criterion_id: r.get(2)?,
        level: r.get(3)?,
        comment: r.get(4)?,
        source: r.get(5)?,
        meta: meta(r, 6)?,
    })
}

/// Sort key of a student in class lists: name then first name, accents and case ignored.
pub fn name_key(student: &Student) -> (String, String, i64) {
    (
        fold(&student.last_name),
        fold(&student.first_name),
        student.id,
    )
}

/// Lower case without accents, apostrophes or hyphens, for name matching.
pub use crate::model::text::fold;
