//! Student list: every student of the filter, one line each.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::table::{Column, Table};
use super::{View, ViewState};
use crate::labels::Label;
use crate::model::{Phase, Verdict};
use crate::store::StudentRow;

/// Short verdict for narrow columns.
pub fn verdict_short(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        None => "—",
        Some(Verdict::Repere) => "repéré",
        Some(Verdict::NonRepere) => "non rep.",
        Some(Verdict::ARevoir) => "à revoir",
    }
}

/// The alert word of a student: exited, check-in overdue, or two unexcused
/// absences in a row in a module (for the next point d'étape).
pub fn alert(view: &View, row: &StudentRow) -> Option<&'static str> {
    if row.student.has_exited() {
        Some("sorti")
    } else if row
        .student
        .checkin_overdue(row.last_checkin, view.app.today)
    {
        Some("retard")
    } else if view.app.data.absent_twice.contains_key(&row.student.id) {
        Some(ABSENCES)
    } else {
        None
    }
}

/// The alert word of two unexcused absences in a row.
pub const ABSENCES: &str = "2 absences";

/// The phase column and the verdict column of a student.
fn phase_and_verdict(row: &StudentRow) -> (&'static str, &'static str) {
    let s = &row.student;
    match s.phase() {
        _ if !s.bac_pro => ("hors bac pro", ""),
        // Not identified, or refused: "hors parcours", shortened to its column.
        Phase::HorsParcours => ("hors parc.", verdict_short(s.verdict)),
        phase => (phase.label(), verdict_short(s.verdict)),
    }
}

/// Draws a scrolling list of students with a header line; the cursor row is
/// highlighted, and `state` keeps the first row shown for the next frame.
pub fn render_rows(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: Line,
    line_of: &dyn Fn(&StudentRow) -> Line<'static>,
) {
    let theme = view.theme;
    render_rows_selecting(view, area, buf, state, header, line_of, &|line| {
        theme.select(line)
    });
}

/// [`render_rows`], the cursor row drawn by `select`.
pub fn render_rows_selecting(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: Line,
    line_of: &dyn Fn(&StudentRow) -> Line<'static>,
    select: &dyn Fn(Line<'static>) -> Line<'static>,
) {
    let app = view.app;
    let rows = app.rows();
    let [head, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    Paragraph::new(header.style(view.theme.title())).render(head, buf);
    if rows.is_empty() {
        Paragraph::new(Line::styled(
            " Aucun élève ne correspond au filtre (x pour l'effacer).",
            view.theme.dim(),
        ))
        .render(body, buf);
        return;
    }
    let height = body.height as usize;
    let offset = super::scroll_offset(state.list_offset, app.cursor, height, rows.len());
    state.list_offset = offset;
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .enumerate()
        .filter_map(|(i, id)| {
            let row = app.data.student(*id)?;
            let line = line_of(row);
            Some(if offset + i == app.cursor {
                select(line)
            } else {
                line
            })
        })
        .collect();
    Paragraph::new(lines).render(body, buf);
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let [table, status] = area.layout(&Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(1),
    ]));
    let theme = view.theme;
    let columns = vec![
        Column::new("Élève", 22, |row: &StudentRow| row.student.display_name()).gap(1),
        Column::new("Sect.", 7, |row: &StudentRow| row.section_code.clone()),
        Column::new("Phase", 12, |row: &StudentRow| {
            phase_and_verdict(row).0.into()
        }),
        Column::new("Repérage", 9, |row: &StudentRow| {
            phase_and_verdict(row).1.into()
        }),
        Column::styled("Alerte", 10, |row: &StudentRow| match alert(view, row) {
            Some(alert) => (alert.into(), theme.warning()),
            None => (String::new(), Style::default()),
        }),
        Column::fill("Référent", |row: &StudentRow| {
            let referent = view.app.data.staff_name(row.student.referent_id);
            referent.unwrap_or_default()
        }),
    ];
    let students = Table::new(area.width as usize, columns);
    let line_of = |row: &StudentRow| students.row(row);
    render_rows(view, table, buf, state, students.header(), &line_of);
    let count = view.app.rows().len();
    let position = if count == 0 { 0 } else { view.app.cursor + 1 };
    // Before the students are all read (the first frame), the total is not known yet.
    let count = if view.app.is_loading() {
        "…".to_string()
    } else {
        count.to_string()
    };
    // The values in the plain style, their labels dim: a move rewrites the
    // changed values only, with no change of style to send.
    let summary = match view.app.current.and_then(|id| view.app.data.student(id)) {
        Some(row) => {
            let last = row
                .last_checkin
                .map_or("aucun".into(), |d| d.format("%d/%m/%Y").to_string());
            let width = count.len();
            Line::from(vec![
                Span::raw(format!(" {position:>width$}")),
                Span::styled(
                    format!("/{count} · {} · dernier point d'étape : ", row.school_year),
                    theme.dim(),
                ),
                Span::raw(last),
            ])
        }
        None => Line::styled(format!(" {count} élève(s)"), theme.dim()),
    };
    Paragraph::new(summary).render(status, buf);
}
