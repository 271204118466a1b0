//! Intents several screens share (filters, exit form, student page, pickers), and
//! what a key no table binds does: say so.

use super::{Action, App, Screen, keys};

impl App {
    /// Says that a typed key does nothing here, rather than ignoring it silently.
    pub(super) fn unbound(&mut self, key: keys::Key) {
        let keys::Key::Char(c) = key else { return };
        if self.screen == Screen::Grid && c.is_ascii_digit() {
            self.error(format!(
                "Niveau {c} impossible : de 0 à {}, Espace pour non évalué.",
                crate::model::MAX_LEVEL
            ));
        } else {
            self.error(format!(
                "Touche « {} » sans effet sur cet écran (? : aide).",
                key.label()
            ));
        }
    }

    /// Intents shared by several screens; false when the action is not one of them.
    pub(super) fn update_common(&mut self, action: &Action) -> bool {
        match action {
            Action::FilterSection => self.filter.cycle_section(&self.data),
            Action::FilterPhase => self.filter.cycle_phase(),
            Action::FilterReferent => self.filter.cycle_referent(&self.data),
            Action::FilterYear => self.filter.cycle_year(&self.data),
            Action::ClearFilters => self.filter.clear(),
            Action::OpenExitForm => {
                self.open_exit_form();
                return true;
            }
            Action::PrintContract => {
                self.open_print_contract();
                return true;
            }
            Action::PrintFamily => {
                self.open_print_family();
                return true;
            }
            Action::OpenPage => {
                if self.current.is_some() {
                    self.go_to(Screen::StudentPage);
                }
                return true;
            }
            Action::AddStudent => {
                self.open_add_student_form();
                return true;
            }
            Action::OpenModulePicker => {
                self.open_module_picker();
                return true;
            }
            Action::OpenStopModulePicker => {
                self.open_stop_module_picker();
                return true;
            }
            Action::OpenReferentPicker => {
                self.open_referent_picker();
                return true;
            }
            _ => return false,
        }
        self.filter_changed();
        true
    }

    /// After a filter key: the cursor goes back to the first row of the new list.
    fn filter_changed(&mut self) {
        if self.data.scope.is_some() && self.data.scope != self.filter.year {
            // The snapshot holds one school year: read the newly chosen one.
            self.reload();
        }
        self.cursor = 0;
        self.sync_cursor();
    }
}
