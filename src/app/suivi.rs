//! Suivi (points d'étape, bilan S1) and Bilan S2 (decisions, diploma, exits).

use super::{Action, App, TextPurpose};
use crate::labels::Label;
use crate::model::{DecisionS2, DiplomaOutcome, StudentField};

impl App {
    /// The student's point d'étape of today, if one was recorded: a module added or
    /// stopped today is linked to it.
    pub(super) fn checkin_today(&self, student: i64) -> Option<i64> {
        self.store
            .checkins(student)
            .ok()?
            .into_iter()
            .filter(|c| c.date == self.today)
            .map(|c| c.id)
            .max()
    }

    pub(super) fn update_suivi(&mut self, action: Action) {
        if self.list_move(&action) {
            return;
        }
        match action {
            Action::NewCheckin => self.open_checkin_form(),
            Action::EditBilanS1 => {
                if let Some(student) = self.current {
                    self.open_text(TextPurpose::BilanS1 { student });
                }
            }
            Action::CycleSuiviScope => {
                self.filter.suivi = self.filter.suivi.next();
                self.cursor = 0;
                self.sync_cursor();
            }
            _ => {}
        }
    }

    pub(super) fn update_bilan(&mut self, action: Action) {
        if self.list_move(&action) {
            return;
        }
        match action {
            Action::SetDecision(decision) => self.set_decision(decision),
            Action::CycleDiploma => self.cycle_diploma(),
            _ => {}
        }
    }

    /// Records the decision of the student under the cursor; the cursor stays on
    /// them, as on every screen but the grid's data entry.
    fn set_decision(&mut self, decision: Option<DecisionS2>) {
        let Some(id) = self.current else { return };
        let Some(row) = self.data.student(id) else {
            return;
        };
        if row.student.has_exited() && decision.is_some() {
            let name = row.student.display_name();
            self.error(format!(
                "{name} est sorti(e) de la formation : pas de décision de passage (e : sortie)."
            ));
            return;
        }
        let date = decision.map(|_| row.student.decision_s2_date.unwrap_or(self.today));
        let what = decision.map_or("Décision S2 effacée".to_string(), |d| {
            format!("Décision S2 « {} »", d.label())
        });
        self.set_student(
            id,
            &what,
            vec![
                StudentField::DecisionS2(decision),
                StudentField::DecisionS2Date(date),
            ],
        );
    }

    fn cycle_diploma(&mut self) {
        let Some(id) = self.current else { return };
        let Some(current) = self.data.student(id).map(|s| s.student.diploma) else {
            return;
        };
        let all = DiplomaOutcome::ALL;
        let next = match current.and_then(|d| all.iter().position(|x| *x == d)) {
            None => Some(all[0]),
            Some(i) if i + 1 < all.len() => Some(all[i + 1]),
            Some(_) => None,
        };
        self.set_student(id, "Résultat au BTS", vec![StudentField::Diploma(next)]);
    }
}
