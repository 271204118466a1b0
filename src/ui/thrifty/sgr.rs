//! The shortest escape sequences for a change of style and a cursor move.
//!
//! crossterm writes every colour as `38;5;N` and every attribute in a sequence of
//! its own; this writes what curses writes for a 256-colour xterm: the 16 named
//! colours as `3N`/`9N` (`4N`/`10N` for the background), and all the changes of one
//! cell in one sequence, or a reset followed by the new style when that is shorter.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier};

/// What decides how a cell is drawn, besides its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub underline: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// The terminal's style after a reset (`ESC[m`).
    pub const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub fn of(cell: &ratatui::buffer::Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// The modifiers, their « on » parameter, in the order they are written.
const ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

/// Appends to `out` the sequence that takes the terminal from `from` to `to`
/// (nothing when they are the same).
pub fn change(out: &mut String, from: Pen, to: Pen) {
    if from == to {
        return;
    }
    if to == Pen::PLAIN {
        out.push_str("\x1b[m");
        return;
    }
    let mut step = String::new();
    step_params(&mut step, from, to);
    let mut fresh = String::new();
    step_params(&mut fresh, Pen::PLAIN, to);
    out.push_str("\x1b[");
    if fresh.len() + 2 <= step.len() {
        out.push_str("0;");
        out.push_str(&fresh);
    } else {
        out.push_str(&step);
    }
    out.push('m');
}

/// The parameters (without `ESC[` and `m`) that take `from` to `to`.
fn step_params(out: &mut String, from: Pen, to: Pen) {
    let removed = from.modifier - to.modifier;
    let mut added = to.modifier - from.modifier;
    let param = |p: &str, out: &mut String| {
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(p);
    };
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // 22 ends both; the one that stays is set again.
        param("22", out);
        added |= to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    if removed.contains(Modifier::ITALIC) {
        param("23", out);
    }
    if removed.contains(Modifier::UNDERLINED) {
        param("24", out);
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        param("25", out);
        added |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    if removed.contains(Modifier::REVERSED) {
        param("27", out);
    }
    if removed.contains(Modifier::HIDDEN) {
        param("28", out);
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        param("29", out);
    }
    for (modifier, on) in ON {
        if added.contains(modifier) {
            param(on, out);
        }
    }
    if from.fg != to.fg {
        param(&colour(to.fg, 30, 90, "38", "39"), out);
    }
    if from.bg != to.bg {
        param(&colour(to.bg, 40, 100, "48", "49"), out);
    }
    if from.underline != to.underline {
        param(&colour_indexed(to.underline, "58", "59"), out);
    }
}

/// A named colour's index in the terminal's 16-colour palette (as crossterm maps them).
pub(super) fn named(color: Color) -> Option<u8> {
    Some(match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        _ => return None,
    })
}

/// The parameter of a foreground or background colour: `base + i` for the eight first
/// colours, `bright + i - 8` for the eight next, the extended forms otherwise.
fn colour(color: Color, base: u8, bright: u8, extended: &str, reset: &str) -> String {
    match named(color) {
        Some(i @ 0..8) => (base + i).to_string(),
        Some(i @ 8..16) => (bright + i - 8).to_string(),
        _ => colour_indexed(color, extended, reset),
    }
}

/// The parameter of a colour in its extended form (`38;5;N`, `38;2;R;G;B`).
fn colour_indexed(color: Color, extended: &str, reset: &str) -> String {
    let mut out = String::new();
    match (named(color), color) {
        (Some(i), _) => {
            let _ = write!(out, "{extended};5;{i}");
        }
        (None, Color::Rgb(r, g, b)) => {
            let _ = write!(out, "{extended};2;{r};{g};{b}");
        }
        _ => out.push_str(reset),
    }
    out
}

/// Appends the shortest move of the cursor from `from` (if known) to column `x`,
/// row `y` (both from 0).
pub fn move_to(out: &mut String, from: Option<(u16, u16)>, x: u16, y: u16) {
    if from == Some((x, y)) {
        return;
    }
    let mut absolute = String::new();
    match (x, y) {
        (0, 0) => absolute.push_str("\x1b[H"),
        (0, _) => {
            let _ = write!(absolute, "\x1b[{}H", y + 1);
        }
        _ => {
            let _ = write!(absolute, "\x1b[{};{}H", y + 1, x + 1);
        }
    }
    let relative = match from {
        Some((_, fy)) if fy == y && x == 0 => Some("\r".to_string()),
        Some((fx, fy)) if fy == y && x > fx => Some(match x - fx {
            1 => "\x1b[C".to_string(),
            n => format!("\x1b[{n}C"),
        }),
        _ => None,
    };
    match relative {
        Some(relative) if relative.len() < absolute.len() => out.push_str(&relative),
        _ => out.push_str(&absolute),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgr(from: Pen, to: Pen) -> String {
        let mut out = String::new();
        change(&mut out, from, to);
        out.replace('\x1b', "␛")
    }

    #[test]
    fn named_colours_take_their_short_form_in_one_sequence() {
        let selected = Pen {
            fg: Color::White,
            bg: Color::Blue,
            ..Pen::PLAIN
        };
        assert_eq!(sgr(Pen::PLAIN, selected), "␛[97;44m");
        assert_eq!(sgr(selected, Pen::PLAIN), "␛[m");
        let warn = Pen {
            fg: Color::Yellow,
            modifier: Modifier::BOLD,
            ..Pen::PLAIN
        };
        // 0;1;33 is shorter than 1;33;49, 0;97;44 than 22;97;44.
        assert_eq!(sgr(selected, warn), "␛[0;1;33m");
        assert_eq!(sgr(warn, selected), "␛[0;97;44m");
        let bold = Pen {
            modifier: Modifier::BOLD,
            ..selected
        };
        assert_eq!(sgr(selected, bold), "␛[1m");
        let rgb = Pen {
            fg: Color::Rgb(1, 2, 3),
            bg: Color::Indexed(200),
            ..Pen::PLAIN
        };
        assert_eq!(sgr(Pen::PLAIN, rgb), "␛[38;2;1;2;3;48;5;200m");
    }

    #[test]
    fn a_reset_is_used_when_it_is_shorter() {
        let busy = Pen {
            modifier: Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED,
            fg: Color::Red,
            ..Pen::PLAIN
        };
        let reversed = Pen {
            modifier: Modifier::REVERSED,
            ..Pen::PLAIN
        };
        // 22;23;24;7;39 (12) against 0;7 (3).
        assert_eq!(sgr(busy, reversed), "␛[0;7m");
        // Dim stays when bold goes: both end with 22, dim comes back.
        let both = Pen {
            modifier: Modifier::BOLD | Modifier::DIM,
            ..Pen::PLAIN
        };
        let dim = Pen {
            modifier: Modifier::DIM,
            ..Pen::PLAIN
        };
        assert_eq!(sgr(both, dim), "␛[0;2m");
    }

    #[test]
    fn the_cursor_takes_the_shortest_way() {
        let mv = |from, x, y| {
            let mut out = String::new();
            move_to(&mut out, from, x, y);
            out.replace('\x1b', "␛")
        };
        assert_eq!(mv(None, 0, 0), "␛[H");
        assert_eq!(mv(None, 0, 12), "␛[13H");
        assert_eq!(mv(None, 52, 12), "␛[13;53H");
        assert_eq!(mv(Some((10, 12)), 52, 12), "␛[42C");
        assert_eq!(mv(Some((10, 12)), 11, 12), "␛[C");
        assert_eq!(mv(Some((10, 12)), 0, 12), "\r");
        assert_eq!(mv(Some((10, 12)), 5, 12), "␛[13;6H");
        assert_eq!(mv(Some((10, 11)), 52, 12), "␛[13;53H");
        assert_eq!(mv(Some((52, 12)), 52, 12), "");
    }
}
