//! The dashboard's pages: headline figures with gauges and a sparkline, bar
//! charts, the years side by side. Every chart reads without colour: bars and
//! gauges are glyphs, and each carries its figures in words.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, LineGauge, Paragraph, Sparkline, Widget};

use super::{View, fit};
use crate::app::dash::Figure;
use crate::model::indicators::{Rate, main_rates};

/// Width of the label column of figures and bars.
const LABEL: usize = 26;

/// « 12/24 · 50,0 % », « 12/24 · pas encore connu », « – » with no denominator.
fn rate_text(rate: &Rate) -> String {
    if rate.denominator == 0 {
        return "–".to_string();
    }
    format!(
        "{}/{} · {}",
        rate.numerator,
        rate.denominator,
        rate.percent()
    )
}

/// « ▸ » before the figure under the cursor.
fn marker(selected: bool) -> &'static str {
    if selected { "▸ " } else { "  " }
}

/// Headline figures, two gauges, the points d'étape per week.
pub fn summary(view: &View, area: Rect, buf: &mut Buffer) {
    let (dash, theme) = (&view.app.dash, view.theme);
    let v = &dash.view;
    // Figures and gauges first; the sparkline takes what is left (3 rows at most).
    let figures_rows = v.headlines.len() as u16;
    let spark_rows = area.height.saturating_sub(figures_rows + 6).min(3);
    let [
        figures,
        _,
        parcours,
        hours,
        _,
        spark_title,
        spark,
        spark_axis,
    ] = area.layout(&Layout::vertical([
        Constraint::Length(figures_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(spark_rows > 0)),
        Constraint::Length(spark_rows),
        Constraint::Length(u16::from(spark_rows > 0)),
    ]));
    let lines: Vec<Line> = v
        .headlines
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let selected = i == dash.cursor();
            let value = match &f.rate {
                Some(rate) => rate_text(rate),
                None => format!("{} (sur {} élèves)", f.count, v.students),
            };
            let style = if selected {
                theme.selected()
            } else {
                theme.text()
            };
            Line::from(vec![
                Span::styled(format!("{}{:<LABEL$}", marker(selected), f.label), style),
                Span::raw(format!("  {value}")),
            ])
        })
        .collect();
    Paragraph::new(lines).render(figures, buf);
    if let Some(rate) = &v.in_parcours {
        let label = match rate.value {
            Some(_) => format!(
                "{} ({}/{})",
                rate.percent(),
                rate.numerator,
                rate.denominator
            ),
            None => "–".to_string(),
        };
        gauge(
            view,
            parcours,
            buf,
            "Part en parcours",
            rate.value.unwrap_or(0.0),
            label,
        );
    }
    let year = v.year.clone().unwrap_or_default();
    match v.hours {
        Some(h) if h.granted > 0.0 => {
            let ratio = (h.delivered / h.granted).clamp(0.0, 1.0);
            let label = format!(
                "{} h / {} h ({:.0} %)",
                hours_text(h.delivered),
                hours_text(h.granted),
                h.delivered / h.granted * 100.0
            );
            gauge(view, hours, buf, "Heures faites / accordées", ratio, label);
        }
        Some(h) => Paragraph::new(format!(
            "  Heures : aucune accordée en {year} ({} h faites).",
            hours_text(h.delivered)
        ))
        .render(hours, buf),
        None => {}
    }
    let total: u64 = v.weeks.iter().flatten().sum();
    Paragraph::new(Line::from(vec![
        Span::styled("  Points d'étape par semaine", theme.title()),
        Span::raw(format!(" ({year}, {total} au total)")),
    ]))
    .render(spark_title, buf);
    let spark = spark.inner(ratatui::layout::Margin::new(2, 0));
    Sparkline::default()
        .data(&v.weeks)
        .absent_value_symbol("·")
        .absent_value_style(theme.dim())
        .style(theme.title())
        .render(spark, buf);
    let (start, end) = year
        .split_once('-')
        .map_or((String::new(), String::new()), |(a, b)| {
            (format!("sept. {a}"), format!("août {b}"))
        });
    let weeks = v.weeks.len().min(spark.width as usize);
    let gap = weeks.saturating_sub(start.chars().count() + end.chars().count());
    Paragraph::new(Span::styled(
        format!("  {start}{}{end}", " ".repeat(gap)),
        theme.dim(),
    ))
    .render(spark_axis, buf);
}

/// « 12 », « 12,5 ».
fn hours_text(h: f64) -> String {
    if (h - h.round()).abs() < 1e-9 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}").replace('.', ",")
    }
}

/// A labelled line gauge: `title` in the label column, then the gauge with its
/// figures in words (« 42,0 % (21/50) ») and full / light blocks.
fn gauge(view: &View, area: Rect, buf: &mut Buffer, title: &str, ratio: f64, label: String) {
    let theme = view.theme;
    let [name, line] = area.layout(&Layout::horizontal([
        Constraint::Length(LABEL as u16 + 2),
        Constraint::Min(10),
    ]));
    Paragraph::new(format!("  {title}")).render(name, buf);
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(format!(" {label}"))
        .filled_symbol("█")
        .unfilled_symbol("░")
        .filled_style(theme.title())
        .unfilled_style(theme.dim())
        .render(line, buf);
}

/// A horizontal bar chart of the page's figures, then a total line.
pub fn bars(view: &View, area: Rect, buf: &mut Buffer, total: &str, what: &str) {
    let (dash, theme) = (&view.app.dash, view.theme);
    let all: &[Figure] = dash.view.figures(dash.page);
    // A window of bars around the cursor when they do not all fit (months of
    // several years); the scale stays that of every bar.
    let room = (area.height as usize).saturating_sub(3).max(1);
    let offset = dash
        .cursor()
        .saturating_sub(room - 1)
        .min(all.len().saturating_sub(room));
    let figures = &all[offset..all.len().min(offset + room)];
    let [chart, _, sum, note] = area.layout(&Layout::vertical([
        Constraint::Length(figures.len().max(1) as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ]));
    if figures.is_empty() {
        Paragraph::new("  Aucune sortie enregistrée.").render(chart, buf);
    }
    let rated = figures.iter().any(|f| f.rate.is_some());
    let value_width = if rated { 24 } else { 5 };
    let label_width = LABEL.min((area.width as usize).saturating_sub(value_width + 14));
    let bars: Vec<Bar> = figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let selected = offset + i == dash.cursor();
            let (value, text) = match &f.rate {
                // Rates as per mille, so that bars of different sizes compare.
                Some(rate) => (
                    rate.value.map_or(0, |v| (v * 1000.0).round() as u64),
                    rate_text(rate),
                ),
                None => (f.count, f.count.to_string()),
            };
            let style = if selected {
                theme.selected()
            } else {
                theme.text()
            };
            Bar::default()
                .value(value)
                .text_value("")
                .label(Line::styled(
                    format!(
                        "{}{:<label_width$} {text:>value_width$}",
                        marker(selected),
                        fit(&f.label, label_width)
                    ),
                    style,
                ))
        })
        .collect();
    let max = if rated {
        1000
    } else {
        all.iter().map(|f| f.count).max().unwrap_or(0).max(1)
    };
    BarChart::horizontal(bars)
        .max(max)
        .bar_gap(0)
        .bar_style(theme.title())
        .render(chart, buf);
    let t = &dash.view.headlines;
    let entrants = t.first().map_or(0, |f| f.count);
    let line = if rated {
        let passage = t.iter().find(|f| f.label.starts_with("Passage"));
        passage.and_then(|f| f.rate).map_or_else(String::new, |r| {
            format!("  {total} : {} {what}, {}", r.numerator, rate_text(&r))
        })
    } else {
        let n: u64 = all.iter().map(|f| f.count).sum();
        let shown = if figures.len() < all.len() {
            format!(
                " (lignes {}-{} sur {}, ↑↓)",
                offset + 1,
                offset + figures.len(),
                all.len()
            )
        } else {
            String::new()
        };
        format!("  {total} : {n} {what} sur {entrants} entrants de Bac Pro{shown}")
    };
    Paragraph::new(line).render(sum, buf);
    if rated
        && figures
            .iter()
            .any(|f| f.rate.is_some_and(|r| r.value.is_none()))
    {
        Paragraph::new(Span::styled(
            "  Le passage est connu quand chaque élève a sa décision de S2 ou est sorti.",
            theme.dim(),
        ))
        .render(note, buf);
    }
}

/// The main rates as rows, the cohort years as columns (the newest that fit).
pub fn years(view: &View, area: Rect, buf: &mut Buffer) {
    let (dash, theme) = (&view.app.dash, view.theme);
    // Cells are at most 16 wide (« pas encore connu », « 48,5 % (160/330) »).
    const COLUMN: usize = 17;
    let label = (area.width as usize).saturating_sub(COLUMN).clamp(12, 27);
    let fits = ((area.width as usize).saturating_sub(label) / COLUMN).max(1);
    let groups = &dash.view.years;
    let shown = &groups[groups.len().saturating_sub(fits)..];
    let mut lines = vec![Line::from(vec![
        Span::raw(" ".repeat(label)),
        Span::styled(
            shown
                .iter()
                .map(|g| format!("{:>COLUMN$}", g.label))
                .collect::<String>(),
            theme.title(),
        ),
    ])];
    lines.push(Line::raw(format!(
        "{:<label$}{}",
        "Entrants (Bac Pro)",
        shown
            .iter()
            .map(|g| format!("{:>COLUMN$}", g.tally.entrants))
            .collect::<String>()
    )));
    let rates: Vec<_> = shown.iter().map(|g| main_rates(&g.rates)).collect();
    for (row, (_, name, _)) in main_rates(&crate::model::indicators::Rates::of(&Default::default()))
        .iter()
        .enumerate()
    {
        let cells: String = rates
            .iter()
            .map(|r| format!("{:>COLUMN$}", cell(&r[row].2)))
            .collect();
        lines.push(Line::raw(format!("{:<label$}{cells}", fit(name, label))));
    }
    if groups.len() > shown.len() {
        lines.push(Line::raw(""));
        let hidden = match groups.len() - shown.len() {
            1 => "Une promotion plus ancienne ne tient pas : élargissez le terminal.".to_string(),
            n => format!("{n} promotions plus anciennes ne tiennent pas : élargissez le terminal."),
        };
        lines.push(Line::styled(hidden, theme.dim()));
    }
    Paragraph::new(lines).render(area, buf);
}

/// A cell of the years table: « 50,0 % (12/24) », « pas encore connu », « – ».
fn cell(rate: &Rate) -> String {
    match rate.value {
        Some(_) => format!(
            "{} ({}/{})",
            rate.percent(),
            rate.numerator,
            rate.denominator
        ),
        None => rate.percent(),
    }
}
