//! `passerelle log --sensitive | --erasures [--json]`: the privacy register
//! (sensitive data shown or exported; erasures), and the logging of exports.

use std::path::Path;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::ExportFormat;
use crate::model::text::{pad, wrap};
use crate::store::{ErasureRecord, SensitiveAccess, SensitiveAction, Store};

/// Width of the text output.
const WIDTH: usize = 80;
const DATE: usize = 16;
const WHO: usize = 22;
const WHAT: usize = 10;
/// Indent of a detail too long for its column.
const DETAIL_INDENT: usize = 4;

/// Logs an export that carries sensitive data (JSON or XLSX with `--include-sensitive`;
/// the CSV list never does), naming the file written, before anything is written.
pub fn record_export(
    store: &Store,
    format: ExportFormat,
    output: Option<&Path>,
    include_sensitive: bool,
) -> anyhow::Result<()> {
    if !include_sensitive || matches!(format, ExportFormat::Csv) {
        return Ok(());
    }
    let target = match output {
        Some(path) => absolute(path),
        None => "sortie standard".to_string(),
    };
    log_copy(store, &target, "Export")
}

/// Logs a copy of sensitive data; on a read-only base (a review: the file can be
/// copied anyway) the copy goes on unlogged, and stderr says so.
fn log_copy(store: &Store, target: &str, what: &str) -> anyhow::Result<()> {
    if store.read_only().is_some() {
        eprintln!(
            "Remarque : base en lecture seule, cette copie de données sensibles n'est pas journalisée."
        );
        return Ok(());
    }
    store
        .log_sensitive_access(SensitiveAction::Export, None, Some(target))
        .map_err(|e| {
            anyhow::anyhow!("{what} annulé(e) : la copie n'a pas pu être journalisée ({e})")
        })
}

/// Logs a backup (a copy of the whole base, sensitive data included) before it is
/// made, so that the copy holds its own trace; nothing is copied if it cannot be
/// logged.
pub fn record_backup(store: &Store, dest: &Path) -> anyhow::Result<()> {
    let target = format!("sauvegarde {}", absolute(dest));
    log_copy(store, &target, "Sauvegarde")
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Runs the subcommand.
pub fn run(
    store: &Store,
    sensitive: bool,
    erasures: bool,
    student: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if !sensitive && !erasures {
        eprintln!(
            "Précisez ce qu'il faut afficher : --sensitive (accès aux données sensibles), \
             --erasures (effacements), ou les deux."
        );
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    }
    let mut accesses = if sensitive {
        store.sensitive_accesses()?
    } else {
        Vec::new()
    };
    if let Some(query) = student {
        let Some(found) = super::show::resolve_student(store, query, "log --sensitive --student")?
        else {
            return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
        };
        // Grid reveals show a whole list: they name no student and are kept out here.
        accesses.retain(|a| a.student_id == Some(found.id));
    }
    let done = if erasures {
        store.erasures()?
    } else {
        Vec::new()
    };
    let text = if json {
        let mut map = serde_json::Map::new();
        if sensitive {
            map.insert("sensitive_access".into(), serde_json::to_value(&accesses)?);
        }
        if erasures {
            map.insert("erasures".into(), serde_json::to_value(&done)?);
        }
        serde_json::to_string_pretty(&map)? + "\n"
    } else {
        let mut text = String::new();
        if sensitive {
            text.push_str(&render_accesses(&accesses));
        }
        if sensitive && erasures {
            text.push('\n');
        }
        if erasures {
            text.push_str(&render_erasures(&done));
        }
        text
    };
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}

/// A stored UTC stamp as local "25/11/2026 14:05".
fn date(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// The name given, and the OS account when it differs (shared accounts).
fn who(user: &str, os_user: &str) -> String {
    if user == os_user {
        user.to_string()
    } else {
        format!("{user} ({os_user})")
    }
}

/// One entry: date, who, what and the detail; a detail too long for its column
/// goes on the next lines, indented.
fn entry(out: &mut String, at: &str, who: &str, what: &str, detail: &str) {
    let head = format!(
        "{}  {}  {}  ",
        pad(&date(at), DATE),
        pad(who, WHO),
        pad(what, WHAT)
    );
    if head.width() + detail.width() <= WIDTH {
        out.push_str(&format!("{head}{detail}\n"));
        return;
    }
    out.push_str(head.trim_end());
    out.push('\n');
    for line in wrap(detail, WIDTH - DETAIL_INDENT) {
        out.push_str(&format!("{}{line}\n", " ".repeat(DETAIL_INDENT)));
    }
}

fn header(out: &mut String, last: &str) {
    let head = format!(
        "{}  {}  {}  {last}",
        pad("Date", DATE),
        pad("Par (compte)", WHO),
        pad("Action", WHAT)
    );
    out.push_str(&head);
    out.push('\n');
}

/// The sensitive access log, oldest first.
pub fn render_accesses(accesses: &[SensitiveAccess]) -> String {
    let mut out = format!(
        "Accès aux données sensibles (conditions de vie) : {}\n",
        accesses.len()
    );
    if accesses.is_empty() {
        return out;
    }
    header(&mut out, "Élève, écran ou fichier");
    for a in accesses {
        let (what, detail) = match (a.action, a.student_id) {
            (SensitiveAction::Export, _) => (
                "export",
                match a.target.as_deref() {
                    Some(t) if t.starts_with("sauvegarde ") => t.to_string(),
                    Some(t) => format!("fichier {t}"),
                    None => "(non précisé)".to_string(),
                },
            ),
            (SensitiveAction::Reveal, Some(id)) => (
                "affichage",
                match &a.student {
                    Some(name) => format!("{name} (n° {id})"),
                    None => format!("élève n° {id} (effacé depuis)"),
                },
            ),
            (SensitiveAction::Reveal, None) => (
                "affichage",
                a.target.clone().unwrap_or_else(|| "(non précisé)".into()),
            ),
        };
        entry(&mut out, &a.at, &who(&a.user, &a.os_user), what, &detail);
    }
    out
}

/// The erasure traces, oldest first.
pub fn render_erasures(erasures: &[ErasureRecord]) -> String {
    let mut out = format!("Effacements de données d'élèves : {}\n", erasures.len());
    if erasures.is_empty() {
        return out;
    }
    header(&mut out, "Portée");
    for e in erasures {
        let what = if e.kind == "forget" { "oubli" } else { "purge" };
        let detail = if e.kind == "forget" {
            e.scope.clone()
        } else {
            format!("{}, {} élève(s)", e.scope, e.students)
        };
        entry(&mut out, &e.at, &who(&e.user, &e.os_user), what, &detail);
    }
    out
}
