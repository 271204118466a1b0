//! Suivi (F5) and exits through `App::update`: scopes, exit effects, the two forms,
//! date field keys, header counts, search folding and the student page.

mod common;

use chrono::Duration;
use common::*;
use passerelle::app::{Action, App, FieldKind, Screen, SuiviScope};
use passerelle::model::*;
use ratatui_textarea::Key;

fn suivi_app() -> (App, i64) {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app
        .rows()
        .into_iter()
        .find(|id| {
            app.store
                .enrolments(*id)
                .expect("enrolments")
                .iter()
                .any(|e| e.end_date.is_none())
        })
        .expect("a followed student with modules");
    select(&mut app, id);
    (app, id)
}

fn focus(app: &mut App, key: &str) {
    for _ in 0..10 {
        if form(app).fields[form(app).focus].key == key {
            return;
        }
        app.update(Action::NextPane);
    }
    panic!("no field {key}");
}

#[test]
fn checkin_form_lists_choices_takes_a_multiline_note_and_plans_the_next_one() {
    let (mut app, id) = suivi_app();
    app.update(Action::Char('n'));
    let next = today() + Duration::days(28);
    assert_eq!(form(&app).get("next"), next.format("%d/%m/%Y").to_string());
    focus(&mut app, "attendance");
    app.update(Action::Char('2'));
    assert_eq!(form(&app).get("attendance"), "irregulier");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("1 assidu 2 [irrégulier] 3 absent"),
        "{screen}"
    );
    assert!(
        screen.contains("1 en progrès 2 stable 3 en recul"),
        "{screen}"
    );
    focus(&mut app, "note");
    assert!(matches!(
        form(&app).fields[form(&app).focus].kind,
        FieldKind::LongText(_)
    ));
    type_text(&mut app, "Première ligne.");
    app.update(Action::Confirm);
    type_text(&mut app, "Seconde ligne.");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let checkin = app
        .store
        .checkins(id)
        .expect("checkins")
        .into_iter()
        .find(|c| c.date == today())
        .expect("new check-in");
    assert_eq!(
        checkin.note.as_deref(),
        Some("Première ligne.\nSeconde ligne.")
    );
    assert_eq!(checkin.attendance, Some(Attendance::Irregulier));
    assert_eq!(student(&app, id).next_checkin_date, Some(next));
    // The planned date is shown beside the check-ins.
    assert!(render(&app, 80, 24).contains(&format!("{}", next.format("%d/%m/%Y"))));
}

#[test]
fn date_fields_step_clear_and_take_aujourdhui() {
    let (mut app, id) = suivi_app();
    app.update(Action::Char('n'));
    app.update(input(Key::Char('+')));
    assert_eq!(form(&app).get("date"), "24/11/2026");
    app.update(input(Key::PageUp));
    assert_eq!(form(&app).get("date"), "17/11/2026");
    app.update(input(Key::Char('-')));
    assert_eq!(form(&app).get("date"), "16/11/2026");
    app.update(input(Key::Delete));
    assert_eq!(form(&app).get("date"), "");
    // ISO dates keep their hyphens while typed.
    type_text(&mut app, "2026-11-");
    assert_eq!(form(&app).get("date"), "2026-11-");
    clear_field(&mut app);
    type_text(&mut app, "aujourd'hui");
    focus(&mut app, "next");
    app.update(input(Key::Delete));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    assert!(
        app.store
            .checkins(id)
            .expect("checkins")
            .iter()
            .any(|c| c.date == today())
    );
    assert_eq!(
        student(&app, id).next_checkin_date,
        None,
        "cleared: none planned"
    );
}

#[test]
fn an_exit_ends_modules_cancels_planned_checkins_and_leaves_en_cours() {
    let (mut app, id) = suivi_app();
    // A check-in that plans the next one.
    app.update(Action::Char('n'));
    app.update(Action::Save);
    assert!(student(&app, id).next_checkin_date.is_some());
    let exit = today() - Duration::days(1);
    app.update(Action::Char('e'));
    clear_field(&mut app);
    type_text(&mut app, "hier");
    focus(&mut app, "cause");
    app.update(Action::Right);
    focus(&mut app, "destination");
    app.update(Action::Right);
    focus(&mut app, "referral");
    app.update(Action::Char('1'));
    assert_eq!(form(&app).get("referral"), "mission_locale");
    focus(&mut app, "note");
    type_text(&mut app, "Rendez-vous pris");
    app.update(Action::Confirm);
    type_text(&mut app, "le 2 décembre.");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let s = student(&app, id);
    assert_eq!(s.exit_date, Some(exit));
    assert_eq!(s.exit_referral, Some(ExitReferral::MissionLocale));
    assert_eq!(
        s.exit_note.as_deref(),
        Some("Rendez-vous pris\nle 2 décembre.")
    );
    assert_eq!(s.next_checkin_date, None, "planned check-in cancelled");
    assert_ne!(s.phase(), Phase::Suivi);
    let enrolments = app.store.enrolments(id).expect("enrolments");
    assert!(!enrolments.is_empty());
    assert!(
        enrolments
            .iter()
            .all(|e| e.end_date.is_some_and(|end| end >= exit && end <= today())),
        "{enrolments:?}"
    );
    // The history keeps the cancelled date, and one undo restores everything.
    let journal = app.store.student_journal(id).expect("journal");
    assert!(
        journal
            .iter()
            .any(|j| j.field.as_deref() == Some("next_checkin_date"))
    );
    // Off the "en cours" list, on "terminés" and "tous".
    assert!(!app.rows().contains(&id));
    app.update(Action::Char('t'));
    assert_eq!(app.filter.suivi, SuiviScope::Termines);
    assert!(app.rows().contains(&id));
    // A late note on a student who left plans nothing.
    app.update(Action::Char('n'));
    assert_eq!(form(&app).get("next"), "");
    focus(&mut app, "next");
    app.update(input(Key::Char('+')));
    app.update(Action::Save);
    assert!(form(&app).error.as_deref().unwrap_or("").contains("sorti"));
    app.update(Action::Cancel);
    assert!(
        app.rows()
            .iter()
            .all(|r| app.data.student(*r).expect("row").student.parcours_ended())
    );
    app.update(Action::Char('t'));
    assert_eq!(app.filter.suivi, SuiviScope::Tous);
    assert!(app.rows().contains(&id));
    app.update(Action::Char('t'));
    assert_eq!(app.filter.suivi, SuiviScope::EnCours);
    app.update(Action::Undo);
    let s = student(&app, id);
    assert_eq!(s.exit_date, None);
    assert!(s.next_checkin_date.is_some());
    assert!(
        app.store
            .enrolments(id)
            .expect("enrolments")
            .iter()
            .any(|e| e.end_date.is_none())
    );
}

#[test]
fn suivi_rows_show_the_section_of_namesakes() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let screen = render(&app, 80, 24);
    for id in app.rows().into_iter().take(10) {
        let row = app.data.student(id).expect("row");
        let name = row.student.display_name();
        let line = screen
            .lines()
            .find(|l| l.starts_with(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("{name} listed:\n{screen}"));
        assert!(line.contains(&format!(" {} ", row.section_code)), "{line}");
    }
}

#[test]
fn header_counts_are_students_per_phase_like_list_phase() {
    let app = demo_app();
    let screen = render(&app, 80, 24);
    let header = screen.lines().next().expect("header");
    assert!(header.starts_with(" Élèves : "), "{header}");
    let year = app.filter.year.clone().expect("newest year");
    let rows = app.store.student_rows().expect("rows");
    for phase in Phase::ALL {
        use passerelle::labels::Label;
        let n = rows
            .iter()
            .filter(|r| r.school_year == year && r.student.phase() == *phase)
            .count();
        assert!(
            header.contains(&format!("{} {n}", phase.label())),
            "{phase:?} {n}: {header}"
        );
    }
    let mut app = app;
    app.update(Action::Help);
    let help = render(&app, 80, 40);
    assert!(help.contains("mêmes comptes que la liste"), "{help}");
    assert!(
        !help.contains("--"),
        "no command-line option in the app: {help}"
    );
    assert!(help.contains("hors parcours"), "{help}");
}

#[test]
fn tui_search_ignores_apostrophes_and_hyphens() {
    let mut app = empty_app();
    app.update(Action::Char('a'));
    type_text(&mut app, "N'DIAYE");
    app.update(Action::NextPane);
    type_text(&mut app, "Awa-Marie");
    app.update(Action::NextPane);
    type_text(&mut app, "MCO");
    app.update(Action::NextPane);
    app.update(Action::NextPane);
    app.update(Action::Char('s'));
    app.update(Action::Save);
    let id = app.current.expect("added");
    for typed in ["ndiaye", "n diaye awa marie", "awa-marie"] {
        app.update(Action::Search);
        type_text(&mut app, typed);
        assert_eq!(app.rows(), vec![id], "{typed}");
        app.update(Action::Cancel);
    }
}

#[test]
fn the_student_page_keeps_the_name_on_top_while_paging() {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let name = app
        .data
        .student(app.current.expect("current"))
        .expect("row")
        .student
        .display_name();
    app.update(Action::Char('o'));
    assert_eq!(app.screen, Screen::StudentPage);
    for _ in 0..3 {
        app.update(Action::PageDown);
    }
    assert!(app.page.scroll >= 10);
    let screen = render(&app, 80, 24);
    let top = screen.lines().nth(3).expect("line 4");
    assert!(top.contains(&name), "{screen}");
    assert!(!screen.contains("▌Identité"), "scrolled: {screen}");
}

#[test]
fn students_with_an_s2_decision_stay_reachable_from_suivi() {
    let (mut app, id) = suivi_app();
    let version = student(&app, id).meta.version;
    app.store
        .write("décision", |w| {
            w.update(
                passerelle::store::Table::Student,
                id,
                version,
                &[("decision_s2", DecisionS2::Passage.into())],
            )
        })
        .expect("decision");
    app.reload();
    assert!(!app.rows().contains(&id), "no longer en cours");
    app.update(Action::Char('t'));
    assert!(app.rows().contains(&id), "listed under terminés");
    select(&mut app, id);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Terminés"), "{screen}");
    assert!(
        screen.contains("Situation  S2 : passage en 2e année"),
        "{screen}"
    );
    app.update(Action::Char('o'));
    assert_eq!(app.screen, Screen::StudentPage);
    assert_eq!(app.current, Some(id));
}

#[test]
fn the_first_checkin_date_takes_words_too() {
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    let id = app.current.expect("a student in the meeting");
    app.update(Action::Char('d'));
    assert!(matches!(
        app.overlay,
        Some(passerelle::app::Overlay::Text(_))
    ));
    clear_field(&mut app);
    type_text(&mut app, "demain");
    app.update(Action::Confirm);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(
        student(&app, id).first_checkin_date,
        Some(today() + Duration::days(1))
    );
}
