//! `student_rows` sorts names as a French class list does: case and accents ignored.

use passerelle::model::Sector;
use passerelle::store::{NewStudent, Store};

#[test]
fn student_rows_are_in_french_name_order() {
    let mut store = Store::open_in_memory().expect("open");
    store.init().expect("catalogue");
    let names = [
        ("Émile", "Zoé"),
        ("martin", "Léa"),
        ("Zola", "Ana"),
        ("Martin", "anne"),
        ("adam", "Paul"),
        ("Martin", "Léa"),
    ];
    store
        .write("élèves", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            let s = w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            let c = w.ensure_cohort(s, "2026-2027")?;
            for (last, first) in names {
                w.add_student(
                    c,
                    &NewStudent {
                        last_name: last.into(),
                        first_name: first.into(),
                        bac_pro: true,
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .expect("students");
    let order: Vec<String> = store
        .student_rows()
        .expect("rows")
        .iter()
        .map(|r| format!("{} {}", r.student.last_name, r.student.first_name))
        .collect();
    // Case and accents are ignored (Émile sorts with the e), ties go by id.
    assert_eq!(
        order,
        [
            "adam Paul",
            "Émile Zoé",
            "Martin anne",
            "martin Léa",
            "Martin Léa",
            "Zola Ana"
        ]
    );
}
