//! Performance benchmark of the terminal interface (issue 3): `cargo bench --bench tui`.
//!
//! On a demo database of 10 000 Bac Pro students (with their check-ins) it measures:
//! - the time from process start to the first full frame of the real binary, in a pty;
//! - the time of one keystroke (`App::update` + `Terminal::draw`) in the list and the grid;
//! - the bytes written to the terminal for a one-row move at 80×24;
//! - the resident memory of the real binary once its first frame is drawn.
//!
//! It prints a table and exits with 1 when a target is missed. Plain `main`, no harness.
//! `PASSERELLE_BENCH_DB=FILE` reuses (or creates once) the database instead of a temporary one;
//! `PASSERELLE_BENCH_ONLY=keys` (or `start`) runs only the in-process (or the pty) half.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::{HEIGHT, Row, WIDTH, ms, quantile};
use passerelle::app::{Action, App, Screen};
use passerelle::store::Store;

const STUDENTS: usize = 10_000;
const KEYSTROKES: usize = 2_000;
const START_RUNS: usize = 20;

/// Targets of issue 3 (keystroke and bytes: see `common`).
const TARGET_START_MS: f64 = 100.0;
const TARGET_RSS_MB: f64 = 60.0;

/// Escape sequence ratatui writes at the end of every frame (cursor hidden after drawing).
const END_OF_FRAME: &[u8] = b"\x1b[?25l";

fn main() -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let (_dir, db, generated) = common::database("PASSERELLE_BENCH_DB", STUDENTS, today);
    let mut rows = Vec::new();
    if let Some(seconds) = generated {
        rows.push(Row {
            what: format!("demo::generate, {STUDENTS} students"),
            value: format!("{seconds:.1} s"),
            target: "(info, ~30 s)".into(),
            ok: true,
        });
    }
    // `PASSERELLE_BENCH_ONLY=keys` or `=start` runs one half (for profiling).
    let only = std::env::var("PASSERELLE_BENCH_ONLY").unwrap_or_default();
    if only != "start" {
        keystrokes(&db, today, &mut rows);
    }
    if only != "keys" {
        start_and_memory(&db, &mut rows);
    }

    common::finish(&rows)
}

/// Times `update` + `draw` for the actions of two screens, counts the bytes of one-row moves.
fn keystrokes(db: &Path, today: NaiveDate, rows: &mut Vec<Row>) {
    let start = Instant::now();
    let mut store = Store::open(db).unwrap();
    rows.push(Row {
        what: "Store::open (in process)".into(),
        value: format!("{:.1} ms", ms(start.elapsed())),
        target: "(info)".into(),
        ok: true,
    });
    store.set_user("prof");
    let start = Instant::now();
    let mut app = App::new(store, today).unwrap();
    rows.push(Row {
        what: "App::new (load 10k students, in process)".into(),
        value: format!("{:.1} ms", ms(start.elapsed())),
        target: "(info)".into(),
        ok: true,
    });
    // The list: mostly one row at a time, down more than up, a page now and then.
    let list: Vec<Action> = (0..KEYSTROKES)
        .map(|i| match i % 10 {
            0..=5 | 9 => Action::Down,
            6 | 7 => Action::Up,
            _ => Action::PageDown,
        })
        .collect();
    // The grid: down the column and sideways across the criteria, back up now and then.
    let grid: Vec<Action> = (0..KEYSTROKES)
        .map(|i| match (i % 2, (i / 20) % 3) {
            (0, 2) => Action::Up,
            (0, _) => Action::Down,
            (_, 0) => Action::Right,
            _ => Action::Left,
        })
        .collect();
    for (name, screen, actions) in [
        ("list", Screen::Students, list),
        ("grid", Screen::Grid, grid),
    ] {
        app.go_to(screen);
        let prepare = |app: &mut App| {
            app.update(Action::Home);
            app.grid.column = 0;
        };
        let one_row = |a: &Action| matches!(a, Action::Up | Action::Down);
        common::rounds(name, &mut app, &actions, prepare, one_row, rows);
    }
}

/// What one run of the binary in a pty gave.
struct Run {
    first_frame: Duration,
    /// Resident memory and CPU time of the binary once its first frame is out.
    stats: Option<(u64, Duration)>,
}

/// Spawns `command` in an 80×24 pty (through `script`), times until the first frame ends.
fn run_in_pty(command: &str, measure_rss: bool) -> Run {
    let shell = format!("stty cols {WIDTH} rows {HEIGHT}; exec {command}");
    let start = Instant::now();
    let mut child = Command::new("script")
        .args(["-q", "-f", "-E", "never", "-c", &shell, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("`script` (util-linux) is needed to run the binary in a pty");
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        let mut sent = false;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if !sent && seen.windows(END_OF_FRAME.len()).any(|w| w == END_OF_FRAME) {
                let _ = tx.send(Instant::now());
                sent = true;
            }
        }
    });
    let end = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("no frame within 20 s");
    let first_frame = end - start;
    // Let the child reach its wait for a key before reading its figures.
    std::thread::sleep(Duration::from_millis(50));
    let stats = if measure_rss {
        child_stats(child.id())
    } else {
        None
    };
    if let Some(stdin) = child.stdin.as_mut() {
        let _ = stdin.write_all(b"q");
    }
    drop(child.stdin.take());
    let _ = child.wait();
    let _ = reader.join();
    Run { first_frame, stats }
}

/// VmRSS (kB) and time spent on a CPU so far of the process `script` runs (its only child).
///
/// Read while the child waits for a key, so that its CPU time is up to date.
fn child_stats(script_pid: u32) -> Option<(u64, Duration)> {
    let children =
        std::fs::read_to_string(format!("/proc/{script_pid}/task/{script_pid}/children")).ok()?;
    let pid = children.split_whitespace().next()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let schedstat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let ns = schedstat.split_whitespace().next()?.parse().ok()?;
    Some((rss, Duration::from_nanos(ns)))
}

/// Start to first frame of the release binary (median of 20), and its resident memory.
fn start_and_memory(db: &Path, rows: &mut Vec<Row>) {
    let binary = env!("CARGO_BIN_EXE_passerelle");
    let command = format!("{binary} --db {} --user bench", db.display());
    // The pty harness alone (script + sh + stty), to read the figures net of it.
    let mut harness: Vec<Duration> = (0..START_RUNS)
        .map(|_| run_in_pty(r"printf '\033[?25l'; sleep 0.1", false).first_frame)
        .collect();
    harness.sort();
    let mut runs: Vec<Run> = (0..START_RUNS)
        .map(|_| run_in_pty(&command, true))
        .collect();
    runs.sort_by_key(|r| r.first_frame);
    let median = ms(runs[START_RUNS / 2].first_frame);
    let harness_median = ms(harness[START_RUNS / 2]);
    rows.push(Row {
        what: format!("start → first frame, median of {START_RUNS}"),
        value: format!("{median:.1} ms"),
        target: format!("≤ {TARGET_START_MS} ms"),
        ok: median <= TARGET_START_MS,
    });
    rows.push(Row {
        what: "  min / max".into(),
        value: format!(
            "{:.1} / {:.1} ms",
            ms(runs[0].first_frame),
            ms(runs[START_RUNS - 1].first_frame)
        ),
        target: "(info)".into(),
        ok: true,
    });
    rows.push(Row {
        what: "  of which pty harness (script+sh+stty)".into(),
        value: format!("{harness_median:.1} ms"),
        target: "(info)".into(),
        ok: true,
    });
    let mut cpu: Vec<Duration> = runs.iter().filter_map(|r| r.stats.map(|s| s.1)).collect();
    cpu.sort();
    if !cpu.is_empty() {
        rows.push(Row {
            what: "  CPU time of the binary to first frame, median".into(),
            value: format!("{:.1} ms", ms(quantile(&cpu, 0.5))),
            target: "(info)".into(),
            ok: true,
        });
    }
    let mut rss: Vec<u64> = runs.iter().filter_map(|r| r.stats.map(|s| s.0)).collect();
    rss.sort_unstable();
    match rss.last() {
        Some(&max) => {
            let mb = max as f64 / 1024.0;
            rows.push(Row {
                what: "resident memory after first frame (max)".into(),
                value: format!("{mb:.1} MB"),
                target: format!("≤ {TARGET_RSS_MB} MB"),
                ok: mb <= TARGET_RSS_MB,
            });
        }
        None => rows.push(Row {
            what: "resident memory after first frame".into(),
            value: "unreadable".into(),
            target: format!("≤ {TARGET_RSS_MB} MB"),
            ok: false,
        }),
    }
}
