//! `passerelle indicators --anonymous -o FILE.json`: what a lycée sends its
//! académie (format in [`crate::io::anonymous`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::io::anonymous::{
    AnonymousFile, DifficultyName, EstablishmentRef, FORMAT, KeyedTally, ModuleHoursLine,
    ModuleName, VERSION, YearHours, program,
};
use crate::model::indicators::Filter;
use crate::store::Store;

/// The anonymous file of the database, filtered, on `today` (`Err`: the French
/// message of an unknown filter value).
pub fn anonymous_file(
    store: &Store,
    filter: &Filter,
    today: NaiveDate,
) -> anyhow::Result<Result<AnonymousFile, String>> {
    let all = store.indicator_tallies(today)?;
    if let Err(message) = filter.check(&all.keys().collect::<Vec<_>>()) {
        return Ok(Err(message));
    }
    let tallies: Vec<KeyedTally> = all
        .into_iter()
        .filter(|(k, _)| filter.keeps(k))
        .map(|(key, tally)| KeyedTally { key, tally })
        .collect();
    let uais: BTreeSet<&str> = tallies.iter().map(|k| k.key.uai.as_str()).collect();
    let establishments: Vec<_> = store
        .establishments()?
        .into_iter()
        .filter(|e| uais.contains(e.uai.as_str()))
        .collect();
    let years: BTreeSet<String> = match &filter.year {
        Some(year) => BTreeSet::from([year.trim().to_string()]),
        None => tallies.iter().map(|k| k.key.school_year.clone()).collect(),
    };
    let mut hours = Vec::new();
    for year in &years {
        for (id, lines, envelopes) in store.hours_by_establishment(year, today)? {
            let Some(e) = establishments.iter().find(|e| e.id == id) else {
                continue;
            };
            hours.push(YearHours {
                uai: e.uai.clone(),
                school_year: year.clone(),
                envelopes: envelopes.iter().map(|g| g.hours).sum(),
                modules: lines.iter().map(ModuleHoursLine::of).collect(),
            });
        }
    }
    let mut module_codes: BTreeSet<&str> = BTreeSet::new();
    let mut difficulty_codes: BTreeSet<&str> = BTreeSet::new();
    for k in &tallies {
        module_codes.extend(k.tally.modules.keys().map(String::as_str));
        difficulty_codes.extend(k.tally.exits_by_difficulty.keys().map(String::as_str));
        difficulty_codes.extend(
            k.tally
                .crosses
                .keys()
                .filter_map(|c| c.strip_prefix("difficulty:")),
        );
    }
    module_codes.extend(
        hours
            .iter()
            .flat_map(|h| h.modules.iter().map(|m| m.code.as_str())),
    );
    let modules = store
        .modules()?
        .into_iter()
        .filter(|m| module_codes.contains(m.code.as_str()))
        .map(|m| ModuleName {
            code: m.code,
            name: m.name,
            module_type: m.module_type,
        })
        .collect();
    let difficulties = store
        .difficulty_types()?
        .into_iter()
        .filter(|d| difficulty_codes.contains(d.code.as_str()))
        .map(|d| DifficultyName {
            code: d.code,
            label: d.label,
        })
        .collect();
    Ok(Ok(AnonymousFile {
        format: FORMAT.into(),
        version: VERSION,
        program: program(),
        produced: today.format("%Y-%m").to_string(),
        filter: filter.clone(),
        establishments: establishments
            .into_iter()
            .map(|e| EstablishmentRef {
                uai: e.uai,
                name: e.name,
                academie: e.academie,
            })
            .collect(),
        tallies,
        hours,
        modules,
        difficulties,
    }))
}

/// Writes the file (all or nothing, never over an existing file without `force`).
pub fn run(store: &Store, filter: &Filter, output: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let file = match anonymous_file(store, filter, today)? {
        Ok(file) => file,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(crate::cli::EXIT_REFUSED as u8));
        }
    };
    crate::cli::write_output(Some(output), file.to_text()?.as_bytes(), force)?;
    let students: u64 = file.tallies.iter().map(|k| k.tally.all_students).sum();
    let by_uai: BTreeMap<&str, &str> = file
        .establishments
        .iter()
        .map(|e| (e.uai.as_str(), e.name.as_str()))
        .collect();
    eprintln!(
        "Export anonyme écrit : {} ({} établissement(s), {} section(s) × promotion, {students} élève(s) comptés, aucun nom).",
        output.display(),
        by_uai.len(),
        file.tallies.len()
    );
    Ok(ExitCode::SUCCESS)
}
