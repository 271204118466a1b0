//! The BTS specialties of the national list (`data/bts_specialties.toml`), and
//! finding one from an abbreviation or a MEF label.

use std::sync::OnceLock;

use super::Sector;
use super::text::fold;

/// The specialties file, compiled in.
const SPECIALTIES_TOML: &str = include_str!("../../data/bts_specialties.toml");

/// One BTS specialty.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Specialty {
    /// Code of the section created for it (« NDRC »).
    pub code: String,
    /// Abbreviations met in division names, upper case, no accents.
    pub abbreviations: Vec<String>,
    /// The diploma's official title.
    pub title: String,
    /// Name of the section created for it (« BTS Négociation et … »).
    pub name: String,
    /// Group of the nomenclature des spécialités de formation (3 digits).
    pub nsf: String,
    /// Production (NSF 2xx) or services (NSF 3xx).
    pub sector: Sector,
    /// Whether the NSF group was read on an official record.
    #[serde(default)]
    pub verified: bool,
    /// BCN diploma codes (8 digits, « 320 » for a BTS, then the NSF group), one
    /// per option; the first one carries the group given in `nsf`.
    #[serde(default)]
    pub diploma_codes: Vec<String>,
    /// The abbreviation is shared with a bac pro: a division name must also say BTS.
    #[serde(default)]
    pub needs_bts_marker: bool,
    /// What could not be checked, or what the specialty replaced.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(serde::Deserialize)]
struct SpecialtiesFile {
    specialty: Vec<Specialty>,
}

/// Every specialty of the list, in file order.
pub fn specialties() -> &'static [Specialty] {
    static LIST: OnceLock<Vec<Specialty>> = OnceLock::new();
    // The file is compiled in and tested below, so a parse error is a build defect.
    LIST.get_or_init(|| {
        toml::from_str::<SpecialtiesFile>(SPECIALTIES_TOML)
            .map(|file| file.specialty)
            .unwrap_or_default()
    })
}

/// The specialty one of whose abbreviations is `word` (case and accents ignored).
pub fn by_abbreviation(word: &str) -> Option<&'static Specialty> {
    let word = fold(word.trim()).to_uppercase();
    specialties()
        .iter()
        .find(|s| s.abbreviations.contains(&word))
}

/// The specialty named in a free label (a MEF label): its whole title, else one of
/// its abbreviations as a word. `None` when none or several different ones match.
pub fn in_label(label: &str) -> Option<&'static Specialty> {
    let folded = words(label);
    let padded = format!(" {folded} ");
    let by_title: Vec<&Specialty> = specialties()
        .iter()
        .filter(|s| padded.contains(&format!(" {} ", words(&s.title))))
        .collect();
    if let [only] = by_title.as_slice() {
        return Some(only);
    }
    let mut found: Option<&'static Specialty> = None;
    for word in folded.split(' ') {
        if let Some(s) = by_abbreviation(word) {
            match found {
                Some(f) if f.code != s.code => return None,
                _ => found = Some(s),
            }
        }
    }
    found
}

/// Lower case, no accents, words separated by one space.
fn words(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sector a NSF group gives: 2xx production, 3xx services.
pub fn sector_of_nsf(nsf: &str) -> Option<Sector> {
    match nsf.chars().next() {
        Some('2') => Some(Sector::Production),
        Some('3') => Some(Sector::Services),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_file_parses_and_every_sector_follows_its_nsf_group() {
        let all: Vec<Specialty> = toml::from_str::<SpecialtiesFile>(SPECIALTIES_TOML)
            .expect("bts_specialties.toml parses")
            .specialty;
        assert!(all.len() >= 40, "{} specialties", all.len());
        for s in &all {
            assert_eq!(s.nsf.len(), 3, "{}: NSF {}", s.code, s.nsf);
            assert!(s.nsf.chars().all(|c| c.is_ascii_digit()), "{}", s.code);
            assert_eq!(sector_of_nsf(&s.nsf), Some(s.sector), "{}", s.code);
            assert!(!s.abbreviations.is_empty(), "{}", s.code);
            assert!(s.name.starts_with("BTS "), "{}", s.code);
        }
    }

    #[test]
    fn diploma_codes_are_bts_codes_of_the_nsf_group_and_sector() {
        let mut seen = HashSet::new();
        for s in specialties() {
            if s.verified {
                assert!(!s.diploma_codes.is_empty(), "{}: verified, no code", s.code);
            }
            for (i, c) in s.diploma_codes.iter().enumerate() {
                assert_eq!(c.len(), 8, "{}: {c}", s.code);
                assert!(c.chars().all(|d| d.is_ascii_digit()), "{}: {c}", s.code);
                assert!(c.starts_with("320"), "{}: {c} is not a BTS", s.code);
                assert_eq!(sector_of_nsf(&c[3..6]), Some(s.sector), "{}: {c}", s.code);
                if i == 0 {
                    assert_eq!(c[3..6], s.nsf, "{}: {c}", s.code);
                }
                assert!(seen.insert(c.clone()), "diploma code {c} twice");
            }
        }
    }

    #[test]
    fn codes_and_abbreviations_are_unique_and_written_as_matched() {
        let mut codes = HashSet::new();
        let mut abbreviations = HashSet::new();
        for s in specialties() {
            assert!(codes.insert(s.code.clone()), "code {} twice", s.code);
            for a in &s.abbreviations {
                assert_eq!(*a, fold(a).to_uppercase(), "{a}: upper case, no accents");
                assert!(abbreviations.insert(a.clone()), "abbreviation {a} twice");
            }
        }
    }

    #[test]
    fn finds_by_abbreviation_and_by_label() {
        assert_eq!(
            by_abbreviation("ndrc").map(|s| s.code.as_str()),
            Some("NDRC")
        );
        assert_eq!(by_abbreviation("SN").map(|s| s.code.as_str()), Some("CIEL"));
        assert_eq!(
            in_label("BTS NEGOCIATION ET DIGITALISATION DE LA RELATION CLIENT 1ERE ANNEE")
                .map(|s| s.sector),
            Some(Sector::Services)
        );
        assert_eq!(
            in_label("1BTS2 CIEL OPTION A").map(|s| s.code.as_str()),
            Some("CIEL")
        );
        // A renamed diploma is found under its new and its former MEF label.
        for label in [
            "1BTS1 BIOLOGIE MEDICALE",
            "2BTS2 ANALYSES DE BIOLOGIE MEDICALE",
        ] {
            assert_eq!(in_label(label).map(|s| s.code.as_str()), Some("ABM"));
        }
        assert_eq!(in_label("BTS MCO NDRC"), None);
        assert_eq!(in_label("SECONDE GENERALE"), None);
    }
}
