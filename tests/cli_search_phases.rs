//! Command line: names found however they are typed, every printed phase accepted
//! back, and students outside the parcours in their own phase.

use std::path::Path;
use std::process::{Command, Output};

use passerelle::model::{Proposal, Value, Verdict};
use passerelle::store::{NewStudent, Store, Table};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "testeur")
        .output()
        .expect("run passerelle")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8")
}

/// A base with N'DIAYE Awa (all-digit INE), GARÇON Loïc (refused the parcours),
/// MARTIN Paul (not from a Bac Pro) and DURAND Léa (repérée, pré-conseil).
fn base(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("base.sqlite3");
    let mut store = Store::open(&db).expect("open");
    store.init().expect("init");
    store.set_user("prof");
    let student = |last: &str, first: &str, ine: Option<&str>, bac_pro: bool| NewStudent {
        last_name: last.into(),
        first_name: first.into(),
        ine: ine.map(str::to_string),
        bac_pro,
        ..NewStudent::default()
    };
    store
        .write("test", |w| {
            let est = w.ensure_default_establishment()?;
            let sec =
                w.ensure_section(est, "MCO", "BTS MCO", passerelle::model::Sector::Services)?;
            let cohort = w.ensure_cohort(sec, "2026-2027")?;
            w.add_student(
                cohort,
                &student("N'DIAYE", "Awa", Some("12345678901"), true),
            )?;
            let garcon = w.add_student(cohort, &student("GARÇON", "Loïc", None, true))?;
            let martin = w.add_student(cohort, &student("MARTIN", "Paul", None, false))?;
            w.update(
                Table::Student,
                martin,
                1,
                &[
                    ("exit_date", "2026-11-02".into()),
                    (
                        "exit_referral",
                        passerelle::model::ExitReferral::Psad.into(),
                    ),
                    ("exit_note", "Rendez-vous pris.\nÀ rappeler.".into()),
                ],
            )?;
            let durand = w.add_student(cohort, &student("DURAND", "Léa", None, true))?;
            w.update(
                Table::Student,
                garcon,
                1,
                &[
                    ("verdict", Verdict::Repere.into()),
                    ("proposal", Proposal::Refuse.into()),
                ],
            )?;
            w.update(
                Table::Student,
                durand,
                1,
                &[("verdict", Value::from(Verdict::Repere))],
            )
        })
        .expect("students");
    db
}

#[test]
fn show_finds_names_without_apostrophe_accent_or_quotes_and_digit_ines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = base(dir.path());
    let out = run(&db, &["show", "ndiaye"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("N'DIAYE Awa"), "{}", stdout(&out));
    let out = run(&db, &["show", "n-diaye", "awa"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["show", "12345678901"]);
    assert!(
        out.status.success(),
        "INE read as a number: {}",
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("N'DIAYE Awa"));
    let out = run(&db, &["show", "GARÇON", "Loïc"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("GARÇON Loïc"));
    let out = run(&db, &["show", "garcon", "loic", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn show_history_uses_french_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = base(dir.path());
    let out = run(&db, &["show", "garcon"]);
    let text = stdout(&out);
    assert!(
        text.contains("proposition de parcours : — → refusé"),
        "{text}"
    );
    assert!(!text.contains("proposal"), "{text}");
    assert!(!text.contains("verdict :"), "{text}");
}

#[test]
fn every_printed_phase_is_accepted_back_and_hors_parcours_is_its_own_phase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = base(dir.path());
    let out = run(&db, &["list", "--json"]);
    let items: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let phase_of = |name: &str| {
        items
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["last_name"] == name)
            .map(|s| s["phase"].as_str().unwrap_or_default().to_string())
            .expect("student")
    };
    assert_eq!(phase_of("GARÇON"), "hors_parcours");
    assert_eq!(phase_of("MARTIN"), "hors_parcours");
    assert_eq!(phase_of("DURAND"), "pre_conseil");
    assert_eq!(phase_of("N'DIAYE"), "reperage");
    for spelling in ["pre_conseil", "pre-conseil", "Pré-conseil", "PRE_CONSEIL"] {
        let out = run(&db, &["list", "--phase", spelling]);
        assert!(out.status.success(), "{spelling}: {}", stderr(&out));
        assert!(stdout(&out).contains("DURAND Léa"), "{spelling}");
        assert!(stdout(&out).contains("1 élève(s)"), "{spelling}");
    }
    for spelling in ["hors_parcours", "hors-parcours", "hors parcours"] {
        let out = run(&db, &["list", "--phase", spelling]);
        assert!(out.status.success(), "{spelling}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.contains("GARÇON Loïc") && text.contains("MARTIN Paul"),
            "{text}"
        );
        assert!(text.contains("hors parcours"), "{text}");
        assert!(text.contains("2 élève(s)"), "{text}");
    }
    let out = run(&db, &["list", "--phase", "bilan"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("phase inconnue"), "{}", stderr(&out));
    let out = run(&db, &["list", "--year", "2026-2027", "--phase", "reperage"]);
    assert!(stdout(&out).contains("1 élève(s)"), "{}", stdout(&out));
    let out = run(&db, &["list", "--year", "2025-2026"]);
    assert!(stdout(&out).contains("Aucun élève"), "{}", stdout(&out));
}

#[test]
fn show_prints_the_exit_referral_and_note_and_keeps_history_lines_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = base(dir.path());
    let out = run(&db, &["show", "martin", "paul"]);
    let text = stdout(&out);
    assert!(text.contains("Orienté(e) vers : PSAD"), "{text}");
    assert!(
        text.contains("    Rendez-vous pris.\n    À rappeler."),
        "{text}"
    );
    assert!(
        text.contains("note de sortie : — → Rendez-vous pris. / À rappeler."),
        "{text}"
    );
    let out = run(&db, &["show", "martin", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["exit"]["referral"], "psad");
    assert_eq!(json["phase"], "hors_parcours");
}
