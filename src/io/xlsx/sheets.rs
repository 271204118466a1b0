//! The sheets about students: identity, repérage, plans and modules, check-ins,
//! and (only on request) the conditions de vie.

use std::collections::HashMap;

use super::table::{Cell, Table};
use crate::labels::{Label, level_label};
use crate::model::{Criterion, Domain, Establishment, GridValue, Module, Section};
use crate::store::{Result, Store, StudentRow};

/// Level from which a criterion is retained as a difficulty (« 2 – difficulté »).
const RETAINED_LEVEL: u8 = 2;

/// The columns that say who a row is about, first on every student sheet.
const WHO: [&str; 5] = ["INE", "Nom", "Prénom", "Section", "Année"];

/// The students exported and what their rows refer to, read once.
pub struct Scope<'a> {
    pub store: &'a Store,
    /// The students, sorted by name.
    pub rows: Vec<StudentRow>,
    /// Whether sensitive data and free-text notes go into the workbook.
    pub include_sensitive: bool,
    /// The cohort year asked for (`None`: every year).
    pub year: Option<String>,
    index: HashMap<i64, usize>,
    sections: HashMap<i64, Section>,
    establishments: HashMap<i64, Establishment>,
    staff: HashMap<i64, String>,
    pub modules: HashMap<i64, Module>,
}

impl<'a> Scope<'a> {
    /// The students of `year` (`None`: every year) and the tables they refer to.
    pub fn read(store: &'a Store, year: Option<&str>, include_sensitive: bool) -> Result<Self> {
        let rows = store.student_rows_in(year)?;
        Ok(Scope {
            store,
            index: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.student.id, i))
                .collect(),
            rows,
            include_sensitive,
            year: year.map(str::to_string),
            sections: store.sections()?.into_iter().map(|s| (s.id, s)).collect(),
            establishments: (store.establishments()?.into_iter())
                .map(|e| (e.id, e))
                .collect(),
            staff: (store.staff()?.into_iter())
                .map(|s| (s.id, s.display_name()))
                .collect(),
            modules: store.modules()?.into_iter().map(|m| (m.id, m)).collect(),
        })
    }

    /// The exported student of this id, if in scope.
    pub fn row_of(&self, student_id: i64) -> Option<&StudentRow> {
        self.index.get(&student_id).map(|&i| &self.rows[i])
    }

    /// Position of a student in name order (to sort rows by name).
    pub fn rank_of(&self, student_id: i64) -> usize {
        self.index.get(&student_id).copied().unwrap_or(usize::MAX)
    }

    /// The header of a student sheet: [`WHO`] then `rest`.
    pub fn header(name: &'static str, rest: &[&str]) -> Table {
        let columns: Vec<&str> = WHO.iter().chain(rest).copied().collect();
        Table::new(name, &columns)
    }

    /// The [`WHO`] cells of a student.
    pub fn who(&self, row: &StudentRow) -> Vec<Cell> {
        let s = &row.student;
        vec![
            Cell::text(s.ine.clone().unwrap_or_default()),
            Cell::text(&s.last_name),
            Cell::text(&s.first_name),
            Cell::text(&row.section_code),
            Cell::text(&row.school_year),
        ]
    }

    /// A team member's name.
    pub fn staff_name(&self, id: Option<i64>) -> Cell {
        Cell::text(
            id.and_then(|id| self.staff.get(&id).cloned())
                .unwrap_or_default(),
        )
    }

    /// A module's name (its number if it is gone).
    pub fn module_name(&self, id: i64) -> String {
        self.modules
            .get(&id)
            .map_or_else(|| format!("module n° {id}"), |m| m.name.clone())
    }
}

/// A French label, or an empty cell.
pub fn label<T: Label>(code: Option<T>) -> Cell {
    code.map_or(Cell::Empty, |c| Cell::text(c.label()))
}

/// « Élèves »: identity, place, phase and outcome, one row per student.
pub fn students(scope: &Scope) -> Table {
    let mut table = Scope::header(
        "Élèves",
        &[
            "Date de naissance",
            "Établissement",
            "Bac pro",
            "Spécialité de bac pro",
            "Statut",
            "Phase",
            "Référent",
            "Date de sortie",
            "Cause de sortie",
            "Destination",
            "Décision S2",
            "Date de la décision S2",
            "Diplôme",
        ],
    );
    for row in &scope.rows {
        let s = &row.student;
        let establishment = (scope.sections.get(&row.section_id))
            .and_then(|section| scope.establishments.get(&section.establishment_id))
            .map_or(String::new(), |e| e.name.clone());
        let mut cells = scope.who(row);
        cells.extend([
            Cell::date(s.birth_date),
            Cell::text(establishment),
            Cell::yes_no(s.bac_pro),
            Cell::text(s.bac_pro_specialty.clone().unwrap_or_default()),
            Cell::text(s.schooling.label()),
            Cell::text(s.phase().label()),
            scope.staff_name(s.referent_id),
            Cell::date(s.exit_date),
            label(s.exit_cause),
            label(s.exit_destination),
            label(s.decision_s2),
            Cell::date(s.decision_s2_date),
            label(s.diploma),
        ]);
        table.rows.push(cells);
    }
    table
}

/// « Repérage »: verdict, difficulty types and criteria retained, one row per student.
///
/// Criteria of the conditions de vie count and show only with `include_sensitive`.
pub fn reperage(scope: &Scope) -> Result<Table> {
    let mut table = Scope::header(
        "Repérage",
        &[
            "Verdict",
            "Proposition",
            "Date du pré-conseil",
            "Types de difficulté",
            "Critères retenus (niveau 2 ou 3)",
            "Critères évalués",
        ],
    );
    let criteria: HashMap<i64, Criterion> = (scope.store.criteria()?.into_iter())
        .map(|c| (c.id, c))
        .collect();
    let kinds: HashMap<String, String> = (scope.store.difficulty_types()?.into_iter())
        .map(|k| (k.code, k.label))
        .collect();
    let mut by_student: HashMap<i64, Vec<(u8, &Criterion)>> = HashMap::new();
    for value in scope.store.all_grid_values()? {
        let (Some(level), Some(criterion)) = (value.level, criteria.get(&value.criterion_id))
        else {
            continue;
        };
        if criterion.domain.is_sensitive() && !scope.include_sensitive {
            continue;
        }
        by_student
            .entry(value.student_id)
            .or_default()
            .push((level, criterion));
    }
    for row in &scope.rows {
        let s = &row.student;
        let mut assessed = by_student.remove(&s.id).unwrap_or_default();
        assessed.sort_by_key(|(_, c)| (domain_rank(c.domain), c.position, c.id));
        let retained: Vec<String> = (assessed.iter())
            .filter(|(level, _)| *level >= RETAINED_LEVEL)
            .map(|(level, c)| format!("{} ({})", c.label, level_label(Some(*level))))
            .collect();
        let difficulties: Vec<&str> = (s.difficulties.iter())
            .map(|code| kinds.get(code).map_or(code.as_str(), String::as_str))
            .collect();
        let mut cells = scope.who(row);
        cells.extend([
            label(s.verdict),
            label(s.proposal),
            Cell::date(s.pre_conseil_date),
            Cell::text(difficulties.join(", ")),
            Cell::text(retained.join(", ")),
            Cell::count(assessed.len()),
        ]);
        table.rows.push(cells);
    }
    Ok(table)
}

/// Grid order of the domains.
fn domain_rank(domain: Domain) -> usize {
    Domain::ALL.iter().position(|d| *d == domain).unwrap_or(0)
}

/// « Plans et modules »: one row per enrolment, by student then start.
pub fn plans(scope: &Scope) -> Result<Table> {
    let mut table = Scope::header(
        "Plans et modules",
        &["Module", "Type", "Début", "Fin", "En cours"],
    );
    let mut enrolments: Vec<_> = (scope.store.all_enrolments()?.into_iter())
        .filter(|e| scope.row_of(e.student_id).is_some())
        .collect();
    enrolments.sort_by_key(|e| (scope.rank_of(e.student_id), e.start_date, e.id));
    for e in enrolments {
        let Some(row) = scope.row_of(e.student_id) else {
            continue;
        };
        let kind = scope.modules.get(&e.module_id).map(Module::kind_label);
        let mut cells = scope.who(row);
        cells.extend([
            Cell::text(scope.module_name(e.module_id)),
            Cell::text(kind.unwrap_or_default()),
            Cell::Date(e.start_date),
            Cell::date(e.end_date),
            Cell::yes_no(e.end_date.is_none()),
        ]);
        table.rows.push(cells);
    }
    Ok(table)
}

/// « Points d'étape »: one row per check-in; the free-text note only with
/// `include_sensitive` (a note about a pupil is personal).
pub fn checkins(scope: &Scope) -> Result<Table> {
    let mut columns = vec!["Date", "Assiduité", "Progrès", "Engagement"];
    if scope.include_sensitive {
        columns.push("Note");
    }
    let mut table = Scope::header("Points d'étape", &columns);
    for row in &scope.rows {
        for checkin in scope.store.checkins(row.student.id)? {
            let mut cells = scope.who(row);
            cells.extend([
                Cell::Date(checkin.date),
                label(checkin.attendance),
                label(checkin.progress),
                label(checkin.engagement),
            ]);
            if scope.include_sensitive {
                cells.push(Cell::text(checkin.note.unwrap_or_default()));
            }
            table.rows.push(cells);
        }
    }
    Ok(table)
}

/// « Conditions de vie » (only with `include_sensitive`): the levels and comments
/// of the conditions de vie criteria, then the notes, by student.
pub fn life(scope: &Scope) -> Result<Table> {
    let mut table = Scope::header(
        "Conditions de vie",
        &[
            "Rubrique",
            "Niveau",
            "Niveau (libellé)",
            "Commentaire ou note",
            "Source",
        ],
    );
    let criteria: HashMap<i64, Criterion> = (scope.store.criteria()?.into_iter())
        .filter(|c| c.domain.is_sensitive())
        .map(|c| (c.id, c))
        .collect();
    let mut by_student: HashMap<i64, Vec<GridValue>> = HashMap::new();
    for value in scope.store.all_grid_values()? {
        if criteria.contains_key(&value.criterion_id) {
            by_student.entry(value.student_id).or_default().push(value);
        }
    }
    for row in &scope.rows {
        let id = row.student.id;
        let mut values = by_student.remove(&id).unwrap_or_default();
        values.sort_by_key(|v| criteria[&v.criterion_id].position);
        for value in values {
            let mut cells = scope.who(row);
            cells.extend([
                Cell::text(&criteria[&value.criterion_id].label),
                Cell::number(value.level.map(f64::from)),
                Cell::text(value.level.map_or("", |l| level_label(Some(l)))),
                Cell::text(value.comment.unwrap_or_default()),
                Cell::text(value.source.unwrap_or_default()),
            ]);
            table.rows.push(cells);
        }
        for note in scope.store.life_notes(id)? {
            let mut cells = scope.who(row);
            cells.extend([
                Cell::text(format!("note : {}", note.area.label())),
                Cell::Empty,
                Cell::Empty,
                Cell::text(note.note),
                Cell::Empty,
            ]);
            table.rows.push(cells);
        }
    }
    Ok(table)
}
