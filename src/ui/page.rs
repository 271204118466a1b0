//! Student page: the whole parcours of one student, sensitive parts masked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

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

/// The student's banner: name, section, year, phase (one line of 80 columns,
/// kept on top of the page while it scrolls).
pub fn banner(row: &StudentRow) -> String {
    let exited = if row.student.has_exited() {
        " · SORTI"
    } else {
        ""
    };
    format!(
        " {} — {} — {} — {}{exited} ",
        row.student.display_name(),
        row.section_code,
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
    let mut out = vec![Line::styled(banner(row), theme.banner()), Line::raw("")];
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
    if let Some(next) = s.next_checkin_date {
        out.push(field(theme, "Prochain point d'étape", date(Some(next))));
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
                "{} · cause : {} · destination : {} · orienté(e) vers : {}",
                date(s.exit_date),
                s.exit_cause.map_or("—", Label::label),
                s.exit_destination.map_or("—", Label::label),
                s.exit_referral.map_or("—", Label::label)
            ),
        ));
        if let Some(note) = &s.exit_note {
            out.push(field(theme, "Note de sortie", note.clone()));
        }
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
    let mut lines = lines(view.app, view.theme);
    // The banner (name, section, phase) stays on top while the rest scrolls.
    let [top, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
    ]));
    let banner = if view.app.current.is_some() && !lines.is_empty() {
        lines.remove(0)
    } else {
        Line::raw("")
    };
    Paragraph::new(banner).render(top, buf);
    let width = body.width as usize;
    let wrapped: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| wrap_hanging(line, width))
        .collect();
    let max = (wrapped.len() as u16).saturating_sub(body.height / 2);
    Paragraph::new(wrapped)
        .scroll((view.app.page_scroll.min(max), 0))
        .render(body, buf);
}

/// Wraps a line at `width` by words; the following lines start two columns
/// further in than the first one's text, so that a long value stays under its label.
/// Line breaks inside the text start a new line at the same indent.
pub fn wrap_hanging(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(8);
    let style = line.style;
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let indent = (lead + 2).min(width / 2);
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    // Columns used on the current line, and whether it holds no word yet.
    let (mut used, mut fresh) = (0, true);
    let new_line = |out: &mut Vec<Vec<Span<'static>>>| {
        out.push(vec![Span::raw(" ".repeat(indent))]);
        (indent, true)
    };
    for span in &line.spans {
        for (k, part) in span.content.split('\n').enumerate() {
            if k > 0 {
                (used, fresh) = new_line(&mut out);
            }
            for word in part.split_inclusive(' ') {
                let fits = |used: usize, w: &str| used + w.trim_end().width() <= width;
                let mut word = word.to_string();
                if !fits(used, &word) && !fresh {
                    (used, fresh) = new_line(&mut out);
                    word = word.trim_start().to_string();
                }
                // A word longer than the line is cut.
                while !fits(used, &word) {
                    let room = width.saturating_sub(used).max(1);
                    let cut: String = word.chars().take(room).collect();
                    let rest: String = word.chars().skip(room).collect();
                    if let Some(last) = out.last_mut() {
                        last.push(Span::styled(cut, span.style));
                    }
                    (used, fresh) = new_line(&mut out);
                    word = rest;
                }
                if word.trim().is_empty() && fresh && out.len() > 1 {
                    continue;
                }
                used += word.width();
                fresh = fresh && word.trim().is_empty();
                if let Some(last) = out.last_mut() {
                    last.push(Span::styled(word, span.style));
                }
            }
        }
    }
    out.into_iter()
        .map(|mut spans| {
            let several = spans.len() > 1;
            if let Some(last) = spans.last_mut()
                && last.content.ends_with(' ')
                && several
            {
                last.content = last.content.trim_end().to_string().into();
            }
            Line::from(spans).style(style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap_hanging;
    use ratatui::text::{Line, Span};

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wrapped_lines_keep_their_indent() {
        let line = Line::from(vec![
            Span::raw("  Engagements : "),
            Span::raw("Suivre avec assiduité les modules choisis.\nVoir la Psy-EN."),
        ]);
        let lines = texts(&wrap_hanging(line, 30));
        assert_eq!(
            lines,
            [
                "  Engagements : Suivre avec",
                "    assiduité les modules",
                "    choisis.",
                "    Voir la Psy-EN.",
            ]
        );
        let long = Line::raw("  x : abcdefghijklmnopqrstuvwxyz0123456789");
        for l in texts(&wrap_hanging(long, 20)) {
            assert!(l.chars().count() <= 20, "{l}");
            assert!(l.starts_with("  "), "{l}");
        }
    }
}
