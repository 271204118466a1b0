//! What the dashboard shows: read from the store when the screen opens and after
//! a write ([`DashData`]), then computed for the filter ([`DashView`]) when the
//! filter changes. Rendering only reads the view.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::figures::{self, Figure, Pick};
use crate::model::indicators::{
    self, Filter, Group, IndicatorInput, Level, Rate, Tallies, TallyKey,
};
use crate::store::{Result, Store};

/// Hours of a school year: delivered against granted (modules and envelopes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HoursUse {
    pub delivered: f64,
    pub granted: f64,
}

/// What the dashboard read from the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashData {
    /// Every student of the file as the indicators see it (unfiltered).
    pub inputs: Vec<IndicatorInput>,
    /// Every point d'étape: (student id, date).
    pub checkins: Vec<(i64, NaiveDate)>,
    /// Hours per school year, read on first need.
    pub hours: HashMap<String, HoursUse>,
    /// The inputs counted once (step 1 of the indicators): a filter change only
    /// adds up the tallies it keeps.
    pub tallies: Tallies,
    /// The distinct keys, and the index of each student's key among them.
    keys: Vec<TallyKey>,
    key_of: HashMap<i64, usize>,
    /// Cohort years present, newest first.
    years: Vec<String>,
}

impl DashData {
    /// Reads the indicator inputs and the check-in dates, and counts the inputs.
    pub fn load(store: &Store, today: NaiveDate) -> Result<DashData> {
        let inputs = store.indicator_inputs()?;
        let tallies = indicators::tally(&inputs, today);
        let keys: Vec<TallyKey> = tallies.keys().cloned().collect();
        let key_of = inputs
            .iter()
            .filter_map(|i| Some((i.student.id, keys.binary_search(&i.key).ok()?)))
            .collect();
        let years: BTreeSet<&String> = keys.iter().map(|k| &k.school_year).collect();
        let years = years.into_iter().rev().cloned().collect();
        Ok(DashData {
            checkins: store.checkin_dates()?,
            hours: HashMap::new(),
            tallies,
            key_of,
            keys,
            years,
            inputs,
        })
    }

    /// Reads the hours of `year` if not yet done.
    pub fn ensure_hours(&mut self, store: &Store, year: &str, today: NaiveDate) -> Result<()> {
        if !self.hours.contains_key(year) {
            let total = store.hours_report(year, today)?.total();
            self.hours.insert(
                year.to_string(),
                HoursUse {
                    delivered: total.delivered,
                    granted: total.granted_modules + total.envelopes,
                },
            );
        }
        Ok(())
    }

    /// Where the students are counted: each (establishment, section, year) once.
    pub fn keys(&self) -> &[TallyKey] {
        &self.keys
    }

    /// Cohort years present, newest first.
    pub fn years(&self) -> &[String] {
        &self.years
    }

    /// Students a figure counts, within the filter, by name.
    pub fn students_of(&self, pick: &Pick, filter: &Filter) -> Vec<&IndicatorInput> {
        let mut kept: Vec<&IndicatorInput> = self
            .inputs
            .iter()
            .filter(|i| filter.keeps(&i.key) && pick.keeps(i))
            .collect();
        kept.sort_by(|a, b| {
            (&a.student.last_name, &a.student.first_name, a.student.id).cmp(&(
                &b.student.last_name,
                &b.student.first_name,
                b.student.id,
            ))
        });
        kept
    }
}

/// The dashboard's figures for one filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashView {
    /// Students kept by the filter, Bac Pro or not.
    pub students: u64,
    pub headlines: Vec<Figure>,
    pub causes: Vec<Figure>,
    pub months: Vec<Figure>,
    pub sectors: Vec<Figure>,
    /// Share of entrants in a parcours.
    pub in_parcours: Option<Rate>,
    /// The school year of the sparkline and the hours gauge.
    pub year: Option<String>,
    /// Points d'étape per week of `year` (`None`: weeks to come).
    pub weeks: Vec<Option<u64>>,
    pub hours: Option<HoursUse>,
    /// One group per cohort year (the year filter left aside), oldest first.
    pub years: Vec<Group>,
    /// A filter value unknown in the file, in French.
    pub error: Option<String>,
}

impl DashView {
    /// Computes the figures of `data` for `filter` on `today`.
    pub fn compute(data: &DashData, filter: &Filter, today: NaiveDate) -> DashView {
        let all_years = Filter {
            year: None,
            ..filter.clone()
        };
        let (ind, by_year) = match (
            indicators::from_tallies(&data.tallies, filter, today),
            indicators::from_tallies(&data.tallies, &all_years, today),
        ) {
            (Ok(ind), Ok(by_year)) => (ind, by_year),
            (Err(error), _) | (_, Err(error)) => {
                return DashView {
                    error: Some(error),
                    ..DashView::default()
                };
            }
        };
        let year = filter.year.clone().or_else(|| data.years.first().cloned());
        // The filter is judged once per key, not once per student.
        let kept: Vec<bool> = data.keys.iter().map(|k| filter.keeps(k)).collect();
        let weeks = year.as_deref().map_or_else(Vec::new, |y| {
            let dates = data
                .checkins
                .iter()
                .filter(|(id, _)| data.key_of.get(id).is_some_and(|k| kept[*k]))
                .map(|(_, d)| *d);
            figures::checkins_per_week(dates, y, today)
        });
        let overall = ind.overall();
        DashView {
            students: overall.tally.all_students,
            headlines: figures::headlines(&ind),
            causes: figures::exits_by_cause(&ind),
            months: figures::exits_by_month(&ind),
            sectors: figures::passage_by_sector(&ind),
            in_parcours: Some(overall.rates.in_parcours),
            hours: year.as_ref().and_then(|y| data.hours.get(y).copied()),
            year,
            weeks,
            years: by_year.level(Level::CohortYear).to_vec(),
            error: None,
        }
    }

    /// The figures of a page that Enter can open (empty for the years).
    pub fn figures(&self, page: super::DashPage) -> &[Figure] {
        use super::DashPage;
        match page {
            DashPage::Summary => &self.headlines,
            DashPage::Causes => &self.causes,
            DashPage::Months => &self.months,
            DashPage::Sectors => &self.sectors,
            DashPage::Years => &[],
        }
    }
}
