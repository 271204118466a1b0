//! The indicators' filters as command-line options, shared by every command
//! that computes indicators (`indicators`, `print report`).

use crate::model::indicators::Filter;

/// `--year`, `--section`, `--sector`, `--establishment`, `--specialty`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Promotion : année scolaire d'entrée (par défaut : toutes).
    #[arg(long, value_name = "AAAA-AAAA")]
    pub year: Option<String>,
    /// Section (code), dans tous les établissements qui l'ont.
    #[arg(long, value_name = "CODE")]
    pub section: Option<String>,
    /// Secteur : production ou services.
    #[arg(long, value_name = "production|services")]
    pub sector: Option<String>,
    /// Établissement : UAI ou nom (ou une partie du nom).
    #[arg(long, value_name = "UAI|nom")]
    pub establishment: Option<String>,
    /// Spécialité de BTS : code ou abréviation (NDRC, SIO…).
    #[arg(long, value_name = "CODE")]
    pub specialty: Option<String>,
}

impl FilterArgs {
    /// The filter these options ask for.
    pub fn filter(&self) -> Filter {
        Filter {
            section: self.section.clone(),
            sector: self.sector.clone(),
            establishment: self.establishment.clone(),
            specialty: self.specialty.clone(),
            year: self.year.clone(),
        }
    }
}
