//! The dashboard (F9): the indicators as figures, bar charts, gauges, a
//! sparkline and the years side by side, on pages switched with ←/→; Enter on a
//! figure lists the students behind it.
//!
//! Read from the store when the screen opens and after a write (the data's
//! generation changed), computed again when the filter changes; never per frame.

mod data;
pub mod figures;

use super::{Action, App, Screen};
use crate::app::keys::{Binding, Key, bind};
use crate::labels::Label;
use crate::model::indicators::Filter;

pub use data::{DashData, DashView, HoursUse};
pub use figures::{Figure, Pick};

/// The pages of the dashboard, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DashPage {
    #[default]
    Summary,
    Causes,
    Months,
    Sectors,
    Years,
}

impl DashPage {
    pub const ALL: [DashPage; 5] = [
        DashPage::Summary,
        DashPage::Causes,
        DashPage::Months,
        DashPage::Sectors,
        DashPage::Years,
    ];

    /// French title in the page bar.
    pub fn title(self) -> &'static str {
        match self {
            DashPage::Summary => "Synthèse",
            DashPage::Causes => "Motifs de sortie",
            DashPage::Months => "Mois de sortie",
            DashPage::Sectors => "Passage/secteur",
            DashPage::Years => "Années",
        }
    }

    fn index(self) -> usize {
        DashPage::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The next page (`step` 1) or the previous one (-1), wrapping.
    pub fn cycle(self, step: isize) -> DashPage {
        let n = DashPage::ALL.len() as isize;
        DashPage::ALL[(self.index() as isize + step).rem_euclid(n) as usize]
    }
}

/// A filter of the dashboard, the same as the command line's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashFilter {
    Section,
    Sector,
    Establishment,
    Specialty,
    Year,
}

/// The students behind a figure, listed over the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    pub title: String,
    pub pick: Pick,
    /// (student id, « NOM Prénom », section, promotion, phase).
    pub rows: Vec<(i64, String, String, String, String)>,
    pub cursor: usize,
}

/// The dashboard's own state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashState {
    pub page: DashPage,
    /// Figure under the cursor, per page.
    pub cursors: [usize; 5],
    pub filter: Filter,
    pub data: DashData,
    pub view: DashView,
    pub drill: Option<Drill>,
    /// Generation of the app's data the figures were read for (0: never).
    loaded: u64,
}

impl DashState {
    /// The figure under the cursor of the current page.
    pub fn cursor(&self) -> usize {
        self.cursors[self.page.index()]
    }

    /// The filters in French for the header, « aucun » when none.
    pub fn filter_text(&self) -> String {
        let text = self.filter.describe();
        if text.is_empty() {
            "aucun (toutes les promotions)".to_string()
        } else {
            text
        }
    }

    /// The figure under the cursor, if the page has figures.
    pub fn figure(&self) -> Option<&Figure> {
        self.view.figures(self.page).get(self.cursor())
    }
}

impl App {
    /// Reads the dashboard's data again when the app's data changed (screen
    /// opened, write, undo, another session's change); cheap otherwise.
    pub(super) fn sync_dash(&mut self) {
        if self.screen != Screen::Dashboard || self.dash.loaded == self.data.generation {
            return;
        }
        if self.dash.loaded == 0 {
            // First opening: the year the other screens show.
            self.dash.filter.year = self.filter.year.clone();
        }
        match DashData::load(&self.store, self.today) {
            Ok(data) => self.dash.data = data,
            Err(error) => self.error(error.to_string()),
        }
        self.dash.loaded = self.data.generation;
        self.compute_dash();
        if let Some(drill) = self.dash.drill.take() {
            let cursor = drill.cursor;
            self.open_drill(drill.title, drill.pick);
            if let Some(d) = self.dash.drill.as_mut() {
                d.cursor = cursor.min(d.rows.len().saturating_sub(1));
            }
        }
    }

    /// Computes the figures for the filter (the store is read only for hours).
    fn compute_dash(&mut self) {
        let year = self
            .dash
            .filter
            .year
            .clone()
            .or_else(|| self.dash.data.years().first().cloned());
        if let Some(year) = year
            && let Err(error) = self.dash.data.ensure_hours(&self.store, &year, self.today)
        {
            self.error(error.to_string());
        }
        self.dash.view = DashView::compute(&self.dash.data, &self.dash.filter, self.today);
        for page in DashPage::ALL {
            let len = self.dash.view.figures(page).len();
            let cursor = &mut self.dash.cursors[page.index()];
            *cursor = (*cursor).min(len.saturating_sub(1));
        }
    }

    fn open_drill(&mut self, title: String, pick: Pick) {
        let rows = self
            .dash
            .data
            .students_of(&pick, &self.dash.filter)
            .into_iter()
            .map(|i| {
                let s = &i.student;
                (
                    s.id,
                    s.display_name(),
                    i.key.section.clone(),
                    i.key.school_year.clone(),
                    s.phase().label().to_string(),
                )
            })
            .collect();
        self.dash.drill = Some(Drill {
            title,
            pick,
            rows,
            cursor: 0,
        });
    }

    /// Next value of one filter among those of the file (then « tous »).
    fn cycle_dash_filter(&mut self, which: DashFilter) {
        let values: std::collections::BTreeSet<String> = self
            .dash
            .data
            .keys()
            .iter()
            .map(|k| match which {
                DashFilter::Section => k.section.clone(),
                DashFilter::Sector => k.sector.code().to_string(),
                DashFilter::Establishment => k.uai.clone(),
                DashFilter::Specialty => k.specialty.clone(),
                DashFilter::Year => k.school_year.clone(),
            })
            .collect();
        let values: Vec<String> = values.into_iter().collect();
        let f = &mut self.dash.filter;
        let slot = match which {
            DashFilter::Section => &mut f.section,
            DashFilter::Sector => &mut f.sector,
            DashFilter::Establishment => &mut f.establishment,
            DashFilter::Specialty => &mut f.specialty,
            DashFilter::Year => &mut f.year,
        };
        *slot = match slot.as_ref() {
            None => values.first().cloned(),
            Some(v) => values
                .iter()
                .position(|x| x == v)
                .and_then(|p| values.get(p + 1).cloned()),
        };
        self.compute_dash();
    }

    pub(super) fn update_dash(&mut self, action: Action) {
        if self.dash.drill.is_some() {
            return self.update_drill(action);
        }
        let len = self.dash.view.figures(self.dash.page).len();
        let page = self.dash.page.index();
        let step = |cursor: usize, delta: isize| {
            (cursor as isize + delta).clamp(0, len.saturating_sub(1) as isize) as usize
        };
        match action {
            Action::Right | Action::NextPane => self.dash.page = self.dash.page.cycle(1),
            Action::Left | Action::PrevPane => self.dash.page = self.dash.page.cycle(-1),
            Action::Up => self.dash.cursors[page] = step(self.dash.cursors[page], -1),
            Action::Down => self.dash.cursors[page] = step(self.dash.cursors[page], 1),
            Action::Home => self.dash.cursors[page] = 0,
            Action::End => self.dash.cursors[page] = len.saturating_sub(1),
            Action::DashFilter(which) => self.cycle_dash_filter(which),
            Action::ClearDashFilters => {
                self.dash.filter = Filter::default();
                self.compute_dash();
            }
            Action::PrintReport => self.open_print_report(),
            Action::Confirm => match self.dash.figure().cloned() {
                Some(figure) if figure.count > 0 => self.open_drill(figure.label, figure.pick),
                Some(figure) => self.info(format!("« {} » : aucun élève.", figure.label)),
                None => self.info("Pas de liste sur cette page : choisissez un chiffre."),
            },
            _ => {}
        }
    }

    fn update_drill(&mut self, action: Action) {
        let Some(drill) = self.dash.drill.as_mut() else {
            return;
        };
        let last = drill.rows.len().saturating_sub(1) as isize;
        let delta = match action {
            Action::Cancel => {
                self.dash.drill = None;
                return;
            }
            Action::Confirm => {
                if let Some(row) = drill.rows.get(drill.cursor) {
                    let id = row.0;
                    self.set_current(Some(id));
                    self.go_to(Screen::StudentPage);
                }
                return;
            }
            other => match crate::app::setup::move_delta(&other) {
                Some(delta) => delta,
                None => return,
            },
        };
        drill.cursor = (drill.cursor as isize + delta).clamp(0, last.max(0)) as usize;
    }
}

/// The keys of the dashboard (the list of a figure's students has its own).
pub fn bindings(app: &App) -> Vec<Binding> {
    use Key::*;
    if app.dash.drill.is_some() {
        let mut keys =
            crate::app::setup::list_moves("élève précédent / suivant", "premier / dernier élève");
        keys.extend([
            bind(&[Enter], Action::Confirm, "fiche complète de l'élève").hint("fiche"),
            bind(&[Esc], Action::Cancel, "revenir au tableau de bord").hint("retour"),
        ]);
        return keys;
    }
    let filter = |keys: &'static [Key], which: DashFilter, label: &'static str| {
        bind(keys, Action::DashFilter(which), label).hint("filtres")
    };
    vec![
        bind(&[Right, Tab], Action::Right, "page suivante / précédente").hint("page"),
        bind(&[Left, BackTab], Action::Left, "page suivante / précédente"),
        bind(&[Up, Char('k')], Action::Up, "chiffre précédent / suivant"),
        bind(
            &[Down, Char('j')],
            Action::Down,
            "chiffre précédent / suivant",
        ),
        bind(&[Home], Action::Home, "premier / dernier chiffre"),
        bind(&[End], Action::End, "premier / dernier chiffre"),
        bind(&[Enter], Action::Confirm, "élèves comptés par le chiffre").hint("élèves"),
        filter(
            &[Char('s')],
            DashFilter::Section,
            "filtrer : section suivante (puis toutes)",
        ),
        filter(
            &[Char('t')],
            DashFilter::Sector,
            "filtrer : secteur (production, services)",
        ),
        filter(
            &[Char('e')],
            DashFilter::Establishment,
            "filtrer : établissement",
        ),
        filter(
            &[Char('p')],
            DashFilter::Specialty,
            "filtrer : spécialité de BTS",
        ),
        filter(
            &[Char('a')],
            DashFilter::Year,
            "filtrer : promotion (année d'entrée)",
        ),
        bind(
            &[Char('x')],
            Action::ClearDashFilters,
            "effacer les filtres",
        ),
        bind(
            &[Char('I')],
            Action::PrintReport,
            "imprimer le rapport d'indicateurs de ces filtres (PDF)",
        ),
    ]
}
