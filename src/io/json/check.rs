//! Checks of a JSON export, row by row, before each row is written.

use std::path::Path;

use serde_json::{Map, Value as Json};

use super::restore::MAX_TEXT_CHARS;
use crate::io::{ImportError, Problem};
use crate::model::Value;
use crate::model::codes::*;
use crate::model::text::clean_text;
use crate::store::{ColumnKind, ColumnSpec, DumpRow, Table};

/// Stop listing problems past this many (the file is clearly not right).
const MAX_PROBLEMS: usize = 50;

/// "table student, enregistrement 2 (id 2)".
pub(super) fn record_name(table: &str, index: Option<usize>, id: Option<i64>) -> String {
    let mut name = format!("table {table}");
    if let Some(index) = index {
        name.push_str(&format!(", enregistrement {index}"));
    }
    if let Some(id) = id {
        name.push_str(&format!(" (id {id})"));
    }
    name
}

/// Brings a row written under an older schema version up to the current one.
///
/// Each past version is kept as a fixture (`tests/fixtures/export_v*.json`).
pub(super) fn upgrade_row(from_version: i64, table: &str, row: &mut Map<String, Json>) {
    if from_version < 2 && table == "batch" {
        // Schema 2 records the running program and OS account; version 1 did not know them.
        row.entry("session").or_insert(Json::Null);
        row.entry("os_user").or_insert(Json::Null);
    }
    if from_version < 5 && table == "establishment" {
        // Schema 5 adds the city, unknown before.
        row.entry("city").or_insert(Json::Null);
    }
    if from_version < 7 && table == "staff" {
        // Schema 7 adds a partner's organisation, the discipline, the e-mail and
        // who coordinates the scheme: unknown before, nobody marked coordinator.
        for column in ["organisation", "discipline", "email"] {
            row.entry(column).or_insert(Json::Null);
        }
        row.entry("coordinator").or_insert(Json::from(0));
    }
}

/// Codes accepted by an enumerated column.
fn allowed_codes(table: &str, column: &str) -> Option<Vec<&'static str>> {
    Some(match (table, column) {
        ("section", "sector") => Sector::codes(),
        ("school_calendar", "zone") => crate::model::calendar::Zone::ALL
            .iter()
            .map(|z| z.code())
            .collect(),
        ("staff", "role") => StaffRole::codes(),
        ("criterion", "domain") => Domain::codes(),
        ("module", "module_type") => ModuleType::codes(),
        ("module", "competence") => CompetenceDomain::codes(),
        ("student", "schooling") => Schooling::codes(),
        ("student", "parcours_differencie") => ParcoursDifferencie::codes(),
        ("student", "verdict") => Verdict::codes(),
        ("student", "proposal") | ("meeting_student", "proposal") => Proposal::codes(),
        ("student", "decision_s2") => DecisionS2::codes(),
        ("student", "exit_cause") => ExitCause::codes(),
        ("student", "exit_destination") => ExitDestination::codes(),
        ("student", "diploma") => DiplomaOutcome::codes(),
        ("student", "exit_referral") => ExitReferral::codes(),
        ("life_note", "area") => LifeArea::codes(),
        ("checkin", "attendance") => Attendance::codes(),
        ("checkin", "progress") => Progress::codes(),
        ("checkin", "engagement") => Engagement::codes(),
        ("group_session", "status") => crate::model::planner::SessionStatus::codes(),
        ("attendance", "status") => crate::model::planner::AttendanceMark::codes(),
        ("batch", "kind") => vec!["edit", "undo", "redo", "import"],
        ("journal", "op") => vec!["insert", "update", "delete"],
        ("sensitive_access", "action") => vec!["reveal", "export"],
        ("erasure", "kind") => vec!["forget", "purge"],
        _ => return None,
    })
}

/// Collects every problem of a document, at most [`MAX_PROBLEMS`] of them.
pub(super) struct Checker<'p> {
    pub path: &'p Path,
    pub problems: Vec<Problem>,
    pub dropped: usize,
}

impl<'p> Checker<'p> {
    pub fn new(path: &'p Path) -> Self {
        Checker {
            path,
            problems: Vec::new(),
            dropped: 0,
        }
    }

    pub fn push(&mut self, line: Option<usize>, field: Option<&str>, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems
                .push(Problem::new(self.path, line, field, message));
        } else {
            self.dropped += 1;
        }
    }

    /// Whether anything was found so far.
    pub fn any(&self) -> bool {
        !self.problems.is_empty() || self.dropped > 0
    }

    pub fn take_error(&mut self) -> ImportError {
        if self.dropped > 0 {
            let message = format!("… et {} autre(s) problème(s)", self.dropped);
            self.problems
                .push(Problem::new(self.path, None, None, message));
            self.dropped = 0;
        }
        ImportError::Problems(std::mem::take(&mut self.problems))
    }

    /// Checks one record: an object with known columns and values of the right kind.
    pub fn row(
        &mut self,
        table: &str,
        columns: &[ColumnSpec],
        index: usize,
        row: &Json,
    ) -> Option<DumpRow> {
        let Some(object) = row.as_object() else {
            let message = format!(
                "{} : un objet est attendu",
                record_name(table, Some(index), None)
            );
            self.push(Some(index), None, message);
            return None;
        };
        let id = object.get("id").and_then(|v| v.as_i64());
        let place = record_name(table, Some(index), id);
        let before = self.problems.len() + self.dropped;
        for key in object.keys() {
            if !columns.iter().any(|c| c.name == *key) {
                self.push(Some(index), Some(key), format!("{place} : champ inconnu"));
            }
        }
        let mut values = DumpRow::new();
        for column in columns {
            let name = column.name.as_str();
            let Some(json) = object.get(name) else {
                if column.not_null && !column.has_default {
                    self.push(
                        Some(index),
                        Some(name),
                        format!("{place} : champ obligatoire absent"),
                    );
                }
                continue;
            };
            // Text is cleaned like any input (a no-op on what Passerelle itself wrote).
            let multiline =
                table == "journal" || Table::from_name(table).is_some_and(|t| t.is_multiline(name));
            match convert(column, json).map(|v| clean(v, multiline)) {
                Ok(Value::Null) if column.not_null => {
                    self.push(
                        Some(index),
                        Some(name),
                        format!("{place} : valeur obligatoire manquante"),
                    );
                }
                Ok(value) => {
                    if let (Some(codes), Value::Text(code)) = (allowed_codes(table, name), &value)
                        && !codes.contains(&code.as_str())
                    {
                        self.push(
                            Some(index),
                            Some(name),
                            format!(
                                "{place} : valeur « {code} » inconnue (valeurs admises : {})",
                                codes.join(", ")
                            ),
                        );
                    }
                    values.push((name.to_string(), value));
                }
                Err(expected) => {
                    let shown = match json {
                        Json::String(s) if s.chars().nth(MAX_TEXT_CHARS).is_some() => {
                            format!("un texte de {} octets", s.len())
                        }
                        other => other.to_string(),
                    };
                    self.push(
                        Some(index),
                        Some(name),
                        format!("{place} : {expected} attendu, trouvé {shown}"),
                    );
                }
            }
        }
        (self.problems.len() + self.dropped == before).then_some(values)
    }
}

fn clean(value: Value, multiline: bool) -> Value {
    match value {
        Value::Text(text) => Value::Text(clean_text(&text, multiline)),
        other => other,
    }
}

/// Converts a JSON value for a column, or says what kind was expected.
fn convert(column: &ColumnSpec, json: &Json) -> Result<Value, &'static str> {
    match (column.kind, json) {
        (_, Json::Null) => Ok(Value::Null),
        (ColumnKind::Integer, Json::Number(n)) => {
            n.as_i64().map(Value::Int).ok_or("un nombre entier")
        }
        (ColumnKind::Integer, _) => Err("un nombre entier"),
        (ColumnKind::Real, Json::Number(n)) => n.as_f64().map(Value::Real).ok_or("un nombre"),
        (ColumnKind::Real, _) => Err("un nombre"),
        (ColumnKind::Text, Json::String(s)) if s.chars().nth(MAX_TEXT_CHARS).is_some() => {
            Err(TOO_LONG)
        }
        (ColumnKind::Text, Json::String(s)) => Ok(Value::Text(s.clone())),
        (ColumnKind::Text, _) => Err("un texte"),
    }
}

/// What a text over [`MAX_TEXT_CHARS`] is told.
const TOO_LONG: &str = "un texte d'au plus 100 000 caractères";
const _: () = assert!(MAX_TEXT_CHARS == 100_000, "update TOO_LONG");
