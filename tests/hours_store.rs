//! Hours granted (add, change, remove, conflicts) and hours per section and
//! establishment, with figures worked by hand.

use chrono::{NaiveDate, NaiveTime};
use passerelle::model::planner::AttendanceMark;
use passerelle::model::*;
use passerelle::store::{GrantEdit, GrantOutcome, NewGroup, NewStudent, Seen, Store, StoreError};

const YEAR: &str = "2026-2027";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

fn two_pm() -> NaiveTime {
    NaiveTime::from_hms_opt(14, 0, 0).expect("time")
}

/// A lycée with two sections (NDRC, MCO) of two students each.
fn setup() -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_in_memory().expect("open");
    store.set_user("alice");
    store.init().expect("catalogue");
    let students = store
        .write("rentrée", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Déodat", "Toulouse")?;
            let mut ids = Vec::new();
            for code in ["NDRC", "MCO"] {
                let s = w.ensure_section(e, code, &format!("BTS {code}"), Sector::Services)?;
                let c = w.ensure_cohort(s, YEAR)?;
                for i in 0..2 {
                    ids.push(w.add_student(
                        c,
                        &NewStudent {
                            last_name: format!("{code}{i}"),
                            first_name: "Test".into(),
                            ..Default::default()
                        },
                    )?);
                }
            }
            Ok(ids)
        })
        .expect("students");
    (store, 1, students)
}

fn module_edit(module: i64, id: Option<i64>, hours: Option<f64>) -> GrantEdit {
    GrantEdit {
        id,
        school_year: YEAR.into(),
        module_id: Some(module),
        establishment_id: Some(1),
        label: "DHG".into(),
        hours,
    }
}

#[test]
fn a_grant_is_added_changed_removed_and_each_step_undone() {
    let (mut store, _, _) = setup();
    let module = store.modules().expect("modules")[0].clone();
    let granted = |store: &Store| {
        let report = store.hours_report(YEAR, d(11, 20)).expect("report");
        report
            .modules
            .iter()
            .find(|m| m.module_id == module.id)
            .and_then(|m| m.granted)
    };
    let added = store
        .write("grant", |w| {
            w.put_grant(&module_edit(module.id, None, Some(12.5)), &Seen::absent())
        })
        .expect("add");
    assert_eq!(added, GrantOutcome::Added);
    assert_eq!(granted(&store), Some(12.5));
    let (id, seen) = store
        .write("read", |w| w.module_grant(YEAR, module.id, Some(1)))
        .expect("read")
        .expect("grant");
    let changed = store
        .write("grant", |w| {
            w.put_grant(&module_edit(module.id, Some(id), Some(20.0)), &seen)
        })
        .expect("change");
    assert_eq!(changed, GrantOutcome::Changed);
    assert_eq!(granted(&store), Some(20.0));
    let seen = store
        .seen(passerelle::store::Table::HoursGrant, id)
        .expect("seen");
    let removed = store
        .write("grant", |w| {
            w.put_grant(&module_edit(module.id, Some(id), None), &seen)
        })
        .expect("remove");
    assert_eq!(removed, GrantOutcome::Removed);
    // Removed: the module (no group) leaves the table, or falls back on its fiche cadre.
    assert_eq!(granted(&store), None);
    store.undo().expect("undo");
    assert_eq!(granted(&store), Some(20.0));
    store.undo().expect("undo");
    assert_eq!(granted(&store), Some(12.5));
    store.undo().expect("undo");
    assert_eq!(granted(&store), None);
}

#[test]
fn a_colleague_s_change_or_grant_is_never_overwritten() {
    let (mut store, _, _) = setup();
    let module = store.modules().expect("modules")[0].id;
    store
        .write("grant", |w| {
            w.put_grant(&module_edit(module, None, Some(10.0)), &Seen::absent())
        })
        .expect("add");
    let id = store.hours_grants(YEAR).expect("grants")[0].id;
    let seen = store
        .seen(passerelle::store::Table::HoursGrant, id)
        .expect("seen");
    // Bob changes the hours after Alice opened the form.
    store.set_user("bob");
    store
        .write("bob", |w| {
            w.put_grant(&module_edit(module, Some(id), Some(14.0)), &seen)
        })
        .expect("bob");
    store.set_user("alice");
    let mine = store.write("alice", |w| {
        w.put_grant(&module_edit(module, Some(id), Some(12.0)), &seen)
    });
    assert!(matches!(mine, Err(StoreError::Conflict(_))), "{mine:?}");
    // Nor can she remove what she did not see.
    let gone = store.write("alice", |w| {
        w.put_grant(&module_edit(module, Some(id), None), &seen)
    });
    assert!(matches!(gone, Err(StoreError::Conflict(_))), "{gone:?}");
    assert_eq!(store.hours_grants(YEAR).expect("grants")[0].hours, 14.0);
    // A second grant of the same module (both saw none) is refused, not added.
    let twice = store.write("alice", |w| {
        w.put_grant(&module_edit(module, None, Some(3.0)), &Seen::absent())
    });
    assert!(matches!(twice, Err(StoreError::Invalid(_))), "{twice:?}");
    // The index refuses it even past the check.
    let raw = store.write("raw", |w| {
        w.grant_hours(YEAR, Some(module), "x", 3.0, Some(1))
    });
    assert!(
        matches!(&raw, Err(StoreError::Invalid(m)) if m.contains("déjà une dotation")),
        "{raw:?}"
    );
    assert_eq!(store.hours_grants(YEAR).expect("grants").len(), 1);
}

#[test]
fn hours_per_section_and_establishment_worked_by_hand() {
    let (mut store, _, students) = setup();
    let modules = store.modules().expect("modules");
    let (a, b) = (modules[0].id, modules[1].id);
    let group = |module, label: &str| NewGroup {
        module_id: module,
        school_year: YEAR.into(),
        period: Some(2),
        label: label.into(),
        leader_id: None,
        capacity: None,
        place: None,
        establishment_id: Some(1),
    };
    store
        .write("plan", |w| {
            // Group 1 of module a mixes NDRC and MCO: 3 × 2 h, the first held.
            let g1 = w.create_group(&group(a, "Groupe A"))?;
            w.place_in_group(g1, students[0], d(11, 2))?;
            w.place_in_group(g1, students[2], d(11, 2))?;
            let first = w.add_session(g1, d(11, 3), two_pm(), 120, None)?;
            w.add_session(g1, d(11, 10), two_pm(), 120, None)?;
            w.add_session(g1, d(11, 17), two_pm(), 120, None)?;
            w.record_roll(
                first,
                1,
                &[
                    (students[0], AttendanceMark::Present),
                    (students[2], AttendanceMark::Absent),
                ],
            )?;
            // Group 2 of module b: MCO only, 2 × 1 h 30.
            let g2 = w.create_group(&group(b, "Groupe B"))?;
            w.place_in_group(g2, students[3], d(11, 2))?;
            w.add_session(g2, d(11, 4), two_pm(), 90, None)?;
            w.add_session(g2, d(11, 12), two_pm(), 90, None)?;
            // Module a granted 5 h (6 h planned: over), an envelope of 4 h.
            w.grant_hours(YEAR, Some(a), "DHG", 5.0, Some(1))?;
            w.grant_hours(YEAR, None, "Ambition BTS", 4.0, Some(1))
        })
        .expect("plan");
    let report = store.hours_report(YEAR, d(11, 20)).expect("report");
    let ndrc = report
        .sections
        .iter()
        .find(|s| s.code == "NDRC")
        .expect("NDRC");
    let mco = report
        .sections
        .iter()
        .find(|s| s.code == "MCO")
        .expect("MCO");
    assert_eq!((ndrc.groups, ndrc.planned, ndrc.delivered), (1, 6.0, 2.0));
    assert_eq!(ndrc.shared_with, vec!["MCO".to_string()]);
    assert_eq!((mco.groups, mco.planned, mco.delivered), (2, 9.0, 2.0));
    let over: Vec<i64> = report.over_budget().iter().map(|m| m.module_id).collect();
    assert_eq!(over, vec![a]);
    // Establishment: 6 + 3 = 9 h planned, 2 h delivered; granted 5 h to a, b's
    // fiche cadre (if any), 4 h of envelope.
    let fiche_b = modules[1].hours_granted.unwrap_or(0.0);
    let e = &report.establishments[0];
    assert_eq!((e.planned, e.delivered), (9.0, 2.0));
    assert_eq!((e.granted_modules, e.envelopes), (5.0 + fiche_b, 4.0));
    assert_eq!(e.over_budget(), 9.0 > 9.0 + fiche_b);
}
