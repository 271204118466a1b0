//! The fiche cadre's wording, read from `data/documents/fiche_cadre.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/fiche_cadre.toml");

/// The whole wording of the fiche cadre.
#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub footer_title: String,
    pub intro: String,
    pub retired: String,
    pub headings: Headings,
    pub labels: Labels,
    pub groups: Groups,
    pub hours: HoursWording,
}

#[derive(Debug, Deserialize)]
pub struct Headings {
    pub identity: String,
    pub objectives: String,
    pub content: String,
    pub organisation: String,
    pub evaluation: String,
    pub groups: String,
    pub hours: String,
}

#[derive(Debug, Deserialize)]
pub struct Labels {
    pub code: String,
    pub name: String,
    pub module_type: String,
    pub competence: String,
    pub difficulties: String,
    pub led_by: String,
    pub format: String,
    pub hours_per_group: String,
    pub group_size: String,
    pub period: String,
    pub place: String,
    pub hours_granted: String,
    pub not_given: String,
    pub no_difficulty: String,
    pub group_size_value: String,
}

#[derive(Debug, Deserialize)]
pub struct Groups {
    pub intro: String,
    pub none: String,
    pub columns: Vec<String>,
    pub no_leader: String,
    pub no_capacity: String,
}

/// Labels of the hours block (shared in shape with the project file's).
#[derive(Debug, Deserialize)]
pub struct HoursWording {
    pub planned: String,
    pub delivered: String,
    pub granted: String,
    pub none_granted: String,
    pub extra: String,
}

/// The wording shipped in the binary (checked by a test, so it always parses).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "fiche_cadre.toml"));
    &WORDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_parses_and_the_groups_table_has_five_columns() {
        let w: Wording = toml::from_str(SOURCE).expect("fiche_cadre.toml");
        assert_eq!(w.groups.columns.len(), 5);
        assert!(w.subtitle.contains("{annee}"));
    }
}
