//! The schedule of the groups a student is placed in, from the planner's sessions.

use std::collections::HashMap;

use chrono::{Datelike, NaiveTime, TimeDelta, Weekday};

use crate::model::planner::{GroupSession, ModuleGroup, SessionStatus};
use crate::model::sessions::{long_date, time_label, weekday_label};
use crate::store::{Result, Store};

/// (module, group label, schedule) of each group the student was placed in, by arrival.
pub(crate) fn of_student(store: &Store, student_id: i64) -> Result<Vec<(i64, String, String)>> {
    let mut out: Vec<(i64, i64, String, String)> = Vec::new();
    for member in store.memberships(student_id)? {
        if out.iter().any(|(group, ..)| *group == member.group_id) {
            continue;
        }
        let group = store.module_group(member.group_id)?;
        let sessions = store.group_sessions(group.id)?;
        out.push((
            group.id,
            group.module_id,
            group.label.clone(),
            describe(&group, &sessions),
        ));
    }
    Ok(out.into_iter().map(|(_, m, l, s)| (m, l, s)).collect())
}

/// « période 2 · le mardi de 14 h à 16 h · 7 séances du 3 novembre au 15 décembre 2026 · salle B12 ».
pub(crate) fn describe(group: &ModuleGroup, sessions: &[GroupSession]) -> String {
    let planned: Vec<&GroupSession> = sessions
        .iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
        .collect();
    let mut parts = Vec::new();
    parts.push(match group.period {
        Some(p) => format!("période {p}"),
        None => "toute l'année".to_string(),
    });
    // The usual slot: the most frequent (weekday, start, length).
    let mut slots: HashMap<(u32, NaiveTime, u32), usize> = HashMap::new();
    for s in &planned {
        let day = s.date.weekday().num_days_from_monday();
        *slots.entry((day, s.start, s.minutes)).or_default() += 1;
    }
    let usual = slots
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(slot, _)| slot);
    match (usual, planned.first(), planned.last()) {
        (Some((day, start, minutes)), Some(first), Some(last)) => {
            let end = start + TimeDelta::minutes(i64::from(minutes));
            let day = u8::try_from(day)
                .ok()
                .and_then(|d| Weekday::try_from(d).ok())
                .unwrap_or(Weekday::Mon);
            parts.push(format!(
                "le {} de {} à {}",
                weekday_label(day),
                time_label(start),
                time_label(end)
            ));
            parts.push(match planned.len() {
                1 => format!("1 séance le {}", long_date(first.date)),
                n => format!(
                    "{n} séances du {} au {}",
                    long_date(first.date),
                    long_date(last.date)
                ),
            });
        }
        _ => parts.push("horaires à fixer".to_string()),
    }
    if let Some(place) = &group.place {
        parts.push(place.clone());
    }
    parts.join(" · ")
}
