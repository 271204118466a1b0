//! `passerelle purge --before AAAA-AAAA [--yes]`: erases the students of older
//! cohorts with everything about them; without `--yes`, only lists what would go.

use std::process::ExitCode;

// Through `show` so that its re-export (kept for the parallel `StudentSheet` work) stays used.
use super::show::{fit, wrap};
use crate::store::{ErasurePlan, ErasureScope, Scrub, Store, StoreError, parse_school_year};

/// Width of the text output.
const WIDTH: usize = 80;

/// Runs the subcommand.
pub fn run(store: &mut Store, before: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let before = parse_school_year(before)?;
    let current = crate::model::school_year_of(chrono::Local::now().date_naive());
    if before > current {
        return Err(StoreError::Invalid(format!(
            "--before {before} effacerait la promotion de l'année en cours ({current}) : \
             choisissez au plus {current}. Pour un seul élève, utilisez passerelle forget."
        ))
        .into());
    }
    let scope = ErasureScope::Purge {
        before: before.clone(),
    };
    let confirm = format!("passerelle purge --before {before} --yes");
    super::forget::dry_run_or_erase(store, &scope, yes, &confirm)
}

/// The list of what an erasure removes (or removed), within 80 columns.
pub(super) fn render_plan(plan: &ErasurePlan, done: bool) -> String {
    let mut out = String::new();
    let mut line = |text: &str, indent: usize| {
        for l in wrap(text, WIDTH - indent) {
            out.push_str(&format!("{}{l}\n", " ".repeat(indent)));
        }
    };
    match &plan.scope {
        ErasureScope::Purge { before } => {
            line(
                &format!(
                    "Promotions antérieures à {before} {} :",
                    if done { "effacées" } else { "à effacer" }
                ),
                0,
            );
            for c in &plan.cohorts {
                let head = format!(
                    "  {} {} : {} élève(s) — {}",
                    c.section_code,
                    c.school_year,
                    c.students.len(),
                    c.section_name
                );
                line(&fit(&head, WIDTH), 0);
                let names: Vec<&str> = c.students.iter().map(|s| s.name.as_str()).collect();
                if !names.is_empty() {
                    line(&names.join(", "), 4);
                }
            }
        }
        ErasureScope::Forget { .. } => {
            for c in &plan.cohorts {
                for s in &c.students {
                    let ine = s.ine.as_deref().map(|i| format!(", INE {i}"));
                    line(
                        &format!(
                            "Élève {} : {} (n° {}{}), {} {}",
                            if done { "effacé" } else { "à effacer" },
                            s.name,
                            s.id,
                            ine.unwrap_or_default(),
                            c.section_code,
                            c.school_year
                        ),
                        0,
                    );
                }
            }
        }
    }
    let n = &plan.counts;
    let mut parts = vec![format!("{} élève(s)", n.students)];
    for (count, what) in [
        (n.life_notes, "note(s) de conditions de vie"),
        (n.grid_values, "case(s) de grille"),
        (n.checkins, "point(s) d'étape"),
        (n.enrolments, "inscription(s) à des modules"),
        (n.group_members, "place(s) dans des groupes de module"),
        (n.attendance_marks, "présence(s) relevée(s) aux séances"),
        (n.journal_rows, "ligne(s) d'historique"),
        (n.batches_removed, "action(s) d'historique devenues vides"),
        (n.accesses, "accès journalisé(s) à leurs données sensibles"),
        (n.cohorts_removed, "promotion(s) vidée(s)"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {what}"));
        }
    }
    let mut total = format!(
        "{} : {}.",
        if done { "Effacé" } else { "Au total" },
        parts.join(", ")
    );
    if n.labels_rewritten > 0 {
        total.push_str(&format!(
            " {} libellé(s) d'historique concernant aussi d'autres élèves {} sans leur nom.",
            n.labels_rewritten,
            if done {
                "réécrit(s)"
            } else {
                "seront réécrits"
            }
        ));
    }
    if matches!(plan.scope, ErasureScope::Purge { .. }) {
        // A blank line between the lists of names and the total.
        total.insert(0, '\n');
    }
    line(&total, 0);
    if !plan.mentions.is_empty() {
        let places: Vec<String> = plan
            .mentions
            .iter()
            .map(|m| format!("n° {} ({})", m.student_id, m.field))
            .collect();
        line(
            &format!(
                "À relire à la main : des textes d'autres élèves nomment un élève effacé \
                 et restent tels quels : {}.",
                places.join(", ")
            ),
            0,
        );
    }
    out
}

/// What to tell about the cleanup of the file after an erasure.
pub(super) fn scrub_note(scrub: Scrub) -> &'static str {
    match scrub {
        Scrub::Done => {
            "Le fichier a été nettoyé (VACUUM) : les données effacées n'y subsistent pas. \
             Les sauvegardes et exports faits avant les contiennent encore."
        }
        Scrub::Busy => {
            "Attention : la base est ouverte ailleurs, le fichier n'a pas pu être nettoyé ; \
             des restes des données effacées peuvent y subsister. Quand plus personne ne \
             l'utilise, relancez la même commande pour le nettoyer."
        }
    }
}
