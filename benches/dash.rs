//! Performance benchmark of the dashboard, F9 (issue 12): `cargo bench --bench dash`.
//!
//! On `demo --students 10000` it measures in process, at 80×24:
//! - the first frame: `App::update(GoTo(Dashboard))` (which reads the indicator
//!   inputs, the check-ins and the hours, then computes the figures) + draw;
//! - keystrokes (update + draw): moves between figures and pages, and a filter
//!   change (figures computed again from the inputs kept in memory).
//!
//! It prints a table and exits with 1 when a target is missed. Plain `main`, no harness.
//! `PASSERELLE_BENCH_DB=FILE` reuses (or creates once) the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{Row, counting_terminal, draw, ms, quantile};
use passerelle::app::dash::{DashFilter, DashState};
use passerelle::app::{Action, App, Screen};
use passerelle::store::Store;
use passerelle::ui::ViewState;

const STUDENTS: usize = 10_000;
const FIRST_FRAME_RUNS: usize = 10;
const TARGET_FIRST_FRAME_MS: f64 = 200.0;
/// A filter change computes every figure again: « a few ms ».
const TARGET_FILTER_MS: f64 = 10.0;

fn main() -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let (_dir, db, generated) = common::database("PASSERELLE_BENCH_DB", STUDENTS, today);
    let mut rows = Vec::new();
    if let Some(seconds) = generated {
        rows.push(Row::info(
            format!("demo::generate, {STUDENTS} students"),
            format!("{seconds:.1} s"),
        ));
    }
    let mut store = Store::open(&db).unwrap();
    store.set_user("prof");
    let mut app = App::new(store, today).unwrap();
    first_frame(&mut app, &mut rows);
    parts(&app, today, &mut rows);
    let moves: Vec<Action> = (0..400)
        .map(|i| match i % 8 {
            0..=2 => Action::Down,
            3..=5 => Action::Up,
            _ => Action::Right,
        })
        .collect();
    common::rounds("moves", &mut app, &moves, |_| {}, |_| false, &mut rows);
    let filters: Vec<Action> = (0..100)
        .map(|i| {
            Action::DashFilter(if i % 2 == 0 {
                DashFilter::Year
            } else {
                DashFilter::Sector
            })
        })
        .collect();
    let round = common::round(&mut app, &filters, |_| false);
    let p50 = ms(quantile(&round.times, 0.5));
    rows.push(Row {
        what: "filter change (update + draw), median".into(),
        value: format!("{p50:.2} ms"),
        target: format!("≤ {TARGET_FILTER_MS} ms"),
        ok: p50 <= TARGET_FILTER_MS,
    });
    rows.push(Row::info(
        "  max",
        format!("{:.2} ms", ms(quantile(&round.times, 1.0))),
    ));
    common::finish(&rows)
}

/// F9 from the student list, the dashboard's data forgotten each time.
fn first_frame(app: &mut App, rows: &mut Vec<Row>) {
    let mut times: Vec<Duration> = Vec::new();
    let mut updates: Vec<Duration> = Vec::new();
    for _ in 0..FIRST_FRAME_RUNS {
        app.update(Action::GoTo(Screen::Students));
        app.dash = DashState::default();
        let (mut terminal, _) = counting_terminal();
        let mut view = ViewState::default();
        draw(&mut terminal, app, &mut view);
        let start = Instant::now();
        app.update(Action::GoTo(Screen::Dashboard));
        updates.push(start.elapsed());
        draw(&mut terminal, app, &mut view);
        times.push(start.elapsed());
        assert_eq!(app.screen, Screen::Dashboard);
    }
    times.sort();
    updates.sort();
    let median = ms(quantile(&times, 0.5));
    let students = app.dash.data.inputs.len();
    rows.push(Row {
        what: format!("first frame ({students} students), median of {FIRST_FRAME_RUNS}"),
        value: format!("{median:.1} ms"),
        target: format!("≤ {TARGET_FIRST_FRAME_MS} ms"),
        ok: median <= TARGET_FIRST_FRAME_MS,
    });
    rows.push(Row::info(
        "  of which update (read + compute), median",
        format!("{:.1} ms", ms(quantile(&updates, 0.5))),
    ));
}

/// What the first frame's read is made of, each the median of 5 runs.
fn parts(app: &App, today: chrono::NaiveDate, rows: &mut Vec<Row>) {
    let median = |f: &dyn Fn()| {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        times.sort();
        format!("{:.1} ms", ms(quantile(&times, 0.5)))
    };
    let inputs = app.store.indicator_inputs().unwrap();
    let year = app.dash.data.years().first().cloned().unwrap_or_default();
    rows.push(Row::info(
        "  Store::indicator_inputs",
        median(&|| {
            app.store.indicator_inputs().unwrap();
        }),
    ));
    rows.push(Row::info(
        "  Store::checkin_dates",
        median(&|| {
            app.store.checkin_dates().unwrap();
        }),
    ));
    rows.push(Row::info(
        "  indicators::tally",
        median(&|| {
            passerelle::model::indicators::tally(&inputs, today);
        }),
    ));
    rows.push(Row::info(
        "  Store::hours_report (one year)",
        median(&|| {
            app.store.hours_report(&year, today).unwrap();
        }),
    ));
}
