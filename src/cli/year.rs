//! `passerelle year [ANNÉE]`: the school calendar of each establishment for a
//! year (dates, periods, phase deadlines and where the cohort stands), 80 columns.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::model::Establishment;
use crate::model::calendar::{
    CalendarOrigin, HolidayKind, SchoolCalendar, due_text, french_day, pending_counts, source_of,
    standing,
};
use crate::store::{Store, StudentRow};

/// The text for one establishment; `rows` are the year's students of its sections.
pub fn render(
    establishment: &Establishment,
    calendar: &SchoolCalendar,
    origin: CalendarOrigin,
    rows: &[&StudentRow],
    today: NaiveDate,
) -> String {
    let mut text = format!(
        "Calendrier scolaire {} — {}\nAcadémie {} ({})\n",
        calendar.school_year,
        establishment.name,
        establishment.academie,
        calendar.zone.label()
    );
    text.push_str(&match origin {
        CalendarOrigin::Stored(_) => "Dates enregistrées par l'équipe.\n".to_string(),
        CalendarOrigin::National => format!(
            "Calendrier national.\nSource : {}.\n",
            source_of(&calendar.school_year).unwrap_or_default()
        ),
        CalendarOrigin::Estimated => {
            "Dates estimées (année non publiée ou hors zone) : à vérifier.\n".into()
        }
    });
    text.push_str(&format!(
        "\n  {:<18}{}\n",
        "Rentrée",
        french_day(calendar.rentree)
    ));
    for kind in HolidayKind::ALL {
        let holiday = calendar.holiday(kind);
        let name = match kind {
            HolidayKind::Toussaint => "Toussaint",
            HolidayKind::Noel => "Noël",
            HolidayKind::Hiver => "Hiver",
            HolidayKind::Printemps => "Printemps",
        };
        text.push_str(&format!(
            "  {:<18}du {} au {}\n",
            name,
            french_day(holiday.first_off),
            french_day(holiday.last_off)
        ));
    }
    text.push_str(&format!(
        "  {:<18}dès le {}\n\nPériodes de cours\n",
        "Vacances d'été",
        french_day(calendar.end)
    ));
    for period in calendar.periods() {
        text.push_str(&format!(
            "  {} {:<22} {} – {}  {:>2} semaines\n",
            period.name(),
            period.label(),
            period.first_day.format("%d/%m/%Y"),
            period.last_day.format("%d/%m/%Y"),
            period.weeks()
        ));
    }
    let days = calendar.school_days(calendar.rentree, calendar.end).len();
    text.push_str(&format!(
        "  {days} jours de classe (jours fériés déduits)\n\nÉchéances du phasage\n"
    ));
    let pending = pending_counts(rows.iter().map(|r| &r.student));
    for (deadline, n) in calendar.deadlines().iter().zip(pending) {
        let (status, _) = standing(deadline, n, today);
        text.push_str(&format!(
            "  {} : {} — {status}\n",
            deadline.kind.label(),
            due_text(deadline)
        ));
    }
    text
}

/// Prints the calendar of `year` (default: the current school year).
pub fn run(store: &Store, year: Option<&str>) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let year = match super::school_year_arg(year, today) {
        Ok(year) => year,
        Err(code) => return Ok(code),
    };
    let establishments = store.establishments()?;
    if establishments.is_empty() {
        eprintln!(
            "Aucun établissement : renseignez-le d'abord (passerelle establishment set …), \
             son académie donne la zone de vacances."
        );
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    }
    let stored = store.school_calendars()?;
    let sections = store.sections()?;
    let students = store.student_rows_in(Some(&year))?;
    let mut text = String::new();
    for establishment in &establishments {
        let Some((calendar, origin)) =
            SchoolCalendar::in_use(&stored, establishment.id, &establishment.academie, &year)
        else {
            continue;
        };
        let rows: Vec<&StudentRow> = students
            .iter()
            .filter(|r| {
                sections
                    .iter()
                    .any(|s| s.id == r.section_id && s.establishment_id == establishment.id)
            })
            .collect();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&render(establishment, &calendar, origin, &rows, today));
    }
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}
