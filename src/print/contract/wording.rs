//! The contract's wording, read from `data/documents/contrat.toml` (one reviewable file).

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/contrat.toml");

/// The whole wording of the contract.
#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub footer_title: String,
    pub intro: String,
    pub headings: Headings,
    pub labels: Labels,
    pub reperage: Reperage,
    pub modules: Modules,
    pub checkins: Checkins,
    pub commitments: Commitments,
    pub follow_up: FollowUp,
    pub end_of_year: EndOfYear,
    pub signatures: Signatures,
}

#[derive(Debug, Deserialize)]
pub struct Headings {
    pub identity: String,
    pub reperage: String,
    pub modules: String,
    pub checkins: String,
    pub commitments: String,
    pub follow_up: String,
    pub end_of_year: String,
    pub signatures: String,
}

#[derive(Debug, Deserialize)]
pub struct Labels {
    pub name: String,
    pub birth: String,
    pub ine: String,
    pub section: String,
    pub year: String,
    pub referent: String,
    pub proposal: String,
    pub pre_conseil: String,
    pub not_given: String,
}

#[derive(Debug, Deserialize)]
pub struct Reperage {
    pub intro: String,
    pub none: String,
}

#[derive(Debug, Deserialize)]
pub struct Modules {
    pub intro: String,
    pub none: String,
    pub columns: Vec<String>,
    pub no_group: String,
    pub stopped: String,
}

#[derive(Debug, Deserialize)]
pub struct Checkins {
    pub intro: String,
    pub first: String,
    pub next: String,
    pub none: String,
}

#[derive(Debug, Deserialize)]
pub struct Commitments {
    pub student: String,
    pub team: String,
    pub own: String,
    pub none: String,
}

#[derive(Debug, Deserialize)]
pub struct FollowUp {
    pub held: String,
    pub columns: Vec<String>,
    pub attendance: String,
    pub attendance_columns: Vec<String>,
    pub bilan_s1: String,
    pub none: String,
}

#[derive(Debug, Deserialize)]
pub struct EndOfYear {
    pub decision: String,
    pub left: String,
}

#[derive(Debug, Deserialize)]
pub struct Signatures {
    pub place_date: String,
    pub student: String,
    pub referent: String,
    pub head: String,
    pub head_name: String,
}

/// The wording shipped in the binary (checked by a test, so it always parses).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "contrat.toml"));
    &WORDING
}

pub use crate::print::fill;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_parses_and_tables_have_three_columns() {
        let w: Wording = toml::from_str(SOURCE).expect("contrat.toml");
        assert_eq!(w.modules.columns.len(), 3);
        assert_eq!(w.follow_up.columns.len(), 3);
        assert_eq!(w.follow_up.attendance_columns.len(), 3);
        assert!(w.signatures.place_date.contains("{date}"));
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "Fait à {ville}, le {date}",
                &[("ville", "Créteil"), ("date", "1er mars")]
            ),
            "Fait à Créteil, le 1er mars"
        );
    }
}
