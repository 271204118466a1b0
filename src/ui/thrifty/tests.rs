//! The terminal's screen, as a terminal emulator (vt100) reads what [`Thrifty`]
//! writes, must always be what ratatui drew.

use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::*;

/// Keeps what is written.
#[derive(Debug, Clone, Default)]
struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn nonzero(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("not zero")
}

type Looks = (String, vt100::Color, vt100::Color, [bool; 5]);

/// What a cell looks like: its symbol (an erased cell is a blank), colours and modes.
fn looks(cell: &vt100::Cell) -> Looks {
    let symbol = if cell.has_contents() {
        cell.contents()
    } else {
        " "
    };
    (
        symbol.to_string(),
        cell.fgcolor(),
        cell.bgcolor(),
        [
            cell.bold(),
            cell.dim(),
            cell.italic(),
            cell.underline(),
            cell.inverse(),
        ],
    )
}

/// What the buffer's cell should look like.
fn intended(cell: &Cell) -> Looks {
    let m = cell.modifier;
    (
        cell.symbol().to_string(),
        vt100_colour(cell.fg),
        vt100_colour(cell.bg),
        [
            m.contains(Modifier::BOLD),
            m.contains(Modifier::DIM),
            m.contains(Modifier::ITALIC),
            m.contains(Modifier::UNDERLINED),
            m.contains(Modifier::REVERSED),
        ],
    )
}

type Frame = Vec<(u16, Line<'static>)>;

fn thrifty_terminal(width: u16, height: u16) -> (Terminal<Thrifty<Sink>>, Sink) {
    let sink = Sink::default();
    let backend = Thrifty::with_size(sink.clone(), Size::new(width, height));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    (
        Terminal::with_options(backend, options).expect("terminal"),
        sink,
    )
}

fn vt100_colour(color: Color) -> vt100::Color {
    match color {
        Color::Reset => vt100::Color::Default,
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        other => vt100::Color::Idx(sgr::named(other).expect("named colour")),
    }
}

/// Draws `frames` in turn through [`Thrifty`]; after each frame, a terminal emulator
/// fed with what it wrote must show ratatui's buffer, symbols and styles, or, where
/// it does not, what ratatui's own crossterm backend shows. Returns the bytes
/// Thrifty wrote for each frame.
fn same_screens(width: u16, height: u16, frames: &[Frame]) -> Vec<usize> {
    let (mut thrifty, sink) = thrifty_terminal(width, height);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let reference_sink = Sink::default();
    let mut reference = Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(reference_sink.clone()),
        options,
    )
    .expect("crossterm");
    let mut expected = Terminal::new(TestBackend::new(width, height)).expect("test");
    let mut emulator = vt100::Parser::new(nonzero(height), nonzero(width), 0);
    let mut reference_emulator = vt100::Parser::new(nonzero(height), nonzero(width), 0);
    let mut sizes = Vec::new();
    for (i, frame) in frames.iter().enumerate() {
        let draw = |f: &mut ratatui::Frame| {
            for (y, line) in frame {
                f.render_widget(line.clone(), Rect::new(0, *y, width, 1));
            }
        };
        thrifty.draw(draw).expect("draw");
        reference.draw(draw).expect("draw");
        expected.draw(draw).expect("draw");
        let bytes = std::mem::take(&mut *sink.0.borrow_mut());
        sizes.push(bytes.len());
        emulator.process(&bytes);
        reference_emulator.process(&std::mem::take(&mut *reference_sink.0.borrow_mut()));
        let screen = emulator.screen();
        let buffer = expected.backend().buffer();
        for y in 0..height {
            let mut skip = 0;
            for x in 0..width {
                let got = looks(screen.cell(y, x).expect("cell"));
                let what = format!(
                    "frame {i}, cell ({x}, {y}), sent {:?}",
                    String::from_utf8_lossy(&bytes)
                );
                let want = &buffer[(x, y)];
                if skip > 0 {
                    // The right half of a wide letter.
                    skip -= 1;
                    continue;
                }
                skip = want.symbol().width().saturating_sub(1);
                if got == intended(want) {
                    continue;
                }
                // Where it differs from the buffer, it is because ratatui's own
                // backend shows the same: when a wide letter is written over half of
                // another, the terminal blanks the other half in the current style,
                // and ratatui does not know it.
                let reference = looks(reference_emulator.screen().cell(y, x).expect("cell"));
                assert_eq!(got, reference, "{what}");
            }
        }
        // Between frames the terminal is left in its plain style.
        let plain = vt100::Parser::new(nonzero(1), nonzero(1), 0);
        assert_eq!(
            screen.attributes_formatted(),
            plain.screen().attributes_formatted(),
            "frame {i}"
        );
    }
    sizes
}

#[test]
fn the_screen_is_what_ratatui_drew() {
    let red = Style::new().fg(Color::Red);
    let selected = Style::new().fg(Color::White).bg(Color::Blue);
    let warn = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    same_screens(
        30,
        4,
        &[
            vec![
                (0, Line::from("Référent : Mme Dupont  2/7")),
                (1, Line::from("日本 abc")),
            ],
            vec![
                (0, Line::from("Référent : M. Martin   5/7")),
                (1, Line::from("日本 abd")),
            ],
            vec![
                (0, Line::styled("Référent : M. Martin   5/8", red)),
                (1, Line::from("本日 xbd")),
                (3, Line::styled("last row to the last column x", selected)),
            ],
            vec![
                (0, Line::from("R")),
                (2, Line::from("a b c d e f")),
                (
                    3,
                    Line::from(vec![Span::styled("sorti", warn), Span::raw("  Tran")]),
                ),
            ],
            vec![(0, Line::from("X")), (2, Line::from("a,b,c,d,e,f"))],
            vec![(0, Line::from("Note —   ⌚ x")), (2, Line::from("é — … ·"))],
            vec![(0, Line::from("Note 2 d ⌚ y")), (2, Line::from("e – ‥ ·"))],
            vec![(0, Line::styled("                              ", selected))],
            vec![],
            // A wide letter before a short gap (it covers the gap's first cell).
            vec![(1, Line::from("日a"))],
            // Over the right half of a wide letter.
            vec![(1, Line::from(" 日本"))],
        ],
    );
}

#[test]
fn a_short_gap_is_written_rather_than_jumped() {
    let (mut terminal, sink) = thrifty_terminal(30, 2);
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
    // The unchanged « / » and « % » are written again rather than jumped; « · 7 »
    // (five bytes) is jumped along the row (four). Nothing is reset at the end (the
    // cursor is hidden, as ratatui does after every frame).
    assert_eq!(sent, "\x1b[1;13H6/8\x1b[4C5 % 2\x1b[?25l", "{sent:?}");
}

#[test]
fn a_row_that_ends_blank_is_erased_to_its_end() {
    let (mut terminal, sink) = thrifty_terminal(40, 2);
    let line = |text: &'static str| {
        move |f: &mut ratatui::Frame| f.render_widget(Line::from(text), Rect::new(0, 1, 40, 1))
    };
    terminal
        .draw(line("Référent   Sophie Saint-Martin"))
        .expect("draw");
    sink.0.borrow_mut().clear();
    terminal
        .draw(line("Référent   Mathilde Lemaire"))
        .expect("draw");
    let sent = String::from_utf8(sink.0.borrow().clone()).expect("utf-8");
    // « Mathilde Lemaire » is three letters shorter: three blanks cost what the
    // erase costs, they are written.
    assert_eq!(sent, "\x1b[2;12HMathilde Lemaire   \x1b[?25l", "{sent:?}");
    sink.0.borrow_mut().clear();
    terminal.draw(line("Référent   Lina Ba")).expect("draw");
    let sent = String::from_utf8(sink.0.borrow().clone()).expect("utf-8");
    assert_eq!(sent, "\x1b[2;12HLina Ba\x1b[K\x1b[?25l", "{sent:?}");
}

/// A span of a few letters (accents, a wide one, blanks) in one of a few styles.
fn span() -> impl Strategy<Value = Span<'static>> {
    let text = prop::collection::vec(
        prop::sample::select(vec!["a", "b", " ", "é", "—", "日", "  "]),
        0..6,
    )
    .prop_map(|parts| parts.concat());
    let colour = prop::sample::select(vec![
        Color::Reset,
        Color::Red,
        Color::White,
        Color::Blue,
        Color::DarkGray,
        Color::Indexed(200),
        Color::Rgb(1, 2, 3),
    ]);
    let modifier = prop::sample::select(vec![
        Modifier::empty(),
        Modifier::BOLD,
        Modifier::REVERSED,
        Modifier::ITALIC | Modifier::UNDERLINED,
    ]);
    (text, colour.clone(), colour, modifier).prop_map(|(text, fg, bg, m)| {
        Span::styled(text, Style::new().fg(fg).bg(bg).add_modifier(m))
    })
}

fn frame() -> impl Strategy<Value = Frame> {
    prop::collection::vec(
        (
            0u16..5,
            prop::collection::vec(span(), 0..5).prop_map(Line::from),
        ),
        0..5,
    )
}

proptest! {
    // No regression file at the top of the repository: the cases it found are in
    // `the_screen_is_what_ratatui_drew`.
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_frames_show_what_ratatui_drew(frames in prop::collection::vec(frame(), 1..6)) {
        same_screens(12, 5, &frames);
    }
}
