//! The TUI import form on the welcome screen: a whole-school SIECLE export with no
//! other field filled creates the BTS sections and imports their pupils.

mod common;

use common::*;
use passerelle::app::{Action, Overlay};
use passerelle::model::Sector;

#[test]
fn the_import_form_takes_a_whole_school_export_with_no_option() {
    let mut app = empty_app();
    app.update(Action::OpenImport);
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/siecle/lycee_septembre.csv"
    );
    type_text(&mut app, file);
    app.update(Action::Save);
    if let Some(Overlay::Form(form)) = &app.overlay {
        panic!("form still open: {:?} / {:?}", form.error, app.message);
    }
    let message = format!("{:?}", app.message);
    assert!(message.contains("5 élève(s) importé(s)"), "{message}");
    assert!(message.contains("2 section(s) créée(s)"), "{message}");
    assert!(message.contains("; 4 division(s) de côté."), "{message}");
    let sections = app.store.sections().expect("sections");
    let ciel = sections.iter().find(|s| s.code == "CIEL").expect("CIEL");
    assert_eq!(ciel.sector, Sector::Production);
    assert_eq!(app.store.student_rows().expect("rows").len(), 5);
}
