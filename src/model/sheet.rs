//! The student sheet: everything shown about one student, built once from the
//! store and rendered by the student page, `passerelle show` and the printed documents.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::planner::{AttendanceMark, StudentMark};
use super::{Checkin, Domain, Enrolment, LifeArea, Module, Staff, Student};

/// Whether the sheet carries the conditions de vie (notes, levels, comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sensitive {
    /// Counted, never copied: the default everywhere.
    Masked,
    /// Copied in clear: only after a logged reveal.
    Shown,
}

/// One student's whole parcours, ready to render (wording aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudentSheet {
    /// Identity, plan and decisions as recorded (no sensitive field lives here).
    pub student: Student,
    /// Section and promotion; `None` if the cohort is missing.
    pub place: Option<Place>,
    pub referent: Option<Staff>,
    /// Whether the next check-in is late on the day the sheet was built.
    pub checkin_overdue: bool,
    pub reperage: Reperage,
    /// Modules followed, oldest first.
    pub modules: Vec<ModuleFollowed>,
    /// Check-ins, oldest first.
    pub checkins: Vec<Checkin>,
    /// Changes to the student, newest first, described in French.
    pub history: Vec<HistoryEntry>,
    /// Whether the conditions de vie were copied into this sheet.
    pub sensitive: Sensitive,
}

/// Where the student is enrolled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub section_code: String,
    pub section_name: String,
    pub school_year: String,
}

/// The repérage: grid by domain, life notes, verdict and difficulty types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reperage {
    /// Every domain, in grid order, even when nothing is assessed.
    pub domains: Vec<DomainAssessment>,
    /// How many life notes exist (always known, never sensitive by itself).
    pub life_note_count: usize,
    /// The notes themselves: empty unless [`Sensitive::Shown`].
    pub life_notes: Vec<LifeNoteText>,
    /// Difficulty types retained by the team, with their French label.
    pub difficulties: Vec<Difficulty>,
}

/// The assessed criteria of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainAssessment {
    pub domain: Domain,
    /// Whether the values of this domain were withheld.
    pub masked: bool,
    /// Criteria with a recorded value, in grid order (retired ones included).
    pub cells: Vec<Assessment>,
}

/// One recorded grid value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub criterion: String,
    /// The criterion is no longer in the grid (its value is history).
    pub retired: bool,
    /// Whether a level was given (kept when masked: a count is not the level).
    pub has_level: bool,
    /// Level, comment and source; `None` when the domain is masked.
    pub value: Option<AssessedValue>,
}

/// What a grid value says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessedValue {
    pub level: Option<u8>,
    pub comment: Option<String>,
    pub source: Option<String>,
}

/// A life note in clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeNoteText {
    pub area: LifeArea,
    pub note: String,
}

/// A difficulty type: code and French label (the code if unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difficulty {
    pub code: String,
    pub label: String,
}

/// An enrolment and its module (`None` if the module is gone from the catalogue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleFollowed {
    pub enrolment: Enrolment,
    pub module: Option<Module>,
    /// Groups and rolls of the module; `None` on an earlier enrolment of a
    /// module followed again (its figures go with the latest enrolment).
    pub attendance: Option<ModuleAttendance>,
}

/// A group the student was placed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFollowed {
    /// « Groupe A ».
    pub label: String,
    /// Leader's display name, if any.
    pub leader: Option<String>,
}

/// The student's attendance in one module (conventions of [`crate::model::planner`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleAttendance {
    /// Groups of the module the student was placed in, by arrival.
    pub groups: Vec<GroupFollowed>,
    /// Sessions held (roll taken) while the student was in one of these groups.
    pub held: usize,
    pub present: usize,
    pub retard: usize,
    pub excused: usize,
    pub absent: usize,
    /// Two consecutive marked sessions both « absent » (not excused): for the
    /// next point d'étape.
    pub absent_twice: bool,
}

impl ModuleAttendance {
    /// Counts the student's marks in `module_id`; groups and sessions held are the caller's.
    /// `seen`: the day of the last point d'étape (a run of absences before it was
    /// talked about there).
    pub fn of_marks(
        marks: &[StudentMark],
        module_id: i64,
        seen: Option<NaiveDate>,
    ) -> ModuleAttendance {
        let mut out = ModuleAttendance {
            absent_twice: super::planner::two_absences_in_a_row(marks, seen).contains(&module_id),
            ..ModuleAttendance::default()
        };
        for m in marks.iter().filter(|m| m.module_id == module_id) {
            match m.mark {
                AttendanceMark::Present => out.present += 1,
                AttendanceMark::Retard => out.retard += 1,
                AttendanceMark::AbsentExcuse => out.excused += 1,
                AttendanceMark::Absent => out.absent += 1,
            }
        }
        out
    }

    /// Sessions where the student was marked.
    pub fn marked(&self) -> usize {
        self.present + self.retard + self.excused + self.absent
    }

    /// Sessions attended (présent or en retard).
    pub fn attended(&self) -> usize {
        self.present + self.retard
    }

    /// Attendance rate, 0 to 1; `None` when no session was marked.
    pub fn rate(&self) -> Option<f64> {
        let marked = self.marked();
        (marked > 0).then(|| self.attended() as f64 / marked as f64)
    }

    /// « 5/6 séances, 83 % », or « pas encore de séance faite ».
    pub fn summary(&self) -> String {
        match self.rate() {
            None => "pas encore de séance faite".into(),
            Some(rate) => format!(
                "{}/{} séance{}, {}\u{a0}%",
                self.attended(),
                self.marked(),
                if self.marked() > 1 { "s" } else { "" },
                (rate * 100.0).round()
            ),
        }
    }

    /// « présent 4 · retard 1 · absent excusé 1 · absent 0 ».
    pub fn marks_detail(&self) -> String {
        format!(
            "présent {} · retard {} · absent excusé {} · absent {}",
            self.present, self.retard, self.excused, self.absent
        )
    }

    /// « Groupe A (Ada Durand) · 6 séances faites », or « pas encore dans un groupe ».
    pub fn groups_label(&self) -> String {
        if self.groups.is_empty() {
            return "pas encore dans un groupe".into();
        }
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|g| match &g.leader {
                Some(leader) => format!("{} ({leader})", g.label),
                None => g.label.clone(),
            })
            .collect();
        let held = match self.held {
            0 => "aucune séance faite".to_string(),
            1 => "1 séance faite".to_string(),
            n => format!("{n} séances faites"),
        };
        format!("{} · {held}", groups.join(", "))
    }

    /// The lines shown under the module, without indent: groups, rate, marks.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            self.groups_label(),
            format!("Assiduité : {}", self.summary()),
        ];
        if self.marked() > 0 {
            out.push(format!("Appel : {}", self.marks_detail()));
        }
        out
    }
}

/// The warning of a module with two unexcused absences in a row.
pub const ABSENT_TWICE: &str = "2 absences de suite : à voir au prochain point d'étape";

/// One journal line about the student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Entries of one batch were saved together.
    pub batch: i64,
    /// When, as stored (ISO 8601, UTC).
    pub at: String,
    pub user: String,
    /// What the user did, in their words (the batch label).
    pub label: String,
    /// French noun of the record changed (« point d'étape »).
    pub record: String,
    /// The change touched a sensitive value (never described).
    pub sensitive: bool,
    pub change: HistoryChange,
}

/// What one journal line changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HistoryChange {
    Added,
    Removed,
    /// A sensitive field changed: neither the field's values nor the values are kept.
    Masked,
    /// A field changed: French field label, old and new value as labels.
    Edited {
        field: String,
        old: String,
        new: String,
    },
}

impl ModuleFollowed {
    /// The attendance lines to show under the module (see [`ModuleAttendance::lines`]);
    /// none for a module stopped before any group or roll.
    pub fn attendance_lines(&self) -> Vec<String> {
        match &self.attendance {
            Some(a)
                if self.enrolment.end_date.is_none() || !a.groups.is_empty() || a.marked() > 0 =>
            {
                a.lines()
            }
            _ => Vec::new(),
        }
    }
}

impl StudentSheet {
    /// Names of the modules with two unexcused absences in a row.
    pub fn absent_twice(&self) -> Vec<String> {
        self.modules
            .iter()
            .filter(|f| f.attendance.as_ref().is_some_and(|a| a.absent_twice))
            .map(|f| {
                f.module.as_ref().map_or_else(
                    || format!("module n° {}", f.enrolment.module_id),
                    |m| m.name.clone(),
                )
            })
            .collect()
    }

    /// Recorded values of the masked domains (what `show` counts).
    pub fn masked_levels(&self) -> usize {
        self.reperage
            .domains
            .iter()
            .filter(|d| d.masked)
            .flat_map(|d| &d.cells)
            .filter(|c| c.has_level)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;

    fn mark(module_id: i64, day: u32, mark: AttendanceMark) -> StudentMark {
        StudentMark {
            id: i64::from(day),
            session_id: i64::from(day),
            group_id: module_id * 10,
            module_id,
            date: NaiveDate::from_ymd_opt(2026, 11, day).expect("date"),
            start: NaiveTime::from_hms_opt(14, 0, 0).expect("time"),
            mark,
        }
    }

    use AttendanceMark::*;

    #[test]
    fn the_rate_counts_late_as_attended_and_excused_as_missed() {
        let marks = [
            mark(1, 3, Present),
            mark(1, 10, Retard),
            mark(1, 17, AbsentExcuse),
            mark(1, 18, Present),
            mark(1, 19, Present),
            mark(1, 20, Present),
            mark(2, 4, Absent),
        ];
        let a = ModuleAttendance::of_marks(&marks, 1, None);
        assert_eq!((a.present, a.retard, a.excused, a.absent), (4, 1, 1, 0));
        assert_eq!(a.rate(), Some(5.0 / 6.0));
        assert_eq!(a.summary(), "5/6 séances, 83\u{a0}%");
        assert!(!a.absent_twice);
        assert_eq!(
            ModuleAttendance::of_marks(&marks, 2, None).summary(),
            "0/1 séance, 0\u{a0}%"
        );
    }

    #[test]
    fn no_mark_gives_no_rate() {
        let a = ModuleAttendance::of_marks(&[mark(2, 3, Absent)], 1, None);
        assert_eq!(a.marked(), 0);
        assert_eq!(a.rate(), None);
        assert_eq!(a.summary(), "pas encore de séance faite");
    }

    #[test]
    fn two_absences_in_a_row_flag_the_module_and_an_excuse_breaks_the_run() {
        let run = [
            mark(1, 3, Present),
            mark(1, 10, Absent),
            mark(1, 17, Absent),
        ];
        assert!(ModuleAttendance::of_marks(&run, 1, None).absent_twice);
        let broken = [
            mark(1, 3, Absent),
            mark(1, 10, AbsentExcuse),
            mark(1, 17, Absent),
        ];
        assert!(!ModuleAttendance::of_marks(&broken, 1, None).absent_twice);
        // Absences in two different modules are not a run.
        let apart = [mark(1, 3, Absent), mark(2, 10, Absent)];
        assert!(!ModuleAttendance::of_marks(&apart, 1, None).absent_twice);
        assert!(!ModuleAttendance::of_marks(&apart, 2, None).absent_twice);
    }

    #[test]
    fn a_point_detape_after_the_run_clears_the_flag_until_a_new_absence() {
        let run = [mark(1, 3, Absent), mark(1, 10, Absent)];
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        // Talked about at a point d'étape on the day of the second absence, or after.
        assert!(!ModuleAttendance::of_marks(&run, 1, Some(day(10))).absent_twice);
        assert!(!ModuleAttendance::of_marks(&run, 1, Some(day(12))).absent_twice);
        // A point d'étape between the two absences: the run is still news.
        assert!(ModuleAttendance::of_marks(&run, 1, Some(day(5))).absent_twice);
        // A third absence after the point d'étape continues the run.
        let longer = [mark(1, 3, Absent), mark(1, 10, Absent), mark(1, 17, Absent)];
        assert!(ModuleAttendance::of_marks(&longer, 1, Some(day(12))).absent_twice);
    }
}
