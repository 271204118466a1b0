//! Indicators the team and the académie ask for, computed in two steps so that
//! figures merged from many lycées are the figures of one file holding them all:
//!
//! 1. students → [`Tally`] per [`TallyKey`] (académie, UAI, establishment,
//!    specialty, sector, section, cohort year): additive counts only;
//! 2. tallies → levels ([`levels::groups`]) → [`Rates`], from summed tallies only.
//!
//! Every count is over **Bac Pro students** (the public of the parcours, called
//! entrants), except `all_students`. When each rate is known: see [`rates`].
//! `today` is always a parameter: nothing here reads the clock.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::records::Student;

pub mod crosses;
pub mod filter;
pub mod levels;
pub mod period;
pub mod rates;
pub mod small_cells;
pub mod tally;

pub use crosses::{CROSSES, Cross};
pub use filter::{Filter, well_formed_year};
pub use levels::{Group, Level, groups, sector_label};
pub use period::ExitPeriod;
pub use rates::{OutcomeRates, Rate, Rates, main_rates};
pub use tally::{
    Counted, MISSING, ModuleTally, Outcome, Tallies, Tally, TallyKey, specialty_of, tally,
};

/// One student as the indicators see it: the student, where it is counted, the
/// modules it followed.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInput {
    pub student: Student,
    pub key: TallyKey,
    pub modules: Vec<ModuleFollowed>,
}

/// A module a student followed (enrolled in, or placed in one of its groups).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFollowed {
    /// Module code of the catalogue.
    pub code: String,
    /// The enrolment was stopped.
    pub stopped: bool,
    /// Marks « présent » or « retard » of the student in its sessions.
    pub attended: u64,
    /// Marks taken.
    pub marked: u64,
}

/// Every figure of a file (or of merged tallies), after the filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// The day the outcomes were judged known or not.
    pub today: NaiveDate,
    pub filter: Filter,
    /// Every level's groups, [`Level::Overall`] first (always one group).
    pub levels: BTreeMap<Level, Vec<Group>>,
}

impl Indicators {
    /// The whole (filtered) file as one group.
    pub fn overall(&self) -> &Group {
        // `groups` always returns one overall group; the fallback is never used.
        static EMPTY: std::sync::OnceLock<Group> = std::sync::OnceLock::new();
        self.levels
            .get(&Level::Overall)
            .and_then(|g| g.first())
            .unwrap_or_else(|| {
                EMPTY.get_or_init(|| groups(&Tallies::new(), Level::Overall).remove(0))
            })
    }

    /// The groups of a level.
    pub fn level(&self, level: Level) -> &[Group] {
        self.levels.get(&level).map_or(&[], Vec::as_slice)
    }
}

/// **The entry point**: the indicators of some students, filtered, on `today`.
/// `Err` is the French message of a filter value unknown in these students.
pub fn compute(
    inputs: &[IndicatorInput],
    filter: &Filter,
    today: NaiveDate,
) -> Result<Indicators, String> {
    from_owned_tallies(tally(inputs, today), filter, today)
}

/// The same from tallies (summed from several files, for instance).
pub fn from_tallies(
    tallies: &Tallies,
    filter: &Filter,
    today: NaiveDate,
) -> Result<Indicators, String> {
    filter.check(&tallies.keys().collect::<Vec<_>>())?;
    let kept: Tallies = tallies
        .iter()
        .filter(|(k, _)| filter.keeps(k))
        .map(|(k, t)| (k.clone(), t.clone()))
        .collect();
    Ok(levels_of(&kept, filter, today))
}

/// [`from_tallies`] of tallies no longer needed: those the filter keeps are
/// not copied.
pub fn from_owned_tallies(
    mut tallies: Tallies,
    filter: &Filter,
    today: NaiveDate,
) -> Result<Indicators, String> {
    filter.check(&tallies.keys().collect::<Vec<_>>())?;
    tallies.retain(|k, _| filter.keeps(k));
    Ok(levels_of(&tallies, filter, today))
}

/// Every level of the tallies kept.
fn levels_of(kept: &Tallies, filter: &Filter, today: NaiveDate) -> Indicators {
    let levels = Level::ALL
        .iter()
        .map(|level| (*level, groups(kept, *level)))
        .collect();
    Indicators {
        today,
        filter: filter.clone(),
        levels,
    }
}
