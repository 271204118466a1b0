//! Tests of `calendar`.

use super::national::{CALENDAR_TOML, CalendarFile, calendar_file};
use super::*;
use crate::model::Student;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A Bac Pro student with nothing decided yet (in repérage).
fn student() -> Student {
    serde_json::from_value(serde_json::json!({
        "id": 1, "cohort_id": 1, "last_name": "N'DIAYE", "first_name": "Awa",
        "bac_pro": true, "schooling": "scolaire", "difficulties": [],
        "meta": { "version": 1, "updated_at": "", "updated_by": "" }
    }))
    .expect("a student")
}

fn c2026(zone: Zone) -> SchoolCalendar {
    SchoolCalendar::national("2026-2027", zone).unwrap()
}

#[test]
fn the_file_parses_and_each_year_is_complete_and_ordered() {
    toml::from_str::<CalendarFile>(CALENDAR_TOML).expect("school_calendar.toml parses");
    let years = published_years();
    for year in ["2024-2025", "2025-2026", "2026-2027"] {
        assert!(years.contains(&year.to_string()), "{year} missing");
    }
    for year in &years {
        assert!(source_of(year).is_some_and(|s| !s.is_empty()));
        for zone in [Zone::A, Zone::B, Zone::C] {
            let c = SchoolCalendar::national(year, zone)
                .unwrap_or_else(|| panic!("{year} {zone:?} incomplete"));
            c.validate()
                .unwrap_or_else(|e| panic!("{year} {zone:?}: {e}"));
            // The official convention: off from a Saturday, back on a Monday
            // (a Tuesday after Easter Monday).
            for h in &c.holidays {
                assert_eq!(h.first_off.weekday(), Weekday::Sat, "{year} {h:?}");
                let back = h.last_off.succ_opt().unwrap();
                assert!(
                    back.weekday() == Weekday::Mon
                        || (back.weekday() == Weekday::Tue && is_public_holiday(h.last_off)),
                    "{year} {h:?}"
                );
            }
            assert_eq!(c.end.weekday(), Weekday::Sat, "{year}");
            assert!(matches!(c.rentree.weekday(), Weekday::Mon | Weekday::Tue));
        }
        assert!(SchoolCalendar::national(year, Zone::HorsZone).is_none());
    }
}

#[test]
fn zones_cover_every_academie_once() {
    for academie in super::super::academies() {
        let zones: Vec<Zone> = Zone::ALL
            .into_iter()
            .filter(|z| calendar_file().zones[z.code()].contains(&academie.name))
            .collect();
        assert_eq!(zones.len(), 1, "{}: {zones:?}", academie.name);
        let metropolitan =
            academie.kind == "académie" && !["Corse"].contains(&academie.name.as_str());
        let overseas = [
            "Guadeloupe",
            "Guyane",
            "La Réunion",
            "Martinique",
            "Mayotte",
        ];
        let hors = !metropolitan || overseas.contains(&academie.name.as_str());
        assert_eq!(zones[0] == Zone::HorsZone, hors, "{}", academie.name);
    }
    assert_eq!(Zone::of_academie("toulouse"), Some(Zone::C));
    assert_eq!(Zone::of_academie("Orleans-Tours"), Some(Zone::B));
    assert_eq!(Zone::of_academie("Corse"), Some(Zone::HorsZone));
    assert_eq!(Zone::of_academie("Atlantide"), None);
}

#[test]
fn periods_run_between_holidays_with_hand_worked_dates() {
    let c = c2026(Zone::C);
    let p = c.periods();
    assert_eq!(p.len(), 5);
    // Tuesday 1 September → Friday 16 October (Saturday 17 is off).
    assert_eq!(
        (p[0].first_day, p[0].last_day),
        (d(2026, 9, 1), d(2026, 10, 16))
    );
    assert_eq!(p[0].weeks(), 7);
    assert_eq!(p[0].name(), "P1");
    // Monday 2 November → Friday 18 December.
    assert_eq!(
        (p[1].first_day, p[1].last_day),
        (d(2026, 11, 2), d(2026, 12, 18))
    );
    assert_eq!(p[1].weeks(), 7);
    // Zone C: 4 January → 5 February, 22 February → 2 April, 19 April → 2 July.
    assert_eq!(
        (p[2].first_day, p[2].last_day),
        (d(2027, 1, 4), d(2027, 2, 5))
    );
    assert_eq!(p[2].weeks(), 5);
    assert_eq!(
        (p[3].first_day, p[3].last_day),
        (d(2027, 2, 22), d(2027, 4, 2))
    );
    assert_eq!(p[3].weeks(), 6);
    assert_eq!(
        (p[4].first_day, p[4].last_day),
        (d(2027, 4, 19), d(2027, 7, 2))
    );
    assert_eq!(p[4].label(), "printemps → été");
    assert_eq!(c.period_of(d(2026, 11, 23)).map(|p| p.number), Some(2));
    assert_eq!(c.period_of(d(2026, 10, 20)), None);
}

#[test]
fn holidays_and_class_days() {
    let c = c2026(Zone::A);
    assert!(c.is_holiday(d(2026, 10, 17)));
    assert!(c.is_holiday(d(2026, 11, 1)));
    assert!(!c.is_holiday(d(2026, 11, 2)));
    assert!(c.is_holiday(d(2026, 8, 31)));
    assert!(c.is_holiday(d(2027, 7, 3)));
    assert!(!c.is_holiday(d(2027, 7, 2)));
    // 11 November 2026 is a Wednesday, a public holiday.
    assert!(!c.is_class_day(d(2026, 11, 11)));
    // Week of 9 November 2026: Monday to Friday less the 11th.
    assert_eq!(c.school_days(d(2026, 11, 9), d(2026, 11, 15)).len(), 4);
    // Easter Monday 2027 is 29 March; Ascension 6 May 2027.
    assert!(is_public_holiday(d(2027, 3, 29)));
    assert!(is_public_holiday(d(2027, 5, 6)));
    assert!(!is_public_holiday(d(2027, 5, 7)));
}

#[test]
fn weekly_sessions_skip_holidays() {
    // « 7 × 2 h, le mardi à partir du 1er décembre 2026 », zone A.
    let c = c2026(Zone::A);
    let sessions = c.weekly_sessions(Weekday::Tue, d(2026, 12, 1), 7);
    assert_eq!(
        sessions,
        vec![
            d(2026, 12, 1),
            d(2026, 12, 8),
            d(2026, 12, 15),
            // 22 and 29 December: Noël.
            d(2027, 1, 5),
            d(2027, 1, 12),
            d(2027, 1, 19),
            d(2027, 1, 26),
        ]
    );
    // Near the end of the year there are fewer than asked.
    assert_eq!(c.weekly_sessions(Weekday::Tue, d(2027, 6, 22), 7).len(), 2);
}

#[test]
fn deadlines_follow_the_calendar() {
    let c = c2026(Zone::B);
    let [pre, s1, s2] = c.deadlines();
    assert_eq!(pre.before, d(2026, 10, 17));
    assert_eq!(s1.before, d(2027, 2, 1));
    assert_eq!(s2.before, d(2027, 7, 3));
    assert!(!pre.is_past(d(2026, 10, 16)));
    assert!(pre.is_past(d(2026, 10, 17)));
}

#[test]
fn the_late_rule_counts_students_still_owing_a_past_milestone() {
    use crate::model::{DecisionS2, Proposal, Verdict};
    let c = c2026(Zone::C);
    let reperage = student();
    let mut suivi = reperage.clone();
    suivi.verdict = Some(Verdict::Repere);
    suivi.proposal = Some(Proposal::Accepte);
    let mut decided = suivi.clone();
    decided.decision_s2 = Some(DecisionS2::Passage);
    let mut gone = reperage.clone();
    gone.exit_date = Some(d(2026, 10, 1));
    let count = |today| {
        let mut late = Lateness::default();
        for s in [&reperage, &suivi, &decided, &gone] {
            late.add(&c, s, today);
        }
        late
    };
    assert_eq!(count(d(2026, 10, 16)).first(), None);
    assert_eq!(
        count(d(2026, 11, 23)).first(),
        Some((DeadlineKind::PreConseil, 1))
    );
    assert_eq!(count(d(2027, 2, 1)).counts, [1, 1, 0]);
    suivi.bilan_s1_date = Some(d(2027, 1, 20));
    let mut late = Lateness::default();
    late.add(&c, &suivi, d(2027, 7, 3));
    assert_eq!(late.counts, [0, 0, 1]);
}

#[test]
fn validation_names_the_date_at_fault() {
    let c = c2026(Zone::A);
    let bad = c.with_date(
        CalendarDate::LastOff(HolidayKind::Toussaint),
        d(2026, 10, 10),
    );
    let error = bad.validate().unwrap_err();
    assert_eq!(
        error,
        "Toussaint (dernier jour) : le 10/10/2026 doit venir après « Toussaint (1er jour) » (17/10/2026)."
    );
    let outside = c.with_date(CalendarDate::End, d(2027, 8, 2));
    assert!(
        outside
            .validate()
            .unwrap_err()
            .contains("hors de l'année scolaire 2026-2027")
    );
}

#[test]
fn a_year_not_published_gets_shifted_dates_to_correct() {
    let c = SchoolCalendar::default_for("2027-2028", Zone::A).unwrap();
    c.validate().unwrap();
    // 52 weeks after 2026-2027, but the rentrée not before Wednesday 1 September.
    assert_eq!(c.rentree, d(2027, 9, 1));
    assert_eq!(c.holiday(HolidayKind::Noel).first_off, d(2027, 12, 18));
    assert_eq!(c.end, d(2028, 7, 1));
    assert_eq!(c.zone, Zone::A);
    let corse = SchoolCalendar::default_for("2026-2027", Zone::HorsZone).unwrap();
    assert_eq!(corse.zone, Zone::HorsZone);
    assert_eq!(corse.rentree, d(2026, 9, 1));
}
