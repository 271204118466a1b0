//! The planner's grid modules × periods: a module per two lines (groups and
//! places, then hours), a period per column, scrolling both ways; the current
//! module and cell spelled out under the grid.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::planner::column_name;
use crate::model::catalogue::hours_label;
use crate::model::planner::grid::GridCell;
use crate::model::text::{fit, pad, pad_left};
use crate::ui::{View, ViewState, scroll_offset};

/// The module column: a space and the module's code.
const NAME_WIDTH: usize = 14;
/// A cell: a space, then 11 columns (10 of text and the « ! » mark).
const CELL_WIDTH: usize = 12;

/// « 14 » or « 10,5 »: hours without their unit.
fn number(hours: f64) -> String {
    hours_label(hours).trim_end_matches(" h").to_string()
}

/// « 2 gr 18/24 », shortened while too wide for 10 columns.
fn places_text(cell: &GridCell) -> String {
    let places = match cell.capacity {
        Some(capacity) => format!("{}/{capacity}", cell.placed),
        None => format!("{}/∞", cell.placed),
    };
    let groups = cell.groups.len();
    [
        format!("{groups} gr {places}"),
        format!("{groups}g {places}"),
        places,
    ]
    .into_iter()
    .find(|t| t.chars().count() <= 10)
    .unwrap_or_else(|| "…".into())
}

/// « 14/8 h »: hours planned / delivered, the unit dropped before a figure is cut.
fn hours_text(cell: &GridCell) -> String {
    let figures = format!(
        "{}/{}",
        number(cell.hours.planned),
        number(cell.hours.delivered)
    );
    if figures.chars().count() <= 8 {
        format!("{figures} h")
    } else {
        fit(&figures, 10)
    }
}

/// The two lines of a cell, 11 columns each, with their « ! » marks.
fn cell_lines(cell: &GridCell) -> [(String, bool); 2] {
    if cell.is_empty() {
        return [(pad("     ·", 11), false), (pad("", 11), false)];
    }
    let mark = |flag: bool| if flag { "!" } else { " " };
    [
        (
            format!(
                "{}{}",
                pad(&places_text(cell), 10),
                mark(cell.over_capacity)
            ),
            cell.over_capacity,
        ),
        (
            format!("{}{}", pad(&hours_text(cell), 10), mark(cell.over_budget)),
            cell.over_budget,
        ),
    ]
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let p = &app.planner;
    let grid = &p.data.grid;
    let [head, body, info] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(2),
    ]));
    let modules = &p.data.modules;
    if modules.is_empty() || grid.columns.is_empty() {
        Paragraph::new(Line::styled(
            " Aucun module planifié ni élève à placer cette année (a : autre année).",
            theme.dim(),
        ))
        .render(body, buf);
        return;
    }
    let width = area.width as usize;
    let visible = (width.saturating_sub(NAME_WIDTH) / CELL_WIDTH).max(1);
    let column = p.grid.column.min(grid.columns.len() - 1);
    let col_offset = scroll_offset(state.column_offset, column, visible, grid.columns.len());
    state.column_offset = col_offset;
    let shown: Vec<usize> = (col_offset..grid.columns.len()).take(visible).collect();
    let more_left = col_offset > 0;
    let more_right = shown.last().is_some_and(|c| c + 1 < grid.columns.len());

    let mut header = vec![Span::styled(
        pad(
            if more_left {
                " Module     ◂"
            } else {
                " Module"
            },
            NAME_WIDTH,
        ),
        theme.title(),
    )];
    for &c in &shown {
        let name = match grid.columns[c] {
            None => "sans pér.".to_string(),
            some => column_name(some),
        };
        let style = if c == column {
            theme.active()
        } else {
            theme.title()
        };
        header.push(Span::raw(" "));
        header.push(Span::styled(pad(&name, CELL_WIDTH - 1), style));
    }
    if more_right {
        header.push(Span::styled(" ▸", theme.title()));
    }
    Paragraph::new(Line::from(header)).render(head, buf);

    let cursor = p.cursor().min(modules.len() - 1);
    let rows = (body.height as usize / 2).max(1);
    let offset = scroll_offset(state.list_offset, cursor, rows, modules.len());
    state.list_offset = offset;
    let mut lines: Vec<Line> = Vec::new();
    for (r, line) in modules.iter().enumerate().skip(offset).take(rows) {
        let on_row = r == cursor;
        let cells = grid.cells.get(r);
        let mut pair = [Vec::new(), Vec::new()];
        let name_style = if on_row {
            theme.selected()
        } else {
            Style::default()
        };
        pair[0].push(Span::styled(
            format!(" {}", pad(&line.hours.code, NAME_WIDTH - 1)),
            name_style,
        ));
        pair[1].push(Span::raw(" ".repeat(NAME_WIDTH)));
        for &c in &shown {
            let empty = GridCell::default();
            let cell = cells.and_then(|row| row.get(c)).unwrap_or(&empty);
            for (k, (text, flagged)) in cell_lines(cell).into_iter().enumerate() {
                let style = if on_row && c == column {
                    theme.selected()
                } else if flagged {
                    theme.error()
                } else if cell.is_empty() {
                    theme.dim()
                } else {
                    Style::default()
                };
                pair[k].push(Span::raw(" "));
                pair[k].push(Span::styled(text, style));
            }
        }
        let [first, second] = pair;
        lines.push(Line::from(first));
        lines.push(Line::from(second));
    }
    Paragraph::new(lines).render(body, buf);
    render_info(view, info, buf, cursor, column);
}

/// The current module in full, then the current cell, each figure at a fixed
/// place (labels and slots the same from cell to cell, values cut with « … »):
/// a move rewrites only the figures that differ. The cell's places and hours
/// are in the grid itself.
fn render_info(view: &View, area: Rect, buf: &mut Buffer, row: usize, column: usize) {
    let app = view.app;
    let theme = view.theme;
    let data = &app.planner.data;
    let (Some(line), Some(col)) = (data.modules.get(row), data.grid.columns.get(column)) else {
        return;
    };
    let h = &line.hours;
    let module = vec![
        Span::raw(format!(" {} ", pad(&h.name, 25))),
        Span::styled("Prévues ", theme.dim()),
        Span::raw(pad_left(&hours_label(h.planned), 7)),
        Span::styled("  Faites ", theme.dim()),
        Span::raw(pad_left(&hours_label(h.delivered), 7)),
        Span::styled("  Accordées ", theme.dim()),
        // Over budget: « dépassé » on the modules list, « ! » in the cells.
        Span::raw(pad_left(&h.granted.map_or("—".into(), hours_label), 8)),
    ];
    let period = match data.grid.period(*col) {
        Some(p) => format!("{} {}", p.name(), p.label()),
        None => column_name(*col),
    };
    let groups = data
        .grid
        .cells
        .get(row)
        .and_then(|r| r.get(column))
        .map_or(0, |c| c.groups.len());
    // The cell's « ! » in words once, the same for every cell.
    let detail = vec![
        Span::raw(format!(" {} ", pad(&period, 22))),
        Span::styled("Groupes ", theme.dim()),
        Span::raw(pad_left(&groups.to_string(), 4)),
        Span::styled("  ! : élèves > places, heures > accordées", theme.dim()),
    ];
    Paragraph::new(vec![Line::from(module), Line::from(detail)]).render(area, buf);
}
