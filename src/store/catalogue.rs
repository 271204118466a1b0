//! The school's own catalogue: export it as TOML, edit it, merge it back.

use rusqlite::OptionalExtension;

use super::{Result, Store, StoreError, Table, Writer};
use crate::model::*;

/// What merging a catalogue changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatalogueChanges {
    pub added: usize,
    pub updated: usize,
}

impl Writer<'_> {
    /// Adds new codes and updates existing ones (label, description, retired…).
    ///
    /// Entries of the database missing from the file are left as they are: to
    /// retire one, keep it in the file with `retired = true`.
    pub fn merge_catalogue(&mut self, file: &CatalogueFile) -> Result<CatalogueChanges> {
        let mut changes = CatalogueChanges::default();
        for (position, c) in file.criteria.iter().enumerate() {
            let values = vec![
                ("code", Value::from(c.code.as_str())),
                ("domain", c.domain.into()),
                ("label", c.label.as_str().into()),
                ("description", c.description.clone().into()),
                ("difficulty", c.difficulty.clone().into()),
                ("position", (position as i64).into()),
                ("retired", c.retired.into()),
            ];
            self.upsert_by_code(Table::Criterion, &c.code, &values, &mut changes)?;
        }
        for d in &file.difficulty_types {
            let types: Vec<&str> = d.module_types.iter().map(|t| t.code()).collect();
            let values = vec![
                ("code", Value::from(d.code.as_str())),
                ("label", d.label.as_str().into()),
                ("description", d.description.clone().into()),
                ("module_types", types.join(",").into()),
                ("retired", d.retired.into()),
            ];
            self.upsert_by_code(Table::DifficultyType, &d.code, &values, &mut changes)?;
        }
        for m in &file.modules {
            let values = vec![
                ("code", Value::from(m.code.as_str())),
                ("name", m.name.as_str().into()),
                ("module_type", m.module_type.into()),
                ("competence", m.competence.into()),
                ("difficulties", m.difficulties.join(",").into()),
                ("objectives", m.objectives.clone().into()),
                ("content", m.content.clone().into()),
                ("led_by", m.led_by.clone().into()),
                ("sessions", m.sessions.into()),
                ("session_minutes", m.session_minutes.into()),
                ("group_size", m.group_size.into()),
                ("period", m.period.clone().into()),
                ("place", m.place.clone().into()),
                ("evaluation", m.evaluation.clone().into()),
                ("hours_granted", m.hours_granted.into()),
                ("retired", m.retired.into()),
            ];
            self.upsert_by_code(Table::Module, &m.code, &values, &mut changes)?;
        }
        Ok(changes)
    }

    fn upsert_by_code(
        &mut self,
        table: Table,
        code: &str,
        values: &[(&str, Value)],
        changes: &mut CatalogueChanges,
    ) -> Result<()> {
        let found: Option<(i64, i64)> = self
            .tx()
            .query_row(
                &format!("SELECT id, version FROM {} WHERE code = ?1", table.name()),
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            Some((id, version)) => {
                if self.update(table, id, version, values)? != version {
                    changes.updated += 1;
                }
            }
            None => {
                self.insert(table, values)?;
                changes.added += 1;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The catalogue as stored, in the shape of `data/catalogue.toml`.
    pub fn catalogue_file(&self) -> Result<CatalogueFile> {
        let criteria = self
            .criteria()?
            .into_iter()
            .map(|c| CriterionEntry {
                code: c.code,
                domain: c.domain,
                label: c.label,
                description: c.description,
                difficulty: c.difficulty,
                retired: c.retired,
            })
            .collect();
        let difficulty_types = self
            .difficulty_types()?
            .into_iter()
            .map(|d| DifficultyEntry {
                code: d.code,
                label: d.label,
                description: d.description,
                module_types: d.module_types,
                retired: d.retired,
            })
            .collect();
        let modules = self
            .modules()?
            .into_iter()
            .map(|m| ModuleEntry {
                code: m.code,
                name: m.name,
                module_type: m.module_type,
                competence: m.competence,
                difficulties: m.difficulties,
                objectives: m.objectives,
                content: m.content,
                led_by: m.led_by,
                sessions: m.sessions,
                session_minutes: m.session_minutes,
                group_size: m.group_size,
                period: m.period,
                place: m.place,
                evaluation: m.evaluation,
                hours_granted: m.hours_granted,
                retired: m.retired,
            })
            .collect();
        Ok(CatalogueFile {
            criteria,
            difficulty_types,
            modules,
        })
    }

    /// Validates a catalogue text and merges it in one transaction.
    pub fn merge_catalogue_text(&mut self, text: &str) -> Result<CatalogueChanges> {
        let file = CatalogueFile::parse(text).map_err(StoreError::Invalid)?;
        self.init()?;
        self.write("Modification du catalogue", |w| w.merge_catalogue(&file))
    }
}
