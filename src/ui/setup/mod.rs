//! The « Réglages » screen: a tab bar, then the current tab.

mod calendar;
mod catalogue;
mod establishment;
mod team;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Theme, View, ViewState};
use crate::app::SetupTab;
use crate::model::text::{fit, pad};

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let theme = view.theme;
    let [bar, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    let mut spans = vec![Span::raw(" ")];
    for tab in SetupTab::ALL {
        let current = view.app.setup.tab == tab;
        let label = if current {
            format!("[{}]", tab.label())
        } else {
            format!(" {} ", tab.label())
        };
        spans.push(Span::styled(
            label,
            if current { theme.active() } else { theme.dim() },
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("(Tab : onglet suivant)", theme.dim()));
    Paragraph::new(Line::from(spans)).render(bar, buf);
    match view.app.setup.tab {
        SetupTab::Establishment => establishment::render(view, body, buf, state),
        SetupTab::Team => team::render(view, body, buf, state),
        SetupTab::Calendar => calendar::render(view, body, buf, state),
        SetupTab::Catalogue => catalogue::render(view, body, buf, state),
    }
}

/// A scrolling list under a header line: the cursor row highlighted, the first
/// row shown kept in `state` for the next frame. `empty` is said when there are no rows.
pub(super) fn render_list(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: Line<'static>,
    rows: Vec<Line<'static>>,
    empty: &str,
) {
    let cursor = view.app.setup.cursor();
    render_rows(view, area, buf, state, header, rows, empty, cursor);
}

/// [`render_list`] with the cursor given (screens other than the settings).
#[allow(clippy::too_many_arguments)]
pub(super) fn render_rows(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: Line<'static>,
    mut rows: Vec<Line<'static>>,
    empty: &str,
    cursor: usize,
) {
    let len = rows.len();
    let row = |i: usize| std::mem::take(&mut rows[i]);
    render_rows_with(view, area, buf, state, header, len, row, empty, cursor);
}

/// [`render_rows`] building only the `len` rows on screen, with `row(index)`:
/// a long list costs one page per frame, not its length.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_rows_with(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: Line<'static>,
    len: usize,
    mut row: impl FnMut(usize) -> Line<'static>,
    empty: &str,
    cursor: usize,
) {
    let [head, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    Paragraph::new(header.style(view.theme.title())).render(head, buf);
    if len == 0 {
        Paragraph::new(Line::styled(format!(" {empty}"), view.theme.dim())).render(body, buf);
        return;
    }
    let cursor = cursor.min(len - 1);
    let height = body.height as usize;
    let offset = super::scroll_offset(state.list_offset, cursor, height, len);
    state.list_offset = offset;
    let lines: Vec<Line> = (offset..len.min(offset + height))
        .map(|i| {
            let line = row(i);
            if i == cursor {
                view.theme.select(line)
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(body, buf);
}

/// One line of a detail block: `label` in a fixed column, then the first line
/// of `value` cut with « … » to the rest of `width`. The label column and the
/// styles being the same from row to row, a move rewrites only the value cells
/// that differ (no re-wrapping that shifts whole lines).
pub(super) fn field(
    theme: Theme,
    label: &str,
    label_width: usize,
    value: &str,
    width: usize,
) -> Line<'static> {
    let mut lines = value.lines();
    let first = lines.next().unwrap_or("");
    let shown = if lines.next().is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    };
    let room = width.saturating_sub(label_width + 4);
    Line::from(vec![
        Span::styled(format!(" {} : ", pad(label, label_width)), theme.dim()),
        Span::raw(fit(&shown, room)),
    ])
}
