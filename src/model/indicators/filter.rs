//! Filters on tally keys, combinable; an unknown value is refused in French
//! with the valid ones listed (those present in the file).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::tally::TallyKey;
use crate::model::codes::Sector;
use crate::model::specialties::by_abbreviation;
use crate::model::text::fold;

/// What to keep; `None` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Section code (« NDRC »), in every establishment that has it.
    pub section: Option<String>,
    /// `production` or `services`.
    pub sector: Option<String>,
    /// UAI or name (case and accents ignored; a part of the name is enough).
    pub establishment: Option<String>,
    /// Specialty code or abbreviation (« NDRC », « SIO »).
    pub specialty: Option<String>,
    /// Cohort school year « AAAA-AAAA ».
    pub year: Option<String>,
}

fn same(a: &str, b: &str) -> bool {
    fold(a.trim()) == fold(b.trim())
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether a key is kept.
    pub fn keeps(&self, key: &TallyKey) -> bool {
        self.section.as_ref().is_none_or(|s| same(s, &key.section))
            && self
                .sector
                .as_ref()
                .is_none_or(|s| same(s, key.sector.code()))
            && self
                .establishment
                .as_ref()
                .is_none_or(|e| establishment_matches(e, key))
            && self
                .specialty
                .as_ref()
                .is_none_or(|s| specialty_matches(s, key))
            && self
                .year
                .as_ref()
                .is_none_or(|y| y.trim() == key.school_year)
    }

    /// Checks each value against the keys of the file: `Err` lists every
    /// unknown value with the valid ones. A well-formed year with no cohort
    /// is accepted (its figures are zero).
    pub fn check(&self, keys: &[&TallyKey]) -> Result<(), String> {
        let mut problems: Vec<String> = Vec::new();
        let unknown = |value: &Option<String>,
                       what: &str,
                       option: &str,
                       ok: &dyn Fn(&str, &TallyKey) -> bool,
                       valid: &dyn Fn(&TallyKey) -> String|
         -> Option<String> {
            let value = value.as_ref()?;
            if keys.iter().any(|k| ok(value, k)) {
                return None;
            }
            let list: BTreeSet<String> = keys.iter().map(|k| valid(k)).collect();
            let list = if list.is_empty() {
                "aucune dans ce fichier".to_string()
            } else {
                list.into_iter().collect::<Vec<_>>().join(", ")
            };
            Some(format!(
                "{option} « {value} » : {what}. Valeurs possibles : {list}."
            ))
        };
        problems.extend(unknown(
            &self.section,
            "section inconnue dans ce fichier",
            "--section",
            &|v, k| same(v, &k.section),
            &|k| k.section.clone(),
        ));
        if let Some(sector) = &self.sector
            && !Sector::ALL.iter().any(|s| same(sector, s.code()))
        {
            problems.push(format!(
                "--sector « {sector} » : secteur inconnu. Valeurs possibles : production, services."
            ));
        }
        problems.extend(unknown(
            &self.establishment,
            "établissement inconnu dans ce fichier",
            "--establishment",
            &establishment_matches,
            &|k| format!("{} ({})", k.uai, k.establishment),
        ));
        problems.extend(unknown(
            &self.specialty,
            "spécialité inconnue dans ce fichier",
            "--specialty",
            &specialty_matches,
            &|k| k.specialty.clone(),
        ));
        if let Some(year) = &self.year
            && !well_formed_year(year.trim())
        {
            problems.push(format!(
                "--year « {year} » : année scolaire invalide ; écrivez-la AAAA-AAAA, \
                 par exemple 2026-2027."
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// The filters in French (« section NDRC, promotion 2026-2027 »), empty when none.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            ("établissement", &self.establishment),
            ("spécialité", &self.specialty),
            ("secteur", &self.sector),
            ("section", &self.section),
            ("promotion", &self.year),
        ]
        .iter()
        .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} {v}")))
        .collect();
        parts.join(", ")
    }
}

fn establishment_matches(value: &str, key: &TallyKey) -> bool {
    let wanted = fold(value.trim());
    !wanted.is_empty() && (same(value, &key.uai) || fold(&key.establishment).contains(&wanted))
}

fn specialty_matches(value: &str, key: &TallyKey) -> bool {
    same(value, &key.specialty) || by_abbreviation(value).is_some_and(|s| s.code == key.specialty)
}

/// « 2026-2027 »: two years that follow each other.
pub fn well_formed_year(year: &str) -> bool {
    let Some((a, b)) = year.split_once('-') else {
        return false;
    };
    match (a.parse::<i32>(), b.parse::<i32>()) {
        (Ok(a), Ok(b)) => a.to_string().len() == 4 && b == a + 1,
        _ => false,
    }
}
