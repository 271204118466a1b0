//! Performance benchmark of the terminal interface (issues 3 and 13): `cargo bench --bench tui`.
//!
//! On demo databases of 10 000 and 100 000 Bac Pro students it measures:
//! - the time from process start to the first frame of the real binary in an 80×24 pty
//!   (the list's first student on the screen), and to the frame with every student of
//!   the year read (the header's counts shown), against VisiData opening the same
//!   students as CSV in the same pty, in the same run (first rows shown, all rows read);
//! - the time of one keystroke (`App::update` + `Terminal::draw`) in the list and the
//!   grid, and the bytes written to the terminal for a one-row move (10 000 students);
//! - the resident memory of the real binary once it has read every student of the year.
//!
//! It prints a table and exits with 1 when a target is missed. Plain `main`, no harness.
//! `PASSERELLE_BENCH_DB=FILE` and `PASSERELLE_BENCH_DB_100K=FILE` reuse (or create once)
//! the databases instead of temporary ones; `PASSERELLE_BENCH_ONLY=keys` (or `start`)
//! runs only the in-process (or the pty) half. VisiData: `PASSERELLE_BENCH_VD=PATH`, or
//! `vd` on the PATH, else the bench installs it with pip into `target/bench-venv`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::{HEIGHT, Row, WIDTH, ms};
use passerelle::app::{Action, App, Screen};
use passerelle::store::Store;

const STUDENTS: usize = 10_000;
const ACADEMIE: usize = 100_000;
const KEYSTROKES: usize = 2_000;
const START_RUNS: usize = 20;
/// VisiData takes a few hundred milliseconds a run: fewer runs.
const PEER_RUNS: usize = 10;

/// Targets of issue 13 (keystroke and bytes: see `common`).
const TARGET_START_MS: f64 = 15.0;
const TARGET_START_100K_MS: f64 = 25.0;
const TARGET_RSS_MB: f64 = 60.0;
const TARGET_RSS_100K_MB: f64 = 100.0;

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
        start_and_memory(&db, "10k", TARGET_START_MS, TARGET_RSS_MB, &mut rows);
        let (_dir, big, generated) = common::database("PASSERELLE_BENCH_DB_100K", ACADEMIE, today);
        if let Some(seconds) = generated {
            rows.push(Row::info(
                format!("demo::generate, {ACADEMIE} students"),
                format!("{seconds:.1} s"),
            ));
        }
        start_and_memory(
            &big,
            "100k",
            TARGET_START_100K_MS,
            TARGET_RSS_100K_MB,
            &mut rows,
        );
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

/// What one run of a program in a pty gave.
struct Run {
    /// When each marker was first true, from the spawn.
    times: Vec<Option<Duration>>,
    /// Resident memory (kB) and CPU time of the program once every marker was seen.
    stats: Option<(u64, Duration)>,
}

/// Something looked for in what the program wrote: raw bytes, or the 80×24 screen.
enum Marker {
    /// Passerelle's end of frame (ratatui hides the cursor after drawing).
    Bytes(&'static [u8]),
    /// A condition on the screen's text, as a vt100 terminal shows it.
    Screen(Box<dyn Fn(&str) -> bool + Send>),
}

/// A screen line holding a student's last and first names (any case): the first row
/// of the list drawn, in Passerelle (« BARBIER Adam ») as in VisiData (« Barbier │ Adam »).
fn shows_student(last: &str, first: &str) -> Marker {
    let (last, first) = (last.to_lowercase(), first.to_lowercase());
    Marker::Screen(Box::new(move |screen: &str| {
        screen.lines().any(|line| {
            let line = line.to_lowercase();
            line.find(&last)
                .is_some_and(|i| line[i + last.len()..].contains(&first))
        })
    }))
}

/// Spawns `command` in an 80×24 pty (through `script`) and times each marker; the
/// screen is rebuilt by the same vt100 parser the end-to-end tests use.
fn run_in_pty(command: &str, env: &[(&str, &str)], markers: Vec<Marker>, measure: bool) -> Run {
    let shell = format!("stty cols {WIDTH} rows {HEIGHT}; exec {command}");
    let count = markers.len();
    let start = Instant::now();
    let mut child = Command::new("script")
        .args(["-q", "-f", "-E", "never", "-c", &shell, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("`script` (util-linux) is needed to run the binary in a pty");
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut parser = vt100::Parser::new(
            std::num::NonZeroU16::new(HEIGHT).unwrap(),
            std::num::NonZeroU16::new(WIDTH).unwrap(),
            0,
        );
        let mut buf = [0u8; 65536];
        let mut done = vec![false; markers.len()];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            let now = Instant::now();
            seen.extend_from_slice(&buf[..n]);
            parser.process(&buf[..n]);
            let mut screen = None;
            for (i, marker) in markers.iter().enumerate() {
                if done[i] {
                    continue;
                }
                let hit = match marker {
                    Marker::Bytes(b) => seen.windows(b.len()).any(|w| w == *b),
                    Marker::Screen(test) => {
                        test(screen.get_or_insert_with(|| parser.screen().contents()))
                    }
                };
                if hit {
                    done[i] = true;
                    let _ = tx.send((i, now));
                }
            }
        }
    });
    let mut times = vec![None; count];
    let deadline = Instant::now() + Duration::from_secs(60);
    while times.iter().any(Option::is_none) {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        match rx.recv_timeout(left) {
            Ok((i, at)) => times[i] = Some(at - start),
            Err(_) => break,
        }
    }
    // Let the child reach its wait for a key before reading its figures.
    std::thread::sleep(Duration::from_millis(50));
    let stats = if measure {
        child_stats(child.id())
    } else {
        None
    };
    let _ = child.kill();
    let _ = child.wait();
    drop(child.stdin.take());
    let _ = reader.join();
    Run { times, stats }
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

/// Median of the runs' times for one marker (`None` when a run never saw it).
fn median_of(runs: &[Run], marker: usize) -> Option<Duration> {
    let mut times: Vec<Duration> = runs
        .iter()
        .map(|r| r.times[marker])
        .collect::<Option<_>>()?;
    times.sort();
    Some(times[times.len() / 2])
}

/// The first student of the list (name order), as the first frame shows it.
fn first_student(db: &Path) -> (String, String) {
    let store = Store::open_without_check(db).unwrap();
    let year = store
        .cohorts()
        .unwrap()
        .into_iter()
        .map(|c| c.school_year)
        .max()
        .unwrap();
    let row = store
        .student_rows_page(&year, 1)
        .unwrap()
        .unwrap()
        .remove(0);
    (row.student.last_name, row.student.first_name)
}

/// VisiData's status line once the whole file is read (« 12507 rows »).
fn all_rows_loaded(rows: usize) -> Marker {
    let loaded = format!("{rows} rows");
    Marker::Screen(Box::new(move |screen: &str| {
        screen.lines().last().is_some_and(|l| l.contains(&loaded))
    }))
}

/// VisiData, the peer of the first frame: `PASSERELLE_BENCH_VD=PATH`, else `vd` on the
/// PATH, else installed once with pip into `target/bench-venv` (PyPI is reachable).
fn visidata() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PASSERELLE_BENCH_VD") {
        return Some(PathBuf::from(path));
    }
    let on_path = Command::new("sh")
        .args(["-c", "command -v vd"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string()));
    if on_path.is_some() {
        return on_path;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-venv");
    let vd = venv.join("bin/vd");
    if !vd.exists() {
        println!(
            "Installing VisiData {VISIDATA} into {} (pip) …",
            venv.display()
        );
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args(["install", "-q", &format!("visidata=={VISIDATA}")])
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            println!(
                "VisiData could not be installed (python3 -m venv, pip install visidata=={VISIDATA}): \
                 the peer is left out."
            );
            return None;
        }
    }
    Some(vd)
}

/// The VisiData release measured (BENCHMARKS.md names it).
const VISIDATA: &str = "3.4";

/// Start-up of the release binary (median of 20) against VisiData opening the same
/// students as CSV, in the same pty, in the same run; resident memory once all is read.
fn start_and_memory(
    db: &Path,
    label: &str,
    target_ms: f64,
    target_rss_mb: f64,
    rows: &mut Vec<Row>,
) {
    let binary = env!("CARGO_BIN_EXE_passerelle");
    let command = format!("{binary} --db {} --user bench", db.display());
    let (last, first) = first_student(db);
    // The pty harness alone (script + sh + stty), to read the figures net of it.
    let mut harness: Vec<Duration> = (0..START_RUNS)
        .map(|_| {
            run_in_pty(
                r"printf '\033[?25l'; sleep 0.1",
                &[],
                vec![Marker::Bytes(END_OF_FRAME)],
                false,
            )
            .times[0]
                .unwrap()
        })
        .collect();
    harness.sort();
    let harness = harness[START_RUNS / 2];
    // Passerelle: the first frame (the first page of the list), then the frame with
    // the header's counts (every student of the year read).
    let counted = || {
        Marker::Screen(Box::new(|screen: &str| {
            screen
                .lines()
                .next()
                .and_then(|l| l.split("Repérage ").nth(1))
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        }))
    };
    let runs: Vec<Run> = (0..START_RUNS)
        .map(|_| {
            run_in_pty(
                &command,
                &[],
                vec![shows_student(&last, &first), counted()],
                true,
            )
        })
        .collect();
    let Some(first_frame) = median_of(&runs, 0) else {
        rows.push(Row {
            what: format!("{label}: first frame"),
            value: "never seen".into(),
            target: format!("≤ {target_ms} ms"),
            ok: false,
        });
        return;
    };
    let full = median_of(&runs, 1);
    // VisiData on the same students exported as CSV (the export's first row is the
    // list's first student, too).
    let peer = visidata().and_then(|vd| {
        let csv = db.with_extension("csv");
        if !csv.exists() {
            let status = Command::new(binary)
                .args(["--db"])
                .arg(db)
                .args(["export", "csv", "-o"])
                .arg(&csv)
                .stdout(Stdio::null())
                .status()
                .ok()?;
            if !status.success() {
                return None;
            }
        }
        let students = std::fs::read_to_string(&csv).ok()?.lines().count() - 1;
        let home = tempfile::tempdir().ok()?;
        let home_path = home.path().to_str()?.to_string();
        let command = format!("{} --csv-delimiter=';' {}", vd.display(), csv.display());
        let env = [("HOME", home_path.as_str()), ("TERM", "xterm-256color")];
        let runs: Vec<Run> = (0..PEER_RUNS)
            .map(|_| {
                run_in_pty(
                    &command,
                    &env,
                    vec![shows_student(&last, &first), all_rows_loaded(students)],
                    false,
                )
            })
            .collect();
        Some((median_of(&runs, 0)?, median_of(&runs, 1)))
    });
    let first_ms = ms(first_frame);
    rows.push(Row {
        what: format!("{label}: start → first frame, median"),
        value: format!("{first_ms:.1} ms"),
        target: format!("≤ {target_ms} ms"),
        ok: first_ms <= target_ms,
    });
    rows.push(Row::info(
        "  net of the pty harness (script+sh+stty)",
        format!("{:.1} ms", ms(first_frame.saturating_sub(harness))),
    ));
    if let Some((peer_first, _)) = &peer {
        rows.push(Row::info(
            format!("  VisiData {VISIDATA}, same rows as CSV"),
            format!("{:.1} ms", ms(*peer_first)),
        ));
        rows.push(Row::info(
            "  ratio Passerelle / VisiData",
            format!("{:.3}", ms(first_frame) / ms(*peer_first)),
        ));
    }
    if let Some(full) = full {
        rows.push(Row::info(
            format!("{label}: start → every student read"),
            format!("{:.1} ms", ms(full)),
        ));
    }
    if let Some((_, Some(peer_full))) = &peer {
        rows.push(Row::info(
            "  VisiData: every row loaded",
            format!("{:.1} ms", ms(*peer_full)),
        ));
        if let Some(full) = full {
            rows.push(Row::info(
                "  ratio Passerelle / VisiData",
                format!("{:.3}", ms(full) / ms(*peer_full)),
            ));
        }
    }
    let mut rss: Vec<u64> = runs.iter().filter_map(|r| r.stats.map(|s| s.0)).collect();
    rss.sort_unstable();
    match rss.last() {
        Some(&max) => {
            let mb = max as f64 / 1024.0;
            rows.push(Row {
                what: format!("{label}: resident memory, all read (max)"),
                value: format!("{mb:.1} MB"),
                target: format!("≤ {target_rss_mb} MB"),
                ok: mb <= target_rss_mb,
            });
        }
        None => rows.push(Row {
            what: format!("{label}: resident memory"),
            value: "unreadable".into(),
            target: format!("≤ {target_rss_mb} MB"),
            ok: false,
        }),
    }
}
