//! Step 1: students → additive tallies under a key.
//!
//! A [`Tally`] holds counts only (and maps of counts keyed by a code, a month
//! `AAAA-MM` or a module code): never a name, an INE, an exact date or a free
//! text. Tallies add up (`+=`, `sum()`), so the tally of three lycées is the sum
//! of their tallies, and every rate ([`super::rates`]) is computed from a tally.

use std::collections::BTreeMap;
use std::iter::Sum;
use std::ops::AddAssign;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::period::{ExitPeriod, years_over};
use super::{IndicatorInput, ModuleFollowed};
use crate::model::codes::{
    DecisionS2, DiplomaOutcome, ExitCause, ExitDestination, Proposal, Sector, Verdict,
};
use crate::model::records::{Establishment, Section, Student};
use crate::model::specialties::{Specialty, by_abbreviation, in_label, specialties};

/// Where a student is counted: one section of one establishment, one cohort year.
/// Names are those of the establishment and the section (no person's).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TallyKey {
    /// Académie of the establishment (« Toulouse »).
    pub academie: String,
    pub uai: String,
    pub establishment: String,
    /// Code of the BTS specialty (`data/bts_specialties.toml`); the section's
    /// code when its specialty is not recognised.
    pub specialty: String,
    /// Name of the specialty (the section's name when not recognised).
    pub specialty_name: String,
    pub sector: Sector,
    /// Section code (« NDRC »), unique within its establishment.
    pub section: String,
    pub section_name: String,
    /// School year of entry of the cohort (« 2026-2027 »).
    pub school_year: String,
}

/// Exits and passage of a group of Bac Pro students (one cell of a cross).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub entrants: u64,
    pub exits: u64,
    pub passed: u64,
    /// Students whose first-year outcome is known (see [`Tally::first_year_known`]).
    pub first_year_known: u64,
}

impl AddAssign<&Outcome> for Outcome {
    fn add_assign(&mut self, other: &Outcome) {
        self.entrants += other.entrants;
        self.exits += other.exits;
        self.passed += other.passed;
        self.first_year_known += other.first_year_known;
    }
}

/// Use of one module by Bac Pro students.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleTally {
    /// Students enrolled (or placed in one of its groups).
    pub enrolled: u64,
    /// Of those, students whose enrolment was stopped.
    pub stopped: u64,
    /// Of those, students who did not leave the training.
    pub stayed: u64,
    /// Marks « présent » or « retard » in its sessions.
    pub attended: u64,
    /// Marks taken in its sessions.
    pub marked: u64,
}

impl AddAssign<&ModuleTally> for ModuleTally {
    fn add_assign(&mut self, other: &ModuleTally) {
        self.enrolled += other.enrolled;
        self.stopped += other.stopped;
        self.stayed += other.stayed;
        self.attended += other.attended;
        self.marked += other.marked;
    }
}

/// Additive counts of a group of students. Every count but `all_students` is
/// over Bac Pro students (the public of the parcours), called entrants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Every student, Bac Pro or not.
    pub all_students: u64,
    /// Students coming from a Bac Pro.
    pub entrants: u64,
    /// Verdict *repéré*.
    pub identified: u64,
    /// A verdict *repéré* or *non repéré* is recorded.
    pub screened: u64,
    /// A parcours was proposed (proposal *proposé*, *accepté* or *refusé*).
    pub proposed: u64,
    /// In a parcours (proposal *accepté*).
    pub accepted: u64,
    /// Proposed but refused.
    pub refused: u64,
    /// Left the training (an exit date is recorded), whenever.
    pub exits: u64,
    /// Left during the first school year.
    pub exits_first_year: u64,
    /// An S2 decision is recorded.
    pub decisions: u64,
    /// S2 decision *passage* or *BTS en 3 ans*, without a first-year exit.
    pub passed: u64,
    /// Of those, *BTS en 3 ans*.
    pub bts_in_3_years: u64,
    /// S2 decision *redoublement*, without a first-year exit.
    pub repeating: u64,
    /// First-year outcome known: an S2 decision, a first-year exit, or the
    /// cohort's first school year is over.
    pub first_year_known: u64,
    /// BTS obtained in 2 years.
    pub obtained_2_years: u64,
    /// BTS obtained in 3 years.
    pub obtained_3_years: u64,
    /// A diploma outcome is recorded (obtained or not).
    pub diploma_known: u64,
    /// « In 2 years » known: BTS obtained, exit, or the cohort's 2nd year is over.
    pub two_years_known: u64,
    /// « In 3 years » known: BTS obtained, exit, or the cohort's 3rd year is over.
    pub three_years_known: u64,
    /// Entrants who did not leave.
    pub stayed: u64,
    /// Of those, students who followed at least one module.
    pub stayed_with_module: u64,
    /// Exits by cause code (`non_renseignee` when missing).
    pub exits_by_cause: BTreeMap<String, u64>,
    /// Exits by destination code (`non_renseignee` when missing).
    pub exits_by_destination: BTreeMap<String, u64>,
    /// Exits by [`ExitPeriod`] code.
    pub exits_by_period: BTreeMap<String, u64>,
    /// Exits by month `AAAA-MM`.
    pub exits_by_month: BTreeMap<String, u64>,
    /// Exits by difficulty type code retained at the repérage.
    pub exits_by_difficulty: BTreeMap<String, u64>,
    /// Outcomes by cross (see [`super::crosses`]): `verdict:repere`, `difficulty:CODE`…
    pub crosses: BTreeMap<String, Outcome>,
    /// Module use by module code.
    pub modules: BTreeMap<String, ModuleTally>,
}

/// Code of a missing cause or destination.
pub const MISSING: &str = "non_renseignee";

fn add_map<V: Default + for<'a> AddAssign<&'a V>>(
    into: &mut BTreeMap<String, V>,
    from: &BTreeMap<String, V>,
) {
    for (key, value) in from {
        *into.entry(key.clone()).or_default() += value;
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        self.all_students += o.all_students;
        self.entrants += o.entrants;
        self.identified += o.identified;
        self.screened += o.screened;
        self.proposed += o.proposed;
        self.accepted += o.accepted;
        self.refused += o.refused;
        self.exits += o.exits;
        self.exits_first_year += o.exits_first_year;
        self.decisions += o.decisions;
        self.passed += o.passed;
        self.bts_in_3_years += o.bts_in_3_years;
        self.repeating += o.repeating;
        self.first_year_known += o.first_year_known;
        self.obtained_2_years += o.obtained_2_years;
        self.obtained_3_years += o.obtained_3_years;
        self.diploma_known += o.diploma_known;
        self.two_years_known += o.two_years_known;
        self.three_years_known += o.three_years_known;
        self.stayed += o.stayed;
        self.stayed_with_module += o.stayed_with_module;
        add_map(&mut self.exits_by_cause, &o.exits_by_cause);
        add_map(&mut self.exits_by_destination, &o.exits_by_destination);
        add_map(&mut self.exits_by_period, &o.exits_by_period);
        add_map(&mut self.exits_by_month, &o.exits_by_month);
        add_map(&mut self.exits_by_difficulty, &o.exits_by_difficulty);
        add_map(&mut self.crosses, &o.crosses);
        add_map(&mut self.modules, &o.modules);
    }
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        *self += &other;
    }
}

impl<'a> Sum<&'a Tally> for Tally {
    fn sum<I: Iterator<Item = &'a Tally>>(iter: I) -> Tally {
        iter.fold(Tally::default(), |mut sum, t| {
            sum += t;
            sum
        })
    }
}

impl Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(iter: I) -> Tally {
        iter.fold(Tally::default(), |mut sum, t| {
            sum += &t;
            sum
        })
    }
}

/// The tallies of some students, one per key.
pub type Tallies = BTreeMap<TallyKey, Tally>;

/// Step 1: counts each student under its key. `today` says which cohort years
/// are over (never read from the clock here).
pub fn tally(inputs: &[IndicatorInput], today: NaiveDate) -> Tallies {
    let mut tallies = Tallies::new();
    for input in inputs {
        tallies
            .entry(input.key.clone())
            .or_default()
            .add_student(input, today);
    }
    tallies
}

/// What the tally reads of one student: its outcome, never its name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counted<'a> {
    pub bac_pro: bool,
    pub verdict: Option<Verdict>,
    pub proposal: Option<Proposal>,
    /// Difficulty type codes retained at the repérage.
    pub difficulties: Vec<&'a str>,
    pub exit_date: Option<NaiveDate>,
    pub exit_cause: Option<ExitCause>,
    pub exit_destination: Option<ExitDestination>,
    pub decision_s2: Option<DecisionS2>,
    pub diploma: Option<DiplomaOutcome>,
}

impl<'a> From<&'a Student> for Counted<'a> {
    fn from(s: &'a Student) -> Counted<'a> {
        Counted {
            bac_pro: s.bac_pro,
            verdict: s.verdict,
            proposal: s.proposal,
            difficulties: s.difficulties.iter().map(String::as_str).collect(),
            exit_date: s.exit_date,
            exit_cause: s.exit_cause,
            exit_destination: s.exit_destination,
            decision_s2: s.decision_s2,
            diploma: s.diploma,
        }
    }
}

impl Counted<'_> {
    /// In a parcours (proposal *accepté*), as [`Student::in_parcours`].
    pub fn in_parcours(&self) -> bool {
        self.proposal == Some(Proposal::Accepte)
    }
}

/// Adds one to `map[key]`, allocating the key only the first time it is met.
fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    *slot(map, key) += 1;
}

/// `map[key]`, allocating the key only the first time it is met.
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    // Inserted just above when missing.
    map.get_mut(key)
        .unwrap_or_else(|| unreachable!("inserted above"))
}

impl Tally {
    /// Counts one student.
    pub fn add_student(&mut self, input: &IndicatorInput, today: NaiveDate) {
        let school_year = &input.key.school_year;
        self.add(
            &Counted::from(&input.student),
            school_year,
            years_over(school_year, today),
            &input.modules,
        );
    }

    /// Counts one student of a cohort entering in `school_year`, of which
    /// `years_over` school years are over (see [`years_over`]), who followed `modules`.
    pub fn add(
        &mut self,
        s: &Counted,
        school_year: &str,
        years_over: i32,
        modules: &[ModuleFollowed],
    ) {
        self.all_students += 1;
        if !s.bac_pro {
            return;
        }
        self.entrants += 1;
        let identified = s.verdict == Some(Verdict::Repere);
        self.identified += u64::from(identified);
        self.screened += u64::from(matches!(
            s.verdict,
            Some(Verdict::Repere | Verdict::NonRepere)
        ));
        self.proposed += u64::from(matches!(
            s.proposal,
            Some(Proposal::Propose | Proposal::Accepte | Proposal::Refuse)
        ));
        self.accepted += u64::from(s.in_parcours());
        self.refused += u64::from(s.proposal == Some(Proposal::Refuse));
        let period = s.exit_date.map(|date| ExitPeriod::of(date, school_year));
        let first_year_exit = period.is_some_and(|p| p != ExitPeriod::LaterYear);
        if let (Some(date), Some(period)) = (s.exit_date, period) {
            self.exits += 1;
            self.exits_first_year += u64::from(first_year_exit);
            bump(
                &mut self.exits_by_cause,
                s.exit_cause.map_or(MISSING, |c| c.code()),
            );
            bump(
                &mut self.exits_by_destination,
                s.exit_destination.map_or(MISSING, |d| d.code()),
            );
            bump(&mut self.exits_by_period, period.code());
            bump(&mut self.exits_by_month, &date.format("%Y-%m").to_string());
            for difficulty in &s.difficulties {
                bump(&mut self.exits_by_difficulty, difficulty);
            }
        }
        self.decisions += u64::from(s.decision_s2.is_some());
        let passed = !first_year_exit
            && matches!(
                s.decision_s2,
                Some(DecisionS2::Passage | DecisionS2::Bts3Ans)
            );
        self.passed += u64::from(passed);
        self.bts_in_3_years +=
            u64::from(!first_year_exit && s.decision_s2 == Some(DecisionS2::Bts3Ans));
        self.repeating +=
            u64::from(!first_year_exit && s.decision_s2 == Some(DecisionS2::Redoublement));
        let first_known = s.decision_s2.is_some() || first_year_exit || years_over >= 1;
        self.first_year_known += u64::from(first_known);
        let obtained = matches!(
            s.diploma,
            Some(DiplomaOutcome::Obtenu2Ans | DiplomaOutcome::Obtenu3Ans)
        );
        self.obtained_2_years += u64::from(s.diploma == Some(DiplomaOutcome::Obtenu2Ans));
        self.obtained_3_years += u64::from(s.diploma == Some(DiplomaOutcome::Obtenu3Ans));
        self.diploma_known += u64::from(s.diploma.is_some());
        let settled = obtained || s.exit_date.is_some();
        self.two_years_known += u64::from(settled || years_over >= 2);
        self.three_years_known += u64::from(settled || years_over >= 3);
        let followed = !modules.is_empty();
        if s.exit_date.is_none() {
            self.stayed += 1;
            self.stayed_with_module += u64::from(followed);
        }
        let outcome = Outcome {
            entrants: 1,
            exits: u64::from(s.exit_date.is_some()),
            passed: u64::from(passed),
            first_year_known: u64::from(first_known),
        };
        let mut key = String::new();
        for (family, code) in super::crosses::fixed_cells(s, followed) {
            key.clear();
            key.push_str(family);
            key.push(':');
            key.push_str(code);
            *slot(&mut self.crosses, &key) += &outcome;
        }
        for difficulty in &s.difficulties {
            key.clear();
            key.push_str("difficulty:");
            key.push_str(difficulty);
            *slot(&mut self.crosses, &key) += &outcome;
        }
        for m in modules {
            let t = slot(&mut self.modules, &m.code);
            t.enrolled += 1;
            t.stopped += u64::from(m.stopped);
            t.stayed += u64::from(s.exit_date.is_none());
            t.attended += m.attended;
            t.marked += m.marked;
        }
    }
}

/// The BTS specialty of a section: its code is a specialty's code or
/// abbreviation, else its name names one.
pub fn specialty_of(section: &Section) -> Option<&'static Specialty> {
    specialties()
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(section.code.trim()))
        .or_else(|| by_abbreviation(&section.code))
        .or_else(|| in_label(&section.name))
}

impl TallyKey {
    /// The key of a section's cohort.
    pub fn of(establishment: &Establishment, section: &Section, school_year: &str) -> TallyKey {
        let (specialty, specialty_name) = specialty_of(section).map_or_else(
            || (section.code.clone(), section.name.clone()),
            |s| (s.code.clone(), s.name.clone()),
        );
        TallyKey {
            academie: establishment.academie.clone(),
            uai: establishment.uai.clone(),
            establishment: establishment.name.clone(),
            specialty,
            specialty_name,
            sector: section.sector,
            section: section.code.clone(),
            section_name: section.name.clone(),
            school_year: school_year.to_string(),
        }
    }
}
