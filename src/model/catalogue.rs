//! The school's editable vocabularies: criteria, difficulty types, modules.
//!
//! A starter catalogue ships in `data/catalogue.toml`; `init` copies it into the
//! database, where a school can then add, rename or retire entries.

use serde::{Deserialize, Serialize};

use super::codes::{CompetenceDomain, Domain, ModuleType};
use super::records::RowMeta;
use super::sessions::minutes_label;

/// A repérage criterion (one column of the grid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: i64,
    pub code: String,
    pub domain: Domain,
    pub label: String,
    pub description: Option<String>,
    /// Difficulty type suggested when this criterion reaches level 2 or more.
    pub difficulty: Option<String>,
    pub position: i64,
    pub retired: bool,
    pub meta: RowMeta,
}

/// A kind of difficulty the diagnosis can reveal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DifficultyType {
    pub id: i64,
    pub code: String,
    pub label: String,
    pub description: Option<String>,
    /// Module types that answer this difficulty, best first.
    pub module_types: Vec<ModuleType>,
    pub retired: bool,
    pub meta: RowMeta,
}

/// A support module and its fiche cadre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub module_type: ModuleType,
    pub competence: CompetenceDomain,
    /// Difficulty type codes the module answers.
    pub difficulties: Vec<String>,
    pub objectives: Option<String>,
    pub content: Option<String>,
    pub led_by: Option<String>,
    pub sessions: Option<i64>,
    pub session_minutes: Option<i64>,
    pub group_size: Option<i64>,
    pub period: Option<String>,
    pub place: Option<String>,
    pub evaluation: Option<String>,
    /// Extra teaching hours granted by the académie for this module, if any.
    pub hours_granted: Option<f64>,
    pub retired: bool,
    pub meta: RowMeta,
}

impl Module {
    /// Its type as a student's record shows it, with « retiré » once it has left
    /// the catalogue (the students who followed it keep it).
    pub fn kind_label(&self) -> String {
        let kind = crate::labels::Label::label(self.module_type);
        if self.retired {
            format!("{kind}, retiré du catalogue")
        } else {
            kind.to_string()
        }
    }

    /// Teaching hours planned for one group: sessions × duration.
    pub fn planned_hours(&self) -> Option<f64> {
        Some(self.sessions? as f64 * self.session_minutes? as f64 / 60.0)
    }

    /// The format as the fiche cadre says it: "7 × 2 h", "6 × 1 h 30", "10 séances".
    pub fn format_label(&self) -> Option<String> {
        match (self.sessions, self.session_minutes) {
            (Some(n), Some(m)) => Some(format!("{n} × {}", minutes_label(m))),
            (Some(n), None) => Some(format!("{n} séance{}", if n > 1 { "s" } else { "" })),
            (None, Some(m)) => Some(format!("? × {}", minutes_label(m))),
            (None, None) => None,
        }
    }
}

/// Hours with a decimal comma: "12 h", "12,5 h".
pub fn hours_label(hours: f64) -> String {
    // An empty float sum is -0.0: never print « -0 h ».
    let hours = if hours.abs() < 0.005 { 0.0 } else { hours };
    let text = format!("{:.2}", hours);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{} h", text.replace('.', ","))
}

/// Reads a non-negative decimal number, with a comma or a point: "12", "12,5".
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    let value: f64 = text.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value)
}

/// Reads hours: "12", "12,5", "12 h", "12,5 heures".
pub fn parse_hours(text: &str) -> Option<f64> {
    let text = text.trim().to_lowercase();
    let text = text
        .strip_suffix("heures")
        .or_else(|| text.strip_suffix("heure"))
        .or_else(|| text.strip_suffix('h'))
        .unwrap_or(&text);
    parse_decimal(text)
}

/// A code not yet in `taken`: `base` itself, else `base_2`, `base_3`…
pub fn unique_code<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |code: &str| !taken.clone().any(|t| t.eq_ignore_ascii_case(code));
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|code| free(code))
        .unwrap_or_else(|| base.to_string())
}

/// Whether a code is acceptable: letters, digits, `_` or `-`, 40 characters at most.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= 40
        && code
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The starter catalogue as written in `data/catalogue.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub criteria: Vec<CriterionEntry>,
    pub difficulty_types: Vec<DifficultyEntry>,
    pub modules: Vec<ModuleEntry>,
}

/// A criterion in the catalogue file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionEntry {
    pub code: String,
    pub domain: Domain,
    pub label: String,
    pub description: Option<String>,
    pub difficulty: Option<String>,
    /// Retired entries stay in the database (for history) but are no longer offered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A difficulty type in the catalogue file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DifficultyEntry {
    pub code: String,
    pub label: String,
    pub description: Option<String>,
    pub module_types: Vec<ModuleType>,
    /// Retired entries are no longer suggested.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A module in the catalogue file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    pub code: String,
    pub name: String,
    pub module_type: ModuleType,
    pub competence: CompetenceDomain,
    #[serde(default)]
    pub difficulties: Vec<String>,
    pub objectives: Option<String>,
    pub content: Option<String>,
    pub led_by: Option<String>,
    pub sessions: Option<i64>,
    pub session_minutes: Option<i64>,
    pub group_size: Option<i64>,
    pub period: Option<String>,
    pub place: Option<String>,
    pub evaluation: Option<String>,
    /// Extra hours granted by the académie, if any.
    pub hours_granted: Option<f64>,
    /// Retired modules are no longer offered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// The catalogue shipped with the program.
pub const STARTER_CATALOGUE: &str = include_str!("../../data/catalogue.toml");

impl CatalogueFile {
    /// Parses and checks a catalogue: unique codes, known references.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let difficulty_codes: Vec<&str> = file
            .difficulty_types
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        let mut seen = std::collections::HashSet::new();
        let all_codes = file
            .criteria
            .iter()
            .map(|c| ("critère", &c.code))
            .chain(
                file.difficulty_types
                    .iter()
                    .map(|d| ("type de difficulté", &d.code)),
            )
            .chain(file.modules.iter().map(|m| ("module", &m.code)));
        for (kind, code) in all_codes {
            if !seen.insert((kind, code.clone())) {
                return Err(format!("{kind} « {code} » défini deux fois"));
            }
        }
        let references = file
            .criteria
            .iter()
            .filter_map(|c| c.difficulty.as_ref().map(|d| (&c.code, d)))
            .chain(
                file.modules
                    .iter()
                    .flat_map(|m| m.difficulties.iter().map(move |d| (&m.code, d))),
            );
        for (owner, code) in references {
            if !difficulty_codes.contains(&code.as_str()) {
                return Err(format!(
                    "« {owner} » cite un type de difficulté inconnu : « {code} »"
                ));
            }
        }
        Ok(file)
    }
}

/// What the grid suggests for one student.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestion {
    /// Difficulty type codes, most supported first.
    pub difficulties: Vec<String>,
    /// Module types, most supported first.
    pub module_types: Vec<ModuleType>,
}

/// Level from which a criterion counts as a difficulty.
pub const SUGGESTION_THRESHOLD: u8 = 2;

/// Suggests difficulty types and module types from a student's levels.
///
/// `levels` pairs each assessed criterion with its level.
pub fn suggest(levels: &[(&Criterion, u8)], difficulty_types: &[DifficultyType]) -> Suggestion {
    let weights = difficulty_weights(levels);
    let mut type_weights: Vec<(ModuleType, u32)> = Vec::new();
    for (code, weight) in &weights {
        let Some(kind) = difficulty_types.iter().find(|d| &d.code == code) else {
            continue;
        };
        for (rank, module_type) in kind.module_types.iter().enumerate() {
            let w = weight * 2 / (rank as u32 + 1);
            match type_weights.iter_mut().find(|(t, _)| t == module_type) {
                Some((_, total)) => *total += w,
                None => type_weights.push((*module_type, w)),
            }
        }
    }
    type_weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Suggestion {
        difficulties: weights.into_iter().map(|(c, _)| c).collect(),
        module_types: type_weights.into_iter().map(|(t, _)| t).collect(),
    }
}

/// Weight of each difficulty type in a student's grid: the sum of the levels of its
/// criteria at [`SUGGESTION_THRESHOLD`] or more; heaviest first, then by code.
pub fn difficulty_weights(levels: &[(&Criterion, u8)]) -> Vec<(String, u32)> {
    let mut weights: Vec<(String, u32)> = Vec::new();
    for (criterion, level) in levels {
        let (Some(code), true) = (&criterion.difficulty, *level >= SUGGESTION_THRESHOLD) else {
            continue;
        };
        match weights.iter_mut().find(|(c, _)| c == code) {
            Some((_, w)) => *w += u32::from(*level),
            None => weights.push((code.clone(), u32::from(*level))),
        }
    }
    weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_catalogue_is_valid() {
        let file = CatalogueFile::parse(STARTER_CATALOGUE).expect("valid catalogue");
        assert!(file.criteria.len() >= 9);
        for domain in Domain::ALL {
            assert!(file.criteria.iter().any(|c| c.domain == *domain));
        }
        for module_type in ModuleType::ALL {
            assert!(file.modules.iter().any(|m| m.module_type == *module_type));
        }
    }

    #[test]
    fn duplicate_and_unknown_codes_are_refused() {
        let dup = "criteria = []\nmodules = []\n[[difficulty_types]]\ncode='a'\nlabel='A'\nmodule_types=[]\n[[difficulty_types]]\ncode='a'\nlabel='B'\nmodule_types=[]\n";
        assert!(CatalogueFile::parse(dup).unwrap_err().contains("deux fois"));
        let unknown = "difficulty_types = []\nmodules = []\n[[criteria]]\ncode='c'\ndomain='projet_formation'\nlabel='C'\ndifficulty='zz'\n";
        assert!(
            CatalogueFile::parse(unknown)
                .unwrap_err()
                .contains("inconnu")
        );
    }

    #[test]
    fn hours_read_as_people_write_them() {
        assert_eq!(parse_hours("12,5"), Some(12.5));
        assert_eq!(parse_hours("12 h"), Some(12.0));
        assert_eq!(parse_hours("douze"), None);
        assert_eq!(parse_hours("-1"), None);
        assert_eq!(hours_label(12.0), "12 h");
        assert_eq!(hours_label(12.5), "12,5 h");
        assert_eq!(hours_label(-0.0), "0 h");
        assert_eq!(hours_label(std::iter::empty::<f64>().sum()), "0 h");
    }

    #[test]
    fn copied_codes_are_made_unique() {
        let taken = ["atelier", "atelier_2"];
        assert_eq!(unique_code("atelier", taken.iter().copied()), "atelier_3");
        assert_eq!(unique_code("autre", taken.iter().copied()), "autre");
        assert!(valid_code("soutien_maths"));
        assert!(!valid_code("deux mots"));
        assert!(!valid_code(""));
    }

    fn criterion(code: &str, difficulty: &str) -> Criterion {
        Criterion {
            id: 0,
            code: code.into(),
            domain: Domain::PerformancesScolaires,
            label: code.into(),
            description: None,
            difficulty: Some(difficulty.into()),
            position: 0,
            retired: false,
            meta: RowMeta::default(),
        }
    }

    #[test]
    fn suggestions_follow_high_levels() {
        let kinds = vec![
            DifficultyType {
                id: 1,
                code: "methodes".into(),
                label: "Méthodes".into(),
                description: None,
                module_types: vec![ModuleType::Soutien],
                retired: false,
                meta: RowMeta::default(),
            },
            DifficultyType {
                id: 2,
                code: "motivation".into(),
                label: "Motivation".into(),
                description: None,
                module_types: vec![ModuleType::Perseverance, ModuleType::Renforce],
                retired: false,
                meta: RowMeta::default(),
            },
        ];
        let a = criterion("a", "methodes");
        let b = criterion("b", "motivation");
        let s = suggest(&[(&a, 1), (&b, 3)], &kinds);
        assert_eq!(s.difficulties, vec!["motivation".to_string()]);
        assert_eq!(
            s.module_types,
            vec![ModuleType::Perseverance, ModuleType::Renforce]
        );
        assert_eq!(suggest(&[(&a, 0)], &kinds), Suggestion::default());
    }
}
