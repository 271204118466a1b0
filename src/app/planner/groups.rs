//! A new group of a module: label, leader, capacity, place, period, and its
//! sessions from a typed pattern, created in one write.

use super::school_year;
use crate::app::{App, Field, Form, FormPurpose, Overlay};
use crate::model::calendar::SchoolCalendar;
use crate::model::sessions::parse_pattern;
use crate::model::text::clean_text;
use crate::store::{NewGroup, Pattern};

impl App {
    /// `+` on the groups level: the new group form.
    pub(super) fn open_group_form(&mut self, module: i64) {
        let leaders: Vec<(String, String)> = self
            .data
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| (s.id.to_string(), s.display_name()))
            .collect();
        let periods = (1..=5).map(|p| (p.to_string(), format!("P{p}"))).collect();
        // The first « Groupe X » not taken in the module.
        let taken: Vec<String> = self
            .planner
            .groups()
            .iter()
            .map(|g| g.group.label.clone())
            .collect();
        let label = ('A'..='Z')
            .map(|c| format!("Groupe {c}"))
            .find(|l| !taken.contains(l))
            .unwrap_or_default();
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: "Nouveau groupe".into(),
            fields: vec![
                Field::text("label", "Nom du groupe", &label, true),
                Field::choice("leader", "Animateur", leaders, None, false),
                Field::text("capacity", "Places (vide : sans limite)", "", false),
                Field::text("place", "Lieu", "", false),
                Field::choice("period", "Période", periods, None, false),
                Field::text("pattern", "Séances (motif)", "", true),
            ],
            focus: 0,
            purpose: FormPurpose::PlannerGroup { module },
            error: None,
            seen: Vec::new(),
        })));
    }

    /// Saves the new group form: the group and its sessions in one write.
    pub(in crate::app) fn save_group(&mut self, module: i64, form: &Form) -> Result<(), String> {
        let year = school_year(self);
        let label = clean_text(&form.get("label"), false);
        if label.is_empty() {
            return Err("« Nom du groupe » est obligatoire.".into());
        }
        let capacity = match form.get("capacity").trim() {
            "" => None,
            text => Some(text.parse::<u32>().ok().filter(|c| *c > 0).ok_or_else(|| {
                format!("Places : « {text} » n'est pas un nombre entier positif.")
            })?),
        };
        let pattern = parse_pattern(&form.get("pattern"), &year)
            .map_err(|reason| format!("Séances : {reason}"))?;
        let Some(establishment) = self.data.establishments.first().cloned() else {
            return Err(
                "Renseignez d'abord l'établissement (F7, Réglages) : son académie \
                        donne les vacances."
                    .into(),
            );
        };
        let Some((calendar, _)) = SchoolCalendar::in_use(
            &self.data.calendars,
            establishment.id,
            &establishment.academie,
            &year,
        ) else {
            return Err(format!(
                "Pas de calendrier scolaire pour {year} (F7, Calendrier)."
            ));
        };
        let schedule = pattern.schedule(&calendar);
        if schedule.dates.is_empty() {
            return Err(format!(
                "Séances : aucune date de classe pour « {} ».",
                pattern.describe()
            ));
        }
        let optional =
            |key: &str| Some(clean_text(&form.get(key), false)).filter(|v| !v.is_empty());
        let group = NewGroup {
            module_id: module,
            school_year: year,
            period: form.get("period").parse().ok(),
            label: label.clone(),
            leader_id: form.get("leader").parse().ok(),
            capacity,
            place: optional("place"),
            establishment_id: Some(establishment.id),
        };
        let weekly = Pattern {
            weekday: pattern.weekday,
            from: pattern.from,
            count: pattern.count,
            start: pattern.start,
            minutes: u32::try_from(pattern.minutes).unwrap_or(0),
        };
        let created = self.write_whole(&format!("nouveau groupe {label}"), |w| {
            let id = w.create_group(&group)?;
            let sessions = w.generate_sessions(id, &calendar, &weekly)?;
            Ok((id, sessions.len()))
        });
        if let Some((_, count)) = created {
            let warning = schedule.warning.map_or(String::new(), |w| format!(" {w}"));
            self.info(format!(
                "{label} créé : {count} séance(s), {}.{warning}",
                pattern.describe()
            ));
        }
        Ok(())
    }
}
