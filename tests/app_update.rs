//! The TUI's workflows driven through `App::update`, without a terminal:
//! welcome, students list and grid. Each test checks the App's state and the database.
//! (Meeting, suivi and bilan: `app_update_phases.rs`; undo, conflicts, refresh
//! and paste: `app_update_sync.rs`.)

mod common;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen};
use passerelle::model::*;
use passerelle::store::fold;
use ratatui_textarea::Key;

// ---------- Welcome ----------

#[test]
fn empty_database_opens_on_welcome_and_refuses_other_screens() {
    let mut app = empty_app();
    assert_eq!(app.screen, Screen::Welcome);
    app.update(Action::GoTo(Screen::Grid));
    assert_eq!(app.screen, Screen::Welcome);
    assert!(app.message.is_some(), "a message explains why");
}

#[test]
fn add_student_form_creates_the_student_and_the_section() {
    let mut app = empty_app();
    app.update(Action::Char('a'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    type_text(&mut app, "Dupont");
    app.update(Action::NextPane);
    type_text(&mut app, "Zoé");
    app.update(Action::NextPane);
    type_text(&mut app, "ndrc");
    app.update(Action::NextPane);
    type_text(&mut app, "BTS Négociation");
    app.update(Action::NextPane);
    // Sector is a choice: its first letter picks it.
    app.update(Action::Char('s'));
    assert_eq!(form(&app).get("sector"), "services");
    app.update(Action::Save);
    if let Some(Overlay::Form(form)) = &app.overlay {
        panic!("form still open: {:?} / {:?}", form.error, app.message);
    }
    let rows = app.store.student_rows().expect("rows");
    assert_eq!(rows.len(), 1, "{:?}", app.message);
    assert_eq!(rows[0].student.last_name, "Dupont");
    assert_eq!(rows[0].student.first_name, "Zoé");
    assert!(rows[0].student.bac_pro);
    assert_eq!(rows[0].section_code, "NDRC");
    assert_eq!(rows[0].school_year, "2026-2027");
    let sections = app.store.sections().expect("sections");
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].sector, Sector::Services);
    assert_eq!(app.screen, Screen::Students);
    assert_eq!(app.current, Some(rows[0].student.id));
}

#[test]
fn add_student_form_refuses_a_new_section_without_sector() {
    let mut app = empty_app();
    app.update(Action::Char('a'));
    type_text(&mut app, "Dupont");
    app.update(Action::NextPane);
    type_text(&mut app, "Léo");
    app.update(Action::NextPane);
    type_text(&mut app, "MCO");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("error shown in the form");
    assert!(error.contains("secteur"), "{error}");
    assert!(app.store.student_rows().expect("rows").is_empty());
    // A required field left empty is refused too.
    let mut app = empty_app();
    app.update(Action::Char('a'));
    app.update(Action::Save);
    assert!(form(&app).error.as_deref().unwrap_or("").contains("Nom"));
}

#[test]
fn d_on_welcome_loads_the_demo() {
    let mut app = empty_app();
    app.update(Action::Char('d'));
    let expected = demo_store().student_rows().expect("rows").len();
    assert!(expected >= 60);
    assert_eq!(app.store.student_rows().expect("rows").len(), expected);
    assert_eq!(app.screen, Screen::Students);
    assert!(!app.rows().is_empty());
    assert!(app.current.is_some());
}

// ---------- Students list ----------

#[test]
fn list_moves_keep_the_cursor_in_range() {
    let mut app = demo_app();
    let rows = app.rows();
    assert_eq!(app.cursor, 0);
    assert_eq!(app.current, Some(rows[0]));
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!((app.cursor, app.current), (2, Some(rows[2])));
    app.update(Action::Up);
    assert_eq!(app.current, Some(rows[1]));
    app.update(Action::End);
    assert_eq!(app.current, rows.last().copied());
    app.update(Action::Down);
    assert_eq!(app.cursor, rows.len() - 1);
    app.update(Action::Home);
    app.update(Action::Up);
    assert_eq!(app.cursor, 0);
    app.update(Action::PageDown);
    assert_eq!(app.cursor, 10);
}

#[test]
fn list_filters_section_phase_referent_year_and_clear() {
    let mut app = demo_app();
    let all = app.rows().len();
    app.update(Action::Char('s'));
    let section = app.filter.section.expect("section filter");
    let rows = app.rows();
    assert!(!rows.is_empty() && rows.len() < all);
    assert!(
        rows.iter()
            .all(|id| app.data.student(*id).expect("row").section_id == section)
    );
    app.update(Action::Char('x'));
    assert_eq!(app.rows().len(), all);

    app.update(Action::Char('p'));
    assert_eq!(app.filter.phase, Some(Phase::ALL[0]));
    assert!(
        app.rows()
            .iter()
            .all(|id| { app.data.student(*id).expect("row").student.phase() == Phase::ALL[0] })
    );
    app.update(Action::Char('p'));
    assert_eq!(app.filter.phase, Some(Phase::ALL[1]));
    app.update(Action::Char('x'));

    app.update(Action::Char('r'));
    let referent = app.filter.referent.expect("referent filter");
    assert!(
        app.rows().iter().all(|id| {
            app.data.student(*id).expect("row").student.referent_id == Some(referent)
        })
    );
    app.update(Action::Char('x'));
    assert_eq!(app.filter.referent, None);

    let newest = app.filter.year.clone().expect("newest year by default");
    assert_eq!(newest, "2026-2027");
    app.update(Action::Char('a'));
    let other = app.filter.year.clone().expect("another year");
    assert_ne!(other, newest);
    assert!(
        app.rows()
            .iter()
            .all(|id| app.data.student(*id).expect("row").school_year == other)
    );
}

#[test]
fn search_is_incremental_and_ignores_accents() {
    let mut app = demo_app();
    app.update(Action::Search);
    assert!(app.wants_text());
    type_text(&mut app, "zoe");
    let rows = app.rows();
    assert!(!rows.is_empty());
    for id in &rows {
        let s = &app.data.student(*id).expect("row").student;
        assert!(
            fold(&format!("{} {}", s.last_name, s.first_name)).contains("zoe"),
            "{} {}",
            s.last_name,
            s.first_name
        );
    }
    assert!(
        rows.iter()
            .any(|id| app.data.student(*id).expect("row").student.first_name == "Zoé")
    );
    // Enter keeps the search and gives the keys back to the list.
    app.update(Action::Confirm);
    assert!(!app.filter.searching);
    assert_eq!(app.rows(), rows);
    // Backspace then Esc in a new search clears it.
    app.update(Action::Search);
    app.update(input(Key::Backspace));
    assert_eq!(app.filter.search, "zo");
    app.update(Action::Cancel);
    assert!(app.filter.search.is_empty());
    assert!(app.rows().len() > rows.len());
}

#[test]
fn enter_opens_the_page_v_reveals_and_esc_returns() {
    let mut app = demo_app();
    app.update(Action::Down);
    let id = app.current.expect("current");
    app.update(Action::Confirm);
    assert_eq!(app.screen, Screen::StudentPage);
    assert_eq!(app.current, Some(id));
    assert!(!app.reveal_sensitive);
    app.update(Action::Char('v'));
    assert!(app.reveal_sensitive);
    app.update(Action::Char('v'));
    assert!(!app.reveal_sensitive);
    app.update(Action::Char('v'));
    app.update(Action::Cancel);
    assert_eq!(app.screen, Screen::Students);
    assert_eq!((app.current, app.cursor), (Some(id), 1));
    // Moving to another student masks again.
    app.update(Action::Down);
    assert!(!app.reveal_sensitive);
}

#[test]
fn the_page_corrects_identity_and_keeps_life_notes_out_of_the_journal() {
    let mut app = demo_app();
    let id = app.current.expect("current");
    app.update(Action::Confirm);
    // Identity: Tab down to the specialty (6th field) and replace it.
    app.update(Action::Char('i'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    for _ in 0..5 {
        app.update(Action::NextPane);
    }
    for _ in 0..120 {
        app.update(input(Key::Backspace));
    }
    type_text(&mut app, "MELEC");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(
        student(&app, id).bac_pro_specialty.as_deref(),
        Some("MELEC")
    );

    // Life notes: refused while masked, then written once revealed.
    app.update(Action::Char('n'));
    assert!(app.overlay.is_none());
    app.update(Action::Char('v'));
    app.update(Action::Char('n'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    clear_field(&mut app);
    type_text(&mut app, "Foyer à 40 km");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let notes = app.store.life_notes(id).expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.area == LifeArea::Logement && n.note == "Foyer à 40 km")
    );
    let journal = format!("{:?}", app.store.student_journal(id).expect("journal"));
    assert!(!journal.contains("Foyer"), "sensitive text in the journal");
}

// ---------- Grid ----------

#[test]
fn grid_level_keys_write_and_move_down() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let rows = app.rows();
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('2'));
    assert_eq!(stored_level(&app, rows[0], criterion), Some(2));
    assert_eq!(app.current, Some(rows[1]));
    app.update(Action::Char('0'));
    assert_eq!(stored_level(&app, rows[1], criterion), Some(0));
    // Space clears: non évalué (`?` is help, as on every screen).
    app.update(Action::Up);
    app.update(Action::Up);
    app.update(Action::Char(' '));
    assert_eq!(stored_level(&app, rows[0], criterion), None);
    let cell = app.data.grid[&rows[0]][0].expect("cell kept");
    assert_eq!(cell.level, None);
}

#[test]
fn grid_dot_copies_the_cell_above() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let rows = app.rows();
    app.update(Action::Right);
    app.update(Action::Right);
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('3'));
    app.update(Action::Char('.'));
    assert_eq!(stored_level(&app, rows[1], criterion), Some(3));
    assert_eq!(app.current, Some(rows[2]));
}

#[test]
fn grid_out_of_range_level_is_refused() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let rows = app.rows();
    let criterion = app.current_criterion().expect("criterion");
    let before = stored_level(&app, rows[0], criterion);
    let journal = app.store.student_journal(rows[0]).expect("journal").len();
    app.update(Action::Char('7'));
    let message = app.message.clone().expect("message");
    assert!(message.error);
    assert!(message.text.contains('7'), "{}", message.text);
    assert_eq!(stored_level(&app, rows[0], criterion), before);
    assert_eq!(
        app.store.student_journal(rows[0]).expect("journal").len(),
        journal
    );
    assert_eq!(app.cursor, 0, "the cursor does not move");
}

#[test]
fn grid_fill_down_is_one_undoable_step() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let rows = app.rows();
    // Find a column with empty cells below the first row.
    let empty_below = |app: &App, col: usize| -> Vec<i64> {
        rows[1..]
            .iter()
            .copied()
            .filter(|id| {
                app.data
                    .grid
                    .get(id)
                    .and_then(|c| c[col])
                    .and_then(|c| c.level)
                    .is_none()
            })
            .collect()
    };
    let col = (0..app.data.criteria.len())
        .find(|c| empty_below(&app, *c).len() >= 2)
        .expect("a column with empty cells");
    for _ in 0..col {
        app.update(Action::Right);
    }
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('1'));
    app.update(Action::Up);
    let targets = empty_below(&app, col);
    let filled_before: Vec<(i64, Option<u8>)> = rows
        .iter()
        .map(|id| (*id, stored_level(&app, *id, criterion)))
        .collect();
    app.update(Action::Char('D'));
    for id in &targets {
        assert_eq!(stored_level(&app, *id, criterion), Some(1));
    }
    for (id, level) in &filled_before {
        if !targets.contains(id) {
            assert_eq!(stored_level(&app, *id, criterion), *level, "{id} untouched");
        }
    }
    app.update(Action::Undo);
    for (id, level) in &filled_before {
        assert_eq!(stored_level(&app, *id, criterion), *level, "{id} restored");
    }
    assert_eq!(stored_level(&app, rows[0], criterion), Some(1));
}

#[test]
fn grid_comment_editor_saves() {
    let mut app = grid_app();
    // The first column is sensitive: shown before typing into it.
    app.update(Action::Char('m'));
    let id = app.current.expect("current");
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('c'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    type_text(&mut app, "Absent en septembre");
    app.update(Action::Save);
    assert!(app.overlay.is_none());
    let value = app
        .store
        .grid_values(id)
        .expect("grid")
        .into_iter()
        .find(|g| g.criterion_id == criterion)
        .expect("cell");
    assert_eq!(value.comment.as_deref(), Some("Absent en septembre"));
}

#[test]
fn grid_verdict_repere_fills_suggested_difficulties() {
    let mut app = grid_app();
    let id = app
        .rows()
        .into_iter()
        .find(|id| {
            let s = &app.data.student(*id).expect("row").student;
            s.verdict.is_none()
                && s.difficulties.is_empty()
                && !app.data.suggestion(*id).difficulties.is_empty()
        })
        .expect("an undecided student with a suggestion");
    select(&mut app, id);
    let suggested = app.data.suggestion(id).difficulties;
    app.update(Action::Char('R'));
    let s = student(&app, id);
    assert_eq!(s.verdict, Some(Verdict::Repere));
    assert_eq!(s.difficulties, suggested);
    assert_eq!(s.phase(), Phase::PreConseil);
}

#[test]
fn the_help_box_scrolls_on_a_small_terminal() {
    let mut app = grid_app();
    app.update(Action::Help);
    assert!(matches!(app.overlay, Some(Overlay::Help(0))));
    let top = render(&app, 60, 16);
    assert!(!top.contains("Échap pour fermer"), "{top}");
    for _ in 0..30 {
        app.update(Action::Down);
    }
    let bottom = render(&app, 60, 16);
    assert!(bottom.contains("Échap pour fermer"), "{bottom}");
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn a_masked_sensitive_cell_is_read_only_until_shown() {
    let mut app = grid_app();
    let id = app.current.expect("current");
    assert!(!app.reveal_sensitive);
    let criterion = app.current_criterion().expect("criterion");
    let column = &app.data.criteria[app.grid.column];
    assert!(
        column.domain.is_sensitive(),
        "the grid opens on a conditions de vie column"
    );
    let before = stored_level(&app, id, criterion);
    for key in ['3', ' ', '-', '.', 'D', 'c'] {
        app.update(Action::Char(key));
        assert!(app.overlay.is_none(), "{key}: no editor on a masked cell");
        assert_eq!(
            stored_level(&app, id, criterion),
            before,
            "{key} wrote blind"
        );
        assert!(
            app.message
                .as_ref()
                .is_some_and(|m| m.error && m.text.contains("masquée")),
            "{key}: {:?}",
            app.message
        );
    }
    app.update(Action::Char('m'));
    let level = if before == Some(3) { '2' } else { '3' };
    app.update(Action::Char(level));
    assert_ne!(stored_level(&app, id, criterion), before);
}

/// The list's order (ids) as a fresh read of the file gives it.
fn fresh_order(app: &App) -> Vec<i64> {
    let data = passerelle::app::Data::load(&app.store, app.filter.year.as_deref()).expect("load");
    data.students.iter().map(|r| r.student.id).collect()
}

#[test]
fn a_renamed_student_moves_to_its_place_in_the_list_and_back_on_undo() {
    let mut app = demo_app();
    let id = app.current.expect("current");
    assert_eq!(app.cursor, 0);
    app.update(Action::Confirm);
    app.update(Action::Char('i'));
    clear_field(&mut app);
    type_text(&mut app, "Zzyzx");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    app.update(Action::Cancel);
    assert_eq!(app.screen, Screen::Students);
    let order: Vec<i64> = app.data.students.iter().map(|r| r.student.id).collect();
    assert_eq!(order, fresh_order(&app));
    assert_ne!(order[0], id, "the renamed student left the first place");
    // Still selected, the cursor follows it to its new row.
    assert_eq!(app.current, Some(id));
    assert_eq!(app.rows()[app.cursor], id);
    for (i, row) in app.data.students.iter().enumerate() {
        assert_eq!(
            app.data.student(row.student.id).map(|r| r.student.id),
            Some(row.student.id),
            "index of row {i}"
        );
    }
    app.update(Action::Undo);
    let order: Vec<i64> = app.data.students.iter().map(|r| r.student.id).collect();
    assert_eq!(order, fresh_order(&app));
    assert_eq!(order[0], id, "back in the first place after undo");
}
