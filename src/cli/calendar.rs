//! `passerelle calendar [--year AAAA-AAAA] [--staff NOM] -o FICHIER.ics [--force]`:
//! the sessions of the module groups as an iCalendar file, for the leaders' agendas.
//!
//! An event says what a leader needs (module, group, place, how many students),
//! never a student's name. Cancelled sessions are left out.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use crate::io::ics::{IcsEvent, session_uid, write_calendar};
use crate::io::output::Overwrite;
use crate::model::Staff;
use crate::model::planner::SessionStatus;
use crate::store::{Store, fold};

/// The team member named by `query` (words of the first and last names, in any
/// order, accents and case ignored), or why none can be chosen.
pub fn find_staff<'a>(team: &'a [Staff], query: &str) -> Result<&'a Staff, String> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let found: Vec<&Staff> = team
        .iter()
        .filter(|s| {
            let name = fold(&format!("{} {}", s.first_name, s.last_name));
            let name: Vec<&str> = name.split_whitespace().collect();
            !words.is_empty() && words.iter().all(|w| name.contains(&w.as_str()))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "--staff : personne ne s'appelle « {} » dans l'équipe (voir passerelle team).",
            query.trim()
        )),
        several => Err(format!(
            "--staff : « {} » désigne {} personnes ({}) : précisez le prénom et le nom.",
            query.trim(),
            several.len(),
            several
                .iter()
                .map(|s| s.display_name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The events of `year`'s sessions, only those of groups led by `leader` if given.
pub fn events(store: &Store, year: &str, leader: Option<i64>) -> anyhow::Result<Vec<IcsEvent>> {
    let today = chrono::Local::now().date_naive();
    let groups = store.groups_of_year(year, today)?;
    let modules: HashMap<i64, String> = store
        .modules()?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let team: HashMap<i64, String> = store
        .staff()?
        .into_iter()
        .map(|s| (s.id, s.display_name()))
        .collect();
    let uai = store
        .establishments()?
        .first()
        .map_or_else(String::new, |e| e.uai.clone());
    let by_id: HashMap<i64, _> = groups.iter().map(|g| (g.group.id, g)).collect();
    let mut events = Vec::new();
    for session in store.sessions_of_year(year)? {
        let Some(row) = by_id.get(&session.group_id) else {
            continue;
        };
        let group = &row.group;
        if session.status == SessionStatus::Cancelled
            || leader.is_some_and(|id| group.leader_id != Some(id))
        {
            continue;
        }
        let module = modules.get(&group.module_id).cloned().unwrap_or_default();
        let led_by = group
            .leader_id
            .and_then(|id| team.get(&id).cloned())
            .unwrap_or_else(|| "animateur à désigner".into());
        events.push(IcsEvent {
            uid: session_uid(&uai, session.id),
            start: session.date.and_time(session.start),
            minutes: i64::from(session.minutes),
            summary: format!("{module} — {}", group.label),
            location: session
                .place
                .clone()
                .or_else(|| group.place.clone())
                .unwrap_or_default(),
            description: format!(
                "Module {module}, {} ; {} élève(s) ; animé par {led_by}. Passerelle.",
                group.label, row.members
            ),
        });
    }
    events.sort_by(|a, b| a.start.cmp(&b.start).then(a.uid.cmp(&b.uid)));
    Ok(events)
}

/// Writes the agenda file.
pub fn run(
    store: &Store,
    year: Option<&str>,
    staff: Option<&str>,
    dest: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let refused = || Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    let today = chrono::Local::now().date_naive();
    let year = match super::school_year_arg(year, today) {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let team = store.staff()?;
    let leader = match staff.map(|q| find_staff(&team, q)).transpose() {
        Ok(leader) => leader,
        Err(message) => {
            eprintln!("{message}");
            return refused();
        }
    };
    let events = events(store, &year, leader.map(|s| s.id))?;
    let name = match leader {
        Some(s) => format!("Passerelle {year} — {}", s.display_name()),
        None => format!("Passerelle {year} — modules"),
    };
    write_calendar(
        dest,
        &name,
        &events,
        chrono::Utc::now(),
        Overwrite::from_force(force),
    )?;
    let whose = leader.map_or_else(String::new, |s| format!(" de {}", s.display_name()));
    println!(
        "Agenda écrit dans {} : {} séance(s){whose} en {year}.",
        dest.display(),
        events.len()
    );
    if events.is_empty() {
        eprintln!("Aucune séance à exporter : planifiez d'abord les groupes des modules.");
    }
    Ok(ExitCode::SUCCESS)
}
