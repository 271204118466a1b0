//! The command line as clap reads it: every subcommand, its arguments and help.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::{filter_args, print_module};

/// Passerelle : suivi du parcours de consolidation en 1re année de BTS.
#[derive(Debug, Parser)]
#[command(name = "passerelle", version, about, long_about = None)]
pub struct Cli {
    /// Fichier de la base (par défaut : dossier de données de l'utilisateur).
    #[arg(long, global = true, env = "PASSERELLE_DB", value_name = "FICHIER")]
    pub db: Option<PathBuf>,

    /// Votre nom, inscrit sur chaque modification (utile quand plusieurs collègues
    /// partagent un même compte ; par défaut : le compte du système).
    #[arg(long, global = true, env = "PASSERELLE_USER", value_name = "NOM")]
    pub user: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; without one, the TUI opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crée la base et installe le catalogue (critères, types de difficulté, modules).
    Init,
    /// Remplit la base avec un lycée de démonstration (données fictives).
    Demo {
        /// Nombre d'élèves de bac pro à créer (au-delà de 3 000 : une académie, un
        /// lycée par 1 500 élèves environ).
        #[arg(long, default_value_t = 60)]
        students: usize,
        /// Graine du générateur : même graine, mêmes données.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Importe des élèves.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Exporte les données.
    Export {
        /// Format de l'export.
        format: ExportFormat,
        /// Fichier de sortie (par défaut : sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Inclut les données sensibles (conditions de vie) : à réserver aux sauvegardes.
        #[arg(long)]
        include_sensitive: bool,
        /// Remplace le fichier de sortie s'il existe déjà.
        #[arg(long)]
        force: bool,
        /// xlsx seulement : les élèves de cette année scolaire (par défaut : toutes).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
    },
    /// Liste les élèves.
    List {
        /// Ne garde que les élèves de cette phase : reperage, pre_conseil, suivi,
        /// bilan_s2, hors_parcours (ou pre-conseil, « Pré-conseil »…).
        #[arg(long, value_name = "PHASE", value_parser = parse_phase)]
        phase: Option<crate::model::Phase>,
        /// Ne garde que les élèves de cette section (code).
        #[arg(long, value_name = "CODE")]
        section: Option<String>,
        /// Établissement (UAI) de la section, si plusieurs établissements ont ce code.
        #[arg(long, value_name = "UAI", requires = "section")]
        establishment: Option<String>,
        /// Ne garde que les élèves de cette année scolaire (par défaut : toutes).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Affiche le parcours complet d'un élève.
    Show {
        /// Numéro, INE ou nom de l'élève (les guillemets sont facultatifs).
        #[arg(required = true, num_args = 1..)]
        student: Vec<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Indicateurs pour l'équipe et l'académie.
    Indicators {
        /// Sortie JSON (taux : numérateur, dénominateur, valeur ou null).
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Sortie CSV (une ligne par niveau et groupe ; « ; », UTF-8 avec BOM).
        #[arg(long)]
        csv: bool,
        #[command(flatten)]
        filter: filter_args::FilterArgs,
        /// Export anonyme pour l'académie (effectifs seulement, aucun nom) : avec -o.
        #[arg(long, requires = "output", conflicts_with_all = ["json", "csv"])]
        anonymous: bool,
        /// Fichier de l'export anonyme (jamais par-dessus un fichier existant, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER.json", requires = "anonymous")]
        output: Option<PathBuf>,
        /// Remplace le fichier de sortie s'il existe déjà.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Vue de l'académie : additionne les exports anonymes de plusieurs lycées.
    Merge {
        /// Les exports anonymes (indicators --anonymous), un par lycée.
        #[arg(required = true, num_args = 1.., value_name = "FICHIER.json")]
        files: Vec<PathBuf>,
        /// Sortie JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Sortie CSV (« ; », UTF-8 avec BOM).
        #[arg(long)]
        csv: bool,
        /// Classeur xlsx (une feuille « Indicateurs », effectifs en nombres) : avec -o.
        #[arg(long, requires = "output", conflicts_with_all = ["json", "csv"])]
        xlsx: bool,
        /// Fichier de sortie (par défaut : sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Remplace le fichier de sortie s'il existe déjà.
        #[arg(long, requires = "output")]
        force: bool,
        /// Montre les effectifs de 1 à 4 (usage interne, pas de publication).
        #[arg(long)]
        show_small: bool,
    },
    /// Catalogue du lycée : critères, types de difficulté, modules (à modifier en TOML).
    Catalogue {
        #[command(subcommand)]
        action: CatalogueAction,
    },
    /// Registre de confidentialité : accès aux données sensibles, effacements.
    Log {
        /// Affichages en clair et exports des conditions de vie (qui, quand, quel élève ou fichier).
        #[arg(long)]
        sensitive: bool,
        /// Effacements (purge, oubli) : qui, quand, combien d'élèves, sans leur nom.
        #[arg(long)]
        erasures: bool,
        /// Ne garde que les accès aux données de cet élève (numéro, INE ou nom).
        #[arg(long, value_name = "ÉLÈVE", requires = "sensitive")]
        student: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Efface les élèves des promotions antérieures à une année scolaire (durée de conservation).
    Purge {
        /// Année scolaire : les promotions entrées avant elle sont effacées (ex. 2025-2026).
        #[arg(long, value_name = "AAAA-AAAA")]
        before: String,
        /// Efface vraiment ; sans cette option, liste seulement ce qui serait effacé.
        #[arg(long)]
        yes: bool,
    },
    /// Efface un élève partout (droit à l'effacement) ; seule reste une trace anonyme.
    Forget {
        /// Numéro, INE ou nom de l'élève (les guillemets sont facultatifs).
        #[arg(required = true, num_args = 1..)]
        student: Vec<String>,
        /// Efface vraiment ; sans cette option, montre seulement ce qui serait effacé.
        #[arg(long)]
        yes: bool,
    },
    /// Affiche l'établissement (nom, UAI, académie, ville) ; `set` le modifie.
    Establishment {
        #[command(subcommand)]
        action: Option<EstablishmentAction>,
    },
    /// Affiche l'équipe (rôle, discipline ou organisation, coordination) ; l'importe
    /// ou l'exporte en CSV.
    Team {
        #[command(subcommand)]
        action: Option<TeamAction>,
    },
    /// Calendrier scolaire de l'année : dates, périodes, échéances du phasage.
    Year {
        /// Année scolaire AAAA-AAAA (par défaut : l'année en cours).
        year: Option<String>,
    },
    /// Heures des modules : groupes, élèves placés, heures prévues, faites, accordées ;
    /// par section et par établissement. `grant` et `envelope` accordent des heures.
    Modules {
        #[command(subcommand)]
        action: Option<ModulesAction>,
        /// Année scolaire (par défaut : l'année en cours).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Séances des groupes de modules en iCalendar (.ics), pour les agendas des animateurs.
    Calendar {
        /// Année scolaire (par défaut : l'année en cours).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
        /// Seulement les groupes animés par cette personne (prénom et/ou nom).
        #[arg(long, value_name = "NOM")]
        staff: Option<String>,
        /// Fichier .ics à écrire (ne doit pas exister, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Imprime un document en PDF/A (contrat d'engagement d'un élève…).
    Print {
        #[command(subcommand)]
        document: PrintDocument,
    },
    /// Vérifie l'intégrité de la base et les droits du fichier.
    Check,
    /// Copie la base dans un fichier, même pendant que d'autres l'utilisent.
    Backup {
        /// Fichier de destination (ne doit pas exister, sauf avec --force).
        dest: PathBuf,
        /// Remplace la destination si elle existe déjà.
        #[arg(long)]
        force: bool,
    },
}

impl Command {
    /// Whether the command may skip the integrity quick check before it starts
    /// (README, « Intégrité ») : it reads only, and writes nothing to the base,
    /// not even a line of the privacy log. `check` runs the full check itself;
    /// `backup` and `print` keep the quick check (a copy must be sound, a print
    /// may log).
    pub fn skips_quick_check(&self) -> bool {
        match self {
            Command::Export {
                include_sensitive, ..
            } => !include_sensitive,
            Command::Print { .. } | Command::Backup { .. } => false,
            other => other.only_reads(),
        }
    }

    /// Whether the command only reads the database: it then also works, for a
    /// review, on a file or folder that cannot be written.
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::Export { .. }
                | Command::List { .. }
                | Command::Show { .. }
                | Command::Indicators { .. }
                | Command::Check
                | Command::Establishment { action: None }
                | Command::Team {
                    action: None | Some(TeamAction::Export { .. })
                }
                | Command::Year { .. }
                | Command::Modules { action: None, .. }
                | Command::Calendar { .. }
                | Command::Print { .. }
                | Command::Backup { .. }
                | Command::Catalogue {
                    action: CatalogueAction::Export { .. }
                }
        )
    }
}

/// Hours granted, from the command line.
#[derive(Debug, Subcommand)]
pub enum ModulesAction {
    /// Heures accordées à un module pour l'année (0 ou « aucune » : retire la dotation,
    /// le module reprend les heures de sa fiche cadre).
    Grant {
        /// Code du module dans le catalogue (passerelle catalogue).
        code: String,
        /// Nombre d'heures : 12 ou 12,5 ; 0 ou « aucune » retire.
        heures: String,
        /// Référence de la dotation (DHG, projet…) ; par défaut, celle déjà enregistrée.
        #[arg(long, value_name = "TEXTE")]
        label: Option<String>,
        /// Année scolaire (par défaut : l'année en cours).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
    },
    /// Enveloppe d'heures de l'année pour un projet hors modules (« Ambition BTS ») ;
    /// 0 ou « aucune » la retire.
    Envelope {
        /// Nom du projet ; une enveloppe du même nom est modifiée.
        label: String,
        /// Nombre d'heures : 40 ou 12,5 ; 0 ou « aucune » retire.
        heures: String,
        /// Année scolaire (par défaut : l'année en cours).
        #[arg(long, value_name = "AAAA-AAAA")]
        year: Option<String>,
    },
}

/// What to do with the establishment.
#[derive(Debug, Subcommand)]
pub enum EstablishmentAction {
    /// Modifie l'établissement ; chaque valeur est vérifiée, rien n'est écrit en cas d'erreur.
    Set {
        /// Numéro de l'établissement, si le fichier en contient plusieurs.
        #[arg(long)]
        id: Option<i64>,
        /// Nom de l'établissement.
        #[arg(long)]
        name: Option<String>,
        /// UAI : 7 chiffres et la lettre de contrôle (ex. 0750654D).
        #[arg(long)]
        uai: Option<String>,
        /// Académie (majuscules et accents indifférents, ex. creteil).
        #[arg(long)]
        academie: Option<String>,
        /// Ville.
        #[arg(long)]
        city: Option<String>,
    },
}

/// What to do with the team.
#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Importe l'équipe d'un CSV : un membre déjà présent (même nom et prénom) est mis
    /// à jour, jamais dupliqué ; rien n'est écrit si une ligne est fausse.
    Import {
        /// CSV avec en-tête : nom;prénom;rôle;discipline;organisation;courriel;coordonnateur;actif
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Vérifie le fichier et dit ce qui serait fait, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
    },
    /// Écrit l'équipe dans un CSV au même format (à modifier puis réimporter).
    Export {
        /// Fichier à écrire (jamais par-dessus un fichier existant, sauf avec --force).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
}

/// The printed documents.
#[derive(Debug, Subcommand)]
pub enum PrintDocument {
    /// Feuille de route et contrat d'engagement d'un élève (sans aucune donnée sensible).
    Contract {
        /// Numéro, INE ou nom de l'élève (les guillemets sont facultatifs).
        #[arg(num_args = 1.., required_unless_present = "all", conflicts_with = "all")]
        student: Vec<String>,
        /// Tous les élèves en parcours de l'année : un PDF par élève
        /// (SECTION_NOM_Prénom.pdf) et un PDF qui les réunit, dans le dossier -o.
        #[arg(long)]
        all: bool,
        /// Avec --all : seulement les élèves de cette section (code).
        #[arg(long, value_name = "CODE", requires = "all")]
        section: Option<String>,
        /// Avec --all : année scolaire (par défaut : l'année en cours).
        #[arg(long, value_name = "AAAA-AAAA", requires = "all")]
        year: Option<String>,
        /// Fichier PDF à écrire, ou dossier avec --all (rien n'est remplacé, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Fiche cadre d'un module et ses groupes de l'année (aucun nom d'élève).
    Module {
        /// Code ou nom du module (les guillemets sont facultatifs).
        #[arg(num_args = 1.., required = true)]
        module: Vec<String>,
        #[command(flatten)]
        out: print_module::YearPdf,
    },
    /// Dossier de projet pour la commission académique (effectifs, modules et
    /// heures demandées, équipe, calendrier ; aucune donnée d'élève, seulement des nombres).
    Project {
        #[command(flatten)]
        out: print_module::YearPdf,
    },
    /// Compte rendu d'une réunion de pré-conseil : décision, modules, référent et
    /// premier point d'étape de chaque élève vu (sans aucune donnée sensible).
    Recap {
        /// Numéro de la réunion ou sa date (2026-10-15 ou 15/10/2026) ; par défaut, la dernière.
        #[arg(value_name = "RÉUNION")]
        meeting: Option<String>,
        /// Seulement les réunions où des élèves de cette section (code) ont été vus.
        #[arg(long, value_name = "CODE")]
        section: Option<String>,
        /// Fichier PDF à écrire (rien n'est remplacé, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Fiche de dialogue avec la famille d'un élève : ce qui est proposé, ce qui est
    /// demandé, qui contacter, signatures (sans aucune donnée sensible).
    Family {
        /// Numéro, INE ou nom de l'élève (les guillemets sont facultatifs).
        #[arg(num_args = 1.., required = true, value_name = "ÉLÈVE")]
        student: Vec<String>,
        /// Fichier PDF à écrire (rien n'est remplacé, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Rapport d'indicateurs avec graphiques (conseil pédagogique, académie) :
    /// des effectifs et des taux, aucun élève nommé.
    Report {
        #[command(flatten)]
        filter: filter_args::FilterArgs,
        /// Fichier PDF à écrire (rien n'est remplacé, sauf avec --force).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
        /// Remplace le fichier s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
}

/// What to do with the catalogue.
#[derive(Debug, Subcommand)]
pub enum CatalogueAction {
    /// Écrit le catalogue actuel en TOML (à modifier puis réimporter).
    Export {
        /// Fichier de sortie (par défaut : sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Remplace le fichier de sortie s'il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Ajoute ou modifie les critères, types de difficulté et modules d'un fichier TOML.
    Import { file: PathBuf },
}

/// Where imported students come from.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Export SIECLE : liste des élèves par division (CSV) ou ElevesSansAdresses (XML, ZIP),
    /// d'une division ou de tout l'établissement. Les divisions de 1re année de BTS sont
    /// reconnues et leurs sections créées ; les autres sont listées et laissées de côté.
    Siecle {
        file: PathBuf,
        /// Montre ce que l'import ferait, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Section (code) où placer les élèves des divisions gardées (avec --division),
        /// si la reconnaissance automatique ne convient pas.
        #[arg(long, value_name = "CODE")]
        section: Option<String>,
        /// Secteur de la section, pour la créer si elle n'existe pas encore.
        #[arg(long, value_enum, requires = "section")]
        sector: Option<SectorArg>,
        /// Intitulé de la section créée (par défaut « BTS CODE »).
        #[arg(long, value_name = "INTITULÉ", requires = "sector")]
        name: Option<String>,
        /// Ne garder que les divisions dont le nom contient ce texte (ex. « BTS1 ») ;
        /// répétable.
        #[arg(long, value_name = "TEXTE")]
        division: Vec<String>,
        /// Établissement (UAI) des sections, si la base en contient plusieurs.
        #[arg(long, value_name = "UAI")]
        establishment: Option<String>,
    },
    /// Fichier CSV au format Passerelle (voir le README).
    Csv { file: PathBuf },
    /// Export JSON complet de Passerelle (dans une base vide).
    Json { file: PathBuf },
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// Export complet, sans perte (données sensibles seulement avec --include-sensitive).
    Json,
    /// Liste des élèves pour un tableur (sans données sensibles).
    Csv,
    /// Classeur Excel ou LibreOffice, une feuille par thème (dans un fichier, -o) ;
    /// sans données sensibles ni notes libres, sauf avec --include-sensitive.
    Xlsx,
}

/// Sectors accepted on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SectorArg {
    Production,
    Services,
}

impl From<SectorArg> for crate::model::Sector {
    fn from(s: SectorArg) -> Self {
        match s {
            SectorArg::Production => crate::model::Sector::Production,
            SectorArg::Services => crate::model::Sector::Services,
        }
    }
}

/// A phase as typed on the command line: every spelling the program prints is accepted.
fn parse_phase(text: &str) -> Result<crate::model::Phase, String> {
    crate::labels::parse_phase(text).ok_or_else(|| {
        format!(
            "phase inconnue ; phases : {}",
            crate::model::Phase::codes().join(", ")
        )
    })
}
