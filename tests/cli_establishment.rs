//! `passerelle establishment [set …]`: validated fields, nothing written on bad input.

mod common;

use common::{passerelle_cli as passerelle, text};

#[test]
fn establishment_is_set_validated_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());

    let out = passerelle(
        &db,
        &[
            "establishment",
            "set",
            "--name",
            "Lycée Louis-le-Grand",
            "--uai",
            "0750654d",
            "--academie",
            "paris",
            "--city",
            "Paris",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&passerelle(&db, &["establishment"]).stdout);
    assert!(shown.contains("Lycée Louis-le-Grand"), "{shown}");
    assert!(shown.contains("UAI : 0750654D"), "{shown}");
    assert!(shown.contains("Académie : Paris"), "{shown}");
    assert!(shown.contains("Ville : Paris"), "{shown}");

    // A wrong check letter and an unknown académie: both named, exit 1, nothing written.
    let out = passerelle(
        &db,
        &[
            "establishment",
            "set",
            "--uai",
            "0310000A",
            "--academie",
            "Caen",
            "--city",
            "Toulouse",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    assert!(
        errors.contains("--uai") && errors.contains("devrait être G"),
        "{errors}"
    );
    assert!(
        errors.contains("--academie") && errors.contains("Caen"),
        "{errors}"
    );
    assert!(errors.contains("Rien n'a été modifié"), "{errors}");
    assert_eq!(text(&passerelle(&db, &["establishment"]).stdout), shown);

    // Accents ignored: « orleans tours » is Orléans-Tours.
    let out = passerelle(
        &db,
        &["establishment", "set", "--academie", "orleans tours"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Académie : Orléans-Tours"));
}
