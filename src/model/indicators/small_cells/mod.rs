//! Small cells in tables meant for publication (statistical secrecy).
//!
//! The rule, in one place:
//! - **primary**: a count of 1 to 4 people is shown « < 5 » (0 is shown: it
//!   names nobody);
//! - **secondary**: when the cells of a set add up to a published total (a
//!   column of a table with its « Ensemble » row, the sections of one
//!   establishment, the causes of the exits…) and exactly one of them is
//!   hidden, the total would give it away: the smallest other non-zero cell of
//!   the set is hidden too (shown « s »), again until no set has exactly one;
//! - a **rate** is hidden when its numerator or its denominator is.

use serde::Serialize;

use super::tally::Tally;

mod mask;

pub use mask::Mask;

/// How a count is shown in a published table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cell {
    Shown,
    /// 1 to 4: « < 5 ».
    Small,
    /// Hidden so that a total does not give a small cell away: « s ».
    Secondary,
}

impl Cell {
    /// The text of a count `n` in this state.
    pub fn text(self, n: u64) -> String {
        match self {
            Cell::Shown => n.to_string(),
            Cell::Small => "< 5".into(),
            Cell::Secondary => "s".into(),
        }
    }
}

/// A count of 1 to 4.
pub fn is_small(n: u64) -> bool {
    (1..=4).contains(&n)
}

/// The state of each cell of `values`; each of `totals` lists the cells
/// (indices) whose sum is published.
pub fn suppress(values: &[u64], totals: &[Vec<usize>]) -> Vec<Cell> {
    let mut cells: Vec<Cell> = values
        .iter()
        .map(|v| {
            if is_small(*v) {
                Cell::Small
            } else {
                Cell::Shown
            }
        })
        .collect();
    // Each pass hides at least one more cell, so this ends.
    loop {
        let mut changed = false;
        for set in totals {
            let hidden = set.iter().filter(|i| cells[**i] != Cell::Shown).count();
            if hidden != 1 {
                continue;
            }
            let next = set
                .iter()
                .filter(|i| cells[**i] == Cell::Shown && values[**i] > 0)
                .min_by_key(|i| (values[**i], **i));
            if let Some(i) = next {
                cells[*i] = Cell::Secondary;
                changed = true;
            }
        }
        if !changed {
            return cells;
        }
    }
}

/// The counts of a group that tables show, by column name.
pub fn group_counts(t: &Tally) -> [(&'static str, u64); 15] {
    [
        ("all_students", t.all_students),
        ("entrants", t.entrants),
        ("identified", t.identified),
        ("proposed", t.proposed),
        ("accepted", t.accepted),
        ("passed", t.passed),
        ("loss", t.exits_first_year + t.repeating),
        ("exits", t.exits),
        ("exits_first_year", t.exits_first_year),
        ("decisions", t.decisions),
        ("repeating", t.repeating),
        ("bts_in_3_years", t.bts_in_3_years),
        ("obtained_2_years", t.obtained_2_years),
        ("obtained_3_years", t.obtained_3_years),
        ("first_year_known", t.first_year_known),
    ]
}

/// The columns (numerator, denominator) of each rate of [`super::Rates`].
pub fn rate_columns(rate: &str) -> (&'static str, &'static str) {
    match rate {
        "proposed" => ("proposed", "entrants"),
        "accepted_of_proposed" => ("accepted", "proposed"),
        "in_parcours" => ("accepted", "entrants"),
        "passage" => ("passed", "entrants"),
        "loss" => ("loss", "entrants"),
        "dropout" => ("exits", "entrants"),
        "bts_2_years" => ("obtained_2_years", "entrants"),
        "bts_3_years" => ("obtained_3_years", "entrants"),
        "first_year_known" => ("first_year_known", "entrants"),
        _ => ("identified", "entrants"),
    }
}

#[cfg(test)]
mod tests {
    use super::Cell::{Secondary as S, Shown as V, Small as P};
    use super::*;

    #[test]
    fn counts_of_one_to_four_are_small_and_zero_is_shown() {
        assert_eq!(
            suppress(&[0, 1, 4, 5, 12], &[]),
            vec![V, P, P, V, V],
            "no total: primary only"
        );
    }

    #[test]
    fn one_hidden_cell_under_a_total_hides_the_next_smallest() {
        // Column 3, 9, 7, 20 with total 39: 3 hidden, 39 - 9 - 7 - 20 gives it
        // back, so the next smallest non-zero cell (7) is hidden too.
        assert_eq!(
            suppress(&[3, 9, 7, 20], &[vec![0, 1, 2, 3]]),
            vec![P, V, S, V]
        );
        // Two small cells already protect each other: 2 + 3 = 5 is all one learns.
        assert_eq!(
            suppress(&[2, 9, 3, 20], &[vec![0, 1, 2, 3]]),
            vec![P, V, P, V]
        );
        // Zeros are not hidden (nobody to protect), the 8 is.
        assert_eq!(
            suppress(&[0, 4, 8, 0, 11], &[vec![0, 1, 2, 3, 4]]),
            vec![V, P, S, V, V]
        );
    }

    #[test]
    fn secondary_suppression_runs_until_every_total_is_safe() {
        // Cells a=2 b=10 c=6 d=30. Totals: a+b (an establishment's two
        // sections) and a+b+c+d (the column). a+b: one hidden → b hidden (s).
        // a+b+c+d now has two hidden (a, b): safe. Nothing else.
        assert_eq!(
            suppress(&[2, 10, 6, 30], &[vec![0, 1], vec![0, 1, 2, 3]]),
            vec![P, S, V, V]
        );
        // c=3 is small in the set {c, d}: d is hidden. The column then has
        // two hidden cells (c, d): safe.
        assert_eq!(
            suppress(&[20, 10, 3, 30], &[vec![2, 3], vec![0, 1, 2, 3]]),
            vec![V, V, P, S]
        );
        // Chain: {0,1} hides 1 (secondary) which becomes the only hidden cell of
        // {1,2}: 2 is hidden in turn.
        assert_eq!(
            suppress(&[1, 6, 9, 40], &[vec![0, 1], vec![1, 2, 3]]),
            vec![P, S, S, V]
        );
    }

    #[test]
    fn a_lone_small_cell_with_only_zeros_beside_it_stays_small() {
        // Its total is itself 1 to 4 and is hidden where it is shown.
        assert_eq!(suppress(&[0, 3, 0], &[vec![0, 1, 2]]), vec![V, P, V]);
    }
}
