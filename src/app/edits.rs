//! What the boxes' contents do once confirmed: the writes behind each form.

use super::overlay::{SeenRows, seen_row};
use super::{App, Field, Form, FormPurpose, Overlay, PickerPurpose, TextPurpose};
use crate::labels::Label;
use crate::model::*;
use crate::store::{NewStudent, Table};

impl App {
    /// Label "NOM Prénom" of a student for messages and journal batches.
    pub fn student_label(&self, id: i64) -> String {
        self.data
            .student(id)
            .map_or_else(|| format!("élève {id}"), |s| s.student.display_name())
    }

    /// Sets one field of a student from the snapshot's version.
    pub fn set_student(&mut self, id: i64, what: &str, changes: Vec<StudentField>) {
        let Some(row) = self.data.student(id) else {
            return;
        };
        let label = format!("{what} : {}", row.student.display_name());
        let version = row.student.meta.version;
        self.edit(&label, id, version, &changes, Some(id));
    }

    /// Sets fields of a student edited in a box, checked against the row as seen
    /// when the box opened: only the fields the user changed are written.
    pub fn set_student_seen(
        &mut self,
        id: i64,
        what: &str,
        seen: &SeenRows,
        changes: Vec<StudentField>,
    ) {
        let label = format!("{what} : {}", self.student_label(id));
        self.edit_seen(&label, id, &seen_row(seen, Table::Student, id), &changes);
    }

    /// The student's row as it is now, to open a box on: the snapshot is brought up
    /// to date first, so that the box shows exactly the values remembered.
    pub fn seen_student(&mut self, id: i64) -> SeenRows {
        self.refresh_if_changed();
        match self.store.seen(Table::Student, id) {
            Ok(seen) => {
                let shown = self.data.student(id).map(|s| s.student.meta.version);
                if seen.version.is_some() && seen.version != shown {
                    self.reload();
                }
                vec![(Table::Student, id, seen)]
            }
            Err(error) => {
                self.error(error.to_string());
                Vec::new()
            }
        }
    }

    pub(super) fn apply_text(&mut self, purpose: TextPurpose, text: String, seen: &SeenRows) {
        match purpose {
            TextPurpose::Commitments { student } => self.set_student_seen(
                student,
                "Engagements",
                seen,
                vec![StudentField::Commitments(text)],
            ),
            TextPurpose::BilanS1 { student } => {
                let date = self
                    .data
                    .student(student)
                    .and_then(|s| s.student.bilan_s1_date)
                    .unwrap_or(self.today);
                self.set_student_seen(
                    student,
                    "Bilan S1",
                    seen,
                    vec![
                        StudentField::BilanS1(text),
                        StudentField::BilanS1Date(Some(date)),
                    ],
                )
            }
            TextPurpose::GridComment { student, criterion } => {
                let label = format!("Commentaire de grille : {}", self.student_label(student));
                let cell = seen
                    .iter()
                    .find(|(t, _, _)| *t == Table::GridValue)
                    .map_or_else(crate::store::Seen::absent, |(_, _, s)| s.clone());
                self.write_with(&label, Some(student), |w| {
                    w.set_cell_seen(student, criterion, &cell, &[GridCellChange::Comment(text)])
                });
            }
            TextPurpose::FirstCheckin { student } => match parse_date_from(&text, self.today) {
                Some(date) => self.set_student_seen(
                    student,
                    "Premier point d'étape",
                    seen,
                    vec![StudentField::FirstCheckinDate(Some(date))],
                ),
                None if text.is_empty() => self.set_student_seen(
                    student,
                    "Premier point d'étape",
                    seen,
                    vec![StudentField::FirstCheckinDate(None)],
                ),
                None => {
                    self.error(format!("Date « {text} » invalide : écrivez JJ/MM/AAAA."));
                    self.open_text(purpose);
                }
            },
            TextPurpose::MeetingAttendees => self.save_attendees(text, seen),
        }
    }

    /// Version of a grid cell in the snapshot (`None` if not yet created).
    pub fn cell_version(&self, student: i64, criterion: i64) -> Option<i64> {
        self.cell(student, criterion).map(|c| c.version)
    }

    /// A grid cell in the snapshot (`None` if not yet created).
    pub fn cell(&self, student: i64, criterion: i64) -> Option<super::Cell> {
        let col = self.data.criteria.iter().position(|c| c.id == criterion)?;
        self.data.grid.get(&student)?.get(col).copied().flatten()
    }

    pub(super) fn apply_pick(&mut self, purpose: PickerPurpose, id: i64, seen: &SeenRows) {
        match purpose {
            PickerPurpose::Referent { student } => self.set_student_seen(
                student,
                "Référent",
                seen,
                vec![StudentField::Referent(Some(id))],
            ),
            PickerPurpose::AddModule { student } => {
                let name = self
                    .data
                    .module(id)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                let label = format!("Module {name} : {}", self.student_label(student));
                let today = self.today;
                let checkin = self.checkin_today(student);
                self.write_with(&label, Some(student), |w| {
                    w.insert_enrolment(&NewEnrolment {
                        student,
                        module: id,
                        start: today,
                        checkin,
                    })
                });
            }
            PickerPurpose::Who => {
                let name = self
                    .data
                    .staff
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.display_name());
                if let Some(name) = name {
                    self.set_who(&name);
                }
            }
            PickerPurpose::MoveMember { member, version } => {
                self.move_member_to(member, version, id)
            }
            PickerPurpose::StopModule { student } => {
                let enrolment = seen_row(seen, Table::Enrolment, id);
                let module = enrolment.enrolment_module();
                let name = module
                    .and_then(|m| self.data.module(m))
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                let label = format!("Arrêt du module {name} : {}", self.student_label(student));
                let today = self.today;
                let checkin = self.checkin_today(student);
                self.write_with(&label, Some(student), |w| {
                    w.end_enrolment_seen(id, &enrolment, today, checkin)
                });
            }
        }
    }

    /// Saves a form; `Err` is shown in the form, which stays open.
    pub(super) fn apply_form(&mut self, form: &Form) -> Result<(), String> {
        match form.purpose {
            FormPurpose::Checkin { student } => self.save_checkin(student, form),
            FormPurpose::Exit { student } => self.save_exit(student, form),
            FormPurpose::AddStudent => self.add_student(form),
            FormPurpose::Identity { student } => self.save_identity(student, form),
            FormPurpose::LifeNotes { student } => self.save_life_notes(student, form),
            FormPurpose::ImportSiecle => self.import_siecle(form),
            FormPurpose::ImportTeam => self.preview_team_import(form),
            FormPurpose::Print { target } => self.save_print(&target, form),
            FormPurpose::Establishment { id } => self.save_establishment(id, form),
            FormPurpose::Section { id, establishment } => {
                self.save_section(id, establishment, form)
            }
            FormPurpose::Module { id } => self.save_module(id, form),
            FormPurpose::Criterion { id } => self.save_criterion(id, form),
            FormPurpose::DifficultyType { id } => self.save_difficulty_type(id, form),
            FormPurpose::Member { id } => self.save_member(id, form),
            FormPurpose::CalendarDate {
                establishment,
                year,
                which,
            } => self.save_calendar_date(establishment, year, which, form),
            FormPurpose::PlannerGroup { module } => self.save_group(module, form),
            FormPurpose::CancelSession { session, version } => {
                self.save_cancel_session(session, version, form)
            }
            FormPurpose::AddSession { group } => self.save_session(group, form),
            FormPurpose::MoveSession { session, version } => {
                self.save_moved_session(session, version, form)
            }
            FormPurpose::HoursGrant { module, id } => self.save_grant(module, id, form),
        }
    }

    fn add_student(&mut self, form: &Form) -> Result<(), String> {
        let AddStudentForm {
            student,
            code,
            name,
            sector,
            year,
        } = AddStudentForm::parse(form, self.today)?;
        // Codes are unique per establishment only: a shared code is refused.
        let existing = match crate::model::sections::find_section(
            &self.data.sections,
            &self.data.establishments,
            &code,
            None,
        ) {
            Ok(section) => Some(section.id),
            Err(crate::model::sections::SectionLookupError::Ambiguous {
                code,
                establishments,
            }) => {
                return Err(format!(
                    "Plusieurs établissements ont une section « {code} » ({}) : dans Réglages, \
                     donnez à l'une d'elles un code qui n'appartient qu'à elle.",
                    establishments.join(", ")
                ));
            }
            Err(_) => None,
        };
        if existing.is_none() && sector.is_none() {
            return Err(format!(
                "Section « {code} » nouvelle : choisissez son secteur (production ou services)."
            ));
        }
        let label = format!(
            "Ajout de l'élève {} {}",
            student.last_name.to_uppercase(),
            student.first_name
        );
        let id = self.write_with(&label, None, |w| {
            let section = match existing {
                Some(id) => id,
                None => {
                    let est = w.ensure_default_establishment()?;
                    let title = if name.is_empty() {
                        format!("BTS {code}")
                    } else {
                        name.clone()
                    };
                    w.ensure_section(est, &code, &title, sector.unwrap_or(Sector::Services))?
                }
            };
            let cohort = w.ensure_cohort(section, &year)?;
            w.add_student(cohort, &student)
        });
        if let Some(id) = id {
            self.set_current(Some(id));
            self.filter.year = Some(year);
            if self.data.scope.is_some() && self.data.scope != self.filter.year {
                self.reload();
            }
            self.sync_cursor();
        }
        Ok(())
    }

    /// Adds a team member typed as "Prénom Nom" and makes them the student's référent.
    pub(super) fn add_referent(&mut self, student: i64, typed: &str) {
        let cleaned = crate::model::text::clean_text(typed, false);
        let mut words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.len() < 2 {
            self.error("Écrivez le prénom puis le nom du nouveau référent (ex. Claire Martin).");
            return;
        }
        let last = words.split_off(1).join(" ");
        let first = words.join(" ");
        let version = self.data.student(student).map(|s| s.student.meta.version);
        let Some(version) = version else { return };
        // A name already in the team (an inactive member, or spelt differently) is
        // that member again, never a second one.
        let key = (crate::store::fold(&last), crate::store::fold(&first));
        let known = self
            .data
            .staff
            .iter()
            .find(|s| {
                (
                    crate::store::fold(&s.last_name),
                    crate::store::fold(&s.first_name),
                ) == key
            })
            .map(|s| (s.id, s.meta.version, s.active));
        let label = match known {
            Some((_, _, false)) => format!(
                "Référent {first} {last}, de nouveau actif : {}",
                self.student_label(student)
            ),
            Some(_) => format!("Référent {first} {last} : {}", self.student_label(student)),
            None => format!(
                "Nouveau référent {first} {last} : {}",
                self.student_label(student)
            ),
        };
        // The team changes too: `None` reloads everything, not just this student.
        self.write_with(&label, None, |w| {
            let staff = match known {
                Some((id, member_version, active)) => {
                    if !active {
                        w.update_staff(id, member_version, &[StaffField::Active(true)])?;
                    }
                    id
                }
                None => w.add_staff(&last, &first, StaffRole::ProfBts)?,
            };
            w.update_student(student, version, &[StudentField::Referent(Some(staff))])
        });
    }

    /// Opens the SIECLE import form.
    pub fn open_import_form(&mut self) {
        let seen = Vec::new();
        let form = Form {
            title: "Importer un fichier SIECLE".into(),
            fields: vec![
                Field::path(
                    "file",
                    "Fichier (CSV, XML ou ZIP)",
                    "",
                    &["csv", "xml", "zip", "txt"],
                ),
                // Left empty, the 1st-year BTS divisions are recognised alone.
                Field::text("division", "Seulement la division", "", false),
                Field::text("section", "Forcer la section (code)", "", false),
                Field::text("section_name", "Intitulé (section à créer)", "", false),
                choice_field(
                    "sector",
                    "Secteur (section à créer)",
                    Sector::ALL,
                    None,
                    false,
                ),
            ],
            focus: 0,
            purpose: FormPurpose::ImportSiecle,
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Opens the "add a student" form.
    pub fn open_add_student_form(&mut self) {
        let seen = Vec::new();
        let year = school_year_of(self.today);
        let form = Form {
            title: "Ajouter un élève".into(),
            fields: vec![
                Field::text("last_name", "Nom", "", true),
                Field::text("first_name", "Prénom", "", true),
            ]
            .into_iter()
            .chain(section_fields(true))
            .chain([
                Field::text("year", "Année scolaire", &year, false),
                Field::text("ine", "INE (facultatif)", "", false),
                Field::choice(
                    "bac_pro",
                    "Issu d'un bac pro",
                    vec![("oui".into(), "oui".into()), ("non".into(), "non".into())],
                    Some(0),
                    true,
                ),
            ])
            .collect(),
            focus: 0,
            purpose: FormPurpose::AddStudent,
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Opens a text editor on a student's long text field.
    pub fn open_text(&mut self, purpose: TextPurpose) {
        let seen = match purpose {
            TextPurpose::Commitments { student }
            | TextPurpose::BilanS1 { student }
            | TextPurpose::FirstCheckin { student } => self.seen_student(student),
            TextPurpose::GridComment { student, criterion } => {
                match self.store.seen_cell(student, criterion) {
                    Ok(cell) => vec![(Table::GridValue, 0, cell)],
                    Err(error) => return self.error(error.to_string()),
                }
            }
            TextPurpose::MeetingAttendees => {
                let (text, seen) = self.seen_attendees();
                let title = "Participants de la réunion (noms et fonctions)";
                self.overlay = Some(Overlay::Text(Box::new(
                    super::TextEditor::new(title, &text, false, purpose).with_seen(seen),
                )));
                return;
            }
        };
        let (title, text, multiline) = match purpose {
            TextPurpose::Commitments { student } => {
                let s = self
                    .data
                    .student(student)
                    .map(|s| s.student.commitments.clone().unwrap_or_default());
                (
                    format!("Engagements — {}", self.student_label(student)),
                    s.unwrap_or_default(),
                    true,
                )
            }
            TextPurpose::BilanS1 { student } => {
                let s = self
                    .data
                    .student(student)
                    .map(|s| s.student.bilan_s1.clone().unwrap_or_default());
                (
                    format!("Bilan du semestre 1 — {}", self.student_label(student)),
                    s.unwrap_or_default(),
                    true,
                )
            }
            TextPurpose::GridComment { student, criterion } => {
                let comment = seen
                    .first()
                    .and_then(|(_, _, cell)| cell.cell_comment())
                    .unwrap_or_default();
                let crit = self.data.criterion_label(criterion);
                (
                    format!("Commentaire « {crit} » — {}", self.student_label(student)),
                    comment,
                    true,
                )
            }
            TextPurpose::FirstCheckin { student } => {
                let date = self
                    .data
                    .student(student)
                    .and_then(|s| s.student.first_checkin_date)
                    .unwrap_or(
                        self.today + chrono::Duration::days(super::meeting::FIRST_CHECKIN_DAYS),
                    );
                (
                    format!(
                        "Premier point d'étape (JJ/MM/AAAA) — {}",
                        self.student_label(student)
                    ),
                    date.format("%d/%m/%Y").to_string(),
                    false,
                )
            }
            TextPurpose::MeetingAttendees => return,
        };
        self.overlay = Some(Overlay::Text(Box::new(
            super::TextEditor::new(title, &text, multiline, purpose).with_seen(seen),
        )));
    }
}

/// The "add a student" form's contents, parsed once.
#[derive(Debug, Clone, PartialEq)]
struct AddStudentForm {
    student: NewStudent,
    /// Section code, upper-cased.
    code: String,
    /// Section title if the section is new (empty: "BTS <code>").
    name: String,
    /// Section sector if the section is new.
    sector: Option<Sector>,
    /// School year, this one when left empty.
    year: String,
}

impl AddStudentForm {
    /// Reads the form; `Err` is a French sentence saying what to fix.
    fn parse(form: &Form, today: chrono::NaiveDate) -> Result<Self, String> {
        let year = form.get("year");
        if !year.is_empty() && !is_school_year(&year) {
            return Err("Année scolaire invalide : écrivez par exemple 2026-2027.".into());
        }
        Ok(AddStudentForm {
            student: NewStudent {
                last_name: form.get("last_name"),
                first_name: form.get("first_name"),
                ine: Some(form.get("ine")).filter(|s| !s.is_empty()),
                bac_pro: form.get("bac_pro") != "non",
                ..NewStudent::default()
            },
            code: form.get("section").to_uppercase(),
            name: form.get("section_name"),
            sector: Sector::from_code(&form.get("sector")),
            year: if year.is_empty() {
                school_year_of(today)
            } else {
                year
            },
        })
    }
}

/// Section code, and the name and sector used when that section is new.
fn section_fields(required: bool) -> [Field; 3] {
    [
        Field::text("section", "Section (code, ex. NDRC)", "", required),
        Field::text("section_name", "Intitulé (si nouvelle section)", "", false),
        choice_field(
            "sector",
            "Secteur (si nouvelle section)",
            Sector::ALL,
            None,
            false,
        ),
    ]
}

/// A choice field over a code enum.
pub(super) fn choice_field<T: Label + PartialEq + Coded>(
    key: &'static str,
    label: &str,
    all: &[T],
    current: Option<T>,
    required: bool,
) -> Field {
    let options: Vec<(String, String)> = all
        .iter()
        .map(|v| (v.code_str().to_string(), v.label().to_string()))
        .collect();
    let selected = current.and_then(|c| all.iter().position(|v| *v == c));
    Field::choice(key, label, options, selected, required)
}

fn is_school_year(text: &str) -> bool {
    let mut parts = text.split('-');
    match (
        parts.next().and_then(|a| a.parse::<i32>().ok()),
        parts.next().and_then(|b| b.parse::<i32>().ok()),
        parts.next(),
    ) {
        (Some(a), Some(b), None) => b == a + 1 && (1990..2100).contains(&a),
        _ => false,
    }
}
