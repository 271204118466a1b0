//! The dialogue sheet between the establishment and a student's family: what is
//! proposed, what is asked of the family, whom to contact, remarks and signatures.
//! [`Family`] is built from the same masked [`StudentSheet`] as the contract (never a
//! conditions de vie detail); [`blocks::document`] words it with `famille.toml`.

pub mod blocks;
pub mod wording;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::sheet::{Sensitive, StudentSheet};
use crate::model::{ModuleType, Proposal};
use crate::print::contract::{Contract, ContractModule};
pub use crate::print::establishment::Establishment;
use crate::store::{Result, Store};

/// Everything printed on the family sheet; no note, no grid, no difficulty named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    pub establishment: Option<Establishment>,
    /// « Awa N’DIAYE »: first name first, as a letter to a family says it.
    pub name: String,
    /// « Awa », as the sheet speaks of the student.
    pub first_name: String,
    /// « BTS Négociation et digitalisation de la relation client ».
    pub section: Option<String>,
    pub school_year: Option<String>,
    /// Where the pré-conseil's proposal stands.
    pub proposal: Option<Proposal>,
    /// Modules running now, in plain words.
    pub modules: Vec<FamilyModule>,
    pub referent: Option<String>,
    /// The référent's e-mail, when the team recorded one.
    pub referent_email: Option<String>,
    pub first_checkin: Option<NaiveDate>,
    pub next_checkin: Option<NaiveDate>,
}

/// A module as the family reads it: what it is for, who leads it, when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyModule {
    /// « Reformulation ».
    pub name: String,
    pub kind: Option<ModuleType>,
    /// The leaders of the student's groups: « Ada DURAND ».
    pub leaders: Vec<String>,
    /// Without a group yet, who leads the module as the catalogue says it.
    pub led_by: Option<String>,
    /// « le mardi de 14 h à 16 h, 7 séances du 3 novembre au 15 décembre 2026 ».
    pub schedules: Vec<String>,
}

impl Family {
    /// The family sheet of `student_id` as the store holds it on `today`, built from
    /// the masked sheet: no conditions de vie reach it, whatever the database holds.
    pub fn build(store: &Store, student_id: i64, today: NaiveDate) -> Result<Family> {
        let sheet = store.student_sheet(student_id, today, Sensitive::Masked)?;
        let establishment = crate::print::establishment::of_student(store, student_id)?;
        let schedules = crate::print::contract::schedule::of_student(store, student_id)?;
        let contract = Contract::from_sheet(&sheet, establishment, &schedules);
        Ok(Family::from_sheet(&sheet, contract))
    }

    /// The family sheet of a (masked) sheet and the contract built from it.
    pub fn from_sheet(sheet: &StudentSheet, contract: Contract) -> Family {
        let s = &sheet.student;
        // The contract lists the sheet's modules in the same order.
        let mut modules: Vec<FamilyModule> = Vec::new();
        for (followed, printed) in sheet.modules.iter().zip(&contract.modules) {
            if followed.enrolment.end_date.is_some() {
                continue;
            }
            let module = followed.module.as_ref();
            let name = module.map_or_else(|| printed.name.clone(), |m| m.name.clone());
            if modules.iter().any(|m| m.name == name) {
                continue;
            }
            let mut leaders: Vec<String> = followed
                .attendance
                .iter()
                .flat_map(|a| a.groups.iter().filter_map(|g| g.leader.clone()))
                .collect();
            leaders.dedup();
            let led_by = module
                .and_then(|m| m.led_by.clone())
                .filter(|_| leaders.is_empty());
            modules.push(FamilyModule {
                name,
                kind: module.map(|m| m.module_type),
                leaders,
                led_by,
                schedules: plain_schedules(printed),
            });
        }
        Family {
            name: format!(
                "{} {}",
                s.first_name.trim(),
                s.last_name.trim().to_uppercase()
            ),
            first_name: s.first_name.trim().to_string(),
            section: sheet.place.as_ref().map(|p| p.section_name.clone()),
            school_year: contract.school_year,
            proposal: s.proposal,
            modules,
            referent: contract.referent,
            referent_email: sheet
                .referent
                .as_ref()
                .and_then(|r| r.email.clone())
                .filter(|e| !e.trim().is_empty()),
            first_checkin: contract.first_checkin,
            next_checkin: contract.next_checkin,
            establishment: contract.establishment,
        }
    }
}

/// The contract's schedules without the team's words: no « période 2 », commas
/// rather than « · », the group named only when there are several.
fn plain_schedules(module: &ContractModule) -> Vec<String> {
    module
        .schedules
        .iter()
        .map(|text| {
            text.split(" · ")
                .filter(|part| !part.starts_with("période "))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}
