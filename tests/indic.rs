//! The fast reads of `passerelle indicators` (issue 13) give the figures of the
//! whole rows: students counted from a few columns, hours from sessions read
//! without place or row meta, per-establishment hours in one pass.

mod common;

use std::collections::BTreeMap;

use passerelle::demo::{DemoOptions, generate};
use passerelle::model::hours::{HoursInput, establishment_module_hours};
use passerelle::model::indicators::tally;
use passerelle::model::planner::AttendanceMark;
use passerelle::model::school_year_of;
use passerelle::store::Store;

/// Two lycées of the demo (over 3,000 students), planned and marked up to today.
fn two_lycees() -> Store {
    let mut store = common::empty_store();
    generate(
        &mut store,
        &DemoOptions {
            students: 3_200,
            seed: 7,
            today: common::today(),
        },
    )
    .expect("demo");
    assert_eq!(store.establishments().expect("establishments").len(), 2);
    store
}

#[test]
fn figures_read_from_a_few_columns_are_those_of_the_whole_rows() {
    let store = two_lycees();
    let today = common::today();

    // Students: the tallies counted from the columns they read equal the
    // tallies of the whole students (the path of the dashboard).
    let inputs = store.indicator_inputs().expect("inputs");
    let lean = store.indicator_tallies(today).expect("tallies");
    assert_eq!(lean, tally(&inputs, today));
    let total: u64 = lean.values().map(|t| t.all_students).sum();
    assert_eq!(usize::try_from(total).expect("count"), inputs.len());
    // The demo has something in every part of the tally.
    let all: passerelle::model::indicators::Tally = lean.values().sum();
    assert!(all.exits > 0 && all.passed > 0 && all.exits_by_difficulty.len() > 1);
    assert!(all.modules.values().any(|m| m.stopped > 0));
    assert!(all.modules.values().any(|m| m.marked > m.attended));

    // Modules followed, checked against each student's own marks and enrolments.
    let enrolments = store.all_enrolments().expect("enrolments");
    let codes: BTreeMap<i64, String> = store
        .modules()
        .expect("modules")
        .into_iter()
        .map(|m| (m.id, m.code))
        .collect();
    let mut marked_students = 0;
    for input in &inputs {
        let id = input.student.id;
        let marks = store.student_marks(id).expect("marks");
        marked_students += usize::from(!marks.is_empty());
        for (module, code) in &codes {
            let of_module: Vec<_> = marks.iter().filter(|m| m.module_id == *module).collect();
            let attended = of_module
                .iter()
                .filter(|m| matches!(m.mark, AttendanceMark::Present | AttendanceMark::Retard))
                .count();
            let latest = enrolments
                .iter()
                .filter(|e| e.student_id == id && e.module_id == *module)
                .max_by_key(|e| (e.start_date, e.id));
            match input.modules.iter().find(|f| &f.code == code) {
                Some(f) => {
                    assert_eq!(f.marked, of_module.len() as u64, "student {id}, {code}");
                    assert_eq!(f.attended, attended as u64, "student {id}, {code}");
                    assert_eq!(
                        f.stopped,
                        latest.is_some_and(|e| e.end_date.is_some()),
                        "student {id}, {code}"
                    );
                }
                None => assert!(of_module.is_empty() && latest.is_none(), "{id} {code}"),
            }
        }
    }
    assert!(marked_students > 10, "{marked_students}");

    // Hours: the report from the lean read equals the report from the whole
    // rows the planner pane reads.
    let year = school_year_of(today);
    let (groups, sessions, members) = store.planner_year(&year, today).expect("planner");
    let groups: Vec<_> = groups.into_iter().map(|g| g.group).collect();
    let grants = store.hours_grants(&year).expect("grants");
    let modules = store.modules().expect("modules");
    let whole = HoursInput {
        modules: &modules,
        groups: &groups,
        sessions: &sessions,
        members: &members,
        grants: &grants,
        today,
    };
    let report = store.hours_report(&year, today).expect("report");
    assert_eq!(report, store.hours_report_of(&year, &whole).expect("whole"));
    assert_eq!(report.establishments.len(), 2);
    assert!(report.sections.iter().any(|s| s.delivered > 0.0));

    // Per establishment (the anonymous export): as each lycée computed on its own
    // from every session of the file.
    let ids: Vec<i64> = store
        .establishments()
        .expect("establishments")
        .iter()
        .map(|e| e.id)
        .collect();
    let each: Vec<_> = ids
        .iter()
        .filter_map(|id| {
            let (lines, envelopes) = establishment_module_hours(&whole, ids.first().copied(), *id)?;
            Some((*id, lines, envelopes))
        })
        .collect();
    assert_eq!(
        store.hours_by_establishment(&year, today).expect("by"),
        each
    );
    assert_eq!(each.len(), 2);
}
