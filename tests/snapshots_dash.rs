//! Text snapshots of the dashboard (F9) at 80×24 without colours: each page on
//! the demo (seed 1, 60 students, today 2026-11-23: mid-year, so the passage of
//! the newest cohort is « pas encore connu »), the list behind a figure, an
//! empty database, a narrow terminal.

mod common;

use common::*;
use passerelle::app::dash::DashPage;
use passerelle::app::{Action, App, Screen};

macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render(&$app, 80, 24);
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

fn dashboard() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Dashboard);
    app
}

fn to_page(app: &mut App, page: DashPage) {
    while app.dash.page != page {
        app.update(Action::Right);
    }
}

#[test]
fn summary_page() {
    snap!("dash_summary", dashboard());
}

#[test]
fn exits_by_cause_page() {
    let mut app = dashboard();
    to_page(&mut app, DashPage::Causes);
    snap!("dash_causes", app);
}

#[test]
fn exits_by_month_page() {
    let mut app = dashboard();
    app.update(Action::ClearDashFilters);
    to_page(&mut app, DashPage::Months);
    snap!("dash_months", app);
}

#[test]
fn passage_by_sector_page_mid_year() {
    let mut app = dashboard();
    to_page(&mut app, DashPage::Sectors);
    snap!("dash_sectors_mid_year", app);
}

#[test]
fn passage_by_sector_page_all_years() {
    let mut app = dashboard();
    app.update(Action::ClearDashFilters);
    to_page(&mut app, DashPage::Sectors);
    snap!("dash_sectors_all_years", app);
}

#[test]
fn years_side_by_side() {
    let mut app = dashboard();
    to_page(&mut app, DashPage::Years);
    snap!("dash_years", app);
}

#[test]
fn students_behind_a_figure() {
    let mut app = dashboard();
    press(&mut app, [Action::Down, Action::Confirm]);
    snap!("dash_drill_identified", app);
}

#[test]
fn empty_database_says_so() {
    let mut app = empty_app();
    app.update(Action::GoTo(Screen::Dashboard));
    assert_eq!(app.screen, Screen::Dashboard);
    snap!("dash_empty", app);
}

#[test]
fn narrow_terminal_then_back() {
    let mut app = dashboard();
    for page in DashPage::ALL {
        to_page(&mut app, page);
        // A resize to 60×16 and back must draw without panicking.
        let narrow = render(&app, 60, 16);
        assert!(narrow.contains(page.title()), "{narrow}");
        let _ = render(&app, 20, 5);
        let _ = render(&app, 80, 24);
    }
    to_page(&mut app, DashPage::Summary);
    let text = render(&app, 60, 16);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("dash_summary_60x16", text);
    });
}

#[test]
fn help_lists_the_dashboard_keys() {
    let mut app = dashboard();
    app.update(Action::Char('?'));
    snap!("dash_help", app);
}

#[test]
fn bars_that_do_not_fit_scroll_with_the_cursor() {
    let mut app = dashboard();
    app.update(Action::ClearDashFilters);
    to_page(&mut app, DashPage::Months);
    let months = app.dash.view.months.len();
    assert!(months > 6, "{months}");
    app.update(Action::End);
    let last = app.dash.view.months.last().expect("a month").label.clone();
    // 80×14: the body holds 6 bars.
    let text = render(&app, 80, 14);
    assert!(text.contains(&format!("▸ {last}")), "{text}");
    assert!(text.contains(&format!("sur {months}, ↑↓")), "{text}");
    app.update(Action::Home);
    let first = app.dash.view.months[0].label.clone();
    let text = render(&app, 80, 14);
    assert!(text.contains(&format!("▸ {first}")), "{text}");
    assert!(!text.contains(&last), "{text}");
}
