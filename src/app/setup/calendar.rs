//! Settings, calendar tab: the school calendar of one establishment and year
//! (rentrée, holidays, end of year), its periods and the phase deadlines.
//!
//! A year without a stored calendar shows the national default of the
//! establishment's zone; editing a date stores (« adopts ») the whole calendar
//! with that date changed, afterwards each date is edited on its row version.

use chrono::NaiveDate;

use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App, Field, Form, FormPurpose, Overlay};
use crate::model::calendar::{CalendarDate, CalendarOrigin, Lateness, SchoolCalendar};
use crate::model::{Establishment, parse_date_from, school_year_of};
use crate::store::Table;

/// The calendar tab's own state: which establishment and which school year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarTab {
    /// Index in the file's establishments.
    pub establishment: usize,
    /// First calendar year of the school year shown (`None`: the filter's year).
    pub year: Option<i32>,
}

/// What the tab shows: one establishment's calendar for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarView {
    pub establishment: Establishment,
    pub calendar: SchoolCalendar,
    pub origin: CalendarOrigin,
}

fn year_start(school_year: &str) -> Option<i32> {
    school_year.split_once('-')?.0.parse().ok()
}

fn school_year(start: i32) -> String {
    format!("{}-{}", start, start + 1)
}

impl App {
    /// The school year shown by the calendar tab: chosen with ←/→, else the
    /// filter's year, else the year of today.
    pub fn calendar_year(&self) -> String {
        match self.setup.calendar.year {
            Some(start) => school_year(start),
            None => self
                .filter
                .year
                .clone()
                .unwrap_or_else(|| school_year_of(self.today)),
        }
    }

    /// The calendar of the tab (None: no establishment yet).
    pub fn calendar_view(&self) -> Option<CalendarView> {
        let establishments = &self.data.establishments;
        let establishment = establishments
            .get(self.setup.calendar.establishment)
            .or_else(|| establishments.first())?
            .clone();
        let (calendar, origin) = SchoolCalendar::in_use(
            &self.data.calendars,
            establishment.id,
            &establishment.academie,
            &self.calendar_year(),
        )?;
        Some(CalendarView {
            establishment,
            calendar,
            origin,
        })
    }

    /// Students of `school_year` late for a past milestone on `today`, each
    /// against the calendar of their section's establishment.
    /// `section` limits the count to one section.
    pub fn lateness(&self, school_year: &str, section: Option<i64>) -> Lateness {
        let mut late = Lateness::default();
        let mut calendars: Vec<(i64, Option<SchoolCalendar>)> = Vec::new();
        let rows =
            self.data.students.iter().filter(|r| {
                r.school_year == school_year && section.is_none_or(|s| r.section_id == s)
            });
        for row in rows {
            let Some(section) = self.data.sections.iter().find(|s| s.id == row.section_id) else {
                continue;
            };
            let establishment = section.establishment_id;
            let cached = calendars.iter().position(|(e, _)| *e == establishment);
            let index = cached.unwrap_or_else(|| {
                let calendar = self
                    .data
                    .establishments
                    .iter()
                    .find(|e| e.id == establishment)
                    .and_then(|e| {
                        SchoolCalendar::in_use(&self.data.calendars, e.id, &e.academie, school_year)
                    })
                    .map(|(c, _)| c);
                calendars.push((establishment, calendar));
                calendars.len() - 1
            });
            if let Some(calendar) = &calendars[index].1 {
                late.add(calendar, &row.student, self.today);
            }
        }
        late
    }

    /// Students of the view's establishment and year still owing each milestone
    /// (in [`crate::model::calendar::DeadlineKind::ALL`] order), late or not yet.
    pub fn pending_counts(&self, view: &CalendarView) -> [usize; 3] {
        let key = format!("{} {}", view.establishment.id, view.calendar.school_year);
        self.tally("pending", key, || self.count_pending(view))
    }

    fn count_pending(&self, view: &CalendarView) -> [usize; 3] {
        let sections: Vec<i64> = self
            .data
            .sections
            .iter()
            .filter(|s| s.establishment_id == view.establishment.id)
            .map(|s| s.id)
            .collect();
        crate::model::calendar::pending_counts(
            self.data
                .students
                .iter()
                .filter(|r| {
                    r.school_year == view.calendar.school_year && sections.contains(&r.section_id)
                })
                .map(|r| &r.student),
        )
    }

    /// The header's late flag for the filter's year (or this year) and section.
    pub fn late_flag(&self) -> crate::app::LateFlag {
        let year = self
            .filter
            .year
            .clone()
            .unwrap_or_else(|| school_year_of(self.today));
        self.lateness(&year, self.filter.section).first()
    }

    pub(in crate::app) fn update_setup_calendar(&mut self, action: Action) {
        let rows = CalendarDate::ALL.len();
        if self.setup.moved(&action, rows) {
            return;
        }
        match action {
            Action::Left | Action::Right => {
                let step = if action == Action::Left { -1 } else { 1 };
                let current = year_start(&self.calendar_year()).unwrap_or(2026);
                self.setup.calendar.year = Some(current + step);
            }
            Action::NextEstablishment => {
                let n = self.data.establishments.len().max(1);
                self.setup.calendar.establishment = (self.setup.calendar.establishment + 1) % n;
            }
            Action::ResetCalendar => self.reset_calendar(),
            Action::EditField => {
                let which = CalendarDate::ALL[self.setup.cursor().min(rows - 1)];
                self.open_calendar_date_form(which);
            }
            _ => {}
        }
    }

    /// Deletes the stored calendar on the version read (a colleague's later edit
    /// makes it fail rather than vanish); undoable like any write.
    fn reset_calendar(&mut self) {
        let Some(view) = self.calendar_view() else {
            return;
        };
        let CalendarOrigin::Stored(id) = view.origin else {
            return self.info("Ce sont déjà les dates par défaut de la zone.");
        };
        let Some(version) = self
            .data
            .calendars
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.meta.version)
        else {
            return;
        };
        let label = format!(
            "Calendrier {} : dates par défaut rétablies",
            view.calendar.school_year
        );
        self.write_with(&label, None, |w| {
            w.delete(Table::SchoolCalendar, id, version)
        });
    }

    /// The one-date form; the row version is taken now, when editing starts.
    fn open_calendar_date_form(&mut self, which: CalendarDate) {
        self.refresh_if_changed();
        let Some(view) = self.calendar_view() else {
            return self.info("Renseignez d'abord l'établissement (onglet Établissement).");
        };
        let Some(year) = year_start(&view.calendar.school_year) else {
            return;
        };
        let seen = match view.origin {
            CalendarOrigin::Stored(id) => match self.store.seen(Table::SchoolCalendar, id) {
                Ok(seen) => vec![(Table::SchoolCalendar, id, seen)],
                Err(error) => return self.error(error.to_string()),
            },
            _ => Vec::new(),
        };
        let form = Form {
            title: format!("Calendrier {}", view.calendar.school_year),
            fields: vec![Field::date(
                "date",
                &which.label(),
                Some(view.calendar.date(which)),
                true,
            )],
            focus: 0,
            purpose: FormPurpose::CalendarDate {
                establishment: view.establishment.id,
                year,
                which,
            },
            error: None,
            seen,
        };
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Saves one date: validated against the others (order, inside the year),
    /// then written on the version seen, or the whole calendar adopted.
    pub(in crate::app) fn save_calendar_date(
        &mut self,
        establishment: i64,
        year: i32,
        which: CalendarDate,
        form: &Form,
    ) -> Result<(), String> {
        let typed = form.get("date");
        let date: NaiveDate = parse_date_from(&typed, self.today).ok_or_else(|| {
            format!(
                "{} : date illisible « {typed} » (JJ/MM/AAAA).",
                which.label()
            )
        })?;
        let Some(e) = self
            .data
            .establishments
            .iter()
            .find(|e| e.id == establishment)
        else {
            return Err(
                "Établissement introuvable : rechargez (il a peut-être été supprimé).".into(),
            );
        };
        let school_year = school_year(year);
        let (current, origin) =
            SchoolCalendar::in_use(&self.data.calendars, e.id, &e.academie, &school_year)
                .ok_or_else(|| format!("Année scolaire « {school_year} » illisible."))?;
        let changed = current.with_date(which, date);
        changed.validate()?;
        let label = format!("Calendrier {school_year} : {}", which.label());
        match origin {
            CalendarOrigin::Stored(id) => {
                let seen = crate::app::seen_row(&form.seen, Table::SchoolCalendar, id);
                let change = crate::store::date_change(which, date);
                self.edit_row_seen(&label, Table::SchoolCalendar, id, &seen, &[change]);
            }
            CalendarOrigin::National | CalendarOrigin::Estimated => {
                let mut columns = changed.columns();
                columns.push(("establishment_id", establishment.into()));
                self.write_with(&label, None, |w| {
                    w.insert(Table::SchoolCalendar, &columns).map(drop)
                });
            }
        }
        Ok(())
    }
}

pub fn bindings(_app: &App) -> Vec<Binding> {
    use Key::*;
    vec![
        bind(&[Up, Char('k')], Action::Up, "date précédente / suivante"),
        bind(
            &[Down, Char('j')],
            Action::Down,
            "date précédente / suivante",
        ),
        bind(&[Home], Action::Home, "première / dernière date"),
        bind(&[End], Action::End, "première / dernière date"),
        bind(&[Enter], Action::EditField, "modifier la date").hint("modifier"),
        bind(
            &[Left],
            Action::Left,
            "année scolaire précédente / suivante",
        )
        .hint("année"),
        bind(
            &[Right],
            Action::Right,
            "année scolaire précédente / suivante",
        ),
        bind(
            &[Char('n')],
            Action::ResetCalendar,
            "revenir aux dates par défaut de la zone (u annule)",
        ),
        bind(
            &[Char('e')],
            Action::NextEstablishment,
            "établissement suivant (s'il y en a plusieurs)",
        ),
    ]
}
