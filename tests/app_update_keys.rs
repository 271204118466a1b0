//! One key table per screen, one recording rule: the Bilan S2 records without
//! moving, the grid is a data-entry sheet that advances in a chosen direction and
//! stops at the end of a column or row; `?` is help everywhere.

mod common;

use std::collections::HashSet;

use common::*;
use passerelle::app::keys::{Key, bindings, help_lines, hint_lines};
use passerelle::app::{Action, App, Direction, Overlay, Screen};
use passerelle::model::*;

fn bilan_app() -> (App, Vec<i64>) {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    let rows: Vec<i64> = app
        .rows()
        .into_iter()
        .filter(|id| !app.data.student(*id).expect("row").student.has_exited())
        .collect();
    assert!(rows.len() >= 3);
    (app, rows)
}

// ---------- Bilan S2 ----------

#[test]
fn bilan_decisions_with_arrow_down_between_them_land_on_the_right_students() {
    let (mut app, rows) = bilan_app();
    select(&mut app, rows[0]);
    let [first, second] = [app.rows()[app.cursor], app.rows()[app.cursor + 1]];
    app.update(Action::Char('1'));
    assert_eq!(
        app.current,
        Some(first),
        "recording does not move the cursor"
    );
    app.update(Action::Down);
    app.update(Action::Char('2'));
    assert_eq!(student(&app, first).decision_s2, Some(DecisionS2::Passage));
    assert_eq!(
        student(&app, second).decision_s2,
        Some(DecisionS2::Redoublement)
    );
    let message = app.message.clone().expect("message");
    assert!(
        message.text.contains(&student(&app, second).display_name()),
        "the message names the student: {}",
        message.text
    );
    // The exit form opens on the student whose decision was just recorded.
    app.update(Action::Char('e'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("exit form expected")
    };
    assert!(
        form.title.contains(&student(&app, second).display_name()),
        "{}",
        form.title
    );
}

#[test]
fn bilan_refusal_names_the_student() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    let id = app
        .rows()
        .into_iter()
        .find(|id| app.data.student(*id).expect("row").student.has_exited())
        .expect("an exited student in the demo");
    select(&mut app, id);
    app.update(Action::Char('1'));
    let message = app.message.clone().expect("message");
    assert!(message.error);
    assert!(
        message.text.contains(&student(&app, id).display_name()),
        "{}",
        message.text
    );
}

// ---------- Grid ----------

#[test]
fn question_mark_is_help_on_the_grid_too() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    let id = app.current.expect("current");
    let criterion = app.current_criterion().expect("criterion");
    let before = stored_level(&app, id, criterion);
    app.update(Action::Char('?'));
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    assert_eq!(stored_level(&app, id, criterion), before);
    assert_eq!(app.current, Some(id));
}

#[test]
fn the_last_row_of_a_column_is_written_once_then_entry_stops() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    app.update(Action::End);
    let last = app.current.expect("current");
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('1'));
    assert_eq!(stored_level(&app, last, criterion), Some(1));
    let message = app.message.clone().expect("message");
    assert!(message.text.contains("Fin de colonne"), "{}", message.text);
    // A run of keys does not keep overwriting the last cell.
    for key in ['2', '3', ' ', '.'] {
        app.update(Action::Char(key));
        assert_eq!(stored_level(&app, last, criterion), Some(1), "{key}");
        assert!(app.message.as_ref().is_some_and(|m| m.error), "{key}");
    }
    // Moving away and back makes the cell writable again.
    app.update(Action::Up);
    app.update(Action::Down);
    app.update(Action::Char('3'));
    assert_eq!(stored_level(&app, last, criterion), Some(3));
    // The stop belongs to that cell: another student chosen elsewhere is writable.
    app.update(Action::NextPane);
    let criterion = app.current_criterion().expect("criterion");
    assert!(!app.data.criteria[app.grid.column].domain.is_sensitive());
    app.update(Action::End);
    app.update(Action::Char('1'));
    assert!(app.grid.stopped_at.is_some());
    app.update(Action::GoTo(Screen::Students));
    app.update(Action::Home);
    app.update(Action::GoTo(Screen::Grid));
    let first = app.current.expect("current");
    assert_ne!(first, last);
    app.update(Action::Char('2'));
    assert_eq!(stored_level(&app, first, criterion), Some(2));
}

#[test]
fn the_row_direction_enters_one_student_at_a_time() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    assert_eq!(app.grid.direction, Direction::Down);
    app.update(Action::Char('d'));
    assert_eq!(app.grid.direction, Direction::Right);
    let id = app.current.expect("current");
    let columns = app.data.criteria.len();
    let ids: Vec<i64> = app.data.criteria.iter().map(|c| c.id).collect();
    // One key per criterion: the cursor runs along the row, then stops.
    for i in 0..columns {
        app.update(Action::Char(char::from(b'0' + (i % 4) as u8)));
    }
    assert_eq!(app.current, Some(id), "still on the same student");
    for (i, criterion) in ids.iter().enumerate() {
        assert_eq!(stored_level(&app, id, *criterion), Some((i % 4) as u8));
    }
    assert_eq!(app.grid.column, columns - 1);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Fin de ligne"))
    );
    app.update(Action::Char('3'));
    assert_eq!(
        stored_level(&app, id, ids[columns - 1]),
        Some(((columns - 1) % 4) as u8),
        "nothing more written in the last cell"
    );
    // Enter skips a cell without writing, in the chosen direction.
    app.update(Action::Home);
    app.update(Action::Left);
    let column = app.grid.column;
    app.update(Action::Confirm);
    assert_eq!(app.grid.column, column + 1);
    // The footer says where entry goes.
    assert!(render(&app, 80, 24).contains("saisie →"));
    app.update(Action::Char('d'));
    assert!(render(&app, 80, 24).contains("saisie ↓"));
}

#[test]
fn an_unbound_key_says_so() {
    let mut app = grid_app();
    app.update(Action::Char('z'));
    let message = app.message.clone().expect("message");
    assert!(
        message.error && message.text.contains('z'),
        "{}",
        message.text
    );
}

// ---------- Tables ----------

/// Every screen and mode with its own table.
fn every_table() -> Vec<App> {
    let mut apps = Vec::new();
    apps.push(empty_app());
    for screen in [
        Screen::Students,
        Screen::Grid,
        Screen::Meeting,
        Screen::Suivi,
        Screen::Bilan,
    ] {
        let mut app = demo_app();
        go(&mut app, screen);
        apps.push(app);
    }
    let mut page = demo_app();
    page.update(Action::Confirm);
    assert_eq!(page.screen, Screen::StudentPage);
    apps.push(page);
    let mut recap = demo_app();
    go(&mut recap, Screen::Meeting);
    recap.update(Action::Char('R'));
    assert_eq!(recap.meeting.view, passerelle::app::MeetingView::Recap);
    apps.push(recap);
    let mut row_entry = demo_app();
    go(&mut row_entry, Screen::Grid);
    row_entry.update(Action::Char('d'));
    apps.push(row_entry);
    apps
}

#[test]
fn every_table_binds_a_key_once_labels_every_action_and_drives_the_keymap() {
    for app in every_table() {
        let table = bindings(&app);
        let mut seen = HashSet::new();
        for binding in &table {
            assert!(!binding.label.is_empty(), "{:?}", binding.action);
            // The help box is 76 wide: 18 for the keys, the label in the rest.
            assert!(
                binding.label.chars().count() <= 56,
                "too long for the help box: {}",
                binding.label
            );
            assert!(!binding.keys.is_empty(), "{:?}", binding.action);
            for key in binding.keys {
                assert!(seen.insert(*key), "{:?}: {key:?} bound twice", app.screen);
                // The key does what its line says.
                let action = app.bound_action(*key).expect("bound");
                if !matches!(action, Action::GoTo(_)) {
                    assert_eq!(action, binding.action, "{:?} {key:?}", app.screen);
                }
            }
        }
        // `?` is help on every screen.
        assert_eq!(app.bound_action(Key::Char('?')), Some(Action::Help));
    }
}

#[test]
fn the_footer_and_the_help_agree() {
    for mut app in every_table() {
        let table = bindings(&app);
        let help = help_lines(&table);
        let help_keys: HashSet<String> = help.iter().flat_map(|(keys, _)| expand(keys)).collect();
        let footer = hint_lines(&table);
        assert!(!footer.is_empty(), "{:?}", app.screen);
        for (keys, hint) in &footer {
            for key in expand(keys) {
                assert!(
                    help_keys.contains(&key),
                    "{:?}: footer key {key} ({hint}) missing from the help",
                    app.screen
                );
            }
        }
        // What is rendered is what the tables say.
        let screen = render(&app, 200, 24);
        let last = screen.lines().last().expect("footer line").to_string();
        for (keys, hint) in &footer {
            assert!(
                last.contains(&format!("{keys} {hint}")),
                "{:?}: {last}",
                app.screen
            );
        }
        app.update(Action::Help);
        let shown = render(&app, 80, 60);
        for (keys, label) in &help {
            assert!(shown.contains(label), "{:?}: {label}", app.screen);
            let first = keys.split(' ').next().expect("a key");
            assert!(shown.contains(first), "{:?}: {first}", app.screen);
        }
    }
}

/// Keys of a help or footer line, ranges (0-3, F2-F6) spelt out.
fn expand(keys: &str) -> Vec<String> {
    keys.split(' ')
        .flat_map(|part| {
            let range = part.split_once('-').and_then(|(a, b)| {
                let (prefix, a, b) = match (a.strip_prefix('F'), b.strip_prefix('F')) {
                    (Some(a), Some(b)) => ("F", a, b),
                    _ => ("", a, b),
                };
                Some((prefix, a.parse::<u8>().ok()?, b.parse::<u8>().ok()?))
            });
            match (range, part) {
                (Some((prefix, a, b)), _) => (a..=b).map(|n| format!("{prefix}{n}")).collect(),
                // A pair of arrows stands for both keys.
                (None, "↑↓") => vec!["↑".to_string(), "↓".to_string()],
                (None, "←→") => vec!["←".to_string(), "→".to_string()],
                (None, _) => vec![part.to_string()],
            }
        })
        .collect()
}
