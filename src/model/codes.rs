//! Closed vocabularies of the domain, each stored in the database as a short code.
//!
//! French labels for these codes (and their `Display`) live in `crate::labels`,
//! which depends on this module, never the reverse.

/// A closed vocabulary stored as codes (implemented by every enum of this module).
pub trait Coded: Copy {
    /// The code stored in the database and in exports.
    fn code_str(self) -> &'static str;
}

/// Declares an enum whose variants map one-to-one to stable storage codes.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and in exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a stored code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The SQL list of accepted codes, for CHECK constraints and messages.
            pub fn codes() -> Vec<&'static str> {
                vec![$($code),+]
            }
        }

        impl Coded for $name {
            fn code_str(self) -> &'static str {
                self.code()
            }
        }

    };
}
pub(crate) use code_enum;

code_enum!(
    /// Economic sector of a BTS section (drop-out rates differ between them).
    Sector { Production = "production", Services = "services" }
);

code_enum!(
    /// How the student is enrolled.
    Schooling { Scolaire = "scolaire", Apprenti = "apprenti" }
);

code_enum!(
    /// Which path of the Terminale Bac Pro *parcours différencié* the student followed.
    ParcoursDifferencie {
        PoursuiteEtudes = "poursuite_etudes",
        InsertionPro = "insertion_pro",
        NonSuivi = "non_suivi",
    }
);

code_enum!(
    /// The three domains investigated during repérage.
    Domain {
        ConditionsDeVie = "conditions_de_vie",
        PerformancesScolaires = "performances_scolaires",
        ProjetFormation = "projet_formation",
    }
);

impl Domain {
    /// Whether values in this domain are sensitive personal data.
    pub fn is_sensitive(self) -> bool {
        self == Domain::ConditionsDeVie
    }
}

code_enum!(
    /// Outcome of the repérage for one student.
    Verdict { Repere = "repere", NonRepere = "non_repere", ARevoir = "a_revoir" }
);

code_enum!(
    /// The pré-conseil's proposal of a parcours de consolidation, and the student's answer.
    Proposal {
        Propose = "propose",
        Accepte = "accepte",
        Refuse = "refuse",
        NonNecessaire = "non_necessaire",
    }
);

code_enum!(
    /// Decision of the end-of-year (S2) conseil de classe.
    DecisionS2 { Passage = "passage", Redoublement = "redoublement", Bts3Ans = "bts_3_ans" }
);

code_enum!(
    /// Who the student was referred to when leaving (décrochage).
    ExitReferral {
        MissionLocale = "mission_locale",
        Psad = "psad",
        Mlds = "mlds",
        Autre = "autre",
        Aucune = "aucune",
    }
);

code_enum!(
    /// Why a student left the training.
    ExitCause {
        DifficultesScolaires = "difficultes_scolaires",
        OrientationSubie = "orientation_subie",
        Emploi = "emploi",
        RaisonsPersonnelles = "raisons_personnelles",
        Inconnue = "inconnue",
    }
);

code_enum!(
    /// Where a student went after leaving.
    ExitDestination {
        Emploi = "emploi",
        AutreFormation = "autre_formation",
        Reorientation = "reorientation",
        Aucune = "aucune",
        Inconnue = "inconnue",
    }
);

code_enum!(
    /// Whether, and when, the student obtained the BTS.
    DiplomaOutcome {
        Obtenu2Ans = "obtenu_2_ans",
        Obtenu3Ans = "obtenu_3_ans",
        NonObtenu = "non_obtenu",
    }
);

code_enum!(
    /// The three "colorations" of support modules.
    ModuleType { Soutien = "soutien", Perseverance = "perseverance", Renforce = "renforce" }
);

code_enum!(
    /// Competence domain a module works on.
    CompetenceDomain { Psychosociales = "psychosociales", Scolaires = "scolaires" }
);

code_enum!(
    /// Attendance observed at a point d'étape.
    Attendance { Assidu = "assidu", Irregulier = "irregulier", Absent = "absent" }
);

code_enum!(
    /// Progress observed at a point d'étape.
    Progress { EnProgres = "en_progres", Stable = "stable", EnRecul = "en_recul" }
);

code_enum!(
    /// Engagement observed at a point d'étape.
    Engagement { Fort = "fort", Moyen = "moyen", Faible = "faible" }
);

code_enum!(
    /// Role of a staff member in the team.
    StaffRole {
        ProfBts = "prof_bts",
        Plp = "plp",
        Cpe = "cpe",
        PsyEn = "psy_en",
        AssistanteSociale = "assistante_sociale",
        Infirmiere = "infirmiere",
        Ddfpt = "ddfpt",
        ProviseurAdjoint = "proviseur_adjoint",
        CoordonnateurMlds = "coordonnateur_mlds",
        Rbde = "rbde",
        /// An external partner (association, CIO, mission locale, company…).
        Partenaire = "partenaire",
        EtudiantTuteur = "etudiant_tuteur",
        Autre = "autre",
    }
);

impl StaffRole {
    /// Whether the member comes from outside the establishment (an organisation is then asked).
    pub fn is_external(self) -> bool {
        self == StaffRole::Partenaire
    }

    /// Whether the member usually teaches a discipline.
    pub fn teaches(self) -> bool {
        matches!(self, StaffRole::ProfBts | StaffRole::Plp)
    }
}

code_enum!(
    /// Areas of the *conditions de vie* notes (sensitive).
    LifeArea {
        Logement = "logement",
        Transport = "transport",
        Emploi = "emploi",
        Finances = "finances",
        Sante = "sante",
        Famille = "famille",
    }
);

code_enum!(
    /// Where the student is in the parcours, derived from the data.
    Phase {
        Reperage = "reperage",
        PreConseil = "pre_conseil",
        Suivi = "suivi",
        BilanS2 = "bilan_s2",
        /// Not in the parcours: not from a Bac Pro, not identified, or refused it.
        HorsParcours = "hors_parcours",
    }
);

impl Phase {
    /// The phase a user typed: its code (`pre_conseil`), the code with hyphens or
    /// spaces (`pre-conseil`), or its `name` (`Pré-conseil`), case and accents ignored.
    pub fn parse_with(text: &str, name: impl Fn(Phase) -> &'static str) -> Option<Phase> {
        let key = |t: &str| -> String {
            super::text::fold(t)
                .chars()
                .map(|c| if c == '-' || c == ' ' { '_' } else { c })
                .collect()
        };
        let wanted = key(text.trim());
        Phase::ALL
            .iter()
            .copied()
            .find(|p| key(p.code()) == wanted || key(name(*p)) == wanted)
    }
}

/// A repérage level: 0 (no difficulty) to 3 (serious difficulty).
pub const MAX_LEVEL: u8 = 3;
