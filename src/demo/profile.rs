//! Drawing one demonstration student from a seeded generator: pure, no database.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::follow_up::{checkins, draw_decision, enrolments, exit_reason};
use super::names;
use super::random::{days, pick, text, weighted};
use crate::model::*;

/// The catalogue entries a student can be given (retired ones left out).
pub(super) struct Catalogue<'a> {
    pub criteria: Vec<&'a Criterion>,
    pub kinds: &'a [DifficultyType],
    pub modules: Vec<&'a Module>,
}

/// Who the student is, before drawing: cohort, public, team.
pub(super) struct Context<'a> {
    pub today: NaiveDate,
    /// First calendar year of the cohort's school year.
    pub start_year: i32,
    /// How many school years ago the cohort entered (0 = current cohort).
    pub age: i32,
    pub bac_pro: bool,
    pub specialties: &'a [&'static str],
    pub referents: &'a [i64],
    /// Distinct number that makes the INE unique.
    pub serial: u64,
}

/// One grid cell to write.
pub(super) struct PlannedCell {
    pub criterion_id: i64,
    pub level: u8,
    pub comment: Option<&'static str>,
    pub source: Option<&'static str>,
}

/// One point d'étape to write.
pub(super) struct PlannedCheckin {
    pub date: NaiveDate,
    pub attendance: Attendance,
    pub progress: Progress,
    pub engagement: Engagement,
    pub note: Option<&'static str>,
}

/// One module enrolment to write; `at_checkin` indexes `checkins`.
pub(super) struct PlannedEnrolment {
    pub module_id: i64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub at_checkin: Option<usize>,
}

/// Everything written for one student.
pub(super) struct Planned {
    pub fields: Vec<(&'static str, Value)>,
    pub grid: Vec<PlannedCell>,
    pub life_notes: Vec<(LifeArea, &'static str)>,
    pub checkins: Vec<PlannedCheckin>,
    pub enrolments: Vec<PlannedEnrolment>,
}

/// Where the student's first year went.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Fate {
    PartialGrid,
    ToReview,
    AwaitingPreConseil,
    InParcours,
    Refused,
    NotIdentified,
    NotBacPro,
}

/// Key dates of one school year.
struct Calendar {
    start_year: i32,
}

impl Calendar {
    fn date(&self, month: u32, day: u32) -> NaiveDate {
        let year = if month >= 8 {
            self.start_year
        } else {
            self.start_year + 1
        };
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
    }
    fn rentree(&self) -> NaiveDate {
        self.date(9, 2)
    }
    fn pre_conseil(&self) -> NaiveDate {
        self.date(10, 15)
    }
    fn bilan_s1(&self) -> NaiveDate {
        self.date(1, 27)
    }
    fn decision(&self) -> NaiveDate {
        self.date(6, 11)
    }
}

/// Draws one student.
pub(super) fn draw(rng: &mut ChaCha8Rng, ctx: &Context, cat: &Catalogue) -> Planned {
    let cal = Calendar {
        start_year: ctx.start_year,
    };
    let today = ctx.today;
    let cap = |d: NaiveDate| d.min(today);
    let fate = draw_fate(rng, ctx);
    let mut fields = identity(rng, ctx);
    let mut planned = Planned {
        fields: Vec::new(),
        grid: Vec::new(),
        life_notes: Vec::new(),
        checkins: Vec::new(),
        enrolments: Vec::new(),
    };
    planned.grid = draw_grid(rng, fate, cat);
    let verdict = match fate {
        Fate::PartialGrid => None,
        Fate::ToReview => Some(Verdict::ARevoir),
        Fate::NotIdentified | Fate::NotBacPro => Some(Verdict::NonRepere),
        _ => Some(Verdict::Repere),
    };
    fields.push(("verdict", verdict.into()));
    let levels: Vec<(&Criterion, u8)> = planned
        .grid
        .iter()
        .filter_map(|cell| {
            let c = cat.criteria.iter().find(|c| c.id == cell.criterion_id)?;
            Some((*c, cell.level))
        })
        .collect();
    let suggestion = suggest(&levels, cat.kinds);
    let repere = verdict == Some(Verdict::Repere);
    let mut difficulties = suggestion.difficulties.clone();
    difficulties.truncate(3);
    if repere {
        if !difficulties.is_empty() {
            fields.push(("difficulties", difficulties.join(",").into()));
        }
        planned.life_notes = life_notes(rng, &planned.grid, cat);
    }

    // Exit, then what the end of the period of observation is.
    let rentree = cal.rentree();
    let year_end = if ctx.age == 0 { today } else { cal.decision() };
    let exit_chance = match (ctx.age, fate) {
        (0, Fate::InParcours | Fate::Refused | Fate::NotIdentified) => 0.08,
        (0, _) => 0.0,
        (_, Fate::InParcours | Fate::Refused) => 0.18,
        (_, Fate::NotIdentified) => 0.09,
        _ => 0.05,
    };
    // Students seen at the pré-conseil leave after it.
    let earliest = match fate {
        Fate::InParcours | Fate::Refused => cal.pre_conseil() + Duration::days(20),
        _ => rentree + Duration::days(20),
    };
    let span = (year_end - earliest).num_days();
    let exit =
        (span > 10 && rng.random_bool(exit_chance)).then(|| earliest + days(rng, 0, span - 5));
    let end = exit.unwrap_or(year_end);

    let pre_conseil = cap(cal.pre_conseil() + days(rng, 0, 3));
    match fate {
        Fate::AwaitingPreConseil if rng.random_bool(0.4) => {
            fields.push(("proposal", Proposal::Propose.into()));
            fields.push(("pre_conseil_date", pre_conseil.into()));
            fields.push(("referent_id", pick(rng, ctx.referents).into()));
        }
        Fate::Refused => {
            fields.push(("proposal", Proposal::Refuse.into()));
            fields.push(("pre_conseil_date", pre_conseil.into()));
        }
        Fate::InParcours => {
            fields.push(("proposal", Proposal::Accepte.into()));
            fields.push(("pre_conseil_date", pre_conseil.into()));
            fields.push(("referent_id", pick(rng, ctx.referents).into()));
            // Some current students are not seen for over four weeks (overdue).
            let overdue = ctx.age == 0 && exit.is_none() && rng.random_bool(0.2);
            let first = if overdue {
                pre_conseil + days(rng, 3, 7)
            } else {
                pre_conseil + days(rng, 18, 24)
            };
            fields.push(("first_checkin_date", first.into()));
            let last = match (ctx.age, exit) {
                (_, Some(exit)) => exit - days(rng, 5, 30),
                (0, None) if overdue => today - days(rng, 29, 70),
                (0, None) => today - days(rng, 0, 20),
                (_, None) => end - days(rng, 0, 20),
            };
            let max = if ctx.age == 0 {
                rng.random_range(1..=6)
            } else {
                rng.random_range(3..=6)
            };
            planned.checkins = checkins(rng, first, last, max);
            let start = cap(pre_conseil + days(rng, 10, 20)).min(end);
            planned.enrolments = enrolments(
                rng,
                &suggestion.module_types,
                &difficulties,
                cat,
                &planned.checkins,
                start,
                end.min(today),
            );
            if let Some(exit) = exit {
                planned.enrolments.retain(|e| e.start < exit);
                for enrolment in &mut planned.enrolments {
                    enrolment.end = Some(enrolment.end.map_or(exit, |d| d.min(exit)));
                }
            }
            let names: Vec<&str> = planned
                .enrolments
                .iter()
                .filter(|e| e.at_checkin.is_none())
                .filter_map(|e| cat.modules.iter().find(|m| m.id == e.module_id))
                .map(|m| m.name.as_str())
                .collect();
            let first_commitment = rng.random_range(0..names::COMMITMENTS.len());
            let second = (first_commitment + rng.random_range(1..names::COMMITMENTS.len()))
                % names::COMMITMENTS.len();
            let commitments = format!(
                "Suivre avec assiduité : {}.\n{}\n{}",
                names.join(", "),
                names::COMMITMENTS[first_commitment],
                names::COMMITMENTS[second]
            );
            fields.push(("commitments", commitments.into()));
            let bilan_date = cal.bilan_s1() + days(rng, 0, 3);
            if bilan_date <= today && bilan_date < end {
                fields.push(("bilan_s1", text(names::BILANS_S1, rng).into()));
                fields.push(("bilan_s1_date", bilan_date.into()));
            }
        }
        _ => {}
    }

    if let Some(date) = exit {
        let (cause, destination) = exit_reason(rng);
        fields.push(("exit_date", date.into()));
        fields.push(("exit_cause", cause.into()));
        fields.push(("exit_destination", destination.into()));
    } else if ctx.age > 0 {
        let decision = draw_decision(rng, fate);
        fields.push(("decision_s2", decision.into()));
        fields.push((
            "decision_s2_date",
            (cal.decision() + days(rng, 0, 3)).into(),
        ));
        let diploma = match decision {
            DecisionS2::Passage if ctx.age >= 2 => {
                let p = if fate == Fate::NotBacPro { 0.8 } else { 0.6 };
                Some(if rng.random_bool(p) {
                    DiplomaOutcome::Obtenu2Ans
                } else {
                    DiplomaOutcome::NonObtenu
                })
            }
            DecisionS2::Bts3Ans | DecisionS2::Redoublement if ctx.age >= 3 => {
                Some(if rng.random_bool(0.5) {
                    DiplomaOutcome::Obtenu3Ans
                } else {
                    DiplomaOutcome::NonObtenu
                })
            }
            _ => None,
        };
        fields.push(("diploma", diploma.into()));
    }
    planned.fields = fields;
    planned
}

fn draw_fate(rng: &mut ChaCha8Rng, ctx: &Context) -> Fate {
    if !ctx.bac_pro {
        return Fate::NotBacPro;
    }
    let r: f64 = rng.random();
    if ctx.age == 0 {
        match r {
            r if r < 0.10 => Fate::PartialGrid,
            r if r < 0.15 => Fate::ToReview,
            r if r < 0.27 => Fate::AwaitingPreConseil,
            r if r < 0.62 => Fate::InParcours,
            r if r < 0.68 => Fate::Refused,
            _ => Fate::NotIdentified,
        }
    } else {
        match r {
            r if r < 0.42 => Fate::InParcours,
            r if r < 0.50 => Fate::Refused,
            _ => Fate::NotIdentified,
        }
    }
}

fn identity(rng: &mut ChaCha8Rng, ctx: &Context) -> Vec<(&'static str, Value)> {
    let last = text(names::LAST_NAMES, rng);
    let first = text(names::FIRST_NAMES, rng);
    // 7919 is prime to 10^10, so distinct serials give distinct digits.
    let digits = (ctx.serial.wrapping_mul(7919) + 1_234_567) % 10_000_000_000;
    let letter = char::from(b'A' + rng.random_range(0..26u8));
    let ine = rng
        .random_bool(0.92)
        .then(|| format!("{digits:010}{letter}"));
    let age = weighted(rng, &[(18, 62), (19, 30), (20, 8)]);
    let birth = NaiveDate::from_ymd_opt(
        ctx.start_year - age,
        rng.random_range(1..=12),
        rng.random_range(1..=28),
    );
    let mut fields: Vec<(&'static str, Value)> = vec![
        ("last_name", last.into()),
        ("first_name", first.into()),
        ("ine", ine.into()),
        ("birth_date", birth.into()),
        ("bac_pro", ctx.bac_pro.into()),
    ];
    if ctx.bac_pro {
        fields.push(("bac_pro_specialty", pick(rng, ctx.specialties).into()));
        fields.push(("origin_lycee", text(names::ORIGIN_LP, rng).into()));
        let parcours = weighted(
            rng,
            &[
                (Some(ParcoursDifferencie::PoursuiteEtudes), 55),
                (Some(ParcoursDifferencie::InsertionPro), 20),
                (Some(ParcoursDifferencie::NonSuivi), 10),
                (None, 15),
            ],
        );
        fields.push(("parcours_differencie", parcours.into()));
    } else {
        fields.push(("origin_lycee", text(names::ORIGIN_LGT, rng).into()));
    }
    let schooling = if rng.random_bool(0.08) {
        Schooling::Apprenti
    } else {
        Schooling::Scolaire
    };
    fields.push(("schooling", schooling.into()));
    let rank = rng
        .random_bool(0.95)
        .then(|| rng.random_range(1..=if ctx.bac_pro { 300 } else { 120 }) as i64);
    fields.push(("parcoursup_rank", rank.into()));
    fields
}

fn draw_grid(rng: &mut ChaCha8Rng, fate: Fate, cat: &Catalogue) -> Vec<PlannedCell> {
    if fate == Fate::NotBacPro {
        return Vec::new();
    }
    let kinds: Vec<&str> = cat.kinds.iter().map(|k| k.code.as_str()).collect();
    let focus_count = match fate {
        Fate::ToReview => 1,
        Fate::AwaitingPreConseil | Fate::InParcours | Fate::Refused => rng.random_range(1..=3),
        _ => 0,
    };
    let mut focus: Vec<&str> = Vec::new();
    while focus.len() < focus_count.min(kinds.len()) {
        if let Some(kind) = pick(rng, &kinds)
            && !focus.contains(&kind)
        {
            focus.push(kind);
        }
    }
    let mut cells = Vec::new();
    for criterion in &cat.criteria {
        let sensitive = criterion.domain.is_sensitive();
        let assessed = match fate {
            Fate::PartialGrid if sensitive => 0.25,
            Fate::PartialGrid => 0.5,
            Fate::ToReview => 0.9,
            _ => 0.97,
        };
        if !rng.random_bool(assessed) {
            continue;
        }
        let in_focus = criterion
            .difficulty
            .as_deref()
            .is_some_and(|d| focus.contains(&d));
        let level = match (fate, in_focus) {
            (Fate::ToReview, true) => weighted(rng, &[(1, 40), (2, 60)]),
            (_, true) => weighted(rng, &[(1, 15), (2, 45), (3, 40)]),
            (Fate::NotIdentified, false) => weighted(rng, &[(0, 55), (1, 38), (2, 7)]),
            (Fate::PartialGrid, false) => weighted(rng, &[(0, 40), (1, 35), (2, 18), (3, 7)]),
            _ => weighted(rng, &[(0, 50), (1, 40), (2, 10)]),
        };
        let (comments, sources) = match criterion.domain {
            Domain::ConditionsDeVie => (names::COMMENTS_LIFE, names::SOURCES_LIFE),
            Domain::PerformancesScolaires => (names::COMMENTS_SCHOLAR, names::SOURCES_SCHOLAR),
            Domain::ProjetFormation => (names::COMMENTS_PROJECT, names::SOURCES_PROJECT),
        };
        let comment = (level >= 2 && rng.random_bool(0.2)).then(|| text(comments, rng));
        let source = rng.random_bool(0.15).then(|| text(sources, rng));
        cells.push(PlannedCell {
            criterion_id: criterion.id,
            level,
            comment,
            source,
        });
    }
    cells
}

fn life_notes(
    rng: &mut ChaCha8Rng,
    grid: &[PlannedCell],
    cat: &Catalogue,
) -> Vec<(LifeArea, &'static str)> {
    let mut notes = Vec::new();
    for cell in grid.iter().filter(|c| c.level >= 2) {
        let Some(criterion) = cat.criteria.iter().find(|c| c.id == cell.criterion_id) else {
            continue;
        };
        let area = match criterion.code.as_str() {
            "logement" => LifeArea::Logement,
            "transport" => LifeArea::Transport,
            "emploi_salarie" => LifeArea::Emploi,
            "finances" => LifeArea::Finances,
            "sante" => LifeArea::Sante,
            "famille" => LifeArea::Famille,
            _ => continue,
        };
        if notes.len() < 2 && rng.random_bool(0.6) {
            notes.push((area, names::life_note(area)));
        }
    }
    notes
}

/// First calendar year of the school year containing `date`.
pub(super) fn start_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    }
}
