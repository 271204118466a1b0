//! `passerelle print contract ÉLÈVE -o FICHIER.pdf [--force]`: the feuille de route /
//! contrat d'engagement of one student, as PDF/A-2b, never with a sensitive detail;
//! `print contract --all [--section CODE] [--year AAAA-AAAA] -o DOSSIER`: one PDF per
//! student in a parcours (SECTION_NOM_Prénom.pdf) and one combined PDF to print at once.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::io::output::{OutputError, Overwrite, io_reason, write_file};
use crate::print::contract::{Contract, blocks};
use crate::print::{Doc, Printable, layout, render, write_pdf};
use crate::store::{Store, StudentRow};

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
    let target = Printable::Contract {
        student: student.id,
    };
    let what = format!("Contrat d'engagement de {} écrit", student.display_name());
    write_one(store, target, &what, dest, force)
}

/// Writes `target` into `dest` and says « WHAT dans FILE (n pages) », `what` being
/// « Contrat d'engagement de … écrit » (the participle agrees with the document).
pub fn write_one(
    store: &Store,
    target: Printable,
    what: &str,
    dest: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let doc = target.document(store, today)?;
    // Only the French sentence: it already names the system's reason.
    write_pdf(&doc, today, dest, Overwrite::from_force(force))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let pages = layout::lay_out(&doc).len();
    println!(
        "{what} dans {} ({}).",
        dest.display(),
        plural(pages, "page")
    );
    Ok(ExitCode::SUCCESS)
}

/// Which contracts `--all` prints.
pub struct AllContracts<'a> {
    pub section: Option<&'a str>,
    pub year: Option<&'a str>,
    pub dir: &'a Path,
    pub force: bool,
}

/// Prints the contract of every student in a parcours of a school year (and section).
pub fn run_all_contracts(store: &Store, all: &AllContracts) -> anyhow::Result<ExitCode> {
    let refused = || Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    let today = chrono::Local::now().date_naive();
    let year = match super::school_year_arg(all.year, today) {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let mut rows: Vec<StudentRow> = store.student_rows_in(Some(&year))?;
    if let Some(code) = all.section {
        let codes: Vec<String> = store.sections()?.into_iter().map(|s| s.code).collect();
        if !codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            eprintln!(
                "--section : aucune section « {code} » (sections : {}).",
                codes.join(", ")
            );
            return refused();
        }
        rows.retain(|r| r.section_code.eq_ignore_ascii_case(code));
    }
    rows.retain(|r| r.student.in_parcours());
    rows.sort_by_key(|r| crate::store::fold(&file_name(r)));
    if rows.is_empty() {
        eprintln!("Aucun élève en parcours de consolidation en {year} : aucun fichier écrit.");
        return refused();
    }
    if let Err(source) = std::fs::create_dir_all(all.dir) {
        eprintln!(
            "Impossible de créer le dossier « {} » : {}.",
            all.dir.display(),
            io_reason(&source)
        );
        return refused();
    }
    let scope = all
        .section
        .map_or_else(|| "tous".to_string(), str::to_uppercase);
    let combined = all.dir.join(format!("contrats_{scope}_{year}.pdf"));
    let mut targets: Vec<(PathBuf, &StudentRow)> = Vec::new();
    for row in &rows {
        let mut name = file_name(row);
        // Two students with the same name in a section: the number tells them apart.
        if targets
            .iter()
            .any(|(p, _)| p.ends_with(format!("{name}.pdf")))
        {
            name = format!("{name}_{}", row.student.id);
        }
        targets.push((all.dir.join(format!("{name}.pdf")), row));
    }
    // Nothing is written when one of the files exists already (without --force).
    let overwrite = Overwrite::from_force(all.force);
    if overwrite == Overwrite::Refuse {
        let taken = targets
            .iter()
            .map(|(p, _)| p)
            .chain([&combined])
            .find(|p| p.exists());
        if let Some(path) = taken {
            return Err(OutputError::Exists(path.clone()).into());
        }
    }
    let mut pages = Vec::new();
    for (path, row) in &targets {
        let contract = Contract::build(store, row.student.id, today)?;
        let doc: Doc = blocks::document(&contract, today);
        let laid = layout::lay_out(&doc);
        let bytes = render::render(&laid, &doc.title, today)?;
        write_file(path, &bytes, overwrite).map_err(|e| anyhow::anyhow!("{e}"))?;
        pages.extend(laid);
    }
    let title = format!("Contrats d'engagement — {scope} {year}");
    write_file(
        &combined,
        &render::render(&pages, &title, today)?,
        overwrite,
    )?;
    println!(
        "{} écrits dans {} ; tous ensemble, pour imprimer en une fois : {} ({}).",
        plural(targets.len(), "contrat"),
        all.dir.display(),
        combined.display(),
        plural(pages.len(), "page")
    );
    Ok(ExitCode::SUCCESS)
}

/// « NDRC_N-DIAYE_Awa »: section, last name, first name; letters, digits and hyphens only.
pub fn file_name(row: &StudentRow) -> String {
    let part = |text: &str| -> String {
        let cleaned: String = text
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        cleaned
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let s = &row.student;
    format!(
        "{}_{}_{}",
        part(&row.section_code),
        part(&s.last_name.to_uppercase()),
        part(&s.first_name)
    )
}

fn plural(n: usize, word: &str) -> String {
    if n > 1 {
        format!("{n} {word}s")
    } else {
        format!("{n} {word}")
    }
}

/// `print report`: the indicators of the students kept by `filter`, with charts.
pub fn run_report(
    store: &Store,
    filter: &crate::model::indicators::Filter,
    dest: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let doc = match crate::print::report::of_store(store, filter, today)? {
        Ok(doc) => doc,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        }
    };
    write_pdf(&doc, today, dest, Overwrite::from_force(force))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Rapport d'indicateurs écrit dans {} ({}).",
        dest.display(),
        plural(layout::lay_out(&doc).len(), "page")
    );
    Ok(ExitCode::SUCCESS)
}
