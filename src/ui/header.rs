//! Header: students per phase, the tabs, the filter and the user.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::View;
use crate::app::PhaseCounts;
use crate::app::Screen;
use crate::labels::Label;
use crate::model::Phase;

/// Students in each phase (in [`Phase::ALL`] order) within the filter's year and
/// section: the same rule as `passerelle list --phase … --year … --section …`.
pub fn phase_counts(view: &View) -> PhaseCounts {
    let app = view.app;
    let mut counts = [0; Phase::ALL.len()];
    for row in &app.data.students {
        if app
            .filter
            .year
            .as_ref()
            .is_some_and(|y| &row.school_year != y)
            || app.filter.section.is_some_and(|s| row.section_id != s)
        {
            continue;
        }
        if let Some(i) = Phase::ALL.iter().position(|p| *p == row.student.phase()) {
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
        Screen::Setup => ("F7", "Réglages"),
        Screen::Planner => ("F8", "Modules"),
        Screen::Dashboard => ("F9", "Tableau de bord"),
        Screen::Welcome => ("", "Accueil"),
        Screen::StudentPage => ("", "Fiche"),
    }
}

/// The tab bar: every screen's key and name, the current one highlighted. When it
/// does not fit, the gaps narrow, then the other screens keep only their key.
fn tab_bar(view: &View, width: usize) -> Vec<Span<'static>> {
    let (app, theme) = (view.app, view.theme);
    let build = |gap: &'static str, names: bool| {
        let mut tabs = vec![Span::raw(" ")];
        for screen in Screen::TABS {
            let (key, label) = tab_label(screen);
            let current = app.screen == screen
                || (app.screen == Screen::StudentPage && app.page.back == screen);
            tabs.push(Span::styled(key, theme.key()));
            if names || current {
                tabs.push(Span::styled(
                    format!(" {label}"),
                    if current {
                        theme.active()
                    } else {
                        theme.text()
                    },
                ));
            }
            tabs.push(Span::raw(gap));
        }
        if app.screen == Screen::StudentPage {
            tabs.push(Span::styled("› Fiche élève", theme.active()));
        }
        tabs
    };
    let fits = |tabs: &Vec<Span>| tabs.iter().map(|s| s.width()).sum::<usize>() <= width;
    let wide = build("  ", true);
    if fits(&wide) {
        return wide;
    }
    let narrow = build(" ", true);
    if fits(&narrow) {
        return narrow;
    }
    build(" ", false)
}

/// The phases with their counts: what is counted is said first (« Élèves : »);
/// `long` spells out « hors parcours », else it is shortened to fit 80 columns.
/// Before the students are all read (the first frame), counts show as « … ».
fn stepper(view: &View, counts: Option<&PhaseCounts>, long: bool) -> Vec<Span<'static>> {
    let (app, theme) = (view.app, view.theme);
    let mut spans = vec![Span::styled(" Élèves : ", theme.title())];
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let separator = match phase {
            Phase::Reperage => "",
            Phase::HorsParcours => " · ",
            _ => " → ",
        };
        spans.push(Span::styled(separator, theme.dim()));
        let active = matches!(
            (app.screen, phase),
            (Screen::Grid, Phase::Reperage)
                | (Screen::Meeting, Phase::PreConseil)
                | (Screen::Suivi, Phase::Suivi)
                | (Screen::Bilan, Phase::BilanS2)
        );
        let style = if active { theme.active() } else { theme.text() };
        let label = match phase {
            Phase::HorsParcours if !long => "hors parc.",
            _ => phase.label(),
        };
        let count = counts.map_or_else(|| "…".to_string(), |c| c[i].to_string());
        spans.push(Span::styled(format!("{label} {count}"), style));
    }
    spans
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let app = view.app;
    let counts = (!app.is_loading()).then(|| app.memo_counts(|| phase_counts(view)));
    let stepper = stepper(view, counts.as_ref(), true);
    let wide: usize = stepper.iter().map(|s| s.width()).sum();
    let stepper = if wide > area.width as usize {
        self::stepper(view, counts.as_ref(), false)
    } else {
        stepper
    };
    let tabs = tab_bar(view, area.width as usize);
    let mut filter = Vec::new();
    if app.store.read_only().is_some() {
        // First on its line, so that it stays visible however narrow the terminal.
        filter.push(Span::styled(
            crate::labels::READ_ONLY_BANNER,
            theme.banner(),
        ));
    }
    if app.screen == Screen::Dashboard {
        // The dashboard has the command line's filters, not the lists' ones.
        filter.push(Span::styled(" Filtres : ", theme.dim()));
        filter.push(Span::raw(app.dash.filter_text()));
    } else {
        filter.push(Span::styled(" Filtre : ", theme.dim()));
        filter.push(Span::raw(app.filter.describe(&app.data)));
    }
    // Who signs the changes, on the right of the filter line when there is room.
    let user = format!(" {} ", app.store.user());
    let used: usize = filter.iter().map(|s| s.width()).sum();
    // A phase running late, before the user's name, only if both fit.
    let late = if app.is_loading() {
        None
    } else {
        app.memo_late(|| app.late_flag())
    };
    let late = late.and_then(|(kind, n)| {
        [
            format!("⚠ {} en retard ({n})", kind.short()),
            format!("⚠ retard ({n})"),
        ]
        .into_iter()
        .find(|flag| used + flag.width() + user.width() + 2 <= area.width as usize)
    });
    let used = match late {
        Some(flag) => {
            // One column is left for the space the user's name adds before itself.
            let pad = (area.width as usize).saturating_sub(used + flag.width() + user.width() + 1);
            filter.push(Span::raw(" ".repeat(pad)));
            filter.push(Span::styled(flag.clone(), theme.warning()));
            used + pad + flag.width()
        }
        None => used,
    };
    if let Some(pad) = (area.width as usize).checked_sub(used + user.width() + 1) {
        filter.push(Span::raw(" ".repeat(pad + 1)));
        filter.push(Span::styled(user, theme.dim()));
    }
    let filter = Line::from(filter);
    let lines = vec![Line::from(stepper), Line::from(tabs), filter];
    Paragraph::new(lines).render(area, buf);
}
