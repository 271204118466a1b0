//! Student page: the whole parcours of one student, sensitive parts masked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Theme, View};
use crate::app::App;
use crate::labels::{Label, level_label};
use crate::model::sheet::{
    ABSENT_TWICE, Assessment, DomainAssessment, HistoryChange, Sensitive, StudentSheet,
};

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
pub fn banner(sheet: &StudentSheet) -> String {
    let s = &sheet.student;
    let exited = if s.has_exited() { " · SORTI" } else { "" };
    let (section, year) = sheet.place.as_ref().map_or(("", ""), |p| {
        (p.section_code.as_str(), p.school_year.as_str())
    });
    format!(
        " {} — {section} — {year} — {}{exited} ",
        s.display_name(),
        s.phase().label()
    )
}

/// Every line of the page.
pub fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let Some(sheet) = app
        .sheet
        .as_ref()
        .filter(|s| Some(s.student.id) == app.current)
    else {
        return vec![Line::raw("Aucun élève sélectionné.")];
    };
    let s = &sheet.student;
    let mut out = vec![Line::styled(banner(sheet), theme.banner()), Line::raw("")];
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
    out.extend(grid_lines(sheet, theme));
    out.push(Line::raw(""));
    out.extend(plan_lines(sheet, theme));
    out.push(Line::raw(""));
    out.extend(follow_up_lines(sheet, theme));
    out.push(Line::raw(""));
    out.extend(end_of_year_lines(sheet, theme));
    out.push(Line::raw(""));
    out.push(heading(theme, "Historique des modifications"));
    for entry in sheet.history.iter().take(30) {
        let when = crate::labels::timestamp_label(&entry.at);
        let change = match &entry.change {
            _ if entry.sensitive => "donnée sensible modifiée".to_string(),
            HistoryChange::Edited { field, old, new } => format!("{field} : {old} → {new}"),
            HistoryChange::Added => format!("ajout : {}", entry.record),
            HistoryChange::Removed => format!("suppression : {}", entry.record),
            HistoryChange::Masked => "donnée sensible modifiée".to_string(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {when} {} ", entry.user), theme.dim()),
            Span::raw(format!("{} — {change}", entry.label)),
        ]));
    }
    out
}

/// Pré-conseil and feuille de route: proposal, référent, modules, commitments.
fn plan_lines(sheet: &StudentSheet, theme: Theme) -> Vec<Line<'static>> {
    let s = &sheet.student;
    let mut out = vec![heading(theme, "Pré-conseil et feuille de route")];
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
        sheet
            .referent
            .as_ref()
            .map_or_else(|| "—".into(), crate::labels::member_name),
    ));
    out.push(field(
        theme,
        "1er point d'étape",
        date(s.first_checkin_date),
    ));
    if sheet.modules.is_empty() {
        out.push(field(theme, "Modules", "aucun"));
    }
    for followed in &sheet.modules {
        let e = &followed.enrolment;
        let name = followed.module.as_ref().map_or("?".to_string(), |m| {
            format!("{} [{}]", m.name, m.kind_label())
        });
        let period = match e.end_date {
            Some(end) => format!("du {} au {}", date(Some(e.start_date)), date(Some(end))),
            None => format!("depuis le {}", date(Some(e.start_date))),
        };
        out.push(field(theme, "Module", format!("{name} — {period}")));
        for line in followed.attendance_lines() {
            out.push(Line::raw(format!("      {line}")));
        }
        if followed.attendance.as_ref().is_some_and(|a| a.absent_twice) {
            out.push(Line::styled(
                format!("      ⚠ {ABSENT_TWICE}."),
                theme.warning(),
            ));
        }
    }
    out.push(field(
        theme,
        "Engagements",
        s.commitments.clone().unwrap_or_else(|| "—".into()),
    ));
    out
}

/// Suivi: check-ins, next one, lateness, bilan of semester 1.
fn follow_up_lines(sheet: &StudentSheet, theme: Theme) -> Vec<Line<'static>> {
    let s = &sheet.student;
    let mut out = vec![heading(theme, "Suivi")];
    if sheet.checkins.is_empty() {
        out.push(Line::styled("  Aucun point d'étape.", theme.dim()));
    }
    for c in &sheet.checkins {
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
    if sheet.checkin_overdue {
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
    out
}

/// Fin d'année: decision, exit, diploma.
fn end_of_year_lines(sheet: &StudentSheet, theme: Theme) -> Vec<Line<'static>> {
    let s = &sheet.student;
    let mut out = vec![heading(theme, "Fin d'année")];
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
    out
}

/// The repérage part: levels by domain, verdict, difficulty types, life notes.
fn grid_lines(sheet: &StudentSheet, theme: Theme) -> Vec<Line<'static>> {
    let s = &sheet.student;
    let reperage = &sheet.reperage;
    let mut out = vec![heading(theme, "Repérage")];
    // The page shows the grid's columns: retired criteria stay in `show`'s history.
    let current = |d: &'_ DomainAssessment| -> Vec<Assessment> {
        d.cells.iter().filter(|c| !c.retired).cloned().collect()
    };
    for domain in &reperage.domains {
        let assessed = current(domain);
        let text = if assessed.is_empty() {
            "non renseigné".to_string()
        } else if domain.masked {
            format!(
                "{} critère(s) renseigné(s) — masqué (v pour afficher)",
                assessed.len()
            )
        } else {
            assessed
                .iter()
                .map(|c| {
                    let level = c.value.as_ref().and_then(|v| v.level);
                    format!(
                        "{} {}",
                        c.criterion,
                        level.map_or("?".into(), |l| l.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ")
        };
        out.push(field(theme, domain.domain.label(), text));
    }
    for cell in reperage.domains.iter().flat_map(current) {
        if let Some(value) = &cell.value
            && let Some(comment) = &value.comment
        {
            out.push(field(
                theme,
                &format!("  {} ({})", cell.criterion, level_label(value.level)),
                comment.clone(),
            ));
        }
    }
    if sheet.sensitive == Sensitive::Shown {
        for note in &reperage.life_notes {
            out.push(field(
                theme,
                &format!("  {}", note.area.label()),
                note.note.clone(),
            ));
        }
    } else if reperage.life_note_count > 0 {
        out.push(Line::styled(
            "  Notes sur les conditions de vie : masquées (v pour afficher).",
            theme.dim(),
        ));
    }
    let kinds: Vec<&str> = reperage
        .difficulties
        .iter()
        .map(|d| d.label.as_str())
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
    let banner = if view.app.sheet.is_some() && !lines.is_empty() {
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
        .scroll((view.app.page.scroll.min(max), 0))
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
