//! A large demo is an académie: several fictitious lycées, each with its UAI,
//! town, BTS sections (real specialties), team and students, about one lycée
//! per [`STUDENTS_PER_LYCEE`] Bac Pro students. A demo of up to
//! [`ONE_LYCEE_UP_TO`] students stays the one lycée it always was.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names::{self, LAST_NAMES, SectionSpec};
use crate::model::specialties::specialties;
use crate::model::uai::uai_check_letter;
use crate::model::{NewStaff, Sector, StaffRole};

/// Largest demo kept in one lycée (the first-launch demo, tests, snapshots).
pub(super) const ONE_LYCEE_UP_TO: usize = 3_000;

/// About this many Bac Pro students per lycée of an académie.
const STUDENTS_PER_LYCEE: usize = 1_500;

/// One lycée of the demo and what it gets.
pub(super) struct Lycee {
    pub uai: String,
    pub name: String,
    pub city: String,
    pub sections: Vec<SectionSpec>,
    pub staff: Vec<NewStaff>,
    /// Bac Pro students (others are added on top).
    pub students: usize,
    /// Seed of its students and planning (the demo's seed for the first lycée).
    pub seed: u64,
}

/// The lycées of a demo of `students` Bac Pro students: the demonstration lycée
/// alone, or followed by others of the same académie.
pub(super) fn lycees(students: usize, seed: u64) -> Vec<Lycee> {
    let count = if students <= ONE_LYCEE_UP_TO {
        1
    } else {
        (students + STUDENTS_PER_LYCEE / 2) / STUDENTS_PER_LYCEE
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6163_6164);
    // Unequal sizes, as in a real académie (from half to one and a half the mean).
    let weights: Vec<usize> = (0..count).map(|_| rng.random_range(50..=150)).collect();
    let total: usize = weights.iter().sum();
    let mut shares: Vec<usize> = weights.iter().map(|w| students * w / total).collect();
    shares[0] += students - shares.iter().sum::<usize>();
    shares
        .into_iter()
        .enumerate()
        .map(|(index, students)| match index {
            0 => first_lycee(students, seed),
            _ => other_lycee(&mut rng, index, students, seed),
        })
        .collect()
}

/// The demonstration lycée of every demo.
fn first_lycee(students: usize, seed: u64) -> Lycee {
    let (uai, name, _) = names::ESTABLISHMENT;
    let staff = names::STAFF
        .iter()
        .map(|spec| {
            let detail = spec.detail.map(str::to_string);
            let external = spec.role.is_external();
            NewStaff {
                discipline: (!external).then(|| detail.clone()).flatten(),
                organisation: external.then_some(detail).flatten(),
                email: spec.email.map(str::to_string),
                active: spec.active,
                coordinator: spec.coordinator,
                ..NewStaff::named(spec.last, spec.first, spec.role)
            }
        })
        .collect();
    Lycee {
        uai: uai.to_string(),
        name: name.to_string(),
        city: names::CITY.to_string(),
        sections: names::SECTIONS.to_vec(),
        staff,
        students,
        seed,
    }
}

/// Lycée number `index` (from 1) of the académie.
fn other_lycee(rng: &mut ChaCha8Rng, index: usize, students: usize, seed: u64) -> Lycee {
    let (department, city) = CITIES[(index * 7) % CITIES.len()];
    // Numbers from 9998 down: the demonstration lycée is 0319999A.
    let digits = format!("0{department:02}{:04}", 9998 - index % 9000);
    let letter = uai_check_letter(&digits).unwrap_or('A');
    let base = LYCEE_NAMES[index % LYCEE_NAMES.len()];
    let kind = if index.is_multiple_of(3) {
        "général et technologique"
    } else {
        "polyvalent"
    };
    let mut available: Vec<_> = specialties().iter().collect();
    let mut sections = Vec::new();
    for _ in 0..rng.random_range(2..=5) {
        let s = available.swap_remove(rng.random_range(0..available.len()));
        sections.push(SectionSpec {
            code: &s.code,
            name: &s.name,
            sector: s.sector,
            specialties: match s.sector {
                Sector::Production => BAC_PRO_PRODUCTION,
                Sector::Services => BAC_PRO_SERVICES,
            },
        });
    }
    let staff = team(rng, city, sections[0].sector);
    Lycee {
        uai: format!("{digits}{letter}"),
        name: format!("Lycée {kind} {base} (démonstration)"),
        city: city.to_string(),
        sections,
        staff,
        students,
        seed: seed.wrapping_add(index as u64),
    }
}

/// A team of twelve, as the demonstration lycée's: three BTS teachers, two PLP
/// (one has left), the CPE, the Psy-EN, the social worker, the nurse, the DDFPT
/// who coordinates, a mission locale adviser and a student tutor.
fn team(rng: &mut ChaCha8Rng, city: &str, sector: Sector) -> Vec<NewStaff> {
    let speciality = match sector {
        Sector::Production => "Génie électrique",
        Sector::Services => "Économie-gestion",
    };
    let roles: [(StaffRole, Option<&str>); 12] = [
        (StaffRole::ProfBts, Some(speciality)),
        (StaffRole::ProfBts, Some("Mathématiques")),
        (StaffRole::ProfBts, Some("Anglais")),
        (StaffRole::Plp, Some("Lettres-histoire")),
        (StaffRole::Plp, Some("Maths-sciences")),
        (StaffRole::Cpe, None),
        (StaffRole::PsyEn, None),
        (StaffRole::AssistanteSociale, None),
        (StaffRole::Infirmiere, None),
        (StaffRole::Ddfpt, None),
        (StaffRole::Partenaire, None),
        (StaffRole::EtudiantTuteur, Some("BTS 2e année")),
    ];
    roles
        .iter()
        .enumerate()
        .map(|(i, (role, discipline))| {
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let first = ADULT_FIRST_NAMES[rng.random_range(0..ADULT_FIRST_NAMES.len())];
            NewStaff {
                discipline: discipline.map(str::to_string),
                organisation: role
                    .is_external()
                    .then(|| format!("Mission locale de {city}")),
                active: i != 4,
                coordinator: *role == StaffRole::Ddfpt,
                ..NewStaff::named(last, first, *role)
            }
        })
        .collect()
}

/// Bac Pro specialties a production BTS recruits from (as the demonstration lycée's).
const BAC_PRO_PRODUCTION: &[&str] = &[
    "MELEC (métiers de l'électricité et de ses environnements connectés)",
    "MSPC (maintenance des systèmes de production connectés)",
    "Systèmes numériques (CIEL)",
    "Technicien d'usinage",
];

/// Bac Pro specialties a services BTS recruits from.
const BAC_PRO_SERVICES: &[&str] = &[
    "Métiers du commerce et de la vente (MCV option A)",
    "Métiers du commerce et de la vente (MCV option B)",
    "Métiers de l'accueil",
    "AGORA",
    "Logistique",
];

/// Towns of the académie de Toulouse, with their département.
const CITIES: &[(u8, &str)] = &[
    (31, "Toulouse"),
    (81, "Albi"),
    (82, "Montauban"),
    (65, "Tarbes"),
    (12, "Rodez"),
    (46, "Cahors"),
    (32, "Auch"),
    (9, "Foix"),
    (31, "Colomiers"),
    (81, "Castres"),
    (12, "Millau"),
    (9, "Pamiers"),
    (31, "Blagnac"),
    (65, "Lourdes"),
    (82, "Castelsarrasin"),
    (46, "Figeac"),
    (31, "Saint-Gaudens"),
    (32, "Condom"),
    (81, "Gaillac"),
    (12, "Villefranche-de-Rouergue"),
    (31, "Tournefeuille"),
    (65, "Bagnères-de-Bigorre"),
    (82, "Moissac"),
];

/// Invented lycée names.
const LYCEE_NAMES: &[&str] = &[
    "des Tilleuls",
    "du Pastel",
    "des Coteaux",
    "de la Garonne",
    "des Platanes",
    "du Canal",
    "des Pyrénées",
    "de la Brique rose",
    "des Violettes",
    "du Causse",
    "des Bastides",
    "de l'Aubrac",
    "des Vignes",
    "du Pic du Midi",
    "des Cigales",
    "de la Montagne Noire",
    "des Peupliers",
    "du Quercy",
    "des Arcades",
    "de l'Astarac",
];

/// First names of the teams (adults).
const ADULT_FIRST_NAMES: &[&str] = &[
    "Sophie",
    "Karim",
    "Julien",
    "Nathalie",
    "Thierry",
    "Fatima",
    "Claire",
    "Isabelle",
    "Hélène",
    "Philippe",
    "Mathilde",
    "Stéphane",
    "Sandrine",
    "Olivier",
    "Valérie",
    "Mourad",
    "Céline",
    "Frédéric",
    "Nadia",
    "Laurent",
    "Christelle",
    "Éric",
    "Samia",
    "Jérôme",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::uai::validate_uai;

    #[test]
    fn a_small_demo_is_the_demonstration_lycee_alone() {
        let lycees = lycees(ONE_LYCEE_UP_TO, 1);
        assert_eq!(lycees.len(), 1);
        assert_eq!(lycees[0].uai, names::ESTABLISHMENT.0);
        assert_eq!(lycees[0].students, ONE_LYCEE_UP_TO);
        assert_eq!(lycees[0].seed, 1);
    }

    #[test]
    fn a_large_demo_is_an_academie_of_valid_distinct_uai() {
        let lycees = lycees(100_000, 1);
        assert_eq!(lycees.len(), 67);
        assert_eq!(lycees.iter().map(|l| l.students).sum::<usize>(), 100_000);
        let mut uais: Vec<&str> = lycees.iter().map(|l| l.uai.as_str()).collect();
        for uai in &uais {
            assert_eq!(validate_uai(uai).as_deref(), Ok(*uai));
        }
        uais.sort_unstable();
        uais.dedup();
        assert_eq!(uais.len(), 67);
        for lycee in &lycees {
            assert!((2..=5).contains(&lycee.sections.len()) || lycee.uai == "0319999A");
            assert_eq!(lycee.staff.len(), 12);
            assert!(lycee.students > 500, "{} students", lycee.students);
        }
    }
}
