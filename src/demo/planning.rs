//! The demo's module planning: groups for the modules chosen at the pré-conseil
//! (and later, for students who join a module), weekly sessions in every period
//! from P2 (Toussaint → Noël) to the summer, students placed by capacity, rolls
//! taken for the sessions already past, hours granted. Deterministic.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime, Weekday};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::random::weighted;
use crate::model::Module;
use crate::model::calendar::{Period, SchoolCalendar};
use crate::model::planner::AttendanceMark;
use crate::store::{NewGroup, StoreError, Writer};

/// Group size when the fiche cadre gives none.
const DEFAULT_CAPACITY: usize = 12;

/// The envelope granted for the year, besides the modules' own hours.
const ENVELOPE: (&str, f64) = ("Ambition BTS (projet académique)", 40.0);

/// The fiche cadre's period of a module that runs all year: its cycle is
/// repeated in every period.
const WHOLE_YEAR: &str = "Toute l'année";

/// Weekdays the modules take turns on, and their start times.
const SLOTS: [(Weekday, u32); 5] = [
    (Weekday::Tue, 14),
    (Weekday::Thu, 10),
    (Weekday::Mon, 15),
    (Weekday::Fri, 13),
    (Weekday::Wed, 9),
];

/// Marks drawn for a roll, with their weights (mostly présent).
const MARKS: [(AttendanceMark, u32); 4] = [
    (AttendanceMark::Present, 88),
    (AttendanceMark::Retard, 6),
    (AttendanceMark::AbsentExcuse, 3),
    (AttendanceMark::Absent, 3),
];

/// What the planning needs from the demo being written.
pub(super) struct PlanningInput<'a> {
    pub seed: u64,
    pub today: NaiveDate,
    pub school_year: &'a str,
    pub establishment_id: i64,
    pub calendar: &'a SchoolCalendar,
    pub modules: &'a [&'a Module],
    /// Team members who may lead a group.
    pub leaders: &'a [i64],
    /// Hours granted to some modules (code, hours).
    pub granted: &'a [(&'a str, f64)],
}

/// Plans the year's modules inside the demo's transaction.
///
/// The way a team would: at the start of P2 (after the pré-conseil) each module
/// opens groups for its students, who stay in them for the rest of the year; a
/// group runs its fiche cadre's sessions (« 7 × 2 h ») weekly in its period, or
/// spread evenly up to the summer for a module of the whole year (« Toute l'année »).
/// At the start of each later period already begun, the students who joined a
/// module since are placed in new groups. Rolls are taken for every session
/// before `today`.
pub(super) fn plan(w: &mut Writer, input: &PlanningInput) -> Result<(), StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed ^ 0x706c_616e);
    for (code, hours) in input.granted {
        if let Some(m) = input.modules.iter().find(|m| m.code == *code) {
            w.grant_hours(
                input.school_year,
                Some(m.id),
                "Dotation de l'académie",
                *hours,
                Some(input.establishment_id),
            )?;
        }
    }
    w.grant_hours(
        input.school_year,
        None,
        ENVELOPE.0,
        ENVELOPE.1,
        Some(input.establishment_id),
    )?;
    let periods: Vec<Period> = input
        .calendar
        .periods()
        .into_iter()
        .filter(|p| p.number >= 2)
        .collect();
    let mut state = PlanState {
        rng: &mut rng,
        leader: 0,
        flagged: false,
        labels: HashMap::new(),
        slots: HashMap::new(),
        placed: HashSet::new(),
    };
    for (index, period) in periods.iter().enumerate() {
        // P2 takes everyone enrolled by its end (the pré-conseil's modules);
        // a later period, once begun, those who joined a module since.
        let since = index.checked_sub(1).map(|i| periods[i].last_day);
        if since.is_some() && period.first_day > input.today {
            break;
        }
        let enrolled = enrolled_by_module(w, input, since, period.last_day)?;
        for (module_id, students) in &enrolled {
            let Some(module) = input.modules.iter().find(|m| m.id == *module_id) else {
                continue;
            };
            let next_slot = state.slots.len();
            let slot = *state.slots.entry(module.id).or_insert(next_slot);
            let students: Vec<i64> = students
                .iter()
                .copied()
                .filter(|s| state.placed.insert((module.id, *s)))
                .collect();
            if students.is_empty() {
                continue;
            }
            plan_module(w, input, &mut state, module, slot, period, &students)?;
        }
    }
    grant_the_rest(w, input)
}

/// The team's own dotation for each planned module the académie granted
/// nothing: its planned hours, rounded up to the next two hours (so that only
/// the modules of `input.granted` can run over, as tutorat does).
fn grant_the_rest(w: &mut Writer, input: &PlanningInput) -> Result<(), StoreError> {
    let planned: Vec<(i64, i64)> = w
        .tx()
        .prepare(
            "SELECT g.module_id, sum(s.minutes) FROM group_session s \
             JOIN module_group g ON g.id = s.group_id \
             WHERE g.school_year = ?1 AND s.status != 'cancelled' \
             GROUP BY g.module_id ORDER BY g.module_id",
        )?
        .query_map([input.school_year], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (module_id, minutes) in planned {
        let granted_by_academie = input
            .modules
            .iter()
            .any(|m| m.id == module_id && input.granted.iter().any(|(c, _)| *c == m.code));
        if granted_by_academie {
            continue;
        }
        let hours = ((minutes as f64 / 60.0) / 2.0).ceil() * 2.0;
        w.grant_hours(
            input.school_year,
            Some(module_id),
            "DHG",
            hours,
            Some(input.establishment_id),
        )?;
    }
    Ok(())
}

/// What the planning carries from one module and period to the next.
struct PlanState<'r> {
    rng: &'r mut ChaCha8Rng,
    /// Next team member to lead a group (round robin).
    leader: usize,
    /// Whether a student already misses two sessions in a row (the flag to show).
    flagged: bool,
    /// Groups opened so far per module (for their letters).
    labels: HashMap<i64, usize>,
    /// Index in [`SLOTS`] of each module.
    slots: HashMap<i64, usize>,
    /// (module, student) pairs already in a group.
    placed: HashSet<(i64, i64)>,
}

/// Opens a module's groups in `period` with their sessions, places `students`
/// and takes the rolls of past sessions.
fn plan_module(
    w: &mut Writer,
    input: &PlanningInput,
    state: &mut PlanState,
    module: &Module,
    slot: usize,
    period: &Period,
    students: &[i64],
) -> Result<(), StoreError> {
    let capacity = module
        .group_size
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_CAPACITY);
    let groups = students.len().div_ceil(capacity).max(1);
    let (weekday, hour) = SLOTS[slot % SLOTS.len()];
    let count = module
        .sessions
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(7);
    let start = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default();
    let minutes = module
        .session_minutes
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(120);
    let whole_year = module.period.as_deref() == Some(WHOLE_YEAR);
    let mut sessions_of_groups = Vec::with_capacity(groups);
    for _ in 0..groups {
        let letter = state.labels.entry(module.id).or_default();
        let label = format!("Groupe {}", group_letter(*letter));
        *letter += 1;
        let id = w.create_group(&NewGroup {
            module_id: module.id,
            school_year: input.school_year.to_string(),
            period: Some(period.number),
            label,
            leader_id: input
                .leaders
                .get(state.leader % input.leaders.len().max(1))
                .copied(),
            capacity: u32::try_from(capacity).ok(),
            place: module.place.clone(),
            establishment_id: Some(input.establishment_id),
        })?;
        state.leader += 1;
        let dates: Vec<NaiveDate> = if whole_year {
            let weeks = input
                .calendar
                .weekly_sessions(weekday, period.first_day, usize::MAX);
            let step = (weeks.len() / count.max(1)).max(1);
            weeks.into_iter().step_by(step).take(count).collect()
        } else {
            input
                .calendar
                .weekly_sessions(weekday, period.first_day, count)
                .into_iter()
                .filter(|d| period.contains(*d))
                .collect()
        };
        let mut sessions = Vec::with_capacity(dates.len());
        for date in dates {
            sessions.push((w.add_session(id, date, start, minutes, None)?, date));
        }
        sessions_of_groups.push((id, sessions));
    }
    let placement = w.place_students(
        module.id,
        input.school_year,
        Some(period.number),
        students,
        period.first_day,
    )?;
    for (group, sessions) in &sessions_of_groups {
        let members: Vec<i64> = placement
            .placed
            .iter()
            .filter(|(_, g)| g == group)
            .map(|(s, _)| *s)
            .collect();
        let past: Vec<&(i64, NaiveDate)> =
            sessions.iter().filter(|(_, d)| *d < input.today).collect();
        for (rank, (session, _)) in past.iter().enumerate() {
            let marks: Vec<(i64, AttendanceMark)> = members
                .iter()
                .enumerate()
                .map(|(i, student)| {
                    // One student misses the first two sessions: the flag to show.
                    let mark = if !state.flagged && i == 0 && rank < 2 && past.len() >= 2 {
                        AttendanceMark::Absent
                    } else {
                        weighted(state.rng, &MARKS)
                    };
                    (*student, mark)
                })
                .collect();
            w.record_roll(*session, 1, &marks)?;
        }
        if past.len() >= 2 && !members.is_empty() {
            state.flagged = true;
        }
    }
    Ok(())
}

/// « A », « B », … « Z », « AA »…
fn group_letter(index: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut text = String::new();
    let mut n = index;
    loop {
        text.insert(0, char::from(letters[n % 26]));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    text
}

/// Students of the year's cohorts with a running enrolment started by `by`
/// (and after `since`, if given), per module.
fn enrolled_by_module(
    w: &Writer,
    input: &PlanningInput,
    since: Option<NaiveDate>,
    by: NaiveDate,
) -> Result<BTreeMap<i64, Vec<i64>>, StoreError> {
    let mut stmt = w.tx().prepare(
        "SELECT e.module_id, e.student_id FROM enrolment e \
         JOIN student s ON s.id = e.student_id JOIN cohort c ON c.id = s.cohort_id \
         JOIN section sec ON sec.id = c.section_id \
         WHERE c.school_year = ?1 AND sec.establishment_id = ?4 \
         AND e.end_date IS NULL AND s.exit_date IS NULL \
         AND e.start_date <= ?2 AND (?3 IS NULL OR e.start_date > ?3) \
         ORDER BY e.module_id, e.student_id",
    )?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                input.school_year,
                by.format("%Y-%m-%d").to_string(),
                since.map(|d| d.format("%Y-%m-%d").to_string()),
                input.establishment_id
            ],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut by_module: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (module, student) in rows {
        let students = by_module.entry(module).or_default();
        if students.last() != Some(&student) {
            students.push(student);
        }
    }
    Ok(by_module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_letters_go_on_past_z() {
        assert_eq!(group_letter(0), "A");
        assert_eq!(group_letter(25), "Z");
        assert_eq!(group_letter(26), "AA");
        assert_eq!(group_letter(27), "AB");
    }
}
