//! Erasures: the purge of older cohorts and the forgetting of one student remove
//! everything about them in one transaction and leave only an anonymous trace.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Result, Store, StoreError, now_stamp};

/// What kind of erasure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureScope {
    /// Students of cohorts whose school year is before this one (`2025-2026`).
    Purge { before: String },
    /// One student (right to erasure).
    Forget { student: i64 },
}

impl ErasureScope {
    fn kind(&self) -> &'static str {
        match self {
            ErasureScope::Purge { .. } => "purge",
            ErasureScope::Forget { .. } => "forget",
        }
    }

    /// The scope as recorded in the erasure trace: no name, ever.
    fn description(&self) -> String {
        match self {
            ErasureScope::Purge { before } => format!("promotions antérieures à {before}"),
            ErasureScope::Forget { student } => format!("élève n° {student}"),
        }
    }
}

/// A student about to be erased.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErasedStudent {
    pub id: i64,
    /// "DUPONT Marie".
    pub name: String,
    pub ine: Option<String>,
    last_name: String,
    first_name: String,
}

/// The students of one cohort about to be erased.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErasedCohort {
    pub cohort_id: i64,
    pub section_code: String,
    pub section_name: String,
    pub school_year: String,
    pub students: Vec<ErasedStudent>,
    /// The cohort itself goes too (purge: nothing left in it).
    pub removed: bool,
}

/// How many rows go with the students.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ErasureCounts {
    pub students: usize,
    pub life_notes: usize,
    pub grid_values: usize,
    pub checkins: usize,
    pub enrolments: usize,
    /// Places in module groups, past ones included.
    pub group_members: usize,
    /// Marks on the rolls of module sessions.
    pub attendance_marks: usize,
    pub journal_rows: usize,
    pub accesses: usize,
    /// History batches left empty, deleted.
    pub batches_removed: usize,
    /// History batches kept (they concern other students too) whose label named a student.
    pub labels_rewritten: usize,
    pub cohorts_removed: usize,
}

/// A free text about another student that names an erased one: the erasure
/// cannot rewrite it (nor its history), a person must read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    /// The student whose text it is (kept).
    pub student_id: i64,
    /// Which text, in French ("point d'étape").
    pub field: String,
}

/// What an erasure removes (dry run) or removed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErasurePlan {
    pub scope: ErasureScope,
    pub cohorts: Vec<ErasedCohort>,
    pub counts: ErasureCounts,
    /// Texts of kept students naming an erased one (first and last name).
    pub mentions: Vec<Mention>,
}

impl ErasurePlan {
    /// Whether there is nothing to erase.
    pub fn is_empty(&self) -> bool {
        self.counts.students == 0 && self.counts.cohorts_removed == 0
    }

    fn student_ids(&self) -> Vec<i64> {
        self.cohorts
            .iter()
            .flat_map(|c| c.students.iter().map(|s| s.id))
            .collect()
    }
}

/// Whether the erased data could also be wiped from the file's free space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrub {
    /// VACUUM and WAL checkpoint done: nothing erased lingers in the file.
    Done,
    /// Another program keeps the base open: free pages or the WAL may still hold
    /// erased data until the cleanup is run again.
    Busy,
}

/// Text replacing a batch label that named an erased student.
const ERASED_LABEL: &str = "(élève effacé)";

/// Checks a school year written `AAAA-AAAA` (two consecutive years).
pub fn parse_school_year(text: &str) -> Result<String> {
    let text = text.trim();
    let valid = text.split_once('-').is_some_and(|(a, b)| {
        a.len() == 4
            && b.len() == 4
            && matches!((a.parse::<i32>(), b.parse::<i32>()), (Ok(a), Ok(b)) if b == a + 1)
    });
    if valid {
        Ok(text.to_string())
    } else {
        Err(StoreError::Invalid(format!(
            "Année scolaire « {text} » invalide : écrivez-la AAAA-AAAA, par exemple 2025-2026."
        )))
    }
}

impl Store {
    /// What an erasure would remove; writes nothing.
    pub fn erasure_plan(&self, scope: &ErasureScope) -> Result<ErasurePlan> {
        plan(self.conn(), scope)
    }

    /// Erases, in one transaction, everything about the students of `scope`, and
    /// leaves an anonymous trace in `erasure`. Returns what was removed and
    /// whether the file's free space could be wiped afterwards.
    pub fn erase(&mut self, scope: &ErasureScope) -> Result<(ErasurePlan, Scrub)> {
        // Deleted content is overwritten in the file, not only unlinked.
        self.conn().execute_batch("PRAGMA secure_delete = ON")?;
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from_sqlite)?;
        let mut plan = plan(&tx, scope)?;
        if plan.is_empty() {
            // Nothing left to erase; a cleanup that failed before is retried.
            tx.finish()?;
            return Ok((plan, self.scrub()));
        }
        erase_in(&tx, &mut plan, &self.user, &self.os_user)?;
        tx.commit().map_err(StoreError::from_sqlite)?;
        let scrub = self.scrub();
        Ok((plan, scrub))
    }

    /// Rewrites the file without free pages, then empties the WAL, so that erased
    /// data does not linger in either.
    pub fn scrub(&self) -> Scrub {
        if self.conn().execute_batch("VACUUM").is_err() {
            return Scrub::Busy;
        }
        let checkpoint: rusqlite::Result<(i64, i64, i64)> =
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                });
        match checkpoint {
            Ok((0, _, _)) => Scrub::Done,
            _ => Scrub::Busy,
        }
    }
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn count(conn: &rusqlite::Connection, sql: &str) -> Result<usize> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Reads the students (by cohort) and the rows that an erasure removes.
fn plan(conn: &rusqlite::Connection, scope: &ErasureScope) -> Result<ErasurePlan> {
    let (filter, cohort_filter) = match scope {
        ErasureScope::Purge { before } => {
            let before = parse_school_year(before)?;
            let quoted = before.replace('\'', "");
            (
                format!("c.school_year < '{quoted}'"),
                format!("c.school_year < '{quoted}'"),
            )
        }
        ErasureScope::Forget { student } => {
            let exists: Option<i64> = conn
                .query_row("SELECT id FROM student WHERE id = ?1", [student], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!("élève n° {student}")));
            }
            (format!("s.id = {student}"), "0".to_string())
        }
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, x.code, x.name, c.school_year, s.id, s.last_name, s.first_name, s.ine \
         FROM cohort c JOIN section x ON x.id = c.section_id \
         LEFT JOIN student s ON s.cohort_id = c.id \
         WHERE ({filter}) OR (({cohort_filter}) AND s.id IS NULL) \
         ORDER BY c.school_year, x.code, s.last_name, s.first_name, s.id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let purge = matches!(scope, ErasureScope::Purge { .. });
    let mut cohorts: Vec<ErasedCohort> = Vec::new();
    for (cohort_id, code, name, year, id, last, first, ine) in rows {
        if cohorts.last().map(|c| c.cohort_id) != Some(cohort_id) {
            cohorts.push(ErasedCohort {
                cohort_id,
                section_code: code,
                section_name: name,
                school_year: year,
                students: Vec::new(),
                removed: purge,
            });
        }
        if let (Some(id), Some(last), Some(first), Some(cohort)) =
            (id, last, first, cohorts.last_mut())
        {
            cohort.students.push(ErasedStudent {
                id,
                name: format!("{} {first}", last.to_uppercase()),
                ine,
                last_name: last,
                first_name: first,
            });
        }
    }
    let ids = id_list(
        &cohorts
            .iter()
            .flat_map(|c| c.students.iter().map(|s| s.id))
            .collect::<Vec<_>>(),
    );
    let of = |table: &str| {
        count(
            conn,
            &format!("SELECT count(*) FROM {table} WHERE student_id IN ({ids})"),
        )
    };
    let counts = ErasureCounts {
        students: cohorts.iter().map(|c| c.students.len()).sum(),
        life_notes: of("life_note")?,
        grid_values: of("grid_value")?,
        checkins: of("checkin")?,
        enrolments: of("enrolment")?,
        group_members: of("group_member")?,
        attendance_marks: of("attendance")?,
        journal_rows: of("journal")?,
        accesses: of("sensitive_access")?,
        batches_removed: count(
            conn,
            &format!(
                "SELECT count(*) FROM batch b WHERE EXISTS \
                 (SELECT 1 FROM journal j WHERE j.batch_id = b.id AND j.student_id IN ({ids})) \
                 AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.batch_id = b.id \
                 AND (j.student_id IS NULL OR j.student_id NOT IN ({ids})))"
            ),
        )?,
        labels_rewritten: 0,
        cohorts_removed: cohorts.iter().filter(|c| c.removed).count(),
    };
    let mut plan = ErasurePlan {
        scope: scope.clone(),
        cohorts,
        counts,
        mentions: Vec::new(),
    };
    plan.counts.labels_rewritten = labels_naming(conn, &plan)?.len();
    plan.mentions = mentions(conn, &plan)?;
    Ok(plan)
}

/// Free texts of the students kept that name an erased student in full.
fn mentions(conn: &rusqlite::Connection, plan: &ErasurePlan) -> Result<Vec<Mention>> {
    use super::fold;
    let names: Vec<[String; 2]> = plan
        .cohorts
        .iter()
        .flat_map(|c| &c.students)
        .map(|s| {
            let (last, first) = (fold(&s.last_name), fold(&s.first_name));
            [format!("{first} {last}"), format!("{last} {first}")]
        })
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(&plan.student_ids());
    let mut stmt = conn.prepare(&format!(
        "SELECT id, 'engagements', commitments FROM student WHERE commitments IS NOT NULL \
         AND id NOT IN ({ids}) \
         UNION ALL SELECT id, 'bilan du semestre 1', bilan_s1 FROM student \
         WHERE bilan_s1 IS NOT NULL AND id NOT IN ({ids}) \
         UNION ALL SELECT student_id, 'point d''étape', note FROM checkin \
         WHERE note IS NOT NULL AND student_id NOT IN ({ids}) \
         UNION ALL SELECT student_id, 'commentaire de grille', comment FROM grid_value \
         WHERE comment IS NOT NULL AND student_id NOT IN ({ids}) \
         UNION ALL SELECT student_id, 'conditions de vie', note FROM life_note \
         WHERE student_id NOT IN ({ids}) ORDER BY 1, 2"
    ))?;
    let texts = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut found: Vec<Mention> = texts
        .into_iter()
        .filter(|(_, _, text)| {
            let text = fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
            names
                .iter()
                .flatten()
                .any(|name| contains_word(&text, name))
        })
        .map(|(student_id, field, _)| Mention { student_id, field })
        .collect();
    found.dedup();
    Ok(found)
}

/// Batches kept after the erasure whose label names one of its students, with
/// their new label.
fn labels_naming(conn: &rusqlite::Connection, plan: &ErasurePlan) -> Result<Vec<(i64, String)>> {
    let ids = id_list(&plan.student_ids());
    let mut stmt = conn.prepare(&format!(
        "SELECT b.id, b.label FROM batch b WHERE NOT (EXISTS \
         (SELECT 1 FROM journal j WHERE j.batch_id = b.id AND j.student_id IN ({ids})) \
         AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.batch_id = b.id \
         AND (j.student_id IS NULL OR j.student_id NOT IN ({ids}))))"
    ))?;
    let labels = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let students: Vec<&ErasedStudent> = plan.cohorts.iter().flat_map(|c| &c.students).collect();
    Ok(labels
        .into_iter()
        .filter_map(|(id, label)| {
            let lower = label.to_lowercase();
            let named = students.iter().any(|s| {
                contains_word(&lower, &s.last_name.to_lowercase())
                    || s.ine
                        .as_deref()
                        .is_some_and(|ine| contains_word(&lower, &ine.to_lowercase()))
            });
            named.then(|| (id, anonymous_label(&label, &students)))
        })
        .collect())
}

/// Whether `word` appears in `text` between non-alphanumeric characters.
fn contains_word(text: &str, word: &str) -> bool {
    if word.trim().is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The label without the student: what was done is kept ("Verdict : (élève effacé)").
fn anonymous_label(label: &str, students: &[&ErasedStudent]) -> String {
    let named = |text: &str| {
        let lower = text.to_lowercase();
        students.iter().any(|s| {
            contains_word(&lower, &s.last_name.to_lowercase())
                || contains_word(&lower, &s.first_name.to_lowercase())
        })
    };
    match label.split_once(" : ") {
        Some((what, _)) if !named(what) => format!("{what} : {ERASED_LABEL}"),
        _ => format!("Modification {ERASED_LABEL}"),
    }
}

/// The erasing transaction's work (see [`Store::erase`]).
fn erase_in(tx: &Transaction, plan: &mut ErasurePlan, user: &str, os_user: &str) -> Result<()> {
    let scope = &plan.scope;
    tx.execute(
        "INSERT INTO erasure (at, user, os_user, kind, scope, students, in_progress) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        params![
            now_stamp(),
            user,
            os_user,
            scope.kind(),
            scope.description(),
            plan.counts.students as i64
        ],
    )?;
    let erasure_id = tx.last_insert_rowid();
    let relabel = labels_naming(tx, plan)?;
    let ids = id_list(&plan.student_ids());
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE erased_batch AS SELECT DISTINCT batch_id AS id FROM journal \
         WHERE student_id IN ({ids});
         DELETE FROM sensitive_undo WHERE journal_id IN \
         (SELECT id FROM journal WHERE student_id IN ({ids}));
         DELETE FROM journal WHERE student_id IN ({ids});
         DELETE FROM temp.erased_batch WHERE id IN (SELECT batch_id FROM journal);
         UPDATE batch SET target = NULL WHERE target IN (SELECT id FROM temp.erased_batch) \
         AND id NOT IN (SELECT id FROM temp.erased_batch);
         DELETE FROM batch WHERE id IN (SELECT id FROM temp.erased_batch);
         DROP TABLE temp.erased_batch;
         DELETE FROM sensitive_access WHERE student_id IN ({ids});
         DELETE FROM meeting_student WHERE student_id IN ({ids});
         DELETE FROM enrolment WHERE student_id IN ({ids});
         DELETE FROM attendance WHERE student_id IN ({ids});
         DELETE FROM group_member WHERE student_id IN ({ids});
         DELETE FROM checkin WHERE student_id IN ({ids});
         DELETE FROM grid_value WHERE student_id IN ({ids});
         DELETE FROM life_note WHERE student_id IN ({ids});
         DELETE FROM student WHERE id IN ({ids});"
    ))?;
    for (id, label) in &relabel {
        tx.execute(
            "UPDATE batch SET label = ?1 WHERE id = ?2",
            params![label, id],
        )?;
    }
    let cohorts = id_list(
        &plan
            .cohorts
            .iter()
            .filter(|c| c.removed)
            .map(|c| c.cohort_id)
            .collect::<Vec<_>>(),
    );
    tx.execute(
        &format!(
            "DELETE FROM cohort WHERE id IN ({cohorts}) \
             AND NOT EXISTS (SELECT 1 FROM student s WHERE s.cohort_id = cohort.id)"
        ),
        [],
    )?;
    tx.execute(
        "UPDATE erasure SET in_progress = 0 WHERE id = ?1",
        [erasure_id],
    )?;
    plan.counts.labels_rewritten = relabel.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_are_checked() {
        assert_eq!(parse_school_year(" 2025-2026 ").expect("ok"), "2025-2026");
        for bad in ["2025", "2025-2027", "25-26", "2025/2026", "'; DROP"] {
            assert!(parse_school_year(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn words_are_matched_whole() {
        assert!(contains_word("verdict : dupont marie", "dupont"));
        assert!(!contains_word("verdict : dupontel marie", "dupont"));
        assert!(!contains_word("bilan", "li"));
        assert!(contains_word("grille « x » : li an", "li"));
    }
}
