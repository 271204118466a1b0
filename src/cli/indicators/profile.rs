//! The « Profil des sortants » block of the indicators text.

use std::collections::BTreeMap;

use super::table::wrapped;
use super::text::{LABEL, Names, count, heading, line};
use crate::labels::Label;
use crate::model::indicators::small_cells::{Cell, Mask};
use crate::model::indicators::*;
use crate::model::sessions::month_label;
use crate::model::{ExitCause, ExitDestination};

/// « Profil des sortants »: when, why, where to, which difficulties.
pub(super) fn leavers(out: &mut String, t: &Tally, names: &Names, mask: Option<&Mask>) {
    let exits = count(mask, "ensemble", "ensemble", "exits", t.exits);
    let exits_hidden = mask.is_some_and(|m| m.cell("ensemble", "ensemble", "exits") != Cell::Shown);
    heading(out, &format!("Profil des sortants ({exits})"));
    if t.exits == 0 {
        out.push_str("  Aucune sortie.\n\n");
        return;
    }
    let get = |map: &BTreeMap<String, u64>, code: &str| map.get(code).copied().unwrap_or(0);
    let share = |table: &str, code: &str, n: u64| {
        let hidden = mask.is_some_and(|m| m.cell(table, code, "n") != Cell::Shown);
        if hidden || exits_hidden {
            count(mask, table, code, "n", n)
        } else {
            Rate::of(n, t.exits).text()
        }
    };
    let mut block = |title: &str, table: &str, items: Vec<(String, String, u64)>| {
        if !title.is_empty() {
            out.push_str(title);
            out.push('\n');
        }
        for (code, label, n) in items {
            for (i, l) in wrapped(&label, LABEL - 4).iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!("    {l}\n"));
                } else {
                    line(out, &format!("    {l}"), share(table, &code, n));
                }
            }
        }
    };
    let periods: Vec<(String, String, u64)> = ExitPeriod::ALL
        .iter()
        .map(|p| {
            (
                p.code().to_string(),
                p.label().to_string(),
                get(&t.exits_by_period, p.code()),
            )
        })
        .collect();
    block("  Quand", "leavers:period", periods);
    let months: Vec<(String, String, u64)> = t
        .exits_by_month
        .iter()
        .map(|(m, n)| (m.clone(), format!("  en {}", month_label(m)), *n))
        .collect();
    block("", "leavers:month", months);
    let mut causes: Vec<(String, String, u64)> = ExitCause::ALL
        .iter()
        .map(|c| {
            (
                c.code().to_string(),
                c.label().to_string(),
                get(&t.exits_by_cause, c.code()),
            )
        })
        .collect();
    causes.push((
        MISSING.into(),
        "non renseignée".into(),
        get(&t.exits_by_cause, MISSING),
    ));
    block("  Pourquoi", "leavers:cause", causes);
    let mut destinations: Vec<(String, String, u64)> = ExitDestination::ALL
        .iter()
        .map(|d| {
            (
                d.code().to_string(),
                d.label().to_string(),
                get(&t.exits_by_destination, d.code()),
            )
        })
        .collect();
    destinations.push((
        MISSING.into(),
        "non renseignée".into(),
        get(&t.exits_by_destination, MISSING),
    ));
    block("  Vers", "leavers:destination", destinations);
    let difficulties: Vec<(String, String, u64)> = t
        .exits_by_difficulty
        .iter()
        .map(|(code, n)| {
            let label = names
                .difficulties
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.clone());
            (code.clone(), label, *n)
        })
        .collect();
    if !difficulties.is_empty() {
        block(
            "  Avec quelles difficultés",
            "leavers:difficulty",
            difficulties,
        );
    }
    out.push('\n');
}
