//! Helpers of the printed documents' tests: a PDF's text, a document's pages as text.
#![allow(dead_code)]

use std::path::Path;

use passerelle::app::App;
use passerelle::print::{Doc, layout};

/// The text of a PDF, spaces of every kind made ordinary and runs of them single.
pub fn pdf_text(bytes: &[u8]) -> String {
    plain(&pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads the PDF"))
}

/// `text` as [`pdf_text`] gives it: ordinary single spaces, typographic apostrophes.
pub fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\'', "’")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pages of `doc` as text rows (cells joined by │, no-break spaces shown as ~
/// and narrow ones as ^), for snapshots.
pub fn pages_text(doc: &Doc) -> String {
    let mut pages = String::new();
    for (n, page) in layout::lay_out(doc).iter().enumerate() {
        pages.push_str(&format!("=== page {} ===\n", n + 1));
        for row in page.rows() {
            pages.push_str(&row.replace('\u{a0}', "~").replace('\u{202f}', "^"));
            pages.push('\n');
        }
    }
    pages
}

/// Clears the focused field whatever its length, then types `path`.
pub fn type_path(app: &mut App, path: &Path) {
    for _ in 0..200 {
        app.update(crate::common::input(ratatui_textarea::Key::Backspace));
    }
    crate::common::type_text(app, path.to_str().expect("utf-8"));
}
