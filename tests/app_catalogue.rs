//! The catalogue tab of the Réglages screen, through `App::update`: fiches cadre,
//! criteria and difficulty types edited, copied, retired, undone.

mod common;

use common::*;
use passerelle::app::setup::catalogue::{CatalogueList, criterion_rows, module_rows};
use passerelle::app::{Action, App, Overlay, Screen, SetupTab};
use passerelle::model::{CatalogueFile, ModuleType};
use passerelle::store::Store;
use ratatui_textarea::Key;

/// The demo on the catalogue tab, modules shown.
fn catalogue_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    while app.setup.tab != SetupTab::Catalogue {
        app.update(Action::NextPane);
    }
    app
}

/// Puts the cursor of the modules list on the module `code`; returns its id.
fn select_module(app: &mut App, code: &str) -> i64 {
    app.update(Action::Char('1'));
    app.update(Action::Home);
    let rows: Vec<(i64, String)> = module_rows(app)
        .iter()
        .map(|m| (m.id, m.code.clone()))
        .collect();
    let pos = rows
        .iter()
        .position(|(_, c)| c == code)
        .unwrap_or_else(|| panic!("module {code} listed"));
    for _ in 0..pos {
        app.update(Action::Down);
    }
    rows[pos].0
}

/// Focuses the form field `key`.
fn focus(app: &mut App, key: &str) {
    let pos = form(app)
        .fields
        .iter()
        .position(|f| f.key == key)
        .unwrap_or_else(|| panic!("field {key}"));
    while form(app).focus > pos {
        app.update(Action::PrevPane);
    }
    while form(app).focus < pos {
        app.update(Action::NextPane);
    }
}

/// Replaces the text of the one-line field `key`.
fn set_field(app: &mut App, key: &str, text: &str) {
    focus(app, key);
    clear_field(app);
    type_text(app, text);
}

fn module(app: &App, code: &str) -> passerelle::model::Module {
    app.store
        .modules()
        .expect("modules")
        .into_iter()
        .find(|m| m.code == code)
        .unwrap_or_else(|| panic!("module {code}"))
}

#[test]
fn a_fiche_cadre_is_edited_then_undone() {
    let mut app = catalogue_app();
    select_module(&mut app, "soutien_maths");
    app.update(Action::Confirm);
    assert_eq!(form(&app).get("name"), "Remise à niveau en mathématiques");
    assert_eq!(form(&app).get("session_minutes"), "1 h");
    set_field(&mut app, "session_minutes", "1 h 30");
    set_field(&mut app, "hours_granted", "12,5");
    set_field(&mut app, "group_size", "9");
    focus(&mut app, "objectives");
    app.update(input(Key::End));
    app.update(Action::Confirm);
    type_text(&mut app, "Deuxième ligne.");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "saved: {:?}", app.message);
    let m = module(&app, "soutien_maths");
    assert_eq!(m.session_minutes, Some(90));
    assert_eq!(m.hours_granted, Some(12.5));
    assert_eq!(m.group_size, Some(9));
    assert!(
        m.objectives
            .expect("objectives")
            .ends_with("graphiques utiles au BTS.\nDeuxième ligne.")
    );
    assert_eq!(m.sessions, Some(10), "untouched field kept");

    app.update(Action::Undo);
    let m = module(&app, "soutien_maths");
    assert_eq!(m.session_minutes, Some(60));
    assert_eq!(m.hours_granted, None);
}

#[test]
fn bad_numbers_are_refused_naming_the_field() {
    let mut app = catalogue_app();
    select_module(&mut app, "reformulation");
    app.update(Action::Confirm);
    set_field(&mut app, "sessions", "sept");
    set_field(&mut app, "session_minutes", "2 heures et demie");
    set_field(&mut app, "hours_granted", "-3");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("refused");
    assert!(error.contains("Nombre de séances"), "{error}");
    assert!(error.contains("« sept »"), "{error}");
    assert!(error.contains("Durée d'une séance"), "{error}");
    assert!(error.contains("Heures accordées"), "{error}");
    let m = module(&app, "reformulation");
    assert_eq!((m.sessions, m.session_minutes), (Some(7), Some(120)));
}

#[test]
fn the_difficulties_answered_are_ticked_with_space() {
    let mut app = catalogue_app();
    select_module(&mut app, "soutien_maths");
    app.update(Action::Confirm);
    focus(&mut app, "difficulties");
    assert_eq!(form(&app).get("difficulties"), "disciplinaire");
    // The cursor starts on the first option (disciplinaire): untick it, tick the third.
    app.update(Action::Char(' '));
    app.update(Action::Right);
    app.update(Action::Right);
    app.update(Action::Char(' '));
    assert_eq!(form(&app).get("difficulties"), "methodologie");
    app.update(Action::Save);
    assert_eq!(
        module(&app, "soutien_maths").difficulties,
        vec!["methodologie".to_string()]
    );
}

#[test]
fn copying_a_module_opens_a_new_fiche_with_a_unique_code() {
    let mut app = catalogue_app();
    let before = app.data.modules.len();
    select_module(&mut app, "reformulation");
    app.update(Action::Char('c'));
    assert_eq!(form(&app).get("code"), "reformulation_2");
    assert_eq!(form(&app).get("name"), "Atelier reformulation (copie)");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(app.data.modules.len(), before + 1);
    let copy = module(&app, "reformulation_2");
    let source = module(&app, "reformulation");
    assert_eq!(copy.name, "Atelier reformulation (copie)");
    assert_eq!(
        (copy.sessions, copy.session_minutes, &copy.objectives),
        (source.sessions, source.session_minutes, &source.objectives)
    );
    assert_eq!(copy.difficulties, source.difficulties);
    // The cursor is on the new module.
    assert_eq!(
        module_rows(&app)[app.setup.cursor()].code,
        "reformulation_2"
    );

    // A second copy gets the next free code.
    select_module(&mut app, "reformulation");
    app.update(Action::Char('c'));
    assert_eq!(form(&app).get("code"), "reformulation_3");
    app.update(Action::Cancel);

    app.update(Action::Undo);
    assert_eq!(app.data.modules.len(), before);
}

#[test]
fn a_duplicate_or_malformed_code_is_refused() {
    let mut app = catalogue_app();
    let before = app.data.modules.len();
    app.update(Action::Char('+'));
    assert!(form(&app).title.contains("Nouveau module"));
    type_text(&mut app, "TUTORAT");
    set_field(&mut app, "name", "Autre tutorat");
    focus(&mut app, "module_type");
    app.update(Action::Char('2'));
    focus(&mut app, "competence");
    app.update(Action::Char('1'));
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("refused");
    assert!(error.contains("existe déjà"), "{error}");
    set_field(&mut app, "code", "deux mots");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("refused");
    assert!(error.contains("sans espace"), "{error}");
    assert_eq!(app.store.modules().expect("modules").len(), before);

    set_field(&mut app, "code", "tutorat_groupe");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let m = module(&app, "tutorat_groupe");
    assert_eq!(m.module_type, ModuleType::Perseverance);
    assert_eq!((m.sessions, m.objectives), (None, None));
}

/// A student of the demo following `module`, and one not following it.
fn follower_and_other(app: &App, module: i64) -> (i64, i64) {
    let follows = |id: i64| {
        app.store
            .enrolments(id)
            .expect("enrolments")
            .iter()
            .any(|e| e.module_id == module)
    };
    let ids: Vec<i64> = app.data.students.iter().map(|s| s.student.id).collect();
    let follower = *ids.iter().find(|id| follows(**id)).expect("a follower");
    let other = *ids.iter().find(|id| !follows(**id)).expect("another");
    (follower, other)
}

/// The module ids the pré-conseil's picker offers to `student`.
fn picker_offers(app: &mut App, student: i64) -> Vec<i64> {
    go(app, Screen::Students);
    select(app, student);
    app.open_module_picker();
    let Some(Overlay::Picker(picker)) = app.overlay.take() else {
        panic!("module picker expected");
    };
    picker.choices.iter().map(|c| c.id).collect()
}

#[test]
fn a_retired_module_leaves_the_picker_but_stays_on_records() {
    let mut app = catalogue_app();
    let followed = |m: i64| {
        app.data.students.iter().any(|s| {
            app.store
                .enrolments(s.student.id)
                .expect("enrolments")
                .iter()
                .any(|e| e.module_id == m)
        })
    };
    let code = app
        .data
        .modules
        .iter()
        .find(|m| followed(m.id))
        .expect("a followed module")
        .code
        .clone();
    let id = select_module(&mut app, &code);
    let (follower, other) = follower_and_other(&app, id);
    assert!(picker_offers(&mut app, other).contains(&id));

    go(&mut app, Screen::Setup);
    select_module(&mut app, &code);
    app.update(Action::Char('r'));
    assert!(module(&app, &code).retired);
    assert!(
        !picker_offers(&mut app, other).contains(&id),
        "left the picker"
    );
    let sheet = app
        .store
        .student_sheet(
            follower,
            today(),
            passerelle::model::sheet::Sensitive::Masked,
        )
        .expect("sheet");
    assert!(
        sheet
            .modules
            .iter()
            .any(|m| m.module.as_ref().is_some_and(|m| m.id == id && m.retired)),
        "still on the student's record"
    );
    // The student page says it has left the catalogue.
    app.update(Action::GoTo(passerelle::app::Screen::Students));
    select(&mut app, follower);
    app.update(Action::GoTo(passerelle::app::Screen::StudentPage));
    let page = render(&app, 140, 60);
    assert!(page.contains("retiré du catalogue"), "{page}");

    app.update(Action::Undo);
    assert!(!module(&app, &code).retired);
    assert!(picker_offers(&mut app, other).contains(&id));
}

#[test]
fn a_retired_criterion_leaves_the_grid_and_comes_back_with_its_values() {
    let mut app = catalogue_app();
    app.update(Action::Char('2'));
    app.update(Action::Home);
    let criterion = criterion_rows(&app)[0].clone();
    let values = |app: &App| {
        app.data
            .students
            .iter()
            .filter(|s| stored_level(app, s.student.id, criterion.id).is_some())
            .count()
    };
    let before = values(&app);
    assert!(before > 0, "the demo fills the first criterion");
    app.update(Action::Char('r'));
    assert!(!app.data.criteria.iter().any(|c| c.id == criterion.id));
    assert!(criterion_rows(&app)[0].retired, "still listed, retired");
    assert_eq!(values(&app), before, "values kept in the database");
    app.update(Action::Char('r'));
    assert!(app.data.criteria.iter().any(|c| c.id == criterion.id));
    assert_eq!(values(&app), before);
}

#[test]
fn criteria_move_within_their_domain() {
    let mut app = catalogue_app();
    app.update(Action::Char('2'));
    app.update(Action::Home);
    let first = criterion_rows(&app)[0].code.clone();
    let second = criterion_rows(&app)[1].code.clone();
    app.update(Action::Char('J'));
    let codes: Vec<String> = criterion_rows(&app)
        .iter()
        .map(|c| c.code.clone())
        .collect();
    assert_eq!(codes[..2], [second.clone(), first.clone()]);
    assert_eq!(app.setup.cursor(), 1, "the cursor follows the criterion");
    assert_eq!(app.data.criteria[0].code, second, "the grid's order too");
    // The first criterion of a domain does not go up into the previous one.
    app.update(Action::Char('K'));
    app.update(Action::Char('K'));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("au bout")),
        "{:?}",
        app.message
    );
    app.update(Action::Undo);
    assert_eq!(criterion_rows(&app)[0].code, second);
    app.update(Action::Undo);
    assert_eq!(criterion_rows(&app)[0].code, first);
}

#[test]
fn a_new_criterion_and_a_difficulty_type_are_added() {
    let mut app = catalogue_app();
    app.update(Action::Char('3'));
    app.update(Action::Char('+'));
    type_text(&mut app, "numerique");
    set_field(&mut app, "label", "Compétences numériques");
    focus(&mut app, "module_types");
    // Ranked: renforcé first, then soutien.
    app.update(Action::Left);
    app.update(Action::Char(' '));
    app.update(Action::Right);
    app.update(Action::Char(' '));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let kind = app
        .data
        .difficulty_types
        .iter()
        .find(|d| d.code == "numerique")
        .expect("added");
    assert_eq!(
        kind.module_types,
        vec![ModuleType::Renforce, ModuleType::Soutien]
    );

    app.update(Action::Char('2'));
    app.update(Action::Char('+'));
    type_text(&mut app, "numerique");
    focus(&mut app, "domain");
    app.update(Action::Char('2'));
    set_field(&mut app, "label", "Outils numériques");
    focus(&mut app, "difficulty");
    while form(&app).get("difficulty") != "numerique" {
        app.update(Action::Right);
    }
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let added = app
        .data
        .criteria
        .iter()
        .find(|c| c.code == "numerique")
        .expect("a new grid column");
    assert_eq!(added.difficulty.as_deref(), Some("numerique"));
}

#[test]
fn two_colleagues_editing_one_fiche_get_the_conflict_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let open = |user: &str| {
        let mut app = App::new(file_store(&path, user), today()).expect("app");
        go(&mut app, Screen::Setup);
        while app.setup.tab != SetupTab::Catalogue {
            app.update(Action::NextPane);
        }
        app
    };
    let mut a = open("prof");
    let mut b = open("collegue");
    select_module(&mut a, "tutorat");
    select_module(&mut b, "tutorat");
    a.update(Action::Confirm);
    b.update(Action::Confirm);
    set_field(&mut b, "place", "CDI");
    b.update(Action::Save);
    set_field(&mut a, "place", "Salle 12");
    a.update(Action::Save);
    let Some(Overlay::Conflict(conflict, _)) = &a.overlay else {
        panic!("conflict dialog expected, got {:?}", a.message);
    };
    assert_eq!(
        (conflict.who.as_str(), conflict.field.as_str()),
        ("collegue", "place")
    );
    a.update(Action::Char('g'));
    assert_eq!(module(&a, "tutorat").place.as_deref(), Some("CDI"));
}

#[test]
fn other_fields_edited_by_a_colleague_meanwhile_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app");
    let mut b = Store::open(&path).expect("open");
    b.set_user("collegue");
    go(&mut a, Screen::Setup);
    while a.setup.tab != SetupTab::Catalogue {
        a.update(Action::NextPane);
    }
    select_module(&mut a, "tutorat");
    a.update(Action::Confirm);
    // Someone merges a catalogue changing the place meanwhile.
    let mut file = b.catalogue_file().expect("file");
    file.modules
        .iter_mut()
        .filter(|m| m.code == "tutorat")
        .for_each(|m| m.place = Some("CDI".into()));
    let text = toml::to_string(&file).expect("toml");
    b.merge_catalogue_text(&text).expect("merge");
    set_field(&mut a, "group_size", "3");
    a.update(Action::Save);
    assert!(a.overlay.is_none(), "{:?}", a.message);
    let m = module(&a, "tutorat");
    assert_eq!((m.place.as_deref(), m.group_size), (Some("CDI"), Some(3)));
}

#[test]
fn the_catalogue_toml_carries_every_field_both_ways() {
    let mut app = catalogue_app();
    // Fill every field of a module, retire a criterion and a difficulty type.
    select_module(&mut app, "tutorat");
    app.update(Action::Confirm);
    set_field(&mut app, "hours_granted", "7,5");
    app.update(Action::Save);
    app.update(Action::Char('r'));
    app.update(Action::Char('2'));
    app.update(Action::Char('r'));
    app.update(Action::Char('3'));
    app.update(Action::Char('r'));
    let exported = app.store.catalogue_file().expect("export");
    let text = toml::to_string_pretty(&exported).expect("toml");
    assert!(text.contains("hours_granted = 7.5"), "{text}");

    let mut fresh = Store::open_in_memory().expect("open");
    fresh.set_user("prof");
    fresh.merge_catalogue_text(&text).expect("import");
    let again = toml::to_string_pretty(&fresh.catalogue_file().expect("export")).expect("toml");
    assert_eq!(again, text);
    let parsed = CatalogueFile::parse(&again).expect("parse");
    let tutorat = parsed
        .modules
        .iter()
        .find(|m| m.code == "tutorat")
        .expect("tutorat");
    assert!(tutorat.retired);
    assert_eq!(tutorat.hours_granted, Some(7.5));
    assert!(parsed.criteria.iter().any(|c| c.retired));
    assert!(parsed.difficulty_types.iter().any(|d| d.retired));
    // Importing it back into the same base changes nothing.
    let changes = app.store.merge_catalogue_text(&text).expect("merge");
    assert_eq!(changes.updated, 0);
}

#[test]
fn switching_lists_keeps_each_cursor() {
    let mut app = catalogue_app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Char('2'));
    assert_eq!(app.setup.catalogue.list, CatalogueList::Criteria);
    assert_eq!(app.setup.cursor(), 0);
    app.update(Action::Down);
    app.update(Action::Char('1'));
    assert_eq!(app.setup.cursor(), 2);
    app.update(Action::Char('2'));
    assert_eq!(app.setup.cursor(), 1);
}
