//! `passerelle check` and `passerelle backup DEST`.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_REFUSED;
use crate::io::output::{Overwrite, write_file_with};
use crate::store::Store;

/// Runs `check`: integrity, foreign keys, file permissions.
///
/// Exits with 1 on integrity or foreign key problems; a permission warning
/// alone still exits with 0.
pub fn run_check(store: &mut Store) -> anyhow::Result<ExitCode> {
    let report = store.check()?;
    let mut sound = true;
    if report.integrity == ["ok"] {
        println!("Intégrité : OK");
    } else {
        sound = false;
        println!("Intégrité : PROBLÈMES");
        for line in &report.integrity {
            println!("  {line}");
        }
    }
    if report.foreign_keys.is_empty() {
        println!("Références entre tables : OK");
    } else {
        sound = false;
        println!(
            "Références entre tables : {} référence(s) cassée(s)",
            report.foreign_keys.len()
        );
        for line in &report.foreign_keys {
            println!("  {line}");
        }
    }
    match &report.readable_by_others {
        Some(warning) => println!("Droits du fichier : Attention, {warning}"),
        None => println!("Droits du fichier : OK"),
    }
    if sound {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "La base a des problèmes : restaurez une sauvegarde récente (passerelle backup) \
             ou demandez de l'aide avant de continuer."
        );
        Ok(ExitCode::from(EXIT_REFUSED as u8))
    }
}

/// Runs `backup`: an online copy, safe while colleagues are editing.
///
/// The copy is made in a private temporary file, then renamed: a failed backup
/// leaves no half-written copy, and never touches an existing file without `force`.
/// The copy is logged first (a backup holds sensitive data), so it holds its own trace.
pub fn run_backup(store: &mut Store, dest: &Path, force: bool) -> anyhow::Result<ExitCode> {
    if dest.exists() && !force {
        eprintln!(
            "passerelle : sauvegarde impossible : « {} » existe déjà ; \
             ajoutez --force pour le remplacer.",
            dest.display()
        );
        return Ok(ExitCode::from(EXIT_REFUSED as u8));
    }
    super::log::record_backup(store, dest)?;
    let result = write_file_with(dest, Overwrite::from_force(force), |temp| {
        Ok(store.backup(temp)?)
    });
    if let Err(error) = result {
        eprintln!("passerelle : sauvegarde impossible : {error}");
        return Ok(ExitCode::from(EXIT_REFUSED as u8));
    }
    let size = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    println!(
        "Sauvegarde écrite dans « {} » ({}).",
        dest.display(),
        super::export::human_size(size)
    );
    Ok(ExitCode::SUCCESS)
}
