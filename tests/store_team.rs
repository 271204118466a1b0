//! The team in the store: schema 7 keeps an old file's members and référents, and
//! every role, organisation, discipline, e-mail and coordination is written and read back.

use std::path::Path;

use passerelle::model::{NewStaff, StaffField, StaffRole};
use passerelle::store::Store;

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn a_version_1_file_keeps_its_team_and_referents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ancienne.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/database_v1.sqlite3");
    std::fs::copy(&fixture, &db).expect("copy");
    let before = rusqlite::Connection::open(&fixture).expect("fixture");
    let team = |conn: &rusqlite::Connection| -> Vec<(i64, String, String, bool)> {
        let mut stmt = conn
            .prepare("SELECT id, last_name, role, active FROM staff ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows")
    };
    let referents = "SELECT count(*) FROM student WHERE referent_id IS NOT NULL";
    let members = team(&before);
    let followed = count(&before, referents);
    assert!(
        !members.is_empty() && followed > 0,
        "the fixture has a team"
    );

    let store = Store::open(&db).expect("open and migrate");
    drop(store);
    let after = rusqlite::Connection::open(&db).expect("migrated");
    assert_eq!(team(&after), members);
    assert_eq!(count(&after, referents), followed);
    assert_eq!(
        count(&after, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_eq!(
        count(
            &after,
            "SELECT count(*) FROM staff WHERE coordinator = 1 OR email IS NOT NULL"
        ),
        0
    );
}

#[test]
fn every_role_and_field_is_written_and_read_back() {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("prof");
    let ids = store
        .write("équipe", |w| {
            StaffRole::ALL
                .iter()
                .enumerate()
                .map(|(i, role)| {
                    w.add_member(&NewStaff {
                        organisation: role.is_external().then(|| "CIO de Muret".to_string()),
                        discipline: role.teaches().then(|| "Anglais".to_string()),
                        email: Some(format!("membre{i}@lycee.example")),
                        coordinator: i == 0,
                        active: i != 1,
                        ..NewStaff::named(&format!("Nom{i:02}"), "Prénom", *role)
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("members");
    let team = store.staff().expect("staff");
    assert_eq!(team.len(), StaffRole::ALL.len());
    for (i, role) in StaffRole::ALL.iter().enumerate() {
        let member = team.iter().find(|s| s.id == ids[i]).expect("member");
        assert_eq!(member.role, *role);
        assert_eq!(member.coordinator, i == 0);
        assert_eq!(member.active, i != 1);
        assert_eq!(member.email, Some(format!("membre{i}@lycee.example")));
        assert_eq!(
            member.organisation.is_some(),
            *role == StaffRole::Partenaire
        );
    }
    // An edit is journaled and undone like any other.
    let first = team.iter().find(|s| s.id == ids[0]).expect("first");
    store
        .write("coordination", |w| {
            w.update_staff(
                first.id,
                first.meta.version,
                &[StaffField::Coordinator(false)],
            )
        })
        .expect("edit");
    assert!(!store.staff().expect("staff").iter().any(|s| s.coordinator));
    store.undo().expect("undo");
    assert!(store.staff().expect("staff").iter().any(|s| s.coordinator));
}

#[test]
fn the_database_refuses_an_unknown_role() {
    let mut store = Store::open_in_memory().expect("open");
    let result = store.write("x", |w| {
        w.insert(
            passerelle::store::Table::Staff,
            &[
                ("last_name", "Martin".into()),
                ("first_name", "Claire".into()),
                ("role", "cuisinier".into()),
            ],
        )
    });
    let message = result.expect_err("refused").to_string();
    assert!(
        message.contains("rôle") || message.contains("role"),
        "{message}"
    );
    assert!(store.staff().expect("staff").is_empty());
}
