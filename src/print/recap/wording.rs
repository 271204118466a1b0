//! The recap's wording, read from `data/documents/recap.toml` (one reviewable file).

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/recap.toml");

/// The whole wording of the recap.
#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub footer_title: String,
    pub intro: String,
    pub labels: Labels,
    pub table: TableWording,
    pub counts: Counts,
}

/// Labels of the meeting's fields.
#[derive(Debug, Deserialize)]
pub struct Labels {
    pub date: String,
    pub year: String,
    pub sections: String,
    pub sections_many: String,
    pub attendees: String,
    pub attendees_none: String,
    pub not_given: String,
}

/// The students' table.
#[derive(Debug, Deserialize)]
pub struct TableWording {
    pub heading: String,
    pub columns: Vec<String>,
    pub no_decision: String,
    pub no_module: String,
    pub no_referent: String,
    pub no_checkin: String,
    pub empty: String,
}

/// The counts at the end.
#[derive(Debug, Deserialize)]
pub struct Counts {
    pub heading: String,
    pub seen: String,
    pub proposed: String,
    pub accepted: String,
    pub refused: String,
    pub not_needed: String,
    pub undecided: String,
    pub with_modules: String,
}

/// The wording shipped in the binary (checked by a test, so it always parses).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "recap.toml"));
    &WORDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_parses_and_the_table_has_five_columns() {
        let w: Wording = toml::from_str(SOURCE).expect("recap.toml");
        assert_eq!(w.table.columns.len(), 5);
        assert!(w.subtitle.contains("{date}"));
    }
}
