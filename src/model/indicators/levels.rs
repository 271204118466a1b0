//! Levels: the tallies of a file added up overall, by establishment, by BTS
//! specialty (the same BTS in three lycées is one row), by sector, by section
//! and by cohort year. Each group's rates come from its summed tally alone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rates::Rates;
use super::tally::{Tallies, Tally, TallyKey};
use crate::model::codes::Sector;

/// A way of grouping tallies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Overall,
    Establishment,
    Specialty,
    Sector,
    Section,
    CohortYear,
}

impl Level {
    /// The levels shown one table each, in display order.
    pub const ALL: &'static [Level] = &[
        Level::Overall,
        Level::Establishment,
        Level::Specialty,
        Level::Sector,
        Level::Section,
        Level::CohortYear,
    ];

    /// Stable code (JSON, CSV).
    pub fn code(self) -> &'static str {
        match self {
            Level::Overall => "ensemble",
            Level::Establishment => "etablissement",
            Level::Specialty => "specialite",
            Level::Sector => "secteur",
            Level::Section => "section",
            Level::CohortYear => "promotion",
        }
    }

    /// French title of its table.
    pub fn title(self) -> &'static str {
        match self {
            Level::Overall => "Ensemble",
            Level::Establishment => "Par établissement",
            Level::Specialty => "Par spécialité de BTS",
            Level::Sector => "Par secteur",
            Level::Section => "Par section",
            Level::CohortYear => "Par promotion",
        }
    }

    /// The group a key belongs to: (sort key, code, label, detail).
    fn group_of(self, k: &TallyKey) -> (String, String, String, String) {
        match self {
            Level::Overall => (
                String::new(),
                "ensemble".into(),
                "Ensemble".into(),
                String::new(),
            ),
            Level::Establishment => (
                format!("{}\u{0}{}", k.establishment, k.uai),
                k.uai.clone(),
                k.establishment.clone(),
                k.academie.clone(),
            ),
            Level::Specialty => (
                format!("{}\u{0}{}", k.specialty_name, k.specialty),
                k.specialty.clone(),
                k.specialty_name.clone(),
                sector_label(k.sector).into(),
            ),
            Level::Sector => (
                k.sector.code().into(),
                k.sector.code().into(),
                sector_label(k.sector).into(),
                String::new(),
            ),
            Level::Section => (
                format!("{}\u{0}{}\u{0}{}", k.establishment, k.uai, k.section),
                format!("{} {}", k.section, k.uai),
                k.section_name.clone(),
                format!("{} ({})", k.establishment, k.uai),
            ),
            Level::CohortYear => (
                k.school_year.clone(),
                k.school_year.clone(),
                k.school_year.clone(),
                String::new(),
            ),
        }
    }
}

/// « Production », « Services ».
pub fn sector_label(sector: Sector) -> &'static str {
    match sector {
        Sector::Production => "Production",
        Sector::Services => "Services",
    }
}

/// One row of a level: who it is, its summed tally and the rates of that tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// UAI, specialty code, sector code, « SECTION UAI », school year.
    pub code: String,
    /// Establishment, specialty or section name; sector; school year.
    pub label: String,
    /// Académie of an establishment, sector of a specialty, establishment of a section.
    pub detail: String,
    pub tally: Tally,
    pub rates: Rates,
}

impl Group {
    fn of(code: String, label: String, detail: String, tally: Tally) -> Group {
        Group {
            rates: Rates::of(&tally),
            code,
            label,
            detail,
            tally,
        }
    }
}

/// The groups of a level, sorted by name (sectors: production then services,
/// both always present; overall: one group, even with no student).
pub fn groups(tallies: &Tallies, level: Level) -> Vec<Group> {
    let mut sums: BTreeMap<String, (String, String, String, Tally)> = BTreeMap::new();
    if level == Level::Overall {
        sums.insert(
            String::new(),
            (
                "ensemble".into(),
                "Ensemble".into(),
                String::new(),
                Tally::default(),
            ),
        );
    }
    if level == Level::Sector {
        for s in Sector::ALL {
            sums.insert(
                s.code().into(),
                (
                    s.code().into(),
                    sector_label(*s).into(),
                    String::new(),
                    Tally::default(),
                ),
            );
        }
    }
    for (key, tally) in tallies {
        let (sort, code, label, detail) = level.group_of(key);
        let entry = sums
            .entry(sort)
            .or_insert_with(|| (code, label, detail, Tally::default()));
        entry.3 += tally;
    }
    sums.into_values()
        .map(|(code, label, detail, tally)| Group::of(code, label, detail, tally))
        .collect()
}
