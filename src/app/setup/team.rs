//! Settings, second tab: the team. Members are never deleted: an inactive member
//! stays on the records of the students they followed but leaves the pickers.

use crate::app::edits::choice_field;
use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App, Field, Form, FormPurpose, Overlay};
use crate::model::text::clean_text;
use crate::model::{NewStaff, Staff, StaffField, StaffRole, check_email};
use crate::store::{Seen, Table, fold};

/// The members listed, in display order: active ones by name, then inactive ones
/// (unless hidden).
pub fn rows(app: &App) -> Vec<i64> {
    let mut members: Vec<&Staff> = app
        .data
        .staff
        .iter()
        .filter(|s| s.active || !app.setup.hide_inactive)
        .collect();
    // Each name folded once (an académie's file holds hundreds of members).
    members.sort_by_cached_key(|s| (!s.active, fold(&s.last_name), fold(&s.first_name), s.id));
    members.into_iter().map(|s| s.id).collect()
}

/// How many students a member is the référent of (in the years loaded).
pub fn referent_of(app: &App, id: i64) -> usize {
    let counts = app.tally("referents", String::new(), || {
        let mut counts = std::collections::HashMap::<i64, usize>::new();
        for referent in app
            .data
            .students
            .iter()
            .filter_map(|s| s.student.referent_id)
        {
            *counts.entry(referent).or_default() += 1;
        }
        std::rc::Rc::new(counts)
    });
    counts.get(&id).copied().unwrap_or(0)
}

/// The members who coordinate the scheme, active ones only, as « Prénom Nom ».
pub fn coordinators(app: &App) -> Vec<String> {
    app.data
        .staff
        .iter()
        .filter(|s| s.active && s.coordinator)
        .map(Staff::display_name)
        .collect()
}

pub fn bindings(_app: &App) -> Vec<Binding> {
    use Key::*;
    let mut keys = super::list_moves("membre précédent / suivant", "premier / dernier membre");
    keys.extend([
        bind(&[Enter], Action::EditField, "modifier le membre").hint("modifier"),
        bind(&[Char('+')], Action::AddMember, "ajouter un membre").hint("ajouter"),
        bind(
            &[Char('a')],
            Action::ToggleMemberActive,
            "rendre inactif / actif (au lieu de supprimer)",
        )
        .hint("(in)actif"),
        bind(
            &[Char('c')],
            Action::ToggleCoordinator,
            "coordonne le dispositif ou non (★ ; plusieurs possibles)",
        )
        .hint("coord."),
        bind(
            &[Char('i')],
            Action::ToggleShowInactive,
            "montrer / cacher les membres inactifs",
        ),
        bind(
            &[Char('I')],
            Action::ImportTeam,
            "importer l'équipe d'un fichier CSV (aperçu d'abord)",
        ),
    ]);
    keys
}

impl App {
    pub(in crate::app) fn update_setup_team(&mut self, action: Action) {
        let rows = rows(self);
        if self.setup.moved(&action, rows.len()) {
            return;
        }
        let row = rows.get(self.setup.cursor()).copied();
        let shown = row.and_then(|id| self.data.staff.iter().find(|s| s.id == id).cloned());
        match (action, shown) {
            (Action::EditField, Some(member)) => self.open_member_form(Some(member.id)),
            (Action::EditField | Action::AddMember, _) => self.open_member_form(None),
            (Action::ImportTeam, _) => self.open_team_import_form(),
            (Action::ToggleMemberActive, Some(member)) => {
                let name = member.display_name();
                let (label, after) = if member.active {
                    (
                        format!("{name}, actif → inactif"),
                        format!("{name} sort des listes de choix ; reste sur les fiches passées."),
                    )
                } else {
                    (
                        format!("{name}, inactif → actif"),
                        format!("{name} figure de nouveau dans les listes de choix."),
                    )
                };
                self.toggle_member(&member, &label, StaffField::Active(!member.active), after);
            }
            (Action::ToggleCoordinator, Some(member)) => {
                let name = member.display_name();
                let (label, after) = if member.coordinator {
                    (
                        format!("{name} ne coordonne plus le dispositif"),
                        format!("{name} n'est plus coordonnateur du dispositif."),
                    )
                } else {
                    (
                        format!("{name} coordonne le dispositif"),
                        format!("{name} coordonne le dispositif (★)."),
                    )
                };
                let change = StaffField::Coordinator(!member.coordinator);
                self.toggle_member(&member, &label, change, after);
            }
            (Action::ToggleShowInactive, _) => {
                self.setup.hide_inactive = !self.setup.hide_inactive;
                let hidden = self.data.staff.iter().filter(|s| !s.active).count();
                self.info(if self.setup.hide_inactive {
                    format!("Membres inactifs cachés ({hidden}) : i pour les montrer.")
                } else {
                    "Membres inactifs montrés, en fin de liste.".to_string()
                });
                let len = self::rows(self).len();
                self.setup.clamp(len);
            }
            _ => {}
        }
    }

    /// The form asking for a team CSV file.
    fn open_team_import_form(&mut self) {
        let form = Form {
            title: "Importer l'équipe (CSV)".into(),
            fields: vec![Field::path(
                "file",
                "Fichier (nom;prénom;rôle…)",
                "",
                &["csv", "txt"],
            )],
            focus: 0,
            purpose: FormPurpose::ImportTeam,
            error: None,
            seen: Vec::new(),
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Reads a team file and shows what importing it would do; nothing is written.
    pub(in crate::app) fn preview_team_import(&mut self, form: &Form) -> Result<(), String> {
        let path = crate::app::print::typed_path(form.get("file").trim());
        match crate::io::team_csv::plan_team_import(&self.store, &path) {
            Ok(plan) => {
                self.show_team_preview(path, plan);
                Ok(())
            }
            Err(crate::io::ImportError::Problems(problems)) => {
                self.show_problems("Import de l'équipe refusé", &problems);
                Ok(())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    fn show_team_preview(&mut self, path: std::path::PathBuf, plan: crate::io::team_csv::TeamPlan) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut lines = vec![
            format!("Import de l'équipe depuis {name} : rien n'est encore écrit."),
            String::new(),
        ];
        lines.extend(crate::cli::team::plan_lines(&plan, true));
        let writes = !plan.added.is_empty() || !plan.updated.is_empty();
        lines.push(String::new());
        lines.push(if writes {
            "Entrée importe tout d'un coup ; Échap n'écrit rien.".into()
        } else {
            "Rien à importer : l'équipe est déjà à jour.".into()
        });
        let mut report = crate::app::Report::new("Équipe : aperçu de l'import", lines);
        if writes {
            report.confirm = Some(crate::app::ReportConfirm::ImportTeam(path, Box::new(plan)));
        }
        self.overlay = Some(Overlay::Report(Box::new(report)));
    }

    /// Imports the previewed team file if it and the team still give the same plan;
    /// otherwise shows the new preview.
    pub(in crate::app) fn confirm_team_import(
        &mut self,
        path: std::path::PathBuf,
        shown: crate::io::team_csv::TeamPlan,
    ) {
        use crate::io::team_csv::{apply_team_plan, plan_team_import};
        let fresh = match plan_team_import(&self.store, &path) {
            Ok(fresh) => fresh,
            Err(error) => return self.error(format!("Rien n'a été importé : {error}")),
        };
        if fresh != shown {
            self.show_team_preview(path, fresh);
            return self.info("Le fichier ou l'équipe a changé depuis l'aperçu : aperçu à jour.");
        }
        match apply_team_plan(&mut self.store, &fresh, &path) {
            Ok(()) => {
                self.reload();
                self.info(format!(
                    "Équipe importée : {} ajouté(s), {} modifié(s).",
                    fresh.added.len(),
                    fresh.updated.len()
                ));
            }
            Err(error) => self.error(format!("Rien n'a été importé : {error}")),
        }
    }

    /// One field of a member flipped from the list, checked against the row the list showed.
    fn toggle_member(&mut self, member: &Staff, label: &str, change: StaffField, after: String) {
        self.edit_seen(
            &format!("Équipe : {label}"),
            member.id,
            &Seen::of_staff(member),
            &[change],
        );
        if self.overlay.is_none() && !self.message.as_ref().is_some_and(|m| m.error) {
            self.info(after);
        }
        let rows = rows(self);
        if let Some(i) = rows.iter().position(|id| *id == member.id) {
            self.setup.set_cursor(i);
        } else {
            self.setup.clamp(rows.len());
        }
    }

    /// The form of a team member; `None` adds one.
    pub fn open_member_form(&mut self, id: Option<i64>) {
        let Some(seen) = self.seen_for_form(Table::Staff, id) else {
            return;
        };
        let current = id.and_then(|id| self.data.staff.iter().find(|s| s.id == id).cloned());
        let text = |f: fn(&Staff) -> Option<&str>| {
            current.as_ref().and_then(f).unwrap_or_default().to_string()
        };
        let yes_no = |key: &'static str, label: &str, yes: bool| {
            Field::choice(
                key,
                label,
                vec![("1".into(), "oui".into()), ("0".into(), "non".into())],
                Some(usize::from(!yes)),
                true,
            )
        };
        let form = Form {
            title: match &current {
                Some(s) => format!("Équipe — {}", s.display_name()),
                None => "Nouveau membre de l'équipe".into(),
            },
            fields: vec![
                Field::text("last_name", "Nom", &text(|s| Some(&s.last_name)), true),
                Field::text("first_name", "Prénom", &text(|s| Some(&s.first_name)), true),
                choice_field(
                    "role",
                    "Rôle (←/→ ou initiale)",
                    StaffRole::ALL,
                    current.as_ref().map(|s| s.role),
                    true,
                ),
                Field::text(
                    "discipline",
                    "Discipline",
                    &text(|s| s.discipline.as_deref()),
                    false,
                ),
                Field::text(
                    "organisation",
                    "Organisation (partenaire)",
                    &text(|s| s.organisation.as_deref()),
                    false,
                ),
                Field::text("email", "Courriel", &text(|s| s.email.as_deref()), false),
                yes_no("active", "Actif", current.as_ref().is_none_or(|s| s.active)),
                yes_no(
                    "coordinator",
                    "Coordonne le dispositif",
                    current.as_ref().is_some_and(|s| s.coordinator),
                ),
            ],
            focus: 0,
            purpose: FormPurpose::Member { id },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    pub(in crate::app) fn save_member(
        &mut self,
        id: Option<i64>,
        form: &Form,
    ) -> Result<(), String> {
        let optional = |key: &str| Some(form.get(key)).filter(|v| !v.is_empty());
        let email = optional("email");
        if let Some(email) = &email {
            check_email(email).map_err(|reason| format!("Courriel : {reason}."))?;
        }
        let role = StaffRole::from_code(&form.get("role"))
            .ok_or_else(|| "« Rôle » est obligatoire.".to_string())?;
        let member = NewStaff {
            last_name: clean_text(&form.get("last_name"), false),
            first_name: clean_text(&form.get("first_name"), false),
            role,
            discipline: optional("discipline"),
            organisation: optional("organisation"),
            email,
            active: form.get("active") != "0",
            coordinator: form.get("coordinator") == "1",
        };
        let key = (fold(&member.last_name), fold(&member.first_name));
        let twin = self
            .data
            .staff
            .iter()
            .find(|s| Some(s.id) != id && (fold(&s.last_name), fold(&s.first_name)) == key);
        if let Some(twin) = twin {
            return Err(format!(
                "{} est déjà dans l'équipe{} : modifiez ce membre plutôt que d'en créer un second.",
                twin.display_name(),
                if twin.active { "" } else { " (inactif)" }
            ));
        }
        let name = format!("{} {}", member.first_name, member.last_name);
        match id {
            Some(id) => {
                let seen = crate::app::seen_row(&form.seen, Table::Staff, id);
                self.edit_seen(&format!("Équipe : {name}"), id, &seen, &member.fields());
            }
            None => {
                let added =
                    self.write_with(&format!("Équipe : nouveau membre, {name}"), None, |w| {
                        w.add_member(&member)
                    });
                if let Some(new) = added
                    && let Some(i) = rows(self).iter().position(|id| *id == new)
                {
                    self.setup.set_cursor(i);
                }
            }
        }
        Ok(())
    }
}
