//! The database both xlsx test files export: two students of one section, with
//! sensitive texts that must never leak without `--include-sensitive`.
#![allow(dead_code)]

use chrono::NaiveDate;
use passerelle::model::planner::AttendanceMark;
use passerelle::model::*;
use passerelle::store::{NewGroup, NewStudent, Store, Table};

pub const SECRET_LIFE: &str = "SECRET-LIFE dort dans sa voiture";
pub const SECRET_COMMENT: &str = "SECRET-COMMENT dettes";
pub const SECRET_CHECKIN: &str = "SECRET-CHECKIN pleure en cours";

pub const SHEETS: [&str; 7] = [
    "Élèves",
    "Repérage",
    "Plans et modules",
    "Groupes et présences",
    "Points d'étape",
    "Indicateurs",
    "Indicateurs des modules",
];

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// Maëlys (2026-2027: repérée, in a parcours, a module, a mark, a check-in, conditions
/// de vie) and Bénédicte (2025-2026, left for a job).
pub fn fill(store: &mut Store) {
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
