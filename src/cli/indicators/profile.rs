//! The last blocks of the indicators text: « Profil des sortants » and « Modules ».

use std::collections::BTreeMap;

use super::table::{Column, left, one, rate_cell, right, row, wrapped};
use super::text::{LABEL, Names, count, heading, line};
use crate::labels::Label;
use crate::model::catalogue::hours_label;
use crate::model::hours::HoursReport;
use crate::model::indicators::small_cells::{Cell, Mask};
use crate::model::indicators::*;
use crate::model::sessions::MONTH_LABELS;
use crate::model::{ExitCause, ExitDestination, ModuleType};

/// « novembre 2026 » for « 2026-11 ».
fn month_label(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
        .and_then(|(y, m)| Some(format!("{} {y}", MONTH_LABELS.get(m.checked_sub(1)?)?)))
        .unwrap_or_else(|| month.to_string())
}

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

const MODULE_COLUMNS: [Column; 8] = [
    left(22),
    right(6),
    right(6),
    right(6),
    right(7),
    right(7),
    right(9),
    right(10),
];

/// Per module: students, hours (planner), attendance; which modules the
/// students who stayed had followed.
pub(super) fn modules(
    out: &mut String,
    t: &Tally,
    names: &Names,
    hours: &HoursReport,
    mask: Option<&Mask>,
) {
    heading(out, "Modules");
    let hours_of = |code: &str| hours.modules.iter().find(|m| m.code == code);
    let shown: Vec<&(String, String, ModuleType)> = names
        .modules
        .iter()
        .filter(|(code, ..)| t.modules.contains_key(code) || hours_of(code).is_some())
        .collect();
    if shown.is_empty() {
        out.push_str("  Aucun élève de bac pro dans un module.\n");
        return;
    }
    row(
        out,
        &MODULE_COLUMNS,
        &[
            one(""),
            one("Élèves"),
            one("Arrêts"),
            one("Restés"),
            vec!["Heures".into(), "prévues".into()],
            vec!["Heures".into(), "faites".into()],
            one("Accordées"),
            one("Assiduité"),
        ],
    );
    for (code, name, kind) in shown {
        let m = t.modules.get(code).copied().unwrap_or_default();
        let h = hours_of(code);
        let mut label = wrapped(name, 22);
        label.push(format!("  {}", kind.label()));
        let attendance = Rate::of(m.attended, m.marked);
        row(
            out,
            &MODULE_COLUMNS,
            &[
                label,
                one(count(mask, "modules", code, "enrolled", m.enrolled)),
                one(count(mask, "modules", code, "stopped", m.stopped)),
                one(count(mask, "modules", code, "stayed", m.stayed)),
                one(h.map_or("–".into(), |h| hours_label(h.planned))),
                one(h.map_or("–".into(), |h| hours_label(h.delivered))),
                one(h.and_then(|h| h.granted).map_or("–".into(), hours_label)),
                rate_cell(&attendance),
            ],
        );
    }
    let stayed_hidden = mask.is_some_and(|m| {
        m.cell("overall_extra", "stayed", "n") != Cell::Shown
            || m.cell("overall_extra", "stayed_with_module", "n") != Cell::Shown
    });
    out.push_str(&format!(
        "Élèves restés ayant suivi au moins un module : {}\n",
        if stayed_hidden {
            "s".to_string()
        } else {
            Rate::of(t.stayed_with_module, t.stayed).text()
        }
    ));
    out.push_str(&format!(
        "(heures du planificateur, année {}, tous élèves, sans filtre ;\n assiduité : présent ou en retard, sur les séances pointées)\n",
        hours.school_year
    ));
}
