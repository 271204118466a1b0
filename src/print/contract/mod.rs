//! The feuille de route / contrat d'engagement of one student: what goes on the
//! page ([`Contract`], built from the [`StudentSheet`] without its sensitive part),
//! then the page itself ([`blocks::document`], wording in `data/documents/contrat.toml`).

pub mod blocks;
pub(crate) mod schedule;
pub mod wording;

use chrono::NaiveDate;
use serde::Serialize;

use crate::labels::Label;
use crate::model::sheet::{Sensitive, StudentSheet};
pub use crate::print::establishment::Establishment;
use crate::store::{Result, Store};

/// Everything printed on one contract; never a conditions de vie detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contract {
    pub establishment: Option<Establishment>,
    /// « N’DIAYE Awa ».
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub ine: Option<String>,
    /// « NDRC – BTS Négociation et digitalisation de la relation client ».
    pub section: Option<String>,
    pub school_year: Option<String>,
    /// « Ada Durand ».
    pub referent: Option<String>,
    /// « professeur de BTS ».
    pub referent_role: Option<String>,
    /// The pré-conseil's proposal and its date.
    pub proposal: Option<String>,
    pub pre_conseil: Option<NaiveDate>,
    /// Names of the difficulty types retained at the repérage.
    pub difficulties: Vec<String>,
    pub modules: Vec<ContractModule>,
    pub first_checkin: Option<NaiveDate>,
    pub next_checkin: Option<NaiveDate>,
    /// The commitments agreed with the student, as typed.
    pub commitments: Option<String>,
    /// Points d'étape held, oldest first.
    pub checkins: Vec<HeldCheckin>,
    /// Attendance of the modules with a roll taken.
    pub attendance: Vec<ModuleAttendanceLine>,
    pub bilan_s1: Option<Dated>,
    pub decision_s2: Option<Dated>,
    /// The student left the parcours on that day.
    pub exit_date: Option<NaiveDate>,
}

/// A module on the contract: name, groups with leaders, period and schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractModule {
    /// « Reformulation (soutien) ».
    pub name: String,
    /// « Groupe A (Ada DURAND) ».
    pub groups: Vec<String>,
    /// « période 2 · le mardi de 14 h à 16 h · 7 séances du 3 novembre au 15 décembre 2026 ».
    pub schedules: Vec<String>,
    pub start: NaiveDate,
    /// The student stopped the module on that day.
    pub stopped: Option<NaiveDate>,
}

/// A point d'étape held: its date, what was observed, the note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldCheckin {
    pub date: NaiveDate,
    pub facts: String,
    pub note: Option<String>,
}

/// Attendance in one module: « 5/6 séances, 83 % » and the marks' detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleAttendanceLine {
    pub module: String,
    pub summary: String,
    pub detail: String,
}

/// A text or label with its date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dated {
    pub date: Option<NaiveDate>,
    pub text: String,
}

impl Contract {
    /// The contract of `student_id` as the store holds it on `today`. The sheet is
    /// built masked: no conditions de vie reach the contract, whatever the database holds.
    pub fn build(store: &Store, student_id: i64, today: NaiveDate) -> Result<Contract> {
        let sheet = store.student_sheet(student_id, today, Sensitive::Masked)?;
        let establishment = crate::print::establishment::of_student(store, student_id)?;
        let schedules = schedule::of_student(store, student_id)?;
        Ok(Contract::from_sheet(&sheet, establishment, &schedules))
    }

    /// The contract of a (masked) sheet; `schedules`: (module, group label, schedule).
    pub fn from_sheet(
        sheet: &StudentSheet,
        establishment: Option<Establishment>,
        schedules: &[(i64, String, String)],
    ) -> Contract {
        let s = &sheet.student;
        let modules = sheet
            .modules
            .iter()
            .map(|f| {
                let id = f.enrolment.module_id;
                ContractModule {
                    name: f.module.as_ref().map_or_else(
                        || format!("module n° {id}"),
                        |m| format!("{} ({})", m.name, m.kind_label()),
                    ),
                    groups: f.attendance.as_ref().map_or_else(Vec::new, |a| {
                        a.groups
                            .iter()
                            .map(|g| match &g.leader {
                                Some(leader) => format!("{} ({leader})", g.label),
                                None => g.label.clone(),
                            })
                            .collect()
                    }),
                    schedules: match f.attendance {
                        None => Vec::new(),
                        Some(_) => {
                            let mine: Vec<_> =
                                schedules.iter().filter(|(m, ..)| *m == id).collect();
                            // The group is named when the student was in more than one.
                            mine.iter()
                                .map(|(_, group, text)| match mine.len() {
                                    1 => text.clone(),
                                    _ => format!("{group} : {text}"),
                                })
                                .collect()
                        }
                    },
                    start: f.enrolment.start_date,
                    stopped: f.enrolment.end_date,
                }
            })
            .collect();
        let attendance = sheet
            .modules
            .iter()
            .filter_map(|f| {
                let a = f.attendance.as_ref().filter(|a| a.marked() > 0)?;
                Some(ModuleAttendanceLine {
                    module: f.module.as_ref().map_or_else(
                        || format!("module n° {}", f.enrolment.module_id),
                        |m| m.name.clone(),
                    ),
                    summary: a.summary(),
                    detail: a.marks_detail(),
                })
            })
            .collect();
        Contract {
            establishment,
            name: s.display_name(),
            birth_date: s.birth_date,
            ine: s.ine.clone(),
            section: sheet
                .place
                .as_ref()
                .map(|p| format!("{} – {}", p.section_code, p.section_name)),
            school_year: sheet.place.as_ref().map(|p| p.school_year.clone()),
            referent: sheet.referent.as_ref().map(|r| r.display_name()),
            referent_role: sheet.referent.as_ref().map(|r| r.role.label().to_string()),
            proposal: s.proposal.map(|p| p.label().to_string()),
            pre_conseil: s.pre_conseil_date,
            difficulties: sheet
                .reperage
                .difficulties
                .iter()
                .map(|d| d.label.clone())
                .collect(),
            modules,
            first_checkin: s.first_checkin_date,
            next_checkin: s.next_checkin_date,
            commitments: s.commitments.clone(),
            checkins: sheet
                .checkins
                .iter()
                .map(|c| HeldCheckin {
                    date: c.date,
                    facts: crate::labels::checkin_facts(c).join(", "),
                    note: c.note.clone(),
                })
                .collect(),
            attendance,
            bilan_s1: s.bilan_s1.as_ref().map(|text| Dated {
                date: s.bilan_s1_date,
                text: text.clone(),
            }),
            decision_s2: s.decision_s2.map(|d| Dated {
                date: s.decision_s2_date,
                text: d.label().to_string(),
            }),
            exit_date: s.exit_date,
        }
    }
}
