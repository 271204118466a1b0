//! « Indicateurs » (one row per group of every level: overall, académie,
//! establishment, specialty, sector, section, cohort year) and « Indicateurs des
//! modules » (one row per module), as `passerelle indicators` computes them.
//!
//! Only [`figures`] calls the indicators model.

use std::collections::{BTreeMap, HashSet};

use super::sheets::Scope;
use super::table::{Cell, Table};
use crate::labels::Label;
use crate::model::hours::HoursReport;
use crate::model::indicators::{
    ExitPeriod, Filter, Group, Indicators, Level, MISSING, Rate, Rates, Tally, compute, main_rates,
};
use crate::model::{ExitCause, ExitDestination};
use crate::store::Result;

/// The indicators of the exported students on `today`, and the hours of the
/// year (the year asked for, or the current one).
fn figures(scope: &Scope) -> Result<(Indicators, HoursReport)> {
    let today = chrono::Local::now().date_naive();
    let exported: HashSet<i64> = scope.rows.iter().map(|r| r.student.id).collect();
    let mut inputs = scope.store.indicator_inputs()?;
    inputs.retain(|i| exported.contains(&i.student.id));
    // The students are already those of the year: no filter can be unknown.
    let indicators = compute(&inputs, &Filter::default(), today).unwrap_or_else(|_| nobody(today));
    let year = scope
        .year
        .clone()
        .unwrap_or_else(|| crate::model::school_year_of(today));
    Ok((indicators, scope.store.hours_report(&year, today)?))
}

/// Indicators of nobody (never used: an empty filter is never refused).
fn nobody(today: chrono::NaiveDate) -> Indicators {
    Indicators {
        today,
        filter: Filter::default(),
        levels: BTreeMap::new(),
    }
}

/// The two indicator sheets.
pub fn indicator_tables(scope: &Scope) -> Result<Vec<Table>> {
    let (indicators, hours) = figures(scope)?;
    let names: BTreeMap<i64, _> = scope.modules.iter().map(|(id, m)| (*id, m)).collect();
    Ok(vec![
        levels(&indicators),
        module_table(&indicators.overall().tally, names.values().copied(), &hours),
    ])
}

/// A column of the levels' table: its title and the cell it takes from a group.
type Column = (String, Box<dyn Fn(&Group) -> Cell>);

fn count(title: &str, f: fn(&Tally) -> u64) -> Column {
    (
        title.to_string(),
        Box::new(move |g: &Group| Cell::count(f(&g.tally) as usize)),
    )
}

fn keyed(title: String, key: &'static str, by: fn(&Tally) -> &BTreeMap<String, u64>) -> Column {
    (
        title,
        Box::new(
            move |g: &Group| Cell::count(by(&g.tally).get(key).copied().unwrap_or(0) as usize),
        ),
    )
}

/// The columns after the group's name: counts, then rates (empty when not yet
/// known, never 0 %), then exits by cause, destination and period.
fn columns() -> Vec<Column> {
    let mut columns = vec![
        count("Élèves (tous bacs)", |t| t.all_students),
        count("Élèves de bac pro", |t| t.entrants),
        count("Repérés", |t| t.identified),
        count("Parcours proposé", |t| t.proposed),
        count("En parcours (accepté)", |t| t.accepted),
        count("Refusé", |t| t.refused),
        count("Sorties", |t| t.exits),
        count("dont en 1re année", |t| t.exits_first_year),
        count("Décisions S2", |t| t.decisions),
        count("Passage en 2e année", |t| t.passed),
        count("dont BTS en 3 ans", |t| t.bts_in_3_years),
        count("Redoublements", |t| t.repeating),
        count("Issue de 1re année connue", |t| t.first_year_known),
        count("BTS obtenu en 2 ans", |t| t.obtained_2_years),
        count("BTS obtenu en 3 ans", |t| t.obtained_3_years),
    ];
    // The rates, in the order `indicators` prints them.
    for (i, (_, label, _)) in main_rates(&Rates::of(&Tally::default())).iter().enumerate() {
        columns.push((
            format!("Taux : {}", label.to_lowercase()),
            Box::new(move |g: &Group| Cell::percent(main_rates(&g.rates)[i].2.value)),
        ));
    }
    let causes = ExitCause::ALL.iter().map(|c| (c.code(), c.label()));
    for (code, name) in causes.chain([(MISSING, "non renseignée")]) {
        columns.push(keyed(format!("Sorties, cause : {name}"), code, |t| {
            &t.exits_by_cause
        }));
    }
    let destinations = ExitDestination::ALL.iter().map(|d| (d.code(), d.label()));
    for (code, name) in destinations.chain([(MISSING, "non renseignée")]) {
        columns.push(keyed(format!("Sorties vers : {name}"), code, |t| {
            &t.exits_by_destination
        }));
    }
    for period in ExitPeriod::ALL {
        columns.push(keyed(
            format!("Sorties {}", period.label()),
            period.code(),
            |t| &t.exits_by_period,
        ));
    }
    columns
}

/// « Indicateurs »: every group of every level, one row each.
fn levels(indicators: &Indicators) -> Table {
    let columns = columns();
    let mut header = vec!["Niveau", "Code", "Intitulé", "Précision"];
    header.extend(columns.iter().map(|(title, _)| title.as_str()));
    let mut table = Table::new("Indicateurs", &header);
    for level in Level::ALL {
        for group in indicators.level(*level) {
            let mut cells = vec![
                Cell::text(level.title()),
                Cell::text(&group.code),
                Cell::text(&group.label),
                Cell::text(&group.detail),
            ];
            cells.extend(columns.iter().map(|(_, cell)| cell(group)));
            table.rows.push(cells);
        }
    }
    table
}

/// « Indicateurs des modules »: students, attendance and hours, one row per module.
fn module_table<'m>(
    t: &Tally,
    modules: impl Iterator<Item = &'m crate::model::catalogue::Module>,
    hours: &HoursReport,
) -> Table {
    let mut table = Table::new(
        "Indicateurs des modules",
        &[
            "Code",
            "Module",
            "Type",
            "Élèves inscrits",
            "Élèves arrêtés",
            "Élèves restés en formation",
            "Assiduité",
            "Heures prévues",
            "Heures faites",
            "Heures accordées",
        ],
    );
    for m in modules {
        let used = t.modules.get(&m.code).copied().unwrap_or_default();
        let h = hours.modules.iter().find(|h| h.code == m.code);
        if used.enrolled == 0 && h.is_none() {
            continue;
        }
        table.rows.push(vec![
            Cell::text(&m.code),
            Cell::text(&m.name),
            Cell::text(m.module_type.label()),
            Cell::count(used.enrolled as usize),
            Cell::count(used.stopped as usize),
            Cell::count(used.stayed as usize),
            Cell::percent(Rate::of(used.attended, used.marked).value),
            Cell::number(h.map(|h| h.planned)),
            Cell::number(h.map(|h| h.delivered)),
            Cell::number(h.and_then(|h| h.granted)),
        ]);
    }
    table
}
