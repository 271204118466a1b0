//! `passerelle export` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs the subcommand.
#[allow(unused_variables)]
pub fn run(
    store: &mut Store,
    format: super::ExportFormat,
    output: Option<&std::path::Path>,
    include_sensitive: bool,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
