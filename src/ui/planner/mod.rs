//! The module planner (F8): one list per level, under a line saying where we are.

mod flags;
mod grid;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

mod hours;

use super::setup::render_rows_with;
use super::{View, ViewState};
use crate::app::planner::{GroupItem, Level, staff_name, student_name};
use crate::labels::Label;
use crate::model::catalogue::hours_label;
use crate::model::planner::{Hours, SessionStatus};
use crate::model::sessions::{minutes_label, time_label, weekday_label};
use crate::model::text::fit;
use chrono::Datelike;
use unicode_width::UnicodeWidthStr;

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
    let grid_shown = p.level == Level::Modules && p.grid.shown;
    if grid_shown {
        trail.push_str(" · grille modules × périodes");
    }
    if p.level == Level::Envelopes {
        trail.push_str(" › enveloppes");
    }
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
    if grid_shown {
        return grid::render(view, body, buf, state);
    }
    let cursor = p.cursor();
    // The establishment's hours under the modules.
    let body = if p.level == Level::Modules {
        let [list, total] = body.layout(&Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
        ]));
        hours::summary(view, total, buf);
        list
    } else {
        body
    };
    let (header, len, row, empty) = match p.level {
        Level::Envelopes => eager(hours::envelopes(view)),
        Level::Modules => eager(modules(view)),
        Level::Groups => groups(view),
        Level::Group => group(view),
        Level::Roll => roll(view),
    };
    if matches!(p.level, Level::Groups | Level::Group) {
        let [list, alerts] = body.layout(&Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(2),
        ]));
        render_rows_with(view, list, buf, state, header, len, row, empty, cursor);
        let theme = view.theme;
        let width = area.width as usize;
        let lines: Vec<Line> = if p.level == Level::Groups {
            // The row marks each flag with « ! »; under it, at fixed places, how
            // many other groups the leader leads at the same time (their names
            // are under the group's own list, Entrée), then the legend.
            let taken = group_alerts(app, cursor);
            vec![
                Line::from(vec![
                    Span::styled(
                        " Autres groupes de l'animateur à la même heure : ",
                        theme.dim(),
                    ),
                    Span::raw(format!("{taken:<4}")),
                    Span::styled("(Entrée : lesquels)", theme.dim()),
                ]),
                Line::styled(
                    " ! : animateur déjà pris · élèves > places · élèves en conflit d'horaire",
                    theme.dim(),
                ),
            ]
        } else {
            // The member's flags, then the group's leader clash (the same for
            // every row of the group).
            let member = member_alerts(app, cursor).unwrap_or_default();
            let leader = p
                .group
                .and_then(|g| flags::leader_taken_names(app, g))
                .map_or_else(Line::default, |text| {
                    Line::styled(fit(&format!(" {text}"), width), theme.warning())
                });
            vec![Line::styled(fit(&member, width), theme.warning()), leader]
        };
        Paragraph::new(lines).render(alerts, buf);
        return;
    }
    render_rows_with(view, body, buf, state, header, len, row, empty, cursor);
}

/// How many other groups the leader of the group under the cursor leads at the same time.
fn group_alerts(app: &crate::app::App, cursor: usize) -> usize {
    let groups = app.planner.groups();
    groups
        .get(cursor.min(groups.len().saturating_sub(1)))
        .map_or(0, |row| flags::leader_taken_count(app, row.group.id))
}

/// What is flagged on the member under the cursor, in words.
fn member_alerts(app: &crate::app::App, cursor: usize) -> Option<String> {
    let items = app.planner.group_items(app);
    // Names padded to the group's longest: moving from « Paul » to « Paulette »
    // then rewrites only what differs, not the whole shifted text.
    let width = items
        .iter()
        .filter_map(|i| match i {
            GroupItem::Member(m) => Some(student_name(app, m.student_id).width()),
            GroupItem::Session(_) => None,
        })
        .max()
        .unwrap_or(0);
    match items.get(cursor)? {
        GroupItem::Member(m) => flags::member_flags(app, m).map(|f| {
            let name = student_name(app, m.student_id);
            format!(" {} : {f}", crate::model::text::pad(&name, width))
        }),
        GroupItem::Session(_) => None,
    }
}

type Rows = (Line<'static>, Vec<Line<'static>>, &'static str);

/// A level's header, row count, row builder and empty text: only the rows on
/// screen are built (a module may have hundreds of groups).
type LazyRows<'a> = (
    Line<'static>,
    usize,
    Box<dyn Fn(usize) -> Line<'static> + 'a>,
    &'static str,
);

/// A short list built whole, served like a lazy one.
fn eager<'a>((header, rows, empty): Rows) -> LazyRows<'a> {
    (
        header,
        rows.len(),
        Box::new(move |i| rows[i].clone()),
        empty,
    )
}

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

fn groups<'a>(view: &View<'a>) -> LazyRows<'a> {
    let app = view.app;
    let theme = view.theme;
    let header = Line::from(format!(
        " {:<13} {:<8} {:<22} {:>9} {:>13} {:>8}",
        "Groupe", "Période", "Animateur", "Élèves", "Séances faites", "Conflits"
    ));
    let groups = app.planner.groups();
    let len = groups.len();
    let row = move |i: usize| {
        let g = groups[i];
        let group = &g.group;
        let period = group.period.map_or("—".to_string(), |p| format!("P{p}"));
        let leader = group.leader_id.map(|id| staff_name(app, id));
        let placed = match group.capacity {
            Some(cap) => format!("{}/{cap}", g.members),
            None => g.members.to_string(),
        };
        let mut spans = vec![Span::raw(format!(
            " {:<13} {:<8} ",
            fit(&group.label, 13),
            period
        ))];
        match leader {
            Some(name) if flags::leader_taken(app, group.id) => spans.push(Span::styled(
                format!("{:<22}", format!("{} !", fit(&name, 20))),
                theme.error(),
            )),
            Some(name) => spans.push(Span::raw(format!("{:<22}", fit(&name, 22)))),
            None => spans.push(Span::styled(
                format!("{:<22}", "sans animateur"),
                theme.error(),
            )),
        }
        let over = group.is_over_capacity(g.members);
        spans.push(Span::styled(
            format!(" {:>9}", if over { format!("{placed} !") } else { placed }),
            if over { theme.error() } else { theme.text() },
        ));
        if g.sessions == 0 {
            spans.push(Span::styled(
                format!(" {:>13}", "aucune séance"),
                theme.error(),
            ));
        } else {
            spans.push(Span::raw(format!(
                " {:>13}",
                format!("{}/{}", g.held, g.sessions)
            )));
        }
        let clashing = flags::clashing_members(app, group.id);
        if clashing > 0 {
            spans.push(Span::styled(
                format!(" {:>8}", format!("{clashing} !")),
                theme.error(),
            ));
        }
        Line::from(spans)
    };
    (
        header,
        len,
        Box::new(row),
        "Aucun groupe pour ce module cette année.",
    )
}

fn group<'a>(view: &View<'a>) -> LazyRows<'a> {
    let app = view.app;
    let theme = view.theme;
    let items = app.planner.group_items(app);
    let members = items
        .iter()
        .filter(|i| matches!(i, GroupItem::Member(_)))
        .count();
    // The group's own hours, planned and delivered (cancelled sessions left out).
    let hours = app
        .planner
        .group
        .map(|g| Hours::of(app.planner.data.sessions_of(g)))
        .unwrap_or_default();
    let header = Line::from(format!(
        " {members} élève(s) · séances : {} prévues, {} faites · Entrée : appel",
        hours_label(hours.planned),
        hours_label(hours.delivered)
    ));
    let len = items.len();
    let row = move |i: usize| match &items[i] {
        GroupItem::Member(m) => {
            let mut spans = vec![Span::raw(format!(
                " {:<30} depuis le {}",
                fit(&student_name(app, m.student_id), 30),
                m.from_date.format("%d/%m/%Y")
            ))];
            // In full on the line under the list when the cursor is on it.
            if let Some(flags) = flags::member_flags(app, m) {
                spans.push(Span::styled(
                    format!("  {}", fit(&flags, 24)),
                    theme.error(),
                ));
            }
            Line::from(spans)
        }
        GroupItem::Session(s) => {
            let status = match s.status {
                SessionStatus::Cancelled => match &s.cancel_reason {
                    Some(reason) => format!("annulée : {reason}"),
                    None => "annulée".to_string(),
                },
                // Past and still without its roll: say what is left to do.
                SessionStatus::Planned if s.date < app.today => "appel à faire".to_string(),
                SessionStatus::Planned if s.date == app.today => "aujourd'hui".to_string(),
                status => status.label().to_string(),
            };
            let style = match s.status {
                SessionStatus::Cancelled => theme.dim(),
                SessionStatus::Held => theme.ok(),
                SessionStatus::Planned if s.date < app.today => theme.warning(),
                SessionStatus::Planned => theme.text(),
            };
            Line::from(vec![
                Span::styled(" séance ", theme.dim()),
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
    (
        header,
        len,
        Box::new(row),
        "Ni élève ni séance dans ce groupe.",
    )
}

fn roll<'a>(view: &View<'a>) -> LazyRows<'a> {
    let app = view.app;
    let Some(roll) = app.planner.roll.as_ref() else {
        return eager((Line::from(""), Vec::new(), "Pas d'appel ouvert."));
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
    let row = move |i: usize| {
        let line = &roll.lines[i];
        // `saved` may be shorter after a colleague's roll: a missing mark is none.
        let saved = &roll.saved.get(i).copied().flatten();
        let mark = match line.mark {
            Some(m) => format!("[{}] {}", m.key(), m.label()),
            None => "[ ] —".to_string(),
        };
        // Changed here; and, when recorded otherwise, what the base holds.
        let changed = match saved {
            Some(base) if line.mark != *saved => format!(" * (base : {})", base.label()),
            _ if line.mark != *saved => " *".to_string(),
            _ => String::new(),
        };
        Line::from(format!(
            " {:<36} {mark}{changed}",
            fit(&student_name(app, line.student_id), 36)
        ))
    };
    (
        header,
        roll.lines.len(),
        Box::new(row),
        "Personne dans ce groupe ce jour-là.",
    )
}
