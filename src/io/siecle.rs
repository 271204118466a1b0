//! TEMP stub
use crate::io::{ImportError, ImportReport};
pub fn import_siecle_file(
    _s: &mut crate::store::Store,
    _p: &std::path::Path,
    _x: Option<&str>,
) -> Result<ImportReport, ImportError> {
    Ok(ImportReport::default())
}
