//! Application state and its only way of changing: `App::update(Action)`.
//!
//! No terminal code here: keys become [`Action`]s in `ui::keymap`, and tests drive
//! `update` directly.

mod action;
mod complete;
pub mod dash;
mod data;
mod edits;
mod exit;
mod filter;
mod form;
mod grid;
mod identity;
pub mod keys;
mod meeting;
mod overlay;
mod page;
pub mod planner;
pub(crate) mod print;
mod print_module;
mod print_sheets;
mod privacy;
pub mod setup;
mod shared;
mod suivi;
mod sync;
mod welcome;
mod who;

pub use action::{Action, Screen};
pub use data::{Cell, Data, Detail};
pub use filter::{Filter, SuiviScope};
pub use form::{Field, FieldKind, Form, FormPurpose};
pub use grid::{Direction, GridState};
pub use meeting::{FIRST_CHECKIN_DAYS, MeetingFocus, MeetingState, MeetingView};
pub use overlay::{
    Choice, Overlay, Picker, PickerPurpose, Report, ReportConfirm, SeenRows, TextEditor,
    TextPurpose, seen_row,
};
pub use page::PageState;
pub use planner::PlannerState;
pub use setup::{SetupState, SetupTab};
pub use sync::{Message, PendingEdit};

use chrono::NaiveDate;

use crate::model::sheet::{Sensitive, StudentSheet};
use crate::store::{Store, StoreError};

/// Students per phase, in [`crate::model::Phase::ALL`] order (header counts).
pub type PhaseCounts = [usize; crate::model::Phase::ALL.len()];

/// The application.
pub struct App {
    pub store: Store,
    pub data: Data,
    /// "Today", fixed in tests so that snapshots do not move.
    pub today: NaiveDate,
    pub screen: Screen,
    pub filter: Filter,
    /// Student currently selected, shared by all screens.
    pub current: Option<i64>,
    /// Details of the current student (check-ins, modules).
    pub detail: Option<Detail>,
    /// The current student's sheet, while the student page is on screen; it holds
    /// the conditions de vie only while they are revealed.
    pub sheet: Option<StudentSheet>,
    /// Cursor row in the current screen's list (its scroll is the renderer's `ViewState`).
    pub cursor: usize,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// The pré-conseil meeting screen's state.
    pub meeting: MeetingState,
    /// The repérage grid's own state (column, entry direction).
    pub grid: GridState,
    /// Conditions de vie shown in clear (until the student or the screen changes).
    /// Shared by the grid, the meeting and the page rather than kept in each: one
    /// flag that `privacy.rs` logs and masks again on every change of screen.
    pub reveal_sensitive: bool,
    /// The student page's own state (scroll, where Esc goes back to).
    pub page: PageState,
    /// The settings screen's own state (tab, cursors).
    pub setup: SetupState,
    /// The module planner's own state (level, cursors, what it shows).
    pub planner: PlannerState,
    /// The dashboard's own state (page, filter, figures).
    pub dash: dash::DashState,
    /// A lasting warning (failed integrity check), shown until the app closes.
    pub warning: Option<String>,
    /// Set by Quit.
    pub should_quit: bool,
    data_version: i64,
    /// Last result of `rows()` for a list screen: it filters every student, so it is
    /// computed once per (screen, filter, day, data generation) rather than on each call.
    rows_memo: std::cell::RefCell<Option<(RowsKey, Vec<i64>)>>,
    /// Last header counts, memoised the same way (see [`App::memo_counts`]).
    counts_memo: std::cell::RefCell<Option<(RowsKey, PhaseCounts)>>,
    /// Last header late flag, memoised the same way (see [`App::memo_late`]).
    late_memo: std::cell::RefCell<Option<(RowsKey, LateFlag)>>,
    /// Figures over all students that screens draw at every frame (see [`App::tally`]).
    tally_memo: std::cell::RefCell<TallyMemo>,
}

/// Memoised figures: (name, key) → (data generation, day, value).
type TallyMemo = std::collections::HashMap<
    (&'static str, String),
    (u64, NaiveDate, std::rc::Rc<dyn std::any::Any>),
>;

/// The first phase milestone past with students still owing it, and how many.
pub type LateFlag = Option<(crate::model::calendar::DeadlineKind, usize)>;

/// What `Filter::rows` depends on.
#[derive(Debug, Clone, PartialEq)]
struct RowsKey {
    screen: Screen,
    filter: Filter,
    today: NaiveDate,
    generation: u64,
}

impl App {
    /// Loads the database; opens on the welcome screen when it is empty.
    pub fn new(store: Store, today: NaiveDate) -> Result<App, StoreError> {
        let newest_year = store.cohorts()?.into_iter().map(|c| c.school_year).max();
        let data = Data::load(&store, newest_year.as_deref())?;
        App::with_data(store, today, data, newest_year)
    }

    /// Like [`App::new`], but reads only the first `rows` students of the list, so
    /// that the first frame comes at once whatever the size of the file; the terminal
    /// loop calls [`App::finish_start`] as soon as that frame is drawn.
    pub fn start(store: Store, today: NaiveDate, rows: usize) -> Result<App, StoreError> {
        let newest_year = store.cohorts()?.into_iter().map(|c| c.school_year).max();
        let Some(year) = newest_year.as_deref() else {
            return App::new(store, today);
        };
        // Any trouble with the quick way (a file without sort keys, opened read-only)
        // falls back on reading the whole year, which reports its own errors.
        match Data::first_page(&store, year, rows) {
            Ok(Some(data)) => App::with_data(store, today, data, newest_year),
            Ok(None) | Err(_) => App::new(store, today),
        }
    }

    /// Whether only the first screenful of students is read yet (see [`App::start`]).
    pub fn is_loading(&self) -> bool {
        self.data.partial
    }

    /// Reads the rest after the first frame; the cursor stays on the same student.
    pub fn finish_start(&mut self) {
        if !self.data.partial {
            return;
        }
        match Data::load(&self.store, self.data.scope.as_deref()) {
            Ok(data) => self.data = data,
            Err(error) => {
                self.data.partial = false;
                self.error(error.to_string());
            }
        }
        self.sync_cursor();
    }

    fn with_data(
        store: Store,
        today: NaiveDate,
        data: Data,
        newest_year: Option<String>,
    ) -> Result<App, StoreError> {
        let data_version = store.data_version()?;
        let screen = if data.students.is_empty() {
            Screen::Welcome
        } else {
            Screen::Students
        };
        let filter = Filter {
            year: newest_year,
            ..Filter::default()
        };
        let mut app = App {
            store,
            data,
            today,
            screen,
            filter,
            current: None,
            detail: None,
            sheet: None,
            cursor: 0,
            overlay: None,
            message: None,
            meeting: MeetingState::default(),
            grid: GridState::default(),
            reveal_sensitive: false,
            page: PageState::default(),
            setup: SetupState::default(),
            planner: PlannerState::default(),
            dash: dash::DashState::default(),
            warning: None,
            should_quit: false,
            data_version,
            rows_memo: std::cell::RefCell::new(None),
            counts_memo: std::cell::RefCell::new(None),
            late_memo: std::cell::RefCell::new(None),
            tally_memo: std::cell::RefCell::new(TallyMemo::new()),
        };
        app.sync_cursor();
        Ok(app)
    }

    /// Whether keys should go to a text field rather than be commands.
    pub fn wants_text(&self) -> bool {
        match &self.overlay {
            Some(overlay) => overlay.wants_text(),
            None => self.filter.searching,
        }
    }

    /// Whether a box or the search line is open (keys are being typed somewhere).
    pub fn is_typing(&self) -> bool {
        self.overlay.is_some() || self.filter.searching
    }

    /// Whether Enter now would save or close what is being typed (one-line
    /// editor, picker, last field of a form, search line).
    pub fn confirm_closes(&self) -> bool {
        match &self.overlay {
            Some(Overlay::Text(editor)) => !editor.multiline,
            Some(Overlay::Picker(_)) => true,
            Some(Overlay::Form(form)) => {
                form.focus + 1 >= form.fields.len()
                    && !matches!(
                        form.fields.get(form.focus).map(|f| &f.kind),
                        Some(FieldKind::LongText(_))
                    )
            }
            Some(_) => false,
            None => self.filter.searching,
        }
    }

    /// Applies one action. The only way the state changes.
    pub fn update(&mut self, action: Action) {
        // Nothing acts on the start-up page alone.
        self.finish_start();
        self.apply(action);
        self.sync_dash();
        self.sync_sheet();
    }

    /// Keeps the student page's sheet in step with the current student, the data
    /// and the reveal; off the page, no sheet is kept (nor any note it held).
    fn sync_sheet(&mut self) {
        let (Screen::StudentPage, Some(id)) = (self.screen, self.current) else {
            self.sheet = None;
            return;
        };
        let sensitive = if self.reveal_sensitive {
            Sensitive::Shown
        } else {
            Sensitive::Masked
        };
        let fresh = self
            .sheet
            .as_ref()
            .is_some_and(|s| s.student.id == id && s.sensitive == sensitive);
        if !fresh {
            self.sheet = match self.store.student_sheet(id, self.today, sensitive) {
                Ok(sheet) => Some(sheet),
                Err(error) => {
                    self.error(error.to_string());
                    None
                }
            };
        }
    }

    fn apply(&mut self, action: Action) {
        if !matches!(action, Action::Refresh) {
            self.message = None;
        }
        if let Some(overlay) = self.overlay.take() {
            self.update_overlay(overlay, plain(action));
            return;
        }
        if self.filter.searching {
            self.update_search(plain(action));
            return;
        }
        // A key means what the screen's table says, and nothing else.
        let action = match action.key() {
            Some(key) => match self.bound_action(key) {
                Some(bound) => bound,
                None => {
                    self.unbound(key);
                    return;
                }
            },
            None => action,
        };
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Refresh => self.refresh_if_changed(),
            Action::GoTo(screen) => self.go_to(screen),
            Action::NextScreen => self.go_to(self.screen.cycle(1)),
            Action::PrevScreen => self.go_to(self.screen.cycle(-1)),
            Action::Search if self.screen != Screen::Welcome => {
                self.filter.searching = true;
            }
            other => {
                if !self.update_common(&other) {
                    self.update_screen(other)
                } else if self.screen == Screen::Planner {
                    // The year filter chooses the planner's school year.
                    self.load_planner();
                }
            }
        }
    }

    fn update_screen(&mut self, action: Action) {
        match self.screen {
            Screen::Welcome => self.update_welcome(action),
            Screen::Students => self.update_students(action),
            Screen::Grid => self.update_grid(action),
            Screen::Meeting => self.update_meeting(action),
            Screen::Suivi => self.update_suivi(action),
            Screen::Bilan => self.update_bilan(action),
            Screen::StudentPage => self.update_page(action),
            Screen::Setup => self.update_setup(action),
            Screen::Planner => self.update_planner(action),
            Screen::Dashboard => self.update_dash(action),
        }
    }

    /// Reads the grid cells if not yet done (grid, meeting, student page, pickers).
    pub fn ensure_grid(&mut self) {
        if !self.data.grid_loaded
            && let Err(error) = self.data.load_grid(&self.store)
        {
            self.error(error.to_string());
        }
    }

    /// Switches screen, keeping the selected student when it is listed there.
    pub fn go_to(&mut self, screen: Screen) {
        if self.screen == Screen::Welcome
            && !matches!(screen, Screen::Welcome | Screen::Setup | Screen::Dashboard)
            && self.data.students.is_empty()
        {
            self.info(
                "La base est vide : chargez la démo, importez un fichier ou ajoutez un élève.",
            );
            return;
        }
        if matches!(screen, Screen::Grid | Screen::Meeting | Screen::StudentPage) {
            self.ensure_grid();
        }
        if screen == Screen::StudentPage {
            self.page = PageState::from(self.screen);
        }
        if screen == Screen::Meeting && self.screen != Screen::Meeting {
            self.start_meeting();
        }
        self.mask_when_leaving(screen);
        self.screen = screen;
        if screen == Screen::Planner {
            self.load_planner();
        }
        self.sync_cursor();
    }

    /// Ids of the students listed in the current screen, in display order.
    pub fn rows(&self) -> Vec<i64> {
        match self.screen {
            Screen::Welcome | Screen::Setup | Screen::Planner | Screen::Dashboard => Vec::new(),
            Screen::Meeting => self.meeting.queue.clone(),
            Screen::StudentPage => self.current.into_iter().collect(),
            screen => {
                let key = RowsKey {
                    screen,
                    filter: self.filter.clone(),
                    today: self.today,
                    generation: self.data.generation,
                };
                let mut memo = self.rows_memo.borrow_mut();
                match memo.as_ref() {
                    Some((k, rows)) if *k == key => rows.clone(),
                    _ => {
                        let rows = self.filter.rows(&self.data, screen, self.today);
                        *memo = Some((key, rows.clone()));
                        rows
                    }
                }
            }
        }
    }

    /// Header counts per phase, computed by `compute` only when the filter's year or
    /// section, the day or the data changed since the last frame.
    pub fn memo_counts(&self, compute: impl FnOnce() -> PhaseCounts) -> PhaseCounts {
        memoised(&self.counts_memo, self.header_key(), compute)
    }

    /// The header's late flag, memoised like [`App::memo_counts`].
    pub fn memo_late(&self, compute: impl FnOnce() -> LateFlag) -> LateFlag {
        memoised(&self.late_memo, self.header_key(), compute)
    }

    /// A figure over all students (a count, counts per section…) computed by
    /// `compute` once per data generation and day for `(name, key)`, instead of at
    /// every frame: at 100,000 students a count costs milliseconds per keystroke.
    /// `key` holds whatever else the figure depends on (the filter, an id).
    pub fn tally<T: Clone + 'static>(
        &self,
        name: &'static str,
        key: String,
        compute: impl FnOnce() -> T,
    ) -> T {
        let stamp = (self.data.generation, self.today);
        {
            let mut memo = self.tally_memo.borrow_mut();
            if memo.values().any(|(g, d, _)| (*g, *d) != stamp) {
                memo.clear();
            }
            if let Some(value) = memo
                .get(&(name, key.clone()))
                .and_then(|(_, _, v)| v.downcast_ref::<T>())
            {
                return value.clone();
            }
        }
        // Not borrowed while computing: a figure may be made of other tallies.
        let value = compute();
        self.tally_memo.borrow_mut().insert(
            (name, key),
            (stamp.0, stamp.1, std::rc::Rc::new(value.clone())),
        );
        value
    }

    /// What the header's figures depend on: the filter's year and section, the
    /// day, the data.
    fn header_key(&self) -> RowsKey {
        RowsKey {
            screen: Screen::Students,
            filter: Filter {
                year: self.filter.year.clone(),
                section: self.filter.section,
                ..Filter::default()
            },
            today: self.today,
            generation: self.data.generation,
        }
    }

    /// Puts the cursor on the current student if listed, else keeps it in range.
    pub fn sync_cursor(&mut self) {
        let rows = self.rows();
        if let Some(pos) = self
            .current
            .and_then(|id| rows.iter().position(|r| *r == id))
        {
            self.cursor = pos;
        } else {
            self.cursor = self.cursor.min(rows.len().saturating_sub(1));
            self.set_current(rows.get(self.cursor).copied());
        }
    }

    /// Changes the current student: the only way to, so that the details follow.
    fn set_current(&mut self, id: Option<i64>) {
        // The student page shows one student's data in clear; the grid shows the
        // column for every row while it stays on screen (m again, or leaving, hides it).
        if id != self.current && self.screen != Screen::Grid {
            self.reveal_sensitive = false;
            self.page.scroll = 0;
        }
        self.current = id;
        if self.detail.as_ref().map(|d| d.student_id) != id {
            self.load_detail();
        }
    }

    /// Re-reads the current student's details.
    pub fn load_detail(&mut self) {
        // The page's sheet is rebuilt from the new data after the action.
        self.sheet = None;
        self.detail = match self.current {
            Some(id) => match Detail::load(&self.store, id) {
                Ok(detail) => Some(detail),
                Err(error) => {
                    self.error(error.to_string());
                    None
                }
            },
            None => None,
        };
    }

    /// Moves the list cursor by `delta` rows (clamped).
    pub fn move_cursor(&mut self, delta: isize) {
        let rows = self.rows();
        if rows.is_empty() {
            self.set_current(None);
            return;
        }
        let last = rows.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
        self.set_current(Some(rows[self.cursor]));
    }

    /// Common list moves; returns false when the action is not a move.
    pub fn list_move(&mut self, action: &Action) -> bool {
        match action {
            Action::Up => self.move_cursor(-1),
            Action::Down => self.move_cursor(1),
            Action::PageUp => self.move_cursor(-10),
            Action::PageDown => self.move_cursor(10),
            Action::Home => self.move_cursor(isize::MIN / 2),
            Action::End => self.move_cursor(isize::MAX / 2),
            _ => return false,
        }
        true
    }

    fn update_students(&mut self, action: Action) {
        self.list_move(&action);
    }

    fn update_search(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.filter.searching = false;
                self.filter.search.clear();
            }
            Action::Confirm | Action::Down | Action::Up => {
                self.filter.searching = false;
                if action != Action::Confirm {
                    self.update(action);
                }
            }
            Action::Text(input) => {
                self.filter.type_search(input);
                self.cursor = 0;
                self.sync_cursor();
            }
            Action::Paste(text) => {
                let room = crate::model::text::LINE_MAX_CHARS
                    .saturating_sub(self.filter.search.chars().count());
                self.filter
                    .search
                    .push_str(&crate::model::text::clean_paste(&text, false, room).0);
                self.cursor = 0;
                self.sync_cursor();
            }
            Action::Refresh => self.refresh_if_changed(),
            _ => {}
        }
    }
}

/// The value kept in `memo` for `key`, or `compute`d and kept.
fn memoised<T: Copy>(
    memo: &std::cell::RefCell<Option<(RowsKey, T)>>,
    key: RowsKey,
    compute: impl FnOnce() -> T,
) -> T {
    let mut memo = memo.borrow_mut();
    match memo.as_ref() {
        Some((k, value)) if *k == key => *value,
        _ => {
            let value = compute();
            *memo = Some((key, value));
            value
        }
    }
}

/// A key as boxes and the search field read it.
fn plain(action: Action) -> Action {
    match action {
        Action::Key(key) => key.plain_action(),
        other => other,
    }
}
