//! `passerelle team [import FICHIER.csv [--dry-run] | export FICHIER.csv [--force]]`:
//! lists the team, imports it from a spreadsheet, or writes it to one.

use std::path::Path;
use std::process::ExitCode;

use crate::io::ImportError;
use crate::io::team_csv::{TeamPlan, apply_team_plan, export_team_csv, plan_team_import};
use crate::labels::{Label, field_label, role_short};
use crate::model::Staff;
use crate::model::text::{fit, pad};
use crate::store::{ColumnChange, Store, fold};

/// Width of the printed list.
const WIDTH: usize = 80;

/// The team, active members first, for an 80-column terminal.
pub fn render(team: &[Staff]) -> String {
    if team.is_empty() {
        return "Personne dans l'équipe. Ajoutez-la dans Réglages (F7, onglet Équipe) ou \
                importez-la : passerelle team import FICHIER.csv\n"
            .to_string();
    }
    let mut team: Vec<&Staff> = team.iter().collect();
    team.sort_by_key(|s| (!s.active, fold(&s.last_name), fold(&s.first_name)));
    let active = team.iter().filter(|s| s.active).count();
    let coordinators: Vec<String> = team
        .iter()
        .filter(|s| s.active && s.coordinator)
        .map(|s| s.display_name())
        .collect();
    let heading = format!(
        "Équipe : {} membre{} ({active} actif{}) · coordination : {}",
        team.len(),
        if team.len() > 1 { "s" } else { "" },
        if active > 1 { "s" } else { "" },
        if coordinators.is_empty() {
            "personne".to_string()
        } else {
            coordinators.join(", ")
        }
    );
    let mut out = fit(&heading, WIDTH);
    out.push('\n');
    let line = |s: &Staff| -> String {
        let mark = if s.coordinator { "★" } else { " " };
        let mut text = format!(
            "{mark} {} {} {}",
            pad(&s.display_name(), 26),
            pad(role_short(s.role), 15),
            s.detail().unwrap_or("")
        );
        text = fit(text.trim_end(), WIDTH);
        if let Some(email) = &s.email {
            text.push_str(&format!("\n{}", fit(&format!("    {email}"), WIDTH)));
        }
        text
    };
    for s in team.iter().filter(|s| s.active) {
        out.push_str(&line(s));
        out.push('\n');
    }
    if active < team.len() {
        out.push_str("Inactifs (restent sur les fiches des élèves suivis) :\n");
        for s in team.iter().filter(|s| !s.active) {
            out.push_str(&line(s));
            out.push('\n');
        }
    }
    out
}

/// Shows the team.
pub fn run_show(store: &Store) -> anyhow::Result<ExitCode> {
    let text = render(&store.staff()?);
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}

/// The French summary of an import; its counts are the lengths of its lists.
pub fn summary(plan: &TeamPlan, file: &Path, dry_run: bool) -> String {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut out = if dry_run {
        format!("Essai (--dry-run), rien n'a été écrit. Import de l'équipe depuis {name} :\n")
    } else {
        format!("Équipe importée depuis {name} :\n")
    };
    for line in plan_lines(plan, dry_run) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The counts, then one line per member (+ added, ~ changed, = unchanged): the
/// counts are the lengths of the lists. `preview`: what would be done.
pub fn plan_lines(plan: &TeamPlan, preview: bool) -> Vec<String> {
    let (added, updated) = if preview {
        ("à ajouter", "à modifier")
    } else {
        ("ajouté(s)", "modifié(s)")
    };
    let mut lines = vec![format!(
        "{} {added}, {} {updated}, {} inchangé(s).",
        plan.added.len(),
        plan.updated.len(),
        plan.unchanged.len()
    )];
    for member in &plan.added {
        lines.push(format!(
            "  + {} {} ({})",
            member.first_name,
            member.last_name,
            member.role.label()
        ));
    }
    for (_, _, name, changes) in &plan.updated {
        let fields: Vec<&str> = changes.iter().map(|c| field_label(c.column().0)).collect();
        lines.push(format!("  ~ {name} ({})", fields.join(", ")));
    }
    for name in &plan.unchanged {
        lines.push(format!("  = {name}"));
    }
    lines
}

/// Imports a team file (or, with `dry_run`, says what it would do); all or nothing.
pub fn run_import(store: &mut Store, file: &Path, dry_run: bool) -> anyhow::Result<ExitCode> {
    let result = plan_team_import(store, file).and_then(|plan| match dry_run {
        true => Ok(plan),
        false => apply_team_plan(store, &plan, file).map(|()| plan),
    });
    match result {
        Ok(plan) => {
            print!("{}", summary(&plan, file, dry_run));
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Problems(problems)) => {
            eprint!("{}", super::import::problem_list(&problems));
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
        Err(ImportError::Store(error)) => {
            eprintln!("Import refusé par la base, rien n'a été importé : {error}");
            Ok(ExitCode::from(super::EXIT_REFUSED as u8))
        }
    }
}

/// Writes the team to a CSV file that `team import` reads back.
pub fn run_export(store: &Store, file: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let bytes = export_team_csv(store)?;
    crate::io::output::write_file(
        file,
        &bytes,
        crate::io::output::Overwrite::from_force(force),
    )?;
    let n = store.staff()?.len();
    println!("Équipe écrite dans {} ({n} membre(s)).", file.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RowMeta, StaffRole};

    fn member(last: &str, role: StaffRole, active: bool, coordinator: bool) -> Staff {
        Staff {
            id: 1,
            last_name: last.into(),
            first_name: "Claire".into(),
            role,
            organisation: None,
            discipline: Some("Mathématiques".into()),
            email: Some("claire@lycee.example".into()),
            active,
            coordinator,
            meta: RowMeta::default(),
        }
    }

    #[test]
    fn the_list_fits_80_columns_and_puts_inactive_members_last() {
        let team = [
            member(
                "Très-Long-Nom-De-Famille-Composé",
                StaffRole::AssistanteSociale,
                true,
                true,
            ),
            member("Martin", StaffRole::Plp, false, false),
        ];
        let text = render(&team);
        assert!(text.starts_with("Équipe : 2 membres (1 actif) · coordination : Claire Très-"));
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
        }
        let inactive = text.find("Inactifs").expect("heading");
        assert!(text.find("Claire Martin").expect("listed") > inactive);
    }
}
