//! Tables that break across pages (header row repeated) and signature blocks
//! kept together on one page.

use super::fonts::Weight;
use super::layout::{Flow, wrap_text};
use super::page::*;

/// Cell text size and padding.
const CELL_SIZE: f32 = 9.0;
const PAD: f32 = 3.5;

/// A row's cells, wrapped to their columns.
struct Row {
    cells: Vec<Vec<String>>,
    height: f32,
}

fn row(cells: &[String], columns: &[f32], weight: Weight) -> Row {
    let cells: Vec<Vec<String>> = columns
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let text = cells.get(i).map_or("", String::as_str);
            wrap_text(text, w - 2.0 * PAD, CELL_SIZE, weight)
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    Row {
        cells,
        height: lines as f32 * leading(CELL_SIZE) + 2.0 * PAD,
    }
}

fn draw_row(flow: &mut Flow, row: &Row, columns: &[f32], weight: Weight) {
    let mut x = MARGIN_X;
    let top = flow.y;
    for (w, lines) in columns.iter().zip(&row.cells) {
        flow.push(Item::Frame {
            x,
            y: top,
            w: *w,
            h: row.height,
        });
        for (i, line) in lines.iter().enumerate() {
            let line_top = top + PAD + i as f32 * leading(CELL_SIZE) - 1.0;
            flow.text_at(x + PAD, line_top, CELL_SIZE, weight, line);
        }
        x += w;
    }
    flow.y += row.height;
}

/// Lays `table` out; on each new page its header row comes again.
pub(super) fn table_into(flow: &mut Flow, table: &Table) {
    let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
    let columns: Vec<f32> = table.widths.iter().map(|w| w / total * MEASURE).collect();
    let header = row(&table.header, &columns, Weight::Bold);
    let rows: Vec<Row> = table
        .rows
        .iter()
        .map(|r| row(r, &columns, Weight::Regular))
        .collect();
    // The header never stays alone at the bottom of a page.
    flow.ensure(header.height + rows.first().map_or(0.0, |r| r.height));
    draw_row(flow, &header, &columns, Weight::Bold);
    for r in &rows {
        if r.height > flow.room() {
            flow.new_page();
            draw_row(flow, &header, &columns, Weight::Bold);
        }
        draw_row(flow, r, &columns, Weight::Regular);
    }
    flow.y += 6.0;
}

/// « Fait à …, le … » and one box per signatory, side by side, all on one page.
pub(super) fn signatures_into(flow: &mut Flow, place_date: &str, signatories: &[Signatory]) {
    let gap = 12.0;
    let n = signatories.len().max(1) as f32;
    let w = (MEASURE - gap * (n - 1.0)) / n;
    let lines = wrap_text(place_date, MEASURE, TEXT_SIZE, Weight::Regular);
    let boxes: Vec<(Vec<String>, Vec<String>)> = signatories
        .iter()
        .map(|s| {
            (
                wrap_text(&s.role, w - 2.0 * PAD, TEXT_SIZE, Weight::Bold),
                wrap_text(&s.name, w - 2.0 * PAD, CELL_SIZE, Weight::Regular),
            )
        })
        .collect();
    let label_lines = boxes
        .iter()
        .map(|(r, n)| r.len() as f32 * leading(TEXT_SIZE) + n.len() as f32 * leading(CELL_SIZE))
        .fold(0.0, f32::max);
    let box_height = label_lines + 2.0 * PAD + 70.0;
    let height = 10.0 + lines.len() as f32 * leading(TEXT_SIZE) + 6.0 + box_height;
    flow.ensure(height);
    flow.y += 10.0;
    for line in &lines {
        let top = flow.y;
        flow.text_at(MARGIN_X, top, TEXT_SIZE, Weight::Regular, line);
        flow.y += leading(TEXT_SIZE);
    }
    flow.y += 6.0;
    let top = flow.y;
    for (i, (role, name)) in boxes.iter().enumerate() {
        let x = MARGIN_X + i as f32 * (w + gap);
        flow.push(Item::Frame {
            x,
            y: top,
            w,
            h: box_height,
        });
        let mut y = top + PAD;
        for line in role {
            flow.text_at(x + PAD, y, TEXT_SIZE, Weight::Bold, line);
            y += leading(TEXT_SIZE);
        }
        for line in name {
            flow.text_at(x + PAD, y, CELL_SIZE, Weight::Regular, line);
            y += leading(CELL_SIZE);
        }
    }
    flow.y = top + box_height + 6.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::layout::lay_out;

    fn doc(blocks: Vec<Block>) -> Doc {
        Doc {
            title: "Essai".into(),
            dated: "Fait le 25 novembre 2026".into(),
            header: PageHeader {
                name: "Lycée Jean Moulin".into(),
                detail: "UAI 0750654D · académie de Paris".into(),
            },
            blocks,
        }
    }

    #[test]
    fn a_table_longer_than_a_page_repeats_its_header_on_each_page() {
        let rows = (1..=80)
            .map(|i| {
                vec![
                    format!("Ligne {i}"),
                    "Texte d'une cellule assez longue pour passer à la ligne dans sa colonne"
                        .into(),
                ]
            })
            .collect();
        let table = Table {
            widths: vec![1.0, 3.0],
            header: vec!["Numéro".into(), "Contenu".into()],
            rows,
        };
        let pages = lay_out(&doc(vec![
            Block::Paragraph("Avant.".into()),
            Block::Table(table),
        ]));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for (n, page) in pages.iter().enumerate() {
            let lines = page.lines();
            assert!(lines.contains(&"Numéro"), "header on page {}", n + 1);
            assert!(lines.contains(&"Contenu"), "header on page {}", n + 1);
            let numbering = format!("page {}/{}", n + 1, pages.len());
            assert!(
                lines.contains(&numbering.as_str()),
                "numbering on page {}",
                n + 1
            );
            // Nothing is drawn below the body but the footer.
            for item in &page.items {
                if let Item::Frame { y, h, .. } = item {
                    assert!(
                        y + h <= BODY_BOTTOM + 0.01,
                        "frame past the body on page {}",
                        n + 1
                    );
                }
            }
        }
        // Every row is printed exactly once.
        let all: Vec<&str> = pages.iter().flat_map(|p| p.lines()).collect();
        for i in 1..=80 {
            let cell = format!("Ligne\u{a0}{i}");
            let plain = format!("Ligne {i}");
            let count = all.iter().filter(|l| **l == cell || **l == plain).count();
            assert_eq!(count, 1, "row {i}");
        }
    }

    #[test]
    fn signatures_stay_together_on_one_page() {
        let mut blocks: Vec<Block> = (0..46)
            .map(|i| Block::Paragraph(format!("Paragraphe {i}.")))
            .collect();
        blocks.push(Block::Signatures {
            place_date: "Fait à Paris, le 25 novembre 2026".into(),
            signatories: [
                "L'élève",
                "Le professeur référent",
                "Le chef d'établissement",
            ]
            .iter()
            .map(|r| Signatory {
                role: r.to_string(),
                name: "Nom".into(),
            })
            .collect(),
        });
        let pages = lay_out(&doc(blocks));
        let last = pages.last().expect("a page").lines();
        for wanted in [
            "L’élève",
            "Le professeur référent",
            "Le chef d’établissement",
        ] {
            assert!(
                last.contains(&wanted),
                "{wanted} on the last page: {last:?}"
            );
        }
        assert!(
            last.iter().any(|l| l.starts_with("Fait à Paris")),
            "{last:?}"
        );
        let earlier: Vec<&str> = pages[..pages.len() - 1]
            .iter()
            .flat_map(|p| p.lines())
            .collect();
        assert!(
            !earlier.iter().any(|l| l.contains("élève")),
            "split signatures"
        );
    }
}
