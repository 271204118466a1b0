//! Pré-conseil meeting, suivi and bilan S2 driven through `App::update`.

mod common;

use chrono::NaiveDate;
use common::*;
use passerelle::app::{Action, App, FieldKind, MeetingFocus, MeetingView, Overlay, Screen};
use passerelle::model::*;
use passerelle::store::fold;

// ---------- Meeting ----------

/// A demo app with two more students marked « repéré », opened in meeting mode.
fn meeting_app() -> App {
    let mut app = demo_app();
    go(&mut app, Screen::Grid);
    for _ in 0..2 {
        let id = app
            .rows()
            .into_iter()
            .find(|id| {
                app.data
                    .student(*id)
                    .is_some_and(|r| r.student.verdict.is_none())
            })
            .expect("undecided student");
        select(&mut app, id);
        app.update(Action::Char('R'));
    }
    go(&mut app, Screen::Meeting);
    app
}

#[test]
fn meeting_queue_holds_the_students_waiting_for_pre_conseil() {
    let app = meeting_app();
    let year = app.filter.year.clone().expect("year");
    let mut expected: Vec<i64> = app
        .data
        .students
        .iter()
        .filter(|r| r.school_year == year && r.student.phase() == Phase::PreConseil)
        .map(|r| r.student.id)
        .collect();
    let mut queue = app.meeting.queue.clone();
    assert!(queue.len() >= 3, "queue: {queue:?}");
    expected.sort_unstable();
    queue.sort_unstable();
    assert_eq!(queue, expected);
    assert_eq!(app.current, Some(app.meeting.queue[0]));
}

#[test]
fn meeting_accept_sets_dates() {
    let mut app = meeting_app();
    let id = app.current.expect("current");
    app.update(Action::Char('a'));
    let s = student(&app, id);
    assert_eq!(s.proposal, Some(Proposal::Accepte));
    assert_eq!(s.pre_conseil_date, Some(today()));
    assert_eq!(
        s.first_checkin_date,
        Some(today() + chrono::Duration::days(21))
    );
    assert_eq!(s.phase(), Phase::Suivi);
    // The student stays on screen for the rest of the discussion.
    assert_eq!(app.current, Some(id));
}

#[test]
fn meeting_module_picker_suggests_filters_and_enrols() {
    let mut app = meeting_app();
    let id = app.current.expect("current");
    let suggested_types = app.data.suggestion(id).module_types;
    app.update(Action::Char('m'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("module picker expected");
    };
    let visible = picker.visible();
    assert!(!visible.is_empty());
    if !suggested_types.is_empty() {
        assert!(visible[0].suggested);
        let first_plain = visible.iter().position(|c| !c.suggested);
        let last_suggested = visible.iter().rposition(|c| c.suggested);
        if let (Some(p), Some(s)) = (first_plain, last_suggested) {
            assert!(s < p, "suggested modules come first");
        }
    }
    type_text(&mut app, "tutorat");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("picker still open");
    };
    let visible = picker.visible();
    assert!(!visible.is_empty());
    assert!(
        visible
            .iter()
            .all(|c| fold(&format!("{} {}", c.label, c.hint)).contains("tutorat"))
    );
    let chosen = visible[0].id;
    app.update(Action::Confirm);
    assert!(app.overlay.is_none());
    let enrolments = app.store.enrolments(id).expect("enrolments");
    assert_eq!(enrolments.len(), 1);
    assert_eq!(enrolments[0].module_id, chosen);
    assert_eq!(enrolments[0].start_date, today());
    assert_eq!(app.data.running_modules[&id], vec![chosen]);
}

#[test]
fn meeting_referent_picker_and_commitments() {
    let mut app = meeting_app();
    let id = app.current.expect("current");
    app.update(Action::Char('f'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("référent picker expected");
    };
    let second = picker.visible()[1].id;
    app.update(Action::Down);
    app.update(Action::Confirm);
    assert_eq!(student(&app, id).referent_id, Some(second));

    app.update(Action::Char('c'));
    type_text(&mut app, "Venir au tutorat.");
    app.update(Action::Confirm);
    type_text(&mut app, "Rendre les devoirs.");
    app.update(Action::Save);
    assert!(app.overlay.is_none());
    assert_eq!(
        student(&app, id).commitments.as_deref(),
        Some("Venir au tutorat.\nRendre les devoirs.")
    );
}

#[test]
fn meeting_next_previous_and_recap() {
    let mut app = meeting_app();
    let queue = app.meeting.queue.clone();
    app.update(Action::Char('a'));
    app.update(Action::Char('s'));
    assert_eq!(app.current, Some(queue[1]));
    app.update(Action::Char('r'));
    app.update(Action::Char('s'));
    assert_eq!(app.current, Some(queue[2]));
    for _ in 0..queue.len() + 2 {
        app.update(Action::Char('s'));
    }
    let last = *queue.last().expect("queue");
    assert_eq!(app.current, Some(last), "stays on the last one");
    app.update(Action::Char('p'));
    assert_eq!(app.current, Some(queue[queue.len() - 2]));
    // The queue does not change when a student leaves the pré-conseil phase.
    assert_eq!(app.meeting.queue, queue);
    app.update(Action::Char('R'));
    assert_eq!(app.meeting.view, MeetingView::Recap);
    let text = render(&app, 80, 24);
    for id in &queue[..2] {
        let name = app.data.student(*id).expect("row").student.display_name();
        assert!(text.contains(&name), "recap lists {name}:\n{text}");
    }
    let third = app
        .data
        .student(queue[2])
        .expect("row")
        .student
        .display_name();
    assert!(!text.contains(&third), "undiscussed student not listed");
    assert!(text.contains("accepté") && text.contains("refusé"));
    app.update(Action::Char('R'));
    assert_eq!(app.meeting.view, MeetingView::Student);
}

#[test]
fn meeting_moving_between_students_reloads_their_details() {
    let mut app = meeting_app();
    let queue = app.meeting.queue.clone();
    app.update(Action::Down);
    app.update(Action::Char('s'));
    assert_eq!(app.current, Some(queue[1]));
    let detail = app.detail.as_ref().expect("detail");
    assert_eq!(detail.student_id, queue[1], "details of the student shown");
    assert_eq!(
        app.meeting.focus,
        MeetingFocus::Proposal,
        "focus back on top"
    );
    app.update(Action::PageUp);
    assert_eq!(app.detail.as_ref().map(|d| d.student_id), Some(queue[0]));
}

#[test]
fn meeting_screen_keeps_the_suggested_modules_on_an_80x24_screen() {
    let mut app = meeting_app();
    for (i, id) in app.meeting.queue.clone().into_iter().enumerate() {
        assert_eq!(app.current, Some(id));
        let text = render(&app, 80, 24);
        assert!(text.contains("Modules suggérés"), "student {i}:\n{text}");
        if let Some(best) = app.data.ranked_modules(id).first() {
            let name = &app.data.module(best.module_id).expect("module").name;
            assert!(text.contains(&format!("1. {name}")), "student {i}:\n{text}");
        }
        assert!(text.contains("Engagements"), "every decision field shown");
        app.update(Action::Char('s'));
    }
}

#[test]
fn meeting_focus_moves_through_the_fields_and_stays_in_range() {
    let mut app = meeting_app();
    for _ in 0..10 {
        app.update(Action::Down);
    }
    assert_eq!(app.meeting.focus, MeetingFocus::Commitments);
    app.update(Action::PrevPane);
    assert_eq!(app.meeting.focus, MeetingFocus::FirstCheckin);
    for _ in 0..10 {
        app.update(Action::Up);
    }
    assert_eq!(app.meeting.focus, MeetingFocus::Proposal);
    assert_eq!(MeetingFocus::Proposal.next(), MeetingFocus::Modules);
    assert_eq!(MeetingFocus::Modules.prev(), MeetingFocus::Proposal);
}

#[test]
fn meeting_is_kept_in_the_database_and_listed_after_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.sqlite3");
    demo_file(&path);
    let (first, second) = {
        let mut app = App::new(file_store(&path, "prof"), today()).expect("app");
        go(&mut app, Screen::Meeting);
        let queue = app.meeting.queue.clone();
        assert!(queue.len() >= 2, "queue: {queue:?}");
        app.update(Action::Char('a'));
        app.update(Action::Char('m'));
        app.update(Action::Confirm);
        app.update(Action::Char('c'));
        type_text(&mut app, "Venir aux séances.");
        app.update(Action::Save);
        app.update(Action::Char('P'));
        type_text(&mut app, ", Mme Roy (CPE)");
        app.update(Action::Confirm);
        app.update(Action::Char('s'));
        app.update(Action::Char('r'));
        (queue[0], queue[1])
    };
    // The program quits; a new one opens the same file.
    let mut app = App::new(file_store(&path, "prof"), today()).expect("app");
    go(&mut app, Screen::Meeting);
    app.update(Action::Char('H'));
    assert_eq!(app.meeting.view, MeetingView::History);
    assert_eq!(app.meeting.history.len(), 1);
    let summary = &app.meeting.history[0];
    assert_eq!(summary.students, 2);
    assert_eq!(summary.meeting.held_on, today());
    assert_eq!(
        summary.meeting.attendees.as_deref(),
        Some("prof, Mme Roy (CPE)")
    );
    let text = render(&app, 80, 24);
    assert!(
        text.contains("23/11/2026") && text.contains("Mme Roy"),
        "{text}"
    );
    app.update(Action::Confirm);
    assert_eq!(app.meeting.view, MeetingView::Recap);
    let minutes = &app.meeting.minutes;
    let ids: Vec<i64> = minutes.students.iter().map(|s| s.student_id).collect();
    assert_eq!(ids, vec![first, second]);
    let accepted = &minutes.students[0];
    assert_eq!(accepted.proposal, Some(Proposal::Accepte));
    assert_eq!(accepted.modules.len(), 1);
    assert_eq!(accepted.commitments.as_deref(), Some("Venir aux séances."));
    assert_eq!(
        accepted.first_checkin_date,
        Some(today() + chrono::Duration::days(21))
    );
    assert_eq!(minutes.students[1].proposal, Some(Proposal::Refuse));
    let module = app
        .data
        .module(accepted.modules[0])
        .expect("module")
        .clone();
    let text = render(&app, 80, 40);
    assert!(text.contains(&module.name), "{text}");
    if let Some(period) = &module.period {
        assert!(text.contains(period.as_str()), "period shown:\n{text}");
    }
    assert!(text.contains("Venir aux séances.") && text.contains("14/12/2026"));
    // Esc goes back to the list, then to the students.
    app.update(Action::Cancel);
    assert_eq!(app.meeting.view, MeetingView::History);
    app.update(Action::Cancel);
    assert_eq!(app.meeting.view, MeetingView::Student);
}

#[test]
fn meeting_undo_takes_back_the_decision_and_its_minutes() {
    let mut app = meeting_app();
    let id = app.current.expect("current");
    app.update(Action::Char('a'));
    let meeting = app.meeting.meeting_id.expect("meeting recorded");
    app.update(Action::Char('r'));
    let minutes = app.store.meeting_minutes(meeting).expect("minutes");
    assert_eq!(minutes.students[0].proposal, Some(Proposal::Refuse));
    // The student's history tells each change once, not again for the minutes.
    let journal = app.store.student_journal(id).expect("journal");
    assert_eq!(
        journal
            .iter()
            .filter(|e| e.field.as_deref() == Some("proposal"))
            .count(),
        2
    );
    assert!(journal.iter().all(|e| e.entity != "meeting_student"));
    app.update(Action::Undo);
    assert_eq!(student(&app, id).proposal, Some(Proposal::Accepte));
    let minutes = app.store.meeting_minutes(meeting).expect("minutes");
    assert_eq!(minutes.students[0].proposal, Some(Proposal::Accepte));
    app.update(Action::Undo);
    assert!(app.store.meetings(None).expect("meetings").is_empty());
    // A new decision after undoing everything starts a new meeting.
    app.update(Action::Char('n'));
    let again = app.meeting.meeting_id.expect("meeting");
    assert_eq!(
        app.store.meeting_minutes(again).expect("m").students.len(),
        1
    );
}

#[test]
fn meeting_modules_are_ranked_by_the_student_s_difficulties_with_a_reason() {
    let mut app = meeting_app();
    let id = app
        .meeting
        .queue
        .iter()
        .copied()
        .find(|id| !app.data.ranked_modules(*id).is_empty())
        .expect("a student with difficulties");
    while app.current != Some(id) {
        app.update(Action::Char('s'));
    }
    let ranked = app.data.ranked_modules(id);
    let weights = app.data.difficulty_weights(id);
    assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    // The best module answers the heaviest difficulty.
    assert!(
        ranked[0].answers.contains(&weights[0].0),
        "{ranked:?} {weights:?}"
    );
    app.update(Action::Char('m'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("module picker expected");
    };
    let first = picker.visible()[0];
    assert_eq!(first.id, ranked[0].module_id);
    let heaviest = app.data.difficulty_label(&weights[0].0).to_string();
    assert!(first.hint.starts_with("pour : ") && first.hint.contains(&heaviest));
}

#[test]
fn meeting_shows_grid_comments_masked_until_revealed_and_logged() {
    let mut app = meeting_app();
    let id = app.current.expect("current");
    let sensitive = app
        .data
        .criteria
        .iter()
        .find(|c| c.domain.is_sensitive())
        .expect("sensitive")
        .id;
    let plain = app
        .data
        .criteria
        .iter()
        .find(|c| !c.domain.is_sensitive())
        .expect("plain")
        .id;
    let versions = (app.cell_version(id, sensitive), app.cell_version(id, plain));
    app.write_with("commentaires", Some(id), |w| {
        w.set_grid_cell(
            id,
            sensitive,
            versions.0,
            &[("comment", "Héberge chez un oncle".into())],
        )?;
        w.set_grid_cell(
            id,
            plain,
            versions.1,
            &[("comment", "Calcul acquis".into())],
        )
    });
    let text = render(&app, 80, 24);
    assert!(text.contains("Calcul") && text.contains("acquis"), "{text}");
    assert!(
        !text.contains("Héberge"),
        "sensitive comment masked:\n{text}"
    );
    assert!(text.contains("(masqué)"));
    app.update(Action::Char('v'));
    assert!(render(&app, 80, 24).contains("Héberge chez un oncle"));
    assert_eq!(app.store.sensitive_accesses().expect("log").len(), 1);
    // The next student is masked again.
    app.update(Action::Char('s'));
    assert!(!app.reveal_sensitive);
}

// ---------- Suivi ----------

fn suivi_app() -> (App, i64) {
    let mut app = demo_app();
    go(&mut app, Screen::Suivi);
    let id = app.current.expect("a followed student");
    (app, id)
}

#[test]
fn suivi_checkin_form_creates_a_checkin() {
    let (mut app, id) = suivi_app();
    let before = app.store.checkins(id).expect("checkins").len();
    app.update(Action::Char('n'));
    assert_eq!(form(&app).get("date"), "23/11/2026");
    app.update(Action::NextPane);
    app.update(Action::Right);
    app.update(Action::NextPane);
    app.update(Action::Right);
    app.update(Action::NextPane);
    app.update(Action::Right);
    app.update(Action::NextPane);
    assert!(matches!(
        form(&app).fields[form(&app).focus].kind,
        FieldKind::LongText(_)
    ));
    type_text(&mut app, "Bon trimestre.");
    app.update(Action::Save);
    assert!(app.overlay.is_none(), "{:?}", app.message);
    let checkins = app.store.checkins(id).expect("checkins");
    assert_eq!(checkins.len(), before + 1);
    let new = checkins
        .iter()
        .find(|c| c.note.as_deref() == Some("Bon trimestre."))
        .expect("new check-in");
    assert_eq!(new.date, today());
    assert_eq!(new.attendance, Some(Attendance::ALL[0]));
    assert_eq!(new.progress, Some(Progress::ALL[0]));
    assert_eq!(new.engagement, Some(Engagement::ALL[0]));
}

#[test]
fn suivi_checkin_in_the_future_is_refused() {
    let (mut app, id) = suivi_app();
    let before = app.store.checkins(id).expect("checkins").len();
    app.update(Action::Char('n'));
    clear_field(&mut app);
    type_text(&mut app, "24/11/2026");
    app.update(Action::Save);
    let error = form(&app).error.clone().expect("error in the form");
    assert!(error.contains("futur"), "{error}");
    assert_eq!(form(&app).get("date"), "24/11/2026", "typed text kept");
    assert_eq!(app.store.checkins(id).expect("checkins").len(), before);
    // A bad date is refused too.
    clear_field(&mut app);
    type_text(&mut app, "31/02/2026");
    app.update(Action::Save);
    assert!(
        form(&app)
            .error
            .as_deref()
            .unwrap_or("")
            .contains("invalide")
    );
    assert_eq!(app.store.checkins(id).expect("checkins").len(), before);
}

#[test]
fn suivi_bilan_s1_is_saved_with_its_date() {
    let (mut app, id) = suivi_app();
    app.update(Action::Char('b'));
    assert!(matches!(app.overlay, Some(Overlay::Text(_))));
    type_text(&mut app, "Progrès nets en maths.");
    app.update(Action::Save);
    let s = student(&app, id);
    assert!(
        s.bilan_s1
            .as_deref()
            .is_some_and(|b| b.ends_with("Progrès nets en maths."))
    );
    assert_eq!(s.bilan_s1_date, Some(today()));
}

// ---------- Bilan S2 ----------

#[test]
fn bilan_decision_keys_set_and_clear() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    let id = app
        .rows()
        .into_iter()
        .find(|id| !app.data.student(*id).expect("row").student.has_exited())
        .expect("a student still in training");
    let keys = [
        ('1', Some(DecisionS2::Passage)),
        ('2', Some(DecisionS2::Redoublement)),
        ('3', Some(DecisionS2::Bts3Ans)),
        ('0', None),
    ];
    for (key, decision) in keys {
        select(&mut app, id);
        app.update(Action::Char(key));
        let s = student(&app, id);
        assert_eq!(s.decision_s2, decision, "key {key}");
        assert_eq!(s.decision_s2_date, decision.map(|_| today()), "key {key}");
        assert_eq!(app.current, Some(id), "stays on the student");
    }
}

#[test]
fn bilan_refuses_a_decision_for_an_exited_student() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    let id = app
        .rows()
        .into_iter()
        .find(|id| app.data.student(*id).expect("row").student.has_exited())
        .expect("an exited student in the demo");
    select(&mut app, id);
    let before = student(&app, id);
    app.update(Action::Char('1'));
    assert!(app.message.as_ref().is_some_and(|m| m.error));
    assert_eq!(student(&app, id).decision_s2, before.decision_s2);
    assert_eq!(student(&app, id).meta.version, before.meta.version);
}

#[test]
fn exit_form_saves_date_cause_and_destination() {
    let mut app = demo_app();
    go(&mut app, Screen::Bilan);
    let id = app.current.expect("current");
    assert!(!student(&app, id).has_exited());
    app.update(Action::Char('e'));
    clear_field(&mut app);
    type_text(&mut app, "02/11/2026");
    app.update(Action::NextPane);
    app.update(Action::Right);
    app.update(Action::NextPane);
    app.update(Action::Char('r'));
    assert_eq!(form(&app).get("destination"), "reorientation");
    app.update(Action::Save);
    assert!(app.overlay.is_none());
    let s = student(&app, id);
    assert_eq!(s.exit_date, NaiveDate::from_ymd_opt(2026, 11, 2));
    assert_eq!(s.exit_cause, Some(ExitCause::ALL[0]));
    assert_eq!(s.exit_destination, Some(ExitDestination::Reorientation));
}
