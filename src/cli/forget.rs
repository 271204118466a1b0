//! `passerelle forget ÉLÈVE [--yes]`: the right to erasure for one student; only an
//! anonymous trace remains ("élève n° 12"). Without `--yes`, only says what would go.

use std::process::ExitCode;

use super::purge::{render_plan, scrub_note};
use crate::model::text::wrap;
use crate::store::{ErasureScope, Store};

/// Runs the subcommand.
pub fn run(store: &mut Store, query: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let Some(student) = super::show::resolve_student(store, query, "forget")? else {
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    let scope = ErasureScope::Forget {
        student: student.id,
    };
    let confirm = format!("passerelle forget {} --yes", student.id);
    dry_run_or_erase(store, &scope, yes, &confirm)
}

/// Lists what `scope` erases; with `yes`, erases it in one transaction first.
pub(super) fn dry_run_or_erase(
    store: &mut Store,
    scope: &ErasureScope,
    yes: bool,
    confirm: &str,
) -> anyhow::Result<ExitCode> {
    let text = if yes {
        let (plan, scrub) = store.erase(scope)?;
        let mut text = if plan.is_empty() {
            "Rien à effacer.\n".to_string()
        } else {
            render_plan(&plan, true)
                + "Seule reste une trace anonyme de l'effacement : passerelle log --erasures\n"
        };
        for line in wrap(scrub_note(scrub), 80) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    } else {
        let plan = store.erasure_plan(scope)?;
        if plan.is_empty() {
            "Rien à effacer.\n".to_string()
        } else {
            format!(
                "{}\nRien n'a été effacé. Pour effacer définitivement :\n  {confirm}\n\
                 (faites d'abord une sauvegarde si besoin : passerelle backup FICHIER)\n",
                render_plan(&plan, false)
            )
        }
    };
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}
