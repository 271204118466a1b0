//! The module planner (F8) through `App::update`: levels, the roll (marks,
//! fill-down, one undo step, Esc asks), and snapshots of each level at 80×24.

mod common;

use common::*;
use passerelle::app::planner::{GroupItem, Level};
use passerelle::app::{Action, App, Overlay, Screen};
use passerelle::model::planner::{AttendanceMark, SessionStatus};

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

/// The demo on the planner, in the groups of the module with this code.
fn in_module(code: &str) -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    let pos = app
        .planner
        .data
        .modules
        .iter()
        .position(|m| m.hours.code == code)
        .expect("module planned in the demo");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Groups);
    app
}

/// Opens the first group, then the roll of its last session not after today.
fn open_roll(app: &mut App) -> i64 {
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Group);
    let items = app.planner.group_items(app);
    let pos = items
        .iter()
        .rposition(|i| matches!(i, GroupItem::Session(s) if s.date <= app.today))
        .expect("a past session");
    let GroupItem::Session(session) = &items[pos] else {
        unreachable!()
    };
    let id = session.id;
    app.update(Action::Home);
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Roll, "{:?}", app.message);
    id
}

fn marks(app: &App, session: i64) -> Vec<Option<AttendanceMark>> {
    app.store
        .session_roll(session)
        .expect("roll")
        .into_iter()
        .map(|l| l.mark)
        .collect()
}

#[test]
fn levels_open_with_enter_and_close_with_esc() {
    let mut app = in_module("parrainage");
    snap!("planner_groups", app);
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Group);
    snap!("planner_group", app);
    app.update(Action::Cancel);
    assert_eq!(app.planner.level, Level::Groups);
    app.update(Action::Cancel);
    assert_eq!(app.planner.level, Level::Modules);
    snap!("planner_modules", app);
}

#[test]
fn the_whole_roll_is_one_undo_step_and_marks_the_session_held() {
    let mut app = in_module("parrainage");
    let session = open_roll(&mut app);
    let before = marks(&app, session);
    let n = before.len();
    assert!(n >= 1);
    app.update(Action::Char('a'));
    app.update(Action::Char('D'));
    assert!(app.planner.roll.as_ref().unwrap().modified());
    snap!("planner_roll", app);
    app.update(Action::Key(passerelle::app::keys::Key::Ctrl('s')));
    assert_eq!(app.planner.level, Level::Group, "{:?}", app.message);
    assert_eq!(marks(&app, session), vec![Some(AttendanceMark::Absent); n]);
    let held = app
        .store
        .group_sessions(app.planner.group.unwrap())
        .unwrap();
    assert_eq!(
        held.iter().find(|s| s.id == session).unwrap().status,
        SessionStatus::Held
    );
    app.update(Action::Char('u'));
    assert_eq!(
        marks(&app, session),
        before,
        "one undo takes the whole roll back"
    );
}

#[test]
fn fill_down_fills_only_the_empty_lines_below() {
    let mut app = in_module("parrainage");
    open_roll(&mut app);
    let roll = app.planner.roll.as_mut().unwrap();
    // Three lines (the state only: nothing is saved here).
    let first = roll.lines[0].clone();
    roll.lines = vec![first.clone(), first.clone(), first];
    roll.saved = vec![None; 3];
    for line in &mut roll.lines {
        line.mark = None;
    }
    app.update(Action::Char('r'));
    app.update(Action::Up);
    app.update(Action::Char('D'));
    let roll = app.planner.roll.as_ref().unwrap();
    assert!(
        roll.lines
            .iter()
            .all(|l| l.mark == Some(AttendanceMark::Retard))
    );
}

#[test]
fn esc_with_unsaved_marks_asks_before_dropping_them() {
    let mut app = in_module("parrainage");
    let session = open_roll(&mut app);
    let before = marks(&app, session);
    app.update(Action::Char('e'));
    app.update(Action::Cancel);
    assert_eq!(app.planner.level, Level::Roll, "first Esc only asks");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("non enregistré")
    );
    app.update(Action::Cancel);
    assert_eq!(app.planner.level, Level::Group);
    assert_eq!(marks(&app, session), before, "nothing written");
}

#[test]
fn a_roll_recorded_meanwhile_is_not_overwritten_silently() {
    // A session of today, whose roll is not taken yet.
    let mut app = in_module("atelier_pro");
    let session = open_roll(&mut app);
    // Someone else records the roll of the same session meanwhile.
    let version = app.planner.roll.as_ref().unwrap().session.meta.version;
    let lines = app.store.session_roll(session).unwrap();
    let theirs: Vec<_> = lines
        .iter()
        .map(|l| (l.student_id, AttendanceMark::Present))
        .collect();
    app.store
        .write("autre appel", |w| w.record_roll(session, version, &theirs))
        .unwrap();
    for _ in &lines {
        app.update(Action::Char('a'));
    }
    app.update(Action::Save);
    assert_eq!(app.planner.level, Level::Roll);
    assert!(app.message.as_ref().unwrap().error);
    assert!(
        marks(&app, session)
            .iter()
            .all(|m| *m == Some(AttendanceMark::Present)),
        "theirs kept"
    );
    // A second save is the user's explicit choice to write over it.
    app.update(Action::Save);
    assert_eq!(app.planner.level, Level::Group, "{:?}", app.message);
}

#[test]
fn a_member_taken_out_is_to_place_again_and_p_places_them_back() {
    let mut app = in_module("parrainage");
    app.update(Action::Confirm);
    let group = app.planner.group.expect("group open");
    let Some(GroupItem::Member(member)) = app.planner.group_items(&app).first().cloned() else {
        panic!("a member first")
    };
    app.update(Action::Char('x'));
    assert!(!app.message.as_ref().unwrap().error, "{:?}", app.message);
    assert!(
        !app.planner
            .group_items(&app)
            .iter()
            .any(|i| matches!(i, GroupItem::Member(m) if m.student_id == member.student_id))
    );
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    let module = app.planner.module.unwrap();
    assert_eq!(app.planner.to_place_of(module), vec![member.student_id]);
    snap!("planner_modules_to_place", app);
    app.update(Action::Char('P'));
    let text = &app.message.as_ref().unwrap().text;
    assert!(text.starts_with("1 élève(s) placé(s)"), "{text}");
    assert!(app.planner.to_place_of(module).is_empty());
    let members = app.store.group_members(group).unwrap();
    assert!(
        members
            .iter()
            .any(|m| m.student_id == member.student_id && m.is_current(app.today))
    );
    // One undo takes the placement back.
    app.update(Action::Char('u'));
    assert_eq!(app.planner.to_place_of(module), vec![member.student_id]);
}

#[test]
fn m_moves_a_member_to_another_group_of_the_module_in_one_undo_step() {
    let mut app = in_module("mopi");
    app.update(Action::Confirm);
    let from = app.planner.group.expect("group open");
    let Some(GroupItem::Member(member)) = app.planner.group_items(&app).first().cloned() else {
        panic!("a member first")
    };
    app.update(Action::Char('m'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("a picker: {:?}", app.message)
    };
    let to = picker.choices[0].id;
    assert_ne!(to, from);
    snap!("planner_move_picker", app);
    app.update(Action::Confirm);
    let current = |app: &App, group: i64| {
        app.store
            .group_members(group)
            .unwrap()
            .iter()
            .any(|m| m.student_id == member.student_id && m.is_current(app.today))
    };
    assert!(current(&app, to), "{:?}", app.message);
    assert!(!current(&app, from));
    app.update(Action::Char('u'));
    assert!(current(&app, from));
    assert!(!current(&app, to));
}

/// `+` on the groups level, then the form filled down to the pattern.
fn new_group_form(app: &mut App, pattern: &str) {
    app.update(Action::Char('+'));
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    // Label kept, leader chosen (→), capacity, place, the period under way
    // (P2 on 25 November, proposed), then the pattern.
    press(app, [Action::NextPane, Action::Right, Action::NextPane]);
    type_text(app, "2");
    press(app, [Action::NextPane]);
    type_text(app, "salle B12");
    press(app, [Action::NextPane, Action::NextPane]);
    type_text(app, pattern);
}

#[test]
fn a_new_group_and_its_sessions_come_from_the_typed_pattern_in_one_write() {
    let mut app = in_module("parrainage");
    let before = app.planner.groups().len();
    new_group_form(
        &mut app,
        "3 × 1 h 30, le jeudi à 10 h, à partir du 26 novembre",
    );
    snap!("planner_group_form", app);
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let groups = app.planner.groups();
    assert_eq!(groups.len(), before + 1, "{:?}", app.message);
    let new = groups
        .iter()
        .find(|g| g.group.label == "Groupe B")
        .expect("the proposed label");
    assert_eq!(new.group.capacity, Some(2));
    assert_eq!(new.group.period, Some(2));
    assert!(new.group.leader_id.is_some());
    assert_eq!(new.sessions, 3);
    let id = new.group.id;
    let sessions = app.store.group_sessions(id).unwrap();
    assert!(sessions.iter().all(|s| s.minutes == 90));
    app.update(Action::Char('u'));
    assert_eq!(
        app.planner.groups().len(),
        before,
        "one undo: group and sessions"
    );
    assert!(app.store.group_sessions(id).unwrap().is_empty());
}

#[test]
fn a_bad_pattern_is_refused_with_the_parser_message() {
    let mut app = in_module("parrainage");
    let before = app.planner.groups().len();
    new_group_form(&mut app, "le jeudi");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("refused");
    assert!(error.starts_with("Séances : "), "{error}");
    assert_eq!(app.planner.groups().len(), before);
}

#[test]
fn c_cancels_a_session_with_a_reason_and_plus_adds_one() {
    let mut app = in_module("parrainage");
    app.update(Action::Confirm);
    let group = app.planner.group.unwrap();
    let items = app.planner.group_items(&app);
    let pos = items
        .iter()
        .position(|i| matches!(i, GroupItem::Session(s) if s.status == SessionStatus::Planned))
        .expect("a planned session");
    let GroupItem::Session(session) = items[pos].clone() else {
        unreachable!()
    };
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Char('c'));
    app.update(Action::Save);
    assert!(form(&app).error.is_some(), "a reason is required");
    type_text(&mut app, "sortie au musée");
    app.update(Action::Save);
    assert!(app.overlay.is_none());
    let cancelled = app.store.group_sessions(group).unwrap();
    let cancelled = cancelled.iter().find(|s| s.id == session.id).unwrap();
    assert_eq!(cancelled.status, SessionStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("sortie au musée"));
    snap!("planner_group_cancelled", app);

    let before = app.store.group_sessions(group).unwrap().len();
    app.update(Action::Char('+'));
    type_text(&mut app, "03/12/2026");
    press(&mut app, [Action::NextPane]);
    clear_field(&mut app);
    type_text(&mut app, "midi");
    app.update(Action::Save);
    assert!(form(&app).error.as_ref().unwrap().starts_with("Heure"));
    clear_field(&mut app);
    type_text(&mut app, "10 h 30");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let sessions = app.store.group_sessions(group).unwrap();
    assert_eq!(sessions.len(), before + 1);
    assert!(sessions.iter().any(|s| s.date.to_string() == "2026-12-03"
        && s.start == chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap()));
}

#[test]
fn a_move_stopped_by_a_colleague_writes_nothing_at_all() {
    let mut app = in_module("mopi");
    app.update(Action::Confirm);
    let from = app.planner.group.expect("group open");
    let Some(GroupItem::Member(member)) = app.planner.group_items(&app).first().cloned() else {
        panic!("a member first")
    };
    // A colleague changes that place meanwhile (the day it began).
    let earlier = member.from_date.pred_opt().expect("a day before");
    app.store
        .write("collègue", |w| {
            w.update(
                passerelle::store::Table::GroupMember,
                member.id,
                member.meta.version,
                &[("from_date", earlier.format("%Y-%m-%d").to_string().into())],
            )
        })
        .expect("their change");
    app.update(Action::Char('m'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("a picker: {:?}", app.message)
    };
    let to = picker.choices[0].id;
    app.update(Action::Confirm);
    // Neither half of the move: no overwrite offered that would end the old place alone.
    assert!(app.overlay.is_none(), "no partial overwrite offered");
    let message = app.message.clone().expect("a message");
    assert!(
        message.error && message.text.starts_with("Rien n'a été écrit"),
        "{message:?}"
    );
    let current = |app: &App, group: i64| {
        app.store
            .group_members(group)
            .unwrap()
            .iter()
            .any(|m| m.student_id == member.student_id && m.is_current(app.today))
    };
    assert!(current(&app, from));
    assert!(!current(&app, to));
}

#[test]
fn d_moves_a_planned_session_and_a_colleague_change_stops_it() {
    let mut app = in_module("atelier_pro");
    app.update(Action::Confirm);
    let items = app.planner.group_items(&app);
    let pos = items
        .iter()
        .position(|i| matches!(i, GroupItem::Session(s) if s.status == SessionStatus::Planned))
        .expect("a planned session");
    let GroupItem::Session(session) = items[pos].clone() else {
        unreachable!()
    };
    app.update(Action::Home);
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Char('d'));
    assert!(
        form(&app).title.starts_with("Déplacer la séance"),
        "{:?}",
        app.message
    );
    // One day later, same time.
    app.update(input(ratatui_textarea::Key::Char('+')));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let moved = |app: &App| {
        app.store
            .group_sessions(session.group_id)
            .unwrap()
            .into_iter()
            .find(|s| s.id == session.id)
            .unwrap()
    };
    assert_eq!(moved(&app).date, session.date.succ_opt().unwrap());
    assert_eq!(moved(&app).start, session.start);
    app.update(Action::Char('u'));
    assert_eq!(moved(&app).date, session.date);

    // A colleague cancels it meanwhile: the move writes nothing.
    app.update(Action::Char('d'));
    let now = moved(&app);
    app.store
        .write("collègue", |w| {
            w.cancel_session(now.id, now.meta.version, "grève")
        })
        .unwrap();
    app.update(input(ratatui_textarea::Key::Char('+')));
    app.update(Action::Save);
    let message = app.message.clone().expect("a message");
    assert!(
        message.error && message.text.starts_with("Rien n'a été écrit"),
        "{message:?}"
    );
    assert_eq!(moved(&app).date, session.date);
    assert_eq!(moved(&app).status, SessionStatus::Cancelled);
}

#[test]
fn a_group_without_period_takes_the_one_of_its_first_session() {
    let mut app = in_module("parrainage");
    new_group_form(&mut app, "2 × 1 h, le lundi à 9 h, à partir du 4 janvier");
    // Back to the period field (proposed: P2, the one under way) and clear it.
    app.update(Action::Up);
    assert_eq!(form(&app).fields[form(&app).focus].key, "period");
    app.update(input(ratatui_textarea::Key::Backspace));
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let group = app
        .planner
        .groups()
        .into_iter()
        .find(|g| g.group.label == "Groupe B")
        .cloned()
        .expect("created");
    assert_eq!(group.group.period, Some(3), "January is in P3");
}

#[test]
fn sessions_outside_the_chosen_period_are_reported_when_the_group_is_made() {
    let mut app = in_module("parrainage");
    // Period P2 proposed, sessions running into January.
    new_group_form(&mut app, "6 × 1 h, le lundi à 9 h, à partir du 7 décembre");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", form(&app).error);
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("hors de P2"), "{message}");
}

#[test]
fn a_session_added_out_of_the_year_is_refused_and_a_holiday_is_said() {
    let mut app = in_module("parrainage");
    app.update(Action::Confirm);
    let group = app.planner.group.expect("group open");
    let before = app.store.group_sessions(group).unwrap().len();
    // A typo in the year: refused, nothing written.
    app.update(Action::Char('+'));
    type_text(&mut app, "03/12/2027");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("refused");
    assert_eq!(
        error,
        "Date : le 03/12/2027 n'est pas dans l'année scolaire 2026-2027."
    );
    assert_eq!(app.store.group_sessions(group).unwrap().len(), before);
    // A Wednesday of the Christmas holidays: written, with a warning.
    clear_field(&mut app);
    type_text(&mut app, "23/12/2026");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let message = app.message.clone().expect("a message").text;
    assert!(
        message.ends_with("Attention : c'est pendant les vacances."),
        "{message}"
    );
    assert_eq!(app.store.group_sessions(group).unwrap().len(), before + 1);
}

#[test]
fn a_mark_changed_meanwhile_on_a_held_session_is_not_overwritten_silently() {
    let mut app = in_module("parrainage");
    // A session already held (its roll taken by the demo).
    app.update(Action::Confirm);
    let items = app.planner.group_items(&app);
    let pos = items
        .iter()
        .position(|i| matches!(i, GroupItem::Session(s) if s.status == SessionStatus::Held))
        .expect("a held session");
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Roll, "{:?}", app.message);
    let held = app.planner.roll.as_ref().unwrap().session.clone();
    let session = held.id;
    let first = app.store.session_roll(session).unwrap()[0].student_id;
    // A colleague corrects the first mark meanwhile: « absent excusé ».
    app.store
        .write("collègue", |w| {
            w.record_roll(
                session,
                held.meta.version,
                &[(first, AttendanceMark::AbsentExcuse)],
            )
        })
        .unwrap();
    // I mark the first one « retard » and save: stopped, theirs kept, mine on screen.
    app.update(Action::Char('r'));
    app.update(Action::Save);
    assert_eq!(app.planner.level, Level::Roll);
    let message = app.message.clone().expect("a message");
    assert!(
        message.error && message.text.starts_with("Appel modifié par "),
        "{message:?}"
    );
    assert_eq!(marks(&app, session)[0], Some(AttendanceMark::AbsentExcuse));
    let roll = app.planner.roll.as_ref().unwrap();
    assert_eq!(roll.lines[0].mark, Some(AttendanceMark::Retard));
    assert_eq!(roll.saved[0], Some(AttendanceMark::AbsentExcuse));
    // The time of their write is the clock's: kept out of the snapshot.
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        omit_expression => true,
        filters => vec![(r"\d\d/\d\d/\d{4} à \d\d:\d\d", "JJ/MM/AAAA à HH:MM")],
    }, {
        insta::assert_snapshot!("planner_roll_conflict", render(&app, 80, 24));
    });
    // A second Ctrl-s is the choice to write over it.
    app.update(Action::Save);
    assert_eq!(app.planner.level, Level::Group, "{:?}", app.message);
    assert_eq!(marks(&app, session)[0], Some(AttendanceMark::Retard));
}
