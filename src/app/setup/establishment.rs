//! Settings, first tab: the establishment(s) of the file and their BTS sections.

use crate::app::edits::choice_field;
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App, Field, Form, FormPurpose, Overlay};
use crate::cli::establishment::{EstablishmentFields, check};
use crate::model::{Sector, Value};
use crate::store::Table;

/// One row of the tab: an establishment, or one of its sections under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstablishmentRow {
    Establishment(i64),
    Section(i64),
}

/// The rows in display order: each establishment followed by its sections.
pub fn rows(app: &App) -> Vec<EstablishmentRow> {
    let mut rows = Vec::new();
    for e in &app.data.establishments {
        rows.push(EstablishmentRow::Establishment(e.id));
        rows.extend(
            app.data
                .sections
                .iter()
                .filter(|s| s.establishment_id == e.id)
                .map(|s| EstablishmentRow::Section(s.id)),
        );
    }
    rows
}

pub fn bindings(_app: &App) -> Vec<Binding> {
    use Key::*;
    let mut keys = super::list_moves("ligne précédente / suivante", "première / dernière ligne");
    keys.extend([
        bind(&[Enter], Action::EditField, "modifier la ligne").hint("modifier"),
        bind(&[Char('s')], Action::AddSection, "ajouter une section").hint("section"),
        bind(
            &[Char('I')],
            Action::OpenImport,
            "importer un export SIECLE (aperçu, puis Entrée)",
        )
        .hint("import SIECLE"),
        bind(
            &[Char('+')],
            Action::AddEstablishment,
            "ajouter un établissement (cité scolaire)",
        ),
    ]);
    keys
}

impl App {
    pub(in crate::app) fn update_setup_establishment(&mut self, action: Action) {
        let rows = rows(self);
        if self.setup.moved(&action, rows.len()) {
            return;
        }
        let row = rows.get(self.setup.cursor()).copied();
        match action {
            Action::EditField => match row {
                Some(EstablishmentRow::Establishment(id)) => self.open_establishment_form(Some(id)),
                Some(EstablishmentRow::Section(id)) => {
                    let establishment = self.section_establishment(id);
                    self.open_section_form(Some(id), establishment)
                }
                None => self.open_establishment_form(None),
            },
            Action::AddEstablishment => self.open_establishment_form(None),
            Action::OpenImport => self.open_import_form(),
            Action::AddSection => {
                let establishment = match row {
                    Some(EstablishmentRow::Establishment(id)) => Some(id),
                    Some(EstablishmentRow::Section(id)) => self.section_establishment(id),
                    None => None,
                };
                match establishment {
                    Some(id) => self.open_section_form(None, Some(id)),
                    None => self.info("Renseignez d'abord l'établissement (Entrée)."),
                }
            }
            _ => {}
        }
    }

    fn section_establishment(&self, section: i64) -> Option<i64> {
        self.data
            .sections
            .iter()
            .find(|s| s.id == section)
            .map(|s| s.establishment_id)
    }

    /// The establishment form; `None` creates one.
    pub fn open_establishment_form(&mut self, id: Option<i64>) {
        let Some(seen) = self.seen_for_form(Table::Establishment, id) else {
            return;
        };
        let current = id.and_then(|id| {
            self.data
                .establishments
                .iter()
                .find(|e| e.id == id)
                .cloned()
        });
        let value = |f: fn(&crate::model::Establishment) -> &str| {
            current.as_ref().map(f).unwrap_or_default().to_string()
        };
        let form = Form {
            title: match id {
                Some(_) => "Établissement".into(),
                None => "Nouvel établissement".into(),
            },
            fields: vec![
                Field::text("name", "Nom", &value(|e| &e.name), true),
                Field::text("uai", "UAI", &value(|e| &e.uai), true),
                Field::text("academie", "Académie", &value(|e| &e.academie), true),
                Field::text(
                    "city",
                    "Ville",
                    &value(|e| e.city.as_deref().unwrap_or_default()),
                    false,
                ),
            ],
            focus: 0,
            purpose: FormPurpose::Establishment { id },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(in crate::app) fn save_establishment(
        &mut self,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let city = form.get("city");
        let fields = EstablishmentFields {
            id,
            name: Some(form.get("name")),
            uai: Some(form.get("uai")),
            academie: Some(form.get("academie")),
            city: (!city.is_empty()).then_some(city),
        };
        let changes = check(&fields).map_err(|errors| {
            errors
                .into_iter()
                .map(|(column, reason)| {
                    let label = form
                        .fields
                        .iter()
                        .find(|f| f.key == column)
                        .map_or(column.to_string(), |f| f.label.clone());
                    format!("{label} : {reason}")
                })
                .collect::<Vec<_>>()
                .join(" ; ")
        })?;
        match id {
            Some(id) => {
                let seen = crate::app::seen_row(&form.seen, Table::Establishment, id);
                self.edit_row_seen("Établissement", Table::Establishment, id, &seen, &changes);
            }
            None => {
                self.write_with("Nouvel établissement", None, |w| {
                    w.insert(Table::Establishment, &changes).map(drop)
                });
            }
        }
        Ok(())
    }

    /// The section form; `None` creates one in `establishment`.
    pub fn open_section_form(&mut self, id: Option<i64>, establishment: Option<i64>) {
        let Some(establishment) = establishment else {
            return;
        };
        let Some(seen) = self.seen_for_form(Table::Section, id) else {
            return;
        };
        let current = id.and_then(|id| self.data.sections.iter().find(|s| s.id == id).cloned());
        let form = Form {
            title: match &current {
                Some(s) => format!("Section {}", s.code),
                None => "Nouvelle section de BTS".into(),
            },
            fields: vec![
                Field::text(
                    "code",
                    "Code court (NDRC, MCO…)",
                    current.as_ref().map_or("", |s| &s.code),
                    true,
                ),
                Field::text(
                    "name",
                    "Intitulé",
                    current.as_ref().map_or("", |s| &s.name),
                    true,
                ),
                choice_field(
                    "sector",
                    "Secteur",
                    Sector::ALL,
                    current.as_ref().map(|s| s.sector),
                    true,
                ),
            ],
            focus: 0,
            purpose: FormPurpose::Section { id, establishment },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(in crate::app) fn save_section(
        &mut self,
        id: Option<i64>,
        establishment: i64,
        form: &Form,
    ) -> Result<(), String> {
        let code = form.get("code").to_uppercase();
        if code.chars().count() > 20 || code.contains(char::is_whitespace) {
            return Err("Code court : sans espace, 20 caractères au plus (ex. NDRC).".into());
        }
        let taken = self
            .data
            .sections
            .iter()
            .any(|s| s.establishment_id == establishment && s.code == code && Some(s.id) != id);
        if taken {
            return Err(format!(
                "Code court : la section {code} existe déjà dans cet établissement."
            ));
        }
        let sector = form.get("sector");
        let changes: Vec<(&'static str, Value)> = vec![
            ("code", code.clone().into()),
            ("name", form.get("name").into()),
            ("sector", sector.into()),
        ];
        match id {
            Some(id) => {
                let seen = crate::app::seen_row(&form.seen, Table::Section, id);
                self.edit_row_seen(
                    &format!("Section {code}"),
                    Table::Section,
                    id,
                    &seen,
                    &changes,
                );
            }
            None => {
                let mut changes = changes;
                changes.push(("establishment_id", establishment.into()));
                self.write_with(&format!("Nouvelle section {code}"), None, |w| {
                    w.insert(Table::Section, &changes).map(drop)
                });
            }
        }
        Ok(())
    }
}
