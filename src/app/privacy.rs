//! Showing *conditions de vie* in clear leaves a trace in the sensitive access log.

use super::App;
use crate::labels::Label;
use crate::store::SensitiveAction;

impl App {
    /// Logs that the current student's conditions de vie were just shown (`v` on
    /// the student page); masking again logs nothing.
    pub(super) fn log_reveal_student(&mut self) {
        if self.reveal_sensitive {
            self.log_reveal(self.current, None);
        }
    }

    /// Logs that the grid's conditions de vie levels were just shown (`m`): every
    /// listed student's levels, so the row names the list, not one student.
    pub(super) fn log_reveal_grid(&mut self) {
        if self.reveal_sensitive {
            let target = format!(
                "grille, niveaux des conditions de vie : {} élève(s), {}",
                self.rows().len(),
                self.filter_description()
            );
            self.log_reveal(None, Some(&target));
        }
    }

    /// Masks again when the screen changes: each screen shows different sensitive
    /// data (a grid's levels, one student's notes), each reveal is logged on its own.
    pub(super) fn mask_when_leaving(&mut self, next: super::Screen) {
        if next != self.screen {
            self.reveal_sensitive = false;
        }
    }

    /// Records the reveal; if it cannot be recorded, the data stays masked.
    fn log_reveal(&mut self, student: Option<i64>, target: Option<&str>) {
        let logged = self
            .store
            .log_sensitive_access(SensitiveAction::Reveal, student, target);
        if let Err(error) = logged {
            self.reveal_sensitive = false;
            self.error(format!(
                "Conditions de vie non affichées : l'accès n'a pas pu être journalisé ({error})"
            ));
        }
    }

    /// The list's filter in words (no student name: the search text is not copied).
    fn filter_description(&self) -> String {
        let filter = &self.filter;
        let mut parts = vec![match &filter.year {
            Some(year) => format!("année {year}"),
            None => "toutes années".to_string(),
        }];
        if let Some(section) = self
            .data
            .sections
            .iter()
            .find(|s| Some(s.id) == filter.section)
        {
            parts.push(format!("section {}", section.code));
        }
        if let Some(phase) = filter.phase {
            parts.push(format!("phase {}", phase.label()));
        }
        if let Some(staff) = self
            .data
            .staff
            .iter()
            .find(|s| Some(s.id) == filter.referent)
        {
            parts.push(format!("référent {}", staff.display_name()));
        }
        if !filter.search.trim().is_empty() {
            parts.push("recherche par nom".to_string());
        }
        parts.join(", ")
    }
}
