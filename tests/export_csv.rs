//! CSV student list: spreadsheet-friendly, formula-safe, never sensitive.

use passerelle::io::csv_export::{HEADER, export_students_csv};
use passerelle::model::*;
use passerelle::store::{NewStudent, Store, Table};

const SECRET_NOTE: &str = "SECRET-NOTE dort dans sa voiture";
const SECRET_COMMENT: &str = "SECRET-COMMENT dettes";

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    let logement = store
        .criteria()
        .expect("criteria")
        .into_iter()
        .find(|c| c.domain.is_sensitive())
        .expect("sensitive criterion");
    let module = store.modules().expect("modules")[0].clone();
    store
        .write("élèves", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            let referent = w.add_staff("Durand", "Élise", StaffRole::ProfBts)?;
            let evil = w.add_student(
                c,
                &NewStudent {
                    last_name: "=HYPERLINK(\"http://x\")".into(),
                    first_name: "+33 6 12 34 56 78".into(),
                    ine: Some("@SUM(1)".into()),
                    bac_pro: true,
                    ..Default::default()
                },
            )?;
            let lea = w.add_student(
                c,
                &NewStudent {
                    last_name: "Martin".into(),
                    first_name: "Léa; \"la grande\"".into(),
                    ine: Some("123456789AB".into()),
                    bac_pro: true,
                    ..Default::default()
                },
            )?;
            w.update(
                Table::Student,
                lea,
                1,
                &[
                    ("verdict", Verdict::Repere.into()),
                    ("proposal", Proposal::Accepte.into()),
                    ("referent_id", referent.into()),
                    ("bilan_s1", "-1 point ; bilan SECRET?".into()),
                ],
            )?;
            w.update(
                Table::Student,
                evil,
                1,
                &[("bac_pro_specialty", "-cmd|' /C calc'!A0".into())],
            )?;
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", lea.into()),
                    ("area", LifeArea::Logement.into()),
                    ("note", SECRET_NOTE.into()),
                ],
            )?;
            w.set_grid_cell(
                lea,
                logement.id,
                None,
                &[("level", Value::Int(3)), ("comment", SECRET_COMMENT.into())],
            )?;
            let checkin = w.insert(
                Table::Checkin,
                &[("student_id", lea.into()), ("date", "2026-11-05".into())],
            )?;
            w.insert(
                Table::Enrolment,
                &[
                    ("student_id", lea.into()),
                    ("module_id", module.id.into()),
                    ("start_date", "2026-11-05".into()),
                    ("checkin_id", checkin.into()),
                ],
            )
        })
        .expect("data");
    store
}

fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV")
}

#[test]
fn starts_with_bom_uses_semicolons_and_a_french_header() {
    let bytes = export_students_csv(&store()).expect("export");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let first_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .expect("line");
    assert!(
        first_line.starts_with("Nom;Prénom;INE;Section;Année;"),
        "{first_line}"
    );
    assert!(text.contains("\r\n"));
    let rows = records(&bytes);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].iter().collect::<Vec<_>>(), HEADER);
    for name in [
        "Phase",
        "Repérage (verdict)",
        "Référent",
        "Modules",
        "Décision S2",
        "Sortie",
    ] {
        assert!(HEADER.contains(&name), "{name}");
    }
}

#[test]
fn values_are_french_labels() {
    let bytes = export_students_csv(&store()).expect("export");
    let rows = records(&bytes);
    let column = |name: &str| HEADER.iter().position(|h| *h == name).expect("column");
    let lea = rows.iter().find(|r| &r[0] == "Martin").expect("Martin");
    assert_eq!(&lea[column("Prénom")], "Léa; \"la grande\"");
    assert_eq!(&lea[column("Section")], "NDRC");
    assert_eq!(&lea[column("Repérage (verdict)")], "repéré");
    assert_eq!(&lea[column("Proposition")], "accepté");
    assert_eq!(&lea[column("Phase")], "Suivi");
    assert_eq!(&lea[column("Référent")], "Élise Durand");
    assert_eq!(&lea[column("Dernier point d'étape")], "05/11/2026");
    assert!(!lea[column("Modules")].is_empty());
}

#[test]
fn formulas_are_neutralised() {
    let bytes = export_students_csv(&store()).expect("export");
    let rows = records(&bytes);
    let evil = rows
        .iter()
        .find(|r| r[0].contains("HYPERLINK"))
        .expect("evil row");
    assert_eq!(&evil[0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&evil[1], "'+33 6 12 34 56 78");
    assert_eq!(&evil[2], "'@SUM(1)");
    assert_eq!(&evil[6], "'-cmd|' /C calc'!A0");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
}

#[test]
fn nothing_sensitive_nor_free_text_is_exported() {
    let text = String::from_utf8(export_students_csv(&store()).expect("export")).expect("utf-8");
    assert!(!text.contains("SECRET"), "{text}");
    assert!(!text.contains("dettes") && !text.contains("voiture"));
}
