//! The family sheet laid out as blocks, in the wording of `famille.toml`.

use chrono::NaiveDate;

use super::wording::{Wording, wording};
use super::{Family, FamilyModule};
use crate::model::sessions::long_date;
use crate::model::{ModuleType, Proposal};
use crate::print::establishment::header;
use crate::print::{Block, Doc, Signatory, Table, dated, fill};

/// The printed family sheet of `f`, dated `today`.
pub fn document(f: &Family, today: NaiveDate) -> Doc {
    let w = wording();
    let section = f.section.clone().unwrap_or_default();
    let year = f.school_year.clone().unwrap_or_default();
    let of_name = of(&f.first_name);
    let values = [
        ("prenom", f.first_name.as_str()),
        ("de_prenom", of_name.as_str()),
        ("eleve", f.name.as_str()),
        ("section", section.as_str()),
        ("annee", year.as_str()),
    ];
    let say = |text: &str| fill(text, &values);
    let mut subtitle = say(&w.subtitle);
    if f.section.is_none() || f.school_year.is_none() {
        // Section or year unknown: the name alone.
        subtitle = f.name.clone();
    }
    let status = match f.proposal {
        Some(Proposal::Propose) => &w.proposal.proposed,
        Some(Proposal::Accepte) => &w.proposal.accepted,
        _ => &w.proposal.other,
    };
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(subtitle),
        Block::Paragraph(w.greeting.clone()),
        Block::Paragraph(say(&w.intro)),
        Block::Heading(say(&w.headings.proposed)),
        Block::Paragraph(say(&w.proposal.parcours)),
        Block::Paragraph(say(status)),
    ];
    modules(&mut blocks, f, w, &say);
    checkins(&mut blocks, f, w, &say);
    blocks.push(Block::Heading(w.headings.asked.clone()));
    blocks.push(Block::Paragraph(w.asked.intro.clone()));
    blocks.push(Block::Bullets(
        w.asked.items.iter().map(|i| say(i)).collect(),
    ));
    blocks.push(Block::Paragraph(say(&w.asked.ours)));
    contact(&mut blocks, f, w, &say);
    // One framed box, title and blank lines together, so it never splits.
    blocks.push(Block::Table(Table {
        widths: vec![1.0],
        header: vec![w.headings.remarks.clone()],
        rows: vec![vec![format!(
            "{}{}",
            w.remarks.intro,
            "\n".repeat(w.remarks.lines)
        )]],
    }));
    blocks.push(Block::Heading(w.headings.signatures.clone()));
    blocks.push(signatures(f, w));
    Doc {
        title: say(&w.footer_title),
        dated: dated(today),
        header: header(f.establishment.as_ref()),
        blocks,
    }
}

fn modules(blocks: &mut Vec<Block>, f: &Family, w: &Wording, say: &dyn Fn(&str) -> String) {
    let m = &w.modules;
    blocks.push(Block::Heading(w.headings.modules.clone()));
    if f.modules.is_empty() {
        blocks.push(Block::Paragraph(say(&m.none)));
        return;
    }
    blocks.push(Block::Paragraph(say(&m.intro)));
    blocks.push(Block::Bullets(
        f.modules.iter().map(|x| module_line(x, w)).collect(),
    ));
}

/// « Reformulation, pour consolider… : avec Ada DURAND, le mardi de 14 h à 16 h… ».
fn module_line(module: &FamilyModule, w: &Wording) -> String {
    let m = &w.modules;
    let mut head = module.name.clone();
    if let Some(kind) = module.kind {
        let aim = match kind {
            ModuleType::Soutien => &m.soutien,
            ModuleType::Perseverance => &m.perseverance,
            ModuleType::Renforce => &m.renforce,
        };
        head = format!("{head}, {aim}");
    }
    let mut details = Vec::new();
    if !module.leaders.is_empty() {
        let leaders = module.leaders.join(" et ");
        details.push(fill(&m.led_by, &[("animateurs", &leaders)]));
    } else if let Some(role) = &module.led_by {
        let mut chars = role.chars();
        let role: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        details.push(fill(&m.led_by_role, &[("animateurs", &role)]));
    }
    if module.schedules.is_empty() || module.schedules.iter().all(|s| s.contains("à fixer")) {
        details.push(m.to_be_set.clone());
    } else {
        details.extend(module.schedules.iter().cloned());
    }
    format!("{head} : {}.", details.join(" ; "))
}

fn checkins(blocks: &mut Vec<Block>, f: &Family, w: &Wording, say: &dyn Fn(&str) -> String) {
    let c = &w.checkins;
    blocks.push(Block::Heading(w.headings.checkins.clone()));
    blocks.push(Block::Paragraph(say(&c.explained)));
    let mut planned = Vec::new();
    if let Some(d) = f.first_checkin {
        planned.push(fill(&c.first, &[("date", &long_date(d))]));
    }
    if let Some(d) = f.next_checkin.filter(|d| Some(*d) != f.first_checkin) {
        planned.push(fill(&c.next, &[("date", &long_date(d))]));
    }
    if planned.is_empty() {
        blocks.push(Block::Paragraph(c.none.clone()));
    } else {
        blocks.push(Block::Bullets(planned));
    }
}

fn contact(blocks: &mut Vec<Block>, f: &Family, w: &Wording, say: &dyn Fn(&str) -> String) {
    let c = &w.contact;
    blocks.push(Block::Heading(w.headings.contact.clone()));
    let mut lines = Vec::new();
    match &f.referent {
        Some(name) => {
            lines.push(fill(&say(&c.referent), &[("nom", name)]));
            if let Some(email) = &f.referent_email {
                lines.push(fill(&c.email, &[("courriel", email)]));
            }
        }
        None => lines.push(say(&c.no_referent)),
    }
    if let Some(e) = &f.establishment {
        lines.push(match &e.city {
            Some(city) => fill(
                &c.establishment_city,
                &[("etablissement", &e.name), ("ville", city)],
            ),
            None => fill(&c.establishment, &[("etablissement", &e.name)]),
        });
    }
    blocks.push(Block::Bullets(lines));
    blocks.push(Block::Paragraph(c.how.clone()));
}

/// « de Dylan », « d'Éloïse »: French elides « de » before a vowel.
fn of(first_name: &str) -> String {
    let folded = crate::model::text::fold(first_name);
    if folded.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("d'{first_name}")
    } else {
        format!("de {first_name}")
    }
}

fn signatures(f: &Family, w: &Wording) -> Block {
    let s = &w.signatures;
    let city = f
        .establishment
        .as_ref()
        .and_then(|e| e.city.clone())
        .unwrap_or_else(|| "…………………………".into());
    Block::Signatures {
        place_date: fill(&s.place_date, &[("ville", &city)]),
        signatories: vec![
            Signatory {
                role: s.family.clone(),
                name: String::new(),
            },
            Signatory {
                role: s.student.clone(),
                name: f.name.clone(),
            },
            Signatory {
                role: s.referent.clone(),
                name: f.referent.clone().unwrap_or_default(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn de_is_elided_before_a_vowel_even_accented() {
        assert_eq!(of("Éloïse"), "d'Éloïse");
        assert_eq!(of("Inès"), "d'Inès");
        assert_eq!(of("Dylan"), "de Dylan");
        assert_eq!(of("Yanis"), "de Yanis");
    }
}
