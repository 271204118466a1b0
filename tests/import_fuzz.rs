//! Importers fed with damaged files (bounded proptest runs, a few seconds in all): no panic,
//! no hang, and a refused file leaves the database exactly as it was.

use std::io::Write;
use std::path::Path;

use passerelle::io::json::{export_json_at, import_json_file};
use passerelle::io::siecle::import_siecle_file;
use passerelle::io::{ImportError, ImportReport, csv_import::import_csv_file};
use passerelle::model::Sector;
use passerelle::store::Store;
use proptest::prelude::*;
use proptest::sample::Index;

const STAMP: &str = "2026-01-01T00:00:00Z";

/// Cases per importer and per kind of damage.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A store with the NDRC and MCO sections and the catalogue.
fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    store
        .write("sections", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            w.ensure_section(e, "MCO", "BTS MCO", Sector::Services)?;
            Ok(())
        })
        .expect("sections");
    store
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Damage {
    Cut(Index),
    Flip(Index, u8),
    Insert(Index, Vec<u8>),
    Remove(Index, Index),
    Repeat(Index, Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<Index>().prop_map(Damage::Cut),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        (
            any::<Index>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                proptest::sample::select(vec![
                    b"<".to_vec(),
                    b"</ELEVE>".to_vec(),
                    b"&amp;".to_vec(),
                    b"\"".to_vec(),
                    b";".to_vec(),
                    b"\r\n".to_vec(),
                    b"\xC3".to_vec(),
                    b"\xEF\xBB\xBF".to_vec(),
                    b"]}".to_vec(),
                    b"null".to_vec(),
                ]),
            ]
        )
            .prop_map(|(i, bytes)| Damage::Insert(i, bytes)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Damage::Remove(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Damage::Repeat(a, b)),
    ]
}

fn damaged(original: &[u8], damages: &[Damage]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for d in damages {
        let at = |i: &Index, len: usize| i.index(len + 1);
        match d {
            Damage::Cut(i) => bytes.truncate(at(i, bytes.len())),
            Damage::Flip(i, b) if !bytes.is_empty() => {
                let i = i.index(bytes.len());
                bytes[i] ^= b | 1;
            }
            Damage::Flip(..) => {}
            Damage::Insert(i, more) => {
                let i = at(i, bytes.len());
                bytes.splice(i..i, more.iter().copied());
            }
            Damage::Remove(a, b) | Damage::Repeat(a, b) => {
                let (a, b) = (at(a, bytes.len()), at(b, bytes.len()));
                let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 512));
                if matches!(d, Damage::Remove(..)) {
                    bytes.drain(start..end);
                } else {
                    let copy = bytes[start..end].to_vec();
                    bytes.splice(end..end, copy);
                }
            }
        }
    }
    bytes
}

/// Runs an import of `bytes`; a refusal must leave the database as it was.
fn check_import(
    store: &mut Store,
    name: &str,
    bytes: &[u8],
    import: impl FnOnce(&mut Store, &Path) -> Result<ImportReport, ImportError>,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let before = export_json_at(store, true, STAMP).expect("before");
    match import(store, &path) {
        Ok(report) => {
            prop_assert!(report.added > 0 || !report.skipped.is_empty(), "{report:?}");
        }
        Err(ImportError::Problems(problems)) => {
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|p| !p.message.is_empty()));
            let after = export_json_at(store, true, STAMP).expect("after");
            prop_assert!(after == before, "a refused file changed the database");
        }
        Err(other) => prop_assert!(false, "database error: {other}"),
    }
    Ok(())
}

const SIECLE_CSV: &str = "Nom;Prénom;Né(e) le;Sexe;MEF;Division;N° INE;Date sortie\r\n\
    LEFÈVRE;Hélène;=\"03/02/2007\";F;x;BTS1 NDRC A;=\"1234567890A\";\r\n\
    \"N'DIAYE\";Aïssatou;14/09/2006;F;x;BTS1 MCO;;\r\n\
    PARTI;Bruno;01/01/2006;M;x;BTS1 MCO;;03/10/2025\r\n";

fn siecle_xml() -> String {
    let pupil = |id: u32, last: &str, first: &str, division: &str| {
        (
            format!(
                "<ELEVE ELEVE_ID=\"{id}\">\n<ID_NATIONAL></ID_NATIONAL>\n\
                 <NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE>\n<NOM_USAGE/>\n<PRENOM>{first}</PRENOM>\n\
                 <DATE_NAISS>12/05/2006</DATE_NAISS>\n<CODE_STATUT>ST</CODE_STATUT>\n\
                 <DATE_SORTIE></DATE_SORTIE>\n</ELEVE>\n"
            ),
            format!(
                "<STRUCTURES_ELEVE ELEVE_ID=\"{id}\"><STRUCTURE><CODE_STRUCTURE>{division}\
                 </CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>\
                 </STRUCTURES_ELEVE>\n"
            ),
        )
    };
    let (p1, s1) = pupil(1, "CŒUR &amp; FILS", "Zoé", "BTS1NDRC");
    let (p2, s2) = pupil(2, "LAMBERT", "Élodie", "BTS1MCO");
    format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<BEE_ELEVES VERSION=\"3.1\">\n\
         <PARAMETRES><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE></PARAMETRES>\n<DONNEES>\n\
         <ELEVES>\n{p1}{p2}</ELEVES>\n<STRUCTURES>\n{s1}{s2}</STRUCTURES>\n</DONNEES>\n\
         </BEE_ELEVES>\n"
    )
}

fn siecle_xml_bytes() -> Vec<u8> {
    encoding_rs::ISO_8859_15
        .encode(&siecle_xml())
        .0
        .into_owned()
}

fn zipped(bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "ElevesSansAdresses.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .expect("entry");
    zip.write_all(bytes).expect("write");
    zip.finish().expect("finish").into_inner()
}

const OUR_CSV: &str = "nom;prenom;section;annee;ine;date_naissance;bac_pro;statut;rang_parcoursup\n\
    Martin;Léa;NDRC;2026-2027;123456789AB;02/03/2007;oui;scolaire;12\n\
    N'Diaye;Tom;MCO;2026;;;non;apprenti;\n";

/// A small JSON export: the catalogue, two sections, two students and their history.
fn json_export() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("eleves.csv");
    std::fs::write(&path, OUR_CSV).expect("write");
    let mut store = store();
    import_csv_file(&mut store, &path).expect("seed import");
    export_json_at(&store, false, STAMP)
        .expect("export")
        .into_bytes()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn siecle_csv_damaged(damages in proptest::collection::vec(damage(), 1..4)) {
        let bytes = damaged(SIECLE_CSV.as_bytes(), &damages);
        check_import(&mut store(), "liste.csv", &bytes, |s, p| import_siecle_file(s, p, None))?;
    }

    #[test]
    fn siecle_xml_damaged(damages in proptest::collection::vec(damage(), 1..4)) {
        let bytes = damaged(&siecle_xml_bytes(), &damages);
        check_import(&mut store(), "ElevesSansAdresses.xml", &bytes, |s, p| {
            import_siecle_file(s, p, None)
        })?;
    }

    #[test]
    fn siecle_zip_damaged(damages in proptest::collection::vec(damage(), 1..3), inside in any::<bool>()) {
        // Damage either the XML inside the archive or the archive itself.
        let bytes = if inside {
            zipped(&damaged(&siecle_xml_bytes(), &damages))
        } else {
            damaged(&zipped(&siecle_xml_bytes()), &damages)
        };
        check_import(&mut store(), "ElevesSansAdresses.zip", &bytes, |s, p| {
            import_siecle_file(s, p, None)
        })?;
    }

    #[test]
    fn our_csv_damaged(damages in proptest::collection::vec(damage(), 1..4)) {
        let bytes = damaged(OUR_CSV.as_bytes(), &damages);
        check_import(&mut store(), "eleves.csv", &bytes, import_csv_file)?;
    }

    #[test]
    fn json_damaged(damages in proptest::collection::vec(damage(), 1..3)) {
        let bytes = damaged(&JSON.with(Clone::clone), &damages);
        let mut target = Store::open_in_memory().expect("open");
        check_import(&mut target, "export.json", &bytes, import_json_file)?;
    }

    #[test]
    fn any_bytes_anywhere(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        for name in ["x.csv", "x.xml", "x.zip"] {
            check_import(&mut store(), name, &bytes, |s, p| import_siecle_file(s, p, None))?;
        }
        check_import(&mut store(), "x.csv", &bytes, import_csv_file)?;
        check_import(&mut Store::open_in_memory().expect("open"), "x.json", &bytes, import_json_file)?;
    }
}

thread_local! {
    static JSON: Vec<u8> = json_export();
}

#[test]
fn the_seeds_are_accepted_as_they_are() {
    let dir = tempfile::tempdir().expect("dir");
    for (name, bytes) in [
        ("liste.csv", SIECLE_CSV.as_bytes().to_vec()),
        ("e.xml", siecle_xml_bytes()),
        ("e.zip", zipped(&siecle_xml_bytes())),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let report = import_siecle_file(&mut store(), &path, None).expect(name);
        assert_eq!(report.added, 2, "{name}");
    }
    let path = dir.path().join("eleves.csv");
    std::fs::write(&path, OUR_CSV).expect("write");
    assert_eq!(import_csv_file(&mut store(), &path).expect("csv").added, 2);
    let path = dir.path().join("export.json");
    std::fs::write(&path, JSON.with(Clone::clone)).expect("write");
    let mut target = Store::open_in_memory().expect("open");
    assert_eq!(import_json_file(&mut target, &path).expect("json").added, 2);
}
