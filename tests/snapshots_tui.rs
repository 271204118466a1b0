//! Text snapshots of every screen and box, rendered without colours at 80×24
//! from the deterministic demo (seed 1, 60 students, today 2026-11-23, user "prof").

mod common;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen};
use passerelle::model::{Domain, Phase};

/// Snapshot of the app at 80×24; journal clock times are masked.
macro_rules! snap {
    ($name:expr, $app:expr) => {
        snap!($name, $app, 80, 24)
    };
    ($name:expr, $app:expr, $w:expr, $h:expr) => {
        snap!($name, $app, $w, $h, &mut passerelle::ui::ViewState::default())
    };
    // With the scroll kept from earlier frames.
    ($name:expr, $app:expr, $w:expr, $h:expr, $view:expr) => {{
        let text = render_with(&$app, $view, $w, $h);
        insta::with_settings!({
            filters => vec![
                (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?", "[horodatage]"),
                (r"\d{2}/\d{2}/\d{4} à \d{2}:\d{2}", "[horodatage]"),
            ],
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// A student of the demo in phase Suivi with check-ins and life notes, for the page.
fn rich_student(app: &App) -> i64 {
    app.data
        .students
        .iter()
        .filter(|row| row.student.bac_pro && row.student.phase() == Phase::Suivi)
        .map(|row| row.student.id)
        .find(|id| {
            app.store.checkins(*id).is_ok_and(|c| !c.is_empty())
                && app.store.life_notes(*id).is_ok_and(|n| !n.is_empty())
        })
        .expect("a followed student with check-ins and life notes in the demo")
}

/// Marks the first two not-yet-decided students of the grid « repéré »: with the
/// demo's one waiting student, the pré-conseil queue then holds three.
fn mark_two_more_students(app: &mut App) {
    go(app, Screen::Grid);
    for _ in 0..2 {
        let id = app
            .rows()
            .into_iter()
            .find(|id| {
                app.data
                    .student(*id)
                    .is_some_and(|r| r.student.verdict.is_none())
            })
            .expect("an undecided student");
        select(app, id);
        app.update(Action::Char('R'));
    }
}

fn open_page(app: &mut App, id: i64) {
    go(app, Screen::Students);
    select(app, id);
    app.update(Action::Confirm);
    assert_eq!(app.screen, Screen::StudentPage);
}

#[test]
fn welcome_screen_of_an_empty_database() {
    let app = empty_app();
    assert_eq!(app.screen, Screen::Welcome);
    let text = render(&app, 80, 24);
    assert!(text.contains("Bienvenue dans Passerelle"), "{text}");
    snap!("welcome", app);
}

#[test]
fn add_student_form_on_welcome() {
    let mut app = empty_app();
    app.update(Action::Char('a'));
    type_text(&mut app, "Zoé");
    snap!("form_add_student", app);
}

#[test]
fn students_list() {
    let app = demo_app();
    assert_eq!(app.screen, Screen::Students);
    snap!("students", app);
}

#[test]
fn students_list_searching() {
    let mut app = demo_app();
    app.update(Action::Search);
    type_text(&mut app, "ma");
    snap!("students_search", app);
}

#[test]
fn student_page_masked_then_revealed() {
    let mut app = demo_app();
    let id = rich_student(&app);
    open_page(&mut app, id);
    let masked = render(&app, 80, 24);
    snap!("student_page", app);
    app.update(Action::Char('v'));
    assert!(app.reveal_sensitive);
    let revealed = render(&app, 80, 24);
    assert_ne!(masked, revealed, "revealing must change the page");
    snap!("student_page_revealed", app);
    app.update(Action::PageDown);
    snap!("student_page_scrolled", app);
}

#[test]
fn grid_screen() {
    let mut app = demo_app();
    go(&mut app, Screen::Grid);
    snap!("grid", app);
}

#[test]
fn grid_with_conditions_de_vie_revealed() {
    let mut app = demo_app();
    go(&mut app, Screen::Grid);
    let column = app
        .data
        .criteria
        .iter()
        .position(|c| c.domain.is_sensitive())
        .expect("a conditions de vie criterion");
    assert_eq!(app.data.criteria[column].domain, Domain::ConditionsDeVie);
    for _ in 0..column {
        app.update(Action::Right);
    }
    snap!("grid_sensitive_masked", app);
    app.update(Action::Char('m'));
    assert!(app.reveal_sensitive);
    snap!("grid_sensitive_revealed", app);
}

#[test]
fn meeting_screen_banner_names_the_student() {
    let mut app = demo_app();
    mark_two_more_students(&mut app);
    go(&mut app, Screen::Meeting);
    let id = app.current.expect("a student in the meeting queue");
    let row = app.data.student(id).expect("student");
    let text = render(&app, 80, 24);
    let banner = text.lines().nth(3).expect("banner line");
    assert!(
        banner.contains(&row.student.last_name.to_uppercase())
            || banner.contains(&row.student.last_name),
        "banner {banner:?} lacks {}",
        row.student.last_name
    );
    assert!(banner.contains(&row.student.first_name), "{banner:?}");
    snap!("meeting", app);
}

#[test]
fn meeting_recap_after_two_decisions() {
    let mut app = demo_app();
    mark_two_more_students(&mut app);
    go(&mut app, Screen::Meeting);
    assert!(
        app.meeting.queue.len() >= 3,
        "queue: {:?}",
        app.meeting.queue
    );
    app.update(Action::Char('a'));
    app.update(Action::Char('f'));
    app.update(Action::Confirm);
    app.update(Action::Char('m'));
    app.update(Action::Confirm);
    app.update(Action::Char('s'));
    app.update(Action::Char('r'));
    app.update(Action::Char('s'));
    app.update(Action::Char('R'));
    assert_eq!(app.meeting.view, passerelle::app::MeetingView::Recap);
    snap!("meeting_recap", app);
    app.update(Action::Char('H'));
    snap!("meeting_history", app);
}

#[test]
fn meeting_module_picker_and_commitments_editor() {
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    app.update(Action::Char('m'));
    assert!(matches!(app.overlay, Some(Overlay::Picker(_))));
    snap!("picker_module", app);
    app.update(Action::Cancel);
    app.update(Action::Char('c'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    type_text(&mut app, "Venir au tutorat le mardi.");
    app.update(Action::Confirm);
    type_text(&mut app, "Rendre les exercices.");
    snap!("text_editor_commitments", app);
}

#[test]
fn referent_picker() {
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    app.update(Action::Char('f'));
    snap!("picker_referent", app);
}

#[test]
fn suivi_screen_and_checkin_form() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    snap!("suivi", app);
    app.update(Action::Char('n'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    snap!("form_checkin", app);
}

#[test]
fn grid_row_entry_stops_at_the_end_of_the_row() {
    let mut app = demo_app();
    go(&mut app, Screen::Grid);
    app.update(Action::Char('d'));
    app.update(Action::End);
    for _ in 0..app.data.criteria.len() {
        app.update(Action::Right);
    }
    app.update(Action::Char('2'));
    snap!("grid_row_entry_end", app);
}

#[test]
fn bilan_decision_stays_on_the_student_and_names_them() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    app.update(Action::Char('1'));
    app.update(Action::Down);
    app.update(Action::Char('2'));
    snap!("bilan_two_decisions", app);
}

#[test]
fn bilan_screen_and_exit_form() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    snap!("bilan", app);
    app.update(Action::Char('e'));
    snap!("form_exit", app);
}

#[test]
fn help_on_students_and_grid() {
    let mut app = demo_app();
    app.update(Action::Help);
    snap!("help_students", app);
    app.update(Action::Cancel);
    go(&mut app, Screen::Grid);
    app.update(Action::Help);
    snap!("help_grid", app);
}

#[test]
fn conflict_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut a = App::new(file_store(&path, "prof"), today()).expect("app a");
    let mut b = App::new(file_store(&path, "collegue"), today()).expect("app b");
    go(&mut a, Screen::Grid);
    go(&mut b, Screen::Grid);
    assert_eq!(a.current, b.current);
    b.update(Action::Char('N'));
    a.update(Action::Char('A'));
    assert!(matches!(a.overlay, Some(Overlay::Conflict(..))));
    snap!("conflict", a);
}

#[test]
fn smaller_terminal_after_resize() {
    let mut app = demo_app();
    let mut view = passerelle::ui::ViewState::default();
    // Draw at 80×24 first, then at 60×20 as after a resize: the view state must adapt.
    render_with(&app, &mut view, 80, 24);
    snap!("students_60x20", app, 60, 20, &mut view);
    go(&mut app, Screen::Grid);
    for _ in 0..30 {
        app.update(Action::Down);
    }
    render_with(&app, &mut view, 80, 24);
    snap!("grid_60x20", app, 60, 20, &mut view);
    go(&mut app, Screen::Meeting);
    snap!("meeting_60x20", app, 60, 20, &mut view);
}

#[test]
fn lists_scroll_by_half_pages_between_frames() {
    let mut app = demo_app();
    let mut view = passerelle::ui::ViewState::default();
    render_with(&app, &mut view, 80, 24);
    let mut offsets = Vec::new();
    for _ in 0..40 {
        app.update(Action::Down);
        render_with(&app, &mut view, 80, 24);
        offsets.push(view.list_offset);
    }
    // 17 rows on screen: the view stays put, then jumps by half a page (8 rows)
    // when the cursor leaves it, and stays put again.
    assert_eq!(&offsets[..16], &[0; 16]);
    assert_eq!(offsets[16], 9);
    assert!(offsets[16..25].iter().all(|o| *o == 9), "{offsets:?}");
    assert_eq!(offsets[25], 18);
    // Back up inside the view: it stays put.
    let kept = view.list_offset;
    app.update(Action::Up);
    render_with(&app, &mut view, 80, 24);
    assert_eq!(view.list_offset, kept);
}

#[test]
fn read_only_banner_in_the_header() {
    use passerelle::store::{ReadOnlyCause, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut store = Store::open_read_only(&path, ReadOnlyCause::Folder).expect("read-only");
    store.set_user("prof");
    let mut app = App::new(store, today()).expect("app");
    // As `run_tui` does for a read-only store.
    app.warning = Some(passerelle::labels::read_only_warning(ReadOnlyCause::Folder));
    snap!("students_read_only", app);
    snap!("students_read_only_60x20", app, 60, 20);
}

#[test]
fn every_screen_and_box_renders_at_many_sizes() {
    let mut app = demo_app();
    let id = rich_student(&app);
    let sizes = [(80, 24), (60, 20), (40, 12), (120, 40), (20, 8)];
    let check = |app: &App| {
        for (w, h) in sizes {
            let text = render(app, w, h);
            assert_eq!(text.lines().count(), h as usize);
        }
    };
    check(&app);
    for screen in Screen::TABS {
        go(&mut app, screen);
        check(&app);
        app.update(Action::Help);
        check(&app);
        app.update(Action::Cancel);
    }
    open_page(&mut app, id);
    check(&app);
    app.update(Action::Char('v'));
    check(&app);
    app.update(Action::Char('e'));
    check(&app);
    app.update(Action::Cancel);
    go(&mut app, Screen::Meeting);
    for key in ['m', 'f', 'c'] {
        app.update(Action::Char(key));
        assert!(app.overlay.is_some(), "{key} opens a box");
        check(&app);
        app.update(Action::Cancel);
    }
    app.update(Action::Char('R'));
    check(&app);
    let mut empty = empty_app();
    check(&empty);
    empty.update(Action::Char('a'));
    check(&empty);
    empty.update(Action::Cancel);
    empty.update(Action::Char('i'));
    check(&empty);
    // A search with no result leaves empty lists on every screen.
    go(&mut app, Screen::Students);
    app.update(Action::Search);
    type_text(&mut app, "zzzz");
    app.update(Action::Confirm);
    for screen in Screen::TABS {
        go(&mut app, screen);
        check(&app);
    }
}

#[test]
fn settings_establishment_tab_and_its_forms() {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    snap!("setup_establishment", app);
    app.update(Action::Confirm);
    snap!("setup_establishment_form", app);
    app.update(Action::Cancel);
    app.update(Action::Down);
    app.update(Action::Confirm);
    snap!("setup_section_form", app);
}

#[test]
fn a_long_report_scrolls_in_its_box() {
    let mut app = demo_app();
    let lines = (1..=40)
        .map(|i| format!("  • ligne {i} d'un compte rendu d'import assez long pour passer à la ligne à 80 colonnes"))
        .collect();
    app.show_report("Import SIECLE terminé", lines, false);
    snap!("report_box", app);
    app.update(Action::End);
    snap!("report_box_end", app);
}
