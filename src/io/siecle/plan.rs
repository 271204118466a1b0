//! The import plan: what a SIECLE file would change, computed before anything is
//! written, shown as a preview, then applied in one transaction.

use std::collections::{BTreeMap, HashSet};

use foldhash::{HashMap, HashMapExt as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::divisions::{Recognition, recognise};
use super::matcher::Matcher;
use super::{RawPupil, SiecleOptions, check, display_name, read_pupils};
use crate::io::input::{self, fold_key};
use crate::io::{ImportError, Problem};
use crate::model::text::clean_field;
use crate::model::{Establishment, Section, Sector};
use crate::store::{CleanStudent, Store};

/// Where the sections of the import belong.
#[derive(Debug, Clone, PartialEq)]
pub enum EstablishmentChoice {
    /// An establishment of the database.
    Existing { id: i64, name: String, uai: String },
    /// The database has none yet: one is created, with the file's UAI when it gives
    /// a valid one, to complete in Réglages.
    Placeholder { uai: Option<String> },
}

/// The section a division's pupils go to.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionTarget {
    /// A section of the database.
    Existing {
        id: i64,
        code: String,
        sector: Sector,
    },
    /// A section the import creates.
    New {
        code: String,
        name: String,
        sector: Sector,
    },
}

impl SectionTarget {
    /// The section's code.
    pub fn code(&self) -> &str {
        match self {
            SectionTarget::Existing { code, .. } | SectionTarget::New { code, .. } => code,
        }
    }
}

/// What happens to one pupil of a division that is imported.
#[derive(Debug, Clone, PartialEq)]
pub enum PupilAction {
    /// Added to the section's cohort.
    Add(Box<CleanStudent>),
    /// Already in the database (same INE, else same name and birth date in the cohort).
    Present,
    /// In the database and left since (`DATE_SORTIE`): the exit is recorded.
    RecordExit {
        student_id: i64,
        version: i64,
        date: NaiveDate,
    },
    /// Left before being imported: not added.
    LeftBefore { date: NaiveDate },
    /// Not imported, for this reason.
    SetAside(String),
}

/// One pupil of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilPlan {
    /// « NOM Prénom » as in the file.
    pub name: String,
    pub action: PupilAction,
}

/// One division that is imported, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionPlan {
    pub division: String,
    pub target: SectionTarget,
    /// How the division was recognised (« 1re année de BTS NDRC », « option »).
    pub how: String,
    pub pupils: Vec<PupilPlan>,
}

/// Why a division is left aside.
#[derive(Debug, Clone, PartialEq)]
pub enum AsideReason {
    /// Not a BTS division (or not asked for with the division option).
    NotBts,
    /// A BTS division of another year.
    OtherYear(u8),
    /// Looks like a BTS division, but the specialty is unknown.
    UnknownBts,
    /// A BTS specialty, but the year is not said.
    UnknownYear(String),
    /// Not among the divisions asked for.
    NotAsked,
    /// The « Inactifs » pseudo-division, or pupils without a division.
    Inactive,
}

/// A division left aside, with its pupil count.
#[derive(Debug, Clone, PartialEq)]
pub struct AsideDivision {
    pub division: String,
    pub pupils: usize,
    pub reason: AsideReason,
}

/// Everything an import would do; [`super::apply`] writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub file: PathBuf,
    pub school_year: String,
    pub establishment: EstablishmentChoice,
    pub divisions: Vec<DivisionPlan>,
    pub aside: Vec<AsideDivision>,
}

/// Counts of a plan, each equal to the number of lines listed for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub to_add: usize,
    pub present: usize,
    pub exits: usize,
    pub left_before: usize,
    pub set_aside: usize,
    pub sections_to_create: usize,
    pub divisions_aside: usize,
}

impl ImportPlan {
    /// How many pupils fall in each case.
    pub fn counts(&self) -> PlanCounts {
        let mut counts = PlanCounts {
            divisions_aside: self.aside.len(),
            ..Default::default()
        };
        let mut created = HashSet::new();
        for division in &self.divisions {
            if let SectionTarget::New { code, .. } = &division.target {
                created.insert(code.clone());
            }
            for pupil in &division.pupils {
                match pupil.action {
                    PupilAction::Add(_) => counts.to_add += 1,
                    PupilAction::Present => counts.present += 1,
                    PupilAction::RecordExit { .. } => counts.exits += 1,
                    PupilAction::LeftBefore { .. } => counts.left_before += 1,
                    PupilAction::SetAside(_) => counts.set_aside += 1,
                }
            }
        }
        counts.sections_to_create = created.len();
        counts
    }

    /// Whether applying the plan would write anything.
    pub fn writes_anything(&self) -> bool {
        let c = self.counts();
        c.to_add + c.exits + c.sections_to_create > 0
    }
}

/// Computes the plan of importing `path`: reads and checks the whole file, and
/// compares it with the database. Nothing is written.
pub fn plan(
    store: &Store,
    path: &Path,
    options: &SiecleOptions,
) -> Result<ImportPlan, ImportError> {
    let bytes = input::read_file(path)?;
    let file = read_pupils(path, bytes)?;
    if file.pupils.is_empty() {
        return Err(one(
            path,
            None,
            "le fichier ne contient aucun élève (seulement l'en-tête) : vérifiez que vous avez \
             exporté la liste des élèves, et pas une liste vide",
        ));
    }
    let school_year = match file.start_year {
        Some(year) => format!("{year}-{}", year + 1),
        None => input::current_school_year(),
    };
    let establishments = store.establishments()?;
    let establishment = choose_establishment(
        path,
        &establishments,
        options.establishment.as_deref(),
        file.uai.as_deref(),
    )?;
    let establishment_id = match &establishment {
        EstablishmentChoice::Existing { id, .. } => Some(*id),
        EstablishmentChoice::Placeholder { .. } => None,
    };
    let sections: Vec<Section> = store
        .sections()?
        .into_iter()
        .filter(|s| Some(s.establishment_id) == establishment_id)
        .collect();

    // Divisions in file order, with their pupils (who mostly come division by division).
    let pupil_count = file.pupils.len();
    let mut groups: Vec<(String, Vec<RawPupil>)> = Vec::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut last: Option<(Option<String>, usize)> = None;
    for raw in file.pupils {
        let number = match &last {
            Some((division, number)) if *division == raw.division => *number,
            _ => {
                let name = raw
                    .division
                    .as_deref()
                    .and_then(clean_field)
                    .unwrap_or_default();
                let number = *numbers.entry(name).or_insert_with_key(|name| {
                    groups.push((name.clone(), Vec::new()));
                    groups.len() - 1
                });
                last = Some((raw.division.clone(), number));
                number
            }
        };
        groups[number].1.push(raw);
    }

    let wanted: Vec<String> = options
        .divisions
        .iter()
        .map(|d| fold_key(d))
        .filter(|d| !d.is_empty())
        .collect();
    let asked = |division: &str| {
        wanted.is_empty() || {
            let folded = fold_key(division);
            wanted.iter().any(|w| folded.contains(w.as_str()))
        }
    };
    if !wanted.is_empty() && !groups.iter().any(|(d, _)| asked(d)) {
        let counts: BTreeMap<String, usize> =
            groups.iter().map(|(d, p)| (d.clone(), p.len())).collect();
        return Err(one(
            path,
            Some("Division"),
            format!(
                "aucun élève des divisions demandées ({}) : divisions du fichier : {} ; \
                 corrigez l'option --division",
                options.divisions.join(", "),
                division_list(&counts)
            ),
        ));
    }
    let forced = match options.section.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => Some(forced_target(path, &sections, code, options)?),
        _ => None,
    };

    let rows = store.student_rows()?;
    let mut matcher = Matcher::new(&rows, pupil_count);
    let today = chrono::Local::now().date_naive();
    let mut problems = Vec::new();
    let mut divisions = Vec::new();
    let mut aside = Vec::new();
    for (name, pupils) in groups {
        let set_aside = |reason: AsideReason| AsideDivision {
            division: name.clone(),
            pupils: pupils.len(),
            reason,
        };
        if name.is_empty() || fold_key(&name) == "inactifs" {
            aside.push(set_aside(AsideReason::Inactive));
            continue;
        }
        if !asked(&name) {
            aside.push(set_aside(AsideReason::NotAsked));
            continue;
        }
        let (target, how) = if let Some(target) = &forced {
            (target.clone(), "section choisie par option".to_string())
        } else {
            let label = pupils.iter().find_map(|p| p.mef_label.clone());
            match recognise(&name, label.as_deref()) {
                Recognition::FirstYear(specialty) => {
                    let existing = sections.iter().find(|s| {
                        s.code.eq_ignore_ascii_case(&specialty.code)
                            || specialty
                                .abbreviations
                                .iter()
                                .any(|a| s.code.eq_ignore_ascii_case(a))
                    });
                    let target = match existing {
                        Some(s) => SectionTarget::Existing {
                            id: s.id,
                            code: s.code.clone(),
                            sector: s.sector,
                        },
                        None => SectionTarget::New {
                            code: specialty.code.clone(),
                            name: specialty.name.clone(),
                            sector: specialty.sector,
                        },
                    };
                    let source = if label.is_some() {
                        "reconnue au MEF"
                    } else {
                        "reconnue au nom de la division"
                    };
                    (
                        target,
                        format!("1re année de BTS {}, {source}", specialty.code),
                    )
                }
                Recognition::OtherYear(year) => {
                    aside.push(set_aside(AsideReason::OtherYear(year)));
                    continue;
                }
                Recognition::UnknownYear(specialty) => {
                    aside.push(set_aside(AsideReason::UnknownYear(specialty.code.clone())));
                    continue;
                }
                Recognition::UnknownBts => {
                    aside.push(set_aside(AsideReason::UnknownBts));
                    continue;
                }
                Recognition::NotBts => {
                    aside.push(set_aside(AsideReason::NotBts));
                    continue;
                }
            }
        };
        let mut planned = Vec::new();
        for raw in pupils {
            match plan_pupil(path, raw, &target, &school_year, today, &mut matcher) {
                Ok(pupil) => planned.push(pupil),
                Err(mut found) => problems.append(&mut found),
            }
        }
        divisions.push(DivisionPlan {
            division: name,
            target,
            how,
            pupils: planned,
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    Ok(ImportPlan {
        file: path.to_path_buf(),
        school_year,
        establishment,
        divisions,
        aside,
    })
}

fn one(path: &Path, field: Option<&str>, message: impl Into<String>) -> ImportError {
    ImportError::Problems(vec![Problem::new(path, None, field, message)])
}

/// The establishment named by the option, else the file's UAJ, else the only one.
fn choose_establishment(
    path: &Path,
    establishments: &[Establishment],
    option: Option<&str>,
    file_uai: Option<&str>,
) -> Result<EstablishmentChoice, ImportError> {
    let existing = |e: &Establishment| EstablishmentChoice::Existing {
        id: e.id,
        name: e.name.clone(),
        uai: e.uai.clone(),
    };
    let listed = || {
        establishments
            .iter()
            .map(|e| format!("{} ({})", e.name, e.uai))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(uai) = option.map(str::trim).filter(|u| !u.is_empty()) {
        return establishments
            .iter()
            .find(|e| e.uai.eq_ignore_ascii_case(uai))
            .map(existing)
            .ok_or_else(|| {
                one(
                    path,
                    None,
                    format!(
                        "établissement « {uai} » inconnu ; établissements de la base : {}",
                        if establishments.is_empty() {
                            "aucun".to_string()
                        } else {
                            listed()
                        }
                    ),
                )
            });
    }
    if let Some(found) = file_uai.and_then(|uai| {
        establishments
            .iter()
            .find(|e| e.uai.eq_ignore_ascii_case(uai))
    }) {
        return Ok(existing(found));
    }
    match establishments {
        [] => Ok(EstablishmentChoice::Placeholder {
            uai: file_uai.and_then(|u| crate::model::validate_uai(u).ok()),
        }),
        [only] => Ok(existing(only)),
        _ => Err(one(
            path,
            None,
            format!(
                "la base contient plusieurs établissements ({}) et le fichier ne dit pas \
                 lequel est le sien : choisissez l'établissement (option --establishment UAI)",
                listed()
            ),
        )),
    }
}

/// The section named by the section option: existing, or to create with the sector.
fn forced_target(
    path: &Path,
    sections: &[Section],
    code: &str,
    options: &SiecleOptions,
) -> Result<SectionTarget, ImportError> {
    if let Some(s) = sections.iter().find(|s| s.code.eq_ignore_ascii_case(code)) {
        return Ok(SectionTarget::Existing {
            id: s.id,
            code: s.code.clone(),
            sector: s.sector,
        });
    }
    if let Some(new) = options
        .create
        .as_ref()
        .filter(|n| n.code.eq_ignore_ascii_case(code))
    {
        return Ok(SectionTarget::New {
            code: new.code.clone(),
            name: new.name.clone(),
            sector: new.sector,
        });
    }
    let known = if sections.is_empty() {
        "aucune section n'existe encore dans cet établissement".to_string()
    } else {
        let codes: Vec<&str> = sections.iter().map(|s| s.code.as_str()).collect();
        format!("sections connues : {}", codes.join(", "))
    };
    Err(one(
        path,
        None,
        format!(
            "option --section : section « {code} » inconnue ; {known} (ajoutez --sector \
             production|services pour la créer)"
        ),
    ))
}

fn plan_pupil(
    path: &Path,
    raw: RawPupil,
    target: &SectionTarget,
    year: &str,
    today: NaiveDate,
    matcher: &mut Matcher,
) -> Result<PupilPlan, Vec<Problem>> {
    let exit = match raw.exit_date.as_ref() {
        Some(v) => match clean_field(&v.text) {
            None => None,
            Some(text) => match input::parse_any_date(&text) {
                Some(date) => Some(date),
                None => {
                    let line = v.line.or(raw.line);
                    return Err(vec![Problem::new(
                        path,
                        line,
                        Some(&*v.field),
                        format!(
                            "date de sortie « {text} » illisible : écrivez-la JJ/MM/AAAA \
                             (par exemple 14/03/2027)"
                        ),
                    )]);
                }
            },
        },
        None => None,
    };
    let pupil = match check(path, &raw, today) {
        Ok(pupil) => pupil,
        // A pupil who left is never added: a bad field of theirs does not block.
        Err(_) if exit.is_some() => {
            let date = exit.unwrap_or_default();
            return Ok(PupilPlan {
                name: display_name(&raw),
                action: PupilAction::LeftBefore { date },
            });
        }
        Err(problems) => return Err(problems),
    };
    // Cleaned once, as the store keeps it: written as it is when the plan is applied.
    let student = CleanStudent::new(pupil.student)
        .map_err(|e| vec![Problem::new(path, raw.line, None, e.to_string())])?;
    // The names as checked are the file's names cleaned, as `display_name` shows them.
    let name = format!("{} {}", student.last_name(), student.first_name());
    let existing = matcher.existing(&student, target, year);
    let twice = matcher.twice_in_file(&student, target);
    let action = match (existing, exit) {
        (Some(row), Some(date)) if row.student.exit_date.is_none() => PupilAction::RecordExit {
            student_id: row.student.id,
            version: row.student.meta.version,
            date,
        },
        (Some(_), _) => PupilAction::Present,
        (None, _) if twice => PupilAction::SetAside("en double dans le fichier".to_string()),
        (None, Some(date)) => PupilAction::LeftBefore { date },
        (None, None) => PupilAction::Add(Box::new(student)),
    };
    Ok(PupilPlan { name, action })
}

/// "« BTS1 NDRC » : 12 élève(s), …", at most 20 divisions.
pub(super) fn division_list(divisions: &BTreeMap<String, usize>) -> String {
    const SHOWN: usize = 20;
    let mut list: Vec<String> = divisions
        .iter()
        .take(SHOWN)
        .map(|(division, n)| {
            let name = if division.is_empty() {
                "(sans division)".to_string()
            } else {
                format!("« {division} »")
            };
            format!("{name} : {n} élève(s)")
        })
        .collect();
    if divisions.len() > SHOWN {
        list.push(format!(
            "… et {} autre(s) division(s)",
            divisions.len() - SHOWN
        ));
    }
    list.join(", ")
}
