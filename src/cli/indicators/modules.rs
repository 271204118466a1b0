//! The « Modules » table of the indicators text.

use super::table::{Column, left, one, rate_cell, right, row, wrapped};
use super::text::{Names, heading};
use crate::labels::Label;
use crate::model::ModuleType;
use crate::model::catalogue::hours_label;
use crate::model::hours::HoursReport;
use crate::model::indicators::{Rate, Tally};

const MODULE_COLUMNS: [Column; 8] = [
    left(22),
    right(6),
    right(6),
    right(6),
    right(7),
    right(7),
    right(9),
    right(10),
];

/// Per module: students, hours (planner), attendance; which modules the
/// students who stayed had followed.
pub fn modules(out: &mut String, t: &Tally, names: &Names, hours: &HoursReport) {
    heading(out, "Modules");
    let hours_of = |code: &str| hours.modules.iter().find(|m| m.code == code);
    let shown: Vec<&(String, String, ModuleType)> = names
        .modules
        .iter()
        .filter(|(code, ..)| t.modules.contains_key(code) || hours_of(code).is_some())
        .collect();
    if shown.is_empty() {
        out.push_str("  Aucun élève de bac pro dans un module.\n");
        return;
    }
    row(
        out,
        &MODULE_COLUMNS,
        &[
            one(""),
            one("Élèves"),
            one("Arrêts"),
            one("Restés"),
            vec!["Heures".into(), "prévues".into()],
            vec!["Heures".into(), "faites".into()],
            one("Accordées"),
            one("Assiduité"),
        ],
    );
    for (code, name, kind) in shown {
        let m = t.modules.get(code).copied().unwrap_or_default();
        let h = hours_of(code);
        let mut label = wrapped(name, 22);
        label.push(format!("  {}", kind.label()));
        let attendance = Rate::of(m.attended, m.marked);
        row(
            out,
            &MODULE_COLUMNS,
            &[
                label,
                one(m.enrolled.to_string()),
                one(m.stopped.to_string()),
                one(m.stayed.to_string()),
                one(h.map_or("–".into(), |h| hours_label(h.planned))),
                one(h.map_or("–".into(), |h| hours_label(h.delivered))),
                one(h.and_then(|h| h.granted).map_or("–".into(), hours_label)),
                rate_cell(&attendance),
            ],
        );
    }
    out.push_str(&format!(
        "Élèves restés ayant suivi au moins un module : {}\n",
        Rate::of(t.stayed_with_module, t.stayed).text()
    ));
    out.push_str(&format!(
        "(heures du planificateur, année {}, tous élèves, sans filtre ;\n assiduité : présent ou en retard, sur les séances pointées)\n",
        hours.school_year
    ));
}
