//! Settings, catalogue tab: the modules (fiches cadre), the repérage criteria and
//! the difficulty types, one list each; Enter opens the entry's form, `r` retires
//! it (it stays on past records), `c` copies a module. The forms are in
//! `catalogue_forms.rs`.

use super::SetupTab;
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App};
use crate::model::{Criterion, DifficultyType, Module, ModuleType, Value};
use crate::store::{StoreError, Table};

/// The three lists of the catalogue tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CatalogueList {
    #[default]
    Modules,
    Criteria,
    DifficultyTypes,
}

impl CatalogueList {
    pub const ALL: [CatalogueList; 3] = [
        CatalogueList::Modules,
        CatalogueList::Criteria,
        CatalogueList::DifficultyTypes,
    ];

    /// The list's name in the sub-tab line.
    pub fn label(self) -> &'static str {
        match self {
            CatalogueList::Modules => "Modules",
            CatalogueList::Criteria => "Critères de repérage",
            CatalogueList::DifficultyTypes => "Types de difficulté",
        }
    }

    fn index(self) -> usize {
        CatalogueList::ALL
            .iter()
            .position(|l| *l == self)
            .unwrap_or(0)
    }
}

/// The catalogue tab's own state: the list shown, and where the cursor was in
/// the lists not shown (the shown one's cursor is the tab's cursor).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueState {
    pub list: CatalogueList,
    cursors: [usize; 3],
}

/// Modules in display order: by type (soutien, persévérance, renforcé), active
/// ones first, then by name.
pub fn module_rows(app: &App) -> Vec<&Module> {
    let mut rows: Vec<&Module> = app.data.modules.iter().collect();
    let rank = |t: ModuleType| ModuleType::ALL.iter().position(|x| *x == t);
    rows.sort_by(|a, b| {
        (rank(a.module_type), a.retired, a.name.to_lowercase(), a.id).cmp(&(
            rank(b.module_type),
            b.retired,
            b.name.to_lowercase(),
            b.id,
        ))
    });
    rows
}

/// Criteria in grid order (domain, then position), retired ones included.
pub fn criterion_rows(app: &App) -> &[Criterion] {
    &app.data.all_criteria
}

/// Difficulty types in catalogue order.
pub fn difficulty_rows(app: &App) -> &[DifficultyType] {
    &app.data.difficulty_types
}

/// Number of rows of the list shown.
fn list_len(app: &App) -> usize {
    match app.setup.catalogue.list {
        CatalogueList::Modules => app.data.modules.len(),
        CatalogueList::Criteria => criterion_rows(app).len(),
        CatalogueList::DifficultyTypes => difficulty_rows(app).len(),
    }
}

/// The entry under the cursor: its table, id, code, and whether it is retired.
fn entry_at_cursor(app: &App) -> Option<(Table, i64, String, bool)> {
    let i = app.setup.cursor();
    match app.setup.catalogue.list {
        CatalogueList::Modules => module_rows(app)
            .get(i)
            .map(|m| (Table::Module, m.id, m.name.clone(), m.retired)),
        CatalogueList::Criteria => criterion_rows(app)
            .get(i)
            .map(|c| (Table::Criterion, c.id, c.label.clone(), c.retired)),
        CatalogueList::DifficultyTypes => difficulty_rows(app)
            .get(i)
            .map(|d| (Table::DifficultyType, d.id, d.label.clone(), d.retired)),
    }
}

pub fn bindings(app: &App) -> Vec<Binding> {
    use Key::*;
    const MOVE: &str = "ligne précédente / suivante";
    const LISTS: &str = "listes : modules, critères, types de difficulté";
    let mut keys = super::list_moves(MOVE, "première / dernière ligne");
    keys.extend(vec![
        bind(
            &[Char('1')],
            Action::ShowCatalogue(CatalogueList::Modules),
            LISTS,
        ),
        bind(
            &[Char('2')],
            Action::ShowCatalogue(CatalogueList::Criteria),
            LISTS,
        ),
        bind(
            &[Char('3')],
            Action::ShowCatalogue(CatalogueList::DifficultyTypes),
            LISTS,
        ),
        bind(
            &[Enter],
            Action::EditField,
            "ouvrir la fiche et la modifier",
        )
        .hint("fiche"),
        bind(&[Char('+')], Action::NewCatalogueEntry, "nouvelle entrée").hint("nouveau"),
    ]);
    match app.setup.catalogue.list {
        CatalogueList::Modules => keys.extend([
            bind(
                &[Char('c')],
                Action::CopyModule,
                "copier le module dans un nouveau",
            )
            .hint("copier"),
            crate::app::print_module::module_binding(),
        ]),
        CatalogueList::Criteria => keys.extend([
            bind(
                &[Char('K'), Char('<')],
                Action::MoveCriterion(-1),
                "monter / descendre le critère (ordre de la grille)",
            ),
            bind(
                &[Char('J'), Char('>')],
                Action::MoveCriterion(1),
                "monter / descendre le critère (ordre de la grille)",
            ),
        ]),
        CatalogueList::DifficultyTypes => {}
    }
    keys.push(
        bind(
            &[Char('r')],
            Action::ToggleRetired,
            "retirer / rétablir (reste sur les dossiers passés)",
        )
        .hint("retirer"),
    );
    keys
}

impl App {
    pub(in crate::app) fn update_setup_catalogue(&mut self, action: Action) {
        let len = list_len(self);
        if self.setup.moved(&action, len) {
            return;
        }
        let list = self.setup.catalogue.list;
        match action {
            Action::ShowCatalogue(list) => self.show_catalogue(list),
            Action::EditField => match entry_at_cursor(self) {
                Some((table, id, ..)) => self.open_catalogue_form(table, Some(id)),
                None => self.open_new_catalogue_entry(),
            },
            Action::NewCatalogueEntry => self.open_new_catalogue_entry(),
            Action::CopyModule if list == CatalogueList::Modules => {
                match module_rows(self).get(self.setup.cursor()).map(|m| m.id) {
                    Some(id) => self.open_module_form(None, Some(id)),
                    None => self.info("Aucun module à copier : + pour en créer un."),
                }
            }
            Action::PrintModule if list == CatalogueList::Modules => {
                match module_rows(self).get(self.setup.cursor()).map(|m| m.id) {
                    Some(id) => {
                        let year = crate::app::planner::school_year(self);
                        self.open_print_module(id, &year);
                    }
                    None => self.info("Aucun module à imprimer : + pour en créer un."),
                }
            }
            Action::ToggleRetired => self.toggle_retired(),
            Action::MoveCriterion(delta) if list == CatalogueList::Criteria => {
                self.move_criterion(delta)
            }
            _ => {}
        }
    }

    /// Shows another list of the catalogue, each keeping its own cursor.
    fn show_catalogue(&mut self, list: CatalogueList) {
        let state = &mut self.setup.catalogue;
        let tab = SetupTab::Catalogue.index();
        state.cursors[state.list.index()] = self.setup.cursors[tab];
        state.list = list;
        self.setup.cursors[tab] = state.cursors[list.index()];
        let len = list_len(self);
        self.setup.clamp(len);
    }

    /// Puts the cursor of the list shown on the entry `id` of `table`.
    pub(in crate::app) fn select_catalogue_entry(&mut self, table: Table, id: i64) {
        let list = match table {
            Table::Module => CatalogueList::Modules,
            Table::Criterion => CatalogueList::Criteria,
            _ => CatalogueList::DifficultyTypes,
        };
        if self.setup.catalogue.list != list {
            self.show_catalogue(list);
        }
        let position = match list {
            CatalogueList::Modules => module_rows(self).iter().position(|m| m.id == id),
            CatalogueList::Criteria => criterion_rows(self).iter().position(|c| c.id == id),
            CatalogueList::DifficultyTypes => difficulty_rows(self).iter().position(|d| d.id == id),
        };
        if let Some(position) = position {
            self.setup.cursors[SetupTab::Catalogue.index()] = position;
        }
    }

    fn open_new_catalogue_entry(&mut self) {
        match self.setup.catalogue.list {
            CatalogueList::Modules => self.open_module_form(None, None),
            CatalogueList::Criteria => self.open_criterion_form(None),
            CatalogueList::DifficultyTypes => self.open_difficulty_form(None),
        }
    }

    fn open_catalogue_form(&mut self, table: Table, id: Option<i64>) {
        match table {
            Table::Module => self.open_module_form(id, None),
            Table::Criterion => self.open_criterion_form(id),
            _ => self.open_difficulty_form(id),
        }
    }

    /// Retires the entry under the cursor, or restores it: a retired module leaves
    /// the pré-conseil's picker, a retired criterion the grid's columns; what
    /// students already have stays in the database.
    fn toggle_retired(&mut self) {
        self.refresh_if_changed();
        let Some((table, id, name, retired)) = entry_at_cursor(self) else {
            return self.info("Liste vide : + pour ajouter une entrée.");
        };
        let seen = match self.store.seen(table, id) {
            Ok(seen) => seen,
            Err(error) => return self.error(error.to_string()),
        };
        let label = if retired {
            format!("{} rétabli : {name}", capitalised(table.noun()))
        } else {
            format!("{} retiré : {name}", capitalised(table.noun()))
        };
        self.edit_row_seen(&label, table, id, &seen, &[("retired", (!retired).into())]);
        self.select_catalogue_entry(table, id);
    }

    /// Moves the criterion under the cursor before or after its neighbour of the
    /// same domain (the grid's column order); positions are renumbered if two were equal.
    fn move_criterion(&mut self, delta: isize) {
        self.refresh_if_changed();
        let rows = criterion_rows(self).to_vec();
        let i = self.setup.cursor();
        let Some(current) = rows.get(i) else { return };
        let j = i as isize + delta.signum();
        let neighbour = usize::try_from(j).ok().and_then(|j| rows.get(j));
        let Some(neighbour) = neighbour.filter(|n| n.domain == current.domain) else {
            return self.info("Le critère est déjà au bout de son domaine.");
        };
        let mut domain: Vec<&Criterion> =
            rows.iter().filter(|c| c.domain == current.domain).collect();
        let mut positions: Vec<i64> = domain.iter().map(|c| c.position).collect();
        positions.sort_unstable();
        positions.dedup();
        if positions.len() < domain.len() {
            let base = positions.first().copied().unwrap_or(0);
            positions = (base..base + domain.len() as i64).collect();
        }
        let (a, b) = (
            domain.iter().position(|c| c.id == current.id),
            domain.iter().position(|c| c.id == neighbour.id),
        );
        let (Some(a), Some(b)) = (a, b) else { return };
        domain.swap(a, b);
        let mut moves = Vec::new();
        for (criterion, position) in domain.iter().zip(positions) {
            if criterion.position != position {
                match self.store.seen(Table::Criterion, criterion.id) {
                    Ok(seen) => moves.push((criterion.id, seen, position)),
                    Err(error) => return self.error(error.to_string()),
                }
            }
        }
        let label = format!("Ordre des critères : {}", current.label);
        let id = current.id;
        self.write_with(&label, None, |w| {
            for (id, seen, position) in &moves {
                w.update_seen(
                    Table::Criterion,
                    *id,
                    seen,
                    &[("position", Value::from(*position))],
                )?;
            }
            Ok::<(), StoreError>(())
        });
        self.select_catalogue_entry(Table::Criterion, id);
    }
}

/// "module" → "Module".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}
