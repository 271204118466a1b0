//! Invented names and texts of the demonstration lycée (all fictitious).

use crate::model::{LifeArea, Sector, StaffRole};

/// The demonstration lycée: UAI, name, académie.
pub(super) const ESTABLISHMENT: (&str, &str, &str) = (
    "0319999A",
    "Lycée polyvalent des Cèdres (démonstration)",
    "Toulouse",
);

/// The town of the demonstration lycée.
pub(super) const CITY: &str = "Muret";

/// A BTS section of the demonstration lycée and the Bac Pro specialties it recruits from.
#[derive(Clone, Copy)]
pub(super) struct SectionSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub sector: Sector,
    pub specialties: &'static [&'static str],
}

/// Two services sections and one production section.
pub(super) const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        code: "NDRC",
        name: "BTS Négociation et digitalisation de la relation client",
        sector: Sector::Services,
        specialties: &[
            "Métiers du commerce et de la vente (MCV option A)",
            "Métiers du commerce et de la vente (MCV option B)",
            "Métiers de l'accueil",
            "AGORA",
        ],
    },
    SectionSpec {
        code: "MCO",
        name: "BTS Management commercial opérationnel",
        sector: Sector::Services,
        specialties: &[
            "Métiers du commerce et de la vente (MCV option A)",
            "Métiers du commerce et de la vente (MCV option B)",
            "Métiers de l'accueil",
            "Logistique",
        ],
    },
    SectionSpec {
        code: "ELEC",
        name: "BTS Électrotechnique",
        sector: Sector::Production,
        specialties: &[
            "MELEC (métiers de l'électricité et de ses environnements connectés)",
            "MSPC (maintenance des systèmes de production connectés)",
            "Systèmes numériques (CIEL)",
            "Technicien d'usinage",
        ],
    },
];

/// A member of the demonstration team.
pub(super) struct MemberSpec {
    pub last: &'static str,
    pub first: &'static str,
    pub role: StaffRole,
    /// Discipline of a teacher or tutor, organisation of a partner.
    pub detail: Option<&'static str>,
    pub email: Option<&'static str>,
    pub coordinator: bool,
    /// Left the establishment: still on the students he followed, gone from the pickers.
    pub active: bool,
}

const fn member(last: &'static str, first: &'static str, role: StaffRole) -> MemberSpec {
    MemberSpec {
        last,
        first,
        role,
        detail: None,
        email: None,
        coordinator: false,
        active: true,
    }
}

const fn teacher(
    last: &'static str,
    first: &'static str,
    role: StaffRole,
    discipline: &'static str,
) -> MemberSpec {
    MemberSpec {
        detail: Some(discipline),
        ..member(last, first, role)
    }
}

/// The team. Référents are the teachers (the inactive one too: he followed students
/// before he left); the DDFPT coordinates; a mission locale adviser is a partner.
pub(super) const STAFF: &[MemberSpec] = &[
    MemberSpec {
        email: Some("sophie.garrigues@lycee-des-cedres.example"),
        ..teacher(
            "Garrigues",
            "Sophie",
            StaffRole::ProfBts,
            "Économie-gestion",
        )
    },
    teacher("Haddad", "Karim", StaffRole::ProfBts, "Mathématiques"),
    teacher("Fabre", "Julien", StaffRole::ProfBts, "Génie électrique"),
    teacher(
        "Roux-Mercadier",
        "Nathalie",
        StaffRole::Plp,
        "Lettres-histoire",
    ),
    MemberSpec {
        active: false,
        ..teacher("Le Guen", "Thierry", StaffRole::Plp, "Maths-sciences")
    },
    member("Belkacem", "Fatima", StaffRole::Cpe),
    member("Vidal", "Claire", StaffRole::PsyEn),
    member("Puech", "Isabelle", StaffRole::AssistanteSociale),
    member("Castagné", "Hélène", StaffRole::Infirmiere),
    MemberSpec {
        email: Some("philippe.cazals@lycee-des-cedres.example"),
        coordinator: true,
        ..member("Cazals", "Philippe", StaffRole::Ddfpt)
    },
    MemberSpec {
        detail: Some("Mission locale de Toulouse"),
        email: Some("m.ferrand@mission-locale.example"),
        ..member("Ferrand", "Mathilde", StaffRole::Partenaire)
    },
    teacher(
        "Nguyen",
        "Lucas",
        StaffRole::EtudiantTuteur,
        "BTS NDRC 2e année",
    ),
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Léa",
    "Noé",
    "Anaïs",
    "Maël",
    "Chloé",
    "Élodie",
    "Jérémy",
    "Inès",
    "Manon",
    "Lucas",
    "Camille",
    "Hugo",
    "Yasmine",
    "Théo",
    "Océane",
    "Nathan",
    "Maëlys",
    "Rayan",
    "Lina",
    "Enzo",
    "Aïcha",
    "Yanis",
    "Zoé",
    "Kylian",
    "Clémence",
    "Loïc",
    "Noémie",
    "Mehdi",
    "Héloïse",
    "Sofiane",
    "Mélissa",
    "Quentin",
    "Salomé",
    "Dylan",
    "Lou-Anne",
    "Jean-Baptiste",
    "Amandine",
    "Mattéo",
    "Emma",
    "Timothée",
    "Jade",
    "Aurélien",
    "Sarah",
    "Bastien",
    "Marie-Lou",
    "Adam",
    "Louise",
    "Killian",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "N'Diaye",
    "Le Goff",
    "Dupré",
    "Lefèvre",
    "Da Silva",
    "Nguyen",
    "Benali",
    "Martin",
    "Bernard",
    "Dubois",
    "Garcia",
    "Fernandez",
    "Rouquette",
    "Castex",
    "Mouret",
    "Moreau",
    "Girard",
    "Lambert",
    "Bonnet",
    "Fontaine",
    "Chevalier",
    "Rousseau",
    "Faure",
    "Mercier",
    "Guérin",
    "Boyer",
    "Perrin",
    "Gautier",
    "Traoré",
    "Diallo",
    "Carrère",
    "Escudié",
    "Sarrazin",
    "Delmas",
    "Barthès",
    "Cabrol",
    "Vayssière",
    "Lacombe",
    "Bousquet",
    "Maurel",
    "Pujol",
    "Saint-Martin",
    "Ben Youssef",
    "Pereira",
    "Ferreira",
    "Lopez",
    "Petit",
    "Durand",
    "Leroy",
    "Fournier",
    "Lemaire",
    "Dumas",
    "Barbier",
    "Caron",
    "Marchand",
    "Masson",
    "Picard",
    "Rey",
    "Joly",
    "Charpentier",
    "Cazeneuve",
    "Esquerré",
    "Ould-Ahmed",
    "Le Bihan",
    "Tran",
];

/// Lycées professionnels the Bac Pro students come from (invented).
pub(super) const ORIGIN_LP: &[&str] = &[
    "LP du Canal (Toulouse)",
    "LP Les Tilleuls (Montauban)",
    "Lycée des métiers de la Garonne (Muret)",
    "LP Sud-Tarn (Castres)",
    "LP des Coteaux (Albi)",
    "LP du Comminges (Saint-Gaudens)",
    "Lycée des Cèdres, section pro (Toulouse)",
    "LP Val d'Ariège (Pamiers)",
];

/// Lycées généraux et technologiques, for the students who are not from a Bac Pro.
pub(super) const ORIGIN_LGT: &[&str] = &[
    "Lycée des Cèdres (Toulouse)",
    "Lycée Rive-Gauche (Toulouse)",
    "Lycée du Quercy (Cahors)",
    "Lycée Lautrec (Albi)",
];

/// Sources of a grid cell.
pub(super) const SOURCES_SCHOLAR: &[&str] = &[
    "Évaluation diagnostique de rentrée",
    "Bulletins de bac pro",
    "Vie scolaire",
];
pub(super) const SOURCES_PROJECT: &[&str] = &["Parcoursup", "Entretien individuel"];
pub(super) const SOURCES_LIFE: &[&str] = &[
    "Entretien individuel",
    "Assistante sociale",
    "Entretien avec la CPE",
];

/// Comments on grid cells showing a difficulty (non-sensitive domains).
pub(super) const COMMENTS_SCHOLAR: &[&str] = &[
    "Difficultés à rédiger une réponse argumentée.",
    "Calcul de pourcentages et proportions non maîtrisé.",
    "Prend peu de notes, ne relit pas ses cours.",
    "Nombreux retards le lundi matin depuis la rentrée.",
    "Bonnes bases pratiques, vocabulaire technique fragile.",
    "Compréhension écrite correcte, expression orale hésitante.",
];
pub(super) const COMMENTS_PROJECT: &[&str] = &[
    "BTS demandé en 4e vœu ; souhaitait un BTS en alternance.",
    "Projet professionnel encore flou après l'entretien.",
    "Dit être venu « parce qu'il fallait continuer ».",
    "Intéressé par le métier, mais doute de sa place en BTS.",
];
/// Comments on *conditions de vie* cells (sensitive, never shown in clear).
pub(super) const COMMENTS_LIFE: &[&str] = &[
    "Trajet long en car, départ à 6 h 10.",
    "Travaille le week-end dans la grande distribution.",
    "Demande de bourse en cours d'instruction.",
    "Situation familiale évoquée lors de l'entretien.",
];

/// Sensitive notes by area (invented, shown masked).
pub(super) fn life_note(area: LifeArea) -> &'static str {
    match area {
        LifeArea::Logement => {
            "Hébergé chez un oncle depuis septembre, cherche un studio près du lycée."
        }
        LifeArea::Transport => "Pas de permis ; dépend du dernier car de 18 h 05.",
        LifeArea::Emploi => {
            "Employé 15 h par semaine en restauration rapide, dont le vendredi soir."
        }
        LifeArea::Finances => "Bourse non encore versée ; aide du fonds social demandée.",
        LifeArea::Sante => "Suivi médical régulier signalé par l'infirmière, absences justifiées.",
        LifeArea::Famille => "S'occupe de ses frères et sœurs le mercredi après-midi.",
    }
}

/// Notes of points d'étape.
pub(super) const CHECKIN_NOTES: &[&str] = &[
    "Présent à toutes les séances ; commence à organiser son travail.",
    "Reconnaît avoir pris du retard, objectif : rendre le dossier de veille.",
    "Plus à l'aise à l'oral depuis l'atelier ; à poursuivre.",
    "Absences en hausse, rendez-vous pris avec la CPE.",
    "Bon retour du tuteur en entreprise, confiance en progrès.",
    "Peu d'investissement en cours, le projet reste à clarifier.",
    "A rattrapé les évaluations manquées.",
    "Envisage une réorientation, entretien prévu avec la Psy-EN.",
];

/// Commitments of a contrat d'engagement (one-line texts).
pub(super) const COMMITMENTS: &[&str] = &[
    "Prévenir la vie scolaire de toute absence le jour même.",
    "Tenir à jour le carnet de bord et le montrer au référent.",
    "Rendre chaque semaine le travail demandé en étude.",
    "Rencontrer la Psy-EN avant les vacances d'hiver.",
    "Préparer les points d'étape en notant ses difficultés.",
];

/// Semester 1 reviews.
pub(super) const BILANS_S1: &[&str] = &[
    "Progrès nets en expression écrite ; l'assiduité reste fragile le lundi. \
     Poursuite du tutorat au second semestre.",
    "Engagement régulier dans les modules, résultats en hausse dans les matières \
     professionnelles. Allègement du parcours proposé.",
    "Résultats encore faibles mais investissement réel ; le projet professionnel \
     se précise après le stage.",
    "Absentéisme préoccupant malgré l'accompagnement ; un entretien avec la \
     famille est prévu en février.",
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_uai_has_its_check_letter() {
        // 319999 = 23 × 13913, remainder 0: letter A.
        assert_eq!(
            crate::model::validate_uai(super::ESTABLISHMENT.0),
            Ok(super::ESTABLISHMENT.0.to_string())
        );
    }
}
