//! Repérage grid: one key per level, moving down the column like a spreadsheet.

use super::{Action, App, PendingEdit, TextPurpose};
use crate::model::{MAX_LEVEL, Value, Verdict};
use crate::store::Table;

impl App {
    pub(super) fn update_grid(&mut self, action: Action) {
        if self.list_move(&action) {
            return;
        }
        if self.writes_masked_cell(&action) {
            self.error(
                "Case masquée (conditions de vie) : affichez la colonne avec m avant de la modifier.",
            );
            return;
        }
        let columns = self.data.criteria.len();
        match action {
            Action::Left => self.grid_column = self.grid_column.saturating_sub(1),
            Action::Right => {
                self.grid_column = (self.grid_column + 1).min(columns.saturating_sub(1))
            }
            Action::NextPane => self.grid_column = self.next_domain_column(true),
            Action::PrevPane => self.grid_column = self.next_domain_column(false),
            Action::Confirm => self.move_cursor(1),
            Action::Char(c @ '0'..='9') => {
                let level = c as u8 - b'0';
                if level > MAX_LEVEL {
                    self.error(format!(
                        "Niveau {level} impossible : de 0 à {MAX_LEVEL}, ou ? pour non évalué."
                    ));
                } else {
                    self.set_level(Some(level));
                }
            }
            Action::Char('?') | Action::Char(' ') => self.set_level(None),
            Action::Char('.') => self.copy_from_above(),
            Action::Char('D') => self.fill_down(),
            Action::Char('c') => {
                if let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) {
                    self.open_text(TextPurpose::GridComment { student, criterion });
                }
            }
            Action::Char('R') => self.set_verdict(Some(Verdict::Repere)),
            Action::Char('N') => self.set_verdict(Some(Verdict::NonRepere)),
            Action::Char('A') => self.set_verdict(Some(Verdict::ARevoir)),
            Action::Char('t') => self.apply_suggested_difficulties(),
            Action::Char('m') => {
                self.reveal_sensitive = !self.reveal_sensitive;
                self.info(if self.reveal_sensitive {
                    "Niveaux des conditions de vie affichés (m pour masquer)."
                } else {
                    "Niveaux des conditions de vie masqués."
                });
                self.log_reveal_grid();
            }
            Action::Char(c) => {
                self.filter_key(c);
            }
            _ => {}
        }
    }

    /// Whether `action` would write a sensitive cell that is still masked: a
    /// hidden value is never changed blind.
    fn writes_masked_cell(&self, action: &Action) -> bool {
        let masked = !self.reveal_sensitive
            && self
                .data
                .criteria
                .get(self.grid_column)
                .is_some_and(|c| c.domain.is_sensitive());
        masked
            && matches!(
                action,
                Action::Char('0'..='9' | '?' | ' ' | '.' | 'D' | 'c')
            )
    }

    /// Criterion id under the cursor.
    pub fn current_criterion(&self) -> Option<i64> {
        self.data.criteria.get(self.grid_column).map(|c| c.id)
    }

    fn next_domain_column(&self, forward: bool) -> usize {
        let criteria = &self.data.criteria;
        let Some(current) = criteria.get(self.grid_column) else {
            return 0;
        };
        let found = if forward {
            criteria
                .iter()
                .enumerate()
                .skip(self.grid_column)
                .find(|(_, c)| c.domain != current.domain)
                .map(|(i, _)| i)
        } else {
            let start = criteria
                .iter()
                .position(|c| c.domain == current.domain)
                .unwrap_or(0);
            if start == self.grid_column && start > 0 {
                let previous = criteria[start - 1].domain;
                criteria.iter().position(|c| c.domain == previous)
            } else {
                Some(start)
            }
        };
        found.unwrap_or(self.grid_column)
    }

    fn level_at(&self, student: i64, column: usize) -> Option<u8> {
        self.data
            .grid
            .get(&student)?
            .get(column)
            .copied()
            .flatten()?
            .level
    }

    /// Sets the level under the cursor and moves down.
    fn set_level(&mut self, level: Option<u8>) {
        let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) else {
            return;
        };
        self.write_level(student, criterion, level);
        self.move_cursor(1);
    }

    fn write_level(&mut self, student: i64, criterion: i64, level: Option<u8>) {
        let crit = self.data.criterion_label(criterion);
        let label = format!("Grille « {crit} » : {}", self.student_label(student));
        let value = level.map_or(Value::Null, |l| Value::Int(i64::from(l)));
        match self.cell(student, criterion) {
            // An existing cell: an optimistic edit, so a conflict offers the choice.
            Some(cell) => self.apply_edit(
                PendingEdit {
                    label,
                    table: Table::GridValue,
                    id: cell.id,
                    changes: vec![("level", value)],
                    student: Some(student),
                    undo: false,
                },
                cell.version,
            ),
            None => {
                self.write_with(&label, Some(student), |w| {
                    w.set_grid_cell(student, criterion, None, &[("level", value)])
                });
            }
        }
    }

    fn copy_from_above(&mut self) {
        let rows = self.rows();
        if self.cursor == 0 {
            self.info("Pas de ligne au-dessus à recopier.");
            return;
        }
        let above = rows[self.cursor - 1];
        let level = self.level_at(above, self.grid_column);
        self.set_level(level);
    }

    /// Copies the current level into the empty cells below it, in one undoable step.
    fn fill_down(&mut self) {
        let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) else {
            return;
        };
        let Some(level) = self.level_at(student, self.grid_column) else {
            self.info("Case vide : rien à recopier vers le bas.");
            return;
        };
        let targets: Vec<i64> = self
            .rows()
            .into_iter()
            .skip(self.cursor + 1)
            .filter(|id| self.level_at(*id, self.grid_column).is_none())
            .collect();
        if targets.is_empty() {
            self.info("Aucune case vide en dessous.");
            return;
        }
        let versions: Vec<(i64, Option<i64>)> = targets
            .iter()
            .map(|id| (*id, self.cell_version(*id, criterion)))
            .collect();
        let count = versions.len();
        let crit = self.data.criteria[self.grid_column].label.clone();
        let label = format!("Recopie vers le bas « {crit} » ({count} élèves)");
        let done = self.write_with(&label, None, |w| {
            for (id, version) in &versions {
                w.set_grid_cell(
                    *id,
                    criterion,
                    *version,
                    &[("level", Value::Int(i64::from(level)))],
                )?;
            }
            Ok(())
        });
        if done.is_some() {
            self.info(format!(
                "Niveau {level} recopié dans {count} case(s) vide(s) (u pour annuler)."
            ));
        }
    }

    fn set_verdict(&mut self, verdict: Option<Verdict>) {
        let Some(id) = self.current else { return };
        let mut changes = vec![("verdict", verdict.into())];
        let no_types = self
            .data
            .student(id)
            .is_some_and(|s| s.student.difficulties.is_empty());
        let suggested = self.data.suggestion(id).difficulties;
        if verdict == Some(Verdict::Repere) && no_types && !suggested.is_empty() {
            changes.push(("difficulties", suggested.join(",").into()));
        }
        self.set_student(id, "Verdict de repérage", changes);
    }

    fn apply_suggested_difficulties(&mut self) {
        let Some(id) = self.current else { return };
        let suggested = self.data.suggestion(id).difficulties;
        if suggested.is_empty() {
            self.info("La grille ne suggère aucun type de difficulté (aucun niveau ≥ 2).");
            return;
        }
        self.set_student(
            id,
            "Types de difficulté",
            vec![("difficulties", suggested.join(",").into())],
        );
    }
}
