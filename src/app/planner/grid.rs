//! The modules × periods grid of the planner's first level (`g` toggles it with
//! the list; the module under the cursor stays the same), and the flags, both
//! computed once per load.

use super::{Level, PlannerData, school_year};
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App};
use crate::model::calendar::{Period, SchoolCalendar};
use crate::model::planner::flags::{PlannerFlags, planner_flags};
use crate::model::planner::grid::{Column, CountedGroup, GridCell, grid_cells, grid_columns};

/// The grid's data: its columns (with the calendar's periods) and cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlannerGrid {
    pub columns: Vec<Column>,
    /// The school calendar's periods (empty without a calendar).
    pub periods: Vec<Period>,
    /// One row per module of [`PlannerData::modules`], one cell per column.
    pub cells: Vec<Vec<GridCell>>,
}

impl PlannerGrid {
    /// The calendar's period of a column.
    pub fn period(&self, column: Column) -> Option<&Period> {
        self.periods.iter().find(|p| Some(p.number) == column)
    }
}

/// Whether the first level shows the grid, and its column cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GridView {
    pub shown: bool,
    pub column: usize,
}

/// « P2 », or « sans période ».
pub fn column_name(column: Column) -> String {
    column.map_or_else(|| "sans période".to_string(), |p| format!("P{p}"))
}

/// The keys of the grid (with the hours keys of the modules level).
pub fn bindings() -> Vec<Binding> {
    use Key::*;
    let mut keys = super::list_moves("module précédent / suivant", "premier / dernier module");
    keys.extend([
        // Not h / l: h grants hours on this level, list or grid.
        bind(&[Left], Action::Left, "période précédente / suivante"),
        bind(&[Right], Action::Right, "période précédente / suivante"),
        bind(
            &[Enter],
            Action::EditField,
            "groupes du module, sur ceux de la période",
        )
        .hint("groupes"),
        bind(
            &[Char('g')],
            Action::TogglePlannerGrid,
            "revenir à la liste des modules",
        )
        .hint("liste"),
        bind(
            &[Char('P')],
            Action::PlaceStudents,
            "placer les élèves « à placer » du module dans ses groupes (capacité)",
        ),
        bind(&[Char('a')], Action::FilterYear, "changer d'année scolaire"),
    ]);
    keys.extend(super::hours::module_bindings());
    keys.extend(crate::app::print_module::planner_bindings());
    keys
}

/// The list's key that opens the grid.
pub fn open_binding() -> Binding {
    bind(
        &[Key::Char('g')],
        Action::TogglePlannerGrid,
        "grille modules × périodes",
    )
    .hint("grille")
}

impl App {
    /// Computes the grid and the flags from what was just read (once per load).
    pub(super) fn derive_planner(&mut self) {
        let year = school_year(self);
        let plans = match self.store.running_enrolments(Some(&year)) {
            Ok(plans) => plans,
            Err(error) => {
                self.error(error.to_string());
                Vec::new()
            }
        };
        let periods = self
            .data
            .establishments
            .first()
            .and_then(|e| SchoolCalendar::in_use(&self.data.calendars, e.id, &e.academie, &year))
            .map(|(calendar, _)| calendar.periods())
            .unwrap_or_default();
        let data = &mut self.planner.data;
        let (grid, flags) = derive(data, periods, &plans, self.today);
        data.grid = grid;
        data.flags = flags;
        let columns = data.grid.columns.len();
        let view = &mut self.planner.grid;
        view.column = view.column.min(columns.saturating_sub(1));
    }

    /// The grid's keys; false when the action is not one of them.
    pub(super) fn update_planner_grid(&mut self, action: &Action) -> bool {
        if self.planner.level != Level::Modules {
            return false;
        }
        if *action == Action::TogglePlannerGrid {
            self.planner.grid.shown = !self.planner.grid.shown;
            return true;
        }
        if !self.planner.grid.shown {
            return false;
        }
        let columns = self.planner.data.grid.columns.len();
        let view = &mut self.planner.grid;
        match action {
            Action::Left => view.column = view.column.saturating_sub(1),
            Action::Right => view.column = (view.column + 1).min(columns.saturating_sub(1)),
            Action::EditField => self.open_grid_cell(),
            _ => return false,
        }
        true
    }

    /// Enter on a cell: the module's groups, the cursor on the first of the period.
    fn open_grid_cell(&mut self) {
        let p = &self.planner;
        let Some(line) = p.data.modules.get(p.cursor()) else {
            return;
        };
        let Some(column) = p.data.grid.columns.get(p.grid.column).copied() else {
            return;
        };
        self.planner.module = Some(line.hours.module_id);
        self.planner.level = Level::Groups;
        let position = self
            .planner
            .groups()
            .iter()
            .position(|g| g.group.period == column);
        self.planner.cursors[Level::Groups.index()] = position.unwrap_or(0);
        if position.is_none() {
            let name = column_name(column);
            if self.planner.groups().is_empty() {
                self.info("Aucun groupe pour ce module cette année.");
            } else {
                self.info(format!("Aucun groupe de ce module en {name}."));
            }
        }
        self.planner_fit();
    }
}

/// The grid and the flags of a year's data.
fn derive(
    data: &PlannerData,
    periods: Vec<Period>,
    plans: &[(i64, i64)],
    today: chrono::NaiveDate,
) -> (PlannerGrid, PlannerFlags) {
    let counted: Vec<CountedGroup> = data
        .groups
        .iter()
        .map(|g| CountedGroup {
            group: &g.group,
            members: g.members,
        })
        .collect();
    let numbers: Vec<u8> = periods.iter().map(|p| p.number).collect();
    let columns = grid_columns(&numbers, &counted);
    let modules: Vec<(i64, Option<f64>)> = data
        .modules
        .iter()
        .map(|m| (m.hours.module_id, m.hours.granted))
        .collect();
    let cells = grid_cells(&modules, &columns, &counted, &data.sessions);
    let groups: Vec<_> = data.groups.iter().map(|g| &g.group).collect();
    let flags = planner_flags(&groups, &data.sessions, &data.members, plans, today);
    (
        PlannerGrid {
            columns,
            periods,
            cells,
        },
        flags,
    )
}

/// « tutorat Groupe B »: a group of the year by its module's code and its
/// label, to name the group a flag points at.
pub fn group_name(data: &PlannerData, id: i64) -> String {
    let Some(group) = data.groups.iter().find(|g| g.group.id == id) else {
        return format!("groupe n° {id}");
    };
    let code = data
        .modules
        .iter()
        .find(|m| m.hours.module_id == group.group.module_id)
        .map_or("?", |m| m.hours.code.as_str());
    format!("{code} {}", group.group.label)
}
