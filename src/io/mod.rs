//! Imports and exports: SIECLE, CSV, JSON, XLSX.

pub mod anonymous;
pub mod csv_export;
pub mod ics;
pub mod json;
pub mod output;
pub mod xlsx;

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in an input file, located as precisely as possible.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line (CSV, XML) or record number, when known.
    pub line: Option<usize>,
    /// Column or element name, when known.
    pub field: Option<String>,
    /// What is wrong and what to do, in French.
    pub message: String,
}

impl Problem {
    /// A problem at a place in a file.
    pub fn new(
        file: &Path,
        line: Option<usize>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_path_buf(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", champ « {field} »")?;
        }
        write!(f, " : {}", self.message)
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; the database was left as it was.
    #[error("{} problème(s) dans le fichier ; rien n'a été importé.", .0.len())]
    Problems(Vec<Problem>),
    /// The database refused the data (the transaction was rolled back).
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// A section that an import creates if its code is not in the database yet.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSection {
    pub code: String,
    pub name: String,
    pub sector: crate::model::Sector,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Students added.
    pub added: usize,
    /// Rows of every table written by a JSON restore (0 for other imports).
    pub restored_rows: usize,
    /// Records left out on purpose, with the reason (already present, left the school…).
    pub skipped: Vec<String>,
}

/// Why an export produced nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Writing the CSV failed.
    #[error("Écriture du CSV impossible : {0}")]
    Csv(#[from] csv::Error),
    /// Writing the JSON failed.
    #[error("Écriture du JSON impossible : {0}")]
    Json(#[from] serde_json::Error),
    /// Writing the workbook failed.
    #[error("Écriture du classeur XLSX impossible : {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub mod csv_import;
pub(crate) mod input;
pub mod siecle;
pub mod team_csv;
