//! `P` on a student's page prints their contract to the file typed in a form.

mod common;

use common::*;
use passerelle::app::{Action, Overlay, Screen};

#[test]
fn p_on_the_page_writes_the_contract_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app.current.expect("a student in Suivi");
    select(&mut app, id);
    app.update(Action::OpenPage);
    assert_eq!(app.screen, Screen::StudentPage);
    app.update(Action::Char('P'));
    let proposed = form(&app).get("file");
    assert!(
        proposed.starts_with("~/") && proposed.ends_with(".pdf"),
        "{proposed}"
    );
    snap_form(&app);
    let dest = dir.path().join("contrat");
    clear_field(&mut app);
    type_text(&mut app, dest.to_str().expect("utf-8"));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let written = dest.with_extension("pdf");
    let bytes = std::fs::read(&written).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let message = app.message.clone().expect("a message").text;
    assert!(
        message.starts_with("Contrat écrit : ") && message.contains("contrat.pdf"),
        "{message}"
    );
    // Again: the file exists, refused unless « Remplacer » says oui.
    app.update(Action::Char('P'));
    clear_field(&mut app);
    type_text(&mut app, written.to_str().expect("utf-8"));
    app.update(Action::Save);
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    let error = form(&app).error.clone().expect("refused");
    assert!(error.contains("existe"), "{error}");
    app.update(Action::Down);
    app.update(Action::Right);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
}

fn snap_form(app: &passerelle::app::App) {
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("print_contract_form", render(app, 80, 24));
    });
}

#[test]
fn i_in_the_meeting_prints_the_contract_of_the_student_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Meeting);
    let id = app.current.expect("a student in the meeting");
    let name = student(&app, id).display_name();
    app.update(Action::Char('I'));
    assert_eq!(form(&app).title, format!("Imprimer le contrat — {name}"));
    let dest = dir.path().join("fin_de_passage.pdf");
    clear_field(&mut app);
    type_text(&mut app, dest.to_str().expect("utf-8"));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert!(dest.exists());
    assert_eq!(app.screen, Screen::Meeting, "the meeting goes on");
}

#[test]
fn i_on_the_dashboard_prints_the_report_of_its_filters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Dashboard);
    // The dashboard opens on the current promotion: the report is that one's.
    assert_eq!(app.dash.filter.year.as_deref(), Some("2026-2027"));
    app.update(Action::Char('I'));
    assert_eq!(
        form(&app).title,
        "Imprimer le rapport d'indicateurs — promotion 2026-2027"
    );
    assert_eq!(
        form(&app).get("file"),
        "~/rapport_indicateurs_2026-2027.pdf"
    );
    let dest = dir.path().join("rapport.pdf");
    clear_field(&mut app);
    type_text(&mut app, dest.to_str().expect("utf-8"));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let message = app.message.clone().expect("a message").text;
    assert!(
        message.starts_with("Rapport d'indicateurs écrit : "),
        "{message}"
    );
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&dest).expect("pdf"))
        .expect("text")
        .replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        text.contains("Promotion 2026-2027"),
        "the dashboard's filter"
    );
    assert_eq!(app.screen, Screen::Dashboard);
}
