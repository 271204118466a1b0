//! What can go wrong in the store, worded for the user.

use std::path::PathBuf;

/// Another user's change that a write would have overwritten.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// French name of the changed thing, e.g. "élève 12".
    pub what: String,
    /// Column name.
    pub field: String,
    /// Value now in the database (`None` when sensitive: masked).
    pub their_value: Option<String>,
    /// Value this write wanted to set.
    pub my_value: Option<String>,
    /// Who made the other change, and when.
    pub who: String,
    pub when: String,
    /// Current version, to retry on top of it.
    pub current_version: i64,
    /// The row the write was for, and the changes it wanted to make there
    /// (what "overwrite with mine" re-applies).
    pub table: super::Table,
    pub id: i64,
    pub changes: Vec<(&'static str, crate::model::Value)>,
}

/// Errors of the store, with French messages for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("« {0} » n'est pas une base Passerelle ; le fichier n'a pas été modifié.")]
    NotPasserelle(PathBuf),
    #[error(
        "« {path} » vient d'une version plus récente de Passerelle (schéma {found}, \
         cette version connaît jusqu'au schéma {supported}). Mettez Passerelle à jour ; \
         le fichier n'a pas été modifié."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("La base est endommagée ({0}). Restaurez une sauvegarde (passerelle backup).")]
    Corrupt(String),
    #[error(
        "La base est occupée : un autre utilisateur enregistre en ce moment. \
         Réessayez dans quelques secondes."
    )]
    Busy,
    #[error(
        "Conflit : {} a modifié « {} » ({}) le {} ; valeur actuelle : {}. \
         Votre modification n'a pas été enregistrée.",
        .0.who, crate::labels::field_label(&.0.field), .0.what, crate::labels::timestamp_label(&.0.when),
        .0.their_value.as_deref().map_or("(masquée)".to_string(), |v| crate::labels::value_label(&.0.field, v))
    )]
    Conflict(Box<Conflict>),
    #[error("{0}")]
    Invalid(String),
    #[error("Introuvable : {0}")]
    NotFound(String),
    #[error("Fichier « {path} » : {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Erreur de la base SQLite : {0}")]
    Sqlite(rusqlite::Error),
    #[error("Mise à jour du schéma impossible : {0}")]
    Migration(String),
}

impl StoreError {
    /// Maps SQLite errors, turning lock time-outs into [`StoreError::Busy`].
    pub(crate) fn from_sqlite(error: rusqlite::Error) -> StoreError {
        use rusqlite::ffi::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::NotADatabase) => StoreError::Corrupt("fichier illisible".into()),
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(error.to_string()),
            _ => StoreError::Sqlite(error),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::from_sqlite(error)
    }
}
