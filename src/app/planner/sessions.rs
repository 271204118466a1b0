//! The sessions of a group: one added by hand, one cancelled with a reason.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::GroupItem;
use crate::app::{App, Field, Form, FormPurpose, Overlay};
use crate::model::planner::SessionStatus;
use crate::model::sessions::parse_minutes;
use crate::model::text::clean_text;

use super::roll::roll_label;

/// « 14 h », « 14h30 », « 14 h 30 », « 14:30 ».
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut normal = compact.to_lowercase().replace('h', ":");
    if normal.ends_with(':') {
        normal.push_str("00");
    }
    NaiveTime::parse_from_str(&normal, "%H:%M").ok()
}

/// The « date » and « start » fields of a session form, or what is wrong.
fn day_and_time(form: &Form, today: NaiveDate) -> Result<(NaiveDate, NaiveTime), String> {
    let date_text = form.get("date");
    let date = crate::model::parse_date_from(&date_text, today)
        .ok_or_else(|| format!("Date : « {date_text} » illisible (JJ/MM/AAAA)."))?;
    let start_text = form.get("start");
    let start = parse_time(&start_text)
        .ok_or_else(|| format!("Heure : « {start_text} » illisible (14 h, 14 h 30)."))?;
    Ok((date, start))
}

impl App {
    /// A session's day: refused outside the planner's school year (a typo in the
    /// year), else a warning to append when it is not a class day.
    fn session_day(&self, date: NaiveDate) -> Result<String, String> {
        let year = super::school_year(self);
        if crate::model::school_year_of(date) != year {
            return Err(format!(
                "Date : le {} n'est pas dans l'année scolaire {year}.",
                date.format("%d/%m/%Y")
            ));
        }
        let calendar = self.planner_calendar().ok();
        let why = if crate::model::calendar::is_public_holiday(date) {
            Some("un jour férié")
        } else if calendar.as_ref().is_some_and(|c| c.is_holiday(date)) {
            Some("pendant les vacances")
        } else if date.weekday().number_from_monday() > 5 {
            Some("un week-end")
        } else {
            None
        };
        Ok(why.map_or(String::new(), |why| format!(" Attention : c'est {why}.")))
    }

    fn form(&mut self, title: String, fields: Vec<Field>, purpose: FormPurpose) {
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title,
            fields,
            focus: 0,
            purpose,
            error: None,
            seen: Vec::new(),
        })));
    }

    /// `c` on a session: asks the reason of its cancellation.
    pub(super) fn open_cancel_form(&mut self) {
        let items = self.planner.group_items(self);
        let Some(GroupItem::Session(session)) = items.get(self.planner.cursor()) else {
            return self.error("c sur une séance (sous les élèves) : l'annuler.");
        };
        if session.status == SessionStatus::Cancelled {
            return self.info("Séance déjà annulée.");
        }
        let title = format!("Annuler la séance du {}", roll_label(session));
        let purpose = FormPurpose::CancelSession {
            session: session.id,
            version: session.meta.version,
        };
        self.form(
            title,
            vec![Field::text("reason", "Motif", "", true)],
            purpose,
        );
    }

    /// `d` on a session: its new day, time and place.
    pub(super) fn open_move_session_form(&mut self) {
        let items = self.planner.group_items(self);
        let Some(GroupItem::Session(session)) = items.get(self.planner.cursor()) else {
            return self.error("d sur une séance (sous les élèves) : la déplacer.");
        };
        if session.status != SessionStatus::Planned {
            return self.info("Seule une séance prévue se déplace (faite ou annulée : non).");
        }
        let title = format!("Déplacer la séance du {}", roll_label(session));
        let purpose = FormPurpose::MoveSession {
            session: session.id,
            version: session.meta.version,
        };
        let fields = vec![
            Field::date("date", "Date", Some(session.date), true),
            Field::text(
                "start",
                "Heure",
                &crate::model::sessions::time_label(session.start),
                true,
            ),
            Field::text(
                "place",
                "Lieu (vide : celui du groupe)",
                session.place.as_deref().unwrap_or(""),
                false,
            ),
        ];
        self.form(title, fields, purpose);
    }

    pub(in crate::app) fn save_moved_session(
        &mut self,
        session: i64,
        version: i64,
        form: &Form,
    ) -> Result<(), String> {
        let (date, start) = day_and_time(form, self.today)?;
        let warning = self.session_day(date)?;
        let place = clean_text(&form.get("place"), false);
        let place = Some(place.as_str()).filter(|p| !p.is_empty());
        let day = date.format("%d/%m/%Y").to_string();
        let label = format!("séance déplacée au {day}");
        if self
            .write_whole(&label, |w| {
                w.move_session(session, version, date, start, place)
            })
            .is_some()
        {
            self.info(format!(
                "Séance déplacée au {day} à {} (u pour annuler).{warning}",
                crate::model::sessions::time_label(start)
            ));
        }
        Ok(())
    }

    /// `+` on the group: a session on a given day.
    pub(super) fn open_session_form(&mut self, group: i64) {
        let last = self
            .planner
            .data
            .sessions
            .iter()
            .rfind(|s| s.group_id == group)
            .cloned();
        let time = last.as_ref().map_or("14 h".to_string(), |s| {
            crate::model::sessions::time_label(s.start)
        });
        let length = last.as_ref().map_or("1 h".to_string(), |s| {
            crate::model::sessions::minutes_label(i64::from(s.minutes))
        });
        self.form(
            "Nouvelle séance".into(),
            vec![
                Field::date("date", "Date", None, true),
                Field::text("start", "Heure", &time, true),
                Field::text("minutes", "Durée", &length, true),
            ],
            FormPurpose::AddSession { group },
        );
    }

    pub(in crate::app) fn save_cancel_session(
        &mut self,
        session: i64,
        version: i64,
        form: &Form,
    ) -> Result<(), String> {
        let reason = clean_text(&form.get("reason"), false);
        if reason.is_empty() {
            return Err("« Motif » est obligatoire.".into());
        }
        let label = format!("séance annulée : {reason}");
        if self
            .write_whole(&label, |w| w.cancel_session(session, version, &reason))
            .is_some()
        {
            self.info(format!("Séance annulée ({reason}) ; u pour annuler."));
        }
        Ok(())
    }

    pub(in crate::app) fn save_session(&mut self, group: i64, form: &Form) -> Result<(), String> {
        let (date, start) = day_and_time(form, self.today)?;
        let warning = self.session_day(date)?;
        let length = form.get("minutes");
        let minutes = parse_minutes(&length)
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| *m > 0)
            .ok_or_else(|| format!("Durée : « {length} » illisible (2 h, 1 h 30, 90 min)."))?;
        let label = format!("séance ajoutée le {}", date.format("%d/%m/%Y"));
        if self
            .write_whole(&label, |w| w.add_session(group, date, start, minutes, None))
            .is_some()
        {
            self.info(format!(
                "Séance ajoutée le {} (u pour annuler).{warning}",
                date.format("%d/%m/%Y")
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn times_are_read_the_french_way() {
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("14 h"), t(14, 0));
        assert_eq!(parse_time("14h30"), t(14, 30));
        assert_eq!(parse_time("8 h 05"), t(8, 5));
        assert_eq!(parse_time("14:30"), t(14, 30));
        assert_eq!(parse_time("25 h"), None);
        assert_eq!(parse_time("midi"), None);
    }
}
