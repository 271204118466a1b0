//! The catalogue's forms: a module's fiche cadre, a criterion, a difficulty type.
//! Existing rows are saved through their Seen rows, new ones inserted; the code
//! is given once, at creation (other files and records refer to it).

use crate::app::edits::choice_field;
use crate::app::{App, Field, Form, FormPurpose, Overlay, SeenRows};
use crate::model::{
    CompetenceDomain, Domain, ModuleType, Value, hours_label, minutes_label, parse_hours,
    parse_minutes, unique_code, valid_code,
};
use crate::store::Table;

/// The row as it is now and the seen rows to open its form with (`None`: new).
fn seen_rows(app: &mut App, table: Table, id: Option<i64>) -> Result<SeenRows, String> {
    match id {
        Some(id) => app
            .store
            .seen(table, id)
            .map(|seen| vec![(table, id, seen)])
            .map_err(|e| e.to_string()),
        None => Ok(Vec::new()),
    }
}

/// The code field of a new entry.
fn code_field(code: &str) -> Field {
    Field::text("code", "Code (unique, sans espace)", code, true)
}

/// Checks the code of a new entry against the codes already in use.
fn checked_code<'a>(
    form: &Form,
    what: &str,
    taken: impl Iterator<Item = &'a str> + Clone,
) -> Result<String, String> {
    let code = form.get("code");
    if !valid_code(&code) {
        return Err(format!(
            "Code : lettres, chiffres, _ ou - seulement, sans espace, 40 caractères au plus (« {code} »)."
        ));
    }
    if unique_code(&code, taken) != code {
        return Err(format!(
            "Code : {what} « {code} » existe déjà ; choisissez un autre code."
        ));
    }
    Ok(code)
}

/// A whole number field, empty allowed; the message names the field.
fn whole_number(form: &Form, key: &str, label: &str, problems: &mut Vec<String>) -> Value {
    let text = form.get(key);
    if text.is_empty() {
        return Value::Null;
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=100_000).contains(&n) => n.into(),
        _ => {
            problems.push(format!(
                "{label} : un nombre entier est attendu (ex. 8), pas « {text} »."
            ));
            Value::Null
        }
    }
}

/// Difficulty types offered in a form: the active ones, and retired ones already chosen.
fn difficulty_options(app: &App, chosen: &[String]) -> Vec<(String, String)> {
    app.data
        .difficulty_types
        .iter()
        .filter(|d| !d.retired || chosen.contains(&d.code))
        .map(|d| {
            let label = if d.retired {
                format!("{} (retiré)", d.label)
            } else {
                d.label.clone()
            };
            (d.code.clone(), label)
        })
        .collect()
}

impl App {
    /// The fiche cadre of a module; `None` creates one, from a copy of `from` if given.
    pub fn open_module_form(&mut self, id: Option<i64>, from: Option<i64>) {
        self.refresh_if_changed();
        let seen = match seen_rows(self, Table::Module, id) {
            Ok(seen) => seen,
            Err(error) => return self.error(error),
        };
        let current = id.or(from).and_then(|i| self.data.module(i)).cloned();
        let copy = id.is_none() && current.is_some();
        let text = |f: fn(&crate::model::Module) -> Option<&String>| {
            current.as_ref().and_then(f).cloned().unwrap_or_default()
        };
        let number = |f: fn(&crate::model::Module) -> Option<i64>| {
            current
                .as_ref()
                .and_then(f)
                .map_or_else(String::new, |n| n.to_string())
        };
        let name = match (&current, copy) {
            (Some(m), true) => format!("{} (copie)", m.name),
            (Some(m), false) => m.name.clone(),
            (None, _) => String::new(),
        };
        let chosen = current
            .as_ref()
            .map(|m| m.difficulties.clone())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if id.is_none() {
            let code = current.as_ref().map_or_else(String::new, |m| {
                unique_code(&m.code, self.data.modules.iter().map(|m| m.code.as_str()))
            });
            fields.push(code_field(&code));
        }
        fields.extend([
            Field::text("name", "Nom", &name, true),
            choice_field(
                "module_type",
                "Type",
                ModuleType::ALL,
                current.as_ref().map(|m| m.module_type),
                true,
            ),
            choice_field(
                "competence",
                "Compétences",
                CompetenceDomain::ALL,
                current.as_ref().map(|m| m.competence),
                true,
            ),
            Field::multi(
                "difficulties",
                "Difficultés visées",
                difficulty_options(self, &chosen),
                &chosen,
                false,
            ),
            Field::long_text("objectives", "Objectifs", &text(|m| m.objectives.as_ref())),
            Field::long_text("content", "Contenu", &text(|m| m.content.as_ref())),
            Field::text("led_by", "Animé par", &text(|m| m.led_by.as_ref()), false),
            Field::text(
                "sessions",
                "Nombre de séances",
                &number(|m| m.sessions),
                false,
            ),
            Field::text(
                "session_minutes",
                "Durée d'une séance (1 h 30)",
                &current
                    .as_ref()
                    .and_then(|m| m.session_minutes)
                    .map_or_else(String::new, minutes_label),
                false,
            ),
            Field::text(
                "group_size",
                "Taille du groupe",
                &number(|m| m.group_size),
                false,
            ),
            Field::text(
                "period",
                "Période habituelle",
                &text(|m| m.period.as_ref()),
                false,
            ),
            Field::text("place", "Lieu", &text(|m| m.place.as_ref()), false),
            Field::long_text(
                "evaluation",
                "Évaluation des progrès",
                &text(|m| m.evaluation.as_ref()),
            ),
            Field::text(
                "hours_granted",
                "Heures accordées (ex. 12,5)",
                &current
                    .as_ref()
                    .and_then(|m| m.hours_granted)
                    .map_or_else(String::new, |h| {
                        hours_label(h).trim_end_matches(" h").to_string()
                    }),
                false,
            ),
        ]);
        let title = match (&current, id) {
            (Some(m), Some(_)) => format!("Fiche cadre — {}", m.code),
            (Some(m), None) => format!("Nouveau module (copie de {})", m.code),
            (None, _) => "Nouveau module".into(),
        };
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title,
            fields,
            focus: 0,
            purpose: FormPurpose::Module { id },
            error: None,
            seen,
        })));
    }

    pub(in crate::app) fn save_module(
        &mut self,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let mut problems = Vec::new();
        let sessions = whole_number(form, "sessions", "Nombre de séances", &mut problems);
        let group_size = whole_number(form, "group_size", "Taille du groupe", &mut problems);
        let minutes_text = form.get("session_minutes");
        let minutes: Value = if minutes_text.is_empty() {
            Value::Null
        } else {
            match parse_minutes(&minutes_text) {
                Some(m) if m <= 24 * 60 => m.into(),
                _ => {
                    problems.push(format!(
                        "Durée d'une séance : écrivez 1 h 30, 2 h ou 90 (minutes), pas « {minutes_text} »."
                    ));
                    Value::Null
                }
            }
        };
        let hours_text = form.get("hours_granted");
        let hours: Value = if hours_text.is_empty() {
            Value::Null
        } else {
            match parse_hours(&hours_text) {
                Some(h) if h <= 100_000.0 => h.into(),
                _ => {
                    problems.push(format!(
                        "Heures accordées : un nombre est attendu (ex. 12 ou 12,5), pas « {hours_text} »."
                    ));
                    Value::Null
                }
            }
        };
        let code = match id {
            None => match checked_code(
                form,
                "le module",
                self.data.modules.iter().map(|m| m.code.as_str()),
            ) {
                Ok(code) => Some(code),
                Err(problem) => {
                    problems.insert(0, problem);
                    None
                }
            },
            Some(_) => None,
        };
        if !problems.is_empty() {
            return Err(problems.join(" "));
        }
        let name = form.get("name");
        let field = |key: &str| Value::from(form.get(key));
        let changes: Vec<(&'static str, Value)> = vec![
            ("name", name.clone().into()),
            ("module_type", field("module_type")),
            ("competence", field("competence")),
            ("difficulties", field("difficulties")),
            ("objectives", field("objectives")),
            ("content", field("content")),
            ("led_by", field("led_by")),
            ("sessions", sessions),
            ("session_minutes", minutes),
            ("group_size", group_size),
            ("period", field("period")),
            ("place", field("place")),
            ("evaluation", field("evaluation")),
            ("hours_granted", hours),
        ];
        let new_only = code.map(|code| vec![("code", code.into())]);
        let labels = (
            format!("Fiche cadre : {name}"),
            format!("Nouveau module : {name}"),
        );
        self.save_entry(Table::Module, id, form, labels, changes, new_only);
        Ok(())
    }

    /// Writes a catalogue entry: the fields changed since its form opened, or a
    /// new row with `new_only` (code, position…) added; the cursor goes to it.
    fn save_entry(
        &mut self,
        table: Table,
        id: Option<i64>,
        form: &Form,
        (edited, added): (String, String),
        mut changes: Vec<(&'static str, Value)>,
        new_only: Option<Vec<(&'static str, Value)>>,
    ) {
        match (id, new_only) {
            (Some(id), _) => {
                let seen = crate::app::seen_row(&form.seen, table, id);
                self.edit_row_seen(&edited, table, id, &seen, &changes);
            }
            (None, Some(new_only)) => {
                changes.extend(new_only);
                if let Some(id) = self.write_with(&added, None, |w| w.insert(table, &changes)) {
                    self.select_catalogue_entry(table, id);
                }
            }
            (None, None) => {}
        }
    }

    /// A repérage criterion; `None` creates one (at the end of its domain).
    pub fn open_criterion_form(&mut self, id: Option<i64>) {
        self.refresh_if_changed();
        let seen = match seen_rows(self, Table::Criterion, id) {
            Ok(seen) => seen,
            Err(error) => return self.error(error),
        };
        let current = id.and_then(|id| self.data.all_criteria.iter().find(|c| c.id == id).cloned());
        let chosen: Vec<String> = current
            .iter()
            .filter_map(|c| c.difficulty.clone())
            .collect();
        let options = difficulty_options(self, &chosen);
        let selected = chosen
            .first()
            .and_then(|code| options.iter().position(|(c, _)| c == code));
        let mut fields = Vec::new();
        if id.is_none() {
            // The domain is chosen once: moving a criterion out of the conditions de
            // vie would show its values, which are masked there.
            fields.push(code_field(""));
            fields.push(choice_field("domain", "Domaine", Domain::ALL, None, true));
        }
        fields.extend([
            Field::text(
                "label",
                "Intitulé (en-tête de colonne)",
                current.as_ref().map_or("", |c| &c.label),
                true,
            ),
            Field::long_text(
                "description",
                "Description",
                current
                    .as_ref()
                    .and_then(|c| c.description.as_deref())
                    .unwrap_or_default(),
            ),
            Field::choice(
                "difficulty",
                "Difficulté suggérée (niv. 2+)",
                options,
                selected,
                false,
            ),
        ]);
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: match &current {
                Some(c) => format!(
                    "Critère — {} ({})",
                    c.code,
                    crate::labels::Label::label(c.domain)
                ),
                None => "Nouveau critère de repérage".into(),
            },
            fields,
            focus: 0,
            purpose: FormPurpose::Criterion { id },
            error: None,
            seen,
        })));
    }

    pub(in crate::app) fn save_criterion(
        &mut self,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let label = form.get("label");
        let changes: Vec<(&'static str, Value)> = vec![
            ("label", label.clone().into()),
            ("description", form.get("description").into()),
            ("difficulty", form.get("difficulty").into()),
        ];
        let new_only = match id {
            Some(_) => None,
            None => {
                let code = checked_code(
                    form,
                    "le critère",
                    self.data.all_criteria.iter().map(|c| c.code.as_str()),
                )?;
                let position = self
                    .data
                    .all_criteria
                    .iter()
                    .map(|c| c.position)
                    .max()
                    .map_or(0, |p| p + 1);
                Some(vec![
                    ("code", code.into()),
                    ("domain", form.get("domain").into()),
                    ("position", position.into()),
                ])
            }
        };
        let labels = (
            format!("Critère : {label}"),
            format!("Nouveau critère : {label}"),
        );
        self.save_entry(Table::Criterion, id, form, labels, changes, new_only);
        Ok(())
    }

    /// A difficulty type; `None` creates one.
    pub fn open_difficulty_form(&mut self, id: Option<i64>) {
        self.refresh_if_changed();
        let seen = match seen_rows(self, Table::DifficultyType, id) {
            Ok(seen) => seen,
            Err(error) => return self.error(error),
        };
        let current = id.and_then(|id| {
            self.data
                .difficulty_types
                .iter()
                .find(|d| d.id == id)
                .cloned()
        });
        let types: Vec<(String, String)> = ModuleType::ALL
            .iter()
            .map(|t| {
                (
                    t.code().to_string(),
                    crate::labels::Label::label(*t).to_string(),
                )
            })
            .collect();
        let chosen: Vec<String> = current
            .iter()
            .flat_map(|d| d.module_types.iter().map(|t| t.code().to_string()))
            .collect();
        let mut fields = Vec::new();
        if id.is_none() {
            fields.push(code_field(""));
        }
        fields.extend([
            Field::text(
                "label",
                "Intitulé",
                current.as_ref().map_or("", |d| &d.label),
                true,
            ),
            Field::long_text(
                "description",
                "Description",
                current
                    .as_ref()
                    .and_then(|d| d.description.as_deref())
                    .unwrap_or_default(),
            ),
            Field::multi(
                "module_types",
                "Types de module (par rang)",
                types,
                &chosen,
                true,
            ),
        ]);
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: match &current {
                Some(d) => format!("Type de difficulté — {}", d.code),
                None => "Nouveau type de difficulté".into(),
            },
            fields,
            focus: 0,
            purpose: FormPurpose::DifficultyType { id },
            error: None,
            seen,
        })));
    }

    pub(in crate::app) fn save_difficulty_type(
        &mut self,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let label = form.get("label");
        let changes: Vec<(&'static str, Value)> = vec![
            ("label", label.clone().into()),
            ("description", form.get("description").into()),
            ("module_types", form.get("module_types").into()),
        ];
        let new_only = match id {
            Some(_) => None,
            None => Some(vec![(
                "code",
                checked_code(
                    form,
                    "le type de difficulté",
                    self.data.difficulty_types.iter().map(|d| d.code.as_str()),
                )?
                .into(),
            )]),
        };
        let labels = (
            format!("Type de difficulté : {label}"),
            format!("Nouveau type de difficulté : {label}"),
        );
        self.save_entry(Table::DifficultyType, id, form, labels, changes, new_only);
        Ok(())
    }
}
