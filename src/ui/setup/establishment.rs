//! Settings, establishment tab: each establishment, then its sections.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::render_list;
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
    // What the line under the cursor does not say.
    let selected = rows.get(app.setup.cursor()).copied();
    let mut text: Vec<Line> = match selected {
        Some(EstablishmentRow::Establishment(id)) => {
            let e = app.data.establishments.iter().find(|e| e.id == id);
            e.map(|e| {
                let placeholder = e.uai == "0000000A" || e.name == "Mon établissement";
                let mut lines = vec![Line::raw(format!(
                    " {} · académie {} · {}",
                    e.name,
                    e.academie,
                    e.city.as_deref().unwrap_or("ville non renseignée")
                ))];
                if placeholder {
                    lines.push(Line::styled(
                        " À compléter : le vrai nom, l'UAI et l'académie (Entrée).",
                        theme.warning(),
                    ));
                }
                lines
            })
            .unwrap_or_default()
        }
        Some(EstablishmentRow::Section(id)) => app
            .data
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| {
                let e = app
                    .data
                    .establishments
                    .iter()
                    .find(|e| e.id == s.establishment_id)
                    .map_or(String::new(), |e| e.name.clone());
                vec![Line::raw(format!(
                    " {} · secteur {} · {e}",
                    s.name,
                    s.sector.label()
                ))]
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let coordinators = crate::app::setup::team::coordinators(app);
    text.push(Line::styled(
        if coordinators.is_empty() {
            " Les sections se créent aussi à l'import SIECLE ; élèves de l'année du filtre."
                .to_string()
        } else {
            format!(
                " Coordination du dispositif : {} (onglet Équipe).",
                coordinators.join(", ")
            )
        },
        theme.dim(),
    ));
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .render(detail, buf);
}
