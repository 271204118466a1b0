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
            // A colleague filled the file meanwhile (demo, import or a student):
            // their data is shown, in a message that fits 80 columns.
            Err(_) if matches!(self.store.is_empty(), Ok(false)) => {
                self.reload();
                self.error(
                    "Démonstration non chargée : la base n'est plus vide (un collègue l'a remplie).",
                );
            }
            Err(error) => self.error(error.to_string()),
        }
    }

    /// Imports a SIECLE file from the import form; problems keep the form open.
    pub(super) fn import_siecle(&mut self, form: &super::Form) -> Result<(), String> {
        let path = crate::app::print::typed_path(form.get("file").trim());
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
        match crate::io::siecle::plan(&self.store, &path, &options) {
            Ok(plan) => {
                self.show_siecle_preview(crate::io::siecle::PendingImport {
                    path,
                    options,
                    plan,
                });
                Ok(())
            }
            Err(crate::io::ImportError::Problems(problems)) => {
                self.show_problems("Import SIECLE refusé", &problems);
                Ok(())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Shows why a file was refused, every problem with its place, in a box that scrolls.
    pub fn show_problems(&mut self, title: &str, problems: &[crate::io::Problem]) {
        let mut lines = vec![
            format!(
                "Rien n'a été importé : {} problème(s) dans le fichier.",
                problems.len()
            ),
            String::new(),
        ];
        lines.extend(problems.iter().map(|p| format!("  • {p}")));
        self.show_report(title, lines, true);
        self.error("Rien n'a été importé : voir le détail.");
    }

    /// Shows a long message in a box that scrolls.
    pub fn show_report(&mut self, title: &str, lines: Vec<String>, error: bool) {
        self.overlay = Some(super::Overlay::Report(Box::new(super::Report {
            error,
            ..super::Report::new(title, lines)
        })));
    }

    /// Shows what an import would do; Enter imports (if there is anything to write).
    fn show_siecle_preview(&mut self, pending: crate::io::siecle::PendingImport) {
        let lines = pending.plan.preview_lines_at(
            crate::io::siecle::Advice::Words,
            super::overlay::REPORT_WIDTH,
        );
        let writes = pending.plan.writes_anything();
        let mut report = super::Report::new("Import SIECLE : aperçu", lines);
        if writes {
            report.confirm = Some(super::ReportConfirm::ImportSiecle(Box::new(pending)));
        }
        self.overlay = Some(super::Overlay::Report(Box::new(report)));
    }

    /// What Enter on a report does.
    pub(super) fn confirm_report(&mut self, confirm: super::ReportConfirm) {
        match confirm {
            super::ReportConfirm::ImportSiecle(pending) => self.confirm_siecle_import(*pending),
            super::ReportConfirm::ImportTeam(path, plan) => self.confirm_team_import(path, *plan),
        }
    }

    /// Imports the previewed file, if it and the database still give the same plan;
    /// otherwise shows the new preview.
    fn confirm_siecle_import(&mut self, pending: crate::io::siecle::PendingImport) {
        use crate::io::siecle::{PendingImport, apply, plan};
        let fresh = match plan(&self.store, &pending.path, &pending.options) {
            Ok(fresh) => fresh,
            Err(error) => return self.error(format!("Rien n'a été importé : {error}")),
        };
        if fresh != pending.plan {
            self.show_siecle_preview(PendingImport {
                plan: fresh,
                ..pending
            });
            return self.info("Le fichier ou la base a changé depuis l'aperçu : aperçu à jour.");
        }
        match apply(&mut self.store, &fresh) {
            Ok(applied) => {
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
                let aside = fresh.counts().divisions_aside;
                if aside > 0 {
                    message.push_str(&format!(" ; {aside} division(s) de côté"));
                }
                self.info(format!("{message}."));
            }
            Err(error) => self.error(format!("Rien n'a été importé : {error}")),
        }
    }
}
