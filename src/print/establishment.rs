//! The establishment printed at the top of every page and under the head's signature.

use serde::Serialize;

use super::PageHeader;
use crate::store::{Result, Store};

/// The establishment of a document: page header and signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Establishment {
    pub name: String,
    pub uai: String,
    pub academie: String,
    pub city: Option<String>,
}

impl From<&crate::model::records::Establishment> for Establishment {
    fn from(e: &crate::model::records::Establishment) -> Self {
        Establishment {
            name: e.name.clone(),
            uai: e.uai.clone(),
            academie: e.academie.clone(),
            city: e.city.clone(),
        }
    }
}

/// The establishment of the student's section (the first one if the section is unknown).
pub fn of_student(store: &Store, student_id: i64) -> Result<Option<Establishment>> {
    let student = store.student(student_id)?;
    let section = store
        .cohorts()?
        .into_iter()
        .find(|c| c.id == student.cohort_id)
        .map(|c| c.section_id);
    of_section(store, section)
}

/// The establishment of a section (the first one if `section` is `None` or unknown).
pub fn of_section(store: &Store, section: Option<i64>) -> Result<Option<Establishment>> {
    let establishment = match section {
        Some(id) => store
            .sections()?
            .into_iter()
            .find(|s| s.id == id)
            .map(|s| s.establishment_id),
        None => None,
    };
    let all = store.establishments()?;
    Ok(establishment
        .and_then(|id| all.iter().find(|e| e.id == id))
        .or_else(|| all.first())
        .map(Establishment::from))
}

/// « de Créteil », « d'Amiens ».
pub fn of_academie(academie: &str) -> String {
    if academie.starts_with(['A', 'E', 'I', 'O', 'U', 'É', 'Î']) {
        format!("d'{academie}")
    } else {
        format!("de {academie}")
    }
}

/// The page header: name, then « UAI … · académie de … ».
pub fn header(e: Option<&Establishment>) -> PageHeader {
    match e {
        Some(e) => PageHeader {
            name: e.name.clone(),
            detail: format!("UAI {} · académie {}", e.uai, of_academie(&e.academie)),
        },
        None => PageHeader {
            name: "Établissement non renseigné".into(),
            detail: "passerelle establishment set --name … --uai … --academie …".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn academies_starting_with_a_vowel_take_d_apostrophe() {
        assert_eq!(of_academie("Amiens"), "d'Amiens");
        assert_eq!(of_academie("Créteil"), "de Créteil");
    }
}
