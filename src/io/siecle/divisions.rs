//! Which divisions of a whole-school export are 1st-year BTS, and of which specialty.
//!
//! The MEF label of the division's pupils decides first (SIECLE XML carries a MEF
//! nomenclature; a CSV may have a « Libellé MEF » column), then the division name:
//! « 1NDRC », « BTS1 MCO », « TS1 CIEL », « BTS NDRC 1 », « 1BTS-SIO », « SIO1 »…
//! Case, accents, spaces and hyphens are ignored.

use crate::io::input::fold_key;
use crate::model::specialties::{self, Specialty};

/// What a division is, for the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognition {
    /// A 1st-year BTS division of this specialty.
    FirstYear(&'static Specialty),
    /// A BTS division of another year (2nd, 3rd).
    OtherYear(u8),
    /// A BTS division of this specialty whose year is not said.
    UnknownYear(&'static Specialty),
    /// Says BTS, but the specialty is unknown (or several are named).
    UnknownBts,
    /// Not a BTS division.
    NotBts,
}

/// Recognises a division from its name and, when known, its pupils' MEF label.
pub fn recognise(division: &str, mef_label: Option<&str>) -> Recognition {
    if let Some(label) = mef_label.filter(|l| !l.trim().is_empty()) {
        let tokens = tokens(label);
        if !says_bts(&tokens) {
            return Recognition::NotBts;
        }
        if let Some(specialty) = specialties::in_label(label) {
            return by_year(
                specialty,
                year(&tokens).or_else(|| year(&self::tokens(division))),
            );
        }
        // A BTS MEF of an unknown specialty: the division name may still say which.
        return match from_name(division) {
            Recognition::NotBts => Recognition::UnknownBts,
            other => other,
        };
    }
    from_name(division)
}

fn from_name(division: &str) -> Recognition {
    let tokens = tokens(division);
    let marker = says_bts(&tokens);
    let mut found: Vec<&'static Specialty> = Vec::new();
    for token in &tokens {
        if let Some(s) = specialties::by_abbreviation(token)
            && (marker || !s.needs_bts_marker)
            && !found.iter().any(|f| f.code == s.code)
        {
            found.push(s);
        }
    }
    match found.as_slice() {
        [] if marker => Recognition::UnknownBts,
        [] => Recognition::NotBts,
        [only] => by_year(only, year(&tokens)),
        _ => Recognition::UnknownBts,
    }
}

fn by_year(specialty: &'static Specialty, year: Option<u8>) -> Recognition {
    match year {
        Some(1) => Recognition::FirstYear(specialty),
        Some(n) => Recognition::OtherYear(n),
        None => Recognition::UnknownYear(specialty),
    }
}

/// Words of a name, digits apart from letters (« 1BTS2 » → 1, bts, 2), except
/// inside a known abbreviation (« SP3S »).
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in fold_key(text).split(' ').filter(|w| !w.is_empty()) {
        let lead: String = word.chars().take_while(char::is_ascii_digit).collect();
        let rest = &word[lead.len()..];
        let core = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        let trail = &rest[core.len()..];
        if !core.is_empty() && specialties::by_abbreviation(core).is_some() {
            out.extend([lead, core.to_string(), trail.to_string()]);
            continue;
        }
        let mut current = String::new();
        for c in word.chars() {
            if !current.is_empty()
                && current.chars().last().is_some_and(|l| l.is_ascii_digit()) != c.is_ascii_digit()
            {
                out.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        out.push(current);
    }
    out.retain(|t| !t.is_empty());
    out
}

/// « BTS », « STS », « B.T.S. », « brevet de technicien supérieur », or « TS »
/// next to a year (« TS1 »).
fn says_bts(tokens: &[String]) -> bool {
    let at = |i: usize| tokens.get(i).map_or("", String::as_str);
    let digit = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    (0..tokens.len()).any(|i| match at(i) {
        "bts" | "sts" | "btsa" => true,
        "b" => at(i + 1) == "t" && at(i + 2) == "s",
        "brevet" => at(i + 1) == "de" && at(i + 2) == "technicien",
        "ts" => digit(at(i + 1)) || (i > 0 && digit(at(i - 1))),
        _ => false,
    })
}

/// The year of study: « 1ère année », « 1BTS », « BTS1 », else the first lone digit.
fn year(tokens: &[String]) -> Option<u8> {
    let digit = |t: &str| -> Option<u8> { (t.len() == 1).then(|| t.parse::<u8>().ok()).flatten() };
    let ordinal = ["ere", "re", "er", "eme", "e", "annee", "an"];
    let marker = ["bts", "ts", "sts"];
    let pairs = || tokens.windows(2);
    pairs()
        .find_map(|w| digit(&w[0]).filter(|_| ordinal.contains(&w[1].as_str())))
        .or_else(|| pairs().find_map(|w| digit(&w[0]).filter(|_| marker.contains(&w[1].as_str()))))
        .or_else(|| pairs().find_map(|w| digit(&w[1]).filter(|_| marker.contains(&w[0].as_str()))))
        .or_else(|| tokens.iter().find_map(|t| digit(t)))
        .filter(|y| (1..=3).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<&'static str> {
        match recognise(name, None) {
            Recognition::FirstYear(s) => Some(s.code.as_str()),
            _ => None,
        }
    }

    #[test]
    fn first_year_division_names() {
        assert_eq!(code("1NDRC"), Some("NDRC"));
        assert_eq!(code("BTS1 MCO"), Some("MCO"));
        assert_eq!(code("TS1 CIEL"), Some("CIEL"));
        assert_eq!(code("BTS NDRC 1"), Some("NDRC"));
        assert_eq!(code("1BTS-SIO"), Some("SIO"));
        assert_eq!(code("SIO1"), Some("SIO"));
        assert_eq!(code("bts1 ndrc a"), Some("NDRC"));
        assert_eq!(code("1 BTS SP3S"), Some("SP3S"));
        assert_eq!(code("1BTS2 GPME"), Some("GPME"));
        assert_eq!(code("BTS Électrotechnique 1re année"), Some("ELEC"));
    }

    #[test]
    fn other_divisions_are_set_aside() {
        assert_eq!(recognise("2NDRC", None), Recognition::OtherYear(2));
        assert_eq!(recognise("BTS2 MCO", None), Recognition::OtherYear(2));
        assert_eq!(recognise("2NDE3", None), Recognition::NotBts);
        assert_eq!(recognise("1STMG2", None), Recognition::NotBts);
        assert_eq!(recognise("TG4", None), Recognition::NotBts);
        // A bac pro CIEL class: the abbreviation alone is not enough.
        assert_eq!(recognise("1CIEL", None), Recognition::NotBts);
        assert_eq!(recognise("BTS1 XYZ", None), Recognition::UnknownBts);
        assert_eq!(recognise("BTS1 MCO NDRC", None), Recognition::UnknownBts);
        assert!(matches!(
            recognise("BTS NDRC", None),
            Recognition::UnknownYear(_)
        ));
    }

    #[test]
    fn the_mef_label_decides_first() {
        let ndrc = "BTS NEGOCIATION ET DIGITALISATION DE LA RELATION CLIENT 1ERE ANNEE";
        assert!(
            matches!(recognise("C12", Some(ndrc)), Recognition::FirstYear(s) if s.code == "NDRC")
        );
        assert_eq!(
            recognise("1NDRC", Some("2NDE GENERALE ET TECHNOLOGIQUE")),
            Recognition::NotBts
        );
        assert_eq!(
            recognise("X", Some("2BTS2 MANAGEMENT COMMERCIAL OPERATIONNEL")),
            Recognition::OtherYear(2)
        );
        assert_eq!(
            recognise("X", Some("BTS1 INCONNU")),
            Recognition::UnknownBts
        );
    }
}
