//! Welcome screen of an empty database.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::View;

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let path = view
        .app
        .store
        .path()
        .map_or_else(|| "(en mémoire)".into(), |p| p.display().to_string());
    let option = |key: &'static str, text: &'static str, hint: &'static str| {
        vec![
            Line::from(vec![
                Span::styled(format!("   {key:<2} "), theme.key()),
                Span::styled(text, theme.title()),
            ]),
            Line::styled(format!("      {hint}"), theme.dim()),
        ]
    };
    let mut lines = vec![
        Line::raw(""),
        Line::styled(" Bienvenue dans Passerelle", theme.title()),
        Line::raw(
            " Suivi du parcours de consolidation des bacheliers professionnels en 1re année de BTS.",
        ),
        Line::raw(""),
        Line::raw(" La base est vide. Pour commencer :"),
        Line::raw(""),
    ];
    lines.extend(option(
        "d",
        "Charger la démonstration",
        "Un lycée fictif, trois sections et 60 élèves, pour essayer sans risque.",
    ));
    lines.extend(option(
        "i",
        "Importer un fichier SIECLE",
        "Liste des élèves par division (CSV) ou ElevesSansAdresses (XML ou ZIP).",
    ));
    lines.extend(option(
        "a",
        "Ajouter un élève à la main",
        "Nom, prénom, section ; le reste se complète ensuite.",
    ));
    lines.extend(option(
        "F7",
        "Réglages de la rentrée",
        "Établissement, équipe, calendrier scolaire, catalogue des modules.",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" Base : {path}"), theme.dim()));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
