//! Helpers of the printed documents' tests: a PDF's text, a document's pages as
//! text rows, the sensitive texts a database holds, and a small hand-built school.
#![allow(dead_code)]

pub mod school;

use std::path::Path;

use passerelle::app::App;
use passerelle::model::Domain;
use passerelle::print::{Doc, layout};
use passerelle::store::Store;

/// The text of a PDF, spaces of every kind made ordinary and runs of them single.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads krilla's PDF");
    plain_spaces(&text)
}

fn plain_spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as the PDF prints it: typographic apostrophes, ordinary single spaces.
pub fn plain(text: &str) -> String {
    plain_spaces(&text.replace('\'', "’"))
}

/// The document's pages as text rows (cells joined by │, no-break spaces shown as ~
/// and narrow ones as ^).
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

/// Every sensitive text the database holds about `id`: life notes and the
/// comments and sources of the conditions de vie grid.
pub fn sensitive_texts(store: &Store, id: i64) -> Vec<String> {
    let criteria = store.criteria().expect("criteria");
    let mut texts: Vec<String> = store
        .life_notes(id)
        .expect("notes")
        .into_iter()
        .map(|n| n.note)
        .collect();
    for value in store.grid_values(id).expect("grid") {
        let sensitive = criteria
            .iter()
            .any(|c| c.id == value.criterion_id && c.domain == Domain::ConditionsDeVie);
        if sensitive {
            texts.extend(value.comment.into_iter().chain(value.source));
        }
    }
    texts
}

/// Fails when one of `printed` (a view-model's JSON, a document's blocks…) holds a
/// sensitive text of student `id`.
pub fn assert_no_sensitive_text(store: &Store, id: i64, printed: &[&str]) {
    for secret in sensitive_texts(store, id) {
        for text in printed {
            assert!(!text.contains(&secret), "{id}: {secret}");
        }
    }
}
