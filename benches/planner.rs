//! Performance benchmark of the module planner pane, F8 (issue 10):
//! `cargo bench --bench planner`.
//!
//! On `demo --students 10000` seen from 20 May (a school year planned from P2 to
//! the summer, rolls taken for every past session) it measures in process:
//! - the pane's first frame: `App::update(GoTo(Planner))` (which reads the
//!   planner's data) + `Terminal::draw`, from an App open on the student list;
//! - the time of one keystroke (update + draw) on each level: modules, the groups
//!   of the module with most groups, the biggest group, the roll of one of its sessions;
//! - the bytes written to an 80×24 terminal for a one-row move on each level.
//!
//! It prints a table and exits with 1 when a target is missed. Plain `main`, no harness.
//! `PASSERELLE_BENCH_PLANNER_DB=FILE` reuses (or creates once) the database;
//! `PASSERELLE_BENCH_ONLY=first` measures only the first frame.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use common::{Row, counting_terminal, draw, ms, quantile};
use passerelle::app::planner::{GroupItem, Level};
use passerelle::app::{Action, App, PlannerState, Screen};
use passerelle::model::planner::{AttendanceMark, SessionStatus};
use passerelle::store::Store;
use passerelle::ui::ViewState;

const STUDENTS: usize = 10_000;
const KEYSTROKES: usize = 2_000;
const FIRST_FRAME_RUNS: usize = 20;

/// Targets of issue 10 (keystroke and bytes: see `common`).
const TARGET_FIRST_FRAME_MS: f64 = 50.0;

fn main() -> ExitCode {
    let today = bench_day(chrono::Local::now().date_naive());
    let (_dir, db, generated) = common::database("PASSERELLE_BENCH_PLANNER_DB", STUDENTS, today);
    let mut rows = Vec::new();
    if let Some(seconds) = generated {
        rows.push(Row::info(
            format!("demo::generate, {STUDENTS} students"),
            format!("{seconds:.1} s"),
        ));
    }
    scale(&db, &today, &mut rows);
    let mut store = Store::open(&db).unwrap();
    store.set_user("prof");
    let start = Instant::now();
    let mut app = App::new(store, today).unwrap();
    rows.push(Row::info(
        "App::new (in process)",
        format!("{:.1} ms", ms(start.elapsed())),
    ));
    first_frame(&mut app, &mut rows);
    // `PASSERELLE_BENCH_ONLY=first` skips the levels (for profiling the load).
    if std::env::var("PASSERELLE_BENCH_ONLY").as_deref() != Ok("first") {
        levels(&mut app, &mut rows);
    }
    common::finish(&rows)
}

/// 20 May of the school year of `today`: late in the year, most sessions past.
fn bench_day(today: NaiveDate) -> NaiveDate {
    let start_year = if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    };
    NaiveDate::from_ymd_opt(start_year + 1, 5, 20).unwrap()
}

/// What the planner's school year holds.
fn scale(db: &Path, today: &NaiveDate, rows: &mut Vec<Row>) {
    let year = passerelle::model::school_year_of(*today);
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [&year], |r| r.get(0)).unwrap() };
    let groups = count("SELECT count(*) FROM module_group WHERE school_year = ?1");
    let sessions = count(
        "SELECT count(*) FROM group_session s JOIN module_group g ON g.id = s.group_id \
         WHERE g.school_year = ?1",
    );
    let marks = count(
        "SELECT count(*) FROM attendance a JOIN group_session s ON s.id = a.session_id \
         JOIN module_group g ON g.id = s.group_id WHERE g.school_year = ?1",
    );
    let members = count(
        "SELECT count(*) FROM group_member m JOIN module_group g ON g.id = m.group_id \
         WHERE g.school_year = ?1",
    );
    println!(
        "{year} seen from {today}: {groups} groups, {sessions} sessions, {marks} marks, \
         {members} memberships"
    );
    rows.push(Row::info(
        format!("{year}: groups / sessions"),
        format!("{groups} / {sessions}"),
    ));
    rows.push(Row::info(
        format!("{year}: marks / memberships"),
        format!("{marks} / {members}"),
    ));
}

/// F8 from the student list, 20 times: update (which loads the pane) + first draw.
fn first_frame(app: &mut App, rows: &mut Vec<Row>) {
    let mut times: Vec<Duration> = Vec::with_capacity(FIRST_FRAME_RUNS);
    let mut updates: Vec<Duration> = Vec::with_capacity(FIRST_FRAME_RUNS);
    let mut bytes = 0;
    for _ in 0..FIRST_FRAME_RUNS {
        app.update(Action::GoTo(Screen::Students));
        app.planner = PlannerState::default();
        let (mut terminal, counter) = counting_terminal();
        let mut view = ViewState::default();
        draw(&mut terminal, app, &mut view);
        counter.set(0);
        let start = Instant::now();
        app.update(Action::GoTo(Screen::Planner));
        updates.push(start.elapsed());
        draw(&mut terminal, app, &mut view);
        times.push(start.elapsed());
        bytes = counter.get();
        assert_eq!(app.screen, Screen::Planner);
    }
    times.sort();
    updates.sort();
    let median = ms(quantile(&times, 0.5));
    println!("first frame of the pane: {bytes} B");
    rows.push(Row {
        what: format!("pane's first frame, median of {FIRST_FRAME_RUNS}"),
        value: format!("{median:.1} ms"),
        target: format!("≤ {TARGET_FIRST_FRAME_MS} ms"),
        ok: median <= TARGET_FIRST_FRAME_MS,
    });
    rows.push(Row::info(
        "  min / max",
        format!(
            "{:.1} / {:.1} ms",
            ms(times[0]),
            ms(times[FIRST_FRAME_RUNS - 1])
        ),
    ));
    rows.push(Row::info(
        "  of which update (load), median",
        format!("{:.1} ms", ms(quantile(&updates, 0.5))),
    ));
}

/// Down to the end of a list of `len` rows and back up, again and again.
fn bounce(len: usize) -> Vec<Action> {
    let steps = len.saturating_sub(1).max(1);
    (0..KEYSTROKES)
        .map(|i| {
            if (i / steps).is_multiple_of(2) {
                Action::Down
            } else {
                Action::Up
            }
        })
        .collect()
}

fn moves(a: &Action) -> bool {
    matches!(a, Action::Up | Action::Down | Action::SetAttendance(_))
}

/// Opens the planner on `level` with the given module, group and cursor.
fn open(app: &mut App, module: usize, group: usize, item: usize, level: Level) {
    app.update(Action::GoTo(Screen::Planner));
    app.planner.level = Level::Modules;
    app.planner.roll = None;
    app.planner.cursors = Default::default();
    app.planner.cursors[Level::Modules as usize] = module;
    if level >= Level::Groups {
        app.update(Action::EditField);
        app.planner.cursors[Level::Groups as usize] = group;
    }
    if level >= Level::Group {
        app.update(Action::EditField);
        app.planner.cursors[Level::Group as usize] = item;
    }
    if level >= Level::Roll {
        app.update(Action::EditField);
    }
    assert_eq!(app.planner.level, level, "{:?}", app.message);
}

/// Keystrokes and bytes on each level of the pane.
fn levels(app: &mut App, rows: &mut Vec<Row>) {
    app.update(Action::GoTo(Screen::Planner));
    let data = app.planner.data.clone();
    // The module with most groups, and the biggest group (members, then sessions).
    let module = (0..data.modules.len())
        .max_by_key(|i| data.modules[*i].hours.groups)
        .unwrap();
    let module_id = data.modules[module].hours.module_id;
    let (big_module, big_group, biggest) = common::biggest_group(&data).unwrap();
    println!(
        "module with most groups: {} ({} groups); biggest group: {} {} ({} members, {} sessions)",
        data.modules[module].hours.code,
        data.modules[module].hours.groups,
        data.modules[big_module].hours.code,
        biggest.group.label,
        biggest.members,
        biggest.sessions
    );

    let len = data.modules.len();
    common::rounds(
        "modules",
        app,
        &bounce(len),
        |app| open(app, 0, 0, 0, Level::Modules),
        moves,
        rows,
    );
    let groups = data
        .groups
        .iter()
        .filter(|g| g.group.module_id == module_id)
        .count();
    common::rounds(
        "groups",
        app,
        &bounce(groups),
        |app| open(app, module, 0, 0, Level::Groups),
        moves,
        rows,
    );
    open(app, big_module, big_group, 0, Level::Group);
    let items = app.planner.group_items(app);
    common::rounds(
        "group",
        app,
        &bounce(items.len()),
        |app| open(app, big_module, big_group, 0, Level::Group),
        moves,
        rows,
    );
    // The roll of the group's last held session: marks down the roll, back to the top.
    let session = items
        .iter()
        .rposition(|i| matches!(i, GroupItem::Session(s) if s.status == SessionStatus::Held))
        .expect("a held session in the biggest group");
    open(app, big_module, big_group, session, Level::Roll);
    let lines = app.planner.roll.as_ref().map_or(0, |r| r.lines.len());
    let marks = [
        AttendanceMark::Present,
        AttendanceMark::Retard,
        AttendanceMark::AbsentExcuse,
        AttendanceMark::Absent,
    ];
    let roll: Vec<Action> = (0..KEYSTROKES)
        .map(|i| match i % (lines + 1) {
            n if n == lines => Action::Home,
            n => Action::SetAttendance(marks[n % marks.len()]),
        })
        .collect();
    println!("roll: {lines} students");
    common::rounds(
        "roll",
        app,
        &roll,
        |app| open(app, big_module, big_group, session, Level::Roll),
        moves,
        rows,
    );
}
