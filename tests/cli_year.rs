//! `passerelle year [AAAA-AAAA]`: the school calendar in 80 columns, French errors.

mod common;

use common::{passerelle_cli as passerelle, text};

use unicode_width::UnicodeWidthStr;

#[test]
fn year_prints_dates_periods_and_deadlines_in_80_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("base.sqlite3");
    let out = passerelle(&db, &["year", "2026-2027"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Aucun établissement"));
    let set = [
        "establishment",
        "set",
        "--name",
        "Lycée Jean-Moulin",
        "--uai",
        "0750654d",
        "--academie",
        "Lyon",
        "--city",
        "Lyon",
    ];
    assert!(passerelle(&db, &["init"]).status.success());
    let out = passerelle(&db, &set);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = passerelle(&db, &["year", "2025-2026"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for expected in [
        "Académie Lyon (zone A)",
        "Hiver             du sam. 07/02/2026 au dim. 22/02/2026",
        "P1 rentrée → Toussaint    01/09/2025 – 17/10/2025   7 semaines",
        "Pré-conseil : avant le 18/10/2025 — rien en attente",
    ] {
        assert!(shown.contains(expected), "{expected} missing:\n{shown}");
    }
    assert!(shown.lines().all(|l| l.width() <= 80), "{shown}");
    let out = passerelle(&db, &["year", "2025"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("AAAA-AAAA"));
}
