//! What the dashboard shows: read from the store when the screen opens and after
//! a write ([`DashData`]), then computed for the filter ([`DashView`]) when the
//! filter changes. Rendering only reads the view.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::figures::{self, Figure, Pick};
use crate::model::indicators::{self, Filter, Group, IndicatorInput, Level, Rate};
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
}

impl DashData {
    /// Reads the indicator inputs and the check-in dates.
    pub fn load(store: &Store) -> Result<DashData> {
        Ok(DashData {
            inputs: store.indicator_inputs()?,
            checkins: store.checkin_dates()?,
            hours: HashMap::new(),
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

    /// Cohort years present, newest first.
    pub fn years(&self) -> Vec<String> {
        let years: BTreeSet<&String> = self.inputs.iter().map(|i| &i.key.school_year).collect();
        years.into_iter().rev().cloned().collect()
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
            indicators::compute(&data.inputs, filter, today),
            indicators::compute(&data.inputs, &all_years, today),
        ) {
            (Ok(ind), Ok(by_year)) => (ind, by_year),
            (Err(error), _) | (_, Err(error)) => {
                return DashView {
                    error: Some(error),
                    ..DashView::default()
                };
            }
        };
        let year = filter.year.clone().or_else(|| data.years().into_iter().next());
        let kept: HashMap<i64, ()> = data
            .inputs
            .iter()
            .filter(|i| filter.keeps(&i.key))
            .map(|i| (i.student.id, ()))
            .collect();
        let weeks = year.as_deref().map_or_else(Vec::new, |y| {
            let dates = data
                .checkins
                .iter()
                .filter(|(id, _)| kept.contains_key(id))
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
