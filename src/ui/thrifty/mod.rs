//! A backend that sends fewer bytes over a slow link (SSH from home).
//!
//! ratatui sends only the cells that changed; its crossterm backend moves the cursor
//! with a full `ESC[row;colH` before every cell that does not follow the previous one,
//! writes every colour as `38;5;N` and ends every frame with 19 bytes of resets.
//! [`Thrifty`] writes the same cells as curses would:
//!
//! - when only a few unchanged cells lie between two changed ones on a row, it writes
//!   them again rather than moving the cursor (it keeps a copy of what the terminal
//!   shows to know them), when they are plain, one column wide, and in the style
//!   already set;
//! - a row whose end becomes blank is erased to its end (`ESC[K`) rather than written
//!   with spaces;
//! - the cursor moves by the shortest way (`ESC[nC` along a row, `\r`, `ESC[rowH`);
//! - a change of style is one sequence, with the short codes of the 16 named colours
//!   (see [`sgr`]), and the frame ends with a reset only when the style is not plain.
//!
//! Everything else (cursor shown or hidden, clearing, size) is crossterm's.

mod sgr;

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr;

use sgr::Pen;

/// A ratatui backend writing to `W` (the terminal); see the module's documentation.
#[derive(Debug)]
pub struct Thrifty<W: Write> {
    writer: W,
    /// What the terminal shows, as far as this backend drew it.
    shown: Buffer,
    /// False after a partial clear: the copy is not trusted until a full clear.
    trusted: bool,
    /// The screen's size when the terminal cannot tell it (a recording in a bench).
    fixed: Option<Size>,
    /// The escapes of the frame being drawn, written at once.
    out: String,
}

impl<W: Write> Thrifty<W> {
    /// A backend on `writer`, whose screen is blank (as ratatui assumes when it starts).
    pub fn new(writer: W) -> Thrifty<W> {
        Thrifty::sized(writer, None)
    }

    /// A backend on `writer` for a screen of this size, whatever the terminal says.
    pub fn with_size(writer: W, size: Size) -> Thrifty<W> {
        Thrifty::sized(writer, Some(size))
    }

    fn sized(writer: W, fixed: Option<Size>) -> Thrifty<W> {
        let mut thrifty = Thrifty {
            writer,
            shown: Buffer::empty(Rect::default()),
            trusted: true,
            fixed,
            out: String::new(),
        };
        thrifty.reset();
        thrifty
    }

    /// What the backend writes to.
    pub fn writer(&self) -> &W {
        &self.writer
    }

    fn reset(&mut self) {
        let size = self.size().unwrap_or_default();
        self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
        self.trusted = true;
    }

    /// The cell the terminal shows at (x, y), if it may be written again as is.
    fn plain(&self, x: u16, y: u16) -> Option<&Cell> {
        let cell = self.shown.cell(Position { x, y })?;
        narrow(cell).then_some(cell)
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
        // Moving along the row: ESC [ n C.
        let cursor_move = 3 + digits(to - from - 1);
        if usize::from(to - from - 1) >= cursor_move {
            return None;
        }
        // The cell written before the gap (this frame's) must be narrow too: a wide
        // one covers the next cell.
        if !narrow(previous) {
            return None;
        }
        let mut bytes = 0;
        let mut cells = Vec::new();
        for x in from + 1..to {
            let cell = self.plain(x, y)?;
            if Pen::of(cell) != Pen::of(previous) {
                return None;
            }
            bytes += cell.symbol().len();
            cells.push((x, cell.clone()));
        }
        (bytes < cursor_move).then_some(cells)
    }

    /// The first column from which row `y` shows nothing but plain blanks to its end
    /// (after this frame's changes); `None` when the copy is not trusted.
    fn blank_from(&self, y: u16) -> Option<u16> {
        if !self.trusted {
            return None;
        }
        let width = self.shown.area.width;
        let mut from = width;
        while from > 0
            && self
                .shown
                .cell(Position { x: from - 1, y })
                .is_some_and(|c| c.symbol() == " " && Pen::of(c) == Pen::PLAIN)
        {
            from -= 1;
        }
        Some(from)
    }

    /// The escapes that draw `cells` (sorted by row then column, as ratatui gives
    /// them), into `self.out`.
    fn encode(&mut self, cells: &[(u16, u16, Cell)]) {
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        let width = self.shown.area.width;
        let mut pen = Pen::PLAIN;
        let mut at: Option<(u16, u16)> = None;
        // The row being drawn: the index past its last changed cell, and the column
        // from which it ends blank.
        let mut row: Option<(u16, usize, Option<u16>)> = None;
        let mut i = 0;
        while let Some((x, y, cell)) = cells.get(i) {
            let (x, y) = (*x, *y);
            let (row_end, blank_from) = match row {
                Some((ry, end, blank)) if ry == y => (end, blank),
                _ => {
                    let end = i + cells[i..].iter().take_while(|(_, cy, _)| *cy == y).count();
                    let blank = self.blank_from(y);
                    row = Some((y, end, blank));
                    (end, blank)
                }
            };
            // The rest of the row: erased at once when it becomes blank to its end.
            if row_end - i >= 2 && blank_from.is_some_and(|from| x >= from) {
                let written: usize = cells[i..row_end]
                    .iter()
                    .map(|(_, _, c)| c.symbol().len())
                    .sum();
                let reset = if pen == Pen::PLAIN { 0 } else { 3 };
                if reset + 3 < written {
                    sgr::move_to(&mut out, at, x, y);
                    sgr::change(&mut out, pen, Pen::PLAIN);
                    pen = Pen::PLAIN;
                    out.push_str("\x1b[K");
                    at = Some((x, y));
                    i = row_end;
                    continue;
                }
            }
            sgr::move_to(&mut out, at, x, y);
            let to = Pen::of(cell);
            sgr::change(&mut out, pen, to);
            pen = to;
            out.push_str(cell.symbol());
            // Only a narrow cell before the last column leaves the cursor where it
            // is sure to be; after a wide one, or in the last column (where the
            // terminal waits to wrap), the next cell is reached by an absolute move.
            let narrow = cell.symbol().width() == 1;
            at = (narrow && x + 1 < width).then_some((x + 1, y));
            i += 1;
        }
        sgr::change(&mut out, pen, Pen::PLAIN);
        self.out = out;
    }
}

/// One character of one column, as ratatui measured it (unicode-width), neither
/// control nor combining, drawn as usual.
fn narrow(cell: &Cell) -> bool {
    let mut chars = cell.symbol().chars();
    let narrow = matches!((chars.next(), chars.next()), (Some(c), None)
            if !c.is_control() && cell.symbol().width() == 1);
    narrow && cell.diff_option == CellDiffOption::None
}

/// Decimal digits of `n`.
fn digits(n: u16) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

impl<W: Write> Backend for Thrifty<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changed: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let sent = self.with_gaps_filled(changed);
        // The copy is brought up to date first: erasing a row's end looks at it.
        for (x, y, cell) in &sent {
            match self.shown.cell_mut(Position { x: *x, y: *y }) {
                Some(shown) => *shown = cell.clone(),
                // Drawn outside the known screen (a resize not seen yet).
                None => self.trusted = false,
            }
        }
        self.encode(&sent);
        self.writer.write_all(self.out.as_bytes())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.trusted = false;
        for _ in 0..n {
            self.writer.write_all(b"\n")?;
        }
        self.writer.flush()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        queue!(self.writer, cursor::Hide)?;
        self.writer.flush()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        queue!(self.writer, cursor::Show)?;
        self.writer.flush()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        cursor::position().map(|(x, y)| Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        queue!(self.writer, cursor::MoveTo(x, y))?;
        self.writer.flush()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use terminal::ClearType as Crossterm;
        let crossterm = match clear_type {
            ClearType::All => Crossterm::All,
            ClearType::AfterCursor => Crossterm::FromCursorDown,
            ClearType::BeforeCursor => Crossterm::FromCursorUp,
            ClearType::CurrentLine => Crossterm::CurrentLine,
            ClearType::UntilNewLine => Crossterm::UntilNewLine,
        };
        queue!(self.writer, terminal::Clear(crossterm))?;
        self.writer.flush()?;
        match clear_type {
            ClearType::All => self.reset(),
            _ => self.trusted = false,
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => terminal::size().map(|(width, height)| Size { width, height }),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let terminal::WindowSize {
            columns,
            rows,
            width,
            height,
        } = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: columns,
                height: rows,
            },
            pixels: Size { width, height },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests;
