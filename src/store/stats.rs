//! Bulk reads for indicators.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{Result, Store, StoreError};
use crate::model::indicators::{IndicatorInput, ModuleFollowed, Tallies, Tally, TallyKey};
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
    /// counted as the rows are read: no student is held.
    pub fn indicator_tallies(&self, today: NaiveDate) -> Result<Tallies> {
        // One tally per cohort, indexed as the cohorts are met.
        let mut by_cohort: Vec<Tally> = Vec::new();
        let keys = self.for_each_indicator_input(|input, cohort| {
            if cohort == by_cohort.len() {
                by_cohort.push(Tally::default());
            }
            by_cohort[cohort].add_student(input, today);
        })?;
        let mut tallies = Tallies::new();
        for (key, tally) in keys.into_iter().zip(by_cohort) {
            *tallies.entry(key).or_default() += &tally;
        }
        Ok(tallies)
    }

    /// Calls `each` with every student as the indicators see it, in no order,
    /// and the index of its cohort (0, 1, 2… as met); returns the cohorts' keys.
    fn for_each_indicator_input(
        &self,
        mut each: impl FnMut(&IndicatorInput, usize),
    ) -> Result<Vec<TallyKey>> {
        let establishments: HashMap<i64, Establishment> = self
            .establishments()?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let sections: HashMap<i64, Section> =
            self.sections()?.into_iter().map(|s| (s.id, s)).collect();
        let mut by_student = self.modules_followed()?;
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

    /// The modules each student followed (enrolled in, or placed in one of its
    /// groups), in module order, with its attendance marks.
    fn modules_followed(&self) -> Result<HashMap<i64, Vec<ModuleFollowed>>> {
        let codes: HashMap<i64, String> = self
            .modules()?
            .into_iter()
            .map(|m| (m.id, m.code))
            .collect();
        // (student, module) → followed module, in module order.
        let mut followed: BTreeMap<(i64, i64), ModuleFollowed> = BTreeMap::new();
        for e in self.all_enrolments()? {
            let code = codes.get(&e.module_id).cloned().unwrap_or_default();
            let f = followed
                .entry((e.student_id, e.module_id))
                .or_insert_with(|| new_followed(code));
            f.stopped = e.end_date.is_some();
        }
        let placed: Vec<(i64, i64)> = self.collect(
            "SELECT DISTINCT m.student_id, g.module_id FROM group_member m \
             JOIN module_group g ON g.id = m.group_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (student, module) in placed {
            let code = codes.get(&module).cloned().unwrap_or_default();
            followed
                .entry((student, module))
                .or_insert_with(|| new_followed(code));
        }
        let marks: Vec<(i64, i64, i64, i64)> = self.collect(
            "SELECT a.student_id, g.module_id, \
             sum(a.status IN ('present', 'retard')), count(*) \
             FROM attendance a JOIN group_session s ON s.id = a.session_id \
             JOIN module_group g ON g.id = s.group_id GROUP BY a.student_id, g.module_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        for (student, module, attended, marked) in marks {
            let code = codes.get(&module).cloned().unwrap_or_default();
            let f = followed
                .entry((student, module))
                .or_insert_with(|| new_followed(code));
            f.attended = u64::try_from(attended).unwrap_or_default();
            f.marked = u64::try_from(marked).unwrap_or_default();
        }
        let mut by_student: HashMap<i64, Vec<ModuleFollowed>> = HashMap::new();
        for ((student, _), f) in followed {
            by_student.entry(student).or_default().push(f);
        }
        Ok(by_student)
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
