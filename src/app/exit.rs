//! The two forms of the follow-up: a point d'étape, and an exit from the training.

use super::overlay::seen_row;
use super::{App, Field, Form, FormPurpose, Overlay, SeenRows};
use crate::model::*;
use crate::store::Table;

/// Days from a point d'étape to the next one proposed (the overdue limit).
pub const NEXT_CHECKIN_DAYS: i64 = CHECKIN_OVERDUE_DAYS;

/// A date typed in a form field, or the sentence telling how to write one.
fn form_date(
    form: &Form,
    key: &str,
    today: chrono::NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    let text = form.get(key);
    if text.is_empty() {
        return Ok(None);
    }
    parse_date_from(&text, today)
        .map(Some)
        .ok_or_else(|| format!("Date « {text} » invalide : écrivez JJ/MM/AAAA ou « aujourd'hui »."))
}

use chrono::NaiveDate;

impl App {
    /// Opens the exit form for the current student.
    pub fn open_exit_form(&mut self) {
        let Some(id) = self.current else { return };
        let mut seen = self.seen_student(id);
        // The modules the exit will end, as they are now.
        match self.store.enrolments(id) {
            Ok(enrolments) => {
                for e in enrolments.iter().filter(|e| e.end_date.is_none()) {
                    match self.store.seen(Table::Enrolment, e.id) {
                        Ok(row) => seen.push((Table::Enrolment, e.id, row)),
                        Err(error) => return self.error(error.to_string()),
                    }
                }
            }
            Err(error) => return self.error(error.to_string()),
        }
        let Some(row) = self.data.student(id) else {
            return;
        };
        let s = &row.student;
        let form = Form {
            title: format!("Sortie de formation — {}", s.display_name()),
            fields: vec![
                Field::date(
                    "date",
                    "Date de sortie",
                    Some(s.exit_date.unwrap_or(self.today)),
                    true,
                ),
                super::edits::choice_field("cause", "Cause", ExitCause::ALL, s.exit_cause, true),
                super::edits::choice_field(
                    "destination",
                    "Destination",
                    ExitDestination::ALL,
                    s.exit_destination,
                    true,
                ),
                super::edits::choice_field(
                    "referral",
                    "Orienté(e) vers",
                    ExitReferral::ALL,
                    s.exit_referral,
                    false,
                ),
                Field::long_text("note", "Note", s.exit_note.as_deref().unwrap_or("")),
            ],
            focus: 0,
            purpose: FormPurpose::Exit { student: id },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Records an exit: the student's modules end that day and the planned
    /// points d'étape are cancelled (the history keeps them), in one change.
    pub(super) fn save_exit(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let exit = ExitForm::parse(form, self.today)?;
        let date = exit.date;
        let s = self
            .data
            .student(student)
            .map(|r| r.student.clone())
            .ok_or("Élève introuvable.")?;
        let mut changes = exit.changes();
        if s.first_checkin_date.is_some_and(|d| d > date) {
            changes.push(StudentField::FirstCheckinDate(None));
        }
        if s.next_checkin_date.is_some() {
            changes.push(StudentField::NextCheckinDate(None));
        }
        let modules: Vec<(i64, crate::store::Seen, NaiveDate)> = form
            .seen
            .iter()
            .filter(|(table, _, _)| *table == Table::Enrolment)
            .map(|(_, id, row)| {
                let start = row.enrolment_start().unwrap_or(date);
                (*id, row.clone(), start.max(date))
            })
            .collect();
        let label = format!("Sortie : {}", s.display_name());
        let seen_student = seen_row(&form.seen, Table::Student, student);
        self.write_with(&label, Some(student), |w| {
            w.update_student_seen(student, &seen_student, &changes)?;
            for (id, row, end) in &modules {
                w.end_enrolment_seen(*id, row, *end, None)?;
            }
            Ok(())
        });
        Ok(())
    }

    /// Opens the point d'étape form for the current student; the next one is
    /// proposed four weeks later.
    pub fn open_checkin_form(&mut self) {
        let Some(id) = self.current else { return };
        let seen = self.seen_student(id);
        let name = self.student_label(id);
        // Nothing is planned for a student who left.
        let exited = self
            .data
            .student(id)
            .is_some_and(|r| r.student.has_exited());
        let next = (!exited).then(|| self.today + chrono::Duration::days(NEXT_CHECKIN_DAYS));
        let form = Form {
            title: format!("Point d'étape — {name}"),
            fields: vec![
                Field::date("date", "Date", Some(self.today), true),
                super::edits::choice_field("attendance", "Assiduité", Attendance::ALL, None, false),
                super::edits::choice_field("progress", "Progrès", Progress::ALL, None, false),
                super::edits::choice_field(
                    "engagement",
                    "Engagement",
                    Engagement::ALL,
                    None,
                    false,
                ),
                Field::long_text("note", "Note (Entrée : à la ligne)", ""),
                Field::date("next", "Prochain point d'étape", next, false),
            ],
            focus: 0,
            purpose: FormPurpose::Checkin { student: id },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Records a point d'étape and the date planned for the next one.
    pub(super) fn save_checkin(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let CheckinForm { checkin, next } = CheckinForm::parse(form, student, self.today)?;
        let date = checkin.date;
        let exited = self
            .data
            .student(student)
            .is_some_and(|r| r.student.has_exited());
        if exited && next.is_some() {
            return Err("Élève sorti de la formation : pas de prochain point d'étape.".into());
        }
        if next.is_some_and(|n| n <= date) {
            return Err("Le prochain point d'étape doit suivre celui-ci.".into());
        }
        let label = format!(
            "Point d'étape du {} : {}",
            date.format("%d/%m/%Y"),
            self.student_label(student)
        );
        let seen: &SeenRows = &form.seen;
        let seen_student = seen_row(seen, Table::Student, student);
        self.write_with(&label, Some(student), |w| {
            w.insert_checkin(&checkin)?;
            w.update_student_seen(
                student,
                &seen_student,
                &[StudentField::NextCheckinDate(next)],
            )
        });
        Ok(())
    }
}

/// The exit form's contents, parsed once.
#[derive(Debug, Clone, PartialEq)]
struct ExitForm {
    date: NaiveDate,
    cause: Option<ExitCause>,
    destination: Option<ExitDestination>,
    referral: Option<ExitReferral>,
    /// `None` when left empty.
    note: Option<String>,
}

impl ExitForm {
    /// Reads the form; `Err` is a French sentence saying what to fix.
    fn parse(form: &Form, today: NaiveDate) -> Result<Self, String> {
        let date = form_date(form, "date", today)?.ok_or("La date de sortie est obligatoire.")?;
        if date > today {
            return Err("La date de sortie est dans le futur.".into());
        }
        Ok(ExitForm {
            date,
            cause: ExitCause::from_code(&form.get("cause")),
            destination: ExitDestination::from_code(&form.get("destination")),
            referral: ExitReferral::from_code(&form.get("referral")),
            note: Some(form.get("note")).filter(|n| !n.is_empty()),
        })
    }

    /// The student's exit fields as the form sets them.
    fn changes(self) -> Vec<StudentField> {
        vec![
            StudentField::ExitDate(Some(self.date)),
            StudentField::ExitCause(self.cause),
            StudentField::ExitDestination(self.destination),
            StudentField::ExitReferral(self.referral),
            StudentField::ExitNote(self.note),
        ]
    }
}

/// The point d'étape form's contents, parsed once: the point d'étape and the
/// date planned for the next one.
#[derive(Debug, Clone, PartialEq)]
struct CheckinForm {
    checkin: NewCheckin,
    next: Option<NaiveDate>,
}

impl CheckinForm {
    /// Reads the form; `Err` is a French sentence saying what to fix.
    fn parse(form: &Form, student: i64, today: NaiveDate) -> Result<Self, String> {
        let date = form_date(form, "date", today)?.ok_or("La date est obligatoire.")?;
        if date > today {
            return Err("La date du point d'étape est dans le futur.".into());
        }
        let next = form_date(form, "next", today)?;
        Ok(CheckinForm {
            checkin: NewCheckin {
                student,
                date,
                attendance: Attendance::from_code(&form.get("attendance")),
                progress: Progress::from_code(&form.get("progress")),
                engagement: Engagement::from_code(&form.get("engagement")),
                note: form.get("note"),
            },
            next,
        })
    }
}
