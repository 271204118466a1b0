//! Settings, team tab: one line per member, inactive ones dimmed and last.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::render_list;
use crate::app::setup::team::{coordinators, referent_of, rows};
use crate::labels::role_short;
use crate::model::text::{fit, pad, pad_left};
use crate::ui::{View, ViewState};

/// Widths of the name, role and detail columns (the count takes the rest).
const NAME: usize = 25;
const ROLE: usize = 15;

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let [list, help] = area.layout(&Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(2),
    ]));
    let width = area.width as usize;
    // Mark, name, role, detail, référent count (" 12 élèves").
    let detail = width.saturating_sub(2 + NAME + 1 + ROLE + 1 + 10).max(8);
    // The lines' text is kept until the data changes: an académie's file holds
    // hundreds of members, too many to sort and lay out at every keystroke.
    let texts = app.tally(
        "team lines",
        format!("{width} {}", app.setup.hide_inactive),
        || {
            let members: std::collections::HashMap<i64, &crate::model::Staff> =
                app.data.staff.iter().map(|s| (s.id, s)).collect();
            let texts: Vec<(String, bool)> = rows(app)
                .into_iter()
                .filter_map(|id| {
                    let s = *members.get(&id)?;
                    let mark = if s.coordinator { "★ " } else { "  " };
                    let name = if s.active {
                        s.display_name()
                    } else {
                        format!("{} (inactif)", s.display_name())
                    };
                    let n = referent_of(app, id);
                    let count = match n {
                        0 => String::new(),
                        1 => "1 élève".to_string(),
                        n => format!("{n} élèves"),
                    };
                    let text = format!(
                        "{mark}{} {} {} {}",
                        pad(&name, NAME),
                        pad(role_short(s.role), ROLE),
                        pad(s.detail().unwrap_or(""), detail),
                        pad_left(&count, 9)
                    );
                    Some((fit(&text, width), s.active))
                })
                .collect();
            std::rc::Rc::new(texts)
        },
    );
    let lines: Vec<Line<'static>> = texts
        .iter()
        .map(|(text, active)| {
            let line = Line::raw(text.clone());
            if *active {
                line
            } else {
                line.style(theme.dim())
            }
        })
        .collect();
    let header = format!(
        "  {} {} {} {}",
        pad("Membre", NAME),
        pad("Rôle", ROLE),
        pad("Discipline / organisation", detail),
        pad_left("Référent", 9)
    );
    render_list(
        view,
        list,
        buf,
        state,
        Line::raw(fit(&header, width)),
        lines,
        "Personne dans l'équipe : + pour ajouter un membre, I pour importer un fichier CSV.",
    );
    let coordination = match coordinators(app).as_slice() {
        [] => "Coordination : personne (c sur un membre).".to_string(),
        [one] => format!("Coordination : {one} ★."),
        many => format!("Coordination : {} ★.", many.join(", ")),
    };
    let text = format!(
        "{coordination} On ne supprime pas un membre : a le rend inactif (il reste sur les \
         fiches passées)."
    );
    Paragraph::new(Line::styled(format!(" {text}"), theme.dim()))
        .wrap(Wrap { trim: true })
        .render(help, buf);
}
