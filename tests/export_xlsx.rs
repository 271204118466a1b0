//! `passerelle export xlsx`, the library: the workbook is read back with calamine
//! (sheets, headers, typed cells) and its XML checked (frozen header, autofilter,
//! no formula, no sensitive text without the flag). The command: `export_xlsx_cli.rs`.

mod xlsx_fixture;

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use passerelle::io::xlsx::{XlsxOptions, export_xlsx};
use passerelle::store::Store;
use xlsx_fixture::*;

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    fill(&mut store);
    store
}

type Book = Xlsx<Cursor<Vec<u8>>>;

fn book(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a readable xlsx")
}

fn exported(include_sensitive: bool, year: Option<&str>) -> Vec<u8> {
    let options = XlsxOptions {
        year: year.map(str::to_string),
        include_sensitive,
    };
    export_xlsx(&store(), &options).expect("export")
}

fn sheet(book: &mut Book, name: &str) -> Range<Data> {
    book.worksheet_range(name).expect(name)
}

fn header(range: &Range<Data>) -> Vec<String> {
    (range.rows().next().expect("header").iter())
        .map(|c| c.to_string())
        .collect()
}

/// The cell under `column` in data row `row` (0: the first row after the header).
fn cell<'a>(range: &'a Range<Data>, row: usize, column: &str) -> &'a Data {
    let col =
        (header(range).iter().position(|h| h == column)).unwrap_or_else(|| panic!("{column}"));
    range.get((row + 1, col)).unwrap_or(&Data::Empty)
}

/// Every cell's text in every sheet.
fn all_text(book: &mut Book) -> String {
    let mut text = String::new();
    for name in book.sheet_names() {
        for row in sheet(book, &name).rows() {
            for c in row {
                text.push_str(&c.to_string());
                text.push('\n');
            }
        }
    }
    text
}

/// Every file of the xlsx archive, as text.
fn archive_text(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).expect("entry");
            let mut text = String::new();
            file.read_to_string(&mut text).expect("text");
            (file.name().to_string(), text)
        })
        .collect()
}

#[test]
fn sheets_headers_and_typed_cells() {
    let mut book = book(exported(false, None));
    assert_eq!(book.sheet_names(), SHEETS);
    let students = sheet(&mut book, "Élèves");
    assert_eq!(
        header(&students)[..7],
        [
            "INE",
            "Nom",
            "Prénom",
            "Section",
            "Année",
            "Date de naissance",
            "Établissement"
        ]
    );
    // Sorted by name: Durand (with its formula-like name kept as text) then Lefèvre-Ünal.
    assert_eq!(cell(&students, 0, "Nom"), &Data::String("=Durand".into()));
    assert_eq!(
        cell(&students, 1, "Nom"),
        &Data::String("Lefèvre-Ünal".into())
    );
    assert_eq!(cell(&students, 1, "Prénom"), &Data::String("Maëlys".into()));
    let birth = cell(&students, 1, "Date de naissance");
    assert!(birth.is_datetime(), "{birth:?}");
    assert_eq!(birth.as_date(), Some(day("2007-03-14")));
    assert_eq!(
        cell(&students, 1, "Établissement").to_string(),
        "Lycée Émile-Zola"
    );
    assert_eq!(
        cell(&students, 0, "Cause de sortie").to_string(),
        "accès à l'emploi"
    );
    assert!(cell(&students, 0, "Date de sortie").is_datetime());

    let reperage = sheet(&mut book, "Repérage");
    assert_eq!(cell(&reperage, 1, "Verdict").to_string(), "repéré");
    assert_eq!(
        cell(&reperage, 1, "Types de difficulté").to_string(),
        "Absentéisme"
    );
    // The conditions de vie criterion is neither counted nor named without the flag.
    assert_eq!(cell(&reperage, 1, "Critères évalués"), &Data::Float(1.0));

    let attendance = sheet(&mut book, "Groupes et présences");
    assert_eq!(attendance.height(), 2);
    assert_eq!(cell(&attendance, 0, "Présence").to_string(), "absent");
    assert_eq!(cell(&attendance, 0, "Durée (h)"), &Data::Float(1.5));
    assert!(cell(&attendance, 0, "Heure").is_datetime());
    assert_eq!(cell(&attendance, 0, "Groupe").to_string(), "Groupe A");
    assert_eq!(
        cell(&attendance, 0, "Animateur").to_string(),
        "Élise Durand"
    );

    let indicators = sheet(&mut book, "Indicateurs");
    assert_eq!(cell(&indicators, 0, "Niveau").to_string(), "Ensemble");
    assert_eq!(cell(&indicators, 0, "Élèves de bac pro"), &Data::Float(2.0));
    assert_eq!(
        cell(&indicators, 0, "Taux : en parcours"),
        &Data::Float(0.5)
    );
    // No S2 decision, one exit: one outcome of two is known, so the passage rate
    // is not yet known and its cell stays empty (never 0 %).
    assert_eq!(
        cell(&indicators, 0, "Issue de 1re année connue"),
        &Data::Float(1.0)
    );
    assert_eq!(
        cell(&indicators, 0, "Taux : passage en 2e année"),
        &Data::Empty
    );
    // A rate with no denominator stays empty, never 0 %.
    let production = (1..indicators.height() - 1)
        .find(|r| *cell(&indicators, *r, "Code") == Data::String("production".into()))
        .expect("production row");
    assert_eq!(
        cell(&indicators, production, "Taux : en parcours"),
        &Data::Empty
    );
}

#[test]
fn every_sheet_has_a_bold_frozen_header_an_autofilter_and_no_formula() {
    let files = archive_text(&exported(true, None));
    let sheets: Vec<&(String, String)> = (files.iter())
        .filter(|(name, _)| name.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), SHEETS.len() + 1);
    for (name, xml) in sheets {
        assert!(xml.contains(r#"state="frozen""#), "{name}: no frozen pane");
        assert!(
            xml.contains(r#"<autoFilter ref="A1:"#),
            "{name}: no autofilter"
        );
        assert!(!xml.contains("<f>"), "{name}: a formula");
        assert!(xml.contains("<col "), "{name}: no column widths");
    }
    let styles = &files
        .iter()
        .find(|(n, _)| n == "xl/styles.xml")
        .expect("styles")
        .1;
    assert!(styles.contains("<b/>"), "no bold font");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
}

#[test]
fn no_sensitive_text_without_the_flag() {
    let bytes = exported(false, None);
    for (name, xml) in archive_text(&bytes) {
        assert!(!xml.contains("SECRET"), "{name} holds sensitive text");
    }
    let mut book = book(bytes);
    let text = all_text(&mut book);
    assert!(!text.contains("SECRET"));
    assert!(
        !text.contains("Logement"),
        "a conditions de vie criterion is named"
    );
    assert!(
        !book
            .sheet_names()
            .contains(&"Conditions de vie".to_string())
    );
    let checkins = sheet(&mut book, "Points d'étape");
    assert!(!header(&checkins).contains(&"Note".to_string()));
    assert_eq!(cell(&checkins, 0, "Assiduité").to_string(), "irrégulier");
}

#[test]
fn the_flag_adds_the_conditions_de_vie_and_the_check_in_notes() {
    let mut book = book(exported(true, None));
    let names = book.sheet_names();
    assert_eq!(names.last().map(String::as_str), Some("Conditions de vie"));
    let life = sheet(&mut book, "Conditions de vie");
    assert_eq!(life.height(), 3, "one grid value, one note, the header");
    assert_eq!(cell(&life, 0, "Niveau"), &Data::Float(3.0));
    assert_eq!(
        cell(&life, 0, "Commentaire ou note").to_string(),
        SECRET_COMMENT
    );
    assert_eq!(
        cell(&life, 1, "Commentaire ou note").to_string(),
        SECRET_LIFE
    );
    let checkins = sheet(&mut book, "Points d'étape");
    assert_eq!(cell(&checkins, 0, "Note").to_string(), SECRET_CHECKIN);
    let reperage = sheet(&mut book, "Repérage");
    assert_eq!(cell(&reperage, 1, "Critères évalués"), &Data::Float(2.0));
}

#[test]
fn the_year_keeps_that_cohort_only() {
    let mut book = book(exported(false, Some("2025-2026")));
    let students = sheet(&mut book, "Élèves");
    assert_eq!(students.height(), 2);
    assert_eq!(cell(&students, 0, "Prénom").to_string(), "Bénédicte");
    assert_eq!(
        sheet(&mut book, "Plans et modules").height(),
        1,
        "header only"
    );
    assert_eq!(sheet(&mut book, "Groupes et présences").height(), 1);
    let indicators = sheet(&mut book, "Indicateurs");
    assert_eq!(cell(&indicators, 0, "Sorties"), &Data::Float(1.0));
}
