//! Shared reading of imported student files: encodings, CSV cells, field checks,
//! and the one transaction that adds the students.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::{ImportError, ImportReport, Problem};
use crate::model::text::clean_field;
use crate::store::{NewStudent, Store, fold};

/// Largest SIECLE or CSV file read, and largest XML taken out of a zip (64 Mio): a
/// whole-school export of 4,000 pupils weighs about 6 Mio.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Longest value of one cell or element of a SIECLE or CSV file, in characters.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// "64 Mio": a byte count for messages.
pub(crate) fn mebibytes(bytes: u64) -> String {
    format!("{} Mio", bytes / (1024 * 1024))
}

/// The French reason an input file cannot be opened or read.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "fichier introuvable : vérifiez le chemin".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "lecture refusée : vérifiez les droits du fichier".to_string()
        }
        _ => format!("impossible de lire le fichier ({e})"),
    }
}

/// Reads at most `limit` bytes from `reader`; `Ok(None)` when there is more.
pub(crate) fn read_capped(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Reads a whole file of at most [`MAX_FILE_BYTES`], or says in French why not.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let one = |reason: String| ImportError::Problems(vec![Problem::new(path, None, None, reason)]);
    let file = std::fs::File::open(path).map_err(|e| one(io_reason(&e)))?;
    // The size is checked again while reading: the file may grow, or be a pipe.
    let too_big = || {
        one(format!(
            "fichier trop gros (plus de {}) : ce n'est pas une liste d'élèves ; importez \
             l'export SIECLE ou le CSV d'origine",
            mebibytes(MAX_FILE_BYTES)
        ))
    };
    if file.metadata().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        return Err(too_big());
    }
    read_capped(file, MAX_FILE_BYTES)
        .map_err(|e| one(io_reason(&e)))?
        .ok_or_else(too_big)
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Strict UTF-8, or a problem naming the line of the first byte that is not UTF-8.
pub(crate) fn strict_utf8(path: &Path, bytes: &[u8], why: &str) -> Result<String, Problem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(Problem::new(
            path,
            Some(line_of(bytes, e.valid_up_to())),
            None,
            format!(
                "{why}, mais cette ligne contient des octets qui ne sont pas de l'UTF-8 \
                 (probablement de l'ISO-8859-1 ou du Windows-1252) : enregistrez le fichier en \
                 UTF-8, ou exportez-le à nouveau"
            ),
        )),
    }
}

/// Refuses text holding U+FFFD: an earlier conversion already lost characters.
pub(crate) fn refuse_replacement_char(path: &Path, text: &str) -> Result<(), Problem> {
    match text.find('\u{FFFD}') {
        None => Ok(()),
        Some(offset) => Err(Problem::new(
            path,
            Some(line_of(text.as_bytes(), offset)),
            None,
            "caractère de remplacement « \u{FFFD} » : des lettres ont été perdues par une \
             conversion d'encodage ; exportez à nouveau le fichier depuis le logiciel d'origine",
        )),
    }
}

/// Decodes a text file: BOM → UTF-8, valid UTF-8 → UTF-8, anything else → Windows-1252.
///
/// Never replaces a character: bytes that the announced encoding cannot read are refused.
pub(crate) fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Problem> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        strict_utf8(path, rest, "le fichier commence par la marque UTF-8")?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // Some spreadsheets save "Unicode text" as UTF-16 with a BOM.
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(Problem::new(
                path,
                None,
                None,
                "texte Unicode (UTF-16) abîmé : enregistrez le fichier en « CSV UTF-8 »",
            ));
        }
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                // Windows-1252 gives a character to every byte: nothing is replaced.
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                text.into_owned()
            }
        }
    };
    refuse_replacement_char(path, &text)?;
    Ok(text)
}

/// Refuses a value longer than [`MAX_FIELD_CHARS`].
pub(crate) fn check_length(text: &str) -> Result<(), String> {
    // Counting stops past the limit: a 20 MB value is not walked to its end.
    if text.len() > MAX_FIELD_CHARS && text.chars().nth(MAX_FIELD_CHARS).is_some() {
        Err(format!(
            "valeur de plus de {MAX_FIELD_CHARS} caractères ({} octets) : au plus \
             {MAX_FIELD_CHARS} caractères par champ ; le fichier est abîmé ou ce n'est pas la \
             bonne colonne",
            text.len()
        ))
    } else {
        Ok(())
    }
}

/// Picks the separator used on the first non-empty line: `;`, `,` or tab.
pub(crate) fn sniff_separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    // Ties (including none at all) go to `;`, the French spreadsheet default.
    counts
        .iter()
        .fold(
            (b';', 0),
            |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}

/// One CSV row: its 1-based line and its cells, `="…"` wrappers removed.
pub(crate) struct CsvRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Splits decoded CSV text into rows; a broken quote becomes a problem.
pub(crate) fn csv_rows(path: &Path, text: &str, separator: u8) -> Result<Vec<CsvRow>, Problem> {
    let mut rows = Vec::new();
    each_csv_row(path, text, separator, |line, cells| {
        let cells = cells.iter().map(|c| c.to_string()).collect();
        rows.push(CsvRow { line, cells });
    })?;
    Ok(rows)
}

/// Reads decoded CSV text row by row: `each(line, cells)` gets each row's 1-based line
/// and its cells, `="…"` wrappers removed and borrowed from the record where possible
/// (a reader that keeps few cells allocates only those). A value longer than
/// [`MAX_FIELD_CHARS`] or a broken quote stops the reading with a problem.
pub(crate) fn each_csv_row(
    path: &Path,
    text: &str,
    separator: u8,
    mut each: impl FnMut(usize, &[Cow<'_, str>]),
) -> Result<(), Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // csv counts CRLF lines one short, so lines are counted from byte offsets.
    let bytes = text.as_bytes();
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
    let line_at = |offset: u64| {
        let mut offset = offset as usize;
        while bytes
            .get(offset)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            offset += 1;
        }
        newlines.partition_point(|n| *n < offset) + 1
    };
    // One record reused for every row.
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                if let Some((column, message)) = record
                    .iter()
                    .enumerate()
                    .find_map(|(i, cell)| check_length(cell).err().map(|m| (i + 1, m)))
                {
                    let field = format!("colonne {column}");
                    return Err(Problem::new(path, Some(line), Some(&field), message));
                }
                let cells: Vec<Cow<'_, str>> = record.iter().map(cell_text).collect();
                each(line, &cells);
            }
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte()));
                return Err(Problem::new(
                    path,
                    line,
                    None,
                    "ligne illisible (guillemet non refermé ou texte qui n'est pas du CSV) : \
                     enregistrez le fichier en « CSV (séparateur point-virgule) »",
                ));
            }
        }
    }
    Ok(())
}

/// Reads a CSV file (any of the accepted encodings and separators): its header row
/// and the non-empty rows after it. An empty file is a problem naming `columns`.
pub(crate) fn read_csv_file(
    path: &Path,
    columns: &[&str],
) -> Result<(CsvRow, Vec<CsvRow>), ImportError> {
    let bytes = read_file(path)?;
    let text = decode_text(path, &bytes).map_err(|p| ImportError::Problems(vec![p]))?;
    let rows = csv_rows(path, &text, sniff_separator(&text))
        .map_err(|p| ImportError::Problems(vec![p]))?;
    let mut rows = rows.into_iter().filter(|r| used_width(&r.cells) > 0);
    let Some(header) = rows.next() else {
        return Err(ImportError::Problems(vec![Problem::new(
            path,
            None,
            None,
            format!(
                "fichier vide : la première ligne doit nommer les colonnes ({})",
                columns.join(";")
            ),
        )]));
    };
    Ok((header, rows.collect()))
}

/// Where each column of a CSV format is in a file, and its header as written.
pub(crate) struct Layout {
    /// The columns of the format, as written in the documentation.
    pub columns: &'static [&'static str],
    /// Width of the header row (cells used).
    pub width: usize,
    /// For each of `columns`, its position and header as written.
    pub positions: Vec<Option<(usize, String)>>,
}

impl Layout {
    /// The header of `column` as written (or its own name), and its cleaned value in
    /// `row` (`None` when the column is absent or the cell empty).
    pub fn cell(&self, row: &CsvRow, column: &str) -> (String, Option<String>) {
        let index = self.columns.iter().position(|c| *c == column);
        match index.and_then(|i| self.positions[i].as_ref()) {
            Some((i, header)) => (
                header.clone(),
                row.cells.get(*i).and_then(|c| clean_field(c)),
            ),
            None => (column.to_string(), None),
        }
    }
}

/// Reads a header row: every name must be one of `columns` (through `column_index`,
/// which also knows the aliases), once; the `required` ones must be there.
pub(crate) fn read_header(
    path: &Path,
    header: &CsvRow,
    columns: &'static [&'static str],
    column_index: fn(&str) -> Option<usize>,
    required: &[&str],
) -> Result<Layout, ImportError> {
    let mut positions: Vec<Option<(usize, String)>> = vec![None; columns.len()];
    let mut problems = Vec::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let name = cell.trim().trim_start_matches('\u{feff}');
        if name.is_empty() {
            continue;
        }
        match column_index(name) {
            Some(c) if positions[c].is_none() => positions[c] = Some((i, name.to_string())),
            Some(_) => problems.push(Problem::new(
                path,
                Some(header.line),
                Some(name),
                "colonne en double : gardez-en une seule",
            )),
            None => problems.push(Problem::new(
                path,
                Some(header.line),
                Some(name),
                format!(
                    "colonne inconnue : renommez-la ou supprimez-la (colonnes possibles : {})",
                    columns.join(", ")
                ),
            )),
        }
    }
    for required in required {
        let index = columns.iter().position(|c| c == required).unwrap_or(0);
        if positions[index].is_none() {
            problems.push(Problem::new(
                path,
                Some(header.line),
                Some(required),
                "colonne obligatoire absente : ajoutez-la à la ligne d'en-tête",
            ));
        }
    }
    if problems.is_empty() {
        Ok(Layout {
            columns,
            width: used_width(&header.cells),
            positions,
        })
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// `oui` / `non` as written in a spreadsheet (also o, n, 1, 0, vrai, faux, x).
pub(crate) fn yes_no(text: &str) -> Result<bool, String> {
    match fold_key(text).as_str() {
        "oui" | "o" | "1" | "vrai" | "x" => Ok(true),
        "non" | "n" | "0" | "faux" => Ok(false),
        _ => Err(format!("« {text} » : écrivez oui ou non")),
    }
}

/// A cell trimmed, without Excel's text trick `="…"` around its value; borrowed
/// unless quotes inside must be unescaped.
pub(crate) fn cell_text(cell: &str) -> Cow<'_, str> {
    // Most cells: nothing to trim nor unwrap (empty, or plain ASCII at both ends).
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic() && *b != b'=');
    if cell.is_empty() || plain(cell.as_bytes().first()) && plain(cell.as_bytes().last()) {
        return Cow::Borrowed(cell);
    }
    let trimmed = cell.trim();
    match trimmed
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) if inner.contains("\"\"") => Cow::Owned(inner.replace("\"\"", "\"")),
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(trimmed),
    }
}

/// A header or code folded for comparison: lower case, no accents, words only.
pub(crate) fn fold_key(text: &str) -> String {
    // Codes and most headers are one plain word: the same key without three copies.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return text.to_ascii_lowercase();
    }
    let folded = fold(text);
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Index of the last non-empty cell, plus one.
pub(crate) fn used_width<S: AsRef<str>>(cells: &[S]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.as_ref().trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// Checks a row has the header's number of columns (trailing empty cells aside).
pub(crate) fn check_width(path: &Path, row: &CsvRow, header_width: usize) -> Option<Problem> {
    check_cells_width(path, row.line, &row.cells, header_width)
}

/// [`check_width`] of the cells of the row at `line`.
pub(crate) fn check_cells_width<S: AsRef<str>>(
    path: &Path,
    line: usize,
    cells: &[S],
    header_width: usize,
) -> Option<Problem> {
    let used = used_width(cells);
    if used > header_width {
        Some(Problem::new(
            path,
            Some(line),
            None,
            format!(
                "{used} colonnes au lieu de {header_width} : un « ; » ou une « , » en trop dans \
                 une valeur ? Mettez la valeur entre guillemets ou retirez le séparateur"
            ),
        ))
    } else if cells.len() < header_width && used > 0 {
        Some(Problem::new(
            path,
            Some(line),
            None,
            format!(
                "{} colonnes au lieu de {header_width} : la ligne est coupée ou des \
                 séparateurs manquent",
                cells.len()
            ),
        ))
    } else {
        None
    }
}

/// Parses a date (JJ/MM/AAAA, AAAA-MM-JJ, JJ-MM-AAAA, JJ.MM.AAAA, time ignored).
pub(crate) fn parse_any_date(text: &str) -> Option<NaiveDate> {
    let day = text.split_whitespace().next().unwrap_or("");
    crate::model::parse_date(day)
        .or_else(|| NaiveDate::parse_from_str(day, "%d-%m-%Y").ok())
        .or_else(|| NaiveDate::parse_from_str(day, "%d.%m.%Y").ok())
}

/// Checks a birth date: a real date, in a plausible range.
pub(crate) fn check_birth_date(text: &str) -> Result<Option<NaiveDate>, String> {
    check_birth_date_before(text, chrono::Local::now().date_naive())
}

/// [`check_birth_date`] against a `today` read once for a whole file.
pub(crate) fn check_birth_date_before(
    text: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    let Some(text) = clean_field(text) else {
        return Ok(None);
    };
    match parse_any_date(&text) {
        Some(date) if date.year() >= 1900 && date < today => Ok(Some(date)),
        Some(_) => Err(format!(
            "date de naissance « {text} » impossible : vérifiez l'année"
        )),
        None => Err(format!(
            "date « {text} » illisible : écrivez-la JJ/MM/AAAA (par exemple 14/03/2007)"
        )),
    }
}

/// Checks an INE: 11 characters, 9 digits then 2 digits or letters (spaces ignored).
pub(crate) fn check_ine(text: &str) -> Result<Option<String>, String> {
    let Some(text) = clean_field(text) else {
        return Ok(None);
    };
    // ASCII digits and letters are one byte each: 11 bytes are then 11 characters.
    let shaped = |b: &[u8]| {
        b.len() == 11
            && b[..9].iter().all(u8::is_ascii_digit)
            && b[9..].iter().all(u8::is_ascii_alphanumeric)
    };
    // Most INEs are written as they should be, but maybe in lower case: no copy.
    let plain = text.bytes().all(|b| b.is_ascii_alphanumeric());
    if plain && shaped(text.as_bytes()) {
        let mut ine = text;
        ine.make_ascii_uppercase();
        return Ok(Some(ine));
    }
    let ine: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if shaped(ine.as_bytes()) {
        Ok(Some(ine))
    } else {
        Err(format!(
            "INE « {text} » mal formé : il compte 11 caractères, 10 chiffres et une lettre \
             (ou 9 chiffres et 2 lettres) ; corrigez-le ou laissez la case vide"
        ))
    }
}

/// Cleans a required name; `Err` with the French message when empty.
pub(crate) fn check_name(text: Option<&str>, what: &str) -> Result<String, String> {
    text.and_then(clean_field)
        .ok_or_else(|| format!("{what} vide : remplissez-le ou retirez la ligne"))
}

/// The current school year (`2026-2027`).
pub(crate) fn current_school_year() -> String {
    crate::model::school_year_of(chrono::Local::now().date_naive())
}

/// A student ready to be added, with where it goes.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Section id, or [`NEW_SECTION`] for the section the import creates.
    pub section_id: i64,
    pub school_year: String,
    pub student: NewStudent,
}

impl Candidate {
    fn display_name(&self) -> String {
        format!("{} {}", self.student.last_name, self.student.first_name)
    }
}

/// Who a student is when there is no INE: section, year, folded names, birth date.
pub(crate) type Identity = (i64, String, String, String, Option<NaiveDate>);

/// The [`Identity`] of a student of the database.
pub(crate) fn identity_of(r: &crate::store::StudentRow) -> Identity {
    (
        r.section_id,
        r.school_year.clone(),
        fold(&r.student.last_name),
        fold(&r.student.first_name),
        r.student.birth_date,
    )
}

/// "Import CSV liste.csv": the journal label of an import (file name only).
pub(crate) fn import_label(kind: &str, path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{kind} {name}")
}

/// Stands for the section an import creates in its own transaction (ids start at 1).
pub(crate) const NEW_SECTION: i64 = 0;

/// Adds the candidates not yet in the database, all in one transaction.
///
/// Skipped: an INE already known (in the database or earlier in the file), or the
/// same last name, first name and birth date in the same section and year.
pub(crate) fn write_students(
    store: &mut Store,
    label: &str,
    candidates: Vec<Candidate>,
    mut skipped: Vec<String>,
    new_section: Option<&crate::io::NewSection>,
) -> Result<ImportReport, ImportError> {
    let existing = store.student_rows()?;
    let known_ines: HashSet<String> = existing
        .iter()
        .filter_map(|r| r.student.ine.as_deref().map(str::to_uppercase))
        .collect();
    let mut ines = known_ines.clone();
    let identity = |section_id: i64, year: &str, s: &NewStudent| {
        (
            section_id,
            year.to_string(),
            fold(&s.last_name),
            fold(&s.first_name),
            s.birth_date,
        )
    };
    let mut people: HashSet<_> = existing.iter().map(identity_of).collect();
    let mut to_add = Vec::new();
    for c in candidates {
        if let Some(ine) = &c.student.ine
            && !ines.insert(ine.to_uppercase())
        {
            let reason = if known_ines.contains(&ine.to_uppercase()) {
                "déjà présent"
            } else {
                "en double dans le fichier"
            };
            skipped.push(format!("{} : {reason} (INE {ine})", c.display_name()));
            continue;
        }
        if !people.insert(identity(c.section_id, &c.school_year, &c.student)) {
            skipped.push(format!(
                "{} : déjà présent (même nom, prénom et date de naissance dans la même section \
                 et la même année)",
                c.display_name()
            ));
            continue;
        }
        to_add.push(c);
    }
    let added = to_add.len();
    if added > 0 {
        let label = format!("{label} ({added} élève(s))");
        store.write_import(&label, |w| {
            let created = match new_section {
                Some(s) => {
                    let establishment = w.ensure_default_establishment()?;
                    w.ensure_section(establishment, &s.code, &s.name, s.sector)?
                }
                None => NEW_SECTION,
            };
            for c in &to_add {
                let section = if c.section_id == NEW_SECTION {
                    created
                } else {
                    c.section_id
                };
                let cohort = w.ensure_cohort(section, &c.school_year)?;
                w.add_student(cohort, &c.student)?;
            }
            Ok(())
        })?;
    }
    Ok(ImportReport {
        added,
        skipped,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ine_shapes() {
        assert_eq!(
            check_ine(" 1234567890a ").ok().flatten().as_deref(),
            Some("1234567890A")
        );
        assert!(check_ine("123456789AB").is_ok());
        assert!(check_ine("12345").is_err());
        assert!(check_ine("ABCDEFGHIJK").is_err());
        assert_eq!(check_ine(""), Ok(None));
    }

    #[test]
    fn excel_trick_and_separator() {
        assert_eq!(cell_text("=\"0123\""), "0123");
        assert_eq!(cell_text("=\"a\"\"b\""), "a\"b");
        assert_eq!(cell_text(" Léa "), "Léa");
        assert_eq!(sniff_separator("nom,prenom,section\n"), b',');
        assert_eq!(sniff_separator("nom;prenom;\"a,b\"\n"), b';');
        assert_eq!(fold_key("Né(e) le"), "ne e le");
        assert_eq!(fold_key("N° INE"), "n ine");
    }

    #[test]
    fn reads_are_capped_and_lengths_checked() {
        assert_eq!(
            read_capped(&b"abc"[..], 3).expect("read"),
            Some(b"abc".to_vec())
        );
        assert_eq!(read_capped(&b"abcd"[..], 3).expect("read"), None);
        assert!(check_length(&"é".repeat(MAX_FIELD_CHARS)).is_ok());
        assert!(check_length(&"e".repeat(MAX_FIELD_CHARS + 1)).is_err());
    }

    #[test]
    fn dates() {
        assert!(check_birth_date("14/03/2007").is_ok());
        assert!(check_birth_date("2007-03-14 00:00:00").is_ok());
        assert!(check_birth_date("31/02/2007").is_err());
        assert!(check_birth_date("14/03/1850").is_err());
    }
}
