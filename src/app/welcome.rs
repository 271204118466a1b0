//! Welcome screen of an empty database: demo, SIECLE import, or a first student.

use super::{Action, App, TextPurpose};

impl App {
    pub(super) fn update_welcome(&mut self, action: Action) {
        match action {
            Action::Char('d') => self.load_demo(),
            Action::Char('i') => self.open_text(TextPurpose::SiecleFile),
            Action::Char('a') => self.open_add_student_form(),
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

    /// Imports a SIECLE file given by its path.
    pub(super) fn import_siecle(&mut self, path: &str) {
        let path = std::path::PathBuf::from(path.trim());
        if let Err(error) = self.store.init() {
            self.error(error.to_string());
            return;
        }
        match crate::io::siecle::import_siecle_file(&mut self.store, &path, None) {
            Ok(report) => {
                self.reload();
                self.info(format!(
                    "{} élève(s) importé(s), {} ignoré(s).",
                    report.added,
                    report.skipped.len()
                ));
            }
            Err(crate::io::ImportError::Problems(problems)) => {
                let first = problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                self.error(format!(
                    "Import refusé, rien n'a été enregistré ({} problème(s)) : {first}",
                    problems.len()
                ));
            }
            Err(error) => self.error(error.to_string()),
        }
    }
}
