//! Where typed changes from `model::changes` become columns: the one place the
//! rest of the program learns which column a field lives in.

use super::{Result, Seen, Table, Writer};
use crate::model::{
    GridCellChange, LifeArea, NewCheckin, NewEnrolment, NewLifeNote, NewStaff, Staff, StaffField,
    StudentField, Value, parse_date,
};
use chrono::NaiveDate;

/// A typed change to one field of a row of a given table.
pub trait ColumnChange {
    /// The table whose rows this change applies to.
    const TABLE: Table;
    /// The column written and its new value.
    fn column(&self) -> (&'static str, Value);
}

/// The columns and values of typed changes, for the column-based writes
/// (optimistic edits, conflicts, the journal).
pub fn columns<C: ColumnChange>(changes: &[C]) -> Vec<(&'static str, Value)> {
    changes.iter().map(ColumnChange::column).collect()
}

impl ColumnChange for StudentField {
    const TABLE: Table = Table::Student;

    fn column(&self) -> (&'static str, Value) {
        use StudentField as F;
        match self {
            F::LastName(v) => ("last_name", v.clone().into()),
            F::FirstName(v) => ("first_name", v.clone().into()),
            F::Ine(v) => ("ine", v.clone().into()),
            F::BirthDate(v) => ("birth_date", (*v).into()),
            F::BacPro(v) => ("bac_pro", (*v).into()),
            F::BacProSpecialty(v) => ("bac_pro_specialty", v.clone().into()),
            F::OriginLycee(v) => ("origin_lycee", v.clone().into()),
            F::Schooling(v) => ("schooling", (*v).into()),
            F::ParcoursupRank(v) => ("parcoursup_rank", (*v).into()),
            F::ParcoursDifferencie(v) => ("parcours_differencie", (*v).into()),
            F::Referent(v) => ("referent_id", (*v).into()),
            F::Verdict(v) => ("verdict", (*v).into()),
            F::Difficulties(v) => ("difficulties", v.join(",").into()),
            F::Proposal(v) => ("proposal", (*v).into()),
            F::PreConseilDate(v) => ("pre_conseil_date", (*v).into()),
            F::Commitments(v) => ("commitments", v.clone().into()),
            F::FirstCheckinDate(v) => ("first_checkin_date", (*v).into()),
            F::BilanS1(v) => ("bilan_s1", v.clone().into()),
            F::BilanS1Date(v) => ("bilan_s1_date", (*v).into()),
            F::DecisionS2(v) => ("decision_s2", (*v).into()),
            F::DecisionS2Date(v) => ("decision_s2_date", (*v).into()),
            F::ExitDate(v) => ("exit_date", (*v).into()),
            F::ExitCause(v) => ("exit_cause", (*v).into()),
            F::ExitDestination(v) => ("exit_destination", (*v).into()),
            F::ExitReferral(v) => ("exit_referral", (*v).into()),
            F::ExitNote(v) => ("exit_note", v.clone().into()),
            F::Diploma(v) => ("diploma", (*v).into()),
            F::NextCheckinDate(v) => ("next_checkin_date", (*v).into()),
        }
    }
}

impl ColumnChange for GridCellChange {
    const TABLE: Table = Table::GridValue;

    fn column(&self) -> (&'static str, Value) {
        match self {
            GridCellChange::Level(level) => ("level", level.map(i64::from).into()),
            GridCellChange::Comment(text) => ("comment", text.clone().into()),
        }
    }
}

impl ColumnChange for StaffField {
    const TABLE: Table = Table::Staff;

    fn column(&self) -> (&'static str, Value) {
        use StaffField as F;
        match self {
            F::LastName(v) => ("last_name", v.clone().into()),
            F::FirstName(v) => ("first_name", v.clone().into()),
            F::Role(v) => ("role", (*v).into()),
            F::Discipline(v) => ("discipline", v.clone().into()),
            F::Organisation(v) => ("organisation", v.clone().into()),
            F::Email(v) => ("email", v.clone().into()),
            F::Active(v) => ("active", (*v).into()),
            F::Coordinator(v) => ("coordinator", (*v).into()),
        }
    }
}

impl Seen {
    /// A team member's row as the list showed it: a key pressed on the list (toggle
    /// active or coordinator) is checked against what the user saw there.
    pub fn of_staff(staff: &Staff) -> Seen {
        let fields = NewStaff {
            last_name: staff.last_name.clone(),
            first_name: staff.first_name.clone(),
            role: staff.role,
            discipline: staff.discipline.clone(),
            organisation: staff.organisation.clone(),
            email: staff.email.clone(),
            active: staff.active,
            coordinator: staff.coordinator,
        };
        Seen {
            version: Some(staff.meta.version),
            values: columns(&fields.fields()),
        }
    }
}

impl Writer<'_> {
    /// Adds a member of the team with every field.
    pub fn add_member(&mut self, member: &NewStaff) -> Result<i64> {
        self.insert(Table::Staff, &columns(&member.fields()))
    }

    /// Writes typed fields of a team member on top of `expected_version`.
    pub fn update_staff(
        &mut self,
        id: i64,
        expected_version: i64,
        changes: &[StaffField],
    ) -> Result<i64> {
        self.update(Table::Staff, id, expected_version, &columns(changes))
    }

    /// Writes typed fields of a student on top of `expected_version`.
    pub fn update_student(
        &mut self,
        id: i64,
        expected_version: i64,
        changes: &[StudentField],
    ) -> Result<i64> {
        self.update(Table::Student, id, expected_version, &columns(changes))
    }

    /// Writes the typed fields of a student the user changed since `seen`
    /// (see [`Writer::update_seen`]).
    pub fn update_student_seen(
        &mut self,
        id: i64,
        seen: &Seen,
        changes: &[StudentField],
    ) -> Result<i64> {
        self.update_seen(Table::Student, id, seen, &columns(changes))
    }

    /// Sets a grid cell, creating it if needed (see [`Writer::set_grid_cell`]).
    pub fn set_cell(
        &mut self,
        student: i64,
        criterion: i64,
        expected_version: Option<i64>,
        changes: &[GridCellChange],
    ) -> Result<(i64, i64)> {
        self.set_grid_cell(student, criterion, expected_version, &columns(changes))
    }

    /// Sets a grid cell checked against the cell as the user saw it
    /// (see [`Writer::set_grid_cell_seen`]).
    pub fn set_cell_seen(
        &mut self,
        student: i64,
        criterion: i64,
        seen: &Seen,
        changes: &[GridCellChange],
    ) -> Result<i64> {
        self.set_grid_cell_seen(student, criterion, seen, &columns(changes))
    }

    /// Records a point d'étape.
    pub fn insert_checkin(&mut self, checkin: &NewCheckin) -> Result<i64> {
        self.insert(
            Table::Checkin,
            &[
                ("student_id", Value::Int(checkin.student)),
                ("date", checkin.date.into()),
                ("attendance", checkin.attendance.into()),
                ("progress", checkin.progress.into()),
                ("engagement", checkin.engagement.into()),
                ("note", checkin.note.clone().into()),
            ],
        )
    }

    /// Enrols a student in a module.
    pub fn insert_enrolment(&mut self, enrolment: &NewEnrolment) -> Result<i64> {
        self.insert(
            Table::Enrolment,
            &[
                ("student_id", enrolment.student.into()),
                ("module_id", enrolment.module.into()),
                ("start_date", enrolment.start.into()),
                ("checkin_id", enrolment.checkin.into()),
            ],
        )
    }

    /// Ends an enrolment on `end`, checked against the row as the user saw it;
    /// stopped at a point d'étape (`checkin`), it is linked to it unless it already
    /// was to the one it was chosen at.
    pub fn end_enrolment_seen(
        &mut self,
        id: i64,
        seen: &Seen,
        end: NaiveDate,
        checkin: Option<i64>,
    ) -> Result<i64> {
        let mut changes = vec![("end_date", end.into())];
        if let Some(checkin) = checkin.filter(|_| seen.value("checkin_id") == Value::Null) {
            changes.push(("checkin_id", checkin.into()));
        }
        self.update_seen(Table::Enrolment, id, seen, &changes)
    }

    /// Writes a *conditions de vie* note, checked against the note as the user saw it.
    pub fn update_life_note_seen(&mut self, id: i64, seen: &Seen, note: &str) -> Result<i64> {
        self.update_seen(Table::LifeNote, id, seen, &[("note", note.into())])
    }

    /// Deletes a *conditions de vie* note, unless someone changed it since `seen`.
    pub fn delete_life_note_seen(&mut self, id: i64, seen: &Seen) -> Result<()> {
        self.delete(Table::LifeNote, id, seen.version.unwrap_or(0))
    }

    /// Records a new *conditions de vie* note.
    pub fn insert_life_note(&mut self, note: &NewLifeNote) -> Result<i64> {
        self.insert(
            Table::LifeNote,
            &[
                ("student_id", note.student.into()),
                ("area", note.area.into()),
                ("note", note.note.clone().into()),
            ],
        )
    }

    /// Writes who attended a meeting, checked against the list as the user saw it.
    pub fn update_attendees_seen(&mut self, meeting: i64, seen: &Seen, text: &str) -> Result<i64> {
        self.update_seen(Table::Meeting, meeting, seen, &[("attendees", text.into())])
    }
}

/// Typed reads of the rows an edit started from, so that `app/` need not
/// name their columns either.
impl Seen {
    fn text(&self, column: &str) -> Option<String> {
        self.value(column).as_text().map(str::to_string)
    }

    /// An enrolment's module.
    pub fn enrolment_module(&self) -> Option<i64> {
        self.value("module_id").as_int()
    }

    /// An enrolment's start date.
    pub fn enrolment_start(&self) -> Option<NaiveDate> {
        self.value("start_date").as_text().and_then(parse_date)
    }

    /// A *conditions de vie* note's area.
    pub fn life_area(&self) -> Option<LifeArea> {
        self.value("area").as_text().and_then(LifeArea::from_code)
    }

    /// A *conditions de vie* note's text.
    pub fn life_note(&self) -> Option<String> {
        self.text("note")
    }

    /// A grid cell's comment.
    pub fn cell_comment(&self) -> Option<String> {
        self.text("comment")
    }

    /// A meeting's attendees.
    pub fn attendees(&self) -> Option<String> {
        self.text("attendees")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Verdict;

    #[test]
    fn typed_changes_become_the_columns_and_values_written_before() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        assert_eq!(
            columns(&[
                StudentField::Verdict(Some(Verdict::Repere)),
                StudentField::Difficulties(vec!["ORG".into(), "MET".into()]),
                StudentField::FirstCheckinDate(None),
                StudentField::ExitDate(Some(date)),
                StudentField::Referent(Some(7)),
            ]),
            vec![
                ("verdict", Value::from(Verdict::Repere)),
                ("difficulties", Value::Text("ORG,MET".into())),
                ("first_checkin_date", Value::Null),
                ("exit_date", Value::Text("2026-11-25".into())),
                ("referent_id", Value::Int(7)),
            ]
        );
        assert_eq!(
            columns(&[GridCellChange::Level(None), GridCellChange::Level(Some(2))]),
            vec![("level", Value::Null), ("level", Value::Int(2))]
        );
    }

    #[test]
    fn every_typed_column_is_a_writable_column() {
        let fields = [
            StudentField::LastName(String::new()),
            StudentField::Ine(None),
            StudentField::BirthDate(None),
            StudentField::BacPro(true),
            StudentField::ParcoursupRank(None),
            StudentField::Proposal(None),
            StudentField::BilanS1Date(None),
            StudentField::DecisionS2Date(None),
            StudentField::ExitNote(None),
            StudentField::Diploma(None),
            StudentField::NextCheckinDate(None),
        ];
        for (column, _) in columns(&fields) {
            assert!(Table::Student.columns().contains(&column), "{column}");
        }
        for (column, _) in columns(&[GridCellChange::Comment(String::new())]) {
            assert!(Table::GridValue.columns().contains(&column), "{column}");
        }
    }
}
