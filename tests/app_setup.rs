//! The « Réglages » screen: establishment and sections, driven through `App::update`.

mod common;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen, SetupTab};
use passerelle::store::Table;
use ratatui_textarea::Key;

fn setup_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    assert_eq!(app.setup.tab, SetupTab::Establishment);
    app
}

/// Puts the open form's focus on the field `key`.
fn focus_field(app: &mut App, key: &str) {
    while form(app).focus > 0 {
        app.update(Action::Up);
    }
    while form(app).fields[form(app).focus].key != key {
        app.update(Action::Down);
    }
}

fn replace(app: &mut App, key: &str, text: &str) {
    focus_field(app, key);
    for _ in 0..120 {
        app.update(input(Key::Backspace));
    }
    type_text(app, text);
}

#[test]
fn the_settings_screen_is_reachable_from_an_empty_base() {
    let mut app = empty_app();
    assert_eq!(app.screen, Screen::Welcome);
    go(&mut app, Screen::Setup);
    // No establishment yet: Enter opens the form to create one.
    app.update(Action::Confirm);
    assert_eq!(form(&app).title, "Nouvel établissement");
    replace(&mut app, "name", "Lycée Marie Curie");
    replace(&mut app, "uai", "0311234y");
    replace(&mut app, "academie", "toulouse");
    replace(&mut app, "city", "Albi");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let e = &app.data.establishments[0];
    assert_eq!(
        (e.name.as_str(), e.uai.as_str(), e.academie.as_str()),
        ("Lycée Marie Curie", "0311234Y", "Toulouse")
    );
    assert_eq!(e.city.as_deref(), Some("Albi"));
}

#[test]
fn a_wrong_uai_keeps_the_form_open_and_says_why() {
    let mut app = setup_app();
    app.update(Action::Confirm);
    replace(&mut app, "uai", "0311234A");
    replace(&mut app, "academie", "Atlantis");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("an error");
    assert!(error.contains("UAI") && error.contains('Y'), "{error}");
    assert!(error.contains("Académie"), "{error}");
    assert!(
        !error.contains("--"),
        "no command-line flag in the TUI: {error}"
    );
    app.update(Action::Cancel);
    assert_eq!(app.data.establishments[0].uai, "0319999A");
}

#[test]
fn editing_the_establishment_is_undoable() {
    let mut app = setup_app();
    let before = app.data.establishments[0].name.clone();
    app.update(Action::Confirm);
    replace(&mut app, "name", "Lycée des Métiers du Port");
    app.update(Action::Save);
    assert_eq!(app.data.establishments[0].name, "Lycée des Métiers du Port");
    app.update(Action::Char('u'));
    assert_eq!(app.data.establishments[0].name, before);
}

#[test]
fn a_section_is_added_renamed_and_its_code_stays_unique_in_the_establishment() {
    let mut app = setup_app();
    let sections = app.data.sections.len();
    let taken = app.data.sections[0].code.clone();
    app.update(Action::Char('s'));
    assert_eq!(form(&app).title, "Nouvelle section de BTS");
    replace(&mut app, "code", &taken.to_lowercase());
    replace(&mut app, "name", "BTS Doublon");
    focus_field(&mut app, "sector");
    app.update(Action::Char('1'));
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("duplicate refused");
    assert!(error.contains("existe déjà"), "{error}");
    replace(&mut app, "code", "ciel");
    replace(
        &mut app,
        "name",
        "BTS Cybersécurité, informatique et réseaux, électronique",
    );
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(app.data.sections.len(), sections + 1);
    let ciel = app
        .data
        .sections
        .iter()
        .find(|s| s.code == "CIEL")
        .expect("CIEL created");
    assert_eq!(ciel.sector, passerelle::model::Sector::Production);

    // Rename it from its row.
    let row = passerelle::app::setup::establishment::rows(&app)
        .iter()
        .position(|r| {
            *r == passerelle::app::setup::establishment::EstablishmentRow::Section(ciel.id)
        })
        .expect("listed");
    app.update(Action::Home);
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    replace(&mut app, "name", "BTS CIEL option A");
    app.update(Action::Save);
    assert!(
        app.data
            .sections
            .iter()
            .any(|s| s.name == "BTS CIEL option A")
    );
}

#[test]
fn two_colleagues_editing_the_establishment_meet_the_conflict_dialog() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("a");
    let mut b = App::new(file_store(&path, "collegue"), today()).expect("b");
    for app in [&mut a, &mut b] {
        go(app, Screen::Setup);
        app.update(Action::Confirm);
    }
    replace(&mut a, "name", "Nom choisi par A");
    a.update(Action::Save);
    // B changes the same field without having seen A's change.
    replace(&mut b, "name", "Nom choisi par B");
    b.update(Action::Save);
    assert!(matches!(b.overlay, Some(Overlay::Conflict(..))));
    // Esc keeps theirs.
    b.update(Action::Cancel);
    assert_eq!(b.data.establishments[0].name, "Nom choisi par A");
    // B changing another field keeps A's name.
    b.update(Action::Confirm);
    replace(&mut b, "city", "Sète");
    b.update(Action::Save);
    let seen = b
        .store
        .seen(Table::Establishment, b.data.establishments[0].id)
        .expect("row");
    assert_eq!(
        seen.value("name"),
        passerelle::model::Value::from("Nom choisi par A")
    );
    assert_eq!(seen.value("city"), passerelle::model::Value::from("Sète"));
}

#[test]
fn tab_goes_through_the_four_tabs() {
    let mut app = setup_app();
    for tab in [
        SetupTab::Team,
        SetupTab::Calendar,
        SetupTab::Catalogue,
        SetupTab::Establishment,
    ] {
        app.update(Action::NextPane);
        assert_eq!(app.setup.tab, tab);
    }
    app.update(Action::PrevPane);
    assert_eq!(app.setup.tab, SetupTab::Catalogue);
}

#[test]
fn a_cite_scolaire_has_two_establishments_with_the_same_section_code() {
    let mut app = setup_app();
    app.update(Action::Char('+'));
    replace(&mut app, "name", "Lycée professionnel voisin");
    replace(&mut app, "uai", "0311234Y");
    replace(&mut app, "academie", "Toulouse");
    app.update(Action::Save);
    assert_eq!(app.data.establishments.len(), 2, "{:?}", app.message);
    // The new establishment is last: its row, then « s » adds a section to it.
    app.update(Action::End);
    app.update(Action::Char('s'));
    replace(&mut app, "code", "NDRC");
    replace(&mut app, "name", "BTS NDRC (site voisin)");
    focus_field(&mut app, "sector");
    app.update(Action::Char('2'));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let ndrc: Vec<_> = app
        .data
        .sections
        .iter()
        .filter(|s| s.code == "NDRC")
        .collect();
    assert_eq!(ndrc.len(), 2);
    // The filter tells them apart by the establishment's UAI.
    let mut filter = app.filter.clone();
    filter.section = Some(ndrc[0].id);
    let a = filter.describe(&app.data);
    filter.section = Some(ndrc[1].id);
    let b = filter.describe(&app.data);
    assert_ne!(a, b);
    assert!(a.contains("NDRC (0") && b.contains("NDRC (0"), "{a} / {b}");
}

#[test]
fn the_team_is_imported_from_a_csv_after_a_preview() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("equipe.csv");
    std::fs::write(
        &path,
        "Nom;Prénom;Rôle;Discipline;Organisation;Courriel;Coordonnateur\n\
         Martin;Claire;Professeur de BTS;Mathématiques;;;oui\n\
         Benali;Sarah;partenaire;;Mission locale;;\n",
    )
    .expect("write");
    let mut app = empty_app();
    go(&mut app, Screen::Setup);
    app.update(Action::NextPane);
    assert_eq!(app.setup.tab, SetupTab::Team);
    app.update(Action::Char('I'));
    type_text(&mut app, path.to_str().expect("utf-8"));
    app.update(Action::Save);
    let Some(Overlay::Report(report)) = &app.overlay else {
        panic!("a preview: {:?}", app.message);
    };
    assert!(report.confirm.is_some());
    assert!(
        report.lines.iter().any(|l| l.contains("2 à ajouter")),
        "{:?}",
        report.lines
    );
    assert!(
        report.lines.iter().all(|l| !l.contains("--")),
        "{:?}",
        report.lines
    );
    // Nothing written before Enter.
    assert!(app.store.staff().expect("staff").is_empty());
    app.update(Action::Confirm);
    assert!(app.overlay.is_none());
    let team = app.store.staff().expect("staff");
    assert_eq!(team.len(), 2, "{:?}", app.message);
    assert!(
        team.iter()
            .any(|s| s.last_name == "Martin" && s.coordinator)
    );

    // The same file again: nothing to import, no confirmation offered.
    app.update(Action::Char('I'));
    type_text(&mut app, path.to_str().expect("utf-8"));
    app.update(Action::Save);
    let Some(Overlay::Report(report)) = &app.overlay else {
        panic!("a preview");
    };
    assert!(report.confirm.is_none(), "{:?}", report.lines);
}

#[test]
fn a_bad_team_file_is_refused_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("equipe.csv");
    std::fs::write(&path, "Nom;Prénom;Rôle\nMartin;Claire;astronaute\n").expect("write");
    let mut app = empty_app();
    go(&mut app, Screen::Setup);
    app.update(Action::NextPane);
    app.update(Action::Char('I'));
    type_text(&mut app, path.to_str().expect("utf-8"));
    app.update(Action::Save);
    let Some(Overlay::Report(report)) = &app.overlay else {
        panic!("a refusal");
    };
    assert!(report.error && report.confirm.is_none());
    let text = report.lines.join("\n");
    assert!(
        text.contains("ligne 2") && text.contains("astronaute"),
        "{text}"
    );
    assert!(app.store.staff().expect("staff").is_empty());
}

#[test]
fn every_help_line_of_the_settings_fits_the_help_box() {
    // The help box is 76 columns: 2 of frame, 18 for the keys.
    let mut app = setup_app();
    for _ in SetupTab::ALL {
        for list in ['1', '2', '3'] {
            if app.setup.tab == SetupTab::Catalogue {
                app.update(Action::Char(list));
            }
            for binding in passerelle::app::keys::bindings(&app) {
                assert!(
                    binding.label.chars().count() <= 56,
                    "{:?}: « {} » is cut in the help box",
                    app.setup.tab,
                    binding.label
                );
            }
        }
        app.update(Action::NextPane);
    }
}
