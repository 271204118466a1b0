//! `passerelle modules [--year AAAA-AAAA] [--json]`: the hours of each module in a
//! school year (groups, students placed, hours planned, delivered, granted), then
//! per section and establishment, 80 columns; `modules grant` and `modules envelope`
//! grant hours.
//!
//! Hours granted to a module are its `hours_grant` rows of the year; a module
//! with none falls back on the hours its fiche cadre grants (`module.hours_granted`).
//! Rules per section and establishment: [`crate::model::hours`].

use std::process::ExitCode;

use crate::model::catalogue::hours_label;
use crate::model::hours::{EstablishmentHours, HoursReport, parse_grant};
use crate::model::planner::{HoursGrant, ModuleHours, envelope_hours};
use crate::model::text::{fit, fold};
use crate::store::{GrantEdit, GrantOutcome, Seen, Store, StoreError, Table};

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

/// The whole report as text: the modules, then per section and establishment.
pub fn render_report(report: &HoursReport) -> String {
    let mut text = render(&report.school_year, &report.modules, &report.envelopes);
    if report.modules.is_empty() && report.envelopes.is_empty() {
        return text;
    }
    text.push('\n');
    for line in section_lines(report) {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Width of the section table and establishment lines: they also show in the
/// planner's report box.
const SECTION_WIDTH: usize = 74;

/// The hours per section, then the establishment line(s), at most 74 columns.
pub fn section_lines(report: &HoursReport) -> Vec<String> {
    let mut lines = vec![
        "Par section (un groupe commun à plusieurs sections compte pour".to_string(),
        "chacune d'elles : les sections ne s'additionnent pas)".to_string(),
        String::new(),
    ];
    if report.sections.is_empty() {
        lines.push("Aucun élève placé dans un groupe cette année.".into());
    } else {
        lines.push(format!(
            "{:<12}{:>8}{:>9}{:>9}  {}",
            "Section", "Groupes", "Prévues", "Faites", "Groupes partagés avec"
        ));
        for s in &report.sections {
            let shared = if s.shared_with.is_empty() {
                "—".to_string()
            } else {
                s.shared_with.join(", ")
            };
            lines.push(format!(
                "{:<12}{:>8}{:>9}{:>9}  {}",
                fit(&s.code, 11),
                s.groups,
                hours_label(s.planned),
                hours_label(s.delivered),
                fit(&shared, SECTION_WIDTH - 40)
            ));
        }
    }
    lines.push(String::new());
    lines.extend(establishment_table(report));
    lines
}

/// The hours of each establishment (and their sum when there are several).
fn establishment_table(report: &HoursReport) -> Vec<String> {
    let row = |name: &str, e: &EstablishmentHours| {
        format!(
            "{:<18}{:>9}{:>9}{:>11}{:>17}{}",
            fit(name, 17),
            hours_label(e.planned),
            hours_label(e.delivered),
            hours_label(e.granted()),
            hours_label(e.envelopes),
            if e.over_budget() { "  dépassé" } else { "" }
        )
    };
    let mut lines = vec![format!(
        "{:<18}{:>9}{:>9}{:>11}{:>17}",
        "Établissement", "Prévues", "Faites", "Accordées", "dont enveloppes"
    )];
    for e in &report.establishments {
        lines.push(row(&e.name, e));
    }
    if report.establishments.len() > 1 {
        lines.push(row("Ensemble", &report.total()));
    }
    if report
        .establishments
        .iter()
        .any(EstablishmentHours::over_budget)
    {
        lines.push("« dépassé » : plus d'heures prévues qu'accordées aux modules (fiche".into());
        lines.push("cadre pour un module sans dotation) et en enveloppes.".into());
    }
    lines
}

/// « Établissement : prévues X h, faites Y h, accordées Z h (dont enveloppes W h) »,
/// shortened to fit `width`; « dépassé » is never cut.
pub fn establishment_line(name: &str, e: &EstablishmentHours, width: usize) -> String {
    let [p, d, g, w] = [e.planned, e.delivered, e.granted(), e.envelopes].map(hours_label);
    let flag = if e.over_budget() { " dépassé" } else { "" };
    let candidates = [
        format!("{name} : prévues {p}, faites {d}, accordées {g} (dont enveloppes {w})"),
        format!("{name} : prévues {p}, faites {d}, accordées {g} (enveloppes {w})"),
        format!("{name} : prévues {p}, faites {d}, accordées {g} (env. {w})"),
        format!("Étab. : prévues {p}, faites {d}, accordées {g} (env. {w})"),
        format!("Étab. : prév. {p}, faites {d}, acc. {g} (env. {w})"),
    ];
    let room = width.saturating_sub(flag.chars().count());
    let text = candidates
        .iter()
        .find(|c| c.chars().count() <= room)
        .map_or_else(|| fit(&candidates[4], room), Clone::clone);
    format!("{text}{flag}")
}

/// The report as JSON: modules, envelopes, sections, establishments, total.
pub fn report_json(report: &HoursReport) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(
        &report.school_year,
        &report.modules,
        &report.envelopes,
    ))
    .unwrap_or_default();
    let establishment = |e: &EstablishmentHours| {
        serde_json::json!({
            "establishment_id": e.establishment_id,
            "name": e.name,
            "planned": e.planned,
            "delivered": e.delivered,
            "granted_modules": e.granted_modules,
            "envelopes": e.envelopes,
            "granted": e.granted(),
            "over_budget": e.over_budget(),
        })
    };
    value["sections"] = serde_json::json!(report.sections);
    value["establishments"] = report.establishments.iter().map(establishment).collect();
    value["total"] = establishment(&report.total());
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
    let report = store.hours_report(&year, today)?;
    let text = if json {
        report_json(&report)
    } else {
        render_report(&report)
    };
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}

/// What `modules grant` / `modules envelope` grant.
pub enum GrantTarget<'a> {
    /// A module, by its catalogue code; `label` None keeps the current one.
    Module {
        code: &'a str,
        label: Option<&'a str>,
    },
    /// An envelope, by its label.
    Envelope { label: &'a str },
}

/// Grants hours (0 or « aucune » removes the grant), in one undoable write.
pub fn run_grant(
    store: &mut Store,
    target: GrantTarget,
    hours: &str,
    year: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let refused = |message: String| {
        eprintln!("{message}");
        Ok(ExitCode::from(super::EXIT_REFUSED as u8))
    };
    let today = chrono::Local::now().date_naive();
    let year = match super::school_year_arg(year, today) {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let hours = match parse_grant(hours) {
        Ok(hours) => hours,
        Err(reason) => return refused(format!("Heures : {reason} Rien n'a été écrit.")),
    };
    let establishment_id = store.establishments()?.first().map(|e| e.id);
    let (module, label, name) = match target {
        GrantTarget::Module { code, label } => {
            let modules = store.modules()?;
            let Some(module) = modules
                .iter()
                .find(|m| m.code.eq_ignore_ascii_case(code.trim()))
            else {
                let codes: Vec<&str> = modules.iter().map(|m| m.code.as_str()).collect();
                return refused(format!(
                    "Module « {code} » inconnu : aucun module du catalogue n'a ce code. \
                     Codes : {}. Rien n'a été écrit.",
                    codes.join(", ")
                ));
            };
            (
                Some(module.id),
                label.map(str::to_string),
                module.name.clone(),
            )
        }
        GrantTarget::Envelope { label } => {
            let label = crate::model::text::clean_text(label, false);
            if label.is_empty() {
                return refused(
                    "Enveloppe : donnez-lui un nom (ex. « Ambition BTS 2026 »).".into(),
                );
            }
            (None, Some(label.clone()), label)
        }
    };
    let existing_envelope = match module {
        Some(_) => None,
        None => store
            .hours_grants(&year)?
            .into_iter()
            .find(|g| {
                g.module_id.is_none() && fold(&g.label) == fold(label.as_deref().unwrap_or(""))
            })
            .map(|g| g.id),
    };
    let journal = match module {
        Some(_) => format!("Heures accordées à {name} ({year})"),
        None => format!("Enveloppe {name} ({year})"),
    };
    let result = store.write(&journal, |w| {
        let current = match (module, existing_envelope) {
            (Some(m), _) => w.module_grant(&year, m, establishment_id)?,
            (None, Some(id)) => Some((id, w.seen_row(Table::HoursGrant, id)?)),
            (None, None) => None,
        };
        let seen = current
            .as_ref()
            .map_or_else(Seen::absent, |(_, s)| s.clone());
        let kept = seen.value("label").display();
        let label = label
            .clone()
            .unwrap_or_else(|| if kept.is_empty() { "DHG".into() } else { kept });
        w.put_grant(
            &GrantEdit {
                id: current.map(|(id, _)| id),
                school_year: year.clone(),
                module_id: module,
                establishment_id,
                label,
                hours,
            },
            &seen,
        )
    });
    let fallback = module
        .and_then(|m| store.modules().ok()?.into_iter().find(|x| x.id == m))
        .and_then(|m| m.hours_granted)
        .map_or("aucune heure".to_string(), hours_label);
    let said = match result {
        Err(StoreError::Invalid(message)) => return refused(message),
        Err(error) => return Err(error.into()),
        Ok(GrantOutcome::Nothing) if hours.is_none() => match module {
            Some(_) => format!("{name} : aucune dotation en {year}, rien à retirer."),
            None => format!("Aucune enveloppe « {name} » en {year}, rien à retirer."),
        },
        Ok(GrantOutcome::Nothing) => format!("{name} : déjà ainsi, rien à changer."),
        Ok(GrantOutcome::Removed) => match module {
            Some(_) => format!(
                "{name} : dotation {year} retirée ; le module reprend sa fiche cadre ({fallback})."
            ),
            None => format!("Enveloppe « {name} » retirée de {year}."),
        },
        Ok(_) => format!(
            "{name} : {} accordées pour {year}.",
            hours_label(hours.unwrap_or_default())
        ),
    };
    println!("{said}");
    Ok(ExitCode::SUCCESS)
}
