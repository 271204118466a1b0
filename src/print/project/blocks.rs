//! The project file laid out as blocks, in the wording of `projet.toml`.

use chrono::NaiveDate;

use super::wording::{Wording, wording};
use super::{ProjectCalendar, ProjectFile, SectionLine};
use crate::model::catalogue::hours_label;
use crate::model::sessions::long_date;
use crate::print::establishment::header;
use crate::print::{Block, Doc, Table, dated, fill};

/// Weeks of points d'étape listed before « … » (a long year says « et N autres »).
const MAX_WEEKS: usize = 12;

/// The printed project file of `p`, dated `today`.
pub fn document(p: &ProjectFile, today: NaiveDate) -> Doc {
    let w = wording();
    let values = [("annee", p.school_year.as_str())];
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(fill(&w.subtitle, &values)),
        Block::Heading(w.headings.aims.clone()),
        Block::Paragraph(w.aims.intro.clone()),
        Block::Bullets(w.aims.points.clone()),
    ];
    context(&mut blocks, p, w);
    modules(&mut blocks, p, w);
    team(&mut blocks, p, w);
    calendar(&mut blocks, p.calendar.as_ref(), w);
    Doc {
        title: fill(&w.footer_title, &values),
        dated: dated(today),
        header: header(p.establishment.as_ref()),
        blocks,
    }
}

fn counts_row(label: &str, s: &SectionLine) -> Vec<String> {
    vec![
        label.to_string(),
        s.students.to_string(),
        s.bac_pro.to_string(),
        s.identified.to_string(),
        s.in_parcours.to_string(),
    ]
}

fn context(blocks: &mut Vec<Block>, p: &ProjectFile, w: &Wording) {
    let c = &w.context;
    blocks.push(Block::Heading(w.headings.context.clone()));
    if p.total.students == 0 {
        blocks.push(Block::Paragraph(fill(
            &c.none,
            &[("annee", &p.school_year)],
        )));
        return;
    }
    blocks.push(Block::Paragraph(c.intro.clone()));
    let mut rows: Vec<Vec<String>> = p.sections.iter().map(|s| counts_row(&s.label, s)).collect();
    rows.push(counts_row(&c.total, &p.total));
    blocks.push(Block::Table(Table {
        widths: vec![4.6, 1.4, 1.4, 1.2, 1.4],
        header: c.columns.clone(),
        rows,
    }));
    let d = &w.difficulties;
    blocks.push(Block::Heading(w.headings.difficulties.clone()));
    if p.difficulties.is_empty() {
        blocks.push(Block::Paragraph(d.none.clone()));
        return;
    }
    blocks.push(Block::Paragraph(d.intro.clone()));
    blocks.push(Block::Table(Table {
        widths: vec![7.0, 2.0],
        header: d.columns.clone(),
        rows: p
            .difficulties
            .iter()
            .map(|(label, n)| vec![label.clone(), n.to_string()])
            .collect(),
    }));
}

fn modules(blocks: &mut Vec<Block>, p: &ProjectFile, w: &Wording) {
    let m = &w.modules;
    blocks.push(Block::Heading(w.headings.modules.clone()));
    if p.modules.is_empty() {
        blocks.push(Block::Paragraph(fill(
            &m.none,
            &[("annee", &p.school_year)],
        )));
    } else {
        blocks.push(Block::Paragraph(m.intro.clone()));
        let or_dash = |h: Option<f64>| h.map_or_else(|| m.none_granted.clone(), hours_label);
        let mut rows: Vec<Vec<String>> = p
            .modules
            .iter()
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.module_type.clone(),
                    x.groups.to_string(),
                    hours_label(x.planned),
                    or_dash(x.granted),
                    or_dash(x.extra),
                ]
            })
            .collect();
        rows.push(vec![
            m.total.clone(),
            String::new(),
            p.modules
                .iter()
                .map(|x| x.groups)
                .sum::<usize>()
                .to_string(),
            hours_label(p.planned),
            hours_label(p.granted),
            hours_label(p.extra),
        ]);
        blocks.push(Block::Table(Table {
            widths: vec![3.2, 1.6, 1.2, 1.5, 1.5, 1.6],
            header: m.columns.clone(),
            rows,
        }));
    }
    if !p.envelopes.is_empty() {
        blocks.push(Block::Heading(w.headings.envelopes.clone()));
        blocks.push(Block::Paragraph(w.envelopes.intro.clone()));
        blocks.push(Block::Fields(
            p.envelopes
                .iter()
                .map(|(label, hours)| (label.clone(), hours_label(*hours)))
                .collect(),
        ));
    }
}

fn team(blocks: &mut Vec<Block>, p: &ProjectFile, w: &Wording) {
    let t = &w.team;
    blocks.push(Block::Heading(w.headings.team.clone()));
    if p.team.is_empty() {
        blocks.push(Block::Paragraph(t.none.clone()));
        return;
    }
    blocks.push(Block::Paragraph(t.intro.clone()));
    let rows = p
        .team
        .iter()
        .map(|m| {
            let mut parts = Vec::new();
            if m.coordinator {
                parts.push(t.coordinator.clone());
            }
            if !m.leads.is_empty() {
                parts.push(fill(&t.leads, &[("modules", &m.leads.join(", "))]));
            }
            if m.referent_of > 0 {
                let n = m.referent_of;
                let students = format!("{n} élève{}", if n > 1 { "s" } else { "" });
                parts.push(fill(&t.referent, &[("eleves", &students)]));
            }
            vec![m.name.clone(), m.role.clone(), parts.join(" ; ")]
        })
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![2.6, 3.0, 4.4],
        header: t.columns.clone(),
        rows,
    }));
}

fn calendar(blocks: &mut Vec<Block>, c: Option<&ProjectCalendar>, w: &Wording) {
    let k = &w.calendar;
    blocks.push(Block::Heading(w.headings.calendar.clone()));
    let Some(c) = c else {
        blocks.push(Block::Paragraph(k.none.clone()));
        return;
    };
    blocks.push(Block::Paragraph(k.intro.clone()));
    if c.estimated {
        blocks.push(Block::Paragraph(k.estimated.clone()));
    }
    blocks.push(Block::Table(Table {
        widths: vec![3.4, 2.4, 2.4, 1.2],
        header: k.columns.clone(),
        rows: c
            .periods
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    long_date(p.first_day),
                    long_date(p.last_day),
                    p.weeks.to_string(),
                ]
            })
            .collect(),
    }));
    let date = |template: &str, day: NaiveDate| fill(template, &[("date", &long_date(day))]);
    let pre_conseil = if c.pre_conseil.is_empty() {
        date(&k.pre_conseil_planned, c.pre_conseil_before)
    } else {
        c.pre_conseil
            .iter()
            .map(|d| long_date(*d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut weeks: Vec<String> = c
        .checkin_weeks
        .iter()
        .take(MAX_WEEKS)
        .map(|d| date(&k.checkin_week, *d))
        .collect();
    if c.checkin_weeks.len() > MAX_WEEKS {
        weeks.push(format!("et {} autres", c.checkin_weeks.len() - MAX_WEEKS));
    }
    let checkins = if weeks.is_empty() {
        k.checkins_none.clone()
    } else {
        weeks.join(", ")
    };
    blocks.push(Block::Heading(k.milestones.clone()));
    blocks.push(Block::Fields(vec![
        (k.pre_conseil.clone(), pre_conseil),
        (k.checkins.clone(), checkins),
        (
            k.bilan_s1.clone(),
            date(&k.bilan_s1_value, c.bilan_s1_before),
        ),
        (
            k.bilan_s2.clone(),
            date(&k.bilan_s2_value, c.bilan_s2_before),
        ),
    ]));
}
