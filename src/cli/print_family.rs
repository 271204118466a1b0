//! `passerelle print family ÉLÈVE -o FICHIER.pdf [--force]`: the dialogue sheet
//! between the establishment and the student's family, never with a sensitive detail.

use std::path::Path;
use std::process::ExitCode;

use crate::print::Printable;
use crate::store::Store;

/// Prints the family sheet of the student designated by `query` into `dest`.
pub fn run_family(
    store: &Store,
    query: &str,
    dest: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let Some(student) = super::show::resolve_student(store, query, "print family")? else {
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    let target = Printable::Family {
        student: student.id,
    };
    let what = format!(
        "Fiche de dialogue avec la famille de {} écrite",
        student.display_name()
    );
    super::print::write_one(store, target, &what, dest, force)
}
