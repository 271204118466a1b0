//! The list of académies (`data/academies.toml`), and matching a typed name to one.

use super::text::fold;

/// The académies file, compiled in.
const ACADEMIES_TOML: &str = include_str!("../../data/academies.toml");

/// One académie (or vice-rectorat) of the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Academie {
    /// Its name as written by the Ministry (« Orléans-Tours »).
    pub name: String,
    /// The région académique, absent for vice-rectorats.
    #[serde(default)]
    pub region: Option<String>,
    /// « académie » or « vice-rectorat ».
    #[serde(default = "default_kind")]
    pub kind: String,
}

fn default_kind() -> String {
    "académie".to_string()
}

#[derive(serde::Deserialize)]
struct AcademiesFile {
    academies: Vec<Academie>,
}

/// Every académie of the list, in file order.
pub fn academies() -> Vec<Academie> {
    // The file is compiled in and tested below, so a parse error is a build defect.
    toml::from_str::<AcademiesFile>(ACADEMIES_TOML)
        .map(|file| file.academies)
        .unwrap_or_default()
}

/// The académie's name as listed, matched ignoring case, accents, hyphens and a
/// leading « académie de »; or a French sentence listing the accepted names.
pub fn find_academie(typed: &str) -> Result<String, String> {
    let wanted = fold(typed.trim());
    let wanted = ["academie de ", "academie d ", "academie "]
        .iter()
        .find_map(|prefix| wanted.strip_prefix(prefix))
        .unwrap_or(&wanted)
        .trim()
        .to_string();
    let all = academies();
    all.iter()
        .find(|a| fold(&a.name) == wanted)
        .map(|a| a.name.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
            format!(
                "académie « {} » inconnue ; choisissez parmi : {}",
                typed.trim(),
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_thirty_academies_and_three_vice_rectorats() {
        let all = academies();
        let count = |kind: &str| all.iter().filter(|a| a.kind == kind).count();
        assert_eq!(count("académie"), 30);
        assert_eq!(count("vice-rectorat"), 3);
        assert!(
            all.iter()
                .all(|a| (a.kind == "académie") == a.region.is_some())
        );
        assert!(!all.iter().any(|a| a.name == "Caen" || a.name == "Rouen"));
    }

    #[test]
    fn academies_match_ignoring_case_and_accents() {
        assert_eq!(find_academie("creteil"), Ok("Créteil".to_string()));
        assert_eq!(
            find_academie("ORLEANS TOURS"),
            Ok("Orléans-Tours".to_string())
        );
        assert_eq!(
            find_academie("Académie de Toulouse"),
            Ok("Toulouse".to_string())
        );
        assert_eq!(find_academie("la reunion"), Ok("La Réunion".to_string()));
        let error = find_academie("Caen").expect_err("merged into Normandie");
        assert!(error.contains("Normandie"), "{error}");
    }
}
