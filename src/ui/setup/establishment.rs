//! Settings, establishment tab: each establishment, then its sections.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{field, render_list};
use crate::app::setup::establishment::{EstablishmentRow, rows};
use crate::labels::Label;
use crate::model::text::{fit, pad};
use crate::ui::{View, ViewState};

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let [list, detail] = area.layout(&Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(3),
    ]));
    let width = area.width as usize;
    let per_section = app.tally("per section", format!("{:?}", app.filter.year), || {
        let mut counts = std::collections::HashMap::<i64, usize>::new();
        for s in &app.data.students {
            if app.filter.year.as_ref().is_none_or(|y| &s.school_year == y) {
                *counts.entry(s.section_id).or_default() += 1;
            }
        }
        std::rc::Rc::new(counts)
    });
    let students = |section: i64| per_section.get(&section).copied().unwrap_or(0);
    let rows = rows(app);
    let lines: Vec<Line<'static>> = rows
        .iter()
        .filter_map(|row| match *row {
            EstablishmentRow::Establishment(id) => {
                let e = app.data.establishments.iter().find(|e| e.id == id)?;
                let name = pad(&e.name, width.saturating_sub(16).max(10));
                Some(Line::styled(
                    format!(" {name} UAI {}", e.uai),
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
                Some(Line::raw(fit(&text, width)))
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
    // What the line under the cursor does not say, at fixed places: the
    // académie and town of its establishment (a section's is the one above it).
    // A section's full name, when cut in the list, is in its form (Entrée).
    let establishment = match rows.get(app.setup.cursor()).copied() {
        Some(EstablishmentRow::Establishment(id)) => Some(id),
        Some(EstablishmentRow::Section(id)) => app
            .data
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.establishment_id),
        None => None,
    }
    .and_then(|id| app.data.establishments.iter().find(|e| e.id == id));
    let mut text = Vec::new();
    if let Some(e) = establishment {
        let mut line = field(theme, "Académie", 8, &e.academie, 40);
        line.spans[1] = Span::raw(pad(&fit(&e.academie, 30), 30));
        line.spans
            .extend(field(theme, "Ville", 5, e.city.as_deref().unwrap_or("—"), 38).spans);
        text.push(line);
        let placeholder = e.uai == "0000000A" || e.name == "Mon établissement";
        text.push(if placeholder {
            Line::styled(
                " À compléter : le vrai nom, l'UAI et l'académie (Entrée).",
                theme.warning(),
            )
        } else {
            Line::styled(
                " Les sections se créent aussi à l'import SIECLE ; élèves de l'année du filtre.",
                theme.dim(),
            )
        });
    }
    let coordinators = crate::app::setup::team::coordinators(app);
    if !coordinators.is_empty() {
        // One line, the same for every row; the whole list is in the Équipe tab.
        let names = fit(&coordinators.join(", "), width.saturating_sub(47));
        text.push(Line::styled(
            format!(" Coordination du dispositif : {names} (onglet Équipe)"),
            theme.dim(),
        ));
    }
    Paragraph::new(text).render(detail, buf);
}
