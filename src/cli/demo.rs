//! `passerelle demo`: fills an empty database with a fictitious lycée.

use std::process::ExitCode;

use crate::demo::{DemoOptions, generate};
use crate::labels::Label;
use crate::store::{Store, StoreError};

/// Runs the subcommand.
pub fn run(store: &mut Store, students: usize, seed: u64) -> anyhow::Result<ExitCode> {
    let options = DemoOptions {
        students,
        seed,
        today: chrono::Local::now().date_naive(),
    };
    let summary = match generate(store, &options) {
        Ok(summary) => summary,
        Err(StoreError::Invalid(message)) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
        Err(other) => return Err(other.into()),
    };
    println!(
        "Démonstration installée : {} (données fictives).",
        summary.establishment
    );
    println!("Sections :");
    for (code, name) in &summary.sections {
        println!("  {code:<6} {name}");
    }
    println!(
        "Promotions : {} ; équipe : {} personnes.",
        if summary.school_years.is_empty() {
            "aucune".to_string()
        } else {
            summary.school_years.join(", ")
        },
        summary.staff
    );
    let total: usize = summary.by_phase.iter().map(|(_, n)| n).sum();
    println!(
        "Élèves de bac pro créés : {total}, dont {} sortis.",
        summary.exited
    );
    for (phase, n) in &summary.by_phase {
        println!("  {:<12} {n:>6}", phase.label());
    }
    println!("Autres élèves (hors bac pro) : {}.", summary.other_students);
    Ok(ExitCode::SUCCESS)
}
