//! `passerelle export json|csv [-o FICHIER] [--include-sensitive]` (xlsx: `export_xlsx.rs`).

use std::path::Path;
use std::process::ExitCode;

use super::ExportFormat;
use crate::io::{csv_export, json};
use crate::store::Store;

/// Runs the subcommand: writes the export to `output` or standard output.
pub fn run(
    store: &mut Store,
    format: ExportFormat,
    output: Option<&Path>,
    include_sensitive: bool,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let bytes = match format {
        ExportFormat::Json => json::export_json(store, include_sensitive)?.into_bytes(),
        ExportFormat::Csv => {
            if include_sensitive {
                eprintln!(
                    "Remarque : --include-sensitive est sans effet, la liste CSV ne contient \
                     jamais de données sensibles."
                );
            }
            csv_export::export_students_csv(store)?
        }
        ExportFormat::Xlsx => {
            return super::export_xlsx::run(store, output, None, include_sensitive, force);
        }
    };
    super::log::record_export(store, format, output, include_sensitive)?;
    match output {
        Some(path) => {
            super::write_output(Some(path), &bytes, force)?;
            eprintln!(
                "Export écrit dans « {} » ({}).",
                path.display(),
                human_size(bytes.len() as u64)
            );
        }
        None => super::write_output(None, &bytes, false)?,
    }
    if include_sensitive && matches!(format, ExportFormat::Json) {
        eprintln!(
            "Attention : cet export contient des données sensibles (conditions de vie) ; \
             conservez-le en lieu sûr et ne le diffusez pas."
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A file size for people ("12,5 Ko").
pub fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    let text = if b < KIB {
        format!("{bytes} octets")
    } else if b < KIB * KIB {
        format!("{:.1} Ko", b / KIB)
    } else {
        format!("{:.1} Mo", b / KIB / KIB)
    };
    text.replace('.', ",")
}
