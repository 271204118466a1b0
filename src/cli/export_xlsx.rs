//! `passerelle export xlsx -o FICHIER.xlsx [--year AAAA-AAAA] [--include-sensitive] [--force]`.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_REFUSED, ExportFormat};
use crate::io::xlsx::{XlsxOptions, workbook_tables};
use crate::store::Store;

/// Writes the workbook to `output`, all or nothing.
pub fn run(
    store: &mut Store,
    output: Option<&Path>,
    year: Option<&str>,
    include_sensitive: bool,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let refused = || Ok(ExitCode::from(EXIT_REFUSED as u8));
    let Some(path) = output else {
        eprintln!(
            "Un classeur s'écrit dans un fichier : ajoutez -o FICHIER.xlsx \
             (rien n'a été écrit)."
        );
        return refused();
    };
    let year = match year.map(crate::store::parse_school_year).transpose() {
        Ok(year) => year,
        Err(error) => {
            eprintln!("{error}");
            return refused();
        }
    };
    // Checked before anything is logged; the write checks again, atomically.
    if !force && path.exists() {
        eprintln!(
            "{}",
            crate::io::output::OutputError::Exists(path.to_path_buf())
        );
        return refused();
    }
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        eprintln!(
            "Remarque : « {} » ne finit pas par .xlsx ; Excel pourrait refuser de l'ouvrir.",
            path.display()
        );
    }
    let options = XlsxOptions {
        year: year.clone(),
        include_sensitive,
    };
    let tables = workbook_tables(store, &options)?;
    let bytes = crate::io::xlsx::workbook_bytes(&tables)?;
    super::log::record_export(store, ExportFormat::Xlsx, Some(path), include_sensitive)?;
    super::write_output(Some(path), &bytes, force)?;
    let students = tables.first().map_or(0, |t| t.rows.len());
    eprintln!(
        "Classeur écrit dans « {} » ({}) : {} feuilles, {} élève(s){}.",
        path.display(),
        super::export::human_size(bytes.len() as u64),
        tables.len(),
        students,
        year.map_or(String::new(), |y| format!(" de l'année {y}"))
    );
    if include_sensitive {
        eprintln!(
            "Attention : ce classeur contient des données sensibles (feuille « Conditions de vie » \
             et notes des points d'étape) ; conservez-le en lieu sûr et ne le diffusez pas."
        );
    }
    Ok(ExitCode::SUCCESS)
}
