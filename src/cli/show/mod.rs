//! `passerelle show`: one student's whole parcours, sensitive data masked.

use std::process::ExitCode;

use serde_json::{Value as Json, json};

mod layout;

use layout::Out;
pub(crate) use layout::{fit, pad, wrap};

use crate::labels::{Label, level_label};
use crate::model::*;
use crate::store::{JournalEntry, Store, Table};

/// How many recent journal batches are shown.
const JOURNAL_BATCHES: usize = 5;

/// Runs the subcommand.
pub fn run(store: &mut Store, query: &str, json: bool) -> anyhow::Result<ExitCode> {
    let Some(student) = resolve_student(store, query, "show")? else {
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    let parcours = Parcours::load(store, student)?;
    if json {
        let text = serde_json::to_string_pretty(&parcours.to_json())? + "\n";
        super::write_output(None, text.as_bytes(), false)?;
    } else {
        let text = parcours.render(chrono::Local::now().date_naive());
        super::write_output(None, text.as_bytes(), false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The one student a query (number, INE or name) designates; when none or several
/// match, says so on standard error (with how to be precise) and returns `None`.
pub(crate) fn resolve_student(
    store: &Store,
    query: &str,
    command: &str,
) -> anyhow::Result<Option<Student>> {
    let found = store.find_students(query)?;
    match found.as_slice() {
        [one] => Ok(Some(one.clone())),
        [] => {
            eprintln!("Aucun élève ne correspond à « {query} ».");
            Ok(None)
        }
        many => {
            eprintln!("Plusieurs élèves correspondent à « {query} » :");
            let places = Places::load(store)?;
            for s in many {
                let (section, year) = places.of(s);
                eprintln!(
                    "  n° {:<6} {} {section} {year}",
                    s.id,
                    pad(&s.display_name(), 34)
                );
            }
            eprintln!(
                "Précisez avec le numéro, par exemple : passerelle {command} {}",
                many[0].id
            );
            Ok(None)
        }
    }
}

/// Section and school year of students, by cohort.
struct Places {
    sections: Vec<Section>,
    cohorts: Vec<Cohort>,
}

impl Places {
    fn load(store: &Store) -> anyhow::Result<Places> {
        Ok(Places {
            sections: store.sections()?,
            cohorts: store.cohorts()?,
        })
    }

    fn cohort(&self, s: &Student) -> Option<(&Section, &Cohort)> {
        let cohort = self.cohorts.iter().find(|c| c.id == s.cohort_id)?;
        let section = self.sections.iter().find(|x| x.id == cohort.section_id)?;
        Some((section, cohort))
    }

    fn of(&self, s: &Student) -> (String, String) {
        self.cohort(s)
            .map_or_else(Default::default, |(section, cohort)| {
                (section.code.clone(), cohort.school_year.clone())
            })
    }
}

/// A non-sensitive grid cell: domain, criterion label, level, comment, source.
type Cell = (Domain, String, Option<u8>, Option<String>, Option<String>);

/// Everything shown about one student (no sensitive value is loaded into it).
struct Parcours {
    student: Student,
    section: Option<Section>,
    school_year: String,
    /// (domain, criterion label, level, comment, source); sensitive domains keep no value.
    grid: Vec<Cell>,
    masked_cells: usize,
    life_notes: usize,
    difficulties: Vec<(String, String)>,
    referent: Option<Staff>,
    modules: Vec<(Enrolment, Option<Module>)>,
    checkins: Vec<Checkin>,
    journal: Vec<JournalEntry>,
}

impl Parcours {
    fn load(store: &Store, student: Student) -> anyhow::Result<Parcours> {
        let places = Places::load(store)?;
        let (section, school_year) = match places.cohort(&student) {
            Some((s, c)) => (Some(s.clone()), c.school_year.clone()),
            None => (None, String::new()),
        };
        let criteria = store.criteria()?;
        let values = store.grid_values(student.id)?;
        let mut grid = Vec::new();
        let mut masked_cells = 0;
        for criterion in &criteria {
            let Some(value) = values.iter().find(|v| v.criterion_id == criterion.id) else {
                continue;
            };
            if criterion.domain.is_sensitive() {
                masked_cells += usize::from(value.level.is_some());
                continue;
            }
            grid.push((
                criterion.domain,
                criterion.label.clone(),
                value.level,
                value.comment.clone(),
                value.source.clone(),
            ));
        }
        let kinds = store.difficulty_types()?;
        let difficulties = student
            .difficulties
            .iter()
            .map(|code| {
                let label = kinds
                    .iter()
                    .find(|k| &k.code == code)
                    .map_or_else(|| code.clone(), |k| k.label.clone());
                (code.clone(), label)
            })
            .collect();
        let modules = store.modules()?;
        let enrolments = store
            .enrolments(student.id)?
            .into_iter()
            .map(|e| {
                let module = modules.iter().find(|m| m.id == e.module_id).cloned();
                (e, module)
            })
            .collect();
        let referent = match student.referent_id {
            Some(id) => store.staff()?.into_iter().find(|s| s.id == id),
            None => None,
        };
        Ok(Parcours {
            life_notes: store.life_notes(student.id)?.len(),
            checkins: store.checkins(student.id)?,
            journal: store.student_journal(student.id)?,
            student,
            section,
            school_year,
            grid,
            masked_cells,
            difficulties,
            referent,
            modules: enrolments,
        })
    }

    fn to_json(&self) -> Json {
        let s = &self.student;
        let code = |c: Option<&'static str>| c.map_or(Json::Null, Json::from);
        let mut domains = serde_json::Map::new();
        for domain in Domain::ALL {
            if domain.is_sensitive() {
                domains.insert(
                    domain.code().into(),
                    json!({ "masked": true, "assessed": self.masked_cells }),
                );
                continue;
            }
            let cells: Vec<Json> = self
                .grid
                .iter()
                .filter(|g| g.0 == *domain)
                .map(|(_, label, level, comment, source)| {
                    json!({ "criterion": label, "level": level, "comment": comment, "source": source })
                })
                .collect();
            domains.insert(domain.code().into(), Json::from(cells));
        }
        json!({
            "id": s.id,
            "last_name": s.last_name,
            "first_name": s.first_name,
            "section": self.section.as_ref().map(|x| x.code.clone()),
            "section_name": self.section.as_ref().map(|x| x.name.clone()),
            "school_year": self.school_year,
            "ine": s.ine,
            "birth_date": s.birth_date,
            "bac_pro": s.bac_pro,
            "bac_pro_specialty": s.bac_pro_specialty,
            "origin_lycee": s.origin_lycee,
            "schooling": s.schooling.code(),
            "parcoursup_rank": s.parcoursup_rank,
            "parcours_differencie": code(s.parcours_differencie.map(|x| x.code())),
            "phase": s.phase().code(),
            "grid": domains,
            "life_notes": self.life_notes,
            "verdict": code(s.verdict.map(|x| x.code())),
            "difficulties": self.difficulties.iter().map(|(c, l)| json!({"code": c, "label": l})).collect::<Vec<_>>(),
            "proposal": code(s.proposal.map(|x| x.code())),
            "pre_conseil_date": s.pre_conseil_date,
            "referent": self.referent.as_ref().map(|r| json!({"id": r.id, "name": r.display_name(), "role": r.role.code()})),
            "modules": self.modules.iter().map(|(e, m)| json!({
                "code": m.as_ref().map(|m| m.code.clone()),
                "name": m.as_ref().map(|m| m.name.clone()),
                "type": m.as_ref().map(|m| m.module_type.code()),
                "start_date": e.start_date,
                "end_date": e.end_date,
                "stopped": e.end_date.is_some(),
            })).collect::<Vec<_>>(),
            "commitments": s.commitments,
            "first_checkin_date": s.first_checkin_date,
            "checkins": self.checkins.iter().map(|c| json!({
                "date": c.date,
                "attendance": code(c.attendance.map(|x| x.code())),
                "progress": code(c.progress.map(|x| x.code())),
                "engagement": code(c.engagement.map(|x| x.code())),
                "note": c.note,
            })).collect::<Vec<_>>(),
            "bilan_s1": s.bilan_s1,
            "bilan_s1_date": s.bilan_s1_date,
            "decision_s2": code(s.decision_s2.map(|x| x.code())),
            "decision_s2_date": s.decision_s2_date,
            "exit": s.exit_date.map(|d| json!({
                "date": d,
                "cause": code(s.exit_cause.map(|x| x.code())),
                "destination": code(s.exit_destination.map(|x| x.code())),
                "referral": code(s.exit_referral.map(|x| x.code())),
                "note": s.exit_note,
            })),
            "next_checkin_date": s.next_checkin_date,
            "diploma": code(s.diploma.map(|x| x.code())),
            "journal": self.journal_batches().iter().map(|(at, user, label, changes)| json!({
                "at": at, "user": user, "label": label, "changes": changes,
            })).collect::<Vec<_>>(),
        })
    }

    /// The most recent batches: (when, who, label, what changed).
    fn journal_batches(&self) -> Vec<(String, String, String, String)> {
        let mut batches: Vec<(i64, Vec<&JournalEntry>)> = Vec::new();
        for entry in &self.journal {
            if let Some((id, entries)) = batches.last_mut()
                && *id == entry.batch_id
            {
                entries.push(entry);
            } else if batches.len() == JOURNAL_BATCHES {
                break;
            } else {
                batches.push((entry.batch_id, vec![entry]));
            }
        }
        batches
            .into_iter()
            .map(|(_, entries)| {
                let first = entries[0];
                let at = first.at.replace('T', " ").trim_end_matches('Z').to_string();
                let at = at.get(..16).unwrap_or(&at).to_string();
                (
                    at,
                    first.user.clone(),
                    first.label.clone(),
                    describe(&entries),
                )
            })
            .collect()
    }

    fn render(&self, today: chrono::NaiveDate) -> String {
        let mut out = Out::default();
        let s = &self.student;
        out.line(&format!("{} (n° {})", s.display_name(), s.id));
        if let Some(section) = &self.section {
            out.wrap(
                &format!(
                    "Section {} – {}, promotion {}",
                    section.code, section.name, self.school_year
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
        let last = self.checkins.last().map(|c| c.date);
        if s.checkin_overdue(last, today) {
            phase.push_str(" – point d'étape en retard");
        }
        if let Some(date) = s.exit_date {
            phase.push_str(&format!(" – sorti(e) le {}", fr(date)));
        }
        out.line(&phase);

        out.title("Repérage");
        for domain in Domain::ALL {
            if domain.is_sensitive() {
                let text = match self.masked_cells {
                    0 => "aucun critère renseigné".to_string(),
                    n => format!("{n} critère(s) renseigné(s) (masqués)"),
                };
                out.wrap(&format!("{} : {text}", domain.label()), 2);
                continue;
            }
            let cells: Vec<_> = self.grid.iter().filter(|g| g.0 == *domain).collect();
            if cells.is_empty() {
                out.line(&format!("  {} : aucun critère renseigné", domain.label()));
                continue;
            }
            out.line(&format!("  {} :", domain.label()));
            for (_, label, level, comment, source) in cells {
                out.line(&format!("    {} {}", pad(label, 26), level_label(*level)));
                let mut extra = Vec::new();
                if let Some(comment) = comment {
                    extra.push(comment.clone());
                }
                if let Some(source) = source {
                    extra.push(format!("(source : {source})"));
                }
                if !extra.is_empty() {
                    out.wrap(&extra.join(" "), 6);
                }
            }
        }
        if self.life_notes > 0 {
            out.line(&format!(
                "  Notes sur les conditions de vie : {} (masquées)",
                self.life_notes
            ));
        }
        out.line(&format!(
            "  Verdict : {}",
            s.verdict.map_or("non encore rendu", |v| v.label())
        ));
        if !self.difficulties.is_empty() {
            let labels: Vec<&str> = self.difficulties.iter().map(|(_, l)| l.as_str()).collect();
            out.wrap(&format!("Types de difficulté : {}", labels.join(", ")), 2);
        }

        out.title("Pré-conseil");
        let proposal = s.proposal.map_or("aucune", |p| p.label());
        let date = s
            .pre_conseil_date
            .map_or(String::new(), |d| format!(" (le {})", fr(d)));
        out.line(&format!("  Proposition de parcours : {proposal}{date}"));
        if let Some(r) = &self.referent {
            out.wrap(
                &format!("Référent : {} ({})", r.display_name(), r.role.label()),
                2,
            );
        }
        if !self.modules.is_empty() {
            out.line("  Modules :");
            for (e, m) in &self.modules {
                let name = m.as_ref().map_or_else(
                    || format!("module n° {}", e.module_id),
                    |m| format!("{} ({})", m.name, m.module_type.label()),
                );
                let dates = match e.end_date {
                    Some(end) => format!("du {} au {} (arrêté)", fr(e.start_date), fr(end)),
                    None => format!("depuis le {}", fr(e.start_date)),
                };
                out.hanging(&format!("- {name}, {dates}"), 4, 6);
            }
        }
        if let Some(commitments) = &s.commitments {
            out.line("  Engagements :");
            out.wrap(commitments, 4);
        }
        if let Some(date) = s.first_checkin_date {
            out.line(&format!("  Premier point d'étape prévu le {}", fr(date)));
        }

        out.title("Suivi");
        if self.checkins.is_empty() {
            out.line("  Aucun point d'étape enregistré.");
        }
        for c in &self.checkins {
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
        }
        if s.exit_date.is_some() {
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

        out.title("Historique récent");
        for (at, user, label, changes) in self.journal_batches() {
            out.wrap(&format!("{at} par {user} – {label}"), 2);
            out.wrap(&changes, 4);
        }
        out.text
    }
}

/// One line summary of a batch's changes to a student.
fn describe(entries: &[&JournalEntry]) -> String {
    let mut created: Vec<(String, usize)> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for e in entries {
        let noun = Table::from_name(&e.entity).map_or(e.entity.as_str(), |t| t.noun());
        match e.op.as_str() {
            "insert" | "delete" => {
                let verb = if e.op == "insert" {
                    "ajout"
                } else {
                    "suppression"
                };
                let key = format!("{verb} : {noun}");
                match created.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => created.push((key, 1)),
                }
            }
            _ if e.sensitive => parts.push(format!("{noun} modifié (masqué)")),
            _ => {
                let field = e.field.as_deref().unwrap_or("?");
                parts.push(format!(
                    "{} : {} → {}",
                    crate::labels::field_label(field),
                    crate::labels::journal_value(field, e.old_value.as_deref()),
                    crate::labels::journal_value(field, e.new_value.as_deref())
                ));
            }
        }
    }
    let mut all: Vec<String> = created
        .into_iter()
        .map(|(k, n)| if n > 1 { format!("{k} ×{n}") } else { k })
        .collect();
    all.extend(parts);
    all.join(" ; ")
}

fn fr(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
