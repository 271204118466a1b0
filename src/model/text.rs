//! Cleaning of every text that enters the database (imports, typing, paste),
//! and its layout in columns, measured in display width.

use unicode_normalization::UnicodeNormalization;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Lower case without accents, apostrophes or hyphens, for matching names as typed:
/// « N'DIAYE » folds like « ndiaye », « Marie-Lou » like « marie lou », « Œ » like « oe ».
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`] of `text` added at the end of `out` (a sort key holds two folded names).
pub fn fold_into(out: &mut String, text: &str) {
    // ASCII and Latin-1 letters without decomposing (every list sorts by folded names).
    let start = out.len();
    if !fold_latin1_into(out, text) {
        out.truncate(start);
        out.push_str(&fold_decomposed(text));
    }
}

/// [`fold`] of text made of ASCII and the letters U+00C0–U+00FF only (most French
/// names), one character at a time: each such letter decomposes alone (a base and at
/// most one mark), so its fold is the same wherever it stands. `None` otherwise.
#[cfg(test)]
fn fold_latin1(text: &str) -> Option<String> {
    let mut out = String::new();
    fold_latin1_into(&mut out, text).then_some(out)
}

/// Adds the fold of `text` to `out` as [`fold_latin1`] does; `false` (and `out`
/// partly written) for text with other characters.
fn fold_latin1_into(out: &mut String, text: &str) -> bool {
    static FOLDED: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        ('\u{C0}'..='\u{FF}')
            .map(|c| fold_decomposed(c.encode_utf8(&mut [0; 4])))
            .collect()
    });
    for c in text.chars() {
        match c {
            '\'' | '`' => {}
            '-' | '_' => out.push(' '),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{C0}'..='\u{FF}' => out.push_str(&FOLDED[c as usize - 0xC0]),
            _ => return false,
        }
    }
    true
}

/// [`fold`] through the canonical decomposition of the whole text.
fn fold_decomposed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            _ if unicode_normalization::char::is_combining_mark(c) => {}
            '\'' | '’' | '‘' | 'ʼ' | '`' | '´' => {}
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '_' => out.push(' '),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Removes control and invisible formatting characters and normalises to NFC.
///
/// Kept: letters, marks, punctuation, spaces, and `\n` / `\t` when `multiline`.
/// Removed: C0/C1 controls (so no escape sequence can reach a terminal), bidi
/// overrides and isolates, zero-width characters, the BOM.
pub fn clean_text(input: &str, multiline: bool) -> String {
    if is_clean(input, multiline) {
        return input.to_string();
    }
    clean_text_fully(input, multiline)
}

/// [`clean_text`] of text the caller owns: returned as it is, without a copy, when it
/// is already clean (most text is).
pub fn clean_text_owned(input: String, multiline: bool) -> String {
    if is_clean(&input, multiline) {
        return input;
    }
    clean_text_fully(&input, multiline)
}

/// [`clean_text`] without its quick pass.
fn clean_text_fully(input: &str, multiline: bool) -> String {
    let filtered: String = strip_escape_sequences(input)
        .chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\r' => None,
            '\t' => Some(if multiline { '\t' } else { ' ' }),
            '\n' => Some(' '),
            c if is_unwanted(c) => None,
            c => Some(c),
        })
        .collect();
    filtered.nfc().collect()
}

/// Whether [`clean_text`] would leave `input` as it is (most text is): one quick pass.
fn is_clean(input: &str, multiline: bool) -> bool {
    let kept_control = |c: char| multiline && matches!(c, '\n' | '\t');
    if input.is_ascii() {
        return input
            .chars()
            .all(|c| !c.is_ascii_control() || kept_control(c));
    }
    input.chars().all(|c| kept_control(c) || !is_unwanted(c))
        && unicode_normalization::is_nfc_quick(input.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Longest one-line field typed or pasted in the interface, in characters.
pub const LINE_MAX_CHARS: usize = 200;
/// Longest multi-line text (comments, commitments, bilan), in characters.
pub const TEXT_MAX_CHARS: usize = 4000;
/// Longest text the store accepts in any field, whatever its source.
pub const STORE_MAX_CHARS: usize = 20_000;

/// The limit of a field typed in the interface.
pub fn max_chars(multiline: bool) -> usize {
    if multiline {
        TEXT_MAX_CHARS
    } else {
        LINE_MAX_CHARS
    }
}

/// A number of characters written the French way ("4 000").
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// Cleans pasted text and keeps at most `room` characters of it.
///
/// Only a bounded prefix of the input is looked at, so that a paste of any size
/// costs the same. Returns the text and whether something was left out.
pub fn clean_paste(input: &str, multiline: bool, room: usize) -> (String, bool) {
    // Cleaning may drop characters: look a little further than the room left.
    let window = room.saturating_mul(2).saturating_add(64);
    let end = input
        .char_indices()
        .nth(window)
        .map_or(input.len(), |(i, _)| i);
    let cleaned = clean_text(&input[..end], multiline);
    let kept: String = cleaned.chars().take(room).collect();
    let cut = end < input.len() || kept.len() < cleaned.len();
    (kept, cut)
}

/// Cleans a one-line value and trims it; `None` when nothing is left.
pub fn clean_field(input: &str) -> Option<String> {
    if is_clean(input, false) {
        // One copy, of the trimmed text only (imports clean every cell they keep).
        let trimmed = input.trim();
        return (!trimmed.is_empty()).then(|| trimmed.to_string());
    }
    let cleaned = clean_text_fully(input, false);
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether [`wrap`] gives `text` back as it is, on one line: it fits and has single
/// spaces only (most lines; the wrapping loop measures the line again at every word).
pub fn wraps_as_is(text: &str, width: usize) -> bool {
    !text.is_empty()
        && !text.contains(|c: char| c.is_whitespace() && c != ' ')
        && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.width() <= width
}

/// `text` cut to at most `width` columns, ending with "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
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
    // No room even for the ellipsis: nothing is shown.
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` cut or padded with spaces to exactly `width` columns (left-aligned).
pub fn pad(text: &str, width: usize) -> String {
    let used = text.width();
    if used <= width {
        // Fits: one allocation (every line of `list` pads several cells).
        let mut out = String::with_capacity(text.len() + width - used);
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', width - used));
        return out;
    }
    let text = fit(text, width);
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// `text` cut or preceded by spaces to exactly `width` columns (right-aligned).
pub fn pad_left(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let fill = width.saturating_sub(text.width());
    format!("{}{text}", " ".repeat(fill))
}

/// Where a cell's text sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

impl Align {
    /// `text` cut or padded to exactly `width` columns on this side.
    pub fn pad(self, text: &str, width: usize) -> String {
        match self {
            Align::Left => pad(text, width),
            Align::Right => pad_left(text, width),
        }
    }
}

/// Words of `text` in lines of at most `width` columns; line breaks are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if wraps_as_is(text, width) {
        return vec![text.to_string()];
    }
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

/// Removes whole terminal escape sequences (CSI, OSC, two-character escapes),
/// so that pasted coloured text leaves no "[31m" behind.
fn strip_escape_sequences(input: &str) -> std::borrow::Cow<'_, str> {
    if !input.contains(['\u{1b}', '\u{9b}', '\u{9d}']) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let kind = match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    '['
                }
                Some(']') => {
                    chars.next();
                    ']'
                }
                Some(_) => {
                    chars.next();
                    continue;
                }
                None => continue,
            },
            '\u{9b}' => '[',
            '\u{9d}' => ']',
            other => {
                out.push(other);
                continue;
            }
        };
        if kind == '[' {
            // Parameters and intermediates, then one final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            // OSC runs to BEL or to ESC \.
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unwanted(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}' // BOM / zero-width no-break space
            | '\u{00AD}' // soft hyphen
            | '\u{061C}' // Arabic letter mark
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick pass agrees with the full cleaning, clean text or not.
    #[test]
    fn clean_text_is_kept_as_is_only_when_clean() {
        let samples = [
            "Dupont",
            "Hélène N'DIAYE",
            "He\u{301}le\u{300}ne",
            "a\tb",
            "a\nb",
            "a\r\nb",
            "x\u{7f}y",
            "x\u{200B}y",
            "\u{1b}[31mrouge",
            "Ωmega ﬁ",
            "",
            "  espaces  ",
        ];
        for sample in samples {
            for multiline in [false, true] {
                let slow = clean_text_fully(sample, multiline);
                assert_eq!(
                    clean_text(sample, multiline),
                    slow,
                    "{sample:?} {multiline}"
                );
                assert_eq!(
                    is_clean(sample, multiline),
                    slow == sample,
                    "{sample:?} {multiline}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Any text, clean or not: the quick pass never changes what is stored.
        #[test]
        fn quick_pass_agrees_with_full_cleaning(
            text in "(?s).{0,40}|[a-eé \\t\\n\\r\\x01\\x1b\\x7f\\u{301}\\u{200b}]{0,20}",
            multiline: bool,
        ) {
            proptest::prop_assert_eq!(clean_text(&text, multiline), clean_text_fully(&text, multiline));
        }
    }

    #[test]
    fn strips_escapes_and_invisible_characters() {
        assert_eq!(
            clean_text("Dupont\u{1b}[31m\u{202E}x\u{200B}", false),
            "Dupontx"
        );
        // A C1 CSI swallows its sequence up to the final byte ("b" here).
        assert_eq!(clean_text("a\u{9b}b\u{7f}c", false), "ac");
        assert_eq!(
            clean_text("a\u{1b}]0;titre\u{7}b\u{1b}[2Jc\u{1b}Md", false),
            "abcd"
        );
    }

    #[test]
    fn normalises_to_nfc() {
        let decomposed = "Zoe\u{0301}"; // e + combining acute
        assert_eq!(clean_text(decomposed, false), "Zoé");
    }

    #[test]
    fn newlines_kept_only_when_multiline() {
        assert_eq!(clean_text("a\r\nb", true), "a\nb");
        assert_eq!(clean_text("a\r\nb", false), "a b");
        assert_eq!(clean_field("  \u{200B} "), None);
    }

    /// The letter by letter fold of Latin-1 text is the fold of the decomposed text,
    /// for every letter, next to ASCII and to every other such letter.
    #[test]
    fn latin1_fold_is_the_decomposed_fold() {
        let letters: Vec<char> = ('\u{C0}'..='\u{FF}')
            .chain(['a', 'Z', '-', '\'', ' '])
            .collect();
        for a in &letters {
            for b in &letters {
                let text = format!("{a}{b}x{a}");
                assert_eq!(fold_latin1(&text), Some(fold_decomposed(&text)), "{text}");
            }
        }
        assert_eq!(fold("N'DIAYE-Léa Œ"), "ndiaye lea oe");
        assert_eq!(fold_latin1("e\u{301}"), None);
        assert_eq!(fold("Hélène e\u{301}"), "helene e");
        // Added after what is there, also when the Latin-1 path gives up midway.
        let mut key = String::from("dupont\u{1}");
        fold_into(&mut key, "Zoé Łucja");
        assert_eq!(key, format!("dupont\u{1}{}", fold("Zoé Łucja")));
        assert_eq!(fold("Zoé Łucja"), "zoe łucja");
    }

    #[test]
    fn wrap_keeps_lines_within_width() {
        let text = "Élodie a un très long commentaire : anticonstitutionnellement dit.\nSecond";
        for line in wrap(text, 12) {
            assert!(line.width() <= 12, "{line:?}");
        }
        assert_eq!(wrap("a b", 10), vec!["a b".to_string()]);
        // The short cut for lines that fit gives what the word loop gives.
        assert!(wrap("", 10).is_empty());
        assert_eq!(wrap("a  b ", 10), vec!["a b".to_string()]);
        assert_eq!(wrap("a\tb", 10), vec!["a b".to_string()]);
        assert_eq!(wrap("Léa Zoé", 7), vec!["Léa Zoé".to_string()]);
        assert_eq!(
            wrap("Léa Zoé", 6),
            vec!["Léa".to_string(), "Zoé".to_string()]
        );
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(pad("é", 3), "é  ");
        assert_eq!(pad_left("é", 3), "  é");
        assert_eq!(pad("abc", 0), "");
        // A wide character that does not fit leaves its columns blank.
        assert_eq!(pad("日本語", 4), "日… ");
    }
}
