//! The form box: one field per line, the focused one editable.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{View, centered, framed};
use crate::app::FieldKind;
use crate::model::text::pad;

/// Form box: one line per field (four for a long text, two for a multiple
/// choice), the focused one editable; a form taller than the screen scrolls
/// with the focus.
pub(super) struct FormBox<'a> {
    pub(super) view: &'a View<'a>,
    pub(super) form: &'a crate::app::Form,
}

/// Lines a field takes in a form box.
fn field_height(kind: &FieldKind) -> u16 {
    match kind {
        FieldKind::LongText(_) => 4,
        FieldKind::Multi { .. } => 2,
        _ => 1,
    }
}

/// The fields shown in `room` lines: the range keeps the focused field (and the
/// next one when there is room) in view, starting as high as possible.
fn visible_fields(heights: &[u16], focus: usize, room: u16) -> std::ops::Range<usize> {
    let n = heights.len();
    if n == 0 {
        return 0..0;
    }
    let focus = focus.min(n - 1);
    let want = (focus + 1).min(n - 1);
    let fits = |first: usize, last: usize| heights[first..=last].iter().sum::<u16>() <= room;
    let first = (0..=focus)
        .find(|&first| fits(first, want))
        .or_else(|| (0..=focus).find(|&first| fits(first, focus)))
        .unwrap_or(focus);
    let mut end = first;
    let mut used = 0;
    while end < n && (end == first || used + heights[end] <= room) {
        used += heights[end];
        end += 1;
    }
    first..end
}

impl Widget for FormBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let FormBox { view, form } = self;
        let theme = view.theme;
        let heights: Vec<u16> = form.fields.iter().map(|f| field_height(&f.kind)).collect();
        let height = heights.iter().sum::<u16>() + 5;
        let box_area = centered(area, 76, height);
        let inner = framed(view, box_area, buf, &form.title);
        // Below the fields: the hint line and two lines for a problem.
        let room = inner.height.saturating_sub(3);
        let shown = visible_fields(&heights, form.focus, room);
        let mut y = inner.y;
        for i in shown.clone() {
            let field = &form.fields[i];
            let focused = i == form.focus;
            let row = Rect {
                y,
                height: heights[i],
                ..inner
            };
            y += heights[i];
            let [label, value] = row.layout(&Layout::horizontal([
                Constraint::Length(30),
                Constraint::Min(10),
            ]));
            let mark = if field.required { " *" } else { "" };
            let style = if focused {
                theme.selected()
            } else {
                theme.text()
            };
            Paragraph::new(Line::styled(
                pad(&format!("{}{mark}", field.label), 29),
                style,
            ))
            .render(label, buf);
            match &field.kind {
                FieldKind::Text(area) | FieldKind::LongText(area) if focused => {
                    area.render(value, buf)
                }
                FieldKind::Choice { options, selected } => {
                    choice_line(view, options, *selected, focused, value.width as usize)
                        .render(value, buf)
                }
                FieldKind::Multi {
                    options,
                    chosen,
                    cursor,
                    ranked,
                } => Paragraph::new(multi_lines(
                    view,
                    MultiField {
                        options,
                        chosen,
                        cursor: *cursor,
                        ranked: *ranked,
                    },
                    focused,
                    value.width as usize,
                ))
                .wrap(Wrap { trim: false })
                .render(value, buf),
                _ => Paragraph::new(field.shown())
                    .wrap(Wrap { trim: false })
                    .render(value, buf),
            }
        }
        let bottom = inner.y + room.min(heights.iter().sum());
        let rest = Rect {
            y: bottom,
            height: (inner.y + inner.height).saturating_sub(bottom),
            ..inner
        };
        if let Some(error) = &form.error {
            // The message may be long (an import problem): it may use the space left.
            Paragraph::new(Line::styled(error.clone(), theme.error()))
                .wrap(Wrap { trim: false })
                .render(rest, buf);
        } else {
            let focused = form.fields.get(form.focus);
            let hint: String = match focused {
                Some(f) if f.note.is_some() => f.note.clone().unwrap_or_default(),
                Some(f) if f.date => {
                    "+/− jour · PgPréc/PgSuiv semaine · Suppr efface · « aujourd'hui »".into()
                }
                Some(f) if matches!(f.kind, FieldKind::Multi { .. }) => {
                    "←/→ parcourir · Espace cocher · Ctrl-s enregistrer".into()
                }
                // A file written (a PDF) or a file read (an import, previewed first).
                Some(f) if f.path.is_some_and(|ext| ext.contains(&"pdf")) => {
                    "Tab complète le nom · ~ dossier personnel · Ctrl-s écrire".into()
                }
                Some(f) if f.path.is_some() => {
                    "Tab complète le nom · ~ dossier personnel · Ctrl-s aperçu avant import".into()
                }
                _ => "* obligatoire · Ctrl-s enregistrer".into(),
            };
            let above = shown.start > 0;
            let below = shown.end < form.fields.len();
            let more = match (above, below) {
                (true, true) => "▲▼ autres champs · ",
                (true, false) => "▲ autres champs · ",
                (false, true) => "▼ autres champs · ",
                (false, false) => "",
            };
            // Completion candidates may run over several lines.
            Paragraph::new(Line::styled(format!("{more}{hint}"), theme.dim()))
                .wrap(Wrap { trim: false })
                .render(rest, buf);
        }
    }
}

/// A multiple-choice field's state, as drawn.
struct MultiField<'a> {
    options: &'a [(String, String)],
    chosen: &'a [usize],
    cursor: usize,
    ranked: bool,
}

/// A multiple choice: every option with its box when they fit in two lines (the
/// cursor highlighted), else the option under the cursor between arrows and the
/// ticked ones below it.
fn multi_lines(view: &View, field: MultiField, focused: bool, width: usize) -> Vec<Line<'static>> {
    let theme = view.theme;
    let MultiField {
        options,
        chosen,
        cursor,
        ranked,
    } = field;
    let tick = |i: usize| match chosen.iter().position(|c| *c == i) {
        Some(rank) if ranked => format!("[{}]", rank + 1),
        Some(_) => "[x]".to_string(),
        None => "[ ]".to_string(),
    };
    let all: usize = options
        .iter()
        .map(|(_, label)| label.chars().count() + 5)
        .sum();
    if all <= width * 2 {
        let mut spans = Vec::new();
        for (i, (_, label)) in options.iter().enumerate() {
            let style = if focused && i == cursor {
                theme.selected()
            } else if chosen.contains(&i) {
                theme.title()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!("{} {label}", tick(i)), style));
            spans.push(Span::raw(" "));
        }
        return vec![Line::from(spans)];
    }
    let ticked: Vec<&str> = chosen
        .iter()
        .filter_map(|&i| options.get(i).map(|o| o.1.as_str()))
        .collect();
    let summary = if ticked.is_empty() {
        "— (aucun)".to_string()
    } else {
        ticked.join(", ")
    };
    if !focused {
        return vec![Line::raw(summary)];
    }
    let current = options.get(cursor).map_or("", |o| o.1.as_str());
    vec![
        Line::from(vec![
            Span::styled("◀ ", theme.key()),
            Span::styled(format!("{} {current}", tick(cursor)), theme.selected()),
            Span::styled(" ▶", theme.key()),
            Span::styled(format!("  {}/{}", cursor + 1, options.len()), theme.dim()),
        ]),
        Line::styled(crate::model::text::fit(&summary, width), theme.dim()),
    ]
}

/// A choice field: every option with its number when they fit (the chosen one
/// highlighted), else the chosen one between arrows with its rank.
fn choice_line(
    view: &View,
    options: &[(String, String)],
    selected: Option<usize>,
    focused: bool,
    width: usize,
) -> Line<'static> {
    let theme = view.theme;
    let width_of = |numbered: bool| -> usize {
        // Two more columns for the brackets around the chosen one.
        2 + options
            .iter()
            .map(|(_, label)| label.chars().count() + 1 + if numbered { 2 } else { 0 })
            .sum::<usize>()
    };
    let numbered = options.len() <= 9 && width_of(true) <= width;
    if numbered || width_of(false) <= width {
        let mut spans = Vec::new();
        for (i, (_, label)) in options.iter().enumerate() {
            let chosen = selected == Some(i);
            if numbered {
                spans.push(Span::styled(format!("{} ", i + 1), theme.key()));
            }
            let style = match (chosen, focused) {
                (true, true) => theme.selected(),
                (true, false) => theme.title(),
                (false, _) => theme.dim(),
            };
            let text = if chosen {
                format!("[{label}]")
            } else {
                label.clone()
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" "));
        }
        return Line::from(spans);
    }
    let shown = selected
        .and_then(|i| options.get(i))
        .map_or(String::new(), |o| o.1.clone());
    if !focused {
        return if shown.is_empty() {
            Line::styled(format!("— ({} choix)", options.len()), theme.dim())
        } else {
            Line::raw(shown)
        };
    }
    let rank = selected.map_or(String::new(), |i| format!("  {}/{}", i + 1, options.len()));
    Line::from(vec![
        Span::styled("◀ ", theme.key()),
        Span::raw(shown),
        Span::styled(" ▶", theme.key()),
        Span::styled(rank, theme.dim()),
    ])
}

#[cfg(test)]
mod tests {
    use super::visible_fields;

    #[test]
    fn a_tall_form_scrolls_with_the_focus() {
        // Three one-line fields, a long text (4), a multiple choice (2), five lines.
        let heights = [1, 1, 1, 4, 2, 1, 1, 1, 1, 1];
        assert_eq!(visible_fields(&heights, 0, 20), 0..10, "all fit");
        assert_eq!(visible_fields(&heights, 0, 8), 0..4);
        // The focus and the next field stay in view, from as high as possible.
        assert_eq!(visible_fields(&heights, 4, 8), 2..6);
        assert_eq!(visible_fields(&heights, 9, 8), 4..10);
        // A field taller than the room is still shown alone.
        assert_eq!(visible_fields(&heights, 3, 2), 3..4);
        assert_eq!(visible_fields(&[], 0, 5), 0..0);
    }
}
