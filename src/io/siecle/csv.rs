//! SIECLE "liste des élèves par division" CSV export.
//!
//! `;` separated (`,` and tab accepted), ISO-8859-1/Windows-1252 or UTF-8, values
//! possibly written `="…"`. Columns are found by their header, whatever the case
//! and accents: `Nom`, `Prénom`, `Né(e) le` / `Date de naissance` / `DATE NAISS`,
//! `Division`, `INE` / `N° INE` / `ID_NATIONAL`, `Date sortie`, `Statut`, `MEF`
//! (a code, or a label when it is not only digits), `Libellé MEF` / `Formation`;
//! others (`Sexe`…) are ignored. Title lines before the header are skipped.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use super::{RawPupil, RawValue};
use crate::io::Problem;
use crate::io::input::{self, fold_key};

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

/// Column positions found in the header, each with its header as written.
struct Layout {
    width: usize,
    columns: Vec<(usize, Column, Arc<str>)>,
}

impl Layout {
    /// The layout of `cells` when it is the header (it names a last and a first name).
    fn of_header<S: AsRef<str>>(cells: &[S]) -> Option<Layout> {
        let columns: Vec<(usize, Column, Arc<str>)> = cells
            .iter()
            .enumerate()
            .filter_map(|(i, h)| column_of(h.as_ref()).map(|c| (i, c, h.as_ref().trim().into())))
            .collect();
        let has = |c: Column| columns.iter().any(|(_, col, _)| *col == c);
        ((has(Column::LastName) || has(Column::UsageName)) && has(Column::FirstName)).then(|| {
            Layout {
                width: input::used_width(cells),
                columns,
            }
        })
    }

    /// The cell of the first column of this kind.
    fn cell<'c>(&self, cells: &'c [Cow<'_, str>], column: Column) -> Option<&'c str> {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == column)
            .map(|(i, _, _)| cells.get(*i).map_or("", |c| c.as_ref()))
    }

    /// The first column of this kind, with its header as written.
    fn value(&self, cells: &[Cow<'_, str>], column: Column) -> Option<RawValue> {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == column)
            .map(|(i, _, header)| RawValue {
                field: Arc::clone(header),
                text: cells.get(*i).map_or_else(String::new, |c| c.to_string()),
                line: None,
            })
    }
}

/// Reads the pupils of a SIECLE CSV export (already decoded), row by row.
pub(super) fn read(path: &Path, text: &str) -> Result<Vec<RawPupil>, Vec<Problem>> {
    let separator = input::sniff_separator(text);
    let mut layout: Option<Layout> = None;
    let mut rows_before_header = 0;
    let mut pupils = Vec::new();
    let mut problems = Vec::new();
    input::each_csv_row(path, text, separator, |line, cells| match &layout {
        None => {
            if rows_before_header < HEADER_SEARCH_ROWS {
                rows_before_header += 1;
                layout = Layout::of_header(cells);
            }
        }
        Some(layout) => {
            if input::used_width(cells) == 0 {
                return;
            }
            match input::check_cells_width(path, line, cells, layout.width) {
                Some(problem) => problems.push(problem),
                None => pupils.push(pupil(layout, line, cells)),
            }
        }
    })
    .map_err(|p| vec![p])?;
    if layout.is_none() {
        return Err(vec![Problem::new(
            path,
            None,
            None,
            "fichier non reconnu : ce n'est ni un export SIECLE XML (ElevesSansAdresses), ni un \
             CSV avec une ligne d'en-tête contenant au moins les colonnes « Nom » et « Prénom »",
        )]);
    }
    if problems.is_empty() {
        Ok(pupils)
    } else {
        Err(problems)
    }
}

/// What a status says: apprentice (`Some(true)`), school pupil (`Some(false)`), or
/// neither; read as [`fold_key`] folds it, a plain code (« AP », « ST ») without a copy.
fn apprentice(status: &str) -> Option<bool> {
    let plain = !status.is_empty() && status.bytes().all(|b| b.is_ascii_alphanumeric());
    let key = if plain {
        Cow::Borrowed(status)
    } else {
        Cow::Owned(fold_key(status))
    };
    let is = |words: &[&str]| words.iter().any(|w| key.eq_ignore_ascii_case(w));
    if is(&["ap", "apprenti", "apprentie", "apprentissage"]) {
        Some(true)
    } else if is(&["st", "scolaire"]) {
        Some(false)
    } else {
        None
    }
}

/// The pupil of one row after the header.
fn pupil(layout: &Layout, line: usize, cells: &[Cow<'_, str>]) -> RawPupil {
    let last_name = match layout.cell(cells, Column::LastName) {
        Some(text) if !text.trim().is_empty() => layout.value(cells, Column::LastName),
        _ => layout.value(cells, Column::UsageName),
    };
    let mef_cell = layout
        .cell(cells, Column::Mef)
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let (mef, mef_label) = match mef_cell {
        Some(m) if m.chars().all(|c| c.is_ascii_alphanumeric()) && m.len() == 11 => {
            (Some(m.to_string()), None)
        }
        // A label says something (« 1BTS2 NDRC »); a stray « x » is not one.
        Some(m) if m.chars().filter(|c| c.is_alphabetic()).count() >= 3 => (None, Some(m)),
        _ => (None, None),
    };
    let mef_label = layout
        .cell(cells, Column::MefLabel)
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .or(mef_label)
        .map(str::to_string);
    RawPupil {
        line: Some(line),
        last_name,
        first_name: layout.value(cells, Column::FirstName),
        birth_date: layout.value(cells, Column::BirthDate),
        ine: layout.value(cells, Column::Ine),
        division: layout.cell(cells, Column::Division).map(str::to_string),
        exit_date: layout.value(cells, Column::ExitDate),
        apprentice: layout.cell(cells, Column::Status).and_then(apprentice),
        mef,
        mef_label,
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

    #[test]
    fn statuses_are_read_whatever_the_case() {
        for (status, said) in [
            ("AP", Some(true)),
            ("ap", Some(true)),
            ("Apprentie", Some(true)),
            (" APPRENTISSAGE ", Some(true)),
            ("ST", Some(false)),
            ("Scolaire", Some(false)),
            ("SCOLAIRE.", Some(false)),
            ("", None),
            ("X", None),
        ] {
            assert_eq!(apprentice(status), said, "{status:?}");
        }
    }
}
