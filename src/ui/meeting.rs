//! Pré-conseil meeting mode: a banner naming the student, the diagnosis with the grid's
//! comments, the decisions, the ranked modules; the minutes; the past meetings.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Widget, Wrap};

use super::View;
use super::table::{Column, Table};
use crate::app::{App, MeetingFocus, MeetingView};
use crate::labels::Label;
use crate::model::text::pad;
use crate::model::{Domain, MeetingStudent, Student};
use crate::store::MeetingSummary;

/// Rows of the suggested modules strip (title included).
const SUGGESTED_ROWS: u16 = 4;

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    match app.meeting.view {
        MeetingView::Recap => return render_recap(view, area, buf),
        MeetingView::History => return render_history(view, area, buf),
        MeetingView::Student => {}
    }
    let theme = view.theme;
    let Some(row) = app
        .current
        .filter(|id| app.meeting.queue.contains(id))
        .and_then(|id| app.data.student(id))
    else {
        Paragraph::new(vec![
            Line::raw(""),
            Line::raw(" Aucun élève repéré n'attend de pré-conseil avec ce filtre."),
            Line::styled(
                " Marquez des élèves « repéré » dans la grille (F3, touche R), puis revenez ici.",
                theme.dim(),
            ),
            Line::styled(" H : les réunions passées.", theme.dim()),
        ])
        .render(area, buf);
        return;
    };
    let s = &row.student;
    let [banner, body, suggested] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(SUGGESTED_ROWS),
    ]));
    let exited = if s.has_exited() { " · SORTI" } else { "" };
    let text = format!(
        " Élève {}/{} : {} — {} {}{exited} ",
        app.cursor + 1,
        app.meeting.queue.len(),
        s.display_name(),
        row.section_code,
        row.school_year
    );
    Paragraph::new(Line::styled(
        pad(&text, area.width as usize),
        theme.banner(),
    ))
    .render(banner, buf);
    let [left, right] = body.layout(&Layout::horizontal([
        Constraint::Percentage(46),
        Constraint::Percentage(54),
    ]));
    Paragraph::new(diagnosis(view, s, left.width.saturating_sub(2) as usize))
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::RIGHT)
                .border_style(theme.dim())
                .padding(Padding::left(1)),
        )
        .render(left, buf);
    Paragraph::new(decisions(view, s))
        .wrap(Wrap { trim: false })
        .block(Block::default().padding(Padding::left(1)))
        .render(right, buf);
    render_suggested(view, s.id, suggested, buf);
}

/// What the diagnosis says: levels of 2 or more per domain, the difficulties with
/// their weight, the grid's comments (conditions de vie masked until `v`).
fn diagnosis<'a>(view: &View, s: &Student, width: usize) -> Vec<Line<'a>> {
    let app = view.app;
    let theme = view.theme;
    let masked = |domain: &Domain| domain.is_sensitive() && !app.reveal_sensitive;
    let mut lines = Vec::new();
    let cells = app.data.grid.get(&s.id);
    for domain in Domain::ALL {
        let marks: Vec<String> = app
            .data
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.domain == *domain)
            .filter_map(|(i, c)| {
                let level = cells
                    .and_then(|cells| cells.get(i).copied().flatten())
                    .and_then(|cell| cell.level)
                    .filter(|l| *l >= 2)?;
                Some(format!("{} {level}", c.label))
            })
            .collect();
        let text = if marks.is_empty() {
            "rien de marqué".to_string()
        } else if masked(domain) {
            format!("{} point(s) d'attention (v pour voir)", marks.len())
        } else {
            marks.join(", ")
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} : ", short_label(*domain)), theme.title()),
            Span::raw(text),
        ]));
    }
    let weights = app.data.difficulty_weights(s.id);
    let kinds: Vec<String> = weights
        .iter()
        .map(|(code, weight)| format!("{} ({weight})", app.data.difficulty_label(code)))
        .collect();
    lines.push(Line::from(vec![
        Span::styled("Difficultés (poids) : ", theme.title()),
        Span::raw(if kinds.is_empty() {
            "—".to_string()
        } else {
            kinds.join(", ")
        }),
    ]));
    let comments: Vec<(String, Option<String>)> = app
        .detail
        .as_ref()
        .filter(|d| d.student_id == s.id)
        .map(|d| {
            app.data
                .criteria
                .iter()
                .filter_map(|c| {
                    let comment = d
                        .grid
                        .iter()
                        .find(|g| g.criterion_id == c.id)?
                        .comment
                        .clone()?;
                    let shown = (!masked(&c.domain)).then(|| comment.replace('\n', " "));
                    Some((c.label.clone(), shown))
                })
                .collect()
        })
        .unwrap_or_default();
    if !comments.is_empty() {
        lines.push(Line::styled("Commentaires de la grille", theme.title()));
    }
    for (label, comment) in comments {
        // Two lines at most per comment: the next ones must stay on screen.
        let line = match comment {
            Some(text) => Line::raw(
                pad(&format!(" {label} : {text}"), 2 * width)
                    .trim_end()
                    .to_string(),
            ),
            None => Line::styled(format!(" {label} : (masqué)"), theme.dim()),
        };
        lines.push(line);
    }
    lines
}

/// A domain's name short enough to leave room for its marks on the same line.
fn short_label(domain: Domain) -> &'static str {
    match domain {
        Domain::ConditionsDeVie => "Conditions de vie",
        Domain::PerformancesScolaires => "Scolarité",
        Domain::ProjetFormation => "Projet",
    }
}

/// The decision fields, the focused one highlighted.
fn decisions<'a>(view: &View, s: &Student) -> Vec<Line<'a>> {
    let app = view.app;
    let theme = view.theme;
    let detail = app.detail.as_ref().filter(|d| d.student_id == s.id);
    let modules: Vec<String> = detail
        .map(|d| {
            d.enrolments
                .iter()
                .filter(|e| e.end_date.is_none())
                .filter_map(|e| app.data.module(e.module_id))
                .map(|m| format!("{} [{}]", m.name, m.module_type.label()))
                .collect()
        })
        .unwrap_or_default();
    let mut lines = Vec::new();
    for field in MeetingFocus::ALL {
        let style = if field == app.meeting.focus {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::styled(format!(" {} ", field.label()), style));
        let values: Vec<String> = match field {
            MeetingFocus::Proposal => vec![format!(
                "{}  (←→ ou o, a, r, n)",
                s.proposal.map_or("—", Label::label)
            )],
            MeetingFocus::Modules if modules.is_empty() => vec!["aucun (m pour ajouter)".into()],
            MeetingFocus::Modules => modules.clone(),
            MeetingFocus::Referent => vec![
                app.data
                    .staff_name(s.referent_id)
                    .unwrap_or_else(|| "— (f pour choisir)".into()),
            ],
            MeetingFocus::FirstCheckin => vec![
                s.first_checkin_date
                    .map_or("— (d pour la saisir)".into(), |d| {
                        d.format("%d/%m/%Y").to_string()
                    }),
            ],
            MeetingFocus::Commitments => vec![
                s.commitments
                    .clone()
                    .unwrap_or_else(|| "— (c pour écrire)".into()),
            ],
        };
        lines.extend(values.into_iter().map(|v| Line::raw(format!("  {v}"))));
    }
    lines
}

/// The best modules for the student's difficulties, and which ones each answers.
fn render_suggested(view: &View, student: i64, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        pad(
            " Modules suggérés, les mieux adaptés d'abord (m pour ajouter)",
            width,
        ),
        theme.title(),
    )];
    let ranked = app.data.ranked_modules(student);
    if ranked.is_empty() {
        lines.push(Line::styled(
            " — aucune difficulté retenue ni marquée dans la grille",
            theme.dim(),
        ));
    }
    let shown = usize::from(SUGGESTED_ROWS.saturating_sub(1));
    for (rank, m) in ranked.iter().take(shown).enumerate() {
        let Some(module) = app.data.module(m.module_id) else {
            continue;
        };
        let answers: Vec<&str> = m
            .answers
            .iter()
            .map(|c| app.data.difficulty_label(c))
            .collect();
        let running = app
            .data
            .running_modules
            .get(&student)
            .is_some_and(|ids| ids.contains(&module.id));
        let mark = if running { " ✓" } else { "" };
        let text = format!(
            " {}. {}{mark} — pour : {}",
            rank + 1,
            module.name,
            answers.join(", ")
        );
        lines.push(Line::styled(pad(&text, width), theme.warning()));
    }
    Paragraph::new(lines).render(area, buf);
}

/// The minutes: every student recorded, with every decision.
fn render_recap(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    let minutes = &app.meeting.minutes;
    let mut lines = Vec::new();
    let title = match &minutes.meeting {
        Some(m) => format!(
            " Réunion de pré-conseil du {}{}",
            m.held_on.format("%d/%m/%Y"),
            m.school_year
                .as_deref()
                .map(|y| format!(" ({y})"))
                .unwrap_or_default()
        ),
        None => " Réunion de pré-conseil en cours".to_string(),
    };
    lines.push(Line::styled(title, theme.title()));
    let attendees = minutes
        .meeting
        .as_ref()
        .and_then(|m| m.attendees.clone())
        .unwrap_or_else(|| "— (P pour les saisir)".into());
    lines.push(Line::from(vec![
        Span::styled(" Participants : ", theme.dim()),
        Span::raw(attendees),
    ]));
    for seen in &minutes.students {
        lines.push(Line::raw(""));
        lines.extend(student_minutes(app, view, seen));
    }
    lines.push(Line::raw(""));
    let discussed = minutes.students.len();
    let footer = if app.meeting.recap_from_history {
        format!(" {discussed} élève(s) vu(s) dans cette réunion.")
    } else {
        let waiting = app
            .meeting
            .queue
            .iter()
            .filter(|id| !minutes.students.iter().any(|s| s.student_id == **id))
            .count();
        format!(" {discussed} élève(s) vu(s) dans cette réunion, {waiting} pas encore vu(s).")
    };
    lines.push(Line::styled(footer, theme.dim()));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.meeting.scroll, 0))
        .render(area, buf);
}

/// One student's block in the minutes.
fn student_minutes<'a>(app: &App, view: &View, seen: &MeetingStudent) -> Vec<Line<'a>> {
    let theme = view.theme;
    let name = app.data.student(seen.student_id).map_or_else(
        || format!("élève n° {}", seen.student_id),
        |r| r.student.display_name(),
    );
    let decision = seen.proposal.map_or("—", Label::label);
    let referent = app
        .data
        .staff_name(seen.referent_id)
        .unwrap_or_else(|| "—".into());
    let checkin = seen
        .first_checkin_date
        .map_or("—".into(), |d| d.format("%d/%m/%Y").to_string());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" {name}"), theme.title()),
            Span::raw(format!(" — {decision}")),
        ]),
        Line::raw(format!(
            "   Référent : {referent} · 1er point d'étape : {checkin}"
        )),
    ];
    if seen.modules.is_empty() {
        lines.push(Line::raw("   Modules : aucun"));
    }
    for id in &seen.modules {
        let text = match app.data.module(*id) {
            Some(m) => format!(
                "   Module : {} [{}] — {}",
                m.name,
                m.module_type.label(),
                m.period.as_deref().unwrap_or("période à fixer")
            ),
            None => format!("   Module n° {id}"),
        };
        lines.push(Line::raw(text));
    }
    let commitments = seen.commitments.as_deref().unwrap_or("—");
    for (i, line) in commitments.lines().enumerate() {
        let head = if i == 0 { "   Engagements : " } else { "     " };
        lines.push(Line::raw(format!("{head}{line}")));
    }
    lines
}

/// The meetings kept in the database, newest first.
fn render_history(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    let columns = vec![
        Column::new("Date", 12, |s: &MeetingSummary| {
            s.meeting.held_on.format("%d/%m/%Y").to_string()
        }),
        Column::new("Élèves", 8, |s: &MeetingSummary| s.students.to_string()),
        // The number `passerelle print recap N` takes.
        Column::new("N°", 5, |s: &MeetingSummary| s.meeting.id.to_string()),
        Column::fill("Participants", |s: &MeetingSummary| {
            s.meeting.attendees.as_deref().unwrap_or("—").to_string()
        }),
    ];
    let meetings = Table::new(area.width as usize, columns);
    let mut lines = vec![
        Line::styled(" Réunions de pré-conseil enregistrées", theme.title()),
        meetings.header().style(theme.dim()),
    ];
    if app.meeting.history.is_empty() {
        lines.push(Line::styled(" Aucune réunion enregistrée.", theme.dim()));
    }
    let height = usize::from(area.height.saturating_sub(2)).max(1);
    let first = app
        .meeting
        .history_cursor
        .saturating_sub(height.saturating_sub(1));
    for (i, summary) in app
        .meeting
        .history
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
    {
        let style = if i == app.meeting.history_cursor {
            theme.selected()
        } else {
            theme.text()
        };
        lines.push(meetings.row(summary).style(style));
    }
    Paragraph::new(lines).render(area, buf);
}
