//! `passerelle import`: SIECLE exports, Passerelle CSV, JSON restore.

use std::process::ExitCode;

use super::ImportSource;
use crate::io::{ImportError, ImportReport, Problem};
use crate::store::Store;

/// How many problems are printed before the rest is only counted.
const MAX_SHOWN_PROBLEMS: usize = 50;

/// Runs the subcommand: a French summary on stdout, or the problems on stderr (exit 1).
pub fn run(store: &mut Store, source: ImportSource) -> anyhow::Result<ExitCode> {
    let result = match &source {
        ImportSource::Siecle {
            file,
            dry_run,
            section,
            sector,
            name,
            division,
            establishment,
        } => {
            let create = match (section, sector) {
                (Some(code), Some(sector)) => Some(crate::io::NewSection {
                    code: code.trim().to_uppercase(),
                    name: name
                        .clone()
                        .unwrap_or_else(|| format!("BTS {}", code.trim().to_uppercase())),
                    sector: (*sector).into(),
                }),
                _ => None,
            };
            let options = crate::io::siecle::SiecleOptions {
                section: section.clone(),
                create,
                divisions: division.clone(),
                establishment: establishment.clone(),
            };
            return siecle(store, file, &options, *dry_run);
        }
        ImportSource::Csv { file } => crate::io::csv_import::import_csv_file(store, file),
        ImportSource::Json { file } => crate::io::json::import_json_file(store, file),
    };
    match result {
        Ok(report) => {
            print!("{}", summary(&report));
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => refused(error),
    }
}

/// A SIECLE import: the preview, then the writing unless `dry_run`.
fn siecle(
    store: &mut Store,
    file: &std::path::Path,
    options: &crate::io::siecle::SiecleOptions,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    use crate::io::siecle::{Advice, apply, plan};
    let plan = match plan(store, file, options) {
        Ok(plan) => plan,
        Err(error) => return refused(error),
    };
    {
        // One write for the whole preview, not one per pupil's line.
        use std::io::Write as _;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for line in plan.preview_lines(Advice::CommandLine) {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    if dry_run {
        println!("Simulation (--dry-run) : rien n'a été écrit.");
        return Ok(ExitCode::SUCCESS);
    }
    match apply(store, &plan) {
        Ok(applied) => {
            println!(
                "Import terminé : {} élève(s) ajouté(s), {} sortie(s), {} section(s) créée(s).",
                applied.added, applied.exits, applied.sections_created
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => refused(error),
    }
}

/// Prints why an import wrote nothing (exit 1).
fn refused(error: ImportError) -> anyhow::Result<ExitCode> {
    match error {
        ImportError::Problems(problems) => {
            eprint!("{}", problem_list(&problems));
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
        ImportError::Store(error) => {
            eprintln!("Import refusé par la base, rien n'a été importé : {error}");
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
    }
}

/// The French summary of a successful import.
pub fn summary(report: &ImportReport) -> String {
    let mut out = format!("{} élève(s) importé(s).\n", report.added);
    if report.restored_rows > 0 {
        out.push_str(&format!(
            "{} enregistrement(s) restauré(s) en tout (élèves, grilles, suivis, historique…).\n",
            report.restored_rows
        ));
    }
    if !report.skipped.is_empty() {
        out.push_str(&format!("{} ignoré(s) :\n", report.skipped.len()));
        for reason in &report.skipped {
            out.push_str(&format!("  - {reason}\n"));
        }
    }
    out
}

/// The problems, one per line, at most [`MAX_SHOWN_PROBLEMS`].
pub fn problem_list(problems: &[Problem]) -> String {
    let mut out = format!(
        "Rien n'a été importé : {} problème(s) à corriger dans le fichier.\n",
        problems.len()
    );
    for problem in problems.iter().take(MAX_SHOWN_PROBLEMS) {
        out.push_str(&format!("{problem}\n"));
    }
    if problems.len() > MAX_SHOWN_PROBLEMS {
        out.push_str(&format!(
            "… et {} autre(s).\n",
            problems.len() - MAX_SHOWN_PROBLEMS
        ));
    }
    out
}
