//! `passerelle list`: students, one per line, with their phase and flags.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use crate::labels::Label;
use crate::model::sections::find_section;
use crate::model::text::pad;
use crate::model::{Phase, Verdict};
use crate::store::{Store, StudentRow};

/// `--section CODE [--establishment UAI]`.
#[derive(Debug, Clone, Copy)]
pub struct SectionFilter<'a> {
    pub code: &'a str,
    pub establishment: Option<&'a str>,
}

/// Runs the subcommand.
pub fn run(
    store: &mut Store,
    phase: Option<Phase>,
    section: Option<SectionFilter>,
    year: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let section_id = match section {
        Some(filter) => {
            let sections = store.sections()?;
            let establishments = store.establishments()?;
            match find_section(
                &sections,
                &establishments,
                filter.code,
                filter.establishment,
            ) {
                Ok(found) => Some(found.id),
                Err(error) => {
                    let how = if error.is_ambiguous() {
                        " (option --establishment UAI)"
                    } else {
                        ""
                    };
                    eprintln!("{}{how}.", capitalised(&error.message()));
                    return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
                }
            }
        }
        None => None,
    };
    let today = chrono::Local::now().date_naive();
    let year = year.map(str::trim);
    let kept = |r: &StudentRow| {
        phase.is_none_or(|p| r.student.phase() == p)
            && section_id.is_none_or(|id| r.section_id == id)
            && year.is_none_or(|y| r.school_year == y)
    };
    // Each kept row is rendered as it is read: only its text and name key are held.
    let rendered: Vec<String> = store.render_students_by_name(None, |r| {
        Ok::<_, anyhow::Error>(match kept(&r) {
            true if json => Some(json_item(&r, today)?),
            true => Some(line(&r, today)),
            false => None,
        })
    })?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        write_json_array(&mut out, &rendered)?;
    } else {
        for text in &rendered {
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.write_all(
            match rendered.len() {
                0 => "Aucun élève.\n".to_string(),
                n => format!(
                    "{n} élève(s). retard : point d'étape en retard (plus de 4 semaines).\n"
                ),
            }
            .as_bytes(),
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One student as an item of the `--json` array, pretty-printed at its depth.
fn json_item(r: &StudentRow, today: chrono::NaiveDate) -> serde_json::Result<String> {
    let s = &r.student;
    let item = json!({
        "id": s.id,
        "last_name": s.last_name,
        "first_name": s.first_name,
        "section": r.section_code,
        "school_year": r.school_year,
        "bac_pro": s.bac_pro,
        "phase": s.phase().code(),
        "verdict": s.verdict.map(|v| v.code()),
        "proposal": s.proposal.map(|p| p.code()),
        "exited": s.has_exited(),
        "checkin_overdue": s.checkin_overdue(r.last_checkin, today),
        "last_checkin": r.last_checkin,
    });
    // JSON strings escape their line breaks: every line of the item is indented.
    Ok(serde_json::to_string_pretty(&item)?
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The items as `serde_json::to_string_pretty` writes an array, then a new line.
fn write_json_array(out: &mut impl Write, items: &[String]) -> std::io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]\n");
    }
    out.write_all(b"[\n")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(item.as_bytes())?;
    }
    out.write_all(b"\n]\n")
}

/// One student in at most 80 columns: id, name, section, phase, flags.
pub fn line(r: &StudentRow, today: chrono::NaiveDate) -> String {
    let s = &r.student;
    let mut flags = Vec::new();
    if !s.bac_pro {
        flags.push("hors bac pro");
    }
    if s.verdict == Some(Verdict::Repere) {
        flags.push("repéré");
    }
    if s.checkin_overdue(r.last_checkin, today) {
        flags.push("retard");
    }
    if s.has_exited() {
        flags.push("sorti");
    }
    let text = format!(
        "{:>6}  {} {} {} {}",
        s.id,
        pad(&s.display_name(), 30),
        pad(&r.section_code, 5),
        pad(s.phase().label(), 13),
        flags.join(", ")
    );
    pad(text.trim_end(), 80).trim_end().to_string()
}

/// The message with its first letter in upper case.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
