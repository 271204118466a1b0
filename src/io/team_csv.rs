//! The team as a CSV file, to import it at the rentrée and to copy it to another file.
//!
//! Format (read and written):
//! - one header row, then one member per row; empty rows are ignored;
//! - separator `;` or `,` (found from the header row); encoding UTF-8 (with or
//!   without BOM) or Windows-1252;
//! - column names, in any order, case and accents ignored (`prénom` = `prenom`):
//!
//! | column          | required          | content                                            |
//! |-----------------|-------------------|----------------------------------------------------|
//! | `nom`           | yes               | last name                                          |
//! | `prenom`        | yes               | first name                                         |
//! | `role`          | for a new member  | code or label: professeur de BTS, PLP, CPE, Psy-EN, partenaire… |
//! | `discipline`    | no                | what a teacher teaches                             |
//! | `organisation`  | no                | a partner's organisation (mission locale, CIO…)    |
//! | `courriel`      | no                | e-mail: one @ and a dot after it                   |
//! | `coordonnateur` | no                | `oui` / `non` (default `non`)                      |
//! | `actif`         | no                | `oui` / `non` (default `oui`)                      |
//!
//! A member already in the team (same last and first name, case and accents
//! ignored) is updated, only in the columns the file has and whose cell is not
//! empty: an import never erases. Nothing is written if one line is wrong.

use std::collections::HashMap;
use std::path::Path;

use super::input::{self, CsvRow, Layout, fold_key, yes_no};
use super::{ExportError, ImportError, Problem};
use crate::labels::{Label, parse_role};
use crate::model::{NewStaff, Staff, StaffField, StaffRole, check_email};
use crate::store::{Store, fold};

/// The columns of the format, as the header of an export writes them.
pub const COLUMNS: [&str; 8] = [
    "nom",
    "prénom",
    "rôle",
    "discipline",
    "organisation",
    "courriel",
    "coordonnateur",
    "actif",
];

/// Column index from a header as written (names folded, usual synonyms accepted).
fn column_index(header: &str) -> Option<usize> {
    let key = fold_key(header);
    let canonical = match key.as_str() {
        "nom de famille" => "nom",
        "fonction" | "statut" | "qualite" => "role",
        "matiere" | "specialite" => "discipline",
        "organisme" | "structure" | "employeur" => "organisation",
        "email" | "e mail" | "mail" | "courriel" | "adresse electronique" | "adresse mail" => {
            "courriel"
        }
        "coordinateur" | "coordinatrice" | "coordonnatrice" | "coordination" => "coordonnateur",
        "active" => "actif",
        other => other,
    };
    COLUMNS.iter().position(|c| fold_key(c) == canonical)
}

/// One line of the file, checked: the values of the columns given and not empty.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamLine {
    pub line: usize,
    pub last_name: String,
    pub first_name: String,
    pub role: Option<StaffRole>,
    pub discipline: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub coordinator: Option<bool>,
    pub active: Option<bool>,
}

impl TeamLine {
    /// The changes this line brings to an existing member (none if all the same).
    fn changes(&self, member: &Staff) -> Vec<StaffField> {
        let mut changes = Vec::new();
        let mut text =
            |new: &Option<String>, old: &Option<String>, f: fn(Option<String>) -> StaffField| {
                if new.is_some() && new != old {
                    changes.push(f(new.clone()));
                }
            };
        text(&self.discipline, &member.discipline, StaffField::Discipline);
        text(
            &self.organisation,
            &member.organisation,
            StaffField::Organisation,
        );
        text(&self.email, &member.email, StaffField::Email);
        if let Some(role) = self.role.filter(|r| *r != member.role) {
            changes.push(StaffField::Role(role));
        }
        if let Some(c) = self.coordinator.filter(|c| *c != member.coordinator) {
            changes.push(StaffField::Coordinator(c));
        }
        if let Some(a) = self.active.filter(|a| *a != member.active) {
            changes.push(StaffField::Active(a));
        }
        changes
    }

    fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// What an import does (or would do, in a dry run).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamPlan {
    /// Members to add.
    pub added: Vec<NewStaff>,
    /// Existing members to update: id, version read, name, changes.
    pub updated: Vec<(i64, i64, String, Vec<StaffField>)>,
    /// Members of the file already in the team as written.
    pub unchanged: Vec<String>,
}

/// Reads and checks a team file against the current team; nothing is written.
pub fn plan_team_import(store: &Store, path: &Path) -> Result<TeamPlan, ImportError> {
    let (header, rows) = input::read_csv_file(path, &COLUMNS)?;
    let layout = input::read_header(path, &header, &COLUMNS, column_index, &["nom", "prénom"])?;
    let team = store.staff()?;
    let by_name: HashMap<(String, String), &Staff> = team
        .iter()
        .map(|s| ((fold(&s.last_name), fold(&s.first_name)), s))
        .collect();
    let mut problems = Vec::new();
    let mut seen_lines: HashMap<(String, String), usize> = HashMap::new();
    let mut plan = TeamPlan::default();
    for row in &rows {
        if let Some(problem) = input::check_width(path, row, layout.width) {
            problems.push(problem);
            continue;
        }
        let line = match check_line(path, row, &layout) {
            Ok(line) => line,
            Err(mut found) => {
                problems.append(&mut found);
                continue;
            }
        };
        let key = (fold(&line.last_name), fold(&line.first_name));
        if let Some(first) = seen_lines.insert(key.clone(), line.line) {
            problems.push(Problem::new(
                path,
                Some(line.line),
                Some(&layout.cell(row, "nom").0),
                format!(
                    "{} figure déjà ligne {first} : gardez une seule ligne par personne",
                    line.display_name()
                ),
            ));
            continue;
        }
        match by_name.get(&key) {
            Some(member) => {
                let changes = line.changes(member);
                if changes.is_empty() {
                    plan.unchanged.push(member.display_name());
                } else {
                    plan.updated.push((
                        member.id,
                        member.meta.version,
                        member.display_name(),
                        changes,
                    ));
                }
            }
            None => match line.role {
                Some(role) => plan.added.push(NewStaff {
                    discipline: line.discipline,
                    organisation: line.organisation,
                    email: line.email,
                    active: line.active.unwrap_or(true),
                    coordinator: line.coordinator.unwrap_or(false),
                    ..NewStaff::named(&line.last_name, &line.first_name, role)
                }),
                None => problems.push(Problem::new(
                    path,
                    Some(line.line),
                    Some(&layout.cell(row, "rôle").0),
                    format!(
                        "{} n'est pas encore dans l'équipe : indiquez son rôle ({})",
                        line.display_name(),
                        role_examples()
                    ),
                )),
            },
        }
    }
    if problems.is_empty()
        && plan.added.is_empty()
        && plan.updated.is_empty()
        && plan.unchanged.is_empty()
    {
        problems.push(Problem::new(
            path,
            None,
            None,
            "le fichier ne contient aucun membre (seulement la ligne d'en-tête) : ajoutez une \
             ligne par personne",
        ));
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// Writes a plan in one transaction (all or nothing), recorded in the journal.
pub fn apply_team_plan(store: &mut Store, plan: &TeamPlan, path: &Path) -> Result<(), ImportError> {
    if plan.added.is_empty() && plan.updated.is_empty() {
        return Ok(());
    }
    store.write_import(&input::import_label("Import de l'équipe", path), |w| {
        for member in &plan.added {
            w.add_member(member)?;
        }
        for (id, version, _, changes) in &plan.updated {
            w.update_staff(*id, *version, changes)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn role_examples() -> String {
    let labels: Vec<&str> = StaffRole::ALL.iter().map(|r| r.label()).collect();
    format!("rôles possibles : {}", labels.join(", "))
}

/// Checks one row: every problem is reported with its line and column.
fn check_line(path: &Path, row: &CsvRow, layout: &Layout) -> Result<TeamLine, Vec<Problem>> {
    let mut problems = Vec::new();
    let (last_header, last_name) = layout.cell(row, "nom");
    let (first_header, first_name) = layout.cell(row, "prénom");
    let parsed =
        |column: &str, problems: &mut Vec<Problem>, check: &dyn Fn(&str) -> Result<(), String>| {
            let (header, value) = layout.cell(row, column);
            if let Some(value) = &value
                && let Err(message) = check(value)
            {
                problems.push(Problem::new(path, Some(row.line), Some(&header), message));
                return None;
            }
            value
        };
    let role_text = parsed("rôle", &mut problems, &|v| {
        parse_role(v)
            .map(drop)
            .ok_or_else(|| format!("rôle « {v} » inconnu ; {}", role_examples()))
    });
    let email = parsed("courriel", &mut problems, &check_email);
    let coordinator = parsed("coordonnateur", &mut problems, &|v| yes_no(v).map(drop));
    let active = parsed("actif", &mut problems, &|v| yes_no(v).map(drop));
    for (header, value, what) in [
        (&last_header, &last_name, "nom"),
        (&first_header, &first_name, "prénom"),
    ] {
        if value.is_none() {
            problems.push(Problem::new(
                path,
                Some(row.line),
                Some(header),
                format!("{what} vide : remplissez-le ou retirez la ligne"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(TeamLine {
        line: row.line,
        last_name: last_name.unwrap_or_default(),
        first_name: first_name.unwrap_or_default(),
        role: role_text.as_deref().and_then(parse_role),
        discipline: layout.cell(row, "discipline").1,
        organisation: layout.cell(row, "organisation").1,
        email,
        coordinator: coordinator.as_deref().and_then(|v| yes_no(v).ok()),
        active: active.as_deref().and_then(|v| yes_no(v).ok()),
    })
}

/// The team as CSV bytes (UTF-8 with BOM, `;`, the header of [`COLUMNS`]), active
/// members first, by name; an import of it changes nothing.
pub fn export_team_csv(store: &Store) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(COLUMNS)?;
    let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
    for s in store.staff()? {
        let record = [
            s.last_name.clone(),
            s.first_name.clone(),
            s.role.label().to_string(),
            s.discipline.clone().unwrap_or_default(),
            s.organisation.clone().unwrap_or_default(),
            s.email.clone().unwrap_or_default(),
            yes_no(s.coordinator),
            yes_no(s.active),
        ];
        writer.write_record(record.iter().map(|c| super::csv_export::neutralise(c)))?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_with_accents_case_and_synonyms() {
        assert_eq!(column_index("Prénom"), Some(1));
        assert_eq!(column_index("ROLE"), Some(2));
        assert_eq!(column_index("Rôle"), Some(2));
        assert_eq!(column_index("E-mail"), Some(5));
        assert_eq!(column_index("Coordinateur"), Some(6));
        assert_eq!(column_index("Matière"), Some(3));
        assert_eq!(column_index("téléphone"), None);
    }
}
