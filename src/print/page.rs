//! What a document is made of (blocks) and what a laid-out page holds (items).

use serde::Serialize;

use super::fonts::Weight;

/// A4, in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margins (2 cm).
pub const MARGIN_X: f32 = 56.7;
/// Where the body starts and ends (header and footer live outside).
pub const BODY_TOP: f32 = 98.0;
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 70.0;
/// The measure: width of the body.
pub const MEASURE: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

/// Body text size and leading.
pub const TEXT_SIZE: f32 = 10.0;
pub const SMALL_SIZE: f32 = 8.5;

/// Line height for a font size.
pub fn leading(size: f32) -> f32 {
    size * 1.3
}

/// A printed document, before layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    /// Title in the metadata and the footer (« Contrat d’engagement — Awa N’DIAYE »).
    pub title: String,
    /// « Fait le 25 novembre 2026 », on every page's footer.
    pub dated: String,
    /// Establishment on every page's header.
    pub header: PageHeader,
    pub blocks: Vec<Block>,
}

/// The establishment, repeated at the top of every page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageHeader {
    pub name: String,
    /// « UAI 0750654D · académie de Créteil ».
    pub detail: String,
}

/// One piece of the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// The document's title, large, once.
    Title(String),
    /// A section heading, kept with what follows.
    Heading(String),
    Paragraph(String),
    /// Label and value pairs, the label in bold.
    Fields(Vec<(String, String)>),
    Bullets(Vec<String>),
    /// Breaks across pages, its header row repeated on each.
    Table(Table),
    /// A horizontal bar chart (or gauges: one bar per figure against its scale).
    Bars(Bars),
    /// Kept together on one page: « Fait à …, le … » then one box per signatory.
    Signatures {
        place_date: String,
        signatories: Vec<Signatory>,
    },
}

/// A table: relative column widths, a header row, rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub widths: Vec<f32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A horizontal bar chart: a caption, then one labelled bar per row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bars {
    pub caption: String,
    pub rows: Vec<Bar>,
}

/// One bar: its label, its length `value / scale` of the bar area, and the figure
/// printed after it (« 12 (25 %) »).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value of a full bar (the largest value, or the denominator of a gauge).
    pub scale: f64,
    pub text: String,
}

/// Who signs: « L’élève », and a name under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signatory {
    pub role: String,
    pub name: String,
}

/// One thing drawn on a page, in points from the top left corner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// A line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    /// A thin rule.
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
    /// A frame (signature box, table cell).
    Frame { x: f32, y: f32, w: f32, h: f32 },
    /// A grey filled rectangle (a bar); `grey` 0 is black, 255 white.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: u8,
    },
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// The page's texts with their baseline and left edge, top to bottom then left to right.
    fn texts(&self) -> Vec<(f32, f32, &str)> {
        let mut texts: Vec<(f32, f32, &str)> = self
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, text, .. } => Some((*y, *x, text.as_str())),
                _ => None,
            })
            .collect();
        texts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        texts
    }

    /// The page's text lines, top to bottom then left to right.
    pub fn lines(&self) -> Vec<&str> {
        self.texts().into_iter().map(|t| t.2).collect()
    }

    /// The page as text rows: the texts sharing a baseline, left to right, joined by « │ ».
    pub fn rows(&self) -> Vec<String> {
        let mut rows: Vec<(f32, Vec<&str>)> = Vec::new();
        for (y, _, text) in self.texts() {
            match rows.last_mut() {
                Some((last, row)) if (*last - y).abs() < 0.5 => row.push(text),
                _ => rows.push((y, vec![text])),
            }
        }
        rows.into_iter().map(|(_, row)| row.join(" │ ")).collect()
    }
}
