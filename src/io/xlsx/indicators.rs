//! « Indicateurs » (one row per level: overall, sector, section) and
//! « Indicateurs des modules » (one row per module).
//!
//! Only [`figures`] calls the indicators model: switching to another model
//! means changing it and the columns below, nothing else of the export.

use std::collections::BTreeSet;

use super::sheets::Scope;
use super::table::{Cell, Table};
use crate::labels::Label;
use crate::model::indicators::{
    Counts, ExitPeriod, Indicators, ModuleIndicator, compute, module_indicators,
};
use crate::model::{ExitCause, ExitDestination};
use crate::store::Result;

/// Key of the dropouts whose cause or destination was not recorded.
const MISSING: &str = "non_renseignee";

/// The indicators of the exported students, and the use of each module by the
/// Bac Pro ones, as `passerelle indicators` computes them.
fn figures(scope: &Scope) -> Result<(Indicators, Vec<ModuleIndicator>)> {
    let inputs = scope.store.indicator_inputs(&scope.rows)?;
    let bac_pro: BTreeSet<i64> = (inputs.iter())
        .filter(|i| i.student.bac_pro)
        .map(|i| i.student.id)
        .collect();
    let modules = scope.store.modules()?;
    let enrolments = scope.store.all_enrolments()?;
    Ok((
        compute(&inputs),
        module_indicators(&modules, &enrolments, &bac_pro),
    ))
}

/// A column of the levels' table: its title and the cell it takes from the counts.
type Column = (String, Box<dyn Fn(&Counts) -> Cell>);

/// The two indicator sheets.
pub fn indicator_tables(scope: &Scope) -> Result<Vec<Table>> {
    let (indicators, modules) = figures(scope)?;
    Ok(vec![levels(&indicators), module_table(&modules)])
}

/// The columns after the level's name.
fn count_columns() -> Vec<Column> {
    fn count(title: &str, f: fn(&Counts) -> usize) -> Column {
        (title.to_string(), Box::new(move |c| Cell::count(f(c))))
    }
    fn keyed(
        title: String,
        key: &'static str,
        by: fn(&Counts) -> &std::collections::BTreeMap<String, usize>,
    ) -> Column {
        (
            title,
            Box::new(move |c| Cell::count(by(c).get(key).copied().unwrap_or(0))),
        )
    }
    let mut columns = vec![
        count("Élèves (tous bacs)", |c| c.all_students),
        count("Élèves de bac pro", |c| c.bac_pro_students),
        count("Repérés", |c| c.identified),
        count("En parcours (accepté)", |c| c.in_parcours),
        (
            "Part en parcours".to_string(),
            Box::new(|c: &Counts| Cell::percent(c.share_in_parcours)),
        ),
        count("Passage en 2e année", |c| c.passed_to_second_year),
        count("dont BTS en 3 ans", |c| c.bts_in_3_years),
        count("Redoublements", |c| c.repeating),
        count("Issue de 1re année connue", |c| c.known_outcome),
        (
            "Taux de passage".to_string(),
            Box::new(|c: &Counts| Cell::percent(c.passage_rate)),
        ),
        count("BTS obtenu en 2 ans", |c| c.bts_obtained_2_years),
        count("BTS obtenu en 3 ans", |c| c.bts_obtained_3_years),
        count("Diplôme connu", |c| c.diploma_known),
        count("Décrochages (sorties)", |c| c.dropouts),
    ];
    let causes = ExitCause::ALL.iter().map(|c| (c.code(), c.label()));
    for (code, name) in causes.chain([(MISSING, "non renseignée")]) {
        columns.push(keyed(format!("Sorties, cause : {name}"), code, |c| {
            &c.dropouts_by_cause
        }));
    }
    let destinations = ExitDestination::ALL.iter().map(|d| (d.code(), d.label()));
    for (code, name) in destinations.chain([(MISSING, "non renseignée")]) {
        columns.push(keyed(format!("Sorties vers : {name}"), code, |c| {
            &c.dropouts_by_destination
        }));
    }
    for period in ExitPeriod::ALL {
        columns.push(keyed(
            format!("Sorties {}", period.label()),
            period.code(),
            |c| &c.dropouts_by_period,
        ));
    }
    columns
}

/// « Indicateurs »: the whole, each sector, each section.
fn levels(indicators: &Indicators) -> Table {
    let columns = count_columns();
    let mut header = vec!["Niveau", "Code", "Intitulé", "Secteur"];
    header.extend(columns.iter().map(|(title, _)| title.as_str()));
    let mut table = Table::new("Indicateurs", &header);
    let mut push = |level: &str, code: &str, name: &str, sector: &str, counts: &Counts| {
        let mut cells = vec![
            Cell::text(level),
            Cell::text(code),
            Cell::text(name),
            Cell::text(sector),
        ];
        cells.extend(columns.iter().map(|(_, cell)| cell(counts)));
        table.rows.push(cells);
    };
    push("Ensemble", "", "Tous les élèves", "", &indicators.overall);
    for (sector, counts) in &indicators.by_sector {
        push("Secteur", sector, "", sector, counts);
    }
    for (code, section) in &indicators.by_section {
        let sector = section.sector.label();
        push("Section", code, &section.name, sector, &section.counts);
    }
    table
}

/// « Indicateurs des modules »: students and hours, one row per module.
fn module_table(modules: &[ModuleIndicator]) -> Table {
    let mut table = Table::new(
        "Indicateurs des modules",
        &[
            "Code",
            "Module",
            "Type",
            "Élèves inscrits",
            "Élèves arrêtés",
            "Heures par groupe",
            "Groupes",
            "Heures prévues",
            "Heures accordées",
        ],
    );
    for m in modules {
        table.rows.push(vec![
            Cell::text(&m.code),
            Cell::text(&m.name),
            Cell::text(m.module_type.label()),
            Cell::count(m.students_enrolled),
            Cell::count(m.students_stopped),
            Cell::number(m.planned_hours),
            Cell::number(m.groups.map(|g| g as f64)),
            Cell::number(m.planned_hours_all_groups),
            Cell::number(m.hours_granted),
        ]);
    }
    table
}
