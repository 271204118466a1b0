//! The contract laid out as blocks: what is printed, in the wording of `contrat.toml`.

use chrono::NaiveDate;

use super::Contract;
use super::wording::{Wording, fill, wording};
use crate::model::sessions::long_date;
use crate::print::establishment::header;
use crate::print::{Block, Doc, Signatory, Table, dated};

/// The printed contract of `c`, dated `today`.
pub fn document(c: &Contract, today: NaiveDate) -> Doc {
    let w = wording();
    let year = c.school_year.clone().unwrap_or_default();
    let values = [("eleve", c.name.as_str()), ("annee", year.as_str())];
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(fill(&w.subtitle, &values)),
        Block::Paragraph(fill(&w.intro, &values)),
    ];
    identity(&mut blocks, c, w);
    blocks.push(Block::Heading(w.headings.reperage.clone()));
    if c.difficulties.is_empty() {
        blocks.push(Block::Paragraph(w.reperage.none.clone()));
    } else {
        blocks.push(Block::Paragraph(w.reperage.intro.clone()));
        blocks.push(Block::Bullets(c.difficulties.clone()));
    }
    modules(&mut blocks, c, w);
    checkins(&mut blocks, c, w);
    commitments(&mut blocks, c, w);
    follow_up(&mut blocks, c, w);
    end_of_year(&mut blocks, c, w);
    blocks.push(Block::Heading(w.headings.signatures.clone()));
    blocks.push(signatures(c, w, today));
    Doc {
        title: fill(&w.footer_title, &values),
        dated: dated(today),
        header: header(c.establishment.as_ref()),
        blocks,
    }
}

fn identity(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    let l = &w.labels;
    let given = |v: Option<String>| v.unwrap_or_else(|| l.not_given.clone());
    let mut fields = vec![
        (l.name.clone(), c.name.clone()),
        (l.birth.clone(), given(c.birth_date.map(long_date))),
        (l.ine.clone(), given(c.ine.clone())),
        (l.section.clone(), given(c.section.clone())),
        (l.year.clone(), given(c.school_year.clone())),
        (
            l.referent.clone(),
            given(c.referent.as_ref().map(|r| match &c.referent_role {
                Some(role) => format!("{r} ({role})"),
                None => r.clone(),
            })),
        ),
    ];
    if let Some(p) = &c.proposal {
        fields.push((l.proposal.clone(), p.clone()));
    }
    if let Some(d) = c.pre_conseil {
        fields.push((l.pre_conseil.clone(), long_date(d)));
    }
    blocks.push(Block::Heading(w.headings.identity.clone()));
    blocks.push(Block::Fields(fields));
}

fn modules(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    blocks.push(Block::Heading(w.headings.modules.clone()));
    if c.modules.is_empty() {
        blocks.push(Block::Paragraph(w.modules.none.clone()));
        return;
    }
    blocks.push(Block::Paragraph(w.modules.intro.clone()));
    let rows = c
        .modules
        .iter()
        .map(|m| {
            let mut name = m.name.clone();
            if let Some(end) = m.stopped {
                name = format!(
                    "{name}, {}",
                    fill(&w.modules.stopped, &[("date", &long_date(end))])
                );
            }
            let groups = if m.groups.is_empty() {
                w.modules.no_group.clone()
            } else {
                m.groups.join("\n")
            };
            vec![name, groups, m.schedules.join("\n")]
        })
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![3.0, 3.0, 4.0],
        header: w.modules.columns.clone(),
        rows,
    }));
}

fn checkins(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    blocks.push(Block::Heading(w.headings.checkins.clone()));
    let mut planned = Vec::new();
    if let Some(d) = c.first_checkin {
        planned.push(fill(&w.checkins.first, &[("date", &long_date(d))]));
    }
    if let Some(d) = c.next_checkin.filter(|d| Some(*d) != c.first_checkin) {
        planned.push(fill(&w.checkins.next, &[("date", &long_date(d))]));
    }
    if planned.is_empty() {
        blocks.push(Block::Paragraph(w.checkins.none.clone()));
    } else {
        blocks.push(Block::Paragraph(w.checkins.intro.clone()));
        blocks.push(Block::Bullets(planned));
    }
}

fn commitments(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    let t = &w.commitments;
    blocks.push(Block::Heading(w.headings.commitments.clone()));
    blocks.push(Block::Bullets(vec![t.student.clone(), t.team.clone()]));
    match &c.commitments {
        Some(text) => {
            blocks.push(Block::Paragraph(t.own.clone()));
            blocks.push(Block::Bullets(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            ));
        }
        None => blocks.push(Block::Paragraph(t.none.clone())),
    }
}

fn follow_up(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    let f = &w.follow_up;
    blocks.push(Block::Heading(w.headings.follow_up.clone()));
    if c.checkins.is_empty() {
        blocks.push(Block::Paragraph(f.none.clone()));
    } else {
        blocks.push(Block::Paragraph(f.held.clone()));
        let rows = c
            .checkins
            .iter()
            .map(|k| {
                vec![
                    long_date(k.date),
                    k.facts.clone(),
                    k.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            widths: vec![2.2, 3.0, 4.8],
            header: f.columns.clone(),
            rows,
        }));
    }
    if !c.attendance.is_empty() {
        blocks.push(Block::Paragraph(f.attendance.clone()));
        let rows = c
            .attendance
            .iter()
            .map(|a| vec![a.module.clone(), a.summary.clone(), a.detail.clone()])
            .collect();
        blocks.push(Block::Table(Table {
            widths: vec![3.5, 2.5, 4.0],
            header: f.attendance_columns.clone(),
            rows,
        }));
    }
    if let Some(b) = &c.bilan_s1 {
        let label = match b.date {
            Some(d) => format!("{} ({})", f.bilan_s1, long_date(d)),
            None => f.bilan_s1.clone(),
        };
        blocks.push(Block::Fields(vec![(label, b.text.clone())]));
    }
}

fn end_of_year(blocks: &mut Vec<Block>, c: &Contract, w: &Wording) {
    let e = &w.end_of_year;
    let mut fields = Vec::new();
    if let Some(d) = &c.decision_s2 {
        let text = match d.date {
            Some(day) => format!("{} ({})", d.text, long_date(day)),
            None => d.text.clone(),
        };
        fields.push((e.decision.clone(), text));
    }
    if fields.is_empty() && c.exit_date.is_none() {
        return;
    }
    blocks.push(Block::Heading(w.headings.end_of_year.clone()));
    if !fields.is_empty() {
        blocks.push(Block::Fields(fields));
    }
    if let Some(d) = c.exit_date {
        blocks.push(Block::Paragraph(fill(&e.left, &[("date", &long_date(d))])));
    }
}

fn signatures(c: &Contract, w: &Wording, today: NaiveDate) -> Block {
    let s = &w.signatures;
    let city = c
        .establishment
        .as_ref()
        .and_then(|e| e.city.clone())
        .unwrap_or_else(|| "…………………………".into());
    let head = c.establishment.as_ref().map_or_else(String::new, |e| {
        fill(&s.head_name, &[("etablissement", &e.name)])
    });
    let referent = c.referent.clone().unwrap_or_default();
    Block::Signatures {
        place_date: fill(
            &s.place_date,
            &[("ville", &city), ("date", &long_date(today))],
        ),
        signatories: vec![
            Signatory {
                role: s.student.clone(),
                name: c.name.clone(),
            },
            Signatory {
                role: s.referent.clone(),
                name: referent,
            },
            Signatory {
                role: s.head.clone(),
                name: head,
            },
        ],
    }
}
