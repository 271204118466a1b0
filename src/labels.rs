//! Every French word the program shows for a domain code, in one place for review.

use crate::model::codes::*;
use crate::model::planner::{AttendanceMark, SessionStatus};

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

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
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
labels!(AttendanceMark {
    Present => "présent",
    Retard => "retard",
    AbsentExcuse => "absent excusé",
    Absent => "absent",
});
labels!(SessionStatus {
    Planned => "prévue",
    Held => "tenue",
    Cancelled => "annulée",
});
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
    ProviseurAdjoint => "proviseur adjoint",
    CoordonnateurMlds => "coordonnateur MLDS",
    Rbde => "RBDE",
    Partenaire => "partenaire extérieur",
    EtudiantTuteur => "étudiant tuteur",
    Autre => "autre",
});

/// A role in a narrow column (the team list, `passerelle team`).
pub fn role_short(role: StaffRole) -> &'static str {
    match role {
        StaffRole::ProfBts => "prof. BTS",
        StaffRole::Plp => "PLP",
        StaffRole::ProviseurAdjoint => "proviseur adj.",
        StaffRole::CoordonnateurMlds => "coord. MLDS",
        StaffRole::Partenaire => "partenaire",
        StaffRole::AssistanteSociale => "assist. sociale",
        other => other.label(),
    }
}

/// A team member's name where it stays on past records: « (n'est plus dans
/// l'équipe) » after the name of an inactive member.
pub fn member_name(staff: &crate::model::Staff) -> String {
    if staff.active {
        staff.display_name()
    } else {
        format!("{} (n'est plus dans l'équipe)", staff.display_name())
    }
}

/// A role as typed in a team file: its code, its label, its short label or a usual
/// abbreviation, case, accents, hyphens and dots ignored ("Professeur de BTS", "PLP",
/// "Psy-EN", "partenaire").
pub fn parse_role(text: &str) -> Option<StaffRole> {
    let key = |t: &str| -> String {
        crate::model::text::fold(t)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let wanted = key(text.trim());
    if wanted.is_empty() {
        return None;
    }
    let alias = match wanted.as_str() {
        "profbts" | "professeurbts" | "enseignantbts" | "enseignantdebts" => {
            Some(StaffRole::ProfBts)
        }
        "professeurdelyceeprofessionnel" | "professeurlp" => Some(StaffRole::Plp),
        "psyen" | "psychologue" | "psychologuedeleducationnationale" => Some(StaffRole::PsyEn),
        "as" | "assistantsocial" | "assistantedeservicesocial" => {
            Some(StaffRole::AssistanteSociale)
        }
        "infirmier" => Some(StaffRole::Infirmiere),
        "proviseuradjointe" | "proviseuradj" => Some(StaffRole::ProviseurAdjoint),
        "mlds" | "coordonnatricemlds" | "coordmlds" => Some(StaffRole::CoordonnateurMlds),
        "partenaire" | "partenaireexterne" | "intervenantexterieur" => Some(StaffRole::Partenaire),
        "etudiant" | "etudiante" | "tuteur" | "tutrice" | "etudiantetutrice" => {
            Some(StaffRole::EtudiantTuteur)
        }
        _ => None,
    };
    alias.or_else(|| {
        StaffRole::ALL.iter().copied().find(|r| {
            key(r.code()) == wanted || key(r.label()) == wanted || key(role_short(*r)) == wanted
        })
    })
}
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
    HorsParcours => "hors parcours",
});
labels!(ExitReferral {
    MissionLocale => "mission locale",
    Psad => "PSAD",
    Mlds => "MLDS",
    Autre => "autre",
    Aucune => "aucune",
});

/// The phase a user typed: its code, with hyphens or spaces, or its French label.
pub fn parse_phase(text: &str) -> Option<Phase> {
    Phase::parse_with(text, Label::label)
}

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

/// Header banner of a database opened for reading only.
pub const READ_ONLY_BANNER: &str = " LECTURE SEULE ";

/// Lasting footer line of a database opened for reading only.
pub fn read_only_warning(cause: crate::store::ReadOnlyCause) -> String {
    format!("Lecture seule ({cause}) : rien ne sera enregistré.")
}

/// French name of a stored field, for conflicts and the history.
pub fn field_label(column: &str) -> &str {
    match column {
        "last_name" => "nom",
        "first_name" => "prénom",
        "ine" => "INE",
        "birth_date" => "date de naissance",
        "bac_pro" => "issu d'un bac pro",
        "bac_pro_specialty" => "spécialité de bac pro",
        "origin_lycee" => "lycée d'origine",
        "schooling" => "statut",
        "parcoursup_rank" => "rang Parcoursup",
        "parcours_differencie" => "parcours différencié",
        "referent_id" => "référent",
        "verdict" => "verdict de repérage",
        "difficulties" => "types de difficulté",
        "proposal" => "proposition de parcours",
        "pre_conseil_date" => "date du pré-conseil",
        "commitments" => "engagements",
        "first_checkin_date" => "premier point d'étape",
        "bilan_s1" => "bilan S1",
        "bilan_s1_date" => "date du bilan S1",
        "decision_s2" => "décision S2",
        "decision_s2_date" => "date de la décision S2",
        "exit_date" => "date de sortie",
        "exit_cause" => "cause de sortie",
        "exit_destination" => "destination de sortie",
        "diploma" => "résultat au BTS",
        "exit_referral" => "orientation à la sortie",
        "exit_note" => "note de sortie",
        "next_checkin_date" => "prochain point d'étape",
        "level" => "niveau",
        "comment" => "commentaire",
        "source" => "source",
        "date" => "date",
        "attendance" => "assiduité",
        "progress" => "progrès",
        "engagement" => "engagement",
        "note" => "note",
        "start_date" => "début du module",
        "end_date" => "fin du module",
        "suppression" => "suppression",
        "held_on" => "date de la réunion",
        "attendees" => "participants",
        "modules" => "modules",
        // The catalogue (criteria, difficulty types, fiches cadre).
        "code" => "code",
        "name" => "nom",
        "label" => "intitulé",
        "description" => "description",
        "domain" => "domaine",
        "difficulty" => "difficulté suggérée",
        "position" => "ordre dans la grille",
        "retired" => "retiré",
        "module_types" => "types de module",
        "module_type" => "type de module",
        "competence" => "compétences",
        "objectives" => "objectifs",
        "content" => "contenu",
        "led_by" => "animé par",
        "sessions" => "nombre de séances",
        "session_minutes" => "durée d'une séance (minutes)",
        "group_size" => "taille du groupe",
        "period" => "période",
        "place" => "lieu",
        "evaluation" => "évaluation",
        "hours_granted" => "heures accordées",
        "role" => "rôle",
        // The establishment and its sections.
        "uai" => "UAI",
        "academie" => "académie",
        "city" => "ville",
        "sector" => "secteur",
        // The school calendar.
        "zone" => "zone",
        "rentree" => "rentrée",
        "toussaint_first" => "début des vacances de la Toussaint",
        "toussaint_last" => "fin des vacances de la Toussaint",
        "noel_first" => "début des vacances de Noël",
        "noel_last" => "fin des vacances de Noël",
        "hiver_first" => "début des vacances d'hiver",
        "hiver_last" => "fin des vacances d'hiver",
        "printemps_first" => "début des vacances de printemps",
        "printemps_last" => "fin des vacances de printemps",
        "summer_first" => "début des vacances d'été",
        "organisation" => "organisation",
        "discipline" => "discipline",
        "email" => "courriel",
        "active" => "actif",
        "coordinator" => "coordonnateur",
        // The module planner.
        "module_id" => "module",
        "school_year" => "année scolaire",
        "leader_id" => "animateur",
        "capacity" => "capacité",
        "establishment_id" => "établissement",
        "group_id" => "groupe",
        "start" => "heure de début",
        "minutes" => "durée (minutes)",
        "status" => "état",
        "cancel_reason" => "motif d'annulation",
        "student_id" => "élève",
        "from_date" => "entrée dans le groupe",
        "to_date" => "sortie du groupe",
        "session_id" => "séance",
        "hours" => "heures",
        other => other,
    }
}

/// A stored value as French text: codes become labels, ISO dates become JJ/MM/AAAA.
pub fn value_label(column: &str, value: &str) -> String {
    fn find<T: Label>(parse: fn(&str) -> Option<T>, value: &str) -> Option<String> {
        parse(value).map(|v| v.label().to_string())
    }
    let label = match column {
        "verdict" => find(Verdict::from_code, value),
        "proposal" => find(Proposal::from_code, value),
        "decision_s2" => find(DecisionS2::from_code, value),
        "exit_cause" => find(ExitCause::from_code, value),
        "exit_destination" => find(ExitDestination::from_code, value),
        "exit_referral" => find(ExitReferral::from_code, value),
        "diploma" => find(DiplomaOutcome::from_code, value),
        "schooling" => find(Schooling::from_code, value),
        "parcours_differencie" => find(ParcoursDifferencie::from_code, value),
        "attendance" => find(Attendance::from_code, value),
        "progress" => find(Progress::from_code, value),
        "engagement" => find(Engagement::from_code, value),
        "role" => find(StaffRole::from_code, value),
        // Sessions and marks share the column name; their codes differ.
        "status" => {
            find(SessionStatus::from_code, value).or_else(|| find(AttendanceMark::from_code, value))
        }
        _ => None,
    };
    label
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .map(|d| d.format("%d/%m/%Y").to_string())
        })
        .unwrap_or_else(|| value.to_string())
}

/// A stored UTC timestamp as local French date and time ("23/11/2026 à 10:42").
pub fn timestamp_label(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y à %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// A journal value (stored as JSON) as French text on one line; "—" when empty.
pub fn journal_value(column: &str, json: Option<&str>) -> String {
    match json.and_then(|j| serde_json::from_str::<crate::model::Value>(j).ok()) {
        None | Some(crate::model::Value::Null) => "—".to_string(),
        // One line per change in a history: line breaks of a note become « / ».
        Some(value) => value_label(column, &value.display()).replace('\n', " / "),
    }
}

/// What was observed at a point d'étape, as short French phrases.
pub fn checkin_facts(checkin: &crate::model::Checkin) -> Vec<String> {
    [
        checkin.attendance.map(|a| a.label().to_string()),
        checkin.progress.map(|p| p.label().to_string()),
        checkin
            .engagement
            .map(|e| format!("engagement {}", e.label())),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A domain in a grid header (short) and the letter of its column codes (V1, S3…).
pub fn domain_short(domain: crate::model::Domain) -> (&'static str, char) {
    use crate::model::Domain;
    match domain {
        Domain::ConditionsDeVie => ("Vie", 'V'),
        Domain::PerformancesScolaires => ("Scolarité", 'S'),
        Domain::ProjetFormation => ("Projet", 'P'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_as_codes_labels_and_usual_names() {
        for role in StaffRole::ALL {
            assert_eq!(parse_role(role.code()), Some(*role));
            assert_eq!(parse_role(role.label()), Some(*role));
            assert_eq!(parse_role(role_short(*role)), Some(*role));
        }
        assert_eq!(parse_role("Professeur de BTS"), Some(StaffRole::ProfBts));
        assert_eq!(parse_role("plp"), Some(StaffRole::Plp));
        assert_eq!(parse_role("PSY-EN"), Some(StaffRole::PsyEn));
        assert_eq!(parse_role(" Infirmière "), Some(StaffRole::Infirmiere));
        assert_eq!(parse_role("partenaire"), Some(StaffRole::Partenaire));
        assert_eq!(
            parse_role("Étudiant tuteur"),
            Some(StaffRole::EtudiantTuteur)
        );
        assert_eq!(
            parse_role("proviseur-adjoint"),
            Some(StaffRole::ProviseurAdjoint)
        );
        assert_eq!(parse_role("chef cuisinier"), None);
        assert_eq!(parse_role(""), None);
    }

    #[test]
    fn phases_are_read_back_in_every_printed_spelling() {
        for phase in Phase::ALL {
            assert_eq!(parse_phase(phase.code()), Some(*phase));
            assert_eq!(parse_phase(phase.label()), Some(*phase));
            assert_eq!(parse_phase(&phase.code().replace('_', "-")), Some(*phase));
        }
        assert_eq!(parse_phase("bilan"), None);
    }
}
