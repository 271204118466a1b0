//! Horizontal bar charts: a caption, then per row a label (wrapped), a grey bar
//! as long as its value against the scale, and the figure after it.

use super::fonts::{Weight, width};
use super::layout::{Flow, wrap_text};
use super::page::*;

/// Size of the labels and figures.
const SIZE: f32 = 9.0;
/// Thickness of a bar.
const BAR: f32 = 8.0;
/// Grey of a bar: dark enough for a photocopy, light enough to read the frame.
const GREY: u8 = 110;

/// Lays `bars` out; a chart of a few rows stays on one page with its caption.
pub(super) fn bars_into(flow: &mut Flow, bars: &Bars) {
    let label_width = bars
        .rows
        .iter()
        .map(|b| width(&b.label, Weight::Regular, SIZE))
        .fold(0.0, f32::max)
        .clamp(MEASURE * 0.15, MEASURE * 0.35);
    let figure_width = bars
        .rows
        .iter()
        .map(|b| width(&b.text, Weight::Regular, SIZE))
        .fold(0.0, f32::max)
        .min(MEASURE * 0.25);
    let gap = 6.0;
    let area = (MEASURE - label_width - figure_width - 3.0 * gap).max(40.0);
    let rows: Vec<Vec<String>> = bars
        .rows
        .iter()
        .map(|b| wrap_text(&b.label, label_width, SIZE, Weight::Regular))
        .collect();
    let row_height =
        |lines: &Vec<String>| (lines.len().max(1) as f32 * leading(SIZE)).max(BAR + 7.0);
    let caption = wrap_text(&bars.caption, MEASURE, 10.0, Weight::Bold);
    let whole: f32 =
        caption.len() as f32 * leading(10.0) + rows.iter().map(row_height).sum::<f32>();
    flow.ensure(whole.min(BODY_BOTTOM - BODY_TOP));
    for line in &caption {
        flow.ensure(leading(10.0) + leading(SIZE));
        let top = flow.y;
        flow.text_at(MARGIN_X, top, 10.0, Weight::Bold, line);
        flow.y += leading(10.0);
    }
    flow.y += 2.0;
    for (bar, lines) in bars.rows.iter().zip(&rows) {
        let height = row_height(lines);
        flow.ensure(height);
        let top = flow.y;
        for (i, line) in lines.iter().enumerate() {
            flow.text_at(
                MARGIN_X,
                top + i as f32 * leading(SIZE),
                SIZE,
                Weight::Regular,
                line,
            );
        }
        let x = MARGIN_X + label_width + gap;
        let share = if bar.scale > 0.0 {
            (bar.value / bar.scale).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        let bar_top = top + (leading(SIZE) - BAR) / 2.0 + 1.0;
        flow.push(Item::Frame {
            x,
            y: bar_top,
            w: area,
            h: BAR,
        });
        if share > 0.0 {
            flow.push(Item::Fill {
                x,
                y: bar_top,
                w: area * share,
                h: BAR,
                grey: GREY,
            });
        }
        flow.text_at(x + area + gap, top, SIZE, Weight::Regular, &bar.text);
        flow.y += height;
    }
    flow.y += 6.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::layout::lay_out;

    fn doc(rows: usize) -> Doc {
        Doc {
            title: "Essai".into(),
            dated: "Fait le 25 novembre 2026".into(),
            header: PageHeader {
                name: "Lycée".into(),
                detail: "UAI 0750654D".into(),
            },
            blocks: vec![Block::Bars(Bars {
                caption: "Sorties par motif".into(),
                rows: (0..rows)
                    .map(|i| Bar {
                        label: format!("Motif {i}"),
                        value: i as f64,
                        scale: rows as f64,
                        text: format!("{i}"),
                    })
                    .collect(),
            })],
        }
    }

    fn fills(page: &Page) -> Vec<f32> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Fill { w, .. } => Some(*w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bars_grow_with_their_value_and_an_empty_one_is_a_frame_only() {
        let pages = lay_out(&doc(4));
        let widths = fills(&pages[0]);
        // Values 1, 2, 3 are filled; 0 is not.
        assert_eq!(widths.len(), 3);
        assert!(widths[0] < widths[1] && widths[1] < widths[2]);
        assert!((widths[1] - 2.0 * widths[0]).abs() < 0.01);
        let lines = pages[0].lines();
        assert!(lines.contains(&"Sorties par motif"));
        assert!(lines.contains(&"Motif 0"));
    }

    #[test]
    fn a_long_chart_continues_on_the_next_page() {
        let pages = lay_out(&doc(120));
        assert!(pages.len() >= 2);
        let last = pages.last().expect("pages");
        assert!(last.lines().contains(&"Motif 119"));
        assert!(!pages[0].lines().contains(&"Motif 119"));
    }

    #[test]
    fn a_chart_renders_as_pdf() {
        let bytes = crate::print::pdf_bytes(
            &doc(5),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
        )
        .expect("pdf");
        assert!(bytes.starts_with(b"%PDF"));
    }
}
