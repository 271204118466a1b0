//! The dashboard's figures, each with the predicate that selects the students
//! it counts ([`Pick`]), so that a count and the list behind it never disagree.
//!
//! Counts come from the indicators' tallies (the same figures as
//! `passerelle indicators`); [`Pick::keeps`] states the same rule student by
//! student, and a test checks that both agree for every figure of the demo.

use chrono::{Datelike, Duration, NaiveDate};

use crate::labels::Label;
use crate::model::ExitCause;
use crate::model::codes::{DecisionS2, Sector, Verdict};
use crate::model::indicators::{
    ExitPeriod, IndicatorInput, Indicators, Level, MISSING, Rate, sector_label,
};

/// What a figure counts: a rule on one student of the indicator inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Bac Pro students (the entrants).
    Entrants,
    /// Verdict *repéré*.
    Identified,
    /// Parcours accepted.
    InParcours,
    /// Left the training, whenever.
    Exits,
    /// Passage to the 2nd year (*passage* or *BTS en 3 ans*, no first-year exit).
    Passed,
    /// Exits with this cause code ([`MISSING`] when none is recorded).
    ExitCause(String),
    /// Exits in this month `AAAA-MM`.
    ExitMonth(String),
    /// Passage to the 2nd year in sections of this sector.
    PassedIn(Sector),
}

impl Pick {
    /// Whether the figure counts this student (the filter is applied apart).
    pub fn keeps(&self, input: &IndicatorInput) -> bool {
        let s = &input.student;
        if !s.bac_pro {
            return false;
        }
        let first_year_exit = s.exit_date.is_some_and(|date| {
            ExitPeriod::of(date, &input.key.school_year) != ExitPeriod::LaterYear
        });
        let passed = !first_year_exit
            && matches!(
                s.decision_s2,
                Some(DecisionS2::Passage | DecisionS2::Bts3Ans)
            );
        match self {
            Pick::Entrants => true,
            Pick::Identified => s.verdict == Some(Verdict::Repere),
            Pick::InParcours => s.in_parcours(),
            Pick::Exits => s.exit_date.is_some(),
            Pick::Passed => passed,
            Pick::ExitCause(code) => {
                s.exit_date.is_some() && s.exit_cause.map_or(MISSING, |c| c.code()) == code
            }
            Pick::ExitMonth(month) => s
                .exit_date
                .is_some_and(|d| d.format("%Y-%m").to_string() == *month),
            Pick::PassedIn(sector) => passed && input.key.sector == *sector,
        }
    }
}

/// One figure: what it is called, how many students it counts, its rate when it
/// has one, and the rule behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    pub count: u64,
    pub rate: Option<Rate>,
    pub pick: Pick,
}

impl Figure {
    fn new(label: impl Into<String>, count: u64, rate: Option<Rate>, pick: Pick) -> Figure {
        Figure {
            label: label.into(),
            count,
            rate,
            pick,
        }
    }
}

/// Headline figures: entrants, identified, in a parcours, exits, passage.
pub fn headlines(ind: &Indicators) -> Vec<Figure> {
    let g = ind.overall();
    let (t, r) = (&g.tally, &g.rates);
    vec![
        Figure::new("Entrants (Bac Pro)", t.entrants, None, Pick::Entrants),
        Figure::new(
            "Repérés",
            t.identified,
            Some(r.identified),
            Pick::Identified,
        ),
        Figure::new(
            "En parcours",
            t.accepted,
            Some(r.in_parcours),
            Pick::InParcours,
        ),
        Figure::new(
            "Sorties (décrochage)",
            t.exits,
            Some(r.dropout),
            Pick::Exits,
        ),
        Figure::new(
            "Passage en 2e année",
            t.passed,
            Some(r.passage),
            Pick::Passed,
        ),
    ]
}

/// Exits by cause: every cause, then « non renseignée ».
pub fn exits_by_cause(ind: &Indicators) -> Vec<Figure> {
    let t = &ind.overall().tally;
    let count = |code: &str| t.exits_by_cause.get(code).copied().unwrap_or(0);
    let mut figures: Vec<Figure> = ExitCause::ALL
        .iter()
        .map(|c| {
            let code = c.code().to_string();
            Figure::new(c.label(), count(&code), None, Pick::ExitCause(code))
        })
        .collect();
    figures.push(Figure::new(
        "non renseignée",
        count(MISSING),
        None,
        Pick::ExitCause(MISSING.into()),
    ));
    figures
}

/// Exits by month, in time order (months with an exit only).
pub fn exits_by_month(ind: &Indicators) -> Vec<Figure> {
    ind.overall()
        .tally
        .exits_by_month
        .iter()
        .map(|(month, n)| Figure::new(month_label(month), *n, None, Pick::ExitMonth(month.clone())))
        .collect()
}

/// Passage by sector: production then services, each with its rate.
pub fn passage_by_sector(ind: &Indicators) -> Vec<Figure> {
    Sector::ALL
        .iter()
        .map(|sector| {
            let group = ind
                .level(Level::Sector)
                .iter()
                .find(|g| g.code == sector.code());
            let (count, rate) =
                group.map_or((0, Rate::of(0, 0)), |g| (g.tally.passed, g.rates.passage));
            Figure::new(
                sector_label(*sector),
                count,
                Some(rate),
                Pick::PassedIn(*sector),
            )
        })
        .collect()
}

/// « sept. 2026 » for « 2026-09 ».
pub fn month_label(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let parsed = month
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m));
    match parsed {
        Some((year, m)) => format!("{} {year}", NAMES[m - 1]),
        None => month.to_string(),
    }
}

/// Points d'étape per week of a school year « AAAA-AAAA », from the Monday of
/// the week of 1 September to the end of August; weeks after `today` are `None`.
pub fn checkins_per_week(
    dates: impl Iterator<Item = NaiveDate>,
    school_year: &str,
    today: NaiveDate,
) -> Vec<Option<u64>> {
    let Some(start) = school_year
        .split_once('-')
        .and_then(|(y, _)| y.parse::<i32>().ok())
        .and_then(|y| NaiveDate::from_ymd_opt(y, 9, 1))
    else {
        return Vec::new();
    };
    let monday = start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
    let end = NaiveDate::from_ymd_opt(start.year() + 1, 8, 31).unwrap_or(start);
    let weeks = ((end - monday).num_days() / 7 + 1) as usize;
    let mut counts: Vec<Option<u64>> = (0..weeks)
        .map(|w| (monday + Duration::days(7 * w as i64) <= today).then_some(0))
        .collect();
    for date in dates.filter(|d| (start..=end).contains(d)) {
        let week = ((date - monday).num_days() / 7) as usize;
        if let Some(slot) = counts.get_mut(week) {
            *slot = Some(slot.unwrap_or(0) + 1);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn months_read_in_french() {
        assert_eq!(month_label("2026-09"), "sept. 2026");
        assert_eq!(month_label("2027-02"), "févr. 2027");
        assert_eq!(month_label("bad"), "bad");
    }

    #[test]
    fn checkins_fall_in_their_week_and_the_future_is_unknown() {
        // 1 September 2026 is a Tuesday: week 0 starts Monday 31 August.
        let dates = [
            day(2026, 8, 31),
            day(2026, 9, 1),
            day(2026, 9, 6),
            day(2026, 9, 7),
        ];
        let weeks = checkins_per_week(dates.into_iter(), "2026-2027", day(2026, 9, 10));
        assert_eq!(weeks[0], Some(2), "31 August is before the school year");
        assert_eq!(weeks[1], Some(1));
        assert_eq!(weeks[2], None, "the week of 14 September is to come");
        assert_eq!(weeks.len(), 53);
        assert!(checkins_per_week(dates.into_iter(), "?", day(2026, 9, 10)).is_empty());
    }
}
