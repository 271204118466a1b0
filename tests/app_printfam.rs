//! `F` on a student's page prints the family sheet; `C` in the pré-conseil screen
//! prints the recap of the meeting under way, of the recap shown, or of the meeting
//! selected in the history. Each key is in the help.

mod common;

use common::*;
use passerelle::app::{Action, App, MeetingView, Overlay, Screen};

/// Types `dest` in the form's file field and saves; the form must close.
fn save_to(app: &mut App, dest: &std::path::Path) {
    clear_field(app);
    type_text(app, dest.to_str().expect("utf-8"));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
}

fn message(app: &App) -> String {
    app.message.clone().expect("a message").text
}

#[test]
fn f_on_the_page_writes_the_family_sheet_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app.current.expect("a student in Suivi");
    let name = student(&app, id).display_name();
    select(&mut app, id);
    app.update(Action::OpenPage);
    assert_eq!(app.screen, Screen::StudentPage);
    app.update(Action::Char('F'));
    assert_eq!(
        form(&app).title,
        format!("Imprimer la fiche famille — {name}")
    );
    let proposed = form(&app).get("file");
    assert!(
        proposed.starts_with("~/famille_") && proposed.ends_with(".pdf"),
        "{proposed}"
    );
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_family_form", render(&app, 80, 24));
    });
    let dest = dir.path().join("famille.pdf");
    save_to(&mut app, &dest);
    assert!(std::fs::read(&dest).expect("the PDF").starts_with(b"%PDF-"));
    let said = message(&app);
    assert!(
        said.starts_with("Fiche famille écrite : ") && said.contains("famille.pdf"),
        "{said}"
    );
    assert_eq!(app.screen, Screen::StudentPage);
}

#[test]
fn c_in_the_meeting_prints_the_recap_of_the_meeting_under_way() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    // Nothing recorded yet: nothing to print, and the app says so.
    app.update(Action::Char('C'));
    assert!(app.overlay.is_none());
    assert!(
        message(&app).starts_with("Réunion vide : pas encore de compte rendu"),
        "{}",
        message(&app)
    );
    // A decision creates the meeting: C now prints its recap.
    app.update(Action::Char('a'));
    let meeting = app.meeting.meeting_id.expect("a meeting recorded");
    app.update(Action::Char('C'));
    assert_eq!(
        form(&app).title,
        "Imprimer le compte rendu — pré-conseil du 23/11/2026"
    );
    assert_eq!(
        form(&app).get("file"),
        format!("~/preconseil_2026-11-23_n{meeting}.pdf")
    );
    let dest = dir.path().join("recap.pdf");
    save_to(&mut app, &dest);
    assert!(std::fs::read(&dest).expect("the PDF").starts_with(b"%PDF-"));
    assert!(
        message(&app).starts_with("Compte rendu écrit : "),
        "{}",
        message(&app)
    );
    assert_eq!(
        app.meeting.view,
        MeetingView::Student,
        "the meeting goes on"
    );

    // From the recap shown by R.
    app.update(Action::Char('R'));
    assert_eq!(app.meeting.view, MeetingView::Recap);
    app.update(Action::Char('C'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    let dest = dir.path().join("recap_r.pdf");
    save_to(&mut app, &dest);
    assert!(dest.exists());
    assert_eq!(app.meeting.view, MeetingView::Recap);
}

#[test]
fn c_in_the_history_prints_the_selected_past_meeting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    app.update(Action::Char('a'));
    let meeting = app.meeting.meeting_id.expect("a meeting recorded");
    app.update(Action::Char('H'));
    assert_eq!(app.meeting.view, MeetingView::History);
    assert_eq!(app.meeting.history[0].meeting.id, meeting);
    app.update(Action::Char('C'));
    assert!(
        form(&app)
            .get("file")
            .ends_with(&format!("_n{meeting}.pdf"))
    );
    let dest = dir.path().join("passee.pdf");
    save_to(&mut app, &dest);
    assert!(dest.exists());
    assert_eq!(app.meeting.view, MeetingView::History);
}

#[test]
fn the_help_names_the_new_keys() {
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    app.update(Action::Help);
    let help = render(&app, 80, 24);
    assert!(
        help.contains("imprimer le compte rendu de la réunion (PDF)"),
        "{help}"
    );
    app.update(Action::Cancel);
    go(&mut app, Screen::Suivi);
    app.update(Action::OpenPage);
    app.update(Action::Help);
    let help = render(&app, 80, 24);
    assert!(
        help.contains("imprimer la fiche de dialogue avec la famille"),
        "{help}"
    );
}
