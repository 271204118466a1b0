//! Cleaning of every text that enters the database (imports, typing, paste).

use unicode_normalization::UnicodeNormalization;

/// Removes control and invisible formatting characters and normalises to NFC.
///
/// Kept: letters, marks, punctuation, spaces, and `\n` / `\t` when `multiline`.
/// Removed: C0/C1 controls (so no escape sequence can reach a terminal), bidi
/// overrides and isolates, zero-width characters, the BOM.
pub fn clean_text(input: &str, multiline: bool) -> String {
    let filtered: String = input
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

/// Cleans a one-line value and trims it; `None` when nothing is left.
pub fn clean_field(input: &str) -> Option<String> {
    let cleaned = clean_text(input, false);
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
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

    #[test]
    fn strips_escapes_and_invisible_characters() {
        assert_eq!(
            clean_text("Dupont\u{1b}[31m\u{202E}x\u{200B}", false),
            "Dupont[31mx"
        );
        assert_eq!(clean_text("a\u{9b}b\u{7f}c", false), "abc");
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
}
