//! JSON export and restore: lossless round trip, no sensitive leak, refusals change nothing.

use std::path::Path;

use passerelle::io::json::{export_json_at, import_json_file, import_json_str};
use passerelle::io::{ImportError, ImportReport};
use passerelle::model::*;
use passerelle::store::{ErasureScope, MeetingTarget, NewStudent, SensitiveAction, Store, Table};

const STAMP: &str = "2026-10-15T08:00:00Z";
const SECRET_NOTE: &str = "hébergée chez une tante SECRET-NOTE";
const SECRET_COMMENT: &str = "loyer impayé SECRET-COMMENT";

/// A database with rows in every table, history included.
fn full_store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("alice");
    store.init().expect("catalogue");
    let criteria = store.criteria().expect("criteria");
    let logement = criteria.iter().find(|c| c.code == "logement").expect("c");
    let maths = criteria
        .iter()
        .find(|c| !c.domain.is_sensitive())
        .expect("c");
    let module = store.modules().expect("modules")[0].clone();
    let (logement, maths) = (logement.id, maths.id);
    let ids = store
        .write("rentrée", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Déodat", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            // The calendar adopted for the year (schema 8).
            let calendar = passerelle::model::calendar::SchoolCalendar::national(
                "2026-2027",
                passerelle::model::calendar::Zone::C,
            )
            .expect("national calendar");
            let mut columns = calendar.columns();
            columns.push(("establishment_id", e.into()));
            w.insert(Table::SchoolCalendar, &columns)?;
            let referent = w.add_staff("Durand", "Élise", StaffRole::ProfBts)?;
            w.add_staff("Petit", "Marc", StaffRole::Cpe)?;
            // Schema 7: every field of a team member travels too.
            w.add_member(&NewStaff {
                organisation: Some("Mission locale".into()),
                email: Some("sarah.benali@mls.example".into()),
                coordinator: true,
                active: false,
                ..NewStaff::named("Benali", "Sarah", StaffRole::Partenaire)
            })?;
            let lea = w.add_student(
                c,
                &NewStudent {
                    last_name: "Martin".into(),
                    first_name: "Léa".into(),
                    ine: Some("123456789AB".into()),
                    birth_date: parse_date("2007-03-02"),
                    bac_pro: true,
                    bac_pro_specialty: Some("Commerce".into()),
                    parcoursup_rank: Some(12),
                    parcours_differencie: Some(ParcoursDifferencie::PoursuiteEtudes),
                    ..Default::default()
                },
            )?;
            let tom = w.add_student(
                c,
                &NewStudent {
                    last_name: "N'Diaye".into(),
                    first_name: "Tom".into(),
                    bac_pro: true,
                    schooling: Some(Schooling::Apprenti),
                    ..Default::default()
                },
            )?;
            Ok((referent, lea, tom))
        })
        .expect("people");
    let (referent, lea, tom) = ids;
    store.set_user("bob");
    store
        .write("pré-conseil", |w| {
            w.update(
                Table::Student,
                lea,
                1,
                &[
                    ("verdict", Verdict::Repere.into()),
                    ("proposal", Proposal::Accepte.into()),
                    ("referent_id", referent.into()),
                    ("difficulties", "methodologie,vie_materielle".into()),
                    (
                        "commitments",
                        "Venir aux séances\nPrévenir en cas d'absence".into(),
                    ),
                    ("pre_conseil_date", "2026-10-12".into()),
                ],
            )?;
            w.update(
                Table::Student,
                tom,
                1,
                &[
                    ("verdict", Verdict::NonRepere.into()),
                    ("exit_date", "2027-01-20".into()),
                    ("exit_cause", ExitCause::Emploi.into()),
                    ("exit_destination", ExitDestination::Emploi.into()),
                    ("exit_referral", ExitReferral::MissionLocale.into()),
                    (
                        "exit_note",
                        "Embauché(e) en CDD.\nSuivi par la mission locale.".into(),
                    ),
                    ("next_checkin_date", "2027-02-03".into()),
                ],
            )?;
            w.set_grid_cell(
                lea,
                logement,
                None,
                &[("level", Value::Int(3)), ("comment", SECRET_COMMENT.into())],
            )?;
            w.set_grid_cell(lea, maths, None, &[("level", Value::Int(2))])?;
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", lea.into()),
                    ("area", LifeArea::Logement.into()),
                    ("note", SECRET_NOTE.into()),
                ],
            )?;
            let checkin = w.insert(
                Table::Checkin,
                &[
                    ("student_id", lea.into()),
                    ("date", "2026-11-05".into()),
                    ("attendance", Attendance::Assidu.into()),
                    ("progress", Progress::EnProgres.into()),
                    ("engagement", Engagement::Fort.into()),
                    ("note", "Bonne reprise".into()),
                ],
            )?;
            w.insert(
                Table::Enrolment,
                &[
                    ("student_id", lea.into()),
                    ("module_id", module.id.into()),
                    ("start_date", "2026-11-05".into()),
                    ("checkin_id", checkin.into()),
                ],
            )?;
            w.update(
                Table::Module,
                module.id,
                module.meta.version,
                &[("hours_granted", Value::Real(12.5))],
            )
        })
        .expect("parcours");
    // The module planner (schema 9): a group, its sessions, Léa placed and marked,
    // hours granted to the module and as an envelope.
    let session = store
        .write("Planification", |w| {
            let group = w.create_group(&passerelle::store::NewGroup {
                module_id: module.id,
                school_year: "2026-2027".into(),
                period: Some(2),
                label: "Groupe A".into(),
                leader_id: Some(referent),
                capacity: Some(12),
                place: Some("Salle B12".into()),
                establishment_id: Some(1),
            })?;
            let time = chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("time");
            let first = w.add_session(
                group,
                parse_date("2026-11-10").expect("date"),
                time,
                120,
                None,
            )?;
            let second = w.add_session(
                group,
                parse_date("2026-11-17").expect("date"),
                time,
                120,
                Some("CDI"),
            )?;
            w.cancel_session(second, 1, "Sortie au forum des métiers")?;
            w.place_in_group(group, lea, parse_date("2026-11-05").expect("date"))?;
            w.record_roll(
                first,
                1,
                &[(lea, passerelle::model::planner::AttendanceMark::Retard)],
            )?;
            w.grant_hours(
                "2026-2027",
                Some(module.id),
                "Dotation du module",
                14.0,
                Some(1),
            )?;
            w.grant_hours("2026-2027", None, "Ambition BTS", 36.5, Some(1))?;
            Ok(first)
        })
        .expect("planning");
    // The pré-conseil meeting's minutes.
    let meeting = MeetingTarget {
        meeting: None,
        held_on: parse_date("2026-10-12").expect("date"),
        school_year: Some("2026-2027".into()),
        attendees: "Élise Durand, Marc Petit (CPE)".into(),
    };
    let meeting_id = store
        .write("Réunion : MARTIN Léa", |w| {
            w.record_in_meeting(&meeting, lea)
        })
        .expect("meeting");
    // The privacy traces: a reveal of Léa's conditions de vie, a student forgotten.
    store
        .log_sensitive_access(SensitiveAction::Reveal, Some(lea), None)
        .expect("log");
    let gone = store
        .write("Nouvel élève : OUBLI Zoé", |w| {
            let c = w.ensure_cohort(1, "2026-2027")?;
            let zoe = w.add_student(
                c,
                &NewStudent {
                    last_name: "Oubli".into(),
                    first_name: "Zoé".into(),
                    ..Default::default()
                },
            )?;
            // Seen in the same meeting: forgetting her takes her out of the minutes.
            let target = MeetingTarget {
                meeting: Some(meeting_id),
                ..meeting.clone()
            };
            w.record_in_meeting(&target, zoe)?;
            // Placed in Léa's group and marked: forgetting her removes both.
            w.place_in_group(1, zoe, parse_date("2026-11-06").expect("date"))?;
            w.record_roll(
                session,
                2,
                &[(zoe, passerelle::model::planner::AttendanceMark::Absent)],
            )?;
            Ok(zoe)
        })
        .expect("student");
    store
        .erase(&ErasureScope::Forget { student: gone })
        .expect("forget");
    store
}

fn empty_after_init() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    store
}

fn restore(target: &mut Store, document: &str) -> Result<ImportReport, ImportError> {
    import_json_str(target, document, Path::new("export.json"))
}

fn problems(error: ImportError) -> Vec<passerelle::io::Problem> {
    match error {
        ImportError::Problems(p) => p,
        other => panic!("expected problems, got {other}"),
    }
}

#[test]
fn every_table_holds_rows_and_sensitive_undo_is_not_exported() {
    let store = full_store();
    let doc: serde_json::Value =
        serde_json::from_str(&export_json_at(&store, true, STAMP).expect("export")).expect("json");
    assert_eq!(doc["format"], "passerelle");
    assert_eq!(doc["exported_at"], STAMP);
    let tables = doc["tables"].as_object().expect("tables");
    let names: Vec<&str> = tables.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    expected.extend(["batch", "journal", "sensitive_access", "erasure"]);
    expected.sort_unstable();
    assert_eq!(names, expected);
    // Without --include-sensitive, the privacy traces stay in the base.
    let text = export_json_at(&store, false, STAMP).expect("export");
    assert!(!text.contains("sensitive_access") && !text.contains("\"erasure\""));
    assert!(!text.contains("Oubli"), "a forgotten student was exported");
    for (name, rows) in tables {
        assert!(
            !rows.as_array().expect("rows").is_empty(),
            "table {name} is empty"
        );
    }
    // The forgotten student left the minutes; Léa stays in them.
    let minutes = tables["meeting_student"].as_array().expect("minutes");
    assert_eq!(minutes.len(), 1);
    // … and her place in the group and her mark.
    assert_eq!(tables["group_member"].as_array().expect("members").len(), 1);
    assert_eq!(tables["attendance"].as_array().expect("marks").len(), 1);
    assert_eq!(tables["attendance"][0]["status"], "retard");
    assert_eq!(
        tables["meeting"][0]["attendees"],
        "Élise Durand, Marc Petit (CPE)"
    );
    let student = &tables["student"][0];
    for column in ["id", "version", "updated_at", "updated_by", "diploma"] {
        assert!(student.get(column).is_some(), "missing {column}");
    }
    assert_eq!(student["updated_by"], "bob");
    let text = export_json_at(&store, true, STAMP).expect("export");
    assert!(!text.contains("sensitive_undo"));
    // Columns come in schema order, tables parents first.
    let uai = text.find("\"uai\"").expect("uai");
    assert!(text.find("\"name\": \"Lycée Déodat\"").expect("name") > uai);
    assert!(text.find("\"establishment\"").expect("e") < text.find("\"student\"").expect("s"));
    assert!(text.find("\"batch\"").expect("b") < text.find("\"journal\"").expect("j"));
}

#[test]
fn restore_then_export_gives_back_the_same_document() {
    let source = full_store();
    for include_sensitive in [true, false] {
        let document = export_json_at(&source, include_sensitive, STAMP).expect("export");
        assert_eq!(
            export_json_at(&source, include_sensitive, STAMP).expect("again"),
            document,
            "export is not byte-stable"
        );
        let mut bare = Store::open_in_memory().expect("open");
        let report = restore(&mut bare, &document).expect("restore without init");
        // Students are counted as students; every row is counted apart.
        assert_eq!(report.added, 2);
        assert!(report.restored_rows > 50, "{report:?}");
        assert_eq!(
            export_json_at(&bare, include_sensitive, STAMP).expect("export"),
            document
        );
        let mut initialised = empty_after_init();
        restore(&mut initialised, &document).expect("restore after init");
        assert_eq!(
            export_json_at(&initialised, include_sensitive, STAMP).expect("export"),
            document
        );
        assert!(document.contains("\"exit_referral\": \"mission_locale\""));
        assert!(document.contains("\"next_checkin_date\": \"2027-02-03\""));
        // Reads through the typed API see the same students.
        assert_eq!(
            initialised.student_rows().expect("rows"),
            source.student_rows().expect("rows")
        );
    }
}

#[test]
fn restored_database_stays_usable_and_its_journal_append_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.json");
    std::fs::write(
        &file,
        export_json_at(&full_store(), true, STAMP).expect("export"),
    )
    .expect("write");
    let db = dir.path().join("restored.sqlite3");
    let mut target = Store::open(&db).expect("open");
    target.init().expect("init");
    let report = import_json_file(&mut target, &file).expect("restore");
    assert!(report.skipped.is_empty());
    let lea = target.find_students("Martin").expect("find")[0].clone();
    assert_eq!(
        target.life_notes(lea.id).expect("notes")[0].note,
        SECRET_NOTE
    );
    target
        .write("suite", |w| {
            w.update(
                Table::Student,
                lea.id,
                lea.meta.version,
                &[("bilan_s1_date", "2027-01-25".into())],
            )
        })
        .expect("edit after restore");
    drop(target);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    assert!(conn.execute("DELETE FROM journal", []).is_err());
    assert!(conn.execute("UPDATE journal SET field = 'x'", []).is_err());
}

#[test]
fn without_include_sensitive_nothing_sensitive_is_written() {
    let store = full_store();
    let with = export_json_at(&store, true, STAMP).expect("export");
    assert!(with.contains(SECRET_NOTE) && with.contains(SECRET_COMMENT));
    let text = export_json_at(&store, false, STAMP).expect("export");
    assert!(!text.contains("SECRET-NOTE"), "life note leaked");
    assert!(
        !text.contains("SECRET-COMMENT"),
        "conditions de vie comment leaked"
    );
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(doc["include_sensitive"], false);
    let tables = &doc["tables"];
    assert!(tables["life_note"].as_array().expect("rows").is_empty());
    let sensitive_criteria: Vec<&serde_json::Value> = tables["criterion"]
        .as_array()
        .expect("criteria")
        .iter()
        .filter(|c| c["domain"] == "conditions_de_vie")
        .map(|c| &c["id"])
        .collect();
    assert!(!sensitive_criteria.is_empty());
    let grid = tables["grid_value"].as_array().expect("grid");
    assert!(!grid.is_empty());
    assert!(
        grid.iter()
            .all(|g| !sensitive_criteria.contains(&&g["criterion_id"])),
        "a conditions de vie level was exported"
    );
    for entry in tables["journal"].as_array().expect("journal") {
        if entry["sensitive"] == 1 {
            assert!(entry["old_value"].is_null() && entry["new_value"].is_null());
        }
    }
}

/// Checks a broken document is refused, and the target left exactly as it was.
fn assert_refused(document: &str, check: impl Fn(&[passerelle::io::Problem])) {
    let mut target = empty_after_init();
    let before = export_json_at(&target, true, STAMP).expect("before");
    let found = problems(restore(&mut target, document).expect_err("must be refused"));
    check(&found);
    assert_eq!(export_json_at(&target, true, STAMP).expect("after"), before);
}

fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let text = export_json_at(&full_store(), true, STAMP).expect("export");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    edit(&mut doc);
    serde_json::to_string_pretty(&doc).expect("text")
}

#[test]
fn bad_enum_value_deep_inside_is_located() {
    let document = edited(|d| d["tables"]["student"][1]["verdict"] = "peut_etre".into());
    assert_refused(&document, |p| {
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(2));
        assert_eq!(p[0].field.as_deref(), Some("verdict"));
        assert_eq!(p[0].file, Path::new("export.json"));
        let text = p[0].to_string();
        assert!(
            text.contains("table student, enregistrement 2 (id 2)"),
            "{text}"
        );
        assert!(text.contains("« peut_etre » inconnue"), "{text}");
    });
}

#[test]
fn an_unknown_attendance_mark_or_session_status_is_located() {
    let document = edited(|d| {
        d["tables"]["attendance"][0]["status"] = "malade".into();
        d["tables"]["group_session"][1]["status"] = "reportee".into();
    });
    assert_refused(&document, |p| {
        assert_eq!(p.len(), 2, "{p:?}");
        let text = format!("{p:?}");
        assert!(
            text.contains("malade") && text.contains("absent_excuse"),
            "{text}"
        );
        assert!(
            text.contains("reportee") && text.contains("cancelled"),
            "{text}"
        );
    });
}

#[test]
fn wrong_type_unknown_table_and_unknown_column_are_located() {
    let document = edited(|d| {
        d["tables"]["checkin"][0]["date"] = 20261105.into();
        d["tables"]["grid_value"][1]["level"] = "deux".into();
        d["tables"]["staff"][0]["salaire"] = 1.into();
        d["tables"]["notes_perso"] = serde_json::json!([]);
    });
    assert_refused(&document, |p| {
        let text: Vec<String> = p.iter().map(ToString::to_string).collect();
        assert_eq!(p.len(), 4, "{text:?}");
        assert!(p.iter().any(|x| x.field.as_deref() == Some("date")
            && x.message.contains("table checkin, enregistrement 1")
            && x.message.contains("un texte attendu")));
        assert!(p.iter().any(|x| x.field.as_deref() == Some("level")
            && x.line == Some(2)
            && x.message.contains("un nombre entier attendu")));
        assert!(
            p.iter()
                .any(|x| x.field.as_deref() == Some("salaire")
                    && x.message.contains("champ inconnu"))
        );
        assert!(
            p.iter().any(
                |x| x.field.as_deref() == Some("notes_perso") && x.message.contains("inconnue")
            )
        );
    });
}

#[test]
fn constraint_failures_found_by_the_database_are_located() {
    // Out-of-range level: only the schema's CHECK knows.
    let document = edited(|d| d["tables"]["grid_value"][1]["level"] = 7.into());
    assert_refused(&document, |p| {
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field.as_deref(), Some("level"));
        assert_eq!(p[0].line, Some(2));
        assert!(
            p[0].message.contains("table grid_value, enregistrement 2"),
            "{}",
            p[0]
        );
    });
    // A reference to a module that is not in the document.
    let document = edited(|d| d["tables"]["enrolment"][0]["module_id"] = 9999.into());
    assert_refused(&document, |p| {
        assert_eq!(p[0].field.as_deref(), Some("module_id"), "{}", p[0]);
        assert!(p[0].message.contains("module n° 9999"), "{}", p[0]);
    });
    // Two students with the same INE.
    let document = edited(|d| d["tables"]["student"][1]["ine"] = "123456789AB".into());
    assert_refused(&document, |p| {
        assert_eq!(p[0].field.as_deref(), Some("ine"), "{}", p[0]);
        assert!(p[0].message.contains("en double"), "{}", p[0]);
    });
}

#[test]
fn foreign_newer_and_broken_documents_are_refused() {
    let newer = edited(|d| d["schema_version"] = 99.into());
    assert_refused(&newer, |p| {
        assert_eq!(p[0].field.as_deref(), Some("schema_version"));
        assert!(p[0].message.contains("plus récente"), "{}", p[0]);
    });
    let foreign = edited(|d| d["format"] = "autre".into());
    assert_refused(&foreign, |p| {
        assert_eq!(p[0].field.as_deref(), Some("format"))
    });
    let undo = edited(|d| d["tables"]["sensitive_undo"] = serde_json::json!([]));
    assert_refused(&undo, |p| assert!(p[0].message.contains("jamais exportée")));
    let text = export_json_at(&full_store(), true, STAMP).expect("export");
    // Cut mid-document, never right after a line break (where parsers disagree on the line).
    let cut = text[..text.len() / 2].trim_end();
    assert_refused(cut, |p| {
        assert_eq!(p.len(), 1);
        let line = p[0].line.expect("line");
        assert_eq!(line, cut.lines().count(), "{}", p[0]);
        assert!(p[0].message.contains("JSON invalide"));
    });
    assert_refused("[1, 2]", |p| assert!(p[0].message.contains("objet JSON")));
}

#[test]
fn a_database_with_students_is_refused() {
    let document = export_json_at(&full_store(), true, STAMP).expect("export");
    let mut target = full_store();
    let before = export_json_at(&target, true, STAMP).expect("before");
    let error = restore(&mut target, &document).expect_err("not empty");
    assert!(matches!(error, ImportError::Store(_)), "{error:?}");
    assert!(error.to_string().contains("n'est pas vide"), "{error}");
    assert_eq!(export_json_at(&target, true, STAMP).expect("after"), before);

    // Sections without students are data too.
    let mut target = empty_after_init();
    target
        .write("section", |w| {
            let e = w.ensure_establishment("0310001B", "Autre lycée", "Toulouse")?;
            w.ensure_section(e, "CG", "BTS CG", Sector::Services)
        })
        .expect("section");
    let error = restore(&mut target, &document).expect_err("not empty");
    assert!(error.to_string().contains("n'est pas vide"), "{error}");
}

#[test]
fn text_from_the_document_is_cleaned() {
    let document = edited(|d| {
        d["tables"]["student"][0]["first_name"] = "Lé\u{1b}[2Ja\u{202E}".into();
        d["tables"]["checkin"][0]["note"] = "ligne 1\nligne 2\u{200B}".into();
    });
    let mut target = Store::open_in_memory().expect("open");
    restore(&mut target, &document).expect("restore");
    let lea = target.find_students("Martin").expect("find")[0].clone();
    assert_eq!(lea.first_name, "Léa");
    assert_eq!(
        target.checkins(lea.id).expect("checkins")[0]
            .note
            .as_deref(),
        Some("ligne 1\nligne 2")
    );
}

#[test]
fn an_erasure_in_progress_is_never_restored() {
    // It would lift the journal's append-only guard for good.
    let document = edited(|d| d["tables"]["erasure"][0]["in_progress"] = 1.into());
    assert_refused(&document, |p| {
        assert_eq!(p[0].field.as_deref(), Some("in_progress"), "{}", p[0]);
        assert!(p[0].message.contains("en cours"), "{}", p[0]);
    });
}

#[test]
fn a_database_with_an_access_log_is_refused() {
    // Its trail would be mixed with the document's.
    let document = export_json_at(&full_store(), false, STAMP).expect("export");
    let mut target = empty_after_init();
    target
        .log_sensitive_access(SensitiveAction::Export, None, Some("sortie standard"))
        .expect("log");
    let error = restore(&mut target, &document).expect_err("not empty");
    assert!(error.to_string().contains("journal des accès"), "{error}");
}

/// Checks a document is refused by a fresh database, which is left exactly as it was.
fn assert_refused_by_fresh(document: &str) -> Vec<passerelle::io::Problem> {
    let mut target = Store::open_in_memory().expect("open");
    let before = export_json_at(&target, true, STAMP).expect("before");
    let found = problems(restore(&mut target, document).expect_err("must be refused"));
    assert_eq!(export_json_at(&target, true, STAMP).expect("after"), before);
    found
}

#[test]
fn a_file_declaring_no_sensitive_data_but_carrying_some_is_refused() {
    let store = full_store();
    let with = export_json_at(&store, true, STAMP).expect("export");
    let with: serde_json::Value = serde_json::from_str(&with).expect("json");
    let without = export_json_at(&store, false, STAMP).expect("export");
    let plain: serde_json::Value = serde_json::from_str(&without).expect("json");
    // Each sensitive table of the full export, put back into the declared-clean one.
    for table in ["life_note", "grid_value", "journal"] {
        let mut doc = plain.clone();
        if table == "journal" {
            // The journal never holds sensitive values: only a forged file does.
            let entries = doc["tables"]["journal"].as_array_mut().expect("journal");
            let entry = entries
                .iter_mut()
                .find(|e| e["sensitive"] == 1)
                .expect("a sensitive entry");
            entry["new_value"] = SECRET_NOTE.into();
        } else {
            doc["tables"][table] = with["tables"][table].clone();
        }
        let document = serde_json::to_string_pretty(&doc).expect("text");
        let found = assert_refused_by_fresh(&document);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some(table), "{}", found[0]);
        assert!(
            found[0].message.contains("aucune donnée sensible"),
            "{}",
            found[0]
        );
    }
    // Without the key at all, the file counts as declaring none.
    let mut doc = with.clone();
    doc.as_object_mut()
        .expect("object")
        .remove("include_sensitive");
    let found = assert_refused_by_fresh(&serde_json::to_string(&doc).expect("text"));
    assert!(
        found
            .iter()
            .any(|p| p.field.as_deref() == Some("life_note"))
    );
    // The honest file still comes in, without the notes.
    let mut target = Store::open_in_memory().expect("open");
    let report = restore(&mut target, &without).expect("restore");
    assert_eq!(report.skipped.len(), 1);
    let lea = target.find_students("Martin").expect("find")[0].clone();
    assert!(target.life_notes(lea.id).expect("notes").is_empty());
}

#[test]
fn the_command_line_counts_students_not_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.json");
    std::fs::write(
        &file,
        export_json_at(&full_store(), true, STAMP).expect("export"),
    )
    .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(dir.path().join("neuve.sqlite3"))
        .args(["import", "json"])
        .arg(&file)
        .env("PASSERELLE_USER", "test")
        .output()
        .expect("run passerelle");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("2 élève(s) importé(s).\n"), "{stdout}");
    assert!(
        stdout.contains("enregistrement(s) restauré(s) en tout"),
        "{stdout}"
    );
}

#[test]
fn a_text_over_the_field_limit_is_refused() {
    let long = "A".repeat(passerelle::io::json::MAX_TEXT_CHARS + 1);
    let document = edited(|d| d["tables"]["student"][1]["last_name"] = long.clone().into());
    let found = assert_refused_by_fresh(&document);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field.as_deref(), Some("last_name"));
    assert_eq!(found[0].line, Some(2));
    assert!(
        found[0].message.contains("100 000 caractères"),
        "{}",
        found[0]
    );
    assert!(found[0].message.len() < 400, "the value is not echoed");
}

#[test]
fn tables_may_come_in_any_order_and_rows_are_restored_as_they_come() {
    let source = full_store();
    let document = export_json_at(&source, true, STAMP).expect("export");
    let doc: serde_json::Value = serde_json::from_str(&document).expect("json");
    // Children first: references are checked once every row is in.
    let tables = doc["tables"].as_object().expect("tables");
    let reversed: Vec<String> = tables
        .iter()
        .rev()
        .map(|(name, rows)| format!("{}: {rows}", serde_json::to_string(name).expect("name")))
        .collect();
    let text = format!(
        "{{\"format\": \"passerelle\", \"schema_version\": {}, \"include_sensitive\": true, \
         \"tables\": {{{}}}}}",
        doc["schema_version"],
        reversed.join(", ")
    );
    let mut target = Store::open_in_memory().expect("open");
    restore(&mut target, &text).expect("restore");
    assert_eq!(
        export_json_at(&target, true, STAMP).expect("export"),
        document
    );
    // The envelope must come first, as Passerelle writes it.
    let late = format!(
        "{{\"tables\": {{}}, \"format\": \"passerelle\", \"schema_version\": {}}}",
        doc["schema_version"]
    );
    let found = assert_refused_by_fresh(&late);
    assert!(
        found[0].message.contains("doivent précéder"),
        "{}",
        found[0]
    );
}

/// A fixture written by an earlier release, restored into a fresh database.
fn restore_fixture(name: &str) -> (Store, ImportReport) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut target = Store::open_in_memory().expect("open");
    let report = import_json_file(&mut target, &path).expect("restore");
    (target, report)
}

/// Exports, restores into a fresh database, exports again: the same document.
fn assert_round_trips(store: &Store, include_sensitive: bool) {
    let document = export_json_at(store, include_sensitive, STAMP).expect("export");
    let doc: serde_json::Value = serde_json::from_str(&document).expect("json");
    assert_eq!(doc["schema_version"], passerelle::store::schema_version());
    let mut again = Store::open_in_memory().expect("open");
    restore(&mut again, &document).expect("restore");
    assert_eq!(
        export_json_at(&again, include_sensitive, STAMP).expect("export"),
        document
    );
}

#[test]
fn an_export_of_schema_version_1_imports_into_the_current_schema() {
    let (store, report) = restore_fixture("export_v1.json");
    assert_eq!(report.added, 13, "{report:?}");
    assert_eq!(report.restored_rows, 377);
    assert_eq!(store.student_rows().expect("rows").len(), 13);
    let doc: serde_json::Value =
        serde_json::from_str(&export_json_at(&store, false, STAMP).expect("export")).expect("json");
    // Version 1 did not record the session nor the OS account of a batch.
    for batch in doc["tables"]["batch"].as_array().expect("batches") {
        assert!(
            batch["session"].is_null() && batch["os_user"].is_null(),
            "{batch}"
        );
    }
    // Version 1 knew neither the organisation, discipline, e-mail nor coordination
    // of a team member: empty, nobody coordinating, and every member kept.
    let staff = store.staff().expect("staff");
    assert!(!staff.is_empty());
    for member in &staff {
        assert!(!member.coordinator, "{member:?}");
        assert!(member.organisation.is_none() && member.discipline.is_none());
        assert!(member.email.is_none());
    }
    assert_round_trips(&store, false);
}

#[test]
fn a_sensitive_export_of_schema_version_1_imports_into_the_current_schema() {
    let (store, report) = restore_fixture("export_v1_sensitive.json");
    assert_eq!(report.added, 13, "{report:?}");
    assert!(report.skipped.is_empty());
    let doc: serde_json::Value =
        serde_json::from_str(&export_json_at(&store, true, STAMP).expect("export")).expect("json");
    assert_eq!(
        doc["tables"]["life_note"].as_array().expect("notes").len(),
        3
    );
    assert_round_trips(&store, true);
}

#[test]
fn a_version_1_database_is_migrated_and_its_export_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ancienne.sqlite3");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/database_v1.sqlite3"),
        &db,
    )
    .expect("copy");
    let store = Store::open(&db).expect("open and migrate");
    assert!(!store.student_rows().expect("rows").is_empty());
    assert_round_trips(&store, true);
}

#[test]
fn an_export_over_the_size_limit_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("enorme.json");
    std::fs::write(&file, "{\"format\": \"passerelle\", ").expect("write");
    // Sparse: the disk holds nothing, the size says more than the limit.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .expect("open")
        .set_len(passerelle::io::json::MAX_JSON_BYTES + 1)
        .expect("grow");
    let mut target = Store::open_in_memory().expect("open");
    let before = export_json_at(&target, true, STAMP).expect("before");
    let found = problems(import_json_file(&mut target, &file).expect_err("too big"));
    assert!(found[0].message.contains("1024 Mio"), "{}", found[0]);
    assert_eq!(found[0].file, file);
    assert_eq!(export_json_at(&target, true, STAMP).expect("after"), before);
}
