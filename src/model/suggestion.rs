//! Which modules answer a student's difficulties best, and why.

use super::catalogue::Module;

/// A module ranked for one student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleMatch {
    pub module_id: i64,
    /// Sum of the weights of the student's difficulties the module answers.
    pub score: u32,
    /// The student's difficulty codes the module answers, heaviest first: the reason.
    pub answers: Vec<String>,
}

/// Ranks the modules that answer at least one of the student's difficulties.
///
/// `difficulties` pairs each of the student's difficulty codes with its weight
/// (heavier: more important). A module scores the weights of the difficulties it
/// answers; on a tie, the one answering fewer other difficulties (more targeted)
/// comes first, then catalogue order. Retired modules are left out.
pub fn rank_modules(difficulties: &[(String, u32)], modules: &[Module]) -> Vec<ModuleMatch> {
    let mut ranked: Vec<(ModuleMatch, usize, usize)> = modules
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.retired)
        .filter_map(|(position, m)| {
            let mut answers: Vec<(String, u32)> = difficulties
                .iter()
                .filter(|(code, _)| m.difficulties.contains(code))
                .cloned()
                .collect();
            if answers.is_empty() {
                return None;
            }
            answers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let score = answers.iter().map(|(_, w)| w).sum();
            let others = m.difficulties.len() - answers.len();
            Some((
                ModuleMatch {
                    module_id: m.id,
                    score,
                    answers: answers.into_iter().map(|(c, _)| c).collect(),
                },
                others,
                position,
            ))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.score
            .cmp(&a.0.score)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    ranked.into_iter().map(|(m, _, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CatalogueFile, STARTER_CATALOGUE};

    /// The starter catalogue's modules, ids in file order.
    fn modules() -> Vec<Module> {
        let file = CatalogueFile::parse(STARTER_CATALOGUE).expect("catalogue");
        file.modules
            .into_iter()
            .enumerate()
            .map(|(i, m)| Module {
                id: i as i64 + 1,
                code: m.code,
                name: m.name,
                module_type: m.module_type,
                competence: m.competence,
                difficulties: m.difficulties,
                objectives: None,
                content: None,
                led_by: None,
                sessions: None,
                session_minutes: None,
                group_size: None,
                period: None,
                place: None,
                evaluation: None,
                hours_granted: None,
                retired: m.retired,
                meta: Default::default(),
            })
            .collect()
    }

    fn first(difficulties: &[(&str, u32)]) -> String {
        let modules = modules();
        let weights: Vec<(String, u32)> = difficulties
            .iter()
            .map(|(c, w)| ((*c).to_string(), *w))
            .collect();
        let best = &rank_modules(&weights, &modules)[0];
        modules
            .iter()
            .find(|m| m.id == best.module_id)
            .expect("module")
            .code
            .clone()
    }

    #[test]
    fn the_first_module_follows_the_difficulty() {
        assert_eq!(first(&[("disciplinaire", 6)]), "soutien_maths");
        assert_eq!(first(&[("vie_materielle", 3)]), "demarches");
        assert_eq!(first(&[("orientation", 3)]), "ambition_emploi");
        assert_eq!(first(&[("absenteisme", 3), ("motivation", 3)]), "declic");
        assert_eq!(
            first(&[("motivation", 3), ("absenteisme", 2), ("sante_famille", 2)]),
            "tutorat"
        );
        assert_eq!(
            first(&[("professionnel", 3), ("methodologie", 2)]),
            "atelier_pro"
        );
    }

    #[test]
    fn only_matching_modules_are_ranked_with_their_reasons() {
        let modules = modules();
        let ranked = rank_modules(
            &[("methodologie".into(), 4), ("motivation".into(), 2)],
            &modules,
        );
        assert!(ranked.iter().all(|m| m.score > 0));
        assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(ranked[0].answers, vec!["methodologie", "motivation"]);
        assert_eq!(ranked[0].score, 6);
        assert!(rank_modules(&[], &modules).is_empty());
    }
}
