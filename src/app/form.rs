//! Forms: their fields, how keys edit the focused field, and saving.

use ratatui_textarea::{Input, Key, TextArea};

use super::overlay::{Outcome, SeenRows, input_bounded, newline_bounded, paste_bounded};
use super::{Action, App, Overlay};
use crate::model::text::{clean_text, max_chars};

/// What a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    Checkin {
        student: i64,
    },
    Exit {
        student: i64,
    },
    AddStudent,
    ImportSiecle,
    /// Settings, team: a team CSV file to import.
    ImportTeam,
    /// A document printed to a PDF file.
    Print {
        target: crate::print::Printable,
    },
    Identity {
        student: i64,
    },
    LifeNotes {
        student: i64,
    },
    /// Settings: an establishment (`None`: a new one).
    Establishment {
        id: Option<i64>,
    },
    /// Settings: a section of `establishment` (`None`: a new one).
    Section {
        id: Option<i64>,
        establishment: i64,
    },
    /// Settings: a module's fiche cadre (`None`: a new one).
    Module {
        id: Option<i64>,
    },
    /// Settings: a repérage criterion (`None`: a new one).
    Criterion {
        id: Option<i64>,
    },
    /// Settings: a difficulty type (`None`: a new one).
    DifficultyType {
        id: Option<i64>,
    },
    /// Settings: a member of the team (`None`: a new one).
    Member {
        id: Option<i64>,
    },
    /// Settings: one date of `establishment`'s calendar for the school year
    /// starting in `year`.
    CalendarDate {
        establishment: i64,
        year: i32,
        which: crate::model::calendar::CalendarDate,
    },
    /// Planner: a new group of `module`, with its sessions.
    PlannerGroup {
        module: i64,
    },
    /// Planner: the reason a session is cancelled (`version`: as seen).
    CancelSession {
        session: i64,
        version: i64,
    },
    /// Planner: a session added to `group`.
    AddSession {
        group: i64,
    },
    /// Planner: a session moved to another day, time or place (`version`: as seen).
    MoveSession {
        session: i64,
        version: i64,
    },
    /// Planner: hours granted to `module` (`None`: an envelope); `id`: the grant
    /// row when it exists.
    HoursGrant {
        module: Option<i64>,
        id: Option<i64>,
    },
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
    /// Several of a list of `(code, label)` options: ←/→ moves, Espace ticks.
    /// `chosen` keeps the order of ticking (first ticked, first in the value).
    Multi {
        options: Vec<(String, String)>,
        chosen: Vec<usize>,
        cursor: usize,
        /// The order matters (best first): ranks are shown instead of ticks.
        ranked: bool,
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
    /// A file path (one-line text): Tab completes it, with these extensions offered.
    pub path: Option<&'static [&'static str]>,
    /// A line shown under the form while this field has the focus (completion candidates).
    pub note: Option<String>,
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
            path: None,
            note: None,
        }
    }

    /// A file field: Tab completes the path; only folders and files with one of
    /// `extensions` are offered.
    pub fn path(
        key: &'static str,
        label: &str,
        value: &str,
        extensions: &'static [&'static str],
    ) -> Field {
        Field {
            path: Some(extensions),
            ..Field::text(key, label, value, true)
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
            path: None,
            note: None,
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
            path: None,
            note: None,
        }
    }

    /// Several choices among `(code, label)` options; `values` are the codes
    /// ticked, in order (unknown codes are dropped).
    pub fn multi(
        key: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        values: &[String],
        ranked: bool,
    ) -> Field {
        let chosen = values
            .iter()
            .filter_map(|v| options.iter().position(|(code, _)| code == v))
            .collect();
        Field {
            key,
            label: label.into(),
            kind: FieldKind::Multi {
                options,
                chosen,
                cursor: 0,
                ranked,
            },
            required: false,
            date: false,
            path: None,
            note: None,
        }
    }

    pub(super) fn is_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text(_) | FieldKind::LongText(_))
    }

    /// The codes ticked in a multiple choice, in order (empty for other kinds).
    pub fn values(&self) -> Vec<String> {
        match &self.kind {
            FieldKind::Multi {
                options, chosen, ..
            } => chosen
                .iter()
                .filter_map(|&i| options.get(i).map(|o| o.0.clone()))
                .collect(),
            _ => Vec::new(),
        }
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
            FieldKind::Multi { .. } => self.values().join(","),
        }
    }

    /// The value as shown (label of a choice).
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.1.clone())
                .unwrap_or_default(),
            FieldKind::Multi {
                options, chosen, ..
            } => chosen
                .iter()
                .filter_map(|&i| options.get(i).map(|o| o.1.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
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

impl App {
    pub(super) fn form_step(&mut self, mut form: Box<Form>, action: Action) -> Outcome {
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
            Action::NextPane if complete(&mut form) => {}
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
    pub(super) fn submit_form(&mut self, mut form: Box<Form>) -> Option<Box<Form>> {
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

/// Tab on a path field: completes it; returns false when there was nothing to
/// complete (Tab then goes to the next field, as everywhere).
fn complete(form: &mut Form) -> bool {
    let Some(field) = form.fields.get_mut(form.focus) else {
        return false;
    };
    let (Some(extensions), FieldKind::Text(area)) = (field.path, &mut field.kind) else {
        return false;
    };
    let typed = area.lines().join("");
    let base = std::env::current_dir().unwrap_or_default();
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let done = super::complete::complete_path(&typed, &base, home.as_deref(), extensions);
    let changed = done.text != typed;
    if changed {
        *area = TextArea::new(vec![done.text.clone()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
    }
    field.note = match done.candidates.len() {
        0 => None,
        n => Some(format!("{n} possibilités : {}", done.candidates.join("  "))),
    };
    form.error = None;
    changed || field.note.is_some()
}

/// Routes one action to the focused field of a form; returns a message when
/// input was refused or cut (the field is full).
fn edit_field(field: &mut Field, action: Action, today: chrono::NaiveDate) -> Option<String> {
    field.note = None;
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
            FieldKind::Multi {
                options, cursor, ..
            },
            Action::Right,
        ) => {
            *cursor = (*cursor + 1) % options.len().max(1);
        }
        (
            FieldKind::Multi {
                options, cursor, ..
            },
            Action::Left,
        ) => {
            let n = options.len().max(1);
            *cursor = (*cursor + n - 1) % n;
        }
        (
            FieldKind::Multi {
                options,
                chosen,
                cursor,
                ..
            },
            Action::Char(' ' | 'x'),
        ) if *cursor < options.len() => match chosen.iter().position(|i| i == cursor) {
            Some(at) => {
                chosen.remove(at);
            }
            None => chosen.push(*cursor),
        },
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
