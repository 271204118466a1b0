//! A field value passed to the store, independent of the database library.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One value of a column: what an edit sets, what the journal records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// No value (SQL NULL).
    Null,
    /// An integer, also used for booleans and ids.
    Int(i64),
    /// A real number (hours).
    Real(f64),
    /// Text, dates (ISO 8601) and codes.
    Text(String),
}

impl Value {
    /// The text form, for messages and comparisons.
    pub fn display(&self) -> String {
        match self {
            Value::Null => "(vide)".to_string(),
            Value::Int(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Text(t) => t.clone(),
        }
    }

    /// The text inside, if any.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The integer inside, if any.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

impl From<f64> for Value {
    fn from(r: f64) -> Self {
        Value::Real(r)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Text(d.format("%Y-%m-%d").to_string())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Implements `From<Code> for Value` for the code enums.
macro_rules! code_values {
    ($($ty:ty),+) => {
        $(impl From<$ty> for Value {
            fn from(c: $ty) -> Self {
                Value::Text(c.code().to_string())
            }
        })+
    };
}

use super::codes::*;
code_values!(
    Sector,
    Schooling,
    ParcoursDifferencie,
    Domain,
    Verdict,
    Proposal,
    DecisionS2,
    ExitCause,
    ExitDestination,
    ExitReferral,
    DiplomaOutcome,
    ModuleType,
    CompetenceDomain,
    Attendance,
    Progress,
    Engagement,
    StaffRole,
    LifeArea
);
