//! The « Modules et heures » block: the year's hours from the planner.

use crate::model::catalogue::hours_label;
use crate::model::hours::HoursReport;
use crate::model::text::{pad, wrap};

const LABEL_WIDTH: usize = 34;

/// « Modules et heures »: hours planned, delivered and granted in the school
/// year, modules over budget by name, the establishment(s) over their grants.
pub fn hours_block(report: &HoursReport) -> String {
    let mut out = format!("Modules et heures — {}\n", report.school_year);
    if report.modules.is_empty() && report.envelopes.is_empty() {
        out.push_str("  Aucun groupe ni aucune dotation horaire cette année.\n");
        return out;
    }
    let total = report.total();
    let line = |label: &str, value: String| format!("{}{value}\n", pad(label, LABEL_WIDTH));
    out.push_str(&line("  Heures prévues", hours_label(total.planned)));
    out.push_str(&line("  Heures faites", hours_label(total.delivered)));
    out.push_str(&line(
        "  Heures accordées",
        format!(
            "{} (dont enveloppes {})",
            hours_label(total.granted()),
            hours_label(total.envelopes)
        ),
    ));
    let over = report.over_budget();
    out.push_str(&line("  Modules en dépassement", over.len().to_string()));
    for m in over {
        let figures = format!(
            " : {} prévues, {} accordées",
            hours_label(m.planned),
            hours_label(m.granted.unwrap_or_default())
        );
        // Wrapped, never cut: the continuation lines are indented further.
        for (i, text) in wrap(&format!("{}{figures}", m.name), 80 - 6)
            .iter()
            .enumerate()
        {
            let indent = if i == 0 { "    " } else { "      " };
            out.push_str(&format!("{indent}{text}\n"));
        }
    }
    let several = report.establishments.len() > 1;
    for e in &report.establishments {
        let name = if several {
            e.name.as_str()
        } else {
            "Établissement"
        };
        let verdict = if e.over_budget() {
            format!(
                "DÉPASSÉ : {} prévues pour {} accordées",
                hours_label(e.planned),
                hours_label(e.granted())
            )
        } else if e.granted() > 0.0 {
            "dans les heures accordées".to_string()
        } else {
            "aucune heure accordée".to_string()
        };
        // A long name is wrapped, the verdict beside its last line.
        let names = wrap(name, LABEL_WIDTH - 3);
        let (last, first) = names
            .split_last()
            .map_or(("", &[][..]), |(l, f)| (l.as_str(), f));
        for text in first {
            out.push_str(&format!("  {text}\n"));
        }
        out.push_str(&line(&format!("  {last}"), verdict));
    }
    out
}

/// The same figures as JSON.
pub fn hours_json(report: &HoursReport) -> serde_json::Value {
    let total = report.total();
    serde_json::json!({
        "school_year": report.school_year,
        "planned": total.planned,
        "delivered": total.delivered,
        "granted": total.granted(),
        "envelopes": total.envelopes,
        "over_budget": total.over_budget(),
        "modules_over_budget": report
            .over_budget()
            .iter()
            .map(|m| serde_json::json!({
                "code": m.code,
                "name": m.name,
                "planned": m.planned,
                "granted": m.granted,
            }))
            .collect::<Vec<_>>(),
        "establishments": report
            .establishments
            .iter()
            .map(|e| serde_json::json!({
                "establishment_id": e.establishment_id,
                "name": e.name,
                "planned": e.planned,
                "delivered": e.delivered,
                "granted": e.granted(),
                "envelopes": e.envelopes,
                "over_budget": e.over_budget(),
            }))
            .collect::<Vec<_>>(),
    })
}
