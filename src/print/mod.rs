//! Printed documents as PDF/A-2b: blocks laid out on A4 pages with French
//! typography, the establishment on every page, drawn by krilla.

pub mod contract;
pub mod fonts;
pub mod layout;
pub mod page;
pub mod render;
mod table;
pub mod typography;
pub mod wrap;

use std::path::Path;

use chrono::NaiveDate;

use crate::io::output::{OutputError, Overwrite, write_file};
pub use page::{Block, Doc, PageHeader, Signatory, Table};

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
