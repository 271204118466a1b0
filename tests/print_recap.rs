//! `passerelle print recap`: the recap of a pré-conseil meeting, on a small hand-built
//! school and on the demo: view-model snapshots, the PDF's text (accented names, no
//! sensitive note), a 35-student table repeating its header on each page, and the
//! command's choice of the meeting and its refusals in French.

mod common;
mod print_common;

use std::path::Path;
use std::process::Output;

use common::*;
use passerelle::print::recap::{Recap, blocks};
use passerelle::print::{layout, pdf_bytes};
use passerelle::store::Store;
use print_common::school::*;
use print_common::{pages_text, pdf_text, plain};

/// The view-model as JSON and the pages as text rows.
fn snapshots(recap: &Recap) -> (String, String) {
    let json = serde_json::to_string_pretty(recap).expect("json");
    (json, pages_text(&blocks::document(recap, today())))
}

fn run(db: &Path, args: &[&str]) -> Output {
    passerelle_cli(db, args)
}

#[test]
fn the_recap_of_a_small_meeting_lists_each_student_sorted_with_counts() {
    let mut store = empty_store();
    let school = fill(&mut store);
    let recap = Recap::build(&store, school.meeting).expect("recap");
    let names: Vec<&str> = recap.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["BÉRANGER Anaïs", "LEFÈVRE Jérôme", "N'DIAYE Éloïse"],
        "sorted by name, accents ignored"
    );
    assert_eq!(recap.counts.seen, 3);
    assert_eq!(
        (
            recap.counts.accepted,
            recap.counts.proposed,
            recap.counts.refused
        ),
        (1, 1, 1)
    );
    assert_eq!(recap.rows[2].modules.len(), 2);
    assert_eq!(recap.rows[2].referent.as_deref(), Some("Hélène Garçon"));
    assert_eq!(recap.rows[2].first_checkin, Some(day(11, 5)));
    let (json, pages) = snapshots(&recap);
    assert!(pages.contains("Élève │ Décision │ Modules"), "{pages}");
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_recap_view_model", json);
        insta::assert_snapshot!("print_recap_pages", pages);
    });
}

#[test]
fn the_recap_pdf_names_the_students_and_never_a_sensitive_note() {
    let mut store = empty_store();
    let school = fill(&mut store);
    let recap = Recap::build(&store, school.meeting).expect("recap");
    let doc = blocks::document(&recap, today());
    let text = pdf_text(&pdf_bytes(&doc, today()).expect("pdf"));
    for name in [
        "N’DIAYE Éloïse",
        "BÉRANGER Anaïs",
        "LEFÈVRE Jérôme",
        "Hélène Garçon",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("Mme Garçon (professeure de BTS)"), "{text}");
    assert!(text.contains("Compte rendu du pré-conseil"), "{text}");
    assert!(text.contains("15 octobre 2026"), "{text}");
    assert!(text.contains("UAI 0311234X"), "{text}");
    for secret in SECRETS.iter().chain(&["Venir à chaque séance"]) {
        assert!(!text.contains(&plain(secret)), "printed: {secret}");
    }
}

#[test]
fn a_meeting_of_35_students_repeats_the_table_header_on_each_page() {
    let mut store = empty_store();
    let meeting = big_meeting(&mut store);
    let recap = Recap::build(&store, meeting).expect("recap");
    assert_eq!(recap.rows.len(), 35);
    let pages = layout::lay_out(&blocks::document(&recap, today()));
    assert!(pages.len() >= 2, "35 students need two pages");
    let table_pages: Vec<_> = pages
        .iter()
        .filter(|p| {
            p.rows()
                .iter()
                .any(|r| r.contains("Élève00") || r.contains("Élève34") || r.contains("Élève20"))
        })
        .collect();
    assert!(table_pages.len() >= 2);
    for page in table_pages {
        let rows = page.rows();
        assert!(
            rows.iter()
                .any(|r| r.starts_with("Élève │ Décision │ Modules │")),
            "header repeated: {rows:?}"
        );
    }
}

#[test]
fn the_recap_of_a_demo_meeting() {
    let mut store = demo_store();
    // The demo keeps no meeting: the MCO students with a proposal seen on 12 October.
    let seen: Vec<i64> = store
        .student_rows_in(Some("2026-2027"))
        .expect("students")
        .into_iter()
        .filter(|r| r.section_code == "MCO" && r.student.proposal.is_some())
        .map(|r| r.student.id)
        .collect();
    assert!(seen.len() >= 3, "{seen:?}");
    let meeting = store
        .write("réunion", |w| {
            let mut meeting = None;
            for id in &seen {
                meeting = Some(w.record_in_meeting(&target(meeting, day(10, 12)), *id)?);
            }
            Ok(meeting.expect("recorded"))
        })
        .expect("meeting");
    let recap = Recap::build(&store, meeting).expect("recap");
    assert_eq!(recap.rows.len(), seen.len());
    let (json, _) = snapshots(&recap);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("print_recap_demo_view_model", json);
    });
    // The demo's sensitive notes stay out, for every student seen.
    let doc = format!("{:?}", blocks::document(&recap, today()));
    for id in seen {
        for note in store.life_notes(id).expect("notes") {
            assert!(!doc.contains(&note.note), "{}", note.note);
            assert!(!json.contains(&note.note), "{}", note.note);
        }
    }
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_command_chooses_the_meeting_and_refuses_in_french() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ecole.sqlite3");
    let pdf = dir.path().join("recap.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");

    // No meeting yet: refused, saying how one is made.
    let mut store = file_store(&db, "prof");
    store.init().expect("catalogue");
    drop(store);
    let out = run(&db, &["print", "recap", "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err(&out).contains("Aucune réunion de pré-conseil"),
        "{}",
        err(&out)
    );

    let mut store = file_store(&db, "prof");
    let school = fill(&mut store);
    let second = second_meeting_same_day(&mut store, &school);
    drop(store);

    // Without a meeting: the latest one.
    let out = run(&db, &["print", "recap", "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("Compte rendu du pré-conseil du 15 octobre 2026 écrit dans ")
            && said.contains("recap.pdf"),
        "{said}"
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("written"));
    assert!(text.contains(&format!("réunion n° {second}")), "{text}");
    assert!(
        !text.contains("Éloïse"),
        "the latest meeting saw Jérôme only"
    );

    // The same date twice: refused, both listed, unless a section says which.
    let out = run(
        &db,
        &["print", "recap", "15/10/2026", "-o", pdf_arg, "--force"],
    );
    assert_eq!(out.status.code(), Some(1));
    let refusal = err(&out);
    assert!(
        refusal.contains("Plusieurs réunions correspondent à « 15/10/2026 »"),
        "{refusal}"
    );
    assert!(
        refusal.contains(&format!(
            "n° {} du 15/10/2026 (MCO, NDRC ; 3 élèves)",
            school.meeting
        )) && refusal.contains(&format!("n° {second} du 15/10/2026 (MCO ; 1 élève)")),
        "{refusal}"
    );
    let args = [
        "print",
        "recap",
        "2026-10-15",
        "--section",
        "ndrc",
        "-o",
        pdf_arg,
        "--force",
    ];
    let out = run(&db, &args);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(pdf_text(&std::fs::read(&pdf).expect("written")).contains("N’DIAYE Éloïse"));

    // By number; an unknown one is refused with the list of meetings.
    let number = school.meeting.to_string();
    let out = run(&db, &["print", "recap", &number, "-o", pdf_arg]);
    assert_eq!(out.status.code(), Some(1), "the file exists");
    assert!(err(&out).contains("--force"), "{}", err(&out));
    let out = run(&db, &["print", "recap", "42", "-o", pdf_arg, "--force"]);
    assert_eq!(out.status.code(), Some(1));
    let refusal = err(&out);
    assert!(
        refusal.contains("Aucune réunion ne correspond à « 42 »")
            && refusal.contains(&format!("n° {second} du 15/10/2026")),
        "{refusal}"
    );
    // The meeting's rows are what the store holds: nothing was written by printing.
    let store = Store::open(&db).expect("open");
    assert_eq!(store.meetings(None).expect("meetings").len(), 2);
}
