//! The report's wording, read from `data/documents/rapport.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/rapport.toml");

#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub one_year: String,
    pub all_years: String,
    pub filter: String,
    pub footer_title: String,
    pub intro: String,
    pub method: String,
    pub empty: String,
    pub headings: Headings,
    pub columns: Columns,
    pub counts: Counts,
    pub charts: Charts,
    pub crosses: Crosses,
    pub modules: Modules,
}

#[derive(Debug, Deserialize)]
pub struct Headings {
    pub overall: String,
    pub charts: String,
    pub levels: String,
    pub years: String,
    pub crosses: String,
    pub leavers: String,
    pub modules: String,
    pub method: String,
}

#[derive(Debug, Deserialize)]
pub struct Columns {
    pub figure: String,
    pub rate: String,
    pub group: String,
    pub entrants: String,
    pub in_parcours: String,
    pub dropout: String,
    pub passage: String,
    pub cell: String,
    pub module: String,
    pub students: String,
    pub attendance: String,
    pub hours: String,
}

#[derive(Debug, Deserialize)]
pub struct Counts {
    pub all_students: String,
    pub entrants: String,
    pub exits: String,
}

#[derive(Debug, Deserialize)]
pub struct Charts {
    pub in_parcours: String,
    pub hours: String,
    pub by_cause: String,
    pub by_month: String,
    pub by_destination: String,
    pub passage_by_sector: String,
    pub no_exit: String,
}

#[derive(Debug, Deserialize)]
pub struct Crosses {
    pub intro: String,
}

#[derive(Debug, Deserialize)]
pub struct Modules {
    pub stayed: String,
    pub none: String,
}

/// The wording shipped in the binary (parsed by a test).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "rapport.toml"));
    &WORDING
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wording_parses() {
        let w: super::Wording = toml::from_str(super::SOURCE).expect("rapport.toml");
        assert!(w.subtitle.contains("{portee}"));
        assert!(w.modules.stayed.contains("{taux}"));
    }
}
