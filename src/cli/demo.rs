//! `passerelle demo` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs the subcommand.
#[allow(unused_variables)]
pub fn run(store: &mut Store, students: usize, seed: u64) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
