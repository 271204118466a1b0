//! End-to-end runs of the read subcommands on a demonstration database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

struct Demo {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

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

fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    let out = run(&db, &["demo", "--seed", "3"]);
    assert!(out.status.success(), "demo failed: {}", stderr(&out));
    assert!(stdout(&out).contains("Suivi"));
    Demo { _dir: dir, db }
}

fn list(db: &Path) -> Vec<Value> {
    let out = run(db, &["list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str::<Value>(&stdout(&out))
        .expect("list json")
        .as_array()
        .expect("array")
        .clone()
}

fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(
            line.width() <= 80,
            "line too wide ({}): {line}",
            line.width()
        );
    }
}

#[test]
fn list_show_and_indicators() {
    let demo = demo();
    let db = &demo.db;

    // A second demo in the same database is refused.
    let again = run(db, &["demo"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("déjà des élèves"));

    // list --json
    let students = list(db);
    assert!(students.len() > 60);
    for s in &students {
        for key in [
            "id",
            "last_name",
            "first_name",
            "section",
            "phase",
            "school_year",
            "verdict",
            "proposal",
            "exited",
            "checkin_overdue",
        ] {
            assert!(s.get(key).is_some(), "missing {key} in {s}");
        }
        let phase = s["phase"].as_str().expect("phase");
        assert!(
            [
                "reperage",
                "pre_conseil",
                "suivi",
                "bilan_s2",
                "hors_parcours"
            ]
            .contains(&phase)
        );
    }

    // list in text, filtered
    let out = run(db, &["list", "--phase", "suivi"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.lines().count() > 1 && text.contains("Suivi"));
    assert!(!text.contains("Bilan S2"));
    assert_fits(&text);
    let out = run(db, &["list", "--section", "elec"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("ELEC") && !stdout(&out).contains(" NDRC "));
    let out = run(db, &["list", "--section", "XYZ"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("inconnue"));

    // show by id
    let first = &students[0];
    let id = first["id"].as_i64().expect("id").to_string();
    let out = run(db, &["show", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let last = first["last_name"].as_str().expect("name").to_uppercase();
    assert!(text.contains(&last));
    for heading in ["Repérage", "Pré-conseil", "Suivi", "Bilan S2"] {
        assert!(text.contains(heading), "no {heading} in\n{text}");
    }

    // show by a unique name, and an ambiguous one
    let mut by_name: HashMap<(String, String), usize> = HashMap::new();
    let mut by_last: HashMap<String, Vec<i64>> = HashMap::new();
    for s in &students {
        let last = s["last_name"].as_str().expect("last").to_string();
        let first = s["first_name"].as_str().expect("first").to_string();
        *by_name.entry((last.clone(), first)).or_default() += 1;
        by_last
            .entry(last)
            .or_default()
            .push(s["id"].as_i64().expect("id"));
    }
    let single_word = |t: &str| !t.contains(' ');
    let mut unique: Vec<&(String, String)> = by_name
        .iter()
        .filter(|(k, n)| **n == 1 && single_word(&k.0) && single_word(&k.1))
        .map(|(k, _)| k)
        .collect();
    unique.sort();
    let (last, first) = unique[0];
    let out = run(db, &["show", &format!("{first} {last}")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&last.to_uppercase()));
    let mut shared: Vec<(&String, &Vec<i64>)> = by_last
        .iter()
        .filter(|(name, ids)| ids.len() >= 2 && single_word(name))
        .collect();
    shared.sort();
    let (name, ids) = shared[0];
    let out = run(db, &["show", name]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Plusieurs"));
    for id in ids {
        assert!(err.contains(&format!("n° {id} ")), "{id} missing in {err}");
    }
    let out = run(db, &["show", "Personne-Inconnue"]);
    assert_eq!(out.status.code(), Some(1));

    // show --json
    let out = run(db, &["show", &id, "--json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("show json");
    assert_eq!(json["id"].as_i64().map(|i| i.to_string()), Some(id.clone()));
    assert_eq!(json["grid"]["conditions_de_vie"]["masked"], true);

    // indicators --json
    let out = run(db, &["indicators", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ind: Value = serde_json::from_str(&stdout(&out)).expect("indicators json");
    let levels = ind["levels"].as_object().expect("levels");
    for level in [
        "overall",
        "establishment",
        "specialty",
        "sector",
        "section",
        "cohort_year",
    ] {
        let groups = levels[level].as_array().expect(level);
        for group in groups {
            for key in ["code", "label", "tally", "rates"] {
                assert!(group.get(key).is_some(), "missing {key} in {level}");
            }
            for rate in group["rates"].as_object().expect("rates").values() {
                assert!(rate["numerator"].is_u64() && rate["denominator"].is_u64());
                assert!(rate["value"].is_number() || rate["value"].is_null());
            }
        }
    }
    let sections = levels["section"].as_array().expect("sections");
    assert_eq!(sections.len(), 3);
    assert_eq!(ind["overall"]["tally"]["entrants"], 60);
    assert_eq!(levels["sector"][0]["code"], "production");
    // Mid-year: the demo's current cohort has no S2 decision, so all years together
    // the passage is not yet known (null), while the exits are.
    assert!(ind["overall"]["rates"]["passage"]["value"].is_null());
    assert!(ind["overall"]["rates"]["dropout"]["value"].is_number());
    let out = run(db, &["indicators"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Passage en 2e année"));
    assert!(stdout(&out).contains("pas encore connu"));
    assert_fits(&stdout(&out));
    let out = run(db, &["indicators", "--json", "--year", "2020-2021"]);
    let none: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(none["overall"]["tally"]["entrants"], 0);
    assert!(none["overall"]["rates"]["passage"]["value"].is_null());
    let out = run(db, &["indicators", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
}

/// Sensitive texts as stored: life notes and comments of *conditions de vie* cells.
fn sensitive_texts(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut texts: Vec<String> = conn
        .prepare("SELECT note FROM life_note")
        .expect("sql")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let comments: Vec<String> = conn
        .prepare(
            "SELECT g.comment FROM grid_value g JOIN criterion c ON c.id = g.criterion_id \
             WHERE c.domain = 'conditions_de_vie' AND g.comment IS NOT NULL",
        )
        .expect("sql")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    texts.extend(comments);
    texts
}

#[test]
fn show_fits_80_columns_and_masks_sensitive_data() {
    let demo = demo();
    let secrets = sensitive_texts(&demo.db);
    assert!(!secrets.is_empty(), "the demo has sensitive notes to hide");
    let mut seen_masked_notes = false;
    for s in list(&demo.db) {
        let id = s["id"].as_i64().expect("id").to_string();
        for args in [vec!["show", &id], vec!["show", &id, "--json"]] {
            let out = run(&demo.db, &args);
            assert!(out.status.success(), "{}", stderr(&out));
            let text = stdout(&out);
            if args.len() == 2 {
                assert_fits(&text);
                seen_masked_notes |=
                    text.contains("conditions de vie : ") && text.contains("(masquées)");
            }
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "student {id} shows « {secret} »"
                );
            }
        }
    }
    assert!(seen_masked_notes, "life notes are announced, masked");
}
