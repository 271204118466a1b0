//! French typography, applied to every text that goes on a printed page.

/// No-break space: before « : », inside « », between a number and its unit.
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space: before « ; ! ? ».
pub const NNBSP: char = '\u{202f}';

/// Words that stay on the line of the number before them (« 12 h », « 3 séances »).
const UNITS: &[&str] = &[
    "h", "min", "%", "€", "an", "ans", "heure", "heures", "jour", "jours", "semaine", "semaines",
    "mois", "séance", "séances", "élève", "élèves", "module", "modules", "groupe", "groupes",
    "point", "points",
];

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP
}

/// `text` with French typography: typographic apostrophe ’, narrow no-break space
/// before « ; ! ? », no-break space before « : » and inside « », no-break space
/// between a number and its unit and after « n° ». Idempotent; a colon or a
/// question mark inside a word (« 14:30 », « http://… ») is left alone.
pub fn french(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\'' { '’' } else { c })
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 8);
    let trim = |out: &mut Vec<char>| {
        while out.last().is_some_and(|&p| is_space(p)) {
            out.pop();
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        // A mark that ends a phrase: followed by a space, a closing mark or nothing.
        let ends = next.is_none_or(|n| n.is_whitespace() || matches!(n, '»' | ')' | '!' | '?'));
        match c {
            ';' | '!' | '?' | ':' if ends => {
                // Repeated marks (« ?! ») share the space before the first.
                if !matches!(out.last(), Some(';' | '!' | '?' | ':')) {
                    trim(&mut out);
                    if !out.is_empty() && out.last() != Some(&'«') {
                        out.push(if c == ':' { NBSP } else { NNBSP });
                    }
                }
                out.push(c);
            }
            '«' => out.extend(['«', NBSP]),
            '»' => {
                trim(&mut out);
                if !out.is_empty() && out.last() != Some(&'«') {
                    out.push(NBSP);
                }
                out.push('»');
            }
            // The space after « is already written.
            _ if is_space(c) && out.ends_with(&['«', NBSP]) => {}
            _ if is_space(c) && binds_number(&out, &chars[i + 1..]) => out.push(NBSP),
            _ => out.push(c),
        }
    }
    out.into_iter().collect()
}

/// Whether the space between `before` and `after` joins a number to its unit,
/// or « n° » to its number.
fn binds_number(before: &[char], after: &[char]) -> bool {
    let word: String = after
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '.' | ';' | ')' | ':'))
        .collect();
    let after_number = before.last().is_some_and(char::is_ascii_digit)
        && (UNITS.contains(&word.to_lowercase().as_str())
            || crate::model::sessions::MONTH_LABELS.contains(&word.as_str()));
    let after_no = before.ends_with(&['n', '°']) || before.ends_with(&['N', '°']);
    let digits = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit());
    // « 14 h 30 »: the minutes stay with the hour.
    let after_hour = before.ends_with(&[NBSP, 'h'])
        && before.len() > 2
        && before[before.len() - 3].is_ascii_digit();
    // A separator « · » never starts a line.
    let before_dot = after.first() == Some(&'·');
    after_number || before_dot || ((after_no || after_hour) && digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        text.replace(NBSP, "~").replace(NNBSP, "^")
    }

    #[test]
    fn high_punctuation_gets_its_no_break_space() {
        assert_eq!(
            show(&french("Engagements : venir ; travailler ! Pourquoi ?")),
            "Engagements~: venir^; travailler^! Pourquoi^?"
        );
        // Missing spaces are added, existing ones replaced.
        assert_eq!(show(&french("Note: oui; non!")), "Note~: oui^; non^!");
        assert_eq!(show(&french("Vraiment ?!")), "Vraiment^?!");
    }

    #[test]
    fn colons_and_marks_inside_words_are_left_alone() {
        assert_eq!(
            french("14:30 et http://exemple.fr"),
            "14:30 et http://exemple.fr"
        );
    }

    #[test]
    fn guillemets_hold_their_text_with_no_break_spaces() {
        assert_eq!(show(&french("le « déclic »")), "le «~déclic~»");
        assert_eq!(show(&french("le «déclic»")), "le «~déclic~»");
        assert_eq!(show(&french("« Oui ? »")), "«~Oui^?~»");
    }

    #[test]
    fn numbers_keep_their_unit_and_apostrophes_are_typographic() {
        assert_eq!(
            show(&french("7 séances de 2 h, 83 % et 25 novembre 2026")),
            "7~séances de 2~h, 83~% et 25~novembre 2026"
        );
        assert_eq!(show(&french("12 élèves, n° 42")), "12~élèves, n°~42");
        assert_eq!(
            show(&french("de 14 h 30 à 16 h · salle")),
            "de 14~h~30 à 16~h~· salle"
        );
        assert_eq!(french("point d'étape, l'élève"), "point d’étape, l’élève");
        // A number before an ordinary word breaks as usual.
        assert_eq!(french("en 2026 les"), "en 2026 les");
    }

    #[test]
    fn applying_it_twice_changes_nothing() {
        for text in [
            "« Oui ? » : 3 séances ; l'élève !",
            "a : b",
            "« »",
            ": début",
            "?",
        ] {
            let once = french(text);
            assert_eq!(french(&once), once, "{text}");
        }
    }
}
