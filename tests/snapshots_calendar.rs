//! The « Calendrier » tab of Réglages: `App::update` tests (edit a date, refuse a
//! bad order, undo, a colleague's concurrent edit) and text snapshots at 80×24.

mod common;

use common::*;
use passerelle::app::{Action, Overlay, Screen, SetupTab};
use passerelle::model::calendar::{CalendarDate, CalendarOrigin, DeadlineKind, HolidayKind};

macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render(&$app, 80, 24);
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// The demo app on the calendar tab, cursor on the rentrée.
fn calendar_app() -> passerelle::app::App {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    while app.setup.tab != SetupTab::Calendar {
        app.update(Action::NextPane);
    }
    app
}

/// Moves to a date row and opens its form with `text` typed in place of the date.
fn edit_date(app: &mut passerelle::app::App, which: CalendarDate, text: &str) {
    let row = CalendarDate::ALL
        .iter()
        .position(|d| *d == which)
        .expect("row");
    app.update(Action::Home);
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::EditField);
    assert!(matches!(app.overlay, Some(Overlay::Form(_))), "no form");
    clear_field(app);
    type_text(app, text);
    app.update(Action::Save);
}

#[test]
fn the_tab_shows_the_national_calendar_of_the_zone() {
    let app = calendar_app();
    let view = app.calendar_view().expect("an establishment");
    assert_eq!(view.origin, CalendarOrigin::National);
    assert_eq!(view.calendar.school_year, "2026-2027");
    snap!("calendar", app);
}

#[test]
fn the_header_flags_the_pre_conseil_running_late() {
    let app = demo_app();
    let (kind, n) = app.late_flag().expect("late in the demo on 23 November");
    assert_eq!(kind, DeadlineKind::PreConseil);
    let screen = render(&app, 80, 24);
    let line = screen.lines().nth(2).expect("filter line");
    assert!(
        line.contains(&format!("⚠ pré-conseil en retard ({n})")),
        "{line}"
    );
    assert!(line.ends_with("prof"), "{line}");
    // Narrower, the flag shortens or goes; the user's name stays.
    let narrow = render(&app, 60, 20);
    let line = narrow.lines().nth(2).expect("filter line");
    assert!(line.ends_with("prof"), "{line}");
}

#[test]
fn editing_a_date_adopts_the_calendar_then_edits_it_and_undo_restores() {
    let mut app = calendar_app();
    edit_date(
        &mut app,
        CalendarDate::LastOff(HolidayKind::Toussaint),
        "08/11/2026",
    );
    assert!(app.overlay.is_none(), "form still open: {:?}", app.message);
    let view = app.calendar_view().expect("view");
    let CalendarOrigin::Stored(id) = view.origin else {
        panic!("not adopted: {:?}", view.origin)
    };
    assert_eq!(
        view.calendar
            .date(CalendarDate::LastOff(HolidayKind::Toussaint))
            .to_string(),
        "2026-11-08"
    );
    // A second edit goes to the stored row.
    edit_date(&mut app, CalendarDate::End, "06/07/2027");
    let view = app.calendar_view().expect("view");
    assert_eq!(view.origin, CalendarOrigin::Stored(id));
    assert_eq!(view.calendar.end.to_string(), "2027-07-06");
    snap!("calendar_adopted", app);
    // Back to the national dates, then undo that.
    app.update(Action::Char('n'));
    assert_eq!(
        app.calendar_view().expect("view").origin,
        CalendarOrigin::National
    );
    app.update(Action::Undo);
    assert_eq!(
        app.calendar_view().expect("view").origin,
        CalendarOrigin::Stored(id)
    );
    // Undo the edit, then the adoption.
    app.update(Action::Undo);
    assert_eq!(
        app.calendar_view().expect("view").calendar.end.to_string(),
        "2027-07-03"
    );
    app.update(Action::Undo);
    assert_eq!(
        app.calendar_view().expect("view").origin,
        CalendarOrigin::National
    );
}

#[test]
fn a_date_out_of_order_is_refused_with_a_french_message() {
    let mut app = calendar_app();
    edit_date(
        &mut app,
        CalendarDate::FirstOff(HolidayKind::Noel),
        "30/10/2026",
    );
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("the form should stay open");
    };
    assert_eq!(
        form.error.as_deref(),
        Some(
            "Noël (1er jour) : le 30/10/2026 doit venir après « Toussaint (dernier jour) » (01/11/2026)."
        )
    );
    snap!("calendar_refused", app);
    app.update(Action::Cancel);
    assert!(app.data.calendars.is_empty(), "nothing written");
    // Outside the school year, and unreadable.
    edit_date(&mut app, CalendarDate::End, "01/09/2027");
    assert!(
        matches!(&app.overlay, Some(Overlay::Form(f)) if f.error.as_deref().is_some_and(|e| e.contains("hors de l'année scolaire 2026-2027")))
    );
    app.update(Action::Cancel);
    edit_date(&mut app, CalendarDate::Rentree, "31/02/2026");
    assert!(
        matches!(&app.overlay, Some(Overlay::Form(f)) if f.error.as_deref().is_some_and(|e| e.contains("date illisible")))
    );
    app.update(Action::Cancel);
    assert!(app.data.calendars.is_empty());
}

#[test]
fn left_and_right_change_the_school_year() {
    let mut app = calendar_app();
    app.update(Action::Left);
    assert_eq!(app.calendar_year(), "2025-2026");
    app.update(Action::Right);
    app.update(Action::Right);
    assert_eq!(app.calendar_year(), "2027-2028");
    let view = app.calendar_view().expect("view");
    assert_eq!(view.origin, CalendarOrigin::Estimated);
}

#[test]
fn a_colleague_editing_the_same_calendar_is_not_silently_overwritten() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let mut alice = passerelle::app::App::new(file_store(&path, "alice"), today()).expect("app");
    let mut bob = passerelle::app::App::new(file_store(&path, "bob"), today()).expect("app");
    for app in [&mut alice, &mut bob] {
        go(app, Screen::Setup);
        while app.setup.tab != SetupTab::Calendar {
            app.update(Action::NextPane);
        }
    }
    // Alice adopts the calendar.
    edit_date(&mut alice, CalendarDate::End, "02/07/2027");
    assert!(alice.overlay.is_none());
    // Bob opens the same date on the stored row, Alice changes it meanwhile.
    bob.update(Action::Refresh);
    bob.update(Action::End);
    bob.update(Action::EditField);
    assert!(
        matches!(bob.overlay, Some(Overlay::Form(_))),
        "{:?}",
        bob.message
    );
    edit_date(&mut alice, CalendarDate::End, "01/07/2027");
    clear_field(&mut bob);
    type_text(&mut bob, "05/07/2027");
    bob.update(Action::Save);
    assert!(
        matches!(bob.overlay, Some(Overlay::Conflict(..))),
        "bob's save should stop on a conflict, got message {:?}",
        bob.message
    );
    alice.update(Action::Refresh);
    assert_eq!(
        alice
            .calendar_view()
            .expect("view")
            .calendar
            .end
            .to_string(),
        "2027-07-01"
    );
}

#[test]
fn a_second_establishment_hors_zone_gets_estimated_dates_to_correct() {
    let mut app = calendar_app();
    app.write_with("Établissement en Corse", None, |w| {
        w.insert(
            passerelle::store::Table::Establishment,
            &[
                ("uai", "6200001A".into()),
                ("name", "Lycée de Corse".into()),
                ("academie", "Corse".into()),
            ],
        )
        .map(drop)
    });
    app.update(Action::Char('e'));
    let view = app.calendar_view().expect("view");
    assert_eq!(view.establishment.academie, "Corse");
    assert_eq!(
        view.calendar.zone,
        passerelle::model::calendar::Zone::HorsZone
    );
    assert_eq!(view.origin, CalendarOrigin::Estimated);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("hors zone"), "{screen}");
    assert!(screen.contains("corrigez chaque date"), "{screen}");
    // The first establishment's calendar is untouched, and `e` comes back to it.
    app.update(Action::Char('e'));
    assert_eq!(
        app.calendar_view().expect("view").origin,
        CalendarOrigin::National
    );
}
