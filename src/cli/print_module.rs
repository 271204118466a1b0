//! `passerelle print module MODULE -o FICHIER.pdf [--force] [--year AAAA-AAAA]`: the
//! fiche cadre of a module with its groups of the year (counts only, no student);
//! `passerelle print project -o FICHIER.pdf [--force] [--year AAAA-AAAA]`: the project
//! file for the académie's commission (counts, modules and hours, team, calendar).

use std::path::PathBuf;
use std::process::ExitCode;

use super::print::write_one;
use crate::model::Module;
use crate::print::{Printable, start_year};
use crate::store::{Store, fold};

/// Close matches listed when a module is not found.
const CLOSE: usize = 5;

/// The module named by `query`: its code, its whole name, or words of its name (case
/// and accents ignored); else why none can be chosen, naming close candidates.
pub fn find_module<'a>(modules: &'a [Module], query: &str) -> Result<&'a Module, String> {
    let wanted = fold(query.trim());
    let by = |same: &dyn Fn(&Module) -> bool| -> Vec<&'a Module> {
        modules.iter().filter(|m| same(m)).collect()
    };
    let words: Vec<&str> = wanted.split_whitespace().collect();
    let rounds: [Vec<&Module>; 3] = [
        by(&|m| fold(&m.code) == wanted),
        by(&|m| fold(&m.name) == wanted),
        by(&|m| {
            let text = fold(&format!("{} {}", m.code, m.name));
            !words.is_empty() && words.iter().all(|w| text.contains(w))
        }),
    ];
    let listed = |found: &[&Module]| {
        found
            .iter()
            .map(|m| format!("{} ({})", m.name, m.code))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rounds.into_iter().find(|found| !found.is_empty()) {
        Some(found) if found.len() == 1 => Ok(found[0]),
        Some(found) => Err(format!(
            "« {} » désigne {} modules : {}. Précisez avec le code.",
            query.trim(),
            found.len(),
            listed(&found)
        )),
        None => {
            let mut scored: Vec<(f64, &Module)> = modules
                .iter()
                .map(|m| {
                    let name = strsim::jaro_winkler(&wanted, &fold(&m.name));
                    let code = strsim::jaro_winkler(&wanted, &fold(&m.code));
                    (name.max(code), m)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            let close: Vec<&Module> = scored.into_iter().take(CLOSE).map(|(_, m)| m).collect();
            Err(if close.is_empty() {
                format!(
                    "Aucun module ne correspond à « {} » : le catalogue est vide.",
                    query.trim()
                )
            } else {
                format!(
                    "Aucun module ne correspond à « {} ». Modules proches : {}.",
                    query.trim(),
                    listed(&close)
                )
            })
        }
    }
}

/// The school year and the file of a yearly document (fiche cadre, project file).
#[derive(Debug, clap::Args)]
pub struct YearPdf {
    /// Année scolaire (par défaut : l'année en cours).
    #[arg(long, value_name = "AAAA-AAAA")]
    pub year: Option<String>,
    /// Fichier PDF à écrire (rien n'est remplacé, sauf avec --force).
    #[arg(short, long, value_name = "FICHIER")]
    pub output: PathBuf,
    /// Remplace le fichier s'il existe déjà.
    #[arg(long)]
    pub force: bool,
}

impl YearPdf {
    /// « 2026-2027 » and its first year (the current school year by default), or
    /// the exit code after saying why the year was refused.
    fn school_year(&self) -> Result<(String, i32), ExitCode> {
        let today = chrono::Local::now().date_naive();
        let year = super::school_year_arg(self.year.as_deref(), today)?;
        let start = start_year(&year, today);
        Ok((year, start))
    }
}

/// Prints the fiche cadre of the module designated by `query`.
pub fn run_module(store: &Store, query: &str, out: &YearPdf) -> anyhow::Result<ExitCode> {
    let (year, start) = match out.school_year() {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let modules = store.modules()?;
    let module = match find_module(&modules, query) {
        Ok(module) => module,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
    };
    let target = Printable::Module {
        module: module.id,
        year: start,
    };
    let what = format!("Fiche cadre du module {} ({year}) écrite", module.name);
    write_one(store, target, &what, &out.output, out.force)
}

/// Prints the project file of the school year.
pub fn run_project(store: &Store, out: &YearPdf) -> anyhow::Result<ExitCode> {
    let (year, start) = match out.school_year() {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let target = Printable::Project { year: start };
    let what = format!("Dossier de projet {year} écrit");
    write_one(store, target, &what, &out.output, out.force)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn catalogue() -> Vec<Module> {
        let mut store = Store::open_in_memory().expect("open");
        store.init().expect("catalogue");
        store.modules().expect("modules")
    }

    #[test]
    fn a_module_is_found_by_code_name_or_words_and_refused_with_close_ones() {
        let modules = catalogue();
        let first = &modules[0];
        assert_eq!(
            find_module(&modules, &first.code.to_lowercase()).map(|m| m.id),
            Ok(first.id)
        );
        assert_eq!(
            find_module(&modules, &first.name.to_uppercase()).map(|m| m.id),
            Ok(first.id)
        );
        let error = find_module(&modules, "zzzz qqqq").expect_err("unknown");
        assert!(
            error.starts_with("Aucun module ne correspond à « zzzz qqqq ». Modules proches : "),
            "{error}"
        );
        // A typo still names the module meant among the close ones.
        let typo: String = first.name.chars().skip(1).collect();
        let error = find_module(&modules, &format!("x{typo}x")).expect_err("typo");
        assert!(error.contains(&first.name), "{error}");
    }
}
