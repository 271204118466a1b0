//! The preview of an import plan, in French, one line per pupil or division,
//! readable at 80 columns; every count is followed by exactly its lines.

use crate::model::text::{wrap, wraps_as_is};

use super::plan::{
    AsideReason, DivisionPlan, EstablishmentChoice, ImportPlan, PupilAction, SectionTarget,
};

/// How advice is worded: with command-line options, or in words (the TUI form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    CommandLine,
    Words,
}

/// Width of the preview: an 80-column terminal.
const WIDTH: usize = 80;

impl ImportPlan {
    /// The preview, one entry per line, lines longer than 80 columns continued on
    /// the next ones, further indented.
    pub fn preview_lines(&self, advice: Advice) -> Vec<String> {
        self.preview_lines_at(advice, WIDTH)
    }

    /// The preview in lines of at most `width` columns (a TUI box is narrower).
    pub fn preview_lines_at(&self, advice: Advice, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        for line in self.entries(advice) {
            if line.is_empty() {
                out.push(line);
                continue;
            }
            let text = line.trim_start();
            let indent = line.len() - text.len();
            let room = width.saturating_sub(indent + 4).max(20);
            if line.as_bytes()[..indent].iter().all(|b| *b == b' ') && wraps_as_is(text, room) {
                // One line, as it was (most pupils' lines).
                out.push(line);
                continue;
            }
            for (i, part) in wrap(text, room).into_iter().enumerate() {
                let extra = if i == 0 { 0 } else { 4 };
                out.push(format!("{}{part}", " ".repeat(indent + extra)));
            }
        }
        out
    }

    fn entries(&self, advice: Advice) -> Vec<String> {
        let mut out = Vec::new();
        let file = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        out.push(format!(
            "Import SIECLE : {file}, année {}",
            self.school_year
        ));
        out.push(match &self.establishment {
            EstablishmentChoice::Existing { name, uai, .. } => {
                format!("Établissement : {name} ({uai})")
            }
            EstablishmentChoice::Placeholder { uai } => format!(
                "Établissement : « Mon établissement »{}, créé pour l'occasion (à \
                 compléter dans Réglages)",
                uai.as_ref().map(|u| format!(" ({u})")).unwrap_or_default()
            ),
        });
        if self.divisions.is_empty() {
            out.push(String::new());
            out.push("Aucune division de 1re année de BTS reconnue : rien à importer.".to_string());
        }
        for division in &self.divisions {
            out.push(String::new());
            division_lines(division, &mut out);
        }
        let not_bts: Vec<_> = self
            .aside
            .iter()
            .filter(|a| {
                !matches!(
                    a.reason,
                    AsideReason::UnknownBts | AsideReason::UnknownYear(_)
                )
            })
            .collect();
        if !not_bts.is_empty() {
            out.push(String::new());
            out.push(format!(
                "{} division(s) laissée(s) de côté (pas en 1re année de BTS) :",
                not_bts.len()
            ));
            for a in not_bts {
                let why = match &a.reason {
                    AsideReason::OtherYear(year) => format!(", {year}e année de BTS"),
                    AsideReason::NotAsked => ", non demandée".to_string(),
                    AsideReason::Inactive => ", élèves inactifs ou sans division".to_string(),
                    _ => String::new(),
                };
                out.push(format!(
                    "  · {} : {} élève(s){why}",
                    name(&a.division),
                    a.pupils
                ));
            }
        }
        let unknown: Vec<_> = self
            .aside
            .iter()
            .filter(|a| {
                matches!(
                    a.reason,
                    AsideReason::UnknownBts | AsideReason::UnknownYear(_)
                )
            })
            .collect();
        if !unknown.is_empty() {
            out.push(String::new());
            out.push(format!(
                "{} division(s) qui semble(nt) de BTS, non reconnue(s) :",
                unknown.len()
            ));
            for a in &unknown {
                let why = match &a.reason {
                    AsideReason::UnknownYear(code) => format!("BTS {code}, année non indiquée"),
                    _ => "spécialité inconnue".to_string(),
                };
                out.push(format!(
                    "  ? {} : {} élève(s), {why}",
                    name(&a.division),
                    a.pupils
                ));
            }
            match advice {
                Advice::CommandLine => {
                    out.push("    Pour en importer une, relancez la commande avec :".to_string());
                    out.push(
                        "      --division NOM --section CODE --sector production|services"
                            .to_string(),
                    );
                }
                Advice::Words => out.push(
                    "    Pour en importer une, refaites l'import en remplissant « Seulement la \
                     division », « Forcer la section » (son code), son intitulé et son secteur."
                        .to_string(),
                ),
            }
        }
        let c = self.counts();
        out.push(String::new());
        out.push(format!(
            "En tout : {} à ajouter, {} déjà présent(s), {} sortie(s) à enregistrer,",
            c.to_add, c.present, c.exits
        ));
        out.push(format!(
            "  {} parti(s) avant l'import, {} écarté(s) ; {} section(s) à créer ;",
            c.left_before, c.set_aside, c.sections_to_create
        ));
        out.push(format!("  {} division(s) de côté.", c.divisions_aside));
        out
    }
}

fn name(division: &str) -> String {
    if division.is_empty() {
        "(sans division)".to_string()
    } else {
        format!("« {division} »")
    }
}

fn division_lines(division: &DivisionPlan, out: &mut Vec<String>) {
    let target = match &division.target {
        SectionTarget::Existing { code, sector, .. } => {
            format!("section {code} (existante, {})", sector)
        }
        SectionTarget::New { code, name, sector } => {
            format!("section {code} à créer : {name}, {}", sector)
        }
    };
    out.push(format!("{} → {target}", name(&division.division)));
    out.push(format!("  ({})", division.how));
    type Pick = fn(&PupilAction) -> Option<String>;
    let groups: [(&str, &str, Pick); 5] = [
        ("à ajouter", "+", |a| {
            matches!(a, PupilAction::Add(_)).then(String::new)
        }),
        ("déjà présent(s)", "=", |a| {
            matches!(a, PupilAction::Present).then(String::new)
        }),
        ("sortie(s) à enregistrer", "-", |a| match a {
            PupilAction::RecordExit { date, .. } => {
                Some(format!(" : sorti(e) le {}", date.format("%d/%m/%Y")))
            }
            _ => None,
        }),
        ("parti(s) avant l'import, non ajouté(s)", "x", |a| match a {
            PupilAction::LeftBefore { date } => {
                Some(format!(" : sorti(e) le {}", date.format("%d/%m/%Y")))
            }
            _ => None,
        }),
        ("écarté(s)", "!", |a| match a {
            PupilAction::SetAside(reason) => Some(format!(" : {reason}")),
            _ => None,
        }),
    ];
    for (title, mark, pick) in groups {
        let lines: Vec<String> = division
            .pupils
            .iter()
            .filter_map(|p| pick(&p.action).map(|rest| format!("    {mark} {}{rest}", p.name)))
            .collect();
        if !lines.is_empty() {
            out.push(format!("  {} {title} :", lines.len()));
            out.extend(lines);
        }
    }
    if division.pupils.is_empty() {
        out.push("  aucun élève".to_string());
    }
}
