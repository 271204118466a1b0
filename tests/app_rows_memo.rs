//! `App::rows()` is memoised: it must still follow the filter and every reload.

use chrono::NaiveDate;
use passerelle::app::{App, Screen};
use passerelle::demo::{DemoOptions, generate};
use passerelle::store::{NewStudent, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn demo_app() -> App {
    let mut store = Store::open_in_memory().expect("open");
    let options = DemoOptions {
        students: 30,
        seed: 1,
        today: today(),
    };
    generate(&mut store, &options).expect("demo");
    store.set_user("prof");
    App::new(store, today()).expect("app")
}

#[test]
fn rows_follow_the_search_and_the_screen() {
    let mut app = demo_app();
    let all = app.rows();
    assert!(!all.is_empty());
    app.filter.search = "zzzz-nobody".into();
    assert!(app.rows().is_empty());
    app.filter.search.clear();
    assert_eq!(app.rows(), all);
    app.go_to(Screen::Grid);
    let grid = app.rows();
    let expected = app.filter.rows(&app.data, Screen::Grid, app.today);
    assert_eq!(grid, expected);
}

#[test]
fn rows_follow_a_reload_after_a_new_student() {
    let mut app = demo_app();
    let before = app.rows().len();
    let cohort = app
        .data
        .cohorts
        .iter()
        .find(|c| Some(&c.school_year) == app.filter.year.as_ref())
        .expect("cohort of the year")
        .id;
    let id = app
        .store
        .write("élève", |w| {
            w.add_student(
                cohort,
                &NewStudent {
                    last_name: "Aaaa".into(),
                    first_name: "Nouvelle".into(),
                    bac_pro: true,
                    ..Default::default()
                },
            )
        })
        .expect("student");
    app.reload();
    let after = app.rows();
    assert_eq!(after.len(), before + 1);
    assert!(after.contains(&id));
}
