//! Suivi (points d'étape, bilan S1) and Bilan S2 (decisions, diploma, exits).

use super::{Action, App, TextPurpose};
use crate::labels::Label;
use crate::model::{DecisionS2, DiplomaOutcome};

impl App {
    pub(super) fn update_suivi(&mut self, action: Action) {
        if self.list_move(&action) {
            return;
        }
        match action {
            Action::Confirm | Action::Char('n') => self.open_checkin_form(),
            Action::Char('b') => {
                if let Some(student) = self.current {
                    self.open_text(TextPurpose::BilanS1 { student });
                }
            }
            Action::Char('m') => self.open_module_picker(),
            Action::Char('M') => self.open_stop_module_picker(),
            Action::Char('f') => self.open_referent_picker(),
            Action::Char('o') if self.current.is_some() => self.go_to(super::Screen::StudentPage),
            Action::Char('t') => {
                self.filter.suivi = self.filter.suivi.next();
                self.cursor = 0;
                self.sync_cursor();
            }
            Action::Char(c) => {
                self.filter_key(c);
            }
            _ => {}
        }
    }

    pub(super) fn update_bilan(&mut self, action: Action) {
        if self.list_move(&action) {
            return;
        }
        match action {
            Action::Char('1') => self.set_decision(Some(DecisionS2::Passage)),
            Action::Char('2') => self.set_decision(Some(DecisionS2::Redoublement)),
            Action::Char('3') => self.set_decision(Some(DecisionS2::Bts3Ans)),
            Action::Char('0') => self.set_decision(None),
            Action::Char('d') => self.cycle_diploma(),
            Action::Confirm | Action::Char('o') if self.current.is_some() => {
                self.go_to(super::Screen::StudentPage)
            }
            Action::Char(c) => {
                self.filter_key(c);
            }
            _ => {}
        }
    }

    fn set_decision(&mut self, decision: Option<DecisionS2>) {
        let Some(id) = self.current else { return };
        let Some(row) = self.data.student(id) else {
            return;
        };
        if row.student.has_exited() && decision.is_some() {
            self.error("Élève sorti de la formation : pas de décision de passage (e pour modifier la sortie).");
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
                ("decision_s2", decision.into()),
                ("decision_s2_date", date.into()),
            ],
        );
        self.move_cursor(1);
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
        self.set_student(id, "Résultat au BTS", vec![("diploma", next.into())]);
    }
}
