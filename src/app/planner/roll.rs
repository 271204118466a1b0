//! The roll of one session: a mark per member (p r e a), fill-down, and the
//! whole roll recorded in one write (one undo step) that marks the session held.

use std::collections::HashMap;

use super::{Level, list_moves};
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App};
use crate::labels::Label;
use crate::model::planner::{AttendanceMark, GroupSession, SessionStatus};
use crate::model::sessions::{long_date, time_label};
use crate::store::{RollLine, StoreError};

/// A roll being taken: the session as seen when opened (its version guards the
/// save), the marks on screen and the marks recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Roll {
    pub session: GroupSession,
    pub lines: Vec<RollLine>,
    /// The marks in the database, line by line, when last read.
    pub saved: Vec<Option<AttendanceMark>>,
    /// Esc was pressed with marks not recorded: the next Esc drops them.
    pub confirm_discard: bool,
}

impl Roll {
    /// Whether marks on screen differ from the recorded ones.
    pub fn modified(&self) -> bool {
        self.lines
            .iter()
            .zip(&self.saved)
            .any(|(line, saved)| line.mark != *saved)
    }

    /// Lines with no mark yet.
    pub fn unmarked(&self) -> usize {
        self.lines.iter().filter(|l| l.mark.is_none()).count()
    }
}

/// « mardi 17 novembre 2026, 14 h » for messages.
pub fn roll_label(session: &GroupSession) -> String {
    format!("{}, {}", long_date(session.date), time_label(session.start))
}

pub(super) fn bindings(_app: &App) -> Vec<Binding> {
    use Key::*;
    const MARKS: &str = "présent / retard / absent excusé / absent, puis élève suivant";
    let mut keys = list_moves("élève précédent / suivant", "premier / dernier élève");
    keys.extend([
        bind(
            &[Char('p')],
            Action::SetAttendance(AttendanceMark::Present),
            MARKS,
        )
        .hint("marque"),
        bind(
            &[Char('r')],
            Action::SetAttendance(AttendanceMark::Retard),
            MARKS,
        )
        .hint("marque"),
        bind(
            &[Char('e')],
            Action::SetAttendance(AttendanceMark::AbsentExcuse),
            MARKS,
        )
        .hint("marque"),
        bind(
            &[Char('a')],
            Action::SetAttendance(AttendanceMark::Absent),
            MARKS,
        )
        .hint("marque"),
        bind(
            &[Char('D')],
            Action::FillDown,
            "recopier la marque vers les lignes vides du dessous",
        )
        .hint("recopier"),
        bind(
            &[Enter],
            Action::Advance,
            "élève suivant ; sur la dernière ligne, enregistrer l'appel",
        ),
        bind(
            &[Ctrl('s')],
            Action::Save,
            "enregistrer l'appel (une seule étape d'annulation)",
        )
        .hint("enregistrer"),
        bind(
            &[Esc],
            Action::Back,
            "revenir au groupe (demande si l'appel n'est pas enregistré)",
        )
        .hint("retour"),
    ]);
    keys
}

impl App {
    /// Opens the roll of a session, as recorded so far.
    pub(super) fn open_roll(&mut self, session: &GroupSession) {
        if session.status == SessionStatus::Cancelled {
            let reason = session
                .cancel_reason
                .as_deref()
                .map_or(String::new(), |r| format!(" ({r})"));
            self.error(format!(
                "Séance du {} annulée{reason} : pas d'appel.",
                roll_label(session)
            ));
            return;
        }
        if session.date > self.today {
            self.error(format!(
                "Séance du {} : l'appel se fait le jour de la séance ou après.",
                roll_label(session)
            ));
            return;
        }
        let lines = match self.store.session_roll(session.id) {
            Ok(lines) => lines,
            Err(error) => return self.error(error.to_string()),
        };
        if lines.is_empty() {
            self.info("Personne dans ce groupe le jour de cette séance : pas d'appel à faire.");
            return;
        }
        let saved = lines.iter().map(|l| l.mark).collect();
        self.planner.roll = Some(Roll {
            session: session.clone(),
            lines,
            saved,
            confirm_discard: false,
        });
        self.planner.level = Level::Roll;
        self.planner.cursors[Level::Roll as usize] = 0;
    }

    /// After a reload: a roll without unsaved marks shows the database again; one
    /// with unsaved marks keeps them and the version they were based on, so that
    /// saving over someone else's roll is never silent.
    pub(super) fn refresh_roll(&mut self) {
        let Some(roll) = self.planner.roll.as_ref() else {
            return;
        };
        if roll.modified() {
            return;
        }
        let fresh = self
            .planner
            .data
            .sessions
            .iter()
            .find(|s| s.id == roll.session.id)
            .cloned();
        let Some(session) = fresh else {
            self.planner.roll = None;
            return;
        };
        match self.store.session_roll(session.id) {
            Ok(lines) => {
                let saved = lines.iter().map(|l| l.mark).collect();
                self.planner.roll = Some(Roll {
                    session,
                    lines,
                    saved,
                    confirm_discard: false,
                });
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    pub(super) fn update_roll(&mut self, action: Action) {
        let Some(mut roll) = self.planner.roll.take() else {
            self.planner.level = Level::Group;
            return;
        };
        let len = roll.lines.len();
        let cursor = self.planner.cursor().min(len.saturating_sub(1));
        if action != Action::Back {
            roll.confirm_discard = false;
        }
        match action {
            Action::SetAttendance(mark) => {
                roll.lines[cursor].mark = Some(mark);
                self.planner.move_cursor(1, len);
            }
            Action::FillDown => match roll.lines[cursor].mark {
                Some(mark) => {
                    let mut filled = 0;
                    for line in roll.lines.iter_mut().skip(cursor + 1) {
                        if line.mark.is_none() {
                            line.mark = Some(mark);
                            filled += 1;
                        }
                    }
                    self.info(format!(
                        "« {} » recopié sur {filled} ligne(s) vide(s) du dessous.",
                        mark.label()
                    ));
                }
                None => self.error("Pas de marque sur cette ligne à recopier."),
            },
            Action::Advance if cursor + 1 < len => self.planner.move_cursor(1, len),
            Action::Advance | Action::Save => return self.save_roll(roll),
            Action::Back if roll.modified() && !roll.confirm_discard => {
                roll.confirm_discard = true;
                self.error(
                    "Appel non enregistré : Échap pour l'abandonner, Ctrl-s pour l'enregistrer.",
                );
            }
            Action::Back => {
                if roll.modified() {
                    self.info("Appel abandonné : rien n'a été enregistré.");
                }
                self.planner.level = Level::Group;
                return;
            }
            other => {
                if let Some(delta) = crate::app::setup::move_delta(&other) {
                    self.planner.move_cursor(delta, len);
                }
            }
        }
        self.planner.roll = Some(roll);
    }

    /// Records the whole roll in one write, which marks the session held.
    fn save_roll(&mut self, mut roll: Roll) {
        let missing = roll.unmarked();
        if missing > 0 {
            self.error(format!(
                "Appel incomplet : {missing} élève(s) sans marque (p r e a ; D recopie \
                 vers le bas). Rien n'a été enregistré."
            ));
            self.planner.roll = Some(roll);
            return;
        }
        let marks: Vec<(i64, AttendanceMark)> = roll
            .lines
            .iter()
            .filter_map(|l| Some((l.student_id, l.mark?)))
            .collect();
        let when = roll_label(&roll.session);
        let label = format!("appel de la séance du {when}");
        let (id, version) = (roll.session.id, roll.session.meta.version);
        let roll_date = roll.session.date;
        // The versions of the marks on screen when they were read.
        let seen: HashMap<i64, i64> = roll
            .lines
            .iter()
            .filter_map(|l| Some((l.student_id, l.version?)))
            .collect();
        match self.store.write(&label, |w| {
            w.record_roll_seen(id, version, &marks, Some(&seen))
        }) {
            Ok(()) => {
                roll.saved = roll.lines.iter().map(|l| l.mark).collect();
                self.planner.roll = Some(roll);
                self.reload();
                self.planner.level = Level::Group;
                self.info(format!(
                    "Appel enregistré : séance du {} tenue (u : annuler).",
                    long_date(roll_date)
                ));
            }
            Err(StoreError::Conflict(conflict)) => {
                // Someone recorded this session or a mark meanwhile: say who, keep
                // my marks on screen, and base a second Ctrl-s on what is there now.
                if let Ok(sessions) = self.store.group_sessions(roll.session.group_id)
                    && let Some(now) = sessions.into_iter().find(|s| s.id == id)
                {
                    roll.session.meta.version = now.meta.version;
                }
                if let Ok(lines) = self.store.session_roll(id) {
                    let now: HashMap<i64, &RollLine> =
                        lines.iter().map(|n| (n.student_id, n)).collect();
                    roll.saved.clear();
                    for line in &mut roll.lines {
                        let recorded = now.get(&line.student_id);
                        roll.saved.push(recorded.and_then(|n| n.mark));
                        line.version = recorded.and_then(|n| n.version);
                    }
                }
                self.planner.roll = Some(roll);
                self.reload();
                // One line at 80 columns: the differing marks show theirs (« base »).
                self.error(format!(
                    "Appel modifié par {} ({}) : rien d'écrit ; Ctrl-s écrase.",
                    conflict.who,
                    crate::labels::timestamp_label(&conflict.when)
                ));
            }
            Err(error) => {
                self.planner.roll = Some(roll);
                self.reload();
                self.error(error.to_string());
            }
        }
    }
}
