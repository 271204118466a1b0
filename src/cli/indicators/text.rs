//! The indicators as a French text readable at 80 columns: one table per level.

use std::collections::BTreeMap;

use super::table::{Column, left, one, rate_cell, right, row, wrapped};
use crate::labels::Label;
use crate::model::hours::HoursReport;
use crate::model::indicators::*;
use crate::model::sessions::MONTH_LABELS;
use crate::model::text::pad;
use crate::model::{ExitCause, ExitDestination, ModuleType};

/// What the text needs besides the figures: the names behind codes.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Modules in catalogue order: code, name, type.
    pub modules: Vec<(String, String, ModuleType)>,
    /// Difficulty type code → label.
    pub difficulties: BTreeMap<String, String>,
}

const WIDTH: usize = 80;
const LABEL: usize = 33;

/// The whole text.
pub fn render(ind: &Indicators, names: &Names, hours: &HoursReport) -> String {
    let mut out = String::new();
    let title = match &ind.filter.year {
        Some(year) => format!("Indicateurs de la promotion {year}"),
        None => "Indicateurs, toutes promotions".to_string(),
    };
    out.push_str(&title);
    out.push('\n');
    let others = Filter {
        year: None,
        ..ind.filter.clone()
    };
    if !others.is_empty() {
        for line in wrapped(&format!("Filtre : {}", others.describe()), WIDTH) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "État au {} ; taux sur les élèves venant d'un bac pro.\n\n",
        ind.today.format("%d/%m/%Y")
    ));
    overall(&mut out, ind.overall());
    let several = ind.level(Level::Establishment).len() > 1;
    for level in [
        Level::Establishment,
        Level::Specialty,
        Level::Sector,
        Level::Section,
    ] {
        level_table(&mut out, level, ind.level(level), several);
    }
    years(&mut out, ind.level(Level::CohortYear));
    crosses(&mut out, &ind.overall().tally, names);
    leavers(&mut out, &ind.overall().tally, names);
    super::modules::modules(&mut out, &ind.overall().tally, names, hours);
    out.push('\n');
    out.push_str(&super::hours::hours_block(hours));
    out
}

pub(super) fn heading(out: &mut String, title: &str) {
    out.push_str(title);
    out.push('\n');
    out.push_str(&"─".repeat(title.chars().count()));
    out.push('\n');
}

fn line(out: &mut String, label: &str, value: impl AsRef<str>) {
    out.push_str(&pad(label, LABEL));
    out.push_str(value.as_ref());
    out.push('\n');
}

/// Every figure of the whole file, one per line.
fn overall(out: &mut String, g: &Group) {
    let (t, r) = (&g.tally, &g.rates);
    heading(out, "Ensemble");
    line(out, "Élèves (tous bacs)", t.all_students.to_string());
    line(out, "Élèves de bac pro (entrants)", t.entrants.to_string());
    line(out, "Repérés", r.identified.text());
    line(out, "Parcours proposé", r.proposed.text());
    line(
        out,
        "Parcours accepté (des proposés)",
        r.accepted_of_proposed.text(),
    );
    line(out, "En parcours (des entrants)", r.in_parcours.text());
    let pending = |rate: &Rate| {
        if rate.value.is_none() && rate.denominator > 0 {
            format!(
                "pas encore connu ({}/{} issues connues)",
                t.first_year_known, t.entrants
            )
        } else {
            rate.text()
        }
    };
    line(out, "Passage en 2e année", pending(&r.passage));
    line(out, "  dont BTS en 3 ans", t.bts_in_3_years.to_string());
    line(
        out,
        "  décisions de S2 enregistrées",
        format!("{} sur {}", t.decisions, t.entrants),
    );
    line(out, "Redoublements", t.repeating.to_string());
    line(out, "Perte entre 1re et 2e année", pending(&r.loss));
    line(out, "Taux de décrochage (à ce jour)", r.dropout.text());
    line(
        out,
        "  sorties en 1re année",
        t.exits_first_year.to_string(),
    );
    line(out, "BTS obtenu en 2 ans", r.bts_2_years.text());
    line(out, "BTS obtenu en 3 ans", r.bts_3_years.text());
    out.push('\n');
}

const GROUP_COLUMNS: [Column; 6] = [
    left(24),
    right(7),
    right(11),
    right(11),
    right(11),
    right(11),
];

/// One level as a table: a row per group, its name wrapped.
fn level_table(out: &mut String, level: Level, groups: &[Group], several: bool) {
    if groups.is_empty() {
        return;
    }
    heading(out, level.title());
    row(
        out,
        &GROUP_COLUMNS,
        &[
            one(""),
            one("Bac pro"),
            one("Repérés"),
            vec!["En".into(), "parcours".into()],
            vec!["Passage".into(), "en 2e".into()],
            one("Décrochage"),
        ],
    );
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut name = wrapped(&g.label, GROUP_COLUMNS[0].width);
        let detail = match level {
            Level::Establishment => format!("{}, {}", g.code, g.detail),
            // One establishment: naming it under each section says nothing.
            Level::Section if !several => String::new(),
            _ => g.detail.clone(),
        };
        if !detail.trim().is_empty() && detail.trim() != "," {
            name.extend(
                wrapped(&detail, GROUP_COLUMNS[0].width - 2)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
        row(
            out,
            &GROUP_COLUMNS,
            &[
                name,
                one(g.tally.entrants.to_string()),
                rate_cell(&g.rates.identified),
                rate_cell(&g.rates.in_parcours),
                rate_cell(&g.rates.passage),
                rate_cell(&g.rates.dropout),
            ],
        );
    }
    out.push('\n');
}

/// The cohort years side by side (when there are several): one column per
/// year, the main rates as rows, at most four years per table.
fn years(out: &mut String, groups: &[Group]) {
    if groups.len() < 2 {
        return;
    }
    heading(out, "Évolution par promotion");
    for chunk in groups.chunks(4) {
        let mut columns = vec![left(26)];
        columns.extend(chunk.iter().map(|_| right(12)));
        let mut header = vec![one("")];
        header.extend(chunk.iter().map(|g| one(g.label.clone())));
        row(out, &columns, &header);
        let mut entrants = vec![one("Élèves de bac pro")];
        entrants.extend(chunk.iter().map(|g| one(g.tally.entrants.to_string())));
        row(out, &columns, &entrants);
        for (i, (_, label, _)) in main_rates(&chunk[0].rates).iter().enumerate() {
            let mut cells = vec![wrapped(label, 26)];
            cells.extend(chunk.iter().map(|g| rate_cell(&main_rates(&g.rates)[i].2)));
            row(out, &columns, &cells);
        }
        out.push('\n');
    }
}

const CROSS_COLUMNS: [Column; 4] = [left(40), right(7), right(12), right(12)];

/// « Est-ce que ça marche ? »: exits and passage by what the team did.
fn crosses(out: &mut String, tally: &Tally, names: &Names) {
    heading(out, "Est-ce que ça marche ? Sorties et passage");
    let label_of = |code: &str| names.difficulties.get(code).cloned();
    for cross in CROSSES {
        let rows = cross.rows(tally, &label_of);
        if rows.is_empty() {
            continue;
        }
        row(
            out,
            &CROSS_COLUMNS,
            &[
                one(cross.title),
                one("Élèves"),
                one("Décrochage"),
                vec!["Passage".into(), "en 2e".into()],
            ],
        );
        for r in rows {
            row(
                out,
                &CROSS_COLUMNS,
                &[
                    wrapped(&r.label, 38)
                        .into_iter()
                        .map(|l| format!("  {l}"))
                        .collect(),
                    one(r.rates.entrants.to_string()),
                    rate_cell(&r.rates.dropout),
                    rate_cell(&r.rates.passage),
                ],
            );
        }
        out.push('\n');
    }
}

/// « novembre 2026 » for « 2026-11 ».
fn month_label(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
        .and_then(|(y, m)| Some(format!("{} {y}", MONTH_LABELS.get(m.checked_sub(1)?)?)))
        .unwrap_or_else(|| month.to_string())
}

/// « Profil des sortants »: when, why, where to, which difficulties.
fn leavers(out: &mut String, t: &Tally, names: &Names) {
    heading(out, &format!("Profil des sortants ({})", t.exits));
    if t.exits == 0 {
        out.push_str("  Aucune sortie.\n\n");
        return;
    }
    let count = |map: &BTreeMap<String, u64>, code: &str| map.get(code).copied().unwrap_or(0);
    let share = |n: u64| Rate::of(n, t.exits).text();
    let mut block = |title: &str, items: Vec<(String, u64)>| {
        out.push_str(title);
        out.push('\n');
        for (label, n) in items {
            for (i, l) in wrapped(&label, LABEL - 4).iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!("    {l}\n"));
                } else {
                    line(out, &format!("    {l}"), share(n));
                }
            }
        }
    };
    let mut periods: Vec<(String, u64)> = ExitPeriod::ALL
        .iter()
        .map(|p| (p.label().to_string(), count(&t.exits_by_period, p.code())))
        .collect();
    periods.extend(
        t.exits_by_month
            .iter()
            .map(|(m, n)| (format!("  en {}", month_label(m)), *n)),
    );
    block("  Quand", periods);
    let mut causes: Vec<(String, u64)> = ExitCause::ALL
        .iter()
        .map(|c| (c.label().to_string(), count(&t.exits_by_cause, c.code())))
        .collect();
    causes.push(("non renseignée".into(), count(&t.exits_by_cause, MISSING)));
    block("  Pourquoi", causes);
    let mut destinations: Vec<(String, u64)> = ExitDestination::ALL
        .iter()
        .map(|d| {
            (
                d.label().to_string(),
                count(&t.exits_by_destination, d.code()),
            )
        })
        .collect();
    destinations.push((
        "non renseignée".into(),
        count(&t.exits_by_destination, MISSING),
    ));
    block("  Vers", destinations);
    let difficulties: Vec<(String, u64)> = t
        .exits_by_difficulty
        .iter()
        .map(|(code, n)| {
            (
                names
                    .difficulties
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.clone()),
                *n,
            )
        })
        .collect();
    if !difficulties.is_empty() {
        block("  Avec quelles difficultés", difficulties);
    }
    out.push('\n');
}
