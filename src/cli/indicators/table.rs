//! Tables of multi-line cells that fit 80 columns: long names are wrapped,
//! never cut.

use crate::model::indicators::Rate;
use crate::model::text::{Align, wrap};

/// One column: width (the cell's text stays within it) and alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub width: usize,
    pub align: Align,
}

/// A left column wrapped at `width`.
pub const fn left(width: usize) -> Column {
    Column {
        width,
        align: Align::Left,
    }
}

/// A right-aligned column.
pub const fn right(width: usize) -> Column {
    Column {
        width,
        align: Align::Right,
    }
}

/// Writes one row: each cell's lines in its column, one space between columns,
/// as many lines as the tallest cell; no trailing spaces.
pub fn row(out: &mut String, columns: &[Column], cells: &[Vec<String>]) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    for i in 0..height {
        let line: Vec<String> = columns
            .iter()
            .zip(cells)
            .map(|(c, lines)| {
                c.align
                    .pad(lines.get(i).map_or("", String::as_str), c.width)
            })
            .collect();
        out.push_str(line.join(" ").trim_end());
        out.push('\n');
    }
}

/// A text wrapped at `width` (one empty line when empty).
pub fn wrapped(text: &str, width: usize) -> Vec<String> {
    let lines = wrap(text, width);
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// A rate in a narrow cell: « 45,8 % » over « 11/24 »; « pas encore » over
/// « connu »; « – » without a denominator.
pub fn rate_cell(rate: &Rate) -> Vec<String> {
    match rate.value {
        Some(_) => vec![
            rate.percent(),
            format!("{}/{}", rate.numerator, rate.denominator),
        ],
        None if rate.denominator == 0 => vec!["–".into()],
        None => vec!["pas encore".into(), "connu".into()],
    }
}

/// One cell of one line.
pub fn one(text: impl Into<String>) -> Vec<String> {
    vec![text.into()]
}
