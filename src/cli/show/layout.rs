//! Text layout within 80 columns, measured in display width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// `text` cut to at most `width` columns, ending with "…" when cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut or padded with spaces to exactly `width` columns.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// Words of `text` in lines of at most `width` columns; line breaks are kept.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let needed = if line.is_empty() {
                word.width()
            } else {
                line.width() + 1 + word.width()
            };
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            while line.width() > width {
                let head = fit(&line, width);
                let mut kept = head.trim_end_matches('…').to_string();
                if kept.is_empty() {
                    kept = line.chars().take(1).collect();
                }
                let rest = line[kept.len()..].to_string();
                lines.push(kept);
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_width() {
        let text = "Élodie a un très long commentaire : anticonstitutionnellement dit.\nSecond";
        for line in wrap(text, 12) {
            assert!(line.width() <= 12, "{line:?}");
        }
        assert_eq!(wrap("a b", 10), vec!["a b".to_string()]);
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(pad("é", 3), "é  ");
    }
}
