//! Import of a full Passerelle JSON export (placeholder; the real one comes from another change).

use std::path::Path;

use super::{ImportError, ImportReport, Problem};
use crate::store::Store;

/// Restores a JSON export into an empty database.
pub fn import_json_file(_store: &mut Store, path: &Path) -> Result<ImportReport, ImportError> {
    Err(ImportError::Problems(vec![Problem::new(
        path,
        None,
        None,
        "import JSON pas encore disponible",
    )]))
}
