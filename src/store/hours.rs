//! The hours of each module in a school year, read once for the `modules` command
//! and the planner pane (F8).
//!
//! Hours granted to a module are its `hours_grant` rows of the year; a module
//! with none falls back on the hours its fiche cadre grants (`module.hours_granted`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{GroupRow, Result, Store};
use crate::model::Module;
use crate::model::planner::{
    GroupMember, GroupSession, Hours, HoursGrant, ModuleHours, hours_granted,
};

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
        let lines = hours_lines(
            &self.modules()?,
            &groups,
            &sessions,
            &members,
            &grants,
            today,
        );
        let envelopes = grants
            .into_iter()
            .filter(|g| g.module_id.is_none())
            .collect();
        Ok((lines, envelopes))
    }
}

/// One line per module (in `modules`' order) with a group or hours granted, from
/// a year's groups, sessions, members and grants (one pass over each).
pub fn hours_lines(
    modules: &[Module],
    groups: &[GroupRow],
    sessions: &[GroupSession],
    members: &[GroupMember],
    grants: &[HoursGrant],
    today: NaiveDate,
) -> Vec<ModuleHours> {
    let module_of: HashMap<i64, i64> = groups
        .iter()
        .map(|g| (g.group.id, g.group.module_id))
        .collect();
    let mut group_count: HashMap<i64, usize> = HashMap::new();
    for g in groups {
        *group_count.entry(g.group.module_id).or_default() += 1;
    }
    let mut hours: HashMap<i64, Hours> = HashMap::new();
    for s in sessions {
        if let Some(module) = module_of.get(&s.group_id) {
            hours.entry(*module).or_default().add(s);
        }
    }
    let placed: HashSet<(i64, i64)> = members
        .iter()
        .filter(|m| m.is_current(today))
        .filter_map(|m| Some((*module_of.get(&m.group_id)?, m.student_id)))
        .collect();
    let mut placed_count: HashMap<i64, usize> = HashMap::new();
    for (module, _) in &placed {
        *placed_count.entry(*module).or_default() += 1;
    }
    modules
        .iter()
        .filter_map(|module| {
            let groups = group_count.get(&module.id).copied().unwrap_or(0);
            let own_grant = hours_granted(grants, module.id);
            if groups == 0 && own_grant.is_none() {
                return None;
            }
            let h = hours.get(&module.id).copied().unwrap_or_default();
            Some(ModuleHours {
                module_id: module.id,
                code: module.code.clone(),
                name: module.name.clone(),
                groups,
                placed: placed_count.get(&module.id).copied().unwrap_or(0),
                planned: h.planned,
                delivered: h.delivered,
                granted: own_grant.or(module.hours_granted),
            })
        })
        .collect()
}
