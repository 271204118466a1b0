//! The planner's flags in words: a member's (roster), a group's (the line under
//! the groups list). Read from the flags computed at load, never recomputed.

use crate::app::App;
use crate::app::planner::group_name;
use crate::model::planner::GroupMember;
use crate::store::GroupRow;

/// « ! hors plan · chevauche tutorat Groupe B », or None when nothing is flagged.
pub fn member_flags(app: &App, member: &GroupMember) -> Option<String> {
    let data = &app.planner.data;
    let mut words = Vec::new();
    if data.flags.off_plan.contains(&member.id) {
        words.push("hors plan".to_string());
    }
    if let Some(others) = data.flags.clashes.get(&member.id) {
        words.push(format!("chevauche {}", group_names(app, others)));
    }
    (!words.is_empty()).then(|| format!("! {}", words.join(" · ")))
}

/// Students of the group whose sessions overlap another of their groups.
pub fn clashing_members(app: &App, group: i64) -> usize {
    app.planner
        .data
        .flags
        .clashing_members
        .get(&group)
        .copied()
        .unwrap_or(0)
}

/// Whether the group's leader leads another group at the same time.
pub fn leader_taken(app: &App, group: i64) -> bool {
    app.planner.data.flags.leader_taken.contains_key(&group)
}

/// Everything flagged on a group, in words (the line under the groups list).
pub fn group_alerts(app: &App, row: &GroupRow) -> Vec<String> {
    let data = &app.planner.data;
    let group = &row.group;
    let mut alerts = Vec::new();
    if group.leader_id.is_none() {
        alerts.push("sans animateur".to_string());
    }
    if let Some(others) = data.flags.leader_taken.get(&group.id) {
        alerts.push(format!(
            "animateur déjà pris ({})",
            group_names(app, others)
        ));
    }
    if group.is_over_capacity(row.members) {
        let places = group.capacity.unwrap_or(0);
        alerts.push(format!(
            "{} élèves pour {places} place{}",
            row.members,
            if places > 1 { "s" } else { "" }
        ));
    }
    match clashing_members(app, group.id) {
        0 => {}
        1 => alerts.push("1 élève chevauche un autre de ses groupes".into()),
        n => alerts.push(format!("{n} élèves chevauchent un autre de leurs groupes")),
    }
    if row.sessions == 0 {
        alerts.push("aucune séance".into());
    }
    alerts
}

/// « tutorat Groupe B, mopi Groupe A et 3 autres »: the first two groups named.
fn group_names(app: &App, ids: &[i64]) -> String {
    const NAMED: usize = 2;
    let data = &app.planner.data;
    let names: Vec<String> = ids
        .iter()
        .take(NAMED)
        .map(|g| group_name(data, *g))
        .collect();
    match ids.len().saturating_sub(NAMED) {
        0 => names.join(", "),
        1 => format!("{} et 1 autre", names.join(", ")),
        more => format!("{} et {more} autres", names.join(", ")),
    }
}
