//! Plain records of the domain, as read from the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::*;

/// Who last changed a row, and its optimistic version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RowMeta {
    /// Incremented by every update; a write based on another version is refused.
    pub version: i64,
    /// UTC timestamp, RFC 3339.
    pub updated_at: String,
    /// OS user who made the last change.
    pub updated_by: String,
}

/// A lycée.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub id: i64,
    /// Unité administrative immatriculée (7 digits + letter).
    pub uai: String,
    pub name: String,
    pub academie: String,
    /// Town of the establishment (unknown in databases before schema 5).
    #[serde(default)]
    pub city: Option<String>,
    pub meta: RowMeta,
}

/// A BTS section (one specialty, one sector) of an establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub establishment_id: i64,
    /// Short code used on the command line and in imports, e.g. `NDRC`.
    pub code: String,
    pub name: String,
    pub sector: Sector,
    pub meta: RowMeta,
}

/// The students of one section entering in one school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    pub id: i64,
    pub section_id: i64,
    /// School year of entry in 1st year, e.g. `2026-2027`.
    pub school_year: String,
    pub meta: RowMeta,
}

/// A member of the teaching team (référents and others).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub role: StaffRole,
    /// A partner's organisation (association, CIO, mission locale, entreprise…).
    pub organisation: Option<String>,
    /// What a teacher teaches.
    pub discipline: Option<String>,
    pub email: Option<String>,
    /// An inactive member stays on past records but leaves the pickers.
    pub active: bool,
    /// Coordinates the scheme (several members may, e.g. a pair).
    pub coordinator: bool,
    pub meta: RowMeta,
}

impl Staff {
    /// "Prénom Nom" for display.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// The discipline, else the organisation: what places the member in the team.
    pub fn detail(&self) -> Option<&str> {
        self.discipline.as_deref().or(self.organisation.as_deref())
    }
}

/// Checks an e-mail address loosely: one `@`, something before it, and a dot in
/// the part after it with something on each side; no space. Returns the French reason.
pub fn check_email(text: &str) -> Result<(), String> {
    let text = text.trim();
    let bad = |why: &str| {
        Err(format!(
            "adresse « {text} » : {why} (ex. prenom.nom@ac-toulouse.fr)"
        ))
    };
    if text.chars().any(char::is_whitespace) {
        return bad("sans espace");
    }
    let mut parts = text.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return bad("il faut un seul @");
    };
    let dotted = domain
        .rsplit_once('.')
        .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty() && !host.ends_with('.'));
    if local.is_empty() || !dotted {
        return bad("il faut un nom avant @ et un domaine avec un point après");
    }
    Ok(())
}

/// A student and the non-sensitive facts of their parcours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Student {
    pub id: i64,
    pub cohort_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub ine: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// Whether the student comes from a Bac Pro (the public of the parcours).
    pub bac_pro: bool,
    pub bac_pro_specialty: Option<String>,
    pub origin_lycee: Option<String>,
    pub schooling: Schooling,
    pub parcoursup_rank: Option<i64>,
    pub parcours_differencie: Option<ParcoursDifferencie>,
    pub referent_id: Option<i64>,
    pub verdict: Option<Verdict>,
    /// Difficulty type codes the team retained.
    pub difficulties: Vec<String>,
    pub proposal: Option<Proposal>,
    pub pre_conseil_date: Option<NaiveDate>,
    pub commitments: Option<String>,
    pub first_checkin_date: Option<NaiveDate>,
    pub bilan_s1: Option<String>,
    pub bilan_s1_date: Option<NaiveDate>,
    pub decision_s2: Option<DecisionS2>,
    pub decision_s2_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub exit_cause: Option<ExitCause>,
    pub exit_destination: Option<ExitDestination>,
    /// Who the student was referred to when leaving (mission locale, PSAD, MLDS).
    pub exit_referral: Option<ExitReferral>,
    /// Free text about the exit.
    pub exit_note: Option<String>,
    /// Next point d'étape planned (proposed when a check-in is recorded).
    pub next_checkin_date: Option<NaiveDate>,
    pub diploma: Option<DiplomaOutcome>,
    pub meta: RowMeta,
}

impl Student {
    /// "NOM Prénom" as teachers read class lists.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.last_name.to_uppercase(), self.first_name)
    }

    /// Whether the student left the training.
    pub fn has_exited(&self) -> bool {
        self.exit_date.is_some()
    }

    /// Whether the student is in a parcours de consolidation.
    pub fn in_parcours(&self) -> bool {
        self.proposal == Some(Proposal::Accepte)
    }

    /// Current phase, derived from what has been recorded.
    ///
    /// Students outside the parcours (not from a Bac Pro, not identified, or who
    /// refused or did not need it) are "hors parcours" whatever happens later; for
    /// the others an S2 decision or an exit closes the parcours (Bilan S2).
    pub fn phase(&self) -> Phase {
        if !self.bac_pro {
            return Phase::HorsParcours;
        }
        match (self.verdict, self.proposal) {
            (Some(Verdict::NonRepere), _)
            | (Some(Verdict::Repere), Some(Proposal::Refuse | Proposal::NonNecessaire)) => {
                Phase::HorsParcours
            }
            _ if self.decision_s2.is_some() || self.has_exited() => Phase::BilanS2,
            (None | Some(Verdict::ARevoir), _) => Phase::Reperage,
            (Some(Verdict::Repere), None | Some(Proposal::Propose)) => Phase::PreConseil,
            (Some(Verdict::Repere), Some(Proposal::Accepte)) => Phase::Suivi,
        }
    }

    /// Whether the parcours is over: an S2 decision was taken or the student left.
    pub fn parcours_ended(&self) -> bool {
        self.decision_s2.is_some() || self.has_exited()
    }

    /// Whether something is still to be done for this student in their phase.
    pub fn is_pending(&self, last_checkin: Option<NaiveDate>, today: NaiveDate) -> bool {
        if self.has_exited() {
            return false;
        }
        match self.phase() {
            Phase::Reperage | Phase::PreConseil => true,
            Phase::Suivi => self.checkin_overdue(last_checkin, today),
            Phase::BilanS2 => self.decision_s2.is_none(),
            Phase::HorsParcours => false,
        }
    }

    /// A student in suivi whose last check-in (or planned first one) is too old.
    pub fn checkin_overdue(&self, last_checkin: Option<NaiveDate>, today: NaiveDate) -> bool {
        if self.phase() != Phase::Suivi || self.has_exited() {
            return false;
        }
        // A planned point d'étape after the last one sets the limit.
        if let Some(next) = self
            .next_checkin_date
            .filter(|n| last_checkin.is_none_or(|last| *n > last))
        {
            return today > next;
        }
        match last_checkin.or(self.first_checkin_date) {
            Some(date) => (today - date).num_days() > CHECKIN_OVERDUE_DAYS,
            None => self
                .pre_conseil_date
                .is_some_and(|d| (today - d).num_days() > CHECKIN_OVERDUE_DAYS),
        }
    }
}

/// A check-in older than this many days is overdue (four weeks).
pub const CHECKIN_OVERDUE_DAYS: i64 = 28;

/// One sensitive *conditions de vie* note about a student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeNote {
    pub student_id: i64,
    pub area: LifeArea,
    pub note: String,
    pub meta: RowMeta,
}

/// The level of one criterion for one student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridValue {
    pub id: i64,
    pub student_id: i64,
    pub criterion_id: i64,
    /// 0–3, `None` = not assessed.
    pub level: Option<u8>,
    pub comment: Option<String>,
    /// Where the information comes from (entretien, Parcoursup, évaluation…).
    pub source: Option<String>,
    pub meta: RowMeta,
}

/// A module chosen for a student, possibly stopped later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrolment {
    pub id: i64,
    pub student_id: i64,
    pub module_id: i64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// The check-in at which the module was added, if any.
    pub checkin_id: Option<i64>,
    pub meta: RowMeta,
}

/// A point d'étape with the référent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkin {
    pub id: i64,
    pub student_id: i64,
    pub date: NaiveDate,
    pub attendance: Option<Attendance>,
    pub progress: Option<Progress>,
    pub engagement: Option<Engagement>,
    pub note: Option<String>,
    pub meta: RowMeta,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student() -> Student {
        Student {
            id: 1,
            cohort_id: 1,
            last_name: "N'DIAYE".into(),
            first_name: "Awa".into(),
            ine: None,
            birth_date: None,
            bac_pro: true,
            bac_pro_specialty: None,
            origin_lycee: None,
            schooling: Schooling::Scolaire,
            parcoursup_rank: None,
            parcours_differencie: None,
            referent_id: None,
            verdict: None,
            difficulties: Vec::new(),
            proposal: None,
            pre_conseil_date: None,
            commitments: None,
            first_checkin_date: None,
            bilan_s1: None,
            bilan_s1_date: None,
            decision_s2: None,
            decision_s2_date: None,
            exit_date: None,
            exit_cause: None,
            exit_destination: None,
            exit_referral: None,
            exit_note: None,
            next_checkin_date: None,
            diploma: None,
            meta: RowMeta::default(),
        }
    }

    #[test]
    fn students_outside_the_parcours_are_hors_parcours_not_bilan_s2() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 2);
        let cases = [
            (
                Student {
                    bac_pro: false,
                    ..student()
                },
                Phase::HorsParcours,
            ),
            (
                Student {
                    verdict: Some(Verdict::NonRepere),
                    ..student()
                },
                Phase::HorsParcours,
            ),
            (
                Student {
                    verdict: Some(Verdict::Repere),
                    proposal: Some(Proposal::Refuse),
                    decision_s2: Some(DecisionS2::Passage),
                    ..student()
                },
                Phase::HorsParcours,
            ),
            (
                Student {
                    verdict: Some(Verdict::Repere),
                    proposal: Some(Proposal::NonNecessaire),
                    ..student()
                },
                Phase::HorsParcours,
            ),
            (student(), Phase::Reperage),
            (
                Student {
                    verdict: Some(Verdict::Repere),
                    ..student()
                },
                Phase::PreConseil,
            ),
            (
                Student {
                    verdict: Some(Verdict::Repere),
                    proposal: Some(Proposal::Accepte),
                    ..student()
                },
                Phase::Suivi,
            ),
            // An exit ends the parcours: no longer "en suivi".
            (
                Student {
                    verdict: Some(Verdict::Repere),
                    proposal: Some(Proposal::Accepte),
                    exit_date: date,
                    ..student()
                },
                Phase::BilanS2,
            ),
        ];
        for (s, phase) in cases {
            assert_eq!(s.phase(), phase, "{s:?}");
        }
    }

    #[test]
    fn a_planned_checkin_sets_the_overdue_limit() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let s = Student {
            verdict: Some(Verdict::Repere),
            proposal: Some(Proposal::Accepte),
            next_checkin_date: Some(day(20)),
            ..student()
        };
        assert!(!s.checkin_overdue(Some(day(1)), day(20)));
        assert!(s.checkin_overdue(Some(day(1)), day(21)));
    }
}

#[cfg(test)]
mod email_tests {
    use super::check_email;

    #[test]
    fn an_email_needs_one_at_and_a_dot_after_it() {
        for good in [
            "claire.martin@ac-toulouse.fr",
            "a@b.co",
            " x@lycee.example ",
        ] {
            assert_eq!(check_email(good), Ok(()), "{good}");
        }
        for bad in [
            "claire.martin",
            "claire@lycee",
            "a@@b.fr",
            "a@b@c.fr",
            "@lycee.fr",
            "claire@.fr",
            "claire@lycee.",
            "claire martin@lycee.fr",
        ] {
            let reason = check_email(bad).expect_err(bad);
            assert!(reason.starts_with("adresse « "), "{reason}");
        }
    }
}
