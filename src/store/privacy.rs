//! Privacy traces: the log of sensitive data shown or exported, and the anonymous
//! record of erasures (see `erase.rs`).

use rusqlite::params;

use super::{Result, Store, now_stamp};

/// What was done with sensitive data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveAction {
    /// Shown in clear on screen.
    Reveal,
    /// Written to an export file.
    Export,
}

impl SensitiveAction {
    /// Code stored in `sensitive_access.action`.
    pub fn code(self) -> &'static str {
        match self {
            SensitiveAction::Reveal => "reveal",
            SensitiveAction::Export => "export",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "reveal" => Some(SensitiveAction::Reveal),
            "export" => Some(SensitiveAction::Export),
            _ => None,
        }
    }
}

/// One logged access to sensitive data.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SensitiveAccess {
    pub id: i64,
    /// UTC time, RFC 3339.
    pub at: String,
    /// Name given by the user (`--user`, `PASSERELLE_USER`, the TUI's choice).
    pub user: String,
    /// The OS account.
    pub os_user: String,
    pub action: SensitiveAction,
    /// The student whose data was shown (`None`: a whole grid, or an export).
    pub student_id: Option<i64>,
    /// The student's name, read now (`None` once the student is gone).
    pub student: Option<String>,
    /// What was shown (grid scope) or the file written.
    pub target: Option<String>,
}

/// The trace of one erasure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErasureRecord {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub os_user: String,
    /// `forget` or `purge`.
    pub kind: String,
    /// "élève n° 12" or "promotions antérieures à 2025-2026".
    pub scope: String,
    /// How many students were erased.
    pub students: i64,
}

impl Store {
    /// Records that sensitive data was shown or exported, by this store's user.
    pub fn log_sensitive_access(
        &self,
        action: SensitiveAction,
        student: Option<i64>,
        target: Option<&str>,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sensitive_access (at, user, os_user, action, student_id, target) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                now_stamp(),
                self.user(),
                self.os_user(),
                action.code(),
                student,
                target
            ],
        )?;
        Ok(())
    }

    /// The log of sensitive accesses, oldest first.
    pub fn sensitive_accesses(&self) -> Result<Vec<SensitiveAccess>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, a.at, a.user, a.os_user, a.action, a.student_id, \
             s.last_name, s.first_name, a.target \
             FROM sensitive_access a LEFT JOIN student s ON s.id = a.student_id ORDER BY a.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let action: String = r.get(4)?;
                Ok(SensitiveAccess {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user: r.get(2)?,
                    os_user: r.get(3)?,
                    action: SensitiveAction::from_code(&action).unwrap_or(SensitiveAction::Reveal),
                    student_id: r.get(5)?,
                    // In Rust: SQLite's upper() leaves accented letters as they are.
                    student: r
                        .get::<_, Option<String>>(6)?
                        .zip(r.get::<_, Option<String>>(7)?)
                        .map(|(last, first)| format!("{} {first}", last.to_uppercase())),
                    target: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The traces of erasures, oldest first.
    pub fn erasures(&self) -> Result<Vec<ErasureRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, user, os_user, kind, scope, students FROM erasure \
             WHERE in_progress = 0 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ErasureRecord {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user: r.get(2)?,
                    os_user: r.get(3)?,
                    kind: r.get(4)?,
                    scope: r.get(5)?,
                    students: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
