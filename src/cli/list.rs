//! `passerelle list` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs the subcommand.
#[allow(unused_variables)]
pub fn run(
    store: &mut Store,
    phase: Option<crate::model::Phase>,
    section: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
