//! End-to-end test of the module planner in the real binary (80×24, no colour):
//! a pré-conseil gives two students a module, F8 makes a group from a typed
//! pattern and places them, a roll is taken, and the student pages show it.
//! The binary runs on the real date: the session of the roll is added « today ».

mod pty;

use std::time::{Duration, Instant};

use pty::*;

const F2: &str = "\x1bOQ";
const F3: &str = "\x1bOR";
const F4: &str = "\x1bOS";
const F8: &str = "\x1b[19~";
const ESC: &str = "\x1b";
const HOME: &str = "\x1b[H";
const PAGE_DOWN: &str = "\x1b[6~";
const BACKSPACE: &str = "\x7f";

/// Types `text` and waits until it shows (the next key is never part of a paste).
fn type_field(tui: &mut Tui, text: &str) {
    tui.send(text);
    tui.wait_for(text);
}

/// Moves the cursor down (j) until it is on the line showing `text`; each j is
/// given time to show before the next one.
fn cursor_to(tui: &mut Tui, text: &str) {
    for _ in 0..12 {
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if tui.reversed_on_line_of(text) {
                return;
            }
            tui.pump(Duration::from_millis(50));
        }
        tui.send("j");
    }
    panic!("cursor never on {text:?}:\n{}", tui.screen());
}

#[test]
fn a_precouncil_then_placement_then_a_roll_on_the_student_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = five_students(dir.path());
    // The calendar (holidays, periods) comes from the académie.
    passerelle(
        &db,
        &[
            "establishment",
            "set",
            "--name",
            "Lycée Clémence Royer",
            "--uai",
            "0311234Y",
            "--academie",
            "toulouse",
            "--city",
            "Muret",
        ],
    );
    let db_arg = db.to_str().expect("utf-8 path");
    let mut tui = Tui::spawn(&["--db", db_arg]);
    tui.wait_for(FIVE[4]);

    // Repérage: the first two students.
    tui.step(F3, "Logement · non évalué");
    tui.step(
        "R",
        &format!("Enregistré : Verdict de repérage : {}.", FIVE[0]),
    );
    cursor_to(&mut tui, FIVE[1]);
    tui.step(
        "R",
        &format!("Enregistré : Verdict de repérage : {}.", FIVE[1]),
    );

    // Pré-conseil: both accept the same module.
    tui.step(F4, &format!("Élève 1/2 : {}", FIVE[0]));
    for (i, name) in FIVE[..2].iter().enumerate() {
        if i > 0 {
            tui.step("s", &format!("Élève 2/2 : {name}"));
        }
        tui.step(
            "a",
            &format!("Enregistré : Proposition « accepté » : {name}."),
        );
        tui.step("m", &format!("Ajouter un module — {name}"));
        type_field(&mut tui, "reformulation");
        tui.step("\r", "Enregistré : Module");
    }

    // The planner: the module with its two students « à placer », no group yet.
    tui.step(F8, "Atelier reformulati");
    tui.step("P", "Aucun groupe pour placer 2 élève(s)");
    tui.step("\r", "Aucun groupe pour ce module cette année.");
    tui.step("+", "Nouveau groupe");
    // Label, leader, places, place: kept; the period cleared (that of the first
    // session is taken); then the pattern.
    for _ in 0..4 {
        tui.send("\t");
    }
    tui.wait_for("◀ P");
    tui.send(BACKSPACE);
    tui.wait_until("the period cleared", |s| !s.contains("◀ P"));
    tui.send("\t");
    tui.send("2 × 1 h, le mardi à 14 h, à partir du 1 septembre");
    tui.wait_for("à partir du 1 septembre");
    tui.step(CTRL_S, "Groupe A créé : 2 séance(s)");
    tui.wait_until("the group in P1", |s| {
        s.lines()
            .any(|l| l.contains("Groupe A") && l.contains("P1"))
    });
    tui.step(ESC, "Module ");
    tui.step("P", "2 élève(s) placé(s) dans les groupes P1.");

    // The group: its two members, then a session today for the roll.
    tui.step("\r", "Groupe A");
    tui.step("\r", "2 élève(s) · séances : 2 h prévues");
    tui.wait_for(FIVE[0]);
    tui.wait_for(FIVE[1]);
    tui.step("+", "Nouvelle séance");
    type_field(&mut tui, "aujourd'hui");
    tui.step(CTRL_S, "Séance ajoutée le");
    let today = chrono::Local::now().date_naive();
    // The session's line (members' lines show the day they came, not the hour).
    let day = format!("{}    14 h", today.format("%d/%m/%Y"));
    tui.send(HOME);
    cursor_to(&mut tui, &day);
    tui.step("\r", "appel du");
    tui.wait_for("2 élève(s), 2 sans marque");
    tui.send("p");
    tui.wait_for("[p] présent");
    tui.send("a");
    tui.wait_for("[a] absent");
    tui.step(CTRL_S, "Appel enregistré");

    // The student pages: one present, one absent, in that module.
    tui.step(F2, FIVE[0]);
    tui.send(HOME);
    cursor_to(&mut tui, FIVE[0]);
    tui.step("\r", &format!("{} — NDRC", FIVE[0]));
    tui.send(PAGE_DOWN);
    tui.wait_for("Module : Atelier reformulation");
    tui.wait_for("Assiduité : 1/1 séance, 100");
    tui.step(ESC, FIVE[1]);
    cursor_to(&mut tui, FIVE[1]);
    tui.step("\r", &format!("{} — NDRC", FIVE[1]));
    tui.send(PAGE_DOWN);
    tui.wait_for("Assiduité : 0/1 séance, 0");
    tui.wait_for("absent 1");
    tui.send(ESC);
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    // Read back as a colleague would: the page in text, the hours table.
    let shown = passerelle(&db, &["show", FIVE[1]]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("Assiduité : 0/1 séance, 0"), "{shown}");
    let modules = passerelle(&db, &["modules"]);
    let modules = String::from_utf8_lossy(&modules.stdout);
    assert!(
        modules
            .lines()
            .any(|l| l.contains("Atelier reformulation") && l.contains("1 h")),
        "{modules}"
    );
}
