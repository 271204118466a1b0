//! Reading a session pattern as a teacher types it (« 7x2h mardi 14h dès le 4/11 »):
//! the text is cut into numbers, words and signs, then each part is looked for.

use chrono::{NaiveDate, NaiveTime, TimeDelta, Weekday};

use super::{
    MAX_COUNT, MONTHS, SessionPattern, WEEKDAYS, minutes_label, parse_minutes, time_label,
    weekday_label,
};
use crate::model::text::fold;

/// One piece of the typed text.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A whole number.
    Num(u32),
    /// A decimal number, as typed (« 1,5 »).
    Decimal(String),
    /// « 4/11 », « 05/01/2027 ».
    Slashed(Vec<u32>),
    /// « 14:30 ».
    Clock(u32, u32),
    /// « × » or « x ».
    Times,
    Word(String),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Num(n) => n.to_string(),
            Tok::Decimal(d) => d.clone(),
            Tok::Slashed(parts) => parts
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join("/"),
            Tok::Clock(h, m) => format!("{h}:{m:02}"),
            Tok::Times => "×".into(),
            Tok::Word(w) => w.clone(),
        }
    }

    fn is_word(&self, words: &[&str]) -> bool {
        matches!(self, Tok::Word(w) if words.contains(&w.as_str()))
    }
}

/// Splits folded text into numbers, words and signs; « 7x2h » gives 7, ×, 2, h.
fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = fold(text).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let number = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>().parse().ok()
    };
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let first = number(&mut i).unwrap_or(u32::MAX);
            match chars.get(i) {
                Some('/') if digit_at(i + 1) => {
                    let mut parts = vec![first];
                    while chars.get(i) == Some(&'/') && digit_at(i + 1) {
                        i += 1;
                        parts.push(number(&mut i).unwrap_or(u32::MAX));
                    }
                    out.push(Tok::Slashed(parts));
                }
                Some(':') if digit_at(i + 1) => {
                    i += 1;
                    let minutes = number(&mut i).unwrap_or(u32::MAX);
                    out.push(Tok::Clock(first, minutes));
                }
                Some(',' | '.') if digit_at(i + 1) => {
                    i += 1;
                    let fraction = number(&mut i).unwrap_or(0);
                    out.push(Tok::Decimal(format!("{first},{fraction}")));
                }
                _ => out.push(Tok::Num(first)),
            }
        } else if c == '×' {
            out.push(Tok::Times);
            i += 1;
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(if word == "x" {
                Tok::Times
            } else {
                Tok::Word(word)
            });
        } else {
            i += 1;
        }
    }
    out
}

/// Words a teacher may add around the parts of a pattern.
const FILLERS: [&str; 27] = [
    "le",
    "la",
    "les",
    "l",
    "a",
    "au",
    "aux",
    "partir",
    "du",
    "de",
    "des",
    "d",
    "compter",
    "chaque",
    "tous",
    "et",
    "en",
    "seance",
    "seances",
    "cours",
    "fois",
    "debut",
    "er",
    "par",
    "semaine",
    "commencant",
    "apres",
];

const HOUR_WORDS: [&str; 3] = ["h", "heure", "heures"];
const MINUTE_WORDS: [&str; 4] = ["min", "mn", "minute", "minutes"];

const EXAMPLE: &str = "par exemple « 7 × 2 h, le mardi à 14 h, à partir du 4 novembre »";

/// Reads a pattern as a teacher types it; `school_year` (« 2026-2027 ») gives the
/// year of a date written without one (September–December: the first year,
/// January–August: the second). A French sentence says which part is missing or wrong.
pub fn parse_pattern(text: &str, school_year: &str) -> Result<SessionPattern, String> {
    let years = school_year
        .split_once('-')
        .and_then(|(a, b)| Some((a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?)))
        .ok_or_else(|| format!("année scolaire « {school_year} » illisible (2026-2027)."))?;
    let toks = tokens(text);
    let mut used = vec![false; toks.len()];

    let (count, minutes) = count_and_duration(&toks, &mut used)?;
    let from = start_date(&toks, &mut used, years)?;
    let weekday = weekday(&toks, &mut used)?;
    let start = start_time(&toks, &mut used)?;

    if let Some(i) = (0..toks.len()).find(|i| !used[*i] && !toks[*i].is_word(&FILLERS)) {
        return Err(match &toks[i] {
            Tok::Word(w) => format!("mot non compris : « {w} » ({EXAMPLE})."),
            other => format!(
                "« {} » en trop : je ne sais pas à quoi il correspond ({EXAMPLE}).",
                other.text()
            ),
        });
    }
    if start.overflowing_add_signed(TimeDelta::minutes(minutes)).1 != 0 {
        return Err(format!(
            "une séance de {} commençant à {} finirait le lendemain.",
            minutes_label(minutes),
            time_label(start)
        ));
    }
    Ok(SessionPattern {
        count,
        minutes,
        weekday,
        start,
        from,
    })
}

/// « 7 × 2 h », « 7x2h », « 5 séances de 1 h 30 ».
fn count_and_duration(toks: &[Tok], used: &mut [bool]) -> Result<(usize, i64), String> {
    let found = (0..toks.len()).find_map(|i| match (&toks[i], toks.get(i + 1)) {
        (Tok::Num(n), Some(Tok::Times)) => Some((i, *n, i + 2)),
        (Tok::Num(n), Some(next)) if next.is_word(&["seance", "seances", "fois", "cours"]) => {
            let after = if toks.get(i + 2).is_some_and(|t| t.is_word(&["de", "d"])) {
                i + 3
            } else {
                i + 2
            };
            Some((i, *n, after))
        }
        _ => None,
    });
    let Some((at, count, duration_at)) = found else {
        return Err(
            "nombre de séances manquant : écrivez par exemple « 7 × 2 h » ou « 7 séances de 2 h »."
                .into(),
        );
    };
    used[at..duration_at].iter_mut().for_each(|u| *u = true);
    let count = count as usize;
    if count == 0 || count > MAX_COUNT {
        return Err(format!(
            "nombre de séances impossible : {count} (de 1 à {MAX_COUNT})."
        ));
    }
    let missing_duration = || {
        format!(
            "durée d'une séance manquante : écrivez par exemple « {count} × 2 h », « {count} × 1 h 30 » ou « {count} × 45 min »."
        )
    };
    let (text, len) = duration_text(&toks[duration_at..]).ok_or_else(missing_duration)?;
    let minutes = parse_minutes(&text)
        .filter(|m| (5..=600).contains(m))
        .ok_or_else(|| format!("durée d'une séance impossible : « {text} » (de 5 min à 10 h)."))?;
    used[duration_at..duration_at + len]
        .iter_mut()
        .for_each(|u| *u = true);
    Ok((count, minutes))
}

/// The tokens of a duration at the start of `toks`, as text for [`parse_minutes`].
fn duration_text(toks: &[Tok]) -> Option<(String, usize)> {
    let amount = match toks.first()? {
        Tok::Num(n) => n.to_string(),
        Tok::Decimal(d) => d.clone(),
        _ => return None,
    };
    match toks.get(1) {
        Some(t) if t.is_word(&HOUR_WORDS) => match (toks.get(2), toks.get(3)) {
            (Some(Tok::Num(m)), Some(unit)) if unit.is_word(&MINUTE_WORDS) => {
                Some((format!("{amount}h{m}"), 4))
            }
            (Some(Tok::Num(m)), _) => Some((format!("{amount}h{m}"), 3)),
            _ => Some((format!("{amount}h"), 2)),
        },
        Some(t) if t.is_word(&MINUTE_WORDS) => Some((format!("{amount}min"), 2)),
        // « 7 × 90 »: minutes.
        _ => Some((amount, 1)),
    }
}

/// « 4 novembre », « 1er décembre 2026 », « 4/11 », « 05/01/2027 ».
fn start_date(toks: &[Tok], used: &mut [bool], years: (i32, i32)) -> Result<NaiveDate, String> {
    let in_year = |month: u32| if month >= 8 { years.0 } else { years.1 };
    let full_year = |y: u32| if y < 100 { 2000 + y as i32 } else { y as i32 };
    let mut found = None;
    for i in 0..toks.len() {
        if used[i] {
            continue;
        }
        match &toks[i] {
            Tok::Slashed(parts) if parts.len() <= 3 => {
                let (d, m) = (parts[0], parts[1]);
                let y = parts.get(2).map_or(in_year(m), |y| full_year(*y));
                found = Some((vec![i], d, m, y, toks[i].text()));
                break;
            }
            Tok::Num(d) => {
                let mut j = i + 1;
                if toks.get(j).is_some_and(|t| t.is_word(&["er"])) {
                    j += 1;
                }
                let Some(Tok::Word(month)) = toks.get(j) else {
                    continue;
                };
                let Some(m) = MONTHS.iter().position(|name| {
                    name == month || (month.len() >= 3 && name.starts_with(month.as_str()))
                }) else {
                    continue;
                };
                let m = m as u32 + 1;
                let mut span: Vec<usize> = (i..=j).collect();
                let y = match toks.get(j + 1) {
                    Some(Tok::Num(y)) if *y >= 2000 => {
                        span.push(j + 1);
                        *y as i32
                    }
                    _ => in_year(m),
                };
                found = Some((span, *d, m, y, format!("{d} {month}")));
                break;
            }
            _ => {}
        }
    }
    let Some((span, d, m, y, text)) = found else {
        return Err(
            "date de début manquante : écrivez par exemple « à partir du 4 novembre » ou « dès le 04/11 »."
                .into(),
        );
    };
    span.iter().for_each(|i| used[*i] = true);
    let date = NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("date de début impossible : « {text} »."))?;
    let first = NaiveDate::from_ymd_opt(years.0, 8, 1);
    let last = NaiveDate::from_ymd_opt(years.1, 7, 31);
    if first.is_some_and(|f| date < f) || last.is_some_and(|l| date > l) {
        return Err(format!(
            "date de début hors de l'année scolaire {}-{} : {}.",
            years.0,
            years.1,
            date.format("%d/%m/%Y")
        ));
    }
    Ok(date)
}

/// « mardi », « le mardi », « mardis », « mar ».
fn weekday(toks: &[Tok], used: &mut [bool]) -> Result<Weekday, String> {
    let mut found: Vec<(usize, Weekday)> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        let Tok::Word(w) = tok else { continue };
        if used[i] {
            continue;
        }
        let singular = w.strip_suffix('s').unwrap_or(w);
        if let Some((day, _)) = WEEKDAYS
            .iter()
            .find(|(_, name)| *name == singular || (w.len() == 3 && name.starts_with(w.as_str())))
        {
            found.push((i, *day));
        }
    }
    let missing =
        "jour de la semaine manquant : lundi, mardi, mercredi, jeudi ou vendredi.".to_string();
    let Some((i, day)) = found.first().copied() else {
        return Err(missing);
    };
    if found.iter().any(|(_, d)| *d != day) {
        return Err(
            "un seul jour de la semaine par série de séances (faites une série par jour).".into(),
        );
    }
    if matches!(day, Weekday::Sat | Weekday::Sun) {
        return Err(format!(
            "pas de séance le {} : choisissez un jour de classe, du lundi au vendredi.",
            weekday_label(day)
        ));
    }
    for (j, _) in &found {
        used[*j] = true;
    }
    used[i] = true;
    Ok(day)
}

/// « à 14 h », « 10h15 », « 8 h 30 », « 14:00 », « à 14 ».
fn start_time(toks: &[Tok], used: &mut [bool]) -> Result<NaiveTime, String> {
    let mut found = None;
    for i in 0..toks.len() {
        if used[i] {
            continue;
        }
        match (&toks[i], toks.get(i + 1), toks.get(i + 2)) {
            (Tok::Clock(h, m), _, _) => found = Some((i..i + 1, *h, *m)),
            (Tok::Num(h), Some(unit), next) if unit.is_word(&HOUR_WORDS) => {
                found = Some(match next {
                    // Unless that number was the day of the date (« 14 h 2 mars »).
                    Some(Tok::Num(m)) if !used[i + 2] => (i..i + 3, *h, *m),
                    _ => (i..i + 2, *h, 0),
                });
            }
            (Tok::Num(h), _, _) if i > 0 && toks[i - 1].is_word(&["a"]) => {
                found = Some((i..i + 1, *h, 0));
            }
            _ => continue,
        }
        break;
    }
    let Some((span, h, m)) = found else {
        return Err(
            "heure de début manquante : écrivez par exemple « à 14 h » ou « à 10 h 15 ».".into(),
        );
    };
    used[span].iter_mut().for_each(|u| *u = true);
    NaiveTime::from_hms_opt(h, m, 0)
        .filter(|t| (7..=21).contains(&chrono::Timelike::hour(t)))
        .ok_or_else(|| format!("heure de début impossible : {h} h {m:02} (de 7 h à 21 h)."))
}
