//! The project file's wording, read from `data/documents/projet.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/projet.toml");

/// The whole wording of the project file.
#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub footer_title: String,
    pub headings: Headings,
    pub aims: Aims,
    pub context: Context,
    pub difficulties: Listed,
    pub modules: Modules,
    pub envelopes: Envelopes,
    pub team: Team,
    pub calendar: Calendar,
}

#[derive(Debug, Deserialize)]
pub struct Headings {
    pub aims: String,
    pub context: String,
    pub difficulties: String,
    pub modules: String,
    pub envelopes: String,
    pub team: String,
    pub calendar: String,
}

#[derive(Debug, Deserialize)]
pub struct Aims {
    pub intro: String,
    pub points: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Context {
    pub intro: String,
    pub columns: Vec<String>,
    pub total: String,
    pub none: String,
}

/// An introduction, what to say when there is nothing, and a table's columns.
#[derive(Debug, Deserialize)]
pub struct Listed {
    pub intro: String,
    pub none: String,
    pub columns: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Modules {
    pub intro: String,
    pub none: String,
    pub columns: Vec<String>,
    pub total: String,
    pub none_granted: String,
}

#[derive(Debug, Deserialize)]
pub struct Envelopes {
    pub intro: String,
}

#[derive(Debug, Deserialize)]
pub struct Team {
    pub intro: String,
    pub none: String,
    pub columns: Vec<String>,
    pub coordinator: String,
    pub leads: String,
    pub referent: String,
}

#[derive(Debug, Deserialize)]
pub struct Calendar {
    pub intro: String,
    pub estimated: String,
    pub none: String,
    pub columns: Vec<String>,
    pub milestones: String,
    pub pre_conseil: String,
    pub pre_conseil_planned: String,
    pub checkins: String,
    pub checkins_none: String,
    pub checkin_week: String,
    pub bilan_s1: String,
    pub bilan_s1_value: String,
    pub bilan_s2: String,
    pub bilan_s2_value: String,
}

/// The wording shipped in the binary (checked by a test, so it always parses).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "projet.toml"));
    &WORDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_parses_with_the_columns_the_tables_fill() {
        let w: Wording = toml::from_str(SOURCE).expect("projet.toml");
        assert_eq!(w.context.columns.len(), 5);
        assert_eq!(w.difficulties.columns.len(), 2);
        assert_eq!(w.modules.columns.len(), 6);
        assert_eq!(w.team.columns.len(), 3);
        assert_eq!(w.calendar.columns.len(), 4);
        assert!(w.team.referent.contains("{eleves}"));
    }
}
