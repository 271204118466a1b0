//! `passerelle catalogue export|import`: the school edits its own vocabularies.

use std::path::Path;
use std::process::ExitCode;

use crate::store::Store;

/// Prints (or writes) the catalogue as TOML, ready to edit.
pub fn run_export(
    store: &mut Store,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    store.init()?;
    let file = store.catalogue_file()?;
    let body = toml::to_string_pretty(&file)?;
    let text = format!(
        "# Catalogue de Passerelle : critères du repérage, types de difficulté, modules.\n\
         # Modifiez ce fichier puis : passerelle catalogue import FICHIER\n\
         # Pour retirer un élément sans perdre l'historique : retired = true\n\n{body}"
    );
    super::write_output(output, text.as_bytes(), force)?;
    Ok(ExitCode::SUCCESS)
}

/// Merges an edited catalogue; nothing is written if the file has a problem.
pub fn run_import(store: &mut Store, path: &Path) -> anyhow::Result<ExitCode> {
    // Same size cap and French reasons as the other imports.
    let bytes = match crate::io::input::read_file(path) {
        Ok(bytes) => bytes,
        Err(crate::io::ImportError::Problems(problems)) => {
            eprint!("{}", super::import::problem_list(&problems));
            eprintln!("Rien n'a été modifié.");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
        Err(error) => {
            eprintln!("{error}");
            eprintln!("Rien n'a été modifié.");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!(
            "{} : le fichier n'est pas en UTF-8 (enregistrez-le en UTF-8 depuis votre éditeur).",
            path.display()
        );
        eprintln!("Rien n'a été modifié.");
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    match store.merge_catalogue_text(&text) {
        Ok(changes) => {
            println!(
                "Catalogue mis à jour : {} élément(s) ajouté(s), {} modifié(s).",
                changes.added, changes.updated
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("{} : {error}", path.display());
            eprintln!("Rien n'a été modifié.");
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
    }
}
