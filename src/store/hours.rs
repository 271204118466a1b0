//! The hours of each module in a school year, read once for the `modules` command
//! and the planner pane (F8).
//!
//! Hours granted to a module are its `hours_grant` rows of the year; a module
//! with none falls back on the hours its fiche cadre grants (`module.hours_granted`).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{Result, Store};
use crate::model::planner::{Hours, HoursGrant, ModuleHours, hours_granted};

impl Store {
    /// The hours table of a year, one line per module with a group or hours granted.
    pub fn hours_table(
        &self,
        school_year: &str,
        today: NaiveDate,
    ) -> Result<(Vec<ModuleHours>, Vec<HoursGrant>)> {
        let groups = self.groups_of_year(school_year, today)?;
        let sessions = self.sessions_of_year(school_year)?;
        let members = self.members_of_year(school_year)?;
        let grants = self.hours_grants(school_year)?;
        let module_of: HashMap<i64, i64> = groups
            .iter()
            .map(|g| (g.group.id, g.group.module_id))
            .collect();
        let mut lines = Vec::new();
        for module in self.modules()? {
            let of_module: Vec<i64> = groups
                .iter()
                .filter(|g| g.group.module_id == module.id)
                .map(|g| g.group.id)
                .collect();
            let granted = hours_granted(&grants, module.id).or(module.hours_granted);
            if of_module.is_empty() && hours_granted(&grants, module.id).is_none() {
                continue;
            }
            let hours = Hours::of(sessions.iter().filter(|s| of_module.contains(&s.group_id)));
            let placed: BTreeSet<i64> = members
                .iter()
                .filter(|m| m.is_current(today) && module_of.get(&m.group_id) == Some(&module.id))
                .map(|m| m.student_id)
                .collect();
            lines.push(ModuleHours {
                module_id: module.id,
                code: module.code.clone(),
                name: module.name.clone(),
                groups: of_module.len(),
                placed: placed.len(),
                planned: hours.planned,
                delivered: hours.delivered,
                granted,
            });
        }
        let envelopes = grants
            .into_iter()
            .filter(|g| g.module_id.is_none())
            .collect();
        Ok((lines, envelopes))
    }
}
