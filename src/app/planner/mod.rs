//! The module planner (F8): modules of the school year with their hours, then a
//! module's groups, a group's roster and sessions, and a session's roll.
//!
//! What the levels show is read from the store once per change (entering the
//! screen, a write, a reload) and kept in [`PlannerData`]: rendering only reads it.

mod grid;
mod groups;
mod hours;
mod placement;
mod roll;
mod sessions;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Action, App};
use crate::app::keys::{Binding, Key, bind};
use crate::model::ModuleType;
use crate::model::planner::{GroupMember, GroupSession, ModuleHours};
use crate::store::GroupRow;

pub use grid::{GridView, PlannerGrid, column_name, group_name};
pub use roll::{Roll, roll_label};

/// The four levels of the pane, from the widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    /// The year's envelopes, beside the modules (first, so that the drill-down's
    /// `level >= Groups` tests leave it alone).
    Envelopes,
    #[default]
    Modules,
    Groups,
    Group,
    Roll,
}

impl Level {
    fn index(self) -> usize {
        self as usize
    }
}

/// One module of the first level.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleLine {
    pub hours: ModuleHours,
    pub module_type: ModuleType,
    /// Students whose plan holds the module and who are in no group of it.
    pub to_place: usize,
}

/// What the planner shows, read from the store for one school year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlannerData {
    pub year: String,
    pub modules: Vec<ModuleLine>,
    pub groups: Vec<GroupRow>,
    /// Sorted by group, then time (see [`PlannerData::sessions_of`]).
    pub sessions: Vec<GroupSession>,
    /// Sorted by group, then arrival (see [`PlannerData::members_of`]).
    pub members: Vec<GroupMember>,
    /// (student, module) pairs « à placer ».
    pub to_place: Vec<(i64, i64)>,
    /// The modules × periods grid (computed after reading).
    pub grid: PlannerGrid,
    /// Clashes, members off plan, leaders taken (computed after reading).
    pub flags: crate::model::planner::flags::PlannerFlags,
    /// The year's hours: envelopes, sections, establishments.
    pub hours: crate::model::hours::HoursReport,
}

impl PlannerData {
    /// Sessions of one group, in time order: a slice of the sorted `sessions`,
    /// found without walking the year's sessions.
    pub fn sessions_of(&self, group: i64) -> &[GroupSession] {
        let start = self.sessions.partition_point(|s| s.group_id < group);
        let end = self.sessions.partition_point(|s| s.group_id <= group);
        &self.sessions[start..end]
    }

    /// Members of one group, past ones included, by arrival (a slice of `members`).
    pub fn members_of(&self, group: i64) -> &[GroupMember] {
        let start = self.members.partition_point(|m| m.group_id < group);
        let end = self.members.partition_point(|m| m.group_id <= group);
        &self.members[start..end]
    }
}

/// A row of the group level: a member of the roster, then the sessions.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupItem {
    Member(GroupMember),
    Session(GroupSession),
}

/// The planner's own state: level, what is open, a cursor per level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlannerState {
    pub level: Level,
    pub module: Option<i64>,
    pub group: Option<i64>,
    pub cursors: [usize; 5],
    pub data: PlannerData,
    /// The roll being taken (roll level).
    pub roll: Option<Roll>,
    /// The first level as a grid modules × periods.
    pub grid: GridView,
}

impl PlannerState {
    /// The cursor of the current level.
    pub fn cursor(&self) -> usize {
        self.cursors[self.level.index()]
    }

    fn move_cursor(&mut self, delta: isize, len: usize) {
        let i = self.level.index();
        let last = len.saturating_sub(1) as isize;
        self.cursors[i] = (self.cursors[i] as isize + delta).clamp(0, last.max(0)) as usize;
    }

    fn clamp(&mut self, len: usize) {
        let i = self.level.index();
        self.cursors[i] = self.cursors[i].min(len.saturating_sub(1));
    }

    /// Groups of the open module, in the store's order (period, label).
    pub fn groups(&self) -> Vec<&GroupRow> {
        self.data
            .groups
            .iter()
            .filter(|g| Some(g.group.module_id) == self.module)
            .collect()
    }

    /// The open group, with its counts.
    pub fn group_row(&self) -> Option<&GroupRow> {
        self.data
            .groups
            .iter()
            .find(|g| Some(g.group.id) == self.group)
    }

    /// The open group's rows: current members by name, then sessions by date.
    pub fn group_items(&self, app: &App) -> Vec<GroupItem> {
        let Some(group) = self.group else {
            return Vec::new();
        };
        let mut members: Vec<&GroupMember> = self
            .data
            .members_of(group)
            .iter()
            .filter(|m| m.is_current(app.today))
            .collect();
        members.sort_by_cached_key(|m| crate::store::fold(&student_name(app, m.student_id)));
        let mut items: Vec<GroupItem> = members
            .into_iter()
            .map(|m| GroupItem::Member(m.clone()))
            .collect();
        items.extend(
            self.data
                .sessions_of(group)
                .iter()
                .map(|s| GroupItem::Session(s.clone())),
        );
        items
    }

    /// « à placer » students of a module.
    pub fn to_place_of(&self, module: i64) -> Vec<i64> {
        self.data
            .to_place
            .iter()
            .filter(|(_, m)| *m == module)
            .map(|(s, _)| *s)
            .collect()
    }
}

/// « NOM Prénom » of a student, or their number if not loaded.
pub fn student_name(app: &App, id: i64) -> String {
    app.data
        .index
        .get(&id)
        .and_then(|i| app.data.students.get(*i))
        .map_or_else(|| format!("élève n° {id}"), |r| r.student.display_name())
}

/// « Prénom Nom » of a team member, or their number.
pub fn staff_name(app: &App, id: i64) -> String {
    app.data
        .staff
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| format!("membre n° {id}"), |s| s.display_name())
}

/// The planner's school year: the filter's, or the one of today.
pub fn school_year(app: &App) -> String {
    app.filter
        .year
        .clone()
        .unwrap_or_else(|| crate::model::school_year_of(app.today))
}

/// Reads the planner's data for a year.
///
/// Each table is read once; the hours and the « à placer » are computed from it.
fn load(app: &App, year: &str, today: NaiveDate) -> anyhow::Result<PlannerData> {
    let (groups, sessions, members) = app.store.planner_year(year, today)?;
    let grants = app.store.hours_grants(year)?;
    let plain: Vec<_> = groups.iter().map(|g| g.group.clone()).collect();
    let input = crate::model::hours::HoursInput {
        modules: &app.data.modules,
        groups: &plain,
        sessions: &sessions,
        members: &members,
        grants: &grants,
        today,
    };
    let hours = app.store.hours_report_of(year, &input)?;
    let lines = hours.modules.clone();
    let running = app.store.running_enrolments(Some(year))?;
    let to_place = crate::model::planner::to_place(&running, &plain, &members, today);
    let mut pending: HashMap<i64, usize> = HashMap::new();
    for (_, module) in &to_place {
        *pending.entry(*module).or_default() += 1;
    }
    let by_id: HashMap<i64, ModuleHours> = lines.into_iter().map(|l| (l.module_id, l)).collect();
    let mut modules: Vec<ModuleLine> = app
        .data
        .modules
        .iter()
        .filter_map(|m| {
            let count = pending.get(&m.id).copied().unwrap_or(0);
            let hours = match by_id.get(&m.id) {
                Some(line) => line.clone(),
                None if count > 0 => ModuleHours {
                    module_id: m.id,
                    code: m.code.clone(),
                    name: m.name.clone(),
                    groups: 0,
                    placed: 0,
                    planned: 0.0,
                    delivered: 0.0,
                    granted: m.hours_granted,
                },
                None => return None,
            };
            Some(ModuleLine {
                hours,
                module_type: m.module_type,
                to_place: count,
            })
        })
        .collect();
    modules.sort_by_key(|l| {
        let rank = ModuleType::ALL.iter().position(|t| *t == l.module_type);
        (rank, l.hours.code.clone())
    });
    Ok(PlannerData {
        year: year.to_string(),
        modules,
        groups,
        sessions,
        members,
        to_place,
        hours,
        ..PlannerData::default()
    })
}

/// The moves of a level's list.
fn list_moves(step: &'static str, ends: &'static str) -> Vec<Binding> {
    crate::app::setup::list_moves(step, ends)
}

/// The keys of the planner's current level.
pub fn bindings(app: &App) -> Vec<Binding> {
    use Key::*;
    let back = bind(&[Esc], Action::Back, "revenir au niveau du dessus").hint("retour");
    match app.planner.level {
        Level::Modules if app.planner.grid.shown => grid::bindings(),
        Level::Modules => {
            let mut keys = list_moves("module précédent / suivant", "premier / dernier module");
            keys.extend([
                bind(&[Enter], Action::EditField, "groupes du module").hint("groupes"),
                bind(
                    &[Char('P')],
                    Action::PlaceStudents,
                    "placer les élèves « à placer » du module dans ses groupes (capacité)",
                )
                .hint("placer"),
                bind(&[Char('a')], Action::FilterYear, "changer d'année scolaire"),
                grid::open_binding(),
            ]);
            keys.extend(hours::module_bindings());
            keys.extend(crate::app::print_module::planner_bindings());
            keys
        }
        Level::Envelopes => hours::envelope_bindings(),
        Level::Groups => {
            let mut keys = list_moves("groupe précédent / suivant", "premier / dernier groupe");
            keys.extend([
                bind(&[Enter], Action::EditField, "élèves et séances du groupe").hint("ouvrir"),
                bind(
                    &[Char('+')],
                    Action::AddGroup,
                    "nouveau groupe, ses séances d'après un motif",
                )
                .hint("nouveau"),
                back,
            ]);
            keys
        }
        Level::Group => {
            let mut keys = list_moves("ligne précédente / suivante", "première / dernière ligne");
            keys.extend([
                bind(&[Enter], Action::EditField, "appel de la séance").hint("appel"),
                bind(
                    &[Char('x')],
                    Action::RemoveMember,
                    "retirer l'élève du groupe (gardé dans l'historique)",
                )
                .hint("retirer"),
                bind(
                    &[Char('c')],
                    Action::CancelSession,
                    "annuler la séance (motif demandé)",
                ),
                bind(
                    &[Char('d')],
                    Action::MoveSession,
                    "déplacer la séance (jour, heure, lieu)",
                ),
                bind(
                    &[Char('+')],
                    Action::AddGroup,
                    "ajouter une séance (date, heure, durée)",
                ),
                bind(
                    &[Char('m')],
                    Action::MoveMember,
                    "changer l'élève de groupe (dans le module)",
                )
                .hint("changer"),
                back,
            ]);
            keys
        }
        Level::Roll => roll::bindings(app),
    }
}

impl App {
    /// Reads the planner's data again (entering the screen, after a write or a reload).
    pub fn load_planner(&mut self) {
        let year = school_year(self);
        match load(self, &year, self.today) {
            Ok(data) => self.planner.data = data,
            Err(error) => self.error(error.to_string()),
        }
        self.derive_planner();
        self.refresh_roll();
        self.planner_fit();
    }

    /// Keeps the open module, group and session existing, and the cursors in range.
    fn planner_fit(&mut self) {
        let p = &mut self.planner;
        if p.level >= Level::Groups
            && !p
                .data
                .modules
                .iter()
                .any(|m| Some(m.hours.module_id) == p.module)
        {
            p.level = Level::Modules;
        }
        if p.level >= Level::Group && p.group_row().is_none() {
            p.level = Level::Groups;
        }
        if p.level == Level::Roll && p.roll.is_none() {
            p.level = Level::Group;
        }
        let len = self.planner_len();
        self.planner.clamp(len);
    }

    /// Rows of the current level.
    pub fn planner_len(&self) -> usize {
        let p = &self.planner;
        match p.level {
            Level::Envelopes => p.data.hours.envelopes.len(),
            Level::Modules => p.data.modules.len(),
            Level::Groups => p.groups().len(),
            Level::Group => p.group_items(self).len(),
            Level::Roll => p.roll.as_ref().map_or(0, |r| r.lines.len()),
        }
    }

    pub(super) fn update_planner(&mut self, action: Action) {
        if self.planner.level == Level::Roll {
            return self.update_roll(action);
        }
        if let Some(delta) = crate::app::setup::move_delta(&action) {
            let len = self.planner_len();
            self.planner.move_cursor(delta, len);
            return;
        }
        if self.update_placement(&action)
            || self.update_hours(&action)
            || self.update_planner_grid(&action)
        {
            return;
        }
        let cursor = self.planner.cursor();
        match (self.planner.level, action) {
            (Level::Modules, Action::EditField) => {
                let Some(line) = self.planner.data.modules.get(cursor) else {
                    return;
                };
                self.planner.module = Some(line.hours.module_id);
                self.planner.level = Level::Groups;
                if self.planner.groups().is_empty() {
                    self.info("Aucun groupe pour ce module cette année.");
                }
                self.planner_fit();
            }
            (Level::Groups, Action::EditField) => {
                let Some(id) = self.planner.groups().get(cursor).map(|g| g.group.id) else {
                    return;
                };
                self.planner.group = Some(id);
                self.planner.cursors[Level::Group.index()] = 0;
                self.planner.level = Level::Group;
            }
            (Level::Group, Action::EditField) => match self.planner.group_items(self).get(cursor) {
                Some(GroupItem::Session(session)) => {
                    let session = session.clone();
                    self.open_roll(&session);
                }
                Some(GroupItem::Member(_)) => {
                    self.info("Entrée sur une séance (en dessous des élèves) : son appel.")
                }
                None => {}
            },
            (Level::Groups, Action::AddGroup) => {
                if let Some(module) = self.planner.module {
                    self.open_group_form(module);
                }
            }
            (Level::Group, Action::CancelSession) => self.open_cancel_form(),
            (Level::Group, Action::MoveSession) => self.open_move_session_form(),
            (Level::Group, Action::AddGroup) => {
                if let Some(group) = self.planner.group {
                    self.open_session_form(group);
                }
            }
            (Level::Modules, Action::PrintModule) => {
                if let Some(line) = self.planner.data.modules.get(cursor) {
                    let module = line.hours.module_id;
                    self.open_print_module(module, &school_year(self));
                }
            }
            (Level::Modules, Action::PrintProject) => self.open_print_project(&school_year(self)),
            (Level::Groups, Action::Back) => self.planner.level = Level::Modules,
            (Level::Group, Action::Back) => self.planner.level = Level::Groups,
            _ => {}
        }
    }
}
