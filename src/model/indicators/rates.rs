//! Step 2: rates, computed from a tally only (whoever summed it).
//!
//! When each outcome is known (before that, the value is `None`: « pas encore
//! connu », `null` in JSON, never 0 %):
//! - identified, proposed, accepted, in a parcours: known as recorded (a rate
//!   of what the team has done so far); `None` only without a denominator;
//! - **taux de décrochage** (exits / entrants): the exits recorded so far;
//! - **passage** to the 2nd year (S2 decision *passage* or *BTS en 3 ans* /
//!   entrants) and **loss** between 1st and 2nd year (first-year exits +
//!   *redoublement* / entrants): known once every entrant has an S2 decision or
//!   left in the first year, or the cohort's first school year is over (from
//!   1 August). Until then the number of outcomes known is shown beside it;
//! - **BTS in 2 years** (resp. **3 years**) / entrants: known once the cohort's
//!   2nd (resp. 3rd) school year is over, or every entrant has obtained it or left.

use serde::{Deserialize, Serialize};

use super::tally::{Outcome, Tally};

/// A rate with what it is made of. `value` is `None` when the outcome is not
/// yet known or there is no denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
    pub value: Option<f64>,
}

impl Rate {
    /// `numerator / denominator`, known when `known` and the denominator is not 0.
    pub fn new(numerator: u64, denominator: u64, known: bool) -> Rate {
        Rate {
            numerator,
            denominator,
            value: (known && denominator > 0).then(|| numerator as f64 / denominator as f64),
        }
    }

    /// A rate of what is recorded so far (known whenever there is a denominator).
    pub fn of(numerator: u64, denominator: u64) -> Rate {
        Rate::new(numerator, denominator, true)
    }

    /// « 12,5 % (3/24) »; « pas encore connu » or « – » (no denominator) when unknown.
    pub fn text(&self) -> String {
        match self.value {
            Some(_) => format!(
                "{} ({}/{})",
                self.percent(),
                self.numerator,
                self.denominator
            ),
            None if self.denominator == 0 => "–".to_string(),
            None => "pas encore connu".to_string(),
        }
    }

    /// « 12,5 % », or the same words as [`Rate::text`] when unknown.
    pub fn percent(&self) -> String {
        match self.value {
            Some(v) => format!("{:.1} %", v * 100.0).replace('.', ","),
            None if self.denominator == 0 => "–".to_string(),
            None => "pas encore connu".to_string(),
        }
    }
}

/// Every rate of a group of students.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Entrants identified at the repérage.
    pub identified: Rate,
    /// Entrants proposed a parcours.
    pub proposed: Rate,
    /// Accepted, of those proposed.
    pub accepted_of_proposed: Rate,
    /// In a parcours, of entrants (« part en parcours »).
    pub in_parcours: Rate,
    /// Passage to the 2nd year (*passage* or *BTS en 3 ans*), of entrants.
    pub passage: Rate,
    /// Loss between 1st and 2nd year: first-year exits + repeating, of entrants.
    pub loss: Rate,
    /// Taux de décrochage: exits (so far), of entrants.
    pub dropout: Rate,
    /// BTS obtained in 2 years, of entrants.
    pub bts_2_years: Rate,
    /// BTS obtained in 3 years, of entrants.
    pub bts_3_years: Rate,
    /// First-year outcomes known, of entrants (why the passage may be unknown).
    pub first_year_known: Rate,
}

impl Rates {
    /// The rates of a tally.
    pub fn of(t: &Tally) -> Rates {
        let first_year = t.entrants > 0 && t.first_year_known == t.entrants;
        Rates {
            identified: Rate::of(t.identified, t.entrants),
            proposed: Rate::of(t.proposed, t.entrants),
            accepted_of_proposed: Rate::of(t.accepted, t.proposed),
            in_parcours: Rate::of(t.accepted, t.entrants),
            passage: Rate::new(t.passed, t.entrants, first_year),
            loss: Rate::new(t.exits_first_year + t.repeating, t.entrants, first_year),
            dropout: Rate::of(t.exits, t.entrants),
            bts_2_years: Rate::new(
                t.obtained_2_years,
                t.entrants,
                t.two_years_known == t.entrants,
            ),
            bts_3_years: Rate::new(
                t.obtained_3_years,
                t.entrants,
                t.three_years_known == t.entrants,
            ),
            first_year_known: Rate::of(t.first_year_known, t.entrants),
        }
    }
}

/// Exit and passage rates of one cell of a cross.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRates {
    pub entrants: u64,
    pub dropout: Rate,
    pub passage: Rate,
}

impl OutcomeRates {
    /// The rates of a cell.
    pub fn of(o: &Outcome) -> OutcomeRates {
        OutcomeRates {
            entrants: o.entrants,
            dropout: Rate::of(o.exits, o.entrants),
            passage: Rate::new(
                o.passed,
                o.entrants,
                o.entrants > 0 && o.first_year_known == o.entrants,
            ),
        }
    }
}

/// The rates of each named main figure, in display order, for tables of
/// several groups (the years side by side): key, French label, rate.
pub fn main_rates(r: &Rates) -> [(&'static str, &'static str, Rate); 9] {
    [
        ("identified", "Repérés", r.identified),
        ("proposed", "Parcours proposé", r.proposed),
        (
            "accepted_of_proposed",
            "Accepté (des proposés)",
            r.accepted_of_proposed,
        ),
        ("in_parcours", "En parcours", r.in_parcours),
        ("passage", "Passage en 2e année", r.passage),
        ("loss", "Perte entre 1re et 2e année", r.loss),
        ("dropout", "Taux de décrochage", r.dropout),
        ("bts_2_years", "BTS obtenu en 2 ans", r.bts_2_years),
        ("bts_3_years", "BTS obtenu en 3 ans", r.bts_3_years),
    ]
}
