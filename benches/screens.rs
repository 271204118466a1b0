//! Every screen at académie scale (issue 13): `cargo bench --bench screens`.
//!
//! On `demo --students 100000` it walks every screen of the app at 80×24, colours
//! on, through `App::update` + `Terminal::draw` on a byte-counting terminal: the
//! student list, the grid, the student page, the pré-conseil meeting (student,
//! recap, history), suivi, bilan, the Réglages tabs, the planner's levels, the
//! dashboard, the pickers and the help. For each it times every keystroke and
//! counts the bytes of each one-row move; a move that scrolls the content (rows
//! of the previous frame found again a few rows higher or lower) is counted apart.
//!
//! Targets: keystroke p99 ≤ 2 ms and worst one-row move ≤ 300 B on every screen;
//! it exits with 1 on a miss. Plain `main`, no harness.
//! `PASSERELLE_BENCH_SCREENS_DB=FILE` reuses (or creates once) the database;
//! `PASSERELLE_BENCH_SCREENS=list,grid` walks only the screens named;
//! `PASSERELLE_BENCH_DIFF=1` prints, for each screen, the rows of its worst
//! one-row move before and after (to see which cells changed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{HEIGHT, Row, WIDTH, ms, quantile};
use passerelle::app::dash::DashState;
use passerelle::app::planner::Level;
use passerelle::app::setup::catalogue::CatalogueList;
use passerelle::app::{Action, App, MeetingView, PlannerState, Screen, SetupTab};
use passerelle::store::Store;
use passerelle::ui::{Theme, Thrifty, View, ViewState};
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// A terminal that keeps what it is sent (the bytes of one keystroke).
struct Recorder(Rc<RefCell<Vec<u8>>>);

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type RecordingTerminal = Terminal<Thrifty<Recorder>>;

fn recording_terminal() -> (RecordingTerminal, Rc<RefCell<Vec<u8>>>) {
    let sent = Rc::new(RefCell::new(Vec::with_capacity(64 * 1024)));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
    };
    // Wrapped as the interface wraps it (run.rs).
    let backend = Thrifty::with_size(Recorder(sent.clone()), Size::new(WIDTH, HEIGHT));
    (Terminal::with_options(backend, options).unwrap(), sent)
}

const STUDENTS: usize = 100_000;
const KEYSTROKES: usize = 1_000;
const ROUNDS: usize = 3;
const TARGET_KEY_P99_MS: f64 = 2.0;
const TARGET_MOVE_BYTES: usize = 300;

/// One screen to walk: how to reach it, then the keystrokes.
struct Walk {
    name: &'static str,
    prepare: Box<dyn Fn(&mut App)>,
    actions: Vec<Action>,
}

fn main() -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let (_dir, db, generated) = common::database("PASSERELLE_BENCH_SCREENS_DB", STUDENTS, today);
    let mut rows = Vec::new();
    if let Some(seconds) = generated {
        rows.push(Row::info(
            format!("demo::generate, {STUDENTS} students"),
            format!("{seconds:.1} s"),
        ));
    }
    let mut store = Store::open(&db).unwrap();
    store.set_user("prof");
    let start = Instant::now();
    let mut app = App::new(store, today).unwrap();
    println!(
        "App::new: {:.0} ms, {} students of {:?}",
        ms(start.elapsed()),
        app.data.students.len(),
        app.filter.year
    );
    let only = std::env::var("PASSERELLE_BENCH_SCREENS").ok();
    let diff = std::env::var_os("PASSERELLE_BENCH_DIFF").is_some();
    let mut table = Vec::new();
    for walk in walks(&mut app) {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|n| n == walk.name))
        {
            continue;
        }
        let result = measure(&mut app, &walk, diff);
        table.push((walk.name, result));
    }
    print_table(&table, &mut rows);
    common::finish(&rows)
}

/// Down `n` times then up `n` times, again and again, with a PageDown now and then.
fn bounce(n: usize, page: bool) -> Vec<Action> {
    let n = n.max(1);
    (0..KEYSTROKES)
        .map(|i| {
            if page && i % 25 == 24 {
                Action::PageDown
            } else if (i / n).is_multiple_of(2) {
                Action::Down
            } else {
                Action::Up
            }
        })
        .collect()
}

/// The same two actions in turn (fields, pages, columns).
fn alternate(a: Action, b: Action, n: usize) -> Vec<Action> {
    (0..KEYSTROKES)
        .map(|i| {
            if (i / n).is_multiple_of(2) {
                a.clone()
            } else {
                b.clone()
            }
        })
        .collect()
}

fn screen(app: &mut App, screen: Screen) {
    app.overlay = None;
    app.update(Action::GoTo(Screen::Students));
    app.update(Action::GoTo(screen));
    app.update(Action::Home);
}

fn planner(app: &mut App, module: usize, group: usize, level: Level) {
    app.overlay = None;
    app.update(Action::GoTo(Screen::Planner));
    app.planner.level = Level::Modules;
    app.planner.grid.shown = false;
    app.planner.cursors = Default::default();
    app.planner.cursors[Level::Modules as usize] = module;
    if level >= Level::Groups {
        app.update(Action::EditField);
        app.planner.cursors[Level::Groups as usize] = group;
    }
    if level >= Level::Group {
        app.update(Action::EditField);
    }
    assert_eq!(app.planner.level, level, "{:?}", app.message);
}

fn setup(app: &mut App, tab: SetupTab, list: CatalogueList) {
    screen(app, Screen::Setup);
    while app.setup.tab != tab {
        app.update(Action::NextPane);
    }
    if tab == SetupTab::Catalogue {
        app.update(Action::ShowCatalogue(list));
    }
    app.update(Action::Home);
}

/// Every screen and what is done on it.
fn walks(app: &mut App) -> Vec<Walk> {
    app.update(Action::GoTo(Screen::Planner));
    let data = app.planner.data.clone();
    app.planner = PlannerState::default();
    let module = (0..data.modules.len())
        .max_by_key(|i| data.modules[*i].hours.groups)
        .unwrap_or(0);
    let groups = data.modules.get(module).map_or(0, |m| m.hours.groups);
    let biggest = common::biggest_group(&data);
    let (big_module, big_group) = biggest.map_or((0, 0), |(m, g, _)| (m, g));
    let items = biggest.map_or(0, |(_, _, b)| b.members + b.sessions);
    println!(
        "planner: {} modules, {} groups (most in one module: {groups}); biggest group: {items} rows",
        data.modules.len(),
        data.groups.len()
    );
    let lines = |a: Action| {
        (0..KEYSTROKES)
            .map(|i| {
                if i % 60 == 59 {
                    Action::Home
                } else {
                    a.clone()
                }
            })
            .collect::<Vec<_>>()
    };
    vec![
        Walk {
            name: "list",
            prepare: Box::new(|app| screen(app, Screen::Students)),
            actions: bounce(40, true),
        },
        Walk {
            name: "grid",
            prepare: Box::new(|app| {
                screen(app, Screen::Grid);
                app.grid.column = 0;
            }),
            actions: (0..KEYSTROKES)
                .map(|i| match (i % 2, (i / 20) % 3) {
                    (0, 2) => Action::Up,
                    (0, _) => Action::Down,
                    (_, 0) => Action::Right,
                    _ => Action::Left,
                })
                .collect(),
        },
        Walk {
            name: "page",
            prepare: Box::new(|app| {
                screen(app, Screen::Students);
                app.update(Action::OpenPage);
            }),
            actions: lines(Action::Down),
        },
        Walk {
            name: "meeting",
            prepare: Box::new(|app| screen(app, Screen::Meeting)),
            actions: (0..KEYSTROKES)
                .map(|i| match i % 10 {
                    9 => Action::NextStudent,
                    n if n < 4 || n == 8 => Action::NextField,
                    _ => Action::PrevField,
                })
                .collect(),
        },
        Walk {
            name: "meeting recap",
            prepare: Box::new(|app| {
                screen(app, Screen::Meeting);
                app.update(Action::ToggleRecap);
                assert_eq!(app.meeting.view, MeetingView::Recap);
            }),
            actions: lines(Action::Down),
        },
        Walk {
            name: "meeting history",
            prepare: Box::new(|app| {
                screen(app, Screen::Meeting);
                app.update(Action::OpenMeetingHistory);
                assert_eq!(app.meeting.view, MeetingView::History);
            }),
            actions: bounce(8, false),
        },
        Walk {
            name: "suivi",
            prepare: Box::new(|app| screen(app, Screen::Suivi)),
            actions: bounce(40, true),
        },
        Walk {
            name: "bilan",
            prepare: Box::new(|app| screen(app, Screen::Bilan)),
            actions: bounce(40, true),
        },
        Walk {
            name: "setup: établissement",
            prepare: Box::new(|app| setup(app, SetupTab::Establishment, CatalogueList::Modules)),
            actions: bounce(4, false),
        },
        Walk {
            name: "setup: équipe",
            prepare: Box::new(|app| setup(app, SetupTab::Team, CatalogueList::Modules)),
            actions: bounce(11, false),
        },
        Walk {
            name: "setup: calendrier",
            prepare: Box::new(|app| setup(app, SetupTab::Calendar, CatalogueList::Modules)),
            actions: bounce(10, false),
        },
        Walk {
            name: "setup: modules",
            prepare: Box::new(|app| setup(app, SetupTab::Catalogue, CatalogueList::Modules)),
            actions: bounce(14, false),
        },
        Walk {
            name: "setup: critères",
            prepare: Box::new(|app| setup(app, SetupTab::Catalogue, CatalogueList::Criteria)),
            actions: bounce(16, false),
        },
        Walk {
            name: "setup: difficultés",
            prepare: Box::new(|app| {
                setup(app, SetupTab::Catalogue, CatalogueList::DifficultyTypes)
            }),
            actions: bounce(8, false),
        },
        Walk {
            name: "planner: modules",
            prepare: Box::new(|app| planner(app, 0, 0, Level::Modules)),
            actions: bounce(data.modules.len().saturating_sub(1), false),
        },
        Walk {
            name: "planner: grid",
            prepare: Box::new(|app| {
                planner(app, 0, 0, Level::Modules);
                app.update(Action::TogglePlannerGrid);
            }),
            actions: (0..KEYSTROKES)
                .map(|i| match (i % 2, (i / 10) % 2) {
                    (0, 0) => Action::Down,
                    (0, _) => Action::Up,
                    (_, 0) => Action::Right,
                    _ => Action::Left,
                })
                .collect(),
        },
        Walk {
            name: "planner: enveloppes",
            prepare: Box::new(|app| {
                planner(app, 0, 0, Level::Modules);
                app.update(Action::ShowEnvelopes);
            }),
            actions: bounce(3, false),
        },
        Walk {
            name: "planner: groups",
            prepare: Box::new(move |app| planner(app, module, 0, Level::Groups)),
            actions: bounce(groups.saturating_sub(1).min(100), true),
        },
        Walk {
            name: "planner: group",
            prepare: Box::new(move |app| planner(app, big_module, big_group, Level::Group)),
            actions: bounce(items.saturating_sub(1), false),
        },
        Walk {
            name: "dashboard",
            prepare: Box::new(|app| {
                app.dash = DashState::default();
                screen(app, Screen::Dashboard);
            }),
            actions: (0..KEYSTROKES)
                .map(|i| match i % 8 {
                    0..=2 => Action::Down,
                    3..=5 => Action::Up,
                    _ => Action::Right,
                })
                .collect(),
        },
        Walk {
            name: "picker: modules",
            prepare: Box::new(|app| {
                screen(app, Screen::Meeting);
                app.update(Action::OpenModulePicker);
                assert!(app.overlay.is_some(), "{:?}", app.message);
            }),
            actions: bounce(12, false),
        },
        Walk {
            name: "picker: référent",
            prepare: Box::new(|app| {
                screen(app, Screen::Meeting);
                app.update(Action::OpenReferentPicker);
                assert!(app.overlay.is_some(), "{:?}", app.message);
            }),
            actions: bounce(11, false),
        },
        Walk {
            name: "picker: qui êtes-vous",
            prepare: Box::new(|app| {
                screen(app, Screen::Students);
                app.ask_who();
                assert!(app.overlay.is_some());
            }),
            actions: bounce(11, false),
        },
        Walk {
            name: "help",
            prepare: Box::new(|app| {
                screen(app, Screen::Grid);
                app.update(Action::Help);
                assert!(app.overlay.is_some());
            }),
            actions: alternate(Action::Down, Action::Up, 20),
        },
    ]
}

/// What one screen gave (the least disturbed round).
struct Measure {
    times: Vec<Duration>,
    worst_p99: f64,
    still: Vec<usize>,
    scrolled: Vec<usize>,
    skipped: Option<String>,
}

fn is_move(a: &Action) -> bool {
    matches!(
        a,
        Action::Up | Action::Down | Action::NextField | Action::PrevField
    )
}

fn draw(terminal: &mut RecordingTerminal, app: &App, view: &mut ViewState) -> Buffer {
    let theme = Theme { color: true };
    terminal
        .draw(|f| f.render_stateful_widget(View::new(app, theme), f.area(), view))
        .unwrap()
        .buffer
        .clone()
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
}

/// True when the content moved up or down: at least two rows that changed are
/// found, unchanged, a few rows away in the previous frame.
fn scrolled(before: &Buffer, after: &Buffer) -> bool {
    shifted(before, after, before.area.width) || shifted(before, after, before.area.width / 2)
}

/// Rows (their first `width` cells) that changed and are found a few rows away.
fn shifted(before: &Buffer, after: &Buffer, width: u16) -> bool {
    let h = before.area.height;
    let text = |buf: &Buffer, y: u16| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let old: Vec<String> = (0..h).map(|y| text(before, y)).collect();
    let new: Vec<String> = (0..h).map(|y| text(after, y)).collect();
    let shifted = (0..h as usize)
        .filter(|&y| {
            new[y] != old[y]
                && new[y].trim().len() > 3
                && (1..=12).any(|d| {
                    (y >= d && old[y - d] == new[y]) || (y + d < old.len() && old[y + d] == new[y])
                })
        })
        .count();
    shifted >= 2
}

/// The rows that differ between two frames, cell by cell (symbols and styles).
fn changed_rows(before: &Buffer, after: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..before.area.height {
        let changed = (0..before.area.width).any(|x| before[(x, y)] != after[(x, y)]);
        if changed {
            out.push_str(&format!(
                "  {y:>2} - {}\n  {y:>2} + {}\n",
                row_text(before, y),
                row_text(after, y)
            ));
        }
    }
    out
}

fn measure(app: &mut App, walk: &Walk, diff: bool) -> Measure {
    let mut rounds = Vec::new();
    for round in 0..ROUNDS {
        (walk.prepare)(app);
        let (mut terminal, sent) = recording_terminal();
        let mut view = ViewState::default();
        let mut before = draw(&mut terminal, app, &mut view);
        let mut times = Vec::with_capacity(walk.actions.len());
        let mut still = Vec::new();
        let mut scrolls = Vec::new();
        let mut worst: Option<(usize, String)> = None;
        for action in &walk.actions {
            sent.borrow_mut().clear();
            let start = Instant::now();
            app.update(action.clone());
            let after = draw(&mut terminal, app, &mut view);
            times.push(start.elapsed());
            if is_move(action) && after != before {
                let bytes = sent.borrow().len();
                if scrolled(&before, &after) {
                    scrolls.push(bytes);
                } else {
                    if diff && round == 0 && worst.as_ref().is_none_or(|w| bytes > w.0) {
                        let escaped = String::from_utf8_lossy(&sent.borrow()).replace('\x1b', "␛");
                        let rows = changed_rows(&before, &after);
                        worst = Some((bytes, format!("{rows}  sent: {escaped}\n")));
                    }
                    still.push(bytes);
                }
            }
            before = after;
        }
        times.sort();
        still.sort_unstable();
        scrolls.sort_unstable();
        if let Some((bytes, rows)) = worst {
            println!("{}: worst one-row move, {bytes} B:\n{rows}", walk.name);
        }
        rounds.push(Measure {
            times,
            worst_p99: 0.0,
            still,
            scrolled: scrolls,
            skipped: None,
        });
    }
    let p99 = |m: &Measure| ms(quantile(&m.times, 0.99));
    let worst_p99 = rounds.iter().map(p99).fold(0.0, f64::max);
    let mut best = rounds
        .into_iter()
        .min_by(|a, b| p99(a).total_cmp(&p99(b)))
        .unwrap();
    best.worst_p99 = worst_p99;
    if best.still.is_empty() && best.scrolled.is_empty() {
        best.skipped = Some("no move changed the screen".into());
    }
    best
}

fn print_table(table: &[(&str, Measure)], rows: &mut Vec<Row>) {
    println!();
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>11} {:>6} {:>11}",
        "screen", "p50 ms", "p99 ms", "worst99", "bytes med", "max", "scroll med"
    );
    for (name, m) in table {
        let p50 = ms(quantile(&m.times, 0.5));
        let p99 = ms(quantile(&m.times, 0.99));
        let (median, max) = if m.still.is_empty() {
            (0, 0)
        } else {
            (quantile(&m.still, 0.5), *m.still.last().unwrap())
        };
        let scroll = if m.scrolled.is_empty() {
            "-".to_string()
        } else {
            format!("{} ({})", quantile(&m.scrolled, 0.5), m.scrolled.len())
        };
        println!(
            "{name:<22} {p50:>8.3} {p99:>8.3} {:>8.3} {median:>11} {max:>6} {scroll:>11}",
            m.worst_p99
        );
        rows.push(Row {
            what: format!("{name}: keystroke p99"),
            value: format!("{p99:.3} ms"),
            target: format!("≤ {TARGET_KEY_P99_MS} ms"),
            ok: p99 <= TARGET_KEY_P99_MS,
        });
        if let Some(why) = &m.skipped {
            rows.push(Row::info(format!("{name}: bytes"), why.clone()));
        } else if !m.still.is_empty() {
            rows.push(Row {
                what: format!("{name}: worst one-row move"),
                value: format!("{max} B"),
                target: format!("≤ {TARGET_MOVE_BYTES} B"),
                ok: max <= TARGET_MOVE_BYTES,
            });
        }
    }
}
