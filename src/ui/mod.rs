//! Rendering: one file per screen; reads the App, never changes it. What the
//! renderer remembers between frames (scroll offsets) is a [`ViewState`] the
//! render loop owns.

mod dash;
mod grid;
mod header;
pub mod keymap;
mod list;
mod meeting;
mod overlay;
mod page;
mod planner;
pub mod run;
mod setup;
mod suivi;
mod table;
pub mod theme;
mod thrifty;
mod welcome;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use crate::app::{App, Screen};
pub use theme::Theme;
pub use thrifty::Thrifty;

/// Scroll positions kept from one frame to the next, owned by the render loop
/// (like ratatui's `ListState`): the App holds the cursor, the view where it is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    /// First list row on screen (students, grid, suivi, bilan).
    pub list_offset: usize,
    /// First criterion column of the grid on screen.
    pub column_offset: usize,
}

/// The whole screen for one frame; drawn with `render_stateful_widget` and a [`ViewState`].
pub struct View<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl<'a> View<'a> {
    /// A view of the app with a theme.
    pub fn new(app: &'a App, theme: Theme) -> View<'a> {
        View { app, theme }
    }
}

impl StatefulWidget for View<'_> {
    type State = ViewState;

    fn render(self, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
        let [header, body, footer] = area.layout(&Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(2),
        ]));
        header::render(&self, header, buf);
        match self.app.screen {
            Screen::Welcome => welcome::render(&self, body, buf),
            Screen::Students => list::render(&self, body, buf, state),
            Screen::Grid => grid::render(&self, body, buf, state),
            Screen::Meeting => meeting::render(&self, body, buf),
            Screen::Suivi => suivi::render_suivi(&self, body, buf, state),
            Screen::Bilan => suivi::render_bilan(&self, body, buf, state),
            Screen::StudentPage => page::render(&self, body, buf),
            Screen::Setup => setup::render(&self, body, buf, state),
            Screen::Planner => planner::render(&self, body, buf, state),
            Screen::Dashboard => dash::render(&self, body, buf),
        }
        render_footer(&self, footer, buf);
        if self.app.overlay.is_some() {
            overlay::render(&self, area, buf);
        }
    }
}

/// Key hints of the current screen: (key, what it does).
fn hints(app: &App) -> Vec<(String, &'static str)> {
    use crate::app::Overlay;
    let owned = |keys: Vec<(&'static str, &'static str)>| {
        keys.into_iter().map(|(k, d)| (k.to_string(), d)).collect()
    };
    if let Some(overlay) = &app.overlay {
        return owned(match overlay {
            Overlay::Help(_) => vec![("↑↓", "défiler"), ("Échap", "fermer")],
            Overlay::Conflict(..) => {
                vec![("g", "garder la sienne"), ("e", "écraser avec la mienne")]
            }
            Overlay::Text(editor) if editor.multiline => {
                vec![("Ctrl-s", "enregistrer"), ("Échap", "annuler")]
            }
            Overlay::Text(_) => vec![("Entrée", "valider"), ("Échap", "annuler")],
            Overlay::Picker(picker)
                if matches!(picker.purpose, crate::app::PickerPurpose::Referent { .. }) =>
            {
                vec![
                    ("tapez", "filtrer, ou Prénom Nom d'un nouveau"),
                    ("Entrée", "valider"),
                    ("Échap", "annuler"),
                ]
            }
            Overlay::Picker(_) => vec![
                ("tapez", "filtrer"),
                ("↑↓", "choisir"),
                ("Entrée", "valider"),
                ("Échap", "annuler"),
            ],
            Overlay::Report(report) => match report.confirm {
                Some(_) => vec![
                    ("↑↓", "défiler"),
                    ("Entrée", "confirmer"),
                    ("Échap", "annuler"),
                ],
                None => vec![("↑↓", "défiler"), ("Échap", "fermer")],
            },
            Overlay::Form(_) => vec![
                ("Tab/↑↓", "champ"),
                ("←→", "choix"),
                ("Ctrl-s", "enregistrer"),
                ("Échap", "annuler"),
            ],
        });
    }
    if app.filter.searching {
        return owned(vec![
            ("tapez", "rechercher"),
            ("Entrée", "garder"),
            ("Échap", "effacer"),
        ]);
    }
    crate::app::keys::hint_lines(&crate::app::keys::bindings(app))
}

fn render_footer(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let [message, keys] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    if let Some(warning) = view
        .app
        .warning
        .as_ref()
        .filter(|_| view.app.message.is_none())
    {
        Paragraph::new(Line::from(Span::styled(warning.clone(), theme.error())))
            .render(message, buf);
    } else if let Some(msg) = &view.app.message {
        let style = if msg.error { theme.error() } else { theme.ok() };
        Paragraph::new(Line::from(Span::styled(msg.text.clone(), style))).render(message, buf);
    } else if view.app.filter.searching || !view.app.filter.search.is_empty() {
        let cursor = if view.app.filter.searching { "▏" } else { "" };
        Paragraph::new(Line::from(vec![
            Span::styled("/ ", theme.key()),
            Span::raw(view.app.filter.search.clone()),
            Span::raw(cursor),
        ]))
        .render(message, buf);
    }
    let mut spans = Vec::new();
    for (key, what) in hints(view.app) {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {what}  "), theme.dim()));
    }
    Paragraph::new(Line::from(spans)).render(keys, buf);
}

/// Scroll offset keeping `cursor` visible in `height` rows.
///
/// The view stays put while the cursor is inside it; when the cursor leaves it,
/// the view jumps by half a page, so that walking down a long list redraws the
/// screen once every half page instead of at every row (slow SSH links).
pub(crate) fn scroll_offset(previous: usize, cursor: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = previous.min(len.saturating_sub(1));
    if cursor < offset {
        offset = cursor.saturating_sub(height / 2);
    } else if cursor >= offset + height {
        offset = (cursor + 1 + height / 2).saturating_sub(height);
    }
    offset.min(len.saturating_sub(height))
}

#[cfg(test)]
mod tests {
    use super::scroll_offset;

    #[test]
    fn the_view_moves_by_half_pages() {
        assert_eq!(scroll_offset(0, 5, 10, 100), 0);
        assert_eq!(scroll_offset(0, 10, 10, 100), 6);
        assert_eq!(scroll_offset(6, 15, 10, 100), 6);
        assert_eq!(scroll_offset(20, 19, 10, 100), 14);
        assert_eq!(scroll_offset(0, 99, 10, 100), 90);
        assert_eq!(scroll_offset(0, 3, 10, 4), 0);
    }
}
