//! The command line at académie scale (issue 13): `cargo bench --bench cli`.
//!
//! On `demo --students 100000` (125,000 students with the other bacs, four
//! school years, about 67 lycées), runs the release binary for `list`,
//! `show ID`, `indicators` (text, `--json`, `--csv`, `--anonymous -o FILE`)
//! and `export csv -o FILE`, several times each, and
//! prints the median wall time and the largest resident memory (from `wait4`)
//! against the targets: ≤ 1 s and ≤ 100 MB each. The demo itself is timed too
//! (for information). Exits with 1 when a target is missed. Plain `main`.
//! `PASSERELLE_BENCH_CLI_DB=FILE` reuses (or creates once) the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use common::Row;

const STUDENTS: usize = 100_000;
const RUNS: usize = 5;
const TARGET_SECONDS: f64 = 1.0;
const TARGET_RSS_MB: f64 = 100.0;

fn main() -> ExitCode {
    let binary = Path::new(env!("CARGO_BIN_EXE_passerelle"));
    let dir = tempfile::tempdir().unwrap();
    let db = std::env::var_os("PASSERELLE_BENCH_CLI_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("cli.sqlite3"));
    let mut rows = Vec::new();
    if db.exists() {
        println!("Reusing {}", db.display());
    } else {
        println!("Generating {STUDENTS} demo students in {} …", db.display());
        let students = STUDENTS.to_string();
        let demo = run(binary, &db, &["demo", "--students", &students]);
        rows.push(Row::info(
            format!("demo --students {STUDENTS}"),
            format!("{:.1} s", demo.wall.as_secs_f64()),
        ));
        rows.push(Row::info("  resident memory (max)", mb(demo.max_rss_kb)));
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    rows.push(Row::info(
        "database file",
        format!("{:.0} MB", size as f64 / 1e6),
    ));
    let export = dir.path().join("export.csv");
    let export = export.to_str().unwrap();
    let anonymous = dir.path().join("anonymous.json");
    let anonymous = anonymous.to_str().unwrap();
    let show = format!("{}", STUDENTS / 2);
    let commands: [(&str, Vec<&str>); 7] = [
        ("list", vec!["list"]),
        ("show ID", vec!["show", &show]),
        ("indicators", vec!["indicators"]),
        ("indicators --json", vec!["indicators", "--json"]),
        ("indicators --csv", vec!["indicators", "--csv"]),
        (
            "indicators --anonymous -o FILE",
            vec!["indicators", "--anonymous", "-o", anonymous, "--force"],
        ),
        (
            "export csv -o FILE",
            vec!["export", "csv", "-o", export, "--force"],
        ),
    ];
    for (name, args) in &commands {
        let mut runs: Vec<Run> = (0..RUNS).map(|_| run(binary, &db, args)).collect();
        runs.sort_by_key(|r| r.wall);
        let median = runs[RUNS / 2].wall.as_secs_f64();
        let max_rss = runs.iter().map(|r| r.max_rss_kb).max().unwrap_or(0);
        rows.push(Row {
            what: format!("{name}, median of {RUNS}"),
            value: format!("{median:.2} s"),
            target: format!("≤ {TARGET_SECONDS} s"),
            ok: median <= TARGET_SECONDS,
        });
        rows.push(Row::info(
            "  min / max",
            format!(
                "{:.2} / {:.2} s",
                runs[0].wall.as_secs_f64(),
                runs[RUNS - 1].wall.as_secs_f64()
            ),
        ));
        rows.push(Row::info(
            "  CPU time (user + system), median",
            format!("{:.2} s", runs[RUNS / 2].cpu.as_secs_f64()),
        ));
        rows.push(Row {
            what: "  resident memory (max)".into(),
            value: mb(max_rss),
            target: format!("≤ {TARGET_RSS_MB} MB"),
            ok: (max_rss as f64 / 1024.0) <= TARGET_RSS_MB,
        });
    }
    rows.push(Row::info(
        "load average (1 min) at the end",
        std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "?".into()),
    ));
    common::finish(&rows)
}

/// One run of the binary: wall time, CPU time and peak resident memory.
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kb: i64,
}

/// Runs `passerelle --db DB ARGS…` (output thrown away); panics if it fails.
fn run(binary: &Path, db: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    // Reaped by `wait4` below, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(["--user", "bench"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, usage) = wait4(child.id());
    let wall = start.elapsed();
    assert!(status == 0, "passerelle {args:?} failed (status {status})");
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux gives kilobytes.
        max_rss_kb: usage.ru_maxrss,
    }
}

/// Waits for the child `pid`: its raw wait status and resource usage.
fn wait4(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid (plain integers), and wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = i32::try_from(pid).unwrap();
    // SAFETY: `pid` is our own child, not waited for yet; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    (status, usage)
}

fn mb(kb: i64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}
