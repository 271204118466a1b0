//! The family sheet's wording, read from `data/documents/famille.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

static SOURCE: &str = include_str!("../../../data/documents/famille.toml");

/// The whole wording of the family sheet.
#[derive(Debug, Deserialize)]
pub struct Wording {
    pub title: String,
    pub subtitle: String,
    pub footer_title: String,
    pub greeting: String,
    pub intro: String,
    pub headings: Headings,
    pub proposal: ProposalWording,
    pub modules: Modules,
    pub checkins: Checkins,
    pub asked: Asked,
    pub contact: Contact,
    pub remarks: Remarks,
    pub signatures: Signatures,
}

/// Section headings.
#[derive(Debug, Deserialize)]
pub struct Headings {
    pub proposed: String,
    pub modules: String,
    pub checkins: String,
    pub asked: String,
    pub contact: String,
    pub remarks: String,
    pub signatures: String,
}

/// What the parcours is, and where the proposal stands.
#[derive(Debug, Deserialize)]
pub struct ProposalWording {
    pub parcours: String,
    pub proposed: String,
    pub accepted: String,
    pub other: String,
}

/// The modules, in plain words.
#[derive(Debug, Deserialize)]
pub struct Modules {
    pub intro: String,
    pub none: String,
    pub led_by: String,
    pub led_by_role: String,
    pub to_be_set: String,
    pub soutien: String,
    pub perseverance: String,
    pub renforce: String,
}

/// The points d'étape, explained.
#[derive(Debug, Deserialize)]
pub struct Checkins {
    pub explained: String,
    pub first: String,
    pub next: String,
    pub none: String,
}

/// What is asked of the family, and what the establishment does.
#[derive(Debug, Deserialize)]
pub struct Asked {
    pub intro: String,
    pub items: Vec<String>,
    pub ours: String,
}

/// Whom to contact.
#[derive(Debug, Deserialize)]
pub struct Contact {
    pub referent: String,
    pub email: String,
    pub no_referent: String,
    pub establishment: String,
    pub establishment_city: String,
    pub how: String,
}

/// The family's space for remarks.
#[derive(Debug, Deserialize)]
pub struct Remarks {
    pub intro: String,
    /// Blank lines left for writing.
    pub lines: usize,
}

/// Who signs.
#[derive(Debug, Deserialize)]
pub struct Signatures {
    pub place_date: String,
    pub family: String,
    pub student: String,
    pub referent: String,
}

/// The wording shipped in the binary (checked by a test, so it always parses).
pub fn wording() -> &'static Wording {
    static WORDING: LazyLock<Wording> =
        LazyLock::new(|| crate::print::parse_wording(SOURCE, "famille.toml"));
    &WORDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_parses_and_asks_the_family_something() {
        let w: Wording = toml::from_str(SOURCE).expect("famille.toml");
        assert!(w.asked.items.len() >= 3);
        assert!(w.remarks.lines > 0);
        assert!(w.signatures.place_date.contains("{ville}"));
    }
}
