//! The dashboard (F9): a filter line, a page bar, then the page (or the list of
//! the students behind a figure). Reads the figures computed by the app.

mod pages;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::View;
use crate::app::dash::{DashPage, Drill};

/// The dashboard in `area`.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let dash = &view.app.dash;
    // The filters are on the header's last line.
    let [bar, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    if let Some(drill) = &dash.drill {
        return render_drill(view, drill, bar.union(body), buf);
    }
    page_bar(view, bar, buf);
    let body = body.inner(ratatui::layout::Margin::new(1, 0));
    let sentence = if let Some(error) = &dash.view.error {
        Some(error.clone())
    } else if dash.data.inputs.is_empty() {
        Some(
            "Aucun élève dans la base : le tableau de bord se remplira avec les élèves \
             importés ou ajoutés (F7 Réglages pour importer un fichier SIECLE)."
                .to_string(),
        )
    } else if dash.view.students == 0 {
        Some("Aucun élève ne correspond à ces filtres (x pour les effacer).".to_string())
    } else if dash.view.headlines.first().is_some_and(|f| f.count == 0) {
        Some(format!(
            "Aucun élève de Bac Pro parmi les {} élèves retenus : les indicateurs ne \
             portent que sur eux.",
            dash.view.students
        ))
    } else {
        None
    };
    if let Some(sentence) = sentence {
        let [_, text] = body.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        Paragraph::new(sentence)
            .wrap(Wrap { trim: true })
            .render(text, buf);
        return;
    }
    match dash.page {
        DashPage::Summary => pages::summary(view, body, buf),
        DashPage::Causes => pages::bars(view, body, buf, "Total", "sorties"),
        DashPage::Months => pages::bars(view, body, buf, "Total", "sorties"),
        DashPage::Sectors => pages::bars(view, body, buf, "Ensemble", "passages"),
        DashPage::Years => pages::years(view, body, buf),
    }
}

/// Every page's title, the current one highlighted; when they do not fit, the
/// current one alone with its rank.
fn page_bar(view: &View, area: Rect, buf: &mut Buffer) {
    let (dash, theme) = (&view.app.dash, view.theme);
    let mut spans = vec![Span::raw(" ")];
    for page in DashPage::ALL {
        let style = if page == dash.page {
            theme.active()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", page.title()), style));
        spans.push(Span::raw(" "));
    }
    let line = Line::from(spans);
    let line = if line.width() <= area.width as usize {
        line
    } else {
        let rank = DashPage::ALL
            .iter()
            .position(|p| *p == dash.page)
            .unwrap_or(0);
        Line::from(vec![
            Span::raw(" ← "),
            Span::styled(format!(" {} ", dash.page.title()), theme.active()),
            Span::raw(format!(" → ({}/{})", rank + 1, DashPage::ALL.len())),
        ])
    };
    Paragraph::new(line).render(area, buf);
}

/// The students behind a figure: a title line, then one line each.
fn render_drill(view: &View, drill: &Drill, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let [title, list] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    let n = drill.rows.len();
    let count = if n == 1 {
        "1 élève".to_string()
    } else {
        format!("{n} élèves")
    };
    Paragraph::new(Line::from(vec![
        Span::styled(format!(" {} ", drill.title), theme.title()),
        Span::styled(format!(": {count}"), theme.text()),
    ]))
    .render(title, buf);
    let height = list.height as usize;
    let offset = drill.cursor.saturating_sub(height.saturating_sub(1));
    let name_width = (list.width as usize).saturating_sub(40).max(10);
    let lines: Vec<Line> = drill
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, (_, name, section, year, phase))| {
            let selected = i == drill.cursor;
            let marker = if selected { "▸ " } else { "  " };
            let name = fit(name, name_width);
            let text = format!("{marker}{name:<name_width$} {section:<10} {year:<10} {phase}");
            let style = if selected {
                theme.selected()
            } else {
                theme.text()
            };
            Line::styled(text, style)
        })
        .collect();
    Paragraph::new(lines).render(list, buf);
}

/// `text` cut to `width` columns with « … » when longer.
pub(super) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 2 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
