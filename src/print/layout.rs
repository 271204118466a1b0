//! Lays a [`Doc`] out on A4 pages: text wrapped to the measure, headings kept
//! with what follows, then the header and footer of every page.

use super::fonts::{Weight, printable, width};
use super::page::*;
use super::typography::french;
use super::wrap::wrap;

/// Where the next block goes.
pub(super) struct Flow {
    pub(super) pages: Vec<Page>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
}

impl Flow {
    fn new() -> Flow {
        Flow {
            pages: vec![Page::default()],
            y: BODY_TOP,
        }
    }

    /// Space left on the current page.
    pub(super) fn room(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    /// Starts a new page.
    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    /// Goes to a new page unless `height` fits here (or the page is still empty).
    pub(super) fn ensure(&mut self, height: f32) {
        if height > self.room() && self.y > BODY_TOP {
            self.new_page();
        }
    }

    pub(super) fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// One line of text whose top is at `top`.
    pub(super) fn text_at(&mut self, x: f32, top: f32, size: f32, weight: Weight, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(Item::Text {
            x,
            y: top + size,
            size,
            weight,
            text: text.to_string(),
        });
    }

    /// Wrapped text from `x` over `measure`, each line placed where it fits.
    fn lines(&mut self, x: f32, measure: f32, size: f32, weight: Weight, text: &str) {
        for line in wrap_text(text, measure, size, weight) {
            self.ensure(leading(size));
            let top = self.y;
            self.text_at(x, top, size, weight, &line);
            self.y += leading(size);
        }
    }
}

/// `text` with French typography, wrapped to `measure` at `size`.
pub(super) fn wrap_text(text: &str, measure: f32, size: f32, weight: Weight) -> Vec<String> {
    let text = french(&printable(text, weight));
    wrap(&text, measure, |t| width(t, weight, size))
}

/// The pages of `doc`, header and footer included.
pub fn lay_out(doc: &Doc) -> Vec<Page> {
    let mut flow = Flow::new();
    for block in &doc.blocks {
        block_into(&mut flow, block);
    }
    let total = flow.pages.len();
    for (n, page) in flow.pages.iter_mut().enumerate() {
        frame_page(page, doc, n + 1, total);
    }
    flow.pages
}

fn block_into(flow: &mut Flow, block: &Block) {
    match block {
        Block::Title(text) => {
            let size = 15.0;
            for line in wrap_text(text, MEASURE, size, Weight::Bold) {
                let x = MARGIN_X + (MEASURE - width(&line, Weight::Bold, size)) / 2.0;
                let top = flow.y;
                flow.text_at(x, top, size, Weight::Bold, &line);
                flow.y += leading(size);
            }
            flow.y += 6.0;
        }
        Block::Heading(text) => {
            let size = 11.5;
            let lines = wrap_text(text, MEASURE, size, Weight::Bold);
            let height = lines.len() as f32 * leading(size) + 4.0;
            // Kept with at least three lines of what follows.
            flow.y += 8.0;
            flow.ensure(height + 3.0 * leading(TEXT_SIZE));
            for line in lines {
                let top = flow.y;
                flow.text_at(MARGIN_X, top, size, Weight::Bold, &line);
                flow.y += leading(size);
            }
            let y = flow.y + 1.0;
            flow.push(Item::Line {
                x1: MARGIN_X,
                y1: y,
                x2: MARGIN_X + MEASURE,
                y2: y,
            });
            flow.y += 5.0;
        }
        Block::Paragraph(text) => {
            flow.lines(MARGIN_X, MEASURE, TEXT_SIZE, Weight::Regular, text);
            flow.y += 3.0;
        }
        Block::Bullets(items) => {
            let indent = 12.0;
            for item in items {
                let lines = wrap_text(item, MEASURE - indent, TEXT_SIZE, Weight::Regular);
                for (i, line) in lines.iter().enumerate() {
                    flow.ensure(leading(TEXT_SIZE));
                    let top = flow.y;
                    if i == 0 {
                        flow.text_at(MARGIN_X + 2.0, top, TEXT_SIZE, Weight::Regular, "•");
                    }
                    flow.text_at(MARGIN_X + indent, top, TEXT_SIZE, Weight::Regular, line);
                    flow.y += leading(TEXT_SIZE);
                }
            }
            flow.y += 3.0;
        }
        Block::Fields(fields) => fields_into(flow, fields),
        Block::Table(table) => super::table::table_into(flow, table),
        Block::Bars(bars) => super::chart::bars_into(flow, bars),
        Block::Signatures {
            place_date,
            signatories,
        } => super::table::signatures_into(flow, place_date, signatories),
    }
}

/// Label and value pairs: labels in bold in a column as wide as the widest (at most 40 %).
fn fields_into(flow: &mut Flow, fields: &[(String, String)]) {
    let gap = 8.0;
    let label_width = fields
        .iter()
        .map(|(l, _)| width(&french(l), Weight::Bold, TEXT_SIZE))
        .fold(0.0, f32::max)
        .min(MEASURE * 0.4);
    for (label, value) in fields {
        let labels = wrap_text(label, label_width, TEXT_SIZE, Weight::Bold);
        let values = wrap_text(
            value,
            MEASURE - label_width - gap,
            TEXT_SIZE,
            Weight::Regular,
        );
        let rows = labels.len().max(values.len());
        // A short field stays whole; a long value may continue on the next page.
        flow.ensure(leading(TEXT_SIZE) * rows.min(3) as f32);
        for i in 0..rows {
            flow.ensure(leading(TEXT_SIZE));
            let top = flow.y;
            if let Some(l) = labels.get(i) {
                flow.text_at(MARGIN_X, top, TEXT_SIZE, Weight::Bold, l);
            }
            if let Some(v) = values.get(i) {
                let x = MARGIN_X + label_width + gap;
                flow.text_at(x, top, TEXT_SIZE, Weight::Regular, v);
            }
            flow.y += leading(TEXT_SIZE);
        }
    }
    flow.y += 3.0;
}

/// Header (establishment) and footer (title, date, page n/total) of one page.
fn frame_page(page: &mut Page, doc: &Doc, number: usize, total: usize) {
    let right = MARGIN_X + MEASURE;
    let footer = PAGE_HEIGHT - 56.0;
    let numbering = french(&format!("page {number}/{total}"));
    let numbering_width = width(&numbering, Weight::Regular, SMALL_SIZE);
    let room = MEASURE - numbering_width - 12.0;
    let (regular, bold) = (Weight::Regular, Weight::Bold);
    // (x, baseline, size, weight, text, room): each on one line, cut to its room.
    let texts = [
        (
            MARGIN_X,
            44.0,
            10.0,
            bold,
            doc.header.name.as_str(),
            MEASURE,
        ),
        (
            MARGIN_X,
            57.0,
            SMALL_SIZE,
            regular,
            &doc.header.detail,
            MEASURE,
        ),
        (
            MARGIN_X,
            footer + 13.0,
            SMALL_SIZE,
            regular,
            &doc.title,
            room,
        ),
        (
            MARGIN_X,
            footer + 25.0,
            SMALL_SIZE,
            regular,
            &doc.dated,
            room,
        ),
        (
            right - numbering_width,
            footer + 13.0,
            SMALL_SIZE,
            regular,
            &numbering,
            MEASURE,
        ),
    ];
    for (x, y, size, weight, text, room) in texts {
        let lines = wrap_text(text, room, size, weight);
        let text = lines.into_iter().next().unwrap_or_default();
        page.items.push(Item::Text {
            x,
            y,
            size,
            weight,
            text,
        });
    }
    for y in [64.0, footer] {
        page.items.push(Item::Line {
            x1: MARGIN_X,
            y1: y,
            x2: right,
            y2: y,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_never_ends_a_page() {
        for filler in 30..60 {
            let mut blocks: Vec<Block> = (0..filler)
                .map(|i| Block::Paragraph(format!("Ligne {i}.")))
                .collect();
            blocks.push(Block::Heading("Les engagements".into()));
            blocks.push(Block::Paragraph(
                "Premier paragraphe après le titre.".into(),
            ));
            let doc = Doc {
                title: "Essai".into(),
                dated: "Fait le 25 novembre 2026".into(),
                header: PageHeader {
                    name: "Lycée".into(),
                    detail: "UAI 0750654D".into(),
                },
                blocks,
            };
            let pages = lay_out(&doc);
            let holder = pages
                .iter()
                .find(|p| p.lines().contains(&"Les engagements"))
                .expect("heading printed");
            assert!(
                holder
                    .lines()
                    .contains(&"Premier paragraphe après le titre."),
                "heading alone at the bottom with {filler} lines before"
            );
        }
    }
}
