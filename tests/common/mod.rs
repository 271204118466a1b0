//! Helpers shared by the TUI tests: deterministic apps, typing, rendering to text.
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use passerelle::app::{Action, App, Form, Overlay, Screen};
use passerelle::demo::{DemoOptions, generate};
use passerelle::model::Student;
use passerelle::store::Store;
use passerelle::ui::{Theme, View, ViewState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{Input, Key};
use unicode_width::UnicodeWidthStr;

/// The fixed "today" of every TUI test.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// Demo options used everywhere: 60 students, seed 1.
pub fn demo_options() -> DemoOptions {
    DemoOptions {
        students: 60,
        seed: 1,
        today: today(),
    }
}

/// An empty in-memory store (catalogue installed), user "prof".
pub fn empty_store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    store.set_user("prof");
    store
}

/// An in-memory store filled with the demo, user "prof".
pub fn demo_store() -> Store {
    let mut store = empty_store();
    generate(&mut store, &demo_options()).expect("demo");
    store
}

/// An app on the demo, opened on the students list.
pub fn demo_app() -> App {
    App::new(demo_store(), today()).expect("app")
}

/// An app on an empty database (welcome screen).
pub fn empty_app() -> App {
    App::new(empty_store(), today()).expect("app")
}

/// A file store at `path` with the given user.
pub fn file_store(path: &Path, user: &str) -> Store {
    let mut store = Store::open(path).expect("open file");
    store.set_user(user);
    store
}

/// Fills a file database with the demo.
pub fn demo_file(path: &Path) {
    let mut store = file_store(path, "prof");
    generate(&mut store, &demo_options()).expect("demo");
}

/// One key as typed into a text field.
pub fn input(key: Key) -> Action {
    Action::Text(Input {
        key,
        ..Input::default()
    })
}

/// Types `text` one character at a time into the field being edited.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(input(Key::Char(c)));
    }
}

/// Applies several actions in order.
pub fn press(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
}

/// Moves the cursor to the student with this last name on the current screen.
pub fn select(app: &mut App, id: i64) {
    app.update(Action::Home);
    let rows = app.rows();
    let pos = rows
        .iter()
        .position(|r| *r == id)
        .unwrap_or_else(|| panic!("student {id} not listed on {:?}", app.screen));
    for _ in 0..pos {
        app.update(Action::Down);
    }
    assert_eq!(app.current, Some(id));
}

/// Goes to a screen and checks it was reached.
pub fn go(app: &mut App, screen: Screen) {
    app.update(Action::GoTo(screen));
    assert_eq!(app.screen, screen);
}

/// Renders the app without colours at `width`×`height`, as a first frame (no
/// scroll kept from before); returns the lines, trailing spaces removed.
pub fn render(app: &App, width: u16, height: u16) -> String {
    render_with(app, &mut ViewState::default(), width, height)
}

/// Renders like [`render`], with the scroll offsets kept in `view` from frame to frame.
pub fn render_with(app: &App, view: &mut ViewState, width: u16, height: u16) -> String {
    let terminal = draw(app, view, width, height, false);
    text_of(terminal.backend().buffer(), width)
}

/// Renders in colour: the text, then under it each line's styled runs
/// (« 12 4-18 fg=Red bold »: line 12, columns 4 to 18), so that a snapshot
/// shows what colour and emphasis say besides the words.
pub fn render_colour(app: &App, width: u16, height: u16) -> String {
    let terminal = draw(app, &mut ViewState::default(), width, height, true);
    let buffer = terminal.backend().buffer();
    let mut out = text_of(buffer, width);
    out.push_str("\n--- styles (line col-col) ---");
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let style = |x: u16| {
                let cell = &buffer[(x, y)];
                (cell.fg, cell.bg, cell.modifier)
            };
            let first = style(x);
            let start = x;
            while x < buffer.area.width && style(x) == first {
                x += 1;
            }
            let (fg, bg, modifier) = first;
            if first != style_default() {
                let mut text = format!("\n{y:>2} {start}-{}", x - 1);
                if fg != ratatui::style::Color::Reset {
                    text.push_str(&format!(" fg={fg:?}"));
                }
                if bg != ratatui::style::Color::Reset {
                    text.push_str(&format!(" bg={bg:?}"));
                }
                if !modifier.is_empty() {
                    text.push_str(&format!(" {modifier:?}"));
                }
                out.push_str(&text);
            }
        }
    }
    out
}

fn style_default() -> (
    ratatui::style::Color,
    ratatui::style::Color,
    ratatui::style::Modifier,
) {
    (
        ratatui::style::Color::Reset,
        ratatui::style::Color::Reset,
        ratatui::style::Modifier::empty(),
    )
}

fn draw(
    app: &App,
    view: &mut ViewState,
    width: u16,
    height: u16,
    color: bool,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| {
            let widget = View::new(app, Theme { color });
            frame.render_stateful_widget(widget, frame.area(), view);
        })
        .expect("draw");
    terminal
}

/// The buffer's lines, trailing spaces removed; fails on a line wider than `width`.
fn text_of(buffer: &ratatui::buffer::Buffer, width: u16) -> String {
    let mut lines = Vec::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        assert!(
            line.width() <= width as usize,
            "line {y} is wider than {width}: {line:?}"
        );
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// Level stored for one grid cell (`None`: no row or not evaluated).
pub fn stored_level(app: &App, student: i64, criterion: i64) -> Option<u8> {
    app.store
        .grid_values(student)
        .expect("grid")
        .into_iter()
        .find(|g| g.criterion_id == criterion)
        .and_then(|g| g.level)
}

pub fn student(app: &App, id: i64) -> Student {
    app.store.student(id).expect("student")
}

/// The open form, or a panic.
pub fn form(app: &App) -> &Form {
    match &app.overlay {
        Some(Overlay::Form(form)) => form,
        _ => panic!("a form should be open"),
    }
}

/// Deletes the whole content of the focused one-line field.
pub fn clear_field(app: &mut App) {
    for _ in 0..40 {
        app.update(input(Key::Backspace));
    }
}

/// Opens the grid on its first row and first column.
pub fn grid_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Grid);
    assert_eq!((app.cursor, app.grid.column), (0, 0));
    app
}

/// Runs the real binary on `db` with `args` (no database from the environment).
pub fn passerelle_cli(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PASSERELLE_DB")
        .output()
        .expect("run passerelle")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
