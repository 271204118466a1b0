//! Repérage grid: one key per level, moving down the column like a spreadsheet.

use super::{Action, App, TextPurpose};
use crate::model::{GridCellChange, StudentField, Verdict};

/// Where a level typed in the grid sends the cursor next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Down the column: one criterion for the whole class.
    #[default]
    Down,
    /// Along the row: one student, every criterion.
    Right,
}

impl Direction {
    /// The other direction.
    pub fn next(self) -> Direction {
        match self {
            Direction::Down => Direction::Right,
            Direction::Right => Direction::Down,
        }
    }

    /// Footer hint: where the next entry goes.
    pub fn hint(self) -> &'static str {
        match self {
            Direction::Down => "saisie ↓",
            Direction::Right => "saisie →",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            Direction::Down => {
                "Saisie vers le bas : un critère pour toute la classe (d pour changer)."
            }
            Direction::Right => {
                "Saisie vers la droite : un élève, tous ses critères (d pour changer)."
            }
        }
    }
}

/// The grid screen's own state.
#[derive(Debug, Default)]
pub struct GridState {
    /// Criterion column under the cursor.
    pub column: usize,
    /// Where an entry moves the cursor.
    pub direction: Direction,
    /// The cell (student, column) where the last entry reached the end of the
    /// column or row and could not move on: the next entry there is refused until
    /// the cursor moves, so that a run of keys never writes several values into it.
    pub stopped_at: Option<(Option<i64>, usize)>,
}

impl App {
    pub(super) fn update_grid(&mut self, action: Action) {
        let entry = matches!(
            action,
            Action::SetLevel(_) | Action::CopyAbove | Action::Advance
        );
        if !entry {
            self.grid.stopped_at = None;
        } else if self.grid.stopped_at == Some((self.current, self.grid.column)) {
            self.error(format!(
                "{} Déplacez le curseur pour continuer.",
                self.end_sentence()
            ));
            return;
        }
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
            Action::Left => self.grid.column = self.grid.column.saturating_sub(1),
            Action::Right => {
                self.grid.column = (self.grid.column + 1).min(columns.saturating_sub(1))
            }
            Action::NextPane => self.grid.column = self.next_domain_column(true),
            Action::PrevPane => self.grid.column = self.next_domain_column(false),
            Action::Advance => self.advance(),
            Action::ToggleDirection => {
                self.grid.direction = self.grid.direction.next();
                self.info(self.grid.direction.sentence());
            }
            Action::SetLevel(level) => self.set_level(level),
            Action::CopyAbove => self.copy_from_above(),
            Action::FillDown => self.fill_down(),
            Action::EditComment => {
                if let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) {
                    self.open_text(TextPurpose::GridComment { student, criterion });
                }
            }
            Action::SetVerdict(verdict) => self.set_verdict(verdict),
            Action::ApplySuggested => self.apply_suggested_difficulties(),
            Action::ToggleSensitive => {
                self.reveal_sensitive = !self.reveal_sensitive;
                self.info(if self.reveal_sensitive {
                    "Niveaux des conditions de vie affichés (m pour masquer)."
                } else {
                    "Niveaux des conditions de vie masqués."
                });
                self.log_reveal_grid();
            }
            _ => {}
        }
    }

    /// Moves to the next cell in the entry direction; at the end of the column (or
    /// row) the cursor stays and the next entry is refused until it moves.
    fn advance(&mut self) {
        let moved = match self.grid.direction {
            Direction::Down => {
                let before = self.cursor;
                self.move_cursor(1);
                self.cursor != before
            }
            Direction::Right => {
                let last = self.data.criteria.len().saturating_sub(1);
                let before = self.grid.column;
                self.grid.column = (before + 1).min(last);
                self.grid.column != before
            }
        };
        if !moved {
            self.grid.stopped_at = Some((self.current, self.grid.column));
            let end = self.end_sentence();
            match &self.message {
                Some(message) if !message.error => {
                    let text = format!("{} {end}", message.text);
                    self.info(text);
                }
                _ => self.info(end),
            }
        }
    }

    fn end_sentence(&self) -> &'static str {
        match self.grid.direction {
            Direction::Down => "Fin de colonne.",
            Direction::Right => "Fin de ligne.",
        }
    }

    /// Whether `action` would write a sensitive cell that is still masked: a
    /// hidden value is never changed blind.
    fn writes_masked_cell(&self, action: &Action) -> bool {
        let masked = !self.reveal_sensitive
            && self
                .data
                .criteria
                .get(self.grid.column)
                .is_some_and(|c| c.domain.is_sensitive());
        masked
            && matches!(
                action,
                Action::SetLevel(_) | Action::CopyAbove | Action::FillDown | Action::EditComment
            )
    }

    /// Criterion id under the cursor.
    pub fn current_criterion(&self) -> Option<i64> {
        self.data.criteria.get(self.grid.column).map(|c| c.id)
    }

    fn next_domain_column(&self, forward: bool) -> usize {
        let criteria = &self.data.criteria;
        let Some(current) = criteria.get(self.grid.column) else {
            return 0;
        };
        let found = if forward {
            criteria
                .iter()
                .enumerate()
                .skip(self.grid.column)
                .find(|(_, c)| c.domain != current.domain)
                .map(|(i, _)| i)
        } else {
            let start = criteria
                .iter()
                .position(|c| c.domain == current.domain)
                .unwrap_or(0);
            if start == self.grid.column && start > 0 {
                let previous = criteria[start - 1].domain;
                criteria.iter().position(|c| c.domain == previous)
            } else {
                Some(start)
            }
        };
        found.unwrap_or(self.grid.column)
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

    /// Sets the level under the cursor and moves on in the entry direction.
    fn set_level(&mut self, level: Option<u8>) {
        let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) else {
            return;
        };
        if self.write_level(student, criterion, level) {
            self.advance();
        }
    }

    /// Writes one level; false when it did not land (conflict box, error).
    fn write_level(&mut self, student: i64, criterion: i64, level: Option<u8>) -> bool {
        let crit = self.data.criterion_label(criterion);
        let label = format!("Grille « {crit} » : {}", self.student_label(student));
        match self.cell(student, criterion) {
            // An existing cell: an optimistic edit, so a conflict offers the choice.
            Some(cell) => self.edit(
                &label,
                cell.id,
                cell.version,
                &[GridCellChange::Level(level)],
                Some(student),
            ),
            None => {
                self.write_with(&label, Some(student), |w| {
                    w.set_cell(student, criterion, None, &[GridCellChange::Level(level)])
                });
            }
        }
        self.overlay.is_none() && !self.message.as_ref().is_some_and(|m| m.error)
    }

    fn copy_from_above(&mut self) {
        let rows = self.rows();
        if self.cursor == 0 {
            self.info("Pas de ligne au-dessus à recopier.");
            return;
        }
        let above = rows[self.cursor - 1];
        let level = self.level_at(above, self.grid.column);
        self.set_level(level);
    }

    /// Copies the current level into the empty cells below it, in one undoable step.
    fn fill_down(&mut self) {
        let (Some(student), Some(criterion)) = (self.current, self.current_criterion()) else {
            return;
        };
        let Some(level) = self.level_at(student, self.grid.column) else {
            self.info("Case vide : rien à recopier vers le bas.");
            return;
        };
        let targets: Vec<i64> = self
            .rows()
            .into_iter()
            .skip(self.cursor + 1)
            .filter(|id| self.level_at(*id, self.grid.column).is_none())
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
        let crit = self.data.criteria[self.grid.column].label.clone();
        let label = format!("Recopie vers le bas « {crit} » ({count} élèves)");
        let done = self.write_with(&label, None, |w| {
            for (id, version) in &versions {
                w.set_cell(
                    *id,
                    criterion,
                    *version,
                    &[GridCellChange::Level(Some(level))],
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
        let mut changes = vec![StudentField::Verdict(verdict)];
        let no_types = self
            .data
            .student(id)
            .is_some_and(|s| s.student.difficulties.is_empty());
        let suggested = self.data.suggestion(id).difficulties;
        if verdict == Some(Verdict::Repere) && no_types && !suggested.is_empty() {
            changes.push(StudentField::Difficulties(suggested));
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
            vec![StudentField::Difficulties(suggested)],
        );
    }
}
