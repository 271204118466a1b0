//! `passerelle merge FILE.json…`: the académie's view, many lycées' anonymous
//! files added up and shown with the tables of `indicators`. Published tables
//! (the default) hide small cells ([`crate::model::indicators::small_cells`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::indicators::csv::{indicators_csv_masked, indicators_xlsx};
use super::indicators::{Names, json, text::render_masked};
use crate::io::anonymous::{Merged, merge_files};
use crate::model::hours::{EstablishmentHours, HoursReport};
use crate::model::indicators::small_cells::{Mask, group_counts, rate_columns};
use crate::model::indicators::{Filter, Indicators, Level, from_tallies, main_rates};
use crate::model::planner::ModuleHours;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
    /// One « Indicateurs » sheet, written to `-o` only.
    Xlsx,
}

/// Runs a `Command::Merge` (any other command does nothing).
pub fn run_command(command: Option<super::Command>) -> anyhow::Result<ExitCode> {
    let Some(super::Command::Merge {
        files,
        json,
        csv,
        xlsx,
        output,
        force,
        show_small,
    }) = command
    else {
        return Ok(ExitCode::SUCCESS);
    };
    let format = match (json, csv, xlsx) {
        (true, ..) => Format::Json,
        (_, true, _) => Format::Csv,
        (.., true) => Format::Xlsx,
        _ => Format::Text,
    };
    let today = chrono::Local::now().date_naive();
    match merged_output(&files, format, show_small, today)? {
        Ok(bytes) => {
            super::write_output(output.as_deref(), &bytes, force)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            eprintln!("Rien n'a été additionné : corrigez la liste des fichiers.");
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
    }
}

/// The output bytes, or every problem of the files (French, naming them).
pub fn merged_output(
    files: &[PathBuf],
    format: Format,
    show_small: bool,
    today: NaiveDate,
) -> anyhow::Result<Result<Vec<u8>, Vec<String>>> {
    let merged = match merge_files(files) {
        Ok(merged) => merged,
        Err(problems) => return Ok(Err(problems)),
    };
    let ind = match from_tallies(&merged.tallies, &Filter::default(), today) {
        Ok(ind) => ind,
        Err(message) => return Ok(Err(vec![message])),
    };
    let names = names(&merged);
    let hours = hours(&merged);
    let mask = (!show_small).then(|| Mask::of(&ind, &merged.tallies));
    Ok(Ok(match format {
        Format::Text => {
            let mut text = heading(&merged, show_small);
            text.push_str(&render_masked(&ind, &names, &hours, mask.as_ref()));
            text.into_bytes()
        }
        Format::Json => {
            let mut doc = match &mask {
                None => json(&ind, &names, &hours),
                Some(mask) => published_json(&ind, mask),
            };
            doc["merged_files"] = serde_json::json!(
                merged
                    .files
                    .iter()
                    .map(|(path, produced)| serde_json::json!({
                        "file": file_name(path),
                        "produced": produced,
                    }))
                    .collect::<Vec<_>>()
            );
            doc["small_cells"] = serde_json::json!(if show_small { "shown" } else { "hidden" });
            (serde_json::to_string_pretty(&doc)? + "\n").into_bytes()
        }
        Format::Csv => indicators_csv_masked(&ind, mask.as_ref())?,
        Format::Xlsx => indicators_xlsx(&ind, mask.as_ref())?,
    }))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What the académie reads first: which files, and how small cells are shown.
fn heading(merged: &Merged, show_small: bool) -> String {
    let months: std::collections::BTreeSet<&str> =
        merged.files.iter().map(|(_, m)| m.as_str()).collect();
    let mut out = format!(
        "Vue de l'académie : {} fichier(s) de lycée additionnés (produits en {})\n",
        merged.files.len(),
        months.into_iter().collect::<Vec<_>>().join(", ")
    );
    out.push_str(if show_small {
        "TOUS LES EFFECTIFS, y compris de 1 à 4 : usage interne, ne pas publier.\n\n"
    } else {
        "Secret statistique : « < 5 » effectif de 1 à 4 ; « s » masqué pour qu'un\n\
         total ne le révèle pas (--show-small montre tout, usage interne).\n\n"
    });
    out
}

/// The names behind the codes, from the files.
fn names(merged: &Merged) -> Names {
    Names {
        modules: merged
            .modules
            .iter()
            .map(|m| (m.code.clone(), m.name.clone(), m.module_type))
            .collect(),
        difficulties: merged
            .difficulties
            .iter()
            .map(|d| (d.code.clone(), d.label.clone()))
            .collect(),
    }
}

/// The files' module hours as one report: modules added up by code, one line
/// per establishment (all years of the files together).
fn hours(merged: &Merged) -> HoursReport {
    let years: std::collections::BTreeSet<&str> = merged
        .hours
        .iter()
        .map(|h| h.school_year.as_str())
        .collect();
    let mut modules: Vec<ModuleHours> = Vec::new();
    let mut establishments: Vec<(String, EstablishmentHours)> = Vec::new();
    for h in &merged.hours {
        let name = merged.tallies.keys().find(|k| k.uai == h.uai).map_or_else(
            || h.uai.clone(),
            |k| format!("{} ({})", k.establishment, k.uai),
        );
        let e = match establishments.iter_mut().find(|(uai, _)| *uai == h.uai) {
            Some((_, e)) => e,
            None => {
                establishments.push((
                    h.uai.clone(),
                    EstablishmentHours {
                        name,
                        ..Default::default()
                    },
                ));
                &mut establishments.last_mut().expect("just pushed").1
            }
        };
        e.envelopes += h.envelopes;
        for line in &h.modules {
            e.planned += line.planned;
            e.delivered += line.delivered;
            e.granted_modules += line.granted.unwrap_or_default();
            let m = match modules.iter_mut().find(|m| m.code == line.code) {
                Some(m) => m,
                None => {
                    let name = merged
                        .modules
                        .iter()
                        .find(|m| m.code == line.code)
                        .map_or_else(|| line.code.clone(), |m| m.name.clone());
                    modules.push(ModuleHours {
                        module_id: 0,
                        code: line.code.clone(),
                        name,
                        groups: 0,
                        placed: 0,
                        planned: 0.0,
                        delivered: 0.0,
                        granted: None,
                    });
                    modules.last_mut().expect("just pushed")
                }
            };
            m.planned += line.planned;
            m.delivered += line.delivered;
            if let Some(g) = line.granted {
                m.granted = Some(m.granted.unwrap_or_default() + g);
            }
        }
    }
    HoursReport {
        school_year: years.into_iter().collect::<Vec<_>>().join(", "),
        modules,
        envelopes: Vec::new(),
        sections: Vec::new(),
        establishments: establishments.into_iter().map(|(_, e)| e).collect(),
    }
}

/// The published JSON: per level and group, the main counts and rates, a
/// hidden one as `null` (no detailed tally: it would give small cells away).
fn published_json(ind: &Indicators, mask: &Mask) -> serde_json::Value {
    let mut levels = serde_json::Map::new();
    for level in Level::ALL {
        let groups: Vec<serde_json::Value> = ind
            .level(*level)
            .iter()
            .map(|g| {
                let table = level.code();
                let counts: serde_json::Map<String, serde_json::Value> = group_counts(&g.tally)
                    .iter()
                    .map(|(column, n)| {
                        let shown = mask.cell(table, &g.code, column)
                            == crate::model::indicators::small_cells::Cell::Shown;
                        (
                            column.to_string(),
                            if shown {
                                (*n).into()
                            } else {
                                serde_json::Value::Null
                            },
                        )
                    })
                    .collect();
                let rates: serde_json::Map<String, serde_json::Value> = main_rates(&g.rates)
                    .iter()
                    .map(|(name, _, rate)| {
                        let (num, den) = rate_columns(name);
                        let value = if mask.hides_rate(table, &g.code, num, den) {
                            serde_json::Value::Null
                        } else {
                            serde_json::json!(rate)
                        };
                        (name.to_string(), value)
                    })
                    .collect();
                serde_json::json!({
                    "code": g.code,
                    "label": g.label,
                    "detail": g.detail,
                    "counts": counts,
                    "rates": rates,
                })
            })
            .collect();
        // The same keys as `indicators --json` (serde's names of the levels).
        let key = serde_json::to_value(level)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_else(|| level.code().to_string());
        levels.insert(key, groups.into());
    }
    serde_json::json!({ "today": ind.today, "levels": levels })
}
