//! Forms of the student page: identity, and the sensitive *conditions de vie* notes.

use super::edits::choice_field;
use super::{App, Field, Form, FormPurpose, Overlay};
use crate::model::*;
use crate::store::Table;

impl App {
    /// Opens the identity form of the current student.
    pub fn open_identity_form(&mut self) {
        let Some(row) = self.current.and_then(|id| self.data.student(id)) else {
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
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(super) fn save_identity(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let birth = form.get("birth_date");
        let birth_date = match birth.as_str() {
            "" => None,
            text => {
                Some(parse_date(text).ok_or("Date de naissance invalide : écrivez JJ/MM/AAAA.")?)
            }
        };
        let rank = form.get("parcoursup_rank");
        let parcoursup_rank = match rank.as_str() {
            "" => None,
            text => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|r| *r > 0)
                    .ok_or("Rang Parcoursup : un nombre entier positif.")?,
            ),
        };
        let ine = form.get("ine").to_uppercase();
        let changes = vec![
            ("last_name", Value::from(form.get("last_name"))),
            ("first_name", form.get("first_name").into()),
            ("ine", Some(ine).filter(|i| !i.is_empty()).into()),
            ("birth_date", birth_date.into()),
            ("bac_pro", (form.get("bac_pro") != "non").into()),
            ("bac_pro_specialty", form.get("bac_pro_specialty").into()),
            ("origin_lycee", form.get("origin_lycee").into()),
            (
                "schooling",
                Schooling::from_code(&form.get("schooling"))
                    .unwrap_or(Schooling::Scolaire)
                    .into(),
            ),
            ("parcoursup_rank", parcoursup_rank.into()),
            (
                "parcours_differencie",
                ParcoursDifferencie::from_code(&form.get("parcours_differencie")).into(),
            ),
        ];
        self.set_student(student, "Identité", changes);
        Ok(())
    }

    /// Opens the *conditions de vie* notes, only once they are shown in clear.
    pub fn open_life_notes_form(&mut self) {
        let Some(student) = self.current else { return };
        if !self.reveal_sensitive {
            self.info("Données sensibles : affichez-les d'abord avec v.");
            return;
        }
        let notes = self
            .detail
            .as_ref()
            .filter(|d| d.student_id == student)
            .map(|d| d.life_notes.clone())
            .unwrap_or_default();
        let fields = LifeArea::ALL
            .iter()
            .map(|area| {
                let text = notes
                    .iter()
                    .find(|n| n.area == *area)
                    .map_or("", |n| n.note.as_str());
                let label = crate::labels::Label::label(*area);
                let mut chars = label.chars();
                let title: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(chars)
                    .collect();
                Field::text(area.code_str(), &title, text, false)
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
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(super) fn save_life_notes(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let current =
            crate::store::Store::life_note_rows(&self.store, student).map_err(|e| e.to_string())?;
        let label = format!("Conditions de vie : {}", self.student_label(student));
        self.write_with(&label, Some(student), |w| {
            for area in LifeArea::ALL {
                let text = form.get(area.code_str());
                match (current.iter().find(|(a, _, _)| a == area), text.is_empty()) {
                    (Some((_, id, version)), true) => w.delete(Table::LifeNote, *id, *version)?,
                    (Some((_, id, version)), false) => {
                        w.update(Table::LifeNote, *id, *version, &[("note", text.into())])?;
                    }
                    (None, false) => {
                        w.insert(
                            Table::LifeNote,
                            &[
                                ("student_id", student.into()),
                                ("area", (*area).into()),
                                ("note", text.into()),
                            ],
                        )?;
                    }
                    (None, true) => {}
                }
            }
            Ok(())
        });
        Ok(())
    }
}
