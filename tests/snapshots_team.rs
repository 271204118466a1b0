//! The team tab of « Réglages »: snapshots at 80×24 without colours, and the
//! edits it makes through `App::update` (add, edit, deactivate, coordinator).

mod common;

use common::*;
use passerelle::app::{Action, App, Overlay, Screen, SetupTab};
use passerelle::model::StaffRole;

/// Snapshot of the app at 80×24.
macro_rules! snap {
    ($name:expr, $app:expr) => {{
        let text = render(&$app, 80, 24);
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// The demo, on the team tab of the settings.
fn team_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Setup);
    app.update(Action::NextPane);
    assert_eq!(app.setup.tab, SetupTab::Team);
    app
}

/// Moves the team cursor onto the member with this last name.
fn select_member(app: &mut App, last_name: &str) -> i64 {
    let id = app
        .data
        .staff
        .iter()
        .find(|s| s.last_name == last_name)
        .map(|s| s.id)
        .unwrap_or_else(|| panic!("{last_name} in the demo team"));
    app.update(Action::Home);
    let rows = passerelle::app::setup::team::rows(app);
    let pos = rows.iter().position(|r| *r == id).expect("listed");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    id
}

fn member(app: &App, id: i64) -> passerelle::model::Staff {
    app.data
        .staff
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .expect("member")
}

/// Whether the référent picker of this student offers this member.
fn referent_picker_offers(app: &mut App, student: i64, id: i64) -> bool {
    go(app, Screen::Students);
    select(app, student);
    app.open_referent_picker();
    let offered = match &app.overlay {
        Some(Overlay::Picker(p)) => p.choices.iter().any(|c| c.id == id),
        _ => panic!("the référent picker opens"),
    };
    app.update(Action::Cancel);
    offered
}

#[test]
fn team_tab_lists_roles_details_coordinator_and_inactive_last() {
    let app = team_app();
    let text = render(&app, 80, 24);
    assert!(text.contains("★ Philippe Cazals"), "{text}");
    assert!(text.contains("Mission locale de Toulouse"), "{text}");
    let inactive = text
        .find("Thierry Le Guen (inactif)")
        .expect("inactive shown");
    let last_active = text.find("Claire Vidal").expect("active member");
    assert!(
        inactive > last_active,
        "inactive members come last:\n{text}"
    );
    snap!("setup_team", app);
}

#[test]
fn member_form_snapshot() {
    let mut app = team_app();
    select_member(&mut app, "Ferrand");
    app.update(Action::Confirm);
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    snap!("setup_team_form", app);
}

#[test]
fn adding_a_member_through_the_form_is_undoable() {
    let mut app = team_app();
    let before = app.data.staff.len();
    app.update(Action::Char('+'));
    type_text(&mut app, "Marty");
    app.update(Action::Confirm);
    type_text(&mut app, "Inès");
    app.update(Action::Confirm);
    // Role: cycle to « CPE » with its initial.
    app.update(Action::Char('c'));
    app.update(Action::Confirm);
    type_text(&mut app, "Vie scolaire");
    press(&mut app, [Action::Confirm, Action::Confirm]);
    type_text(&mut app, "ines.marty@lycee.example");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "saved: {:?}", app.message);
    assert_eq!(app.data.staff.len(), before + 1);
    let added = app
        .data
        .staff
        .iter()
        .find(|s| s.last_name == "Marty")
        .expect("added");
    assert_eq!(added.role, StaffRole::Cpe);
    assert_eq!(added.discipline.as_deref(), Some("Vie scolaire"));
    assert_eq!(added.email.as_deref(), Some("ines.marty@lycee.example"));
    assert!(added.active && !added.coordinator);
    let cursor_on = passerelle::app::setup::team::rows(&app)[app.setup.cursor()];
    assert_eq!(cursor_on, added.id, "the cursor goes to the new member");
    app.update(Action::Char('u'));
    assert_eq!(app.data.staff.len(), before, "undone");
}

#[test]
fn a_bad_email_or_a_twin_keeps_the_form_open_and_writes_nothing() {
    let mut app = team_app();
    let before = app.data.staff.len();
    app.update(Action::Char('+'));
    type_text(&mut app, "Vidal");
    app.update(Action::Confirm);
    type_text(&mut app, "Claire");
    app.update(Action::Confirm);
    app.update(Action::Char('p'));
    app.update(Action::Save);
    let error = form(&app).error.clone().unwrap_or_default();
    assert!(
        error.contains("Claire Vidal est déjà dans l'équipe"),
        "{error}"
    );
    app.update(Action::Cancel);

    let id = select_member(&mut app, "Haddad");
    app.update(Action::Confirm);
    for _ in 0..5 {
        app.update(Action::Down);
    }
    type_text(&mut app, "karim.haddad@lycee");
    app.update(Action::Save);
    let error = form(&app).error.clone().unwrap_or_default();
    assert!(error.starts_with("Courriel :"), "{error}");
    app.update(Action::Cancel);
    assert_eq!(app.data.staff.len(), before);
    assert_eq!(member(&app, id).email, None);
}

#[test]
fn editing_a_member_writes_only_what_changed_and_undo_restores_it() {
    let mut app = team_app();
    let id = select_member(&mut app, "Haddad");
    let version = member(&app, id).meta.version;
    app.update(Action::Confirm);
    press(&mut app, [Action::Down, Action::Down, Action::Down]);
    clear_field(&mut app);
    type_text(&mut app, "Mathématiques appliquées");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let after = member(&app, id);
    assert_eq!(
        after.discipline.as_deref(),
        Some("Mathématiques appliquées")
    );
    assert_eq!(after.meta.version, version + 1);
    assert_eq!(after.role, StaffRole::ProfBts);
    app.update(Action::Char('u'));
    assert_eq!(
        member(&app, id).discipline.as_deref(),
        Some("Mathématiques")
    );
}

#[test]
fn an_edit_over_a_colleague_change_of_the_same_field_is_a_conflict() {
    let mut app = team_app();
    let id = select_member(&mut app, "Haddad");
    app.update(Action::Confirm);
    // A colleague changes the discipline while the form is open.
    let version = member(&app, id).meta.version;
    app.store
        .write("collègue", |w| {
            w.update_staff(
                id,
                version,
                &[passerelle::model::StaffField::Discipline(Some(
                    "Physique".into(),
                ))],
            )
        })
        .expect("their write");
    press(&mut app, [Action::Down, Action::Down, Action::Down]);
    clear_field(&mut app);
    type_text(&mut app, "Informatique");
    app.update(Action::Save);
    assert!(
        matches!(app.overlay, Some(Overlay::Conflict(..))),
        "conflict shown"
    );
    assert_eq!(member(&app, id).discipline.as_deref(), Some("Physique"));
}

#[test]
fn an_inactive_member_leaves_the_pickers_but_stays_on_the_student_page() {
    let mut app = team_app();
    let id = select_member(&mut app, "Haddad");
    let student = app
        .data
        .students
        .iter()
        .find(|s| s.student.referent_id == Some(id))
        .map(|s| s.student.id)
        .expect("Karim Haddad follows a student in the demo");
    app.update(Action::Char('a'));
    assert!(!member(&app, id).active);
    let message = app.message.clone().expect("message").text;
    assert!(message.contains("reste sur les fiches"), "{message}");
    // Listed last, cursor still on him.
    let rows = passerelle::app::setup::team::rows(&app);
    assert_eq!(rows[app.setup.cursor()], id);

    assert!(!referent_picker_offers(&mut app, student, id));
    app.ask_who();
    match &app.overlay {
        Some(Overlay::Picker(p)) => assert!(p.choices.iter().all(|c| c.id != id)),
        _ => panic!("« Qui êtes-vous ? » opens"),
    }
    app.update(Action::Cancel);
    go(&mut app, Screen::Students);
    select(&mut app, student);
    app.update(Action::Confirm);
    let page = render(&app, 80, 60);
    assert!(
        page.contains("Référent : Karim Haddad (n'est plus dans l'équipe)"),
        "référent still shown:\n{page}"
    );
    assert_eq!(student_referent(&app, student), Some(id));

    // Reactivated: offered again.
    go(&mut app, Screen::Setup);
    select_member(&mut app, "Haddad");
    app.update(Action::Char('a'));
    assert!(member(&app, id).active, "{:?} {:?}", app.message, app.setup);
    assert!(referent_picker_offers(&mut app, student, id));
}

fn student_referent(app: &App, id: i64) -> Option<i64> {
    app.data.student(id).and_then(|s| s.student.referent_id)
}

#[test]
fn coordinator_toggles_and_several_members_may_coordinate() {
    let mut app = team_app();
    let id = select_member(&mut app, "Roux-Mercadier");
    app.update(Action::Char('c'));
    assert!(member(&app, id).coordinator);
    let text = render(&app, 80, 24);
    assert!(
        text.contains("Coordination : Philippe Cazals, Nathalie Roux-Mercadier"),
        "{text}"
    );
    app.update(Action::Char('c'));
    assert!(!member(&app, id).coordinator);
    app.update(Action::Char('c'));
    app.update(Action::Char('u'));
    assert!(!member(&app, id).coordinator, "undo");
}

#[test]
fn a_toggle_acts_on_what_the_list_showed_not_on_a_colleague_change() {
    let mut app = team_app();
    let id = select_member(&mut app, "Vidal");
    let version = member(&app, id).meta.version;
    // Another session deactivates her; this one has not refreshed yet and still
    // shows her active: « a » means « make her inactive », never « flip it back ».
    app.store
        .write("collègue", |w| {
            w.update_staff(id, version, &[passerelle::model::StaffField::Active(false)])
        })
        .expect("their write");
    assert!(member(&app, id).active, "not refreshed yet");
    app.update(Action::Char('a'));
    assert!(!member(&app, id).active, "{:?}", app.message);
    assert_eq!(
        member(&app, id).meta.version,
        version + 1,
        "nothing written"
    );
}

#[test]
fn inactive_members_can_be_hidden() {
    let mut app = team_app();
    let all = passerelle::app::setup::team::rows(&app).len();
    app.update(Action::Char('i'));
    let shown = passerelle::app::setup::team::rows(&app).len();
    assert_eq!(shown + 1, all, "the demo has one inactive member");
    let text = render(&app, 80, 24);
    assert!(!text.contains("(inactif)"), "{text}");
}

#[test]
fn the_referent_of_a_student_can_be_set_only_to_active_members() {
    let mut app = demo_app();
    let inactive = app
        .data
        .staff
        .iter()
        .find(|s| !s.active)
        .map(|s| s.id)
        .expect("an inactive member in the demo");
    let student = app.data.students[0].student.id;
    assert!(!referent_picker_offers(&mut app, student, inactive));
}

#[test]
fn typing_the_name_of_an_inactive_member_as_referent_brings_them_back_not_a_twin() {
    let mut app = team_app();
    let id = select_member(&mut app, "Haddad");
    app.update(Action::Char('a'));
    assert!(!member(&app, id).active);
    let before = app.data.staff.len();
    let student = app
        .data
        .students
        .iter()
        .find(|s| s.student.referent_id != Some(id))
        .map(|s| s.student.id)
        .expect("a student");
    go(&mut app, Screen::Students);
    select(&mut app, student);
    app.open_referent_picker();
    type_text(&mut app, "karim HADDAD");
    app.update(Action::Confirm);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    assert_eq!(app.data.staff.len(), before, "no second Karim Haddad");
    assert!(member(&app, id).active, "back in the team");
    assert_eq!(student_referent(&app, student), Some(id));
    app.update(Action::Char('u'));
    assert!(!member(&app, id).active, "one undo step");
}

#[test]
fn the_referent_filter_still_finds_the_students_of_a_member_who_left() {
    let mut app = demo_app();
    let left = app
        .data
        .staff
        .iter()
        .find(|s| !s.active)
        .map(|s| s.id)
        .expect("an inactive member in the demo");
    go(&mut app, Screen::Students);
    let mut offered = Vec::new();
    for _ in 0..app.data.staff.len() + 1 {
        app.update(Action::Char('r'));
        offered.push(app.filter.referent);
    }
    assert!(offered.contains(&Some(left)), "{offered:?}");
    // A member who follows nobody and left would not be offered; active ones all are.
    let active = app.data.staff.iter().filter(|s| s.active).count();
    assert_eq!(offered.iter().filter(|r| r.is_some()).count(), active + 1);
}

#[test]
fn team_tab_help_snapshot() {
    let mut app = team_app();
    app.update(Action::Char('?'));
    snap!("setup_team_help", app);
}
