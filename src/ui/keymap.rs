//! Keys to actions. The only place that knows about key codes.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::keys::Key;
use crate::app::{Action, App};

/// The action for a terminal event, if any.
pub fn action_for(event: &Event, app: &App) -> Option<Action> {
    match event {
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(key_action(*key, app)),
        _ => None,
    }
}

/// Keys already queued behind this many others are taken as a paste from a
/// terminal without bracketed paste, not as typing.
const PASTE_BURST: usize = 8;

/// Input that arrives faster than it is read: a paste in a terminal that sends it
/// as keystrokes. Its line breaks stay text, and once the text field it was typed
/// into closes, the rest of it is dropped instead of running as commands.
#[derive(Debug, Default)]
pub struct Burst {
    /// Events of the current burst so far.
    events: usize,
    /// A text field had the keys when the burst started.
    into_text: bool,
    /// Events dropped because the field had closed.
    dropped: usize,
}

impl Burst {
    /// Applies one event; `more` says whether other events are already waiting.
    pub fn apply(&mut self, app: &mut App, event: &Event, more: bool) {
        if self.events == 0 {
            self.into_text = app.wants_text();
        }
        self.events += 1;
        let pasting = self.events >= PASTE_BURST;
        if pasting && self.into_text && !app.is_typing() {
            self.dropped += 1;
        } else if let Some(action) = action_for(event, app) {
            let action = match action {
                // A line break inside a paste is text, never "save and close".
                Action::Confirm if pasting && more && app.confirm_closes() => {
                    Action::Paste("\n".into())
                }
                other => other,
            };
            app.update(action);
        }
        if !more {
            self.end(app);
        }
    }

    /// The queue is empty: the burst is over; says what was dropped.
    fn end(&mut self, app: &mut App) {
        if self.dropped > 0 {
            app.update(Action::Refresh);
            app.error(format!(
                "Collage interrompu : {} caractère(s) reçus après la fermeture du champ ont été ignorés.",
                self.dropped
            ));
        }
        *self = Burst::default();
    }
}

fn key_action(key: KeyEvent, app: &App) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.wants_text() {
        return match key.code {
            KeyCode::Esc => Action::Cancel,
            KeyCode::Enter => Action::Confirm,
            KeyCode::Tab => Action::NextPane,
            KeyCode::BackTab => Action::PrevPane,
            KeyCode::Char('s') if ctrl => Action::Save,
            KeyCode::Char('c') if ctrl => Action::Cancel,
            _ => Action::Text(key.into()),
        };
    }
    // In a form, Backspace and Delete clear a choice (they are text keys for the others).
    if app.is_typing() && matches!(key.code, KeyCode::Backspace | KeyCode::Delete) {
        return Action::Text(key.into());
    }
    // What the key does is read from the screen's table (or the box's keys) by the app.
    match app_key(key) {
        Some(key) => Action::Key(key),
        None => Action::Refresh,
    }
}

/// The terminal's key as the app's tables name it.
fn app_key(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::F(n) => Key::F(n),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}
