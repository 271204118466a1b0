//! The module planner (F8): one list per level, under a line saying where we are.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::setup::{render_rows, render_rows_with};
use super::{View, ViewState};
use crate::app::planner::{GroupItem, Level, staff_name, student_name};
use crate::labels::Label;
use crate::model::catalogue::hours_label;
use crate::model::planner::SessionStatus;
use crate::model::sessions::{minutes_label, time_label, weekday_label};
use crate::model::text::fit;
use chrono::Datelike;

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let app = view.app;
    let p = &app.planner;
    let [crumb, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    let module = p
        .data
        .modules
        .iter()
        .find(|m| Some(m.hours.module_id) == p.module);
    let mut trail = format!(" Modules {}", p.data.year);
    if p.level >= Level::Groups
        && let Some(m) = module
    {
        // The name while there is room, the code once the trail grows.
        if p.level == Level::Groups {
            trail.push_str(&format!(" › {}", m.hours.name));
        } else {
            trail.push_str(&format!(" › {}", m.hours.code));
        }
    }
    if p.level >= Level::Group
        && let Some(g) = p.group_row()
    {
        trail.push_str(&format!(" › {}", g.group.label));
    }
    if let (Level::Roll, Some(roll)) = (p.level, p.roll.as_ref()) {
        trail.push_str(&format!(
            " › appel du {}",
            crate::app::planner::roll_label(&roll.session)
        ));
    }
    Paragraph::new(Line::styled(
        fit(&trail, area.width as usize),
        view.theme.active(),
    ))
    .render(crumb, buf);
    let cursor = p.cursor();
    match p.level {
        Level::Modules => {
            let (header, rows, empty) = modules(view);
            render_rows(view, body, buf, state, header, rows, empty, cursor);
        }
        Level::Groups => groups(view, body, buf, state, cursor),
        Level::Group => group(view, body, buf, state, cursor),
        Level::Roll => roll(view, body, buf, state, cursor),
    }
}

type Rows = (Line<'static>, Vec<Line<'static>>, &'static str);

fn modules(view: &View) -> Rows {
    let header = Line::from(format!(
        " {:<20} {:<12} {:>3} {:>7} {:>7} {:>8} {:>6}",
        "Module", "Type", "Gr.", "Prévues", "Faites", "Accord.", "Placer"
    ));
    let rows = view
        .app
        .planner
        .data
        .modules
        .iter()
        .map(|m| {
            let h = &m.hours;
            let name = fit(&h.name, 20);
            let granted = h.granted.map_or("—".to_string(), hours_label);
            let mut spans = vec![Span::raw(format!(
                " {name:<20} {:<12} {:>3} {:>7} {:>7} {:>8} {:>6}",
                m.module_type.label(),
                h.groups,
                hours_label(h.planned),
                hours_label(h.delivered),
                granted,
                if m.to_place > 0 {
                    m.to_place.to_string()
                } else {
                    String::new()
                },
            ))];
            if h.over_budget() {
                spans.push(Span::styled(" dépassé", view.theme.error()));
            }
            Line::from(spans)
        })
        .collect();
    (
        header,
        rows,
        "Aucun module planifié ni élève à placer cette année (a : autre année).",
    )
}

fn groups(view: &View, body: Rect, buf: &mut Buffer, state: &mut ViewState, cursor: usize) {
    let app = view.app;
    let header = Line::from(format!(
        " {:<18} {:<8} {:<24} {:>9} {:>13}",
        "Groupe", "Période", "Animateur", "Élèves", "Séances faites"
    ));
    let groups = app.planner.groups();
    // Only the rows on screen are built: a module may have hundreds of groups.
    let row = |i: usize| {
        let g = groups[i];
        let group = &g.group;
        let period = group.period.map_or("—".to_string(), |p| format!("P{p}"));
        let leader = group.leader_id.map(|id| staff_name(app, id));
        let placed = match group.capacity {
            Some(cap) => format!("{}/{cap}", g.members),
            None => g.members.to_string(),
        };
        let mut spans = vec![Span::raw(format!(
            " {:<18} {:<8} ",
            fit(&group.label, 18),
            period
        ))];
        match leader {
            Some(name) => spans.push(Span::raw(format!("{:<24}", fit(&name, 24)))),
            None => spans.push(Span::styled(
                format!("{:<24}", "sans animateur"),
                view.theme.error(),
            )),
        }
        let over = group.is_over_capacity(g.members);
        spans.push(Span::styled(
            format!(" {:>9}", if over { format!("{placed} !") } else { placed }),
            if over {
                view.theme.error()
            } else {
                view.theme.text()
            },
        ));
        if g.sessions == 0 {
            spans.push(Span::styled(
                format!(" {:>13}", "aucune séance"),
                view.theme.error(),
            ));
        } else {
            spans.push(Span::raw(format!(
                " {:>13}",
                format!("{}/{}", g.held, g.sessions)
            )));
        }
        Line::from(spans)
    };
    let empty = "Aucun groupe pour ce module cette année.";
    render_rows_with(
        view,
        body,
        buf,
        state,
        header,
        groups.len(),
        row,
        empty,
        cursor,
    );
}

fn group(view: &View, body: Rect, buf: &mut Buffer, state: &mut ViewState, cursor: usize) {
    let app = view.app;
    let items = app.planner.group_items(app);
    let members = items
        .iter()
        .filter(|i| matches!(i, GroupItem::Member(_)))
        .count();
    let header = Line::from(format!(
        " {members} élève(s), puis les séances (Entrée sur une séance : son appel)"
    ));
    let row = |i: usize| match &items[i] {
        GroupItem::Member(m) => Line::from(format!(
            " {:<40} depuis le {}",
            fit(&student_name(app, m.student_id), 40),
            m.from_date.format("%d/%m/%Y")
        )),
        GroupItem::Session(s) => {
            let status = match s.status {
                SessionStatus::Cancelled => match &s.cancel_reason {
                    Some(reason) => format!("annulée : {reason}"),
                    None => "annulée".to_string(),
                },
                status => status.label().to_string(),
            };
            let style = match s.status {
                SessionStatus::Cancelled => view.theme.dim(),
                SessionStatus::Held => view.theme.ok(),
                SessionStatus::Planned => view.theme.text(),
            };
            Line::from(vec![
                Span::styled(" séance ", view.theme.dim()),
                Span::styled(
                    fit(
                        &format!(
                            "{:<8} {} {:>7} {:>7}  {status}",
                            weekday_label(s.date.weekday()),
                            s.date.format("%d/%m/%Y"),
                            time_label(s.start),
                            minutes_label(i64::from(s.minutes)),
                        ),
                        70,
                    ),
                    style,
                ),
            ])
        }
    };
    let empty = "Ni élève ni séance dans ce groupe.";
    render_rows_with(
        view,
        body,
        buf,
        state,
        header,
        items.len(),
        row,
        empty,
        cursor,
    );
}

fn roll(view: &View, body: Rect, buf: &mut Buffer, state: &mut ViewState, cursor: usize) {
    let app = view.app;
    let Some(roll) = app.planner.roll.as_ref() else {
        let empty = "Pas d'appel ouvert.";
        return render_rows(
            view,
            body,
            buf,
            state,
            Line::from(""),
            Vec::new(),
            empty,
            cursor,
        );
    };
    let header = Line::from(format!(
        " {} élève(s), {} sans marque{}",
        roll.lines.len(),
        roll.unmarked(),
        if roll.modified() {
            " — non enregistré (Ctrl-s)"
        } else {
            ""
        }
    ));
    let row = |i: usize| {
        let line = &roll.lines[i];
        // `saved` may be shorter after a colleague's roll: a missing mark is none.
        let saved = roll.saved.get(i).copied().flatten();
        let mark = match line.mark {
            Some(m) => format!("[{}] {}", m.key(), m.label()),
            None => "[ ] —".to_string(),
        };
        let changed = if line.mark != saved { " *" } else { "" };
        Line::from(format!(
            " {:<40} {mark}{changed}",
            fit(&student_name(app, line.student_id), 40)
        ))
    };
    let empty = "Personne dans ce groupe ce jour-là.";
    render_rows_with(
        view,
        body,
        buf,
        state,
        header,
        roll.lines.len(),
        row,
        empty,
        cursor,
    );
}
