//! End-to-end test of the real binary in a pseudo-terminal (80×24).
//!
//! One new student goes through the four phases by keystrokes only; a pré-conseil
//! meeting decides for five students (one refusal, one undo). Results are read back
//! with `passerelle show`/`list --json` and from the database file. A small terminal emulator (`vt100`) keeps the
//! screen so that every step waits for what it expects instead of sleeping.

mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use pty::*;

#[test]
fn one_student_through_the_four_phases() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e2e.sqlite3");
    // Nothing before: a brand-new file, as a teacher starting from scratch.
    let db_arg = db.to_str().expect("utf-8 path");
    let mut tui = Tui::spawn(&["--db", db_arg]);

    // Welcome → add a student in a new section.
    tui.wait_for("Bienvenue dans Passerelle");
    tui.step("a", "Ajouter un élève");
    tui.send("Dupré-Test");
    tui.send(TAB);
    tui.send("Élodie");
    tui.send(TAB);
    tui.send("cg");
    tui.send(TAB);
    // Typed fast, the title is read as a paste: wait for it before choosing the
    // sector, else the arrows of the same burst are dropped once the field closes.
    tui.step("BTS Comptabilité et gestion", "BTS Comptabilité et gestion");
    tui.send(TAB);
    tui.send(RIGHT);
    tui.step(RIGHT, "[services]");
    tui.step(CTRL_S, "Enregistré : Ajout de l'élève DUPRÉ-TEST Élodie");
    tui.wait_until("the student in the list", |s| {
        s.lines()
            .any(|l| l.contains("DUPRÉ-TEST Élodie") && l.contains("CG"))
    });

    // F3 repérage: levels on several criteria, then repéré.
    tui.step(F3, "Logement · non évalué");
    // Conditions de vie are masked: shown (m) before typing into them.
    tui.step("m", "affichés");
    tui.step("2", "Enregistré : Grille « Logement »");
    tui.step("l", "Transport · non évalué");
    tui.step("3", "Enregistré : Grille « Transport »");
    tui.step(TAB, "Résultats de bac pro · non évalué");
    tui.step("3", "Enregistré : Grille « Résultats de bac pro »");
    tui.step("l", "Éval. français · non évalué");
    tui.step("2", "Enregistré : Grille « Éval. français »");
    tui.step("j", "Éval. français · 2");
    tui.step("h", "Résultats de bac pro · 3");
    tui.step("k", "Résultats de bac pro · 3");
    tui.step("R", "Enregistré : Verdict de repérage : DUPRÉ-TEST Élodie");
    // The name fills its column: a space must still separate it from the verdict.
    tui.wait_for("DUPRÉ-TEST Élodie repéré");

    // F4 pré-conseil: accepted, one module, one référent.
    tui.step(F4, "Élève 1/1 : DUPRÉ-TEST Élodie — CG");
    tui.wait_for("Proposition");
    tui.step("a", "Enregistré : Proposition « accepté »");
    tui.step("m", "Ajouter un module — DUPRÉ-TEST Élodie");
    tui.step(ENTER, "Enregistré : Module");
    // The team is empty: the référent is typed and added from the picker.
    tui.step("f", "Référent — DUPRÉ-TEST Élodie");
    tui.step("Claire Martin", "ajouter « Claire Martin » à l'équipe");
    tui.step(ENTER, "Enregistré : Nouveau référent Claire Martin");

    // F5 suivi: one point d'étape.
    tui.step(F5, "En cours");
    tui.step("n", "Point d'étape — DUPRÉ-TEST Élodie");
    tui.send(TAB);
    tui.step(RIGHT, "assidu");
    tui.send(TAB);
    tui.send(RIGHT);
    tui.send(TAB);
    tui.send(RIGHT);
    tui.send(TAB);
    tui.step(
        "Bon départ, vient aux séances",
        "Bon départ, vient aux séances",
    );
    tui.step(CTRL_S, "Enregistré : Point d'étape du");

    // F6 bilan: find the student, BTS en 3 ans.
    tui.step(F6, "Décision S2");
    tui.send("/");
    tui.step("dupr", "« dupr »");
    tui.send(ENTER);
    tui.step("3", "Enregistré : Décision S2 « BTS en 3 ans »");
    tui.send("q");

    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let entered = rfind(&tui.raw, ENTER_ALT_SCREEN).expect("entered the alternate screen");
    let left = rfind(&tui.raw, LEAVE_ALT_SCREEN).expect("left the alternate screen");
    assert!(left > entered, "alternate screen not left at exit");
    // After leaving it, only mode changes (cursor shown, paste off): no more drawing.
    let tail = String::from_utf8_lossy(&tui.raw[left..]).to_string();
    assert!(
        tail.split('\x1b')
            .all(|s| s.is_empty() || s.starts_with("[?")),
        "output after leaving the alternate screen: {tail:?}"
    );
    let paste_on = rfind(&tui.raw, b"\x1b[?2004h").expect("bracketed paste enabled");
    let paste_off = rfind(&tui.raw, b"\x1b[?2004l").expect("bracketed paste disabled");
    assert!(paste_off > paste_on, "bracketed paste left on");
    let cursor_hidden = rfind(&tui.raw, b"\x1b[?25l").unwrap_or(0);
    let cursor_shown = rfind(&tui.raw, b"\x1b[?25h").expect("cursor shown at exit");
    assert!(cursor_shown > cursor_hidden, "cursor left hidden");
    assert!(!tui.parser.screen().alternate_screen());

    // Read the result back.
    let json = passerelle(&db, &["show", "Dupré-Test", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&json.stdout).expect("show --json");
    assert_eq!(s["last_name"], "Dupré-Test");
    assert_eq!(s["first_name"], "Élodie");
    assert_eq!(s["section"], "CG");
    assert_eq!(s["section_name"], "BTS Comptabilité et gestion");
    assert_eq!(s["bac_pro"], true);
    assert_eq!(s["verdict"], "repere");
    assert_eq!(s["proposal"], "accepte");
    assert!(s["pre_conseil_date"].is_string());
    assert!(s["first_checkin_date"].is_string());
    assert_eq!(s["modules"].as_array().map(Vec::len), Some(1));
    assert!(
        s["referent"]["name"]
            .as_str()
            .is_some_and(|n| n.contains("Claire Martin")),
        "référent: {}",
        s["referent"]
    );
    let checkins = s["checkins"].as_array().expect("checkins");
    assert_eq!(checkins.len(), 1);
    assert_eq!(checkins[0]["attendance"], "assidu");
    assert_eq!(checkins[0]["note"], "Bon départ, vient aux séances");
    assert_eq!(s["decision_s2"], "bts_3_ans");
    assert_eq!(s["phase"], "bilan_s2");
    let grid = &s["grid"];
    assert_eq!(grid["conditions_de_vie"]["assessed"], 2);
    let levels: Vec<(String, i64)> = grid["performances_scolaires"]
        .as_array()
        .expect("performances")
        .iter()
        .map(|c| {
            let name = c["criterion"].as_str().unwrap_or_default().to_string();
            (name, c["level"].as_i64().unwrap_or(-1))
        })
        .collect();
    assert_eq!(
        levels,
        [
            ("Résultats de bac pro".to_string(), 3),
            ("Éval. français".to_string(), 2)
        ]
    );
    let journal = s["journal"].as_array().expect("journal");
    assert!(!journal.is_empty());
    assert!(journal.iter().all(|j| j["user"] == "e2e"));

    let text = passerelle(&db, &["show", "Dupré-Test"]);
    let text = String::from_utf8(text.stdout).expect("utf-8");
    for expected in [
        "DUPRÉ-TEST Élodie",
        "Verdict : repéré",
        "Proposition de parcours : accepté",
        "Référent : ",
        "assidu",
        "Décision : BTS en 3 ans",
    ] {
        assert!(text.contains(expected), "show lacks {expected:?}:\n{text}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_that_is_not_a_passerelle_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "ceci n'est pas une base Passerelle\n").expect("write file");
    let mut tui = Tui::spawn(&["--db", file.to_str().expect("utf-8 path")]);
    let status = tui.wait_exit();
    let output = String::from_utf8_lossy(&tui.raw).to_string();
    assert_eq!(status.exit_code(), 1, "output: {output}");
    assert!(
        output.contains("n'est pas une base Passerelle"),
        "output: {output}"
    );
    assert!(
        find(&tui.raw, ENTER_ALT_SCREEN).is_none(),
        "output: {output}"
    );
    let content = std::fs::read_to_string(&file).expect("read file");
    assert_eq!(content, "ceci n'est pas une base Passerelle\n");
}

/// Two programs on one file under one account: the second save of the same field,
/// from a form opened before the first save, opens the conflict dialog.
#[test]
fn two_programs_same_field_conflict_then_keep_theirs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("two.sqlite3");
    passerelle(&db, &["demo", "--students", "5"]);
    let db_arg = db.to_str().expect("utf-8 path");
    let mut a = Tui::spawn(&["--db", db_arg]);
    let mut b = Tui::spawn(&["--db", db_arg]);
    for tui in [&mut a, &mut b] {
        tui.wait_for("Élève");
        tui.step(ENTER, "› Fiche élève");
        tui.step("i", "Identité —");
        // Focus the date of birth (4th field) and empty it.
        tui.send(TAB);
        tui.send(TAB);
        tui.send(TAB);
        tui.send(&"\x7f".repeat(12));
    }
    a.send("01/02/2005");
    a.step(CTRL_S, "Enregistré : Identité");
    b.send("03/04/2006");
    b.step(CTRL_S, "Conflit de modification");
    b.wait_for("01/02/2005");
    b.step("\x1b", "Modification abandonnée");
    for mut tui in [a, b] {
        tui.send("q");
        tui.send("q");
        tui.wait_exit();
    }
    let conn = rusqlite::Connection::open(&db).expect("open");
    let count = |date: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM student WHERE birth_date = ?1",
            [date],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(count("2005-02-01"), 1, "A's date is kept");
    assert_eq!(count("2006-04-03"), 0, "B's stale save wrote nothing");
}

/// Five students waiting for their pré-conseil, as imported from SIECLE (one class).
/// Each student's proposal as `list --json` gives it, in `FIVE`'s order.
fn proposals(db: &Path) -> Vec<(String, Option<String>)> {
    let json = passerelle(db, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("list --json");
    let mut rows: Vec<(String, Option<String>)> = rows
        .as_array()
        .expect("an array of students")
        .iter()
        .map(|r| {
            let name = format!(
                "{} {}",
                r["last_name"].as_str().unwrap_or_default().to_uppercase(),
                r["first_name"].as_str().unwrap_or_default()
            );
            (name, r["proposal"].as_str().map(str::to_string))
        })
        .collect();
    rows.sort_by_key(|(name, _)| FIVE.iter().position(|n| n == name));
    rows
}

/// The minutes kept in the database: (meeting, student's name, proposal), by meeting.
fn minutes(db: &Path) -> Vec<(i64, String, Option<String>)> {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    let mut stmt = conn
        .prepare(
            "SELECT ms.meeting_id, s.last_name, s.first_name, ms.proposal \
             FROM meeting_student ms JOIN student s ON s.id = ms.student_id \
             ORDER BY ms.meeting_id, ms.id",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        let last: String = r.get(1)?;
        let first: String = r.get(2)?;
        Ok((
            r.get(0)?,
            format!("{} {first}", last.to_uppercase()),
            r.get(3)?,
        ))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("minutes")
}

/// The pré-conseil meeting of issue 8: five students, one refusal, one undo, the
/// recap, then the meeting found again in the history after a restart.
#[test]
fn meeting_with_five_students_one_refusal_and_one_undo() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = five_students(dir.path());
    let db_arg = db.to_str().expect("utf-8 path");
    let mut tui = Tui::spawn(&["--db", db_arg]);
    tui.wait_for(FIVE[4]);

    // F3: all five repéré, one row at a time (R never moves the cursor).
    tui.step(F3, "Logement · non évalué");
    for (i, name) in FIVE.iter().enumerate() {
        if i > 0 {
            tui.send("j");
            tui.wait_frame_until(&format!("the cursor on {name}"), |_| true);
            let deadline = Instant::now() + STEP_TIMEOUT;
            while !tui.reversed_on_line_of(name) {
                assert!(
                    Instant::now() < deadline,
                    "cursor not on {name}:\n{}",
                    tui.screen()
                );
                tui.pump(Duration::from_millis(50));
            }
        }
        tui.step("R", &format!("Enregistré : Verdict de repérage : {name}."));
    }
    tui.wait_for("Pré-conseil 5 →");

    // F4: the queue holds the five, in the list's order.
    let banner = |i: usize| format!("Élève {}/5 : {} — NDRC", i + 1, FIVE[i]);
    let proposal = |label: &str| format!("  {label}  (←→ ou o, a, r, n)");
    tui.step(F4, &banner(0));
    tui.wait_for(&proposal("—"));
    // Keys, the decision's label, the student; a module for the first one.
    let decisions = [
        ("a", "accepté"),
        ("r", "refusé"),
        ("a", "accepté"),
        ("o", "proposé"),
        ("a", "accepté"),
    ];
    for (i, (key, label)) in decisions.into_iter().enumerate() {
        if i > 0 {
            tui.step("s", &banner(i));
            tui.wait_for(&proposal("—"));
        }
        tui.step(
            key,
            &format!("Enregistré : Proposition « {label} » : {}.", FIVE[i]),
        );
        tui.wait_for(&proposal(label));
        if i == 0 {
            tui.step("m", &format!("Ajouter un module — {}", FIVE[0]));
            tui.step(ENTER, "Enregistré : Module");
            tui.wait_until("the module in the decisions", |s| {
                !s.contains("aucun (m pour ajouter)")
            });
        }
    }

    // Undo the last decision: the screen, the student and the minutes lose it.
    tui.step(
        "u",
        &format!("Annulé : Proposition « accepté » : {}", FIVE[4]),
    );
    tui.wait_for(&proposal("—"));
    tui.wait_for("— (d pour la saisir)");
    let expected = |last: Option<&str>| -> Vec<(String, Option<String>)> {
        ["accepte", "refuse", "accepte", "propose"]
            .into_iter()
            .map(Some)
            .chain([last])
            .zip(FIVE)
            .map(|(p, name)| (name.to_string(), p.map(str::to_string)))
            .collect()
    };
    assert_eq!(proposals(&db), expected(None), "after the undo");
    let kept = minutes(&db);
    let names: Vec<&str> = kept.iter().map(|(_, name, _)| name.as_str()).collect();
    assert_eq!(names, &FIVE[..4], "minutes after the undo");

    // The decision taken again, differently: non nécessaire.
    tui.step(
        "n",
        &format!("Enregistré : Proposition « non nécessaire » : {}.", FIVE[4]),
    );
    tui.wait_for(&proposal("non nécessaire"));

    // The recap lists the five with their decisions (scrolled to see the last ones).
    let recap: Vec<String> = ["accepté", "refusé", "accepté", "proposé", "non nécessaire"]
        .into_iter()
        .zip(FIVE)
        .map(|(label, name)| format!(" {name} — {label}"))
        .collect();
    tui.step("R", "Réunion de pré-conseil du");
    let footer = "5 élève(s) vu(s) dans cette réunion, 0 pas encore vu(s).";
    let seen = read_recap(&mut tui, footer);
    for line in &recap {
        assert!(
            seen.iter().any(|l| l.starts_with(line.as_str())),
            "recap lacks {line:?}:\n{}",
            seen.join("\n")
        );
    }
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    // The database holds exactly these decisions, in one meeting.
    let mut decided = expected(Some("non_necessaire"));
    assert_eq!(proposals(&db), decided, "students");
    let kept = minutes(&db);
    let meeting = kept[0].0;
    assert!(
        kept.iter().all(|(m, _, _)| *m == meeting),
        "one meeting: {kept:?}"
    );
    let kept: Vec<(String, Option<String>)> = kept.into_iter().map(|(_, n, p)| (n, p)).collect();
    decided.sort();
    let mut sorted = kept.clone();
    sorted.sort();
    assert_eq!(sorted, decided, "minutes");
    let first = passerelle(&db, &["show", FIVE[0], "--json"]);
    let first: serde_json::Value = serde_json::from_slice(&first.stdout).expect("show --json");
    assert_eq!(first["modules"].as_array().map(Vec::len), Some(1));
    assert_eq!(first["phase"], "suivi");
    let refused = passerelle(&db, &["show", FIVE[1], "--json"]);
    let refused: serde_json::Value = serde_json::from_slice(&refused.stdout).expect("show --json");
    assert_eq!(refused["proposal"], "refuse");

    // After a restart, H lists the meeting with its five students; Enter opens it.
    let mut tui = Tui::spawn(&["--db", db_arg]);
    tui.wait_for(FIVE[0]);
    tui.step(F4, "Pré-conseil");
    tui.step("H", "Réunions de pré-conseil enregistrées");
    tui.wait_until("the meeting with five students", |s| {
        s.lines().any(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words.len() >= 2 && words[0].len() == 10 && words[1] == "5"
        })
    });
    tui.step(ENTER, "Réunion de pré-conseil du");
    let seen = read_recap(&mut tui, "5 élève(s) vu(s) dans cette réunion.");
    for line in &recap {
        assert!(
            seen.iter().any(|l| l.starts_with(line.as_str())),
            "past recap lacks {line:?}:\n{}",
            seen.join("\n")
        );
    }
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

/// Scrolls the recap down (j) until its last line, `footer`, shows; returns every
/// line seen on the way.
fn read_recap(tui: &mut Tui, footer: &str) -> Vec<String> {
    let mut seen = Vec::new();
    tui.wait_frame_until("the recap", |s| s.contains("Participants : "));
    // Far more lines than five students take: the footer must come first.
    for _ in 0..40 {
        let screen = tui.screen();
        seen.extend(screen.lines().map(str::trim_end).map(str::to_string));
        if screen.contains(footer) {
            return seen;
        }
        let top = screen.lines().nth(3).unwrap_or_default().to_string();
        tui.send("j");
        tui.wait_frame_until("the recap to scroll", |s| {
            s.lines().nth(3).unwrap_or_default() != top
        });
    }
    panic!("no {footer:?} at the end of the recap:\n{}", tui.screen());
}

const F2: &str = "\x1bOQ";
const F7: &str = "\x1b[18~";

/// Types `text` into the focused field and waits until it shows, so that the
/// next key is never taken as part of a paste.
fn type_field(tui: &mut Tui, text: &str) {
    tui.send(text);
    tui.wait_for(text);
}

#[test]
fn a_whole_rentree_without_leaving_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rentree.sqlite3");
    let db_arg = db.to_str().expect("utf-8 path");
    let team = dir.path().join("equipe.csv");
    std::fs::write(
        &team,
        "Nom;Prénom;Rôle;Discipline;Organisation;Courriel;Coordonnateur\n\
         Roussel;Anne;Professeur de BTS;Économie-gestion;;;oui\n\
         Vidal;Hugo;PLP;Lettres-histoire;;;\n\
         Sarda;Lou;partenaire;;Mission locale;;\n",
    )
    .expect("team file");
    let siecle = dir.path().join("siecle_rentree.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/siecle/lycee_septembre.csv"),
        &siecle,
    )
    .expect("SIECLE fixture");
    let mut tui = Tui::spawn(&["--db", db_arg]);
    tui.wait_for("Bienvenue dans Passerelle");

    // The establishment, from the welcome screen's F7.
    tui.step(F7, "[Établissement]");
    tui.step(ENTER, "Nouvel établissement");
    type_field(&mut tui, "Lycée Clémence Royer");
    tui.send(TAB);
    type_field(&mut tui, "0311234y");
    tui.send(TAB);
    type_field(&mut tui, "toulouse");
    tui.send(TAB);
    type_field(&mut tui, "Muret");
    tui.step(CTRL_S, "UAI 0311234Y");
    tui.wait_for("Académie : Toulouse                       Ville : Muret");

    // The team, from a CSV file, after its preview.
    tui.step(TAB, "[Équipe]");
    tui.step("I", "Importer l'équipe");
    type_field(&mut tui, team.to_str().expect("utf-8"));
    tui.step(CTRL_S, "3 à ajouter");
    tui.step(ENTER, "Équipe importée : 3 ajouté(s)");
    tui.wait_for("Anne Roussel");

    // The catalogue is there from the start: one fiche opened and closed.
    // The calendar of the zone (Toulouse: zone C), with its periods and deadlines.
    tui.step(TAB, "[Calendrier]");
    tui.wait_for("zone C (académie Toulouse)");
    tui.wait_for("P1 rentrée → Toussaint");
    tui.wait_for("Pré-conseil : avant le");
    tui.step(TAB, "[Catalogue]");
    tui.wait_for("Soutien");

    // The pupils: the whole-school SIECLE export, with no option.
    tui.step(TAB, "[Établissement]");
    tui.step("I", "Importer un fichier SIECLE");
    type_field(&mut tui, siecle.to_str().expect("utf-8"));
    tui.step(CTRL_S, "Import SIECLE : aperçu");
    tui.wait_for("section NDRC à créer");
    tui.step(ENTER, "5 élève(s) importé(s), 2 section(s) créée(s)");
    tui.wait_until("the sections with their sector", |s| {
        s.lines()
            .any(|l| l.contains("NDRC") && l.contains("services"))
            && s.lines()
                .any(|l| l.contains("CIEL") && l.contains("production"))
    });
    tui.step(F2, "DELMAS Léo");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    // Read back from the file, as a colleague would.
    let shown = passerelle(&db, &["establishment"]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("Lycée Clémence Royer") && shown.contains("0311234Y"),
        "{shown}"
    );
    let team = passerelle(&db, &["team"]);
    let team = String::from_utf8_lossy(&team.stdout);
    assert!(
        team.contains("ROUSSEL") || team.contains("Roussel"),
        "{team}"
    );
    let list = passerelle(&db, &["list", "--json"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert_eq!(list.matches("\"last_name\"").count(), 5, "{list}");
}
