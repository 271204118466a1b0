//! Hours in the planner (F8) through `App::update`: a module's grant (add,
//! change, remove, undo, a colleague's change), the envelopes, the hours per
//! section; snapshots at 80×24.

mod common;

use common::*;
use passerelle::app::planner::Level;
use passerelle::app::{Action, App, Overlay, Screen};

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

/// The planner's modules level with the cursor on the module `code`.
fn on_module(app: &mut App, code: &str) -> i64 {
    go(app, Screen::Planner);
    app.update(Action::Home);
    let pos = app
        .planner
        .data
        .modules
        .iter()
        .position(|m| m.hours.code == code)
        .expect("module planned in the demo");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.planner.data.modules[pos].hours.module_id
}

fn granted(app: &App, module: i64) -> Option<f64> {
    app.planner
        .data
        .modules
        .iter()
        .find(|m| m.hours.module_id == module)
        .and_then(|m| m.hours.granted)
}

/// Types into the form's field `key` after clearing it.
fn fill(app: &mut App, key: &str, text: &str) {
    while form(app).focus > 0 {
        app.update(Action::Up);
    }
    while form(app).fields[form(app).focus].key != key {
        app.update(Action::Down);
    }
    clear_field(app);
    type_text(app, text);
}

#[test]
fn a_module_is_granted_hours_changed_then_undone() {
    let mut app = demo_app();
    let module = on_module(&mut app, "parrainage");
    // The demo's team granted its planned hours (5 h), rounded up to 6 h.
    assert_eq!(granted(&app, module), Some(6.0));
    app.update(Action::Char('h'));
    snap!("hours_grant_form", app);
    fill(&mut app, "hours", "12,5");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(granted(&app, module), Some(12.5));
    // Opened again: the hours as typed back, changed to 4 h (5 h planned: over).
    app.update(Action::Char('h'));
    assert_eq!(form(&app).get("hours"), "12,5");
    assert_eq!(form(&app).get("label"), "DHG");
    fill(&mut app, "hours", "4");
    app.update(Action::Save);
    assert_eq!(granted(&app, module), Some(4.0));
    let line = app
        .planner
        .data
        .modules
        .iter()
        .find(|m| m.hours.module_id == module)
        .expect("line");
    assert!(line.hours.over_budget());
    snap!("hours_modules_over_budget", app);
    // A bad number keeps the form open and says why; nothing written.
    app.update(Action::Char('h'));
    fill(&mut app, "hours", "douze");
    app.update(Action::Save);
    assert!(form(&app).error.as_deref().unwrap_or("").contains("douze"));
    app.update(Action::Cancel);
    app.update(Action::Undo);
    assert_eq!(granted(&app, module), Some(12.5));
    app.update(Action::Undo);
    assert_eq!(granted(&app, module), Some(6.0));
}

#[test]
fn an_empty_grant_removes_it_and_the_module_falls_back_on_its_fiche_cadre() {
    let mut app = demo_app();
    let module = on_module(&mut app, "tutorat");
    assert_eq!(granted(&app, module), Some(24.0));
    let fiche = app.data.module(module).and_then(|m| m.hours_granted);
    app.update(Action::Char('h'));
    assert_eq!(form(&app).get("hours"), "24");
    fill(&mut app, "hours", "");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(granted(&app, module), fiche);
    assert!(
        app.store
            .hours_grants("2026-2027")
            .expect("grants")
            .iter()
            .all(|g| g.module_id != Some(module))
    );
    app.update(Action::Undo);
    assert_eq!(granted(&app, module), Some(24.0));
}

#[test]
fn two_colleagues_granting_the_same_module_meet_the_conflict_dialog() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("a");
    let mut b = App::new(file_store(&path, "collegue"), today()).expect("b");
    let module = on_module(&mut a, "tutorat");
    on_module(&mut b, "tutorat");
    a.update(Action::Char('h'));
    b.update(Action::Char('h'));
    fill(&mut a, "hours", "30");
    a.update(Action::Save);
    // B saw 24 h and changes the hours without having seen A's 30 h.
    fill(&mut b, "hours", "20");
    b.update(Action::Save);
    assert!(
        matches!(b.overlay, Some(Overlay::Conflict(..))),
        "{:?}",
        b.message
    );
    // Esc keeps theirs.
    b.update(Action::Cancel);
    assert_eq!(granted(&b, module), Some(30.0));
    // B removing the grant A changed is refused too.
    let mut c = App::new(file_store(&path, "autre"), today()).expect("c");
    on_module(&mut c, "tutorat");
    c.update(Action::Char('h'));
    a.update(Action::Char('h'));
    fill(&mut a, "hours", "31");
    a.update(Action::Save);
    fill(&mut c, "hours", "");
    c.update(Action::Save);
    assert!(c.overlay.is_none());
    assert_eq!(granted(&c, module), Some(31.0), "{:?}", c.message);
}

#[test]
fn envelopes_are_added_edited_and_removed_from_their_list() {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    app.update(Action::Char('E'));
    assert_eq!(app.planner.level, Level::Envelopes);
    let envelopes = |app: &App| {
        app.planner
            .data
            .hours
            .envelopes
            .iter()
            .map(|g| (g.label.clone(), g.hours))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        envelopes(&app),
        vec![("Ambition BTS (projet académique)".into(), 40.0)]
    );
    app.update(Action::Char('+'));
    snap!("hours_envelope_form", app);
    fill(&mut app, "label", "Projet lecture");
    fill(&mut app, "hours", "6");
    app.update(Action::Save);
    assert_eq!(envelopes(&app).len(), 2, "{:?}", app.message);
    snap!("hours_envelopes", app);
    // Enter on it, 7,5 h.
    app.update(Action::End);
    app.update(Action::Confirm);
    fill(&mut app, "hours", "7,5");
    app.update(Action::Save);
    assert_eq!(envelopes(&app)[1], ("Projet lecture".into(), 7.5));
    // 0 removes it; x removes the other; undo brings it back.
    app.update(Action::Confirm);
    fill(&mut app, "hours", "0");
    app.update(Action::Save);
    assert_eq!(envelopes(&app).len(), 1);
    app.update(Action::Char('x'));
    assert!(envelopes(&app).is_empty());
    app.update(Action::Undo);
    assert_eq!(envelopes(&app).len(), 1);
    app.update(Action::Back);
    assert_eq!(app.planner.level, Level::Modules);
}

#[test]
fn the_hours_per_section_show_in_the_report_box() {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    app.update(Action::Char('S'));
    let Some(Overlay::Report(report)) = &app.overlay else {
        panic!("the report box should be open");
    };
    assert!(report.lines.iter().any(|l| l.starts_with("Section ")));
    snap!("hours_sections_report", app);
}

#[test]
fn every_hours_help_line_fits_the_help_box() {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    let mine = |action: &Action| {
        matches!(
            action,
            Action::GrantHours
                | Action::ShowEnvelopes
                | Action::ShowSectionHours
                | Action::AddEnvelope
                | Action::RemoveGrant
        )
    };
    let modules = passerelle::app::keys::bindings(&app);
    app.update(Action::Char('E'));
    let envelopes = passerelle::app::keys::bindings(&app);
    assert_eq!(modules.iter().filter(|b| mine(&b.action)).count(), 3);
    for binding in modules.iter().filter(|b| mine(&b.action)).chain(&envelopes) {
        assert!(
            binding.label.chars().count() <= 56,
            "« {} » is cut",
            binding.label
        );
    }
}
