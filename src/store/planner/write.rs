//! The planner's writes, each journaled by the [`Writer`].

use super::*;

impl Writer<'_> {
    /// Creates a group; returns its id.
    pub fn create_group(&mut self, g: &NewGroup) -> Result<i64> {
        self.insert(
            Table::ModuleGroup,
            &[
                ("module_id", g.module_id.into()),
                ("school_year", g.school_year.as_str().into()),
                ("period", g.period.map(i64::from).into()),
                ("label", g.label.as_str().into()),
                ("leader_id", g.leader_id.into()),
                ("capacity", g.capacity.map(i64::from).into()),
                ("place", g.place.clone().into()),
                ("establishment_id", g.establishment_id.into()),
            ],
        )
    }

    /// Adds one session to a group; returns its id.
    pub fn add_session(
        &mut self,
        group_id: i64,
        date: NaiveDate,
        start: NaiveTime,
        minutes: u32,
        place: Option<&str>,
    ) -> Result<i64> {
        self.insert(
            Table::GroupSession,
            &[
                ("group_id", group_id.into()),
                ("date", iso_text(date)),
                ("start", hhmm_text(start)),
                ("minutes", i64::from(minutes).into()),
                ("place", place.into()),
            ],
        )
    }

    /// Adds the sessions of a weekly pattern, holidays and public holidays
    /// skipped (fewer if the year ends first); returns their ids.
    pub fn generate_sessions(
        &mut self,
        group_id: i64,
        calendar: &SchoolCalendar,
        pattern: &Pattern,
    ) -> Result<Vec<i64>> {
        calendar
            .weekly_sessions(pattern.weekday, pattern.from, pattern.count)
            .into_iter()
            .map(|date| self.add_session(group_id, date, pattern.start, pattern.minutes, None))
            .collect()
    }

    /// Moves a session to another day, time or place (None: the group's).
    pub fn move_session(
        &mut self,
        session_id: i64,
        version: i64,
        date: NaiveDate,
        start: NaiveTime,
        place: Option<&str>,
    ) -> Result<i64> {
        self.update(
            Table::GroupSession,
            session_id,
            version,
            &[
                ("date", iso_text(date)),
                ("start", hhmm_text(start)),
                ("place", place.into()),
            ],
        )
    }

    /// Cancels a session, with the reason given (required).
    pub fn cancel_session(&mut self, session_id: i64, version: i64, reason: &str) -> Result<i64> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "Séance : indiquez le motif de l'annulation ; rien n'a été enregistré.".into(),
            ));
        }
        self.update(
            Table::GroupSession,
            session_id,
            version,
            &[
                ("status", SessionStatus::Cancelled.code().into()),
                ("cancel_reason", reason.into()),
            ],
        )
    }

    /// Places students in the module's groups of a year and period, by capacity
    /// (evenly, see [`place_by_capacity`]), from `day` on.
    pub fn place_students(
        &mut self,
        module_id: i64,
        school_year: &str,
        period: Option<u8>,
        students: &[i64],
        day: NaiveDate,
    ) -> Result<Placement> {
        let rooms: Vec<Room> = {
            let mut stmt = self.tx().prepare_cached(
                "SELECT g.id, g.capacity, (SELECT count(*) FROM group_member m \
                 WHERE m.group_id = g.id AND (m.to_date IS NULL OR m.to_date >= ?4)) \
                 FROM module_group g WHERE g.module_id = ?1 AND g.school_year = ?2 \
                 AND g.period IS ?3 ORDER BY g.label, g.id",
            )?;
            stmt.query_map(
                params![module_id, school_year, period, iso_text(day)],
                |r| {
                    Ok(Room {
                        group_id: r.get(0)?,
                        capacity: r.get(1)?,
                        members: count(r, 2)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let (placed, left) = place_by_capacity(students, &rooms);
        for (student, group) in &placed {
            self.place_in_group(*group, *student, day)?;
        }
        Ok(Placement { placed, left })
    }

    /// Puts a student in a group from `day` on; returns the membership's id.
    pub fn place_in_group(
        &mut self,
        group_id: i64,
        student_id: i64,
        day: NaiveDate,
    ) -> Result<i64> {
        self.insert(
            Table::GroupMember,
            &[
                ("group_id", group_id.into()),
                ("student_id", student_id.into()),
                ("from_date", iso_text(day)),
            ],
        )
    }

    /// Takes a student out of a group on `day`: the membership ends the day
    /// before (kept as history), or is deleted if it began that day.
    pub fn remove_member(&mut self, member_id: i64, version: i64, day: NaiveDate) -> Result<()> {
        let from: Option<String> = self
            .tx()
            .prepare_cached("SELECT from_date FROM group_member WHERE id = ?1")?
            .query_row([member_id], |r| r.get(0))
            .optional()?;
        let from = from
            .as_deref()
            .and_then(iso)
            .ok_or_else(|| StoreError::NotFound(format!("élève d'un groupe n° {member_id}")))?;
        match day.pred_opt() {
            Some(last) if last >= from => {
                self.update(
                    Table::GroupMember,
                    member_id,
                    version,
                    &[("to_date", iso_text(last))],
                )?;
                Ok(())
            }
            _ => self.delete(Table::GroupMember, member_id, version),
        }
    }

    /// Moves a student to another group on `day`; the old membership stays in
    /// the history. Returns the new membership's id.
    pub fn move_member(
        &mut self,
        member_id: i64,
        version: i64,
        to_group: i64,
        day: NaiveDate,
    ) -> Result<i64> {
        let student: i64 = self
            .tx()
            .prepare_cached("SELECT student_id FROM group_member WHERE id = ?1")?
            .query_row([member_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("élève d'un groupe n° {member_id}")))?;
        self.remove_member(member_id, version, day)?;
        self.place_in_group(to_group, student, day)
    }

    /// Records a whole roll and marks the session held, in this one write (one
    /// undo step). `session_version` is the version the user saw; marks already
    /// recorded are written over whatever they are now.
    pub fn record_roll(
        &mut self,
        session_id: i64,
        session_version: i64,
        marks: &[(i64, AttendanceMark)],
    ) -> Result<()> {
        self.record_roll_seen(session_id, session_version, marks, None)
    }

    /// Like [`Writer::record_roll`], with the versions of the marks the user saw
    /// (student → version; a student missing saw no mark): a mark recorded or
    /// changed meanwhile by someone else is a conflict, and nothing is written.
    pub fn record_roll_seen(
        &mut self,
        session_id: i64,
        session_version: i64,
        marks: &[(i64, AttendanceMark)],
        seen: Option<&HashMap<i64, i64>>,
    ) -> Result<()> {
        let on_roll: HashSet<i64> = {
            let mut stmt = self
                .tx()
                .prepare_cached(&format!("{ROLL} SELECT id FROM roll"))?;
            stmt.query_map([session_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        if let Some((stranger, _)) = marks.iter().find(|(s, _)| !on_roll.contains(s)) {
            return Err(StoreError::Invalid(format!(
                "Appel : l'élève n° {stranger} n'est pas dans le groupe de cette séance ; \
                 rien n'a été enregistré."
            )));
        }
        self.update(
            Table::GroupSession,
            session_id,
            session_version,
            &[
                ("status", SessionStatus::Held.code().into()),
                ("cancel_reason", Value::Null),
            ],
        )?;
        for (student, mark) in marks {
            let existing: Option<(i64, i64)> = self
                .tx()
                .prepare_cached(
                    "SELECT id, version FROM attendance WHERE session_id = ?1 AND student_id = ?2",
                )?
                .query_row([session_id, *student], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match existing {
                Some((id, version)) => {
                    // A mark nobody saw counts as version 0: always a conflict.
                    let expected = match seen {
                        Some(seen) => seen.get(student).copied().unwrap_or(0),
                        None => version,
                    };
                    self.update(
                        Table::Attendance,
                        id,
                        expected,
                        &[("status", mark.code().into())],
                    )?;
                }
                None => {
                    self.insert(
                        Table::Attendance,
                        &[
                            ("session_id", session_id.into()),
                            ("student_id", (*student).into()),
                            ("status", mark.code().into()),
                        ],
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Grants hours for a school year to a module, or as an envelope (module None).
    pub fn grant_hours(
        &mut self,
        school_year: &str,
        module_id: Option<i64>,
        label: &str,
        hours: f64,
        establishment_id: Option<i64>,
    ) -> Result<i64> {
        self.insert(
            Table::HoursGrant,
            &[
                ("school_year", school_year.into()),
                ("module_id", module_id.into()),
                ("label", label.into()),
                ("hours", Value::Real(hours)),
                ("establishment_id", establishment_id.into()),
            ],
        )
    }
}
