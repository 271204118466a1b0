//! The modules × periods grid: for each module and period of the school
//! calendar, its groups, places filled / capacity and hours planned / delivered.
//!
//! A cell is **over capacity** when one of its groups has more members than
//! places; it is **over budget** when the module's planned hours, added up
//! period by period (columns in order), have passed its grant there or before.

use std::collections::HashMap;

use super::{GroupSession, Hours, ModuleGroup};

/// One column of the grid: a period (1 to 5), or None for groups without one.
pub type Column = Option<u8>;

/// The groups of one module in one column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    /// Group ids, in the order given.
    pub groups: Vec<i64>,
    /// Current members of those groups.
    pub placed: usize,
    /// Sum of their capacities; None when a group has no limit.
    pub capacity: Option<usize>,
    pub hours: Hours,
    /// A group has more members than places.
    pub over_capacity: bool,
    /// The module's hours planned so far (this column included) pass its grant.
    pub over_budget: bool,
}

impl GridCell {
    /// Whether no group of the module runs in the column.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// A group with its current number of members.
#[derive(Debug, Clone, Copy)]
pub struct CountedGroup<'a> {
    pub group: &'a ModuleGroup,
    pub members: usize,
}

/// The columns: the calendar's periods, any other period a group has, then
/// « sans période » only if a group has none.
pub fn grid_columns(periods: &[u8], groups: &[CountedGroup]) -> Vec<Column> {
    let mut numbers: Vec<u8> = periods.to_vec();
    numbers.extend(groups.iter().filter_map(|g| g.group.period));
    numbers.sort_unstable();
    numbers.dedup();
    let mut columns: Vec<Column> = numbers.into_iter().map(Some).collect();
    if groups.iter().any(|g| g.group.period.is_none()) {
        columns.push(None);
    }
    columns
}

/// The cells of each module (rows, as given with their grant) in each column.
pub fn grid_cells(
    modules: &[(i64, Option<f64>)],
    columns: &[Column],
    groups: &[CountedGroup],
    sessions: &[GroupSession],
) -> Vec<Vec<GridCell>> {
    let row_of: HashMap<i64, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let column_of: HashMap<Column, usize> =
        columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut sessions_of: HashMap<i64, Vec<&GroupSession>> = HashMap::new();
    for s in sessions {
        sessions_of.entry(s.group_id).or_default().push(s);
    }
    let mut cells = vec![vec![GridCell::default(); columns.len()]; modules.len()];
    for g in groups {
        let (Some(row), Some(col)) = (
            row_of.get(&g.group.module_id),
            column_of.get(&g.group.period),
        ) else {
            continue;
        };
        let cell = &mut cells[*row][*col];
        let capacity = g.group.capacity.map(|c| c as usize);
        cell.capacity = if cell.is_empty() {
            capacity
        } else {
            cell.capacity.zip(capacity).map(|(a, b)| a + b)
        };
        cell.groups.push(g.group.id);
        cell.placed += g.members;
        cell.over_capacity |= g.group.is_over_capacity(g.members);
        let hours = Hours::of(sessions_of.get(&g.group.id).into_iter().flatten().copied());
        cell.hours.planned += hours.planned;
        cell.hours.delivered += hours.delivered;
    }
    for (row, (_, granted)) in cells.iter_mut().zip(modules) {
        let Some(granted) = granted else { continue };
        let mut planned = 0.0;
        for cell in row.iter_mut() {
            planned += cell.hours.planned;
            cell.over_budget = cell.hours.planned > 0.0 && planned > granted + 1e-9;
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, t};
    use super::*;
    use crate::model::planner::SessionStatus;

    fn group(id: i64, module_id: i64, period: Option<u8>, capacity: Option<u32>) -> ModuleGroup {
        ModuleGroup {
            period,
            ..super::super::tests::group(id, module_id, capacity)
        }
    }

    fn session(id: i64, group_id: i64, minutes: u32, status: SessionStatus) -> GroupSession {
        GroupSession {
            status,
            ..super::super::tests::session(id, group_id, d(11, 3), t(14, 0), minutes)
        }
    }

    #[test]
    fn columns_are_the_periods_then_sans_periode_only_when_used() {
        let a = group(1, 1, Some(2), None);
        let b = group(2, 1, None, None);
        let counted = |g| CountedGroup {
            group: g,
            members: 0,
        };
        let periods = [1, 2, 3, 4, 5];
        assert_eq!(
            grid_columns(&periods, &[counted(&a)]),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
        assert_eq!(
            grid_columns(&periods, &[counted(&a), counted(&b)]),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5), None]
        );
        // No calendar: only the periods groups have.
        assert_eq!(
            grid_columns(&[], &[counted(&a), counted(&b)]),
            vec![Some(2), None]
        );
    }

    #[test]
    fn a_cell_adds_up_its_groups_places_and_hours() {
        use SessionStatus::*;
        // Module 1 (14 h granted): groups 1 and 2 in P2 (12 + 10 places, 13 + 4
        // members), group 3 in P3 (no limit, 5 members). Module 2: nothing.
        let groups = [
            group(1, 1, Some(2), Some(12)),
            group(2, 1, Some(2), Some(10)),
            group(3, 1, Some(3), None),
        ];
        let counted = [
            CountedGroup {
                group: &groups[0],
                members: 13,
            },
            CountedGroup {
                group: &groups[1],
                members: 4,
            },
            CountedGroup {
                group: &groups[2],
                members: 5,
            },
        ];
        // P2: 2 h held + 2 h planned + 2 h cancelled (group 1), 6 h planned (group 2)
        // = 10 h planned, 2 h delivered. P3: 6 h planned: 16 h > 14 h from P3 on.
        let sessions = [
            session(1, 1, 120, Held),
            session(2, 1, 120, Planned),
            session(3, 1, 120, Cancelled),
            session(4, 2, 360, Planned),
            session(5, 3, 360, Planned),
        ];
        let columns = [Some(1), Some(2), Some(3)];
        let cells = grid_cells(&[(1, Some(14.0)), (2, None)], &columns, &counted, &sessions);
        let p2 = &cells[0][1];
        assert_eq!(p2.groups, vec![1, 2]);
        assert_eq!((p2.placed, p2.capacity), (17, Some(22)));
        assert_eq!((p2.hours.planned, p2.hours.delivered), (10.0, 2.0));
        assert!(p2.over_capacity, "group 1 has 13 for 12 places");
        assert!(!p2.over_budget, "10 h of 14 h");
        let p3 = &cells[0][2];
        assert_eq!((p3.placed, p3.capacity), (5, None));
        assert!(!p3.over_capacity);
        assert!(p3.over_budget, "10 + 6 = 16 h of 14 h");
        assert!(cells[0][0].is_empty() && !cells[0][0].over_budget);
        assert!(cells[1].iter().all(GridCell::is_empty));
    }
}
