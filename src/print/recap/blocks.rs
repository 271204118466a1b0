//! The recap laid out as blocks: what is printed, in the wording of `recap.toml`.

use chrono::NaiveDate;

use super::Recap;
use super::wording::{Wording, wording};
use crate::model::sessions::long_date;
use crate::print::establishment::header;
use crate::print::{Block, Doc, Table, dated, fill};

/// The printed recap of `r`, dated `today`.
pub fn document(r: &Recap, today: NaiveDate) -> Doc {
    let w = wording();
    let date = long_date(r.held_on);
    let number = r.number.to_string();
    let values = [("date", date.as_str()), ("numero", number.as_str())];
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(fill(&w.subtitle, &values)),
        Block::Paragraph(w.intro.clone()),
        meeting_fields(r, w),
    ];
    students(&mut blocks, r, w);
    blocks.push(Block::Heading(w.counts.heading.clone()));
    blocks.push(counts(r, w));
    Doc {
        title: fill(&w.footer_title, &values),
        dated: dated(today),
        header: header(r.establishment.as_ref()),
        blocks,
    }
}

fn meeting_fields(r: &Recap, w: &Wording) -> Block {
    let l = &w.labels;
    let sections = if r.sections.len() > 1 {
        &l.sections_many
    } else {
        &l.sections
    };
    Block::Fields(vec![
        (l.date.clone(), long_date(r.held_on)),
        (
            l.year.clone(),
            r.school_year.clone().unwrap_or_else(|| l.not_given.clone()),
        ),
        (
            sections.clone(),
            if r.sections.is_empty() {
                l.not_given.clone()
            } else {
                r.sections.join("\n")
            },
        ),
        (
            l.attendees.clone(),
            r.attendees
                .clone()
                .unwrap_or_else(|| l.attendees_none.clone()),
        ),
    ])
}

fn students(blocks: &mut Vec<Block>, r: &Recap, w: &Wording) {
    let t = &w.table;
    blocks.push(Block::Heading(t.heading.clone()));
    if r.rows.is_empty() {
        blocks.push(Block::Paragraph(t.empty.clone()));
        return;
    }
    // The section is named under each student only when the meeting saw several.
    let several = r.sections.len() > 1;
    let rows = r
        .rows
        .iter()
        .map(|s| {
            let name = match (&s.section, several) {
                (Some(code), true) => format!("{}\n{code}", s.name),
                _ => s.name.clone(),
            };
            vec![
                name,
                s.decision.clone().unwrap_or_else(|| t.no_decision.clone()),
                if s.modules.is_empty() {
                    t.no_module.clone()
                } else {
                    s.modules.join("\n")
                },
                s.referent.clone().unwrap_or_else(|| t.no_referent.clone()),
                s.first_checkin
                    .map_or_else(|| t.no_checkin.clone(), long_date),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![2.6, 1.5, 3.2, 2.1, 1.8],
        header: t.columns.clone(),
        rows,
    }));
}

fn counts(r: &Recap, w: &Wording) -> Block {
    let c = &w.counts;
    let n = &r.counts;
    Block::Fields(
        [
            (&c.seen, n.seen),
            (&c.accepted, n.accepted),
            (&c.proposed, n.proposed),
            (&c.refused, n.refused),
            (&c.not_needed, n.not_needed),
            (&c.undecided, n.undecided),
            (&c.with_modules, n.with_modules),
        ]
        .into_iter()
        .map(|(label, count)| (label.clone(), count.to_string()))
        .collect(),
    )
}
