//! `passerelle print family`: the dialogue sheet with a student's family, on a small
//! hand-built school and on the demo: view-model snapshots, the PDF's text (accented
//! names, the référent to contact, plain words) and never a sensitive note.

mod common;
mod print_common;

use common::*;
use passerelle::print::family::{Family, blocks};
use passerelle::print::pdf_bytes;
use print_common::school::*;
use print_common::{assert_no_sensitive_text, pages_text, pdf_text, plain, sensitive_texts};

/// The view-model as JSON and the pages as text rows.
fn snapshots(family: &Family) -> (String, String) {
    let json = serde_json::to_string_pretty(family).expect("json");
    (json, pages_text(&blocks::document(family, today())))
}

#[test]
fn the_family_sheet_of_a_small_school_student() {
    let mut store = empty_store();
    let school = fill(&mut store);
    assert_eq!(sensitive_texts(&store, school.eloise).len(), 3);
    let family = Family::build(&store, school.eloise, today()).expect("family");
    assert_eq!(family.name, "Éloïse N'DIAYE");
    assert_eq!(family.modules.len(), 2);
    assert_eq!(
        family.referent_email.as_deref(),
        Some("helene.garcon@ac-toulouse.fr")
    );
    let (json, pages) = snapshots(&family);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_family_view_model", json);
        insta::assert_snapshot!("print_family_pages", pages);
    });

    let doc = blocks::document(&family, today());
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    for expected in [
        "Éloïse N’DIAYE",
        "Hélène Garçon",
        "helene.garcon@ac-toulouse.fr",
        "Lycée Déodat-de-Séverac, Toulouse",
        "Un point d’étape est un court entretien",
        "Premier point d’étape prévu le 5 novembre 2026",
        "Le professeur référent d’Éloïse : Hélène Garçon",
        "la scolarité d’Éloïse",
        "Fait à Toulouse, le",
        "si Éloïse a 18 ans ou plus",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for secret in SECRETS.iter().chain(&["Venir à chaque séance"]) {
        assert!(!text.contains(&plain(secret)), "printed: {secret}");
    }
    assert!(!text.contains("Conditions de vie") && !text.contains("conditions de vie"));
}

#[test]
fn the_family_sheet_of_a_demo_student_with_groups_and_schedules() {
    let store = demo_store();
    let id = store
        .student_rows_in(None)
        .expect("students")
        .into_iter()
        .map(|r| r.student.id)
        .find(|&id| {
            let family = Family::build(&store, id, today()).expect("family");
            !family.name.is_ascii()
                && family.modules.iter().any(|m| !m.schedules.is_empty())
                && !sensitive_texts(&store, id).is_empty()
        })
        .expect("an accented demo student in groups, with sensitive notes");
    let family = Family::build(&store, id, today()).expect("family");
    let (json, pages) = snapshots(&family);
    assert!(!pages.contains("période "), "no team jargon: {pages}");
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_family_demo_view_model", json);
        insta::assert_snapshot!("print_family_demo_pages", pages);
    });
    let text = pdf_text(&pdf_bytes(&blocks::document(&family, today()), today()).expect("pdf"));
    assert!(text.contains(&plain(&family.name)), "{text}");
    for secret in sensitive_texts(&store, id) {
        assert!(!text.contains(&plain(&secret)), "printed: {secret}");
    }
}

#[test]
fn no_demo_family_sheet_holds_a_sensitive_text() {
    let store = demo_store();
    for row in store.student_rows_in(None).expect("students") {
        let id = row.student.id;
        let family = Family::build(&store, id, today()).expect("family");
        let json = serde_json::to_string(&family).expect("json");
        let doc = format!("{:?}", blocks::document(&family, today()));
        assert_no_sensitive_text(&store, id, &[&json, &doc]);
    }
}

#[test]
fn the_command_writes_the_sheet_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ecole.sqlite3");
    let mut store = file_store(&db, "prof");
    store.init().expect("catalogue");
    let school = fill(&mut store);
    drop(store);
    let pdf = dir.path().join("famille.pdf");
    let run = |args: &[&str]| passerelle_cli(&db, args);
    let pdf_arg = pdf.to_str().expect("utf-8");
    let out = run(&["print", "family", "Éloïse", "-o", pdf_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("Fiche de dialogue avec la famille de N'DIAYE Éloïse écrite dans ")
            && said.contains("famille.pdf"),
        "{said}"
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("written"));
    assert!(text.contains("Éloïse N’DIAYE"), "{text}");
    let out = run(&["print", "family", &school.eloise.to_string(), "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(1), "the file exists");
    let out = run(&["print", "family", "Personne", "-o", pdf_arg, "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Aucun élève ne correspond à « Personne »")
    );
}
