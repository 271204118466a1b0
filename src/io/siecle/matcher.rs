//! Which database student a pupil of the file is, and which pupils the file gives twice.

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use super::plan::SectionTarget;
use crate::io::input;
use crate::store::{CleanStudent, StudentRow, fold};

/// Finds the database student a pupil of the file is.
pub(super) struct Matcher<'r> {
    by_ine: HashMap<String, &'r StudentRow>,
    by_identity: HashMap<input::Identity, &'r StudentRow>,
    /// INEs met earlier in the file.
    seen_ines: HashSet<String>,
    /// Section codes (upper case) met, each with its number in `seen_identities`.
    codes: HashMap<String, usize>,
    /// The last code met as written, and its number (pupils come by division).
    last_code: Option<(String, usize)>,
    /// Section, sort key (both folded names) and birth date of the pupils met.
    seen_identities: HashSet<(usize, String, Option<NaiveDate>)>,
}

impl<'r> Matcher<'r> {
    /// A matcher of the database's students; `pupils`: how many the file holds.
    pub(super) fn new(rows: &'r [StudentRow], pupils: usize) -> Self {
        let by_ine = rows
            .iter()
            .filter_map(|r| r.student.ine.as_deref().map(|i| (i.to_uppercase(), r)))
            .collect();
        let by_identity = rows.iter().map(|r| (input::identity_of(r), r)).collect();
        Matcher {
            by_ine,
            by_identity,
            seen_ines: HashSet::with_capacity(pupils),
            codes: HashMap::new(),
            last_code: None,
            seen_identities: HashSet::with_capacity(pupils),
        }
    }

    /// The database student a pupil is: same INE, else (no INE) same names and birth
    /// date in the cohort of the section.
    pub(super) fn existing(
        &self,
        s: &CleanStudent,
        target: &SectionTarget,
        year: &str,
    ) -> Option<&'r StudentRow> {
        if let Some(ine) = s.ine() {
            return self.by_ine.get(&ine.to_uppercase()).copied();
        }
        let SectionTarget::Existing { id, .. } = target else {
            return None;
        };
        let key = (
            *id,
            year.to_string(),
            fold(s.last_name()),
            fold(s.first_name()),
            s.birth_date(),
        );
        self.by_identity.get(&key).copied()
    }

    /// Whether the pupil was already met in the file (and remembers it).
    pub(super) fn twice_in_file(&mut self, s: &CleanStudent, target: &SectionTarget) -> bool {
        let section = match &self.last_code {
            Some((code, section)) if code == target.code() => *section,
            _ => {
                let next = self.codes.len();
                let code = target.code().to_uppercase();
                let section = *self.codes.entry(code).or_insert(next);
                self.last_code = Some((target.code().to_string(), section));
                section
            }
        };
        // The sort key holds both folded names, apart: equal exactly when both are.
        let identity = (section, s.sort_key().to_string(), s.birth_date());
        let by_ine = s
            .ine()
            .is_some_and(|ine| !self.seen_ines.insert(ine.to_uppercase()));
        let by_identity = !self.seen_identities.insert(identity);
        by_ine || (s.ine().is_none() && by_identity)
    }
}
