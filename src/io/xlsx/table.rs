//! A sheet as plain data (typed cells under a header), and its writing into a
//! workbook: bold frozen header, autofilter over the table, autofit widths.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Excel's limit on the UTF-16 units of one cell.
const MAX_CELL_UNITS: usize = 32_767;

/// Widest column autofit may choose, in pixels (about 60 characters).
const MAX_WIDTH_PIXELS: u32 = 420;

/// One typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A day, written as an Excel date shown `jj/mm/aaaa`.
    Date(NaiveDate),
    /// A time of day, written as an Excel time shown `hh:mm`.
    Time(NaiveTime),
    /// A plain number (a count, hours).
    Number(f64),
    /// A share between 0 and 1, shown as a percentage.
    Percent(f64),
}

impl Cell {
    /// Text, or an empty cell for an empty string.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    /// A date if there is one.
    pub fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }

    /// A count.
    pub fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }

    /// A number if there is one.
    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }

    /// A percentage if it is known (an unknown rate stays empty, never 0 %).
    pub fn percent(share: Option<f64>) -> Cell {
        share.map_or(Cell::Empty, Cell::Percent)
    }

    /// « Oui » or « Non ».
    pub fn yes_no(value: bool) -> Cell {
        Cell::Text(if value { "Oui" } else { "Non" }.to_string())
    }
}

/// One sheet: a name (≤ 31 characters), a header and rows of the header's width.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these column titles.
    pub fn new(name: &'static str, header: &[&str]) -> Table {
        Table {
            name,
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// The number formats of the workbook, made once.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            time: Format::new().set_num_format("hh:mm"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

/// The workbook of `tables`, one sheet each in order, as the bytes of an .xlsx file.
pub fn workbook_bytes(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table, &formats)?;
    }
    workbook.save_to_buffer()
}

fn write_table(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    for (col, title) in (0u16..).zip(&table.header) {
        sheet.write_string_with_format(0, col, title, &formats.header)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            write_cell(sheet, row, col, cell, formats)?;
        }
    }
    let last_col = u16::try_from(table.header.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_autofit_max_width(MAX_WIDTH_PIXELS);
    sheet.autofit();
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        // A string cell is never read as a formula, whatever it starts with.
        Cell::Text(text) => {
            sheet.write_string(row, col, clip(text))?;
        }
        Cell::Date(date) => match excel_date(*date) {
            Ok(day) => {
                sheet.write_date_with_format(row, col, day, &formats.date)?;
            }
            // A day Excel cannot hold (before 1900) stays readable as text.
            Err(_) => {
                sheet.write_string(row, col, date.format("%d/%m/%Y").to_string())?;
            }
        },
        Cell::Time(time) => {
            let time = ExcelDateTime::from_hms(time.hour() as u16, time.minute() as u8, 0)?;
            sheet.write_time_with_format(row, col, time, &formats.time)?;
        }
        Cell::Number(value) => {
            sheet.write_number(row, col, *value)?;
        }
        Cell::Percent(share) => {
            sheet.write_number_with_format(row, col, *share, &formats.percent)?;
        }
    }
    Ok(())
}

/// The Excel date of a day (years 1900 to 9999, as Excel accepts).
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| {
        XlsxError::DateTimeRangeError(format!("année {} hors des limites d'Excel", date.year()))
    })?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The text cut to what one Excel cell holds (counted in UTF-16 units, as Excel does).
fn clip(text: &str) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_UNITS {
            return &text[..at];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_the_cell_limit() {
        let long = "é".repeat(MAX_CELL_UNITS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_UNITS);
        let emoji = "😀".repeat(MAX_CELL_UNITS);
        assert_eq!(clip(&emoji).chars().count(), MAX_CELL_UNITS / 2);
        assert_eq!(clip("court"), "court");
    }

    #[test]
    fn unknown_rate_is_an_empty_cell() {
        assert_eq!(Cell::percent(None), Cell::Empty);
        assert_eq!(Cell::text(""), Cell::Empty);
        assert_eq!(Cell::percent(Some(0.5)), Cell::Percent(0.5));
    }

    #[test]
    fn a_date_before_excel_epoch_is_written_as_text() {
        let old = NaiveDate::from_ymd_opt(1850, 1, 1).unwrap();
        assert!(excel_date(old).is_err());
        assert!(excel_date(NaiveDate::from_ymd_opt(2007, 4, 1).unwrap()).is_ok());
        let table = Table {
            name: "Dates",
            header: vec!["Date".into()],
            rows: vec![vec![Cell::Date(old)]],
        };
        let bytes = workbook_bytes(&[table]).expect("a workbook despite the old date");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("01/01/1850"), "{strings}");
    }
}
