//! Modal boxes over a screen: help, conflict, text editor, picker, form.

use ratatui_textarea::{Input, Key, TextArea};

use super::form::Form;
use super::{Action, App, PendingEdit};
use crate::model::text::{clean_paste, clean_text, max_chars, thousands};
use crate::store::{Conflict, Seen, Table};

/// Rows as the user saw them when a box opened: a save writes only what the user
/// changed, and stops with a conflict if someone else changed the same field since.
pub type SeenRows = Vec<(Table, i64, Seen)>;

/// The row `id` of `table` among `seen` (absent if it was not there).
pub fn seen_row(seen: &SeenRows, table: Table, id: i64) -> Seen {
    seen.iter()
        .find(|(t, i, _)| *t == table && *i == id)
        .map_or_else(Seen::absent, |(_, _, s)| s.clone())
}

/// A modal box; while one is open it receives every action.
pub enum Overlay {
    /// The keys of the screen; the number is how far the box is scrolled.
    Help(u16),
    /// Another user changed what we were writing: keep theirs or overwrite.
    Conflict(Box<Conflict>, PendingEdit),
    Text(Box<TextEditor>),
    Picker(Picker),
    Form(Box<Form>),
    /// A long message (an import's result or preview), scrolled with the arrows.
    Report(Box<Report>),
}

/// A message too long for the bottom bar, in a box that scrolls: nothing is cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub lines: Vec<String>,
    /// First line shown.
    pub scroll: usize,
    /// The lines are a problem (shown as an error).
    pub error: bool,
    /// What Enter does, said in the box; `None`: Enter and Esc close it.
    pub confirm: Option<ReportConfirm>,
}

/// What confirming a report does.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportConfirm {
    /// Imports the SIECLE file whose preview is shown.
    ImportSiecle(Box<crate::io::siecle::PendingImport>),
    /// Imports the team file whose preview is shown (the plan shown, to compare).
    ImportTeam(std::path::PathBuf, Box<crate::io::team_csv::TeamPlan>),
}

/// Width of a report's text: the box is 76 columns wide on an 80-column terminal.
pub const REPORT_WIDTH: usize = 74;

/// Lines of text a report box shows on an 80×24 terminal: scrolling stops when
/// the last one is at the bottom there (a taller terminal shows blank lines after it).
pub const REPORT_HEIGHT: usize = 19;

impl Report {
    /// A report to read and close; its lines are wrapped here to the box's width,
    /// so that scrolling counts the lines on screen and reaches the last one.
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Report {
        Report {
            title: title.into(),
            lines: wrap_report(&lines, REPORT_WIDTH),
            scroll: 0,
            error: false,
            confirm: None,
        }
    }
}

impl Overlay {
    /// Whether keys are text for a field.
    pub fn wants_text(&self) -> bool {
        match self {
            Overlay::Text(_) => true,
            Overlay::Picker(_) => true,
            Overlay::Form(form) => form.fields.get(form.focus).is_some_and(|f| f.is_text()),
            _ => false,
        }
    }
}

/// What a text editor's content is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPurpose {
    Commitments {
        student: i64,
    },
    BilanS1 {
        student: i64,
    },
    GridComment {
        student: i64,
        criterion: i64,
    },
    FirstCheckin {
        student: i64,
    },
    /// Who attended the pré-conseil meeting being held.
    MeetingAttendees,
}

/// A text field in a box (ratatui-textarea).
pub struct TextEditor {
    pub title: String,
    pub area: TextArea<'static>,
    pub multiline: bool,
    pub purpose: TextPurpose,
    original: String,
    /// Esc was pressed on modified text: the next Esc discards.
    pub confirm_discard: bool,
    /// The row(s) as seen when the editor opened.
    pub seen: SeenRows,
}

impl TextEditor {
    /// An editor with its current text.
    pub fn new(
        title: impl Into<String>,
        text: &str,
        multiline: bool,
        purpose: TextPurpose,
    ) -> TextEditor {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        TextEditor {
            title: title.into(),
            area,
            multiline,
            purpose,
            original: text.to_string(),
            confirm_discard: false,
            seen: Vec::new(),
        }
    }

    /// Remembers the row(s) as seen when the editor opened.
    pub fn with_seen(mut self, seen: SeenRows) -> TextEditor {
        self.seen = seen;
        self
    }

    /// The cleaned text.
    pub fn text(&self) -> String {
        clean_text(&self.area.lines().join("\n"), self.multiline)
            .trim()
            .to_string()
    }

    fn modified(&self) -> bool {
        self.text() != self.original.trim()
    }

    /// Characters typed so far, and the most the field takes.
    pub fn used(&self) -> (usize, usize) {
        (text_len(&self.area), max_chars(self.multiline))
    }
}

/// Characters in a text area (line breaks count as one).
pub fn text_len(area: &TextArea) -> usize {
    let lines = area.lines();
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

/// Why some input was not taken: the field is full.
fn full_message(max: usize) -> String {
    format!(
        "Limite atteinte : ce champ accepte {} caractères au plus.",
        thousands(max)
    )
}

/// Types one key into a text area unless it would go past `max` characters.
/// Returns the message to show when the key was refused.
pub(super) fn input_bounded(area: &mut TextArea, input: Input, max: usize) -> Option<String> {
    let adds =
        matches!(input.key, Key::Char(_) | Key::Enter | Key::Tab) && !input.ctrl && !input.alt;
    if adds && text_len(area) >= max {
        return Some(full_message(max));
    }
    area.input(input);
    None
}

/// Pastes into a text area, as one block, keeping what fits under `max` characters.
/// Returns the message to show when some was left out.
pub(super) fn paste_bounded(
    area: &mut TextArea,
    text: &str,
    multiline: bool,
    max: usize,
) -> Option<String> {
    let room = max.saturating_sub(text_len(area));
    let (kept, cut) = clean_paste(text, multiline, room);
    area.insert_str(kept);
    cut.then(|| {
        format!(
            "Collage tronqué : ce champ accepte {} caractères au plus.",
            thousands(max)
        )
    })
}

/// A new line in a multi-line area, unless it is full.
pub(super) fn newline_bounded(area: &mut TextArea, max: usize) -> Option<String> {
    if text_len(area) >= max {
        return Some(full_message(max));
    }
    area.insert_newline();
    None
}

/// One choice in a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    /// Grey text after the label (type, role…).
    pub hint: String,
    /// Shown first (suggested by the grid).
    pub suggested: bool,
}

/// What a picker's choice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerPurpose {
    AddModule {
        student: i64,
    },
    StopModule {
        student: i64,
    },
    Referent {
        student: i64,
    },
    /// "Qui êtes-vous ?": the name written on this session's changes.
    Who,
    /// Planner: the group a member moves to (`version`: the membership as seen).
    MoveMember {
        member: i64,
        version: i64,
    },
}

/// A list with type-ahead.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub choices: Vec<Choice>,
    pub query: String,
    pub selected: usize,
    pub purpose: PickerPurpose,
    /// The row(s) as seen when the picker opened.
    pub seen: SeenRows,
}

impl Picker {
    /// Choices matching the query, suggested first.
    pub fn visible(&self) -> Vec<&Choice> {
        let needle = crate::store::fold(&self.query);
        let mut list: Vec<&Choice> = self
            .choices
            .iter()
            .filter(|c| {
                needle
                    .split_whitespace()
                    .all(|w| crate::store::fold(&format!("{} {}", c.label, c.hint)).contains(w))
            })
            .collect();
        list.sort_by_key(|c| !c.suggested);
        list
    }
}

/// What a box asks for after an action; `update_overlay` acts on it in one place.
pub(super) enum Outcome {
    /// The box stays open, perhaps changed.
    Keep(Overlay),
    /// The box closes; what its handler already did (a message) stands.
    Close,
    /// What the box holds is saved: it closes, or stays open to say why it could not be.
    Submit(Overlay),
}

impl App {
    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        // Keep the box (and what is being typed) while the data underneath refreshes.
        let refresh = action == Action::Refresh;
        let outcome = if refresh {
            Outcome::Keep(overlay)
        } else {
            match overlay {
                Overlay::Help(scroll) => help_step(scroll, &action),
                Overlay::Conflict(conflict, pending) => {
                    self.conflict_step(conflict, pending, &action)
                }
                Overlay::Text(editor) => self.text_step(editor, action),
                Overlay::Picker(picker) => self.picker_step(picker, action),
                Overlay::Form(form) => self.form_step(form, action),
                Overlay::Report(report) => report_step(report, &action),
            }
        };
        let kept = match outcome {
            Outcome::Keep(overlay) => Some(overlay),
            Outcome::Close => None,
            Outcome::Submit(overlay) => self.submit(overlay),
        };
        if let Some(overlay) = kept {
            self.overlay = Some(overlay);
        }
        if refresh {
            self.refresh_if_changed();
        }
    }

    /// Saves what a box holds; returns the box when it must stay open.
    fn submit(&mut self, overlay: Overlay) -> Option<Overlay> {
        match overlay {
            Overlay::Help(_) => None,
            Overlay::Conflict(conflict, pending) => {
                self.resolve_conflict(*conflict, pending, true);
                None
            }
            Overlay::Text(editor) => {
                self.apply_text(editor.purpose, editor.text(), &editor.seen);
                None
            }
            Overlay::Picker(picker) => {
                self.submit_picker(&picker);
                None
            }
            Overlay::Form(form) => self.submit_form(form).map(Overlay::Form),
            Overlay::Report(report) => {
                if let Some(confirm) = report.confirm {
                    self.confirm_report(confirm);
                }
                None
            }
        }
    }

    fn conflict_step(
        &mut self,
        conflict: Box<Conflict>,
        pending: PendingEdit,
        action: &Action,
    ) -> Outcome {
        match action {
            // Overwrite theirs with ours.
            Action::Char('e') | Action::Char('E') => {
                Outcome::Submit(Overlay::Conflict(conflict, pending))
            }
            Action::Char('g') | Action::Char('G') | Action::Cancel | Action::Confirm => {
                self.resolve_conflict(*conflict, pending, false);
                Outcome::Close
            }
            _ => Outcome::Keep(Overlay::Conflict(conflict, pending)),
        }
    }

    fn text_step(&mut self, mut editor: Box<TextEditor>, action: Action) -> Outcome {
        match action {
            Action::Save => return Outcome::Submit(Overlay::Text(editor)),
            Action::Confirm if !editor.multiline => return Outcome::Submit(Overlay::Text(editor)),
            Action::Confirm => {
                let max = editor.used().1;
                if let Some(problem) = newline_bounded(&mut editor.area, max) {
                    self.error(problem);
                }
            }
            Action::Cancel if editor.modified() && !editor.confirm_discard => {
                editor.confirm_discard = true;
                self.error(
                    "Texte modifié : Ctrl-s pour enregistrer, Échap encore pour abandonner.",
                );
            }
            Action::Cancel => {
                self.info("Saisie abandonnée.");
                return Outcome::Close;
            }
            Action::Text(input) => {
                editor.confirm_discard = false;
                let max = editor.used().1;
                if let Some(problem) = input_bounded(&mut editor.area, input, max) {
                    self.error(problem);
                }
            }
            Action::Paste(text) => {
                editor.confirm_discard = false;
                let (multiline, max) = (editor.multiline, editor.used().1);
                if let Some(problem) = paste_bounded(&mut editor.area, &text, multiline, max) {
                    self.error(problem);
                }
            }
            _ => {}
        }
        Outcome::Keep(Overlay::Text(editor))
    }

    fn picker_step(&mut self, mut picker: Picker, action: Action) -> Outcome {
        let count = picker.visible().len();
        match action {
            Action::Cancel if picker.purpose == PickerPurpose::Who => {
                // No name given: changes are written under the system account.
                let account = self.store.os_user().to_string();
                self.set_who(&account);
                return Outcome::Close;
            }
            Action::Cancel => return Outcome::Close,
            Action::Confirm | Action::Save => return Outcome::Submit(Overlay::Picker(picker)),
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            Action::Text(Input { key: Key::Up, .. }) => {
                picker.selected = picker.selected.saturating_sub(1)
            }
            Action::Text(Input { key: Key::Down, .. }) => {
                picker.selected = (picker.selected + 1).min(count.saturating_sub(1))
            }
            Action::Text(Input {
                key: Key::Char(c),
                ctrl: false,
                alt: false,
                ..
            }) => {
                if picker.query.chars().count() < crate::model::text::LINE_MAX_CHARS {
                    picker.query.push(c);
                }
                picker.selected = 0;
            }
            Action::Text(Input {
                key: Key::Backspace,
                ..
            }) => {
                picker.query.pop();
                picker.selected = 0;
            }
            Action::Paste(text) => {
                let room =
                    crate::model::text::LINE_MAX_CHARS.saturating_sub(picker.query.chars().count());
                picker.query.push_str(&clean_paste(&text, false, room).0);
            }
            _ => {}
        }
        Outcome::Keep(Overlay::Picker(picker))
    }

    /// Applies the highlighted choice, or what was typed when the picker takes new names.
    fn submit_picker(&mut self, picker: &Picker) {
        let chosen = picker.visible().get(picker.selected).map(|c| c.id);
        match (chosen, picker.purpose) {
            (Some(id), purpose) => self.apply_pick(purpose, id, &picker.seen),
            (None, PickerPurpose::Referent { student }) if !picker.query.trim().is_empty() => {
                self.add_referent(student, &picker.query)
            }
            (None, PickerPurpose::Who) if !picker.query.trim().is_empty() => {
                self.set_who(&picker.query)
            }
            (None, _) => self.error("Aucun choix ne correspond."),
        }
    }
}

/// Lines wrapped at `width`; a bullet's next lines start under its text.
fn wrap_report(lines: &[String], width: usize) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| {
            // A line that fits is kept as is: a table's columns stay aligned.
            if line.chars().count() <= width {
                return vec![line.clone()];
            }
            let indent = line.len() - line.trim_start().len();
            let hang = indent
                + if line.trim_start().starts_with("• ") {
                    2
                } else {
                    0
                };
            let wrapped =
                crate::model::text::wrap(line.trim_start(), width.saturating_sub(hang).max(10));
            if wrapped.is_empty() {
                return vec![String::new()];
            }
            wrapped
                .into_iter()
                .enumerate()
                .map(|(i, l)| format!("{}{l}", " ".repeat(if i == 0 { indent } else { hang })))
                .collect()
        })
        .collect()
}

/// Scrolls a report; Enter confirms it (or closes it), Esc closes it.
fn report_step(mut report: Box<Report>, action: &Action) -> Outcome {
    let last = report.lines.len().saturating_sub(REPORT_HEIGHT);
    let by = |n: isize, scroll: usize| (scroll as isize + n).clamp(0, last as isize) as usize;
    match action {
        Action::Down => report.scroll = by(1, report.scroll),
        Action::Up => report.scroll = by(-1, report.scroll),
        Action::PageDown | Action::Char(' ') => report.scroll = by(10, report.scroll),
        Action::PageUp => report.scroll = by(-10, report.scroll),
        Action::Home => report.scroll = 0,
        Action::End => report.scroll = last,
        Action::Confirm | Action::Save => return Outcome::Submit(Overlay::Report(report)),
        Action::Cancel | Action::Quit => return Outcome::Close,
        _ => {}
    }
    Outcome::Keep(Overlay::Report(report))
}

/// Scrolls the help box; any other key closes it.
fn help_step(scroll: u16, action: &Action) -> Outcome {
    match action {
        Action::Down | Action::PageDown => Outcome::Keep(Overlay::Help(scroll.saturating_add(1))),
        Action::Up | Action::PageUp => Outcome::Keep(Overlay::Help(scroll.saturating_sub(1))),
        _ => Outcome::Close,
    }
}
