//! "Qui êtes-vous ?": colleagues often share one account, so the TUI asks who is at
//! the keyboard and writes that name on this session's changes (the OS account is
//! kept beside it in the journal).

use super::{App, Choice, Overlay, Picker, PickerPurpose};
use crate::labels::Label;

impl App {
    /// The active team members, as picker choices (référent, « Qui êtes-vous ? »).
    pub(super) fn team_choices(&self) -> Vec<Choice> {
        self.data
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| Choice {
                id: s.id,
                label: s.display_name(),
                hint: s.role.label().to_string(),
                suggested: false,
            })
            .collect()
    }

    /// Opens the "Qui êtes-vous ?" list of the active team, if there is a team.
    pub fn ask_who(&mut self) {
        let choices = self.team_choices();
        if choices.is_empty() {
            return;
        }
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!(
                "Qui êtes-vous ? (Échap : rester « {} »)",
                self.store.os_user()
            ),
            choices,
            query: String::new(),
            selected: 0,
            purpose: PickerPurpose::Who,
            seen: Vec::new(),
        }));
    }

    /// Signs this session's changes with `name` (typed or chosen).
    pub(super) fn set_who(&mut self, name: &str) {
        let name = crate::model::text::clean_text(name, false)
            .trim()
            .chars()
            .take(80)
            .collect::<String>();
        if name.is_empty() {
            return;
        }
        self.store.set_user(&name);
        let account = self.store.os_user().to_string();
        if name == account {
            self.info(format!("Vos modifications seront signées « {name} »."));
        } else {
            self.info(format!(
                "Vos modifications seront signées « {name} » (compte « {account} »)."
            ));
        }
    }
}
