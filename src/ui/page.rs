//! Student page: the whole parcours of one student, sensitive parts masked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, View};
use crate::app::App;
use crate::labels::{Label, level_label};
use crate::model::*;
use crate::store::StudentRow;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| d.format("%d/%m/%Y").to_string())
}

fn field(theme: Theme, name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {name} : "), theme.dim()),
        Span::raw(value.into()),
    ])
}

fn heading(theme: Theme, text: &str) -> Line<'static> {
    Line::styled(format!("▌{text}"), theme.title())
}

/// The student's banner: name, section, year, phase.
pub fn banner(app: &App, row: &StudentRow) -> String {
    let section = app.data.sections.iter().find(|s| s.id == row.section_id);
    let section_name = section.map_or(row.section_code.clone(), |s| {
        format!("{} ({})", s.name, s.code)
    });
    let exited = if row.student.has_exited() {
        " · SORTI"
    } else {
        ""
    };
    format!(
        " {} — {} — {} — {}{exited} ",
        row.student.display_name(),
        section_name,
        row.school_year,
        row.student.phase().label()
    )
}

/// Every line of the page.
pub fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let Some(row) = app.current.and_then(|id| app.data.student(id)) else {
        return vec![Line::raw("Aucun élève sélectionné.")];
    };
    let s = &row.student;
    let mut out = vec![
        Line::styled(banner(app, row), theme.banner()),
        Line::raw(""),
    ];
    out.push(heading(theme, "Identité"));
    out.push(field(
        theme,
        "INE",
        s.ine.clone().unwrap_or_else(|| "—".into()),
    ));
    out.push(field(theme, "Né(e) le", date(s.birth_date)));
    let origin = if s.bac_pro {
        format!(
            "bac pro {}",
            s.bac_pro_specialty
                .clone()
                .unwrap_or_else(|| "(spécialité ?)".into())
        )
    } else {
        "hors bac pro".into()
    };
    out.push(field(
        theme,
        "Origine",
        format!(
            "{origin} · {}",
            s.origin_lycee.clone().unwrap_or_else(|| "lycée ?".into())
        ),
    ));
    out.push(field(
        theme,
        "Statut",
        format!(
            "{} · Parcoursup : {} · parcours différencié : {}",
            s.schooling.label(),
            s.parcoursup_rank
                .map_or("—".into(), |r| format!("rang {r}")),
            s.parcours_differencie.map_or("—", Label::label)
        ),
    ));
    out.push(Line::raw(""));
    out.extend(grid_lines(app, theme));
    out.push(Line::raw(""));
    out.push(heading(theme, "Pré-conseil et feuille de route"));
    out.push(field(
        theme,
        "Proposition",
        format!(
            "{} (pré-conseil : {})",
            s.proposal.map_or("—", Label::label),
            date(s.pre_conseil_date)
        ),
    ));
    out.push(field(
        theme,
        "Référent",
        app.data
            .staff_name(s.referent_id)
            .unwrap_or_else(|| "—".into()),
    ));
    out.push(field(
        theme,
        "1er point d'étape",
        date(s.first_checkin_date),
    ));
    let detail = app.detail.as_ref().filter(|d| d.student_id == s.id);
    let enrolments = detail.map(|d| d.enrolments.as_slice()).unwrap_or_default();
    if enrolments.is_empty() {
        out.push(field(theme, "Modules", "aucun"));
    }
    for e in enrolments {
        let module = app.data.module(e.module_id);
        let name = module.map_or("?".to_string(), |m| {
            format!("{} [{}]", m.name, m.module_type.label())
        });
        let period = match e.end_date {
            Some(end) => format!("du {} au {}", date(Some(e.start_date)), date(Some(end))),
            None => format!("depuis le {}", date(Some(e.start_date))),
        };
        out.push(field(theme, "Module", format!("{name} — {period}")));
    }
    out.push(field(
        theme,
        "Engagements",
        s.commitments.clone().unwrap_or_else(|| "—".into()),
    ));
    out.push(Line::raw(""));
    out.push(heading(theme, "Suivi"));
    let checkins = detail.map(|d| d.checkins.as_slice()).unwrap_or_default();
    if checkins.is_empty() {
        out.push(Line::styled("  Aucun point d'étape.", theme.dim()));
    }
    for c in checkins {
        let facts = crate::labels::checkin_facts(c);
        out.push(Line::from(vec![
            Span::styled(format!("  {} ", date(Some(c.date))), theme.title()),
            Span::raw(facts.join(" · ")),
        ]));
        if let Some(note) = &c.note {
            out.push(Line::raw(format!("     {note}")));
        }
    }
    if s.checkin_overdue(row.last_checkin, app.today) {
        out.push(Line::styled(
            "  ⚠ Point d'étape en retard (plus de 4 semaines).",
            theme.warning(),
        ));
    }
    out.push(field(
        theme,
        "Bilan S1",
        match (&s.bilan_s1, s.bilan_s1_date) {
            (Some(text), d) => format!("{} — {text}", date(d)),
            _ => "—".into(),
        },
    ));
    out.push(Line::raw(""));
    out.push(heading(theme, "Fin d'année"));
    out.push(field(
        theme,
        "Décision S2",
        format!(
            "{} ({})",
            s.decision_s2.map_or("—", Label::label),
            date(s.decision_s2_date)
        ),
    ));
    if s.has_exited() {
        out.push(field(
            theme,
            "Sortie",
            format!(
                "{} · cause : {} · destination : {}",
                date(s.exit_date),
                s.exit_cause.map_or("—", Label::label),
                s.exit_destination.map_or("—", Label::label)
            ),
        ));
    }
    out.push(field(theme, "Diplôme", s.diploma.map_or("—", Label::label)));
    out.push(Line::raw(""));
    out.push(heading(theme, "Historique des modifications"));
    for entry in detail
        .map(|d| d.journal.as_slice())
        .unwrap_or_default()
        .iter()
        .take(30)
    {
        let when = crate::labels::timestamp_label(&entry.at);
        let change = match (&entry.field, entry.sensitive) {
            (_, true) => "donnée sensible modifiée".to_string(),
            (Some(field), false) => format!(
                "{} : {} → {}",
                crate::labels::field_label(field),
                crate::labels::journal_value(field, entry.old_value.as_deref()),
                crate::labels::journal_value(field, entry.new_value.as_deref())
            ),
            (None, false) => format!("{} ({})", entry.op, entry.entity),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {when} {} ", entry.user), theme.dim()),
            Span::raw(format!("{} — {change}", entry.label)),
        ]));
    }
    out
}

/// The repérage part: levels by domain, verdict, difficulty types, life notes.
fn grid_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let Some(row) = app.current.and_then(|id| app.data.student(id)) else {
        return Vec::new();
    };
    let s = &row.student;
    let mut out = vec![heading(theme, "Repérage")];
    let cells = app.data.grid.get(&s.id);
    for domain in Domain::ALL {
        let assessed: Vec<(String, Option<u8>)> = app
            .data
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.domain == *domain)
            .filter_map(|(i, c)| {
                cells
                    .and_then(|cells| cells[i])
                    .map(|cell| (c.label.clone(), cell.level))
            })
            .collect();
        let text = if assessed.is_empty() {
            "non renseigné".to_string()
        } else if domain.is_sensitive() && !app.reveal_sensitive {
            format!(
                "{} critère(s) renseigné(s) — masqué (v pour afficher)",
                assessed.len()
            )
        } else {
            assessed
                .iter()
                .map(|(label, level)| {
                    format!("{label} {}", level.map_or("?".into(), |l| l.to_string()))
                })
                .collect::<Vec<_>>()
                .join(" · ")
        };
        out.push(field(theme, domain.label(), text));
    }
    if let Some(detail) = app.detail.as_ref().filter(|d| d.student_id == s.id) {
        for value in detail.grid.iter().filter(|v| v.comment.is_some()) {
            let crit = app
                .data
                .criteria
                .iter()
                .find(|c| c.id == value.criterion_id);
            if let (Some(crit), Some(comment)) = (crit, &value.comment)
                && (!crit.domain.is_sensitive() || app.reveal_sensitive)
            {
                {
                    out.push(field(
                        theme,
                        &format!("  {} ({})", crit.label, level_label(value.level)),
                        comment.clone(),
                    ));
                }
            }
        }
        if app.reveal_sensitive {
            for note in &detail.life_notes {
                out.push(field(
                    theme,
                    &format!("  {}", note.area.label()),
                    note.note.clone(),
                ));
            }
        } else if !detail.life_notes.is_empty() {
            out.push(Line::styled(
                "  Notes sur les conditions de vie : masquées (v pour afficher).",
                theme.dim(),
            ));
        }
    }
    let kinds: Vec<&str> = s
        .difficulties
        .iter()
        .map(|c| app.data.difficulty_label(c))
        .collect();
    out.push(field(
        theme,
        "Verdict",
        s.verdict.map_or("—", Label::label).to_string(),
    ));
    out.push(field(
        theme,
        "Difficultés",
        if kinds.is_empty() {
            "—".into()
        } else {
            kinds.join(", ")
        },
    ));
    out
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let lines = lines(view.app, view.theme);
    let max = (lines.len() as u16).saturating_sub(area.height / 2);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((view.app.page_scroll.min(max), 0))
        .render(area, buf);
}
