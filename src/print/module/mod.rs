//! The fiche cadre of a support module: what the catalogue says of it, then the
//! year's groups from the planner, in counts only ([`ModuleSheet`]); the page
//! itself is [`blocks::document`], its wording in `data/documents/fiche_cadre.toml`.
//!
//! A fiche cadre goes to the académie: it never names a student.

pub mod blocks;
pub mod wording;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::labels::Label;
use crate::model::catalogue::Module;
use crate::model::planner::{Hours, hours_granted};
use crate::print::establishment::Establishment;
use crate::store::{Result, Store};

/// Everything printed on a fiche cadre; counts only, never a student.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleSheet {
    pub establishment: Option<Establishment>,
    /// `2026-2027`.
    pub school_year: String,
    pub code: String,
    pub name: String,
    /// « Soutien ».
    pub module_type: String,
    /// « psychosociales ».
    pub competence: String,
    /// Labels of the difficulty types the module answers.
    pub difficulties: Vec<String>,
    pub objectives: Option<String>,
    pub content: Option<String>,
    pub led_by: Option<String>,
    /// « 7 × 2 h ».
    pub format: Option<String>,
    /// Hours of one group: sessions × duration.
    pub hours_per_group: Option<f64>,
    pub group_size: Option<i64>,
    pub period: Option<String>,
    pub place: Option<String>,
    pub evaluation: Option<String>,
    /// Hours the fiche grants (the catalogue's figure).
    pub hours_granted: Option<f64>,
    pub retired: bool,
    /// The year's groups, in the planner's order (period, label).
    pub groups: Vec<SheetGroup>,
    /// Hours of every group of the year.
    pub planned: f64,
    pub delivered: f64,
    /// Hours granted for the year: its grants, else the fiche's figure.
    pub granted: Option<f64>,
}

/// One group of the year, as a fiche cadre tells it: no student, counts only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetGroup {
    /// « Groupe A ».
    pub label: String,
    /// « Ada Durand »; None: no leader yet.
    pub leader: Option<String>,
    /// « période 2 · le mardi de 14 h à 16 h · 7 séances du … au … · salle B12 ».
    pub schedule: String,
    /// Sessions not cancelled, and how many were held.
    pub sessions: usize,
    pub held: usize,
    /// Students in the group on the day printed.
    pub placed: usize,
    pub capacity: Option<u32>,
    pub planned: f64,
    pub delivered: f64,
}

impl ModuleSheet {
    /// The fiche cadre of `module_id` with its groups of `school_year`, on `today`.
    pub fn build(
        store: &Store,
        module_id: i64,
        school_year: &str,
        today: NaiveDate,
    ) -> Result<ModuleSheet> {
        let module = store
            .modules()?
            .into_iter()
            .find(|m| m.id == module_id)
            .ok_or_else(|| crate::store::StoreError::NotFound(format!("module n° {module_id}")))?;
        let (groups, sessions, _) = store.planner_year(school_year, today)?;
        let staff: HashMap<i64, String> = store
            .staff()?
            .into_iter()
            .map(|s| (s.id, s.display_name()))
            .collect();
        let labels: HashMap<String, String> = store
            .difficulty_types()?
            .into_iter()
            .map(|d| (d.code, d.label))
            .collect();
        let mut sheet_groups = Vec::new();
        let mut establishment = None;
        for row in groups.iter().filter(|g| g.group.module_id == module_id) {
            let g = &row.group;
            let mine: Vec<_> = sessions
                .iter()
                .filter(|s| s.group_id == g.id)
                .cloned()
                .collect();
            let hours = Hours::of(&mine);
            establishment = establishment.or(g.establishment_id);
            sheet_groups.push(SheetGroup {
                label: g.label.clone(),
                leader: g.leader_id.map(|id| {
                    staff
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| format!("membre n° {id}"))
                }),
                schedule: crate::print::contract::schedule::describe(g, &mine),
                sessions: row.sessions,
                held: row.held,
                placed: row.members,
                capacity: g.capacity,
                planned: hours.planned,
                delivered: hours.delivered,
            });
        }
        let grants = store.hours_grants(school_year)?;
        let establishment = of_establishment(store, establishment)?;
        Ok(ModuleSheet::from_parts(
            &module,
            &labels,
            establishment,
            school_year,
            sheet_groups,
            hours_granted(&grants, module_id),
        ))
    }

    /// The sheet of `module` and its groups; `grant`: the year's grants to it.
    pub fn from_parts(
        module: &Module,
        labels: &HashMap<String, String>,
        establishment: Option<Establishment>,
        school_year: &str,
        groups: Vec<SheetGroup>,
        grant: Option<f64>,
    ) -> ModuleSheet {
        let planned = groups.iter().map(|g| g.planned).fold(0.0, |a, b| a + b);
        let delivered = groups.iter().map(|g| g.delivered).fold(0.0, |a, b| a + b);
        ModuleSheet {
            establishment,
            school_year: school_year.to_string(),
            code: module.code.clone(),
            name: module.name.clone(),
            module_type: module.module_type.label().to_string(),
            competence: module.competence.label().to_string(),
            difficulties: module
                .difficulties
                .iter()
                .map(|code| labels.get(code).cloned().unwrap_or_else(|| code.clone()))
                .collect(),
            objectives: module.objectives.clone(),
            content: module.content.clone(),
            led_by: module.led_by.clone(),
            format: module.format_label(),
            hours_per_group: module.planned_hours(),
            group_size: module.group_size,
            period: module.period.clone(),
            place: module.place.clone(),
            evaluation: module.evaluation.clone(),
            hours_granted: module.hours_granted,
            retired: module.retired,
            groups,
            planned,
            delivered,
            granted: grant.or(module.hours_granted),
        }
    }
}

/// The establishment of the groups (the first one when they have none).
pub(crate) fn of_establishment(store: &Store, id: Option<i64>) -> Result<Option<Establishment>> {
    let all = store.establishments()?;
    Ok(id
        .and_then(|id| all.iter().find(|e| e.id == id))
        .or_else(|| all.first())
        .map(Establishment::from))
}
