//! Entry point: parse the command line, open the store, run a subcommand or the TUI.

use std::process::ExitCode;

use clap::Parser;
use passerelle::cli::{self, Cli, Command, EXIT_REFUSED};
use passerelle::store::{Store, StoreError, default_db_path};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("passerelle : {error:#}");
            ExitCode::from(EXIT_REFUSED as u8)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // `merge` reads anonymous files only, never a database.
    if let Some(Command::Merge { .. }) = &cli.command {
        return cli::merge::run_command(cli.command);
    }
    let path = match cli.db.clone().or_else(default_db_path) {
        Some(path) => path,
        None => {
            anyhow::bail!("Dossier de données introuvable : indiquez la base avec --db FICHIER.")
        }
    };
    let user = cli
        .user
        .as_deref()
        .map(|u| {
            passerelle::model::text::clean_text(u, false)
                .trim()
                .to_string()
        })
        .filter(|u| !u.is_empty());
    if cli.command.is_none() {
        // The integrity check starts once the first screen is drawn.
        let mut store = Store::open_without_check(&path)
            .or_else(|error| open_for_review(&path, error, false))?;
        if let Some(user) = &user {
            store.set_user(user);
        }
        // A new database gets its catalogue at once (criteria, modules…).
        if store.read_only().is_none() {
            store.init()?;
        }
        // Without a name given, the TUI asks who is at the keyboard.
        return passerelle::ui::run::run_tui(store, user.is_none());
    }
    let reads_only = cli.command.as_ref().is_some_and(Command::only_reads);
    // Commands that only read skip the quick check (README, « Intégrité »).
    let opened = if cli.command.as_ref().is_some_and(Command::skips_quick_check) {
        Store::open_to_read(&path)
    } else {
        Store::open(&path)
    };
    let mut store = match opened {
        Err(error) if reads_only => open_for_review(&path, error, true)?,
        opened => opened?,
    };
    if let Some(user) = &user {
        store.set_user(user);
    }
    match cli.command {
        None => unreachable!("the TUI is handled above"),
        Some(Command::Init) => {
            let added = store.init()?;
            println!(
                "Base prête : {} ({added} éléments de catalogue ajoutés).",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(command) => cli::dispatch(&mut store, command),
    }
}

/// When the database cannot be written but can be read, opens it read-only (the
/// TUI shows it in its header; the command line says it on standard error).
fn open_for_review(path: &std::path::Path, error: StoreError, tell: bool) -> anyhow::Result<Store> {
    let Some(cause) = error.read_only_cause() else {
        return Err(error.into());
    };
    let store = Store::open_read_only(path, cause)?;
    if tell {
        eprintln!("Remarque : {error}");
    }
    Ok(store)
}
