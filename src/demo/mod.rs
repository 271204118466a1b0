//! A fictitious lycée to try Passerelle, train a team, or benchmark: `passerelle demo`.
//!
//! Everything is drawn from a seeded generator, so the same options give the
//! same database (ids, names, dates, levels), on every platform.

mod academie;
mod follow_up;
mod names;
mod planning;
mod profile;
mod random;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{DecisionS2, ExitCause, ExitDestination, Phase, Value};
use crate::store::{Store, StoreError, Table, Writer};
use profile::{Catalogue, Context, Planned};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of Bac Pro students (other students are added on top).
    pub students: usize,
    /// Seed of the generator: same seed, same data.
    pub seed: u64,
    /// The day the data is seen from: every date derives from its school year.
    pub today: NaiveDate,
}

/// What was created, for the summary printed by `passerelle demo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// Name of the lycée (of the académie, when there are several).
    pub establishment: String,
    /// Number of lycées.
    pub establishments: usize,
    /// Sections created: code and name (each specialty once).
    pub sections: Vec<(String, String)>,
    /// School years of the cohorts, oldest first.
    pub school_years: Vec<String>,
    /// Members of the team.
    pub staff: usize,
    /// Bac Pro students per phase, in phase order.
    pub by_phase: Vec<(Phase, usize)>,
    /// Bac Pro students who left the training.
    pub exited: usize,
    /// Students from another bac (not counted in the phases).
    pub other_students: usize,
}

/// How many cohorts are generated: the current one and three before it.
const COHORTS: i32 = 4;

/// Share of the Bac Pro students in each cohort, current first (percent).
const COHORT_SHARES: [usize; COHORTS as usize] = [55, 20, 15, 10];

/// Extra hours the académie granted to some modules (code, hours).
const GRANTED_HOURS: &[(&str, f64)] =
    &[("reformulation", 14.0), ("tutorat", 24.0), ("declic", 10.0)];

/// Fills an empty database with a demonstration lycée.
///
/// Installs the catalogue first; refuses a database that already has students.
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoSummary, StoreError> {
    store.init()?;
    if !store.is_empty()? {
        return Err(StoreError::Invalid(
            "La base contient déjà des élèves : la démonstration ne s'installe que dans une \
             base vide, pour ne jamais mélanger données fictives et réelles. Indiquez un \
             autre fichier avec --db FICHIER."
                .into(),
        ));
    }
    let criteria = store.criteria()?;
    let kinds = store.difficulty_types()?;
    let modules = store.modules()?;
    let catalogue = Catalogue {
        criteria: criteria.iter().filter(|c| !c.retired).collect(),
        kinds: &kinds,
        modules: modules.iter().filter(|m| !m.retired).collect(),
    };
    let current = profile::start_year_of(options.today);
    let years: Vec<i32> = (0..COHORTS).map(|age| current - age).collect();

    let academie = names::ESTABLISHMENT.2;
    let lycees = academie::lycees(options.students, options.seed);
    let what = match lycees.len() {
        1 => "Démonstration : lycée fictif",
        _ => "Démonstration : académie fictive",
    };
    // One transaction for the whole demo: a demo that fails or is killed midway
    // leaves the database as it was, and can simply be run again.
    store.write_import(what, |w| {
        let mut serial = None;
        for (index, lycee) in lycees.iter().enumerate() {
            let shared = Shared {
                options,
                current,
                years: &years,
                academie,
                catalogue: &catalogue,
                modules: &modules,
            };
            let written = write_lycee(w, &shared, lycee, index == 0, serial)?;
            serial = Some(written);
        }
        Ok(())
    })?;
    summary(store, &lycees)
}

/// What every lycée of the demo shares.
struct Shared<'a> {
    options: &'a DemoOptions,
    current: i32,
    years: &'a [i32],
    academie: &'a str,
    catalogue: &'a Catalogue<'a>,
    modules: &'a [crate::model::Module],
}

/// Writes one lycée: establishment, sections and cohorts, team, students, the
/// year's planning (the first lycée also grants the académie's module hours).
/// `serial` continues the students' serial numbers of the lycée before; returns
/// the next one.
fn write_lycee(
    w: &mut Writer,
    shared: &Shared,
    lycee: &academie::Lycee,
    first: bool,
    serial: Option<u64>,
) -> Result<u64, StoreError> {
    let e = w.ensure_establishment(&lycee.uai, &lycee.name, shared.academie)?;
    let version: i64 = w.tx().query_row(
        "SELECT version FROM establishment WHERE id = ?1",
        [e],
        |r| r.get(0),
    )?;
    w.update(
        crate::store::Table::Establishment,
        e,
        version,
        &[("city", lycee.city.as_str().into())],
    )?;
    let mut cohorts = Vec::new();
    for spec in &lycee.sections {
        let s = w.ensure_section(e, spec.code, spec.name, spec.sector)?;
        let mut by_age = Vec::new();
        for year in shared.years {
            by_age.push(w.ensure_cohort(s, &format!("{}-{}", year, year + 1))?);
        }
        cohorts.push(by_age);
    }
    let mut referents = Vec::new();
    for member in &lycee.staff {
        let id = w.add_member(member)?;
        if member.role.teaches() {
            referents.push(id);
        }
    }
    if first {
        for (code, hours) in GRANTED_HOURS {
            if let Some(m) = shared.modules.iter().find(|m| m.code == *code) {
                w.update(
                    Table::Module,
                    m.id,
                    m.meta.version,
                    &[("hours_granted", Value::Real(*hours))],
                )?;
            }
        }
    }
    let options = DemoOptions {
        students: lycee.students,
        seed: lycee.seed,
        ..shared.options.clone()
    };
    let plan = plan_students(
        &options,
        shared.current,
        &lycee.sections,
        &cohorts,
        &referents,
        shared.catalogue,
        serial,
    );
    plan.students
        .iter()
        .try_for_each(|(cohort, student)| write_student(w, *cohort, student))?;
    let school_year = format!("{}-{}", shared.current, shared.current + 1);
    if let Some((calendar, _)) =
        crate::model::calendar::SchoolCalendar::in_use(&[], e, shared.academie, &school_year)
    {
        planning::plan(
            w,
            &planning::PlanningInput {
                seed: options.seed,
                today: options.today,
                school_year: &school_year,
                establishment_id: e,
                calendar: &calendar,
                modules: &shared.catalogue.modules,
                leaders: &referents,
                granted: GRANTED_HOURS,
            },
        )?;
    }
    Ok(plan.next_serial)
}

/// The students drawn for one lycée, and the serial number after theirs.
struct PlannedStudents {
    /// (cohort id, profile), in generation order.
    students: Vec<(i64, Planned)>,
    next_serial: u64,
}

/// Draws every student of a lycée (cohort id, profile), in generation order;
/// serial numbers start at `serial`, or at a drawn number for the first lycée.
fn plan_students(
    options: &DemoOptions,
    current: i32,
    sections: &[names::SectionSpec],
    cohorts: &[Vec<i64>],
    referents: &[i64],
    catalogue: &Catalogue,
    serial: Option<u64>,
) -> PlannedStudents {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    // Always drawn, so that the first lycée's students stay the same.
    let drawn = rng.random_range(0..1_000_000_000u64);
    let serial_base = serial.unwrap_or(drawn);
    let slots = slots(&mut rng, options.students, sections.len());
    let next_serial = serial_base + slots.len() as u64;
    let mut planned: Vec<(i64, Planned)> = Vec::with_capacity(slots.len());
    for (index, (section, age, bac_pro)) in slots.into_iter().enumerate() {
        let context = Context {
            today: options.today,
            start_year: current - age as i32,
            age: age as i32,
            bac_pro,
            specialties: sections[section].specialties,
            referents,
            serial: serial_base + index as u64,
        };
        let student = profile::draw(&mut rng, &context, catalogue);
        planned.push((cohorts[section][age], student));
    }
    ensure_exit_for_employment(&mut planned);
    ensure_every_decision(&mut planned);
    PlannedStudents {
        students: planned,
        next_serial,
    }
}

/// (section index, cohort age, Bac Pro) of every student, in generation order.
fn slots(rng: &mut ChaCha8Rng, students: usize, sections: usize) -> Vec<(usize, usize, bool)> {
    let mut per_age: Vec<usize> = COHORT_SHARES
        .iter()
        .map(|share| students * share / 100)
        .collect();
    per_age[0] += students - per_age.iter().sum::<usize>();
    let mut slots = Vec::with_capacity(students + students / 3);
    let mut groups = vec![vec![0usize; COHORTS as usize]; sections];
    for (age, count) in per_age.iter().enumerate() {
        for _ in 0..*count {
            let section = rng.random_range(0..sections);
            groups[section][age] += 1;
            slots.push((section, age, true));
        }
    }
    for (section, by_age) in groups.iter().enumerate() {
        for (age, count) in by_age.iter().enumerate() {
            if *count > 0 {
                slots.extend(std::iter::repeat_n((section, age, false), 1 + count / 4));
            }
        }
    }
    slots
}

/// Makes sure at least one student left for a job, as in the Toulouse experiment.
fn ensure_exit_for_employment(planned: &mut [(i64, Planned)]) {
    let employment = Value::from(ExitCause::Emploi);
    let bac_pro = Value::from(true);
    let has_one = planned.iter().any(|(_, p)| {
        field(p, "exit_cause") == Some(&employment) && field(p, "bac_pro") == Some(&bac_pro)
    });
    if has_one {
        return;
    }
    let exited = |p: &Planned| {
        field(p, "exit_cause").is_some_and(|v| *v != Value::Null)
            && field(p, "bac_pro") == Some(&bac_pro)
    };
    if let Some((_, p)) = planned.iter_mut().find(|(_, p)| exited(p)) {
        for (name, value) in &mut p.fields {
            match *name {
                "exit_cause" => *value = ExitCause::Emploi.into(),
                "exit_destination" => *value = ExitDestination::Emploi.into(),
                _ => {}
            }
        }
    }
}

fn field<'p>(p: &'p Planned, name: &str) -> Option<&'p Value> {
    p.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// Makes sure every S2 decision appears, turning a *passage* without diploma if needed.
fn ensure_every_decision(planned: &mut [(i64, Planned)]) {
    for decision in DecisionS2::ALL {
        let wanted = Value::from(*decision);
        let bac_pro = Value::from(true);
        if planned.iter().any(|(_, p)| {
            field(p, "decision_s2") == Some(&wanted) && field(p, "bac_pro") == Some(&bac_pro)
        }) {
            continue;
        }
        let passage = Value::from(DecisionS2::Passage);
        let candidate = planned.iter_mut().find(|(_, p)| {
            field(p, "decision_s2") == Some(&passage)
                && field(p, "diploma") == Some(&Value::Null)
                && field(p, "bac_pro") == Some(&Value::from(true))
        });
        if let Some((_, p)) = candidate {
            for (name, value) in &mut p.fields {
                if *name == "decision_s2" {
                    *value = wanted.clone();
                }
            }
        }
    }
}

fn write_student(w: &mut Writer, cohort_id: i64, p: &Planned) -> Result<(), StoreError> {
    let mut fields = Vec::with_capacity(p.fields.len() + 1);
    fields.push(("cohort_id", Value::Int(cohort_id)));
    fields.extend(p.fields.iter().cloned());
    let id = w.insert(Table::Student, &fields)?;
    for cell in &p.grid {
        w.insert(
            Table::GridValue,
            &[
                ("student_id", id.into()),
                ("criterion_id", cell.criterion_id.into()),
                ("level", i64::from(cell.level).into()),
                ("comment", cell.comment.into()),
                ("source", cell.source.into()),
            ],
        )?;
    }
    for (area, note) in &p.life_notes {
        w.insert(
            Table::LifeNote,
            &[
                ("student_id", id.into()),
                ("area", (*area).into()),
                ("note", (*note).into()),
            ],
        )?;
    }
    let mut checkin_ids = Vec::with_capacity(p.checkins.len());
    for c in &p.checkins {
        checkin_ids.push(w.insert(
            Table::Checkin,
            &[
                ("student_id", id.into()),
                ("date", c.date.into()),
                ("attendance", c.attendance.into()),
                ("progress", c.progress.into()),
                ("engagement", c.engagement.into()),
                ("note", c.note.into()),
            ],
        )?);
    }
    for e in &p.enrolments {
        let checkin = e.at_checkin.and_then(|i| checkin_ids.get(i).copied());
        w.insert(
            Table::Enrolment,
            &[
                ("student_id", id.into()),
                ("module_id", e.module_id.into()),
                ("start_date", e.start.into()),
                ("end_date", e.end.into()),
                ("checkin_id", checkin.into()),
            ],
        )?;
    }
    Ok(())
}

fn summary(store: &Store, lycees: &[academie::Lycee]) -> Result<DemoSummary, StoreError> {
    // Counted as the rows are read: an académie's students are never all held.
    let mut by_phase: Vec<(Phase, usize)> = Phase::ALL.iter().map(|p| (*p, 0)).collect();
    let mut school_years = std::collections::BTreeSet::new();
    let (mut exited, mut other_students) = (0, 0);
    store.for_each_student_row::<StoreError>(None, |r| {
        if r.student.bac_pro {
            let phase = r.student.phase();
            if let Some((_, n)) = by_phase.iter_mut().find(|(p, _)| *p == phase) {
                *n += 1;
            }
            exited += usize::from(r.student.has_exited());
        } else {
            other_students += 1;
        }
        if !school_years.contains(&r.school_year) {
            school_years.insert(r.school_year);
        }
        Ok(())
    })?;
    let mut sections: Vec<(String, String)> = store
        .sections()?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    if lycees.len() > 1 {
        // An académie names each specialty once.
        sections.sort();
        sections.dedup();
    }
    Ok(DemoSummary {
        establishment: match lycees.len() {
            1 => names::ESTABLISHMENT.1.to_string(),
            n => format!(
                "{n} lycées fictifs de l'académie de {}",
                names::ESTABLISHMENT.2
            ),
        },
        establishments: lycees.len(),
        sections,
        school_years: school_years.into_iter().collect(),
        staff: lycees.iter().map(|l| l.staff.len()).sum(),
        by_phase,
        exited,
        other_students,
    })
}
