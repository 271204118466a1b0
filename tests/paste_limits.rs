//! Long input: text fields have a stated limit, a paste is one bounded block, and a
//! paste sent as keystrokes never spills out of its field into commands.

mod common;

use common::*;
use passerelle::app::{Action, Overlay, Screen, TextPurpose};
use passerelle::model::text::{LINE_MAX_CHARS, TEXT_MAX_CHARS};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::Key;

fn stored_comment(app: &passerelle::app::App, student: i64, criterion: i64) -> Option<String> {
    app.store
        .grid_values(student)
        .expect("grid")
        .into_iter()
        .find(|g| g.criterion_id == criterion)
        .and_then(|g| g.comment)
}

#[test]
fn a_huge_paste_is_cut_to_the_limit_and_saved_at_once() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    let id = app.current.expect("current");
    let criterion = app.current_criterion().expect("criterion");
    app.update(Action::Char('c'));
    let huge = "Une longue remarque collée depuis un courriel.\n".repeat(220_000);
    assert!(huge.len() > 10_000_000);
    let started = std::time::Instant::now();
    app.update(Action::Paste(huge));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("4\u{202f}000 caractères au plus")),
        "{:?}",
        app.message
    );
    let Some(Overlay::Text(editor)) = &app.overlay else {
        panic!("editor open")
    };
    assert_eq!(editor.used(), (TEXT_MAX_CHARS, TEXT_MAX_CHARS));
    render(&app, 80, 24);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    // Not a timing test: a sanity bound far above what the bounded work needs.
    assert!(started.elapsed().as_secs() < 20);
    let comment = stored_comment(&app, id, criterion).expect("saved");
    assert!(comment.chars().count() <= TEXT_MAX_CHARS);
}

#[test]
fn typing_stops_at_the_limit_of_a_one_line_field() {
    let mut app = demo_app();
    app.update(Action::Char('+'));
    type_text(&mut app, &"x".repeat(LINE_MAX_CHARS + 50));
    let value = form(&app).get("last_name");
    assert_eq!(value.chars().count(), LINE_MAX_CHARS);
    assert!(
        form(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("200"))
    );
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn a_paste_sent_as_keystrokes_never_runs_as_commands() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    let first = app.current.expect("current");
    app.update(Action::Char('c'));
    // A one-line editor (first check-in date) would close on Enter: use the
    // multi-line comment and a single-line date to check both.
    let text = "ligne un\nuuuu 3333 RRRR\nfin";
    let events: Vec<Event> = text
        .chars()
        .map(|c| match c {
            '\n' => key(KeyCode::Enter),
            c => key(KeyCode::Char(c)),
        })
        .collect();
    let mut burst = passerelle::ui::keymap::Burst::default();
    let n = events.len();
    for (i, event) in events.iter().enumerate() {
        burst.apply(&mut app, event, i + 1 < n);
    }
    let Some(Overlay::Text(editor)) = &app.overlay else {
        panic!("still editing")
    };
    assert_eq!(editor.area.lines().join("\n"), text);

    // In a one-line editor, the line break of a paste is a space, not "save".
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    go(&mut app, Screen::Meeting);
    let id = app.current.expect("current");
    app.open_text(TextPurpose::FirstCheckin { student: id });
    for _ in 0..12 {
        app.update(input(Key::Backspace));
    }
    let before = student(&app, first).verdict;
    let pasted = "01/12/2026\nRRRR uuuu 3333";
    let events: Vec<Event> = pasted
        .chars()
        .map(|c| match c {
            '\n' => key(KeyCode::Enter),
            c => key(KeyCode::Char(c)),
        })
        .collect();
    let n = events.len();
    for (i, event) in events.iter().enumerate() {
        burst.apply(&mut app, event, i + 1 < n);
    }
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    assert_eq!(student(&app, first).verdict, before, "no verdict key ran");
}

#[test]
fn save_after_a_long_paste_sent_as_keystrokes() {
    let mut app = grid_app();
    app.update(Action::Char('m'));
    app.update(Action::Char('c'));
    let text = "abc def\n".repeat(1000);
    let mut burst = passerelle::ui::keymap::Burst::default();
    let events: Vec<Event> = text
        .chars()
        .map(|c| match c {
            '\n' => key(KeyCode::Enter),
            c => key(KeyCode::Char(c)),
        })
        .collect();
    let n = events.len();
    for (i, event) in events.iter().enumerate() {
        burst.apply(&mut app, event, i + 1 < n);
    }
    let save = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    burst.apply(&mut app, &save, false);
    assert!(app.overlay.is_none(), "{:?}", app.message);
}

#[test]
fn typing_ahead_through_a_form_is_not_taken_for_a_paste_that_spilled() {
    // Over a slow link, a whole form arrives at once: focus reaching a choice
    // field is not the field closing, and nothing is dropped.
    let mut app = demo_app();
    app.update(Action::Char('+'));
    let mut events: Vec<Event> = "Dupont".chars().map(|c| key(KeyCode::Char(c))).collect();
    events.push(key(KeyCode::Tab));
    events.extend("Marie".chars().map(|c| key(KeyCode::Char(c))));
    events.extend((0..3).map(|_| key(KeyCode::Tab)));
    events.push(key(KeyCode::Right));
    let mut burst = passerelle::ui::keymap::Burst::default();
    let n = events.len();
    for (i, event) in events.iter().enumerate() {
        burst.apply(&mut app, event, i + 1 < n);
    }
    assert!(app.message.is_none(), "{:?}", app.message);
    assert_eq!(form(&app).get("last_name"), "Dupont");
    assert_eq!(form(&app).get("first_name"), "Marie");
    assert_ne!(
        form(&app).get("sector"),
        "",
        "the Right key reached the sector choice"
    );
}
