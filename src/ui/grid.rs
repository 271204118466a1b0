//! Repérage grid: sticky names and headers, criteria grouped by domain, horizontal scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::list::verdict_short;
use super::{View, ViewState};
use crate::app::Cell;
use crate::labels::{Label, domain_short, level_label};
use crate::model::Criterion;
use crate::model::text::{fit, pad};
use unicode_width::UnicodeWidthStr;

const NAME_WIDTH: usize = 18;
const VERDICT_WIDTH: usize = 9;
/// Narrow cells, so that a 16-criterion grid fits 80 columns: each column is
/// headed by a short code (V1, S3, P2) and the current one's full label is
/// written under the grid.
const CELL_WIDTH: usize = 3;

/// Short code of each criterion column: the domain's letter and its rank in it.
pub fn column_codes(criteria: &[Criterion]) -> Vec<String> {
    let mut counts = std::collections::HashMap::new();
    criteria
        .iter()
        .map(|c| {
            let rank = counts.entry(c.domain).or_insert(0);
            *rank += 1;
            format!("{}{rank}", domain_short(c.domain).1)
        })
        .collect()
}

fn cell_text(cell: Option<Cell>, masked: bool) -> String {
    let Some(cell) = cell else {
        return " · ".into();
    };
    let mark = if cell.has_comment { "*" } else { " " };
    match (cell.level, masked) {
        (None, _) => format!(" ?{mark}"),
        (Some(_), true) => format!(" •{mark}"),
        (Some(level), false) => format!(" {level}{mark}"),
    }
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let criteria = &app.data.criteria;
    let [table, info] = area.layout(&Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(2),
    ]));
    let visible_columns =
        ((area.width as usize).saturating_sub(NAME_WIDTH + VERDICT_WIDTH + 1) / CELL_WIDTH).max(1);
    let col_offset = super::scroll_offset(
        state.column_offset,
        app.grid.column,
        visible_columns,
        criteria.len(),
    );
    state.column_offset = col_offset;
    let shown: Vec<(usize, &Criterion)> = criteria
        .iter()
        .enumerate()
        .skip(col_offset)
        .take(visible_columns)
        .collect();

    // Header line 1: domains spanning their columns; line 2: criteria.
    let mut domains = vec![Span::raw(" ".repeat(NAME_WIDTH + VERDICT_WIDTH + 1))];
    let mut i = 0;
    while i < shown.len() {
        let domain = shown[i].1.domain;
        let span = shown[i..]
            .iter()
            .take_while(|(_, c)| c.domain == domain)
            .count();
        let short = domain_short(domain).0;
        let label = if domain.is_sensitive() && !app.reveal_sensitive {
            format!("{short} (masqué)")
        } else {
            short.to_string()
        };
        domains.push(Span::styled(
            pad(&format!("┌{label}"), span * CELL_WIDTH),
            theme.title(),
        ));
        i += span;
    }
    let mut names = vec![Span::styled(
        format!(
            " {}{}",
            pad("Élève", NAME_WIDTH),
            pad("Verdict", VERDICT_WIDTH)
        ),
        theme.title(),
    )];
    let codes = column_codes(criteria);
    for (index, _) in &shown {
        let style = if *index == app.grid.column {
            theme.active()
        } else {
            theme.title()
        };
        names.push(Span::styled(pad(&codes[*index], CELL_WIDTH), style));
    }
    let [head, body] = table.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
    ]));
    Paragraph::new(vec![Line::from(domains), Line::from(names)]).render(head, buf);

    let rows = app.rows();
    if rows.is_empty() {
        Paragraph::new(Line::styled(
            " Aucun élève de bac pro ne correspond au filtre.",
            theme.dim(),
        ))
        .render(body, buf);
    } else {
        let height = body.height as usize;
        let offset = super::scroll_offset(state.list_offset, app.cursor, height, rows.len());
        state.list_offset = offset;
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .filter_map(|(r, id)| {
                let row = app.data.student(*id)?;
                let cells = app.data.grid.get(id);
                let on_row = r == app.cursor;
                let name_style = if on_row {
                    theme.selected()
                } else {
                    Style::default()
                };
                // Only the name's letters are highlighted (with the cell under the
                // cursor): each highlighted cell is sent again when the cursor moves.
                let name = fit(&row.student.display_name(), NAME_WIDTH - 1);
                let fill = NAME_WIDTH - 1 - name.width();
                let mut spans = vec![
                    Span::raw(" "),
                    Span::styled(name, name_style),
                    Span::raw(format!(
                        "{} {}",
                        " ".repeat(fill),
                        pad(verdict_short(row.student.verdict), VERDICT_WIDTH)
                    )),
                ];
                for (index, criterion) in &shown {
                    let cell = cells.and_then(|c| c.get(*index).copied().flatten());
                    let masked = criterion.domain.is_sensitive() && !app.reveal_sensitive;
                    let mut style = match cell.and_then(|c| c.level) {
                        Some(level) if !masked => theme.level(level),
                        _ => Style::default(),
                    };
                    if on_row && *index == app.grid.column {
                        style = theme.selected();
                    }
                    spans.push(Span::styled(cell_text(cell, masked), style));
                }
                Some(Line::from(spans))
            })
            .collect();
        Paragraph::new(lines).render(body, buf);
    }
    render_info(view, info, buf);
}

/// Two lines about the cell and student under the cursor.
fn render_info(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    let Some(criterion) = app.data.criteria.get(app.grid.column) else {
        Paragraph::new(Line::styled(
            " Aucun critère actif dans le catalogue.",
            theme.dim(),
        ))
        .render(area, buf);
        return;
    };
    let cell = app.current.and_then(|id| {
        app.data
            .grid
            .get(&id)?
            .get(app.grid.column)
            .copied()
            .flatten()
    });
    let masked = criterion.domain.is_sensitive() && !app.reveal_sensitive;
    let level = match (cell.and_then(|c| c.level), masked) {
        // Short: the line's other cells stay put (m shows the level).
        (Some(_), true) => "masqué (m)".to_string(),
        (level, _) => level_label(level).to_string(),
    };
    let comment = if cell.is_some_and(|c| c.has_comment) {
        " · commentaire (c)"
    } else {
        ""
    };
    let code = column_codes(&app.data.criteria)
        .get(app.grid.column)
        .cloned()
        .unwrap_or_default();
    // The domain comes before the criterion: moving down a column then rewrites only
    // the level at the end of the line, not a domain pushed along by it.
    let first = Line::from(vec![
        Span::styled(format!(" {code} "), theme.title()),
        Span::styled(format!("{} › ", criterion.domain.label()), theme.dim()),
        Span::styled(format!("{} ", criterion.label), theme.title()),
        Span::raw(format!("· {level}{comment}")),
    ]);
    let second = match app.current {
        Some(id) => {
            let suggestion = app.data.suggestion(id);
            // Each module type in its own slot, blank when not suggested, the
            // difficulties after them: moving down a column rewrites only what
            // differs between two students, not a line pushed along.
            let slots: Vec<String> = crate::model::ModuleType::ALL
                .iter()
                .map(|kind| {
                    let label = kind.label();
                    if suggestion.module_types.contains(kind) {
                        label.to_string()
                    } else {
                        " ".repeat(label.width())
                    }
                })
                .collect();
            let slots = slots.join(" ");
            let values = if suggestion.difficulties.is_empty() {
                // The same places as a suggestion: a move rewrites only the words.
                format!(
                    "{} ← aucune difficulté (niveaux ≥ 2)",
                    pad("rien", slots.width())
                )
            } else {
                let kinds: Vec<&str> = suggestion
                    .difficulties
                    .iter()
                    .map(|c| app.data.difficulty_label(c))
                    .collect();
                format!("{slots} ← {}", kinds.join(", "))
            };
            // The values in the plain style, the label dim: a move that changes
            // only words sends no change of style.
            let label = " Suggéré : ";
            let room = (area.width as usize).saturating_sub(label.width());
            Line::from(vec![
                Span::styled(label, theme.dim()),
                Span::raw(fit(&values, room)),
            ])
        }
        None => Line::raw(""),
    };
    Paragraph::new(vec![first, second]).render(area, buf);
}
