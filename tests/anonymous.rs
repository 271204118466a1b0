//! Issue 12: a lycée's anonymous export and the académie's merge, on a database
//! of three lycées (two in Toulouse, one in Bordeaux; NDRC in two of them).

mod common;

use std::path::{Path, PathBuf};

use common::{demo_file, file_store, passerelle_cli, text};
use passerelle::model::uai::uai_check_letter;
use passerelle::store::Table;
use serde_json::Value;

/// A valid UAI from its seven digits.
fn uai(digits: &str) -> String {
    format!("{digits}{}", uai_check_letter(digits).expect("digits"))
}

/// Lycée B (Toulouse): NDRC 2026-2027, 12 Bac Pro students, 8 identified,
/// 3 left. Lycée C (Bordeaux): NDRC 2026-2027, 9 Bac Pro students, 2
/// identified, 6 left. Plus two non Bac Pro students in B.
fn add_lycees(db: &Path) {
    let mut store = file_store(db, "prof");
    let (b, c) = (uai("0311234"), uai("0331234"));
    store
        .write("lycées B et C", |w| {
            for (uai, name, academie, students, identified, exits) in [
                (&b, "Lycée Bellevue", "Toulouse", 12, 8, 3),
                (&c, "Lycée des Graves", "Bordeaux", 9, 2, 6),
            ] {
                let e = w.ensure_establishment(uai, name, academie)?;
                let s = w.ensure_section(
                    e,
                    "NDRC",
                    "BTS Négociation et digitalisation de la relation client",
                    passerelle::model::Sector::Services,
                )?;
                let cohort = w.ensure_cohort(s, "2026-2027")?;
                for i in 0..students {
                    let mut fields: Vec<(&str, passerelle::model::Value)> = vec![
                        ("cohort_id", cohort.into()),
                        ("last_name", format!("Quenterac{}{i}", &uai[5..7]).into()),
                        ("first_name", format!("Zébulonne{i}").into()),
                        ("ine", format!("{}{i:03}K", &uai[..7]).into()),
                        ("birth_date", format!("2007-03-{:02}", i + 1).into()),
                        ("bac_pro", true.into()),
                        (
                            "commitments",
                            format!("Note confidentielle {uai} {i}").into(),
                        ),
                        (
                            "verdict",
                            if i < identified {
                                "repere"
                            } else {
                                "non_repere"
                            }
                            .into(),
                        ),
                    ];
                    if i >= students - exits {
                        fields.push(("exit_date", "2026-10-12".into()));
                        fields.push(("exit_cause", "emploi".into()));
                        fields.push(("exit_destination", "emploi".into()));
                    }
                    w.insert(Table::Student, &fields)?;
                }
                if uai == &b {
                    for i in 0..2 {
                        w.insert(
                            Table::Student,
                            &[
                                ("cohort_id", cohort.into()),
                                ("last_name", format!("Horsbacpro{i}").into()),
                                ("first_name", "Gaspard".into()),
                                ("bac_pro", false.into()),
                            ],
                        )?;
                    }
                }
            }
            Ok(())
        })
        .expect("lycées B and C");
}

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    db: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    let db = path.join("trois.sqlite3");
    demo_file(&db);
    add_lycees(&db);
    Fixture {
        dir: path,
        db,
        _dir: dir,
    }
}

impl Fixture {
    fn run(&self, args: &[&str]) -> std::process::Output {
        passerelle_cli(&self.db, args)
    }

    /// `indicators --anonymous --establishment UAI -o NAME`.
    fn export(&self, uai: &str, name: &str) -> PathBuf {
        let path = self.dir.join(name);
        let out = self.run(&[
            "indicators",
            "--anonymous",
            "--establishment",
            uai,
            "-o",
            path.to_str().expect("utf-8"),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        path
    }

    fn merge(&self, files: &[&Path], extra: &[&str]) -> std::process::Output {
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(files.iter().map(|f| f.to_str().expect("utf-8")));
        args.extend(extra);
        self.run(&args)
    }

    fn three(&self) -> [PathBuf; 3] {
        [
            self.export("0319999A", "a.json"),
            self.export(&uai("0311234"), "b.json"),
            self.export(&uai("0331234"), "c.json"),
        ]
    }
}

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn merging_three_lycees_gives_the_figures_of_the_whole_database() {
    let f = fixture();
    let [a, b, c] = f.three();
    let merged = json(&f.merge(&[&a, &b, &c], &["--json", "--show-small"]));
    let whole = json(&f.run(&["indicators", "--json"]));
    for part in [
        "levels",
        "overall",
        "crosses",
        "leavers",
        "stayed_with_module",
    ] {
        assert_eq!(merged[part], whole[part], "{part}");
    }
    let levels = whole["levels"].as_object().expect("levels");
    assert_eq!(levels["academie"].as_array().expect("académies").len(), 2);
    assert_eq!(levels["establishment"].as_array().expect("lycées").len(), 3);
    let ndrc = levels["specialty"]
        .as_array()
        .expect("specialties")
        .iter()
        .find(|g| g["code"] == "NDRC")
        .expect("NDRC, one row for three lycées");
    assert!(ndrc["tally"]["entrants"].as_u64().expect("count") > 21);
    // The same in whatever order the files are given.
    let reversed = json(&f.merge(&[&c, &a, &b], &["--json", "--show-small"]));
    assert_eq!(reversed["levels"], merged["levels"]);
}

#[test]
fn the_anonymous_file_names_nobody() {
    let f = fixture();
    let [a, b, c] = f.three();
    let conn = rusqlite::Connection::open(&f.db).expect("open");
    let mut secrets: Vec<String> = Vec::new();
    for sql in [
        "SELECT last_name FROM student",
        "SELECT first_name FROM student",
        "SELECT ine FROM student WHERE ine IS NOT NULL",
        "SELECT birth_date FROM student WHERE birth_date IS NOT NULL",
        "SELECT commitments FROM student WHERE commitments IS NOT NULL",
        "SELECT note FROM life_note",
        "SELECT note FROM checkin WHERE note IS NOT NULL",
        "SELECT comment FROM grid_value WHERE comment IS NOT NULL",
    ] {
        let mut stmt = conn.prepare(sql).expect(sql);
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).expect(sql);
        secrets.extend(
            rows.map(|r| r.expect("row"))
                .filter(|s| s.trim().len() >= 4),
        );
    }
    assert!(secrets.len() > 300, "{} values searched", secrets.len());
    for file in [&a, &b, &c] {
        let content = std::fs::read_to_string(file).expect("read");
        for secret in &secrets {
            assert!(
                !content.contains(secret.as_str()),
                "{secret} in {}",
                file.display()
            );
        }
        // Dates: months only (« 2026-10 »), never a day.
        let day = regex_free_day(&content);
        assert!(day.is_none(), "a full date in {}: {day:?}", file.display());
        let doc: Value = serde_json::from_str(&content).expect("json");
        assert_eq!(doc["format"], "passerelle-indicateurs");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["produced"].as_str().expect("month").len(), 7);
    }
}

/// The first `AAAA-MM-JJ` of a text, if any.
fn regex_free_day(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let s = &bytes[i..i + 10];
        let digits = |r: std::ops::Range<usize>| s[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && s[4] == b'-' && digits(5..7) && s[7] == b'-' && digits(8..10))
            .then(|| String::from_utf8_lossy(s).into_owned())
    })
}

#[test]
fn bad_files_are_refused_naming_them() {
    let f = fixture();
    let [a, b, _] = f.three();
    let refused = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        text(&out.stderr)
    };
    // The same file twice, or a copy of it.
    let copy = f.dir.join("copie.json");
    std::fs::copy(&a, &copy).expect("copy");
    let err = refused(f.merge(&[&a, &b, &copy], &[]));
    assert!(
        err.contains("copie.json : même contenu que") && err.contains("a.json"),
        "{err}"
    );
    // Same lycée and cohort in two different files: both named.
    let services = f.dir.join("b-services.json");
    let out = f.run(&[
        "indicators",
        "--anonymous",
        "--establishment",
        &uai("0311234"),
        "--sector",
        "services",
        "-o",
        services.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let err = refused(f.merge(&[&b, &services], &[]));
    assert!(
        err.contains("b.json et")
            && err.contains("b-services.json comptent tous deux")
            && err.contains("promotion 2026-2027"),
        "{err}"
    );
    // Version 2.
    let v2 = f.dir.join("v2.json");
    let content = std::fs::read_to_string(&a).expect("read");
    std::fs::write(&v2, content.replacen("\"version\": 1", "\"version\": 2", 1)).expect("write");
    let err = refused(f.merge(&[&v2], &[]));
    assert!(
        err.contains("v2.json : version 2 inconnue : mettez Passerelle à jour"),
        "{err}"
    );
    // Truncated.
    let cut = f.dir.join("tronque.json");
    std::fs::write(&cut, &content[..content.len() / 2]).expect("write");
    let err = refused(f.merge(&[&a, &cut], &[]));
    assert!(
        err.contains("tronque.json : ligne ") && err.contains("tronqué"),
        "{err}"
    );
    // A full export is not an anonymous one.
    let full = f.dir.join("complet.json");
    let out = f.run(&["export", "json", "-o", full.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let err = refused(f.merge(&[&full], &[]));
    assert!(
        err.contains("complet.json : c'est un export complet"),
        "{err}"
    );
    // A missing field is named.
    let broken = f.dir.join("sans-tallies.json");
    let mut doc: Value = serde_json::from_str(&content).expect("json");
    doc["tallies"][0]["tally"]["entrants"] = "douze".into();
    std::fs::write(&broken, doc.to_string()).expect("write");
    let err = refused(f.merge(&[&broken], &[]));
    assert!(
        err.contains("sans-tallies.json : ligne 1, champ « tallies[0].tally.entrants »"),
        "{err}"
    );
    // The export refuses an existing file without --force, and keeps it.
    let out = f.run(&[
        "indicators",
        "--anonymous",
        "-o",
        a.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&a).expect("read"), content);
}

#[test]
fn small_cells_are_hidden_for_publication_and_shown_on_request() {
    let f = fixture();
    let b = f.export(&uai("0311234"), "b.json");
    let c = f.export(&uai("0331234"), "c.json");
    // Worked by hand. Exits: B 3 of 12, C 6 of 9, total 9 of 21 (shown in
    // « Ensemble »). B's 3 is small (« < 5 »); C's 6 would give it away (9 - 6),
    // so C is hidden too (« s »), and both dropout rates. Identified: B 8, C 2:
    // C small, B hidden by the total 10. Entrants 12 and 9: shown.
    let published = json(&f.merge(&[&b, &c], &["--json"]));
    assert_eq!(published["small_cells"], "hidden");
    let lycees = published["levels"]["establishment"]
        .as_array()
        .expect("groups");
    let row = |u: &str| {
        lycees
            .iter()
            .find(|g| g["code"] == u)
            .expect("lycée")
            .clone()
    };
    let (rb, rc) = (row(&uai("0311234")), row(&uai("0331234")));
    assert_eq!(
        (
            rb["counts"]["entrants"].clone(),
            rc["counts"]["entrants"].clone()
        ),
        (12.into(), 9.into())
    );
    for r in [&rb, &rc] {
        assert_eq!(r["counts"]["exits"], Value::Null);
        assert_eq!(r["counts"]["identified"], Value::Null);
        assert_eq!(r["rates"]["dropout"], Value::Null);
        assert_eq!(r["rates"]["identified"], Value::Null);
        assert!(r.get("tally").is_none(), "no detailed tally when published");
    }
    let overall = &published["levels"]["overall"][0];
    assert_eq!(overall["counts"]["exits"], 9);
    assert_eq!(overall["rates"]["dropout"]["numerator"], 9);
    // The same as text: « < 5 » for B, « s » for C.
    let out = f.merge(&[&b, &c], &[]);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("Secret statistique : « < 5 » effectif de 1 à 4"),
        "{shown}"
    );
    let line = |label: &str| {
        let l = shown.lines().find(|l| l.starts_with(label)).expect(label);
        l[label.len()..].trim().to_string()
    };
    assert_eq!(line("Redoublements"), "0", "zero is shown");
    assert_eq!(line("Taux de décrochage (à ce jour)"), "42,9 % (9/21)");
    assert!(
        !shown.contains("25,0 %") && !shown.contains("66,7 %"),
        "{shown}"
    );
    // --show-small: everything, said in the heading.
    let out = f.merge(&[&b, &c], &["--show-small"]);
    let all = text(&out.stdout);
    assert!(
        all.contains("TOUS LES EFFECTIFS, y compris de 1 à 4 : usage interne"),
        "{all}"
    );
    assert!(
        all.contains("25,0 %") && all.contains("3/12") && all.contains("6/9"),
        "{all}"
    );
    let full = json(&f.merge(&[&b, &c], &["--json", "--show-small"]));
    assert_eq!(full["small_cells"], "shown");
    let lycees = full["levels"]["establishment"].as_array().expect("groups");
    assert!(lycees.iter().any(|g| g["tally"]["exits"] == 3));
    // CSV for publication: the small cell as « < 5 ».
    let csv = text(&f.merge(&[&b, &c], &["--csv"]).stdout);
    assert!(csv.contains("< 5") && csv.contains(";s;"), "{csv}");
    // The same as an xlsx sheet: B's exits the text « < 5 », C's « s », the
    // whole's 9 a number; nothing written to standard output.
    let book = f.dir.join("academie.xlsx");
    let out = f.merge(&[&b, &c], &["--xlsx", "-o", book.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    use calamine::{Data, Reader};
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("xlsx");
    let sheet = xlsx.worksheet_range("Indicateurs").expect("sheet");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |title: &str| header.iter().position(|h| h == title).expect(title);
    let (code, exits, dropout) = (col("Code"), col("Sorties"), col("Taux de décrochage (%)"));
    let row = |code_value: &str| {
        sheet
            .rows()
            .find(|r| r[code] == code_value)
            .expect(code_value)
            .to_vec()
    };
    assert_eq!(row(&uai("0311234"))[exits], Data::String("< 5".into()));
    assert_eq!(row(&uai("0331234"))[exits], Data::String("s".into()));
    assert_eq!(
        row(&uai("0331234"))[dropout],
        Data::Empty,
        "a hidden rate is empty"
    );
    assert_eq!(row("ensemble")[exits], Data::Float(9.0));
    assert!(matches!(row("ensemble")[dropout], Data::Float(v) if (v - 9.0 / 21.0).abs() < 1e-9));
    // -o is required for a workbook.
    let out = f.merge(&[&b, &c], &["--xlsx"]);
    assert!(!out.status.success());
}
