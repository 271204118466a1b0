//! Text layout within 80 columns, measured in display width.

// One implementation for the whole program; these paths stay for existing callers.
pub(crate) use crate::model::text::{fit, pad, wrap};

/// Width of the text output.
pub(super) const WIDTH: usize = 80;

/// Text output being built, every line within [`WIDTH`].
#[derive(Default)]
pub(super) struct Out {
    pub(super) text: String,
}

impl Out {
    pub(super) fn line(&mut self, line: &str) {
        self.text.push_str(&fit(line, WIDTH));
        self.text.push('\n');
    }

    pub(super) fn title(&mut self, title: &str) {
        self.text.push('\n');
        self.line(title);
    }

    pub(super) fn wrap(&mut self, text: &str, indent: usize) {
        for line in wrap(text, WIDTH - indent) {
            self.line(&format!("{}{line}", " ".repeat(indent)));
        }
    }

    /// Wraps `text`, the first line at `first`, the next ones at `rest` columns.
    pub(super) fn hanging(&mut self, text: &str, first: usize, rest: usize) {
        let mut lines = wrap(text, WIDTH - first).into_iter();
        if let Some(line) = lines.next() {
            self.line(&format!("{}{line}", " ".repeat(first)));
        }
        let remaining: Vec<String> = lines.collect();
        for line in wrap(&remaining.join(" "), WIDTH - rest) {
            if !line.is_empty() {
                self.line(&format!("{}{line}", " ".repeat(rest)));
            }
        }
    }
}
