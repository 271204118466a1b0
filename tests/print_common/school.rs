//! A small hand-built school for the recap and family sheet tests: one establishment,
//! two sections, accented names, sensitive notes, and pré-conseil meetings.

use chrono::NaiveDate;
use passerelle::model::{Domain, LifeArea, NewLifeNote, Sector, StaffRole, Value};
use passerelle::store::{MeetingTarget, NewStudent, Store, Table};

/// The sensitive texts the school holds (life notes, conditions de vie comments).
pub const SECRETS: [&str; 3] = [
    "Hébergée chez une tante depuis l'expulsion",
    "Travaille 25 heures la nuit",
    "Suivi médical régulier",
];

/// Ids of what the school holds.
pub struct School {
    pub eloise: i64,
    pub jerome: i64,
    pub anais: i64,
    /// The NDRC and MCO meeting of 15 October 2026.
    pub meeting: i64,
    pub referent: i64,
}

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

pub fn target(meeting: Option<i64>, held_on: NaiveDate) -> MeetingTarget {
    MeetingTarget {
        meeting,
        held_on,
        school_year: Some("2026-2027".into()),
        attendees: "Mme Garçon (professeure de BTS), M. Roux (CPE)".into(),
    }
}

fn student(first: &str, last: &str) -> NewStudent {
    NewStudent {
        last_name: last.into(),
        first_name: first.into(),
        bac_pro: true,
        ..Default::default()
    }
}

/// Fills `store` (catalogue installed) with the school and its meeting.
pub fn fill(store: &mut Store) -> School {
    let modules = store.modules().expect("modules");
    let module = |code: &str| modules.iter().find(|m| m.code == code).map(|m| m.id);
    let soutien = modules
        .iter()
        .find(|m| m.module_type == passerelle::model::ModuleType::Soutien)
        .expect("a soutien module")
        .id;
    let perseverance = module("mopi")
        .or_else(|| {
            modules
                .iter()
                .find(|m| m.module_type == passerelle::model::ModuleType::Perseverance)
                .map(|m| m.id)
        })
        .expect("a persévérance module");
    let life = store
        .criteria()
        .expect("criteria")
        .into_iter()
        .find(|c| c.domain == Domain::ConditionsDeVie)
        .expect("a conditions de vie criterion")
        .id;
    store
        .write("école", |w| {
            let e = w.ensure_establishment("0311234X", "Lycée Déodat-de-Séverac", "Toulouse")?;
            w.update(Table::Establishment, e, 1, &[("city", "Toulouse".into())])?;
            let ndrc = w.ensure_section(
                e,
                "NDRC",
                "BTS Négociation et digitalisation de la relation client",
                Sector::Services,
            )?;
            let mco = w.ensure_section(
                e,
                "MCO",
                "BTS Management commercial opérationnel",
                Sector::Services,
            )?;
            let c_ndrc = w.ensure_cohort(ndrc, "2026-2027")?;
            let c_mco = w.ensure_cohort(mco, "2026-2027")?;
            let referent = w.add_staff("Garçon", "Hélène", StaffRole::ProfBts)?;
            w.update(
                Table::Staff,
                referent,
                1,
                &[("email", "helene.garcon@ac-toulouse.fr".into())],
            )?;
            let eloise = w.add_student(c_ndrc, &student("Éloïse", "N'Diaye"))?;
            let anais = w.add_student(c_ndrc, &student("Anaïs", "Béranger"))?;
            let jerome = w.add_student(c_mco, &student("Jérôme", "Lefèvre"))?;
            for (note, area) in [
                (SECRETS[0], LifeArea::Logement),
                (SECRETS[2], LifeArea::Sante),
            ] {
                w.insert_life_note(&NewLifeNote {
                    student: eloise,
                    area,
                    note: note.into(),
                })?;
            }
            w.set_grid_cell(
                eloise,
                life,
                None,
                &[("level", Value::Int(3)), ("comment", SECRETS[1].into())],
            )?;
            let t = target(None, day(10, 15));
            // Éloïse: accepted, two modules, a référent and a first point d'étape.
            w.update(
                Table::Student,
                eloise,
                1,
                &[
                    ("proposal", "accepte".into()),
                    ("referent_id", Value::Int(referent)),
                    ("first_checkin_date", "2026-11-05".into()),
                    ("pre_conseil_date", "2026-10-15".into()),
                    ("commitments", "Venir à chaque séance".into()),
                ],
            )?;
            for m in [soutien, perseverance] {
                w.insert(
                    Table::Enrolment,
                    &[
                        ("student_id", Value::Int(eloise)),
                        ("module_id", Value::Int(m)),
                        ("start_date", "2026-10-15".into()),
                    ],
                )?;
            }
            let meeting = w.record_in_meeting(&t, eloise)?;
            let t = target(Some(meeting), day(10, 15));
            w.update(Table::Student, anais, 1, &[("proposal", "propose".into())])?;
            w.record_in_meeting(&t, anais)?;
            w.update(Table::Student, jerome, 1, &[("proposal", "refuse".into())])?;
            w.record_in_meeting(&t, jerome)?;
            Ok(School {
                eloise,
                jerome,
                anais,
                meeting,
                referent,
            })
        })
        .expect("school")
}

/// A second meeting the same day, for MCO only (Jérôme seen again).
pub fn second_meeting_same_day(store: &mut Store, school: &School) -> i64 {
    store
        .write("seconde réunion", |w| {
            let mut t = target(None, day(10, 15));
            t.attendees = "M. Roux (CPE)".into();
            w.record_in_meeting(&t, school.jerome)
        })
        .expect("second meeting")
}

/// A meeting of 35 students of a third section, for tables across pages.
pub fn big_meeting(store: &mut Store) -> i64 {
    store
        .write("grande réunion", |w| {
            let e = w.ensure_establishment("0311234X", "Lycée Déodat-de-Séverac", "Toulouse")?;
            let sio = w.ensure_section(
                e,
                "SIO",
                "BTS Services informatiques aux organisations",
                Sector::Production,
            )?;
            let cohort = w.ensure_cohort(sio, "2026-2027")?;
            let t = target(None, day(10, 16));
            let mut meeting = None;
            for i in 0..35 {
                let id = w.add_student(cohort, &student(&format!("Élève{i:02}"), "Étienne"))?;
                w.update(Table::Student, id, 1, &[("proposal", "accepte".into())])?;
                let mut t = t.clone();
                t.meeting = meeting;
                meeting = Some(w.record_in_meeting(&t, id)?);
            }
            Ok(meeting.expect("35 recorded"))
        })
        .expect("big meeting")
}
