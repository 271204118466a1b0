//! Tests of `hours`.

use super::*;
use crate::model::planner::SessionStatus;
use crate::model::records::RowMeta;
use crate::model::{CompetenceDomain, ModuleType, Sector};
use chrono::NaiveTime;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

fn session(id: i64, group_id: i64, minutes: u32, status: SessionStatus) -> GroupSession {
    GroupSession {
        id,
        group_id,
        date: d(11, 3),
        start: NaiveTime::from_hms_opt(14, 0, 0).expect("time"),
        minutes,
        place: None,
        status,
        cancel_reason: None,
        meta: RowMeta::default(),
    }
}

fn group(id: i64, module_id: i64, establishment_id: Option<i64>) -> ModuleGroup {
    ModuleGroup {
        id,
        module_id,
        school_year: "2026-2027".into(),
        period: Some(2),
        label: format!("Groupe {id}"),
        leader_id: None,
        capacity: None,
        place: None,
        establishment_id,
        meta: RowMeta::default(),
    }
}

fn grant(id: i64, module_id: Option<i64>, hours: f64, e: Option<i64>) -> HoursGrant {
    HoursGrant {
        id,
        school_year: "2026-2027".into(),
        module_id,
        label: "DHG".into(),
        hours,
        establishment_id: e,
        meta: RowMeta::default(),
    }
}

fn module(id: i64, code: &str, fiche: Option<f64>) -> Module {
    Module {
        id,
        code: code.into(),
        name: code.to_uppercase(),
        module_type: ModuleType::ALL[0],
        competence: CompetenceDomain::ALL[0],
        difficulties: Vec::new(),
        objectives: None,
        content: None,
        led_by: None,
        sessions: None,
        session_minutes: None,
        group_size: None,
        period: None,
        place: None,
        evaluation: None,
        hours_granted: fiche,
        retired: false,
        meta: RowMeta::default(),
    }
}

fn section(id: i64, code: &str) -> Section {
    Section {
        id,
        establishment_id: 1,
        code: code.into(),
        name: format!("BTS {code}"),
        sector: Sector::ALL[0],
        meta: RowMeta::default(),
    }
}

/// Module 1 (« tut », fiche cadre 10 h): group 10, 3 × 2 h, one held, one
/// cancelled → 4 h planned, 2 h delivered. Module 2 (« ref », no fiche
/// hours): group 20, 4 × 1 h 30, two held → 6 h planned, 3 h delivered.
fn sessions() -> Vec<GroupSession> {
    use SessionStatus::*;
    vec![
        session(1, 10, 120, Held),
        session(2, 10, 120, Planned),
        session(3, 10, 120, Cancelled),
        session(4, 20, 90, Held),
        session(5, 20, 90, Held),
        session(6, 20, 90, Planned),
        session(7, 20, 90, Planned),
    ]
}

#[test]
fn a_group_of_two_sections_counts_fully_for_both() {
    // Group 10 has SIO and MCO students; group 20 only MCO students.
    let sections = [section(1, "SIO"), section(2, "MCO"), section(3, "NDRC")];
    let lines = section_hours(&[(10, 1), (10, 2), (20, 2)], &sections, &sessions());
    assert_eq!(lines.len(), 2, "NDRC has no group: left out");
    assert_eq!(lines[0].code, "SIO");
    assert_eq!((lines[0].planned, lines[0].delivered), (4.0, 2.0));
    assert_eq!(lines[0].groups, 1);
    assert_eq!(lines[0].shared_with, vec!["MCO".to_string()]);
    assert_eq!(lines[1].code, "MCO");
    assert_eq!((lines[1].planned, lines[1].delivered), (10.0, 5.0));
    assert_eq!(lines[1].groups, 2);
    assert_eq!(lines[1].shared_with, vec!["SIO".to_string()]);
}

#[test]
fn establishment_adds_module_grants_fiche_cadre_and_envelopes() {
    let modules = [module(1, "tut", Some(10.0)), module(2, "ref", None)];
    let groups = [group(10, 1, Some(1)), group(20, 2, Some(1))];
    let sessions = sessions();
    let input = |grants: &[HoursGrant]| {
        hours_report(
            "2026-2027",
            &HoursInput {
                modules: &modules,
                groups: &groups,
                sessions: &sessions,
                members: &[],
                grants,
                today: d(11, 20),
            },
            &[(1, "Lycée A".into())],
            &[],
            &[],
        )
    };
    // Module 2 granted 5 h (< 6 h planned: over); module 1 falls back on its
    // fiche cadre (10 h); envelope 3 h. Granted 10 + 5 + 3 = 18 h ≥ 10 h planned.
    let grants = [
        grant(1, Some(2), 5.0, Some(1)),
        grant(2, None, 3.0, Some(1)),
    ];
    let report = input(&grants);
    assert_eq!(report.modules[0].granted, Some(10.0));
    assert_eq!(report.modules[1].granted, Some(5.0));
    assert_eq!(
        report
            .over_budget()
            .iter()
            .map(|m| m.module_id)
            .collect::<Vec<_>>(),
        vec![2]
    );
    let e = &report.establishments[0];
    assert_eq!((e.planned, e.delivered), (10.0, 5.0));
    assert_eq!(
        (e.granted_modules, e.envelopes, e.granted()),
        (15.0, 3.0, 18.0)
    );
    assert!(!e.over_budget());
    assert_eq!(report.total().granted(), 18.0);
    // The envelope removed and module 2's grant too: module 1's fiche cadre
    // alone (10 h) is what is granted; 10 h planned is not over.
    let report = input(&[]);
    assert_eq!(report.modules[1].granted, None);
    assert_eq!(report.establishments[0].granted(), 10.0);
    assert!(!report.establishments[0].over_budget());
}

#[test]
fn establishment_over_its_grants_is_flagged_only_with_a_budget() {
    let mut e = EstablishmentHours {
        planned: 20.0,
        granted_modules: 12.0,
        envelopes: 7.5,
        ..EstablishmentHours::default()
    };
    assert!(e.over_budget());
    e.envelopes = 8.0;
    assert!(!e.over_budget(), "exactly the hours granted");
    e.granted_modules = 0.0;
    e.envelopes = 0.0;
    assert!(!e.over_budget(), "nothing granted: no budget to exceed");
}

#[test]
fn several_establishments_each_get_their_groups_and_grants() {
    let modules = [module(1, "tut", None), module(2, "ref", None)];
    // Group 10 has no establishment: it counts for the first one.
    let groups = [group(10, 1, None), group(20, 2, Some(2))];
    let sessions = sessions();
    let grants = [
        grant(1, Some(1), 3.0, Some(1)),
        grant(2, Some(2), 8.0, Some(2)),
        grant(3, None, 2.0, None),
    ];
    let report = hours_report(
        "2026-2027",
        &HoursInput {
            modules: &modules,
            groups: &groups,
            sessions: &sessions,
            members: &[],
            grants: &grants,
            today: d(11, 20),
        },
        &[
            (1, "Lycée A".into()),
            (2, "Lycée B".into()),
            (3, "Lycée C".into()),
        ],
        &[],
        &[],
    );
    assert_eq!(report.establishments.len(), 2, "Lycée C has nothing");
    let [a, b] = [&report.establishments[0], &report.establishments[1]];
    assert_eq!(
        (a.name.as_str(), a.planned, a.granted()),
        ("Lycée A", 4.0, 5.0)
    );
    assert_eq!(
        (b.name.as_str(), b.planned, b.granted()),
        ("Lycée B", 6.0, 8.0)
    );
    assert!(!a.over_budget() && !b.over_budget());
    let total = report.total();
    assert_eq!(
        (total.planned, total.granted(), total.envelopes),
        (10.0, 13.0, 2.0)
    );
}

#[test]
fn grants_are_read_with_a_comma_and_removed_by_zero_or_aucune() {
    assert_eq!(parse_grant("12,5"), Ok(Some(12.5)));
    assert_eq!(parse_grant(" 14 h "), Ok(Some(14.0)));
    assert_eq!(parse_grant(""), Ok(None));
    assert_eq!(parse_grant("0"), Ok(None));
    assert_eq!(parse_grant("0,0"), Ok(None));
    assert_eq!(parse_grant("Aucune"), Ok(None));
    assert!(parse_grant("douze").is_err());
    assert!(parse_grant("-3").is_err());
    assert!(parse_grant("20000").is_err());
}
