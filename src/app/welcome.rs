//! Welcome screen of an empty database: demo, SIECLE import, or a first student.

use super::{Action, App};

impl App {
    pub(super) fn update_welcome(&mut self, action: Action) {
        match action {
            Action::LoadDemo => self.load_demo(),
            Action::OpenImport => self.open_import_form(),
            _ => {}
        }
    }

    fn load_demo(&mut self) {
        let options = crate::demo::DemoOptions {
            students: 60,
            seed: 1,
            today: self.today,
        };
        match crate::demo::generate(&mut self.store, &options) {
            Ok(_) => {
                self.reload();
                self.info("Démonstration chargée : un lycée fictif, trois sections, 60 élèves de bac pro.");
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    /// Imports a SIECLE file from the import form; problems keep the form open.
    pub(super) fn import_siecle(&mut self, form: &super::Form) -> Result<(), String> {
        let path = std::path::PathBuf::from(form.get("file"));
        let code = form.get("section").to_uppercase();
        let section = Some(code.as_str()).filter(|c| !c.is_empty());
        let create = crate::model::Sector::from_code(&form.get("sector"))
            .filter(|_| section.is_some())
            .map(|sector| {
                let name = form.get("section_name");
                crate::io::NewSection {
                    code: code.clone(),
                    name: if name.is_empty() {
                        format!("BTS {code}")
                    } else {
                        name
                    },
                    sector,
                }
            });
        let divisions: Vec<String> = Some(form.get("division"))
            .filter(|d| !d.is_empty())
            .into_iter()
            .collect();
        let options = crate::io::siecle::SiecleOptions {
            section: section.map(str::to_string),
            create,
            divisions,
            establishment: None,
        };
        // The preview (ImportPlan::preview_lines) is not shown yet: the plan is applied.
        let applied = crate::io::siecle::plan(&self.store, &path, &options).and_then(|plan| {
            crate::io::siecle::apply(&mut self.store, &plan).map(|applied| (plan, applied))
        });
        match applied {
            Ok((plan, applied)) => {
                self.reload();
                // Zero counts are left out so that the message fits 80 columns.
                let mut message = format!("{} élève(s) importé(s)", applied.added);
                if applied.exits > 0 {
                    message.push_str(&format!(", {} sortie(s)", applied.exits));
                }
                if applied.sections_created > 0 {
                    message.push_str(&format!(
                        ", {} section(s) créée(s)",
                        applied.sections_created
                    ));
                }
                let aside = plan.counts().divisions_aside;
                if aside > 0 {
                    message.push_str(&format!(" ; {aside} division(s) de côté"));
                }
                self.info(format!("{message}."));
                Ok(())
            }
            Err(crate::io::ImportError::Problems(problems)) => {
                let first = problems
                    .first()
                    .map(|p| p.message.clone())
                    .unwrap_or_default();
                let more = if problems.len() > 1 {
                    format!(" (+{} autre(s))", problems.len() - 1)
                } else {
                    String::new()
                };
                Err(format!("Rien n'a été importé : {first}{more}"))
            }
            Err(error) => Err(error.to_string()),
        }
    }
}
