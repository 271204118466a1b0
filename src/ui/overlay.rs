//! Modal boxes: help, conflict, text editor, picker, form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::View;
use crate::app::{FieldKind, Overlay};
use crate::model::text::pad;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = area.layout(
        &Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center),
    );
    let [cell] = row.layout(
        &Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center),
    );
    cell
}

fn framed(view: &View, area: Rect, buf: &mut Buffer, title: &str) -> Rect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), view.theme.title()))
        .border_style(view.theme.title());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// What the header's counts are (same rule as `passerelle list --phase`).
const HEADER_HELP: [(&str, &str); 4] = [
    (
        "En-tête",
        "élèves dans chaque phase pour l'année et la section du",
    ),
    ("", "filtre (les mêmes comptes que la liste des élèves)"),
    ("", "hors parcours : non repéré, refusé, ou hors bac pro"),
    ("", "⚠ … en retard : échéance du calendrier passée (F7)"),
];

/// Help box width (the box is cut to the terminal).
const HELP_WIDTH: u16 = 76;

/// The help box's text: the screen's rule first, then its table, one line per label.
fn help_lines(view: &View) -> Vec<Line<'static>> {
    let theme = view.theme;
    let app = view.app;
    let mut lines = Vec::new();
    if let Some(rule) = crate::app::keys::rule(app) {
        let width = usize::from(HELP_WIDTH - 2);
        lines.extend(
            wrap_words(rule, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
        lines.push(Line::raw(""));
    }
    let table = crate::app::keys::bindings(app);
    let keys = crate::app::keys::help_lines(&table);
    let header = HEADER_HELP.iter().map(|(k, d)| (k.to_string(), *d));
    for (keys, label) in keys.into_iter().chain(header) {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", pad(&keys, 17)), theme.key()),
            Span::raw(label),
        ]));
    }
    lines.push(Line::styled("Échap pour fermer", theme.dim()));
    lines
}

/// Words of `text` in lines of at most `width` characters.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Draws the open box, if any, over the screen: one widget per kind of box.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let Some(overlay) = &view.app.overlay else {
        return;
    };
    match overlay {
        Overlay::Help(scroll) => HelpBox { view, scroll }.render(area, buf),
        Overlay::Conflict(conflict, pending) => ConflictBox {
            view,
            conflict,
            pending,
        }
        .render(area, buf),
        Overlay::Text(editor) => TextBox { view, editor }.render(area, buf),
        Overlay::Picker(picker) => PickerBox { view, picker }.render(area, buf),
        Overlay::Form(form) => FormBox { view, form }.render(area, buf),
        Overlay::Report(report) => ReportBox { view, report }.render(area, buf),
    }
}

/// A long message in a box that scrolls; its last line says how to go on.
struct ReportBox<'a> {
    view: &'a View<'a>,
    report: &'a crate::app::Report,
}

impl Widget for ReportBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ReportBox { view, report } = self;
        let theme = view.theme;
        let width = HELP_WIDTH.min(area.width);
        // Wrapped when the report was made (at 80 columns and more, nothing is cut).
        let lines: Vec<String> = report
            .lines
            .iter()
            .map(|l| crate::model::text::fit(l, usize::from(width.saturating_sub(2))))
            .collect();
        let room = Rect {
            height: area.height.saturating_sub(2),
            ..area
        };
        let height = (lines.len() as u16 + 3).min(room.height);
        let box_area = centered(room, width, height);
        let inner = framed(view, box_area, buf, &report.title);
        let [text, foot] = inner.layout(&Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
        ]));
        let visible = text.height as usize;
        let scroll = report.scroll;
        let style = if report.error {
            theme.error()
        } else {
            theme.text()
        };
        let shown: Vec<Line> = lines
            .iter()
            .skip(scroll)
            .take(visible)
            .map(|l| Line::styled(l.clone(), style))
            .collect();
        Paragraph::new(shown).render(text, buf);
        let more = lines.len() > scroll + visible;
        let position = if lines.len() > visible {
            format!(
                "lignes {}-{} sur {}{} · ",
                scroll + 1,
                (scroll + visible).min(lines.len()),
                lines.len(),
                if more { " ↓" } else { "" }
            )
        } else {
            String::new()
        };
        let keys = match report.confirm {
            Some(
                crate::app::ReportConfirm::ImportSiecle(_)
                | crate::app::ReportConfirm::ImportTeam(..),
            ) => "Entrée importer · Échap annuler",
            None => "Entrée ou Échap fermer",
        };
        Paragraph::new(Line::styled(format!("{position}{keys}"), theme.dim())).render(foot, buf);
    }
}

/// Help box: the keys of the current screen, scrolled on small terminals.
struct HelpBox<'a> {
    view: &'a View<'a>,
    scroll: &'a u16,
}

impl Widget for HelpBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HelpBox { view, scroll } = self;
        let lines = help_lines(view);
        let height = lines.len() as u16 + 2;
        // The footer's last line stays visible: it says how to scroll and close.
        let room = Rect {
            height: area.height.saturating_sub(2),
            ..area
        };
        let box_area = centered(room, HELP_WIDTH, height);
        // On a small terminal the box scrolls; never past its last line.
        let hidden = height.saturating_sub(box_area.height);
        let scroll = (*scroll).min(hidden);
        let inner = framed(view, box_area, buf, "Aide — touches de cet écran");
        Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
    }
}

/// Conflict box: both values, who and when; keep theirs or overwrite.
struct ConflictBox<'a> {
    view: &'a View<'a>,
    conflict: &'a crate::store::Conflict,
    pending: &'a crate::app::PendingEdit,
}

impl Widget for ConflictBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ConflictBox {
            view,
            conflict,
            pending,
        } = self;
        let theme = view.theme;
        let box_area = centered(area, 70, 11);
        let inner = framed(view, box_area, buf, "Conflit de modification");
        let value = |v: &Option<String>| {
            v.as_deref().map_or("(masquée)".to_string(), |v| {
                crate::labels::value_label(&conflict.field, v)
            })
        };
        let lines = vec![
            Line::styled(
                format!(
                    "{} a modifié {} le {}.",
                    conflict.who,
                    conflict.what,
                    crate::labels::timestamp_label(&conflict.when)
                ),
                theme.warning(),
            ),
            Line::raw(format!(
                "Champ : {}",
                crate::labels::field_label(&conflict.field)
            )),
            Line::raw(format!("Sa valeur :    {}", value(&conflict.their_value))),
            Line::raw(format!("Votre valeur : {}", value(&conflict.my_value))),
            Line::raw(format!("({})", pending.label)),
            Line::raw(""),
            Line::from(vec![
                Span::styled("g", theme.key()),
                Span::raw(" garder sa valeur   "),
                Span::styled("e", theme.key()),
                Span::raw(" écraser avec la vôtre"),
            ]),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// Text editor box, with its character count.
struct TextBox<'a> {
    view: &'a View<'a>,
    editor: &'a crate::app::TextEditor,
}

impl Widget for TextBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let TextBox { view, editor } = self;
        let theme = view.theme;
        let height = if editor.multiline { 12 } else { 5 };
        let box_area = centered(area, 74, height);
        let inner = framed(view, box_area, buf, &editor.title);
        let [field, hint] = inner.layout(&Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
        ]));
        (&editor.area).render(field, buf);
        let keys = if editor.multiline {
            "Ctrl-s enregistrer · Échap annuler"
        } else {
            "Entrée valider · Échap annuler"
        };
        let (used, max) = editor.used();
        let text = format!(
            "{keys} · {}/{} caractères",
            crate::model::text::thousands(used),
            crate::model::text::thousands(max)
        );
        Paragraph::new(Line::styled(text, theme.dim())).render(hint, buf);
    }
}

/// Picker box: type-ahead filter and the matching choices.
struct PickerBox<'a> {
    view: &'a View<'a>,
    picker: &'a crate::app::Picker,
}

impl Widget for PickerBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let PickerBox { view, picker } = self;
        let theme = view.theme;
        let box_area = centered(area, 70, 16);
        let inner = framed(view, box_area, buf, &picker.title);
        let [query, list] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        Paragraph::new(Line::from(vec![
            Span::styled("Filtre : ", theme.dim()),
            Span::raw(picker.query.clone()),
            Span::raw("▏"),
        ]))
        .render(query, buf);
        let visible = picker.visible();
        let height = list.height as usize;
        let offset = picker.selected.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line> = visible
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, c)| {
                let star = if c.suggested { "★ " } else { "  " };
                let line = Line::from(vec![
                    Span::raw(format!("{star}{} · ", c.label)),
                    Span::styled(c.hint.clone(), theme.dim()),
                ]);
                if i == picker.selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        if lines.is_empty() && matches!(picker.purpose, crate::app::PickerPurpose::Referent { .. })
        {
            let text = format!(
                "Entrée : ajouter « {} » à l'équipe comme référent.",
                picker.query.trim()
            );
            Paragraph::new(Line::styled(text, theme.dim()))
                .wrap(Wrap { trim: false })
                .render(list, buf);
        } else if lines.is_empty()
            && picker.purpose == crate::app::PickerPurpose::Who
            && !picker.query.trim().is_empty()
        {
            let text = format!(
                "Entrée : signer vos modifications « {} ».",
                picker.query.trim()
            );
            Paragraph::new(Line::styled(text, theme.dim()))
                .wrap(Wrap { trim: false })
                .render(list, buf);
        } else if lines.is_empty() {
            Paragraph::new(Line::styled("Aucun choix ne correspond.", theme.dim()))
                .render(list, buf);
        } else {
            Paragraph::new(lines).render(list, buf);
        }
    }
}

/// Form box: one line per field (four for a long text, two for a multiple
/// choice), the focused one editable; a form taller than the screen scrolls
/// with the focus.
struct FormBox<'a> {
    view: &'a View<'a>,
    form: &'a crate::app::Form,
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
