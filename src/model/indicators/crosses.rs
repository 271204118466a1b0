//! « Est-ce que ça marche ? »: exits and passage crossed with what the team did.
//!
//! Each Bac Pro student falls in one cell of each cross but the difficulty
//! types (one cell per type retained, none when none):
//! - **verdict**: `repere`, `non_repere`, `sans_reperage` (no verdict, or *à revoir*);
//! - **acceptance**: `en_parcours` (accepted), `refuse` (proposed but refused),
//!   `en_attente` (proposed, no answer yet), `non_propose` (anything else);
//! - **status**: `en_parcours`, `repere_hors_parcours` (identified but not in a
//!   parcours: refused, not proposed or waiting), `non_repere` (not identified);
//! - **modules**: `avec_module` (followed at least one module), `sans_module`;
//! - **difficulty**: one cell per difficulty type code.
//!
//! Cells are keys `FAMILY:CODE` of [`super::Tally::crosses`].

use super::tally::Counted;
use crate::model::codes::{Proposal, Verdict};

/// One family of cells: its key, French title, and its fixed cells (code, label);
/// `difficulty` has no fixed cell (its codes come from the catalogue).
pub struct Cross {
    pub family: &'static str,
    pub title: &'static str,
    pub cells: &'static [(&'static str, &'static str)],
}

/// Every cross, in display order.
pub const CROSSES: &[Cross] = &[
    Cross {
        family: "verdict",
        title: "Selon le repérage",
        cells: &[
            ("repere", "repérés"),
            ("non_repere", "non repérés"),
            ("sans_reperage", "pas de repérage"),
        ],
    },
    Cross {
        family: "acceptance",
        title: "Selon la proposition",
        cells: &[
            ("en_parcours", "en parcours"),
            ("refuse", "proposé mais refusé"),
            ("en_attente", "proposé, sans réponse"),
            ("non_propose", "non proposé"),
        ],
    },
    Cross {
        family: "status",
        title: "Selon le statut",
        cells: &[
            ("en_parcours", "en parcours"),
            ("repere_hors_parcours", "repérés hors parcours"),
            ("non_repere", "non repérés"),
        ],
    },
    Cross {
        family: "modules",
        title: "Selon les modules suivis",
        cells: &[
            ("avec_module", "au moins un module"),
            ("sans_module", "aucun module"),
        ],
    },
    Cross {
        family: "difficulty",
        title: "Selon les types de difficulté",
        cells: &[],
    },
];

/// The fixed cells a Bac Pro student falls in, as (family, code), one per
/// family but `difficulty` (`followed`: at least one module); its difficulty
/// cells are its difficulty type codes.
pub fn fixed_cells(s: &Counted, followed: bool) -> [(&'static str, &'static str); 4] {
    let verdict = match s.verdict {
        Some(Verdict::Repere) => "repere",
        Some(Verdict::NonRepere) => "non_repere",
        Some(Verdict::ARevoir) | None => "sans_reperage",
    };
    let acceptance = match s.proposal {
        Some(Proposal::Accepte) => "en_parcours",
        Some(Proposal::Refuse) => "refuse",
        Some(Proposal::Propose) => "en_attente",
        Some(Proposal::NonNecessaire) | None => "non_propose",
    };
    let status = if s.in_parcours() {
        "en_parcours"
    } else if s.verdict == Some(Verdict::Repere) {
        "repere_hors_parcours"
    } else {
        "non_repere"
    };
    let modules = if followed {
        "avec_module"
    } else {
        "sans_module"
    };
    [
        ("verdict", verdict),
        ("acceptance", acceptance),
        ("status", status),
        ("modules", modules),
    ]
}

/// One row of a cross: cell code, label, its rates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrossRow {
    pub code: String,
    pub label: String,
    #[serde(flatten)]
    pub rates: super::OutcomeRates,
}

impl Cross {
    /// The rows of this cross in a tally: every fixed cell (0 when empty); for
    /// difficulty types, each type met, labelled by `label_of` (its code when unknown).
    pub fn rows(
        &self,
        tally: &super::Tally,
        label_of: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<CrossRow> {
        let prefix = format!("{}:", self.family);
        let cell = |code: &str| {
            tally
                .crosses
                .get(&format!("{prefix}{code}"))
                .copied()
                .unwrap_or_default()
        };
        if self.cells.is_empty() {
            let mut rows: Vec<CrossRow> = tally
                .crosses
                .iter()
                .filter_map(|(key, outcome)| {
                    let code = key.strip_prefix(&prefix)?;
                    Some(CrossRow {
                        code: code.to_string(),
                        label: label_of(code).unwrap_or_else(|| code.to_string()),
                        rates: super::OutcomeRates::of(outcome),
                    })
                })
                .collect();
            rows.sort_by(|a, b| a.label.cmp(&b.label));
            return rows;
        }
        self.cells
            .iter()
            .map(|(code, label)| CrossRow {
                code: code.to_string(),
                label: label.to_string(),
                rates: super::OutcomeRates::of(&cell(code)),
            })
            .collect()
    }
}
