//! Which students a list shows: year, section, phase, référent and search.

use chrono::NaiveDate;
use ratatui_textarea::{Input, Key};

use super::{Data, Screen};
use crate::model::Phase;
use crate::store::fold;

/// The filter shared by every list, shown in the header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// School year of the cohort (`None` = every year).
    pub year: Option<String>,
    pub section: Option<i64>,
    pub phase: Option<Phase>,
    pub referent: Option<i64>,
    /// Incremental search on names, folded (no case, no accents).
    pub search: String,
    /// The search field has the keyboard.
    pub searching: bool,
    /// Which parcours the Suivi screen lists. Kept in the filter rather than in a
    /// Suivi screen state: it narrows `rows` like the rest (memo key, cleared by x).
    pub suivi: SuiviScope,
}

/// Which students the Suivi screen lists: parcours going on, ended, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SuiviScope {
    /// In suivi now (no S2 decision, not left).
    #[default]
    EnCours,
    /// Parcours ended by an S2 decision or an exit.
    Termines,
    /// Every student who accepted a parcours.
    Tous,
}

impl SuiviScope {
    /// The next scope (t on the Suivi screen).
    pub fn next(self) -> SuiviScope {
        match self {
            SuiviScope::EnCours => SuiviScope::Termines,
            SuiviScope::Termines => SuiviScope::Tous,
            SuiviScope::Tous => SuiviScope::EnCours,
        }
    }

    /// Title of the Suivi list.
    pub fn label(self) -> &'static str {
        match self {
            SuiviScope::EnCours => "En cours",
            SuiviScope::Termines => "Terminés",
            SuiviScope::Tous => "Tous",
        }
    }

    /// Whether a student is listed.
    pub fn contains(self, student: &crate::model::Student) -> bool {
        let followed = student.bac_pro && student.in_parcours();
        match self {
            SuiviScope::EnCours => student.phase() == Phase::Suivi,
            SuiviScope::Termines => followed && student.parcours_ended(),
            SuiviScope::Tous => followed,
        }
    }
}

impl Filter {
    /// Ids of the students a screen lists, in display order.
    pub fn rows(&self, data: &Data, screen: Screen, today: NaiveDate) -> Vec<i64> {
        let needle = fold(self.search.trim());
        let mut rows: Vec<(bool, i64)> = data
            .students
            .iter()
            .filter(|row| self.year.as_ref().is_none_or(|y| &row.school_year == y))
            .filter(|row| self.section.is_none_or(|s| row.section_id == s))
            .filter(|row| self.phase.is_none_or(|p| row.student.phase() == p))
            .filter(|row| {
                self.referent
                    .is_none_or(|r| row.student.referent_id == Some(r))
            })
            .filter(|row| match screen {
                Screen::Grid => row.student.bac_pro && !row.student.has_exited(),
                Screen::Suivi => self.suivi.contains(&row.student),
                Screen::Bilan => row.student.bac_pro,
                _ => true,
            })
            .filter(|row| {
                needle.is_empty() || {
                    let name = fold(&format!(
                        "{} {}",
                        row.student.last_name, row.student.first_name
                    ));
                    needle.split_whitespace().all(|w| name.contains(w))
                }
            })
            .map(|row| {
                let urgent =
                    screen == Screen::Suivi && row.student.checkin_overdue(row.last_checkin, today);
                (!urgent, row.student.id)
            })
            .collect();
        // Overdue check-ins first in Suivi; the sort is stable, so names stay in order.
        rows.sort_by_key(|(not_urgent, _)| *not_urgent);
        rows.into_iter().map(|(_, id)| id).collect()
    }

    /// Next section (then "all").
    pub fn cycle_section(&mut self, data: &Data) {
        let ids: Vec<i64> = data.sections.iter().map(|s| s.id).collect();
        self.section = cycle(&ids, self.section);
    }

    /// Next phase (then "all").
    pub fn cycle_phase(&mut self) {
        self.phase = cycle(Phase::ALL, self.phase);
    }

    /// Next référent (then "all"): the active team, and the members who left but
    /// still follow students (to find whom to hand them over).
    pub fn cycle_referent(&mut self, data: &Data) {
        let ids: Vec<i64> = data
            .staff
            .iter()
            .filter(|s| {
                s.active
                    || data
                        .students
                        .iter()
                        .any(|row| row.student.referent_id == Some(s.id))
            })
            .map(|s| s.id)
            .collect();
        self.referent = cycle(&ids, self.referent);
    }

    /// Next school year (then "all").
    pub fn cycle_year(&mut self, data: &Data) {
        self.year = cycle(&data.years, self.year.clone());
    }

    /// Back to every student of the newest year.
    pub fn clear(&mut self) {
        self.section = None;
        self.phase = None;
        self.referent = None;
        self.search.clear();
        self.suivi = SuiviScope::default();
    }

    /// Edits the search text with one key.
    pub fn type_search(&mut self, input: Input) {
        match input.key {
            Key::Char(c)
                if !input.ctrl
                    && !input.alt
                    && self.search.chars().count() < crate::model::text::LINE_MAX_CHARS =>
            {
                self.search
                    .push_str(&crate::model::text::clean_text(&c.to_string(), false))
            }
            Key::Backspace => {
                self.search.pop();
            }
            _ => {}
        }
    }

    /// Short French description for the header.
    pub fn describe(&self, data: &Data) -> String {
        let mut parts = vec![self.year.clone().unwrap_or_else(|| "toutes années".into())];
        parts.push(
            self.section
                .and_then(|id| data.sections.iter().find(|s| s.id == id))
                .map_or_else(|| "toutes sections".into(), |s| data.section_label(s)),
        );
        if let Some(phase) = self.phase {
            parts.push(crate::labels::Label::label(phase).to_string());
        }
        if let Some(name) = data.staff_name(self.referent) {
            parts.push(format!("réf. {name}"));
        }
        if !self.search.is_empty() {
            parts.push(format!("« {} »", self.search));
        }
        parts.join(" · ")
    }
}

/// The value after `current` in `values`, `None` after the last one.
fn cycle<T: Clone + PartialEq>(values: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => values.first().cloned(),
        Some(value) => {
            let pos = values.iter().position(|v| *v == value)?;
            values.get(pos + 1).cloned()
        }
    }
}
