//! Draws laid-out pages with krilla, as PDF/A-2b.

use chrono::{Datelike, NaiveDate};
use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use super::fonts::pdf_font;
use super::page::{Item, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// krilla refused (a PDF/A rule broken, e.g. a character missing from the font).
    #[error("Le PDF n'a pas pu être produit ({0}).")]
    Pdf(String),
}

/// The PDF/A-2b bytes of `pages`, with title, language fr-FR and date.
pub fn render(pages: &[Page], title: &str, date: NaiveDate) -> Result<Vec<u8>, RenderError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(
        Metadata::new()
            .title(super::typography::french(title))
            .language("fr-FR".into())
            .creator("Passerelle".into())
            .creation_date(
                DateTime::new(u16::try_from(date.year()).unwrap_or(2000))
                    .month(date.month() as u8)
                    .day(date.day() as u8),
            ),
    );
    let size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| RenderError::Pdf("format A4".into()))?;
    for page in pages {
        let mut pdf_page = document.start_page_with(size.clone());
        let mut surface = pdf_page.surface();
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    size,
                    weight,
                    text,
                } => surface.draw_text(
                    Point::from_xy(*x, *y),
                    pdf_font(*weight),
                    *size,
                    text,
                    false,
                    TextDirection::LeftToRight,
                ),
                Item::Line { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x1, *y1);
                    path.line_to(*x2, *y2);
                    stroke(&mut surface, path, 0.6);
                }
                Item::Fill { x, y, w, h, grey } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: luma::Color::new(*grey).into(),
                            ..Fill::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_fill(Some(Fill::default()));
                    }
                }
                Item::Frame { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    stroke(&mut surface, path, 0.5);
                }
            }
        }
        surface.finish();
        pdf_page.finish();
    }
    document
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

fn stroke(surface: &mut krilla::surface::Surface, path: PathBuilder, width: f32) {
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(Fill::default()));
    }
}
