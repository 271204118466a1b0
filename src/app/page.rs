//! The student page: one student's whole parcours, scrolled by lines.

use super::{Action, App, Screen};

/// Lines moved by PageUp / PageDown.
const PAGE: i16 = 10;

/// The student page's own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageState {
    /// First line under the banner (the renderer stops at the end of the page).
    pub scroll: u16,
    /// Where Esc goes back to.
    pub back: Screen,
}

impl Default for PageState {
    fn default() -> PageState {
        PageState::from(Screen::Students)
    }
}

impl From<Screen> for PageState {
    /// The page opened from `back`, at its top.
    fn from(back: Screen) -> PageState {
        PageState { scroll: 0, back }
    }
}

impl PageState {
    /// Scrolls by `lines` (negative: up), stopping at the top.
    fn scroll_by(&mut self, lines: i16) {
        self.scroll = self.scroll.saturating_add_signed(lines);
    }
}

impl App {
    pub(super) fn update_page(&mut self, action: Action) {
        match action {
            Action::Back => {
                let back = self.page.back;
                self.reveal_sensitive = false;
                self.screen = back;
                self.sync_cursor();
            }
            Action::Up => self.page.scroll_by(-1),
            Action::Down => self.page.scroll_by(1),
            Action::PageUp => self.page.scroll_by(-PAGE),
            Action::PageDown => self.page.scroll_by(PAGE),
            Action::Home => self.page.scroll = 0,
            Action::ToggleSensitive => {
                self.reveal_sensitive = !self.reveal_sensitive;
                let text = if self.reveal_sensitive {
                    "Conditions de vie affichées pour cet élève (v pour masquer)."
                } else {
                    "Conditions de vie masquées."
                };
                self.info(text);
                self.log_reveal_student();
            }
            Action::EditIdentity => self.open_identity_form(),
            Action::EditLifeNotes => self.open_life_notes_form(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PAGE, PageState, Screen};

    #[test]
    fn the_page_scrolls_down_and_stops_at_its_top() {
        let mut page = PageState::from(Screen::Grid);
        page.scroll_by(PAGE);
        page.scroll_by(1);
        assert_eq!(page.scroll, 11);
        page.scroll_by(-PAGE);
        page.scroll_by(-PAGE);
        assert_eq!((page.scroll, page.back), (0, Screen::Grid));
    }
}
