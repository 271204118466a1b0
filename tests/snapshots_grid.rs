//! The planner's grid modules × periods and its flags (F8), through
//! `App::update` and text snapshots at 80×24 (demo seed 1, today 2026-11-23),
//! without colours, and with colours (text then styled runs) for the flagged ones.

mod common;

use chrono::TimeDelta;
use common::*;
use passerelle::app::planner::{GroupItem, Level};
use passerelle::app::{Action, App, Screen};
use passerelle::model::planner::SessionStatus;
use passerelle::store::NewGroup;
use passerelle::ui::theme::Theme;
use passerelle::ui::{View, ViewState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

macro_rules! snap {
    ($name:expr, $text:expr) => {{
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $text);
        });
    }};
}

/// The text then the styled runs (see `tests/snapshots_planner.rs`).
macro_rules! snap_colour {
    ($name:expr, $app:expr) => {{
        snap!($name, render_colour(&$app, 80, 24));
    }};
}

const YEAR: &str = "2026-2027";

fn module_id(app: &App, code: &str) -> i64 {
    app.data
        .modules
        .iter()
        .find(|m| m.code == code)
        .expect("module of the demo")
        .id
}

/// Row of a module on the planner's first level.
fn row_of(app: &App, code: &str) -> usize {
    app.planner
        .data
        .modules
        .iter()
        .position(|m| m.hours.code == code)
        .expect("module planned")
}

/// The planner's grid, on its first cell.
fn grid() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    app.update(Action::Char('g'));
    assert!(app.planner.grid.shown);
    app
}

/// What the flagged demo adds: « Groupe Z » of « declic », with no period, led
/// by the leader of parrainage's group at the same time, one place for two
/// students, one of them also in parrainage's group at that time and without
/// declic in their plan.
struct Flagged {
    parrainage_group: i64,
    group_z: i64,
    /// The student in both groups.
    student: i64,
}

fn flagged() -> (App, Flagged) {
    let mut app = demo_app();
    let day = today();
    let declic = module_id(&app, "declic");
    let parrainage = app
        .store
        .groups_of_year(YEAR, day)
        .expect("groups")
        .into_iter()
        .find(|g| g.group.module_id == module_id(&app, "parrainage"))
        .expect("parrainage runs")
        .group;
    assert!(parrainage.leader_id.is_some());
    let session = app
        .store
        .group_sessions(parrainage.id)
        .expect("sessions")
        .into_iter()
        .find(|s| s.date >= day && s.status == SessionStatus::Planned)
        .expect("a session to come");
    let members = app.store.group_members(parrainage.id).expect("members");
    let without_declic = |id: i64| {
        app.store.enrolments(id).is_ok_and(|e| {
            !e.iter()
                .any(|e| e.module_id == declic && e.end_date.is_none())
        })
    };
    let student = members
        .iter()
        .map(|m| m.student_id)
        .find(|id| without_declic(*id))
        .expect("a parrainage student without declic");
    let other = app
        .data
        .students
        .iter()
        .map(|r| r.student.id)
        .find(|id| !members.iter().any(|m| m.student_id == *id))
        .expect("another student");
    let group_z = app
        .store
        .write("Groupe Z", |w| {
            let group = w.create_group(&NewGroup {
                module_id: declic,
                school_year: YEAR.into(),
                period: None,
                label: "Groupe Z".into(),
                leader_id: parrainage.leader_id,
                capacity: Some(1),
                place: None,
                establishment_id: None,
            })?;
            w.place_in_group(group, student, day)?;
            w.place_in_group(group, other, day)?;
            w.add_session(group, session.date, session.start, 120, None)?;
            w.add_session(
                group,
                session.date + TimeDelta::days(7),
                session.start,
                120,
                None,
            )?;
            Ok(group)
        })
        .expect("group Z");
    app.reload();
    go(&mut app, Screen::Planner);
    (
        app,
        Flagged {
            parrainage_group: parrainage.id,
            group_z,
            student,
        },
    )
}

/// Renders with or without colours, as a buffer.
fn buffer(app: &App, color: bool) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|frame| {
            let widget = View::new(app, Theme { color });
            frame.render_stateful_widget(widget, frame.area(), &mut ViewState::default());
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Position of the first cell of `text` on screen.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(at) = line.find(text) {
            return (line[..at].chars().count() as u16, y);
        }
    }
    panic!("{text:?} not on screen");
}

#[test]
fn g_toggles_the_grid_and_keeps_the_module() {
    let mut app = demo_app();
    go(&mut app, Screen::Planner);
    let tutorat = row_of(&app, "tutorat");
    for _ in 0..tutorat {
        app.update(Action::Down);
    }
    app.update(Action::Char('g'));
    assert!(app.planner.grid.shown);
    assert_eq!(app.planner.cursor(), tutorat);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("grille modules × périodes"), "{screen}");
    assert!(screen.contains(" Tutorat individuel "), "{screen}");
    app.update(Action::Down);
    app.update(Action::Char('g'));
    assert!(!app.planner.grid.shown);
    assert_eq!(app.planner.cursor(), tutorat + 1);
    assert!(render(&app, 80, 24).contains("g grille"));
}

#[test]
fn the_grid_moves_over_cells_and_scrolls() {
    let mut app = grid();
    snap!("planner_grid_first", render(&app, 80, 24));
    app.update(Action::Right);
    assert_eq!(app.planner.grid.column, 1);
    for _ in 0..10 {
        app.update(Action::Right);
    }
    assert_eq!(app.planner.grid.column, 4, "P5 is the last column");
    app.update(Action::Left);
    assert_eq!(app.planner.grid.column, 3);
    app.update(Action::End);
    let last = app.planner.data.modules.len() - 1;
    assert_eq!(app.planner.cursor(), last);
    let screen = render(&app, 80, 24);
    let code = &app.planner.data.modules[last].hours.code;
    assert!(
        screen.contains(&format!(" {code}")),
        "scrolled down: {screen}"
    );
    app.update(Action::PageUp);
    assert_eq!(app.planner.cursor(), last.saturating_sub(10));
    app.update(Action::Home);
    assert_eq!(app.planner.cursor(), 0);
    app.update(Action::PageDown);
    assert_eq!(app.planner.cursor(), last.min(10));
    app.update(Action::Left);
    snap!("planner_grid_scrolled", render(&app, 80, 24));
    // Narrow: fewer columns, the others reached by scrolling.
    let narrow = render(&app, 60, 16);
    assert!(narrow.contains("P3") && narrow.contains('▸'), "{narrow}");
    assert!(!narrow.contains("P5"), "{narrow}");
    app.update(Action::End);
    app.update(Action::Right);
    let narrow = render(&app, 60, 16);
    assert!(narrow.contains("P4") && narrow.contains('◂'), "{narrow}");
}

#[test]
fn enter_opens_the_module_groups_on_the_period() {
    let (mut app, flagged) = flagged();
    app.update(Action::Char('g'));
    let declic = row_of(&app, "declic");
    for _ in 0..declic {
        app.update(Action::Down);
    }
    assert_eq!(
        app.planner.data.grid.columns.last(),
        Some(&None),
        "a group without period adds the column"
    );
    // P1: no group then, the cursor on the first group.
    app.update(Action::Confirm);
    assert_eq!(app.planner.level, Level::Groups);
    assert_eq!(app.planner.cursor(), 0);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("Aucun groupe de ce module en P1.")
    );
    app.update(Action::Cancel);
    assert_eq!(app.planner.level, Level::Modules);
    assert!(app.planner.grid.shown, "back to the grid");
    assert_eq!(app.planner.cursor(), declic);
    // P2: the cursor on declic's group of P2, after Z (no period comes first).
    app.update(Action::Right);
    app.update(Action::Confirm);
    let groups = app.planner.groups();
    assert_eq!(groups[app.planner.cursor()].group.period, Some(2));
    assert_eq!(app.planner.cursor(), 1);
    app.update(Action::Cancel);
    for _ in 0..4 {
        app.update(Action::Right);
    }
    assert_eq!(app.planner.grid.column, 5);
    snap!("planner_grid_flagged", render(&app, 80, 24));
    snap_colour!("planner_grid_flagged_colour", app);
    app.update(Action::Confirm);
    let groups = app.planner.groups();
    assert_eq!(
        groups[app.planner.cursor()].group.id,
        flagged.group_z,
        "on the group without period"
    );
    snap!("planner_grid_groups_flagged", render(&app, 80, 24));
    snap_colour!("planner_grid_groups_flagged_colour", app);
}

#[test]
fn flags_show_where_they_happen() {
    let (mut app, flagged) = flagged();
    let flags = &app.planner.data.flags;
    assert_eq!(
        flags.leader_taken.get(&flagged.group_z),
        Some(&vec![flagged.parrainage_group])
    );
    assert_eq!(
        flags.leader_taken.get(&flagged.parrainage_group),
        Some(&vec![flagged.group_z])
    );
    assert_eq!(flags.clashing_members.get(&flagged.group_z), Some(&1));
    assert_eq!(
        flags.clashing_members.get(&flagged.parrainage_group),
        Some(&1)
    );
    // The roster of parrainage's group: the student « chevauche declic Groupe Z ».
    let parrainage = row_of(&app, "parrainage");
    for _ in 0..parrainage {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    let screen = render(&app, 80, 24);
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    // The row marks the flags; under it, how many other groups the leader
    // leads at the same time, then which ones under the group's own list.
    assert!(
        words.contains("Karim Haddad ! 1/2 1/5 1 !")
            && words
                .contains("Autres groupes de l'animateur à la même heure : 1 (Entrée : lesquels)"),
        "{screen}"
    );
    app.update(Action::Confirm);
    assert_eq!(app.planner.group, Some(flagged.parrainage_group));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("! chevauche declic Groupe Z"), "{screen}");
    assert!(
        screen.contains("! animateur déjà pris à la même heure : declic Groupe Z"),
        "{screen}"
    );
    snap!("planner_grid_roster_clash", screen);
    // The roster of Z: the same student, also « hors plan ».
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::Home);
    for _ in 0..row_of(&app, "declic") {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    let z = app
        .planner
        .groups()
        .iter()
        .position(|g| g.group.id == flagged.group_z)
        .expect("Z listed");
    for _ in 0..z {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    let items = app.planner.group_items(&app);
    let at = items
        .iter()
        .position(|i| matches!(i, GroupItem::Member(m) if m.student_id == flagged.student))
        .expect("the student in Z");
    let GroupItem::Member(member) = &items[at] else {
        unreachable!()
    };
    assert!(app.planner.data.flags.off_plan.contains(&member.id));
    for _ in 0..at {
        app.update(Action::Down);
    }
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("! hors plan · chevauche parrainage Groupe A"),
        "{screen}"
    );
    snap!("planner_grid_roster_off_plan", screen);
    snap_colour!("planner_grid_roster_off_plan_colour", app);
}

#[test]
fn flags_read_with_and_without_colour() {
    let (mut app, _) = flagged();
    app.update(Action::Char('g'));
    for _ in 0..row_of(&app, "declic") {
        app.update(Action::Down);
    }
    // The flagged cell is « sans période », scrolled in from the right; the
    // cursor one module up, so that the cell is not the current one.
    for _ in 0..5 {
        app.update(Action::Right);
    }
    app.update(Action::Up);
    let plain = buffer(&app, false);
    let colour = buffer(&app, true);
    let (x, y) = find(&plain, "1 gr 2/1  !");
    assert_eq!(find(&colour, "1 gr 2/1  !"), (x, y));
    let mark = (x + 10, y);
    assert_eq!(colour[mark].fg, Color::Red);
    assert!(plain[mark].modifier.contains(Modifier::UNDERLINED));
    let (hx, hy) = find(&plain, "4/0 h     !");
    assert_eq!(colour[(hx + 10, hy)].fg, Color::Red);
    // A cell not flagged is plain text.
    let (ox, oy) = find(&plain, "1 gr 1/10");
    assert_eq!(colour[(ox, oy)].fg, Color::Reset);
}
