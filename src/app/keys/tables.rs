//! The tables themselves, screen by screen, and the rule each screen follows.

use super::{Binding, Key, bind};
use crate::app::{Action, App, MeetingView, Screen};
use crate::model::{DecisionS2, Proposal, Verdict};

/// The rule of the screen for recording, said at the top of its help.
pub fn rule(app: &App) -> Option<&'static str> {
    match app.screen {
        Screen::Grid => Some(
            "Saisie : chaque niveau avance d'une case dans le sens choisi (d, affiché en \
             bas) et s'arrête en fin de colonne ou de ligne. Sur les autres écrans, \
             enregistrer ne déplace pas le curseur.",
        ),
        Screen::Setup if app.setup.tab == crate::app::SetupTab::Team => Some(
            "On ne supprime pas un membre : inactif (a), il reste sur les fiches des élèves \
             qu'il a suivis mais sort des listes de choix (référent, « Qui êtes-vous ? »).",
        ),
        Screen::Meeting | Screen::Suivi | Screen::Bilan => Some(
            "Enregistrer ne déplace jamais le curseur : tout va à l'élève sélectionné, \
             que le message en bas nomme.",
        ),
        _ => None,
    }
}

use Key::*;

const RECAP_LABEL: &str = "imprimer le compte rendu de la réunion (PDF)";
const LEVEL_LABEL: &str = "niveau 0 (aucune difficulté) à 3 (forte), puis avance";

/// The table of the current screen (and mode), global keys last.
pub fn bindings(app: &App) -> Vec<Binding> {
    let mut table = match app.screen {
        Screen::Welcome => vec![
            bind(&[Char('d')], Action::LoadDemo, "charger la démonstration").hint("démo"),
            bind(
                &[Char('i')],
                Action::OpenImport,
                "importer un fichier SIECLE",
            )
            .hint("import SIECLE"),
            bind(&[Char('a')], Action::AddStudent, "ajouter un élève").hint("ajouter un élève"),
            bind(
                &[F(7)],
                Action::GoTo(Screen::Setup),
                "réglages de la rentrée",
            )
            .hint("réglages"),
        ],
        Screen::Students => {
            let mut keys = list_moves();
            keys.extend([
                bind(&[Enter], Action::OpenPage, "fiche complète de l'élève").hint("fiche"),
                bind(&[Char('+')], Action::AddStudent, "ajouter un élève").hint("ajouter"),
                bind(&[Char('e')], Action::OpenExitForm, "sortie de formation"),
            ]);
            keys.extend(filters(true));
            keys
        }
        Screen::Grid => grid(app),
        Screen::Meeting if app.meeting.view == MeetingView::Recap => vec![
            bind(&[Char('R'), Esc, Enter], Action::Back, "revenir").hint("retour"),
            bind(&[Up, Char('k')], Action::Up, "faire défiler").hint("défiler"),
            bind(&[Down, Char('j')], Action::Down, "faire défiler").hint("défiler"),
            bind(&[PageUp], Action::PageUp, "faire défiler"),
            bind(&[PageDown], Action::PageDown, "faire défiler"),
            bind(&[Home], Action::Home, "haut du récapitulatif"),
            bind(&[Char('H')], Action::OpenMeetingHistory, "réunions passées"),
            bind(&[Char('C')], Action::PrintRecap, RECAP_LABEL).hint("imprimer"),
        ],
        Screen::Meeting if app.meeting.view == MeetingView::History => vec![
            bind(
                &[Up, Char('k')],
                Action::Up,
                "réunion précédente / suivante",
            )
            .hint("réunion"),
            bind(
                &[Down, Char('j')],
                Action::Down,
                "réunion précédente / suivante",
            )
            .hint("réunion"),
            bind(&[Home], Action::Home, "première / dernière réunion"),
            bind(&[End], Action::End, "première / dernière réunion"),
            bind(
                &[Enter],
                Action::EditField,
                "récapitulatif de cette réunion",
            )
            .hint("récap"),
            bind(&[Char('C')], Action::PrintRecap, RECAP_LABEL).hint("imprimer"),
            bind(&[Esc, Char('H')], Action::Back, "revenir à l'élève").hint("retour"),
        ],
        Screen::Meeting => meeting(),
        Screen::Suivi => {
            let mut keys = list_moves();
            keys.extend([
                bind(
                    &[Char('n'), Enter],
                    Action::NewCheckin,
                    "nouveau point d'étape",
                )
                .hint("point d'étape"),
                bind(&[Char('b')], Action::EditBilanS1, "bilan du semestre 1").hint("bilan S1"),
                bind(
                    &[Char('m')],
                    Action::OpenModulePicker,
                    "ajouter / arrêter un module",
                )
                .hint("module +/−"),
                bind(
                    &[Char('M')],
                    Action::OpenStopModulePicker,
                    "ajouter / arrêter un module",
                )
                .hint("module +/−"),
                bind(
                    &[Char('f')],
                    Action::OpenReferentPicker,
                    "changer de référent",
                ),
                bind(&[Char('o')], Action::OpenPage, "fiche complète").hint("fiche"),
                bind(
                    &[Char('t')],
                    Action::CycleSuiviScope,
                    "liste : en cours / terminés (décision, sortie) / tous",
                ),
                bind(&[Char('e')], Action::OpenExitForm, "sortie de formation"),
            ]);
            keys.extend(filters(false));
            keys
        }
        Screen::Bilan => {
            let mut keys = list_moves();
            keys.extend([
                bind(
                    &[Char('1')],
                    Action::SetDecision(Some(DecisionS2::Passage)),
                    "passage en 2e année",
                )
                .hint("décision"),
                bind(
                    &[Char('2')],
                    Action::SetDecision(Some(DecisionS2::Redoublement)),
                    "redoublement",
                )
                .hint("décision"),
                bind(
                    &[Char('3')],
                    Action::SetDecision(Some(DecisionS2::Bts3Ans)),
                    "passage en 2e année, BTS en 3 ans",
                )
                .hint("décision"),
                bind(
                    &[Char('0')],
                    Action::SetDecision(None),
                    "effacer la décision",
                )
                .hint("effacer"),
                bind(
                    &[Char('d')],
                    Action::CycleDiploma,
                    "résultat au BTS (2 ans, 3 ans, non obtenu)",
                )
                .hint("diplôme"),
                bind(
                    &[Char('e')],
                    Action::OpenExitForm,
                    "sortie de formation (date, cause, destination)",
                )
                .hint("sortie"),
                bind(&[Enter, Char('o')], Action::OpenPage, "fiche complète"),
            ]);
            keys.extend(filters(false));
            keys
        }
        Screen::StudentPage => vec![
            bind(&[Up, Char('k')], Action::Up, "faire défiler"),
            bind(&[Down, Char('j')], Action::Down, "faire défiler"),
            bind(&[PageUp], Action::PageUp, "faire défiler"),
            bind(&[PageDown], Action::PageDown, "faire défiler"),
            bind(&[Home], Action::Home, "haut de la fiche"),
            bind(
                &[Char('v')],
                Action::ToggleSensitive,
                "afficher / masquer les conditions de vie",
            )
            .hint("conditions de vie"),
            bind(
                &[Char('n')],
                Action::EditLifeNotes,
                "notes sur les conditions de vie (une fois affichées)",
            ),
            bind(
                &[Char('i')],
                Action::EditIdentity,
                "corriger l'identité (INE, spécialité, Parcoursup…)",
            )
            .hint("identité"),
            bind(&[Char('e')], Action::OpenExitForm, "sortie de formation").hint("sortie"),
            bind(
                &[Char('P')],
                Action::PrintContract,
                "imprimer le contrat d'engagement (PDF)",
            ),
            bind(
                &[Char('F')],
                Action::PrintFamily,
                "imprimer la fiche de dialogue avec la famille (PDF)",
            ),
            bind(&[Esc, Enter], Action::Back, "revenir").hint("retour"),
        ],
        Screen::Setup => Vec::new(),
        Screen::Planner => crate::app::planner::bindings(app),
        Screen::Dashboard => crate::app::dash::bindings(app),
    };
    if app.screen == Screen::Setup {
        table.extend(crate::app::setup::bindings(app));
        table.extend([
            bind(&[Tab], Action::NextPane, "onglet suivant / précédent").hint("onglet"),
            bind(&[BackTab], Action::PrevPane, "onglet suivant / précédent"),
        ]);
    }
    table.extend(global(app.screen));
    table
}

/// Moves of the list screens.
fn list_moves() -> Vec<Binding> {
    vec![
        bind(&[Up, Char('k')], Action::Up, "élève précédent / suivant"),
        bind(
            &[Down, Char('j')],
            Action::Down,
            "élève précédent / suivant",
        ),
        bind(&[PageUp], Action::PageUp, "page précédente / suivante"),
        bind(&[PageDown], Action::PageDown, "page précédente / suivante"),
        bind(&[Home], Action::Home, "premier / dernier élève"),
        bind(&[End], Action::End, "premier / dernier élève"),
    ]
}

/// Filter keys of the list screens; `hinted` shows them in the footer.
fn filters(hinted: bool) -> Vec<Binding> {
    const LABEL: &str = "filtrer : section, phase, référent, année";
    let keys = [
        bind(&[Char('s')], Action::FilterSection, LABEL),
        bind(&[Char('p')], Action::FilterPhase, LABEL),
        bind(&[Char('r')], Action::FilterReferent, LABEL),
        bind(&[Char('a')], Action::FilterYear, LABEL),
    ];
    let mut keys: Vec<Binding> = keys
        .into_iter()
        .map(|b| if hinted { b.hint("filtres") } else { b })
        .collect();
    keys.push(bind(
        &[Char('x')],
        Action::ClearFilters,
        "effacer les filtres",
    ));
    keys
}

fn grid(app: &App) -> Vec<Binding> {
    let direction = app.grid.direction;
    vec![
        bind(&[Up, Char('k')], Action::Up, "élève précédent / suivant"),
        bind(
            &[Down, Char('j')],
            Action::Down,
            "élève précédent / suivant",
        ),
        bind(
            &[Left, Char('h')],
            Action::Left,
            "critère précédent / suivant",
        ),
        bind(
            &[Right, Char('l')],
            Action::Right,
            "critère précédent / suivant",
        ),
        bind(&[Tab], Action::NextPane, "domaine suivant / précédent"),
        bind(&[BackTab], Action::PrevPane, "domaine suivant / précédent"),
        bind(&[PageUp], Action::PageUp, "page précédente / suivante"),
        bind(&[PageDown], Action::PageDown, "page précédente / suivante"),
        bind(&[Home], Action::Home, "premier / dernier élève"),
        bind(&[End], Action::End, "premier / dernier élève"),
        bind(&[Char('0')], Action::SetLevel(Some(0)), LEVEL_LABEL).hint("niveau"),
        bind(&[Char('1')], Action::SetLevel(Some(1)), LEVEL_LABEL).hint("niveau"),
        bind(&[Char('2')], Action::SetLevel(Some(2)), LEVEL_LABEL).hint("niveau"),
        bind(&[Char('3')], Action::SetLevel(Some(3)), LEVEL_LABEL).hint("niveau"),
        bind(
            &[Char(' '), Char('-')],
            Action::SetLevel(None),
            "non évalué, puis avance",
        )
        .hint("non éval."),
        bind(
            &[Char('d')],
            Action::ToggleDirection,
            "sens de saisie : vers le bas / vers la droite",
        )
        .hint(direction.hint()),
        bind(
            &[Enter],
            Action::Advance,
            "avancer d'une case sans rien écrire",
        ),
        bind(
            &[Char('.')],
            Action::CopyAbove,
            "recopier la case du dessus",
        ),
        bind(
            &[Char('D')],
            Action::FillDown,
            "recopier la case vers les cases vides du dessous",
        ),
        bind(&[Char('c')], Action::EditComment, "commentaire de la case"),
        bind(
            &[Char('R')],
            Action::SetVerdict(Some(Verdict::Repere)),
            "verdict : repéré / non repéré / à revoir",
        )
        .hint("verdict"),
        bind(
            &[Char('N')],
            Action::SetVerdict(Some(Verdict::NonRepere)),
            "verdict : repéré / non repéré / à revoir",
        )
        .hint("verdict"),
        bind(
            &[Char('A')],
            Action::SetVerdict(Some(Verdict::ARevoir)),
            "verdict : repéré / non repéré / à revoir",
        )
        .hint("verdict"),
        bind(
            &[Char('t')],
            Action::ApplySuggested,
            "retenir les difficultés suggérées",
        ),
        bind(
            &[Char('m')],
            Action::ToggleSensitive,
            "afficher / masquer les conditions de vie (journalisé)",
        ),
        bind(&[Char('e')], Action::OpenExitForm, "sortie de formation"),
    ]
    .into_iter()
    .chain(filters(false))
    .collect()
}

fn meeting() -> Vec<Binding> {
    vec![
        bind(
            &[Up, Char('k'), BackTab],
            Action::PrevField,
            "champ précédent / suivant",
        )
        .hint("champ"),
        bind(
            &[Down, Char('j'), Tab],
            Action::NextField,
            "champ précédent / suivant",
        )
        .hint("champ"),
        bind(&[Enter], Action::EditField, "modifier le champ").hint("modifier"),
        bind(
            &[Char('s'), PageDown],
            Action::NextStudent,
            "élève suivant / précédent",
        )
        .hint("élève"),
        bind(
            &[Char('p'), PageUp],
            Action::PrevStudent,
            "élève suivant / précédent",
        )
        .hint("élève"),
        bind(&[Left], Action::CycleProposal(-1), "changer la proposition"),
        bind(&[Right], Action::CycleProposal(1), "changer la proposition"),
        bind(
            &[Char('o')],
            Action::SetProposal(Some(Proposal::Propose)),
            "proposé / accepté / refusé / non nécessaire",
        ),
        bind(
            &[Char('a')],
            Action::SetProposal(Some(Proposal::Accepte)),
            "proposé / accepté / refusé / non nécessaire",
        ),
        bind(
            &[Char('r')],
            Action::SetProposal(Some(Proposal::Refuse)),
            "proposé / accepté / refusé / non nécessaire",
        ),
        bind(
            &[Char('n')],
            Action::SetProposal(Some(Proposal::NonNecessaire)),
            "proposé / accepté / refusé / non nécessaire",
        ),
        bind(
            &[Char('m')],
            Action::OpenModulePicker,
            "ajouter / arrêter un module",
        ),
        bind(
            &[Char('M')],
            Action::OpenStopModulePicker,
            "ajouter / arrêter un module",
        ),
        bind(
            &[Char('f')],
            Action::OpenReferentPicker,
            "choisir le référent",
        ),
        bind(
            &[Char('d')],
            Action::EditFirstCheckin,
            "date du 1er point d'étape (proposée : dans 3 semaines)",
        ),
        bind(&[Char('c')], Action::EditCommitments, "engagements (texte)"),
        bind(&[Char('e')], Action::OpenExitForm, "sortie de formation"),
        bind(
            &[Char('I')],
            Action::PrintContract,
            "imprimer le contrat d'engagement de l'élève (PDF)",
        ),
        bind(
            &[Char('v')],
            Action::ToggleSensitive,
            "afficher / masquer les conditions de vie",
        ),
        bind(
            &[Char('P')],
            Action::EditAttendees,
            "participants de la réunion",
        ),
        bind(
            &[Char('R')],
            Action::ToggleRecap,
            "récapitulatif de la réunion",
        )
        .hint("récap"),
        bind(&[Char('H')], Action::OpenMeetingHistory, "réunions passées").hint("réunions"),
        bind(&[Char('C')], Action::PrintRecap, RECAP_LABEL),
    ]
}

/// Keys of every screen.
fn global(screen: Screen) -> Vec<Binding> {
    let mut keys = Vec::new();
    if !matches!(
        screen,
        Screen::Welcome | Screen::StudentPage | Screen::Setup | Screen::Planner | Screen::Dashboard
    ) {
        let search = bind(&[Char('/')], Action::Search, "rechercher un nom");
        keys.push(if screen == Screen::Students {
            search.hint("chercher")
        } else {
            search
        });
    }
    let welcome = screen == Screen::Welcome;
    keys.extend([
        bind(
            // The welcome screen offers F7 (settings) in its own words.
            if welcome {
                &[F(2), F(3), F(4), F(5), F(6)]
            } else {
                &[F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9)]
            },
            Action::GoToTab,
            "changer d'écran (F2 à F9, [ et ])",
        ),
        bind(
            &[Char(']')],
            Action::NextScreen,
            "changer d'écran (F2 à F9, [ et ])",
        ),
        bind(
            &[Char('[')],
            Action::PrevScreen,
            "changer d'écran (F2 à F9, [ et ])",
        ),
        bind(&[Char('u')], Action::Undo, "annuler / rétablir"),
        bind(&[Ctrl('r')], Action::Redo, "annuler / rétablir"),
        bind(&[Char('?'), F(1)], Action::Help, "cette aide"),
        bind(
            &[Char('q'), Ctrl('c')],
            Action::Quit,
            "quitter (tout est déjà enregistré)",
        ),
    ]);
    // The footer: undo once there is something to undo, quit on the first screen.
    for binding in &mut keys {
        binding.hint = match binding.action {
            Action::Undo if !welcome => Some("annuler"),
            Action::Quit if welcome => Some("quitter"),
            Action::Help => Some("aide"),
            _ => binding.hint,
        };
    }
    if welcome {
        // Quit before help, as the welcome screen always said.
        let quit = keys.iter().position(|b| b.action == Action::Quit);
        let help = keys.iter().position(|b| b.action == Action::Help);
        if let (Some(quit), Some(help)) = (quit, help) {
            keys.swap(quit, help);
        }
    }
    keys
}
