//! The planner's levels in colour at 80×24: the text, then the styled runs, so
//! that what colour says (flags in red, held sessions in green, the cursor) is
//! kept as well as the words that say the same without colour.

mod common;

use common::*;
use passerelle::app::planner::{GroupItem, Level};
use passerelle::app::{Action, App, Screen};
use passerelle::store::NewGroup;

macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render_colour(&$app, 80, 24);
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// The demo with, in the first module, an extra group with neither leader nor
/// session and one place for two students (three flags on one row).
fn flagged_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    let module = app.planner.data.modules[0].hours.module_id;
    let year = app.planner.data.year.clone();
    let students: Vec<i64> = app
        .data
        .students
        .iter()
        .take(2)
        .map(|r| r.student.id)
        .collect();
    let today = app.today;
    app.store
        .write("groupe vide", |w| {
            let group = w.create_group(&NewGroup {
                module_id: module,
                school_year: year,
                period: Some(2),
                label: "Groupe Z".into(),
                leader_id: None,
                capacity: Some(1),
                place: None,
                establishment_id: None,
            })?;
            for student in &students {
                w.place_in_group(group, *student, today)?;
            }
            Ok(())
        })
        .expect("group");
    app.update(Action::Refresh);
    app.load_planner();
    app
}

#[test]
fn every_level_in_colour() {
    let mut app = flagged_app();
    snap!("planner_colour_modules", app);
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Groups);
    snap!("planner_colour_groups", app);
    // The first group with sessions held: its roster and sessions, then a roll.
    let pos = app
        .planner
        .groups()
        .iter()
        .position(|g| g.held > 0)
        .expect("a group with a session held");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Group);
    snap!("planner_colour_group", app);
    let items = app.planner.group_items(&app);
    let held = items
        .iter()
        .position(|i| matches!(i, GroupItem::Session(s) if s.date <= app.today))
        .expect("a past session");
    for _ in 0..held {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Roll, "{:?}", app.message);
    app.update(Action::Char('a'));
    snap!("planner_colour_roll", app);
}
