//! Printing the fiche cadre of a module (`I` on the planner's modules and on the
//! catalogue's modules) and the project file of the year (`D` on the planner's
//! modules): a form proposes the file, the PDF is written, the app says where.

use crate::app::keys::{Binding, Key, bind};
use crate::app::{Action, App};
use crate::print::{Printable, start_year};

/// `I`: the fiche cadre of the module under the cursor. In the help only: the
/// footers of the planner and of the catalogue have no room left at 80 columns.
pub fn module_binding() -> Binding {
    bind(
        &[Key::Char('I')],
        Action::PrintModule,
        "imprimer la fiche cadre du module (PDF)",
    )
}

/// The print keys of the planner's modules level (list and grid), help only.
pub fn planner_bindings() -> Vec<Binding> {
    vec![
        module_binding(),
        bind(
            &[Key::Char('D')],
            Action::PrintProject,
            "imprimer le dossier de projet de l'année (PDF)",
        ),
    ]
}

/// « fiche_cadre_tutorat_2026-2027 »: letters, digits, hyphens and underscores only.
fn file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl App {
    /// The form printing the fiche cadre of `module` with its groups of `year`.
    pub(super) fn open_print_module(&mut self, module: i64, year: &str) {
        let Some(m) = self.data.modules.iter().find(|m| m.id == module) else {
            return;
        };
        let title = format!("Imprimer la fiche cadre — {}", m.name);
        let file = format!("fiche_cadre_{}_{}", file_part(&m.code), file_part(year));
        let target = Printable::Module {
            module,
            year: start_year(year, self.today),
        };
        self.open_print(target, title, &file);
    }

    /// The form printing the project file of `year`.
    pub(super) fn open_print_project(&mut self, year: &str) {
        let title = format!("Imprimer le dossier de projet — {year}");
        let file = format!("dossier_projet_{}", file_part(year));
        let target = Printable::Project {
            year: start_year(year, self.today),
        };
        self.open_print(target, title, &file);
    }
}
