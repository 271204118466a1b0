//! Application state and its only way of changing: `App::update(Action)`.

use std::process::ExitCode;

use crate::store::Store;

/// Opens the terminal interface on the store (being written).
pub fn run_tui(store: Store) -> anyhow::Result<ExitCode> {
    drop(store);
    anyhow::bail!("interface pas encore disponible")
}
