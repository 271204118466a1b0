//! Suivi, grid and student list keep their words in place from one student to the
//! next (issue 13: bytes per one-row move): the labels stay in their columns, each
//! value holds on one line, and only the values change. Text snapshots at 80×24
//! from the deterministic demo (seed 1, today 2026-11-23), in colour for the suivi.

mod common;

use common::*;
use passerelle::app::{Action, Screen};

macro_rules! snap {
    ($name:expr, $text:expr) => {{
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $text);
        });
    }};
}

/// The right half of each line of a suivi frame (the detail pane), from its border.
fn detail(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(3)
        .take(18)
        .map(|line| line.chars().skip(40).collect())
        .collect()
}

/// The first `n` characters of each line (the label column and its border).
fn labels(lines: &[String], n: usize) -> Vec<String> {
    lines.iter().map(|l| l.chars().take(n).collect()).collect()
}

#[test]
fn suivi_detail_keeps_its_labels_in_place_for_every_student() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    app.update(Action::Char('t'));
    app.update(Action::Char('t'));
    let count = app.rows().len();
    assert!(count > 5, "the demo has students in suivi: {count}");
    app.update(Action::Home);
    let first = detail(&render(&app, 80, 24));
    // « │ » then the label column of 11.
    let expected = labels(&first, 12);
    assert!(expected[0].starts_with("│Référent"), "{first:?}");
    for _ in 1..count {
        app.update(Action::Down);
        let screen = render(&app, 80, 24);
        let lines = detail(&screen);
        assert_eq!(labels(&lines, 12), expected, "{screen}");
        // Each value holds on its line: nothing wraps onto the next.
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{screen}");
    }
}

#[test]
fn suivi_detail_cuts_a_long_note_to_its_first_line() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app.current.expect("a student in suivi");
    app.store
        .write("point d'étape", |w| {
            w.insert(
                passerelle::store::Table::Checkin,
                &[
                    ("student_id", id.into()),
                    ("date", "2026-11-20".into()),
                    ("attendance", "irregulier".into()),
                    (
                        "note",
                        "Une première ligne bien plus longue que la place qui lui est laissée\n\
                         et une deuxième ligne"
                            .into(),
                    ),
                ],
            )
        })
        .expect("check-in");
    app.reload();
    let screen = render(&app, 80, 24);
    let lines = detail(&screen);
    let note = lines
        .iter()
        .find(|l| l.starts_with("│Note"))
        .expect("a note line");
    assert_eq!(
        note.trim_end(),
        "│Note       Une première ligne bien plu…",
        "{screen}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_end() == "│Dernier pt 20/11/2026"),
        "{screen}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_end() == "│Assiduité  irrégulier"),
        "{screen}"
    );
    assert!(!screen.contains("deuxième"), "{screen}");
}

#[test]
fn suivi_in_colour() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    app.update(Action::Down);
    snap!("bytesb_suivi_colour", render_colour(&app, 80, 24));
}

#[test]
fn suivi_at_60_columns() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    snap!("bytesb_suivi_60x20", render(&app, 60, 20));
}

/// Column of the arrow of the grid's suggestion line, and its words.
fn suggestion(screen: &str) -> (usize, String) {
    let line = screen
        .lines()
        .find(|l| l.starts_with(" Suggéré : "))
        .expect("the suggestion line");
    let at = line.find('←').expect("an arrow");
    (line[..at].chars().count(), line.to_string())
}

#[test]
fn grid_suggestion_keeps_its_places_from_student_to_student() {
    let mut app = grid_app();
    app.update(Action::Home);
    let (arrow, _) = suggestion(&render(&app, 80, 24));
    let mut seen_none = false;
    let mut seen_some = false;
    for _ in 0..app.rows().len() {
        let screen = render(&app, 80, 24);
        let (at, line) = suggestion(&screen);
        assert_eq!(at, arrow, "{screen}");
        assert!(line.chars().count() <= 80, "{line}");
        if line.contains("aucune difficulté (niveaux ≥ 2)") {
            assert!(line.starts_with(" Suggéré : rien "), "{line}");
            seen_none = true;
        } else {
            seen_some = true;
        }
        app.update(Action::Down);
    }
    assert!(seen_some, "the demo suggests modules for some students");
    let _ = seen_none;
}

#[test]
fn grid_masked_level_is_short_and_says_how_to_show_it() {
    let mut app = grid_app();
    // The first column is a sensitive one (conditions de vie), masked by default.
    app.update(Action::Home);
    let id = app
        .rows()
        .into_iter()
        .find(|id| {
            app.data
                .grid
                .get(id)
                .and_then(|cells| cells.first().copied().flatten())
                .is_some_and(|c| c.level.is_some())
        })
        .expect("a student with a level in the first column");
    select(&mut app, id);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("· masqué (m)"), "{screen}");
    assert!(!screen.contains("renseigné (masqué"), "{screen}");
}

#[test]
fn list_status_keeps_its_labels_and_changes_only_the_values() {
    let mut app = demo_app();
    go(&mut app, Screen::Students);
    app.update(Action::Home);
    let status = |screen: &str| screen.lines().nth(21).unwrap_or_default().to_string();
    let first = status(&render(&app, 80, 24));
    let at = first
        .find(" · dernier point d'étape : ")
        .expect("the label");
    for _ in 0..10 {
        app.update(Action::Down);
        let line = status(&render(&app, 80, 24));
        assert_eq!(line.find(" · dernier point d'étape : "), Some(at), "{line}");
    }
}
