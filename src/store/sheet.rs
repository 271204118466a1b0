//! Builds the [`StudentSheet`] of one student: the one place that gathers it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::planner::student_mark;
use super::{JournalEntry, Result, Store, Table};
use crate::model::planner::{SessionStatus, StudentMark, two_absences_in_a_row};
use crate::model::sheet::*;
use crate::model::{Domain, GridValue, Staff, Student};

impl Store {
    /// Everything shown about one student on `today`; the conditions de vie are
    /// copied only with [`Sensitive::Shown`] (the caller logs the reveal).
    pub fn student_sheet(
        &self,
        student_id: i64,
        today: NaiveDate,
        sensitive: Sensitive,
    ) -> Result<StudentSheet> {
        let student = self.student(student_id)?;
        let place = self.place(&student)?;
        let staff = self.staff()?;
        let referent = student
            .referent_id
            .and_then(|id| staff.iter().find(|s| s.id == id).cloned());
        let checkins = self.checkins(student_id)?;
        let last = checkins.iter().map(|c| c.date).max();
        let modules = self.modules()?;
        let enrolments = self.enrolments(student_id)?;
        let attendance = self.attendance(student_id, &staff, last)?;
        let modules = enrolments
            .iter()
            .enumerate()
            .map(|(i, enrolment)| {
                // The figures of a module go with its latest enrolment only.
                let latest = !enrolments[i + 1..]
                    .iter()
                    .any(|e| e.module_id == enrolment.module_id);
                ModuleFollowed {
                    module: modules
                        .iter()
                        .find(|m| m.id == enrolment.module_id)
                        .cloned(),
                    attendance: latest.then(|| attendance(enrolment.module_id)),
                    enrolment: enrolment.clone(),
                }
            })
            .collect();
        let history = self
            .student_journal(student_id)?
            .iter()
            .map(history_entry)
            .collect();
        Ok(StudentSheet {
            checkin_overdue: student.checkin_overdue(last, today),
            reperage: self.reperage(&student, sensitive)?,
            student,
            place,
            referent,
            modules,
            checkins,
            history,
            sensitive,
        })
    }

    /// The attendance of a student, per module: groups, sessions held, marks.
    fn attendance(
        &self,
        student_id: i64,
        staff: &[Staff],
        seen: Option<NaiveDate>,
    ) -> Result<impl Fn(i64) -> ModuleAttendance + use<>> {
        let marks = self.student_marks(student_id)?;
        // (group, module, group shown, sessions held while in it)
        let mut groups: Vec<(i64, i64, GroupFollowed, usize)> = Vec::new();
        for member in self.memberships(student_id)? {
            let group = self.module_group(member.group_id)?;
            let held = self
                .group_sessions(group.id)?
                .iter()
                .filter(|s| s.status == SessionStatus::Held && member.covers(s.date))
                .count();
            // Back in a group left before: one group, each stay's sessions counted.
            if let Some((.., sum)) = groups.iter_mut().find(|(id, ..)| *id == group.id) {
                *sum += held;
                continue;
            }
            let leader = group
                .leader_id
                .and_then(|id| staff.iter().find(|s| s.id == id))
                .map(Staff::display_name);
            let shown = GroupFollowed {
                label: group.label,
                leader,
            };
            groups.push((group.id, group.module_id, shown, held));
        }
        Ok(move |module_id: i64| {
            let mut attendance = ModuleAttendance::of_marks(&marks, module_id, seen);
            for (_, module, group, held) in &groups {
                if *module == module_id {
                    attendance.groups.push(group.clone());
                    attendance.held += held;
                }
            }
            attendance
        })
    }

    /// Students of a school year (`None`: every year) with two unexcused absences
    /// in a row in a module, and those modules: what Suivi flags.
    pub fn absent_twice_in(&self, year: Option<&str>) -> Result<HashMap<i64, Vec<i64>>> {
        // Only a student with two unexcused absences at least can have two in a row:
        // the marks of the others are not read (most students of an académie).
        const CANDIDATES: &str = "SELECT student_id FROM attendance WHERE status = 'absent' \
             GROUP BY student_id HAVING count(*) >= 2";
        // Two statements rather than "?1 IS NULL OR …", which would defeat the indexes.
        let year_filter = if year.is_some() {
            "c.school_year = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT a.id, a.session_id, s.group_id, g.module_id, s.date, s.start, a.status, \
             a.student_id FROM attendance a JOIN group_session s ON s.id = a.session_id \
             JOIN module_group g ON g.id = s.group_id JOIN student st ON st.id = a.student_id \
             JOIN cohort c ON c.id = st.cohort_id WHERE {year_filter} \
             AND a.student_id IN ({CANDIDATES}) ORDER BY a.student_id, s.date, s.start, s.id"
        ))?;
        let mut marks: HashMap<i64, Vec<StudentMark>> = HashMap::new();
        let rows = stmt.query_map([year], |r| Ok((r.get::<_, i64>(7)?, student_mark(r)?)))?;
        for row in rows {
            let (student, mark) = row?;
            marks.entry(student).or_default().push(mark);
        }
        let seen = self.last_checkins(CANDIDATES)?;
        Ok(marks
            .into_iter()
            .filter_map(|(student, marks)| {
                let modules = two_absences_in_a_row(&marks, seen.get(&student).copied());
                (!modules.is_empty()).then_some((student, modules))
            })
            .collect())
    }

    /// The modules where one student has two unexcused absences in a row.
    pub fn absent_twice(&self, student_id: i64) -> Result<Vec<i64>> {
        let seen = self.checkins(student_id)?.iter().map(|c| c.date).max();
        Ok(two_absences_in_a_row(
            &self.student_marks(student_id)?,
            seen,
        ))
    }

    /// The date of the last point d'étape of each student `students` (a query) names.
    fn last_checkins(&self, students: &str) -> Result<HashMap<i64, NaiveDate>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT student_id, max(date) FROM checkin WHERE student_id IN ({students}) \
             GROUP BY student_id"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, super::read::date(r, 1)?)))?;
        let mut last = HashMap::new();
        for row in rows {
            if let (student, Some(day)) = row? {
                last.insert(student, day);
            }
        }
        Ok(last)
    }

    fn place(&self, student: &Student) -> Result<Option<Place>> {
        let Some(cohort) = self
            .cohorts()?
            .into_iter()
            .find(|c| c.id == student.cohort_id)
        else {
            return Ok(None);
        };
        Ok(self
            .sections()?
            .into_iter()
            .find(|s| s.id == cohort.section_id)
            .map(|section| Place {
                section_code: section.code,
                section_name: section.name,
                school_year: cohort.school_year,
            }))
    }

    fn reperage(&self, student: &Student, sensitive: Sensitive) -> Result<Reperage> {
        let criteria = self.criteria()?;
        let values: Vec<GridValue> = self.grid_values(student.id)?;
        let domains = Domain::ALL
            .iter()
            .map(|&domain| {
                let masked = domain.is_sensitive() && sensitive == Sensitive::Masked;
                let cells = criteria
                    .iter()
                    .filter(|c| c.domain == domain)
                    .filter_map(|c| {
                        let value = values.iter().find(|v| v.criterion_id == c.id)?;
                        Some(Assessment {
                            criterion: c.label.clone(),
                            retired: c.retired,
                            has_level: value.level.is_some(),
                            value: (!masked).then(|| AssessedValue {
                                level: value.level,
                                comment: value.comment.clone(),
                                source: value.source.clone(),
                            }),
                        })
                    })
                    .collect();
                DomainAssessment {
                    domain,
                    masked,
                    cells,
                }
            })
            .collect();
        let notes = self.life_notes(student.id)?;
        let life_note_count = notes.len();
        let life_notes = match sensitive {
            Sensitive::Masked => Vec::new(),
            Sensitive::Shown => notes
                .into_iter()
                .map(|n| LifeNoteText {
                    area: n.area,
                    note: n.note,
                })
                .collect(),
        };
        let kinds = self.difficulty_types()?;
        let difficulties = student
            .difficulties
            .iter()
            .map(|code| Difficulty {
                code: code.clone(),
                label: kinds
                    .iter()
                    .find(|k| &k.code == code)
                    .map_or_else(|| code.clone(), |k| k.label.clone()),
            })
            .collect();
        Ok(Reperage {
            domains,
            life_note_count,
            life_notes,
            difficulties,
        })
    }
}

/// A journal line in French; sensitive values never reach it (the journal keeps none).
fn history_entry(entry: &JournalEntry) -> HistoryEntry {
    let change = match entry.op.as_str() {
        "insert" => HistoryChange::Added,
        "delete" => HistoryChange::Removed,
        _ if entry.sensitive => HistoryChange::Masked,
        _ => {
            let field = entry.field.as_deref().unwrap_or("?");
            HistoryChange::Edited {
                field: crate::labels::field_label(field).to_string(),
                old: crate::labels::journal_value(field, entry.old_value.as_deref()),
                new: crate::labels::journal_value(field, entry.new_value.as_deref()),
            }
        }
    };
    HistoryEntry {
        batch: entry.batch_id,
        at: entry.at.clone(),
        user: entry.user.clone(),
        label: entry.label.clone(),
        record: Table::from_name(&entry.entity)
            .map_or(entry.entity.as_str(), |t| t.noun())
            .to_string(),
        sensitive: entry.sensitive,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};

    fn demo() -> (Store, NaiveDate) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let mut store = Store::open_in_memory().expect("open");
        store.init().expect("catalogue");
        let options = DemoOptions {
            students: 60,
            seed: 1,
            today,
        };
        generate(&mut store, &options).expect("demo");
        (store, today)
    }

    /// A followed student with check-ins, modules and life notes.
    fn rich(store: &Store) -> i64 {
        store
            .student_rows_in(None)
            .expect("students")
            .into_iter()
            .map(|r| r.student.id)
            .find(|&id| {
                store.checkins(id).is_ok_and(|c| !c.is_empty())
                    && store.enrolments(id).is_ok_and(|e| !e.is_empty())
                    && store.life_notes(id).is_ok_and(|n| !n.is_empty())
            })
            .expect("a rich demo student")
    }

    #[test]
    fn the_sheet_of_a_demo_student_holds_each_section() {
        let (store, today) = demo();
        let id = rich(&store);
        let sheet = store
            .student_sheet(id, today, Sensitive::Shown)
            .expect("sheet");
        assert_eq!(sheet.student.id, id);
        assert!(sheet.place.is_some(), "section and promotion");
        assert!(sheet.referent.is_some(), "référent");
        assert_eq!(sheet.reperage.domains.len(), Domain::ALL.len());
        assert!(sheet.reperage.domains.iter().any(|d| !d.cells.is_empty()));
        assert!(!sheet.reperage.life_notes.is_empty(), "notes shown");
        assert!(sheet.modules.iter().all(|m| m.module.is_some()));
        assert!(!sheet.modules.is_empty(), "modules");
        assert!(!sheet.checkins.is_empty(), "check-ins");
        assert!(sheet.student.proposal.is_some(), "plan");
        assert!(!sheet.history.is_empty(), "history");
        assert!(
            sheet
                .history
                .iter()
                .all(|h| !h.record.contains('_') && !h.user.is_empty()),
            "history in French"
        );
    }

    #[test]
    fn the_masked_sheet_holds_no_life_note_nor_sensitive_value() {
        let (store, today) = demo();
        for row in store.student_rows_in(None).expect("students") {
            let student = row.student;
            let notes = store.life_notes(student.id).expect("notes");
            let sheet = store
                .student_sheet(student.id, today, Sensitive::Masked)
                .expect("sheet");
            assert_eq!(sheet.reperage.life_note_count, notes.len());
            assert!(sheet.reperage.life_notes.is_empty());
            let text = serde_json::to_string(&sheet).expect("json");
            for note in &notes {
                assert!(!text.contains(&note.note), "{} leaks a note", student.id);
            }
            for domain in &sheet.reperage.domains {
                assert_eq!(domain.masked, domain.domain.is_sensitive());
                if domain.masked {
                    assert!(domain.cells.iter().all(|c| c.value.is_none()));
                }
            }
        }
    }

    #[test]
    fn the_sheet_carries_the_attendance_and_the_flag_of_the_demo() {
        let (store, today) = demo();
        let flagged = store.absent_twice_in(None).expect("flags");
        assert!(!flagged.is_empty(), "the demo flags one student");
        let (&id, modules) = flagged.iter().next().expect("one");
        let sheet = store
            .student_sheet(id, today, Sensitive::Masked)
            .expect("sheet");
        let followed = sheet
            .modules
            .iter()
            .find(|f| f.enrolment.module_id == modules[0])
            .expect("the flagged module is followed");
        let a = followed.attendance.as_ref().expect("attendance");
        assert!(a.absent_twice);
        assert!(a.absent >= 2 && !a.groups.is_empty());
        assert!(
            a.held >= a.marked(),
            "held {} marked {}",
            a.held,
            a.marked()
        );
        assert_eq!(
            a.marked(),
            store
                .student_marks(id)
                .expect("marks")
                .iter()
                .filter(|m| m.module_id == modules[0])
                .count()
        );
        assert_eq!(sheet.absent_twice().len(), modules.len());
        assert_eq!(store.absent_twice(id).expect("one"), *modules);
        // A student never marked has no rate.
        let unmarked = store
            .student_rows_in(None)
            .expect("students")
            .into_iter()
            .map(|r| r.student.id)
            .find(|&id| {
                store.student_marks(id).is_ok_and(|m| m.is_empty())
                    && store.enrolments(id).is_ok_and(|e| !e.is_empty())
            })
            .expect("an unmarked student with modules");
        let sheet = store
            .student_sheet(unmarked, today, Sensitive::Masked)
            .expect("sheet");
        for f in sheet.modules.iter().filter_map(|f| f.attendance.as_ref()) {
            assert_eq!(f.rate(), None);
            assert_eq!(f.summary(), "pas encore de séance faite");
        }
    }
}
