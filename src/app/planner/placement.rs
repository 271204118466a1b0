//! Placement: the « à placer » students of a module into its groups of the
//! current period by capacity; a member taken out of a group.

use super::{GroupItem, Level, student_name};
use crate::app::{Action, App, Choice, Overlay, Picker, PickerPurpose};
use crate::model::planner::SessionStatus;
use crate::store::GroupRow;

/// The period whose groups take new students: the first one with a session
/// still to come, else the last one (groups without a period count as one).
pub fn current_period(app: &App, groups: &[&GroupRow]) -> Option<Option<u8>> {
    let coming = groups
        .iter()
        .filter(|g| {
            app.planner
                .data
                .sessions_of(g.group.id)
                .iter()
                .any(|s| s.status != SessionStatus::Cancelled && s.date >= app.today)
        })
        .map(|g| g.group.period)
        .min();
    coming.or_else(|| groups.iter().map(|g| g.group.period).max())
}

impl App {
    /// `P` on a module: places its « à placer » students by capacity, one write.
    pub(super) fn place_module(&mut self, module: i64) {
        let students = self.planner.to_place_of(module);
        if students.is_empty() {
            return self.info("Aucun élève à placer dans ce module.");
        }
        let groups: Vec<&GroupRow> = self
            .planner
            .data
            .groups
            .iter()
            .filter(|g| g.group.module_id == module)
            .collect();
        let Some(period) = current_period(self, &groups) else {
            return self.error(format!(
                "Aucun groupe pour placer {} élève(s) : Entrée, puis + pour en créer un.",
                students.len()
            ));
        };
        let period_name = period.map_or("sans période".to_string(), |p| format!("P{p}"));
        let year = self.planner.data.year.clone();
        let today = self.today;
        let label = format!("placement de {} élève(s), {period_name}", students.len());
        let placed = self.write_whole(&label, |w| {
            w.place_students(module, &year, period, &students, today)
        });
        if let Some(placement) = placed {
            let (done, left) = (placement.placed.len(), placement.left.len());
            let text = format!(
                "{done} élève(s) placé(s) dans les groupes {period_name}{}.",
                if left > 0 {
                    format!(" ; {left} sans place (groupes pleins)")
                } else {
                    String::new()
                }
            );
            if left > 0 && done == 0 {
                self.error(text);
            } else {
                self.info(text);
            }
        }
    }

    /// `x` on a member of the roster: the membership ends today (kept as history).
    pub(super) fn remove_from_group(&mut self) {
        let items = self.planner.group_items(self);
        let Some(GroupItem::Member(member)) = items.get(self.planner.cursor()) else {
            return self.error("x sur un élève du groupe (en haut de la liste) : le retirer.");
        };
        let name = student_name(self, member.student_id);
        let label = format!("{name} retiré du groupe");
        let (id, version, today) = (member.id, member.meta.version, self.today);
        if self
            .write_whole(&label, |w| w.remove_member(id, version, today))
            .is_some()
        {
            self.info(format!(
                "{name} retiré du groupe (u : annuler) ; à placer de nouveau."
            ));
            debug_assert_eq!(self.planner.level, Level::Group);
        }
    }

    /// `m` on a member of the roster: a picker of the module's other groups.
    pub(super) fn open_move_picker(&mut self) {
        let items = self.planner.group_items(self);
        let Some(GroupItem::Member(member)) = items.get(self.planner.cursor()) else {
            return self
                .error("m sur un élève du groupe (en haut de la liste) : le changer de groupe.");
        };
        let choices: Vec<Choice> = self
            .planner
            .groups()
            .into_iter()
            .filter(|g| Some(g.group.id) != self.planner.group)
            .map(|g| Choice {
                id: g.group.id,
                label: g.group.label.clone(),
                hint: format!(
                    "{} · {}{}{}",
                    g.group.period.map_or("—".to_string(), |p| format!("P{p}")),
                    g.members,
                    g.group.capacity.map_or(String::new(), |c| format!("/{c}")),
                    if g.group.capacity.is_some_and(|c| g.members >= c as usize) {
                        " · complet"
                    } else {
                        ""
                    }
                ),
                suggested: false,
            })
            .collect();
        if choices.is_empty() {
            return self.info("Pas d'autre groupe dans ce module : créez-en un d'abord.");
        }
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!(
                "Changer de groupe — {}",
                student_name(self, member.student_id)
            ),
            choices,
            query: String::new(),
            selected: 0,
            purpose: PickerPurpose::MoveMember {
                member: member.id,
                version: member.meta.version,
            },
            seen: Vec::new(),
        }));
    }

    /// The move chosen in the picker: the old membership ends, a new one begins
    /// today, in one write.
    pub(in crate::app) fn move_member_to(&mut self, member: i64, version: i64, to_group: i64) {
        let student = self
            .planner
            .data
            .members
            .iter()
            .find(|m| m.id == member)
            .map_or(0, |m| m.student_id);
        let name = student_name(self, student);
        let group = self
            .planner
            .data
            .groups
            .iter()
            .find(|g| g.group.id == to_group)
            .map_or_else(String::new, |g| g.group.label.clone());
        let label = format!("{name} passe au {group}");
        let today = self.today;
        if self
            .write_whole(&label, |w| w.move_member(member, version, to_group, today))
            .is_some()
        {
            self.info(format!("{name} passe au {group} (u : annuler)."));
        }
    }

    /// Whether `action` is a placement key of the current level (then done).
    pub(super) fn update_placement(&mut self, action: &Action) -> bool {
        match (self.planner.level, action) {
            (Level::Modules, Action::PlaceStudents) => {
                if let Some(line) = self.planner.data.modules.get(self.planner.cursor()) {
                    let module = line.hours.module_id;
                    self.place_module(module);
                }
            }
            (Level::Group, Action::RemoveMember) => self.remove_from_group(),
            (Level::Group, Action::MoveMember) => self.open_move_picker(),
            _ => return false,
        }
        true
    }
}
