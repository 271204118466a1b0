//! Header: the four phases with pending counts, the tabs, the filter and the user.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::View;
use crate::app::Screen;
use crate::labels::Label;
use crate::model::Phase;

/// Students still pending in each phase, within the filter's year and section.
pub fn pending_counts(view: &View) -> [usize; 4] {
    let app = view.app;
    let mut counts = [0; 4];
    for row in &app.data.students {
        if app
            .filter
            .year
            .as_ref()
            .is_some_and(|y| &row.school_year != y)
            || app.filter.section.is_some_and(|s| row.section_id != s)
            || !row.student.bac_pro
        {
            continue;
        }
        if row.student.is_pending(row.last_checkin, app.today) {
            let i = Phase::ALL
                .iter()
                .position(|p| *p == row.student.phase())
                .unwrap_or(0);
            counts[i] += 1;
        }
    }
    counts
}

fn tab_label(screen: Screen) -> (&'static str, &'static str) {
    match screen {
        Screen::Students => ("F2", "Élèves"),
        Screen::Grid => ("F3", "Repérage"),
        Screen::Meeting => ("F4", "Pré-conseil"),
        Screen::Suivi => ("F5", "Suivi"),
        Screen::Bilan => ("F6", "Bilan S2"),
        Screen::Welcome => ("", "Accueil"),
        Screen::StudentPage => ("", "Fiche"),
    }
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let app = view.app;
    let counts = app.memo_counts(|| pending_counts(view));
    let mut stepper = vec![Span::styled(" Passerelle ", theme.title())];
    for (i, phase) in Phase::ALL.iter().enumerate() {
        if i > 0 {
            stepper.push(Span::styled(" → ", theme.dim()));
        }
        let active = matches!(
            (app.screen, phase),
            (Screen::Grid, Phase::Reperage)
                | (Screen::Meeting, Phase::PreConseil)
                | (Screen::Suivi, Phase::Suivi)
                | (Screen::Bilan, Phase::BilanS2)
        );
        let style = if active { theme.active() } else { theme.text() };
        stepper.push(Span::styled(
            format!("{} {}", phase.label(), counts[i]),
            style,
        ));
    }
    let user = format!(" {} ", app.store.user());
    let used: usize = stepper.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + user.chars().count());
    stepper.push(Span::raw(" ".repeat(pad)));
    stepper.push(Span::styled(user, theme.dim()));

    let mut tabs = vec![Span::raw(" ")];
    for screen in Screen::TABS {
        let (key, label) = tab_label(screen);
        let current =
            app.screen == screen || (app.screen == Screen::StudentPage && app.back == screen);
        tabs.push(Span::styled(key, theme.key()));
        tabs.push(Span::styled(
            format!(" {label}"),
            if current {
                theme.active()
            } else {
                theme.text()
            },
        ));
        tabs.push(Span::raw("  "));
    }
    if app.screen == Screen::StudentPage {
        tabs.push(Span::styled("› Fiche élève", theme.active()));
    }
    let mut filter = Vec::new();
    if app.store.read_only().is_some() {
        // First on its line, so that it stays visible however narrow the terminal.
        filter.push(Span::styled(
            crate::labels::READ_ONLY_BANNER,
            theme.banner(),
        ));
    }
    filter.push(Span::styled(" Filtre : ", theme.dim()));
    filter.push(Span::raw(app.filter.describe(&app.data)));
    let filter = Line::from(filter);
    let lines = vec![Line::from(stepper), Line::from(tabs), filter];
    Paragraph::new(lines).render(area, buf);
}
