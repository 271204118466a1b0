//! `passerelle print recap [RÉUNION] [--section CODE] -o FICHIER.pdf [--force]`: the
//! recap of a pré-conseil meeting (the latest one unless a number or a date says which).

use std::path::Path;
use std::process::ExitCode;

use crate::model::sessions::long_date;
use crate::print::Printable;
use crate::print::recap::choose::{Choice, MeetingLine, choose, meeting_lines};
use crate::store::Store;

/// Which meeting to print, as typed.
pub struct RecapArgs<'a> {
    pub meeting: Option<&'a str>,
    pub section: Option<&'a str>,
    pub dest: &'a Path,
    pub force: bool,
}

/// Prints the recap of the designated meeting; refuses in French, listing the
/// meetings, when none or several match.
pub fn run_recap(store: &Store, args: &RecapArgs) -> anyhow::Result<ExitCode> {
    let refused = || Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    let lines = meeting_lines(store)?;
    let asked = match (args.meeting, args.section) {
        (Some(m), Some(s)) => format!("« {m} » en section {}", s.to_uppercase()),
        (Some(m), None) => format!("« {m} »"),
        (None, Some(s)) => format!("la section {}", s.to_uppercase()),
        (None, None) => String::new(),
    };
    let id = match choose(&lines, args.meeting, args.section) {
        Choice::One(id) => id,
        Choice::Unknown(all) if all.is_empty() => {
            eprintln!(
                "Aucune réunion de pré-conseil n'est enregistrée : les décisions prises \
                 dans l'écran Pré-conseil (F4) en créent une."
            );
            return refused();
        }
        Choice::Unknown(all) => {
            eprintln!("Aucune réunion ne correspond à {asked}. Réunions enregistrées :");
            list(&all);
            return refused();
        }
        Choice::Ambiguous(found) => {
            eprintln!("Plusieurs réunions correspondent à {asked} :");
            list(&found);
            eprintln!(
                "Précisez avec le numéro, par exemple : passerelle print recap {} -o …",
                found[0].number
            );
            return refused();
        }
    };
    let held_on = lines
        .iter()
        .find(|l| l.number == id)
        .map(|l| long_date(l.held_on))
        .unwrap_or_default();
    let what = format!("Compte rendu du pré-conseil du {held_on} écrit");
    super::print::write_one(
        store,
        Printable::Recap { meeting: id },
        &what,
        args.dest,
        args.force,
    )
}

fn list(lines: &[MeetingLine]) {
    for line in lines {
        eprintln!("  {}", line.describe());
    }
}
