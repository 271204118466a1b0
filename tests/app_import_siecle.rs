//! The TUI import form on the welcome screen: a whole-school SIECLE export with no
//! other field filled shows the preview, then Enter creates the BTS sections and
//! imports their pupils; Esc writes nothing.

mod common;

use common::*;
use passerelle::app::{Action, Overlay};
use passerelle::model::Sector;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/siecle/lycee_septembre.csv"
);

/// Opens the import form, types the file, saves: the preview is shown.
fn preview(app: &mut passerelle::app::App) -> String {
    app.update(Action::OpenImport);
    type_text(app, FILE);
    app.update(Action::Save);
    match &app.overlay {
        Some(Overlay::Report(report)) => {
            assert!(report.confirm.is_some(), "Enter imports");
            report.lines.join("\n")
        }
        Some(Overlay::Form(form)) => panic!("form still open: {:?}", form.error),
        _ => panic!("no preview: {:?}", app.message),
    }
}

#[test]
fn the_import_form_previews_then_imports_a_whole_school_export() {
    let mut app = empty_app();
    let lines = preview(&mut app);
    assert!(
        lines.contains("« 1NDRC » → section NDRC à créer"),
        "{lines}"
    );
    assert!(lines.contains("« Forcer la section »"), "{lines}");
    assert!(
        !lines.contains("--"),
        "no command-line option in the TUI:\n{lines}"
    );
    assert!(
        app.store.sections().expect("sections").is_empty(),
        "nothing written yet"
    );
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let message = format!("{:?}", app.message);
    assert!(message.contains("5 élève(s) importé(s)"), "{message}");
    assert!(message.contains("2 section(s) créée(s)"), "{message}");
    assert!(message.contains("; 4 division(s) de côté."), "{message}");
    let sections = app.store.sections().expect("sections");
    let ciel = sections.iter().find(|s| s.code == "CIEL").expect("CIEL");
    assert_eq!(ciel.sector, Sector::Production);
    assert_eq!(app.store.student_rows().expect("rows").len(), 5);
}

#[test]
fn escape_on_the_preview_writes_nothing() {
    let mut app = empty_app();
    preview(&mut app);
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
    assert!(app.store.sections().expect("sections").is_empty());
    assert!(app.store.student_rows().expect("rows").is_empty());
}
