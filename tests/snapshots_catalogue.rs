//! Text snapshots of the catalogue tab of « Réglages » (F7) at 80×24, without
//! colours, from the deterministic demo: the three lists and the forms.

mod common;

use common::*;
use passerelle::app::setup::catalogue::module_rows;
use passerelle::app::{Action, App, Screen, SetupTab};

/// Snapshot of the app at 80×24.
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

/// The demo on the catalogue tab.
fn catalogue_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    while app.setup.tab != SetupTab::Catalogue {
        app.update(Action::NextPane);
    }
    app
}

#[test]
fn catalogue_modules_list_with_a_retired_module() {
    let mut app = catalogue_app();
    let pos = module_rows(&app)
        .iter()
        .position(|m| m.code == "demarches")
        .expect("demarches");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Char('r'));
    app.update(Action::Home);
    snap!("catalogue_modules", app);
}

#[test]
fn catalogue_criteria_and_difficulty_types_lists() {
    let mut app = catalogue_app();
    app.update(Action::Char('2'));
    snap!("catalogue_criteria", app);
    app.update(Action::Char('3'));
    app.update(Action::Down);
    app.update(Action::Down);
    snap!("catalogue_difficulty_types", app);
    app.update(Action::Confirm);
    app.update(Action::NextPane);
    app.update(Action::NextPane);
    snap!("catalogue_difficulty_form", app);
}

#[test]
fn catalogue_fiche_cadre_form_scrolls_with_the_focus() {
    let mut app = catalogue_app();
    app.update(Action::Down);
    app.update(Action::Confirm);
    snap!("catalogue_fiche_top", app);
    for _ in 0..3 {
        app.update(Action::NextPane);
    }
    snap!("catalogue_fiche_difficulties", app);
    for _ in 0..20 {
        app.update(Action::NextPane);
    }
    snap!("catalogue_fiche_bottom", app);
}
