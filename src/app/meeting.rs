//! Pré-conseil meeting mode: one student at a time, every decision saved at once.

use super::{Action, App, Choice, Overlay, Picker, PickerPurpose, TextPurpose};
use crate::labels::Label;
use crate::model::{Phase, Proposal};
use crate::store::Table;

/// The decision fields of the meeting screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingField {
    Proposal,
    Modules,
    Referent,
    FirstCheckin,
    Commitments,
}

impl MeetingField {
    /// Every field, top to bottom.
    pub const ALL: [MeetingField; 5] = [
        MeetingField::Proposal,
        MeetingField::Modules,
        MeetingField::Referent,
        MeetingField::FirstCheckin,
        MeetingField::Commitments,
    ];

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            MeetingField::Proposal => "Proposition",
            MeetingField::Modules => "Modules",
            MeetingField::Referent => "Référent",
            MeetingField::FirstCheckin => "1er point d'étape",
            MeetingField::Commitments => "Engagements",
        }
    }
}

/// Days between the pré-conseil and the first check-in proposed by default.
pub(super) const FIRST_CHECKIN_DAYS: i64 = 21;

impl App {
    /// Builds the queue: students of the filter waiting for their pré-conseil.
    pub(super) fn start_meeting(&mut self) {
        let mut filter = self.filter.clone();
        filter.phase = Some(Phase::PreConseil);
        filter.search.clear();
        let waiting = filter.rows(&self.data, super::Screen::Students, self.today);
        // Keep students already discussed in this session at the top, in order.
        let mut queue: Vec<i64> = self.meeting_queue.clone();
        queue.extend(
            waiting
                .into_iter()
                .filter(|id| !self.meeting_queue.contains(id)),
        );
        self.meeting_queue = queue;
        self.meeting_recap = false;
        if self.meeting_queue.is_empty() {
            self.info("Aucun élève repéré n'attend de pré-conseil avec ce filtre.");
        }
        self.current = self.meeting_queue.first().copied().or(self.current);
        self.cursor = 0;
    }

    pub(super) fn update_meeting(&mut self, action: Action) {
        if self.meeting_recap {
            match action {
                Action::ToggleRecap => self.meeting_recap = false,
                Action::Up => self.page_scroll = self.page_scroll.saturating_sub(1),
                Action::Down => self.page_scroll = self.page_scroll.saturating_add(1),
                _ => {}
            }
            return;
        }
        let field = MeetingField::ALL[self.meeting_field.min(MeetingField::ALL.len() - 1)];
        match action {
            Action::PrevField => self.meeting_field = self.meeting_field.saturating_sub(1),
            Action::NextField => {
                self.meeting_field = (self.meeting_field + 1).min(MeetingField::ALL.len() - 1)
            }
            Action::NextStudent => self.meeting_step(1),
            Action::PrevStudent => self.meeting_step(-1),
            Action::ToggleRecap => {
                self.meeting_recap = true;
                self.page_scroll = 0;
            }
            Action::CycleProposal(step) if field == MeetingField::Proposal => {
                self.cycle_proposal(step)
            }
            Action::SetProposal(proposal) => self.set_proposal(proposal),
            Action::EditFirstCheckin => self.open_first_checkin(),
            Action::EditCommitments => self.open_commitments(),
            Action::EditField => match field {
                MeetingField::Proposal => self.cycle_proposal(1),
                MeetingField::Modules => self.open_module_picker(),
                MeetingField::Referent => self.open_referent_picker(),
                MeetingField::FirstCheckin => self.open_first_checkin(),
                MeetingField::Commitments => self.open_commitments(),
            },
            _ => {}
        }
    }

    fn meeting_step(&mut self, delta: isize) {
        if self.meeting_queue.is_empty() {
            return;
        }
        let last = self.meeting_queue.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
        self.current = Some(self.meeting_queue[self.cursor]);
        self.meeting_field = 0;
        self.reveal_sensitive = false;
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
        let mut changes = vec![("proposal", proposal.into())];
        if row.student.pre_conseil_date.is_none() {
            changes.push(("pre_conseil_date", self.today.into()));
        }
        if proposal == Some(Proposal::Accepte) && row.student.first_checkin_date.is_none() {
            changes.push((
                "first_checkin_date",
                (self.today + chrono::Duration::days(FIRST_CHECKIN_DAYS)).into(),
            ));
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

    /// Module picker: catalogue modules not yet chosen, suggested types first.
    pub fn open_module_picker(&mut self) {
        let Some(student) = self.current else { return };
        self.ensure_grid();
        let suggested = self.data.suggestion(student).module_types;
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
        let mut choices: Vec<(usize, Choice)> = self
            .data
            .modules
            .iter()
            .filter(|m| !m.retired && !taken.contains(&m.id))
            .map(|m| {
                let rank = suggested
                    .iter()
                    .position(|t| *t == m.module_type)
                    .unwrap_or(usize::MAX);
                (
                    rank,
                    Choice {
                        id: m.id,
                        label: m.name.clone(),
                        hint: m.module_type.label().to_string(),
                        suggested: rank != usize::MAX,
                    },
                )
            })
            .collect();
        choices.sort_by_key(|(rank, _)| *rank);
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!("Ajouter un module — {}", self.student_label(student)),
            choices: choices.into_iter().map(|(_, c)| c).collect(),
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
        let choices: Vec<Choice> = self
            .data
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| Choice {
                id: s.id,
                label: s.display_name(),
                hint: s.role.label().to_string(),
                suggested: false,
            })
            .collect();
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
