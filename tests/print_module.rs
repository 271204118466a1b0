//! `passerelle print module`: the fiche cadre of a module, on a small hand-built
//! base and on the demo: view-model snapshots, the PDF's text (accented names of
//! the module and its leaders, never a student), a groups table that breaks across
//! pages with its header repeated, the command's refusals, and the `I` keys.

mod common;
mod print_common;

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use common::*;
use passerelle::app::{Action, Screen};
use passerelle::model::{Sector, StaffRole};
use passerelle::print::module::{ModuleSheet, blocks};
use passerelle::print::{layout, pdf_bytes};
use passerelle::store::{NewGroup, NewStudent, Store};
use print_common::{pdf_text, plain, type_path};

const YEAR: &str = "2026-2027";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(if m >= 8 { 2026 } else { 2027 }, m, day).expect("date")
}

/// A lycée, two leaders with accented names, the « reformulation » module with
/// `groups` groups of two sessions each (one held), two students placed in the
/// first one, and 10 hours granted.
fn small_store(groups: usize) -> (Store, i64) {
    let mut store = empty_store();
    let module = store
        .modules()
        .expect("modules")
        .into_iter()
        .find(|m| m.code == "reformulation")
        .expect("the catalogue's reformulation module")
        .id;
    store
        .write("base", |w| {
            let e = w.ensure_establishment("0310047K", "Lycée Déodat-de-Séverac", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, YEAR)?;
            let helene = w.add_staff("Câmara", "Hélène", StaffRole::Plp)?;
            let joel = w.add_staff("Lefèvre", "Joël", StaffRole::ProfBts)?;
            let students: Vec<i64> = ["Zoé Quintín", "Anaïs Béranger"]
                .iter()
                .map(|name| {
                    let (first, last) = name.split_once(' ').expect("two words");
                    w.add_student(
                        c,
                        &NewStudent {
                            last_name: last.into(),
                            first_name: first.into(),
                            bac_pro: true,
                            ..Default::default()
                        },
                    )
                })
                .collect::<Result<_, _>>()?;
            for i in 0..groups {
                let group = w.create_group(&NewGroup {
                    module_id: module,
                    school_year: YEAR.into(),
                    period: Some(2),
                    label: format!("Groupe {}", i + 1),
                    leader_id: Some(if i % 2 == 0 { helene } else { joel }),
                    capacity: Some(12),
                    place: Some("Salle B12".into()),
                    establishment_id: Some(e),
                })?;
                let two_pm = NaiveTime::from_hms_opt(14, 0, 0).expect("time");
                let first = w.add_session(group, d(11, 3), two_pm, 120, None)?;
                w.add_session(group, d(11, 10), two_pm, 120, None)?;
                w.update(
                    passerelle::store::Table::GroupSession,
                    first,
                    1,
                    &[("status", "held".into())],
                )?;
                if i == 0 {
                    for s in &students {
                        w.place_in_group(group, *s, d(10, 20))?;
                    }
                }
            }
            w.grant_hours(YEAR, Some(module), "Dotation", 10.0, Some(e))?;
            Ok(())
        })
        .expect("base");
    (store, module)
}

#[test]
fn snapshot_of_a_small_fiche_cadre_with_counts_and_hours() {
    let (store, module) = small_store(2);
    let sheet = ModuleSheet::build(&store, module, YEAR, today()).expect("sheet");
    assert_eq!(sheet.groups.len(), 2);
    assert_eq!(sheet.groups[0].placed, 2);
    assert_eq!((sheet.planned, sheet.delivered), (8.0, 4.0));
    assert_eq!(sheet.granted, Some(10.0), "the year's grant");
    let json = serde_json::to_string_pretty(&sheet).expect("json");
    let pages = print_common::pages_text(&blocks::document(&sheet, today()));
    assert!(
        pages.contains("2 / 12"),
        "places filled / capacity: {pages}"
    );
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_module_small_view_model", json);
        insta::assert_snapshot!("print_module_small_pages", pages);
    });
}

#[test]
fn the_pdf_names_the_module_and_its_leaders_and_never_a_student() {
    let (store, module) = small_store(2);
    let sheet = ModuleSheet::build(&store, module, YEAR, today()).expect("sheet");
    let text = pdf_text(&pdf_bytes(&blocks::document(&sheet, today()), today()).expect("pdf"));
    for wanted in [
        "Fiche cadre",
        "Atelier reformulation",
        "Hélène Câmara",
        "Joël Lefèvre",
        "Lycée Déodat-de-Séverac",
        "Heures accordées 10 h",
        "page 1/",
    ] {
        assert!(text.contains(&plain(wanted)), "{wanted} in {text}");
    }
    for student in ["Quintín", "Béranger", "Zoé", "Anaïs"] {
        assert!(!text.contains(student), "student {student} printed: {text}");
    }
}

#[test]
fn a_table_of_many_groups_breaks_across_pages_with_its_header_repeated() {
    let (store, module) = small_store(40);
    let sheet = ModuleSheet::build(&store, module, YEAR, today()).expect("sheet");
    let pages = layout::lay_out(&blocks::document(&sheet, today()));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut with_groups = 0;
    for page in &pages {
        let rows = page.rows();
        if rows
            .iter()
            .any(|r| r.starts_with("Groupe ") && r.contains("│"))
        {
            with_groups += 1;
            let header = rows
                .iter()
                .position(|r| r.starts_with("Groupe │ Animation"))
                .expect("the header row on each page of the table");
            let first_group = rows
                .iter()
                .position(|r| r.starts_with("Groupe ") && !r.starts_with("Groupe │"))
                .expect("a group");
            assert!(header < first_group, "header above the groups: {rows:?}");
        }
    }
    assert!(with_groups >= 2, "the table spans pages");
    assert_eq!(
        pages
            .iter()
            .flat_map(|p| p.rows())
            .filter(|r| r.starts_with("Groupe 40 │"))
            .count(),
        1
    );
}

#[test]
fn snapshot_of_the_demo_module_with_the_most_groups() {
    let store = demo_store();
    let report = store.hours_report(YEAR, today()).expect("hours");
    let busiest = report
        .modules
        .iter()
        .max_by_key(|m| m.groups)
        .expect("demo modules");
    let sheet = ModuleSheet::build(&store, busiest.module_id, YEAR, today()).expect("sheet");
    assert_eq!(sheet.groups.len(), busiest.groups);
    assert!((sheet.planned - busiest.planned).abs() < 1e-9);
    // Never a student: no name of the demo's students in the view-model.
    let json = serde_json::to_string_pretty(&sheet).expect("json");
    for row in store.student_rows_in(None).expect("students") {
        assert!(
            !json.contains(&row.student.last_name),
            "{}",
            row.student.last_name
        );
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_module_demo_view_model", json);
    });
}

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite3");
    demo_file(&db);
    db
}

#[test]
fn the_command_writes_the_fiche_and_refuses_unknown_or_ambiguous_modules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let pdf = dir.path().join("fiche.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");
    let args = [
        "print",
        "module",
        "Tutorat",
        "individuel",
        "--year",
        YEAR,
        "-o",
        pdf_arg,
    ];
    let out = passerelle_cli(&db, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("Fiche cadre du module Tutorat individuel (2026-2027) écrite dans ")
            && said.contains("fiche.pdf"),
        "{said}"
    );
    assert!(pdf_text(&std::fs::read(&pdf).expect("written")).contains("Tutorat individuel"));
    // Again without --force: refused, kept.
    let out = passerelle_cli(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--force"));

    let other = dir.path().join("autre.pdf");
    let other_arg = other.to_str().expect("utf-8");
    let out = passerelle_cli(
        &db,
        &["print", "module", "tutora individul", "-o", other_arg],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("Aucun module ne correspond à « tutora individul »")
            && err.contains("Modules proches : Tutorat individuel (tutorat)"),
        "{err}"
    );
    let out = passerelle_cli(&db, &["print", "module", "atelier", "-o", other_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("« atelier » désigne 3 modules") && err.contains("Précisez avec le code"),
        "{err}"
    );
    assert!(!other.exists(), "nothing written on a refusal");
}

#[test]
fn i_on_the_planner_and_on_the_catalogue_prints_the_fiche_of_the_module_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    let module = app.planner.data.modules[0].hours.clone();
    app.update(Action::Char('I'));
    let proposed = form(&app).get("file").to_string();
    assert_eq!(
        proposed,
        format!("~/fiche_cadre_{}_2026-2027.pdf", module.code),
        "the proposed file"
    );
    assert_eq!(
        form(&app).title,
        format!("Imprimer la fiche cadre — {}", module.name)
    );
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_module_form", render(&app, 80, 24));
    });
    let dest = dir.path().join("fiche_planner.pdf");
    type_path(&mut app, &dest);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let message = app.message.clone().expect("a message").text;
    assert!(
        message.starts_with("Fiche cadre écrite : ") && message.contains("fiche_planner.pdf"),
        "{message}"
    );
    let printed = pdf_text(&std::fs::read(&dest).expect("the PDF"));
    assert!(printed.contains(&plain(&module.name)), "{printed}");

    // The catalogue tab of the settings: the module under the cursor.
    go(&mut app, Screen::Setup);
    for _ in 0..3 {
        app.update(Action::NextPane);
    }
    assert_eq!(app.setup.tab, passerelle::app::SetupTab::Catalogue);
    app.update(Action::Char('I'));
    let title = form(&app).title.clone();
    assert!(title.starts_with("Imprimer la fiche cadre — "), "{title}");
    let dest = dir.path().join("fiche_catalogue");
    type_path(&mut app, &dest);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    assert!(dest.with_extension("pdf").exists());
    let name = title.trim_start_matches("Imprimer la fiche cadre — ");
    let printed = pdf_text(&std::fs::read(dest.with_extension("pdf")).expect("the PDF"));
    assert!(printed.contains(&plain(name)), "{name} in {printed}");
}
