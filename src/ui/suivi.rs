//! Suivi (check-ins, overdue first) and Bilan S2 (decisions, exits) screens.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::list::{ABSENCES, alert, render_rows};
use super::table::{Column, Table};
use super::{View, ViewState};
use crate::app::SuiviScope;
use crate::labels::Label;
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
    render_rows(view, left, buf, state, students.header(), &line_of);

    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.dim());
    let inner = block.inner(right);
    block.render(right, buf);
    let Some(row) = app.current.and_then(|id| app.data.student(id)) else {
        return;
    };
    let s = &row.student;
    let mut lines = vec![Line::styled(
        format!("{} — {}", s.display_name(), row.section_code),
        theme.title(),
    )];
    lines.push(Line::styled(
        format!(
            "Référent : {}",
            app.data
                .staff_name(s.referent_id)
                .unwrap_or_else(|| "—".into())
        ),
        theme.dim(),
    ));
    if let Some(exit) = s.exit_date {
        lines.push(Line::styled(
            format!("Sorti(e) le {}", exit.format("%d/%m/%Y")),
            theme.warning(),
        ));
    } else if let Some(decision) = s.decision_s2 {
        lines.push(Line::raw(format!("Décision S2 : {}", decision.label())));
    }
    let modules = app.data.module_names(s.id);
    lines.push(Line::raw(format!(
        "Modules : {}",
        if modules.is_empty() {
            "aucun".into()
        } else {
            modules.join(", ")
        }
    )));
    let detail = app.detail.as_ref().filter(|d| d.student_id == s.id);
    // The attendance rate of each module with a roll taken.
    let marks = detail.map(|d| d.marks.as_slice()).unwrap_or_default();
    let mut marked: Vec<i64> = marks.iter().map(|m| m.module_id).collect();
    marked.sort_unstable();
    marked.dedup();
    if !marked.is_empty() {
        lines.push(Line::raw("Assiduité :"));
    }
    for module in marked {
        let name = app
            .data
            .module(module)
            .map_or_else(|| format!("module n° {module}"), |m| m.name.clone());
        let a = crate::model::sheet::ModuleAttendance::of_marks(marks, module, None);
        // One line per module: sessions attended / marked, and the rate.
        let rate = a
            .rate()
            .map_or("—".to_string(), |r| format!("{:.0}\u{a0}%", r * 100.0));
        lines.push(Line::raw(format!(
            "  {} {}/{} · {rate}",
            crate::model::text::fit(&name, 22),
            a.attended(),
            a.marked()
        )));
    }
    if !s.has_exited() {
        for module in app.data.absent_twice_names(s.id) {
            lines.push(Line::styled(
                format!("⚠ {ABSENCES} de suite en {module} : à voir au prochain point d'étape."),
                theme.warning(),
            ));
        }
    }
    lines.push(Line::raw(""));
    let checkins = detail.map(|d| d.checkins.as_slice()).unwrap_or_default();
    if checkins.is_empty() {
        let planned = s.first_checkin_date.map_or(String::new(), |d| {
            format!(" (prévu le {})", d.format("%d/%m/%Y"))
        });
        lines.push(Line::styled(
            format!("Aucun point d'étape{planned}."),
            theme.dim(),
        ));
    }
    if let Some(next) = s.next_checkin_date {
        lines.push(Line::styled(
            format!("Prochain point d'étape : {}", next.format("%d/%m/%Y")),
            theme.dim(),
        ));
    }
    for c in checkins.iter().rev() {
        let facts: Vec<String> = crate::labels::checkin_facts(c);
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", c.date.format("%d/%m/%Y")), theme.title()),
            Span::raw(facts.join(" · ")),
        ]));
        if let Some(note) = &c.note {
            lines.extend(note.lines().map(|l| Line::raw(format!("  {l}"))));
        }
    }
    if let Some(bilan) = &s.bilan_s1 {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Bilan S1", theme.title()));
        lines.push(Line::raw(bilan.clone()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
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
