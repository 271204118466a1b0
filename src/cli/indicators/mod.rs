//! `passerelle indicators`: rates and counts for the team and the académie,
//! one table per level, as text, JSON or CSV.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::model::hours::HoursReport;
use crate::model::indicators::{CROSSES, Filter, Indicators, Rate, from_owned_tallies};
use crate::store::Store;

pub mod anonymous;
pub mod csv;
pub mod hours;
mod modules;
mod profile;
pub mod table;
pub mod text;

pub use hours::hours_block;
pub use text::{Names, render};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// The indicators of the file, filtered, on `today`: the one entry point from a
/// store (`Err`: the French message of an unknown filter value).
pub fn indicators(
    store: &Store,
    filter: &Filter,
    today: NaiveDate,
) -> anyhow::Result<Result<Indicators, String>> {
    Ok(from_owned_tallies(
        store.indicator_tallies(today)?,
        filter,
        today,
    ))
}

/// The names behind the codes of the figures.
pub fn names(store: &Store) -> anyhow::Result<Names> {
    Ok(Names {
        modules: store
            .modules()?
            .into_iter()
            .map(|m| (m.code, m.name, m.module_type))
            .collect(),
        difficulties: store
            .difficulty_types()?
            .into_iter()
            .map(|d| (d.code, d.label))
            .collect(),
    })
}

/// Runs the subcommand.
pub fn run(store: &mut Store, filter: &Filter, format: Format) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let ind = match indicators(store, filter, today)? {
        Ok(ind) => ind,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
    };
    let school_year = filter
        .year
        .clone()
        .unwrap_or_else(|| crate::model::school_year_of(today));
    // The CSV has neither hours nor names: neither is read for it.
    let hours_and_names =
        || -> anyhow::Result<_> { Ok((store.hours_report(&school_year, today)?, names(store)?)) };
    let bytes = match format {
        Format::Text => {
            let (hours, names) = hours_and_names()?;
            render(&ind, &names, &hours).into_bytes()
        }
        Format::Json => {
            let (hours, names) = hours_and_names()?;
            (serde_json::to_string_pretty(&json(&ind, &names, &hours))? + "\n").into_bytes()
        }
        Format::Csv => csv::indicators_csv(&ind)?,
    };
    super::write_output(None, &bytes, false)?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON document (shape in README, « Indicateurs »).
pub fn json(ind: &Indicators, names: &Names, hours: &HoursReport) -> serde_json::Value {
    let overall = ind.overall();
    let t = &overall.tally;
    let label_of = |code: &str| names.difficulties.get(code).cloned();
    let crosses: Vec<serde_json::Value> = CROSSES
        .iter()
        .map(|c| {
            serde_json::json!({
                "family": c.family,
                "title": c.title,
                "cells": c.rows(t, &label_of),
            })
        })
        .collect();
    let modules: Vec<serde_json::Value> = names
        .modules
        .iter()
        .filter_map(|(code, name, kind)| {
            let h = hours.modules.iter().find(|m| &m.code == code);
            let m = t.modules.get(code);
            if m.is_none() && h.is_none() {
                return None;
            }
            let m = m.copied().unwrap_or_default();
            Some(serde_json::json!({
                "code": code,
                "name": name,
                "module_type": kind,
                "enrolled": m.enrolled,
                "stopped": m.stopped,
                "stayed": m.stayed,
                "attendance": Rate::of(m.attended, m.marked),
                "hours_planned": h.map(|h| h.planned),
                "hours_delivered": h.map(|h| h.delivered),
                "hours_granted": h.and_then(|h| h.granted),
            }))
        })
        .collect();
    serde_json::json!({
        "today": ind.today,
        "filter": ind.filter,
        "overall": overall,
        "levels": ind.levels,
        "crosses": crosses,
        "leavers": {
            "exits": t.exits,
            "by_period": t.exits_by_period,
            "by_month": t.exits_by_month,
            "by_cause": t.exits_by_cause,
            "by_destination": t.exits_by_destination,
            "by_difficulty": t.exits_by_difficulty,
        },
        "modules": modules,
        "stayed_with_module": Rate::of(t.stayed_with_module, t.stayed),
        "hours": hours::hours_json(hours),
    })
}
