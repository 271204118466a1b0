//! Indicators the team and the académie ask for, computed from the students alone.
//!
//! Every count is over **Bac Pro students only** (the public of the parcours),
//! except `all_students`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::Serialize;

use super::catalogue::Module;
use super::codes::*;
use super::records::{Enrolment, Student};

/// One student as the indicators see it: the student, its section and cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInput {
    pub student: Student,
    /// Section code, e.g. `NDRC`.
    pub section_code: String,
    pub section_name: String,
    pub sector: Sector,
    /// School year of the cohort (year of entry in 1st year), e.g. `2026-2027`.
    pub school_year: String,
}

/// The indicators of one group of students (all, one sector, one section).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Counts {
    /// All students of the group, Bac Pro or not (denominator of the share of Bac Pro students).
    pub all_students: usize,
    /// Students coming from a Bac Pro.
    pub bac_pro_students: usize,
    /// Bac Pro students whose repérage verdict is *repéré*.
    pub identified: usize,
    /// Bac Pro students in a parcours de consolidation (proposal *accepté*).
    pub in_parcours: usize,
    /// `in_parcours / bac_pro_students`; `None` without Bac Pro students.
    pub share_in_parcours: Option<f64>,
    /// Bac Pro students who left the training (an exit date is recorded).
    pub dropouts: usize,
    /// Dropouts by cause code (every cause listed; `non_renseignee` when missing).
    pub dropouts_by_cause: BTreeMap<String, usize>,
    /// Dropouts by destination code (every destination listed; `non_renseignee` when missing).
    pub dropouts_by_destination: BTreeMap<String, usize>,
    /// Dropouts by when they happened, see [`ExitPeriod`].
    pub dropouts_by_period: BTreeMap<String, usize>,
    /// Bac Pro students with an S2 decision *passage* or *BTS en 3 ans*.
    pub passed_to_second_year: usize,
    /// Bac Pro students with an S2 decision *redoublement*.
    pub repeating: usize,
    /// Bac Pro students with an S2 decision *BTS en 3 ans*.
    pub bts_in_3_years: usize,
    /// Bac Pro students whose first year has an outcome: an S2 decision or an exit.
    pub known_outcome: usize,
    /// `passed_to_second_year / known_outcome`; `None` when no outcome is known.
    pub passage_rate: Option<f64>,
    /// Bac Pro students who obtained the BTS in 2 years.
    pub bts_obtained_2_years: usize,
    /// Bac Pro students who obtained the BTS in 3 years.
    pub bts_obtained_3_years: usize,
    /// Bac Pro students with a recorded diploma outcome (obtained or not).
    pub diploma_known: usize,
}

/// When in the parcours a student left (key of `dropouts_by_period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitPeriod {
    /// From the rentrée to the end of October (repérage, pré-conseil).
    BeforePreConseil,
    /// November to January.
    Semester1,
    /// February to the end of the school year.
    Semester2,
    /// In a later school year than the year of entry.
    LaterYear,
}

impl ExitPeriod {
    /// Every period, in time order.
    pub const ALL: &'static [ExitPeriod] = &[
        ExitPeriod::BeforePreConseil,
        ExitPeriod::Semester1,
        ExitPeriod::Semester2,
        ExitPeriod::LaterYear,
    ];

    /// Stable key used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            ExitPeriod::BeforePreConseil => "avant_pre_conseil",
            ExitPeriod::Semester1 => "semestre_1",
            ExitPeriod::Semester2 => "semestre_2",
            ExitPeriod::LaterYear => "annee_suivante",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ExitPeriod::BeforePreConseil => "avant le pré-conseil",
            ExitPeriod::Semester1 => "au semestre 1",
            ExitPeriod::Semester2 => "au semestre 2",
            ExitPeriod::LaterYear => "après la 1re année",
        }
    }

    /// Period of an exit on `date` for a cohort entering in `school_year`.
    pub fn of(date: chrono::NaiveDate, school_year: &str) -> ExitPeriod {
        if super::school_year_of(date) != school_year {
            return ExitPeriod::LaterYear;
        }
        match date.month() {
            8..=10 => ExitPeriod::BeforePreConseil,
            11 | 12 | 1 => ExitPeriod::Semester1,
            _ => ExitPeriod::Semester2,
        }
    }
}

/// Indicators of one section, with its name and sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionIndicators {
    pub name: String,
    pub sector: Sector,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Indicators overall, by sector and by section.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Indicators {
    pub overall: Counts,
    /// Keyed by sector code (`production`, `services`); both always present.
    pub by_sector: BTreeMap<String, Counts>,
    /// Keyed by section code.
    pub by_section: BTreeMap<String, SectionIndicators>,
}

/// Keeps the students of one cohort school year (`None`: all).
pub fn filter_year(rows: Vec<IndicatorInput>, year: Option<&str>) -> Vec<IndicatorInput> {
    match year {
        Some(year) => rows.into_iter().filter(|r| r.school_year == year).collect(),
        None => rows,
    }
}

/// Computes the indicators of `rows`.
pub fn compute(rows: &[IndicatorInput]) -> Indicators {
    let mut indicators = Indicators::default();
    for sector in Sector::ALL {
        let of_sector: Vec<&IndicatorInput> = rows.iter().filter(|r| r.sector == *sector).collect();
        indicators
            .by_sector
            .insert(sector.code().to_string(), counts(&of_sector));
    }
    let codes: BTreeSet<&str> = rows.iter().map(|r| r.section_code.as_str()).collect();
    for code in codes {
        let of_section: Vec<&IndicatorInput> =
            rows.iter().filter(|r| r.section_code == code).collect();
        let first = of_section[0];
        indicators.by_section.insert(
            code.to_string(),
            SectionIndicators {
                name: first.section_name.clone(),
                sector: first.sector,
                counts: counts(&of_section),
            },
        );
    }
    indicators.overall = counts(&rows.iter().collect::<Vec<_>>());
    indicators
}

const MISSING: &str = "non_renseignee";

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn counts(rows: &[&IndicatorInput]) -> Counts {
    let mut c = Counts {
        all_students: rows.len(),
        ..Counts::default()
    };
    for cause in ExitCause::ALL {
        c.dropouts_by_cause.insert(cause.code().to_string(), 0);
    }
    for destination in ExitDestination::ALL {
        c.dropouts_by_destination
            .insert(destination.code().to_string(), 0);
    }
    for period in ExitPeriod::ALL {
        c.dropouts_by_period.insert(period.code().to_string(), 0);
    }
    for row in rows.iter().filter(|r| r.student.bac_pro) {
        let s = &row.student;
        c.bac_pro_students += 1;
        c.identified += usize::from(s.verdict == Some(Verdict::Repere));
        c.in_parcours += usize::from(s.in_parcours());
        if let Some(date) = s.exit_date {
            c.dropouts += 1;
            let cause = s.exit_cause.map_or(MISSING, |x| x.code());
            *c.dropouts_by_cause.entry(cause.to_string()).or_default() += 1;
            let destination = s.exit_destination.map_or(MISSING, |x| x.code());
            *c.dropouts_by_destination
                .entry(destination.to_string())
                .or_default() += 1;
            let period = ExitPeriod::of(date, &row.school_year).code();
            *c.dropouts_by_period.entry(period.to_string()).or_default() += 1;
        }
        match s.decision_s2 {
            Some(DecisionS2::Passage) => c.passed_to_second_year += 1,
            Some(DecisionS2::Bts3Ans) => {
                c.passed_to_second_year += 1;
                c.bts_in_3_years += 1;
            }
            Some(DecisionS2::Redoublement) => c.repeating += 1,
            None => {}
        }
        c.known_outcome += usize::from(s.decision_s2.is_some() || s.exit_date.is_some());
        match s.diploma {
            Some(DiplomaOutcome::Obtenu2Ans) => c.bts_obtained_2_years += 1,
            Some(DiplomaOutcome::Obtenu3Ans) => c.bts_obtained_3_years += 1,
            _ => {}
        }
        c.diploma_known += usize::from(s.diploma.is_some());
    }
    c.share_in_parcours = ratio(c.in_parcours, c.bac_pro_students);
    c.passage_rate = ratio(c.passed_to_second_year, c.known_outcome);
    c
}

/// Use of one support module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleIndicator {
    pub code: String,
    pub name: String,
    pub module_type: ModuleType,
    /// Distinct students ever enrolled (among the students counted).
    pub students_enrolled: usize,
    /// Of those, students whose enrolment was stopped (an end date is set).
    pub students_stopped: usize,
    /// Hours for one group: sessions × duration ([`Module::planned_hours`]).
    pub planned_hours: Option<f64>,
    /// Groups needed for the enrolled students (`students / group size`, rounded up).
    pub groups: Option<usize>,
    /// `planned_hours × groups`.
    pub planned_hours_all_groups: Option<f64>,
    /// Extra hours granted by the académie.
    pub hours_granted: Option<f64>,
}

/// Module use among the students in `students` (ids), modules in catalogue order.
pub fn module_indicators(
    modules: &[Module],
    enrolments: &[Enrolment],
    students: &BTreeSet<i64>,
) -> Vec<ModuleIndicator> {
    modules
        .iter()
        .filter_map(|m| {
            let mine: Vec<&Enrolment> = enrolments
                .iter()
                .filter(|e| e.module_id == m.id && students.contains(&e.student_id))
                .collect();
            if m.retired && mine.is_empty() {
                return None;
            }
            let enrolled: BTreeSet<i64> = mine.iter().map(|e| e.student_id).collect();
            let stopped: BTreeSet<i64> = mine
                .iter()
                .filter(|e| e.end_date.is_some())
                .map(|e| e.student_id)
                .collect();
            let groups = m
                .group_size
                .filter(|size| *size > 0)
                .map(|size| enrolled.len().div_ceil(size as usize));
            let planned = m.planned_hours();
            Some(ModuleIndicator {
                code: m.code.clone(),
                name: m.name.clone(),
                module_type: m.module_type,
                students_enrolled: enrolled.len(),
                students_stopped: stopped.len(),
                planned_hours: planned,
                groups,
                planned_hours_all_groups: planned.zip(groups).map(|(h, g)| h * g as f64),
                hours_granted: m.hours_granted,
            })
        })
        .collect()
}
