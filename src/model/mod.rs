//! Pure domain types and rules: no database, no terminal.

pub mod catalogue;
pub mod codes;
pub mod indicators;
pub mod meeting;
pub mod records;
pub mod suggestion;
pub mod text;
pub mod value;

pub use catalogue::*;
pub use codes::*;
pub use meeting::*;
pub use records::*;
pub use suggestion::{ModuleMatch, rank_modules};
pub use value::Value;

/// Parses an ISO date (`AAAA-MM-JJ`) or a French one (`JJ/MM/AAAA`).
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// The school year (`2026-2027`) a date belongs to; a year starts on 1 August.
pub fn school_year_of(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{}-{}", start, start + 1)
}
