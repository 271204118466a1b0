//! The student sheet: everything shown about one student, built once from the
//! store and rendered by the student page, `passerelle show` and the printed documents.

use serde::{Deserialize, Serialize};

use super::{Checkin, Domain, Enrolment, LifeArea, Module, Staff, Student};

/// Whether the sheet carries the conditions de vie (notes, levels, comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sensitive {
    /// Counted, never copied: the default everywhere.
    Masked,
    /// Copied in clear: only after a logged reveal.
    Shown,
}

/// One student's whole parcours, ready to render (wording aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudentSheet {
    /// Identity, plan and decisions as recorded (no sensitive field lives here).
    pub student: Student,
    /// Section and promotion; `None` if the cohort is missing.
    pub place: Option<Place>,
    pub referent: Option<Staff>,
    /// Whether the next check-in is late on the day the sheet was built.
    pub checkin_overdue: bool,
    pub reperage: Reperage,
    /// Modules followed, oldest first.
    pub modules: Vec<ModuleFollowed>,
    /// Check-ins, oldest first.
    pub checkins: Vec<Checkin>,
    /// Changes to the student, newest first, described in French.
    pub history: Vec<HistoryEntry>,
    /// Whether the conditions de vie were copied into this sheet.
    pub sensitive: Sensitive,
}

/// Where the student is enrolled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub section_code: String,
    pub section_name: String,
    pub school_year: String,
}

/// The repérage: grid by domain, life notes, verdict and difficulty types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reperage {
    /// Every domain, in grid order, even when nothing is assessed.
    pub domains: Vec<DomainAssessment>,
    /// How many life notes exist (always known, never sensitive by itself).
    pub life_note_count: usize,
    /// The notes themselves: empty unless [`Sensitive::Shown`].
    pub life_notes: Vec<LifeNoteText>,
    /// Difficulty types retained by the team, with their French label.
    pub difficulties: Vec<Difficulty>,
}

/// The assessed criteria of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainAssessment {
    pub domain: Domain,
    /// Whether the values of this domain were withheld.
    pub masked: bool,
    /// Criteria with a recorded value, in grid order (retired ones included).
    pub cells: Vec<Assessment>,
}

/// One recorded grid value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub criterion: String,
    /// The criterion is no longer in the grid (its value is history).
    pub retired: bool,
    /// Whether a level was given (kept when masked: a count is not the level).
    pub has_level: bool,
    /// Level, comment and source; `None` when the domain is masked.
    pub value: Option<AssessedValue>,
}

/// What a grid value says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessedValue {
    pub level: Option<u8>,
    pub comment: Option<String>,
    pub source: Option<String>,
}

/// A life note in clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeNoteText {
    pub area: LifeArea,
    pub note: String,
}

/// A difficulty type: code and French label (the code if unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difficulty {
    pub code: String,
    pub label: String,
}

/// An enrolment and its module (`None` if the module is gone from the catalogue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleFollowed {
    pub enrolment: Enrolment,
    pub module: Option<Module>,
}

/// One journal line about the student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Entries of one batch were saved together.
    pub batch: i64,
    /// When, as stored (ISO 8601, UTC).
    pub at: String,
    pub user: String,
    /// What the user did, in their words (the batch label).
    pub label: String,
    /// French noun of the record changed (« point d'étape »).
    pub record: String,
    /// The change touched a sensitive value (never described).
    pub sensitive: bool,
    pub change: HistoryChange,
}

/// What one journal line changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HistoryChange {
    Added,
    Removed,
    /// A sensitive field changed: neither the field's values nor the values are kept.
    Masked,
    /// A field changed: French field label, old and new value as labels.
    Edited {
        field: String,
        old: String,
        new: String,
    },
}

impl StudentSheet {
    /// Recorded values of the masked domains (what `show` counts).
    pub fn masked_levels(&self) -> usize {
        self.reperage
            .domains
            .iter()
            .filter(|d| d.masked)
            .flat_map(|d| &d.cells)
            .filter(|c| c.has_level)
            .count()
    }
}
