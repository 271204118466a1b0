//! The project file for the académie's commission (« Ambition BTS » style): the
//! context in counts only, the modules with the hours asked for, the team, the
//! calendar ([`ProjectFile`]); the page is [`blocks::document`], its wording in
//! `data/documents/projet.toml`.
//!
//! Never a student's name, INE, birth date or free text: students are counted.

pub mod blocks;
mod calendar;
pub mod wording;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::labels::Label;
use crate::model::indicators::{Filter, Level, Tally, compute};
use crate::print::establishment::Establishment;
use crate::print::module::blocks::extra_hours;
use crate::store::{Result, Store};
pub use calendar::{PeriodLine, ProjectCalendar};

/// Everything printed on the project file; counts, modules, staff and dates only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectFile {
    pub establishment: Option<Establishment>,
    /// `2026-2027`.
    pub school_year: String,
    /// One line per section with students this year, then the total.
    pub sections: Vec<SectionLine>,
    pub total: SectionLine,
    /// (difficulty type, Bac Pro students for whom it was retained), most frequent first.
    pub difficulties: Vec<(String, usize)>,
    pub modules: Vec<ProjectModule>,
    /// Hours planned, granted and extra asked for, every module added up (folded from
    /// 0.0: an empty `sum` of floats is -0.0, printed « -0 h »).
    pub planned: f64,
    pub granted: f64,
    pub extra: f64,
    /// Hours granted to the project outside the modules: (label, hours).
    pub envelopes: Vec<(String, f64)>,
    pub team: Vec<TeamLine>,
    pub calendar: Option<ProjectCalendar>,
}

/// Counts of one section (or of all of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionLine {
    /// « NDRC – BTS Négociation et digitalisation de la relation client ».
    pub label: String,
    pub students: usize,
    pub bac_pro: usize,
    pub identified: usize,
    pub in_parcours: usize,
}

impl SectionLine {
    fn of(label: String, t: &Tally) -> SectionLine {
        let n = |count: u64| usize::try_from(count).unwrap_or(usize::MAX);
        SectionLine {
            label,
            students: n(t.all_students),
            bac_pro: n(t.entrants),
            identified: n(t.identified),
            in_parcours: n(t.accepted),
        }
    }
}

/// A module of the year with the hours asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectModule {
    pub name: String,
    /// « Soutien ».
    pub module_type: String,
    pub groups: usize,
    /// Hours the groups need (sessions not cancelled).
    pub planned: f64,
    /// Hours already granted (DHG or a grant of the year); None: none.
    pub granted: Option<f64>,
    /// Extra hours asked for: planned − granted, when positive.
    pub extra: Option<f64>,
}

/// A member of staff in the project: staff are not pupils, their names are printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamLine {
    /// « Ada Durand ».
    pub name: String,
    /// « professeur de BTS (lettres) ».
    pub role: String,
    pub coordinator: bool,
    /// Names of the modules the member leads a group of this year.
    pub leads: Vec<String>,
    /// Students of the year the member is référent of.
    pub referent_of: usize,
}

impl ProjectFile {
    /// The project file of `school_year` as the store holds it on `today`.
    pub fn build(store: &Store, school_year: &str, today: NaiveDate) -> Result<ProjectFile> {
        let rows = store.student_rows_in(Some(school_year))?;
        let mut inputs = store.indicator_inputs()?;
        inputs.retain(|i| i.key.school_year == school_year);
        // The students are those of the year already: an empty filter is never refused.
        let indicators = compute(&inputs, &Filter::default(), today).ok();
        let groups = indicators
            .as_ref()
            .map_or(&[][..], |i| i.level(Level::Section));
        let mut sections: Vec<SectionLine> = groups
            .iter()
            .map(|g| {
                let code = g.code.split(' ').next().unwrap_or_default();
                SectionLine::of(format!("{code} – {}", g.label), &g.tally)
            })
            .collect();
        sections.sort_by(|a, b| a.label.cmp(&b.label));
        let overall = indicators.as_ref().map(|i| i.overall().tally.clone());
        let total = SectionLine::of(String::new(), &overall.unwrap_or_default());

        let labels: HashMap<String, String> = store
            .difficulty_types()?
            .into_iter()
            .map(|d| (d.code, d.label))
            .collect();
        let mut retained: BTreeMap<String, usize> = BTreeMap::new();
        for row in rows.iter().filter(|r| r.student.bac_pro) {
            for code in &row.student.difficulties {
                let label = labels.get(code).cloned().unwrap_or_else(|| code.clone());
                *retained.entry(label).or_default() += 1;
            }
        }
        let mut difficulties: Vec<(String, usize)> = retained.into_iter().collect();
        difficulties.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

        let catalogue = store.modules()?;
        let report = store.hours_report(school_year, today)?;
        let modules: Vec<ProjectModule> = report
            .modules
            .iter()
            .filter(|m| m.groups > 0 || m.planned > 0.0)
            .map(|m| ProjectModule {
                name: m.name.clone(),
                module_type: catalogue
                    .iter()
                    .find(|c| c.id == m.module_id)
                    .map_or_else(String::new, |c| c.module_type.label().to_string()),
                groups: m.groups,
                planned: m.planned,
                granted: m.granted,
                extra: extra_hours(m.planned, m.granted),
            })
            .collect();
        let envelopes = report
            .envelopes
            .iter()
            .map(|g| (g.label.clone(), g.hours))
            .collect();

        let team = team(store, school_year, today, &rows, &catalogue)?;
        let establishment = store.establishments()?.first().map(Establishment::from);
        let calendar = calendar::of_year(store, school_year, &rows)?;
        Ok(ProjectFile {
            establishment,
            school_year: school_year.to_string(),
            sections,
            total,
            difficulties,
            planned: modules.iter().map(|m| m.planned).fold(0.0, |a, b| a + b),
            granted: modules
                .iter()
                .filter_map(|m| m.granted)
                .fold(0.0, |a, b| a + b),
            extra: modules
                .iter()
                .filter_map(|m| m.extra)
                .fold(0.0, |a, b| a + b),
            modules,
            envelopes,
            team,
            calendar,
        })
    }
}

/// Coordinators, module leaders and référents of the year: coordinators first,
/// then by last name.
fn team(
    store: &Store,
    school_year: &str,
    today: NaiveDate,
    rows: &[crate::store::StudentRow],
    catalogue: &[crate::model::Module],
) -> Result<Vec<TeamLine>> {
    let mut leads: HashMap<i64, Vec<String>> = HashMap::new();
    for row in store.groups_of_year(school_year, today)? {
        let (Some(leader), Some(module)) = (
            row.group.leader_id,
            catalogue.iter().find(|m| m.id == row.group.module_id),
        ) else {
            continue;
        };
        let names = leads.entry(leader).or_default();
        if !names.contains(&module.name) {
            names.push(module.name.clone());
        }
    }
    let mut referent_of: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        if let Some(id) = row.student.referent_id {
            *referent_of.entry(id).or_default() += 1;
        }
    }
    let mut staff = store.staff()?;
    staff.sort_by_key(|s| {
        (
            !s.coordinator,
            crate::store::fold(&format!("{} {}", s.last_name, s.first_name)),
        )
    });
    Ok(staff
        .into_iter()
        .filter_map(|s| {
            let leads = leads.remove(&s.id).unwrap_or_default();
            let referent_of = referent_of.get(&s.id).copied().unwrap_or(0);
            let coordinator = s.coordinator && s.active;
            if leads.is_empty() && referent_of == 0 && !coordinator {
                return None;
            }
            let role = match s.detail() {
                Some(detail) => format!("{} ({detail})", s.role.label()),
                None => s.role.label().to_string(),
            };
            Some(TeamLine {
                name: s.display_name(),
                role,
                coordinator,
                leads,
                referent_of,
            })
        })
        .collect())
}
