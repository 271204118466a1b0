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
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("Impossible de lire « {} » : {e}", path.display()))?;
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
