//! `indicators --csv`: one row per (level, group), numerators and denominators
//! in their own columns; UTF-8 with BOM and `;` like the other CSV exports.

use crate::io::csv_export::neutralise;
use crate::model::indicators::small_cells::{Mask, rate_columns};
use crate::model::indicators::{Indicators, Level, main_rates};

/// The CSV bytes (BOM included).
pub fn indicators_csv(ind: &Indicators) -> anyhow::Result<Vec<u8>> {
    indicators_csv_masked(ind, None)
}

/// The same, small cells hidden by `mask` (« < 5 », « s »; a hidden rate is empty).
pub fn indicators_csv_masked(ind: &Indicators, mask: Option<&Mask>) -> anyhow::Result<Vec<u8>> {
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
            let n = |column: &str, value: u64| {
                mask.map_or_else(
                    || value.to_string(),
                    |m| m.count(level.code(), &g.code, column, value),
                )
            };
            let mut record: Vec<String> = vec![
                level.code().to_string(),
                g.code.clone(),
                g.label.clone(),
                g.detail.clone(),
                n("all_students", t.all_students),
                n("entrants", t.entrants),
                n("exits", t.exits),
                n("decisions", t.decisions),
                n("repeating", t.repeating),
                n("bts_in_3_years", t.bts_in_3_years),
            ];
            for (name, _, rate) in main_rates(&g.rates) {
                let (num, den) = rate_columns(name);
                record.push(n(num, rate.numerator));
                record.push(n(den, rate.denominator));
                let hidden = mask.is_some_and(|m| m.hides_rate(level.code(), &g.code, num, den));
                record.push(
                    rate.value
                        .filter(|_| !hidden)
                        .map_or_else(String::new, |v| {
                            format!("{:.1}", v * 100.0).replace('.', ",")
                        }),
                );
            }
            writer.write_record(record.iter().map(|c| neutralise(c)))?;
        }
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}
