//! SIECLE imports: every file variant is made here, then imported.

use std::io::Write;
use std::path::{Path, PathBuf};

use passerelle::io::siecle::import_siecle_file;
use passerelle::io::{ImportError, Problem};
use passerelle::model::*;
use passerelle::store::{Store, StudentRow};

/// A store with two sections, NDRC and MCO.
fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    add_sections(&mut store);
    store
}

fn add_sections(store: &mut Store) {
    store
        .write("sections", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            w.ensure_section(e, "MCO", "BTS MCO", Sector::Services)?;
            Ok(())
        })
        .expect("sections");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path
}

fn latin1(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn current_year() -> String {
    school_year_of(chrono::Local::now().date_naive())
}

fn problems(result: Result<passerelle::io::ImportReport, ImportError>) -> Vec<Problem> {
    match result {
        Err(ImportError::Problems(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

fn find<'r>(rows: &'r [StudentRow], last_name: &str) -> &'r StudentRow {
    rows.iter()
        .find(|r| r.student.last_name == last_name)
        .unwrap_or_else(|| panic!("{last_name} not imported"))
}

const FULL_HEADER: &str = "Nom;Prénom;Né(e) le;Sexe;MEF;Division;N° INE;Date sortie\r\n";

#[test]
fn latin1_csv_with_accents_and_excel_text_values() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{FULL_HEADER}\
         LEFÈVRE;Hélène;=\"03/02/2007\";F;=\"31122105310\";BTS1 NDRC A;=\"1234567890A\";\r\n\
         \"N'DIAYE\";Aïssatou;14/09/2006;F;31122105310;BTS1 NDRC A;=\"123456789BC\";\r\n"
    );
    let path = write(dir.path(), "liste.csv", &latin1(&text));
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 2);
    assert!(report.skipped.is_empty());
    let rows = store.student_rows().expect("rows");
    let helene = find(&rows, "LEFÈVRE");
    assert_eq!(helene.student.first_name, "Hélène");
    assert_eq!(helene.student.ine.as_deref(), Some("1234567890A"));
    assert_eq!(
        helene.student.birth_date,
        chrono::NaiveDate::from_ymd_opt(2007, 2, 3)
    );
    assert_eq!(helene.section_code, "NDRC");
    assert_eq!(helene.school_year, current_year());
    assert!(helene.student.bac_pro);
    assert_eq!(find(&rows, "N'DIAYE").student.first_name, "Aïssatou");
}

#[test]
fn utf8_with_bom() {
    let dir = tempfile::tempdir().expect("dir");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{FULL_HEADER}MARTIN;Zoé;01/01/2007;F;x;1NDRC1;;\r\n").as_bytes());
    let path = write(dir.path(), "bom.csv", &bytes);
    let mut store = store();
    import_siecle_file(&mut store, &path, None).expect("import");
    let rows = store.student_rows().expect("rows");
    assert_eq!(find(&rows, "MARTIN").student.first_name, "Zoé");
    assert_eq!(find(&rows, "MARTIN").section_code, "NDRC");
}

#[test]
fn utf8_without_bom_and_header_without_mef_or_sexe() {
    let dir = tempfile::tempdir().expect("dir");
    let text = "Liste des élèves par division\n\n\
                NOM;PRENOM;DATE NAISS;DIVISION;ID_NATIONAL\n\
                GARCÍA;Noé;2006-11-30;BTS MCO 1;0987654321Z\n\
                DUBOIS;Léon;30/11/2006;bts mco 1;\n";
    let path = write(dir.path(), "utf8.csv", text.as_bytes());
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 2);
    let rows = store.student_rows().expect("rows");
    assert_eq!(find(&rows, "GARCÍA").student.first_name, "Noé");
    assert_eq!(find(&rows, "GARCÍA").section_code, "MCO");
    assert_eq!(find(&rows, "DUBOIS").section_code, "MCO");
}

fn xml_export(encoding: &str, pupils: &str, structures: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n\
         <BEE_ELEVES VERSION=\"3.1\">\n\
         <PARAMETRES>\n<UAJ>0310000A</UAJ>\n<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>\n\
         <DATE_EXPORT>15/09/2025</DATE_EXPORT>\n</PARAMETRES>\n\
         <DONNEES>\n<ELEVES>\n{pupils}</ELEVES>\n<STRUCTURES>\n{structures}</STRUCTURES>\n\
         </DONNEES>\n</BEE_ELEVES>\n"
    )
}

fn xml_pupil(id: &str, last: &str, first: &str, birth: &str, ine: &str, exit: &str) -> String {
    format!(
        "<ELEVE ELEVE_ID=\"{id}\" ELENOET=\"{id}\">\n\
         <ID_NATIONAL>{ine}</ID_NATIONAL>\n<NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE>\n\
         <NOM_USAGE></NOM_USAGE>\n<PRENOM>{first}</PRENOM>\n<CODE_SEXE>2</CODE_SEXE>\n\
         <DATE_NAISS>{birth}</DATE_NAISS>\n<CODE_MEF>31122105310</CODE_MEF>\n\
         <CODE_STATUT>ST</CODE_STATUT>\n<DATE_SORTIE>{exit}</DATE_SORTIE>\n</ELEVE>\n"
    )
}

fn xml_structure(id: &str, division: &str) -> String {
    format!(
        "<STRUCTURES_ELEVE ELEVE_ID=\"{id}\">\n\
         <STRUCTURE><CODE_STRUCTURE>GR-ANG</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>\n\
         <STRUCTURE><CODE_STRUCTURE>{division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>\n\
         </STRUCTURES_ELEVE>\n"
    )
}

fn two_pupils_xml(encoding: &str) -> String {
    xml_export(
        encoding,
        &(xml_pupil("101", "CŒUR", "Zoé", "12/05/2006", "1112223334K", "")
            + &xml_pupil("102", "LAMBERT", "Élodie", "01/02/2007", "", "")),
        &(xml_structure("101", "BTS1NDRC") + &xml_structure("102", "BTS1MCO")),
    )
}

#[test]
fn xml_in_utf8_takes_the_year_from_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(
        dir.path(),
        "ElevesSansAdresses.xml",
        two_pupils_xml("UTF-8").as_bytes(),
    );
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 2);
    let rows = store.student_rows().expect("rows");
    let zoe = find(&rows, "CŒUR");
    assert_eq!(zoe.student.first_name, "Zoé");
    assert_eq!(zoe.student.ine.as_deref(), Some("1112223334K"));
    assert_eq!(zoe.section_code, "NDRC");
    assert_eq!(zoe.school_year, "2025-2026");
    assert_eq!(find(&rows, "LAMBERT").section_code, "MCO");
    assert_eq!(find(&rows, "LAMBERT").student.ine, None);
}

#[test]
fn xml_in_iso_8859_15_keeps_accents() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = two_pupils_xml("ISO-8859-15");
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(&xml);
    assert!(!unmappable);
    // Œ is 0xBC in ISO-8859-15 (it does not exist in ISO-8859-1).
    assert!(bytes.contains(&0xBC));
    let path = write(dir.path(), "ElevesSansAdresses.xml", &bytes);
    let mut store = store();
    import_siecle_file(&mut store, &path, None).expect("import");
    let rows = store.student_rows().expect("rows");
    assert_eq!(find(&rows, "CŒUR").student.first_name, "Zoé");
    assert_eq!(find(&rows, "LAMBERT").student.first_name, "Élodie");
}

#[test]
fn xml_inside_a_zip() {
    let dir = tempfile::tempdir().expect("dir");
    let text = two_pupils_xml("ISO-8859-15");
    let (xml, _, _) = encoding_rs::ISO_8859_15.encode(&text);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "ElevesSansAdresses.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .expect("zip entry");
    zip.write_all(&xml).expect("zip write");
    let bytes = zip.finish().expect("zip finish").into_inner();
    let path = write(dir.path(), "ElevesSansAdresses.zip", &bytes);
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 2);
    let rows = store.student_rows().expect("rows");
    assert_eq!(find(&rows, "CŒUR").student.first_name, "Zoé");
}

#[test]
fn pupils_who_left_are_skipped_and_listed() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = xml_export(
        "UTF-8",
        &(xml_pupil("1", "PRESENT", "Anna", "01/01/2006", "", "")
            + &xml_pupil(
                "2",
                "PARTI",
                "Bruno",
                "bad date is ignored",
                "",
                "03/10/2025",
            )),
        &(xml_structure("1", "BTS1NDRC") + &xml_structure("2", "BTS1NDRC")),
    );
    let path = write(dir.path(), "e.xml", xml.as_bytes());
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 1);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].contains("PARTI Bruno"),
        "{:?}",
        report.skipped
    );
    assert!(report.skipped[0].contains("03/10/2025"));
    let rows = store.student_rows().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].student.last_name, "PRESENT");
}

#[test]
fn importing_again_skips_those_already_present() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{FULL_HEADER}AVEC;Ine;01/01/2007;F;x;BTS1 NDRC;1234567890A;\r\n\
         SANS;Ine;02/02/2007;M;x;BTS1 NDRC;;\r\n"
    );
    let path = write(dir.path(), "liste.csv", text.as_bytes());
    let mut store = store();
    assert_eq!(
        import_siecle_file(&mut store, &path, None)
            .expect("first")
            .added,
        2
    );
    let before = store.student_rows().expect("rows");
    let report = import_siecle_file(&mut store, &path, None).expect("second");
    assert_eq!(report.added, 0);
    assert_eq!(report.skipped.len(), 2);
    assert!(report.skipped.iter().all(|s| s.contains("déjà présent")));
    assert_eq!(store.student_rows().expect("rows"), before);
}

#[test]
fn other_divisions_are_set_aside_unless_a_section_is_given() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{FULL_HEADER}UN;Élève;01/01/2007;F;x;TSTMG2;;\r\nDEUX;Élève;01/01/2007;F;x;BTS1 NDRC;;\r\n"
    );
    let path = write(dir.path(), "liste.csv", text.as_bytes());
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 1);
    assert!(
        report.skipped.iter().any(|s| s.contains("« TSTMG2 »")),
        "{:?}",
        report.skipped
    );
    let rows = store.student_rows().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].section_code, "NDRC");

    let mut store = self::store();
    let report = import_siecle_file(&mut store, &path, Some("mco")).expect("forced");
    assert_eq!(report.added, 2);
    let rows = store.student_rows().expect("rows");
    assert!(rows.iter().all(|r| r.section_code == "MCO"));
}

#[test]
fn unknown_section_lists_the_known_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{FULL_HEADER}UN;Élève;01/01/2007;F;x;BTS1 NDRC;;\r\n");
    let path = write(dir.path(), "liste.csv", text.as_bytes());
    let mut store = store();
    let found = problems(import_siecle_file(&mut store, &path, Some("SIO")));
    assert!(found[0].message.starts_with("option --section"));
    assert!(found[0].message.contains("« SIO » inconnue"));
    assert!(
        found[0].message.contains("MCO, NDRC"),
        "{}",
        found[0].message
    );
}

#[test]
fn one_bad_date_rejects_the_file_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("base.sqlite");
    let mut store = Store::open(&db_path).expect("open");
    add_sections(&mut store);
    let good = format!("{FULL_HEADER}DÉJÀ;Là;01/01/2007;F;x;BTS1 NDRC;;\r\n");
    let good_path = write(dir.path(), "good.csv", good.as_bytes());
    import_siecle_file(&mut store, &good_path, None).expect("first import");

    // Header is line 1; the bad date is on line 5, the INE on line 6 is garbage too.
    let text = format!(
        "{FULL_HEADER}\
         A;Un;01/01/2007;F;x;BTS1 NDRC;;\r\n\
         B;Deux;02/01/2007;F;x;BTS1 NDRC;;\r\n\
         C;Trois;03/01/2007;F;x;BTS1 NDRC;;\r\n\
         D;Quatre;32/13/2007;F;x;BTS1 NDRC;;\r\n\
         E;Cinq;05/01/2007;F;x;BTS1 NDRC;12AB;\r\n\
         F;Six;06/01/2007;F;x;BTS1 NDRC;;\r\n"
    );
    let bad_path = write(dir.path(), "bad.csv", text.as_bytes());
    // Closing checkpoints the WAL, so the main file holds everything.
    drop(store);
    let bytes_before = std::fs::read(&db_path).expect("db bytes");
    let mut store = Store::open(&db_path).expect("reopen");
    let rows_before = store.student_rows().expect("rows");

    let found = problems(import_siecle_file(&mut store, &bad_path, None));
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].file, bad_path);
    assert_eq!(found[0].line, Some(5));
    assert_eq!(found[0].field.as_deref(), Some("Né(e) le"));
    assert!(found[0].message.contains("32/13/2007"));
    let shown = found[0].to_string();
    assert!(shown.contains("ligne 5"), "{shown}");
    assert_eq!(found[1].line, Some(6));
    assert_eq!(found[1].field.as_deref(), Some("N° INE"));

    assert_eq!(store.student_rows().expect("rows"), rows_before);
    drop(store);
    let bytes_after = std::fs::read(&db_path).expect("db bytes");
    assert!(bytes_after == bytes_before, "the database file changed");
}

#[test]
fn malformed_rows_and_foreign_files_are_explained() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = store();

    let extra = format!("{FULL_HEADER}A;Un;01/01/2007;F;x;BTS1 NDRC;;;en trop\r\n");
    let path = write(dir.path(), "extra.csv", extra.as_bytes());
    let found = problems(import_siecle_file(&mut store, &path, None));
    assert_eq!(found[0].line, Some(2));
    assert!(
        found[0].message.contains("colonnes"),
        "{}",
        found[0].message
    );

    let path = write(
        dir.path(),
        "edt.xml",
        b"<?xml version=\"1.0\"?>\n<STS_EDT></STS_EDT>",
    );
    let found = problems(import_siecle_file(&mut store, &path, None));
    assert!(found[0].message.contains("BEE_ELEVES"));

    let path = write(
        dir.path(),
        "broken.xml",
        b"<BEE_ELEVES><DONNEES></BEE_ELEVES>",
    );
    let found = problems(import_siecle_file(&mut store, &path, None));
    assert!(
        found[0].message.contains("XML mal formé"),
        "{}",
        found[0].message
    );

    let path = write(
        dir.path(),
        "photo.csv",
        &[0x89, b'P', b'N', b'G', 0, 1, 2, 0xFF],
    );
    let found = problems(import_siecle_file(&mut store, &path, None));
    assert!(found[0].message.contains("fichier non reconnu"));

    let found = problems(import_siecle_file(
        &mut store,
        &dir.path().join("absent.csv"),
        None,
    ));
    assert!(found[0].message.contains("introuvable"));
    assert!(store.student_rows().expect("rows").is_empty());
}

#[test]
fn command_line_reports_problems_and_successes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("base.sqlite");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("PASSERELLE_USER", "test")
            .output()
            .expect("run passerelle")
    };
    assert!(run(&["init"]).status.success());
    let mut store = Store::open(&db).expect("open");
    add_sections(&mut store);
    drop(store);

    let bad = format!("{FULL_HEADER}A;Un;99/99/2007;F;x;BTS1 NDRC;;\r\n");
    let bad_path = write(dir.path(), "bad.csv", bad.as_bytes());
    let out = run(&["import", "siecle", bad_path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Rien n'a été importé"), "{stderr}");
    assert!(stderr.contains("ligne 2, champ « Né(e) le »"), "{stderr}");

    let good = format!("{FULL_HEADER}A;Un;01/01/2007;F;x;BTS1 NDRC;;\r\n");
    let good_path = write(dir.path(), "good.csv", good.as_bytes());
    let out = run(&["import", "siecle", good_path.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 élève(s) ajouté(s)"), "{stdout}");
}

#[test]
fn a_new_section_is_created_with_the_students_or_not_at_all() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    let new = passerelle::io::NewSection {
        code: "SIO".into(),
        name: "BTS Services informatiques aux organisations".into(),
        sector: passerelle::model::Sector::Services,
    };
    // A bad file: nothing at all is written, not even the section.
    let bad = format!("{FULL_HEADER}UN;Élève;31/02/2007;F;x;BTS1 SIO;;\r\n");
    let bad_path = write(dir.path(), "bad.csv", bad.as_bytes());
    let options = passerelle::io::siecle::SiecleOptions {
        section: Some("sio".into()),
        create: Some(new),
        ..Default::default()
    };
    let found = problems(passerelle::io::siecle::import_siecle_with(
        &mut store, &bad_path, &options,
    ));
    assert!(!found.is_empty());
    assert!(store.sections().expect("sections").is_empty());

    let good = format!(
        "{FULL_HEADER}UN;Élève;01/02/2007;F;x;BTS1 SIO;;\r\nDEUX;Élève;01/03/2007;F;x;BTS1 SIO;;\r\n"
    );
    let path = write(dir.path(), "liste.csv", good.as_bytes());
    let report =
        passerelle::io::siecle::import_siecle_with(&mut store, &path, &options).expect("import");
    assert_eq!(report.added, 2);
    let sections = store.sections().expect("sections");
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].code, "SIO");
    assert_eq!(
        sections[0].name,
        "BTS Services informatiques aux organisations"
    );
    assert!(
        store
            .student_rows()
            .expect("rows")
            .iter()
            .all(|r| r.section_code == "SIO")
    );
}

#[test]
fn a_whole_school_export_is_narrowed_to_the_bts_divisions() {
    let dir = tempfile::tempdir().expect("dir");
    // The 2nde pupil has a bad date: outside the BTS divisions, it is not even checked.
    let text = format!(
        "{FULL_HEADER}SECONDE;Élève;99/99/2010;F;x;2NDE3;;\r\nUN;Élève;01/01/2007;F;x;BTS1 NDRC;;\r\n"
    );
    let path = write(dir.path(), "etablissement.csv", text.as_bytes());
    let mut store = store();
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 1);
    assert!(
        report.skipped.iter().any(|s| s.contains("« 2NDE3 »")),
        "{:?}",
        report.skipped
    );
    assert_eq!(store.student_rows().expect("rows")[0].section_code, "NDRC");
    // The division option keeps only the divisions asked for.
    let mut store = self::store();
    let options = passerelle::io::siecle::SiecleOptions {
        divisions: vec!["2nde".into()],
        ..Default::default()
    };
    let report =
        passerelle::io::siecle::import_siecle_with(&mut store, &path, &options).expect("import");
    assert_eq!(report.added, 0);
}

/// The whole database as text, to check a refused file changed nothing.
fn dump(store: &Store) -> String {
    passerelle::io::json::export_json_at(store, true, "2026-01-01T00:00:00Z").expect("dump")
}

/// Imports a file that must be refused, checks nothing was written, returns the problems.
fn refused(store: &mut Store, path: &Path, options: &SiecleOptions) -> Vec<Problem> {
    let before = dump(store);
    let found = problems(passerelle::io::siecle::import_siecle_with(
        store, path, options,
    ));
    assert_eq!(dump(store), before, "a refused file changed the database");
    found
}

use passerelle::io::siecle::SiecleOptions;

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

fn many_pupils_xml(count: usize) -> String {
    let pupils: String = (0..count)
        .map(|i| {
            xml_pupil(
                &i.to_string(),
                &format!("NOM{i}"),
                "Léa",
                "01/01/2007",
                "",
                "",
            )
        })
        .collect();
    let structures: String = (0..count)
        .map(|i| xml_structure(&i.to_string(), "BTS1NDRC"))
        .collect();
    xml_export("UTF-8", &pupils, &structures)
}

#[test]
fn a_truncated_xml_is_refused_naming_the_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = many_pupils_xml(10);
    // Cut in the middle of the sixth pupil: the five before it must not come in.
    let cut = &xml[..xml.find("NOM5").expect("pupil 5")];
    let path = write(dir.path(), "ElevesSansAdresses.xml", cut.as_bytes());
    let mut store = store();
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("XML incomplet"), "{}", found[0]);
    assert!(
        found[0].message.contains("« NOM_DE_FAMILLE »"),
        "{}",
        found[0]
    );
    assert_eq!(found[0].line, Some(cut.lines().count()), "{}", found[0]);
    assert!(store.student_rows().expect("rows").is_empty());
}

#[test]
fn an_xml_whose_root_is_never_closed_or_that_goes_on_after_it_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = two_pupils_xml("UTF-8");
    let unclosed = xml.replace("</BEE_ELEVES>\n", "");
    let path = write(dir.path(), "unclosed.xml", unclosed.as_bytes());
    let mut store = store();
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("« BEE_ELEVES »"), "{}", found[0]);
    assert!(found[0].message.contains("ouvert ligne 2"), "{}", found[0]);

    let doubled = format!(
        "{xml}{}",
        xml.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
    );
    let path = write(dir.path(), "doubled.xml", doubled.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("après la fin"), "{}", found[0]);
    assert_eq!(found[0].line, Some(xml.lines().count() + 1), "{}", found[0]);

    let trailing = format!("{xml}texte en trop\n");
    let path = write(dir.path(), "trailing.xml", trailing.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("en dehors"), "{}", found[0]);

    let entity = xml.replace("LAMBERT", "LAMB&eacute;RT");
    let path = write(dir.path(), "entity.xml", entity.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("&eacute;"), "{}", found[0]);
    assert_eq!(found[0].line, Some(line_of(&entity, "LAMB")));
}

#[test]
fn an_xml_declaring_utf8_but_holding_latin1_is_refused_never_stored_with_u_fffd() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = xml_export(
        "UTF-8",
        &(xml_pupil("1", "MARTIN", "Anna", "01/01/2006", "", "")
            + &xml_pupil("2", "LEFÈVRE", "Hélène", "01/01/2006", "", "")),
        &(xml_structure("1", "BTS1NDRC") + &xml_structure("2", "BTS1NDRC")),
    );
    let path = write(dir.path(), "ElevesSansAdresses.xml", &latin1(&xml));
    let mut store = store();
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(
        found[0].line,
        Some(line_of(&xml, "LEFÈVRE")),
        "{}",
        found[0]
    );
    assert!(found[0].message.contains("UTF-8"), "{}", found[0]);

    // A BOM says UTF-8 just as clearly.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(latin1(&xml.replace(" encoding=\"UTF-8\"", "")));
    let path = write(dir.path(), "bom.xml", &bytes);
    assert!(!refused(&mut store, &path, &SiecleOptions::default()).is_empty());

    // Characters already lost by an earlier conversion are refused too.
    let lost = xml.replace("LEFÈVRE", "LEF\u{FFFD}VRE");
    let path = write(dir.path(), "lost.xml", lost.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(found[0].line, Some(line_of(&lost, "LEF")), "{}", found[0]);
    let csv = format!("{FULL_HEADER}LEF\u{FFFD}VRE;Hélène;01/01/2007;F;x;BTS1 NDRC;;\r\n");
    let path = write(dir.path(), "lost.csv", csv.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(found[0].line, Some(2), "{}", found[0]);
}

#[test]
fn a_file_with_a_header_and_no_pupil_is_refused_with_exit_code_1() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = store();
    let csv = write(dir.path(), "vide.csv", FULL_HEADER.as_bytes());
    let found = refused(&mut store, &csv, &SiecleOptions::default());
    assert!(found[0].message.contains("aucun élève"), "{}", found[0]);
    let xml = write(
        dir.path(),
        "vide.xml",
        xml_export("UTF-8", "", "").as_bytes(),
    );
    let found = refused(&mut store, &xml, &SiecleOptions::default());
    assert!(found[0].message.contains("aucun élève"), "{}", found[0]);
    // A division filter that keeps nobody says which divisions the file has.
    let school = write(dir.path(), "lycee.xml", many_pupils_xml(3).as_bytes());
    let options = SiecleOptions {
        divisions: vec!["MCO".into()],
        ..Default::default()
    };
    let found = refused(&mut store, &school, &options);
    assert!(
        found[0].message.contains("« BTS1NDRC » : 3 élève(s)"),
        "{}",
        found[0]
    );

    let db = dir.path().join("base.sqlite3");
    drop(Store::open(&db).expect("create"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(&db)
        .args(["import", "siecle"])
        .arg(&xml)
        .env("PASSERELLE_USER", "test")
        .output()
        .expect("run passerelle");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("aucun élève"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("importé"));
}

#[test]
fn a_whole_school_xml_is_read_in_linear_time_with_exact_lines() {
    let dir = tempfile::tempdir().expect("dir");
    // 4,000 pupils, one of them with a bad date near the end: its line must be exact.
    let mut xml = many_pupils_xml(4_000);
    xml = xml.replacen(
        "<NOM_DE_FAMILLE>NOM3990</NOM_DE_FAMILLE>\n<NOM_USAGE></NOM_USAGE>\n<PRENOM>Léa</PRENOM>\n\
         <CODE_SEXE>2</CODE_SEXE>\n<DATE_NAISS>01/01/2007",
        "<NOM_DE_FAMILLE>NOM3990</NOM_DE_FAMILLE>\n<NOM_USAGE></NOM_USAGE>\n<PRENOM>Léa</PRENOM>\n\
         <CODE_SEXE>2</CODE_SEXE>\n<DATE_NAISS>31/02/2007",
        1,
    );
    let bad_line = line_of(&xml, "<DATE_NAISS>31/02/2007");
    let path = write(dir.path(), "ElevesSansAdresses.xml", xml.as_bytes());
    let mut store = store();
    let started = std::time::Instant::now();
    let found = refused(&mut store, &path, &SiecleOptions::default());
    // Recounting lines from the start for every element took minutes here.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, Some(bad_line));
    assert_eq!(found[0].field.as_deref(), Some("DATE_NAISS"));
}

#[test]
fn archives_files_and_fields_over_their_limit_are_refused_naming_it() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = store();
    // A small zip that unpacks to more than 64 Mio.
    let xml = two_pupils_xml("UTF-8").replace(
        "<DONNEES>",
        &format!("<!--{}--><DONNEES>", " ".repeat(65 * 1024 * 1024)),
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "ElevesSansAdresses.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .expect("zip entry");
    zip.write_all(xml.as_bytes()).expect("zip write");
    drop(xml);
    let bytes = zip.finish().expect("zip finish").into_inner();
    assert!(bytes.len() < 1024 * 1024);
    let path = write(dir.path(), "bombe.zip", &bytes);
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("64 Mio"), "{}", found[0]);

    // Any input file over the limit (sparse: nothing is really written).
    let path = write(
        dir.path(),
        "gros.csv",
        format!("{FULL_HEADER}A;Un;01/01/2007;F;x;BTS1 NDRC;;\r\n").as_bytes(),
    );
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open")
        .set_len(65 * 1024 * 1024)
        .expect("grow");
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("64 Mio"), "{}", found[0]);

    // One field: a last name of 2,000 characters, in a CSV and in an XML.
    let long = "A".repeat(2_000);
    let csv = format!("{FULL_HEADER}{long};Un;01/01/2007;F;x;BTS1 NDRC;;\r\n");
    let path = write(dir.path(), "long.csv", csv.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(found[0].line, Some(2));
    assert_eq!(found[0].field.as_deref(), Some("colonne 1"));
    assert!(found[0].message.contains("1000 caractères"), "{}", found[0]);
    let xml = two_pupils_xml("UTF-8").replace("LAMBERT", &long);
    let path = write(dir.path(), "long.xml", xml.as_bytes());
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert_eq!(found[0].line, Some(line_of(&xml, &long)));
    assert_eq!(found[0].field.as_deref(), Some("NOM_DE_FAMILLE"));
}

#[test]
fn an_xml_cut_inside_a_tag_says_it_is_incomplete() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = many_pupils_xml(10);
    let cut = &xml[..xml.find("NOM_DE_FAMILLE>NOM5").expect("pupil 5") + 4];
    let path = write(dir.path(), "coupe.xml", cut.as_bytes());
    let mut store = store();
    let found = refused(&mut store, &path, &SiecleOptions::default());
    assert!(found[0].message.contains("XML incomplet"), "{}", found[0]);
    assert_eq!(found[0].line, Some(cut.lines().count()), "{}", found[0]);
}

// ---------------------------------------------------------------------------
// Whole-school exports: recognised BTS divisions, preview, re-import.

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/siecle")
        .join(name)
}

/// Runs the binary on a database file.
fn passerelle(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "test")
        .env("NO_COLOR", "1")
        .output()
        .expect("run passerelle")
}

/// Checks that `text` contains each of `parts`.
fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "« {part} » missing from:\n{text}");
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Checks that each count of the preview is followed by exactly that many lines.
fn assert_counts_match_lists(preview: &str) {
    let lines: Vec<&str> = preview.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let (indent, item) = if line.starts_with("  ") && !line.starts_with("   ") {
            ("  ", "    ")
        } else if !line.starts_with(' ') && line.contains(" division(s) ") {
            ("", "  ")
        } else {
            continue;
        };
        let Some(n) = line[indent.len()..]
            .split(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if !line.ends_with(':') {
            continue;
        }
        let listed = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with(item))
            .filter(|l| !l.starts_with(&format!("{item}  ")))
            .count();
        assert_eq!(listed, n, "« {line} » lists {listed} line(s):\n{preview}");
        checked += 1;
    }
    assert!(checked > 0, "no count found in:\n{preview}");
    // The totals add up the lists.
    let adds = preview.lines().filter(|l| l.starts_with("    + ")).count();
    let exits = preview.lines().filter(|l| l.starts_with("    - ")).count();
    assert!(
        preview.contains(&format!("En tout : {adds} à ajouter"))
            && preview.contains(&format!("{exits} sortie(s) à enregistrer,")),
        "{preview}"
    );
}

#[test]
fn a_whole_school_csv_creates_the_bts_sections_on_a_fresh_database_with_no_option() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let file = fixture("lycee_septembre.csv");
    let out = passerelle(&db, &["import", "siecle", file.to_str().expect("path")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_counts_match_lists(&stdout);
    assert_contains(
        &stdout,
        &[
            "« 1NDRC » → section NDRC à créer",
            "« TS1 CIEL » → section CIEL à créer",
            "« 2NDRC » : 2 élève(s), 2e année de BTS",
            "« 2NDE1 » : 2 élève(s)",
            "« BTS1 XYZ » : 1 élève(s), spécialité inconnue",
            "--division NOM --section CODE --sector",
            "x GINESTE Paul : sorti(e) le 05/09/2026",
            "5 élève(s) ajouté(s), 0 sortie(s), 2 section(s) créée(s)",
        ],
    );
    for line in stdout.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= 80, "{width}: {line}");
    }

    let store = Store::open(&db).expect("open");
    let sections = store.sections().expect("sections");
    let sector = |code: &str| {
        sections
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.sector)
            .unwrap_or_else(|| panic!("no section {code}"))
    };
    assert_eq!(sections.len(), 2);
    assert_eq!(sector("NDRC"), Sector::Services);
    assert_eq!(sector("CIEL"), Sector::Production);
    let rows = store.student_rows().expect("rows");
    let names: Vec<&str> = rows.iter().map(|r| r.student.last_name.as_str()).collect();
    assert_eq!(names, ["DELMAS", "ESCANDE", "FAURE", "JOUVE", "KERBRAT"]);
    assert_eq!(find(&rows, "JOUVE").section_code, "CIEL");
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let before = std::fs::read(&db).expect("read db");
    // The export's time stamp may change second between the two exports.
    let export = |db: &Path| {
        text(&passerelle(db, &["export", "json"]).stdout)
            .lines()
            .filter(|l| !l.contains("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let json_before = export(&db);
    let file = fixture("lycee_septembre.csv");
    let out = passerelle(
        &db,
        &[
            "import",
            "siecle",
            "--dry-run",
            file.to_str().expect("path"),
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("5 à ajouter"), "{stdout}");
    assert!(stdout.contains("rien n'a été écrit"), "{stdout}");
    assert_counts_match_lists(&stdout);
    assert_eq!(std::fs::read(&db).expect("read db"), before, "file changed");
    assert_eq!(export(&db), json_before);
}

#[test]
fn importing_later_in_the_year_adds_newcomers_records_leavers_and_keeps_edits() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("b.sqlite3")).expect("open");
    store.init().expect("init");
    let options = SiecleOptions::default();
    let september = fixture("lycee_septembre.csv");
    passerelle::io::siecle::import_siecle_with(&mut store, &september, &options)
        .expect("september");
    // The team corrects a name and records a verdict in the app.
    let rows = store.student_rows().expect("rows");
    let delmas = find(&rows, "DELMAS").student.clone();
    store
        .write("edit", |w| {
            w.update_student(
                delmas.id,
                delmas.meta.version,
                &[
                    StudentField::FirstName("Léonard".into()),
                    StudentField::Verdict(Some(Verdict::Repere)),
                ],
            )?;
            Ok(())
        })
        .expect("edit");
    let before: Vec<StudentRow> = store.student_rows().expect("rows");

    let january = fixture("lycee_janvier.csv");
    let plan = passerelle::io::siecle::plan(&store, &january, &options).expect("plan");
    let preview = plan
        .preview_lines(passerelle::io::siecle::Advice::Words)
        .join("\n");
    assert_counts_match_lists(&preview);
    assert!(
        !preview.contains("--"),
        "no option in the TUI preview:\n{preview}"
    );
    assert!(preview.contains("« Forcer la section »"), "{preview}");
    let counts = plan.counts();
    assert_eq!(
        (counts.to_add, counts.exits, counts.sections_to_create),
        (1, 1, 0)
    );
    let applied = passerelle::io::siecle::apply(&mut store, &plan).expect("apply");
    assert_eq!((applied.added, applied.exits), (1, 1));

    let after = store.student_rows().expect("rows");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(find(&after, "MARTY").section_code, "NDRC");
    let kerbrat = &find(&after, "KERBRAT").student;
    assert_eq!(
        kerbrat.exit_date,
        chrono::NaiveDate::from_ymd_opt(2027, 1, 15)
    );
    assert_eq!(kerbrat.exit_cause, Some(ExitCause::Inconnue));
    assert_eq!(find(&after, "DELMAS").student.first_name, "Léonard");
    // Nobody else changed, not even their version.
    for row in &before {
        if row.student.last_name != "KERBRAT" {
            assert_eq!(find(&after, &row.student.last_name), row);
        }
    }
    // A third import of the same file changes nothing.
    let again = passerelle::io::siecle::plan(&store, &january, &options).expect("plan");
    assert!(!again.writes_anything(), "{:?}", again.counts());
}

#[test]
fn the_xml_mef_nomenclature_recognises_divisions_whose_name_says_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = std::fs::read(fixture("ElevesSansAdresses.xml")).expect("fixture");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "ElevesSansAdresses.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip entry");
    zip.write_all(&xml).expect("zip write");
    let zipped = write(
        dir.path(),
        "export.zip",
        &zip.finish().expect("zip").into_inner(),
    );
    for path in [fixture("ElevesSansAdresses.xml"), zipped] {
        let mut store = store();
        let plan =
            passerelle::io::siecle::plan(&store, &path, &SiecleOptions::default()).expect("plan");
        assert_eq!(plan.school_year, "2026-2027");
        let preview = plan
            .preview_lines(passerelle::io::siecle::Advice::CommandLine)
            .join("\n");
        assert_counts_match_lists(&preview);
        assert_contains(
            &preview,
            &[
                "Lycée Test (0310000A)",
                "« STS-A » → section NDRC (existante",
                "« C12 » → section CIEL à créer",
                "« STS-B » : 1 élève(s), 2e année",
                "« 2NDE4 » : 1 élève(s)",
            ],
        );
        passerelle::io::siecle::apply(&mut store, &plan).expect("apply");
        let rows = store.student_rows().expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(find(&rows, "ROUQUETTE").section_code, "CIEL");
        assert_eq!(find(&rows, "OLLIER").student.schooling, Schooling::Apprenti);
    }
}

#[test]
fn an_unknown_bts_division_is_imported_with_the_overrides() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let file = fixture("lycee_septembre.csv");
    let out = passerelle(
        &db,
        &[
            "import",
            "siecle",
            file.to_str().expect("path"),
            "--division",
            "BTS1 XYZ",
            "--section",
            "XYZ",
            "--sector",
            "production",
            "--name",
            "BTS Spécialité locale",
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("« BTS1 XYZ » → section XYZ à créer : BTS Spécialité locale, production")
    );
    assert!(
        stdout.contains("« 1NDRC » : 4 élève(s), non demandée"),
        "{stdout}"
    );
    assert_counts_match_lists(&stdout);
    let store = Store::open(&db).expect("open");
    let rows = store.student_rows().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].section_code, "XYZ");
    assert_eq!(
        store.sections().expect("sections")[0].sector,
        Sector::Production
    );
}

/// A second establishment, « Lycée Bis », with its own NDRC section.
fn add_second_establishment(store: &mut Store) {
    store
        .write("second", |w| {
            let e = w.ensure_establishment("0310001B", "Lycée Bis", "Toulouse")?;
            w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            Ok(())
        })
        .expect("second establishment");
}

#[test]
fn with_several_establishments_the_file_or_the_option_says_which() {
    let mut store = store();
    add_second_establishment(&mut store);
    let csv = fixture("lycee_septembre.csv");
    let found = refused(&mut store, &csv, &SiecleOptions::default());
    assert!(
        found[0]
            .message
            .contains("Lycée Test (0310000A), Lycée Bis (0310001B)")
            && found[0].message.contains("--establishment"),
        "{}",
        found[0].message
    );
    let options = SiecleOptions {
        establishment: Some("0310001b".into()),
        ..Default::default()
    };
    let plan = passerelle::io::siecle::plan(&store, &csv, &options).expect("plan");
    passerelle::io::siecle::apply(&mut store, &plan).expect("apply");
    let sections = store.sections().expect("sections");
    let bis = store.establishments().expect("establishments")[1].id;
    let ndrc_bis = sections
        .iter()
        .find(|s| s.code == "NDRC" && s.establishment_id == bis)
        .expect("NDRC of Lycée Bis");
    let rows = store.student_rows().expect("rows");
    assert!(
        rows.iter()
            .filter(|r| r.section_code == "NDRC")
            .all(|r| r.section_id == ndrc_bis.id)
    );
    // The XML names its establishment (UAJ): no option needed.
    let mut store = self::store();
    store
        .write("second", |w| {
            w.ensure_establishment("0310001B", "Lycée Bis", "Toulouse")?;
            Ok(())
        })
        .expect("second establishment");
    let xml = fixture("ElevesSansAdresses.xml");
    let plan = passerelle::io::siecle::plan(&store, &xml, &SiecleOptions::default()).expect("plan");
    assert!(matches!(
        plan.establishment,
        passerelle::io::siecle::EstablishmentChoice::Existing { ref uai, .. } if uai == "0310000A"
    ));
}

#[test]
fn a_section_code_shared_by_two_establishments_needs_the_establishment() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let mut store = Store::open(&db).expect("open");
    add_sections(&mut store);
    add_second_establishment(&mut store);
    drop(store);
    // Passerelle's CSV: « NDRC » alone is ambiguous, « NDRC 0310001B » is not.
    let ambiguous = write(dir.path(), "a.csv", b"nom;prenom;section\nUN;Un;NDRC\n");
    let out = passerelle(&db, &["import", "csv", ambiguous.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Lycée Test (0310000A), Lycée Bis (0310001B)")
            && stderr.contains("« NDRC 0310000A »"),
        "{stderr}"
    );
    let precise = write(
        dir.path(),
        "b.csv",
        b"nom;prenom;section\nUN;Un;NDRC 0310001B\n",
    );
    let out = passerelle(&db, &["import", "csv", precise.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // list --section: refused with the establishments named, then chosen.
    let out = passerelle(&db, &["list", "--section", "ndrc"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("Lycée Bis (0310001B)") && stderr.contains("--establishment"));
    let out = passerelle(
        &db,
        &["list", "--section", "ndrc", "--establishment", "0310001B"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("UN"), "{}", text(&out.stdout));
    let out = passerelle(
        &db,
        &["list", "--section", "ndrc", "--establishment", "0310000A"],
    );
    assert!(!text(&out.stdout).contains("UN"), "{}", text(&out.stdout));
}

#[test]
fn on_an_empty_database_the_establishment_takes_the_uai_of_the_xml() {
    let dir = tempfile::tempdir().expect("dir");
    let xml = std::fs::read_to_string(fixture("ElevesSansAdresses.xml"))
        .expect("fixture")
        .replace("<UAJ>0310000A</UAJ>", "<UAJ>0310000G</UAJ>");
    let path = write(dir.path(), "e.xml", xml.as_bytes());
    let mut store = Store::open_in_memory().expect("open");
    let plan =
        passerelle::io::siecle::plan(&store, &path, &SiecleOptions::default()).expect("plan");
    let preview = plan
        .preview_lines(passerelle::io::siecle::Advice::Words)
        .join("\n");
    assert_contains(&preview, &["« Mon établissement » (0310000G), créé"]);
    passerelle::io::siecle::apply(&mut store, &plan).expect("apply");
    let establishments = store.establishments().expect("establishments");
    assert_eq!(establishments.len(), 1);
    assert_eq!(establishments[0].uai, "0310000G");
    assert_eq!(store.sections().expect("sections").len(), 2);
}

/// A CSV of `n` pupils of BTS1 NDRC, each with an INE.
fn many_pupils_csv(n: usize) -> String {
    let mut text = FULL_HEADER.to_string();
    for i in 0..n {
        text.push_str(&format!(
            "NOM-{i};Zoé;01/02/2007;F;x;BTS1 NDRC;{:09}AB;\r\n",
            500_000_000 + i
        ));
    }
    text
}

/// A large import is one journaled batch of kind « import », one insert per pupil,
/// which undo does not offer (as before the writes were batched).
#[test]
fn a_large_import_is_journaled_row_by_row_and_not_undone() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "liste.csv", many_pupils_csv(450).as_bytes());
    let db = dir.path().join("base.sqlite");
    let mut store = Store::open(&db).expect("open");
    add_sections(&mut store);
    let report = import_siecle_file(&mut store, &path, None).expect("import");
    assert_eq!(report.added, 450);
    let conn = rusqlite::Connection::open(&db).expect("second connection");
    let (kind, inserts, distinct): (String, i64, i64) = conn
        .query_row(
            "SELECT b.kind, COUNT(*), COUNT(DISTINCT j.entity_id) FROM journal j \
             JOIN batch b ON b.id = j.batch_id WHERE b.label LIKE 'Import SIECLE%' \
             AND j.entity = 'student' AND j.op = 'insert' AND j.student_id = j.entity_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("journal");
    assert_eq!((kind.as_str(), inserts, distinct), ("import", 450, 450));
    // Undo skips the import and offers the edit before it.
    assert_eq!(
        store.undo_label().expect("undo label").as_deref(),
        Some("sections")
    );
}

/// A pupil added by a colleague between the preview and the confirmation (same INE,
/// in the last statement of the batched write, after four that succeeded): the whole
/// import is refused, in
/// French, and the file is left byte for byte as it was.
#[test]
fn a_write_refused_midway_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("base.sqlite");
    let mut store = Store::open(&db_path).expect("open");
    add_sections(&mut store);
    let path = write(dir.path(), "liste.csv", many_pupils_csv(450).as_bytes());
    let plan =
        passerelle::io::siecle::plan(&store, &path, &SiecleOptions::default()).expect("plan");
    let mut colleague = Store::open(&db_path).expect("colleague");
    colleague
        .write("ajout", |w| {
            let section = colleague_section(w)?;
            let cohort = w.ensure_cohort(section, &plan.school_year)?;
            w.add_student(
                cohort,
                &passerelle::store::NewStudent {
                    last_name: "AUTRE".into(),
                    first_name: "Élève".into(),
                    ine: Some(format!("{:09}AB", 500_000_000 + 420)),
                    ..Default::default()
                },
            )
        })
        .expect("colleague adds");
    drop(colleague);
    drop(store);
    let bytes_before = std::fs::read(&db_path).expect("db bytes");
    let mut store = Store::open(&db_path).expect("reopen");
    let error = passerelle::io::siecle::apply(&mut store, &plan).expect_err("refused");
    assert!(error.to_string().contains("ine"), "{error}");
    assert_eq!(store.student_rows().expect("rows").len(), 1);
    drop(store);
    assert!(std::fs::read(&db_path).expect("db bytes") == bytes_before);
}

fn colleague_section(
    w: &mut passerelle::store::Writer,
) -> Result<i64, passerelle::store::StoreError> {
    let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
    w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)
}
