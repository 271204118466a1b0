//! Printing the family sheet (`F` on a student's page) and a meeting's recap (`C`
//! in the pré-conseil screen, its recap and its history) through the print form.

use crate::app::{App, MeetingView};
use crate::print::Printable;

impl App {
    /// `F` on a student's page: the family sheet's file, proposed in the home folder.
    pub(super) fn open_print_family(&mut self) {
        let Some(row) = self.current.and_then(|id| self.data.student(id)) else {
            return;
        };
        let id = row.student.id;
        let title = format!("Imprimer la fiche famille — {}", row.student.display_name());
        let file = format!("famille_{}", crate::cli::print::file_name(row));
        self.open_print(Printable::Family { student: id }, title, &file);
    }

    /// `C` in the meeting screen: the recap of the meeting under way, of the one the
    /// recap shows, or of the one selected in the history.
    pub(super) fn open_print_recap(&mut self) {
        let meeting = match self.meeting.view {
            MeetingView::Student => self.meeting.meeting_id,
            MeetingView::Recap => self.meeting.minutes.meeting.as_ref().map(|m| m.id),
            MeetingView::History => self
                .meeting
                .history
                .get(self.meeting.history_cursor)
                .map(|m| m.meeting.id),
        };
        let Some(id) = meeting else {
            return self.info(
                "Réunion vide : pas encore de compte rendu à imprimer (H : réunions passées).",
            );
        };
        let held_on = match self.store.meeting_minutes(id) {
            Ok(minutes) => match minutes.meeting {
                Some(m) => m.held_on,
                None => return self.error("Cette réunion n'existe plus (annulée ?)."),
            },
            Err(error) => return self.error(error.to_string()),
        };
        let title = format!(
            "Imprimer le compte rendu — pré-conseil du {}",
            held_on.format("%d/%m/%Y")
        );
        let file = format!("preconseil_{}_n{id}", held_on.format("%Y-%m-%d"));
        self.open_print(Printable::Recap { meeting: id }, title, &file);
    }
}
