//! The recap of a pré-conseil meeting: what goes on the page ([`Recap`], built from
//! the meeting's minutes: decision, modules, référent and first point d'étape of each
//! student seen, never a sensitive detail), then the page itself ([`blocks::document`],
//! wording in `data/documents/recap.toml`). [`choose`] finds the meeting a teacher means.

pub mod blocks;
pub mod choose;
pub mod wording;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::labels::Label;
use crate::model::Proposal;
pub use crate::print::establishment::Establishment;
use crate::store::{Result, Store, StoreError, StudentRow, name_key};

/// Everything printed on a meeting's recap; only the decisions, never a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recap {
    pub establishment: Option<Establishment>,
    /// The meeting's number (its id, as `passerelle print recap 3` takes it).
    pub number: i64,
    pub held_on: NaiveDate,
    pub school_year: Option<String>,
    /// « NDRC – BTS Négociation et digitalisation de la relation client », by code.
    pub sections: Vec<String>,
    /// Who attended, as typed.
    pub attendees: Option<String>,
    /// One line per student seen, sorted by name.
    pub rows: Vec<RecapRow>,
    pub counts: RecapCounts,
}

/// One student seen in the meeting, with the decisions recorded then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecapRow {
    /// « N’DIAYE Awa ».
    pub name: String,
    pub section: Option<String>,
    /// The pré-conseil's proposal (« accepté »), if one was recorded.
    pub decision: Option<String>,
    /// « Reformulation (soutien) ».
    pub modules: Vec<String>,
    pub referent: Option<String>,
    pub first_checkin: Option<NaiveDate>,
}

/// How many students the meeting saw, and what it decided for them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecapCounts {
    pub seen: usize,
    pub proposed: usize,
    pub accepted: usize,
    pub refused: usize,
    pub not_needed: usize,
    pub undecided: usize,
    /// Students for whom at least one module was chosen.
    pub with_modules: usize,
}

impl RecapCounts {
    fn add(&mut self, proposal: Option<Proposal>, modules: usize) {
        self.seen += 1;
        match proposal {
            Some(Proposal::Propose) => self.proposed += 1,
            Some(Proposal::Accepte) => self.accepted += 1,
            Some(Proposal::Refuse) => self.refused += 1,
            Some(Proposal::NonNecessaire) => self.not_needed += 1,
            None => self.undecided += 1,
        }
        if modules > 0 {
            self.with_modules += 1;
        }
    }
}

impl Recap {
    /// The recap of meeting `id` as its minutes stand (refused when it does not exist).
    pub fn build(store: &Store, id: i64) -> Result<Recap> {
        let minutes = store.meeting_minutes(id)?;
        let meeting = minutes
            .meeting
            .ok_or_else(|| StoreError::NotFound(format!("réunion n° {id}")))?;
        let students: HashMap<i64, StudentRow> = store
            .student_rows_in(None)?
            .into_iter()
            .map(|r| (r.student.id, r))
            .collect();
        let sections = store.sections()?;
        let modules = store.modules()?;
        let staff = store.staff()?;
        let section_label = |code: &str| {
            sections
                .iter()
                .find(|s| s.code == code)
                .map_or_else(|| code.to_string(), |s| format!("{} – {}", s.code, s.name))
        };
        let mut seen: Vec<(&StudentRow, RecapRow)> = Vec::new();
        let mut counts = RecapCounts::default();
        for m in &minutes.students {
            // A student erased since the meeting is no longer named anywhere.
            let Some(row) = students.get(&m.student_id) else {
                continue;
            };
            counts.add(m.proposal, m.modules.len());
            let line = RecapRow {
                name: row.student.display_name(),
                section: Some(row.section_code.clone()),
                decision: m.proposal.map(|p| p.label().to_string()),
                modules: m
                    .modules
                    .iter()
                    .map(|id| {
                        modules.iter().find(|x| x.id == *id).map_or_else(
                            || format!("module n° {id}"),
                            |x| format!("{} ({})", x.name, x.module_type.label()),
                        )
                    })
                    .collect(),
                referent: m
                    .referent_id
                    .and_then(|id| staff.iter().find(|s| s.id == id))
                    .map(|s| s.display_name()),
                first_checkin: m.first_checkin_date,
            };
            seen.push((row, line));
        }
        seen.sort_by_cached_key(|(row, _)| name_key(&row.student));
        let mut codes: Vec<&str> = seen.iter().map(|(r, _)| r.section_code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let establishment = crate::print::establishment::of_section(
            store,
            seen.first().map(|(row, _)| row.section_id),
        )?;
        Ok(Recap {
            establishment,
            number: meeting.id,
            held_on: meeting.held_on,
            school_year: meeting.school_year.clone(),
            sections: codes.iter().map(|c| section_label(c)).collect(),
            attendees: meeting
                .attendees
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string),
            rows: seen.into_iter().map(|(_, line)| line).collect(),
            counts,
        })
    }
}
