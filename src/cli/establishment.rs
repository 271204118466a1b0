//! `passerelle establishment [set --name … --uai … --academie … --city …]`: shows
//! the establishments, or changes one after validating every field.

use std::process::ExitCode;

use crate::model::{Establishment, Value, find_academie, text::clean_text, validate_uai};
use crate::store::{Store, Table};

/// Fields given to `establishment set`; `None` keeps the stored value.
#[derive(Debug, Default, Clone)]
pub struct EstablishmentFields {
    /// Which establishment (its id), needed only when the file holds several.
    pub id: Option<i64>,
    pub name: Option<String>,
    pub uai: Option<String>,
    pub academie: Option<String>,
    pub city: Option<String>,
}

/// One line per establishment, for `passerelle establishment`.
pub fn render(establishments: &[Establishment]) -> String {
    if establishments.is_empty() {
        return "Aucun établissement. Renseignez-le : passerelle establishment set --name … \
                --uai … --academie … --city …\n"
            .to_string();
    }
    let mut text = String::new();
    for e in establishments {
        text.push_str(&format!(
            "n° {}  {}\n  UAI : {}\n  Académie : {}\n  Ville : {}\n",
            e.id,
            e.name,
            e.uai,
            e.academie,
            e.city.as_deref().unwrap_or("(non renseignée)")
        ));
    }
    text
}

/// A field refused: its column and why, in French.
pub type FieldError = (&'static str, String);

/// Checks the given fields; returns the column changes, or the reason for each
/// refused field (the command line names its option, the app its label).
pub fn check(fields: &EstablishmentFields) -> Result<Vec<(&'static str, Value)>, Vec<FieldError>> {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut text_field = |column: &'static str, value: &Option<String>| {
        if let Some(value) = value {
            let value = clean_text(value, false).trim().to_string();
            if value.is_empty() {
                errors.push((column, "ne peut pas être vide".to_string()));
            } else {
                changes.push((column, Value::from(value)));
            }
        }
    };
    text_field("name", &fields.name);
    text_field("city", &fields.city);
    if let Some(uai) = &fields.uai {
        match validate_uai(uai) {
            Ok(uai) => changes.push(("uai", uai.into())),
            Err(reason) => errors.push(("uai", reason)),
        }
    }
    if let Some(academie) = &fields.academie {
        match find_academie(academie) {
            Ok(name) => changes.push(("academie", name.into())),
            Err(reason) => errors.push(("academie", reason)),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

/// [`check`], with each refused field named by its command-line option.
pub fn validate(fields: &EstablishmentFields) -> Result<Vec<(&'static str, Value)>, Vec<String>> {
    check(fields).map_err(|errors| {
        errors
            .into_iter()
            .map(|(column, reason)| format!("--{column} : {reason}"))
            .collect()
    })
}

/// Shows the establishments.
pub fn run_show(store: &Store) -> anyhow::Result<ExitCode> {
    let text = render(&store.establishments()?);
    super::write_output(None, text.as_bytes(), false)?;
    Ok(ExitCode::SUCCESS)
}

/// Validates then writes the fields; on any error nothing is written and the exit code is 1.
pub fn run_set(store: &mut Store, fields: &EstablishmentFields) -> anyhow::Result<ExitCode> {
    let refused = || Ok(ExitCode::from(super::EXIT_REFUSED as u8));
    let changes = match validate(fields) {
        Ok(changes) if changes.is_empty() => {
            eprintln!("Rien à modifier : donnez --name, --uai, --academie ou --city.");
            return refused();
        }
        Ok(changes) => changes,
        Err(errors) => {
            for error in errors {
                eprintln!("{error}");
            }
            eprintln!("Rien n'a été modifié.");
            return refused();
        }
    };
    let all = store.establishments()?;
    let target = match (fields.id, all.as_slice()) {
        (Some(id), _) => all.iter().find(|e| e.id == id),
        (None, [only]) => Some(only),
        (None, []) => None,
        (None, _) => {
            eprintln!(
                "Ce fichier contient plusieurs établissements : précisez lequel avec --id \
                 (voir passerelle establishment)."
            );
            return refused();
        }
    };
    match target {
        Some(e) => {
            let (id, version) = (e.id, e.meta.version);
            store.write("établissement", |w| {
                w.update(Table::Establishment, id, version, &changes)
            })?;
        }
        None if fields.id.is_some() => {
            eprintln!(
                "--id : aucun établissement n° {}.",
                fields.id.unwrap_or_default()
            );
            return refused();
        }
        None => {
            let has = |column| changes.iter().any(|(c, _)| *c == column);
            if !(has("name") && has("uai") && has("academie")) {
                eprintln!(
                    "Aucun établissement encore : donnez au moins --name, --uai et --academie."
                );
                return refused();
            }
            store.write("établissement", |w| {
                w.insert(Table::Establishment, &changes).map(|_| ())
            })?;
        }
    }
    run_show(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named() {
        let fields = EstablishmentFields {
            uai: Some("0310000A".into()),
            academie: Some("Caen".into()),
            name: Some("  ".into()),
            ..Default::default()
        };
        let errors = validate(&fields).expect_err("three errors");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("--name"), "{errors:?}");
        assert!(errors[1].starts_with("--uai") && errors[1].contains('G'));
        assert!(errors[2].starts_with("--academie"));
    }

    #[test]
    fn good_fields_are_normalised() {
        let fields = EstablishmentFields {
            uai: Some("0750654d".into()),
            academie: Some("creteil".into()),
            city: Some("Paris".into()),
            ..Default::default()
        };
        let changes = validate(&fields).expect("valid");
        assert!(changes.contains(&("uai", Value::from("0750654D"))));
        assert!(changes.contains(&("academie", Value::from("Créteil"))));
        assert!(changes.contains(&("city", Value::from("Paris"))));
    }
}
