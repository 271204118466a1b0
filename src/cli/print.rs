//! `passerelle print contract ÉLÈVE -o FICHIER.pdf [--force]`: the feuille de route /
//! contrat d'engagement of one student, as PDF/A-2b, never with a sensitive detail.

use std::path::Path;
use std::process::ExitCode;

use crate::io::output::Overwrite;
use crate::print::contract::{Contract, blocks};
use crate::print::{layout, write_pdf};
use crate::store::Store;

/// Prints the contract of the student designated by `query` into `dest`.
pub fn run_contract(
    store: &Store,
    query: &str,
    dest: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let Some(student) = super::show::resolve_student(store, query, "print contract")? else {
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    let today = chrono::Local::now().date_naive();
    let contract = Contract::build(store, student.id, today)?;
    let doc = blocks::document(&contract, today);
    write_pdf(&doc, today, dest, Overwrite::from_force(force))?;
    let pages = layout::lay_out(&doc).len();
    println!(
        "Contrat d'engagement de {} écrit dans {} ({pages} page{}).",
        student.display_name(),
        dest.display(),
        if pages > 1 { "s" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}
