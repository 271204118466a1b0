//! Pré-conseil meeting mode: a banner naming the student, the grid summary, the decisions.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::View;
use super::list::fit;
use crate::app::MeetingField;
use crate::labels::Label;
use crate::model::Domain;

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    if app.meeting_recap {
        return render_recap(view, area, buf);
    }
    let Some(row) = app
        .current
        .filter(|id| app.meeting_queue.contains(id))
        .and_then(|id| app.data.student(id))
    else {
        Paragraph::new(vec![
            Line::raw(""),
            Line::raw(" Aucun élève repéré n'attend de pré-conseil avec ce filtre."),
            Line::styled(
                " Marquez des élèves « repéré » dans la grille (F3, touche R), puis revenez ici.",
                theme.dim(),
            ),
        ])
        .render(area, buf);
        return;
    };
    let s = &row.student;
    let [banner, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
    ]));
    let exited = if s.has_exited() { " · SORTI" } else { "" };
    let text = format!(
        " Élève {}/{} : {} — {} {}{exited} ",
        app.cursor + 1,
        app.meeting_queue.len(),
        s.display_name(),
        row.section_code,
        row.school_year
    );
    Paragraph::new(Line::styled(
        fit(&text, area.width as usize),
        theme.banner(),
    ))
    .render(banner, buf);
    let [left, right] = body.layout(&Layout::horizontal([
        Constraint::Percentage(42),
        Constraint::Percentage(58),
    ]));

    // Left: what the diagnosis says.
    let mut lines = Vec::new();
    let cells = app.data.grid.get(&s.id);
    for domain in Domain::ALL {
        let mut marks: Vec<String> = Vec::new();
        for (i, c) in app
            .data
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.domain == *domain)
        {
            if let Some(level) = cells
                .and_then(|cells| cells[i])
                .and_then(|c| c.level)
                .filter(|l| *l >= 2)
            {
                {
                    marks.push(if domain.is_sensitive() && !app.reveal_sensitive {
                        "•".into()
                    } else {
                        format!("{} {level}", c.label)
                    });
                }
            }
        }
        lines.push(Line::styled(domain.label(), theme.title()));
        let text = if marks.is_empty() {
            "rien de marqué".to_string()
        } else if domain.is_sensitive() && !app.reveal_sensitive {
            format!("{} point(s) d'attention (masqués)", marks.len())
        } else {
            marks.join(", ")
        };
        lines.push(Line::raw(format!(" {text}")));
    }
    let kinds: Vec<&str> = s
        .difficulties
        .iter()
        .map(|c| app.data.difficulty_label(c))
        .collect();
    lines.push(Line::styled("Difficultés retenues", theme.title()));
    lines.push(Line::raw(format!(
        " {}",
        if kinds.is_empty() {
            "—".into()
        } else {
            kinds.join(", ")
        }
    )));
    let suggestion = app.data.suggestion(s.id);
    let types: Vec<&str> = suggestion.module_types.iter().map(|t| t.label()).collect();
    lines.push(Line::styled("Modules suggérés", theme.title()));
    lines.push(Line::styled(
        format!(
            " {}",
            if types.is_empty() {
                "—".into()
            } else {
                types.join(", ")
            }
        ),
        theme.warning(),
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::RIGHT)
                .border_style(theme.dim())
                .padding(ratatui::widgets::Padding::left(1)),
        )
        .render(left, buf);

    // Right: the decisions, one field focused.
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
    for (i, field) in MeetingField::ALL.iter().enumerate() {
        let focused = i == app.meeting_field;
        let style = if focused {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::from(vec![Span::styled(
            format!(" {} ", field.label()),
            style,
        )]));
        let values: Vec<String> = match field {
            MeetingField::Proposal => vec![format!(
                "{}  (←→ ou o, a, r, n)",
                s.proposal.map_or("—", Label::label)
            )],
            MeetingField::Modules if modules.is_empty() => vec!["aucun (m pour ajouter)".into()],
            MeetingField::Modules => modules.clone(),
            MeetingField::Referent => vec![
                app.data
                    .staff_name(s.referent_id)
                    .unwrap_or_else(|| "— (f pour choisir)".into()),
            ],
            MeetingField::FirstCheckin => vec![
                s.first_checkin_date
                    .map_or("— (d pour la saisir)".into(), |d| {
                        d.format("%d/%m/%Y").to_string()
                    }),
            ],
            MeetingField::Commitments => vec![
                s.commitments
                    .clone()
                    .unwrap_or_else(|| "— (c pour écrire)".into()),
            ],
        };
        for value in values {
            lines.push(Line::raw(format!("  {value}")));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().padding(ratatui::widgets::Padding::left(1)))
        .render(right, buf);
}

fn render_recap(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = view.theme;
    let mut lines = vec![Line::styled(" Récapitulatif de la réunion", theme.title())];
    let width = area.width as usize;
    lines.push(Line::styled(
        format!(
            " {}{}{}{}",
            fit("Élève", 22),
            fit("Décision", 15),
            fit("Référent", 18),
            fit("Modules", width.saturating_sub(56))
        ),
        theme.dim(),
    ));
    let mut discussed = 0;
    for id in &app.meeting_discussed {
        let Some(row) = app.data.student(*id) else {
            continue;
        };
        let s = &row.student;
        discussed += 1;
        let modules = app.data.module_names(*id).join(", ");
        lines.push(Line::raw(format!(
            " {} {}{}{}",
            fit(&s.display_name(), 21),
            fit(s.proposal.map_or("—", Label::label), 15),
            fit(
                &app.data
                    .staff_name(s.referent_id)
                    .unwrap_or_else(|| "—".into()),
                18
            ),
            fit(&modules, width.saturating_sub(57))
        )));
    }
    let waiting = app
        .meeting_queue
        .iter()
        .filter(|id| !app.meeting_discussed.contains(id))
        .count();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {discussed} élève(s) vu(s) dans cette réunion, {waiting} pas encore vu(s)."),
        theme.dim(),
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.page_scroll, 0))
        .render(area, buf);
}
