//! `passerelle indicators`: text at 80 columns (names wrapped, never cut), JSON,
//! CSV read back, filters; a snapshot of the text on the small demo database.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use passerelle::cli::indicators::{indicators, names, render};
use passerelle::model::Sector;
use passerelle::model::indicators::Filter;
use passerelle::store::NewStudent;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .arg("indicators")
        .args(args)
        .env("PASSERELLE_USER", "testeur")
        .output()
        .expect("run passerelle")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The demo (one lycée: ELEC, MCO, NDRC) and a second lycée with the same BTS
/// NDRC under another code and its full title: 3 Bac Pro students, one of whom
/// left in October.
fn two_lycees(db: &Path) {
    demo_file(db);
    let mut store = file_store(db, "prof");
    store
        .write("second lycée", |w| {
            let e = w.ensure_establishment(
                "0810002B",
                "Lycée polytechnique régional Bellevue d'Albi",
                "Toulouse",
            )?;
            let s = w.ensure_section(
                e,
                "NDRC-ALB",
                "BTS Négociation et digitalisation de la relation client",
                Sector::Services,
            )?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            for i in 0..3 {
                w.add_student(
                    c,
                    &NewStudent {
                        last_name: format!("Albi{i}"),
                        first_name: "Test".into(),
                        bac_pro: true,
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .expect("second lycée");
}

#[test]
fn the_text_fits_80_columns_and_names_every_establishment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    two_lycees(&db);
    let out = run(&db, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in shown.lines() {
        assert!(line.width() <= 80, "too wide ({}): {line}", line.width());
        assert!(!line.contains('…'), "a name is cut: {line}");
    }
    // Long names are wrapped, both lycées named with their UAI, sections with their lycée.
    for expected in [
        "Par établissement",
        "Lycée polytechnique",
        "  0810002B, Toulouse",
        "Lycée polyvalent des",
        "Par spécialité de BTS",
        "BTS Négociation et",
        "digitalisation de la",
        "  Lycée polytechnique\n",
        "  d'Albi (0810002B)",
        "Évolution par promotion",
        "Est-ce que ça marche ?",
        "Profil des sortants",
        "pas encore connu",
    ] {
        assert!(shown.contains(expected), "« {expected} » missing:\n{shown}");
    }
    // The same BTS in two lycées is one specialty row: 27 demo NDRC + 3 in Albi.
    let out = run(&db, &["--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let specialties = json["levels"]["specialty"].as_array().expect("specialties");
    let ndrc: Vec<&Value> = specialties.iter().filter(|g| g["code"] == "NDRC").collect();
    assert_eq!(ndrc.len(), 1);
    let sections = json["levels"]["section"].as_array().expect("sections");
    let entrants = |code: &str| -> u64 {
        sections
            .iter()
            .filter(|g| g["code"].as_str().is_some_and(|c| c.starts_with(code)))
            .map(|g| g["tally"]["entrants"].as_u64().expect("n"))
            .sum()
    };
    assert_eq!(entrants("NDRC-ALB"), 3);
    assert_eq!(
        ndrc[0]["tally"]["entrants"].as_u64(),
        Some(entrants("NDRC ") + 3)
    );
    assert_eq!(
        json["levels"]["establishment"].as_array().map(Vec::len),
        Some(2)
    );
    // Filters together: Albi's NDRC of 2026-2027 only; mid-year: passage unknown.
    let out = run(
        &db,
        &[
            "--json",
            "--establishment",
            "bellevue",
            "--specialty",
            "ndrc",
            "--year",
            "2026-2027",
        ],
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["overall"]["tally"]["entrants"], 3);
    assert!(json["overall"]["rates"]["passage"]["value"].is_null());
    assert_eq!(json["overall"]["rates"]["passage"]["denominator"], 3);
    assert_eq!(json["overall"]["rates"]["dropout"]["value"], 0.0);
}

#[test]
fn unknown_filter_values_are_refused_and_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let out = run(&db, &["--section", "SIO", "--sector", "tertiaire"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("--section « SIO » : section inconnue dans ce fichier. Valeurs possibles : ELEC, MCO, NDRC."), "{err}");
    assert!(
        err.contains(
            "--sector « tertiaire » : secteur inconnu. Valeurs possibles : production, services."
        ),
        "{err}"
    );
}

#[test]
fn the_csv_reads_back_one_row_per_level_and_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    two_lycees(&db);
    let out = run(&db, &["--csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.starts_with("\u{feff}".as_bytes()), "BOM");
    let json: Value = serde_json::from_slice(&run(&db, &["--json"]).stdout).expect("json");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&out.stdout[3..]);
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let levels = json["levels"].as_object().expect("levels");
    let groups: usize = levels
        .values()
        .map(|g| g.as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(records.len(), groups);
    for (record, level) in records.iter().zip(["ensemble", "etablissement"]) {
        assert_eq!(&record[0], level);
    }
    // The overall row: numerator and denominator of each rate as in the JSON.
    let first = &records[0];
    let rates = &json["overall"]["rates"];
    let num = column("Taux de décrochage : numérateur");
    assert_eq!(first[num], rates["dropout"]["numerator"].to_string());
    assert_eq!(
        first[column("Taux de décrochage : dénominateur")],
        rates["dropout"]["denominator"].to_string()
    );
    assert!(first[column("Taux de décrochage (%)")].contains(','));
    // Not yet known: an empty cell, never 0.
    assert_eq!(&first[column("Passage en 2e année (%)")], "");
}

#[test]
fn snapshot_of_the_text_on_the_demo() {
    let store = demo_store();
    let ind = indicators(&store, &Filter::default(), today())
        .expect("read")
        .expect("no filter");
    let hours = store.hours_report("2026-2027", today()).expect("hours");
    let text = render(&ind, &names(&store).expect("names"), &hours);
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("indicators_demo_text", text);
    });
}
