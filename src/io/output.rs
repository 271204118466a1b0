//! Every file Passerelle writes (exports, catalogue, backups) goes through here:
//! a private temporary file in the same folder, synced, then renamed into place.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to do when the destination already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse, leaving the existing file untouched (the default).
    Refuse,
    /// Replace it (`--force`): the new file is private even if the old one was not.
    Replace,
}

impl Overwrite {
    /// `Replace` when the user gave `--force`.
    pub fn from_force(force: bool) -> Overwrite {
        if force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        }
    }
}

/// Why an output file was not written; the destination is then left as it was.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The destination exists and `--force` was not given.
    #[error(
        "« {} » existe déjà : rien n'a été écrit. Choisissez un autre nom de fichier, \
         ou relancez avec --force pour le remplacer.",
        .0.display()
    )]
    Exists(PathBuf),
    /// The file system refused.
    #[error("Impossible d'écrire « {} » : {}.", .path.display(), io_reason(.source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The content could not be produced (e.g. the database copy failed).
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// A French reason for a file system error, the system's own text in parentheses.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::PermissionDenied => "droits insuffisants sur le fichier ou son dossier",
        ErrorKind::NotFound => "dossier ou fichier introuvable",
        ErrorKind::ReadOnlyFilesystem => "le support est en lecture seule",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "le disque est plein : libérez de la place puis réessayez"
        }
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier",
        ErrorKind::AlreadyExists => "le fichier existe déjà",
        _ => "erreur du système de fichiers",
    };
    format!("{reason} ({error})")
}

/// Writes `bytes` to `dest` safely (see [`write_file_with`]).
pub fn write_file(dest: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), OutputError> {
    write_file_with(dest, overwrite, |temp| {
        let io = |source| OutputError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let mut file = OpenOptions::new().write(true).open(temp).map_err(io)?;
        file.write_all(bytes).map_err(io)
    })
}

/// Creates `dest` through `fill`, which writes into an empty temporary file.
///
/// The temporary file is readable by its owner only (0600), lives in the same
/// folder (so that the rename is atomic), is synced to disk before the rename,
/// and is removed if anything fails: `dest` is either untouched or complete.
pub fn write_file_with(
    dest: &Path,
    overwrite: Overwrite,
    fill: impl FnOnce(&Path) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dest.to_path_buf(),
        source,
    };
    if overwrite == Overwrite::Refuse && std::fs::symlink_metadata(dest).is_ok() {
        return Err(OutputError::Exists(dest.to_path_buf()));
    }
    let temp = create_temp_beside(dest).map_err(io)?;
    let result = fill(&temp)
        .and_then(|()| sync_file(&temp).map_err(io))
        .and_then(|()| {
            // Checked again just before the rename, in case the file appeared meanwhile.
            if overwrite == Overwrite::Refuse && std::fs::symlink_metadata(dest).is_ok() {
                return Err(OutputError::Exists(dest.to_path_buf()));
            }
            std::fs::rename(&temp, dest).map_err(io)
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        return result;
    }
    sync_folder(dest);
    Ok(())
}

/// A new, empty, private file next to `dest` (hidden, unique name).
fn create_temp_beside(dest: &Path) -> std::io::Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let folder = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "passerelle".into());
    loop {
        let temp = folder.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&temp) {
            Ok(_) => return Ok(temp),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Makes the rename itself durable; best effort (not every system can sync a folder).
fn sync_folder(dest: &Path) {
    #[cfg(unix)]
    if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(folder)
    {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dest;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn refuses_an_existing_file_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("export.json");
        std::fs::write(&dest, "ancien").expect("write");
        let error = write_file(&dest, b"nouveau", Overwrite::Refuse).expect_err("refused");
        let message = error.to_string();
        assert!(message.contains("export.json"), "{message}");
        assert!(message.contains("--force"), "{message}");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "ancien");
        assert_eq!(entries(dir.path()), ["export.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn replacing_makes_the_file_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("export.json");
        std::fs::write(&dest, "ancien").expect("write");
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write_file(&dest, b"nouveau", Overwrite::Replace).expect("replaced");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "nouveau");
        let mode = std::fs::metadata(&dest).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(entries(dir.path()), ["export.json"]);
    }

    #[test]
    fn a_failing_writer_leaves_no_trace() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("copie.sqlite3");
        std::fs::write(&dest, "ancien").expect("write");
        let error = write_file_with(&dest, Overwrite::Replace, |_| {
            Err(OutputError::Io {
                path: dest.clone(),
                source: std::io::Error::from(std::io::ErrorKind::StorageFull),
            })
        })
        .expect_err("failed");
        assert!(error.to_string().contains("disque est plein"), "{error}");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "ancien");
        assert_eq!(entries(dir.path()), ["copie.sqlite3"]);
    }

    #[test]
    fn a_missing_folder_is_told_in_french() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("absent").join("export.csv");
        let error = write_file(&dest, b"x", Overwrite::Refuse).expect_err("no folder");
        assert!(error.to_string().contains("introuvable"), "{error}");
    }
}
