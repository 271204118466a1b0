//! The planner's hours: the year's envelopes list, and the establishment's line
//! under the modules.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::super::View;
use crate::cli::modules::establishment_line;
use crate::model::catalogue::hours_label;
use crate::model::text::fit;

/// The envelopes level: label and hours of each, then their total.
pub(super) fn envelopes(view: &View) -> super::Rows {
    let hours = &view.app.planner.data.hours;
    let header = Line::from(format!(
        " {:<60} {:>10}",
        "Enveloppe (projet hors modules)", "Heures"
    ));
    let rows = hours
        .envelopes
        .iter()
        .map(|g| {
            Line::from(format!(
                " {:<60} {:>10}",
                fit(&g.label, 60),
                hours_label(g.hours)
            ))
        })
        .collect();
    (
        header,
        rows,
        "Aucune enveloppe cette année (+ : nouvelle, Échap : modules).",
    )
}

/// « Établissement : prévues X h, faites Y h, accordées Z h (dont enveloppes W h) »,
/// in the error style when over budget.
pub(super) fn summary(view: &View, area: Rect, buf: &mut Buffer) {
    let report = &view.app.planner.data.hours;
    let total = report.total();
    let name = if report.establishments.len() > 1 {
        "Établissements"
    } else {
        "Établissement"
    };
    let width = usize::from(area.width.saturating_sub(1));
    let text = format!(" {}", establishment_line(name, &total, width));
    let style = if total.over_budget() {
        view.theme.error()
    } else {
        view.theme.dim()
    };
    Paragraph::new(Line::styled(text, style)).render(area, buf);
}
