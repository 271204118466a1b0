//! The phasage milestones the calendar fixes, and who is late for them.

use chrono::NaiveDate;

use super::SchoolCalendar;
use crate::model::{Phase, Student};

/// The milestones of the phasage the calendar fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    /// Repérage and pré-conseil done before the Toussaint holidays.
    PreConseil,
    /// Bilan of semester 1, by the end of January.
    BilanS1,
    /// S2 decision, by the end of the year.
    BilanS2,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 3] = [
        DeadlineKind::PreConseil,
        DeadlineKind::BilanS1,
        DeadlineKind::BilanS2,
    ];

    /// French name of the milestone.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::PreConseil => "Pré-conseil",
            DeadlineKind::BilanS1 => "Bilan S1",
            DeadlineKind::BilanS2 => "Décision S2",
        }
    }

    /// Short form for the header (« pré-conseil en retard »).
    pub fn short(self) -> &'static str {
        match self {
            DeadlineKind::PreConseil => "pré-conseil",
            DeadlineKind::BilanS1 => "bilan S1",
            DeadlineKind::BilanS2 => "décision S2",
        }
    }

    /// What remains to do for a late student (« encore à examiner »).
    pub fn pending(self) -> &'static str {
        match self {
            DeadlineKind::PreConseil => "encore à examiner",
            DeadlineKind::BilanS1 => "sans bilan S1",
            DeadlineKind::BilanS2 => "sans décision",
        }
    }

    /// Whether this student still owes this milestone (exited students owe nothing).
    pub fn is_pending_for(self, student: &Student) -> bool {
        if student.has_exited() {
            return false;
        }
        match self {
            DeadlineKind::PreConseil => {
                matches!(student.phase(), Phase::Reperage | Phase::PreConseil)
            }
            DeadlineKind::BilanS1 => {
                student.phase() == Phase::Suivi
                    && student.bilan_s1_date.is_none()
                    && student
                        .bilan_s1
                        .as_deref()
                        .is_none_or(|t| t.trim().is_empty())
            }
            DeadlineKind::BilanS2 => student.phase() == Phase::Suivi,
        }
    }
}

/// A milestone: due before `before` (that day is already late).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub before: NaiveDate,
}

impl Deadline {
    /// Whether the milestone is past on `today`.
    pub fn is_past(&self, today: NaiveDate) -> bool {
        today >= self.before
    }
}

/// Students still owing each milestone, late or not yet (in [`DeadlineKind::ALL`] order).
pub fn pending_counts<'s>(students: impl IntoIterator<Item = &'s Student>) -> [usize; 3] {
    let mut counts = [0; 3];
    for student in students {
        for (i, kind) in DeadlineKind::ALL.iter().enumerate() {
            counts[i] += usize::from(kind.is_pending_for(student));
        }
    }
    counts
}

/// Where the cohort stands for a milestone: « 3 élèves encore à examiner : en retard ».
pub fn standing(deadline: &Deadline, pending: usize, today: NaiveDate) -> (String, bool) {
    let late = deadline.is_past(today) && pending > 0;
    let plural = if pending > 1 { "s" } else { "" };
    let kind = deadline.kind;
    let text = match (pending, late) {
        (0, _) => "rien en attente".to_string(),
        (n, true) => format!("{n} élève{plural} {} : en retard", kind.pending()),
        (n, false) => format!("{n} élève{plural} {}", kind.pending()),
    };
    (text, late)
}

/// When a milestone is due, in words: « avant le 17/10/2026 », « fin janvier (…) ».
pub fn due_text(deadline: &Deadline) -> String {
    let before = deadline.before.format("%d/%m/%Y");
    match deadline.kind {
        DeadlineKind::BilanS1 => format!("fin janvier (avant le {before})"),
        _ => format!("avant le {before}"),
    }
}

/// How many students are late for each milestone past on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lateness {
    /// In [`DeadlineKind::ALL`] order.
    pub counts: [usize; 3],
}

impl Lateness {
    /// The first milestone with late students, and how many (for the header).
    pub fn first(&self) -> Option<(DeadlineKind, usize)> {
        DeadlineKind::ALL
            .into_iter()
            .zip(self.counts)
            .find(|(_, n)| *n > 0)
    }

    /// Adds one student's late milestones on `today`.
    pub fn add(&mut self, calendar: &SchoolCalendar, student: &Student, today: NaiveDate) {
        for (i, deadline) in calendar.deadlines().iter().enumerate() {
            if deadline.is_past(today) && deadline.kind.is_pending_for(student) {
                self.counts[i] += 1;
            }
        }
    }
}
