//! Every colour of the interface, and its colourless fallback (`NO_COLOR`).

use ratatui::style::{Color, Modifier, Style};

/// Styles used by the screens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colours unless the `NO_COLOR` convention asks otherwise.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::default()
    }

    /// Secondary text (hints, dates).
    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    /// Titles and headings.
    pub fn title(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// The row or cell under the cursor.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    /// The line under the cursor, in the cursor's style alone: the colours of its
    /// parts (a warning, a dimmed column) would each cost escape sequences at every
    /// move, and the words say the same.
    pub fn select<'a>(&self, line: ratatui::text::Line<'a>) -> ratatui::text::Line<'a> {
        let spans = line
            .spans
            .into_iter()
            .map(|span| span.style(Style::default()))
            .collect::<Vec<_>>();
        ratatui::text::Line::from(spans)
            .alignment(line.alignment.unwrap_or_default())
            .style(self.selected())
    }

    /// The line under the cursor with only the letters of its first cell (after
    /// the margin) highlighted: the name, as in the grid. A move then sends the
    /// two names again, not two whole rows.
    pub fn select_name<'a>(&self, line: ratatui::text::Line<'a>) -> ratatui::text::Line<'a> {
        let mut spans = line.spans;
        if let Some(first) = spans.get(1).cloned() {
            let text = first.content.trim_end();
            let rest = first.content[text.len()..].to_string();
            spans.splice(
                1..2,
                [
                    ratatui::text::Span::styled(text.to_string(), self.selected()),
                    ratatui::text::Span::styled(rest, first.style),
                ],
            );
        }
        ratatui::text::Line::from(spans).alignment(line.alignment.unwrap_or_default())
    }

    /// The current tab or phase.
    pub fn active(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Something that needs attention (overdue check-in, conflict).
    pub fn warning(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// Confirmation messages.
    pub fn ok(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }

    /// The student banner of meeting mode (must be impossible to miss).
    pub fn banner(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::White)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Key names in hints.
    pub fn key(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// A grid level.
    pub fn level(&self, level: u8) -> Style {
        let color = match level {
            0 => Color::Green,
            1 => Color::Reset,
            2 => Color::Yellow,
            _ => Color::Red,
        };
        let plain = if level >= 2 {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        self.pick(Style::default().fg(color), plain)
    }
}
