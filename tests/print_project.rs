//! `passerelle print project`: the project file for the académie's commission, on
//! the demo, on a small hand-built base and on a year with nobody: view-model and
//! page snapshots, the PDF's text (staff and modules named; never a student's name,
//! INE or free text although the base holds them), the command and the `D` key.

mod common;
mod print_common;

use common::*;
use passerelle::app::{Action, Screen};
use passerelle::model::{Sector, StaffRole, Value};
use passerelle::print::project::{ProjectFile, blocks};
use passerelle::print::{Block, pdf_bytes};
use passerelle::store::{NewGroup, NewStudent, Store, Table};
use print_common::{pdf_text, plain, type_path};

const YEAR: &str = "2026-2027";

/// Every personal text of the demo's students of the year: names, INE, birth
/// dates, commitments, bilans, exit notes, life notes.
fn personal_texts(store: &Store) -> Vec<String> {
    let mut texts = Vec::new();
    for row in store.student_rows_in(Some(YEAR)).expect("students") {
        let s = row.student;
        texts.push(s.display_name());
        texts.push(format!("{} {}", s.first_name, s.last_name));
        texts.extend(s.ine.clone());
        texts.extend(s.birth_date.map(|d| d.format("%d/%m/%Y").to_string()));
        texts.extend(s.commitments.clone());
        texts.extend(s.bilan_s1.clone());
        texts.extend(s.exit_note.clone());
        texts.extend(
            store
                .life_notes(s.id)
                .expect("notes")
                .into_iter()
                .map(|n| n.note),
        );
    }
    texts.retain(|t| t.trim().len() > 3);
    texts
}

#[test]
fn the_demo_project_names_staff_and_modules_and_no_student() {
    let store = demo_store();
    let project = ProjectFile::build(&store, YEAR, today()).expect("project");
    let json = serde_json::to_string(&project).expect("json");
    let bytes = pdf_bytes(&blocks::document(&project, today()), today()).expect("pdf");
    let text = pdf_text(&bytes);
    let personal = personal_texts(&store);
    assert!(personal.len() > 60, "the demo holds names and notes");
    assert!(
        personal.iter().any(|t| t.contains(' ') && t.len() > 30),
        "the demo holds free texts"
    );
    for secret in &personal {
        assert!(!text.contains(&plain(secret)), "printed: {secret}");
        assert!(
            !json.contains(secret.as_str()),
            "in the view-model: {secret}"
        );
    }
    // Staff are named; modules too, their accented words included.
    assert!(!project.team.is_empty());
    for member in &project.team {
        assert!(
            text.contains(&plain(&member.name)),
            "{} in {text}",
            member.name
        );
    }
    let accented: Vec<&str> = project
        .modules
        .iter()
        .flat_map(|m| m.name.split_whitespace())
        .filter(|w| !w.is_ascii() && w.chars().all(char::is_alphabetic))
        .collect();
    assert!(accented.len() >= 3, "{accented:?}");
    for word in accented {
        assert!(text.contains(word), "{word} in {text}");
    }
    assert!(text.contains("Lycée polyvalent des Cèdres"), "{text}");
    assert!(text.contains("Supplément"), "{text}");
    // The counts add up: the total line is the sum of the sections.
    let sum: usize = project.sections.iter().map(|s| s.bac_pro).sum();
    assert_eq!(sum, project.total.bac_pro);
    assert!(project.total.in_parcours > 0 && project.total.identified >= project.total.in_parcours);
    let extra: f64 = project.modules.iter().filter_map(|m| m.extra).sum();
    assert!((project.extra - extra).abs() < 1e-9);
    for m in &project.modules {
        match m.extra {
            Some(e) => assert!((e - (m.planned - m.granted.unwrap_or(0.0))).abs() < 1e-9),
            None => assert!(m.planned <= m.granted.unwrap_or(0.0) + 1e-9),
        }
    }
}

#[test]
fn snapshot_of_the_demo_project() {
    let store = demo_store();
    let project = ProjectFile::build(&store, YEAR, today()).expect("project");
    let json = serde_json::to_string_pretty(&project).expect("json");
    let pages = print_common::pages_text(&blocks::document(&project, today()));
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_project_demo_view_model", json);
        insta::assert_snapshot!("print_project_demo_pages", pages);
    });
}

#[test]
fn a_year_with_nobody_and_no_module_says_so_plainly() {
    let store = demo_store();
    let project = ProjectFile::build(&store, "2030-2031", today()).expect("project");
    assert_eq!(project.total.students, 0);
    assert!(project.modules.is_empty());
    let doc = blocks::document(&project, today());
    let tables: Vec<&Vec<String>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(&t.header),
            _ => None,
        })
        .collect();
    assert!(
        tables.iter().all(|h| h[0] != "Section" && h[0] != "Module"),
        "no empty table: {tables:?}"
    );
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    assert!(
        text.contains("Aucun élève n’est encore inscrit pour l’année 2030-2031"),
        "{text}"
    );
    assert!(
        text.contains("Aucun module n’est encore organisé pour l’année 2030-2031"),
        "{text}"
    );
}

/// A lycée with three Bac Pro students (one repéré and in a parcours with two
/// difficulty types), a référent and a module leader with accented names.
fn small_store() -> Store {
    let mut store = empty_store();
    let modules = store.modules().expect("modules");
    let module = modules
        .iter()
        .find(|m| m.code == "reformulation")
        .expect("module")
        .id;
    let types: Vec<String> = store
        .difficulty_types()
        .expect("types")
        .into_iter()
        .take(2)
        .map(|d| d.code)
        .collect();
    store
        .write("base", |w| {
            let e = w.ensure_establishment("0310047K", "Lycée Déodat-de-Séverac", "Toulouse")?;
            let s = w.ensure_section(
                e,
                "MCO",
                "BTS Management commercial opérationnel",
                Sector::Services,
            )?;
            let c = w.ensure_cohort(s, YEAR)?;
            let referent = w.add_staff("Câmara", "Hélène", StaffRole::ProfBts)?;
            let leader = w.add_staff("Lefèvre", "Joël", StaffRole::Plp)?;
            w.add_staff("Sans-Rôle", "Paul", StaffRole::Cpe)?;
            for (i, name) in ["Quintín", "Béranger", "Ngô"].iter().enumerate() {
                let id = w.add_student(
                    c,
                    &NewStudent {
                        last_name: (*name).into(),
                        first_name: "Élise".into(),
                        ine: Some(format!("12345678{i}AB")),
                        bac_pro: true,
                        ..Default::default()
                    },
                )?;
                if i == 0 {
                    w.update(
                        Table::Student,
                        id,
                        1,
                        &[
                            ("verdict", "repere".into()),
                            ("proposal", "accepte".into()),
                            ("difficulties", types.join(",").into()),
                            ("referent_id", Value::from(referent)),
                            (
                                "commitments",
                                "Venir à chaque séance, secret très personnel".into(),
                            ),
                        ],
                    )?;
                }
            }
            let group = w.create_group(&NewGroup {
                module_id: module,
                school_year: YEAR.into(),
                period: Some(2),
                label: "Groupe A".into(),
                leader_id: Some(leader),
                capacity: Some(8),
                place: None,
                establishment_id: Some(e),
            })?;
            let two_pm = chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("time");
            for day in [3, 10, 17] {
                let date = chrono::NaiveDate::from_ymd_opt(2026, 11, day).expect("date");
                w.add_session(group, date, two_pm, 120, None)?;
            }
            w.grant_hours(YEAR, Some(module), "DHG", 4.0, Some(e))?;
            Ok(())
        })
        .expect("base");
    store
}

#[test]
fn snapshot_of_a_small_project_with_counts_team_and_hours() {
    let store = small_store();
    let project = ProjectFile::build(&store, YEAR, today()).expect("project");
    assert_eq!(
        (
            project.total.students,
            project.total.bac_pro,
            project.total.identified,
            project.total.in_parcours
        ),
        (3, 3, 1, 1)
    );
    assert_eq!(project.difficulties.len(), 2);
    assert!(project.difficulties.iter().all(|(_, n)| *n == 1));
    assert_eq!(
        (project.planned, project.granted, project.extra),
        (6.0, 4.0, 2.0)
    );
    let names: Vec<&str> = project.team.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Hélène Câmara", "Joël Lefèvre"],
        "only référents and leaders"
    );
    let json = serde_json::to_string_pretty(&project).expect("json");
    for secret in [
        "Quintín",
        "Béranger",
        "Ngô",
        "12345678",
        "secret très personnel",
    ] {
        assert!(!json.contains(secret), "{secret}");
    }
    let pages = print_common::pages_text(&blocks::document(&project, today()));
    for secret in ["Quintín", "Béranger", "Ngô", "12345678", "secret"] {
        assert!(!pages.contains(secret), "{secret}");
    }
    let text = pdf_text(&pdf_bytes(&blocks::document(&project, today()), today()).expect("pdf"));
    for name in [
        "Hélène Câmara",
        "Joël Lefèvre",
        "Lycée Déodat-de-Séverac",
        "Atelier reformulation",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_project_small_view_model", json);
        insta::assert_snapshot!("print_project_small_pages", pages);
    });
}

#[test]
fn the_command_writes_the_project_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    demo_file(&db);
    let pdf = dir.path().join("projet.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");
    let out = passerelle_cli(&db, &["print", "project", "--year", YEAR, "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("Dossier de projet 2026-2027 écrit dans ") && said.contains("projet.pdf"),
        "{said}"
    );
    assert!(pdf_text(&std::fs::read(&pdf).expect("written")).contains("Dossier de projet"));
    let out = passerelle_cli(&db, &["print", "project", "--year", "2026", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Année scolaire « 2026 » invalide"));
}

#[test]
fn d_on_the_planner_prints_the_project_file_of_the_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    app.update(Action::Char('D'));
    assert_eq!(
        form(&app).title,
        "Imprimer le dossier de projet — 2026-2027"
    );
    assert_eq!(form(&app).get("file"), "~/dossier_projet_2026-2027.pdf");
    let dest = dir.path().join("dossier");
    type_path(&mut app, &dest);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let message = app.message.clone().expect("a message").text;
    assert!(
        message.starts_with("Dossier de projet écrit : ") && message.contains("dossier.pdf"),
        "{message}"
    );
    let printed = pdf_text(&std::fs::read(dest.with_extension("pdf")).expect("the PDF"));
    assert!(printed.contains("année scolaire 2026-2027"), "{printed}");
    // In the grid view of the modules too, and in the help.
    app.update(Action::Char('g'));
    app.update(Action::Char('D'));
    assert_eq!(
        form(&app).title,
        "Imprimer le dossier de projet — 2026-2027"
    );
    app.update(Action::Cancel);
    app.update(Action::Help);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("imprimer le dossier de projet"), "{screen}");
}
