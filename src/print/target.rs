//! Which document to print, for whom: one value that the command line and the app
//! both turn into a [`Doc`], so that every document is printed the same way.

use chrono::NaiveDate;

use super::Doc;
use super::contract::{Contract, blocks};
use super::family::Family;
use super::recap::Recap;
use crate::store::{Result, Store};

/// A document the program prints, and what it is about.
/// Copy, as the app's form purposes are: keep the variants' fields small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printable {
    /// The feuille de route / contrat d'engagement of a student.
    Contract { student: i64 },
    /// The recap of a pré-conseil meeting (its id).
    Recap { meeting: i64 },
    /// The dialogue sheet between the establishment and a student's family.
    Family { student: i64 },
}

impl Printable {
    /// The document as the store holds it on `today`; never a sensitive detail.
    pub fn document(&self, store: &Store, today: NaiveDate) -> Result<Doc> {
        match self {
            Printable::Contract { student } => {
                let contract = Contract::build(store, *student, today)?;
                Ok(blocks::document(&contract, today))
            }
            Printable::Recap { meeting } => {
                let recap = Recap::build(store, *meeting)?;
                Ok(super::recap::blocks::document(&recap, today))
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
            Printable::Recap { .. } => "Compte rendu écrit",
            Printable::Family { .. } => "Fiche famille écrite",
        }
    }
}
