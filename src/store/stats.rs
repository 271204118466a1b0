//! Bulk reads for indicators.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::read::{code, date, list_of, text};
use super::{Result, Store, StoreError};
use crate::model::codes::{
    DecisionS2, DiplomaOutcome, ExitCause, ExitDestination, Proposal, Verdict,
};
use crate::model::indicators::period::years_over;
use crate::model::indicators::{Counted, IndicatorInput, ModuleFollowed, Tallies, Tally, TallyKey};
use crate::model::{Enrolment, Establishment, RowMeta, Section, parse_date};

impl Store {
    /// Every module enrolment of the database, by student then start date.
    pub fn all_enrolments(&self) -> Result<Vec<Enrolment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, student_id, module_id, start_date, end_date, checkin_id, version, \
             updated_at, updated_by FROM enrolment ORDER BY student_id, start_date, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let start: String = r.get(3)?;
                let end: Option<String> = r.get(4)?;
                Ok(Enrolment {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    module_id: r.get(2)?,
                    start_date: parse_date(&start).unwrap_or_default(),
                    end_date: end.as_deref().and_then(parse_date),
                    checkin_id: r.get(5)?,
                    meta: RowMeta {
                        version: r.get(6)?,
                        updated_at: r.get(7)?,
                        updated_by: r.get(8)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Store {
    /// Every student as the indicators see it: where it is counted (its
    /// establishment, section and cohort year) and the modules it followed
    /// (enrolled in, or placed in a group of), with its attendance marks.
    /// Feed it to [`crate::model::indicators::compute`].
    pub fn indicator_inputs(&self) -> Result<Vec<IndicatorInput>> {
        let mut inputs = Vec::new();
        self.for_each_indicator_input(|input, _| inputs.push(input.clone()))?;
        // In name order, as the students were always listed.
        inputs.sort_by_cached_key(|input| super::read::name_key(&input.student));
        Ok(inputs)
    }

    /// The tallies of [`crate::model::indicators::tally`] over every student,
    /// counted as the rows are read: no student is held, and only the columns
    /// the tally reads are read (the same figures as `tally(&indicator_inputs())`).
    pub fn indicator_tallies(&self, today: NaiveDate) -> Result<Tallies> {
        let (establishments, sections) = self.places()?;
        // Cohorts counted (section and establishment known), by id; a tally is
        // made for a cohort when its first student is met.
        let mut cohorts: HashMap<i64, usize> = HashMap::new();
        let mut counted: Vec<(TallyKey, i32, Option<Tally>)> = Vec::new();
        for (id, section_id, year) in
            self.collect("SELECT id, section_id, school_year FROM cohort", [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
        {
            let Some(section) = sections.get(&section_id) else {
                continue;
            };
            let Some(establishment) = establishments.get(&section.establishment_id) else {
                continue;
            };
            cohorts.insert(id, counted.len());
            let over = years_over(&year, today);
            counted.push((TallyKey::of(establishment, section, &year), over, None));
        }
        let (followers, followed) = self.modules_followed()?;
        let mut next = 0;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, cohort_id, bac_pro, verdict, difficulties, proposal, decision_s2, \
             exit_date, exit_cause, exit_destination, diploma FROM student ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            // Students and followed modules are both in student order: walked together.
            while followers.get(next).is_some_and(|s| *s < id) {
                next += 1;
            }
            let first = next;
            while followers.get(next) == Some(&id) {
                next += 1;
            }
            let Some(&cohort) = cohorts.get(&r.get::<_, i64>(1)?) else {
                continue;
            };
            let student = Counted {
                bac_pro: r.get(2)?,
                verdict: code(r, 3, Verdict::from_code)?,
                difficulties: list_of(r, 4)?,
                proposal: code(r, 5, Proposal::from_code)?,
                decision_s2: code(r, 6, DecisionS2::from_code)?,
                exit_date: date(r, 7)?,
                exit_cause: code(r, 8, ExitCause::from_code)?,
                exit_destination: code(r, 9, ExitDestination::from_code)?,
                diploma: code(r, 10, DiplomaOutcome::from_code)?,
            };
            let (key, over, tally) = &mut counted[cohort];
            tally.get_or_insert_default().add(
                &student,
                &key.school_year,
                *over,
                &followed[first..next],
            );
        }
        let mut tallies = Tallies::new();
        for (key, _, tally) in counted {
            if let Some(tally) = tally {
                *tallies.entry(key).or_default() += &tally;
            }
        }
        Ok(tallies)
    }

    /// Calls `each` with every student as the indicators see it, in no order,
    /// and the index of its cohort (0, 1, 2… as met); returns the cohorts' keys.
    fn for_each_indicator_input(
        &self,
        mut each: impl FnMut(&IndicatorInput, usize),
    ) -> Result<Vec<TallyKey>> {
        let (establishments, sections) = self.places()?;
        let mut by_student: HashMap<i64, Vec<ModuleFollowed>> = HashMap::new();
        let (followers, followed) = self.modules_followed()?;
        for (student, f) in followers.into_iter().zip(followed) {
            by_student.entry(student).or_default().push(f);
        }
        // Each cohort's key is made once, and lent to its students' inputs.
        let mut cohorts: HashMap<(i64, String), usize> = HashMap::new();
        let mut keys: Vec<Option<TallyKey>> = Vec::new();
        self.for_each_student_row::<StoreError>(None, |row| {
            let Some(section) = sections.get(&row.section_id) else {
                return Ok(());
            };
            let Some(establishment) = establishments.get(&section.establishment_id) else {
                return Ok(());
            };
            let cohort = *cohorts
                .entry((row.section_id, row.school_year))
                .or_insert_with_key(|(_, year)| {
                    keys.push(Some(TallyKey::of(establishment, section, year)));
                    keys.len() - 1
                });
            let Some(key) = keys[cohort].take() else {
                return Ok(());
            };
            let input = IndicatorInput {
                key,
                modules: by_student.remove(&row.student.id).unwrap_or_default(),
                student: row.student,
            };
            each(&input, cohort);
            keys[cohort] = Some(input.key);
            Ok(())
        })?;
        Ok(keys.into_iter().flatten().collect())
    }

    /// Establishments and sections by id.
    fn places(&self) -> Result<(HashMap<i64, Establishment>, HashMap<i64, Section>)> {
        Ok((
            self.establishments()?
                .into_iter()
                .map(|e| (e.id, e))
                .collect(),
            self.sections()?.into_iter().map(|s| (s.id, s)).collect(),
        ))
    }

    /// The modules each student followed (enrolled in, or placed in one of its
    /// groups), with its attendance marks: the students' ids and, at the same
    /// places, what they followed, by student then module.
    fn modules_followed(&self) -> Result<(Vec<i64>, Vec<ModuleFollowed>)> {
        let codes: HashMap<i64, String> = self
            .modules()?
            .into_iter()
            .map(|m| (m.id, m.code))
            .collect();
        // (student, module) → followed module, in module order.
        let mut followed: BTreeMap<(i64, i64), ModuleFollowed> = BTreeMap::new();
        fn follow<'m>(
            followed: &'m mut BTreeMap<(i64, i64), ModuleFollowed>,
            codes: &HashMap<i64, String>,
            (student, module): (i64, i64),
        ) -> &'m mut ModuleFollowed {
            followed
                .entry((student, module))
                .or_insert_with(|| new_followed(codes.get(&module).cloned().unwrap_or_default()))
        }
        // Only what the figures read of an enrolment: the latest one of a
        // module says whether it was stopped.
        let mut stmt = self.conn().prepare_cached(
            "SELECT student_id, module_id, end_date FROM enrolment \
             ORDER BY student_id, start_date, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            follow(&mut followed, &codes, (r.get(0)?, r.get(1)?)).stopped = date(r, 2)?.is_some();
        }
        // Groups and sessions are matched to their module here rather than by
        // SQLite, whose grouping sorted every mark (an académie has 100,000).
        let module_of: HashMap<i64, i64> = self
            .collect("SELECT id, module_id FROM module_group", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .into_iter()
            .collect();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT student_id, group_id FROM group_member")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(&module) = module_of.get(&r.get(1)?) {
                follow(&mut followed, &codes, (r.get(0)?, module));
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.student_id, s.group_id, a.status FROM attendance a \
             JOIN group_session s ON s.id = a.session_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(&module) = module_of.get(&r.get(1)?) {
                let attended = matches!(text(r, 2)?, Some("present" | "retard"));
                let f = follow(&mut followed, &codes, (r.get(0)?, module));
                f.attended += u64::from(attended);
                f.marked += 1;
            }
        }
        Ok(followed
            .into_iter()
            .map(|((student, _), f)| (student, f))
            .unzip())
    }
}

fn new_followed(code: String) -> ModuleFollowed {
    ModuleFollowed {
        code,
        stopped: false,
        attended: 0,
        marked: 0,
    }
}
