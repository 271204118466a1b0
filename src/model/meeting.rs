//! Pré-conseil meetings as kept in the database: the minutes of each one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::Proposal;
use super::records::RowMeta;

/// One pré-conseil meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub held_on: NaiveDate,
    /// School year of the students discussed (the filter's, when the meeting started).
    pub school_year: Option<String>,
    /// Who attended, as typed (names, roles).
    pub attendees: Option<String>,
    pub meta: RowMeta,
}

/// A student seen in a meeting, with the decisions as recorded then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingStudent {
    pub id: i64,
    pub meeting_id: i64,
    pub student_id: i64,
    pub proposal: Option<Proposal>,
    pub referent_id: Option<i64>,
    pub first_checkin_date: Option<NaiveDate>,
    pub commitments: Option<String>,
    /// Ids of the modules running for the student then.
    pub modules: Vec<i64>,
    pub meta: RowMeta,
}

/// A meeting with its students, in the order they were first recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeetingMinutes {
    pub meeting: Option<Meeting>,
    pub students: Vec<MeetingStudent>,
}
