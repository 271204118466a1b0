//! Text snapshots of the SIECLE import preview on the welcome screen, rendered
//! without colours at 80×24 (fixture: a whole-school CSV export).

mod common;

use common::*;
use passerelle::app::Action;

macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render(&$app, 80, 24);
        insta::with_settings!({
            // A CSV gives no school year: the current one is taken.
            filters => vec![(r"année \d{4}-\d{4}", "année [en cours]")],
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

#[test]
fn import_preview_top_and_end() {
    let mut app = empty_app();
    app.update(Action::OpenImport);
    type_text(
        &mut app,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/siecle/lycee_septembre.csv"
        ),
    );
    app.update(Action::Save);
    snap!("siecle_preview", app);
    app.update(Action::End);
    snap!("siecle_preview_end", app);
}
