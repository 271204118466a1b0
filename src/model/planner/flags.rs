//! The planner's flags, computed once per load: a student in two groups whose
//! sessions overlap, a student placed without the module in their plan, a
//! leader leading two groups whose sessions overlap.
//!
//! Rules:
//! - a session counts when it is not cancelled;
//! - a student's session counts when the membership covers its day
//!   ([`GroupMember::covers`]), and only memberships current on the day of the
//!   load are looked at (a student who left a group no longer clashes with it);
//! - two sessions clash when they share some time on the same day
//!   ([`crate::model::sessions::overlaps`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};

use super::{GroupMember, GroupSession, ModuleGroup, SessionStatus};
use crate::model::sessions::Slot;

/// What is flagged in a school year's planning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlannerFlags {
    /// Per membership row: the other groups whose sessions overlap this
    /// group's sessions for the student (ids, ascending).
    pub clashes: HashMap<i64, Vec<i64>>,
    /// Per group: how many of its current members are in `clashes`.
    pub clashing_members: HashMap<i64, usize>,
    /// Membership rows of students whose plan does not hold the group's module.
    pub off_plan: HashSet<i64>,
    /// Per group: the other groups of the same leader whose sessions overlap
    /// this group's (ids, ascending).
    pub leader_taken: HashMap<i64, Vec<i64>>,
}

/// Computes the flags. `plans` holds the (student, module) pairs of the running
/// enrolments (what « the plan holds a module » means for « à placer »); `day`
/// says which memberships are current.
pub fn planner_flags(
    groups: &[&ModuleGroup],
    sessions: &[GroupSession],
    members: &[GroupMember],
    plans: &[(i64, i64)],
    day: NaiveDate,
) -> PlannerFlags {
    let mut by_group: HashMap<i64, Vec<&GroupSession>> = HashMap::new();
    for s in sessions
        .iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
    {
        by_group.entry(s.group_id).or_default().push(s);
    }
    let module_of: HashMap<i64, i64> = groups.iter().map(|g| (g.id, g.module_id)).collect();
    let plans: HashSet<(i64, i64)> = plans.iter().copied().collect();
    let mut flags = PlannerFlags::default();

    // Memberships current on `day`, per student (BTreeMap: a stable order).
    let mut by_student: BTreeMap<i64, Vec<&GroupMember>> = BTreeMap::new();
    for m in members.iter().filter(|m| m.is_current(day)) {
        by_student.entry(m.student_id).or_default().push(m);
        if let Some(module) = module_of.get(&m.group_id)
            && !plans.contains(&(m.student_id, *module))
        {
            flags.off_plan.insert(m.id);
        }
    }
    for memberships in by_student.values().filter(|ms| ms.len() > 1) {
        let slots: Vec<(i64, Slot)> = memberships
            .iter()
            .flat_map(|m| {
                by_group
                    .get(&m.group_id)
                    .into_iter()
                    .flatten()
                    .filter(|s| m.covers(s.date))
                    .map(|s| (m.group_id, s.slot()))
            })
            .collect();
        for (a, b) in group_pairs(&slots) {
            for m in memberships {
                let other = if m.group_id == a {
                    b
                } else if m.group_id == b {
                    a
                } else {
                    continue;
                };
                push_sorted(flags.clashes.entry(m.id).or_default(), other);
            }
        }
    }
    let group_of: HashMap<i64, i64> = members.iter().map(|m| (m.id, m.group_id)).collect();
    for member in flags.clashes.keys() {
        if let Some(group) = group_of.get(member) {
            *flags.clashing_members.entry(*group).or_default() += 1;
        }
    }

    let mut by_leader: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for g in groups {
        if let Some(leader) = g.leader_id {
            by_leader.entry(leader).or_default().push(g.id);
        }
    }
    for led in by_leader.values().filter(|led| led.len() > 1) {
        let slots: Vec<(i64, Slot)> = led
            .iter()
            .flat_map(|g| {
                by_group
                    .get(g)
                    .into_iter()
                    .flatten()
                    .map(|s| (*g, s.slot()))
            })
            .collect();
        // Pairs sorted by (a, b): each group's list is filled in ascending order.
        for (a, b) in group_pairs(&slots) {
            flags.leader_taken.entry(a).or_default().push(b);
            flags.leader_taken.entry(b).or_default().push(a);
        }
    }
    flags
}

/// The distinct pairs of groups (smaller id first, sorted) with two sessions
/// sharing some time. A sweep over minutes since the epoch rather than
/// [`crate::model::sessions::clashes`]: a leader of hundreds of groups has
/// hundreds of thousands of clashing session pairs at académie scale.
fn group_pairs(slots: &[(i64, Slot)]) -> Vec<(i64, i64)> {
    let mut spans: Vec<(i64, i64, i64)> = slots
        .iter()
        .map(|(group, (date, start, minutes))| {
            let from =
                (date.and_time(*start) - NaiveDate::MIN.and_time(NaiveTime::MIN)).num_minutes();
            (from, from + (*minutes).max(0), *group)
        })
        .collect();
    spans.sort_unstable();
    let mut open: Vec<(i64, i64)> = Vec::new();
    let mut pairs: HashSet<(i64, i64)> = HashSet::new();
    for (from, to, group) in spans {
        // One ending when the other starts does not overlap.
        open.retain(|(end, _)| *end > from);
        for (_, other) in &open {
            if *other != group {
                pairs.insert((group.min(*other), group.max(*other)));
            }
        }
        if to > from {
            open.push((to, group));
        }
    }
    let mut pairs: Vec<(i64, i64)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    pairs
}

fn push_sorted(ids: &mut Vec<i64>, id: i64) {
    if let Err(at) = ids.binary_search(&id) {
        ids.insert(at, id);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, t};
    use super::*;
    use crate::model::records::RowMeta;

    fn session(id: i64, group_id: i64, date: NaiveDate, hour: u32, minutes: u32) -> GroupSession {
        super::super::tests::session(id, group_id, date, t(hour, 0), minutes)
    }

    fn group(id: i64, module_id: i64, leader_id: Option<i64>) -> ModuleGroup {
        ModuleGroup {
            leader_id,
            ..super::super::tests::group(id, module_id, None)
        }
    }

    fn member(id: i64, group_id: i64, student_id: i64) -> GroupMember {
        GroupMember {
            id,
            group_id,
            student_id,
            from_date: d(11, 2),
            to_date: None,
            meta: RowMeta::default(),
        }
    }

    /// Groups 1 (module 10) and 2 (module 20) both meet on Tuesday 3 November:
    /// 14 h–16 h and 15 h–16 h. Group 3 (module 30) meets at 16 h, when 1 ends.
    fn week() -> (Vec<ModuleGroup>, Vec<GroupSession>) {
        let groups = vec![
            group(1, 10, Some(7)),
            group(2, 20, Some(7)),
            group(3, 30, Some(7)),
        ];
        let sessions = vec![
            session(11, 1, d(11, 3), 14, 120),
            session(12, 1, d(11, 10), 14, 120),
            session(21, 2, d(11, 3), 15, 60),
            session(31, 3, d(11, 3), 16, 60),
        ];
        (groups, sessions)
    }

    fn flags_of(
        groups: &[ModuleGroup],
        sessions: &[GroupSession],
        members: &[GroupMember],
        plans: &[(i64, i64)],
    ) -> PlannerFlags {
        let refs: Vec<&ModuleGroup> = groups.iter().collect();
        planner_flags(&refs, sessions, members, plans, d(11, 20))
    }

    #[test]
    fn a_student_in_two_overlapping_groups_is_flagged_on_both_rosters() {
        let (groups, sessions) = week();
        // Student 100 in groups 1 and 2 (clash on 3/11 15 h–16 h) and 3 (touches 1 at 16 h).
        // Student 101 in groups 2 and 3 only: 15 h–16 h then 16 h–17 h, no clash.
        let members = [
            member(1, 1, 100),
            member(2, 2, 100),
            member(3, 3, 100),
            member(4, 2, 101),
            member(5, 3, 101),
        ];
        let plans = [(100, 10), (100, 20), (100, 30), (101, 20), (101, 30)];
        let flags = flags_of(&groups, &sessions, &members, &plans);
        assert_eq!(flags.clashes.get(&1), Some(&vec![2]));
        assert_eq!(flags.clashes.get(&2), Some(&vec![1]));
        assert_eq!(flags.clashes.get(&3), None);
        assert_eq!(flags.clashes.get(&4), None);
        assert_eq!(flags.clashing_members.get(&1), Some(&1));
        assert_eq!(flags.clashing_members.get(&2), Some(&1));
        assert_eq!(flags.clashing_members.get(&3), None);
        assert!(flags.off_plan.is_empty());
    }

    #[test]
    fn a_cancelled_session_or_one_before_the_student_came_does_not_clash() {
        let (groups, mut sessions) = week();
        let mut late = member(2, 2, 100);
        // In group 2 from 4 November: its session of the 3rd is not the student's.
        late.from_date = d(11, 4);
        let members = [member(1, 1, 100), late];
        let plans = [(100, 10), (100, 20)];
        assert!(
            flags_of(&groups, &sessions, &members, &plans)
                .clashes
                .is_empty()
        );
        // Back in group 2 from the start, but the session of group 2 is cancelled.
        let members = [member(1, 1, 100), member(2, 2, 100)];
        sessions[2].status = SessionStatus::Cancelled;
        assert!(
            flags_of(&groups, &sessions, &members, &plans)
                .clashes
                .is_empty()
        );
    }

    #[test]
    fn a_student_who_left_one_group_no_longer_clashes() {
        let (groups, sessions) = week();
        let mut left = member(2, 2, 100);
        left.to_date = Some(d(11, 5));
        let members = [member(1, 1, 100), left];
        let flags = flags_of(&groups, &sessions, &members, &[(100, 10), (100, 20)]);
        assert!(flags.clashes.is_empty());
    }

    #[test]
    fn a_member_whose_plan_lacks_the_module_is_off_plan() {
        let (groups, sessions) = week();
        // 100 has module 10 in the plan; 101 has module 20 only, yet sits in group 1
        // (module 10); 102 left group 3 (not current: not flagged).
        let mut gone = member(3, 3, 102);
        gone.to_date = Some(d(11, 10));
        let members = [member(1, 1, 100), member(2, 1, 101), gone];
        let flags = flags_of(&groups, &sessions, &members, &[(100, 10), (101, 20)]);
        assert_eq!(flags.off_plan, HashSet::from([2]));
    }

    #[test]
    fn a_leader_of_two_overlapping_groups_is_flagged_on_both() {
        let (mut groups, sessions) = week();
        // Leader 7 leads groups 1, 2, 3: 1 and 2 overlap, 3 only touches 1.
        let flags = flags_of(&groups, &sessions, &[], &[]);
        assert_eq!(flags.leader_taken.get(&1), Some(&vec![2]));
        assert_eq!(flags.leader_taken.get(&2), Some(&vec![1]));
        assert_eq!(flags.leader_taken.get(&3), None);
        // Another leader for group 2, none for group 3: no flag left.
        groups[1].leader_id = Some(8);
        groups[2].leader_id = None;
        assert!(
            flags_of(&groups, &sessions, &[], &[])
                .leader_taken
                .is_empty()
        );
    }
}
