//! One key table per screen: `(keys, action, French label)`.
//!
//! The keymap, the footer hints and the help box are all read from these tables,
//! so a key means one thing per screen and is written once (csvlens's `Control`,
//! gitui's `CommandInfo`). Screen handlers only ever see the intents.

mod tables;

use super::{Action, App, Screen};

pub use tables::{bindings, rule};

/// A key, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    /// A letter with Ctrl held.
    Ctrl(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    /// The key as written in the help and the footer.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Espace".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::F(n) => format!("F{n}"),
            Key::Enter => "Entrée".into(),
            Key::Esc => "Échap".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Maj-Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgPréc".into(),
            Key::PageDown => "PgSuiv".into(),
            Key::Home => "Début".into(),
            Key::End => "Fin".into(),
        }
    }

    /// The key as a plain action, for boxes (forms, pickers, conflicts, help) that
    /// read keys themselves rather than through a screen's table.
    pub fn plain_action(self) -> Action {
        match self {
            Key::Ctrl('c') | Key::Char('q') => Action::Quit,
            Key::Ctrl('s') => Action::Save,
            Key::Ctrl('r') => Action::Redo,
            Key::Ctrl(_) => Action::Refresh,
            Key::Char('?') | Key::F(1) => Action::Help,
            Key::F(n) => tab_of(Key::F(n)).map_or(Action::Refresh, Action::GoTo),
            Key::Char(']') => Action::NextScreen,
            Key::Char('[') => Action::PrevScreen,
            Key::Char('u') => Action::Undo,
            Key::Char('/') => Action::Search,
            Key::Up | Key::Char('k') => Action::Up,
            Key::Down | Key::Char('j') => Action::Down,
            Key::Left | Key::Char('h') => Action::Left,
            Key::Right | Key::Char('l') => Action::Right,
            Key::Char(c) => Action::Char(c),
            Key::Enter => Action::Confirm,
            Key::Esc => Action::Cancel,
            Key::Tab => Action::NextPane,
            Key::BackTab => Action::PrevPane,
            Key::PageUp => Action::PageUp,
            Key::PageDown => Action::PageDown,
            Key::Home => Action::Home,
            Key::End => Action::End,
        }
    }
}

impl Action {
    /// The key behind a plain action (as sent by tests and boxes), if any.
    pub fn key(&self) -> Option<Key> {
        Some(match self {
            Action::Key(key) => *key,
            Action::Char(c) => Key::Char(*c),
            Action::Confirm => Key::Enter,
            Action::Cancel => Key::Esc,
            Action::NextPane => Key::Tab,
            Action::PrevPane => Key::BackTab,
            Action::Up => Key::Up,
            Action::Down => Key::Down,
            Action::Left => Key::Left,
            Action::Right => Key::Right,
            Action::PageUp => Key::PageUp,
            Action::PageDown => Key::PageDown,
            Action::Home => Key::Home,
            Action::End => Key::End,
            _ => return None,
        })
    }
}

/// Keys bound to one action, with what it does in French.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// The help box's line; consecutive bindings with the same label share a line.
    pub label: &'static str,
    /// Short label in the footer, if shown there; consecutive bindings with the
    /// same hint share it.
    pub hint: Option<&'static str>,
}

/// A binding with its help label, not in the footer.
pub(crate) fn bind(keys: &'static [Key], action: Action, label: &'static str) -> Binding {
    Binding {
        keys,
        action,
        label,
        hint: None,
    }
}

impl Binding {
    /// Shows the binding in the footer with this short label.
    pub(crate) fn hint(mut self, hint: &'static str) -> Binding {
        self.hint = Some(hint);
        self
    }
}

/// The screen a function key leads to.
fn tab_of(key: Key) -> Option<Screen> {
    match key {
        Key::F(2) => Some(Screen::Students),
        Key::F(3) => Some(Screen::Grid),
        Key::F(4) => Some(Screen::Meeting),
        Key::F(5) => Some(Screen::Suivi),
        Key::F(6) => Some(Screen::Bilan),
        Key::F(7) => Some(Screen::Setup),
        Key::F(8) => Some(Screen::Planner),
        Key::F(9) => Some(Screen::Dashboard),
        _ => None,
    }
}

impl App {
    /// What `key` does on the current screen, from its table.
    pub fn bound_action(&self, key: Key) -> Option<Action> {
        let binding = bindings(self).into_iter().find(|b| b.keys.contains(&key))?;
        Some(match binding.action {
            Action::GoToTab => Action::GoTo(tab_of(key)?),
            action => action,
        })
    }
}

/// Bindings merged into lines: consecutive bindings with the same label share one.
pub fn help_lines(bindings: &[Binding]) -> Vec<(String, &'static str)> {
    merged(bindings.iter().map(|b| (b.keys, b.label)))
}

/// Footer hints, with the first key of each binding: consecutive bindings with
/// the same hint share it.
pub fn hint_lines(bindings: &[Binding]) -> Vec<(String, &'static str)> {
    merged(
        bindings
            .iter()
            .filter_map(|b| Some((b.keys.get(..1)?, b.hint?))),
    )
}

fn merged<'a>(
    items: impl Iterator<Item = (&'a [Key], &'static str)>,
) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(Vec<String>, &'static str)> = Vec::new();
    for (keys, text) in items {
        let labels = keys.iter().map(|k| k.label());
        match lines.last_mut() {
            Some((previous, last)) if *last == text => previous.extend(labels),
            _ => lines.push((labels.collect(), text)),
        }
    }
    lines
        .into_iter()
        .map(|(keys, text)| (compressed(&keys), text))
        .collect()
}

/// Keys joined by spaces, a run of four or more (0 1 2 3, F2 … F6) as a range,
/// ↑ then ↓ (← then →) as one pair.
fn compressed(keys: &[String]) -> String {
    let rank = |key: &str| -> Option<(char, u32)> {
        let (prefix, digits) = match key.strip_prefix('F') {
            Some(rest) => ('F', rest),
            None => (' ', key),
        };
        (digits.len() == 1).then(|| digits.chars().next()?.to_digit(10).map(|d| (prefix, d)))?
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while let (Some(a), Some(b)) = (rank(&keys[j - 1]), keys.get(j).and_then(|k| rank(k))) {
            if a.0 != b.0 || a.1 + 1 != b.1 {
                break;
            }
            j += 1;
        }
        let pair = keys.get(i + 1).map(String::as_str);
        if j - i >= 4 {
            parts.push(format!("{}-{}", keys[i], keys[j - 1]));
            i = j;
        } else if matches!(
            (keys[i].as_str(), pair),
            ("↑", Some("↓")) | ("←", Some("→"))
        ) {
            // Two opposite arrows read as one key pair.
            parts.push(format!("{}{}", keys[i], keys[i + 1]));
            i += 2;
        } else {
            parts.push(keys[i].clone());
            i += 1;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::compressed;

    #[test]
    fn runs_of_four_keys_or_more_are_ranges() {
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(compressed(&keys(&["0", "1", "2", "3"])), "0-3");
        assert_eq!(compressed(&keys(&["1", "2", "3"])), "1 2 3");
        assert_eq!(
            compressed(&keys(&["F2", "F3", "F4", "F5", "F6", "]"])),
            "F2-F6 ]"
        );
        assert_eq!(compressed(&keys(&["Espace", "-"])), "Espace -");
        assert_eq!(compressed(&keys(&["↑", "↓"])), "↑↓");
        assert_eq!(compressed(&keys(&["↑", "k", "↓", "j"])), "↑ k ↓ j");
    }
}
