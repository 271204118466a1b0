//! SIECLE "liste des élèves par division" CSV export.
//!
//! `;` separated (`,` and tab accepted), ISO-8859-1/Windows-1252 or UTF-8, values
//! possibly written `="…"`. Columns are found by their header, whatever the case
//! and accents: `Nom`, `Prénom`, `Né(e) le` / `Date de naissance` / `DATE NAISS`,
//! `Division`, `INE` / `N° INE` / `ID_NATIONAL`, `Date sortie`, `Statut`, `MEF`
//! (a code, or a label when it is not only digits), `Libellé MEF` / `Formation`;
//! others (`Sexe`…) are ignored. Title lines before the header are skipped.

use std::path::Path;

use super::{RawPupil, RawValue};
use crate::io::Problem;
use crate::io::input::{self, CsvRow, fold_key};

/// How many lines may precede the header (export titles).
const HEADER_SEARCH_ROWS: usize = 10;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    LastName,
    UsageName,
    FirstName,
    BirthDate,
    Division,
    Ine,
    ExitDate,
    Status,
    Mef,
    MefLabel,
}

fn column_of(header: &str) -> Option<Column> {
    let k = fold_key(header);
    let k = k.as_str();
    Some(match k {
        "nom" | "nom de famille" | "nom famille" | "nom patronymique" | "nom eleve"
        | "nom de l eleve" => Column::LastName,
        "nom d usage" | "nom usage" | "nom usuel" => Column::UsageName,
        "prenom" | "prenom 1" | "prenom1" | "premier prenom" | "prenom eleve"
        | "prenom de l eleve" | "prenoms" => Column::FirstName,
        "ne e le" | "ne le" | "nee le" | "ne e" | "date de naissance" | "date naissance"
        | "date naiss" | "date de naiss" | "naissance" | "date nais" => Column::BirthDate,
        "division" | "classe" | "div" | "code division" | "division actuelle"
        | "code structure" | "structure" => Column::Division,
        "ine"
        | "id national"
        | "identifiant national"
        | "ine rnie"
        | "numero ine"
        | "num ine"
        | "no ine"
        | "n ine" => Column::Ine,
        "date sortie" | "date de sortie" | "sortie le" | "sortie" | "date sortie etab" => {
            Column::ExitDate
        }
        "statut" | "code statut" | "statut eleve" => Column::Status,
        "mef" | "code mef" | "mef code" => Column::Mef,
        "libelle mef" | "lib mef" | "mef libelle" | "formation" | "libelle formation" => {
            Column::MefLabel
        }
        _ if k.ends_with(" ine") => Column::Ine,
        _ => return None,
    })
}

/// Column positions found in the header.
struct Layout {
    width: usize,
    columns: Vec<(usize, Column, String)>,
}

impl Layout {
    fn find(rows: &[CsvRow]) -> Option<(usize, Layout)> {
        rows.iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .find_map(|(index, row)| {
                let columns: Vec<(usize, Column, String)> = row
                    .cells
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| column_of(h).map(|c| (i, c, h.trim().to_string())))
                    .collect();
                let has = |c: Column| columns.iter().any(|(_, col, _)| *col == c);
                ((has(Column::LastName) || has(Column::UsageName)) && has(Column::FirstName)).then(
                    || {
                        (
                            index,
                            Layout {
                                width: input::used_width(&row.cells),
                                columns,
                            },
                        )
                    },
                )
            })
    }

    /// The first column of this kind, with its header as written.
    fn value(&self, row: &CsvRow, column: Column) -> Option<RawValue> {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == column)
            .map(|(i, _, header)| RawValue {
                field: header.clone(),
                text: row.cells.get(*i).cloned().unwrap_or_default(),
                line: None,
            })
    }
}

/// Reads the pupils of a SIECLE CSV export (already decoded).
pub(super) fn read(path: &Path, text: &str) -> Result<Vec<RawPupil>, Vec<Problem>> {
    let separator = input::sniff_separator(text);
    let rows = input::csv_rows(path, text, separator).map_err(|p| vec![p])?;
    let Some((header_index, layout)) = Layout::find(&rows) else {
        return Err(vec![Problem::new(
            path,
            None,
            None,
            "fichier non reconnu : ce n'est ni un export SIECLE XML (ElevesSansAdresses), ni un \
             CSV avec une ligne d'en-tête contenant au moins les colonnes « Nom » et « Prénom »",
        )]);
    };
    let mut pupils = Vec::new();
    let mut problems = Vec::new();
    for row in &rows[header_index + 1..] {
        if input::used_width(&row.cells) == 0 {
            continue;
        }
        if let Some(problem) = input::check_width(path, row, layout.width) {
            problems.push(problem);
            continue;
        }
        let last_name = layout
            .value(row, Column::LastName)
            .filter(|v| !v.text.trim().is_empty())
            .or_else(|| layout.value(row, Column::UsageName));
        let status = layout.value(row, Column::Status).map(|v| fold_key(&v.text));
        let mef_cell = layout
            .value(row, Column::Mef)
            .map(|v| v.text.trim().to_string())
            .filter(|m| !m.is_empty());
        let (mef, mef_label) = match mef_cell {
            Some(m) if m.chars().all(|c| c.is_ascii_alphanumeric()) && m.len() == 11 => {
                (Some(m), None)
            }
            // A label says something (« 1BTS2 NDRC »); a stray « x » is not one.
            Some(m) if m.chars().filter(|c| c.is_alphabetic()).count() >= 3 => (None, Some(m)),
            _ => (None, None),
        };
        let mef_label = layout
            .value(row, Column::MefLabel)
            .map(|v| v.text.trim().to_string())
            .filter(|m| !m.is_empty())
            .or(mef_label);
        pupils.push(RawPupil {
            line: Some(row.line),
            last_name,
            first_name: layout.value(row, Column::FirstName),
            birth_date: layout.value(row, Column::BirthDate),
            ine: layout.value(row, Column::Ine),
            division: layout.value(row, Column::Division).map(|v| v.text),
            exit_date: layout.value(row, Column::ExitDate),
            apprentice: status.and_then(|s| match s.as_str() {
                "ap" | "apprenti" | "apprentie" | "apprentissage" => Some(true),
                "st" | "scolaire" => Some(false),
                _ => None,
            }),
            mef,
            mef_label,
        });
    }
    if problems.is_empty() {
        Ok(pupils)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants_are_recognised() {
        assert_eq!(column_of("Né(e) le"), Some(Column::BirthDate));
        assert_eq!(column_of("DATE NAISS"), Some(Column::BirthDate));
        assert_eq!(column_of("N° INE"), Some(Column::Ine));
        assert_eq!(column_of("ID_NATIONAL"), Some(Column::Ine));
        assert_eq!(column_of("PRÉNOM"), Some(Column::FirstName));
        assert_eq!(column_of("Date sortie"), Some(Column::ExitDate));
        assert_eq!(column_of("MEF"), Some(Column::Mef));
        assert_eq!(column_of("Libellé MEF"), Some(Column::MefLabel));
        assert_eq!(column_of("Sexe"), None);
    }
}
