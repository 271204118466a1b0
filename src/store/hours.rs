//! The hours of a school year, read once for the `modules` command, the planner
//! pane (F8) and `indicators`; and the writes of hours granted.
//!
//! Hours granted to a module are its `hours_grant` rows of the year; a module
//! with none falls back on the hours its fiche cadre grants (`module.hours_granted`).
//! The rules per section and establishment are in [`crate::model::hours`].

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::{Result, Seen, Store, StoreError, Table, Writer};
use crate::model::Value;
use crate::model::hours::{HoursInput, HoursReport, establishments_module_hours, hours_report};
use crate::model::planner::{HoursGrant, ModuleHours};

/// One establishment's (id) module lines and envelopes of a year.
pub type EstablishmentModuleHours = (i64, Vec<ModuleHours>, Vec<HoursGrant>);

impl Store {
    /// The hours table of a year, one line per module with a group or hours granted.
    pub fn hours_table(
        &self,
        school_year: &str,
        today: NaiveDate,
    ) -> Result<(Vec<ModuleHours>, Vec<HoursGrant>)> {
        let report = self.hours_report(school_year, today)?;
        Ok((report.modules, report.envelopes))
    }

    /// Every figure of a year's hours: modules, envelopes, sections, establishments.
    pub fn hours_report(&self, school_year: &str, today: NaiveDate) -> Result<HoursReport> {
        self.with_hours_input(school_year, today, |input| {
            self.hours_report_of(school_year, input)
        })
    }

    /// Per establishment (id), the module lines and envelopes of a year: what
    /// an anonymous export carries (see [`crate::model::hours::establishment_module_hours`]).
    pub fn hours_by_establishment(
        &self,
        school_year: &str,
        today: NaiveDate,
    ) -> Result<Vec<EstablishmentModuleHours>> {
        let ids: Vec<i64> = self.establishments()?.into_iter().map(|e| e.id).collect();
        let first = ids.first().copied();
        self.with_hours_input(school_year, today, |input| {
            Ok(establishments_module_hours(input, &ids, first))
        })
    }

    /// Reads a year's groups, sessions, members, grants and modules once, for `f`.
    fn with_hours_input<T>(
        &self,
        school_year: &str,
        today: NaiveDate,
        f: impl FnOnce(&HoursInput) -> Result<T>,
    ) -> Result<T> {
        let (groups, sessions, members) = self.hours_year(school_year)?;
        let grants = self.hours_grants(school_year)?;
        let modules = self.modules()?;
        f(&HoursInput {
            modules: &modules,
            groups: &groups,
            sessions: &sessions,
            members: &members,
            grants: &grants,
            today,
        })
    }

    /// The same from a year's rows already read (the planner reads them once for
    /// all its figures): only establishments and sections are read here.
    pub fn hours_report_of(&self, school_year: &str, input: &HoursInput) -> Result<HoursReport> {
        let establishments: Vec<(i64, String)> = self
            .establishments()?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        Ok(hours_report(
            school_year,
            input,
            &establishments,
            &self.sections()?,
            &self.group_sections_of(input.members)?,
        ))
    }
}

/// What a grant edit aims at: the row if it exists, else where a new one goes.
#[derive(Debug, Clone, PartialEq)]
pub struct GrantEdit {
    /// The grant's row; None: none yet.
    pub id: Option<i64>,
    pub school_year: String,
    /// None: an envelope.
    pub module_id: Option<i64>,
    pub establishment_id: Option<i64>,
    pub label: String,
    /// None: remove the grant.
    pub hours: Option<f64>,
}

/// What a grant edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantOutcome {
    Added,
    Changed,
    Removed,
    /// Nothing to remove, or nothing changed.
    Nothing,
}

impl Writer<'_> {
    /// The grant of a module in a year and establishment, as it is now.
    pub fn module_grant(
        &self,
        school_year: &str,
        module_id: i64,
        establishment_id: Option<i64>,
    ) -> Result<Option<(i64, Seen)>> {
        let id: Option<i64> = self
            .tx()
            .prepare_cached(
                "SELECT id FROM hours_grant WHERE school_year = ?1 AND module_id = ?2 \
                 AND ifnull(establishment_id, 0) = ifnull(?3, 0)",
            )?
            .query_row(
                rusqlite::params![school_year, module_id, establishment_id],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| Ok((id, self.seen_row(Table::HoursGrant, id)?)))
            .transpose()
    }

    /// Adds, changes or removes a grant, checked against the row as the user saw
    /// it (`seen`): a colleague's change of the same grant meanwhile stops it
    /// ([`StoreError::Conflict`]), and a module granted meanwhile by a colleague
    /// is not granted twice.
    pub fn put_grant(&mut self, edit: &GrantEdit, seen: &Seen) -> Result<GrantOutcome> {
        match (edit.id, edit.hours) {
            (None, None) => Ok(GrantOutcome::Nothing),
            (None, Some(hours)) => {
                if let Some(module) = edit.module_id
                    && self
                        .module_grant(&edit.school_year, module, edit.establishment_id)?
                        .is_some()
                {
                    return Err(StoreError::Invalid(
                        "Heures accordées : un collègue vient d'enregistrer une dotation pour ce \
                         module ; rien n'a été écrit. Rouvrez le formulaire pour la voir."
                            .into(),
                    ));
                }
                self.grant_hours(
                    &edit.school_year,
                    edit.module_id,
                    &edit.label,
                    hours,
                    edit.establishment_id,
                )?;
                Ok(GrantOutcome::Added)
            }
            (Some(id), Some(hours)) => {
                let before = seen.version;
                let after = self.update_seen(
                    Table::HoursGrant,
                    id,
                    seen,
                    &[
                        ("label", edit.label.clone().into()),
                        ("hours", Value::Real(hours)),
                    ],
                )?;
                Ok(if Some(after) == before {
                    GrantOutcome::Nothing
                } else {
                    GrantOutcome::Changed
                })
            }
            (Some(id), None) => {
                let version = seen.version.ok_or_else(|| {
                    StoreError::NotFound(format!("{} n° {id}", Table::HoursGrant.noun()))
                })?;
                self.delete(Table::HoursGrant, id, version)?;
                Ok(GrantOutcome::Removed)
            }
        }
    }

    /// A row as it is now, inside this write.
    pub fn seen_row(&self, table: Table, id: i64) -> Result<Seen> {
        super::seen::read_seen(self.tx(), table, id)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    #[test]
    fn schema_10_merges_doubled_grants_into_the_oldest_row() {
        let mut conn = Connection::open_in_memory().expect("memory");
        let migrations = crate::store::open::migrations();
        migrations.to_version(&mut conn, 9).expect("schema 9");
        // Only the grants matter here: their module and establishment need not exist.
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .expect("pragma");
        conn.execute_batch(
            "INSERT INTO hours_grant (id, school_year, module_id, label, hours, \
                 establishment_id, updated_at, updated_by) VALUES \
             (1, '2026-2027', 7, 'DHG', 10, NULL, 't', 'a'), \
             (2, '2026-2027', 7, 'Rallonge', 4.5, NULL, 't', 'b'), \
             (3, '2026-2027', 7, 'Autre lycée', 3, 2, 't', 'a'), \
             (4, '2025-2026', 7, 'Année passée', 8, NULL, 't', 'a'), \
             (5, '2026-2027', NULL, 'Ambition BTS', 40, NULL, 't', 'a'), \
             (6, '2026-2027', NULL, 'Ambition BTS', 5, NULL, 't', 'a');",
        )
        .expect("grants");
        migrations.to_latest(&mut conn).expect("schema 10");
        let rows: Vec<(i64, f64)> = conn
            .prepare("SELECT id, hours FROM hours_grant ORDER BY id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        // 10 + 4,5 kept on row 1; other establishment, other year and the
        // envelopes (several allowed) untouched.
        assert_eq!(
            rows,
            vec![(1, 14.5), (3, 3.0), (4, 8.0), (5, 40.0), (6, 5.0)]
        );
        let twice = conn.execute(
            "INSERT INTO hours_grant (school_year, module_id, label, hours, updated_at, \
             updated_by) VALUES ('2026-2027', 7, 'x', 1, 't', 'a')",
            [],
        );
        assert!(twice.is_err(), "{twice:?}");
    }
}
