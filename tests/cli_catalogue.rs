//! `passerelle catalogue export|import`: a school renames, retires and adds entries.

mod common;

use common::passerelle_cli as passerelle;

#[test]
fn edited_catalogue_is_merged_and_a_bad_one_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    let toml_path = dir.path().join("catalogue.toml");
    let out = passerelle(
        &db,
        &[
            "catalogue",
            "export",
            "-o",
            toml_path.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&toml_path).expect("read");
    assert!(text.contains("code = \"eval_maths\""), "{text}");

    // Rename a criterion, retire a module, add a criterion.
    let edited = text
        .replacen(
            "label = \"Éval. maths\"",
            "label = \"Positionnement en mathématiques\"",
            1,
        )
        .replacen(
            "code = \"ingenierie_plus\"",
            "code = \"ingenierie_plus\"\nretired = true",
            1,
        )
        + "\n[[criteria]]\ncode = \"stage\"\ndomain = \"performances_scolaires\"\nlabel = \"Stage de terminale\"\ndifficulty = \"professionnel\"\n";
    let edited_path = dir.path().join("edited.toml");
    std::fs::write(&edited_path, &edited).expect("write");
    let out = passerelle(
        &db,
        &["catalogue", "import", edited_path.to_str().expect("path")],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 élément(s) ajouté(s), 2 modifié(s)"),
        "{stdout}"
    );

    let store = passerelle::store::Store::open(&db).expect("open");
    let criteria = store.criteria().expect("criteria");
    assert!(
        criteria
            .iter()
            .any(|c| c.code == "eval_maths" && c.label == "Positionnement en mathématiques")
    );
    assert!(criteria.iter().any(|c| c.code == "stage"));
    assert!(
        store
            .modules()
            .expect("modules")
            .iter()
            .any(|m| m.code == "ingenierie_plus" && m.retired)
    );
    drop(store);

    // A file citing an unknown difficulty type is refused as a whole.
    let bad = edited.replacen("label = \"Stage de terminale\"", "label = \"Stage\"", 1)
        + "\n[[criteria]]\ncode = \"x\"\ndomain = \"projet_formation\"\nlabel = \"X\"\ndifficulty = \"inconnue\"\n";
    let bad_path = dir.path().join("bad.toml");
    std::fs::write(&bad_path, bad).expect("write");
    let out = passerelle(
        &db,
        &["catalogue", "import", bad_path.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("inconnu") && stderr.contains("Rien n'a été modifié"),
        "{stderr}"
    );
    let store = passerelle::store::Store::open(&db).expect("open");
    assert!(
        store
            .criteria()
            .expect("criteria")
            .iter()
            .any(|c| c.label == "Stage de terminale")
    );
    assert!(
        !store
            .criteria()
            .expect("criteria")
            .iter()
            .any(|c| c.code == "x")
    );
}

#[test]
fn an_oversized_or_non_utf8_catalogue_is_refused_in_french() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    assert!(passerelle(&db, &["init"]).status.success());
    let big = dir.path().join("gros.toml");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    let out = passerelle(&db, &["catalogue", "import", big.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("trop gros"), "{stderr}");
    assert!(stderr.contains("Rien n'a été modifié"), "{stderr}");

    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(
        &latin1,
        b"[[criterion]]\ncode = \"x\"\nlabel = \"Sant\xe9\"\n",
    )
    .expect("write");
    let out = passerelle(
        &db,
        &["catalogue", "import", latin1.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("UTF-8"), "{stderr}");
}

#[test]
fn an_exported_catalogue_imports_into_another_base_identically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    let export = |db: &std::path::Path, to: &std::path::Path| {
        let out = passerelle(
            db,
            &["catalogue", "export", "-o", to.to_str().expect("path")],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(to).expect("read")
    };
    let text = export(&first, &a);
    // Every field of a fiche cadre, and retired entries, go through the file.
    let edited = text
        .replacen(
            "code = \"tutorat\"\n",
            "code = \"tutorat\"\nhours_granted = 7.5\nretired = true\n",
            1,
        )
        .replacen(
            "code = \"eval_langues\"\n",
            "code = \"eval_langues\"\nretired = true\n",
            1,
        );
    assert_ne!(edited, text);
    std::fs::write(&a, &edited).expect("write");
    let out = passerelle(&second, &["catalogue", "import", a.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = export(&second, &b);
    assert!(again.contains("hours_granted = 7.5"), "{again}");
    // Same entries, same fields: importing the second export back changes nothing.
    let out = passerelle(&second, &["catalogue", "import", b.to_str().expect("path")]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("0 élément(s) ajouté(s), 0 modifié(s)"),
        "{said}"
    );
    let parsed = passerelle::model::CatalogueFile::parse(&again).expect("parse");
    let tutorat = parsed
        .modules
        .iter()
        .find(|m| m.code == "tutorat")
        .expect("tutorat");
    assert!(tutorat.retired && tutorat.objectives.is_some() && tutorat.sessions.is_some());
    assert!(
        parsed
            .criteria
            .iter()
            .any(|c| c.code == "eval_langues" && c.retired)
    );
}
