//! The indicators as a French text readable at 80 columns: one table per level.

use std::collections::BTreeMap;

use super::table::{Column, left, one, rate_cell, right, row, wrapped};
use crate::model::ModuleType;
use crate::model::hours::HoursReport;
use crate::model::indicators::small_cells::{Cell, Mask, rate_columns};
use crate::model::indicators::*;
use crate::model::text::pad;

/// What the text needs besides the figures: the names behind codes.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Modules in catalogue order: code, name, type.
    pub modules: Vec<(String, String, ModuleType)>,
    /// Difficulty type code → label.
    pub difficulties: BTreeMap<String, String>,
}

const WIDTH: usize = 80;
pub(super) const LABEL: usize = 33;

/// The whole text.
pub fn render(ind: &Indicators, names: &Names, hours: &HoursReport) -> String {
    render_masked(ind, names, hours, None)
}

/// The whole text, small cells hidden by `mask` (tables meant for publication).
pub fn render_masked(
    ind: &Indicators,
    names: &Names,
    hours: &HoursReport,
    mask: Option<&Mask>,
) -> String {
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
    overall(&mut out, ind.overall(), mask);
    let several = ind.level(Level::Establishment).len() > 1;
    if ind.level(Level::Academie).len() > 1 {
        level_table(
            &mut out,
            Level::Academie,
            ind.level(Level::Academie),
            several,
            mask,
        );
    }
    for level in [
        Level::Establishment,
        Level::Specialty,
        Level::Sector,
        Level::Section,
    ] {
        level_table(&mut out, level, ind.level(level), several, mask);
    }
    years(&mut out, ind.level(Level::CohortYear), mask);
    crosses(&mut out, &ind.overall().tally, names, mask);
    super::profile::leavers(&mut out, &ind.overall().tally, names, mask);
    super::modules::modules(&mut out, &ind.overall().tally, names, hours, mask);
    out.push('\n');
    out.push_str(&super::hours::hours_block(hours));
    out
}

/// A count as published: « < 5 » or « s » when `mask` hides it.
pub(super) fn count(mask: Option<&Mask>, table: &str, row: &str, column: &str, n: u64) -> String {
    mask.map_or_else(|| n.to_string(), |m| m.count(table, row, column, n))
}

/// Whether `mask` hides the rate of a group (by its name in [`Rates`]).
fn hides(mask: Option<&Mask>, table: &str, row: &str, rate: &str) -> bool {
    let (numerator, denominator) = rate_columns(rate);
    mask.is_some_and(|m| m.hides_rate(table, row, numerator, denominator))
}

/// A rate cell, « s » when hidden.
fn masked_cell(hidden: bool, rate: &Rate) -> Vec<String> {
    // An unknown rate shows no figure: nothing to hide.
    if hidden && rate.value.is_some() {
        one("s")
    } else {
        rate_cell(rate)
    }
}

pub(super) fn heading(out: &mut String, title: &str) {
    out.push_str(title);
    out.push('\n');
    out.push_str(&"─".repeat(title.chars().count()));
    out.push('\n');
}

pub(super) fn line(out: &mut String, label: &str, value: impl AsRef<str>) {
    out.push_str(&pad(label, LABEL));
    out.push_str(value.as_ref());
    out.push('\n');
}

/// Every figure of the whole file, one per line.
fn overall(out: &mut String, g: &Group, mask: Option<&Mask>) {
    let (t, r) = (&g.tally, &g.rates);
    let n = |column: &str, value: u64| count(mask, "ensemble", "ensemble", column, value);
    // An unknown rate shows no figure: nothing to hide.
    let shown = |name: &str, rate: &Rate| {
        if hides(mask, "ensemble", "ensemble", name) && rate.value.is_some() {
            "s".to_string()
        } else {
            rate.text()
        }
    };
    heading(out, "Ensemble");
    line(out, "Élèves (tous bacs)", n("all_students", t.all_students));
    line(
        out,
        "Élèves de bac pro (entrants)",
        n("entrants", t.entrants),
    );
    line(out, "Repérés", shown("identified", &r.identified));
    line(out, "Parcours proposé", shown("proposed", &r.proposed));
    line(
        out,
        "Parcours accepté (des proposés)",
        shown("accepted_of_proposed", &r.accepted_of_proposed),
    );
    line(
        out,
        "En parcours (des entrants)",
        shown("in_parcours", &r.in_parcours),
    );
    let pending = |name: &str, rate: &Rate| {
        if hides(mask, "ensemble", "ensemble", name) && rate.value.is_some() {
            "s".to_string()
        } else if rate.value.is_none() && rate.denominator > 0 {
            format!(
                "pas encore connu ({}/{} issues connues)",
                n("first_year_known", t.first_year_known),
                n("entrants", t.entrants)
            )
        } else {
            rate.text()
        }
    };
    line(out, "Passage en 2e année", pending("passage", &r.passage));
    line(
        out,
        "  dont BTS en 3 ans",
        n("bts_in_3_years", t.bts_in_3_years),
    );
    line(
        out,
        "  décisions de S2 enregistrées",
        format!(
            "{} sur {}",
            n("decisions", t.decisions),
            n("entrants", t.entrants)
        ),
    );
    line(out, "Redoublements", n("repeating", t.repeating));
    line(out, "Perte entre 1re et 2e année", pending("loss", &r.loss));
    line(
        out,
        "Taux de décrochage (à ce jour)",
        shown("dropout", &r.dropout),
    );
    line(
        out,
        "  sorties en 1re année",
        n("exits_first_year", t.exits_first_year),
    );
    line(
        out,
        "BTS obtenu en 2 ans",
        shown("bts_2_years", &r.bts_2_years),
    );
    line(
        out,
        "BTS obtenu en 3 ans",
        shown("bts_3_years", &r.bts_3_years),
    );
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
fn level_table(
    out: &mut String,
    level: Level,
    groups: &[Group],
    several: bool,
    mask: Option<&Mask>,
) {
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
            Level::Academie => String::new(),
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
                one(count(
                    mask,
                    level.code(),
                    &g.code,
                    "entrants",
                    g.tally.entrants,
                )),
                masked_cell(
                    hides(mask, level.code(), &g.code, "identified"),
                    &g.rates.identified,
                ),
                masked_cell(
                    hides(mask, level.code(), &g.code, "in_parcours"),
                    &g.rates.in_parcours,
                ),
                masked_cell(
                    hides(mask, level.code(), &g.code, "passage"),
                    &g.rates.passage,
                ),
                masked_cell(
                    hides(mask, level.code(), &g.code, "dropout"),
                    &g.rates.dropout,
                ),
            ],
        );
    }
    out.push('\n');
}

/// The cohort years side by side (when there are several): one column per
/// year, the main rates as rows, at most four years per table.
fn years(out: &mut String, groups: &[Group], mask: Option<&Mask>) {
    let table = Level::CohortYear.code();
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
        entrants.extend(
            chunk
                .iter()
                .map(|g| one(count(mask, table, &g.code, "entrants", g.tally.entrants))),
        );
        row(out, &columns, &entrants);
        for (i, (name, label, _)) in main_rates(&chunk[0].rates).iter().enumerate() {
            let mut cells = vec![wrapped(label, 26)];
            cells.extend(chunk.iter().map(|g| {
                masked_cell(
                    hides(mask, table, &g.code, name),
                    &main_rates(&g.rates)[i].2,
                )
            }));
            row(out, &columns, &cells);
        }
        out.push('\n');
    }
}

const CROSS_COLUMNS: [Column; 4] = [left(40), right(7), right(12), right(12)];

/// « Est-ce que ça marche ? »: exits and passage by what the team did.
fn crosses(out: &mut String, tally: &Tally, names: &Names, mask: Option<&Mask>) {
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
        let table = format!("cross:{}", cross.family);
        for r in rows {
            let n =
                |column: &str| mask.is_some_and(|m| m.cell(&table, &r.code, column) != Cell::Shown);
            row(
                out,
                &CROSS_COLUMNS,
                &[
                    wrapped(&r.label, 38)
                        .into_iter()
                        .map(|l| format!("  {l}"))
                        .collect(),
                    one(count(mask, &table, &r.code, "entrants", r.rates.entrants)),
                    masked_cell(n("entrants") || n("exits"), &r.rates.dropout),
                    masked_cell(n("entrants") || n("passed"), &r.rates.passage),
                ],
            );
        }
        out.push('\n');
    }
}
