//! The UAI (unité administrative immatriculée) that identifies a French school.

/// Check letters, indexed by the remainder of the 7-digit number divided by 23
/// (I, O and Q are left out so they are never mistaken for 1 and 0).
const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// The check letter of a 7-digit UAI number, or `None` if `digits` is not 7 ASCII digits.
pub fn uai_check_letter(digits: &str) -> Option<char> {
    if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    let index = usize::try_from(number % 23).ok()?;
    CHECK_LETTERS.get(index).map(|&b| char::from(b))
}

/// Validates a UAI (`0750654D`): 7 digits then the check letter. Spaces around are
/// ignored and the letter may be typed in lower case; returns the UAI as stored, or
/// a French sentence saying what is wrong.
pub fn validate_uai(text: &str) -> Result<String, String> {
    let uai = text.trim().to_uppercase();
    let count = uai.chars().count();
    if count != 8 {
        return Err(format!(
            "l'UAI compte 8 caractères (7 chiffres puis une lettre), « {} » en a {count}",
            text.trim()
        ));
    }
    let (digits, letter) = uai.split_at(7);
    let Some(expected) = uai_check_letter(digits) else {
        return Err(format!(
            "l'UAI commence par 7 chiffres, « {} » n'en a pas",
            text.trim()
        ));
    };
    if letter != expected.to_string() {
        return Err(format!(
            "la lettre de contrôle de l'UAI « {} » devrait être {expected} : vérifiez le numéro",
            text.trim()
        ));
    }
    Ok(uai)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_letter_is_the_remainder_by_23() {
        // 310000 = 23 × 13478 + 6, and the 7th letter of the alphabet is G.
        assert_eq!(uai_check_letter("0310000"), Some('G'));
        // 750654 = 23 × 32637 + 3 → D (lycée Louis-le-Grand, Paris: 0750654D).
        assert_eq!(uai_check_letter("0750654"), Some('D'));
        // Remainder 0 → A, remainder 22 → Z.
        assert_eq!(uai_check_letter("0000023"), Some('A'));
        assert_eq!(uai_check_letter("0000022"), Some('Z'));
        // Remainder 8 skips I: J.
        assert_eq!(uai_check_letter("0000008"), Some('J'));
        assert_eq!(uai_check_letter("031000"), None);
        assert_eq!(uai_check_letter("03100O0"), None);
    }

    #[test]
    fn valid_uais_are_normalised() {
        assert_eq!(validate_uai("0750654D"), Ok("0750654D".to_string()));
        assert_eq!(validate_uai(" 0310000g "), Ok("0310000G".to_string()));
    }

    #[test]
    fn invalid_uais_are_refused_with_a_reason() {
        let short = validate_uai("031000G").expect_err("too short");
        assert!(short.contains("8 caractères"), "{short}");
        let letters = validate_uai("03A0000G").expect_err("letter among digits");
        assert!(letters.contains("7 chiffres"), "{letters}");
        let wrong = validate_uai("0310000A").expect_err("wrong check letter");
        assert!(wrong.contains("devrait être G"), "{wrong}");
        let accented = validate_uai("031000É").expect_err("accent");
        assert!(accented.contains("8 caractères"), "{accented}");
    }
}
