//! The « Réglages » screen (F7): the establishment, the team, the school calendar
//! and the catalogue of modules, one tab each. Everything a team sets up at the
//! rentrée and rarely touches afterwards.

pub mod calendar;
pub mod catalogue;
mod catalogue_forms;
pub mod establishment;
pub mod team;

use super::{Action, App};
use crate::app::keys::Binding;

/// The tabs of the settings screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SetupTab {
    #[default]
    Establishment,
    Team,
    Calendar,
    Catalogue,
}

impl SetupTab {
    pub const ALL: [SetupTab; 4] = [
        SetupTab::Establishment,
        SetupTab::Team,
        SetupTab::Calendar,
        SetupTab::Catalogue,
    ];

    /// The tab's name in the tab bar.
    pub fn label(self) -> &'static str {
        match self {
            SetupTab::Establishment => "Établissement",
            SetupTab::Team => "Équipe",
            SetupTab::Calendar => "Calendrier",
            SetupTab::Catalogue => "Catalogue",
        }
    }

    pub(crate) fn index(self) -> usize {
        SetupTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn step(self, step: isize) -> SetupTab {
        let n = SetupTab::ALL.len() as isize;
        SetupTab::ALL[(self.index() as isize + step).rem_euclid(n) as usize]
    }
}

/// The settings screen's own state: the tab, and a cursor per tab (each tab keeps
/// its place when the user goes to another and comes back).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupState {
    pub tab: SetupTab,
    pub cursors: [usize; 4],
    /// The catalogue tab's list shown and the other lists' cursors.
    pub catalogue: catalogue::CatalogueState,
    /// Team tab: inactive members hidden (`i`).
    pub hide_inactive: bool,
    /// The calendar tab's establishment and year.
    pub calendar: calendar::CalendarTab,
}

impl SetupState {
    /// The cursor of the current tab.
    pub fn cursor(&self) -> usize {
        self.cursors[self.tab.index()]
    }

    /// Moves the current tab's cursor by `delta` within `len` rows.
    pub fn move_cursor(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        let i = self.tab.index();
        self.cursors[i] = (self.cursors[i] as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Puts the current tab's cursor on row `row`.
    pub fn set_cursor(&mut self, row: usize) {
        self.cursors[self.tab.index()] = row;
    }

    /// A move of the current tab's list among `len` rows (true: done), else the
    /// cursor kept within them for the action that follows.
    pub fn moved(&mut self, action: &Action, len: usize) -> bool {
        match move_delta(action) {
            Some(delta) => {
                self.move_cursor(delta, len);
                true
            }
            None => {
                self.clamp(len);
                false
            }
        }
    }

    /// Keeps the current tab's cursor within `len` rows.
    pub fn clamp(&mut self, len: usize) {
        let i = self.tab.index();
        self.cursors[i] = self.cursors[i].min(len.saturating_sub(1));
    }
}

/// A list move as a cursor delta (None: not a move).
pub(crate) fn move_delta(action: &Action) -> Option<isize> {
    Some(match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -10,
        Action::PageDown => 10,
        Action::Home => isize::MIN / 2,
        Action::End => isize::MAX / 2,
        _ => return None,
    })
}

/// The moves of a tab's list: `step` names the previous / next row and `ends`
/// the first / last one (« membre précédent / suivant »…).
pub(crate) fn list_moves(step: &'static str, ends: &'static str) -> Vec<Binding> {
    use crate::app::keys::{Key::*, bind};
    vec![
        bind(&[Up, Char('k')], Action::Up, step),
        bind(&[Down, Char('j')], Action::Down, step),
        bind(&[PageUp], Action::PageUp, "page précédente / suivante"),
        bind(&[PageDown], Action::PageDown, "page précédente / suivante"),
        bind(&[Home], Action::Home, ends),
        bind(&[End], Action::End, ends),
    ]
}

/// The keys of the current tab (the tab switches come from the screen's table).
pub fn bindings(app: &App) -> Vec<Binding> {
    match app.setup.tab {
        SetupTab::Establishment => establishment::bindings(app),
        SetupTab::Team => team::bindings(app),
        SetupTab::Calendar => calendar::bindings(app),
        SetupTab::Catalogue => catalogue::bindings(app),
    }
}

impl App {
    /// The row a settings form edits, as it is now, after a refresh (empty for a new
    /// row); `None` once the reason it cannot be read is shown.
    pub(in crate::app) fn seen_for_form(
        &mut self,
        table: crate::store::Table,
        id: Option<i64>,
    ) -> Option<crate::app::SeenRows> {
        self.refresh_if_changed();
        let Some(id) = id else {
            return Some(Vec::new());
        };
        match self.store.seen(table, id) {
            Ok(seen) => Some(vec![(table, id, seen)]),
            Err(error) => {
                self.error(error.to_string());
                None
            }
        }
    }

    pub(super) fn update_setup(&mut self, action: Action) {
        match action {
            Action::NextPane => self.setup.tab = self.setup.tab.step(1),
            Action::PrevPane => self.setup.tab = self.setup.tab.step(-1),
            action => match self.setup.tab {
                SetupTab::Establishment => self.update_setup_establishment(action),
                SetupTab::Team => self.update_setup_team(action),
                SetupTab::Calendar => self.update_setup_calendar(action),
                SetupTab::Catalogue => self.update_setup_catalogue(action),
            },
        }
    }
}
