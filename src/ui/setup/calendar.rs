//! Settings, calendar tab: the dates (editable), the periods P1…P5 and the
//! phase deadlines with where the cohort stands.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::setup::calendar::CalendarView;
use crate::model::calendar::{CalendarDate, CalendarOrigin, DeadlineKind, HolidayKind, source_of};
use crate::model::text::{fit, pad};
use crate::ui::{View, ViewState};

/// « mar. 01/09/2026 ».
fn day(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    format!(
        "{} {}",
        DAYS[date.weekday().num_days_from_monday() as usize],
        date.format("%d/%m/%Y")
    )
}

/// The row label of a date: the holiday's name on its first day, « au » on its last.
fn row_label(which: CalendarDate) -> String {
    let name = |kind: HolidayKind| match kind {
        HolidayKind::Toussaint => "Toussaint",
        HolidayKind::Noel => "Noël",
        HolidayKind::Hiver => "Hiver",
        HolidayKind::Printemps => "Printemps",
    };
    match which {
        CalendarDate::Rentree => format!("{} {}", pad("Rentrée", 14), pad("le", 4)),
        CalendarDate::FirstOff(kind) => format!("{} {}", pad(name(kind), 14), pad("du", 4)),
        CalendarDate::LastOff(_) => format!("{} {}", pad("", 14), pad("au", 4)),
        CalendarDate::End => format!("{} {}", pad("Été", 14), pad("dès", 4)),
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer, _state: &mut ViewState) {
    let app = view.app;
    let theme = view.theme;
    let width = area.width as usize;
    let Some(calendar_view) = app.calendar_view() else {
        Paragraph::new(Line::styled(
            " Aucun établissement : renseignez-le d'abord (onglet Établissement, Tab).",
            theme.dim(),
        ))
        .render(area, buf);
        return;
    };
    let CalendarView {
        establishment,
        calendar,
        origin,
    } = &calendar_view;
    let [head, columns, deadlines, foot] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(4),
        Constraint::Min(0),
    ]));
    let origin_text = match origin {
        CalendarOrigin::Stored(_) => "dates de l'équipe",
        CalendarOrigin::National => "calendrier national",
        CalendarOrigin::Estimated => "dates estimées : à vérifier",
    };
    let title = format!(
        " ‹ {} › {} (académie {}) · {} · {}",
        calendar.school_year,
        calendar.zone.label(),
        establishment.academie,
        origin_text,
        establishment.name,
    );
    Paragraph::new(Line::styled(fit(&title, width), theme.title())).render(head, buf);

    let [left, right] = columns.layout(&Layout::horizontal([
        Constraint::Length(36),
        Constraint::Min(20),
    ]));
    let cursor = app.setup.cursor().min(CalendarDate::ALL.len() - 1);
    let mut lines = vec![Line::styled(" Dates (Entrée : modifier)", theme.dim())];
    for (i, which) in CalendarDate::ALL.iter().enumerate() {
        let text = format!(" {}{}", row_label(*which), day(calendar.date(*which)));
        let line = Line::raw(pad(&text, 35));
        lines.push(if i == cursor {
            line.style(theme.selected())
        } else {
            line
        });
    }
    Paragraph::new(lines).render(left, buf);

    let right_width = right.width as usize;
    let mut lines = vec![Line::styled(" Périodes de cours", theme.dim())];
    for period in calendar.periods() {
        let weeks = period.weeks();
        let text = format!(
            " {} {} {}–{} {:>2} sem.",
            period.name(),
            pad(period.label(), 19),
            period.first_day.format("%d/%m"),
            period.last_day.format("%d/%m"),
            weeks
        );
        lines.push(Line::raw(fit(&text, right_width)));
    }
    let class_days = calendar.school_days(calendar.rentree, calendar.end).len();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(
            &format!(" {class_days} jours de classe (fériés déduits)"),
            right_width,
        ),
        theme.dim(),
    ));
    Paragraph::new(lines).render(right, buf);

    let pending = app.pending_counts(&calendar_view);
    let mut lines = vec![Line::styled(" Échéances du phasage", theme.dim())];
    for (deadline, n) in calendar.deadlines().iter().zip(pending) {
        let when = match deadline.kind {
            DeadlineKind::BilanS1 => format!(
                "fin janvier (avant le {})",
                deadline.before.format("%d/%m/%Y")
            ),
            _ => format!("avant le {}", deadline.before.format("%d/%m/%Y")),
        };
        let late = deadline.is_past(app.today) && n > 0;
        let status = match (n, late) {
            (0, _) => "rien en attente".to_string(),
            (n, true) => format!(
                "{n} élève{} {} : en retard",
                plural(n),
                deadline.kind.pending()
            ),
            (n, false) => format!("{n} élève{} {}", plural(n), deadline.kind.pending()),
        };
        let mut spans = vec![Span::raw(format!(" {} : {when} — ", deadline.kind.label()))];
        spans.push(Span::styled(
            status,
            if late { theme.warning() } else { theme.text() },
        ));
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(deadlines, buf);

    let source = match origin {
        CalendarOrigin::Stored(_) => "Modifié par l'équipe ; u annule.".to_string(),
        CalendarOrigin::National => format!(
            "Source : {}.",
            source_of(&calendar.school_year).unwrap_or_default()
        ),
        CalendarOrigin::Estimated => {
            "Année non publiée ou académie hors zone : corrigez chaque date.".to_string()
        }
    };
    let mut help = format!(" {source}");
    if app.data.establishments.len() > 1 {
        help.push_str(" e : établissement suivant.");
    }
    Paragraph::new(Line::styled(help, theme.dim()))
        .wrap(Wrap { trim: false })
        .render(foot, buf);
}
