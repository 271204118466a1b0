//! Modal boxes: help, conflict, text editor, picker, form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::View;
use crate::app::Overlay;
use crate::model::text::pad;

mod form;
use form::FormBox;

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
