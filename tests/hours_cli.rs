//! `passerelle modules grant|envelope` and the per-section / establishment
//! tables of `passerelle modules`, text and JSON.

mod common;

use common::{demo_file, passerelle_cli as passerelle, text};
use unicode_width::UnicodeWidthStr;

const YEAR: &str = "2026-2027";

fn json(db: &std::path::Path) -> serde_json::Value {
    let out = passerelle(db, &["modules", "--year", YEAR, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn tutorat(value: &serde_json::Value) -> serde_json::Value {
    value["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["code"] == "tutorat")
        .cloned()
        .expect("tutorat")
}

#[test]
fn hours_are_granted_changed_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let before = json(&db);
    assert_eq!(tutorat(&before)["granted"], 24.0);
    let out = passerelle(
        &db,
        &[
            "modules", "grant", "TUTORAT", "12,5", "--label", "DHG 2026", "--year", YEAR,
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Tutorat individuel : 12,5 h accordées pour 2026-2027."));
    let after = json(&db);
    assert_eq!(tutorat(&after)["granted"], 12.5);
    // Unknown code, bad number: refused in French, nothing written.
    let out = passerelle(&db, &["modules", "grant", "xyz", "12", "--year", YEAR]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(said.contains("Module « xyz » inconnu"), "{said}");
    assert!(said.contains("tutorat"), "the codes are listed: {said}");
    let out = passerelle(
        &db,
        &["modules", "grant", "tutorat", "douze", "--year", YEAR],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("« douze » n'est pas un nombre d'heures"));
    assert_eq!(json(&db), after);
    // 0 removes the grant: the module falls back on its fiche cadre.
    let out = passerelle(&db, &["modules", "grant", "tutorat", "0", "--year", YEAR]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("dotation 2026-2027 retirée"));
    let removed = json(&db);
    assert_ne!(tutorat(&removed)["granted"], 12.5);
    // Envelopes: added, changed by their name (any case), removed with « aucune ».
    assert_eq!(removed["envelope_hours"], 40.0);
    let ok = |args: &[&str]| {
        let out = passerelle(&db, args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    ok(&["modules", "envelope", "Projet lecture", "6", "--year", YEAR]);
    assert_eq!(json(&db)["envelope_hours"], 46.0);
    ok(&[
        "modules",
        "envelope",
        "projet LECTURE",
        "7,5",
        "--year",
        YEAR,
    ]);
    assert_eq!(json(&db)["envelope_hours"], 47.5);
    let said = ok(&[
        "modules",
        "envelope",
        "Projet lecture",
        "aucune",
        "--year",
        YEAR,
    ]);
    assert!(said.contains("retirée"), "{said}");
    assert_eq!(json(&db)["envelope_hours"], 40.0);
    let out = passerelle(&db, &["modules", "envelope", " ", "6", "--year", YEAR]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn modules_shows_hours_per_section_and_establishment_in_80_columns_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let out = passerelle(&db, &["modules", "--year", YEAR]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for expected in [
        "Par section (un groupe commun à plusieurs sections compte pour",
        "Section      Groupes  Prévues   Faites  Groupes partagés avec",
        "Établissement       Prévues   Faites  Accordées  dont enveloppes",
    ] {
        assert!(shown.contains(expected), "{expected} missing:\n{shown}");
    }
    for line in shown.lines() {
        assert!(line.width() <= 80, "too wide: {line}");
    }
    let value = json(&db);
    let sections = value["sections"].as_array().expect("sections");
    assert!(!sections.is_empty());
    let total = &value["total"];
    let planned: f64 = value["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| m["planned"].as_f64().expect("planned"))
        .sum();
    assert!((total["planned"].as_f64().expect("total") - planned).abs() < 1e-9);
    // Each section's hours are at most the establishment's (groups counted once there).
    for s in sections {
        assert!(
            s["planned"].as_f64().expect("planned") <= planned + 1e-9,
            "{s}"
        );
        assert!(shown.contains(s["code"].as_str().expect("code")));
    }
    assert_eq!(total["envelopes"], 40.0);
    assert_eq!(value["establishments"].as_array().expect("e").len(), 1);
    assert_eq!(
        total["over_budget"],
        total["planned"].as_f64() > total["granted"].as_f64()
    );
}

#[test]
fn indicators_list_the_modules_over_budget_and_the_establishment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let out = passerelle(
        &db,
        &["modules", "grant", "parrainage", "1", "--year", YEAR],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = passerelle(&db, &["indicators", "--year", YEAR]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let block = &shown[shown.find("Modules et heures — 2026-2027").expect("block")..];
    for expected in [
        "  Heures prévues",
        "  Heures accordées",
        "(dont enveloppes 40 h)",
        "  Modules en dépassement          1\n",
        "    Parrainage par un étudiant de 2e année : ",
        ", 1 h accordées\n",
        "  Établissement",
    ] {
        assert!(block.contains(expected), "{expected} missing:\n{block}");
    }
    for line in shown.lines() {
        assert!(line.width() <= 80, "too wide: {line}");
    }
    let out = passerelle(&db, &["indicators", "--year", YEAR, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let hours = &value["hours"];
    assert_eq!(hours["school_year"], YEAR);
    assert_eq!(hours["modules_over_budget"][0]["code"], "parrainage");
    assert_eq!(hours["modules_over_budget"][0]["granted"], 1.0);
    assert_eq!(hours["envelopes"], 40.0);
    assert_eq!(
        hours["over_budget"],
        hours["planned"].as_f64() > hours["granted"].as_f64()
    );
}

#[test]
fn the_establishment_line_shortens_to_fit_and_never_cuts_its_flag() {
    use passerelle::cli::modules::establishment_line;
    use passerelle::model::hours::EstablishmentHours;
    let mut e = EstablishmentHours {
        planned: 1234.5,
        delivered: 65.5,
        granted_modules: 48.0,
        envelopes: 40.0,
        ..EstablishmentHours::default()
    };
    for width in [79, 60, 40] {
        let line = establishment_line("Établissement", &e, width);
        assert!(line.chars().count() <= width, "{line}");
        assert!(line.ends_with(" dépassé"), "{line}");
    }
    e.planned = 80.0;
    assert_eq!(
        establishment_line("Établissement", &e, 100),
        "Établissement : prévues 80 h, faites 65,5 h, accordées 88 h (dont enveloppes 40 h)"
    );
}
