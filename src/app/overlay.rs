//! Modal boxes over a screen: help, conflict, text editor, picker, form.

use ratatui_textarea::{Input, Key, TextArea};

use crate::model::text::{clean_paste, max_chars, thousands};

use super::{Action, App, PendingEdit};
use crate::model::text::clean_text;
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
fn input_bounded(area: &mut TextArea, input: Input, max: usize) -> Option<String> {
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
fn paste_bounded(area: &mut TextArea, text: &str, multiline: bool, max: usize) -> Option<String> {
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
fn newline_bounded(area: &mut TextArea, max: usize) -> Option<String> {
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

/// What a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    Checkin { student: i64 },
    Exit { student: i64 },
    AddStudent,
    ImportSiecle,
    Identity { student: i64 },
    LifeNotes { student: i64 },
}

/// How a form field is edited.
pub enum FieldKind {
    /// One line of text (also dates: AAAA-MM-JJ or JJ/MM/AAAA).
    Text(TextArea<'static>),
    /// Several lines.
    LongText(TextArea<'static>),
    /// One of a few values, changed with ←/→ or the first letter.
    Choice {
        options: Vec<(String, String)>,
        selected: Option<usize>,
    },
}

/// One field of a form.
pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// A date (one-line text): +/− steps a day, PgPréc/PgSuiv a week, Suppr clears.
    pub date: bool,
}

impl Field {
    /// A one-line text field.
    pub fn text(key: &'static str, label: &str, value: &str, required: bool) -> Field {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            key,
            label: label.into(),
            kind: FieldKind::Text(area),
            required,
            date: false,
        }
    }

    /// A date field, shown as JJ/MM/AAAA; also takes « aujourd'hui ».
    pub fn date(
        key: &'static str,
        label: &str,
        value: Option<chrono::NaiveDate>,
        required: bool,
    ) -> Field {
        let text = value.map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string());
        Field {
            date: true,
            ..Field::text(key, label, &text, required)
        }
    }

    /// A multi-line text field.
    pub fn long_text(key: &'static str, label: &str, value: &str) -> Field {
        Field {
            key,
            label: label.into(),
            kind: FieldKind::LongText(TextArea::new(if value.is_empty() {
                vec![String::new()]
            } else {
                value.lines().map(str::to_string).collect()
            })),
            required: false,
            date: false,
        }
    }

    /// A choice among `(code, label)` options.
    pub fn choice(
        key: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        selected: Option<usize>,
        required: bool,
    ) -> Field {
        Field {
            key,
            label: label.into(),
            kind: FieldKind::Choice { options, selected },
            required,
            date: false,
        }
    }

    fn is_text(&self) -> bool {
        !matches!(self.kind, FieldKind::Choice { .. })
    }

    /// The value: text (cleaned) or the chosen code; empty when unset.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text(area) => clean_text(&area.lines().join(" "), false)
                .trim()
                .to_string(),
            FieldKind::LongText(area) => clean_text(&area.lines().join("\n"), true)
                .trim()
                .to_string(),
            FieldKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.0.clone())
                .unwrap_or_default(),
        }
    }

    /// The value as shown (label of a choice).
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.1.clone())
                .unwrap_or_default(),
            _ => self.value(),
        }
    }
}

/// A small form: fields, one focused; Ctrl-S or Enter on the last field saves.
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub purpose: FormPurpose,
    /// Problem found when saving, shown in the form.
    pub error: Option<String>,
    /// The row(s) as seen when the form opened.
    pub seen: SeenRows,
}

impl Form {
    /// The value of a field by key.
    pub fn get(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(Field::value)
            .unwrap_or_default()
    }
}

/// What a box asks for after an action; `update_overlay` acts on it in one place.
enum Outcome {
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

    fn form_step(&mut self, mut form: Box<Form>, action: Action) -> Outcome {
        let last = form.fields.len().saturating_sub(1);
        let on_long_text = matches!(
            form.fields.get(form.focus).map(|f| &f.kind),
            Some(FieldKind::LongText(_))
        );
        match action {
            Action::Cancel => {
                self.info("Saisie abandonnée.");
                return Outcome::Close;
            }
            Action::Save => return Outcome::Submit(Overlay::Form(form)),
            Action::Confirm if form.focus == last && !on_long_text => {
                return Outcome::Submit(Overlay::Form(form));
            }
            Action::Confirm if !on_long_text => form.focus += 1,
            Action::NextPane | Action::Down => form.focus = (form.focus + 1).min(last),
            Action::PrevPane | Action::Up => form.focus = form.focus.saturating_sub(1),
            Action::Text(Input { key: Key::Down, .. }) if !on_long_text => {
                form.focus = (form.focus + 1).min(last)
            }
            Action::Text(Input { key: Key::Up, .. }) if !on_long_text => {
                form.focus = form.focus.saturating_sub(1)
            }
            other => {
                let focus = form.focus;
                let today = self.today;
                if let Some(problem) = form
                    .fields
                    .get_mut(focus)
                    .and_then(|field| edit_field(field, other, today))
                {
                    form.error = Some(problem);
                }
            }
        }
        Outcome::Keep(Overlay::Form(form))
    }

    /// Checks and saves a form; returns it, with the reason, when it must stay open.
    fn submit_form(&mut self, mut form: Box<Form>) -> Option<Box<Form>> {
        if let Some(field) = form
            .fields
            .iter()
            .find(|f| f.required && f.value().is_empty())
        {
            form.error = Some(format!("« {} » est obligatoire.", field.label));
            return Some(form);
        }
        match self.apply_form(&form) {
            Ok(()) => None,
            Err(problem) => {
                form.error = Some(problem);
                Some(form)
            }
        }
    }
}

/// Scrolls the help box; any other key closes it.
fn help_step(scroll: u16, action: &Action) -> Outcome {
    match action {
        Action::Down | Action::PageDown => Outcome::Keep(Overlay::Help(scroll.saturating_add(1))),
        Action::Up | Action::PageUp => Outcome::Keep(Overlay::Help(scroll.saturating_sub(1))),
        _ => Outcome::Close,
    }
}

/// Routes one action to the focused field of a form; returns a message when
/// input was refused or cut (the field is full).
fn edit_field(field: &mut Field, action: Action, today: chrono::NaiveDate) -> Option<String> {
    if field.date
        && let Action::Text(input) = &action
        && let Some(new) = date_key(&field.value(), input, today)
        && let FieldKind::Text(area) = &mut field.kind
    {
        *area = TextArea::new(vec![new]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        return None;
    }
    match (&mut field.kind, action) {
        (FieldKind::Text(area), Action::Text(input)) => {
            return input_bounded(area, input, max_chars(false));
        }
        (FieldKind::LongText(area), Action::Text(input)) => {
            return input_bounded(area, input, max_chars(true));
        }
        (FieldKind::LongText(area), Action::Confirm) => {
            return newline_bounded(area, max_chars(true));
        }
        (FieldKind::Text(area), Action::Paste(text)) => {
            return paste_bounded(area, &text, false, max_chars(false));
        }
        (FieldKind::LongText(area), Action::Paste(text)) => {
            return paste_bounded(area, &text, true, max_chars(true));
        }
        (FieldKind::Choice { options, selected }, Action::Right | Action::Char(' ')) => {
            *selected = Some(selected.map_or(0, |i| (i + 1) % options.len().max(1)));
        }
        (FieldKind::Choice { options, selected }, Action::Left) => {
            let n = options.len().max(1);
            *selected = Some(selected.map_or(n - 1, |i| (i + n - 1) % n));
        }
        (FieldKind::Choice { options, selected }, Action::Char(c))
            if c.to_digit(10)
                .is_some_and(|d| (1..=options.len() as u32).contains(&d)) =>
        {
            // The options are listed with their number: a digit picks one.
            *selected = c.to_digit(10).map(|d| d as usize - 1);
        }
        (FieldKind::Choice { options, selected }, Action::Char(c)) => {
            let c = crate::store::fold(&c.to_string());
            let start = selected.map_or(0, |i| i + 1);
            let n = options.len();
            if let Some(found) = (0..n)
                .map(|k| (start + k) % n)
                .find(|&i| crate::store::fold(&options[i].1).starts_with(&c))
            {
                *selected = Some(found);
            }
        }
        (
            FieldKind::Choice { selected, .. },
            Action::Text(Input {
                key: Key::Backspace | Key::Delete,
                ..
            }),
        ) => {
            *selected = None;
        }
        _ => {}
    }
    None
}

/// The new text of a date field for a key that steps or clears it (`None`: the key
/// is typed as usual). Steps start from the date shown, or from today when empty.
fn date_key(text: &str, input: &Input, today: chrono::NaiveDate) -> Option<String> {
    if input.ctrl || input.alt {
        return (input.key == Key::Char('u')).then(String::new);
    }
    let days = match input.key {
        Key::Delete => return Some(String::new()),
        Key::Char('+') => 1,
        Key::Char('-') => -1,
        Key::PageDown => 7,
        Key::PageUp => -7,
        _ => return None,
    };
    // A date being typed (2026-11-…) keeps its hyphens.
    let from = if text.trim().is_empty() {
        today
    } else {
        crate::model::parse_date_from(text, today)?
    };
    let date = from.checked_add_signed(chrono::Duration::days(days))?;
    Some(date.format("%d/%m/%Y").to_string())
}
