//! `passerelle export json|csv [-o FICHIER] [--include-sensitive]` (xlsx: `export_xlsx.rs`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::ExportFormat;
use crate::io::output::{OutputError, Overwrite, write_file_with};
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
            // Written record by record: the whole file is never held twice.
            let csv = csv_export::students_csv(store)?;
            super::log::record_export(store, format, output, include_sensitive)?;
            write_streamed(output, force, csv.len(), |out| csv.write_to(out))?;
            return Ok(ExitCode::SUCCESS);
        }
        ExportFormat::Xlsx => {
            return super::export_xlsx::run(store, output, None, include_sensitive, force);
        }
    };
    super::log::record_export(store, format, output, include_sensitive)?;
    write_streamed(output, force, bytes.len(), |out| out.write_all(&bytes))?;
    if include_sensitive && matches!(format, ExportFormat::Json) {
        eprintln!(
            "Attention : cet export contient des données sensibles (conditions de vie) ; \
             conservez-le en lieu sûr et ne le diffusez pas."
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes an export of `size` bytes through `write`, to `output` (private file,
/// complete or absent, never over an existing one unless `force`) or standard
/// output, and says where it went.
fn write_streamed(
    output: Option<&Path>,
    force: bool,
    size: usize,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            write_file_with(path, Overwrite::from_force(force), |temp| {
                let io = |source| OutputError::Io {
                    path: path.to_path_buf(),
                    source,
                };
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(temp)
                    .map_err(io)?;
                let mut out = std::io::BufWriter::new(file);
                write(&mut out).and_then(|()| out.flush()).map_err(io)
            })?;
            eprintln!(
                "Export écrit dans « {} » ({}).",
                path.display(),
                human_size(size as u64)
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
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
