//! Typed changes: what `app/` asks the store to write, without naming columns
//! (the store maps each one to its column in `store/changes.rs`).

use super::codes::*;
use chrono::NaiveDate;

/// One field of a student's row, with its new value.
#[derive(Debug, Clone, PartialEq)]
pub enum StudentField {
    LastName(String),
    FirstName(String),
    Ine(Option<String>),
    BirthDate(Option<NaiveDate>),
    BacPro(bool),
    BacProSpecialty(String),
    OriginLycee(String),
    Schooling(Schooling),
    ParcoursupRank(Option<i64>),
    ParcoursDifferencie(Option<ParcoursDifferencie>),
    Referent(Option<i64>),
    Verdict(Option<Verdict>),
    /// Difficulty type codes.
    Difficulties(Vec<String>),
    Proposal(Option<Proposal>),
    PreConseilDate(Option<NaiveDate>),
    Commitments(String),
    FirstCheckinDate(Option<NaiveDate>),
    BilanS1(String),
    BilanS1Date(Option<NaiveDate>),
    DecisionS2(Option<DecisionS2>),
    DecisionS2Date(Option<NaiveDate>),
    ExitDate(Option<NaiveDate>),
    ExitCause(Option<ExitCause>),
    ExitDestination(Option<ExitDestination>),
    ExitReferral(Option<ExitReferral>),
    ExitNote(Option<String>),
    Diploma(Option<DiplomaOutcome>),
    NextCheckinDate(Option<NaiveDate>),
}

/// One field of a grid cell (a student × criterion), with its new value.
#[derive(Debug, Clone, PartialEq)]
pub enum GridCellChange {
    /// Difficulty level 0–3, `None` for "not assessed".
    Level(Option<u8>),
    Comment(String),
}

/// A point d'étape to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheckin {
    pub student: i64,
    pub date: NaiveDate,
    pub attendance: Option<Attendance>,
    pub progress: Option<Progress>,
    pub engagement: Option<Engagement>,
    pub note: String,
}

/// A student's enrolment in a support module, starting on `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEnrolment {
    pub student: i64,
    pub module: i64,
    pub start: NaiveDate,
    /// The point d'étape it was chosen at (`None`: not at a point d'étape).
    pub checkin: Option<i64>,
}

/// A *conditions de vie* note about one area of a student's life.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLifeNote {
    pub student: i64,
    pub area: LifeArea,
    pub note: String,
}

/// One field of a team member's row, with its new value (`None`: emptied).
#[derive(Debug, Clone, PartialEq)]
pub enum StaffField {
    LastName(String),
    FirstName(String),
    Role(StaffRole),
    Discipline(Option<String>),
    Organisation(Option<String>),
    Email(Option<String>),
    Active(bool),
    Coordinator(bool),
}

/// A member of the team to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStaff {
    pub last_name: String,
    pub first_name: String,
    pub role: StaffRole,
    pub discipline: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    pub coordinator: bool,
}

impl NewStaff {
    /// An active member with only a name and a role.
    pub fn named(last_name: &str, first_name: &str, role: StaffRole) -> NewStaff {
        NewStaff {
            last_name: last_name.into(),
            first_name: first_name.into(),
            role,
            discipline: None,
            organisation: None,
            email: None,
            active: true,
            coordinator: false,
        }
    }

    /// Every field, as changes (to insert, or to compare with a row).
    pub fn fields(&self) -> Vec<StaffField> {
        vec![
            StaffField::LastName(self.last_name.clone()),
            StaffField::FirstName(self.first_name.clone()),
            StaffField::Role(self.role),
            StaffField::Discipline(self.discipline.clone()),
            StaffField::Organisation(self.organisation.clone()),
            StaffField::Email(self.email.clone()),
            StaffField::Active(self.active),
            StaffField::Coordinator(self.coordinator),
        ]
    }
}
