//! The rule of [`super`] applied to every table `indicators` prints: which
//! rows add up to which published total.

use std::collections::{BTreeMap, BTreeSet};

use super::super::crosses::CROSSES;
use super::super::levels::{Group, Level};
use super::super::period::ExitPeriod;
use super::super::tally::{Tallies, Tally};
use super::super::{Indicators, Rate};
use super::{Cell, group_counts, suppress};

/// Where a cell is: table, row code, column name.
type Place = (String, String, String);

/// The hidden cells of every published table of some indicators. Tables are
/// named by level code, `cross:FAMILY`, `leavers:WHAT`, `modules`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mask {
    hidden: BTreeMap<Place, Cell>,
}

impl Mask {
    /// The state of a count.
    pub fn cell(&self, table: &str, row: &str, column: &str) -> Cell {
        let place = (table.to_string(), row.to_string(), column.to_string());
        self.hidden.get(&place).copied().unwrap_or(Cell::Shown)
    }

    /// The text of a count.
    pub fn count(&self, table: &str, row: &str, column: &str, n: u64) -> String {
        self.cell(table, row, column).text(n)
    }

    /// Whether a rate is hidden (its numerator or denominator is).
    pub fn hides_rate(&self, table: &str, row: &str, numerator: &str, denominator: &str) -> bool {
        self.cell(table, row, numerator) != Cell::Shown
            || self.cell(table, row, denominator) != Cell::Shown
    }

    /// How many cells are hidden.
    pub fn len(&self) -> usize {
        self.hidden.len()
    }

    /// Whether no cell is hidden.
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty()
    }

    /// Hides the cells of one column of a table: `rows` are (row code, value),
    /// `totals` the sets of rows adding up to a published total.
    pub fn column(
        &mut self,
        table: &str,
        column: &str,
        rows: &[(String, u64)],
        totals: &[Vec<usize>],
    ) {
        let values: Vec<u64> = rows.iter().map(|(_, v)| *v).collect();
        for ((code, _), cell) in rows.iter().zip(suppress(&values, totals)) {
            if cell != Cell::Shown {
                self.hidden
                    .insert((table.into(), code.clone(), column.into()), cell);
            }
        }
    }

    /// Hides the counts of one level's table: each column adds up to the
    /// overall row (and to the rows of its parent levels, see [`nested`]), and
    /// in each row the loss is first-year exits plus repeating.
    fn level(&mut self, level: Level, groups: &[Group], tallies: &Tallies) {
        let columns = group_counts(&Tally::default()).map(|(c, _)| c);
        let at = |row: usize, column: &str| {
            row * columns.len() + columns.iter().position(|c| *c == column).unwrap_or(0)
        };
        let values: Vec<u64> = groups
            .iter()
            .flat_map(|g| group_counts(&g.tally).map(|(_, n)| n))
            .collect();
        let mut totals: Vec<Vec<usize>> = Vec::new();
        if level != Level::Overall {
            let mut row_sets = vec![(0..groups.len()).collect::<Vec<_>>()];
            row_sets.extend(nested(level, groups, tallies));
            for column in columns {
                totals.extend(
                    row_sets
                        .iter()
                        .map(|rows| rows.iter().map(|r| at(*r, column)).collect()),
                );
            }
        }
        for row in 0..groups.len() {
            totals.push(vec![
                at(row, "exits_first_year"),
                at(row, "repeating"),
                at(row, "loss"),
            ]);
        }
        for (i, cell) in suppress(&values, &totals).into_iter().enumerate() {
            if cell != Cell::Shown {
                let place = (
                    level.code().to_string(),
                    groups[i / columns.len()].code.clone(),
                    columns[i % columns.len()].to_string(),
                );
                self.hidden.insert(place, cell);
            }
        }
    }

    /// The mask of every table `indicators` prints, from the indicators and
    /// the tallies they were computed from (which row is part of which).
    pub fn of(ind: &Indicators, tallies: &Tallies) -> Mask {
        let mut mask = Mask::default();
        for level in Level::ALL {
            mask.level(*level, ind.level(*level), tallies);
        }
        let t = &ind.overall().tally;
        for cross in CROSSES {
            let table = format!("cross:{}", cross.family);
            let prefix = format!("{}:", cross.family);
            let cells: Vec<(&String, &super::super::Outcome)> = t
                .crosses
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .collect();
            // A student is in one cell of each family, but in one per difficulty.
            let totals = if cross.cells.is_empty() {
                Vec::new()
            } else {
                vec![(0..cells.len()).collect()]
            };
            for (column, pick) in OUTCOME_COLUMNS {
                let rows: Vec<(String, u64)> = cells
                    .iter()
                    .map(|(k, o)| (k[prefix.len()..].to_string(), pick(o)))
                    .collect();
                mask.column(&table, column, &rows, &totals);
            }
        }
        let periods: BTreeMap<String, u64> = ExitPeriod::ALL
            .iter()
            .map(|p| {
                (
                    p.code().to_string(),
                    *t.exits_by_period.get(p.code()).unwrap_or(&0),
                )
            })
            .collect();
        for (what, map, partition) in [
            ("period", &periods, true),
            ("month", &t.exits_by_month, true),
            ("cause", &t.exits_by_cause, true),
            ("destination", &t.exits_by_destination, true),
            ("difficulty", &t.exits_by_difficulty, false),
        ] {
            let rows: Vec<(String, u64)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
            let totals = if partition {
                vec![(0..rows.len()).collect()]
            } else {
                Vec::new()
            };
            mask.column(&format!("leavers:{what}"), "n", &rows, &totals);
        }
        for (column, pick) in MODULE_COLUMNS {
            let rows: Vec<(String, u64)> = t
                .modules
                .iter()
                .map(|(k, m)| (k.clone(), pick(m)))
                .collect();
            mask.column("modules", column, &rows, &[]);
        }
        let stayed = [
            ("stayed".to_string(), t.stayed),
            ("stayed_with_module".to_string(), t.stayed_with_module),
        ];
        mask.column("overall_extra", "n", &stayed, &[]);
        mask
    }

    /// A rate as text (« 12,5 % (3/24) »), or « s » when hidden.
    pub fn rate_text(&self, hidden: bool, rate: &Rate) -> String {
        if hidden { "s".into() } else { rate.text() }
    }
}

type OutcomePick = fn(&super::super::Outcome) -> u64;
const OUTCOME_COLUMNS: [(&str, OutcomePick); 3] = [
    ("entrants", |o| o.entrants),
    ("exits", |o| o.exits),
    ("passed", |o| o.passed),
];

type ModulePick = fn(&super::super::ModuleTally) -> u64;
const MODULE_COLUMNS: [(&str, ModulePick); 3] = [
    ("enrolled", |m| m.enrolled),
    ("stopped", |m| m.stopped),
    ("stayed", |m| m.stayed),
];

/// Rows of a level that add up to a row of another published level: the
/// establishments of one académie, the specialties of one sector, the sections
/// of one establishment, of one specialty, of one sector.
fn nested(level: Level, groups: &[Group], tallies: &Tallies) -> Vec<Vec<usize>> {
    let parents: &[Level] = match level {
        Level::Establishment => &[Level::Academie],
        Level::Specialty => &[Level::Sector],
        Level::Section => &[Level::Establishment, Level::Specialty, Level::Sector],
        _ => &[],
    };
    let row_of: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.code.as_str(), i))
        .collect();
    let mut sets = Vec::new();
    for parent in parents {
        // Row → its parents' codes; a row under two parents is in no set.
        let mut under: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for key in tallies.keys() {
            if let Some(row) = row_of.get(level.group_of(key).1.as_str()) {
                under
                    .entry(*row)
                    .or_default()
                    .insert(parent.group_of(key).1);
            }
        }
        let mut by_parent: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (row, codes) in under {
            if let [code] = codes.into_iter().collect::<Vec<_>>().as_slice() {
                by_parent.entry(code.clone()).or_default().push(row);
            }
        }
        sets.extend(by_parent.into_values());
    }
    sets
}

#[cfg(test)]
mod tests {
    use super::super::Cell::{Secondary as S, Shown as V, Small as P};
    use super::*;

    fn key(uai: &str, section: &str) -> crate::model::indicators::TallyKey {
        crate::model::indicators::TallyKey {
            academie: "Toulouse".into(),
            uai: uai.into(),
            establishment: format!("Lycée {uai}"),
            specialty: section.into(),
            specialty_name: format!("BTS {section}"),
            sector: crate::model::codes::Sector::Services,
            section: section.into(),
            section_name: format!("BTS {section}"),
            school_year: "2026-2027".into(),
        }
    }

    #[test]
    fn sections_are_protected_by_every_total_they_add_up_to() {
        // Entrants: lycée A has MCO 3 and NDRC 10, lycée B has NDRC 8 (21 in all).
        let tallies: Tallies = [
            (key("A", "MCO"), 3),
            (key("A", "NDRC"), 10),
            (key("B", "NDRC"), 8),
        ]
        .into_iter()
        .map(|(k, n)| {
            (
                k,
                Tally {
                    entrants: n,
                    all_students: n,
                    ..Tally::default()
                },
            )
        })
        .collect();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("day");
        let ind =
            crate::model::indicators::from_tallies(&tallies, &Default::default(), day).expect("ok");
        let mask = Mask::of(&ind, &tallies);
        let cell = |table: &str, row: &str| mask.cell(table, row, "entrants");
        // Sections (3, 10, 8): 3 is small; the total 21 would give it back, so
        // the smallest other (8) is hidden; lycée A's total 13 would give it
        // back from A-NDRC, so 10 is hidden too.
        assert_eq!(cell("section", "MCO A"), P);
        assert_eq!(cell("section", "NDRC B"), S);
        assert_eq!(cell("section", "NDRC A"), S);
        // Specialties (MCO 3, NDRC 18): 21 - 18 = 3, so NDRC is hidden.
        assert_eq!(cell("specialite", "MCO"), P);
        assert_eq!(cell("specialite", "NDRC"), S);
        // Lycées (13, 8) and the overall 21: nothing small.
        assert_eq!(cell("etablissement", "A"), V);
        assert_eq!(cell("etablissement", "B"), V);
        assert_eq!(cell("ensemble", "ensemble"), V);
        // A rate over a hidden denominator is hidden.
        assert!(mask.hides_rate("section", "NDRC A", "identified", "entrants"));
        assert!(!mask.hides_rate("etablissement", "A", "identified", "entrants"));
    }

    #[test]
    fn the_loss_does_not_give_repeating_away() {
        // Loss 10 = first-year exits 9 + repeating 1: repeating is small, and
        // 10 - 9 would give it back, so the 9 is hidden (the smaller other).
        let tally = Tally {
            all_students: 30,
            entrants: 30,
            exits: 9,
            exits_first_year: 9,
            repeating: 1,
            ..Tally::default()
        };
        let tallies: Tallies = [(key("A", "NDRC"), tally)].into_iter().collect();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("day");
        let ind =
            crate::model::indicators::from_tallies(&tallies, &Default::default(), day).expect("ok");
        let mask = Mask::of(&ind, &tallies);
        let cell = |column: &str| mask.cell("ensemble", "ensemble", column);
        assert_eq!(cell("repeating"), P);
        assert_eq!(cell("exits_first_year"), S);
        assert_eq!(cell("loss"), V);
        assert_eq!(cell("exits"), V);
        assert!(!mask.hides_rate("ensemble", "ensemble", "loss", "entrants"));
    }
}
