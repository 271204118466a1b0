//! Pré-conseil meeting mode: one student at a time, every decision saved at once and
//! copied into the meeting's minutes in the same transaction.

use super::{Action, App, Choice, Overlay, Picker, PickerPurpose, Screen, TextPurpose};
use crate::labels::Label;
use crate::model::{MeetingMinutes, Phase, Proposal, StudentField};
use crate::store::{MeetingSummary, MeetingTarget, Table};

/// The decision fields of the meeting screen, in order; the focused one takes Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MeetingFocus {
    #[default]
    Proposal,
    Modules,
    Referent,
    FirstCheckin,
    Commitments,
}

impl MeetingFocus {
    /// Every field, top to bottom.
    pub const ALL: [MeetingFocus; 5] = [
        MeetingFocus::Proposal,
        MeetingFocus::Modules,
        MeetingFocus::Referent,
        MeetingFocus::FirstCheckin,
        MeetingFocus::Commitments,
    ];

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            MeetingFocus::Proposal => "Proposition",
            MeetingFocus::Modules => "Modules",
            MeetingFocus::Referent => "Référent",
            MeetingFocus::FirstCheckin => "1er point d'étape",
            MeetingFocus::Commitments => "Engagements",
        }
    }

    fn position(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The field below (the last one stays).
    pub fn next(self) -> Self {
        Self::ALL[(self.position() + 1).min(Self::ALL.len() - 1)]
    }

    /// The field above (the first one stays).
    pub fn prev(self) -> Self {
        Self::ALL[self.position().saturating_sub(1)]
    }
}

/// What the meeting screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MeetingView {
    /// One student and the decisions.
    #[default]
    Student,
    /// The minutes of this meeting, or of a past one chosen in the history.
    Recap,
    /// The meetings kept in the database.
    History,
}

/// The meeting screen's own state.
#[derive(Debug, Clone, Default)]
pub struct MeetingState {
    /// Students to discuss, in order (fixed while the meeting lasts).
    pub queue: Vec<i64>,
    pub focus: MeetingFocus,
    pub view: MeetingView,
    /// The meeting held in this session, once something was recorded in it.
    pub meeting_id: Option<i64>,
    /// Minutes shown by the recap.
    pub minutes: MeetingMinutes,
    /// Past meetings, newest first (read when the history opens).
    pub history: Vec<MeetingSummary>,
    pub history_cursor: usize,
    /// The recap shows a meeting chosen in the history (Esc goes back there).
    pub recap_from_history: bool,
    /// Scroll of the recap.
    pub scroll: u16,
}

/// Days between the pré-conseil and the first check-in proposed by default.
pub const FIRST_CHECKIN_DAYS: i64 = 21;

impl App {
    /// Builds the queue: students of the filter waiting for their pré-conseil.
    pub(super) fn start_meeting(&mut self) {
        let mut filter = self.filter.clone();
        filter.phase = Some(Phase::PreConseil);
        filter.search.clear();
        let waiting = filter.rows(&self.data, Screen::Students, self.today);
        // Keep students already discussed in this session at the top, in order.
        let mut queue: Vec<i64> = self.meeting.queue.clone();
        queue.extend(
            waiting
                .into_iter()
                .filter(|id| !self.meeting.queue.contains(id)),
        );
        self.meeting.queue = queue;
        self.meeting.view = MeetingView::Student;
        self.meeting.focus = MeetingFocus::default();
        if self.meeting.queue.is_empty() {
            self.info("Aucun élève repéré n'attend de pré-conseil avec ce filtre.");
        }
        let first = self.meeting.queue.first().copied().or(self.current);
        self.set_current(first);
        self.cursor = 0;
    }

    /// Where a write made now belongs in the minutes: the meeting and the student on
    /// screen, when a decision is being taken in meeting mode.
    pub(super) fn meeting_target(&self) -> Option<(MeetingTarget, i64)> {
        let student = self.current?;
        let deciding = self.screen == Screen::Meeting
            && self.meeting.view == MeetingView::Student
            && self.meeting.queue.contains(&student);
        deciding.then(|| (self.new_meeting_target(), student))
    }

    fn new_meeting_target(&self) -> MeetingTarget {
        MeetingTarget {
            meeting: self.meeting.meeting_id,
            held_on: self.today,
            school_year: self.filter.year.clone(),
            attendees: self.store.user().to_string(),
        }
    }

    pub(super) fn update_meeting(&mut self, action: Action) {
        if action == Action::PrintRecap {
            return self.open_print_recap();
        }
        match self.meeting.view {
            MeetingView::Recap => self.update_meeting_recap(action),
            MeetingView::History => self.update_meeting_history(action),
            MeetingView::Student => self.update_meeting_student(action),
        }
    }

    fn update_meeting_student(&mut self, action: Action) {
        let focus = self.meeting.focus;
        match action {
            Action::PrevField => self.meeting.focus = focus.prev(),
            Action::NextField => self.meeting.focus = focus.next(),
            Action::NextStudent => self.meeting_step(1),
            Action::PrevStudent => self.meeting_step(-1),
            Action::ToggleRecap => self.open_meeting_recap(self.meeting.meeting_id, false),
            Action::OpenMeetingHistory => self.open_meeting_history(),
            Action::EditAttendees => self.open_text(TextPurpose::MeetingAttendees),
            Action::ToggleSensitive => {
                self.reveal_sensitive = !self.reveal_sensitive;
                let text = if self.reveal_sensitive {
                    "Conditions de vie affichées pour cet élève (v pour masquer)."
                } else {
                    "Conditions de vie masquées."
                };
                self.info(text);
                self.log_reveal_student();
            }
            Action::CycleProposal(step) if focus == MeetingFocus::Proposal => {
                self.cycle_proposal(step)
            }
            Action::SetProposal(proposal) => self.set_proposal(proposal),
            Action::EditFirstCheckin => self.open_first_checkin(),
            Action::EditCommitments => self.open_commitments(),
            Action::EditField => match focus {
                MeetingFocus::Proposal => self.cycle_proposal(1),
                MeetingFocus::Modules => self.open_module_picker(),
                MeetingFocus::Referent => self.open_referent_picker(),
                MeetingFocus::FirstCheckin => self.open_first_checkin(),
                MeetingFocus::Commitments => self.open_commitments(),
            },
            _ => {}
        }
    }

    fn update_meeting_recap(&mut self, action: Action) {
        let scroll = &mut self.meeting.scroll;
        match action {
            Action::Back => {
                self.meeting.view = if self.meeting.recap_from_history {
                    MeetingView::History
                } else {
                    MeetingView::Student
                };
            }
            Action::OpenMeetingHistory => self.open_meeting_history(),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::Home => *scroll = 0,
            _ => {}
        }
    }

    fn update_meeting_history(&mut self, action: Action) {
        let last = self.meeting.history.len().saturating_sub(1);
        let cursor = &mut self.meeting.history_cursor;
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(last),
            Action::Home => *cursor = 0,
            Action::End => *cursor = last,
            Action::EditField => {
                let chosen = self
                    .meeting
                    .history
                    .get(self.meeting.history_cursor)
                    .map(|m| m.meeting.id);
                if chosen.is_some() {
                    self.open_meeting_recap(chosen, true);
                }
            }
            Action::Back => self.meeting.view = MeetingView::Student,
            _ => {}
        }
    }

    /// Shows the minutes of a meeting (`None`: nothing recorded yet in this one).
    fn open_meeting_recap(&mut self, meeting: Option<i64>, from_history: bool) {
        self.meeting.minutes = match meeting {
            Some(id) => match self.store.meeting_minutes(id) {
                Ok(minutes) => minutes,
                Err(error) => return self.error(error.to_string()),
            },
            None => MeetingMinutes::default(),
        };
        self.meeting.view = MeetingView::Recap;
        self.meeting.recap_from_history = from_history;
        self.meeting.scroll = 0;
    }

    /// Lists the meetings of the filter's school year.
    fn open_meeting_history(&mut self) {
        match self.store.meetings(self.filter.year.as_deref()) {
            Ok(history) => {
                if history.is_empty() {
                    self.info("Aucune réunion enregistrée pour cette année.");
                }
                self.meeting.history = history;
                self.meeting.history_cursor = 0;
                self.meeting.view = MeetingView::History;
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    /// Reads again what the recap or the history shows (after an undo or a refresh).
    pub(super) fn reload_meeting_view(&mut self) {
        match self.meeting.view {
            MeetingView::Student => {}
            MeetingView::Recap => {
                let shown = self.meeting.minutes.meeting.as_ref().map(|m| m.id);
                let id = if self.meeting.recap_from_history {
                    shown
                } else {
                    self.meeting.meeting_id
                };
                if let Some(Ok(minutes)) = id.map(|id| self.store.meeting_minutes(id)) {
                    self.meeting.minutes = minutes;
                }
            }
            MeetingView::History => {
                if let Ok(history) = self.store.meetings(self.filter.year.as_deref()) {
                    self.meeting.history_cursor = self
                        .meeting
                        .history_cursor
                        .min(history.len().saturating_sub(1));
                    self.meeting.history = history;
                }
            }
        }
    }

    fn meeting_step(&mut self, delta: isize) {
        if self.meeting.queue.is_empty() {
            return;
        }
        let last = self.meeting.queue.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
        let next = self.meeting.queue[self.cursor];
        if Some(next) != self.current {
            self.meeting.focus = MeetingFocus::default();
        }
        self.set_current(Some(next));
    }

    fn cycle_proposal(&mut self, step: isize) {
        let Some(id) = self.current else { return };
        let current = self.data.student(id).and_then(|s| s.student.proposal);
        let all = Proposal::ALL;
        let pos = current.and_then(|p| all.iter().position(|x| *x == p));
        let n = all.len() as isize;
        let next = match pos {
            None if step > 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + step).rem_euclid(n),
        };
        self.set_proposal(Some(all[next as usize]));
    }

    fn set_proposal(&mut self, proposal: Option<Proposal>) {
        let Some(id) = self.current else { return };
        let Some(row) = self.data.student(id) else {
            return;
        };
        let mut changes = vec![StudentField::Proposal(proposal)];
        if row.student.pre_conseil_date.is_none() {
            changes.push(StudentField::PreConseilDate(Some(self.today)));
        }
        if proposal == Some(Proposal::Accepte) && row.student.first_checkin_date.is_none() {
            changes.push(StudentField::FirstCheckinDate(Some(
                self.today + chrono::Duration::days(FIRST_CHECKIN_DAYS),
            )));
        }
        let label = proposal.map_or("—", Label::label);
        self.set_student(id, &format!("Proposition « {label} »"), changes);
    }

    fn open_first_checkin(&mut self) {
        if let Some(student) = self.current {
            self.open_text(TextPurpose::FirstCheckin { student });
        }
    }

    fn open_commitments(&mut self) {
        if let Some(student) = self.current {
            self.open_text(TextPurpose::Commitments { student });
        }
    }

    /// Saves who attended this meeting, creating it if nothing was recorded yet.
    pub(super) fn save_attendees(&mut self, text: String, seen: &super::SeenRows) {
        let label = "Participants de la réunion de pré-conseil";
        let mut target = self.new_meeting_target();
        let seen = seen
            .iter()
            .find(|(t, _, _)| *t == Table::Meeting)
            .map(|(_, id, seen)| (*id, seen.clone()));
        let written = self.write_with(label, self.current, |w| {
            let id = match seen {
                Some((id, seen)) => {
                    w.update_attendees_seen(id, &seen, &text)?;
                    id
                }
                // Nothing recorded yet (or undone since): a new meeting.
                None => {
                    target.meeting = None;
                    target.attendees = text;
                    w.ensure_meeting(&target)?
                }
            };
            Ok(id)
        });
        if let Some(id) = written {
            self.meeting.meeting_id = Some(id);
        }
    }

    /// Attendees as they are now (the box's starting text and the row it remembers).
    pub(super) fn seen_attendees(&mut self) -> (String, super::SeenRows) {
        let Some(id) = self.meeting.meeting_id else {
            return (self.store.user().to_string(), Vec::new());
        };
        match self.store.seen(Table::Meeting, id) {
            Ok(seen) if seen.version.is_some() => {
                let text = seen.attendees().unwrap_or_default();
                (text, vec![(Table::Meeting, id, seen)])
            }
            // Undone since: a new meeting will be recorded.
            Ok(_) => (self.store.user().to_string(), Vec::new()),
            Err(error) => {
                self.error(error.to_string());
                (String::new(), Vec::new())
            }
        }
    }

    /// Module picker: catalogue modules not yet chosen, the best answers to the
    /// student's difficulties first, each saying which difficulties it answers.
    pub fn open_module_picker(&mut self) {
        let Some(student) = self.current else { return };
        self.ensure_grid();
        let ranked = self.data.ranked_modules(student);
        let taken: Vec<i64> = self
            .store
            .enrolments(student)
            .map(|e| {
                e.into_iter()
                    .filter(|e| e.end_date.is_none())
                    .map(|e| e.module_id)
                    .collect()
            })
            .unwrap_or_default();
        let offered = |id: i64| !taken.contains(&id);
        let mut choices: Vec<Choice> = ranked
            .iter()
            .filter(|m| offered(m.module_id))
            .filter_map(|m| {
                let module = self.data.module(m.module_id)?;
                let answers: Vec<&str> = m
                    .answers
                    .iter()
                    .map(|c| self.data.difficulty_label(c))
                    .collect();
                Some(Choice {
                    id: module.id,
                    label: module.name.clone(),
                    hint: format!("pour : {}", answers.join(", ")),
                    suggested: true,
                })
            })
            .collect();
        choices.extend(
            self.data
                .modules
                .iter()
                .filter(|m| !m.retired && offered(m.id))
                .filter(|m| !ranked.iter().any(|r| r.module_id == m.id))
                .map(|m| Choice {
                    id: m.id,
                    label: m.name.clone(),
                    hint: m.module_type.label().to_string(),
                    suggested: false,
                }),
        );
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!("Ajouter un module — {}", self.student_label(student)),
            choices,
            query: String::new(),
            selected: 0,
            purpose: PickerPurpose::AddModule { student },
            seen: Vec::new(),
        }));
    }

    /// Picker of the student's running modules, to stop one.
    pub fn open_stop_module_picker(&mut self) {
        let Some(student) = self.current else { return };
        let enrolments: Vec<_> = self
            .store
            .enrolments(student)
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.end_date.is_none())
            .collect();
        let seen: super::SeenRows = enrolments
            .iter()
            .filter_map(|e| {
                let seen = self.store.seen(Table::Enrolment, e.id).ok()?;
                Some((Table::Enrolment, e.id, seen))
            })
            .collect();
        let running: Vec<Choice> = enrolments
            .into_iter()
            .map(|e| Choice {
                id: e.id,
                label: self
                    .data
                    .module(e.module_id)
                    .map_or_else(String::new, |m| m.name.clone()),
                hint: format!("depuis le {}", e.start_date.format("%d/%m/%Y")),
                suggested: false,
            })
            .collect();
        if running.is_empty() {
            self.info("Aucun module en cours pour cet élève.");
            return;
        }
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!("Arrêter un module — {}", self.student_label(student)),
            choices: running,
            query: String::new(),
            selected: 0,
            purpose: PickerPurpose::StopModule { student },
            seen,
        }));
    }

    /// Référent picker over the active team.
    pub fn open_referent_picker(&mut self) {
        let Some(student) = self.current else { return };
        let seen = self.seen_student(student);
        let choices = self.team_choices();
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!("Référent — {}", self.student_label(student)),
            choices,
            query: String::new(),
            selected: 0,
            purpose: PickerPurpose::Referent { student },
            seen,
        }));
    }
}
