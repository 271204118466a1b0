//! The dashboard (F9) driven through `App::update`: every figure's count equals
//! the list of its students, filters cycle and clear, Enter lists the students
//! behind a figure and leads to a student's page, Esc comes back where it was,
//! and a write shows in the figures.

mod common;

use common::*;
use passerelle::app::dash::{DashFilter, DashPage};
use passerelle::app::keys::Key;
use passerelle::app::{Action, App, Screen};
use passerelle::model::Verdict;

fn dashboard() -> App {
    let mut app = demo_app();
    app.update(Action::Key(Key::F(9)));
    assert_eq!(app.screen, Screen::Dashboard);
    app
}

/// Every figure of every page: its count is the number of students its
/// predicate selects within the filter.
fn assert_counts_are_lists(app: &App) {
    let view = &app.dash.view;
    assert!(view.error.is_none(), "{:?}", view.error);
    for page in DashPage::ALL {
        for figure in view.figures(page) {
            let listed = app
                .dash
                .data
                .students_of(&figure.pick, &app.dash.filter)
                .len();
            assert_eq!(
                figure.count, listed as u64,
                "{} on {:?} with {:?}",
                figure.label, page, app.dash.filter
            );
        }
    }
}

#[test]
fn every_figure_counts_the_students_it_lists() {
    let mut app = dashboard();
    assert_counts_are_lists(&app);
    app.update(Action::ClearDashFilters);
    assert!(app.dash.filter.is_empty());
    assert_counts_are_lists(&app);
    // Figures are not all zero, or the test would prove nothing.
    let counted: u64 = DashPage::ALL
        .iter()
        .flat_map(|p| app.dash.view.figures(*p))
        .map(|f| f.count)
        .sum();
    assert!(counted > 60, "{counted}");
    // Under each value of each filter.
    for which in [
        DashFilter::Year,
        DashFilter::Section,
        DashFilter::Sector,
        DashFilter::Establishment,
        DashFilter::Specialty,
    ] {
        app.update(Action::ClearDashFilters);
        loop {
            app.update(Action::DashFilter(which));
            if app.dash.filter.is_empty() {
                break;
            }
            assert_counts_are_lists(&app);
        }
    }
}

#[test]
fn filters_cycle_from_the_keys_and_x_clears_them() {
    let mut app = dashboard();
    // Opened on the year the other screens show.
    assert_eq!(app.dash.filter.year.as_deref(), Some("2026-2027"));
    let newest = app.dash.view.headlines[0].count;
    app.update(Action::Char('x'));
    assert!(app.dash.filter.is_empty());
    let all = app.dash.view.headlines[0].count;
    assert!(all > newest, "{all} > {newest}");
    app.update(Action::Char('t'));
    assert_eq!(app.dash.filter.sector.as_deref(), Some("production"));
    app.update(Action::Char('t'));
    assert_eq!(app.dash.filter.sector.as_deref(), Some("services"));
    app.update(Action::Char('s'));
    let section = app.dash.filter.section.clone().expect("a section");
    assert!(app.dash.filter_text().contains(&section));
    app.update(Action::Char('a'));
    assert!(app.dash.filter.year.is_some());
    app.update(Action::Char('x'));
    assert!(app.dash.filter.is_empty());
    assert_eq!(app.dash.view.headlines[0].count, all);
    // The lists' filter is left alone.
    assert_eq!(app.filter.year.as_deref(), Some("2026-2027"));
}

#[test]
fn enter_lists_the_students_then_opens_one_and_esc_comes_back() {
    let mut app = dashboard();
    press(&mut app, [Action::Down, Action::Down]);
    let figure = app.dash.figure().cloned().expect("a figure");
    assert_eq!(figure.label, "En parcours");
    app.update(Action::Confirm);
    let drill = app.dash.drill.clone().expect("the list is open");
    assert_eq!(drill.rows.len() as u64, figure.count);
    press(&mut app, [Action::Down, Action::Down]);
    let id = app.dash.drill.as_ref().expect("open").rows[2].0;
    app.update(Action::Confirm);
    assert_eq!(app.screen, Screen::StudentPage);
    assert_eq!(app.current, Some(id));
    assert!(app.sheet.is_some());
    // Esc: back to the list, where it was.
    app.update(Action::Cancel);
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(app.dash.drill.as_ref().map(|d| d.cursor), Some(2));
    // Esc again: the figures, cursor and page kept.
    app.update(Action::Cancel);
    assert!(app.dash.drill.is_none());
    assert_eq!(app.dash.cursor(), 2);
    assert_eq!(app.dash.page, DashPage::Summary);
}

#[test]
fn pages_turn_with_arrows_and_tab_and_the_years_page_has_no_list() {
    let mut app = dashboard();
    app.update(Action::Right);
    assert_eq!(app.dash.page, DashPage::Causes);
    app.update(Action::NextPane);
    assert_eq!(app.dash.page, DashPage::Months);
    app.update(Action::Left);
    app.update(Action::Left);
    app.update(Action::Left);
    assert_eq!(app.dash.page, DashPage::Years);
    app.update(Action::Confirm);
    assert!(app.dash.drill.is_none());
    assert!(app.message.is_some());
}

#[test]
fn a_write_and_its_undo_show_in_the_figures() {
    let mut app = dashboard();
    let identified = app.dash.view.headlines[1].count;
    go(&mut app, Screen::Grid);
    let id = app
        .rows()
        .into_iter()
        .find(|id| {
            app.data
                .student(*id)
                .is_some_and(|r| r.student.verdict != Some(Verdict::Repere))
        })
        .expect("a student not identified");
    select(&mut app, id);
    app.update(Action::SetVerdict(Some(Verdict::Repere)));
    app.update(Action::Key(Key::F(9)));
    assert_eq!(app.dash.view.headlines[1].count, identified + 1);
    assert_counts_are_lists(&app);
    app.update(Action::Char('u'));
    assert_eq!(app.dash.view.headlines[1].count, identified);
}
