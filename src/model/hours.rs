//! The hours budget of a school year: per module, per section, per establishment.
//!
//! Rules, as a team reads « heures par section » and « heures de l'établissement »:
//! - a **module**'s hours granted are its grants of the year; with none, the hours of
//!   its fiche cadre (`module.hours_granted`); over budget when more hours are planned;
//! - a **section** gets the whole hours of every group one of its students is or was
//!   in during the year: a group mixing two sections counts fully for both (the
//!   students of both sat through every hour), so section lines do not add up to the
//!   establishment's total, and each line names the sections it shares groups with;
//! - an **establishment** gets the hours of its groups (a group or grant with no
//!   establishment counts for the first one); its hours granted are its modules'
//!   hours granted plus its envelopes; it is over budget when more hours are planned
//!   than granted, as soon as anything is granted (nothing granted: no budget set).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::planner::{
    GroupMember, GroupSession, HoursGrant, ModuleGroup, ModuleHours, envelope_hours, hours_by,
    hours_granted,
};
use super::{Module, Section};

/// Tolerance when comparing hours (sums of durations in minutes / 60).
const EPSILON: f64 = 1e-9;

/// What the module lines are computed from (one year, one establishment or all).
#[derive(Debug, Clone, Copy)]
pub struct HoursInput<'a> {
    pub modules: &'a [Module],
    pub groups: &'a [ModuleGroup],
    pub sessions: &'a [GroupSession],
    pub members: &'a [GroupMember],
    pub grants: &'a [HoursGrant],
    /// Members still in a group on this day are « placed ».
    pub today: NaiveDate,
}

/// One line per module with a group or a grant, in the catalogue's order.
pub fn module_hours(input: &HoursInput) -> Vec<ModuleHours> {
    let module_of: HashMap<i64, i64> = input.groups.iter().map(|g| (g.id, g.module_id)).collect();
    let keys: Vec<(i64, i64)> = input.groups.iter().map(|g| (g.id, g.module_id)).collect();
    let hours = hours_by(&keys, input.sessions);
    let mut groups: HashMap<i64, usize> = HashMap::new();
    for g in input.groups {
        *groups.entry(g.module_id).or_default() += 1;
    }
    let mut placed: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for m in input.members.iter().filter(|m| m.is_current(input.today)) {
        if let Some(module) = module_of.get(&m.group_id) {
            placed.entry(*module).or_default().insert(m.student_id);
        }
    }
    input
        .modules
        .iter()
        .filter_map(|module| {
            let granted = hours_granted(input.grants, module.id);
            let count = groups.get(&module.id).copied().unwrap_or(0);
            if count == 0 && granted.is_none() {
                return None;
            }
            let h = hours.get(&module.id).copied().unwrap_or_default();
            Some(ModuleHours {
                module_id: module.id,
                code: module.code.clone(),
                name: module.name.clone(),
                groups: count,
                placed: placed.get(&module.id).map_or(0, BTreeSet::len),
                planned: h.planned,
                delivered: h.delivered,
                granted: granted.or(module.hours_granted),
            })
        })
        .collect()
}

/// The hours of one section: every group its students are or were in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionHours {
    pub section_id: i64,
    pub code: String,
    pub name: String,
    /// Groups with at least one of its students.
    pub groups: usize,
    pub planned: f64,
    pub delivered: f64,
    /// Codes of the other sections it shares at least one group with.
    pub shared_with: Vec<String>,
}

/// Hours per section from (group, section) pairs (see the module's rules), in
/// the order of `sections`; sections with no group are left out.
pub fn section_hours(
    group_sections: &[(i64, i64)],
    sections: &[Section],
    sessions: &[GroupSession],
) -> Vec<SectionHours> {
    let hours = hours_by(group_sections, sessions);
    let mut of_group: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (group, section) in group_sections {
        of_group.entry(*group).or_default().push(*section);
    }
    // Each section's groups' sections, by group: found once, not once per section.
    let mut groups_of: HashMap<i64, Vec<&Vec<i64>>> = HashMap::new();
    for secs in of_group.values() {
        let mut met: Vec<i64> = Vec::with_capacity(secs.len());
        for section in secs {
            if !met.contains(section) {
                met.push(*section);
                groups_of.entry(*section).or_default().push(secs);
            }
        }
    }
    let code = |id: i64| {
        sections
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("n° {id}"), |s| s.code.clone())
    };
    sections
        .iter()
        .filter_map(|section| {
            let h = hours.get(&section.id)?;
            let mine: &[&Vec<i64>] = groups_of.get(&section.id).map_or(&[], Vec::as_slice);
            let others: BTreeSet<i64> = mine
                .iter()
                .flat_map(|secs| secs.iter().copied())
                .filter(|s| *s != section.id)
                .collect();
            Some(SectionHours {
                section_id: section.id,
                code: section.code.clone(),
                name: section.name.clone(),
                groups: mine.len(),
                planned: h.planned,
                delivered: h.delivered,
                shared_with: others.into_iter().map(code).collect(),
            })
        })
        .collect()
}

/// The hours of an establishment (or of the whole file, see [`HoursReport::total`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EstablishmentHours {
    /// None: the whole file, or a file with no establishment yet.
    pub establishment_id: Option<i64>,
    pub name: String,
    pub planned: f64,
    pub delivered: f64,
    /// Hours granted to its modules (a module's fiche cadre when it has no grant).
    pub granted_modules: f64,
    /// Hours of its envelopes (grants to no module).
    pub envelopes: f64,
}

impl EstablishmentHours {
    /// Sums module lines and envelopes.
    pub fn of(
        establishment_id: Option<i64>,
        name: &str,
        lines: &[ModuleHours],
        envelopes: &[HoursGrant],
    ) -> EstablishmentHours {
        EstablishmentHours {
            establishment_id,
            name: name.to_string(),
            planned: lines.iter().map(|l| l.planned).sum(),
            delivered: lines.iter().map(|l| l.delivered).sum(),
            granted_modules: lines.iter().filter_map(|l| l.granted).sum(),
            envelopes: envelope_hours(envelopes),
        }
    }

    /// Modules' hours granted plus envelopes.
    pub fn granted(&self) -> f64 {
        self.granted_modules + self.envelopes
    }

    /// More hours planned than granted, when something is granted.
    pub fn over_budget(&self) -> bool {
        self.granted() > EPSILON && self.planned > self.granted() + EPSILON
    }

    fn add(&mut self, other: &EstablishmentHours) {
        self.planned += other.planned;
        self.delivered += other.delivered;
        self.granted_modules += other.granted_modules;
        self.envelopes += other.envelopes;
    }
}

/// Everything `passerelle modules`, the planner and `indicators` show of a year's hours.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HoursReport {
    pub school_year: String,
    /// All establishments together.
    pub modules: Vec<ModuleHours>,
    pub envelopes: Vec<HoursGrant>,
    pub sections: Vec<SectionHours>,
    /// One per establishment with groups or grants (all of them when there is one).
    pub establishments: Vec<EstablishmentHours>,
}

impl HoursReport {
    /// The whole file: every establishment added up.
    pub fn total(&self) -> EstablishmentHours {
        let mut total = EstablishmentHours {
            name: "Total".into(),
            ..EstablishmentHours::default()
        };
        for e in &self.establishments {
            total.add(e);
        }
        total
    }

    /// Modules with more hours planned than granted.
    pub fn over_budget(&self) -> Vec<&ModuleHours> {
        self.modules.iter().filter(|m| m.over_budget()).collect()
    }
}

/// The report of a year; `establishments` are (id, name), in display order.
pub fn hours_report(
    school_year: &str,
    input: &HoursInput,
    establishments: &[(i64, String)],
    sections: &[Section],
    group_sections: &[(i64, i64)],
) -> HoursReport {
    let first = establishments.first().map(|(id, _)| *id);
    let modules = module_hours(input);
    let envelopes: Vec<HoursGrant> = input
        .grants
        .iter()
        .filter(|g| g.module_id.is_none())
        .cloned()
        .collect();
    let per_establishment = match establishments {
        [] | [_] => {
            let name = establishments.first().map_or("Établissement", |(_, n)| n);
            vec![EstablishmentHours::of(first, name, &modules, &envelopes)]
        }
        _ => {
            let ids: Vec<i64> = establishments.iter().map(|(id, _)| *id).collect();
            establishments_module_hours(input, &ids, first)
                .into_iter()
                .map(|(id, lines, envelopes)| {
                    let name = establishments
                        .iter()
                        .find(|(e, _)| *e == id)
                        .map_or("", |(_, name)| name.as_str());
                    EstablishmentHours::of(Some(id), name, &lines, &envelopes)
                })
                .collect()
        }
    };
    HoursReport {
        school_year: school_year.to_string(),
        modules,
        envelopes,
        sections: section_hours(group_sections, sections, input.sessions),
        establishments: per_establishment,
    }
}

/// The module lines and envelopes of each establishment of `ids` (in that
/// order; one with neither group nor grant is left out), see
/// [`establishment_module_hours`].
pub fn establishments_module_hours(
    input: &HoursInput,
    ids: &[i64],
    first: Option<i64>,
) -> Vec<(i64, Vec<ModuleHours>, Vec<HoursGrant>)> {
    // Each establishment's sessions and members, sorted out in one pass: an
    // académie of 67 lycées would otherwise read every session 67 times.
    let parts = by_establishment(input, first);
    ids.iter()
        .filter_map(|id| {
            // Copied one establishment at a time: memory stays that of one lycée.
            let (sessions, members) = parts.get(id).map_or_else(
                || (Vec::new(), Vec::new()),
                |(s, m)| {
                    (
                        s.iter().map(|&i| input.sessions[i].clone()).collect(),
                        m.iter().map(|&i| input.members[i].clone()).collect(),
                    )
                },
            );
            let own = HoursInput {
                sessions: &sessions,
                members: &members,
                ..*input
            };
            let (lines, envelopes) = establishment_module_hours(&own, first, *id)?;
            Some((*id, lines, envelopes))
        })
        .collect()
}

/// Where the sessions and members of each establishment's groups are in
/// `input` (`first`: the establishment that groups with none count for).
type Parts = HashMap<i64, (Vec<usize>, Vec<usize>)>;

fn by_establishment(input: &HoursInput, first: Option<i64>) -> Parts {
    let owner: HashMap<i64, i64> = input
        .groups
        .iter()
        .filter_map(|g| Some((g.id, g.establishment_id.or(first)?)))
        .collect();
    let mut parts = Parts::new();
    for (i, s) in input.sessions.iter().enumerate() {
        if let Some(e) = owner.get(&s.group_id) {
            parts.entry(*e).or_default().0.push(i);
        }
    }
    for (i, m) in input.members.iter().enumerate() {
        if let Some(e) = owner.get(&m.group_id) {
            parts.entry(*e).or_default().1.push(i);
        }
    }
    parts
}

/// The module lines and envelopes of one establishment (`first`: the one that
/// groups and grants with no establishment count for); `None` when it has
/// neither group nor grant.
pub fn establishment_module_hours(
    input: &HoursInput,
    first: Option<i64>,
    id: i64,
) -> Option<(Vec<ModuleHours>, Vec<HoursGrant>)> {
    let mine = |e: Option<i64>| e.or(first) == Some(id);
    let groups: Vec<ModuleGroup> = input
        .groups
        .iter()
        .filter(|g| mine(g.establishment_id))
        .cloned()
        .collect();
    let grants: Vec<HoursGrant> = input
        .grants
        .iter()
        .filter(|g| mine(g.establishment_id))
        .cloned()
        .collect();
    if groups.is_empty() && grants.is_empty() {
        return None;
    }
    let lines = module_hours(&HoursInput {
        groups: &groups,
        grants: &grants,
        ..*input
    });
    let envelopes = grants
        .into_iter()
        .filter(|g| g.module_id.is_none())
        .collect();
    Some((lines, envelopes))
}

/// Reads hours granted as typed: "12", "12,5", "12 h"; empty, « 0 » or « aucune »
/// remove the grant (`Ok(None)`).
pub fn parse_grant(text: &str) -> Result<Option<f64>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || ["aucune", "aucun", "0"].contains(&trimmed.to_lowercase().as_str()) {
        return Ok(None);
    }
    match super::catalogue::parse_hours(trimmed) {
        Some(h) if h <= EPSILON => Ok(None),
        Some(h) if h <= 10_000.0 => Ok(Some(h)),
        Some(_) => Err(format!(
            "« {trimmed} » : plus de 10 000 heures, est-ce une erreur ?"
        )),
        None => Err(format!(
            "« {trimmed} » n'est pas un nombre d'heures (ex. 12 ou 12,5 ; 0 ou « aucune » retire)."
        )),
    }
}

#[cfg(test)]
mod tests;
