//! Import of SIECLE exports: the CSV "liste des élèves par division" and the XML
//! `ElevesSansAdresses.xml` (also inside its `.zip`), of one division or of the
//! whole school.
//!
//! [`plan`] reads and checks the whole file and compares it with the database:
//! which divisions are 1st-year BTS and go to which section (existing, or to
//! create with its sector), which pupils are added, already present, left
//! (`DATE_SORTIE`) or set aside. Nothing is written until [`apply`], which writes
//! the plan in one transaction. Importing the same file again later in the year
//! adds the newcomers, records the exits, and changes nothing else.

mod csv;
mod divisions;
mod matcher;
mod plan;
mod preview;
mod xml;

use std::path::Path;

use chrono::NaiveDate;

pub use divisions::{Recognition, recognise};
pub use plan::{
    AsideDivision, AsideReason, DivisionPlan, EstablishmentChoice, ImportPlan, PlanCounts,
    PupilAction, PupilPlan, SectionTarget, plan,
};
pub use preview::Advice;

use super::input;
use super::{ImportError, ImportReport, NewSection, Problem};
use crate::model::text::clean_field;
use crate::model::{ExitCause, Schooling, StudentField};
use crate::store::{CleanStudent, NewStudent, Store};

/// One value as found in the file, with the column or element it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawValue {
    /// Shared by the values of one column: a header is not copied for every row.
    pub field: std::sync::Arc<str>,
    pub text: String,
    /// The line of the value itself, when it is not the pupil's first line (XML).
    pub line: Option<usize>,
}

/// One pupil as read from a SIECLE file, before any check.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawPupil {
    pub line: Option<usize>,
    pub last_name: Option<RawValue>,
    pub first_name: Option<RawValue>,
    pub birth_date: Option<RawValue>,
    pub ine: Option<RawValue>,
    pub division: Option<String>,
    pub exit_date: Option<RawValue>,
    /// `Some(true)` for an apprentice (`CODE_STATUT` AP), when the file says.
    pub apprentice: Option<bool>,
    /// The MEF code (11 characters), when the file gives it.
    pub mef: Option<String>,
    /// The MEF label (« BTS … 1RE ANNEE »), from the nomenclature or a column.
    pub mef_label: Option<String>,
}

/// What a SIECLE file holds, read but not checked.
pub(crate) struct SiecleFile {
    /// The year the school year starts (XML `ANNEE_SCOLAIRE`).
    pub start_year: Option<i32>,
    /// The establishment's UAI (XML `UAJ`).
    pub uai: Option<String>,
    pub pupils: Vec<RawPupil>,
}

/// A checked pupil.
struct Pupil {
    student: NewStudent,
}

/// Imports a SIECLE export (CSV, XML or ZIP) into the database.
///
/// With `section`, every pupil goes to that section; otherwise each division is
/// recognised (1st-year BTS and its specialty) and the others are set aside.
pub fn import_siecle_file(
    store: &mut Store,
    path: &Path,
    section: Option<&str>,
) -> Result<ImportReport, ImportError> {
    let options = SiecleOptions {
        section: section.map(str::to_string),
        ..SiecleOptions::default()
    };
    import_siecle_with(store, path, &options)
}

/// Choices for a SIECLE import; none is needed for a usual export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiecleOptions {
    /// Put the pupils of the divisions kept in this section (code).
    pub section: Option<String>,
    /// Create `section` with this name and sector if it does not exist yet, in the
    /// same transaction as the students.
    pub create: Option<NewSection>,
    /// Keep only the divisions whose name contains one of these texts (accents and
    /// case ignored); the others are listed as set aside.
    pub divisions: Vec<String>,
    /// The establishment (UAI) the sections belong to, when the database has several.
    pub establishment: Option<String>,
}

/// Plans then applies an import (no preview): what the command line does without
/// `--dry-run`, in one call.
pub fn import_siecle_with(
    store: &mut Store,
    path: &Path,
    options: &SiecleOptions,
) -> Result<ImportReport, ImportError> {
    let plan = plan(store, path, options)?;
    let applied = apply(store, &plan)?;
    Ok(ImportReport {
        added: applied.added,
        restored_rows: 0,
        skipped: plan.skipped_reasons(),
    })
}

/// A plan shown to the user, with what computes it again when they confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingImport {
    pub path: std::path::PathBuf,
    pub options: SiecleOptions,
    pub plan: ImportPlan,
}

/// What [`apply`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub added: usize,
    pub exits: usize,
    pub sections_created: usize,
}

/// Writes a plan in one transaction; nothing is written if any write fails (for
/// instance a student edited by a colleague since the plan was made).
pub fn apply(store: &mut Store, plan: &ImportPlan) -> Result<Applied, ImportError> {
    if !plan.writes_anything() {
        return Ok(Applied::default());
    }
    let counts = plan.counts();
    let label = format!(
        "{} ({} élève(s), {} sortie(s))",
        input::import_label("Import SIECLE", &plan.file),
        counts.to_add,
        counts.exits
    );
    store
        .write_import(&label, |w| {
            let establishment = match &plan.establishment {
                EstablishmentChoice::Existing { id, .. } => *id,
                EstablishmentChoice::Placeholder { uai: None } => {
                    w.ensure_default_establishment()?
                }
                EstablishmentChoice::Placeholder { uai: Some(uai) } => {
                    w.ensure_establishment(uai, "Mon établissement", "non renseignée")?
                }
            };
            let mut applied = Applied::default();
            let mut created = std::collections::HashMap::new();
            // Pupils of every division, added together once their cohorts exist.
            let mut added: Vec<(i64, &CleanStudent)> = Vec::new();
            let mut exits = Vec::new();
            for division in &plan.divisions {
                let section = match &division.target {
                    SectionTarget::Existing { id, .. } => *id,
                    SectionTarget::New { code, name, sector } => match created.get(code) {
                        Some(id) => *id,
                        None => {
                            let id = w.ensure_section(establishment, code, name, *sector)?;
                            created.insert(code.clone(), id);
                            id
                        }
                    },
                };
                let mut cohort = None;
                for pupil in &division.pupils {
                    match &pupil.action {
                        PupilAction::Add(student) => {
                            let id = match cohort {
                                Some(id) => id,
                                None => {
                                    *cohort.insert(w.ensure_cohort(section, &plan.school_year)?)
                                }
                            };
                            added.push((id, student.as_ref()));
                        }
                        PupilAction::RecordExit {
                            student_id,
                            version,
                            date,
                        } => exits.push((*student_id, *version, *date)),
                        _ => {}
                    }
                }
            }
            applied.added = w.add_clean_students(&added)?.len();
            for (student_id, version, date) in exits {
                // The cause is unknown to SIECLE; the team completes it.
                w.update_student(
                    student_id,
                    version,
                    &[
                        StudentField::ExitDate(Some(date)),
                        StudentField::ExitCause(Some(ExitCause::Inconnue)),
                    ],
                )?;
                applied.exits += 1;
            }
            applied.sections_created = created.len();
            Ok(applied)
        })
        .map_err(ImportError::from)
}

impl ImportPlan {
    /// One sentence per pupil or division not imported (for [`ImportReport::skipped`]).
    pub fn skipped_reasons(&self) -> Vec<String> {
        let mut out = Vec::new();
        for division in &self.divisions {
            for pupil in &division.pupils {
                let reason = match &pupil.action {
                    PupilAction::Present => "déjà présent".to_string(),
                    PupilAction::LeftBefore { date } => {
                        format!("sorti(e) le {}", date.format("%d/%m/%Y"))
                    }
                    PupilAction::SetAside(reason) => reason.clone(),
                    _ => continue,
                };
                out.push(format!("{} : {reason}", pupil.name));
            }
        }
        for a in &self.aside {
            out.push(format!(
                "division « {} » laissée de côté ({} élève(s))",
                a.division, a.pupils
            ));
        }
        out
    }
}

/// Reads the pupils and, for the XML, the school year and establishment.
///
/// Each copy of the file is dropped as soon as the next one is made: zip, then bytes,
/// then text.
fn read_pupils(path: &Path, bytes: Vec<u8>) -> Result<SiecleFile, ImportError> {
    let one = |p: Problem| ImportError::Problems(vec![p]);
    let xml_bytes = if xml::is_zip(&bytes) {
        let unzipped = xml::unzip(path, &bytes).map_err(one)?;
        drop(bytes);
        unzipped
    } else if xml::is_xml(&bytes) {
        bytes
    } else {
        let text = input::decode_text(path, &bytes).map_err(one)?;
        drop(bytes);
        let pupils = csv::read(path, &text).map_err(ImportError::Problems)?;
        return Ok(SiecleFile {
            start_year: None,
            uai: None,
            pupils,
        });
    };
    let text = xml::decode(path, &xml_bytes).map_err(one)?;
    drop(xml_bytes);
    let export = xml::read(path, &text).map_err(one)?;
    Ok(SiecleFile {
        start_year: export.start_year,
        uai: export.uai,
        pupils: export.pupils,
    })
}

/// « NOM Prénom » of a pupil as written in the file.
fn display_name(raw: &RawPupil) -> String {
    let part = |v: &Option<RawValue>| {
        v.as_ref()
            .and_then(|v| clean_field(&v.text))
            .unwrap_or_default()
    };
    format!("{} {}", part(&raw.last_name), part(&raw.first_name))
        .trim()
        .to_string()
}

/// Checks one pupil (a birth date must be before `today`); every problem found is
/// returned.
fn check(path: &Path, raw: &RawPupil, today: NaiveDate) -> Result<Pupil, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |v: &Option<RawValue>, fallback: &str, message: String| {
        let field = v.as_ref().map_or(fallback, |v| &*v.field);
        let line = v.as_ref().and_then(|v| v.line).or(raw.line);
        problems.push(Problem::new(path, line, Some(field), message));
    };
    fn text(v: &Option<RawValue>) -> &str {
        v.as_ref().map_or("", |v| v.text.as_str())
    }
    let last_name = input::check_name(raw.last_name.as_ref().map(|v| v.text.as_str()), "nom")
        .map_err(|m| problem(&raw.last_name, "Nom", m))
        .ok();
    let first_name = input::check_name(raw.first_name.as_ref().map(|v| v.text.as_str()), "prénom")
        .map_err(|m| problem(&raw.first_name, "Prénom", m))
        .ok();
    let birth_date = input::check_birth_date_before(text(&raw.birth_date), today)
        .map_err(|m| problem(&raw.birth_date, "Date de naissance", m))
        .ok()
        .flatten();
    let ine = input::check_ine(text(&raw.ine))
        .map_err(|m| problem(&raw.ine, "INE", m))
        .ok()
        .flatten();
    match (last_name, first_name) {
        (Some(last_name), Some(first_name)) if problems.is_empty() => Ok(Pupil {
            student: NewStudent {
                last_name,
                first_name,
                ine,
                birth_date,
                // SIECLE does not say which bac the pupil holds; the team corrects.
                bac_pro: true,
                schooling: raw.apprentice.map(|a| {
                    if a {
                        Schooling::Apprenti
                    } else {
                        Schooling::Scolaire
                    }
                }),
                ..Default::default()
            },
        }),
        _ => Err(problems),
    }
}
