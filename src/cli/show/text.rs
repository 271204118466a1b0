//! `show` as text: the student sheet in 80 columns.

use super::layout::{Out, pad};
use super::{capitalise, fr};
use crate::labels::{Label, level_label};
use crate::model::sheet::{ABSENT_TWICE, HistoryChange, HistoryEntry, StudentSheet};

/// How many recent journal batches are shown.
const JOURNAL_BATCHES: usize = 5;

/// One batch of changes, summed up on one line.
pub(super) struct Batch {
    pub(super) at: String,
    pub(super) user: String,
    pub(super) label: String,
    pub(super) changes: String,
}

/// The most recent batches of the sheet's history.
pub(super) fn journal_batches(sheet: &StudentSheet) -> Vec<Batch> {
    let mut batches: Vec<(i64, Vec<&HistoryEntry>)> = Vec::new();
    for entry in &sheet.history {
        if let Some((id, entries)) = batches.last_mut()
            && *id == entry.batch
        {
            entries.push(entry);
        } else if batches.len() == JOURNAL_BATCHES {
            break;
        } else {
            batches.push((entry.batch, vec![entry]));
        }
    }
    batches
        .into_iter()
        .filter_map(|(_, entries)| {
            let first = entries.first()?;
            let at = first.at.replace('T', " ").trim_end_matches('Z').to_string();
            let at = at.get(..16).unwrap_or(&at).to_string();
            Some(Batch {
                at,
                user: first.user.clone(),
                label: first.label.clone(),
                changes: describe(&entries),
            })
        })
        .collect()
}

/// One line summary of a batch's changes to a student.
fn describe(entries: &[&HistoryEntry]) -> String {
    let mut created: Vec<(String, usize)> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for e in entries {
        let verb = match &e.change {
            HistoryChange::Added => "ajout",
            HistoryChange::Removed => "suppression",
            HistoryChange::Masked => {
                parts.push(format!("{} modifié (masqué)", e.record));
                continue;
            }
            HistoryChange::Edited { field, old, new } => {
                parts.push(format!("{field} : {old} → {new}"));
                continue;
            }
        };
        let key = format!("{verb} : {}", e.record);
        match created.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => created.push((key, 1)),
        }
    }
    let mut all: Vec<String> = created
        .into_iter()
        .map(|(k, n)| if n > 1 { format!("{k} ×{n}") } else { k })
        .collect();
    all.extend(parts);
    all.join(" ; ")
}

/// The sheet in 80 columns, conditions de vie counted, never shown.
pub(super) fn render(sheet: &StudentSheet) -> String {
    let mut out = Out::default();
    identity(&mut out, sheet);
    reperage(&mut out, sheet);
    plan(&mut out, sheet);
    follow_up(&mut out, sheet);
    end_of_year(&mut out, sheet);
    out.title("Historique récent");
    for batch in journal_batches(sheet) {
        out.wrap(
            &format!("{} par {} – {}", batch.at, batch.user, batch.label),
            2,
        );
        out.wrap(&batch.changes, 4);
    }
    out.text
}

fn identity(out: &mut Out, sheet: &StudentSheet) {
    let s = &sheet.student;
    out.line(&format!("{} (n° {})", s.display_name(), s.id));
    if let Some(place) = &sheet.place {
        out.wrap(
            &format!(
                "Section {} – {}, promotion {}",
                place.section_code, place.section_name, place.school_year
            ),
            0,
        );
    }
    out.wrap(
        &match (&s.bac_pro_specialty, s.bac_pro) {
            (Some(spec), _) => format!("Bac pro : {spec}"),
            (None, true) => "Bac pro (spécialité non renseignée)".to_string(),
            (None, false) => "Hors bac pro".to_string(),
        },
        0,
    );
    let mut line = Vec::new();
    if let Some(origin) = &s.origin_lycee {
        line.push(format!("Lycée d'origine : {origin}"));
    }
    line.push(format!("statut : {}", s.schooling.label()));
    out.wrap(&capitalise(&line.join(" · ")), 0);
    let mut line = Vec::new();
    if let Some(rank) = s.parcoursup_rank {
        line.push(format!("rang Parcoursup : {rank}"));
    }
    if let Some(p) = s.parcours_differencie {
        line.push(format!("parcours différencié : {}", p.label()));
    }
    if !line.is_empty() {
        out.wrap(&capitalise(&line.join(" · ")), 0);
    }
    let mut line = vec![format!(
        "INE : {}",
        s.ine.as_deref().unwrap_or("non renseigné")
    )];
    if let Some(birth) = s.birth_date {
        line.push(format!("né(e) le {}", fr(birth)));
    }
    out.wrap(&line.join(" · "), 0);
    let mut phase = format!("Phase : {}", s.phase().label());
    if sheet.checkin_overdue {
        phase.push_str(" – point d'étape en retard");
    }
    if let Some(date) = s.exit_date {
        phase.push_str(&format!(" – sorti(e) le {}", fr(date)));
    }
    out.line(&phase);
}

fn reperage(out: &mut Out, sheet: &StudentSheet) {
    let s = &sheet.student;
    let reperage = &sheet.reperage;
    out.title("Repérage");
    for domain in &reperage.domains {
        let label = domain.domain.label();
        if domain.masked {
            let text = match sheet.masked_levels() {
                0 => "aucun critère renseigné".to_string(),
                n => format!("{n} critère(s) renseigné(s) (masqués)"),
            };
            out.wrap(&format!("{label} : {text}"), 2);
            continue;
        }
        let cells: Vec<_> = domain
            .cells
            .iter()
            .filter_map(|c| Some((&c.criterion, c.value.as_ref()?)))
            .collect();
        if cells.is_empty() {
            out.line(&format!("  {label} : aucun critère renseigné"));
            continue;
        }
        out.line(&format!("  {label} :"));
        for (criterion, value) in cells {
            out.line(&format!(
                "    {} {}",
                pad(criterion, 26),
                level_label(value.level)
            ));
            let mut extra = Vec::new();
            if let Some(comment) = &value.comment {
                extra.push(comment.clone());
            }
            if let Some(source) = &value.source {
                extra.push(format!("(source : {source})"));
            }
            if !extra.is_empty() {
                out.wrap(&extra.join(" "), 6);
            }
        }
    }
    if reperage.life_note_count > 0 {
        out.line(&format!(
            "  Notes sur les conditions de vie : {} (masquées)",
            reperage.life_note_count
        ));
    }
    out.line(&format!(
        "  Verdict : {}",
        s.verdict.map_or("non encore rendu", |v| v.label())
    ));
    if !reperage.difficulties.is_empty() {
        let labels: Vec<&str> = reperage
            .difficulties
            .iter()
            .map(|d| d.label.as_str())
            .collect();
        out.wrap(&format!("Types de difficulté : {}", labels.join(", ")), 2);
    }
}

fn plan(out: &mut Out, sheet: &StudentSheet) {
    let s = &sheet.student;
    out.title("Pré-conseil");
    let proposal = s.proposal.map_or("aucune", |p| p.label());
    let date = s
        .pre_conseil_date
        .map_or(String::new(), |d| format!(" (le {})", fr(d)));
    out.line(&format!("  Proposition de parcours : {proposal}{date}"));
    if let Some(r) = &sheet.referent {
        out.wrap(
            &format!(
                "Référent : {} ({})",
                crate::labels::member_name(r),
                r.role.label()
            ),
            2,
        );
    }
    if !sheet.modules.is_empty() {
        out.line("  Modules :");
        for followed in &sheet.modules {
            let e = &followed.enrolment;
            let name = followed.module.as_ref().map_or_else(
                || format!("module n° {}", e.module_id),
                |m| format!("{} ({})", m.name, m.kind_label()),
            );
            let dates = match e.end_date {
                Some(end) => format!("du {} au {} (arrêté)", fr(e.start_date), fr(end)),
                None => format!("depuis le {}", fr(e.start_date)),
            };
            out.hanging(&format!("- {name}, {dates}"), 4, 6);
            for line in followed.attendance_lines() {
                out.wrap(&line, 6);
            }
            if followed.attendance.as_ref().is_some_and(|a| a.absent_twice) {
                out.wrap(&format!("(!) {ABSENT_TWICE}."), 6);
            }
        }
    }
    if let Some(commitments) = &s.commitments {
        out.line("  Engagements :");
        out.wrap(commitments, 4);
    }
    if let Some(date) = s.first_checkin_date {
        out.line(&format!("  Premier point d'étape prévu le {}", fr(date)));
    }
}

fn follow_up(out: &mut Out, sheet: &StudentSheet) {
    let s = &sheet.student;
    out.title("Suivi");
    if sheet.checkins.is_empty() {
        out.line("  Aucun point d'étape enregistré.");
    }
    for c in &sheet.checkins {
        let observed: Vec<String> = crate::labels::checkin_facts(c);
        out.line(&format!("  {} · {}", fr(c.date), observed.join(", ")));
        if let Some(note) = &c.note {
            out.wrap(note, 6);
        }
    }
    if let Some(next) = s.next_checkin_date {
        out.line(&format!("  Prochain point d'étape prévu le {}", fr(next)));
    }
    if let Some(bilan) = &s.bilan_s1 {
        let date = s
            .bilan_s1_date
            .map_or(String::new(), |d| format!(" ({})", fr(d)));
        out.line(&format!("  Bilan du semestre 1{date} :"));
        out.wrap(bilan, 4);
    }
}

fn end_of_year(out: &mut Out, sheet: &StudentSheet) {
    let s = &sheet.student;
    out.title("Bilan S2");
    match s.decision_s2 {
        Some(d) => {
            let date = s
                .decision_s2_date
                .map_or(String::new(), |x| format!(" ({})", fr(x)));
            out.line(&format!("  Décision : {}{date}", d.label()));
        }
        None => out.line("  Pas encore de décision."),
    }
    if let Some(date) = s.exit_date {
        out.wrap(
            &format!(
                "Sortie le {} ; cause : {} ; destination : {}",
                fr(date),
                s.exit_cause.map_or("non renseignée", |c| c.label()),
                s.exit_destination.map_or("non renseignée", |d| d.label()),
            ),
            2,
        );
        if let Some(referral) = s.exit_referral {
            out.wrap(&format!("Orienté(e) vers : {}", referral.label()), 2);
        }
        if let Some(note) = &s.exit_note {
            out.line("  Note de sortie :");
            out.wrap(note, 4);
        }
    }
    if let Some(diploma) = s.diploma {
        out.line(&format!("  Diplôme : {}", diploma.label()));
    }
}
