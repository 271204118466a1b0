//! Printing from the app: `P` on a student's page writes their contrat
//! d'engagement as a PDF, to a file chosen in a form, and says where it went.

use std::path::PathBuf;

use crate::app::{App, Field, Form, FormPurpose, Overlay};
use crate::io::output::Overwrite;
use crate::print::contract::{Contract, blocks};
use crate::print::{layout, write_pdf};

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
        let name = format!("~/{}.pdf", crate::cli::print::file_name(row));
        let replace = vec![
            ("non".to_string(), "non".to_string()),
            ("oui".to_string(), "oui".to_string()),
        ];
        self.overlay = Some(Overlay::Form(Box::new(Form {
            title: format!("Imprimer le contrat — {}", row.student.display_name()),
            fields: vec![
                Field::path("file", "Fichier PDF", &name, &["pdf"]),
                Field::choice("replace", "Remplacer s'il existe", replace, Some(0), false),
            ],
            focus: 0,
            purpose: FormPurpose::PrintContract { student: id },
            error: None,
            seen: Vec::new(),
        })));
    }

    /// Writes the contract (PDF/A, never a sensitive detail); the form stays open
    /// with the reason when the file cannot be written.
    pub(super) fn save_print_contract(&mut self, student: i64, form: &Form) -> Result<(), String> {
        let typed = form.get("file");
        if typed.trim().is_empty() {
            return Err("« Fichier PDF » est obligatoire.".into());
        }
        let mut path = typed_path(typed.trim());
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        let overwrite = Overwrite::from_force(form.get("replace") == "oui");
        let contract =
            Contract::build(&self.store, student, self.today).map_err(|e| e.to_string())?;
        let doc = blocks::document(&contract, self.today);
        write_pdf(&doc, self.today, &path, overwrite).map_err(|e| e.to_string())?;
        let pages = layout::lay_out(&doc).len();
        let shown = std::path::absolute(&path).unwrap_or(path);
        self.info(format!(
            "Contrat écrit : {} ({pages} page{}).",
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
