//! The planner's flags in words: a member's (roster), a group's (the line under
//! the groups list). Read from the flags computed at load, never recomputed.

use crate::app::App;
use crate::app::planner::group_name;
use crate::model::planner::GroupMember;

/// « ! hors plan · chevauche tutorat Groupe B », or None when nothing is flagged.
pub fn member_flags(app: &App, member: &GroupMember) -> Option<String> {
    let data = &app.planner.data;
    let mut words = Vec::new();
    if data.flags.off_plan.contains(&member.id) {
        words.push("hors plan".to_string());
    }
    if let Some(others) = data.flags.clashes.get(&member.id) {
        words.push(format!("chevauche {}", group_names(app, others, 2)));
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

/// How many other groups the group's leader leads at the same time (0 when free).
pub fn leader_taken_count(app: &App, group: i64) -> usize {
    app.planner
        .data
        .flags
        .leader_taken
        .get(&group)
        .map_or(0, Vec::len)
}

/// « ! animateur déjà pris : tutorat Groupe B, mopi Groupe A et 3 autres », or None.
pub fn leader_taken_names(app: &App, group: i64) -> Option<String> {
    let others = app.planner.data.flags.leader_taken.get(&group)?;
    Some(format!(
        "! animateur déjà pris à la même heure : {}",
        group_names(app, others, 2)
    ))
}

/// « tutorat Groupe B, mopi Groupe A et 3 autres »: the first `named` groups.
fn group_names(app: &App, ids: &[i64], named: usize) -> String {
    let data = &app.planner.data;
    let names: Vec<String> = ids
        .iter()
        .take(named)
        .map(|g| group_name(data, *g))
        .collect();
    match ids.len().saturating_sub(named) {
        0 => names.join(", "),
        1 => format!("{} et 1 autre", names.join(", ")),
        more => format!("{} et {more} autres", names.join(", ")),
    }
}
