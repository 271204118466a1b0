//! `passerelle check` and `passerelle backup` (being written by another change).

use std::process::ExitCode;

use crate::store::Store;

/// Runs `check`.
#[allow(unused_variables)]
pub fn run_check(store: &mut Store) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}

/// Runs `backup`.
#[allow(unused_variables)]
pub fn run_backup(store: &mut Store, dest: &std::path::Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("commande pas encore disponible")
}
