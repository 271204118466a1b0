//! `passerelle show`: one student's whole parcours, sensitive data masked.

use std::process::ExitCode;

mod json;
mod layout;
mod text;

pub(crate) use layout::{fit, pad, wrap};

use crate::model::sheet::Sensitive;
use crate::model::*;
use crate::store::Store;

/// Runs the subcommand.
pub fn run(store: &mut Store, query: &str, json: bool) -> anyhow::Result<ExitCode> {
    let Some(student) = resolve_student(store, query, "show")? else {
        return Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    };
    // `show` never prints the conditions de vie: the sheet is built without them.
    let today = chrono::Local::now().date_naive();
    let sheet = store.student_sheet(student.id, today, Sensitive::Masked)?;
    if json {
        let text = serde_json::to_string_pretty(&json::to_json(&sheet))? + "\n";
        super::write_output(None, text.as_bytes(), false)?;
    } else {
        let text = text::render(&sheet);
        super::write_output(None, text.as_bytes(), false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The one student a query (number, INE or name) designates; when none or several
/// match, says so on standard error (with how to be precise) and returns `None`.
pub(crate) fn resolve_student(
    store: &Store,
    query: &str,
    command: &str,
) -> anyhow::Result<Option<Student>> {
    let found = store.find_students(query)?;
    match found.as_slice() {
        [one] => Ok(Some(one.clone())),
        [] => {
            eprintln!("Aucun élève ne correspond à « {query} ».");
            Ok(None)
        }
        many => {
            eprintln!("Plusieurs élèves correspondent à « {query} » :");
            let places = Places::load(store)?;
            for s in many {
                let (section, year) = places.of(s);
                eprintln!(
                    "  n° {:<6} {} {section} {year}",
                    s.id,
                    pad(&s.display_name(), 34)
                );
            }
            eprintln!(
                "Précisez avec le numéro, par exemple : passerelle {command} {}",
                many[0].id
            );
            Ok(None)
        }
    }
}

/// Section and school year of students, by cohort.
struct Places {
    sections: Vec<Section>,
    cohorts: Vec<Cohort>,
}

impl Places {
    fn load(store: &Store) -> anyhow::Result<Places> {
        Ok(Places {
            sections: store.sections()?,
            cohorts: store.cohorts()?,
        })
    }

    fn cohort(&self, s: &Student) -> Option<(&Section, &Cohort)> {
        let cohort = self.cohorts.iter().find(|c| c.id == s.cohort_id)?;
        let section = self.sections.iter().find(|x| x.id == cohort.section_id)?;
        Some((section, cohort))
    }

    fn of(&self, s: &Student) -> (String, String) {
        self.cohort(s)
            .map_or_else(Default::default, |(section, cohort)| {
                (section.code.clone(), cohort.school_year.clone())
            })
    }
}

fn fr(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
