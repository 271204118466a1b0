//! The indicators report (`passerelle print report`): the figures of
//! `passerelle indicators` with their charts, for the conseil pédagogique or the
//! académie. Counts and rates only: no student is named. Wording in
//! `data/documents/rapport.toml`.

mod wording;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::cli::indicators::Names;
use crate::labels::Label;
use crate::model::catalogue::hours_label;
use crate::model::hours::HoursReport;
use crate::model::indicators::{
    CROSSES, ExitPeriod, Group, Indicators, Level, MISSING, Rate, Tally, main_rates,
};
use crate::model::sessions::{long_date, month_label};
use crate::model::{ExitCause, ExitDestination};
use crate::print::establishment::of_academie;
use crate::print::{Bar, Bars, Block, Doc, PageHeader, Table, dated, fill};
use wording::{Wording, wording};

/// What the report is made of.
pub struct ReportInput<'a> {
    pub indicators: &'a Indicators,
    pub names: &'a Names,
    pub hours: &'a HoursReport,
}

/// The report, dated `today`.
pub fn document(r: &ReportInput, today: NaiveDate) -> Doc {
    let w = wording();
    let ind = r.indicators;
    let scope = match &ind.filter.year {
        Some(year) => fill(&w.one_year, &[("annee", year)]),
        None => w.all_years.clone(),
    };
    let values = [("portee", scope.as_str()), ("date", &long_date(ind.today))];
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(fill(&w.subtitle, &values)),
    ];
    let others = crate::model::indicators::Filter {
        year: None,
        ..ind.filter.clone()
    };
    if !others.is_empty() {
        blocks.push(Block::Paragraph(fill(
            &w.filter,
            &[("filtre", &others.describe())],
        )));
    }
    blocks.push(Block::Paragraph(w.intro.clone()));
    let overall = ind.overall();
    if overall.tally.entrants == 0 {
        blocks.push(Block::Paragraph(w.empty.clone()));
    } else {
        key_figures(&mut blocks, overall, w);
        charts(&mut blocks, ind, r.hours, w);
        levels(&mut blocks, ind, w);
        years(&mut blocks, ind.level(Level::CohortYear), w);
        crosses(&mut blocks, &overall.tally, r.names, w);
        leavers(&mut blocks, &overall.tally, r.names, w);
        modules(&mut blocks, &overall.tally, r.names, r.hours, w);
    }
    blocks.push(Block::Heading(w.headings.method.clone()));
    blocks.push(Block::Paragraph(w.method.clone()));
    Doc {
        title: fill(&w.footer_title, &values),
        dated: dated(today),
        header: header(ind),
        blocks,
    }
}

/// One establishment: its name, UAI and académie; several: how many, and where.
fn header(ind: &Indicators) -> PageHeader {
    let establishments = ind.level(Level::Establishment);
    match establishments {
        [one] => PageHeader {
            name: one.label.clone(),
            detail: format!("UAI {} · académie {}", one.code, of_academie(&one.detail)),
        },
        _ => {
            let mut academies: Vec<&str> =
                establishments.iter().map(|e| e.detail.as_str()).collect();
            academies.sort_unstable();
            academies.dedup();
            let detail = match academies.as_slice() {
                [] => String::new(),
                [one] => format!("académie {}", of_academie(one)),
                many => format!("académies : {}", many.join(", ")),
            };
            PageHeader {
                name: format!("{} établissements", establishments.len()),
                detail,
            }
        }
    }
}

fn key_figures(blocks: &mut Vec<Block>, g: &Group, w: &Wording) {
    let t = &g.tally;
    blocks.push(Block::Heading(w.headings.overall.clone()));
    blocks.push(Block::Fields(vec![
        (w.counts.all_students.clone(), t.all_students.to_string()),
        (w.counts.entrants.clone(), t.entrants.to_string()),
        (w.counts.exits.clone(), t.exits.to_string()),
    ]));
    let rows = main_rates(&g.rates)
        .iter()
        .map(|(_, label, rate)| vec![label.to_string(), rate.text()])
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![6.0, 4.0],
        header: vec![w.columns.figure.clone(), w.columns.rate.clone()],
        rows,
    }));
}

/// A gauge: one bar against its denominator.
fn gauge(caption: &str, label: &str, rate: &Rate) -> Block {
    Block::Bars(Bars {
        caption: caption.to_string(),
        rows: vec![Bar {
            label: label.to_string(),
            value: rate.numerator as f64,
            scale: rate.denominator as f64,
            text: rate.text(),
        }],
    })
}

/// Bars of counts, each against the largest, with its share of `whole`.
fn count_bars(caption: &str, items: Vec<(String, u64)>, whole: u64) -> Block {
    let scale = items.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
    Block::Bars(Bars {
        caption: caption.to_string(),
        rows: items
            .into_iter()
            .map(|(label, n)| Bar {
                label,
                value: n as f64,
                scale,
                text: Rate::of(n, whole).text(),
            })
            .collect(),
    })
}

fn charts(blocks: &mut Vec<Block>, ind: &Indicators, hours: &HoursReport, w: &Wording) {
    let c = &w.charts;
    let overall = ind.overall();
    blocks.push(Block::Heading(w.headings.charts.clone()));
    blocks.push(gauge(
        &c.in_parcours,
        &w.columns.in_parcours,
        &overall.rates.in_parcours,
    ));
    let total = hours.total();
    if total.granted() > 0.0 || total.delivered > 0.0 {
        blocks.push(Block::Bars(Bars {
            caption: format!("{} ({})", c.hours, hours.school_year),
            rows: vec![Bar {
                label: "Heures".into(),
                value: total.delivered,
                scale: total.granted(),
                text: format!(
                    "{} / {}",
                    hours_label(total.delivered),
                    hours_label(total.granted())
                ),
            }],
        }));
    }
    blocks.push(Block::Bars(Bars {
        caption: c.passage_by_sector.clone(),
        rows: ind
            .level(Level::Sector)
            .iter()
            .map(|g| Bar {
                label: g.label.clone(),
                value: g.rates.passage.value.unwrap_or(0.0),
                scale: 1.0,
                text: g.rates.passage.text(),
            })
            .collect(),
    }));
}

const LEVEL_WIDTHS: [f32; 5] = [4.0, 1.6, 2.3, 2.3, 2.3];

fn levels(blocks: &mut Vec<Block>, ind: &Indicators, w: &Wording) {
    let c = &w.columns;
    blocks.push(Block::Heading(w.headings.levels.clone()));
    for level in [Level::Establishment, Level::Specialty, Level::Sector] {
        let groups = ind.level(level);
        if level == Level::Establishment && groups.len() < 2 {
            continue;
        }
        blocks.push(Block::Paragraph(level.title().to_string()));
        let rows = groups
            .iter()
            .map(|g| {
                let label = match g.detail.is_empty() {
                    true => g.label.clone(),
                    false => format!("{} ({})", g.label, g.detail),
                };
                vec![
                    label,
                    g.tally.entrants.to_string(),
                    g.rates.in_parcours.text(),
                    g.rates.dropout.text(),
                    g.rates.passage.text(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            widths: LEVEL_WIDTHS.to_vec(),
            header: vec![
                c.group.clone(),
                c.entrants.clone(),
                c.in_parcours.clone(),
                c.dropout.clone(),
                c.passage.clone(),
            ],
            rows,
        }));
    }
}

fn years(blocks: &mut Vec<Block>, groups: &[Group], w: &Wording) {
    if groups.len() < 2 {
        return;
    }
    blocks.push(Block::Heading(w.headings.years.clone()));
    // At most five years side by side on the page: the latest ones.
    let shown = &groups[groups.len().saturating_sub(5)..];
    let mut header = vec![w.columns.figure.clone()];
    header.extend(shown.iter().map(|g| g.label.clone()));
    let mut rows = vec![{
        let mut row = vec![w.counts.entrants.clone()];
        row.extend(shown.iter().map(|g| g.tally.entrants.to_string()));
        row
    }];
    let per_year: Vec<_> = shown.iter().map(|g| main_rates(&g.rates)).collect();
    for (i, (_, label, _)) in main_rates(&shown[0].rates).iter().enumerate() {
        let mut row = vec![label.to_string()];
        row.extend(per_year.iter().map(|rates| rates[i].2.text()));
        rows.push(row);
    }
    let mut widths = vec![3.5];
    widths.extend(shown.iter().map(|_| 2.0));
    blocks.push(Block::Table(Table {
        widths,
        header,
        rows,
    }));
}

fn crosses(blocks: &mut Vec<Block>, t: &Tally, names: &Names, w: &Wording) {
    let c = &w.columns;
    blocks.push(Block::Heading(w.headings.crosses.clone()));
    blocks.push(Block::Paragraph(w.crosses.intro.clone()));
    let label_of = |code: &str| names.difficulties.get(code).cloned();
    for cross in CROSSES {
        let rows: Vec<Vec<String>> = cross
            .rows(t, &label_of)
            .into_iter()
            .map(|row| {
                vec![
                    row.label,
                    row.rates.entrants.to_string(),
                    row.rates.dropout.text(),
                    row.rates.passage.text(),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph(cross.title.to_string()));
        blocks.push(Block::Table(Table {
            widths: vec![4.0, 1.6, 2.6, 2.6],
            header: vec![
                String::new(),
                c.cell.clone(),
                c.dropout.clone(),
                c.passage.clone(),
            ],
            rows,
        }));
    }
}

fn count(map: &BTreeMap<String, u64>, code: &str) -> u64 {
    map.get(code).copied().unwrap_or(0)
}

fn leavers(blocks: &mut Vec<Block>, t: &Tally, names: &Names, w: &Wording) {
    let c = &w.charts;
    blocks.push(Block::Heading(format!(
        "{} ({})",
        w.headings.leavers, t.exits
    )));
    if t.exits == 0 {
        blocks.push(Block::Paragraph(c.no_exit.clone()));
        return;
    }
    let periods = ExitPeriod::ALL
        .iter()
        .map(|p| (p.label().to_string(), count(&t.exits_by_period, p.code())))
        .collect();
    blocks.push(count_bars("Sorties : quand", periods, t.exits));
    let months = t
        .exits_by_month
        .iter()
        .map(|(m, n)| (month_label(m), *n))
        .collect();
    blocks.push(count_bars(&c.by_month, months, t.exits));
    let mut causes: Vec<(String, u64)> = ExitCause::ALL
        .iter()
        .map(|x| (x.label().to_string(), count(&t.exits_by_cause, x.code())))
        .collect();
    causes.push(("non renseigné".into(), count(&t.exits_by_cause, MISSING)));
    causes.retain(|(_, n)| *n > 0);
    blocks.push(count_bars(&c.by_cause, causes, t.exits));
    let mut destinations: Vec<(String, u64)> = ExitDestination::ALL
        .iter()
        .map(|x| {
            (
                x.label().to_string(),
                count(&t.exits_by_destination, x.code()),
            )
        })
        .collect();
    destinations.push((
        "non renseignée".into(),
        count(&t.exits_by_destination, MISSING),
    ));
    destinations.retain(|(_, n)| *n > 0);
    blocks.push(count_bars(&c.by_destination, destinations, t.exits));
    let difficulties: Vec<(String, u64)> = t
        .exits_by_difficulty
        .iter()
        .map(|(code, n)| {
            let label = names.difficulties.get(code).cloned();
            (label.unwrap_or_else(|| code.clone()), *n)
        })
        .collect();
    if !difficulties.is_empty() {
        blocks.push(count_bars(
            "Sorties : types de difficulté repérés",
            difficulties,
            t.exits,
        ));
    }
}

fn modules(blocks: &mut Vec<Block>, t: &Tally, names: &Names, hours: &HoursReport, w: &Wording) {
    let c = &w.columns;
    blocks.push(Block::Heading(w.headings.modules.clone()));
    let hours_of = |code: &str| hours.modules.iter().find(|m| m.code == code);
    let rows: Vec<Vec<String>> = names
        .modules
        .iter()
        .filter(|(code, ..)| t.modules.contains_key(code) || hours_of(code).is_some())
        .map(|(code, name, kind)| {
            let m = t.modules.get(code).copied().unwrap_or_default();
            let h = hours_of(code);
            let figures = match h {
                Some(h) => format!(
                    "{} / {} / {}",
                    hours_label(h.planned),
                    hours_label(h.delivered),
                    h.granted.map_or_else(|| "–".into(), hours_label)
                ),
                None => "–".into(),
            };
            vec![
                format!("{name} ({})", kind.label()),
                m.enrolled.to_string(),
                Rate::of(m.attended, m.marked).text(),
                figures,
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Paragraph(w.modules.none.clone()));
        return;
    }
    blocks.push(Block::Table(Table {
        widths: vec![4.0, 1.3, 2.4, 3.3],
        header: vec![
            c.module.clone(),
            c.students.clone(),
            c.attendance.clone(),
            c.hours.clone(),
        ],
        rows,
    }));
    let stayed = Rate::of(t.stayed_with_module, t.stayed).text();
    blocks.push(Block::Paragraph(fill(
        &w.modules.stayed,
        &[("taux", &stayed)],
    )));
}

/// The report of the file's students kept by `filter`, on `today` (`Ok(Err)`: the
/// French message of a filter value unknown in the file).
pub fn of_store(
    store: &crate::store::Store,
    filter: &crate::model::indicators::Filter,
    today: NaiveDate,
) -> anyhow::Result<Result<Doc, String>> {
    let indicators = match crate::cli::indicators::indicators(store, filter, today)? {
        Ok(ind) => ind,
        Err(message) => return Ok(Err(message)),
    };
    let school_year = filter
        .year
        .clone()
        .unwrap_or_else(|| crate::model::school_year_of(today));
    let hours = store.hours_report(&school_year, today)?;
    let names = crate::cli::indicators::names(store)?;
    let input = ReportInput {
        indicators: &indicators,
        names: &names,
        hours: &hours,
    };
    Ok(Ok(document(&input, today)))
}
