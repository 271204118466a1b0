//! A backend that sends fewer bytes over a slow link (SSH from home).
//!
//! ratatui sends only the cells that changed, and moves the cursor before every
//! cell that does not follow the previous one. A cursor move costs 6 to 8 bytes;
//! when only one to five unchanged cells lie between two changed ones on a row,
//! writing those cells again costs less, as curses does. [`Thrifty`] keeps a copy
//! of what the terminal shows to know those cells, and fills such gaps when the
//! cells are plain, one column wide, and drawn in the style already set (so no colour
//! change is sent for them).

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr;

/// Wraps a backend; see the module's documentation.
#[derive(Debug)]
pub struct Thrifty<B: Backend> {
    inner: B,
    /// What the terminal shows, as far as this backend drew it.
    shown: Buffer,
    /// False after a partial clear: the copy is not trusted until a full clear.
    trusted: bool,
    /// The screen's size when the backend cannot tell it (a recording in a bench).
    fixed: Option<Size>,
}

impl<B: Backend> Thrifty<B> {
    /// Wraps `inner`, whose screen is blank (as ratatui assumes when it starts).
    pub fn new(inner: B) -> Thrifty<B> {
        Thrifty::sized(inner, None)
    }

    /// Wraps `inner` for a screen of this size, whatever `inner` says of its size.
    pub fn with_size(inner: B, size: Size) -> Thrifty<B> {
        Thrifty::sized(inner, Some(size))
    }

    fn sized(inner: B, fixed: Option<Size>) -> Thrifty<B> {
        let mut thrifty = Thrifty {
            inner,
            shown: Buffer::empty(Rect::default()),
            trusted: true,
            fixed,
        };
        thrifty.reset();
        thrifty
    }

    /// The wrapped backend.
    pub fn inner(&self) -> &B {
        &self.inner
    }

    fn reset(&mut self) {
        let size = self
            .fixed
            .unwrap_or_else(|| self.inner.size().unwrap_or_default());
        self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
        self.trusted = true;
    }

    /// The cell the terminal shows at (x, y), if it may be written again as is.
    fn plain(&self, x: u16, y: u16) -> Option<&Cell> {
        let cell = self.shown.cell(Position { x, y })?;
        // One character of one column, as ratatui measured it (unicode-width),
        // neither control nor combining.
        let mut chars = cell.symbol().chars();
        let narrow = matches!((chars.next(), chars.next()), (Some(c), None)
            if !c.is_control() && cell.symbol().width() == 1);
        (narrow && cell.diff_option == CellDiffOption::None).then_some(cell)
    }

    /// The changed cells, with short gaps between them on a row filled from the
    /// copy of the screen when that is cheaper than moving the cursor.
    fn with_gaps_filled(&self, changed: Vec<(u16, u16, Cell)>) -> Vec<(u16, u16, Cell)> {
        if !self.trusted {
            return changed;
        }
        let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changed.len() + 16);
        for (x, y, cell) in changed {
            if let Some((px, py, previous)) = out.last()
                && *py == y
                && x > px + 1
                && let Some(gap) = self.gap(*px, x, y, previous)
            {
                out.extend(gap.into_iter().map(|(gx, c)| (gx, y, c)));
            }
            out.push((x, y, cell));
        }
        out
    }

    /// The cells strictly between `from` and `to` on row `y`, if writing them (in
    /// `previous`'s style) costs fewer bytes than the cursor move it saves.
    fn gap(&self, from: u16, to: u16, y: u16, previous: &Cell) -> Option<Vec<(u16, Cell)>> {
        let cursor_move = 4 + digits(y + 1) + digits(to + 1);
        if usize::from(to - from - 1) >= cursor_move {
            return None;
        }
        // The previous cell must be narrow too: a wide one covers the next cell.
        self.plain(from, y)?;
        let mut bytes = 0;
        let mut cells = Vec::new();
        for x in from + 1..to {
            let cell = self.plain(x, y)?;
            let same_style = cell.fg == previous.fg
                && cell.bg == previous.bg
                && cell.modifier == previous.modifier
                && cell.underline_color == previous.underline_color;
            if !same_style {
                return None;
            }
            bytes += cell.symbol().len();
            cells.push((x, cell.clone()));
        }
        (bytes < cursor_move).then_some(cells)
    }
}

/// Decimal digits of `n`.
fn digits(n: u16) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

impl<B: Backend> Backend for Thrifty<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changed: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let sent = self.with_gaps_filled(changed);
        self.inner.draw(sent.iter().map(|(x, y, c)| (*x, *y, c)))?;
        for (x, y, cell) in sent {
            match self.shown.cell_mut(Position { x, y }) {
                Some(shown) => *shown = cell,
                // Drawn outside the known screen (a resize not seen yet).
                None => self.trusted = false,
            }
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.trusted = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.reset();
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        match clear_type {
            ClearType::All => self.reset(),
            _ => self.trusted = false,
        }
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;

    use super::*;

    /// Draws `frames` in turn through a Thrifty TestBackend and a plain one; both
    /// screens must always be the same.
    fn same_screens(frames: &[Vec<(u16, Line<'static>)>]) {
        let mut thrifty = Terminal::new(Thrifty::new(TestBackend::new(30, 4))).expect("t");
        let mut plain = Terminal::new(TestBackend::new(30, 4)).expect("p");
        for (i, frame) in frames.iter().enumerate() {
            let draw = |f: &mut ratatui::Frame| {
                for (y, line) in frame {
                    f.render_widget(line.clone(), Rect::new(0, *y, 30, 1));
                }
            };
            thrifty.draw(draw).expect("draw");
            plain.draw(draw).expect("draw");
            assert_eq!(
                thrifty.backend().inner().buffer(),
                plain.backend().buffer(),
                "frame {i}"
            );
        }
    }

    #[test]
    fn the_screen_is_the_same_as_without_it() {
        same_screens(&[
            vec![
                (0, Line::from("Référent : Mme Dupont  2/7")),
                (1, Line::from("日本 abc")),
            ],
            vec![
                (0, Line::from("Référent : M. Martin   5/7")),
                (1, Line::from("日本 abd")),
            ],
            vec![
                (
                    0,
                    Line::styled("Référent : M. Martin   5/8", Style::new().fg(Color::Red)),
                ),
                (1, Line::from("本日 xbd")),
            ],
            vec![(0, Line::from("R")), (2, Line::from("a b c d e f"))],
            vec![(0, Line::from("X")), (2, Line::from("a,b,c,d,e,f"))],
            vec![(0, Line::from("Note —   ⌚ x")), (2, Line::from("é — … ·"))],
            vec![(0, Line::from("Note 2 d ⌚ y")), (2, Line::from("e – ‥ ·"))],
        ]);
    }

    /// Records what is sent for each frame.
    #[derive(Debug, Clone, Default)]
    struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_short_gap_is_written_rather_than_jumped() {
        let sink = Sink::default();
        let backend = ratatui::backend::CrosstermBackend::new(sink.clone());
        let mut terminal = Terminal::with_options(
            Thrifty::with_size(backend, Size::new(30, 2)),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 30, 2)),
            },
        )
        .expect("terminal");
        let line = |text: &'static str| {
            move |f: &mut ratatui::Frame| f.render_widget(Line::from(text), Rect::new(0, 0, 30, 1))
        };
        terminal
            .draw(line("Présences : 5/7 · 71 % —"))
            .expect("draw");
        sink.0.borrow_mut().clear();
        terminal
            .draw(line("Présences : 6/8 · 75 % 2"))
            .expect("draw");
        let sent = String::from_utf8(sink.0.borrow().clone()).expect("utf-8");
        // One cursor move for the whole run « 6/8 · 75 % 2 »: the unchanged « / »,
        // « · 7 » and « % » are written again.
        assert_eq!(sent.matches('H').count(), 1, "{sent:?}");
        assert!(sent.contains("6/8 · 75 % 2"), "{sent:?}");
    }
}
