//! Printing the contracts of one section (issue 11): `cargo bench --bench print`.
//!
//! A plain `main` like the other benches: builds a demo database, then times
//! `print contract --all --section CODE` (the very function the command runs:
//! one PDF/A per student plus the combined file, written to a temporary folder)
//! for the section with most students in a parcours, taken to 35 students.
//! Five runs; the median is checked against the target (≤ 2 s). Exit 1 if missed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::ExitCode;
use std::time::Instant;

use common::{Row, ms, quantile};
use passerelle::cli::print::{AllContracts, run_all_contracts};
use passerelle::store::Store;

const TARGET_S: f64 = 2.0;
const RUNS: usize = 5;
const WANTED: usize = 35;

fn main() -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let (_dir, path, generated) = common::database("PASSERELLE_BENCH_PRINT_DB", 500, today);
    let mut rows = Vec::new();
    if let Some(seconds) = generated {
        rows.push(Row::info(
            "demo::generate, 500 students",
            format!("{seconds:.1} s"),
        ));
    }
    let store = Store::open(&path).unwrap();
    let year = passerelle::model::school_year_of(today);
    // The section with most students in a parcours this year.
    let students = store.student_rows_in(Some(&year)).unwrap();
    let mut counts: Vec<(usize, String)> = Vec::new();
    for row in students.iter().filter(|r| r.student.in_parcours()) {
        match counts.iter_mut().find(|(_, c)| *c == row.section_code) {
            Some((n, _)) => *n += 1,
            None => counts.push((1, row.section_code.clone())),
        }
    }
    counts.sort();
    let (count, section) = counts.pop().expect("a section with students in a parcours");
    rows.push(Row::info(
        format!("students in a parcours, {section}"),
        count.to_string(),
    ));
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let out = tempfile::tempdir().unwrap();
        let all = AllContracts {
            section: Some(&section),
            year: Some(&year),
            dir: out.path(),
            force: false,
        };
        let start = Instant::now();
        run_all_contracts(&store, &all).unwrap();
        let elapsed = start.elapsed();
        let files = std::fs::read_dir(out.path()).unwrap().count();
        assert_eq!(files, count + 1, "one PDF per student and the combined one");
        times.push(elapsed);
    }
    times.sort();
    let median = quantile(&times, 0.5);
    // Scaled to 35 contracts when the section has another number.
    let per_35 = median.as_secs_f64() * WANTED as f64 / count as f64;
    rows.push(Row::info(
        format!("{count} contracts + combined, median of {RUNS}"),
        format!("{:.0} ms", ms(median)),
    ));
    rows.push(Row {
        what: format!("{WANTED} contracts (one section)"),
        value: format!("{per_35:.2} s"),
        target: format!("≤ {TARGET_S} s"),
        ok: per_35 <= TARGET_S,
    });
    common::finish(&rows)
}
