//! `passerelle print report`: the indicators with their charts as PDF/A. Its text
//! is extracted and checked against the figures of `indicators` (same rates, no
//! student named), a mid-year cohort reads « pas encore connu », the document's
//! blocks are snapshotted, and a refused filter writes no file.

mod common;
mod print_common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use passerelle::model::indicators::{Filter, Level};
use passerelle::print::report::{ReportInput, document, of_store};
use passerelle::print::{Block, layout, pdf_bytes};
use passerelle::store::Store;
use print_common::{pdf_text, plain};

fn report(store: &Store, filter: &Filter) -> passerelle::print::Doc {
    of_store(store, filter, today())
        .expect("store")
        .expect("filter accepted")
}

#[test]
fn the_demo_report_prints_the_figures_of_indicators_and_names_no_student() {
    let store = demo_store();
    let doc = report(&store, &Filter::default());
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    let ind = passerelle::cli::indicators::indicators(&store, &Filter::default(), today())
        .expect("store")
        .expect("filter");
    let rates = &ind.overall().rates;
    for rate in [rates.identified, rates.in_parcours, rates.dropout] {
        assert!(
            text.contains(&plain(&rate.text())),
            "{} missing",
            rate.text()
        );
    }
    for heading in [
        "Indicateurs du parcours de consolidation",
        "Les chiffres clés",
        "Sorties par motif",
        "Les promotions côte à côte",
        "Ce qui a marché",
    ] {
        assert!(text.contains(heading), "{heading} missing");
    }
    assert!(
        text.contains("Lycée polyvalent des Cèdres"),
        "establishment on the page"
    );
    let pages = layout::lay_out(&doc).len();
    assert!(text.contains(&format!("page {pages}/{pages}")));
    // No student of the file is named, by full name or by last name alone.
    for row in store.student_rows_in(None).expect("students") {
        let s = &row.student;
        assert!(
            !text.contains(&plain(&s.display_name())),
            "{} printed",
            s.display_name()
        );
        assert!(
            !text.contains(&format!(" {} ", s.last_name.to_uppercase())),
            "{} printed",
            s.last_name
        );
        if let Some(ine) = &s.ine {
            assert!(!text.contains(ine.as_str()), "an INE is printed");
        }
    }
}

#[test]
fn a_mid_year_cohort_reads_not_yet_known_never_zero() {
    let store = demo_store();
    let filter = Filter {
        year: Some("2026-2027".into()),
        ..Filter::default()
    };
    let doc = report(&store, &filter);
    let rows = table_rows(&doc, "Passage en 2e année");
    assert_eq!(rows, vec!["pas encore connu".to_string()]);
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    assert!(text.contains("Promotion 2026-2027"));
    assert!(
        !text.contains("Les promotions côte à côte"),
        "one year: no side by side"
    );
}

/// The second cell of the key figures' rows labelled `label`.
fn table_rows(doc: &passerelle::print::Doc, label: &str) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| t.rows.iter())
        .filter(|r| r.first().is_some_and(|c| c == label) && r.len() == 2)
        .map(|r| r[1].clone())
        .collect()
}

#[test]
fn an_empty_file_says_there_is_nothing_to_count() {
    let store = empty_store();
    let doc = report(&store, &Filter::default());
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    assert!(text.contains(&plain("il n'y a rien à compter")), "{text}");
    assert!(!text.contains("Les chiffres clés"));
}

#[test]
fn several_establishments_are_counted_in_the_header_and_in_a_table() {
    let store = demo_store();
    let ind = passerelle::cli::indicators::indicators(&store, &Filter::default(), today())
        .expect("store")
        .expect("filter");
    let names = passerelle::cli::indicators::names(&store).expect("names");
    let hours = store.hours_report("2026-2027", today()).expect("hours");
    let mut two = ind.clone();
    let mut other = two.level(Level::Establishment)[0].clone();
    other.label = "Lycée Émile Zola".into();
    other.code = "0310001A".into();
    other.detail = "Amiens".into();
    two.levels
        .entry(Level::Establishment)
        .or_default()
        .push(other);
    let doc = document(
        &ReportInput {
            indicators: &two,
            names: &names,
            hours: &hours,
        },
        today(),
    );
    assert_eq!(doc.header.name, "2 établissements");
    assert_eq!(doc.header.detail, "académies : Amiens, Toulouse");
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    assert!(text.contains("Lycée Émile Zola"));
}

#[test]
fn the_report_blocks_are_stable() {
    let store = demo_store();
    let doc = report(&store, &Filter::default());
    let json = serde_json::to_string_pretty(&doc).expect("json");
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_report_blocks", json);
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

#[test]
fn the_command_writes_the_pdf_and_refuses_an_unknown_filter_without_writing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    demo_file(&db);
    let pdf = dir.path().join("rapport.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");
    let out = run(&db, &["print", "report", "--section", "XYZ", "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("« XYZ »") && err.contains("NDRC"), "{err}");
    assert!(!pdf.exists(), "nothing written on a refusal");

    let out = run(
        &db,
        &["print", "report", "--sector", "services", "-o", pdf_arg],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("Rapport d'indicateurs écrit dans"),
        "{said}"
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf written"));
    assert!(text.contains("Champ retenu"), "the filter is said: {text}");

    let out = run(&db, &["print", "report", "-o", pdf_arg]);
    assert_ne!(
        out.status.code(),
        Some(0),
        "an existing file is not replaced"
    );
    let out = run(&db, &["print", "report", "--force", "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(0));
}
