//! Path completion for file fields (Tab), as a shell does it: the common part of
//! the names that match is added; the candidates are listed when there are several.

use std::path::{Path, PathBuf};

/// What Tab on a path field gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new text of the field (unchanged when nothing could be added).
    pub text: String,
    /// The names that match, when more than one (folders end with `/`).
    pub candidates: Vec<String>,
}

/// Completes `typed` against the folder it names, relative to `base` (the working
/// folder) unless absolute; `~/` is the home folder. Only folders and files whose
/// extension is in `extensions` (lower case, no dot) are offered; hidden files only
/// when the typed name starts with a dot. Case is ignored when matching.
pub fn complete_path(
    typed: &str,
    base: &Path,
    home: Option<&Path>,
    extensions: &[&str],
) -> Completion {
    let unchanged = || Completion {
        text: typed.to_string(),
        candidates: Vec::new(),
    };
    let (dir_part, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let dir: PathBuf = match (dir_part.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if dir_part == "~/" => return unchanged(),
        _ if dir_part.is_empty() => base.to_path_buf(),
        _ if Path::new(dir_part).is_absolute() => PathBuf::from(dir_part),
        _ => base.join(dir_part),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return unchanged();
    };
    let wanted = prefix.to_lowercase();
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if name.starts_with('.') && !prefix.starts_with('.') {
                return None;
            }
            if !name.to_lowercase().starts_with(&wanted) {
                return None;
            }
            // Follows links: a linked folder completes as a folder.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if is_dir {
                return Some(format!("{name}/"));
            }
            let ext = Path::new(&name)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase)
                .unwrap_or_default();
            (extensions.is_empty() || extensions.contains(&ext.as_str())).then_some(name)
        })
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    let Some(first) = names.first() else {
        return unchanged();
    };
    // The longest start shared by every candidate (case-insensitively), in the
    // spelling of the first one; never shorter than what was typed.
    let mut common: Vec<char> = first.chars().collect();
    for name in &names[1..] {
        let shared = common
            .iter()
            .zip(name.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
        common.truncate(shared);
    }
    let common: String = common.into_iter().collect();
    let completed = if common.chars().count() >= prefix.chars().count() {
        format!("{dir_part}{common}")
    } else {
        typed.to_string()
    };
    Completion {
        text: completed,
        candidates: if names.len() > 1 { names } else { Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "Eleves2026.xml",
            "eleves_bts.csv",
            "notes.txt",
            ".cache.csv",
        ] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("exports")).expect("mkdir");
        std::fs::write(dir.path().join("exports/siecle.zip"), "x").expect("write");
        dir
    }

    const EXT: &[&str] = &["csv", "xml", "zip"];

    #[test]
    fn a_unique_match_is_completed_and_a_folder_gets_its_slash() {
        let dir = setup();
        let c = complete_path("ex", dir.path(), None, EXT);
        assert_eq!(c.text, "exports/");
        assert!(c.candidates.is_empty());
        let c = complete_path("exports/s", dir.path(), None, EXT);
        assert_eq!(c.text, "exports/siecle.zip");
    }

    #[test]
    fn several_matches_give_the_common_part_and_the_list() {
        let dir = setup();
        let c = complete_path("el", dir.path(), None, EXT);
        assert_eq!(c.text, "Eleves");
        assert_eq!(c.candidates, vec!["Eleves2026.xml", "eleves_bts.csv"]);
    }

    #[test]
    fn other_files_and_hidden_ones_are_not_offered() {
        let dir = setup();
        assert_eq!(complete_path("no", dir.path(), None, EXT).text, "no");
        let c = complete_path("", dir.path(), None, EXT);
        // Every name starts with an e, whatever its case.
        assert_eq!(c.text, "E");
        assert_eq!(
            c.candidates,
            vec!["Eleves2026.xml", "eleves_bts.csv", "exports/"]
        );
        assert_eq!(
            complete_path(".c", dir.path(), None, EXT).text,
            ".cache.csv"
        );
    }

    #[test]
    fn absolute_and_home_paths() {
        let dir = setup();
        let root = format!("{}/exp", dir.path().display());
        assert_eq!(
            complete_path(&root, Path::new("/"), None, EXT).text,
            format!("{}/exports/", dir.path().display())
        );
        assert_eq!(
            complete_path("~/exp", Path::new("/"), Some(dir.path()), EXT).text,
            "~/exports/"
        );
        assert_eq!(
            complete_path("/no/such/dir/x", Path::new("/"), None, EXT).text,
            "/no/such/dir/x"
        );
    }
}
