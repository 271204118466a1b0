//! Passerelle's own CSV import.

use std::path::{Path, PathBuf};

use passerelle::io::csv_import::import_csv_file;
use passerelle::io::{ImportError, Problem};
use passerelle::model::*;
use passerelle::store::Store;

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store
        .write("sections", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            w.ensure_section(e, "CRSA", "BTS CRSA", Sector::Production)?;
            Ok(())
        })
        .expect("sections");
    store
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path
}

fn problems(result: Result<passerelle::io::ImportReport, ImportError>) -> Vec<Problem> {
    match result {
        Err(ImportError::Problems(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

const HEADER: &str = "nom;prenom;section;annee;ine;date_naissance;specialite_bac_pro;\
                      lycee_origine;statut;rang_parcoursup;parcours_differencie\n";

#[test]
fn good_file_fills_every_column() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{HEADER}\
         Durand;Éva;NDRC;2026-2027;=\"1234567890A\";14/03/2007;Commerce;Lycée Jean Jaurès;apprenti;12;Poursuite d'études\n\
         Petit;Hugo;crsa;2026;;;;;;;\n"
    );
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let path = write(dir.path(), "eleves.csv", &latin);
    let mut store = store();
    let report = import_csv_file(&mut store, &path).expect("import");
    assert_eq!(report.added, 2);
    let rows = store.student_rows().expect("rows");
    let eva = &rows
        .iter()
        .find(|r| r.student.last_name == "Durand")
        .expect("Durand");
    assert_eq!(eva.student.first_name, "Éva");
    assert_eq!(eva.section_code, "NDRC");
    assert_eq!(eva.school_year, "2026-2027");
    assert_eq!(eva.student.ine.as_deref(), Some("1234567890A"));
    assert_eq!(
        eva.student.birth_date,
        chrono::NaiveDate::from_ymd_opt(2007, 3, 14)
    );
    assert_eq!(eva.student.bac_pro_specialty.as_deref(), Some("Commerce"));
    assert_eq!(
        eva.student.origin_lycee.as_deref(),
        Some("Lycée Jean Jaurès")
    );
    assert_eq!(eva.student.schooling, Schooling::Apprenti);
    assert_eq!(eva.student.parcoursup_rank, Some(12));
    assert_eq!(
        eva.student.parcours_differencie,
        Some(ParcoursDifferencie::PoursuiteEtudes)
    );
    assert!(eva.student.bac_pro);
    let hugo = &rows
        .iter()
        .find(|r| r.student.last_name == "Petit")
        .expect("Petit");
    assert_eq!(hugo.section_code, "CRSA");
    assert_eq!(hugo.student.schooling, Schooling::Scolaire);

    let again = import_csv_file(&mut store, &path).expect("again");
    assert_eq!(again.added, 0);
    assert_eq!(again.skipped.len(), 2);
}

#[test]
fn comma_separator_and_bom() {
    let dir = tempfile::tempdir().expect("dir");
    let text =
        "\u{FEFF}Nom,Prénom,Section,Date de naissance\nLeroy,\"Anne, Marie\",NDRC,2007-01-31\n";
    let path = write(dir.path(), "virgules.csv", text.as_bytes());
    let mut store = store();
    assert_eq!(import_csv_file(&mut store, &path).expect("import").added, 1);
    let rows = store.student_rows().expect("rows");
    assert_eq!(rows[0].student.first_name, "Anne, Marie");
    assert_eq!(
        rows[0].student.birth_date,
        chrono::NaiveDate::from_ymd_opt(2007, 1, 31)
    );
}

#[test]
fn unknown_section_is_a_problem_naming_the_line() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{HEADER}Durand;Éva;NDRC;;;;;;;;\nMoreau;Lina;SIO;;;;;;;;\n");
    let path = write(dir.path(), "eleves.csv", text.as_bytes());
    let mut store = store();
    let found = problems(import_csv_file(&mut store, &path));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(3));
    assert_eq!(found[0].field.as_deref(), Some("section"));
    assert!(found[0].message.contains("« SIO » inconnue"));
    assert!(
        found[0].message.contains("CRSA, NDRC"),
        "{}",
        found[0].message
    );
    assert!(store.student_rows().expect("rows").is_empty());
}

#[test]
fn bad_statut_and_other_values_are_all_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "{HEADER}Durand;Éva;NDRC;;;;;;stagiaire;0;peut-être\n;Sans nom;NDRC;;;;;;;;\nA;B;NDRC;;;;;;;;;en trop\n"
    );
    let path = write(dir.path(), "eleves.csv", text.as_bytes());
    let mut store = store();
    let found = problems(import_csv_file(&mut store, &path));
    let on = |line: usize, field: &str| {
        found
            .iter()
            .find(|p| p.line == Some(line) && p.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("no problem at line {line}, {field}: {found:?}"))
    };
    assert!(on(2, "statut").message.contains("scolaire ou apprenti"));
    assert!(on(2, "rang_parcoursup").message.contains("nombre entier"));
    assert!(
        on(2, "parcours_differencie")
            .message
            .contains("poursuite_etudes")
    );
    assert!(on(3, "nom").message.contains("nom vide"));
    assert!(
        found
            .iter()
            .any(|p| p.line == Some(4) && p.message.contains("colonnes"))
    );
    assert!(store.student_rows().expect("rows").is_empty());
}

#[test]
fn missing_or_unknown_columns_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "eleves.csv", b"nom;prenon;section\nA;B;NDRC\n");
    let mut store = store();
    let found = problems(import_csv_file(&mut store, &path));
    assert!(found.iter().any(|p| p.field.as_deref() == Some("prenon")
        && p.message.contains("colonne inconnue")));
    assert!(
        found
            .iter()
            .any(|p| p.field.as_deref() == Some("prenom") && p.message.contains("obligatoire"))
    );
}

#[test]
fn header_only_long_values_and_lost_characters_are_refused_writing_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = store();
    let dump = |s: &Store| {
        passerelle::io::json::export_json_at(s, true, "2026-01-01T00:00:00Z").expect("dump")
    };
    let before = dump(&store);
    let path = write(dir.path(), "vide.csv", HEADER.as_bytes());
    let found = problems(import_csv_file(&mut store, &path));
    assert!(found[0].message.contains("aucun élève"), "{}", found[0]);

    let long = format!("{HEADER}{};Léa;NDRC;;;;;;;;\n", "X".repeat(5_000));
    let path = write(dir.path(), "long.csv", long.as_bytes());
    let found = problems(import_csv_file(&mut store, &path));
    assert_eq!(found[0].line, Some(2));
    assert_eq!(found[0].field.as_deref(), Some("colonne 1"));
    assert!(found[0].message.contains("1000 caractères"), "{}", found[0]);

    let lost = format!("{HEADER}LEF\u{FFFD}VRE;Léa;NDRC;;;;;;;;\n");
    let path = write(dir.path(), "perdu.csv", lost.as_bytes());
    let found = problems(import_csv_file(&mut store, &path));
    assert_eq!(found[0].line, Some(2));
    assert!(found[0].message.contains("remplacement"), "{}", found[0]);
    assert_eq!(dump(&store), before);
}
