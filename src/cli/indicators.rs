//! `passerelle indicators` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs the subcommand.
#[allow(unused_variables)]
pub fn run(store: &mut Store, json: bool, year: Option<&str>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
