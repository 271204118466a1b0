//! `passerelle indicators`: counts for the team and the académie.

use std::collections::BTreeSet;
use std::process::ExitCode;

use crate::labels::Label;
use crate::model::catalogue::hours_label;
use crate::model::hours::HoursReport;
use crate::model::indicators::*;
use crate::model::text::{Align, fit, pad, pad_left};
use crate::model::{ExitCause, ExitDestination, Sector};
use crate::store::{Store, StudentRow};

/// Runs the subcommand.
pub fn run(store: &mut Store, json: bool, year: Option<&str>) -> anyhow::Result<ExitCode> {
    if let Some(year) = year
        && !valid_year(year)
    {
        eprintln!(
            "Année scolaire « {year} » invalide : écrivez-la AAAA-AAAA, par exemple 2026-2027."
        );
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    }
    let rows = store.student_rows()?;
    let inputs = filter_year(inputs(store, &rows)?, year);
    let indicators = compute(&inputs);
    let in_scope: BTreeSet<i64> = inputs
        .iter()
        .filter(|r| r.student.bac_pro)
        .map(|r| r.student.id)
        .collect();
    let modules = module_indicators(&store.modules()?, &store.all_enrolments()?, &in_scope);
    let today = chrono::Local::now().date_naive();
    let school_year = year.map_or_else(|| crate::model::school_year_of(today), str::to_string);
    let hours = store.hours_report(&school_year, today)?;
    if json {
        let value = serde_json::json!({
            "year": year,
            "overall": indicators.overall,
            "by_sector": indicators.by_sector,
            "by_section": indicators.by_section,
            "modules": modules,
            "hours": hours_json(&hours),
        });
        let text = serde_json::to_string_pretty(&value)? + "\n";
        super::write_output(None, text.as_bytes(), false)?;
    } else {
        let text = render(&indicators, &modules, year) + "\n" + &hours_block(&hours);
        super::write_output(None, text.as_bytes(), false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Joins student rows with their section's name and sector.
pub fn inputs(store: &Store, rows: &[StudentRow]) -> anyhow::Result<Vec<IndicatorInput>> {
    Ok(store.indicator_inputs(rows)?)
}

fn valid_year(year: &str) -> bool {
    let Some((a, b)) = year.split_once('-') else {
        return false;
    };
    match (a.parse::<i32>(), b.parse::<i32>()) {
        (Ok(a), Ok(b)) => a.to_string().len() == 4 && b == a + 1,
        _ => false,
    }
}

const LABEL_WIDTH: usize = 34;
const COLUMN_WIDTH: usize = 11;
/// Columns per table so that a line fits 80 columns.
const COLUMNS_PER_TABLE: usize = 4;

/// French percentage ("45,2 %"), or a dash.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(
        || "–".to_string(),
        |v| format!("{:.1} %", v * 100.0).replace('.', ","),
    )
}

type Line = (String, Box<dyn Fn(&Counts) -> String>);

fn lines() -> Vec<Line> {
    fn count(label: &str, f: fn(&Counts) -> usize) -> Line {
        (label.to_string(), Box::new(move |c| f(c).to_string()))
    }
    let mut lines = vec![
        count("Élèves (tous bacs)", |c| c.all_students),
        count("Élèves de bac pro", |c| c.bac_pro_students),
        count("Repérés", |c| c.identified),
        count("En parcours (accepté)", |c| c.in_parcours),
        (
            "Part en parcours".to_string(),
            Box::new(|c: &Counts| percent(c.share_in_parcours)),
        ),
        count("Passage en 2e année", |c| c.passed_to_second_year),
        count("  dont BTS en 3 ans", |c| c.bts_in_3_years),
        count("Redoublements", |c| c.repeating),
        (
            "Taux de passage".to_string(),
            Box::new(|c: &Counts| percent(c.passage_rate)),
        ),
        count("BTS obtenu en 2 ans", |c| c.bts_obtained_2_years),
        count("BTS obtenu en 3 ans", |c| c.bts_obtained_3_years),
        count("Décrochages (sorties)", |c| c.dropouts),
    ];
    for cause in ExitCause::ALL {
        let code = cause.code();
        lines.push((
            format!("  cause : {}", cause.label()),
            Box::new(move |c: &Counts| {
                c.dropouts_by_cause
                    .get(code)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }),
        ));
    }
    for destination in ExitDestination::ALL {
        let code = destination.code();
        lines.push((
            format!("  vers : {}", destination.label()),
            Box::new(move |c: &Counts| {
                c.dropouts_by_destination
                    .get(code)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }),
        ));
    }
    for period in ExitPeriod::ALL {
        let code = period.code();
        lines.push((
            format!("  {}", period.label()),
            Box::new(move |c: &Counts| {
                c.dropouts_by_period
                    .get(code)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }),
        ));
    }
    lines
}

fn table(out: &mut String, columns: &[(String, &Counts)]) {
    let lines = lines();
    for chunk in columns.chunks(COLUMNS_PER_TABLE) {
        out.push_str(&format!("{:<LABEL_WIDTH$}", ""));
        for (header, _) in chunk {
            out.push_str(&pad_left(&fit(header, COLUMN_WIDTH - 1), COLUMN_WIDTH));
        }
        out.push('\n');
        for (label, value) in &lines {
            out.push_str(&pad(label, LABEL_WIDTH));
            for (_, counts) in chunk {
                out.push_str(&format!("{:>COLUMN_WIDTH$}", value(counts)));
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

/// The columns of the module table: title, width, alignment.
const MODULE_COLUMNS: [(&str, usize, Align); 6] = [
    ("Modules", 32, Align::Left),
    ("Type", 12, Align::Left),
    ("Élèves", 6, Align::Right),
    ("Arrêts", 6, Align::Right),
    ("Heures", 7, Align::Right),
    ("Accordées", 9, Align::Right),
];

/// One line of the module table: each cell in its column, one space between.
fn module_line(cells: [String; 6]) -> String {
    let cells: Vec<String> = MODULE_COLUMNS
        .iter()
        .zip(cells)
        .map(|((_, width, align), cell)| align.pad(&cell, *width))
        .collect();
    cells.join(" ") + "\n"
}

/// The indicators as a French text fitting 80 columns.
pub fn render(indicators: &Indicators, modules: &[ModuleIndicator], year: Option<&str>) -> String {
    let mut out = String::new();
    match year {
        Some(year) => out.push_str(&format!("Indicateurs de la promotion {year}\n")),
        None => out.push_str("Indicateurs, toutes promotions\n"),
    }
    out.push_str("(comptes sur les élèves de bac pro, sauf la 1re ligne)\n\n");
    let mut columns = vec![("Ensemble".to_string(), &indicators.overall)];
    for sector in Sector::ALL {
        if let Some(counts) = indicators.by_sector.get(sector.code()) {
            let mut header = sector.label().to_string();
            header[..1].make_ascii_uppercase();
            columns.push((header, counts));
        }
    }
    table(&mut out, &columns);
    if !indicators.by_section.is_empty() {
        out.push_str("Par section\n");
        let sections: Vec<(String, &Counts)> = indicators
            .by_section
            .iter()
            .map(|(code, s)| (code.clone(), &s.counts))
            .collect();
        table(&mut out, &sections);
    }
    let used: Vec<&ModuleIndicator> = modules.iter().filter(|m| m.students_enrolled > 0).collect();
    if !used.is_empty() {
        out.push_str(&module_line(
            MODULE_COLUMNS.map(|(title, ..)| title.to_string()),
        ));
        for m in used {
            let hours = |h: Option<f64>| h.map_or("–".to_string(), |h| format!("{h:.0}"));
            out.push_str(&module_line([
                m.name.clone(),
                m.module_type.label().to_string(),
                m.students_enrolled.to_string(),
                m.students_stopped.to_string(),
                hours(m.planned_hours_all_groups),
                hours(m.hours_granted),
            ]));
        }
        out.push_str("(heures prévues : séances × durée × nombre de groupes)\n");
    }
    out
}

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
        let room = 80 - 4 - figures.chars().count();
        out.push_str(&format!("    {}{figures}\n", fit(&m.name, room)));
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
        out.push_str(&line(&format!("  {}", fit(name, LABEL_WIDTH - 3)), verdict));
    }
    out
}

/// The same figures as JSON.
fn hours_json(report: &HoursReport) -> serde_json::Value {
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
