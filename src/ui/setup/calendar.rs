//! Settings, calendar tab: the dates (editable), the periods P1…P5 and the
//! phase deadlines with where the cohort stands.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::setup::calendar::CalendarView;
use crate::model::calendar::{
    CalendarDate, CalendarOrigin, HolidayKind, due_text, french_day, source_of, standing,
};
use crate::model::text::{fit, pad};
use crate::ui::{View, ViewState};

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
        let text = format!(
            " {}{}",
            row_label(*which),
            french_day(calendar.date(*which))
        );
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
        let (status, late) = standing(deadline, n, app.today);
        lines.push(Line::from(vec![
            Span::raw(format!(
                " {} : {} — ",
                deadline.kind.label(),
                due_text(deadline)
            )),
            Span::styled(status, if late { theme.warning() } else { theme.text() }),
        ]));
    }
    Paragraph::new(lines).render(deadlines, buf);

    let source = match origin {
        CalendarOrigin::Stored(_) => {
            "Dates de l'équipe ; u annule, n revient aux dates par défaut.".to_string()
        }
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
