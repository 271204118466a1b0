//! `passerelle modules`: the hours table in 80 columns and as JSON; the demo's planning.

mod common;

use common::{demo_file, demo_store, passerelle_cli as passerelle, text, today};
use passerelle::cli::modules::render;
use passerelle::model::RowMeta;
use passerelle::model::planner::{AttendanceMark, HoursGrant, ModuleHours, SessionStatus};
use unicode_width::UnicodeWidthStr;

#[test]
fn modules_prints_the_hours_table_in_80_columns_and_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let out = passerelle(&db, &["modules", "--year", "2026-2027"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for expected in [
        "Heures des modules — 2026-2027",
        "Module                    Groupes Élèves  Prévues   Faites Accordées",
        "Tutorat individuel",
        "Ambition BTS (projet académique)                        40 h",
    ] {
        assert!(shown.contains(expected), "{expected} missing:\n{shown}");
    }
    for line in shown.lines() {
        assert!(line.width() <= 80, "too wide: {line}");
    }
    let out = passerelle(&db, &["modules", "--year", "2026-2027", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let modules = json["modules"].as_array().expect("modules");
    assert!(!modules.is_empty());
    let tutorat = modules
        .iter()
        .find(|m| m["code"] == "tutorat")
        .expect("tutorat");
    assert_eq!(tutorat["granted"], 24.0);
    for m in modules {
        let planned = m["planned"].as_f64().expect("planned");
        let delivered = m["delivered"].as_f64().expect("delivered");
        assert!(delivered <= planned, "{m}");
        // The text shows the same figures.
        let name: String = m["name"].as_str().expect("name").chars().take(20).collect();
        assert!(shown.contains(&name), "{name} missing:\n{shown}");
    }
    assert_eq!(json["envelope_hours"], 40.0);
    // A year without planning says so; a bad year is refused in French.
    let out = passerelle(&db, &["modules", "--year", "2020-2021"]);
    assert!(text(&out.stdout).contains("Aucun groupe ni aucune dotation horaire"));
    let out = passerelle(&db, &["modules", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Année scolaire « 2026 » invalide"));
}

#[test]
fn a_module_over_its_granted_hours_is_flagged_not_the_total() {
    let line = |code: &str, planned: f64, granted: Option<f64>| ModuleHours {
        module_id: 1,
        code: code.into(),
        name: format!("Module {code} au nom bien trop long pour la colonne"),
        groups: 2,
        placed: 20,
        planned,
        delivered: 3.5,
        granted,
    };
    let envelope = HoursGrant {
        id: 1,
        school_year: "2026-2027".into(),
        module_id: None,
        label: "Ambition BTS".into(),
        hours: 30.0,
        establishment_id: None,
        meta: RowMeta::default(),
    };
    let shown = render(
        "2026-2027",
        &[line("a", 16.0, Some(14.0)), line("b", 10.0, None)],
        &[envelope],
    );
    let flagged: Vec<&str> = shown.lines().filter(|l| l.ends_with("dépassé")).collect();
    assert_eq!(flagged.len(), 1, "{shown}");
    assert!(
        flagged[0].starts_with("Module a au nom bien tro…"),
        "{shown}"
    );
    assert!(flagged[0].contains("16 h    3,5 h      14 h"), "{shown}");
    assert!(
        shown.contains("Total                           4     40     26 h      7 h      14 h\n"),
        "{shown}"
    );
    assert!(shown.contains("« dépassé » : plus d'heures prévues qu'accordées."));
    for line in shown.lines() {
        assert!(line.width() <= 80, "too wide: {line}");
    }
}

#[test]
fn the_demo_plans_groups_sessions_and_rolls_up_to_today() {
    let store = demo_store();
    let year = "2026-2027";
    let groups = store.groups_of_year(year, today()).expect("groups");
    assert!(!groups.is_empty());
    assert!(groups.iter().all(|g| g.group.period == Some(2)));
    assert!(groups.iter().all(|g| !g.group.is_over_capacity(g.members)));
    assert!(groups.iter().all(|g| g.group.leader_id.is_some()));
    let sessions = store.sessions_of_year(year).expect("sessions");
    for s in &sessions {
        // Held exactly when past: the roll was taken for every past session.
        assert_eq!(s.status == SessionStatus::Held, s.date < today(), "{s:?}");
    }
    let mut flagged = 0;
    let mut marks = Vec::new();
    for member in store.members_of_year(year).expect("members") {
        let of_student = store.student_marks(member.student_id).expect("marks");
        marks.extend(of_student.iter().map(|m| m.mark));
        if !store
            .absent_twice(member.student_id)
            .expect("flags")
            .is_empty()
        {
            flagged += 1;
        }
        assert!(of_student.iter().all(|m| m.date < today()));
    }
    assert!(flagged >= 1, "no student with two absences in a row");
    // Mostly présent, a few absences.
    let present = marks
        .iter()
        .filter(|m| **m == AttendanceMark::Present)
        .count();
    assert!(
        present * 10 >= marks.len() * 7,
        "{present} of {}",
        marks.len()
    );
    assert!(marks.contains(&AttendanceMark::Absent));
    let grants = store.hours_grants(year).expect("grants");
    assert!(grants.iter().any(|g| g.module_id.is_none()));
    assert!(grants.iter().filter(|g| g.module_id.is_some()).count() >= 2);
}

#[test]
fn the_sessions_go_to_an_ics_file_read_back_by_an_icalendar_parser() {
    use icalendar::{Calendar, Component};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    demo_file(&db);
    let all = dir.path().join("modules.ics");
    let out = passerelle(
        &db,
        &[
            "calendar",
            "--year",
            "2026-2027",
            "-o",
            all.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let parsed: Calendar = std::fs::read_to_string(&all)
        .expect("read")
        .parse()
        .expect("the file parses");
    let events: Vec<&icalendar::Event> = parsed.events().collect();
    assert!(!events.is_empty());
    assert!(text(&out.stdout).contains(&format!("{} séance(s)", events.len())));
    // No student's name in an event: only module, group, place and a count.
    let store = demo_store();
    let names: Vec<String> = store
        .student_rows()
        .expect("rows")
        .iter()
        .map(|r| r.student.last_name.clone())
        .collect();
    let raw = std::fs::read_to_string(&all).expect("read");
    for name in &names {
        assert!(!raw.contains(name.as_str()), "{name} in the agenda file");
    }
    for event in &events {
        assert!(event.get_summary().is_some_and(|s| s.contains(" — ")));
        assert!(event.get_uid().is_some_and(|u| u.ends_with("@passerelle")));
    }

    // One leader's sessions only; a second export gives the same UIDs.
    let team = text(&passerelle(&db, &["team"]).stdout);
    assert!(team.contains("Julien Fabre"), "{team}");
    let mine = dir.path().join("fabre.ics");
    let out = passerelle(
        &db,
        &[
            "calendar",
            "--year",
            "2026-2027",
            "--staff",
            "fabre",
            "-o",
            mine.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let theirs: Calendar = std::fs::read_to_string(&mine)
        .expect("read")
        .parse()
        .expect("parses");
    let uids = |c: &Calendar| -> Vec<String> {
        c.events()
            .filter_map(|e| e.get_uid().map(str::to_string))
            .collect()
    };
    let mine_uids = uids(&theirs);
    assert!(!mine_uids.is_empty() && mine_uids.len() < events.len());
    assert!(mine_uids.iter().all(|u| uids(&parsed).contains(u)));
    for event in theirs.events() {
        assert!(
            event
                .get_description()
                .is_some_and(|d| d.contains("Julien Fabre")),
            "{:?}",
            event.get_description()
        );
    }

    // An unknown name, or an existing file without --force: refused, nothing written.
    let out = passerelle(
        &db,
        &["calendar", "--staff", "zorro", "-o", "/nonexistent/x.ics"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("zorro"));
    let before = std::fs::read(&all).expect("read");
    let out = passerelle(&db, &["calendar", "-o", all.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&all).expect("read"), before);
}
