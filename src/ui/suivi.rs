//! Suivi (check-ins, overdue first) and Bilan S2 (decisions, exits) screens.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::list::{alert, render_rows, render_rows_selecting};
use super::table::{Column, Table};
use super::{View, ViewState};
use crate::app::SuiviScope;
use crate::labels::Label;
use crate::model::text::{fit, pad};
use crate::store::StudentRow;

pub fn render_suivi(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Length(40),
        Constraint::Min(20),
    ]));
    let overdue = app.tally("overdue", format!("{:?}", app.filter), || {
        app.rows()
            .iter()
            .filter_map(|id| app.data.student(*id))
            .filter(|r| alert(view, r) == Some("retard"))
            .count()
    });
    let scope = app.filter.suivi;
    let title = match (scope, overdue) {
        (SuiviScope::EnCours, n) => format!("En cours ({n} en retard)"),
        (other, _) => format!("{} (t : changer)", other.label()),
    };
    let muted = |row: &StudentRow| {
        if row.student.parcours_ended() {
            theme.dim()
        } else {
            Style::default()
        }
    };
    let columns = vec![
        Column::styled(title, 18, move |row: &StudentRow| {
            (row.student.display_name(), muted(row))
        })
        .gap(1),
        // Two namesakes in two sections: the section tells them apart.
        Column::styled("", 5, move |row: &StudentRow| {
            (row.section_code.clone(), muted(row))
        }),
        // The title has always stood one column right of the dates.
        Column::styled("  Dernier pt", 15, move |row: &StudentRow| {
            let late = alert(view, row) == Some("retard");
            let absences = !row.student.has_exited()
                && view.app.data.absent_twice.contains_key(&row.student.id);
            let last = match (row.student.exit_date, row.last_checkin) {
                (Some(exit), _) => format!("sorti {}", exit.format("%d/%m/%y")),
                (None, Some(d)) => d.format("%d/%m/%y").to_string(),
                (None, None) => "aucun".into(),
            };
            // « ! » late, « 2 abs » two unexcused absences in a row (15 columns).
            let flag = match (late, absences) {
                (true, true) => " ! abs",
                (true, false) => " !",
                (false, true) => " 2 abs",
                (false, false) => "",
            };
            let text = format!(" {last}{flag}");
            (
                text,
                if late || absences {
                    theme.warning()
                } else {
                    muted(row)
                },
            )
        }),
    ];
    let students = Table::new(left.width as usize, columns);
    let line_of = |row: &StudentRow| students.row(row);
    // Only the name is highlighted: the detail beside it names no one.
    render_rows_selecting(
        view,
        left,
        buf,
        state,
        students.header(),
        &line_of,
        &|line| theme.select_name(line),
    );

    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.dim());
    let inner = block.inner(right);
    block.render(right, buf);
    let Some(row) = app.current.and_then(|id| app.data.student(id)) else {
        return;
    };
    Paragraph::new(detail_lines(view, row, inner.width as usize)).render(inner, buf);
}

/// Width of the label column of the detail (« Engagement » and a space).
const LABEL_WIDTH: usize = 11;

/// The compact detail of the student under the cursor: one field per line, the
/// labels in a fixed column, each value cut to one line with « … ». A move then
/// rewrites only the values that differ; the whole parcours is on the page (o).
fn detail_lines(view: &View, row: &StudentRow, width: usize) -> Vec<Line<'static>> {
    let app = view.app;
    let theme = view.theme;
    let s = &row.student;
    let room = width.saturating_sub(LABEL_WIDTH);
    let field = |label: &str, value: &str, style: Style| {
        Line::from(vec![
            Span::styled(pad(label, LABEL_WIDTH), theme.dim()),
            Span::styled(fit(value, room), style),
        ])
    };
    let plain = Style::default();
    let detail = app.detail.as_ref().filter(|d| d.student_id == s.id);
    let checkins = detail.map(|d| d.checkins.as_slice()).unwrap_or_default();
    // The newest point d'étape.
    let last = checkins.iter().max_by_key(|c| c.date);
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or("—".to_string(), |d| d.format("%d/%m/%Y").to_string())
    };
    // No name line: the student is the highlighted row next to it (and the page's title).
    let referent = app.data.staff_name(s.referent_id);
    let mut lines = vec![field("Référent", referent.as_deref().unwrap_or("—"), plain)];
    lines.push(match (s.exit_date, s.decision_s2) {
        (Some(exit), _) => field(
            "Situation",
            &format!("sorti(e) le {}", exit.format("%d/%m/%Y")),
            theme.warning(),
        ),
        (None, Some(decision)) => field("Situation", &format!("S2 : {}", decision.label()), plain),
        (None, None) => field("Situation", "en cours", plain),
    });
    let codes = module_codes(app, s.id);
    lines.push(field(
        "Modules",
        &if codes.is_empty() {
            "aucun".to_string()
        } else {
            codes.join(" ")
        },
        plain,
    ));
    lines.push(field(
        "Présences",
        &presences(detail.map(|d| d.marks.as_slice())),
        plain,
    ));
    let absent = if s.has_exited() {
        Vec::new()
    } else {
        absent_codes(app, s.id)
    };
    lines.push(if absent.is_empty() {
        field("Absences", "—", plain)
    } else {
        // « 2 absences de suite », to talk about at the next point d'étape.
        // In the plain style: the row's « abs » is the warning.
        field(
            "Absences",
            &format!("2 de suite : {}", absent.join(" ")),
            plain,
        )
    });
    lines.push(Line::raw(""));
    lines.push(field(
        "Dernier pt",
        &last.map_or("aucun".to_string(), |c| date(Some(c.date))),
        plain,
    ));
    let fact = |value: Option<&'static str>| value.unwrap_or("—");
    lines.push(field(
        "Assiduité",
        fact(last.and_then(|c| c.attendance.map(Label::label))),
        plain,
    ));
    lines.push(field(
        "Progrès",
        fact(last.and_then(|c| c.progress.map(Label::label))),
        plain,
    ));
    lines.push(field(
        "Engagement",
        fact(last.and_then(|c| c.engagement.map(Label::label))),
        plain,
    ));
    lines.push(field(
        "Note",
        &first_line(last.and_then(|c| c.note.as_deref())),
        plain,
    ));
    // Before the first point d'étape, the next one is the planned first one; none
    // after leaving.
    let next = s
        .next_checkin_date
        .or(if last.is_none() {
            s.first_checkin_date
        } else {
            None
        })
        .filter(|_| !s.has_exited());
    // Late: said in words, in the plain style (the row's « ! » is the warning, and
    // a change of style would cost escapes at each move).
    let next = match (next, alert(view, row) == Some("retard")) {
        (Some(d), true) => format!("{} (en retard)", date(Some(d))),
        (None, true) => "en retard".to_string(),
        (d, false) => date(d),
    };
    lines.push(field("Prochain", &next, plain));
    // The bilan's text is on the page (o) and in its form (b).
    let bilan = match (&s.bilan_s1, s.bilan_s1_date) {
        (None, _) => "—".to_string(),
        (Some(_), Some(d)) => format!("rédigé le {}", d.format("%d/%m/%Y")),
        (Some(_), None) => "rédigé".to_string(),
    };
    lines.push(field("Bilan S1", &bilan, plain));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit("o : fiche complète de l'élève", width),
        theme.dim(),
    ));
    lines
}

/// The first line of a text, with « … » when there is more: the rest is on the page.
fn first_line(text: Option<&str>) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return "—".into();
    };
    match text.split_once('\n') {
        Some((first, _)) => format!("{} …", first.trim_end()),
        None => text.to_string(),
    }
}

/// The codes of a student's running modules (short: the names are on the page).
fn module_codes(app: &crate::app::App, student: i64) -> Vec<String> {
    codes_of(app, app.data.running_modules.get(&student))
}

/// The codes of the modules where a student missed two sessions in a row.
fn absent_codes(app: &crate::app::App, student: i64) -> Vec<String> {
    codes_of(app, app.data.absent_twice.get(&student))
}

fn codes_of(app: &crate::app::App, ids: Option<&Vec<i64>>) -> Vec<String> {
    ids.map(|ids| {
        ids.iter()
            .map(|id| {
                app.data
                    .module(*id)
                    .map_or_else(|| format!("n° {id}"), |m| m.code.clone())
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Sessions attended over sessions marked, all modules together, and the rate
/// (each module's on the page).
fn presences(marks: Option<&[crate::model::planner::StudentMark]>) -> String {
    let marks = marks.unwrap_or_default();
    let mut modules: Vec<i64> = marks.iter().map(|m| m.module_id).collect();
    modules.sort_unstable();
    modules.dedup();
    let (attended, marked) = modules
        .into_iter()
        .map(|module| crate::model::sheet::ModuleAttendance::of_marks(marks, module, None))
        .fold((0, 0), |(a, m), one| (a + one.attended(), m + one.marked()));
    if marked == 0 {
        return "—".into();
    }
    let rate = attended as f64 / marked as f64 * 100.0;
    format!("{attended}/{marked} · {rate:.0}\u{a0}%")
}

pub fn render_bilan(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let columns = vec![
        Column::new("Élève", 24, |row: &StudentRow| row.student.display_name()),
        Column::new("Sect.", 7, |row: &StudentRow| row.section_code.clone()),
        Column::new("Parcours", 12, |row: &StudentRow| {
            (if row.student.in_parcours() {
                "oui"
            } else {
                "non"
            })
            .into()
        }),
        Column::new("Décision S2", 22, |row: &StudentRow| {
            row.student.decision_s2.map_or("—", Label::label).into()
        }),
        Column::fill("Sortie, BTS", |row: &StudentRow| {
            match (row.student.exit_date, row.student.diploma) {
                // Narrow column: the destination is on the student page.
                (Some(d), _) => format!("sorti {}", d.format("%d/%m/%y")),
                (None, Some(diploma)) => match diploma {
                    crate::model::DiplomaOutcome::Obtenu2Ans => "BTS en 2 ans",
                    crate::model::DiplomaOutcome::Obtenu3Ans => "BTS en 3 ans",
                    crate::model::DiplomaOutcome::NonObtenu => "non obtenu",
                }
                .to_string(),
                (None, None) => String::new(),
            }
        }),
    ];
    let students = Table::new(area.width as usize, columns);
    let line_of = |row: &StudentRow| {
        let line = students.row(row);
        if row.student.has_exited() {
            line.style(theme.dim())
        } else {
            line
        }
    };
    let [table, status] = area.layout(&Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(1),
    ]));
    render_rows(view, table, buf, state, students.header(), &line_of);
    let (listed, decided, exited) = app.tally("bilan", format!("{:?}", app.filter), || {
        let rows = app.rows();
        let decided = rows
            .iter()
            .filter_map(|id| app.data.student(*id))
            .filter(|r| r.student.decision_s2.is_some())
            .count();
        let exited = rows
            .iter()
            .filter_map(|id| app.data.student(*id))
            .filter(|r| r.student.has_exited())
            .count();
        (rows.len(), decided, exited)
    });
    Paragraph::new(Line::styled(
        format!(
            " {} élève(s) de bac pro · {decided} décision(s) · {exited} sortie(s)",
            listed
        ),
        theme.dim(),
    ))
    .render(status, buf);
}
