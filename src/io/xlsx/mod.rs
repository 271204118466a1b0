//! Workbook for spreadsheets (`passerelle export xlsx`): one sheet per theme,
//! typed cells (dates as dates), bold frozen header, autofilter, no formula.
//!
//! Without `include_sensitive` it holds no conditions de vie (levels, comments,
//! notes) and no free-text note about a pupil (check-in notes).

mod attendance;
mod indicators;
mod sheets;
mod table;

pub use table::{Cell, Table, workbook_bytes};

use super::ExportError;
use crate::store::Store;

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XlsxOptions {
    /// Only the students of this school year (`AAAA-AAAA`); `None`: every year.
    pub year: Option<String>,
    /// Adds the « Conditions de vie » sheet and the check-in notes.
    pub include_sensitive: bool,
}

/// The sheets of the workbook, in order, as plain data.
pub fn workbook_tables(store: &Store, options: &XlsxOptions) -> Result<Vec<Table>, ExportError> {
    // One read transaction, so that a colleague's commit cannot split the workbook.
    let snapshot = store.read_snapshot()?;
    let scope = sheets::Scope::read(store, options.year.as_deref(), options.include_sensitive)?;
    let mut tables = vec![
        sheets::students(&scope),
        sheets::reperage(&scope)?,
        sheets::plans(&scope)?,
        attendance::attendance(&scope)?,
        sheets::checkins(&scope)?,
    ];
    tables.extend(indicators::indicator_tables(&scope)?);
    if options.include_sensitive {
        tables.push(sheets::life(&scope)?);
    }
    snapshot.finish()?;
    Ok(tables)
}

/// The workbook as the bytes of an .xlsx file.
pub fn export_xlsx(store: &Store, options: &XlsxOptions) -> Result<Vec<u8>, ExportError> {
    let tables = workbook_tables(store, options)?;
    Ok(table::workbook_bytes(&tables)?)
}
