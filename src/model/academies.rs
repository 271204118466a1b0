//! The list of académies (`data/academies.toml`), and matching a typed name to one.

use super::text::fold;

/// The académies file, compiled in.
const ACADEMIES_TOML: &str = include_str!("../../data/academies.toml");

/// One académie (or vice-rectorat) of the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Academie {
    /// Its name as written by the Ministry (« Orléans-Tours »).
    pub name: String,
    /// Its two-digit code in the BCN table N_ACADEMIE (« 18 »), as imports carry it.
    pub code: String,
    /// The région académique, absent for vice-rectorats.
    #[serde(default)]
    pub region: Option<String>,
    /// « académie » or « vice-rectorat ».
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Other spellings met in official data (« Réunion »), matched like the name.
    #[serde(default)]
    pub aliases: Vec<String>,
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
/// leading « académie de (la) » (or « d' »), or by an alias or its BCN code
/// (« 70 »); or a French sentence listing the accepted names.
pub fn find_academie(typed: &str) -> Result<String, String> {
    let wanted = key(typed);
    let wanted = ["academie de ", "academie d ", "academie "]
        .iter()
        .find_map(|prefix| wanted.strip_prefix(prefix))
        .unwrap_or(&wanted)
        .trim()
        .to_string();
    // « académie de la Guadeloupe », « de la Guyane »: the article is optional.
    let bare = ["la ", "l "]
        .iter()
        .find_map(|article| wanted.strip_prefix(article))
        .unwrap_or(&wanted);
    let matches = |name: &str| {
        let name = key(name);
        name == wanted || name == bare
    };
    let all = academies();
    all.iter()
        .find(|a| a.code == wanted || matches(&a.name) || a.aliases.iter().any(|n| matches(n)))
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

/// A name folded for matching, apostrophes read as spaces (« d'Amiens » like
/// « d Amiens ») and runs of spaces collapsed.
fn key(text: &str) -> String {
    fold(&text.replace(['\'', '’'], " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

    /// education.gouv.fr: 18 régions académiques, four of three académies, four of
    /// two, ten of one.
    #[test]
    fn the_regions_academiques_have_the_ministry_shape() {
        let all = academies();
        let mut sizes = std::collections::BTreeMap::<&str, usize>::new();
        for region in all.iter().filter_map(|a| a.region.as_deref()) {
            *sizes.entry(region).or_default() += 1;
        }
        assert_eq!(sizes.len(), 18, "{sizes:?}");
        let regions_of = |n: usize| sizes.values().filter(|&&size| size == n).count();
        assert_eq!((regions_of(3), regions_of(2), regions_of(1)), (4, 4, 10));
        let region = |name: &str| {
            all.iter()
                .find(|a| a.name == name)
                .and_then(|a| a.region.clone())
        };
        assert_eq!(region("Normandie").as_deref(), Some("Normandie"));
        assert_eq!(region("Mayotte").as_deref(), Some("Mayotte"));
        assert_eq!(region("Limoges").as_deref(), Some("Nouvelle-Aquitaine"));
        assert_eq!(region("Reims").as_deref(), Some("Grand Est"));
    }

    #[test]
    fn every_entry_has_its_own_two_digit_code() {
        let all = academies();
        assert!(
            all.iter()
                .all(|a| a.code.len() == 2 && a.code.bytes().all(|b| b.is_ascii_digit()))
        );
        let codes: std::collections::BTreeSet<&str> = all.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes.len(), all.len());
        let code = |name: &str| all.iter().find(|a| a.name == name).map(|a| a.code.as_str());
        assert_eq!(code("Paris"), Some("01"));
        assert_eq!(code("Normandie"), Some("70"));
        assert_eq!(code("Mayotte"), Some("43"));
        assert_eq!(code("La Réunion"), Some("28"));
        assert_eq!(code("Wallis-et-Futuna"), Some("42"));
        // Caen (05) and Rouen (21) closed in 2020.
        assert!(!codes.contains("05") && !codes.contains("21"));
    }

    #[test]
    fn names_and_aliases_match_one_entry_each() {
        let all = academies();
        let keys: Vec<String> = all
            .iter()
            .flat_map(|a| std::iter::once(&a.name).chain(&a.aliases))
            .map(|n| key(n))
            .collect();
        let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
        for a in &all {
            assert_eq!(find_academie(&a.name), Ok(a.name.clone()));
            assert_eq!(find_academie(&a.code), Ok(a.name.clone()));
        }
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
        assert_eq!(find_academie("Réunion"), Ok("La Réunion".to_string()));
        assert_eq!(
            find_academie("Académie de La Réunion"),
            Ok("La Réunion".to_string())
        );
        assert_eq!(
            find_academie("académie de la Guadeloupe"),
            Ok("Guadeloupe".to_string())
        );
        assert_eq!(find_academie("Académie d'Amiens"), Ok("Amiens".to_string()));
        assert_eq!(
            find_academie("académie d’Orléans-Tours"),
            Ok("Orléans-Tours".to_string())
        );
        assert_eq!(find_academie("70"), Ok("Normandie".to_string()));
        // The spellings of the Ministry's open data.
        assert_eq!(
            find_academie("Nouvelle Calédonie"),
            Ok("Nouvelle-Calédonie".to_string())
        );
        assert_eq!(
            find_academie("Polynésie Française"),
            Ok("Polynésie française".to_string())
        );
        assert_eq!(
            find_academie("Wallis et Futuna"),
            Ok("Wallis-et-Futuna".to_string())
        );
        assert!(find_academie("05").is_err(), "Caen's closed code");
        assert!(find_academie("la").is_err());
        let error = find_academie("Caen").expect_err("merged into Normandie");
        assert!(error.contains("Normandie"), "{error}");
    }
}
