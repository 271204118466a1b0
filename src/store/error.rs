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
    #[error(
        "La base est endommagée ({0}). Gardez une copie du fichier tel quel, puis \
         restaurez votre dernière sauvegarde (faite avec passerelle backup)."
    )]
    Corrupt(String),
    #[error(
        "La base est occupée : un autre utilisateur enregistre en ce moment. \
         Réessayez dans quelques secondes."
    )]
    Busy,
    /// Another program holds the file locked for a long time (not a colleague's save).
    #[error(
        "La base « {} » est verrouillée par un autre programme (un autre logiciel SQLite, \
         une synchronisation ou une sauvegarde en cours…). Fermez ce programme puis \
         réessayez ; ne supprimez pas les fichiers -wal et -shm, ils contiennent peut-être \
         les dernières modifications.",
        .0.display()
    )]
    Locked(PathBuf),
    /// The database file itself cannot be written.
    #[error(
        "Le fichier « {} » est en lecture seule : Passerelle ne peut rien y enregistrer \
         (la base n'est pas endommagée). Pour modifier, demandez le droit d'écriture sur ce \
         fichier ou travaillez sur une copie ; pour consulter, Passerelle l'ouvre en lecture seule.",
        .0.display()
    )]
    ReadOnlyFile(PathBuf),
    /// The folder cannot be written: SQLite cannot create its -wal and -shm files there.
    #[error(
        "Le dossier « {} » est en lecture seule : SQLite doit pouvoir y créer ses fichiers \
         de travail (-wal, -shm) à côté de la base (la base n'est pas endommagée). Pour \
         modifier, placez la base dans un dossier où vous pouvez écrire, ou demandez ce droit ; \
         pour consulter, Passerelle l'ouvre en lecture seule.",
        .0.display()
    )]
    ReadOnlyFolder(PathBuf),
    /// A write on a store opened read-only.
    // Short enough for the message line of an 80-column terminal.
    #[error("Lecture seule ({0}) : rien n'a été enregistré.")]
    ReadOnly(ReadOnlyCause),
    /// No space left (or a size limit reached): the change was rolled back.
    #[error(
        "Le disque est plein : rien n'a été enregistré (la base n'est pas endommagée). \
         Libérez de la place, ou demandez-le à l'administrateur, puis réessayez."
    )]
    DiskFull,
    /// The file cannot be opened at all (missing folder, no access…).
    #[error(
        "Impossible d'ouvrir la base « {} » : vérifiez que le dossier existe et que vous \
         avez le droit d'y accéder (détail technique : {detail}).",
        .path.display()
    )]
    CannotOpen { path: PathBuf, detail: String },
    /// The system failed to read or write the disk (removed USB key, network share…).
    #[error(
        "Lecture ou écriture du disque impossible : vérifiez le support (clé USB retirée, \
         partage réseau coupé…) puis réessayez ; rien n'a été enregistré \
         (détail technique : {0})."
    )]
    DiskIo(String),
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
    #[error("Fichier « {} » : {}.", .path.display(), crate::io::output::io_reason(.source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("La base de données a refusé l'opération (détail technique : {0}).")]
    Sqlite(rusqlite::Error),
    #[error(
        "Mise à jour du schéma impossible ; la base n'a pas été modifiée \
         (détail technique : {0})."
    )]
    Migration(String),
}

/// Why a store was opened for reading only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyCause {
    /// The database file cannot be written.
    File,
    /// Its folder cannot be written (no -wal / -shm files can be created).
    Folder,
}

impl std::fmt::Display for ReadOnlyCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReadOnlyCause::File => "fichier de la base non modifiable",
            ReadOnlyCause::Folder => "dossier de la base non modifiable",
        })
    }
}

impl StoreError {
    /// Maps SQLite errors to French sentences, turning lock time-outs into
    /// [`StoreError::Busy`]; the English text of SQLite stays in parentheses at most.
    pub(crate) fn from_sqlite(error: rusqlite::Error) -> StoreError {
        use rusqlite::ffi::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::NotADatabase) => StoreError::Corrupt("fichier illisible".into()),
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(error.to_string()),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(
                if extended_code(&error) == Some(rusqlite::ffi::SQLITE_READONLY_DIRECTORY) {
                    ReadOnlyCause::Folder
                } else {
                    ReadOnlyCause::File
                },
            ),
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskIo(error.to_string()),
            _ => StoreError::Sqlite(error),
        }
    }

    /// When opening failed only because nothing can be written, why: the database
    /// can still be opened for reading ([`super::Store::open_read_only`]).
    pub fn read_only_cause(&self) -> Option<ReadOnlyCause> {
        match self {
            StoreError::ReadOnlyFile(_) => Some(ReadOnlyCause::File),
            StoreError::ReadOnlyFolder(_) => Some(ReadOnlyCause::Folder),
            _ => None,
        }
    }
}

/// SQLite's extended result code, which tells apart the kinds of read-only refusals.
pub(crate) fn extended_code(error: &rusqlite::Error) -> Option<i32> {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.extended_code),
        _ => None,
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::from_sqlite(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    fn failure(code: i32) -> StoreError {
        StoreError::from_sqlite(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some("some English text from SQLite".into()),
        ))
    }

    #[test]
    fn sqlite_failures_become_french_sentences() {
        assert!(matches!(failure(ffi::SQLITE_FULL), StoreError::DiskFull));
        assert!(
            failure(ffi::SQLITE_FULL)
                .to_string()
                .contains("disque est plein")
        );
        assert!(matches!(
            failure(ffi::SQLITE_READONLY_DIRECTORY),
            StoreError::ReadOnly(ReadOnlyCause::Folder)
        ));
        assert!(matches!(
            failure(ffi::SQLITE_READONLY),
            StoreError::ReadOnly(ReadOnlyCause::File)
        ));
        assert!(matches!(
            failure(ffi::SQLITE_IOERR_WRITE),
            StoreError::DiskIo(_)
        ));
        for code in [
            ffi::SQLITE_FULL,
            ffi::SQLITE_READONLY,
            ffi::SQLITE_IOERR_WRITE,
            ffi::SQLITE_CORRUPT,
            ffi::SQLITE_BUSY,
            ffi::SQLITE_CONSTRAINT,
            ffi::SQLITE_MISUSE,
        ] {
            let message = failure(code).to_string();
            // Whatever SQLite says in English comes after a French sentence, in parentheses.
            let english = message.find("English").unwrap_or(usize::MAX);
            let opening = message.find('(').unwrap_or(usize::MAX);
            assert!(
                english == usize::MAX || opening < english && opening > 10,
                "{code}: {message}"
            );
        }
    }
}
