//! The team CSV: import (all or nothing, never a duplicate, only the columns given),
//! export read back unchanged, and `passerelle team` on the command line.

mod common;

use common::{passerelle_cli as passerelle, text};

use std::path::{Path, PathBuf};

use passerelle::io::ImportError;
use passerelle::io::team_csv::{apply_team_plan, export_team_csv, plan_team_import};
use passerelle::model::{NewStaff, StaffRole};
use passerelle::store::Store;

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("prof");
    store
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn import(store: &mut Store, path: &Path) -> Result<(), ImportError> {
    let plan = plan_team_import(store, path)?;
    apply_team_plan(store, &plan, path)
}

fn problems(result: Result<impl std::fmt::Debug, ImportError>) -> Vec<String> {
    match result {
        Err(ImportError::Problems(p)) => p.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn a_good_file_adds_every_member_with_roles_as_labels_or_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "equipe.csv",
        "\u{feff}Nom;Prénom;Rôle;Discipline;Organisation;Courriel;Coordonnateur\n\
         Martin;Claire;Professeur de BTS;Mathématiques;;claire.martin@ac-toulouse.fr;oui\n\
         Durand;Marc;PLP;Lettres-histoire;;;\n\
         Petit;Inès;psy_en;;;;non\n\
         Benali;Sarah;partenaire;;Mission locale;;\n\
         \n"
        .as_bytes(),
    );
    let mut store = store();
    let plan = plan_team_import(&store, &path).expect("plan");
    assert_eq!(plan.added.len(), 4);
    import(&mut store, &path).expect("import");
    let team = store.staff().expect("staff");
    assert_eq!(team.len(), 4);
    let martin = team
        .iter()
        .find(|s| s.last_name == "Martin")
        .expect("Martin");
    assert_eq!(martin.role, StaffRole::ProfBts);
    assert!(martin.coordinator && martin.active);
    assert_eq!(
        martin.email.as_deref(),
        Some("claire.martin@ac-toulouse.fr")
    );
    let benali = team
        .iter()
        .find(|s| s.last_name == "Benali")
        .expect("Benali");
    assert_eq!(benali.role, StaffRole::Partenaire);
    assert_eq!(benali.organisation.as_deref(), Some("Mission locale"));
    assert_eq!(
        team.iter().find(|s| s.last_name == "Petit").map(|s| s.role),
        Some(StaffRole::PsyEn)
    );
}

#[test]
fn a_bad_role_on_line_3_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "equipe.csv",
        b"nom,prenom,role,courriel\nMartin,Claire,CPE,\nDurand,Marc,chef cuisinier,\nPetit,Ines,CPE,ines@lycee\n",
    );
    let mut store = store();
    let found = problems(import(&mut store, &path));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("equipe.csv, ligne 3, champ « role » : rôle « chef cuisinier » inconnu"),
        "{found:?}"
    );
    assert!(
        found[1].contains("ligne 4, champ « courriel » : adresse « ines@lycee »"),
        "{found:?}"
    );
    assert!(store.staff().expect("staff").is_empty(), "all or nothing");
}

#[test]
fn a_windows_1252_file_keeps_its_accents() {
    let dir = tempfile::tempdir().expect("tempdir");
    // « Hélène Castagné;infirmière » in Windows-1252 (é = 0xE9, è = 0xE8).
    let mut bytes = b"nom;pr\xe9nom;r\xf4le\n".to_vec();
    bytes.extend_from_slice(b"Castagn\xe9;H\xe9l\xe8ne;infirmi\xe8re\r\n");
    let path = write(dir.path(), "equipe.csv", &bytes);
    let mut store = store();
    import(&mut store, &path).expect("import");
    let team = store.staff().expect("staff");
    assert_eq!(team[0].last_name, "Castagné");
    assert_eq!(team[0].first_name, "Hélène");
    assert_eq!(team[0].role, StaffRole::Infirmiere);
}

#[test]
fn the_same_person_twice_in_the_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "equipe.csv",
        "nom;prénom;rôle\nMartin;Claire;CPE\nMARTIN;claire;PLP\n".as_bytes(),
    );
    let mut store = store();
    let found = problems(import(&mut store, &path));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("ligne 3") && found[0].contains("figure déjà ligne 2"),
        "{found:?}"
    );
    assert!(store.staff().expect("staff").is_empty());
}

#[test]
fn an_existing_member_is_updated_in_the_columns_given_and_never_duplicated() {
    let mut store = store();
    store
        .write("équipe", |w| {
            w.add_member(&NewStaff {
                discipline: Some("Mathématiques".into()),
                email: Some("k.haddad@lycee.example".into()),
                ..NewStaff::named("Haddad", "Karim", StaffRole::ProfBts)
            })
        })
        .expect("member");
    let dir = tempfile::tempdir().expect("tempdir");
    // No role column, an empty discipline cell: role and discipline are kept.
    let path = write(
        dir.path(),
        "equipe.csv",
        "nom;prénom;discipline;coordonnateur\nhaddad;KARIM;;oui\n".as_bytes(),
    );
    let plan = plan_team_import(&store, &path).expect("plan");
    assert_eq!((plan.added.len(), plan.updated.len()), (0, 1));
    import(&mut store, &path).expect("import");
    let team = store.staff().expect("staff");
    assert_eq!(team.len(), 1, "not duplicated");
    let karim = &team[0];
    assert!(karim.coordinator);
    assert_eq!(karim.role, StaffRole::ProfBts);
    assert_eq!(karim.discipline.as_deref(), Some("Mathématiques"));
    assert_eq!(karim.email.as_deref(), Some("k.haddad@lycee.example"));
    assert_eq!(karim.last_name, "Haddad", "the stored spelling is kept");

    // Again: nothing left to change.
    let plan = plan_team_import(&store, &path).expect("plan");
    assert_eq!(plan.unchanged, vec!["Karim Haddad".to_string()]);
}

#[test]
fn a_new_member_without_a_role_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "equipe.csv",
        "nom;prénom\nMartin;Claire\n".as_bytes(),
    );
    let found = problems(plan_team_import(&store(), &path));
    assert!(
        found[0].contains("ligne 2") && found[0].contains("indiquez son rôle"),
        "{found:?}"
    );
}

#[test]
fn an_export_reads_back_unchanged() {
    let mut store = store();
    store
        .write("équipe", |w| {
            w.add_member(&NewStaff {
                organisation: Some("CIO, Toulouse-Nord".into()),
                ..NewStaff::named("Benali", "Sarah", StaffRole::Partenaire)
            })?;
            w.add_member(&NewStaff {
                active: false,
                coordinator: true,
                ..NewStaff::named("Durand", "Marc", StaffRole::Plp)
            })
        })
        .expect("members");
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = export_team_csv(&store).expect("export");
    let path = write(dir.path(), "equipe.csv", &bytes);
    let plan = plan_team_import(&store, &path).expect("plan");
    assert!(plan.added.is_empty() && plan.updated.is_empty(), "{plan:?}");
    assert_eq!(plan.unchanged.len(), 2);

    let mut empty = self::store();
    import(&mut empty, &path).expect("into an empty file");
    let copy = empty.staff().expect("staff");
    let durand = copy
        .iter()
        .find(|s| s.last_name == "Durand")
        .expect("Durand");
    assert!(!durand.active && durand.coordinator);
    let benali = copy
        .iter()
        .find(|s| s.last_name == "Benali")
        .expect("Benali");
    assert_eq!(benali.organisation.as_deref(), Some("CIO, Toulouse-Nord"));
}

#[test]
fn cli_lists_imports_with_a_dry_run_and_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let file = write(
        dir.path(),
        "équipe.csv",
        "nom;prénom;rôle;organisation;coordonnateur\nMartin;Claire;DDFPT;;oui\nBenali;Sarah;partenaire;Mission locale;\n"
            .as_bytes(),
    );
    let file = file.to_str().expect("path");

    let out = passerelle(&db, &["team", "import", file, "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("rien n'a été écrit"), "{said}");
    assert!(
        said.contains("2 à ajouter, 0 à modifier, 0 inchangé(s)"),
        "{said}"
    );
    assert!(text(&passerelle(&db, &["team"]).stdout).starts_with("Personne dans l'équipe"));

    let out = passerelle(&db, &["team", "import", file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("2 ajouté(s), 0 modifié(s), 0 inchangé(s)"),
        "{said}"
    );
    assert_eq!(said.matches("\n  + ").count(), 2, "{said}");

    let list = text(&passerelle(&db, &["team"]).stdout);
    assert!(
        list.starts_with("Équipe : 2 membres (2 actifs) · coordination : Claire Martin"),
        "{list}"
    );
    assert!(list.contains("partenaire      Mission locale"), "{list}");

    let bad = write(
        dir.path(),
        "faux.csv",
        b"nom;prenom;role\nDurand;Marc;chef\n",
    );
    let out = passerelle(&db, &["team", "import", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(said.contains("faux.csv, ligne 2, champ « role »"), "{said}");

    let export = dir.path().join("copie.csv");
    let export = export.to_str().expect("path");
    assert!(
        passerelle(&db, &["team", "export", export])
            .status
            .success()
    );
    let out = passerelle(&db, &["team", "export", export]);
    assert_eq!(out.status.code(), Some(1), "never over an existing file");
    assert!(
        passerelle(&db, &["team", "export", export, "--force"])
            .status
            .success()
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(export)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
