//! Which document to print, for whom: one value that the command line and the app
//! both turn into a [`Doc`], so that every document is printed the same way.

use chrono::NaiveDate;

use super::Doc;
use super::contract::{Contract, blocks};
use super::family::Family;
use super::module::ModuleSheet;
use super::project::ProjectFile;
use super::recap::Recap;
use crate::store::{Result, Store};

/// A document the program prints, and what it is about.
/// Copy, as the app's form purposes are: keep the variants' fields small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printable {
    /// The feuille de route / contrat d'engagement of a student.
    Contract { student: i64 },
    /// The fiche cadre of a module, with its groups of the school year starting in `year`.
    Module { module: i64, year: i32 },
    /// The project file for the académie's commission, school year starting in `year`.
    Project { year: i32 },
    /// The recap of a pré-conseil meeting (its id).
    Recap { meeting: i64 },
    /// The dialogue sheet between the establishment and a student's family.
    Family { student: i64 },
    /// The indicators report of every student (the app prints it with the
    /// dashboard's filters, see `App::save_print`).
    Report,
}

/// « 2026-2027 » from its first calendar year.
pub fn school_year(start: i32) -> String {
    format!("{start}-{}", start + 1)
}

/// The first calendar year of « 2026-2027 » (the year of `today` if unreadable).
pub fn start_year(school_year: &str, today: NaiveDate) -> i32 {
    use chrono::Datelike;
    school_year
        .split_once('-')
        .and_then(|(start, _)| start.parse().ok())
        .unwrap_or_else(|| today.year())
}

impl Printable {
    /// The document as the store holds it on `today`; never a sensitive detail.
    pub fn document(&self, store: &Store, today: NaiveDate) -> Result<Doc> {
        match self {
            Printable::Contract { student } => {
                let contract = Contract::build(store, *student, today)?;
                Ok(blocks::document(&contract, today))
            }
            Printable::Module { module, year } => {
                let sheet = ModuleSheet::build(store, *module, &school_year(*year), today)?;
                Ok(super::module::blocks::document(&sheet, today))
            }
            Printable::Project { year } => {
                let project = ProjectFile::build(store, &school_year(*year), today)?;
                Ok(super::project::blocks::document(&project, today))
            }
            Printable::Recap { meeting } => {
                let recap = Recap::build(store, *meeting)?;
                Ok(super::recap::blocks::document(&recap, today))
            }
            Printable::Report => {
                let filter = crate::model::indicators::Filter::default();
                let doc = super::report::of_store(store, &filter, today)
                    .map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?;
                doc.map_err(crate::store::StoreError::Invalid)
            }
            Printable::Family { student } => {
                let family = Family::build(store, *student, today)?;
                Ok(super::family::blocks::document(&family, today))
            }
        }
    }

    /// What was written, for « Contrat écrit : … » (feminine nouns say « écrite »).
    pub fn written(&self) -> &'static str {
        match self {
            Printable::Contract { .. } => "Contrat écrit",
            Printable::Module { .. } => "Fiche cadre écrite",
            Printable::Project { .. } => "Dossier de projet écrit",
            Printable::Recap { .. } => "Compte rendu écrit",
            Printable::Family { .. } => "Fiche famille écrite",
            Printable::Report => "Rapport d'indicateurs écrit",
        }
    }
}
