//! `indicators --csv`: one row per (level, group), numerators and denominators
//! in their own columns; UTF-8 with BOM and `;` like the other CSV exports.

use crate::io::csv_export::neutralise;
use crate::model::indicators::{Indicators, Level, main_rates};

/// The CSV bytes (BOM included).
pub fn indicators_csv(ind: &Indicators) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let overall = &ind.overall().rates;
    let mut header: Vec<String> = [
        "Niveau",
        "Code",
        "Groupe",
        "Précision",
        "Élèves (tous bacs)",
        "Élèves de bac pro",
        "Sorties",
        "Décisions de S2",
        "Redoublements",
        "dont BTS en 3 ans",
    ]
    .map(String::from)
    .to_vec();
    for (_, label, _) in main_rates(overall) {
        header.push(format!("{label} : numérateur"));
        header.push(format!("{label} : dénominateur"));
        header.push(format!("{label} (%)"));
    }
    writer.write_record(&header)?;
    for level in Level::ALL {
        for g in ind.level(*level) {
            let t = &g.tally;
            let mut record: Vec<String> = vec![
                level.code().to_string(),
                g.code.clone(),
                g.label.clone(),
                g.detail.clone(),
                t.all_students.to_string(),
                t.entrants.to_string(),
                t.exits.to_string(),
                t.decisions.to_string(),
                t.repeating.to_string(),
                t.bts_in_3_years.to_string(),
            ];
            for (_, _, rate) in main_rates(&g.rates) {
                record.push(rate.numerator.to_string());
                record.push(rate.denominator.to_string());
                record.push(rate.value.map_or_else(String::new, |v| {
                    format!("{:.1}", v * 100.0).replace('.', ",")
                }));
            }
            writer.write_record(record.iter().map(|c| neutralise(c)))?;
        }
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}
