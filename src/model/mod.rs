//! Pure domain types and rules: no database, no terminal.

pub mod academies;
pub mod calendar;
pub mod catalogue;
pub mod changes;
pub mod codes;
pub mod hours;
pub mod indicators;
pub mod meeting;
pub mod planner;
pub mod records;
pub mod sections;
pub mod sessions;
pub mod sheet;
pub mod specialties;
pub mod suggestion;
pub mod text;
pub mod uai;
pub mod value;

pub use academies::{Academie, academies, find_academie};
pub use catalogue::*;
pub use changes::*;
pub use codes::*;
pub use meeting::*;
pub use records::*;
// Durations are read and written in one place, for the catalogue and the planner alike.
pub use sessions::{minutes_label, parse_minutes};
pub use suggestion::{ModuleMatch, rank_modules};
pub use uai::{uai_check_letter, validate_uai};
pub use value::Value;

/// Parses an ISO date (`AAAA-MM-JJ`) or a French one (`JJ/MM/AAAA`).
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    // The stored form first, without chrono's format parser: lists of 100,000
    // students read several dates per row.
    if let Some(date) = stored_date(text).or_else(|| slashed_date(text)) {
        return Some(date);
    }
    // At most one of the two forms can match: the one whose separator the text has
    // is tried first (imports read a JJ/MM/AAAA date per row).
    let (first, second) = if text.contains('/') {
        ("%d/%m/%Y", "%Y-%m-%d")
    } else {
        ("%Y-%m-%d", "%d/%m/%Y")
    };
    chrono::NaiveDate::parse_from_str(text, first)
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, second))
        .ok()
}

/// `AAAA-MM-JJ` exactly (as stored), or `None` (then the general parsers decide).
pub(crate) fn stored_date(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    date_of_digits(&b[..4], &b[5..7], &b[8..])
}

/// `JJ/MM/AAAA` exactly, as SIECLE writes it, or `None` (then chrono decides).
fn slashed_date(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    date_of_digits(&b[6..], &b[3..5], &b[..2])
}

/// The date of year, month and day digits, if all are digits and the date exists.
fn date_of_digits(year: &[u8], month: &[u8], day: &[u8]) -> Option<chrono::NaiveDate> {
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(year)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// Parses a date as [`parse_date`] does, and also « aujourd'hui », « hier » and
/// « demain » (case, accents and apostrophes ignored).
pub fn parse_date_from(text: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    match text::fold(text.trim()).as_str() {
        "aujourdhui" | "auj" => Some(today),
        "hier" => today.pred_opt(),
        "demain" => today.succ_opt(),
        _ => parse_date(text),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_typed_as_words_too() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        for text in ["aujourd'hui", "Aujourd’hui", "AUJOURDHUI", "auj"] {
            assert_eq!(parse_date_from(text, today), Some(today), "{text}");
        }
        assert_eq!(parse_date_from("hier", today), today.pred_opt());
        assert_eq!(
            parse_date_from("02/11/2026", today),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
        );
        assert_eq!(parse_date_from("lundi", today), None);
    }

    #[test]
    fn names_fold_without_case_accents_apostrophes_or_hyphens() {
        assert_eq!(text::fold("N'DIAYE"), "ndiaye");
        assert_eq!(text::fold("N’Diaye"), "ndiaye");
        assert_eq!(text::fold("GARÇON Loïc"), "garcon loic");
        assert_eq!(text::fold("Marie-Lou"), "marie lou");
        assert_eq!(text::fold("Œuvrard"), "oeuvrard");
        // ASCII text takes a shortcut: same result as through the decomposition.
        assert_eq!(text::fold("O'Neil-Du_Pont`s X"), "oneil du ponts x");
        assert_eq!(text::fold("O'Neil-Du_Pont`s Xé"), "oneil du ponts xe");
    }

    #[test]
    fn stored_dates_parse_as_chrono_parses_them() {
        let chrono_parse = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        for text in [
            "2026-11-23",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "2026-1-5",
            "2026-11-2x",
            "+026-11-23",
            "",
        ] {
            assert_eq!(parse_date(text), chrono_parse(text), "{text}");
        }
        assert_eq!(
            parse_date(" 23/11/2026 "),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        let chrono_french = |t: &str| chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y").ok();
        for text in [
            "23/11/2026",
            "29/02/2024",
            "29/02/2025",
            "01/13/2026",
            "00/01/2026",
            "01/01/0000",
            "5/1/2026",
            "2x/11/2026",
            "23/11/+026",
            "23-11-2026",
        ] {
            assert_eq!(parse_date(text), chrono_french(text), "{text}");
        }
    }
}
