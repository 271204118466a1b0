//! The fiche cadre laid out as blocks, in the wording of `fiche_cadre.toml`.

use chrono::NaiveDate;

use super::ModuleSheet;
use super::wording::{Wording, wording};
use crate::model::catalogue::hours_label;
use crate::print::establishment::header;
use crate::print::{Block, Doc, Table, dated, fill};

/// The printed fiche cadre of `m`, dated `today`.
pub fn document(m: &ModuleSheet, today: NaiveDate) -> Doc {
    let w = wording();
    let values = [
        ("module", m.name.as_str()),
        ("annee", m.school_year.as_str()),
    ];
    let mut blocks = vec![
        Block::Title(w.title.clone()),
        Block::Paragraph(fill(&w.subtitle, &values)),
        Block::Paragraph(w.intro.clone()),
    ];
    if m.retired {
        blocks.push(Block::Paragraph(w.retired.clone()));
    }
    identity(&mut blocks, m, w);
    for (heading, text) in [
        (&w.headings.objectives, &m.objectives),
        (&w.headings.content, &m.content),
    ] {
        blocks.push(Block::Heading(heading.clone()));
        blocks.push(Block::Paragraph(given(text, w)));
    }
    organisation(&mut blocks, m, w);
    blocks.push(Block::Heading(w.headings.evaluation.clone()));
    blocks.push(Block::Paragraph(given(&m.evaluation, w)));
    groups(&mut blocks, m, w);
    blocks.push(Block::Heading(fill(&w.headings.hours, &values)));
    blocks.push(Block::Fields(hours_fields(
        &w.hours,
        m.planned,
        m.delivered,
        m.granted,
    )));
    Doc {
        title: fill(&w.footer_title, &values),
        dated: dated(today),
        header: header(m.establishment.as_ref()),
        blocks,
    }
}

fn given(text: &Option<String>, w: &Wording) -> String {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| w.labels.not_given.clone(), str::to_string)
}

fn identity(blocks: &mut Vec<Block>, m: &ModuleSheet, w: &Wording) {
    let l = &w.labels;
    let difficulties = if m.difficulties.is_empty() {
        l.no_difficulty.clone()
    } else {
        m.difficulties.join(", ")
    };
    blocks.push(Block::Heading(w.headings.identity.clone()));
    blocks.push(Block::Fields(vec![
        (l.name.clone(), m.name.clone()),
        (l.code.clone(), m.code.clone()),
        (l.module_type.clone(), m.module_type.clone()),
        (l.competence.clone(), m.competence.clone()),
        (l.difficulties.clone(), difficulties),
    ]));
}

fn organisation(blocks: &mut Vec<Block>, m: &ModuleSheet, w: &Wording) {
    let l = &w.labels;
    let or_not = |v: Option<String>| v.unwrap_or_else(|| l.not_given.clone());
    blocks.push(Block::Heading(w.headings.organisation.clone()));
    blocks.push(Block::Fields(vec![
        (l.led_by.clone(), or_not(m.led_by.clone())),
        (l.format.clone(), or_not(m.format.clone())),
        (
            l.hours_per_group.clone(),
            or_not(m.hours_per_group.map(hours_label)),
        ),
        (
            l.group_size.clone(),
            or_not(
                m.group_size
                    .map(|n| fill(&l.group_size_value, &[("n", &n.to_string())])),
            ),
        ),
        (l.period.clone(), or_not(m.period.clone())),
        (l.place.clone(), or_not(m.place.clone())),
        (
            l.hours_granted.clone(),
            or_not(m.hours_granted.map(hours_label)),
        ),
    ]));
}

fn groups(blocks: &mut Vec<Block>, m: &ModuleSheet, w: &Wording) {
    let g = &w.groups;
    blocks.push(Block::Heading(fill(
        &w.headings.groups,
        &[("annee", &m.school_year)],
    )));
    if m.groups.is_empty() {
        blocks.push(Block::Paragraph(g.none.clone()));
        return;
    }
    blocks.push(Block::Paragraph(g.intro.clone()));
    let rows = m
        .groups
        .iter()
        .map(|group| {
            let capacity = group
                .capacity
                .map_or_else(|| g.no_capacity.clone(), |c| c.to_string());
            vec![
                group.label.clone(),
                group.leader.clone().unwrap_or_else(|| g.no_leader.clone()),
                group.schedule.clone(),
                format!(
                    "{} / {}\n{} / {}",
                    group.held,
                    group.sessions,
                    hours_label(group.delivered),
                    hours_label(group.planned)
                ),
                format!("{} / {capacity}", group.placed),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![1.6, 2.2, 4.0, 1.6, 1.3],
        header: g.columns.clone(),
        rows,
    }));
}

/// Planned, delivered, granted and, when more is planned, the extra hours.
pub(crate) fn hours_fields(
    w: &super::wording::HoursWording,
    planned: f64,
    delivered: f64,
    granted: Option<f64>,
) -> Vec<(String, String)> {
    let mut fields = vec![
        (w.planned.clone(), hours_label(planned)),
        (w.delivered.clone(), hours_label(delivered)),
        (
            w.granted.clone(),
            granted.map_or_else(|| w.none_granted.clone(), hours_label),
        ),
    ];
    if let Some(extra) = extra_hours(planned, granted) {
        fields.push((w.extra.clone(), hours_label(extra)));
    }
    fields
}

/// Hours planned beyond those granted (all of them when nothing is granted); None
/// when the grant covers them.
pub fn extra_hours(planned: f64, granted: Option<f64>) -> Option<f64> {
    let extra = planned - granted.unwrap_or(0.0);
    (extra > 1e-9).then_some(extra)
}

#[cfg(test)]
mod tests {
    use super::extra_hours;

    #[test]
    fn extra_hours_are_planned_minus_granted_when_positive() {
        assert_eq!(extra_hours(14.0, Some(10.0)), Some(4.0));
        assert_eq!(extra_hours(14.0, Some(14.0)), None);
        assert_eq!(extra_hours(10.0, Some(14.0)), None);
        assert_eq!(extra_hours(6.0, None), Some(6.0));
        assert_eq!(extra_hours(0.0, None), None);
    }
}
