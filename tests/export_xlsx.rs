//! `passerelle export xlsx`: the workbook is read back with calamine (sheets,
//! headers, typed cells, row counts) and its XML checked (frozen header,
//! autofilter, no formula, no sensitive text without the flag).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use passerelle::io::xlsx::{XlsxOptions, export_xlsx};
use passerelle::model::planner::AttendanceMark;
use passerelle::model::*;
use passerelle::store::{NewGroup, NewStudent, Store, Table};

const SECRET_LIFE: &str = "SECRET-LIFE dort dans sa voiture";
const SECRET_COMMENT: &str = "SECRET-COMMENT dettes";
const SECRET_CHECKIN: &str = "SECRET-CHECKIN pleure en cours";

const SHEETS: [&str; 7] = [
    "Élèves",
    "Repérage",
    "Plans et modules",
    "Groupes et présences",
    "Points d'étape",
    "Indicateurs",
    "Indicateurs des modules",
];

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// Maëlys (2026-2027: repérée, in a parcours, a module, a mark, a check-in, conditions
/// de vie) and Bénédicte (2025-2026, left for a job).
fn fill(store: &mut Store) {
    store.init().expect("catalogue");
    let criteria = store.criteria().expect("criteria");
    let logement = criteria
        .iter()
        .find(|c| c.domain.is_sensitive())
        .expect("sensitive");
    let scolaire = (criteria.iter())
        .find(|c| c.domain == Domain::PerformancesScolaires)
        .expect("scolaire")
        .clone();
    let logement = logement.clone();
    let module = store.modules().expect("modules")[0].clone();
    store
        .write("élèves", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Émile-Zola", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let now = w.ensure_cohort(s, "2026-2027")?;
            let before = w.ensure_cohort(s, "2025-2026")?;
            let referent = w.add_staff("Durand", "Élise", StaffRole::ProfBts)?;
            let maelys = w.add_student(
                now,
                &NewStudent {
                    last_name: "Lefèvre-Ünal".into(),
                    first_name: "Maëlys".into(),
                    ine: Some("123456789AB".into()),
                    birth_date: Some(day("2007-03-14")),
                    bac_pro: true,
                    bac_pro_specialty: Some("Métiers de l'accueil".into()),
                    ..Default::default()
                },
            )?;
            let benedicte = w.add_student(
                before,
                &NewStudent {
                    last_name: "=Durand".into(),
                    first_name: "Bénédicte".into(),
                    bac_pro: true,
                    ..Default::default()
                },
            )?;
            w.update(
                Table::Student,
                maelys,
                1,
                &[
                    ("verdict", Verdict::Repere.into()),
                    ("proposal", Proposal::Accepte.into()),
                    ("referent_id", referent.into()),
                    ("difficulties", Value::Text("absenteisme".into())),
                ],
            )?;
            w.update(
                Table::Student,
                benedicte,
                1,
                &[
                    ("exit_date", "2025-12-01".into()),
                    ("exit_cause", ExitCause::Emploi.into()),
                    ("exit_destination", ExitDestination::Emploi.into()),
                    ("exit_note", "SECRET-EXIT a tout dit".into()),
                ],
            )?;
            w.insert(
                Table::LifeNote,
                &[
                    ("student_id", maelys.into()),
                    ("area", LifeArea::Logement.into()),
                    ("note", SECRET_LIFE.into()),
                ],
            )?;
            let level = |l| [("level", Value::Int(l)), ("comment", SECRET_COMMENT.into())];
            w.set_grid_cell(maelys, logement.id, None, &level(3))?;
            w.set_grid_cell(maelys, scolaire.id, None, &[("level", Value::Int(2))])?;
            let checkin = w.insert(
                Table::Checkin,
                &[
                    ("student_id", maelys.into()),
                    ("date", "2026-11-05".into()),
                    ("attendance", Attendance::Irregulier.into()),
                    ("note", SECRET_CHECKIN.into()),
                ],
            )?;
            w.insert(
                Table::Enrolment,
                &[
                    ("student_id", maelys.into()),
                    ("module_id", module.id.into()),
                    ("start_date", "2026-11-05".into()),
                    ("checkin_id", checkin.into()),
                ],
            )?;
            let group = w.create_group(&NewGroup {
                module_id: module.id,
                school_year: "2026-2027".into(),
                period: Some(2),
                label: "Groupe A".into(),
                leader_id: Some(referent),
                capacity: None,
                place: None,
                establishment_id: Some(e),
            })?;
            let time = chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("time");
            let session = w.add_session(group, day("2026-11-17"), time, 90, None)?;
            w.place_in_group(group, maelys, day("2026-11-05"))?;
            w.record_roll(session, 1, &[(maelys, AttendanceMark::Absent)])
        })
        .expect("data");
}

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
    assert_eq!(cell(&indicators, 0, "Part en parcours"), &Data::Float(0.5));
    // No S2 decision, one exit: the passage rate is 0 out of 1 known outcome.
    assert_eq!(
        cell(&indicators, 0, "Issue de 1re année connue"),
        &Data::Float(1.0)
    );
    // A rate with no denominator stays empty, never 0 %.
    let production = (1..indicators.height() - 1)
        .find(|r| *cell(&indicators, *r, "Code") == Data::String("production".into()))
        .expect("production row");
    assert_eq!(
        cell(&indicators, production, "Part en parcours"),
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
    assert_eq!(
        cell(&indicators, 0, "Décrochages (sorties)"),
        &Data::Float(1.0)
    );
}

// --- The command, on database files --------------------------------------------

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "proviseure")
        .output()
        .expect("run passerelle")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn filled_file(dir: &Path) -> PathBuf {
    let db = dir.join("lycee.sqlite3");
    let mut store = Store::open(&db).expect("open");
    fill(&mut store);
    db
}

/// How many rows a query counts in the database file.
fn count(db: &Path, sql: &str) -> usize {
    let conn = rusqlite::Connection::open(db).expect("raw");
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql) as usize
}

#[test]
fn the_demo_database_exports_with_the_database_row_counts() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite3");
    assert!(run(&db, &["demo", "--seed", "2"]).status.success());
    let file = dir.path().join("suivi.xlsx");
    let out = run(&db, &["export", "xlsx", "-o", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Classeur écrit dans"),
        "{}",
        stderr(&out)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&file).expect("xlsx");
    assert_eq!(book.sheet_names(), SHEETS);
    let rows = |book: &mut Xlsx<_>, name: &str| sheet_height(book, name) - 1;
    let students = count(&db, "SELECT count(*) FROM student");
    assert_eq!(rows(&mut book, "Élèves"), students);
    assert_eq!(rows(&mut book, "Repérage"), students);
    let enrolments = count(&db, "SELECT count(*) FROM enrolment");
    assert_eq!(rows(&mut book, "Plans et modules"), enrolments);
    let marks = count(&db, "SELECT count(*) FROM attendance");
    assert!(marks > 0, "the demo takes rolls");
    assert_eq!(rows(&mut book, "Groupes et présences"), marks);
    let checkins = count(&db, "SELECT count(*) FROM checkin");
    assert_eq!(rows(&mut book, "Points d'étape"), checkins);
    let sections = count(&db, "SELECT count(DISTINCT code) FROM section");
    assert_eq!(rows(&mut book, "Indicateurs"), 1 + 2 + sections);
}

fn sheet_height<R: Read + std::io::Seek>(book: &mut Xlsx<R>, name: &str) -> usize {
    book.worksheet_range(name).expect(name).height()
}

#[test]
fn an_existing_file_is_kept_without_force() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let file = dir.path().join("suivi.xlsx");
    std::fs::write(&file, "ancien").expect("write");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("existe déjà"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "ancien");
    let out = run(&db, &["export", "xlsx", "-o", path, "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let _: Xlsx<_> = calamine::open_workbook(&file).expect("replaced by a workbook");
}

#[test]
fn refusals_are_told_in_french_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let out = run(&db, &["export", "xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ajoutez -o FICHIER.xlsx"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let file = dir.path().join("suivi.xlsx");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path, "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("AAAA-AAAA"), "{}", stderr(&out));
    let out = run(&db, &["export", "csv", "--year", "2026-2027"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("xlsx"), "{}", stderr(&out));
    assert!(!file.exists());
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(
        leftovers,
        1 + count_wal(dir.path()),
        "only the database remains"
    );
}

/// SQLite's side files next to the database, if any.
fn count_wal(dir: &Path) -> usize {
    ["lycee.sqlite3-wal", "lycee.sqlite3-shm"]
        .iter()
        .filter(|f| dir.join(f).exists())
        .count()
}

#[test]
fn a_sensitive_workbook_is_announced_and_logged() {
    let dir = tempfile::tempdir().expect("dir");
    let db = filled_file(dir.path());
    let file = dir.path().join("complet.xlsx");
    let path = file.to_str().expect("path");
    let out = run(&db, &["export", "xlsx", "-o", path, "--include-sensitive"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("données sensibles"),
        "{}",
        stderr(&out)
    );
    let logged = count(
        &db,
        "SELECT count(*) FROM sensitive_access WHERE action = 'export' AND target LIKE '%complet.xlsx'",
    );
    assert_eq!(logged, 1);
    let plain = dir.path().join("simple.xlsx");
    let out = run(
        &db,
        &["export", "xlsx", "-o", plain.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        count(&db, "SELECT count(*) FROM sensitive_access"),
        1,
        "plain one not logged"
    );
}
