//! Writing through the store and keeping the snapshot in step: messages,
//! optimistic edits and conflicts, reloads after local or remote changes, undo.

use super::{App, Data, Overlay, Screen};
use crate::model::Value;
use crate::store::{ColumnChange, Conflict, StoreError, Table, columns};

/// A line shown in the bottom bar until the next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// A write waiting for the user's choice after a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEdit {
    pub label: String,
    pub table: Table,
    pub id: i64,
    pub changes: Vec<(&'static str, Value)>,
    /// The student whose data to reload afterwards (`None`: reload everything).
    pub student: Option<i64>,
    /// The conflict came from undoing this session's last change: overwriting
    /// means undoing it anyway.
    pub undo: bool,
}

impl PendingEdit {
    /// The edit a conflict stopped, to re-apply if the user chooses to overwrite.
    fn from_conflict(conflict: &crate::store::Conflict, label: &str, student: Option<i64>) -> Self {
        PendingEdit {
            label: label.to_string(),
            table: conflict.table,
            id: conflict.id,
            changes: conflict.changes.clone(),
            student,
            undo: false,
        }
    }
}

impl App {
    /// Shows an information line.
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// Shows an error line.
    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Writes typed fields of one row, then reloads `student` (`None`: everything);
    /// a conflict opens the choice dialog.
    pub fn edit<C: ColumnChange>(
        &mut self,
        label: &str,
        id: i64,
        version: i64,
        changes: &[C],
        student: Option<i64>,
    ) {
        self.apply_edit(
            PendingEdit {
                label: label.to_string(),
                table: C::TABLE,
                id,
                changes: columns(changes),
                student,
                undo: false,
            },
            version,
        );
    }

    /// Writes the fields the user changed in a box since `seen`, then reloads;
    /// someone else's change to one of them meanwhile opens the choice dialog.
    pub fn edit_seen<C: ColumnChange>(
        &mut self,
        label: &str,
        id: i64,
        seen: &crate::store::Seen,
        changes: &[C],
    ) {
        self.edit_row_seen(label, C::TABLE, id, seen, &columns(changes));
    }

    /// Writes the columns of one row of any table changed in a box since `seen`
    /// (settings, team, catalogue), with the same conflict rules as student edits.
    pub fn edit_row_seen(
        &mut self,
        label: &str,
        table: Table,
        id: i64,
        seen: &crate::store::Seen,
        changes: &[(&'static str, crate::model::Value)],
    ) {
        let student = (table == Table::Student).then_some(id);
        let result = self.write_recorded(label, |w| w.update_seen(table, id, seen, changes));
        self.after_write(result.map(drop), None, label, student);
    }

    /// Writes one edit on top of `version`; a conflict keeps it for the user's choice.
    pub fn apply_edit(&mut self, edit: PendingEdit, version: i64) {
        let result = self.write_recorded(&edit.label, |w| {
            w.update(edit.table, edit.id, version, &edit.changes)
        });
        let label = edit.label.clone();
        let student = edit.student;
        self.after_write(result.map(drop), Some(edit), &label, student);
    }

    /// Runs a write (several rows) and reloads; reports errors in the message bar.
    ///
    /// `student` limits the reload to that student (fast path for the grid and forms).
    pub fn write_with<T>(
        &mut self,
        label: &str,
        student: Option<i64>,
        f: impl FnOnce(&mut crate::store::Writer) -> Result<T, StoreError>,
    ) -> Option<T> {
        match self.write_recorded(label, f) {
            Ok(value) => {
                self.after_write(Ok(()), None, label, student);
                Some(value)
            }
            Err(error) => {
                self.after_write(Err(error), None, label, student);
                None
            }
        }
    }

    /// A write of several rows that a colleague's change stops as a whole: nothing is
    /// written, the data is reloaded and the message says so. No overwrite is offered,
    /// since re-applying one row alone (ending a membership without starting the new
    /// one) would leave the rest undone.
    pub fn write_whole<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut crate::store::Writer) -> Result<T, StoreError>,
    ) -> Option<T> {
        match self.write_recorded(label, f) {
            Ok(value) => {
                self.after_write(Ok(()), None, label, None);
                Some(value)
            }
            Err(StoreError::Conflict(conflict)) => {
                self.reload();
                self.error(format!(
                    "Rien n'a été écrit ({label}) : {} l'a modifié entre-temps. Vérifiez, \
                     puis recommencez.",
                    conflict.who
                ));
                None
            }
            Err(error) => {
                self.after_write(Err(error), None, label, None);
                None
            }
        }
    }

    /// One store transaction; during a pré-conseil meeting, the student's decisions
    /// are copied into the meeting's minutes in the same transaction (one undo step).
    fn write_recorded<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut crate::store::Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some((target, student)) = self.meeting_target() else {
            return self.store.write(label, f);
        };
        let (value, meeting) = self.store.write(label, |w| {
            let value = f(w)?;
            Ok((value, w.record_in_meeting(&target, student)?))
        })?;
        self.meeting.meeting_id = Some(meeting);
        Ok(value)
    }

    fn after_write(
        &mut self,
        result: Result<(), StoreError>,
        pending: Option<PendingEdit>,
        label: &str,
        student: Option<i64>,
    ) {
        match result {
            Ok(()) => {
                self.reload_after_local_write(student);
                self.info(format!("Enregistré : {label}."));
            }
            Err(StoreError::Conflict(conflict)) => {
                self.reload();
                let pending = pending.or_else(|| {
                    (!conflict.changes.is_empty())
                        .then(|| PendingEdit::from_conflict(&conflict, label, student))
                });
                match pending {
                    Some(pending) => self.overlay = Some(Overlay::Conflict(conflict, pending)),
                    None => self.error(StoreError::Conflict(conflict).to_string()),
                }
            }
            Err(error) => {
                self.reload();
                self.error(error.to_string());
            }
        }
    }

    /// Resolves a conflict: `overwrite` re-applies my change on top of theirs.
    pub(super) fn resolve_conflict(
        &mut self,
        conflict: Conflict,
        pending: PendingEdit,
        overwrite: bool,
    ) {
        if overwrite && pending.undo {
            match self.store.undo_overriding() {
                Ok(Some(label)) => {
                    self.reload();
                    self.info(format!("Annulé : {label} (Ctrl-r pour rétablir)."));
                }
                Ok(None) => self.info("Rien à annuler."),
                Err(error) => self.after_write(Err(error), None, &pending.label, None),
            }
        } else if overwrite {
            self.apply_edit(pending, conflict.current_version);
        } else {
            self.info(format!(
                "Modification abandonnée : la valeur de {} est conservée.",
                conflict.who
            ));
        }
    }

    fn reload_after_local_write(&mut self, student: Option<i64>) {
        // Our own commits do not change data_version for this connection.
        let Some(id) = student else {
            return self.reload();
        };
        match self.data.reload_student(&self.store, id) {
            Ok(()) => {
                self.sync_cursor();
                self.load_detail();
            }
            Err(_) => self.reload(),
        }
    }

    /// Reads the whole database again, keeping the selected student and cursor.
    pub fn reload(&mut self) {
        let with_grid = self.data.grid_loaded;
        match Data::load(&self.store, self.filter.year.as_deref()) {
            Ok(data) => self.data = data,
            Err(error) => self.error(error.to_string()),
        }
        if with_grid {
            self.ensure_grid();
        }
        if let Ok(version) = self.store.data_version() {
            self.data_version = version;
        }
        if self.screen == Screen::Welcome && !self.data.students.is_empty() {
            self.screen = Screen::Students;
            self.filter.year = self.data.years.first().cloned();
        }
        self.sync_cursor();
        self.load_detail();
        if self.screen == Screen::Meeting {
            self.reload_meeting_view();
        }
        if self.screen == Screen::Planner {
            self.load_planner();
        }
    }

    /// Reloads if another process committed since the last read.
    pub fn refresh_if_changed(&mut self) {
        match self.store.data_version() {
            Ok(version) if version != self.data_version => self.reload(),
            Ok(_) => {}
            Err(error) => self.error(error.to_string()),
        }
    }

    pub(super) fn undo(&mut self) {
        match self.store.undo() {
            Ok(Some(label)) => {
                self.reload();
                self.info(format!("Annulé : {label} (Ctrl-r pour rétablir)."));
            }
            Ok(None) => self.info("Rien à annuler."),
            Err(StoreError::Conflict(conflict)) => {
                // Someone changed it again since: they choose, never silently.
                self.reload();
                let label = self
                    .store
                    .undo_label()
                    .ok()
                    .flatten()
                    .map_or_else(|| "Annulation".to_string(), |l| format!("Annulation : {l}"));
                let mut pending = PendingEdit::from_conflict(&conflict, &label, None);
                pending.undo = true;
                self.overlay = Some(Overlay::Conflict(conflict, pending));
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    pub(super) fn redo(&mut self) {
        match self.store.redo() {
            Ok(Some(label)) => {
                self.reload();
                self.info(format!("Rétabli : {label}."));
            }
            Ok(None) => self.info("Rien à rétablir."),
            Err(error) => self.error(error.to_string()),
        }
    }
}
