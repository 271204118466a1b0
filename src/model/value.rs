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
        Value::Text(iso_date(d))
    }
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it; the years 0–9999 without going
/// through its format parser (every imported birth date is written so).
pub fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike as _;
    let Ok(year) = u32::try_from(d.year()) else {
        return d.format("%Y-%m-%d").to_string();
    };
    if year > 9999 {
        return d.format("%Y-%m-%d").to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut out = String::with_capacity(10);
    out.extend([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(d.month() / 10),
        digit(d.month()),
        '-',
        digit(d.day() / 10),
        digit(d.day()),
    ]);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick writing is chrono's `%Y-%m-%d`, for every day of the years it writes
    /// and around them (negative years and past 9999 go through chrono).
    #[test]
    fn iso_date_is_chronos_format() {
        let chrono_text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let days = |from: NaiveDate, n: u64| from.iter_days().take(n as usize);
        let samples = [
            (NaiveDate::from_ymd_opt(-2, 12, 25), 20),
            (NaiveDate::from_ymd_opt(0, 1, 1), 800),
            (NaiveDate::from_ymd_opt(999, 12, 1), 60),
            (NaiveDate::from_ymd_opt(1999, 1, 1), 366 * 12),
            (NaiveDate::from_ymd_opt(9999, 12, 1), 60),
        ];
        let mut checked = 0;
        for (from, n) in samples {
            for d in days(from.expect("date"), n) {
                assert_eq!(iso_date(d), chrono_text(d), "{d:?}");
                checked += 1;
            }
        }
        assert!(checked > 5000);
        assert_eq!(
            iso_date(NaiveDate::from_ymd_opt(7, 3, 9).expect("date")),
            "0007-03-09"
        );
    }
}
