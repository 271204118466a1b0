//! Printing from the app: a key opens a form with the file to write (`P` on a
//! student's page: their contrat d'engagement), the PDF is written, and the app
//! says where it went.

use std::path::PathBuf;

use crate::app::{App, Field, Form, FormPurpose, Overlay};
use crate::io::output::Overwrite;
use crate::print::{Printable, layout, write_pdf};

/// `~/…` as the user's home; anything else as typed (relative to the current folder).
pub fn typed_path(text: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

impl App {
    /// `P` on a student's page: the contract's file, proposed in the home folder.
    pub(super) fn open_print_contract(&mut self) {
        let Some(id) = self.current else {
            return;
        };
        let Some(row) = self
            .data
            .index
            .get(&id)
            .and_then(|i| self.data.students.get(*i))
        else {
            return;
        };
        let title = format!("Imprimer le contrat — {}", row.student.display_name());
        let file = crate::cli::print::file_name(row);
        self.open_print(Printable::Contract { student: id }, title, &file);
    }

    /// `I` on the dashboard: the indicators report of its filters.
    pub(super) fn open_print_report(&mut self) {
        let scope = self.dash.filter.year.as_deref().unwrap_or("toutes");
        let title = match self.dash.filter.describe() {
            d if d.is_empty() => "Imprimer le rapport d'indicateurs".to_string(),
            d => format!("Imprimer le rapport d'indicateurs — {d}"),
        };
        self.open_print(
            Printable::Report,
            title,
            &format!("rapport_indicateurs_{scope}"),
        );
    }

    /// A form asking where to write `target`, proposing `~/FILE.pdf`.
    pub(super) fn open_print(&mut self, target: Printable, title: String, file: &str) {
        let replace = vec![
            ("non".to_string(), "non".to_string()),
            ("oui".to_string(), "oui".to_string()),
        ];
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title,
            fields: vec![
                Field::path("file", "Fichier PDF", &format!("~/{file}.pdf"), &["pdf"]),
                Field::choice("replace", "Remplacer s'il existe", replace, Some(0), false),
            ],
            focus: 0,
            purpose: FormPurpose::Print { target },
            error: None,
            seen: Vec::new(),
        })));
    }

    /// Writes the document (PDF/A, never a sensitive detail) and says where it went;
    /// the form stays open with the reason when the file cannot be written.
    pub(super) fn save_print(&mut self, target: &Printable, form: &Form) -> Result<(), String> {
        let typed = form.get("file");
        if typed.trim().is_empty() {
            return Err("« Fichier PDF » est obligatoire.".into());
        }
        let mut path = typed_path(typed.trim());
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        let overwrite = Overwrite::from_force(form.get("replace") == "oui");
        let doc = match target {
            // The dashboard's report: the figures of its filters.
            Printable::Report => {
                crate::print::report::of_store(&self.store, &self.dash.filter, self.today)
                    .map_err(|e| e.to_string())??
            }
            _ => target
                .document(&self.store, self.today)
                .map_err(|e| e.to_string())?,
        };
        write_pdf(&doc, self.today, &path, overwrite).map_err(|e| e.to_string())?;
        let pages = layout::lay_out(&doc).len();
        let shown = std::path::absolute(&path).unwrap_or(path);
        self.info(format!(
            "{} : {} ({pages} page{}).",
            target.written(),
            shown.display(),
            if pages > 1 { "s" } else { "" }
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::typed_path;

    #[test]
    fn a_tilde_is_the_home_folder_and_other_paths_stay_as_typed() {
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        if let Some(home) = home {
            assert_eq!(typed_path("~/x.pdf"), home.join("x.pdf"));
        }
        assert_eq!(
            typed_path("/tmp/x.pdf"),
            std::path::PathBuf::from("/tmp/x.pdf")
        );
        assert_eq!(
            typed_path("a/~/x.pdf"),
            std::path::PathBuf::from("a/~/x.pdf")
        );
    }
}
