//! `passerelle print contract`: the demo's contract printed as PDF/A-2b, its text
//! extracted and checked (accented names, page numbers, the establishment on every
//! page, no sensitive detail although the demo holds some), the view-model
//! snapshotted, and the refusals of the command in French.

mod common;
mod print_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use passerelle::print::contract::{Contract, blocks};
use passerelle::print::{layout, pdf_bytes};
use passerelle::store::Store;
use print_common::{assert_no_sensitive_text, pages_text, pdf_text, plain, sensitive_texts};

/// A followed student of the demo with an accented name, modules and sensitive notes.
fn rich_student(store: &Store) -> i64 {
    store
        .student_rows_in(None)
        .expect("students")
        .into_iter()
        .map(|r| r.student)
        .find(|s| {
            !s.display_name().is_ascii()
                && store.enrolments(s.id).is_ok_and(|e| !e.is_empty())
                && store.life_notes(s.id).is_ok_and(|n| !n.is_empty())
        })
        .expect("an accented demo student with modules and life notes")
        .id
}

#[test]
fn the_demo_contract_prints_names_pages_and_no_sensitive_detail() {
    let store = demo_store();
    let id = rich_student(&store);
    let sensitive = sensitive_texts(&store, id);
    assert!(
        !sensitive.is_empty(),
        "the demo holds sensitive notes for this student"
    );
    let contract = Contract::build(&store, id, today()).expect("contract");
    let doc = blocks::document(&contract, today());
    let pages = layout::lay_out(&doc).len();
    let bytes = pdf_bytes(&doc, today()).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-1.7"), "PDF/A-2 is PDF 1.7 at most");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A-2 declared"
    );
    assert!(
        raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "level B"
    );
    assert!(raw.contains("/Lang(fr-FR)"), "document language");

    let text = pdf_text(&bytes);
    let student = store.student(id).expect("student");
    assert!(
        text.contains(&plain(&student.display_name())),
        "name in {text}"
    );
    assert!(text.contains("page 1/"), "{text}");
    assert!(text.contains(&format!("page {pages}/{pages}")), "{text}");
    let uai = contract
        .establishment
        .as_ref()
        .expect("establishment")
        .uai
        .clone();
    assert_eq!(
        text.matches(&format!("UAI {uai}")).count(),
        pages,
        "UAI on each page"
    );
    assert!(text.contains("Fait le 23 novembre 2026"), "{text}");
    for module in &contract.modules {
        let first = module.name.split_whitespace().next().expect("a word");
        assert!(text.contains(&plain(first)), "{first} in {text}");
    }
    for difficulty in &contract.difficulties {
        assert!(text.contains(&plain(difficulty)), "{difficulty} in {text}");
    }
    for secret in &sensitive {
        let secret = plain(secret);
        assert!(
            !text.contains(&secret),
            "sensitive detail printed: {secret}"
        );
    }
    assert!(!text.contains("Conditions de vie"), "{text}");
}

#[test]
fn a_note_with_an_emoji_or_a_tab_still_prints() {
    let store = demo_store();
    let mut contract = Contract::build(&store, rich_student(&store), today()).expect("contract");
    contract.commitments = Some("Venir\tà l'heure 🙂\r\nRendre le dossier 中".into());
    let bytes = pdf_bytes(&blocks::document(&contract, today()), today()).expect("printed");
    let text = pdf_text(&bytes);
    assert!(text.contains("Venir à l’heure ?"), "{text}");
    assert!(text.contains("Rendre le dossier ?"), "{text}");
}

#[test]
fn every_demo_contract_leaves_out_the_sensitive_texts() {
    let store = demo_store();
    for row in store.student_rows_in(None).expect("students") {
        let id = row.student.id;
        let contract = Contract::build(&store, id, today()).expect("contract");
        let json = serde_json::to_string(&contract).expect("json");
        let doc = format!("{:?}", blocks::document(&contract, today()));
        assert_no_sensitive_text(&store, id, &[&json, &doc]);
    }
}

/// The contract's view-model as JSON and its pages as text rows (cells joined by │,
/// no-break spaces shown as ~ and narrow ones as ^).
fn snapshots(store: &Store, id: i64) -> (String, String) {
    let contract = Contract::build(store, id, today()).expect("contract");
    let json = serde_json::to_string_pretty(&contract).expect("json");
    (json, pages_text(&blocks::document(&contract, today())))
}

#[test]
fn snapshot_of_a_past_year_contract_with_bilan_and_decision() {
    let store = demo_store();
    let (json, pages) = snapshots(&store, rich_student(&store));
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_contract_view_model", json);
        insta::assert_snapshot!("print_contract_pages", pages);
    });
}

#[test]
fn snapshot_of_a_current_contract_with_groups_schedules_and_attendance() {
    let store = demo_store();
    let id = store
        .student_rows_in(None)
        .expect("students")
        .into_iter()
        .map(|r| r.student.id)
        .find(|&id| {
            let contract = Contract::build(&store, id, today()).expect("contract");
            contract.modules.iter().any(|m| !m.schedules.is_empty())
                && !contract.attendance.is_empty()
        })
        .expect("a demo student placed in groups with a roll taken");
    let (json, pages) = snapshots(&store, id);
    assert!(pages.contains("~séances du "), "{pages}");
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_contract_current_view_model", json);
        insta::assert_snapshot!("print_contract_current_pages", pages);
    });
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "proviseure")
        .output()
        .expect("run passerelle")
}

fn demo_file(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite3");
    let out = run(&db, &["demo"]);
    assert_eq!(out.status.code(), Some(0));
    db
}

#[test]
fn the_command_writes_the_pdf_and_refuses_in_french() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_file(dir.path());
    let pdf = dir.path().join("contrat.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");
    let store = Store::open(&db).expect("open");
    let id = rich_student(&store).to_string();
    drop(store);

    let out = run(&db, &["print", "contract", &id, "-o", pdf_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("contrat.pdf") && said.contains("page"),
        "{said}"
    );
    let first = std::fs::read(&pdf).expect("written");
    assert!(pdf_text(&first).contains("page 1/"));

    // An existing file is kept without --force, replaced with it.
    let out = run(&db, &["print", "contract", &id, "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("existe déjà") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&pdf).expect("kept"), first);
    let out = run(&db, &["print", "contract", &id, "-o", pdf_arg, "--force"]);
    assert_eq!(out.status.code(), Some(0));

    // An unknown student, a missing folder: refused, nothing written.
    let out = run(
        &db,
        &["print", "contract", "Personne", "Inconnue", "-o", "x.pdf"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Aucun élève ne correspond à « Personne Inconnue »"),
        "{err}"
    );
    let missing = dir.path().join("absent").join("c.pdf");
    let out = run(
        &db,
        &[
            "print",
            "contract",
            &id,
            "-o",
            missing.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("c.pdf") && err.contains("introuvable"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["contrat.pdf", "demo.sqlite3"]);
}

#[test]
fn all_contracts_of_a_section_one_file_each_and_one_combined() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_file(dir.path());
    let out_dir = dir.path().join("contrats");
    let out_arg = out_dir.to_str().expect("utf-8");
    let args = [
        "print",
        "contract",
        "--all",
        "--section",
        "mco",
        "-o",
        out_arg,
    ];
    let out = run(&db, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("folder created")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let combined = names.pop().expect("files");
    assert!(combined.starts_with("contrats_MCO_"), "{combined}");
    assert!(names.len() >= 2, "{names:?}");
    for name in &names {
        assert!(name.starts_with("MCO_") && name.ends_with(".pdf"), "{name}");
        assert_eq!(name.matches('_').count(), 2, "SECTION_NOM_Prénom: {name}");
    }
    // The combined file holds each contract, each numbered from its page 1.
    let text = pdf_text(&std::fs::read(out_dir.join(&combined)).expect("combined"));
    assert_eq!(text.matches("page 1/").count(), names.len(), "{text}");
    assert!(!text.contains("NDRC –"), "another section printed");

    // Again without --force: refused, nothing touched.
    let before = std::fs::read(out_dir.join(&names[0])).expect("one");
    let out = run(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(out_dir.join(&names[0])).expect("one"), before);
    // An unknown section is named with the known ones.
    let out = run(
        &db,
        &[
            "print",
            "contract",
            "--all",
            "--section",
            "XYZ",
            "-o",
            out_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("« XYZ »") && err.contains("MCO"), "{err}");
}
