//! Hours in the planner (F8): the grant of the module under the cursor (`h`),
//! the year's envelopes (`E`, a list beside the modules: add, edit, remove), and
//! the hours per section (`S`, in the report box). Every write is undoable; an
//! edit of an existing grant is checked against the row as seen when the form opened.

use super::{Level, school_year};
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App, Field, Form, FormPurpose, Overlay, seen_row};
use crate::model::Value;
use crate::model::catalogue::hours_label;
use crate::model::hours::parse_grant;
use crate::model::planner::HoursGrant;
use crate::model::text::clean_text;
use crate::store::{GrantEdit, Seen, Table};

/// The keys of the envelopes list.
pub fn envelope_bindings() -> Vec<Binding> {
    use Key::*;
    let mut keys = super::list_moves("enveloppe précédente / suivante", "première / dernière");
    keys.extend([
        bind(
            &[Enter],
            Action::EditField,
            "modifier l'enveloppe (0 : la retire)",
        )
        .hint("modifier"),
        bind(
            &[Char('+')],
            Action::AddEnvelope,
            "nouvelle enveloppe de l'année",
        )
        .hint("nouvelle"),
        bind(
            &[Char('x')],
            Action::RemoveGrant,
            "retirer l'enveloppe (u annule)",
        )
        .hint("retirer"),
        bind(&[Esc], Action::Back, "revenir aux modules").hint("retour"),
    ]);
    keys.push(section_binding());
    keys
}

fn section_binding() -> Binding {
    bind(
        &[Key::Char('S')],
        Action::ShowSectionHours,
        "heures par section et par établissement",
    )
}

/// The hours keys of the modules level.
pub fn module_bindings() -> Vec<Binding> {
    use Key::*;
    vec![
        bind(
            &[Char('h')],
            Action::GrantHours,
            "heures accordées au module cette année",
        )
        .hint("heures"),
        bind(
            &[Char('E')],
            Action::ShowEnvelopes,
            "enveloppes de l'année (projets hors modules)",
        )
        .hint("enveloppes"),
        section_binding(),
    ]
}

impl App {
    /// The hours actions of the modules and envelopes levels; false if not one.
    pub(super) fn update_hours(&mut self, action: &Action) -> bool {
        match (self.planner.level, action) {
            (Level::Modules, Action::GrantHours) => self.open_grant_form(),
            (Level::Modules, Action::ShowEnvelopes) => {
                self.planner.level = Level::Envelopes;
                self.planner_fit();
            }
            (Level::Modules | Level::Envelopes, Action::ShowSectionHours) => {
                self.show_section_hours()
            }
            (Level::Envelopes, Action::EditField) => {
                match self.planner.data.hours.envelopes.get(self.planner.cursor()) {
                    Some(grant) => self.open_envelope_form(Some(grant.id)),
                    None => self.open_envelope_form(None),
                }
            }
            (Level::Envelopes, Action::AddEnvelope) => self.open_envelope_form(None),
            (Level::Envelopes, Action::RemoveGrant) => self.remove_envelope(),
            (Level::Envelopes, Action::Back) => self.planner.level = Level::Modules,
            _ => return false,
        }
        true
    }

    /// The grant of a module for the file's (first) establishment, as stored now.
    fn module_grant(&self, module: i64, year: &str) -> Option<HoursGrant> {
        let establishment = self.data.establishments.first().map(|e| e.id);
        let grants = self.store.hours_grants(year).ok()?;
        grants.into_iter().find(|g| {
            g.module_id == Some(module) && g.establishment_id.or(establishment) == establishment
        })
    }

    /// `h`: the form of the module's grant of the year.
    fn open_grant_form(&mut self) {
        let Some(line) = self.planner.data.modules.get(self.planner.cursor()) else {
            return self.info("Aucun module : rien à doter.");
        };
        let module = line.hours.module_id;
        let name = line.hours.name.clone();
        let year = school_year(self);
        self.refresh_if_changed();
        let current = self.module_grant(module, &year);
        let Some(seen) = self.seen_for_form(Table::HoursGrant, current.as_ref().map(|g| g.id))
        else {
            return;
        };
        let fiche = self
            .data
            .module(module)
            .and_then(|m| m.hours_granted)
            .map_or("aucune heure".to_string(), hours_label);
        let hours = current.as_ref().map_or(String::new(), |g| decimal(g.hours));
        let label = current.as_ref().map_or("DHG", |g| g.label.as_str());
        let mut hours_field = Field::text("hours", "Heures accordées", &hours, false);
        hours_field.note = Some(format!(
            "Vide ou 0 : pas de dotation ; le module reprend sa fiche cadre ({fiche})."
        ));
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: format!("Heures accordées {year} : {name}"),
            fields: vec![
                hours_field,
                Field::text("label", "Référence (DHG, projet…)", label, false),
            ],
            focus: 0,
            purpose: FormPurpose::HoursGrant {
                module: Some(module),
                id: current.map(|g| g.id),
            },
            error: None,
            seen,
        })));
    }

    /// An envelope's form; `None` creates one.
    fn open_envelope_form(&mut self, id: Option<i64>) {
        let year = school_year(self);
        let Some(seen) = self.seen_for_form(Table::HoursGrant, id) else {
            return;
        };
        let current = id.and_then(|id| {
            self.planner
                .data
                .hours
                .envelopes
                .iter()
                .find(|g| g.id == id)
                .cloned()
        });
        let mut hours = Field::text(
            "hours",
            "Heures accordées",
            &current.as_ref().map_or(String::new(), |g| decimal(g.hours)),
            current.is_none(),
        );
        hours.note = current
            .is_some()
            .then(|| "0 ou vide : l'enveloppe est retirée (u annule).".to_string());
        let mut label = Field::text(
            "label",
            "Nom du projet",
            current.as_ref().map_or("", |g| &g.label),
            true,
        );
        label.note = Some("Ex. « Ambition BTS 2026 », « projet lecture ».".into());
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: match id {
                Some(_) => format!("Enveloppe {year}"),
                None => format!("Nouvelle enveloppe {year}"),
            },
            fields: vec![label, hours],
            focus: 0,
            purpose: FormPurpose::HoursGrant { module: None, id },
            error: None,
            seen,
        })));
    }

    /// Saves a grant form: adds, changes (Seen rows) or removes the grant.
    pub(in crate::app) fn save_grant(
        &mut self,
        module: Option<i64>,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let hours = parse_grant(&form.get("hours")).map_err(|e| format!("Heures : {e}"))?;
        let mut label = clean_text(&form.get("label"), false);
        let name = match module {
            Some(m) => self
                .data
                .module(m)
                .map_or(String::new(), |m| m.name.clone()),
            None if label.is_empty() => return Err("« Projet » est obligatoire.".into()),
            None => label.clone(),
        };
        if label.is_empty() {
            label = "Dotation".into();
        }
        let what = match module {
            Some(_) => format!("heures accordées à {name}"),
            None => format!("enveloppe {name}"),
        };
        let seen = id.map_or_else(Seen::absent, |id| {
            seen_row(&form.seen, Table::HoursGrant, id)
        });
        match (id, hours) {
            (None, None) if module.is_some() => {
                self.info("Aucune dotation : le module garde les heures de sa fiche cadre.");
                return Ok(());
            }
            (None, None) => {
                return Err("Heures : indiquez un nombre d'heures (ex. 12 ou 12,5).".into());
            }
            (Some(id), Some(hours)) => {
                let changes = [("label", label.into()), ("hours", Value::Real(hours))];
                self.edit_row_seen(&what, Table::HoursGrant, id, &seen, &changes);
                return Ok(());
            }
            _ => {}
        }
        let edit = GrantEdit {
            id,
            school_year: school_year(self),
            module_id: module,
            establishment_id: self.data.establishments.first().map(|e| e.id),
            label,
            hours,
        };
        let what = match hours {
            Some(_) => what,
            None => format!("{what} retirée"),
        };
        self.write_with(&what, None, |w| w.put_grant(&edit, &seen));
        Ok(())
    }

    /// `x` on the envelopes list: removes it at the version shown (a colleague's
    /// change since makes it fail rather than vanish).
    fn remove_envelope(&mut self) {
        let Some(grant) = self
            .planner
            .data
            .hours
            .envelopes
            .get(self.planner.cursor())
            .cloned()
        else {
            return self.info("Aucune enveloppe à retirer (+ : nouvelle).");
        };
        let label = format!("enveloppe {} retirée", grant.label);
        self.write_with(&label, None, |w| {
            w.delete(Table::HoursGrant, grant.id, grant.meta.version)
        });
    }

    /// `S`: the hours per section (and per establishment) in the report box.
    fn show_section_hours(&mut self) {
        let report = &self.planner.data.hours;
        let title = format!("Heures par section — {}", report.school_year);
        let lines = crate::cli::modules::section_lines(report);
        self.show_report(&title, lines, false);
    }
}

/// Hours as typed back in a form: « 12,5 », « 14 ».
fn decimal(hours: f64) -> String {
    hours_label(hours).trim_end_matches(" h").to_string()
}
