//! Forms of the student page: identity, and the sensitive *conditions de vie* notes.

use super::edits::choice_field;
use super::{App, Field, Form, FormPurpose, Overlay};
use crate::model::*;
use crate::store::Table;
use chrono::NaiveDate;

impl App {
    /// Opens the identity form of the current student.
    pub fn open_identity_form(&mut self) {
        let Some(id) = self.current else { return };
        let seen = self.seen_student(id);
        let Some(row) = self.data.student(id) else {
            return;
        };
        let s = &row.student;
        let date = s
            .birth_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let rank = s.parcoursup_rank.map(|r| r.to_string()).unwrap_or_default();
        let yes_no = vec![
            ("oui".to_string(), "oui".to_string()),
            ("non".to_string(), "non".to_string()),
        ];
        let form = Form {
            title: format!("Identité — {}", s.display_name()),
            fields: vec![
                Field::text("last_name", "Nom", &s.last_name, true),
                Field::text("first_name", "Prénom", &s.first_name, true),
                Field::text("ine", "INE", s.ine.as_deref().unwrap_or(""), false),
                Field::text("birth_date", "Date de naissance", &date, false),
                Field::choice(
                    "bac_pro",
                    "Issu d'un bac pro",
                    yes_no,
                    Some(usize::from(!s.bac_pro)),
                    true,
                ),
                Field::text(
                    "bac_pro_specialty",
                    "Spécialité de bac pro",
                    s.bac_pro_specialty.as_deref().unwrap_or(""),
                    false,
                ),
                Field::text(
                    "origin_lycee",
                    "Lycée d'origine",
                    s.origin_lycee.as_deref().unwrap_or(""),
                    false,
                ),
                choice_field(
                    "schooling",
                    "Statut",
                    Schooling::ALL,
                    Some(s.schooling),
                    true,
                ),
                Field::text("parcoursup_rank", "Rang Parcoursup", &rank, false),
                choice_field(
                    "parcours_differencie",
                    "Parcours différencié",
                    ParcoursDifferencie::ALL,
                    s.parcours_differencie,
                    false,
                ),
            ],
            focus: 0,
            purpose: FormPurpose::Identity { student: s.id },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(super) fn save_identity(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let identity = IdentityForm::parse(form)?;
        self.set_student_seen(student, "Identité", &form.seen, identity.changes());
        Ok(())
    }

    /// Opens the *conditions de vie* notes, only once they are shown in clear.
    pub fn open_life_notes_form(&mut self) {
        let Some(student) = self.current else { return };
        if !self.reveal_sensitive {
            self.info("Données sensibles : affichez-les d'abord avec v.");
            return;
        }
        let seen: super::SeenRows = match self.store.life_note_rows(student) {
            Ok(rows) => rows
                .into_iter()
                .filter_map(|(_, id, _)| {
                    let seen = self.store.seen(Table::LifeNote, id).ok()?;
                    Some((Table::LifeNote, id, seen))
                })
                .collect(),
            Err(error) => return self.error(error.to_string()),
        };
        let note_of = |area: LifeArea| {
            seen.iter()
                .find(|(_, _, s)| s.life_area() == Some(area))
                .and_then(|(_, _, s)| s.life_note())
                .unwrap_or_default()
        };
        let fields = LifeArea::ALL
            .iter()
            .map(|area| {
                let text = note_of(*area);
                let label = crate::labels::Label::label(*area);
                let mut chars = label.chars();
                let title: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(chars)
                    .collect();
                Field::text(area.code_str(), &title, &text, false)
            })
            .collect();
        let form = Form {
            title: format!(
                "Conditions de vie (confidentiel) — {}",
                self.student_label(student)
            ),
            fields,
            focus: 0,
            purpose: FormPurpose::LifeNotes { student },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(super) fn save_life_notes(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let current =
            crate::store::Store::life_note_rows(&self.store, student).map_err(|e| e.to_string())?;
        let label = format!("Conditions de vie : {}", self.student_label(student));
        let seen_of = |area: LifeArea| {
            form.seen
                .iter()
                .find(|(_, _, s)| s.life_area() == Some(area))
                .map_or_else(crate::store::Seen::absent, |(_, _, s)| s.clone())
        };
        self.write_with(&label, Some(student), |w| {
            for area in LifeArea::ALL {
                let text = form.get(area.code_str());
                let seen = seen_of(*area);
                if seen.life_note().unwrap_or_default() == text {
                    // Not changed in this form: whatever is there now stays.
                    continue;
                }
                match (current.iter().find(|(a, _, _)| a == area), text.is_empty()) {
                    (Some((_, id, _)), true) => {
                        // Deleting checks the version seen: someone else's newer note stops it.
                        w.delete_life_note_seen(*id, &seen)?
                    }
                    (Some((_, id, _)), false) => {
                        w.update_life_note_seen(*id, &seen, &text)?;
                    }
                    (None, false) => {
                        w.insert_life_note(&NewLifeNote {
                            student,
                            area: *area,
                            note: text,
                        })?;
                    }
                    (None, true) => {}
                }
            }
            Ok(())
        });
        Ok(())
    }
}

/// The identity form's contents, parsed once.
#[derive(Debug, Clone, PartialEq)]
struct IdentityForm {
    last_name: String,
    first_name: String,
    /// Upper-cased; `None` when left empty.
    ine: Option<String>,
    birth_date: Option<NaiveDate>,
    bac_pro: bool,
    bac_pro_specialty: String,
    origin_lycee: String,
    schooling: Schooling,
    parcoursup_rank: Option<i64>,
    parcours_differencie: Option<ParcoursDifferencie>,
}

impl IdentityForm {
    /// Reads the form; `Err` is a French sentence saying what to fix.
    fn parse(form: &Form) -> Result<Self, String> {
        let birth_date = match form.get("birth_date").as_str() {
            "" => None,
            text => {
                Some(parse_date(text).ok_or("Date de naissance invalide : écrivez JJ/MM/AAAA.")?)
            }
        };
        let parcoursup_rank = match form.get("parcoursup_rank").as_str() {
            "" => None,
            text => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|r| *r > 0)
                    .ok_or("Rang Parcoursup : un nombre entier positif.")?,
            ),
        };
        Ok(IdentityForm {
            last_name: form.get("last_name"),
            first_name: form.get("first_name"),
            ine: Some(form.get("ine").to_uppercase()).filter(|i| !i.is_empty()),
            birth_date,
            bac_pro: form.get("bac_pro") != "non",
            bac_pro_specialty: form.get("bac_pro_specialty"),
            origin_lycee: form.get("origin_lycee"),
            schooling: Schooling::from_code(&form.get("schooling")).unwrap_or(Schooling::Scolaire),
            parcoursup_rank,
            parcours_differencie: ParcoursDifferencie::from_code(&form.get("parcours_differencie")),
        })
    }

    /// The student's fields as the form sets them.
    fn changes(self) -> Vec<StudentField> {
        vec![
            StudentField::LastName(self.last_name),
            StudentField::FirstName(self.first_name),
            StudentField::Ine(self.ine),
            StudentField::BirthDate(self.birth_date),
            StudentField::BacPro(self.bac_pro),
            StudentField::BacProSpecialty(self.bac_pro_specialty),
            StudentField::OriginLycee(self.origin_lycee),
            StudentField::Schooling(self.schooling),
            StudentField::ParcoursupRank(self.parcoursup_rank),
            StudentField::ParcoursDifferencie(self.parcours_differencie),
        ]
    }
}
