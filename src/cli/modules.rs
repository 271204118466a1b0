//! `passerelle modules [--year AAAA-AAAA] [--json]`: the hours of each module in a
//! school year (groups, students placed, hours planned, delivered, granted), 80 columns.
//!
//! Hours granted to a module are its `hours_grant` rows of the year; a module
//! with none falls back on the hours its fiche cadre grants (`module.hours_granted`).

use std::process::ExitCode;

use crate::model::catalogue::hours_label;
use crate::model::planner::{HoursGrant, ModuleHours, envelope_hours};
use crate::model::text::fit;
use crate::store::Store;

/// The table as text, at most 80 columns wide.
pub fn render(school_year: &str, lines: &[ModuleHours], envelopes: &[HoursGrant]) -> String {
    let mut text = format!("Heures des modules — {school_year}\n\n");
    if lines.is_empty() && envelopes.is_empty() {
        text.push_str("Aucun groupe ni aucune dotation horaire pour cette année scolaire.\n");
        return text;
    }
    text.push_str(&format!(
        "{:<26}{:>7}{:>7}{:>9}{:>9}{:>10}\n",
        "Module", "Groupes", "Élèves", "Prévues", "Faites", "Accordées"
    ));
    let mut total = ModuleHours {
        module_id: 0,
        code: String::new(),
        name: "Total".into(),
        groups: 0,
        placed: 0,
        planned: 0.0,
        delivered: 0.0,
        granted: None,
    };
    for line in lines {
        text.push_str(&row(&fit(&line.name, 25), line, line.over_budget()));
        total.groups += line.groups;
        total.placed += line.placed;
        total.planned += line.planned;
        total.delivered += line.delivered;
        if let Some(g) = line.granted {
            total.granted = Some(total.granted.unwrap_or(0.0) + g);
        }
    }
    // The total is not flagged: modules without hours granted have no budget.
    text.push_str(&row("Total", &total, false));
    if lines.iter().any(ModuleHours::over_budget) {
        text.push_str("\n« dépassé » : plus d'heures prévues qu'accordées.\n");
    }
    if !envelopes.is_empty() {
        text.push_str("\nEnveloppes (heures accordées à un projet, hors modules)\n");
        for grant in envelopes {
            text.push_str(&format!(
                "  {:<50}{:>10}\n",
                fit(&grant.label, 49),
                hours_label(grant.hours)
            ));
        }
        text.push_str(&format!(
            "  {:<50}{:>10}\n",
            "Total des enveloppes",
            hours_label(envelope_hours(envelopes))
        ));
    }
    text
}

fn row(name: &str, line: &ModuleHours, flag: bool) -> String {
    format!(
        "{:<26}{:>7}{:>7}{:>9}{:>9}{:>10}{}\n",
        name,
        line.groups,
        line.placed,
        hours_label(line.planned),
        hours_label(line.delivered),
        line.granted.map_or_else(|| "—".to_string(), hours_label),
        if flag { "  dépassé" } else { "" }
    )
}

/// The same figures as JSON.
pub fn to_json(school_year: &str, lines: &[ModuleHours], envelopes: &[HoursGrant]) -> String {
    let modules: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| {
            serde_json::json!({
                "module_id": l.module_id,
                "code": l.code,
                "name": l.name,
                "groups": l.groups,
                "placed": l.placed,
                "planned": l.planned,
                "delivered": l.delivered,
                "granted": l.granted,
                "over_budget": l.over_budget(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "school_year": school_year,
        "modules": modules,
        "envelopes": envelopes
            .iter()
            .map(|g| serde_json::json!({ "label": g.label, "hours": g.hours }))
            .collect::<Vec<_>>(),
        "envelope_hours": envelope_hours(envelopes),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Prints the hours table of `year` (default: the current school year).
pub fn run(store: &Store, year: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let year = match super::school_year_arg(year, today) {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let (lines, envelopes) = store.hours_table(&year, today)?;
    let text = if json {
        to_json(&year, &lines, &envelopes)
    } else {
        render(&year, &lines, &envelopes)
    };
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}
