//! Modal boxes: help, conflict, text editor, picker, form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::View;
use super::list::fit;
use crate::app::{App, FieldKind, Overlay, Screen};

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
const HEADER_HELP: [(&str, &str); 3] = [
    (
        "En-tête",
        "élèves dans chaque phase pour l'année et la section du",
    ),
    ("", "filtre, comme passerelle list --phase … --year …"),
    ("", "hors parcours : non repéré, refusé, ou hors bac pro"),
];

/// Every key of the current screen, for the help box.
pub fn help_keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut keys: Vec<(&'static str, &'static str)> = match app.screen {
        Screen::Welcome => vec![
            ("d", "charger la démonstration"),
            ("i", "importer un fichier SIECLE"),
            ("a", "ajouter un élève"),
        ],
        Screen::Students => vec![
            ("↑↓ j k", "élève précédent / suivant"),
            ("PgPréc PgSuiv", "page précédente / suivante"),
            ("Entrée", "fiche complète de l'élève"),
            ("+", "ajouter un élève"),
            ("e", "enregistrer une sortie de formation"),
        ],
        Screen::Grid => vec![
            ("↑↓←→ hjkl", "se déplacer dans la grille"),
            ("Tab / Maj-Tab", "domaine suivant / précédent"),
            (
                "0 1 2 3",
                "niveau 0 (aucune difficulté) à 3 (forte), puis descend",
            ),
            ("? ou Espace", "non évalué"),
            ("Entrée", "ligne suivante"),
            (".", "recopier la case du dessus"),
            ("D", "recopier la case vers les cases vides du dessous"),
            ("c", "commentaire de la case"),
            ("R N A", "verdict : repéré / non repéré / à revoir"),
            ("t", "retenir les difficultés suggérées"),
            ("m", "afficher / masquer les conditions de vie"),
            ("F1", "cette aide"),
        ],
        Screen::Meeting => vec![
            ("s / PgSuiv", "élève suivant"),
            ("p / PgPréc", "élève précédent"),
            ("↑↓ Tab", "champ précédent / suivant"),
            ("Entrée", "modifier le champ"),
            ("←→", "changer la proposition"),
            ("o a r n", "proposé / accepté / refusé / non nécessaire"),
            ("m / M", "ajouter / arrêter un module"),
            ("f", "choisir le référent"),
            (
                "d",
                "date du premier point d'étape (proposée : dans 3 semaines)",
            ),
            ("c", "engagements (texte)"),
            ("e", "sortie de formation"),
            ("v", "afficher / masquer les conditions de vie"),
            ("P", "participants de la réunion"),
            ("R", "récapitulatif de la réunion"),
            ("H", "réunions passées"),
        ],
        Screen::Suivi => vec![
            ("↑↓", "élève (les retards d'abord)"),
            ("t", "liste : en cours / terminés (décision, sortie) / tous"),
            ("n ou Entrée", "nouveau point d'étape"),
            ("b", "bilan du semestre 1"),
            ("m / M", "ajouter / arrêter un module"),
            ("f", "changer de référent"),
            ("o", "fiche complète"),
            ("e", "sortie de formation"),
        ],
        Screen::Bilan => vec![
            ("1", "passage en 2e année"),
            ("2", "redoublement"),
            ("3", "passage en 2e année, BTS en 3 ans"),
            ("0", "effacer la décision"),
            ("d", "résultat au BTS (2 ans, 3 ans, non obtenu)"),
            ("e", "sortie de formation (date, cause, destination)"),
            ("Entrée / o", "fiche complète"),
        ],
        Screen::StudentPage => vec![
            ("↑↓ PgPréc PgSuiv", "faire défiler"),
            ("v", "afficher / masquer les conditions de vie"),
            ("n", "notes sur les conditions de vie (une fois affichées)"),
            ("i", "corriger l'identité (INE, spécialité, Parcoursup…)"),
            ("e", "sortie de formation"),
            ("Échap", "revenir"),
        ],
    };
    if matches!(
        app.screen,
        Screen::Students | Screen::Grid | Screen::Suivi | Screen::Bilan
    ) {
        keys.extend([
            ("/", "rechercher un nom"),
            ("s p r a", "filtrer : section, phase, référent, année"),
            ("x", "effacer les filtres"),
        ]);
    }
    keys.extend(HEADER_HELP);
    keys.extend([
        ("F2…F6 [ ]", "changer d'écran"),
        ("u / Ctrl-r", "annuler / rétablir"),
        ("q", "quitter (tout est déjà enregistré)"),
    ]);
    keys
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let Some(overlay) = &view.app.overlay else {
        return;
    };
    let theme = view.theme;
    match overlay {
        Overlay::Help(scroll) => {
            let keys = help_keys(view.app);
            let box_area = centered(area, 76, keys.len() as u16 + 3);
            // On a small terminal the box scrolls; never past its last line.
            let hidden = (keys.len() as u16 + 3).saturating_sub(box_area.height);
            let scroll = (*scroll).min(hidden);
            let inner = framed(view, box_area, buf, "Aide — touches de cet écran");
            let lines: Vec<Line> = keys
                .iter()
                .map(|(k, d)| {
                    Line::from(vec![Span::styled(fit(k, 18), theme.key()), Span::raw(*d)])
                })
                .chain([Line::styled("Échap pour fermer", theme.dim())])
                .collect();
            Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
        }
        Overlay::Conflict(conflict, pending) => {
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
        Overlay::Text(editor) => {
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
        Overlay::Picker(picker) => {
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
            if lines.is_empty()
                && matches!(picker.purpose, crate::app::PickerPurpose::Referent { .. })
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
        Overlay::Form(form) => {
            let long = form
                .fields
                .iter()
                .filter(|f| matches!(f.kind, FieldKind::LongText(_)))
                .count() as u16;
            let height = form.fields.len() as u16 + long * 3 + 5;
            let box_area = centered(area, 76, height);
            let inner = framed(view, box_area, buf, &form.title);
            let mut constraints: Vec<Constraint> = form
                .fields
                .iter()
                .map(|f| {
                    Constraint::Length(if matches!(f.kind, FieldKind::LongText(_)) {
                        4
                    } else {
                        1
                    })
                })
                .collect();
            constraints.push(Constraint::Length(1));
            constraints.push(Constraint::Min(1));
            let areas = Layout::vertical(constraints).split(inner);
            for (i, field) in form.fields.iter().enumerate() {
                let focused = i == form.focus;
                let [label, value] = areas[i].layout(&Layout::horizontal([
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
                    fit(&format!("{}{mark}", field.label), 29),
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
                    _ => Paragraph::new(field.shown())
                        .wrap(Wrap { trim: false })
                        .render(value, buf),
                }
            }
            if let Some(error) = &form.error {
                // The message may be long (an import problem): it may use the space left.
                let n = form.fields.len();
                let room = Rect {
                    height: areas[n].height + areas[n + 1].height,
                    ..areas[n]
                };
                Paragraph::new(Line::styled(error.clone(), theme.error()))
                    .wrap(Wrap { trim: false })
                    .render(room, buf);
            } else {
                let on_date = form.fields.get(form.focus).is_some_and(|f| f.date);
                let hint = if on_date {
                    "+/− jour · PgPréc/PgSuiv semaine · Suppr efface · « aujourd'hui »"
                } else {
                    "* obligatoire · Ctrl-s enregistrer"
                };
                Paragraph::new(Line::styled(hint, theme.dim()))
                    .render(areas[form.fields.len()], buf);
            }
        }
    }
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
