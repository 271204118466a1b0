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
mod tests {
    use super::*;
    use crate::model::planner::SessionStatus;
    use crate::model::records::RowMeta;
    use crate::model::{CompetenceDomain, ModuleType, Sector};
    use chrono::NaiveTime;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    fn session(id: i64, group_id: i64, minutes: u32, status: SessionStatus) -> GroupSession {
        GroupSession {
            id,
            group_id,
            date: d(11, 3),
            start: NaiveTime::from_hms_opt(14, 0, 0).expect("time"),
            minutes,
            place: None,
            status,
            cancel_reason: None,
            meta: RowMeta::default(),
        }
    }

    fn group(id: i64, module_id: i64, establishment_id: Option<i64>) -> ModuleGroup {
        ModuleGroup {
            id,
            module_id,
            school_year: "2026-2027".into(),
            period: Some(2),
            label: format!("Groupe {id}"),
            leader_id: None,
            capacity: None,
            place: None,
            establishment_id,
            meta: RowMeta::default(),
        }
    }

    fn grant(id: i64, module_id: Option<i64>, hours: f64, e: Option<i64>) -> HoursGrant {
        HoursGrant {
            id,
            school_year: "2026-2027".into(),
            module_id,
            label: "DHG".into(),
            hours,
            establishment_id: e,
            meta: RowMeta::default(),
        }
    }

    fn module(id: i64, code: &str, fiche: Option<f64>) -> Module {
        Module {
            id,
            code: code.into(),
            name: code.to_uppercase(),
            module_type: ModuleType::ALL[0],
            competence: CompetenceDomain::ALL[0],
            difficulties: Vec::new(),
            objectives: None,
            content: None,
            led_by: None,
            sessions: None,
            session_minutes: None,
            group_size: None,
            period: None,
            place: None,
            evaluation: None,
            hours_granted: fiche,
            retired: false,
            meta: RowMeta::default(),
        }
    }

    fn section(id: i64, code: &str) -> Section {
        Section {
            id,
            establishment_id: 1,
            code: code.into(),
            name: format!("BTS {code}"),
            sector: Sector::ALL[0],
            meta: RowMeta::default(),
        }
    }

    /// Module 1 (« tut », fiche cadre 10 h): group 10, 3 × 2 h, one held, one
    /// cancelled → 4 h planned, 2 h delivered. Module 2 (« ref », no fiche
    /// hours): group 20, 4 × 1 h 30, two held → 6 h planned, 3 h delivered.
    fn sessions() -> Vec<GroupSession> {
        use SessionStatus::*;
        vec![
            session(1, 10, 120, Held),
            session(2, 10, 120, Planned),
            session(3, 10, 120, Cancelled),
            session(4, 20, 90, Held),
            session(5, 20, 90, Held),
            session(6, 20, 90, Planned),
            session(7, 20, 90, Planned),
        ]
    }

    #[test]
    fn a_group_of_two_sections_counts_fully_for_both() {
        // Group 10 has SIO and MCO students; group 20 only MCO students.
        let sections = [section(1, "SIO"), section(2, "MCO"), section(3, "NDRC")];
        let lines = section_hours(&[(10, 1), (10, 2), (20, 2)], &sections, &sessions());
        assert_eq!(lines.len(), 2, "NDRC has no group: left out");
        assert_eq!(lines[0].code, "SIO");
        assert_eq!((lines[0].planned, lines[0].delivered), (4.0, 2.0));
        assert_eq!(lines[0].groups, 1);
        assert_eq!(lines[0].shared_with, vec!["MCO".to_string()]);
        assert_eq!(lines[1].code, "MCO");
        assert_eq!((lines[1].planned, lines[1].delivered), (10.0, 5.0));
        assert_eq!(lines[1].groups, 2);
        assert_eq!(lines[1].shared_with, vec!["SIO".to_string()]);
    }

    #[test]
    fn establishment_adds_module_grants_fiche_cadre_and_envelopes() {
        let modules = [module(1, "tut", Some(10.0)), module(2, "ref", None)];
        let groups = [group(10, 1, Some(1)), group(20, 2, Some(1))];
        let sessions = sessions();
        let input = |grants: &[HoursGrant]| {
            hours_report(
                "2026-2027",
                &HoursInput {
                    modules: &modules,
                    groups: &groups,
                    sessions: &sessions,
                    members: &[],
                    grants,
                    today: d(11, 20),
                },
                &[(1, "Lycée A".into())],
                &[],
                &[],
            )
        };
        // Module 2 granted 5 h (< 6 h planned: over); module 1 falls back on its
        // fiche cadre (10 h); envelope 3 h. Granted 10 + 5 + 3 = 18 h ≥ 10 h planned.
        let grants = [
            grant(1, Some(2), 5.0, Some(1)),
            grant(2, None, 3.0, Some(1)),
        ];
        let report = input(&grants);
        assert_eq!(report.modules[0].granted, Some(10.0));
        assert_eq!(report.modules[1].granted, Some(5.0));
        assert_eq!(
            report
                .over_budget()
                .iter()
                .map(|m| m.module_id)
                .collect::<Vec<_>>(),
            vec![2]
        );
        let e = &report.establishments[0];
        assert_eq!((e.planned, e.delivered), (10.0, 5.0));
        assert_eq!(
            (e.granted_modules, e.envelopes, e.granted()),
            (15.0, 3.0, 18.0)
        );
        assert!(!e.over_budget());
        assert_eq!(report.total().granted(), 18.0);
        // The envelope removed and module 2's grant too: module 1's fiche cadre
        // alone (10 h) is what is granted; 10 h planned is not over.
        let report = input(&[]);
        assert_eq!(report.modules[1].granted, None);
        assert_eq!(report.establishments[0].granted(), 10.0);
        assert!(!report.establishments[0].over_budget());
    }

    #[test]
    fn establishment_over_its_grants_is_flagged_only_with_a_budget() {
        let mut e = EstablishmentHours {
            planned: 20.0,
            granted_modules: 12.0,
            envelopes: 7.5,
            ..EstablishmentHours::default()
        };
        assert!(e.over_budget());
        e.envelopes = 8.0;
        assert!(!e.over_budget(), "exactly the hours granted");
        e.granted_modules = 0.0;
        e.envelopes = 0.0;
        assert!(!e.over_budget(), "nothing granted: no budget to exceed");
    }

    #[test]
    fn several_establishments_each_get_their_groups_and_grants() {
        let modules = [module(1, "tut", None), module(2, "ref", None)];
        // Group 10 has no establishment: it counts for the first one.
        let groups = [group(10, 1, None), group(20, 2, Some(2))];
        let sessions = sessions();
        let grants = [
            grant(1, Some(1), 3.0, Some(1)),
            grant(2, Some(2), 8.0, Some(2)),
            grant(3, None, 2.0, None),
        ];
        let report = hours_report(
            "2026-2027",
            &HoursInput {
                modules: &modules,
                groups: &groups,
                sessions: &sessions,
                members: &[],
                grants: &grants,
                today: d(11, 20),
            },
            &[
                (1, "Lycée A".into()),
                (2, "Lycée B".into()),
                (3, "Lycée C".into()),
            ],
            &[],
            &[],
        );
        assert_eq!(report.establishments.len(), 2, "Lycée C has nothing");
        let [a, b] = [&report.establishments[0], &report.establishments[1]];
        assert_eq!(
            (a.name.as_str(), a.planned, a.granted()),
            ("Lycée A", 4.0, 5.0)
        );
        assert_eq!(
            (b.name.as_str(), b.planned, b.granted()),
            ("Lycée B", 6.0, 8.0)
        );
        assert!(!a.over_budget() && !b.over_budget());
        let total = report.total();
        assert_eq!(
            (total.planned, total.granted(), total.envelopes),
            (10.0, 13.0, 2.0)
        );
    }

    #[test]
    fn grants_are_read_with_a_comma_and_removed_by_zero_or_aucune() {
        assert_eq!(parse_grant("12,5"), Ok(Some(12.5)));
        assert_eq!(parse_grant(" 14 h "), Ok(Some(14.0)));
        assert_eq!(parse_grant(""), Ok(None));
        assert_eq!(parse_grant("0"), Ok(None));
        assert_eq!(parse_grant("0,0"), Ok(None));
        assert_eq!(parse_grant("Aucune"), Ok(None));
        assert!(parse_grant("douze").is_err());
        assert!(parse_grant("-3").is_err());
        assert!(parse_grant("20000").is_err());
    }
}
