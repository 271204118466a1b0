//! Indicators on hand-built cohorts whose answers are worked out by hand in
//! each test's comment: tallies, rates, levels, filters, years, crosses.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use passerelle::model::indicators::*;
use passerelle::model::*;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The day every test judges from: mid-year 2026-2027.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn student(id: i64, bac_pro: bool) -> Student {
    Student {
        id,
        cohort_id: 1,
        last_name: format!("Élève{id}"),
        first_name: "Test".into(),
        ine: Some(format!("INE{id:08}")),
        birth_date: date(2006, 5, 4),
        bac_pro,
        bac_pro_specialty: None,
        origin_lycee: None,
        schooling: Schooling::Scolaire,
        parcoursup_rank: None,
        parcours_differencie: None,
        referent_id: None,
        verdict: None,
        difficulties: Vec::new(),
        proposal: None,
        pre_conseil_date: None,
        commitments: None,
        first_checkin_date: None,
        bilan_s1: None,
        bilan_s1_date: None,
        decision_s2: None,
        decision_s2_date: None,
        exit_date: None,
        exit_cause: None,
        exit_destination: None,
        exit_referral: None,
        exit_note: Some("note libre".into()),
        next_checkin_date: None,
        diploma: None,
        meta: RowMeta::default(),
    }
}

fn key(uai: &str, lycee: &str, code: &str, name: &str, sector: Sector, year: &str) -> TallyKey {
    let establishment = Establishment {
        id: 1,
        uai: uai.into(),
        name: lycee.into(),
        academie: "Toulouse".into(),
        city: None,
        meta: RowMeta::default(),
    };
    let section = Section {
        id: 1,
        establishment_id: 1,
        code: code.into(),
        name: name.into(),
        sector,
        meta: RowMeta::default(),
    };
    TallyKey::of(&establishment, &section, year)
}

fn input(student: Student, key: &TallyKey) -> IndicatorInput {
    IndicatorInput {
        student,
        key: key.clone(),
        modules: Vec::new(),
    }
}

fn module(code: &str, stopped: bool, attended: u64, marked: u64) -> ModuleFollowed {
    ModuleFollowed {
        code: code.into(),
        stopped,
        attended,
        marked,
    }
}

fn all() -> Filter {
    Filter::default()
}

fn rate(n: u64, d: u64) -> Rate {
    Rate::of(n, d)
}

fn unknown(n: u64, d: u64) -> Rate {
    Rate::new(n, d, false)
}

/// A cohort that entered in 2024-2025, seen on 23/11/2026: its 1st and 2nd
/// school years are over, its 3rd (for a BTS in 3 years) is not.
fn finished() -> Vec<IndicatorInput> {
    let k = key(
        "0310001A",
        "Lycée Arago",
        "NDRC",
        "BTS NDRC",
        Sector::Services,
        "2024-2025",
    );
    let mut s1 = student(1, true);
    s1.verdict = Some(Verdict::Repere);
    s1.proposal = Some(Proposal::Accepte);
    s1.decision_s2 = Some(DecisionS2::Passage);
    s1.diploma = Some(DiplomaOutcome::Obtenu2Ans);
    let mut s2 = student(2, true);
    s2.verdict = Some(Verdict::Repere);
    s2.proposal = Some(Proposal::Refuse);
    s2.exit_date = date(2024, 12, 10);
    s2.exit_cause = Some(ExitCause::Emploi);
    s2.exit_destination = Some(ExitDestination::Emploi);
    s2.difficulties = vec!["absenteisme".into()];
    let mut s3 = student(3, true);
    s3.verdict = Some(Verdict::NonRepere);
    s3.decision_s2 = Some(DecisionS2::Bts3Ans);
    let mut s4 = student(4, true);
    s4.verdict = Some(Verdict::Repere);
    s4.proposal = Some(Proposal::Accepte);
    s4.decision_s2 = Some(DecisionS2::Redoublement);
    s4.difficulties = vec!["methodes".into()];
    let mut s5 = student(5, true);
    s5.decision_s2 = Some(DecisionS2::Passage);
    s5.diploma = Some(DiplomaOutcome::NonObtenu);
    let mut s6 = student(6, false);
    s6.decision_s2 = Some(DecisionS2::Passage);
    s6.diploma = Some(DiplomaOutcome::Obtenu2Ans);
    let mut s7 = student(7, true);
    s7.verdict = Some(Verdict::NonRepere);
    s7.decision_s2 = Some(DecisionS2::Passage);
    s7.exit_date = date(2025, 10, 1);
    s7.exit_cause = Some(ExitCause::Inconnue);
    let mut rows: Vec<IndicatorInput> = [s1, s2, s3, s4, s5, s6, s7]
        .into_iter()
        .map(|s| input(s, &k))
        .collect();
    rows[0].modules = vec![module("tutorat", false, 3, 4)];
    rows[1].modules = vec![module("reformulation", false, 0, 0)];
    rows[3].modules = vec![module("tutorat", true, 1, 2)];
    rows
}

#[test]
fn a_finished_cohort() {
    // Bac Pro entrants: s1 s2 s3 s4 s5 s7 = 6 (s6 is not from a Bac Pro; 7 students).
    // Identified (repéré): s1 s2 s4 = 3/6. Proposed: s1 s2 s4 = 3/6; accepted s1 s4:
    // 2/3 of proposed, 2/6 in a parcours.
    // Exits: s2 (Dec. 2024, 1st year) and s7 (Oct. 2025, a later year) = 2/6.
    // Passage: s1, s3 (BTS en 3 ans), s5, s7 (left after passing) = 4/6, known (the
    // 1st year is over); loss: s2 (1st-year exit) + s4 (redoublement) = 2/6.
    // BTS in 2 years: s1 = 1/6, known (2nd year over); in 3 years: 0/6, not yet known
    // (3rd year not over; only s1 obtained, s2 s7 left: 3 of 6 settled).
    let ind = compute(&finished(), &all(), today()).expect("compute");
    let g = ind.overall();
    let (t, r) = (&g.tally, &g.rates);
    assert_eq!((t.all_students, t.entrants), (7, 6));
    assert_eq!(r.identified, rate(3, 6));
    assert_eq!(r.proposed, rate(3, 6));
    assert_eq!(r.accepted_of_proposed, rate(2, 3));
    assert_eq!(r.in_parcours, rate(2, 6));
    assert_eq!(r.dropout, rate(2, 6));
    assert_eq!(t.exits_first_year, 1);
    assert_eq!(r.passage, rate(4, 6));
    assert_eq!((t.bts_in_3_years, t.repeating, t.decisions), (1, 1, 5));
    assert_eq!(r.loss, rate(2, 6));
    assert_eq!(r.bts_2_years, rate(1, 6));
    assert_eq!(r.bts_3_years, unknown(0, 6));
    assert_eq!(r.bts_3_years.text(), "pas encore connu");
    assert_eq!(r.passage.text(), "66,7 % (4/6)");
    // Profile of those who left.
    let map = |pairs: &[(&str, u64)]| -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(
        t.exits_by_period,
        map(&[("semestre_1", 1), ("annee_suivante", 1)])
    );
    assert_eq!(t.exits_by_month, map(&[("2024-12", 1), ("2025-10", 1)]));
    assert_eq!(t.exits_by_cause, map(&[("emploi", 1), ("inconnue", 1)]));
    assert_eq!(t.exits_by_destination, map(&[("emploi", 1), (MISSING, 1)]));
    assert_eq!(t.exits_by_difficulty, map(&[("absenteisme", 1)]));
    // Crosses: repérés s1 s2 s4 (1 exit, 1 passage); non repérés s3 s7 (1 exit,
    // 2 passages); no repérage s5 (passage).
    let cell = |k: &str| t.crosses[k];
    assert_eq!(
        cell("verdict:repere"),
        Outcome {
            entrants: 3,
            exits: 1,
            passed: 1,
            first_year_known: 3
        }
    );
    assert_eq!(
        cell("verdict:non_repere"),
        Outcome {
            entrants: 2,
            exits: 1,
            passed: 2,
            first_year_known: 2
        }
    );
    assert_eq!(cell("verdict:sans_reperage").passed, 1);
    // Acceptance: en parcours s1 s4; refused s2 (left); not proposed s3 s5 s7.
    assert_eq!(
        cell("acceptance:en_parcours"),
        Outcome {
            entrants: 2,
            exits: 0,
            passed: 1,
            first_year_known: 2
        }
    );
    assert_eq!(cell("acceptance:refuse").exits, 1);
    assert_eq!(cell("acceptance:non_propose").entrants, 3);
    assert_eq!(cell("status:repere_hors_parcours").entrants, 1);
    assert_eq!(cell("status:non_repere").entrants, 3);
    assert_eq!(cell("difficulty:methodes").passed, 0);
    // Modules: s1 s2 s4 followed one (1 exit, s2); tutorat s1 + s4 (stopped), 4 of 6
    // marks attended; the stayers are s1 s3 s4 s5, two of whom followed a module.
    assert_eq!(
        cell("modules:avec_module"),
        Outcome {
            entrants: 3,
            exits: 1,
            passed: 1,
            first_year_known: 3
        }
    );
    let tutorat = t.modules["tutorat"];
    assert_eq!(
        tutorat,
        ModuleTally {
            enrolled: 2,
            stopped: 1,
            stayed: 2,
            attended: 4,
            marked: 6
        }
    );
    assert_eq!(t.modules["reformulation"].stayed, 0);
    assert_eq!((t.stayed, t.stayed_with_module), (4, 2));
    let rows = CROSSES[0].rows(t, &|_| None);
    assert_eq!(rows[0].rates.dropout, rate(1, 3));
    assert_eq!(rows[0].rates.passage, rate(1, 3));
}

#[test]
fn a_tally_holds_no_name_ine_exact_date_nor_free_text() {
    let tallies = tally(&finished(), today());
    let json = serde_json::to_string(&tallies.values().collect::<Vec<_>>()).expect("json");
    for secret in ["Élève", "Test", "INE0", "2024-12-10", "2006", "note libre"] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    // And it reads back as it was written (for files sent to the académie).
    let back: Vec<Tally> = serde_json::from_str(&json).expect("read back");
    assert_eq!(back, tallies.values().cloned().collect::<Vec<_>>());
}

/// A cohort of 2026-2027 on 23/11/2026: no S2 decision yet.
fn mid_year() -> Vec<IndicatorInput> {
    let k = key(
        "0310001A",
        "Lycée Arago",
        "MCO",
        "BTS MCO",
        Sector::Services,
        "2026-2027",
    );
    let mut m1 = student(11, true);
    m1.verdict = Some(Verdict::Repere);
    m1.proposal = Some(Proposal::Accepte);
    let mut m2 = student(12, true);
    m2.verdict = Some(Verdict::Repere);
    m2.proposal = Some(Proposal::Propose);
    let mut m3 = student(13, true);
    m3.verdict = Some(Verdict::NonRepere);
    let mut m4 = student(14, true);
    m4.exit_date = date(2026, 10, 15);
    m4.exit_cause = Some(ExitCause::OrientationSubie);
    [m1, m2, m3, m4].into_iter().map(|s| input(s, &k)).collect()
}

#[test]
fn a_mid_year_cohort_has_no_passage_yet() {
    // 4 entrants; identified m1 m2 = 2/4; proposed m1 m2 = 2/4, accepted 1/2.
    // Exit m4 in October = 1/4 (known: exits so far). Passage: no decision; only m4's
    // first year has an outcome (1 of 4 known) → not yet known, never 0 %.
    let ind = compute(&mid_year(), &all(), today()).expect("compute");
    let g = ind.overall();
    assert_eq!(g.rates.identified, rate(2, 4));
    assert_eq!(g.rates.accepted_of_proposed, rate(1, 2));
    assert_eq!(g.rates.dropout, rate(1, 4));
    assert_eq!(g.rates.passage, unknown(0, 4));
    assert_eq!(g.rates.loss, unknown(1, 4));
    assert_eq!(g.rates.passage.text(), "pas encore connu");
    assert_eq!(g.rates.bts_2_years.value, None);
    assert_eq!(g.tally.first_year_known, 1);
    assert_eq!(g.tally.exits_by_period["avant_pre_conseil"], 1);
    let json = serde_json::to_value(&g.rates).expect("json");
    assert!(json["passage"]["value"].is_null());
    assert_eq!(json["passage"]["denominator"], 4);
    // The S2 conseil de classe decides for the three others: m1 and m3 pass, m2
    // repeats → passage 2/4, loss (m4 + m2) 2/4, now known.
    let mut rows = mid_year();
    rows[0].student.decision_s2 = Some(DecisionS2::Passage);
    rows[1].student.decision_s2 = Some(DecisionS2::Redoublement);
    rows[2].student.decision_s2 = Some(DecisionS2::Passage);
    let ind = compute(&rows, &all(), today()).expect("compute");
    assert_eq!(ind.overall().rates.passage, rate(2, 4));
    assert_eq!(ind.overall().rates.loss, rate(2, 4));
    // Without any decision, the year being over is enough: on 1 August 2027 the
    // passage is 0/4 known (nobody passed) — the decisions were never recorded.
    let later = NaiveDate::from_ymd_opt(2027, 8, 1).expect("date");
    let ind = compute(&mid_year(), &all(), later).expect("compute");
    assert_eq!(ind.overall().rates.passage, rate(0, 4));
}

/// Two lycées, the same BTS (NDRC) in both, one section each, cohort 2025-2026.
fn two_lycees() -> Vec<IndicatorInput> {
    let a = key(
        "0310001A",
        "Lycée Arago",
        "NDRC",
        "BTS NDRC",
        Sector::Services,
        "2025-2026",
    );
    // Another code, and the diploma's full title: the same specialty all the same.
    let b = key(
        "0810002B",
        "Lycée Bellevue d'Albi",
        "NDRC-ALB",
        "BTS Négociation et digitalisation de la relation client",
        Sector::Services,
        "2025-2026",
    );
    let mut rows = Vec::new();
    for (id, decision) in [
        (21, Some(DecisionS2::Passage)),
        (22, Some(DecisionS2::Passage)),
        (23, None),
    ] {
        let mut s = student(id, true);
        s.decision_s2 = decision;
        if decision.is_none() {
            s.exit_date = date(2026, 3, 2);
        }
        rows.push(input(s, &a));
    }
    let mut s = student(24, true);
    s.decision_s2 = Some(DecisionS2::Passage);
    rows.push(input(s, &b));
    let mut s = student(25, true);
    s.decision_s2 = Some(DecisionS2::Redoublement);
    rows.push(input(s, &b));
    rows.push(input(student(26, false), &b));
    rows
}

#[test]
fn two_lycees_with_the_same_specialty_add_up_in_one_row() {
    // Arago: 3 entrants, 2 pass, 1 leaves in March (1st year) → passage 2/3.
    // Bellevue: 2 entrants (+1 not from a Bac Pro), 1 passes, 1 repeats → 1/2.
    // Specialty NDRC: 5 entrants, passage 3/5 = 60 %, loss (1 exit + 1 repeat) 2/5.
    let ind = compute(&two_lycees(), &all(), today()).expect("compute");
    let specialties = ind.level(Level::Specialty);
    assert_eq!(specialties.len(), 1);
    let ndrc = &specialties[0];
    assert_eq!(ndrc.code, "NDRC");
    assert_eq!(ndrc.rates.passage, rate(3, 5));
    assert_eq!(ndrc.rates.passage.text(), "60,0 % (3/5)");
    assert_eq!(ndrc.rates.loss, rate(2, 5));
    assert_eq!(ndrc.tally.all_students, 6);
    let lycees = ind.level(Level::Establishment);
    assert_eq!(lycees.len(), 2);
    assert_eq!(
        (lycees[0].label.as_str(), lycees[0].code.as_str()),
        ("Lycée Arago", "0310001A")
    );
    assert_eq!(lycees[0].rates.passage, rate(2, 3));
    assert_eq!(lycees[1].rates.passage, rate(1, 2));
    let sections = ind.level(Level::Section);
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[1].detail, "Lycée Bellevue d'Albi (0810002B)");
    let sectors = ind.level(Level::Sector);
    assert_eq!(sectors.len(), 2, "both sectors, always");
    assert_eq!(sectors[0].tally.entrants, 0);
    assert_eq!(sectors[0].rates.passage.text(), "–");
    assert_eq!(sectors[1].tally, ndrc.tally);
    // Filters: by establishment (UAI or a part of the name), section, specialty.
    let only = |f: Filter| compute(&two_lycees(), &f, today()).expect("filter");
    let albi = only(Filter {
        establishment: Some("bellevue d'albi".into()),
        ..all()
    });
    assert_eq!(albi.overall().tally.entrants, 2);
    let by_uai = only(Filter {
        establishment: Some("0810002b".into()),
        ..all()
    });
    assert_eq!(by_uai.overall().tally, albi.overall().tally);
    let section = only(Filter {
        section: Some("ndrc".into()),
        ..all()
    });
    assert_eq!(section.overall().tally.entrants, 3);
    let both = only(Filter {
        specialty: Some("NDRC".into()),
        sector: Some("services".into()),
        year: Some("2025-2026".into()),
        ..all()
    });
    assert_eq!(both.overall().tally.entrants, 5);
    let none = only(Filter {
        sector: Some("production".into()),
        ..all()
    });
    assert_eq!(none.overall().tally.entrants, 0);
    assert_eq!(none.overall().rates.passage.value, None);
}

#[test]
fn unknown_filter_values_are_refused_with_the_valid_ones() {
    let err = compute(
        &two_lycees(),
        &Filter {
            section: Some("SIO".into()),
            sector: Some("agriculture".into()),
            establishment: Some("Lycée Fermat".into()),
            specialty: Some("CIEL".into()),
            year: Some("2026".into()),
        },
        today(),
    )
    .expect_err("refused");
    for expected in [
        "--section « SIO » : section inconnue dans ce fichier. Valeurs possibles : NDRC, NDRC-ALB.",
        "--sector « agriculture » : secteur inconnu. Valeurs possibles : production, services.",
        "0310001A (Lycée Arago), 0810002B (Lycée Bellevue d'Albi)",
        "--specialty « CIEL » : spécialité inconnue dans ce fichier. Valeurs possibles : NDRC.",
        "--year « 2026 » : année scolaire invalide",
    ] {
        assert!(err.contains(expected), "{expected} missing in:\n{err}");
    }
}

#[test]
fn tallies_summed_in_two_halves_give_the_same_figures_as_the_whole() {
    let mut everyone = finished();
    everyone.extend(mid_year());
    everyone.extend(two_lycees());
    let whole = compute(&everyone, &all(), today()).expect("whole");
    for cut in [1, everyone.len() / 2, everyone.len() - 1] {
        let (first, second) = everyone.split_at(cut);
        let mut merged = tally(first, today());
        for (key, t) in tally(second, today()) {
            *merged.entry(key).or_default() += t;
        }
        let again = from_tallies(&merged, &all(), today()).expect("merged");
        assert_eq!(again, whole, "cut at {cut}");
    }
    // Sum of the level rows = the overall tally (each student in one row).
    for level in [
        Level::Establishment,
        Level::Specialty,
        Level::Sector,
        Level::Section,
        Level::CohortYear,
    ] {
        let sum: Tally = whole.level(level).iter().map(|g| &g.tally).sum();
        assert_eq!(sum, whole.overall().tally, "{level:?}");
    }
    // The cohort years side by side: 2024-2025, 2025-2026, 2026-2027.
    let years: Vec<&str> = whole
        .level(Level::CohortYear)
        .iter()
        .map(|g| g.code.as_str())
        .collect();
    assert_eq!(years, ["2024-2025", "2025-2026", "2026-2027"]);
    // All years together: the 2026-2027 cohort is mid-year, so the overall passage
    // is not yet known (12 of 15 entrants known: 6 + 5 + m4's exit).
    let overall = whole.overall();
    assert_eq!(overall.tally.entrants, 15);
    assert_eq!(overall.tally.first_year_known, 12);
    assert_eq!(overall.rates.passage.value, None);
}
