//! Every French word the program shows for a domain code, in one place for review.

use crate::model::codes::*;

/// A value with a French label for the screen.
pub trait Label: Copy {
    /// The label shown to users.
    fn label(self) -> &'static str;
}

macro_rules! labels {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl Label for $ty {
            fn label(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
        }
    };
}

labels!(Sector { Production => "production", Services => "services" });
labels!(Schooling { Scolaire => "scolaire", Apprenti => "apprenti" });
labels!(ParcoursDifferencie {
    PoursuiteEtudes => "poursuite d'études",
    InsertionPro => "insertion professionnelle",
    NonSuivi => "non suivi",
});
labels!(Domain {
    ConditionsDeVie => "Conditions de vie",
    PerformancesScolaires => "Performances scolaires",
    ProjetFormation => "Projet de formation",
});
labels!(Verdict { Repere => "repéré", NonRepere => "non repéré", ARevoir => "à revoir" });
labels!(Proposal {
    Propose => "proposé",
    Accepte => "accepté",
    Refuse => "refusé",
    NonNecessaire => "non nécessaire",
});
labels!(DecisionS2 {
    Passage => "passage en 2e année",
    Redoublement => "redoublement",
    Bts3Ans => "BTS en 3 ans",
});
labels!(ExitCause {
    DifficultesScolaires => "difficultés scolaires",
    OrientationSubie => "orientation subie",
    Emploi => "accès à l'emploi",
    RaisonsPersonnelles => "raisons personnelles",
    Inconnue => "inconnue",
});
labels!(ExitDestination {
    Emploi => "emploi",
    AutreFormation => "autre formation",
    Reorientation => "réorientation",
    Aucune => "aucune",
    Inconnue => "inconnue",
});
labels!(DiplomaOutcome {
    Obtenu2Ans => "BTS obtenu en 2 ans",
    Obtenu3Ans => "BTS obtenu en 3 ans",
    NonObtenu => "BTS non obtenu",
});
labels!(ModuleType { Soutien => "Soutien", Perseverance => "Persévérance", Renforce => "Renforcé" });
labels!(CompetenceDomain { Psychosociales => "psychosociales", Scolaires => "scolaires" });
labels!(Attendance { Assidu => "assidu", Irregulier => "irrégulier", Absent => "absent" });
labels!(Progress { EnProgres => "en progrès", Stable => "stable", EnRecul => "en recul" });
labels!(Engagement { Fort => "fort", Moyen => "moyen", Faible => "faible" });
labels!(StaffRole {
    ProfBts => "professeur de BTS",
    Plp => "professeur de lycée professionnel",
    Cpe => "CPE",
    PsyEn => "Psy-EN",
    AssistanteSociale => "assistante sociale",
    Infirmiere => "infirmière",
    Ddfpt => "DDFPT",
    Autre => "autre",
});
labels!(LifeArea {
    Logement => "logement",
    Transport => "transport",
    Emploi => "emploi salarié",
    Finances => "finances",
    Sante => "santé",
    Famille => "famille",
});
labels!(Phase {
    Reperage => "Repérage",
    PreConseil => "Pré-conseil",
    Suivi => "Suivi",
    BilanS2 => "Bilan S2",
});

/// Label of a repérage level (`None` = not assessed).
pub fn level_label(level: Option<u8>) -> &'static str {
    match level {
        None => "non évalué",
        Some(0) => "0 – aucune difficulté",
        Some(1) => "1 – fragilité",
        Some(2) => "2 – difficulté",
        _ => "3 – difficulté forte",
    }
}
