//! The embedded fonts (DejaVu Sans, see `data/fonts/README.md`) and the measure of text.

use std::sync::LazyLock;

static REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Weight {
    Regular,
    Bold,
}

/// One face: the shaper's view (to measure) and krilla's (to draw).
struct Face {
    shaper: rustybuzz::Face<'static>,
    pdf: krilla::text::Font,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        // Both parse a font shipped inside the binary and checked by the tests.
        #[allow(clippy::expect_used)]
        Face {
            shaper: rustybuzz::Face::from_slice(bytes, 0).expect("embedded font"),
            pdf: krilla::text::Font::new(krilla::Data::from(bytes), 0).expect("embedded font"),
        }
    }
}

static FACES: LazyLock<[Face; 2]> = LazyLock::new(|| [Face::load(REGULAR), Face::load(BOLD)]);

fn face(weight: Weight) -> &'static Face {
    match weight {
        Weight::Regular => &FACES[0],
        Weight::Bold => &FACES[1],
    }
}

/// The font krilla draws `weight` with.
pub fn pdf_font(weight: Weight) -> krilla::text::Font {
    face(weight).pdf.clone()
}

/// Width of `text` set in one line at `size` points, as the shaper lays it out
/// (the same shaping krilla draws with: advances and kerning).
pub fn width(text: &str, weight: Weight, size: f32) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    let face = &face(weight).shaper;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / face.units_per_em() as f32
}

/// Whether the font has a glyph for every character of `text`.
pub fn covers(text: &str, weight: Weight) -> bool {
    let face = &face(weight).shaper;
    text.chars()
        .filter(|c| !c.is_control())
        .all(|c| face.glyph_index(c).is_some())
}

/// `text` made printable in `weight`: control characters (tabs, carriage returns)
/// become spaces, characters the font lacks (emoji…) become « ? » — a PDF/A may not
/// show a missing glyph, and a stray character must not stop a document from printing.
pub fn printable(text: &str, weight: Weight) -> String {
    let face = &face(weight).shaper;
    text.chars()
        .map(|c| match c {
            '\n' => c,
            c if c.is_control() => ' ',
            c if face.glyph_index(c).is_none() => '?',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_font_cannot_show_is_replaced() {
        assert_eq!(printable("a\tb\r\nc 🙂 ç", Weight::Regular), "a b \nc ? ç");
    }

    #[test]
    fn the_fonts_cover_french_text_and_its_spaces() {
        let text = "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ «\u{a0}\u{202f}’…–—×°";
        assert!(covers(text, Weight::Regular));
        assert!(covers(text, Weight::Bold));
    }

    #[test]
    fn widths_grow_with_text_size_and_weight() {
        let regular = width("Passerelle", Weight::Regular, 10.0);
        assert!(regular > 30.0 && regular < 70.0, "{regular}");
        assert!((width("Passerelle", Weight::Regular, 20.0) - 2.0 * regular).abs() < 0.01);
        assert!(width("Passerelle", Weight::Bold, 10.0) > regular);
        assert_eq!(width("", Weight::Regular, 10.0), 0.0);
    }
}
