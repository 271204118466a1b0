//! Printed documents as PDF/A-2b: blocks laid out on A4 pages with French
//! typography, the establishment on every page, drawn by krilla.

mod chart;
pub mod contract;
pub mod establishment;
pub mod family;
pub mod fonts;
pub mod layout;
pub mod module;
pub mod page;
pub mod project;
pub mod recap;
pub mod render;
pub mod report;
mod table;
mod target;
pub mod typography;
pub mod wrap;

use std::path::Path;

use chrono::NaiveDate;

use crate::io::output::{OutputError, Overwrite, write_file};
pub use page::{Bar, Bars, Block, Doc, PageHeader, Signatory, Table};
pub use target::{Printable, school_year, start_year};

/// Why a document was not printed; the destination is then left as it was.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The PDF bytes of `doc`, dated `date` in its metadata.
pub fn pdf_bytes(doc: &Doc, date: NaiveDate) -> Result<Vec<u8>, render::RenderError> {
    render::render(&layout::lay_out(doc), &doc.title, date)
}

/// Writes `doc` to `dest` as PDF/A-2b: all or nothing (a temporary file renamed).
pub fn write_pdf(
    doc: &Doc,
    date: NaiveDate,
    dest: &Path,
    overwrite: Overwrite,
) -> Result<(), PrintError> {
    let bytes = pdf_bytes(doc, date)?;
    write_file(dest, &bytes, overwrite)?;
    Ok(())
}

/// « Fait le 25 novembre 2026 ».
pub fn dated(date: NaiveDate) -> String {
    format!("Fait le {}", crate::model::sessions::long_date(date))
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// A document's wording, parsed from its TOML file in `data/documents/` (embedded in
/// the binary; each document has a test that parses it, so this never fails at run time).
pub fn parse_wording<T: serde::de::DeserializeOwned>(source: &str, file: &str) -> T {
    match toml::from_str(source) {
        Ok(wording) => wording,
        #[allow(clippy::panic)]
        Err(e) => panic!("data/documents/{file}: {e}"),
    }
}
