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
    let (header, records) = indicator_records(ind, mask);
    writer.write_record(&header)?;
    for record in records {
        writer.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

/// Title of the columns holding a percentage (« … (%) »), as in [`indicator_records`].
pub const PERCENT_SUFFIX: &str = " (%)";

/// The header and one record per (level, group): counts as digits (or « < 5 »,
/// « s » when `mask` hides them), rates as a numerator, a denominator and a
/// percentage « 12,5 » (empty when not yet known or hidden).
pub fn indicator_records(ind: &Indicators, mask: Option<&Mask>) -> (Vec<String>, Vec<Vec<String>>) {
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
        header.push(format!("{label}{PERCENT_SUFFIX}"));
    }
    let mut records = Vec::new();
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
            records.push(record);
        }
    }
    (header, records)
}

/// The same figures as one xlsx sheet « Indicateurs »: counts as numbers, hidden
/// ones as the text « < 5 » or « s », percentages as percentages.
pub fn indicators_xlsx(ind: &Indicators, mask: Option<&Mask>) -> anyhow::Result<Vec<u8>> {
    use crate::io::xlsx::{Cell, Table, workbook_bytes};
    let (header, records) = indicator_records(ind, mask);
    let percent: Vec<bool> = header.iter().map(|h| h.ends_with(PERCENT_SUFFIX)).collect();
    let titles: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new("Indicateurs", &titles);
    for record in records {
        let cells = (0..record.len())
            .map(|i| {
                let text = &record[i];
                if percent[i] {
                    // The exact ratio of the two columns before, when the rate is shown.
                    let parts = (record[i - 2].parse::<f64>(), record[i - 1].parse::<f64>());
                    match parts {
                        (Ok(n), Ok(d)) if !text.is_empty() && d > 0.0 => Cell::percent(Some(n / d)),
                        _ => Cell::percent(None),
                    }
                } else if i >= 4
                    && let Ok(n) = text.parse::<usize>()
                {
                    Cell::count(n)
                } else {
                    Cell::text(text.clone())
                }
            })
            .collect();
        table.rows.push(cells);
    }
    Ok(workbook_bytes(&[table])?)
}
