//! Demo generator (determinism, coverage, refusal).

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use passerelle::demo::{DemoOptions, generate};
use passerelle::model::*;
use passerelle::store::{Store, StoreError, StudentRow};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn options(students: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        students,
        seed,
        today: today(),
    }
}

fn demo_store(students: usize, seed: u64) -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("demo");
    generate(&mut store, &options(students, seed)).expect("demo");
    store
}

/// Student rows without the write timestamps, which depend on the clock.
fn rows(store: &Store) -> Vec<StudentRow> {
    let mut rows = store.student_rows().expect("rows");
    for row in &mut rows {
        row.student.meta.updated_at.clear();
    }
    rows
}

#[test]
fn same_options_give_the_same_data() {
    let a = demo_store(60, 7);
    let b = demo_store(60, 7);
    assert_eq!(rows(&a), rows(&b));
    let levels = |s: &Store| -> Vec<(i64, i64, Option<u8>)> {
        s.all_grid_values()
            .expect("grid")
            .into_iter()
            .map(|g| (g.student_id, g.criterion_id, g.level))
            .collect()
    };
    assert_eq!(levels(&a), levels(&b));
    let c = demo_store(60, 8);
    assert_ne!(rows(&a), rows(&c), "another seed gives other students");
}

#[test]
fn demo_covers_every_phase_and_outcome() {
    let store = demo_store(60, 1);
    let rows = rows(&store);
    let bac_pro: Vec<&StudentRow> = rows.iter().filter(|r| r.student.bac_pro).collect();
    assert_eq!(bac_pro.len(), 60);
    assert!(rows.len() > 60, "students from other bacs are added");
    for phase in Phase::ALL {
        assert!(
            bac_pro.iter().any(|r| r.student.phase() == *phase),
            "no student in phase {phase:?}"
        );
    }
    let has = |f: &dyn Fn(&Student) -> bool| bac_pro.iter().any(|r| f(&r.student));
    assert!(has(&|s| s.has_exited() && s.exit_cause.is_some()));
    assert!(has(&|s| s.exit_cause == Some(ExitCause::Emploi)));
    for decision in DecisionS2::ALL {
        assert!(has(&|s| s.decision_s2 == Some(*decision)), "{decision:?}");
    }
    assert!(has(&|s| s.diploma == Some(DiplomaOutcome::Obtenu2Ans)));
    assert!(
        bac_pro
            .iter()
            .any(|r| r.student.checkin_overdue(r.last_checkin, today())),
        "some check-ins are overdue"
    );
    // Every date is in the past of `today`.
    for r in &rows {
        let s = &r.student;
        for date in [
            s.pre_conseil_date,
            s.bilan_s1_date,
            s.decision_s2_date,
            s.exit_date,
            r.last_checkin,
        ]
        .into_iter()
        .flatten()
        {
            assert!(date <= today(), "{date} after today for {}", s.id);
        }
    }
    // Current cohort in the school year of today, the previous one before it.
    let years: BTreeSet<&str> = rows.iter().map(|r| r.school_year.as_str()).collect();
    assert!(years.contains("2026-2027") && years.contains("2025-2026"));
    // Bilan S1 is not written before January of the current cohort.
    assert!(
        rows.iter()
            .filter(|r| r.school_year == "2026-2027")
            .all(|r| r.student.bilan_s1.is_none())
    );
    // INE: unique, 10 digits and a letter.
    let ines: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.student.ine.as_deref())
        .collect();
    assert!(ines.len() > rows.len() / 2);
    assert_eq!(ines.iter().collect::<HashSet<_>>().len(), ines.len());
    for ine in &ines {
        let (digits, letter) = ine.split_at(10);
        assert!(digits.chars().all(|c| c.is_ascii_digit()), "{ine}");
        assert!(letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase()));
    }
    // Repérés have several difficulties in their grid, and modules in parcours.
    let repere = bac_pro
        .iter()
        .find(|r| r.student.in_parcours())
        .expect("in parcours");
    let high = store
        .grid_values(repere.student.id)
        .expect("grid")
        .iter()
        .filter(|g| g.level >= Some(2))
        .count();
    assert!(high >= 1);
    assert!(
        !store
            .enrolments(repere.student.id)
            .expect("enrolments")
            .is_empty()
    );
    assert_eq!(store.sections().expect("sections").len(), 3);
    assert!(store.staff().expect("staff").len() >= 8);
}

#[test]
fn every_seed_shows_all_phases_and_decisions() {
    for seed in 2..=6 {
        let store = demo_store(60, seed);
        let rows = rows(&store);
        let bac_pro: Vec<&Student> = rows
            .iter()
            .map(|r| &r.student)
            .filter(|s| s.bac_pro)
            .collect();
        for phase in Phase::ALL {
            assert!(
                bac_pro.iter().any(|s| s.phase() == *phase),
                "{seed} {phase:?}"
            );
        }
        for decision in DecisionS2::ALL {
            assert!(bac_pro.iter().any(|s| s.decision_s2 == Some(*decision)));
        }
        assert!(
            bac_pro
                .iter()
                .any(|s| s.exit_cause == Some(ExitCause::Emploi))
        );
    }
}

#[test]
fn demo_refuses_a_database_with_students() {
    let mut store = demo_store(10, 1);
    let before = store.student_rows().expect("rows").len();
    let error = generate(&mut store, &options(10, 2)).expect_err("must refuse");
    match error {
        StoreError::Invalid(message) => assert!(message.contains("déjà des élèves")),
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(store.student_rows().expect("rows").len(), before);
}

#[test]
fn early_in_the_school_year_dates_stay_in_the_past() {
    let mut store = Store::open_in_memory().expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 9, 20).expect("date");
    generate(
        &mut store,
        &DemoOptions {
            students: 40,
            seed: 5,
            today,
        },
    )
    .expect("demo");
    for r in store.student_rows().expect("rows") {
        let s = r.student;
        for date in [s.pre_conseil_date, s.exit_date, r.last_checkin]
            .into_iter()
            .flatten()
        {
            assert!(date <= today);
        }
    }
}

/// Rows of the tables a demo fills, and of its journal, in a database file.
fn table_counts(db: &std::path::Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).expect("raw");
    [
        "establishment",
        "section",
        "cohort",
        "staff",
        "student",
        "grid_value",
        "batch",
    ]
    .iter()
    .map(|table| {
        let n = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        (table.to_string(), n)
    })
    .collect()
}

#[test]
fn a_demo_that_fails_midway_leaves_the_database_as_it_was_and_can_run_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    let mut store = Store::open(&db).expect("open");
    store.init().expect("catalogue");
    drop(store);
    let before = table_counts(&db);
    // The failure is injected by the database itself: the 550th student is refused,
    // after the demo has written the lycée, the team and (before the fix) a first chunk.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    conn.execute_batch(
        "CREATE TRIGGER fail_demo BEFORE INSERT ON student \
         WHEN (SELECT count(*) FROM student) >= 550 \
         BEGIN SELECT RAISE(ABORT, 'panne simulée'); END;",
    )
    .expect("trigger");
    let mut store = Store::open(&db).expect("open");
    generate(&mut store, &options(600, 3)).expect_err("the injected failure");
    drop(store);
    assert_eq!(table_counts(&db), before, "half a demo was left behind");

    conn.execute_batch("DROP TRIGGER fail_demo")
        .expect("drop trigger");
    let mut store = Store::open(&db).expect("open");
    let summary = generate(&mut store, &options(600, 3)).expect("demo runs again");
    let bac_pro: usize = summary.by_phase.iter().map(|(_, n)| n).sum();
    assert_eq!(bac_pro, 600);
    assert_eq!(store.staff().expect("staff").len(), summary.staff);
}
