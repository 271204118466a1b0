//! `passerelle import` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs the subcommand.
#[allow(unused_variables)]
pub fn run(store: &mut Store, source: super::ImportSource) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
