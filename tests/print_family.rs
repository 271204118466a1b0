//! `passerelle print family`: the dialogue sheet with a student's family, on a small
//! hand-built school and on the demo: view-model snapshots, the PDF's text (accented
//! names, the référent to contact, plain words) and never a sensitive note.

mod common;
mod printfam_school;

use std::process::Command;

use common::*;
use passerelle::model::Domain;
use passerelle::print::family::{Family, blocks};
use passerelle::print::{layout, pdf_bytes};
use passerelle::store::Store;
use printfam_school::*;

/// The text of a PDF, spaces of every kind made ordinary and runs of them single.
fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads krilla's PDF");
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\'', "’")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The view-model as JSON and the pages as text rows (cells joined by │).
fn snapshots(family: &Family) -> (String, String) {
    let json = serde_json::to_string_pretty(family).expect("json");
    let doc = blocks::document(family, today());
    let mut pages = String::new();
    for (n, page) in layout::lay_out(&doc).iter().enumerate() {
        pages.push_str(&format!("=== page {} ===\n", n + 1));
        for row in page.rows() {
            pages.push_str(&row.replace('\u{a0}', "~").replace('\u{202f}', "^"));
            pages.push('\n');
        }
    }
    (json, pages)
}

/// Every sensitive text the database holds about `id`.
fn sensitive_texts(store: &Store, id: i64) -> Vec<String> {
    let criteria = store.criteria().expect("criteria");
    let mut texts: Vec<String> = store
        .life_notes(id)
        .expect("notes")
        .into_iter()
        .map(|n| n.note)
        .collect();
    for value in store.grid_values(id).expect("grid") {
        let sensitive = criteria
            .iter()
            .any(|c| c.id == value.criterion_id && c.domain == Domain::ConditionsDeVie);
        if sensitive {
            texts.extend(value.comment.into_iter().chain(value.source));
        }
    }
    texts
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
        for secret in sensitive_texts(&store, id) {
            assert!(!json.contains(&secret), "{id}: {secret}");
            assert!(!doc.contains(&secret), "{id}: {secret}");
        }
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
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("PASSERELLE_USER", "proviseure")
            .output()
            .expect("run passerelle")
    };
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
