//! Greedy line breaking at spaces: never a hyphen, never a cut word, except a
//! word longer than the whole line, the only one broken (between characters).

/// Breaks `text` into lines no wider than `measure` (same unit as `width`).
/// Only ordinary spaces and line feeds break; no-break spaces hold.
pub fn wrap(text: &str, measure: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate) <= measure {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if width(word) <= measure {
                line = word.to_string();
            } else {
                let mut pieces = break_word(word, measure, &width);
                line = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
            }
        }
        lines.push(line);
    }
    lines
}

/// A word too long for any line, in pieces that each fit (at least one character each).
fn break_word(word: &str, measure: f32, width: &impl Fn(&str) -> f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if width(&piece) > measure && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    pieces.push(piece);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::fonts::{Weight, width};

    const TEXT: &str = "L’élève s’engage à venir à chaque séance du module de reformulation, \
        à prévenir le lycée en cas d’absence, à apporter ses cours et à faire le point \
        avec son professeur référent toutes les trois semaines. Anticonstitutionnellement, \
        le parcours de consolidation l’aide à réussir sa première année de BTS.";

    fn measure(text: &str) -> f32 {
        width(text, Weight::Regular, 10.0)
    }

    #[test]
    fn a_long_paragraph_never_exceeds_the_measure_nor_cuts_a_word() {
        for measure_pt in [150.0, 240.0, 481.0] {
            let lines = wrap(TEXT, measure_pt, measure);
            assert!(lines.len() > 1);
            for line in &lines {
                assert!(measure(line) <= measure_pt, "{line} > {measure_pt}");
                assert!(!line.ends_with('-'), "hyphen in {line}");
            }
            // Every word of the text is whole on one line, in order.
            let words: Vec<&str> = TEXT.split(' ').collect();
            let joined: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
            assert_eq!(joined, words, "at {measure_pt}");
        }
    }

    #[test]
    fn no_break_spaces_hold_their_words_together() {
        let text = "aaa 7\u{a0}séances bbb";
        let narrow = measure("aaa 7\u{a0}séan");
        let lines = wrap(text, narrow, measure);
        assert!(lines.contains(&"7\u{a0}séances".to_string()), "{lines:?}");
    }

    #[test]
    fn only_a_word_longer_than_the_line_is_broken() {
        let long = "Anticonstitutionnellement";
        let measure_pt = measure("Anticonsti");
        let lines = wrap(&format!("a {long} b"), measure_pt, measure);
        assert_eq!(lines.first().map(String::as_str), Some("a"));
        assert_eq!(lines.concat().replace(' ', ""), format!("a{long}b"));
        for line in &lines {
            assert!(measure(line) <= measure_pt, "{line}");
        }
    }

    #[test]
    fn line_feeds_start_new_lines_and_empty_text_gives_one_empty_line() {
        assert_eq!(wrap("un\ndeux", 500.0, measure), ["un", "deux"]);
        assert_eq!(wrap("", 500.0, measure), [""]);
    }
}
