//! « Groupes et présences »: one row per student mark on a session's roll, so
//! that a teacher filters by student, module, group or date and counts absences.

use std::collections::HashMap;

use super::sheets::{Scope, label};
use super::table::{Cell, Table};
use crate::model::planner::{ModuleGroup, StudentMark};
use crate::store::Result;

/// A group and the duration in hours of each of its sessions.
struct GroupInfo {
    group: ModuleGroup,
    hours: HashMap<i64, f64>,
}

/// The sheet, rows by date, time, module and group, then student name.
pub fn attendance(scope: &Scope) -> Result<Table> {
    let mut table = Scope::header(
        "Groupes et présences",
        &[
            "Date",
            "Heure",
            "Durée (h)",
            "Module",
            "Groupe",
            "Animateur",
            "Présence",
            "A assisté",
        ],
    );
    let mut marks: Vec<(i64, StudentMark)> = Vec::new();
    for row in &scope.rows {
        let id = row.student.id;
        marks.extend(scope.store.student_marks(id)?.into_iter().map(|m| (id, m)));
    }
    let mut groups: HashMap<i64, GroupInfo> = HashMap::new();
    for (_, mark) in &marks {
        if let std::collections::hash_map::Entry::Vacant(entry) = groups.entry(mark.group_id) {
            entry.insert(GroupInfo {
                group: scope.store.module_group(mark.group_id)?,
                hours: (scope.store.group_sessions(mark.group_id)?.iter())
                    .map(|s| (s.id, s.hours()))
                    .collect(),
            });
        }
    }
    marks.sort_by_cached_key(|(student, m)| {
        let group = groups.get(&m.group_id).map(|g| g.group.label.clone());
        let module = scope.module_name(m.module_id);
        (m.date, m.start, module, group, scope.rank_of(*student))
    });
    for (student, mark) in marks {
        let Some(row) = scope.row_of(student) else {
            continue;
        };
        let info = groups.get(&mark.group_id);
        let mut cells = scope.who(row);
        cells.extend([
            Cell::Date(mark.date),
            Cell::Time(mark.start),
            Cell::number(info.and_then(|g| g.hours.get(&mark.session_id).copied())),
            Cell::text(scope.module_name(mark.module_id)),
            Cell::text(info.map_or(String::new(), |g| g.group.label.clone())),
            scope.staff_name(info.and_then(|g| g.group.leader_id)),
            label(Some(mark.mark)),
            Cell::yes_no(mark.mark.attended()),
        ]);
        table.rows.push(cells);
    }
    Ok(table)
}
