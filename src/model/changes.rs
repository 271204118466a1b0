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
}

/// A *conditions de vie* note about one area of a student's life.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLifeNote {
    pub student: i64,
    pub area: LifeArea,
    pub note: String,
}
