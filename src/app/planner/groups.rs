//! A new group of a module: label, leader, capacity, place, period, and its
//! sessions from a typed pattern, created in one write.

use chrono::NaiveDate;

use super::school_year;
use crate::app::{App, Field, Form, FormPurpose, Overlay};
use crate::model::calendar::SchoolCalendar;
use crate::model::sessions::parse_pattern;
use crate::model::text::clean_text;
use crate::store::{NewGroup, Pattern};

/// The period under way on `today`, else the next one to start (holidays),
/// else the last (summer): where a team places students now.
pub fn period_now(calendar: &SchoolCalendar, today: NaiveDate) -> Option<u8> {
    let periods = calendar.periods();
    periods
        .iter()
        .find(|p| today <= p.last_day)
        .or(periods.last())
        .map(|p| p.number)
}

impl App {
    /// The school calendar of the planner's year for the (first) establishment:
    /// the team's, else the national one of its zone.
    pub fn planner_calendar(&self) -> Result<SchoolCalendar, String> {
        let year = school_year(self);
        let Some(establishment) = self.data.establishments.first() else {
            return Err(
                "Renseignez d'abord l'établissement (F7, Réglages) : son académie \
                        donne les vacances."
                    .into(),
            );
        };
        SchoolCalendar::in_use(
            &self.data.calendars,
            establishment.id,
            &establishment.academie,
            &year,
        )
        .map(|(calendar, _)| calendar)
        .ok_or_else(|| format!("Pas de calendrier scolaire pour {year} (F7, Calendrier)."))
    }

    /// `+` on the groups level: the new group form.
    pub(super) fn open_group_form(&mut self, module: i64) {
        let leaders: Vec<(String, String)> = self
            .data
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| (s.id.to_string(), s.display_name()))
            .collect();
        // Periods named with their dates; the one under way (or the next) chosen.
        let calendar = self.planner_calendar().ok();
        let periods: Vec<(String, String)> = match &calendar {
            Some(c) => c
                .periods()
                .iter()
                .map(|p| {
                    let name = format!(
                        "{} ({} → {})",
                        p.name(),
                        p.first_day.format("%d/%m"),
                        p.last_day.format("%d/%m")
                    );
                    (p.number.to_string(), name)
                })
                .collect(),
            None => (1..=5).map(|p| (p.to_string(), format!("P{p}"))).collect(),
        };
        let selected = calendar
            .as_ref()
            .and_then(|c| period_now(c, self.today))
            .map(|p| usize::from(p) - 1);
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
                Field::choice("period", "Période", periods, selected, false),
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
        let calendar = self.planner_calendar()?;
        let establishment_id = self.data.establishments.first().map(|e| e.id);
        let schedule = pattern.schedule(&calendar);
        let Some(first) = schedule.dates.first().copied() else {
            return Err(format!(
                "Séances : aucune date de classe pour « {} ».",
                pattern.describe()
            ));
        };
        // No period chosen: the one of the first session.
        let period: Option<u8> = form
            .get("period")
            .parse()
            .ok()
            .or_else(|| calendar.period_of(first).map(|p| p.number));
        let outside = period
            .and_then(|n| calendar.periods().into_iter().find(|p| p.number == n))
            .map_or(0, |p| {
                schedule.dates.iter().filter(|d| !p.contains(**d)).count()
            });
        let optional =
            |key: &str| Some(clean_text(&form.get(key), false)).filter(|v| !v.is_empty());
        let group = NewGroup {
            module_id: module,
            school_year: year,
            period,
            label: label.clone(),
            leader_id: form.get("leader").parse().ok(),
            capacity,
            place: optional("place"),
            establishment_id,
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
            let mut warning = schedule.warning.map_or(String::new(), |w| format!(" {w}"));
            if let (true, Some(n)) = (outside > 0, period) {
                warning.push_str(&format!(" {outside} séance(s) hors de P{n}."));
            }
            self.info(format!(
                "{label} créé : {count} séance(s), {}.{warning}",
                pattern.describe()
            ));
        }
        Ok(())
    }
}
