//! Finding a section by its code: codes are unique per establishment only (schema 6).

use super::{Establishment, Section};

/// Why no single section has a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionLookupError {
    /// No section has this code (in the establishment asked for).
    Unknown { code: String, known: Vec<String> },
    /// Several establishments have a section with this code.
    Ambiguous {
        code: String,
        establishments: Vec<String>,
    },
    /// No establishment has this UAI.
    UnknownEstablishment { uai: String, known: Vec<String> },
}

impl SectionLookupError {
    /// What is wrong, in French, without saying how to choose (each caller does).
    pub fn message(&self) -> String {
        let list = |items: &[String]| {
            if items.is_empty() {
                "aucune".to_string()
            } else {
                items.join(", ")
            }
        };
        match self {
            SectionLookupError::Unknown { code, known } => {
                format!(
                    "section « {code} » inconnue ; sections connues : {}",
                    list(known)
                )
            }
            SectionLookupError::Ambiguous {
                code,
                establishments,
            } => format!(
                "plusieurs établissements ont une section « {code} » : {} ; précisez \
                 l'établissement",
                establishments.join(", ")
            ),
            SectionLookupError::UnknownEstablishment { uai, known } => format!(
                "établissement « {uai} » inconnu ; établissements de la base : {}",
                list(known)
            ),
        }
    }

    /// Whether choosing the establishment would help.
    pub fn is_ambiguous(&self) -> bool {
        matches!(self, SectionLookupError::Ambiguous { .. })
    }
}

/// « Lycée Test (0310000A) ».
pub fn establishment_label(e: &Establishment) -> String {
    format!("{} ({})", e.name, e.uai)
}

/// The section with this code (case ignored), in the establishment whose UAI is
/// given, else the only one that has it.
pub fn find_section<'s>(
    sections: &'s [Section],
    establishments: &[Establishment],
    code: &str,
    uai: Option<&str>,
) -> Result<&'s Section, SectionLookupError> {
    let code = code.trim();
    let establishment = match uai.map(str::trim).filter(|u| !u.is_empty()) {
        Some(uai) => Some(
            establishments
                .iter()
                .find(|e| e.uai.eq_ignore_ascii_case(uai))
                .ok_or_else(|| SectionLookupError::UnknownEstablishment {
                    uai: uai.to_string(),
                    known: establishments.iter().map(establishment_label).collect(),
                })?,
        ),
        None => None,
    };
    let in_scope = |s: &&Section| establishment.is_none_or(|e| s.establishment_id == e.id);
    let matching: Vec<&Section> = sections
        .iter()
        .filter(in_scope)
        .filter(|s| s.code.eq_ignore_ascii_case(code))
        .collect();
    match matching.as_slice() {
        [only] => Ok(only),
        [] => Err(SectionLookupError::Unknown {
            code: code.to_string(),
            known: sections
                .iter()
                .filter(in_scope)
                .map(|s| s.code.clone())
                .collect(),
        }),
        several => Err(SectionLookupError::Ambiguous {
            code: code.to_string(),
            establishments: several
                .iter()
                .filter_map(|s| establishments.iter().find(|e| e.id == s.establishment_id))
                .map(establishment_label)
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RowMeta, Sector};

    fn establishment(id: i64, uai: &str, name: &str) -> Establishment {
        Establishment {
            id,
            uai: uai.into(),
            name: name.into(),
            academie: "Toulouse".into(),
            city: None,
            meta: RowMeta::default(),
        }
    }

    fn section(id: i64, establishment_id: i64, code: &str) -> Section {
        Section {
            id,
            establishment_id,
            code: code.into(),
            name: format!("BTS {code}"),
            sector: Sector::Services,
            meta: RowMeta::default(),
        }
    }

    #[test]
    fn a_shared_code_needs_the_establishment() {
        let establishments = [
            establishment(1, "0310000A", "Lycée Test"),
            establishment(2, "0310001B", "Lycée Bis"),
        ];
        let sections = [
            section(1, 1, "NDRC"),
            section(2, 2, "NDRC"),
            section(3, 1, "MCO"),
        ];
        assert_eq!(
            find_section(&sections, &establishments, "mco", None).map(|s| s.id),
            Ok(3)
        );
        let error = find_section(&sections, &establishments, "NDRC", None).unwrap_err();
        assert!(error.is_ambiguous());
        assert!(
            error
                .message()
                .contains("Lycée Test (0310000A), Lycée Bis (0310001B)"),
            "{}",
            error.message()
        );
        assert_eq!(
            find_section(&sections, &establishments, "NDRC", Some("0310001b")).map(|s| s.id),
            Ok(2)
        );
        assert!(matches!(
            find_section(&sections, &establishments, "MCO", Some("0310001B")),
            Err(SectionLookupError::Unknown { .. })
        ));
        assert!(matches!(
            find_section(&sections, &establishments, "MCO", Some("9999999Z")),
            Err(SectionLookupError::UnknownEstablishment { .. })
        ));
    }
}
