//! Table columns declared once: the header line and every row are built from them.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::model::text::pad;

/// How a row gives the text and style of its cell.
type Cell<'a, R> = Box<dyn Fn(&R) -> (String, Style) + 'a>;

/// One column: its title, its width, and how a row gives the text and style of its cell.
pub struct Column<'a, R> {
    title: String,
    /// `None`: the room the other columns leave.
    width: Option<usize>,
    /// Blank columns after the cell, in the cell's style.
    gap: usize,
    cell: Cell<'a, R>,
}

impl<'a, R> Column<'a, R> {
    /// A column of `width` columns whose cell is `text(row)`, left-aligned, cut with "…".
    pub fn new(title: impl Into<String>, width: usize, text: impl Fn(&R) -> String + 'a) -> Self {
        Self::styled(title, width, move |row| (text(row), Style::default()))
    }

    /// A column whose cell also carries its own style.
    pub fn styled(
        title: impl Into<String>,
        width: usize,
        cell: impl Fn(&R) -> (String, Style) + 'a,
    ) -> Self {
        Column {
            title: title.into(),
            width: Some(width),
            gap: 0,
            cell: Box::new(cell),
        }
    }

    /// The last column, taking the room the others leave.
    pub fn fill(title: impl Into<String>, text: impl Fn(&R) -> String + 'a) -> Self {
        Column {
            width: None,
            ..Self::new(title, 0, text)
        }
    }

    /// Leaves `gap` blank columns after the cell.
    pub fn gap(mut self, gap: usize) -> Self {
        self.gap = gap;
        self
    }
}

/// A table `width` columns wide, one blank column of margin on the left.
pub struct Table<'a, R> {
    columns: Vec<Column<'a, R>>,
    /// The width of a `fill` column.
    rest: usize,
}

impl<'a, R> Table<'a, R> {
    /// Lays out `columns` in `width` columns.
    pub fn new(width: usize, columns: Vec<Column<'a, R>>) -> Self {
        let used: usize = columns.iter().map(|c| c.width.unwrap_or(0) + c.gap).sum();
        let rest = width.saturating_sub(1 + used);
        Table { columns, rest }
    }

    fn span(&self, column: &Column<'a, R>) -> usize {
        column.width.unwrap_or(self.rest) + column.gap
    }

    /// Each title over its column; a title runs over the next columns when their title is empty.
    pub fn header(&self) -> Line<'static> {
        let mut text = String::from(" ");
        let mut columns = self.columns.iter().peekable();
        while let Some(column) = columns.next() {
            let mut span = self.span(column);
            while let Some(next) = columns.next_if(|c| c.title.is_empty()) {
                span += self.span(next);
            }
            text.push_str(&pad(&column.title, span));
        }
        Line::from(text)
    }

    /// The line of one row: each cell padded or cut to its column.
    pub fn row(&self, row: &R) -> Line<'static> {
        let mut spans = vec![Span::raw(" ")];
        for column in &self.columns {
            let (text, style) = (column.cell)(row);
            let width = column.width.unwrap_or(self.rest);
            let cell = format!("{}{}", pad(&text, width), " ".repeat(column.gap));
            spans.push(Span::styled(cell, style));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_rows_share_the_columns() {
        let table = Table::new(
            20,
            vec![
                Column::new("Nom", 6, |r: &(&str, &str)| r.0.to_string()).gap(1),
                Column::new("", 3, |r: &(&str, &str)| r.1.to_string()),
                Column::fill("Fin", |_: &(&str, &str)| "x".to_string()),
            ],
        );
        assert_eq!(table.header().to_string(), " Nom       Fin      ");
        assert_eq!(
            table.row(&("Dupont-Durand", "MCO")).to_string(),
            " Dupon… MCOx        "
        );
    }
}
