//! The snapshot of the database the screens read; reloaded after every change.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::*;
use crate::store::{Result, Store, StudentRow};

/// One grid cell as the screens need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Row id of the cell in the store.
    pub id: i64,
    pub level: Option<u8>,
    pub has_comment: bool,
    pub version: i64,
}

/// What the suivi and meeting screens show of the selected student, read when the
/// selection changes (the student page reads the whole [`StudentSheet`] instead).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub student_id: i64,
    pub checkins: Vec<Checkin>,
    pub enrolments: Vec<Enrolment>,
    /// Grid values with their comments (the meeting screen masks the sensitive ones).
    pub grid: Vec<GridValue>,
    /// Attendance marks, in time order (the rate per module in Suivi).
    pub marks: Vec<crate::model::planner::StudentMark>,
}

impl Detail {
    /// Reads one student's details.
    pub fn load(store: &Store, student_id: i64) -> Result<Detail> {
        Ok(Detail {
            student_id,
            checkins: store.checkins(student_id)?,
            enrolments: store.enrolments(student_id)?,
            grid: store.grid_values(student_id)?,
            marks: store.student_marks(student_id)?,
        })
    }
}

/// Everything the screens show, read in one go from the store.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Students sorted by name.
    pub students: Vec<StudentRow>,
    /// Position of each student id in `students`.
    pub index: HashMap<i64, usize>,
    pub establishments: Vec<Establishment>,
    /// School calendars the team stored (the others are national defaults).
    pub calendars: Vec<crate::model::calendar::StoredCalendar>,
    pub sections: Vec<Section>,
    pub cohorts: Vec<Cohort>,
    pub staff: Vec<Staff>,
    /// Active criteria in grid order (domain, then position).
    pub criteria: Vec<Criterion>,
    /// Every criterion, retired ones included, in the same order (catalogue settings).
    pub all_criteria: Vec<Criterion>,
    pub difficulty_types: Vec<DifficultyType>,
    pub modules: Vec<Module>,
    /// Grid cells per student, aligned with `criteria`; read on first need
    /// (see [`Data::load_grid`]) since the list screens do without them.
    pub grid: HashMap<i64, Vec<Option<Cell>>>,
    /// Whether `grid` holds every student of the scope.
    pub grid_loaded: bool,
    /// School years present, newest first.
    pub years: Vec<String>,
    /// Running modules of each student.
    pub running_modules: HashMap<i64, Vec<i64>>,
    /// Modules where a student has two unexcused absences in a row (Suivi's flag).
    pub absent_twice: HashMap<i64, Vec<i64>>,
    /// School year loaded (`None`: every year).
    pub scope: Option<String>,
    /// Stamp that changes on every load or reload, so that views can memoise on it.
    pub generation: u64,
    /// Only the first screenful of students is read (see [`Data::first_page`]): the
    /// start-up frame; the header's counts and the list's total wait for the rest.
    pub partial: bool,
}

/// A stamp never given before (0 is the empty default `Data`).
fn next_generation() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    LAST.fetch_add(1, Ordering::Relaxed) + 1
}

impl Data {
    /// Reads the students of one school year (`None`: every year) and the catalogue.
    ///
    /// Loading one cohort keeps start-up fast on académie-sized files.
    pub fn load(store: &Store, year: Option<&str>) -> Result<Data> {
        let mut running_modules: HashMap<i64, Vec<i64>> = HashMap::new();
        for (student, module) in store.running_enrolments(year)? {
            running_modules.entry(student).or_default().push(module);
        }
        let students = store.student_rows_in(year)?;
        let absent_twice = store.absent_twice_in(year)?;
        Data::with_students(store, year, students, running_modules, absent_twice)
    }

    /// The first `rows` students of one school year in list order, read from the
    /// name index, with everything else `load` reads but the other students: enough
    /// for the start-up frame of the student list. The running modules are left out
    /// (no list column shows them). `None` when the file cannot be read this way.
    pub fn first_page(store: &Store, year: &str, rows: usize) -> Result<Option<Data>> {
        let Some(students) = store.student_rows_page(year, rows)? else {
            return Ok(None);
        };
        let mut absent_twice = HashMap::new();
        for row in &students {
            let modules = store.absent_twice(row.student.id)?;
            if !modules.is_empty() {
                absent_twice.insert(row.student.id, modules);
            }
        }
        let mut data =
            Data::with_students(store, Some(year), students, HashMap::new(), absent_twice)?;
        data.partial = true;
        Ok(Some(data))
    }

    fn with_students(
        store: &Store,
        year: Option<&str>,
        students: Vec<StudentRow>,
        running_modules: HashMap<i64, Vec<i64>>,
        absent_twice: HashMap<i64, Vec<i64>>,
    ) -> Result<Data> {
        let all_criteria = store.criteria()?;
        let criteria: Vec<Criterion> = all_criteria
            .iter()
            .filter(|c| !c.retired)
            .cloned()
            .collect();
        let cohorts = store.cohorts()?;
        let mut years: Vec<String> = cohorts.iter().map(|c| c.school_year.clone()).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let index = students
            .iter()
            .enumerate()
            .map(|(i, s)| (s.student.id, i))
            .collect();
        Ok(Data {
            students,
            index,
            establishments: store.establishments()?,
            calendars: store.school_calendars()?,
            sections: store.sections()?,
            cohorts,
            staff: store.staff()?,
            criteria,
            all_criteria,
            difficulty_types: store.difficulty_types()?,
            modules: store.modules()?,
            grid: HashMap::new(),
            grid_loaded: false,
            years,
            running_modules,
            absent_twice,
            scope: year.map(str::to_string),
            generation: next_generation(),
            partial: false,
        })
    }

    /// A section's code, with its establishment's UAI when another establishment
    /// of the file has a section with the same code (a cité scolaire).
    pub fn section_label(&self, section: &Section) -> String {
        let shared = self
            .sections
            .iter()
            .any(|s| s.code == section.code && s.establishment_id != section.establishment_id);
        match self
            .establishments
            .iter()
            .find(|e| e.id == section.establishment_id)
        {
            Some(e) if shared => format!("{} ({})", section.code, e.uai),
            _ => section.code.clone(),
        }
    }

    /// Grid column of each active criterion id.
    fn criterion_columns(&self) -> HashMap<i64, usize> {
        self.criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect()
    }

    /// Reads the grid cells of the loaded scope.
    pub fn load_grid(&mut self, store: &Store) -> Result<()> {
        let column = self.criterion_columns();
        let width = self.criteria.len();
        let mut grid: HashMap<i64, Vec<Option<Cell>>> = HashMap::new();
        for value in store.grid_cells_in(self.scope.as_deref())? {
            if let Some(&col) = column.get(&value.criterion_id) {
                let cells = grid
                    .entry(value.student_id)
                    .or_insert_with(|| vec![None; width]);
                cells[col] = Some(Cell {
                    id: value.id,
                    level: value.level,
                    has_comment: value.has_comment,
                    version: value.version,
                });
            }
        }
        self.grid = grid;
        self.grid_loaded = true;
        self.generation = next_generation();
        Ok(())
    }

    /// Re-reads one student after a local change (cheap: a renamed or new student
    /// is put in its place in name order, the others keep theirs).
    pub fn reload_student(&mut self, store: &Store, id: i64) -> Result<()> {
        self.generation = next_generation();
        let row = store.student_row(id)?;
        match self.index.get(&id) {
            Some(&i)
                if (
                    &self.students[i].student.last_name,
                    &self.students[i].student.first_name,
                ) == (&row.student.last_name, &row.student.first_name) =>
            {
                self.students[i] = row
            }
            Some(&i) => {
                self.students.remove(i);
                self.place(row, i);
            }
            None => self.place(row, self.students.len()),
        }
        let column = self.criterion_columns();
        let mut cells = vec![None; self.criteria.len()];
        for value in store.grid_values(id)? {
            if let Some(&col) = column.get(&value.criterion_id) {
                cells[col] = Some(Cell {
                    id: value.id,
                    level: value.level,
                    has_comment: value.comment.is_some(),
                    version: value.meta.version,
                });
            }
        }
        self.grid.insert(id, cells);
        let running: Vec<i64> = store
            .enrolments(id)?
            .into_iter()
            .filter(|e| e.end_date.is_none())
            .map(|e| e.module_id)
            .collect();
        self.running_modules.insert(id, running);
        let absent_twice = store.absent_twice(id)?;
        if absent_twice.is_empty() {
            self.absent_twice.remove(&id);
        } else {
            self.absent_twice.insert(id, absent_twice);
        }
        Ok(())
    }

    /// Inserts `row` at its place in name order (the list is sorted but for it),
    /// then re-indexes the rows between `from` (where it was) and where it goes.
    fn place(&mut self, row: StudentRow, from: usize) {
        let key = crate::store::name_key(&row.student);
        let at = self
            .students
            .partition_point(|other| crate::store::name_key(&other.student) < key);
        self.students.insert(at, row);
        let (low, high) = (at.min(from), at.max(from).min(self.students.len() - 1));
        for i in low..=high {
            self.index.insert(self.students[i].student.id, i);
        }
    }

    /// The student with this id.
    pub fn student(&self, id: i64) -> Option<&StudentRow> {
        self.index.get(&id).map(|&i| &self.students[i])
    }

    /// Display name of a staff member.
    pub fn staff_name(&self, id: Option<i64>) -> Option<String> {
        let id = id?;
        self.staff
            .iter()
            .find(|s| s.id == id)
            .map(Staff::display_name)
    }

    /// Names of a student's running modules.
    pub fn module_names(&self, student: i64) -> Vec<String> {
        self.running_modules
            .get(&student)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| self.module(*id))
                    .map(|m| m.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Names of the modules where a student has two unexcused absences in a row.
    pub fn absent_twice_names(&self, student: i64) -> Vec<String> {
        self.absent_twice
            .get(&student)
            .map(|ids| {
                ids.iter()
                    .map(|id| {
                        self.module(*id)
                            .map_or_else(|| format!("module n° {id}"), |m| m.name.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Label of a criterion by id (empty if unknown).
    pub fn criterion_label(&self, id: i64) -> String {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.clone())
            .unwrap_or_default()
    }

    /// A module by id.
    pub fn module(&self, id: i64) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// French label of a difficulty type code (the code itself if unknown).
    pub fn difficulty_label<'a>(&'a self, code: &'a str) -> &'a str {
        self.difficulty_types
            .iter()
            .find(|d| d.code == code)
            .map_or(code, |d| d.label.as_str())
    }

    /// What the grid suggests for one student.
    pub fn suggestion(&self, student_id: i64) -> Suggestion {
        suggest(&self.levels(student_id), &self.difficulty_types)
    }

    /// The student's assessed criteria with their level.
    fn levels(&self, student_id: i64) -> Vec<(&Criterion, u8)> {
        let Some(cells) = self.grid.get(&student_id) else {
            return Vec::new();
        };
        self.criteria
            .iter()
            .zip(cells)
            .filter_map(|(c, cell)| cell.and_then(|cell| cell.level).map(|l| (c, l)))
            .collect()
    }

    /// The student's difficulty types with their weight, heaviest first: the ones the
    /// team retained (weighted by the grid, at least 1), else the grid's suggestion.
    pub fn difficulty_weights(&self, student_id: i64) -> Vec<(String, u32)> {
        let from_grid = difficulty_weights(&self.levels(student_id));
        let retained = self
            .student(student_id)
            .map(|s| s.student.difficulties.clone())
            .unwrap_or_default();
        if retained.is_empty() {
            return from_grid;
        }
        let mut weights: Vec<(String, u32)> = retained
            .into_iter()
            .map(|code| {
                let weight = from_grid
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or(1, |(_, w)| *w);
                (code, weight)
            })
            .collect();
        weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weights
    }

    /// Modules ranked by how well they answer the student's difficulties.
    pub fn ranked_modules(&self, student_id: i64) -> Vec<ModuleMatch> {
        rank_modules(&self.difficulty_weights(student_id), &self.modules)
    }
}
