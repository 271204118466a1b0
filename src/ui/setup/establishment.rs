//! Settings, establishment tab: each establishment, then its sections.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::render_list;
use crate::app::setup::establishment::{EstablishmentRow, rows};
use crate::labels::Label;
use crate::model::text::pad;
use crate::ui::{View, ViewState};

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let [list, help] = area.layout(&Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(2),
    ]));
    let width = area.width as usize;
    let students = |section: i64| {
        app.data
            .students
            .iter()
            .filter(|s| s.section_id == section)
            .count()
    };
    let lines: Vec<Line<'static>> = rows(app)
        .into_iter()
        .filter_map(|row| match row {
            EstablishmentRow::Establishment(id) => {
                let e = app.data.establishments.iter().find(|e| e.id == id)?;
                let city = e.city.as_deref().unwrap_or("ville ?");
                let text = format!(
                    " {} · UAI {} · {} · académie {}",
                    e.name, e.uai, city, e.academie
                );
                Some(Line::styled(
                    crate::model::text::fit(&text, width),
                    theme.title(),
                ))
            }
            EstablishmentRow::Section(id) => {
                let s = app.data.sections.iter().find(|s| s.id == id)?;
                let n = students(id);
                let text = format!(
                    "   {} {} {} {:>3} élève{}",
                    pad(&s.code, 8),
                    pad(&s.name, width.saturating_sub(38).max(10)),
                    pad(s.sector.label(), 10),
                    n,
                    if n > 1 { "s" } else { "" }
                );
                Some(Line::raw(crate::model::text::fit(&text, width)))
            }
        })
        .collect();
    render_list(
        view,
        list,
        buf,
        state,
        Line::raw(" Établissement et sections de BTS"),
        lines,
        "Aucun établissement : Entrée pour le renseigner (nom, UAI, académie, ville).",
    );
    let placeholder = app
        .data
        .establishments
        .iter()
        .any(|e| e.uai == "0000000A" || e.name == "Mon établissement");
    let coordinators = crate::app::setup::team::coordinators(app);
    let text = if placeholder {
        "Renseignez le vrai nom, l'UAI et l'académie : ils figurent sur les documents imprimés."
            .to_string()
    } else if coordinators.is_empty() {
        "Les sections se créent aussi à l'import SIECLE. Élèves : année affichée (filtre)."
            .to_string()
    } else {
        format!(
            "Les sections se créent aussi à l'import SIECLE. Coordination du dispositif : {} \
             (onglet Équipe).",
            coordinators.join(", ")
        )
    };
    Paragraph::new(Line::styled(format!(" {text}"), theme.dim()))
        .wrap(Wrap { trim: true })
        .render(help, buf);
}
