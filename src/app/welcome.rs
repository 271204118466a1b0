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
        };
        match crate::io::siecle::import_siecle_with(&mut self.store, &path, &options) {
            Ok(report) => {
                self.reload();
                let summary = format!(
                    "{} élève(s) importé(s), {} laissé(s) de côté.",
                    report.added,
                    report.skipped.len()
                );
                self.info(summary.clone());
                let mut lines = vec![summary];
                if !report.skipped.is_empty() {
                    lines.push(String::new());
                    lines.push("Laissés de côté :".into());
                    lines.extend(report.skipped.iter().map(|s| format!("  • {s}")));
                }
                self.show_report("Import SIECLE terminé", lines, false);
                Ok(())
            }
            Err(crate::io::ImportError::Problems(problems)) => {
                let mut lines = vec![
                    format!(
                        "Rien n'a été importé : {} problème(s) dans le fichier.",
                        problems.len()
                    ),
                    String::new(),
                ];
                lines.extend(problems.iter().map(|p| format!("  • {p}")));
                self.show_report("Import SIECLE refusé", lines, true);
                self.error("Rien n'a été importé : voir le détail.");
                Ok(())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Shows a long message in a box that scrolls.
    pub fn show_report(&mut self, title: &str, lines: Vec<String>, error: bool) {
        self.overlay = Some(super::Overlay::Report(Box::new(super::Report {
            error,
            ..super::Report::new(title, lines)
        })));
    }

    /// What Enter on a report does.
    pub(super) fn confirm_report(&mut self, confirm: super::ReportConfirm) {
        match confirm {
            super::ReportConfirm::ImportSiecle(path) => {
                let options = crate::io::siecle::SiecleOptions::default();
                match crate::io::siecle::import_siecle_with(&mut self.store, &path, &options) {
                    Ok(report) => {
                        self.reload();
                        self.info(format!("{} élève(s) importé(s).", report.added));
                    }
                    Err(error) => self.error(error.to_string()),
                }
            }
        }
    }
}
