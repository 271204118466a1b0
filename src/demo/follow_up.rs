//! Drawing what happens after the repérage: check-ins, modules, exits, decisions.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names;
use super::profile::{Catalogue, Fate, PlannedCheckin, PlannedEnrolment};
use super::random::{days, pick, text, weighted};
use crate::model::*;

/// Up to `max` check-ins spread from `first` to `last` (none if `last` is before `first`).
pub(super) fn checkins(
    rng: &mut ChaCha8Rng,
    first: NaiveDate,
    last: NaiveDate,
    max: usize,
) -> Vec<PlannedCheckin> {
    let span = (last - first).num_days();
    let count = if span < 0 {
        0
    } else {
        // At least three weeks between two check-ins.
        max.min(span as usize / 21 + 1)
    };
    let dates: Vec<NaiveDate> = (0..count)
        .map(|i| {
            if count == 1 {
                return last;
            }
            let at = first + Duration::days(span * i as i64 / (count as i64 - 1));
            if i == 0 || i + 1 == count {
                at
            } else {
                at + days(rng, -3, 3)
            }
        })
        .collect();
    let trend = weighted(rng, &[(0u8, 45), (1, 35), (2, 20)]);
    dates
        .into_iter()
        .map(|date| {
            let (attendance, progress, engagement) = match trend {
                0 => (
                    weighted(
                        rng,
                        &[(Attendance::Assidu, 85), (Attendance::Irregulier, 15)],
                    ),
                    weighted(rng, &[(Progress::EnProgres, 70), (Progress::Stable, 30)]),
                    weighted(rng, &[(Engagement::Fort, 60), (Engagement::Moyen, 40)]),
                ),
                1 => (
                    weighted(
                        rng,
                        &[(Attendance::Assidu, 50), (Attendance::Irregulier, 50)],
                    ),
                    weighted(
                        rng,
                        &[
                            (Progress::Stable, 60),
                            (Progress::EnProgres, 25),
                            (Progress::EnRecul, 15),
                        ],
                    ),
                    weighted(rng, &[(Engagement::Moyen, 70), (Engagement::Faible, 30)]),
                ),
                _ => (
                    weighted(
                        rng,
                        &[(Attendance::Irregulier, 55), (Attendance::Absent, 45)],
                    ),
                    weighted(rng, &[(Progress::EnRecul, 60), (Progress::Stable, 40)]),
                    weighted(rng, &[(Engagement::Faible, 75), (Engagement::Moyen, 25)]),
                ),
            };
            PlannedCheckin {
                date,
                attendance,
                progress,
                engagement,
                note: rng
                    .random_bool(0.7)
                    .then(|| text(names::CHECKIN_NOTES, rng)),
            }
        })
        .collect()
}

/// Modules answering the student's difficulties, by suggested module type.
pub(super) fn enrolments(
    rng: &mut ChaCha8Rng,
    types: &[ModuleType],
    difficulties: &[String],
    cat: &Catalogue,
    checkins: &[PlannedCheckin],
    start: NaiveDate,
    stop_limit: NaiveDate,
) -> Vec<PlannedEnrolment> {
    let mut chosen: Vec<i64> = Vec::new();
    let choose = |rng: &mut ChaCha8Rng, module_type: ModuleType, chosen: &mut Vec<i64>| {
        let of_type: Vec<i64> = cat
            .modules
            .iter()
            .filter(|m| m.module_type == module_type && !chosen.contains(&m.id))
            .filter(|m| m.difficulties.iter().any(|d| difficulties.contains(d)))
            .map(|m| m.id)
            .collect();
        if let Some(id) = pick(rng, &of_type) {
            chosen.push(id);
        }
    };
    let wanted = if rng.random_bool(0.3) { 3 } else { 2 };
    for module_type in types.iter().cycle().take(wanted) {
        choose(rng, *module_type, &mut chosen);
    }
    if chosen.is_empty() {
        choose(rng, ModuleType::Perseverance, &mut chosen);
    }
    let mut list: Vec<PlannedEnrolment> = chosen
        .into_iter()
        .map(|module_id| {
            let stop = start + days(rng, 30, 90);
            let end = (rng.random_bool(0.15) && stop < stop_limit).then_some(stop);
            PlannedEnrolment {
                module_id,
                start,
                end,
                at_checkin: None,
            }
        })
        .collect();
    // A module added later, at a point d'étape, as needs change.
    if checkins.len() >= 2 && rng.random_bool(0.3) {
        let index = rng.random_range(1..checkins.len());
        let taken: Vec<i64> = list.iter().map(|e| e.module_id).collect();
        let others: Vec<i64> = cat
            .modules
            .iter()
            .filter(|m| !taken.contains(&m.id) && m.module_type != ModuleType::Renforce)
            .map(|m| m.id)
            .collect();
        if let Some(module_id) = pick(rng, &others) {
            list.push(PlannedEnrolment {
                module_id,
                start: checkins[index].date,
                end: None,
                at_checkin: Some(index),
            });
        }
    }
    list
}

/// A cause of exit and a destination that go together.
pub(super) fn exit_reason(rng: &mut ChaCha8Rng) -> (ExitCause, ExitDestination) {
    use ExitCause as C;
    use ExitDestination as D;
    match weighted(rng, &[(0u8, 25), (1, 25), (2, 25), (3, 15), (4, 10)]) {
        0 => (C::Emploi, D::Emploi),
        1 => (
            C::OrientationSubie,
            weighted(rng, &[(D::Reorientation, 60), (D::AutreFormation, 40)]),
        ),
        2 => (
            C::DifficultesScolaires,
            weighted(
                rng,
                &[(D::AutreFormation, 40), (D::Aucune, 35), (D::Emploi, 25)],
            ),
        ),
        3 => (
            C::RaisonsPersonnelles,
            weighted(rng, &[(D::Aucune, 60), (D::Inconnue, 40)]),
        ),
        _ => (C::Inconnue, D::Inconnue),
    }
}

/// The S2 decision, depending on the first year.
pub(super) fn draw_decision(rng: &mut ChaCha8Rng, fate: Fate) -> DecisionS2 {
    use DecisionS2 as D;
    let weights: [(D, u32); 3] = match fate {
        Fate::InParcours => [(D::Passage, 55), (D::Bts3Ans, 25), (D::Redoublement, 20)],
        Fate::Refused => [(D::Passage, 50), (D::Bts3Ans, 20), (D::Redoublement, 30)],
        Fate::NotBacPro => [(D::Passage, 92), (D::Bts3Ans, 3), (D::Redoublement, 5)],
        _ => [(D::Passage, 85), (D::Bts3Ans, 5), (D::Redoublement, 10)],
    };
    weighted(rng, &weights)
}
