use super::*;
use crate::model::calendar::Zone;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

fn calendar(zone: Zone) -> SchoolCalendar {
    SchoolCalendar::national("2026-2027", zone).expect("2026-2027 is published")
}

fn parse(text: &str) -> SessionPattern {
    parse_pattern(text, "2026-2027").unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> String {
    parse_pattern(text, "2026-2027").expect_err(text)
}

#[test]
fn the_issue_examples_parse() {
    let tuesday = SessionPattern {
        count: 7,
        minutes: 120,
        weekday: Weekday::Tue,
        start: t(14, 0),
        from: d(2026, 11, 4),
    };
    assert_eq!(
        parse("7 × 2 h, le mardi à 14 h, à partir du 4 novembre"),
        tuesday
    );
    assert_eq!(parse("7x2h mardi 14h dès le 4/11"), tuesday);
    assert_eq!(
        parse("5 séances de 1 h 30 le jeudi à 10h15 à partir du 05/01/2027"),
        SessionPattern {
            count: 5,
            minutes: 90,
            weekday: Weekday::Thu,
            start: t(10, 15),
            from: d(2027, 1, 5),
        }
    );
    assert_eq!(
        parse("10 × 45 min, lundi 8 h 30, 2 mars"),
        SessionPattern {
            count: 10,
            minutes: 45,
            weekday: Weekday::Mon,
            start: t(8, 30),
            from: d(2027, 3, 2),
        }
    );
}

#[test]
fn real_life_spellings_parse() {
    let cases = [
        (
            "7 X 2H LE MARDI A 14H A PARTIR DU 4 NOVEMBRE",
            (7, 120, Weekday::Tue, t(14, 0), d(2026, 11, 4)),
        ),
        (
            "7 x 2 heures, tous les mardis à 14:00, à compter du 04/11/2026",
            (7, 120, Weekday::Tue, t(14, 0), d(2026, 11, 4)),
        ),
        (
            "6 séances de 1h30 le jeudi à 10 h 15 à partir du 1er octobre",
            (6, 90, Weekday::Thu, t(10, 15), d(2026, 10, 1)),
        ),
        (
            "6 seances d'1h30 jeudi 10h15 des le 1/10",
            (6, 90, Weekday::Thu, t(10, 15), d(2026, 10, 1)),
        ),
        (
            "8 × 90, vendredi à 9 h, à partir du 8 janvier",
            (8, 90, Weekday::Fri, t(9, 0), d(2027, 1, 8)),
        ),
        (
            "4 fois 1,5 h le mercredi à 8h dès le 4 nov.",
            (4, 90, Weekday::Wed, t(8, 0), d(2026, 11, 4)),
        ),
        (
            "3 × 2 h mer. 13h30 dès le 6/1/27",
            (3, 120, Weekday::Wed, t(13, 30), d(2027, 1, 6)),
        ),
        (
            "12 × 1 h, le lundi à 17 h, à partir du 7 septembre 2026",
            (12, 60, Weekday::Mon, t(17, 0), d(2026, 9, 7)),
        ),
        (
            "7 × 2 h à 14 h le mardi à partir du 4 novembre",
            (7, 120, Weekday::Tue, t(14, 0), d(2026, 11, 4)),
        ),
        (
            "le mardi à 14, 7 × 2 h, dès le 4 novembre",
            (7, 120, Weekday::Tue, t(14, 0), d(2026, 11, 4)),
        ),
        (
            "5×1h mardi 14h 2 mars",
            (5, 60, Weekday::Tue, t(14, 0), d(2027, 3, 2)),
        ),
    ];
    for (text, (count, minutes, weekday, start, from)) in cases {
        assert_eq!(
            parse(text),
            SessionPattern {
                count,
                minutes,
                weekday,
                start,
                from
            },
            "{text}"
        );
    }
}

#[test]
fn describe_gives_back_the_canonical_text_which_parses_again() {
    let pattern = parse("7x2h mardi 14h dès le 4/11");
    assert_eq!(
        pattern.describe(),
        "7 × 2 h, le mardi à 14 h, à partir du 4 novembre 2026"
    );
    let other = parse("5 séances de 1 h 30 le jeudi à 10h15 à partir du 1/10");
    assert_eq!(
        other.describe(),
        "5 × 1 h 30, le jeudi à 10 h 15, à partir du 1er octobre 2026"
    );
    for p in [pattern, other] {
        assert_eq!(parse(&p.describe()), p);
    }
    assert_eq!(other.end(), t(11, 45));
}

#[test]
fn errors_say_which_part_is_missing_or_wrong() {
    assert_eq!(
        error("7 × 2 h à 14 h à partir du 4 novembre"),
        "jour de la semaine manquant : lundi, mardi, mercredi, jeudi ou vendredi."
    );
    assert!(
        error("le mardi à 14 h à partir du 4 novembre").starts_with("nombre de séances manquant")
    );
    assert!(
        error("7 séances le mardi à 14 h à partir du 4 novembre")
            .starts_with("durée d'une séance manquante")
    );
    assert!(
        error("7 × 2 h le mardi à partir du 4 novembre").starts_with("heure de début manquante")
    );
    assert!(error("7 × 2 h le mardi à 14 h").starts_with("date de début manquante"));
    assert_eq!(
        error("7 × 2 h le mardu à 14 h dès le 4/11"),
        "jour de la semaine manquant : lundi, mardi, mercredi, jeudi ou vendredi."
    );
    assert_eq!(
        error("7 × 2 h le mardi à 14 h dès le 31/11"),
        "date de début impossible : « 31/11 »."
    );
    assert_eq!(
        error("7 × 2 h le mardi à 25 h dès le 4/11"),
        "heure de début impossible : 25 h 00 (de 7 h à 21 h)."
    );
    assert!(
        error("7 × 2 h le mardi à 14 h dès le 4/11/2027")
            .starts_with("date de début hors de l'année scolaire 2026-2027")
    );
    assert!(
        error("0 × 2 h le mardi à 14 h dès le 4/11").starts_with("nombre de séances impossible")
    );
    assert!(
        error("7 × 0 h le mardi à 14 h dès le 4/11").starts_with("durée d'une séance impossible")
    );
    assert!(error("7 × 2 h le samedi à 14 h dès le 4/11").starts_with("pas de séance le samedi"));
    assert!(error("7 × 2 h le mardi et le jeudi à 14 h dès le 4/11").starts_with("un seul jour"));
    assert!(error("7 × 2 h le mardi à 14 h dès le 4/11 en salle B12").contains("« salle »"));
    assert!(error("7 × 2 h le mardi à 14 h dès le 4/11 puis 9").contains("« puis »"));
    assert!(error("7 × 10 h le mardi à 20 h dès le 4/11").contains("finirait le lendemain"));
    assert!(
        parse_pattern("7 × 2 h mardi 14 h 4/11", "2026")
            .unwrap_err()
            .contains("illisible")
    );
}

#[test]
fn the_year_follows_the_school_year() {
    let in_year = |text: &str, year: &str| parse_pattern(text, year).map(|p| p.from);
    assert_eq!(
        in_year("1 × 1 h lundi 8 h 31 août", "2026-2027"),
        Ok(d(2026, 8, 31))
    );
    assert_eq!(
        in_year("1 × 1 h lundi 8 h 1er décembre", "2026-2027"),
        Ok(d(2026, 12, 1))
    );
    assert_eq!(
        in_year("1 × 1 h lundi 8 h 3 janvier", "2026-2027"),
        Ok(d(2027, 1, 3))
    );
    assert_eq!(
        in_year("1 × 1 h lundi 8 h 15 juillet", "2027-2028"),
        Ok(d(2028, 7, 15))
    );
    assert_eq!(
        in_year("1 × 1 h lundi 8 h 15/9", "2027-2028"),
        Ok(d(2027, 9, 15))
    );
}

#[test]
fn a_series_across_noel_skips_two_weeks_and_leaves_its_period() {
    // 4 November 2026 is a Wednesday: the first Tuesday is the 10th.
    let schedule =
        parse("7 × 2 h, le mardi à 14 h, à partir du 4 novembre").schedule(&calendar(Zone::A));
    assert_eq!(
        schedule.dates,
        vec![
            d(2026, 11, 10),
            d(2026, 11, 17),
            d(2026, 11, 24),
            d(2026, 12, 1),
            d(2026, 12, 8),
            d(2026, 12, 15),
            // 22 and 29 December: Noël.
            d(2027, 1, 5),
        ]
    );
    assert_eq!(schedule.skipped_weeks, 2);
    assert_eq!(
        schedule.warning.as_deref(),
        Some(
            "La dernière séance (mar. 05/01/2027) tombe après la fin de la période P2 (Toussaint → Noël, ven. 18/12/2026)."
        )
    );
}

#[test]
fn a_series_across_toussaint_and_a_public_holiday() {
    let c = calendar(Zone::C);
    let schedule = parse("6 × 1 h 30 le jeudi à 10h15 dès le 1er octobre").schedule(&c);
    assert_eq!(
        schedule.dates,
        vec![
            d(2026, 10, 1),
            d(2026, 10, 8),
            d(2026, 10, 15),
            // 22 and 29 October: Toussaint.
            d(2026, 11, 5),
            d(2026, 11, 12),
            d(2026, 11, 19),
        ]
    );
    assert_eq!(schedule.skipped_weeks, 2);
    assert!(schedule.warning.is_some_and(|w| w.contains("période P1")));
    // Wednesday 11 November 2026 is a public holiday; the series stays in P2.
    let wednesday = parse("4 × 1 h le mercredi à 8 h dès le 4/11").schedule(&c);
    assert_eq!(
        wednesday.dates,
        vec![
            d(2026, 11, 4),
            d(2026, 11, 18),
            d(2026, 11, 25),
            d(2026, 12, 2)
        ]
    );
    assert_eq!(wednesday.skipped_weeks, 1);
    assert_eq!(wednesday.warning, None);
}

#[test]
fn spring_mondays_skip_easter_holidays_and_whit_monday() {
    let schedule = parse("10 × 45 min, lundi 8 h 30, 2 mars").schedule(&calendar(Zone::A));
    assert_eq!(
        schedule.dates,
        vec![
            d(2027, 3, 8),
            d(2027, 3, 15),
            d(2027, 3, 22),
            // 29 March: Easter Monday.
            d(2027, 4, 5),
            // 12 and 19 April: printemps, zone A.
            d(2027, 4, 26),
            d(2027, 5, 3),
            d(2027, 5, 10),
            // 17 May: Whit Monday.
            d(2027, 5, 24),
            d(2027, 5, 31),
            d(2027, 6, 7),
        ]
    );
    assert_eq!(schedule.skipped_weeks, 4);
}

#[test]
fn the_year_ending_first_is_said() {
    let schedule = parse("7 × 2 h mardi 14 h dès le 22/06").schedule(&calendar(Zone::B));
    assert_eq!(schedule.dates, vec![d(2027, 6, 22), d(2027, 6, 29)]);
    assert_eq!(schedule.skipped_weeks, 0);
    assert_eq!(
        schedule.warning.as_deref(),
        Some("Seulement 2 séance(s) sur 7 avant la fin de l'année (le sam. 03/07/2027).")
    );
}

#[test]
fn overlapping_time_ranges() {
    let day = d(2026, 11, 10);
    assert!(overlaps((day, t(14, 0), 120), (day, t(15, 0), 60)));
    assert!(overlaps((day, t(14, 0), 120), (day, t(13, 0), 61)));
    assert!(overlaps((day, t(14, 0), 30), (day, t(13, 0), 180)));
    // Back to back is not an overlap.
    assert!(!overlaps((day, t(14, 0), 120), (day, t(16, 0), 60)));
    assert!(!overlaps((day, t(14, 0), 60), (day, t(13, 0), 60)));
    assert!(!overlaps(
        (day, t(14, 0), 120),
        (d(2026, 11, 17), t(14, 0), 120)
    ));
    // Late evening into the next day.
    assert!(overlaps(
        (day, t(23, 0), 120),
        (d(2026, 11, 11), t(0, 30), 30)
    ));
}

#[test]
fn clashes_pair_sessions_of_different_groups() {
    let day = d(2026, 11, 10);
    let sessions = [
        ("maths", (day, t(14, 0), 120)),
        ("anglais", (day, t(10, 0), 60)),
        ("anglais", (day, t(15, 30), 60)),
        ("maths", (day, t(15, 0), 60)),
        ("projet", (d(2026, 11, 17), t(14, 0), 120)),
        ("projet", (day, t(11, 0), 60)),
    ];
    // maths 14–16 overlaps anglais 15:30; maths 15–16 too; maths with maths does not count.
    assert_eq!(clashes(&sessions), vec![(0, 2), (2, 3)]);
    assert!(clashes::<&str>(&[]).is_empty());
}

#[test]
fn durations_read_and_written_as_people_do() {
    assert_eq!(parse_minutes("90"), Some(90));
    assert_eq!(parse_minutes("1 h 30"), Some(90));
    assert_eq!(parse_minutes("1h30"), Some(90));
    assert_eq!(parse_minutes("2 h"), Some(120));
    assert_eq!(parse_minutes("2H"), Some(120));
    assert_eq!(parse_minutes("1,5 h"), Some(90));
    assert_eq!(parse_minutes("45 min"), Some(45));
    assert_eq!(parse_minutes("45min"), Some(45));
    assert_eq!(parse_minutes("1 h 75"), None);
    assert_eq!(parse_minutes("deux heures"), None);
    assert_eq!(parse_minutes("-3"), None);
    assert_eq!(parse_minutes(""), None);
    assert_eq!(minutes_label(90), "1 h 30");
    assert_eq!(minutes_label(120), "2 h");
    assert_eq!(minutes_label(45), "45 min");
    assert_eq!(minutes_label(65), "1 h 05");
    for minutes in [5, 45, 60, 90, 125, 600] {
        assert_eq!(parse_minutes(&minutes_label(minutes)), Some(minutes));
    }
    assert_eq!(time_label(t(8, 5)), "8 h 05");
    assert_eq!(long_date(d(2027, 8, 1)), "1er août 2027");
}
