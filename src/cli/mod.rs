//! Command line: one file per subcommand.

pub mod calendar;
pub mod catalogue;
pub mod check;
pub mod demo;
pub mod establishment;
pub mod export;
pub mod export_xlsx;
pub mod filter_args;
pub mod forget;
pub mod import;
pub mod indicators;
pub mod list;
pub mod log;
pub mod merge;
pub mod modules;
pub mod print;
pub mod print_family;
pub mod print_module;
pub mod print_recap;
pub mod purge;
pub mod show;
pub mod team;
pub mod year;

mod args;

pub use args::*;

/// Exit code for bad input or a refused operation (usage errors exit with 2, by clap).
pub const EXIT_REFUSED: i32 = 1;

/// The school year given with a command (`AAAA-AAAA`), by default the one of
/// `today`; a malformed one is told on stderr and gives the refusal exit code.
pub fn school_year_arg(
    year: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<String, std::process::ExitCode> {
    match year {
        Some(year) => crate::store::parse_school_year(year).map_err(|error| {
            eprintln!("{error}");
            std::process::ExitCode::from(EXIT_REFUSED as u8)
        }),
        None => Ok(crate::model::school_year_of(today)),
    }
}

/// Writes command output to a file (private, never over an existing file
/// unless `force`) or to standard output.
pub fn write_output(
    output: Option<&std::path::Path>,
    bytes: &[u8],
    force: bool,
) -> anyhow::Result<()> {
    use crate::io::output::{Overwrite, write_file};
    use std::io::Write;
    match output {
        Some(path) => Ok(write_file(path, bytes, Overwrite::from_force(force))?),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Runs one subcommand on an open store.
pub fn dispatch(
    store: &mut crate::store::Store,
    command: Command,
) -> anyhow::Result<std::process::ExitCode> {
    match command {
        Command::Init => unreachable!("handled by main"),
        command @ Command::Merge { .. } => merge::run_command(Some(command)),
        Command::Demo { students, seed } => demo::run(store, students, seed),
        Command::Import { source } => {
            if !matches!(source, ImportSource::Json { .. }) {
                store.init()?;
            }
            import::run(store, source)
        }
        Command::Export {
            format: ExportFormat::Xlsx,
            output,
            include_sensitive,
            force,
            year,
        } => export_xlsx::run(
            store,
            output.as_deref(),
            year.as_deref(),
            include_sensitive,
            force,
        ),
        Command::Export { year: Some(_), .. } => {
            eprintln!("--year ne s'applique qu'à l'export xlsx (rien n'a été écrit).");
            Ok(std::process::ExitCode::from(EXIT_REFUSED as u8))
        }
        Command::Export {
            format,
            output,
            include_sensitive,
            force,
            year: None,
        } => export::run(store, format, output.as_deref(), include_sensitive, force),
        Command::List {
            phase,
            section,
            establishment,
            year,
            json,
        } => {
            let section = section.as_deref().map(|code| list::SectionFilter {
                code,
                establishment: establishment.as_deref(),
            });
            list::run(store, phase, section, year.as_deref(), json)
        }
        Command::Show { student, json } => show::run(store, &student.join(" "), json),
        Command::Indicators {
            json,
            csv,
            filter,
            anonymous,
            output,
            force,
        } => {
            let filter = filter.filter();
            let format = match (json, csv) {
                (true, _) => indicators::Format::Json,
                (_, true) => indicators::Format::Csv,
                _ => indicators::Format::Text,
            };
            match output.filter(|_| anonymous) {
                Some(output) => indicators::anonymous::run(store, &filter, &output, force),
                None => indicators::run(store, &filter, format),
            }
        }
        Command::Catalogue {
            action: CatalogueAction::Export { output, force },
        } => catalogue::run_export(store, output.as_deref(), force),
        Command::Catalogue {
            action: CatalogueAction::Import { file },
        } => catalogue::run_import(store, &file),
        Command::Log {
            sensitive,
            erasures,
            student,
            json,
        } => log::run(store, sensitive, erasures, student.as_deref(), json),
        Command::Purge { before, yes } => purge::run(store, &before, yes),
        Command::Forget { student, yes } => forget::run(store, &student.join(" "), yes),
        Command::Establishment { action: None } => establishment::run_show(store),
        Command::Year { year } => year::run(store, year.as_deref()),
        Command::Modules {
            action: None,
            year,
            json,
        } => modules::run(store, year.as_deref(), json),
        Command::Modules {
            action:
                Some(ModulesAction::Grant {
                    code,
                    heures,
                    label,
                    year: own,
                }),
            year,
            ..
        } => modules::run_grant(
            store,
            modules::GrantTarget::Module {
                code: &code,
                label: label.as_deref(),
            },
            &heures,
            own.or(year).as_deref(),
        ),
        Command::Modules {
            action:
                Some(ModulesAction::Envelope {
                    label,
                    heures,
                    year: own,
                }),
            year,
            ..
        } => modules::run_grant(
            store,
            modules::GrantTarget::Envelope { label: &label },
            &heures,
            own.or(year).as_deref(),
        ),
        Command::Calendar {
            year,
            staff,
            output,
            force,
        } => calendar::run(store, year.as_deref(), staff.as_deref(), &output, force),
        Command::Establishment {
            action:
                Some(EstablishmentAction::Set {
                    id,
                    name,
                    uai,
                    academie,
                    city,
                }),
        } => {
            let fields = establishment::EstablishmentFields {
                id,
                name,
                uai,
                academie,
                city,
            };
            establishment::run_set(store, &fields)
        }
        Command::Team { action: None } => team::run_show(store),
        Command::Team {
            action: Some(TeamAction::Import { file, dry_run }),
        } => team::run_import(store, &file, dry_run),
        Command::Team {
            action: Some(TeamAction::Export { file, force }),
        } => team::run_export(store, &file, force),
        Command::Print {
            document:
                PrintDocument::Recap {
                    meeting,
                    section,
                    output,
                    force,
                },
        } => print_recap::run_recap(
            store,
            &print_recap::RecapArgs {
                meeting: meeting.as_deref(),
                section: section.as_deref(),
                dest: &output,
                force,
            },
        ),
        Command::Print {
            document:
                PrintDocument::Family {
                    student,
                    output,
                    force,
                },
        } => print_family::run_family(store, &student.join(" "), &output, force),
        Command::Print {
            document:
                PrintDocument::Contract {
                    student,
                    all: false,
                    output,
                    force,
                    ..
                },
        } => print::run_contract(store, &student.join(" "), &output, force),
        Command::Print {
            document:
                PrintDocument::Contract {
                    section,
                    year,
                    output,
                    force,
                    ..
                },
        } => print::run_all_contracts(
            store,
            &print::AllContracts {
                section: section.as_deref(),
                year: year.as_deref(),
                dir: &output,
                force,
            },
        ),
        Command::Print {
            document: PrintDocument::Module { module, out },
        } => print_module::run_module(store, &module.join(" "), &out),
        Command::Print {
            document: PrintDocument::Project { out },
        } => print_module::run_project(store, &out),
        Command::Print {
            document:
                PrintDocument::Report {
                    filter,
                    output,
                    force,
                },
        } => print::run_report(store, &filter.filter(), &output, force),
        Command::Check => check::run_check(store),
        Command::Backup { dest, force } => check::run_backup(store, &dest, force),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn skips(args: &[&str]) -> bool {
        let cli = Cli::try_parse_from(std::iter::once("passerelle").chain(args.iter().copied()))
            .expect("valid command line");
        cli.command.as_ref().is_some_and(Command::skips_quick_check)
    }

    #[test]
    fn only_commands_that_write_nothing_skip_the_quick_check() {
        for args in [
            &["list"][..],
            &["show", "12"],
            &["indicators", "--json"],
            &["export", "csv", "-o", "x.csv"],
            &["export", "json"],
            &["check"],
            &["team"],
        ] {
            assert!(skips(args), "{args:?}");
        }
        for args in [
            &["export", "json", "--include-sensitive"][..],
            &["backup", "copie.sqlite3"],
            &["print", "contract", "12", "-o", "c.pdf"],
            &["demo"],
            &["import", "csv", "eleves.csv"],
            &["modules", "grant", "tutorat", "12"],
            &["purge", "--before", "2024-2025"],
            &["forget", "12"],
        ] {
            assert!(!skips(args), "{args:?}");
        }
    }
}
