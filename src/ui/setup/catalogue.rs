//! Settings, catalogue tab: a line of the three lists (modules, criteria,
//! difficulty types), the list shown, and the selected entry's key facts.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::field;
use crate::app::setup::catalogue::{CatalogueList, criterion_rows, difficulty_rows, module_rows};
use crate::labels::{Label, domain_short};
use crate::model::text::{fit, pad, pad_left};
use crate::model::{ModuleType, hours_label};
use crate::ui::{View, ViewState};

/// One line of a list: a group title, or an entry (the cursor counts entries only).
enum Row {
    Group(String),
    Entry(String, bool),
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer, state: &mut ViewState) {
    let list = view.app.setup.catalogue.list;
    let detail_height = if area.height >= 14 { 4 } else { 0 };
    let [tabs, body, detail] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_height),
    ]));
    render_lists_line(view, tabs, buf);
    let width = area.width as usize;
    let (header, rows, facts) = match list {
        CatalogueList::Modules => modules(view, width),
        CatalogueList::Criteria => criteria(view, width),
        CatalogueList::DifficultyTypes => difficulty_types(view, width),
    };
    render_rows(view, body, buf, state, header, rows);
    if detail_height > 0 {
        let [rule, text] = detail.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        Paragraph::new(Line::styled("─".repeat(width), view.theme.dim())).render(rule, buf);
        Paragraph::new(facts).render(text, buf);
    }
}

/// " 1 [Modules]  2 Critères de repérage  3 Types de difficulté".
fn render_lists_line(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let mut spans = vec![Span::raw(" ")];
    for (i, list) in CatalogueList::ALL.iter().enumerate() {
        let current = view.app.setup.catalogue.list == *list;
        spans.push(Span::styled(format!("{} ", i + 1), theme.key()));
        let (text, style) = if current {
            (format!("[{}]", list.label()), theme.active())
        } else {
            (format!(" {} ", list.label()), theme.dim())
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw("  "));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The list under its header, the cursor entry highlighted and kept in view.
fn render_rows(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    state: &mut ViewState,
    header: String,
    rows: Vec<Row>,
) {
    let theme = view.theme;
    let [head, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
    ]));
    Paragraph::new(Line::styled(header, theme.title())).render(head, buf);
    let entries = rows.iter().filter(|r| matches!(r, Row::Entry(..))).count();
    if entries == 0 {
        let text = " Liste vide : + pour ajouter une entrée.";
        Paragraph::new(Line::styled(text, theme.dim())).render(body, buf);
        return;
    }
    let cursor = view.app.setup.cursor().min(entries - 1);
    let mut entry = 0;
    let mut cursor_line = 0;
    let lines: Vec<(Line, bool)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| match row {
            Row::Group(text) => (Line::styled(text, theme.title()), false),
            Row::Entry(text, retired) => {
                let here = entry == cursor;
                if here {
                    cursor_line = i;
                }
                entry += 1;
                let style = match (here, retired) {
                    (true, _) => theme.selected(),
                    (false, true) => theme.dim(),
                    (false, false) => Style::default(),
                };
                (Line::styled(text, style), here)
            }
        })
        .collect();
    let height = body.height as usize;
    // The group title just above the cursor stays in view with it.
    let offset = crate::ui::scroll_offset(state.list_offset, cursor_line, height, lines.len());
    let offset = if offset > 0 && offset == cursor_line {
        offset - 1
    } else {
        offset
    };
    state.list_offset = offset;
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|(line, _)| line)
        .collect();
    Paragraph::new(shown).render(body, buf);
}

/// A name cut to `width` columns, " (retiré)" kept visible after a retired one.
fn name_cell(name: &str, retired: bool, width: usize) -> String {
    const MARK: &str = " (retiré)";
    if retired {
        let room = width.saturating_sub(MARK.chars().count());
        pad(&format!("{}{MARK}", fit(name, room)), width)
    } else {
        pad(name, width)
    }
}

/// The detail's values stop at this column: a move rewrites the two rows of
/// the cursor (~200 bytes with colours) and the value cells that differ, so a
/// value longer than this would take a move past 300 bytes. The whole text is
/// on the fiche (Entrée).
const DETAIL_WIDTH: usize = 52;

type Listing = (String, Vec<Row>, Vec<Line<'static>>);

fn modules(view: &View, width: usize) -> Listing {
    let app = view.app;
    let rows = module_rows(app);
    let name_width = width.saturating_sub(2 + 18 + 12 + 9).max(10);
    let header = format!(
        " {} {} {} {}",
        pad("Code", 17),
        pad("Module", name_width),
        pad_left("Format", 11),
        pad_left("Accordées", 9)
    );
    let mut lines = Vec::new();
    let mut group = None;
    for m in &rows {
        if group != Some(m.module_type) {
            group = Some(m.module_type);
            lines.push(Row::Group(format!(" {}", type_title(m.module_type))));
        }
        let text = format!(
            "  {} {} {} {}",
            pad(&m.code, 16),
            name_cell(&m.name, m.retired, name_width),
            pad_left(&m.format_label().unwrap_or_else(|| "—".into()), 11),
            pad_left(&m.hours_granted.map_or("—".into(), hours_label), 9)
        );
        lines.push(Row::Entry(fit(&text, width), m.retired));
    }
    // One line that changes with the row (the difficulties answered, at a
    // fixed place); the rest of the fiche is one Entrée away.
    let facts = rows
        .get(app.setup.cursor())
        .map(|m| {
            let answers: Vec<&str> = m
                .difficulties
                .iter()
                .map(|d| app.data.difficulty_label(d))
                .collect();
            let answers = if answers.is_empty() {
                "—".to_string()
            } else {
                answers.join(", ")
            };
            vec![
                // A module's rows are full width: 10 columns less for its value.
                field(view.theme, "Pour", 4, &answers, DETAIL_WIDTH - 10),
                Line::styled(
                    " Entrée : fiche complète (objectifs, animateurs, période, lieu, évaluation)",
                    view.theme.dim(),
                ),
            ]
        })
        .unwrap_or_default();
    (header, lines, facts)
}

/// "Soutien", "Persévérance", "Renforcé" as group titles.
fn type_title(module_type: ModuleType) -> String {
    let aim = match module_type {
        ModuleType::Soutien => "compétences disciplinaires, professionnelles, méthodes",
        ModuleType::Perseverance => "compétences psychosociales, assiduité, motivation",
        ModuleType::Renforce => "réorientation, insertion professionnelle",
    };
    format!("{} — {aim}", module_type.label())
}

fn criteria(view: &View, width: usize) -> Listing {
    let app = view.app;
    let rows = criterion_rows(app);
    let label_width = width.saturating_sub(2 + 19 + 11 + 24).max(10);
    let header = format!(
        " {} {} {} {}",
        pad("Code", 18),
        pad("Domaine", 10),
        pad("Intitulé", label_width),
        "Difficulté suggérée"
    );
    let lines = rows
        .iter()
        .map(|c| {
            let difficulty = c
                .difficulty
                .as_deref()
                .map_or("—", |d| app.data.difficulty_label(d));
            let text = format!(
                "  {} {} {} {}",
                pad(&c.code, 17),
                pad(domain_short(c.domain).0, 10),
                name_cell(&c.label, c.retired, label_width),
                difficulty
            );
            Row::Entry(fit(&text, width), c.retired)
        })
        .collect();
    let facts = rows
        .get(app.setup.cursor())
        .map(|c| {
            vec![
                field(
                    view.theme,
                    "Description",
                    11,
                    c.description.as_deref().unwrap_or("(sans description)"),
                    DETAIL_WIDTH,
                ),
                Line::styled(
                    " K/J ou < > : monter / descendre dans la grille · r : retirer (valeurs gardées)",
                    view.theme.dim(),
                ),
            ]
        })
        .unwrap_or_default();
    (header, lines, facts)
}

fn difficulty_types(view: &View, width: usize) -> Listing {
    let app = view.app;
    let rows = difficulty_rows(app);
    let label_width = width.saturating_sub(2 + 18 + 30).max(10);
    let header = format!(
        " {} {} Modules qui y répondent",
        pad("Code", 17),
        pad("Intitulé", label_width)
    );
    let lines = rows
        .iter()
        .map(|d| {
            let types: Vec<&str> = d.module_types.iter().map(|t| t.label()).collect();
            let text = format!(
                "  {} {} {}",
                pad(&d.code, 16),
                name_cell(&d.label, d.retired, label_width),
                types.join(" > ")
            );
            Row::Entry(fit(&text, width), d.retired)
        })
        .collect();
    let facts = rows
        .get(app.setup.cursor())
        .map(|d| {
            let used = app
                .data
                .modules
                .iter()
                .filter(|m| !m.retired && m.difficulties.contains(&d.code))
                .count();
            vec![
                field(
                    view.theme,
                    "Description",
                    11,
                    d.description.as_deref().unwrap_or("(sans description)"),
                    DETAIL_WIDTH,
                ),
                field(
                    view.theme,
                    "Modules",
                    11,
                    &format!("{used} module(s) actif(s) y répondent"),
                    width,
                ),
            ]
        })
        .unwrap_or_default();
    (header, lines, facts)
}
