//! The anonymous indicators file a lycée sends its académie
//! (`passerelle indicators --anonymous`), and its reading by `passerelle merge`.
//!
//! It holds additive counts only ([`Tally`] per [`TallyKey`]), the hours of the
//! modules per establishment and year, and the names of the codes (modules,
//! difficulty types): never a student's name, INE, birth date, free text, nor
//! a date finer than the month. The format is versioned: a reader refuses a
//! version it does not know (see README, « Pour l'académie »).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::ModuleType;
use crate::model::indicators::{Filter, Tallies, Tally, TallyKey};
use crate::model::planner::ModuleHours;

mod read;

pub use read::{MAX_FILE_BYTES, Merged, merge_files, read_file};

/// Value of the `format` key.
pub const FORMAT: &str = "passerelle-indicateurs";
/// The version this program writes and reads.
pub const VERSION: u64 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnonymousFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written by this program.
    pub version: u64,
    /// « passerelle 0.1.0 ».
    pub program: String,
    /// Month the file was produced, `AAAA-MM`.
    pub produced: String,
    /// The filters of `indicators` the file was produced with.
    pub filter: Filter,
    /// The establishments counted.
    pub establishments: Vec<EstablishmentRef>,
    /// One tally per key (section of an establishment, cohort year).
    pub tallies: Vec<KeyedTally>,
    /// Module hours per establishment and school year.
    pub hours: Vec<YearHours>,
    /// Names of the module codes of the tallies and hours.
    pub modules: Vec<ModuleName>,
    /// Labels of the difficulty type codes.
    pub difficulties: Vec<DifficultyName>,
}

/// An establishment: public identifiers only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstablishmentRef {
    pub uai: String,
    pub name: String,
    pub academie: String,
}

/// A tally and its key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedTally {
    pub key: TallyKey,
    pub tally: Tally,
}

/// The module hours of one establishment in one school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearHours {
    pub uai: String,
    pub school_year: String,
    /// Hours of the envelopes granted to projects (not to one module).
    pub envelopes: f64,
    pub modules: Vec<ModuleHoursLine>,
}

/// Hours of one module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleHoursLine {
    pub code: String,
    pub planned: f64,
    pub delivered: f64,
    /// None: no hours granted.
    pub granted: Option<f64>,
}

impl ModuleHoursLine {
    /// The line of a module of the hours report.
    pub fn of(m: &ModuleHours) -> ModuleHoursLine {
        ModuleHoursLine {
            code: m.code.clone(),
            planned: m.planned,
            delivered: m.delivered,
            granted: m.granted,
        }
    }
}

/// A module of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleName {
    pub code: String,
    pub name: String,
    pub module_type: ModuleType,
}

/// A difficulty type of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DifficultyName {
    pub code: String,
    pub label: String,
}

impl AnonymousFile {
    /// The file's tallies by key.
    pub fn tallies(&self) -> Tallies {
        self.tallies
            .iter()
            .map(|k| (k.key.clone(), k.tally.clone()))
            .collect()
    }

    /// The (UAI, cohort year) pairs it counts.
    pub fn cohorts(&self) -> BTreeSet<(String, String)> {
        self.tallies
            .iter()
            .map(|k| (k.key.uai.clone(), k.key.school_year.clone()))
            .collect()
    }

    /// The text of the file (pretty JSON, ending with a newline).
    pub fn to_text(&self) -> serde_json::Result<String> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}

/// « passerelle 0.1.0 ».
pub fn program() -> String {
    format!("passerelle {}", env!("CARGO_PKG_VERSION"))
}
