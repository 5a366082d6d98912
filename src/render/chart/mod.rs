//! Charts as plain data for typst (report-templates/charts.typ) and for the Markdown: the
//! values per category, a value axis with round ticks, target and benchmark markers, an alt
//! text in Swedish worded from the same data, and the figures as a companion table.
//!
//! * `kolumner` (columns): the years along the x axis, one column per indicator.
//! * `staplar` (bars): one group of horizontal bars per indicator, one bar per year, with the
//!   målvärde and the comparison values of the report year marked on each group.
//! * `linje` (line): one line per indicator over the years; comparison values as dashed lines.
//!
//! Protected and missing values are never drawn with a height: the category shows the table's
//! symbol ("<5", "x", "..") instead, a line has a gap there, and a line never joins two
//! values across a comparability break. Every number is formatted here, so typst only places
//! strings.

mod breakdown;
pub(crate) mod build;
pub mod geometry;
pub mod risk_matrix;

pub use build::build;

use serde::Serialize;

use crate::compute::{CellKind, Engine, targets};
use crate::format::{self, NumberStyle, Unit};
use crate::model::catalogue::{Indicator, Polarity, TargetLevel};
use crate::model::outline::{ChartKind, ChartTable};

use crate::render::tables::Table;

/// Longest window a chart draws.
pub const MAX_YEARS: u32 = 20;

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub block: String,
    /// "Figur N", numbered in its own sequence.
    pub number: usize,
    pub caption: String,
    /// `columns`, `bars` or `line`.
    pub chart_type: &'static str,
    /// The value axis' unit: "antal", "%", "dagar", ….
    pub unit: String,
    /// Along the category axis: years (columns, line) or indicator names (bars).
    pub categories: Vec<String>,
    /// One per indicator (columns, line) or per year (bars), aligned with `categories`.
    pub series: Vec<ChartSeries>,
    pub axis: Axis,
    /// Målvärden and comparison values drawn as reference marks.
    pub markers: Vec<Marker>,
    /// Drawn when not empty: what the colours and marks stand for, when the chart alone does
    /// not say it (one series with its målvärde labelled on the line needs none).
    pub legend: Vec<LegendEntry>,
    /// The chart in words, for assistive technology and the Markdown.
    pub alt: String,
    /// The same figures as a table (unnumbered; the chart's companion).
    pub table: Table,
    /// Whether `table` is printed below the chart (see [`place_figures`]).
    pub show_table: bool,
    /// The number of the section's table that shows every figure of the chart, when that
    /// table gives them instead: the chart then says "Värdena finns i tabell N."
    pub figures_in: Option<usize>,
    pub source: Option<String>,
}

/// Decides where a chart's figures are printed: below it as its own table, or — with `auto`
/// when a table of the same section already shows every one of them, and with `never` — only
/// there, so that no figure is printed twice (docs/document.md, "Charts and their tables").
pub fn place_figures(chart: &mut Chart, choice: ChartTable, section: &[Table]) {
    let covering = section.iter().find(|t| shows_all(&chart.table, t));
    chart.figures_in = covering.map(|t| t.number);
    chart.show_table = match choice {
        ChartTable::Always => true,
        ChartTable::Never => false,
        ChartTable::Auto => covering.is_none(),
    };
    if chart.show_table {
        chart.figures_in = None;
    }
}

/// Whether table `other` has every row of `own` with the same figure under the same heading.
fn shows_all(own: &Table, other: &Table) -> bool {
    own.rows.iter().all(|row| {
        let Some(found) = other.rows.iter().find(|o| o.first() == row.first()) else {
            return false;
        };
        own.header.iter().zip(row).skip(1).all(|(head, cell)| {
            other
                .header
                .iter()
                .position(|h| h == head)
                .and_then(|j| found.get(j))
                .is_some_and(|c| c == cell)
        })
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartSeries {
    pub name: String,
    /// `value` for the organisation's own figures, `benchmark` for riket, länet, ….
    pub role: &'static str,
    /// Index into the palette.
    pub colour: usize,
    pub values: Vec<ChartValue>,
    /// Indices of values that start a new, not comparable series (a line is not joined there).
    pub breaks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartValue {
    /// In display units; `None` draws nothing.
    pub value: Option<f64>,
    /// As printed on the chart: "1 204", "72,5", or the table's symbol "<5", "x", "..".
    pub label: String,
    /// `value`, `missing`, `small` or `hidden`.
    pub state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<Tick>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    pub value: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    /// `target` (dashed) or `benchmark`.
    pub role: &'static str,
    /// The category (bars) the mark belongs to; `None` for a line across the chart.
    pub category: Option<usize>,
    pub value: f64,
    /// "Målvärde 90 %", "Riket 70 %".
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub label: String,
    /// `value`, `benchmark` or `target`.
    pub role: &'static str,
    pub colour: usize,
}

impl ChartKind {
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Columns => "columns",
            ChartKind::Bars => "bars",
            ChartKind::Line => "line",
            ChartKind::RiskMatrix => "matrix",
        }
    }

    /// The chart type as the alt text names it.
    pub fn noun(self) -> &'static str {
        match self {
            ChartKind::Columns => "Stapeldiagram",
            ChartKind::Bars => "Liggande stapeldiagram",
            ChartKind::Line => "Linjediagram",
            ChartKind::RiskMatrix => "Riskmatris",
        }
    }
}

/// A value axis from `min(lo, 0)` to `max(hi, 0)` with round steps (1, 2, 2,5 or 5 × 10ⁿ),
/// about five intervals. Counts never get fractional steps; shares stop at 100 %.
pub fn axis(lo: f64, hi: f64, unit: Unit, style: &NumberStyle) -> Axis {
    let lo = if lo.is_finite() { lo.min(0.0) } else { 0.0 };
    let mut hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
    if hi - lo <= 0.0 {
        hi = lo + 1.0;
    }
    let mut step = nice_step((hi - lo) / 5.0);
    if unit == Unit::Antal {
        // Whole steps for counts: 0,5 → 1, 2,5 → 5.
        step = step.max(1.0);
        if step.fract() != 0.0 {
            step = nice_step(step.ceil());
        }
    }
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let decimals = format::natural_decimals(step, 3);
    let mut ticks: Vec<Tick> = (first..=last)
        .map(|i| {
            let v = format::shown(i as f64 * step, Unit::Procent, decimals).unwrap_or(0.0);
            Tick {
                value: v,
                label: format::number(v, decimals, style),
            }
        })
        .collect();
    let percent = matches!(unit, Unit::Andel | Unit::Procent);
    if percent && lo >= 0.0 && hi <= 100.0 + 1e-9 {
        ticks.retain(|t| t.value <= 100.0 + 1e-9);
    }
    let min = ticks.first().map_or(lo, |t| t.value);
    let max = ticks.last().map_or(hi, |t| t.value).max(hi);
    Axis { min, max, ticks }
}

/// The smallest of 1, 2, 2,5, 5 and 10 × 10ⁿ at least `rough`.
fn nice_step(rough: f64) -> f64 {
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(rough.log10().floor());
    let r = rough / mag;
    let m = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|m| r <= m + 1e-9)
        .unwrap_or(10.0);
    m * mag
}

/// What the alt text says for a value that is not drawn.
fn spoken(v: &ChartValue, threshold: u32) -> String {
    match v.state {
        "small" => format!("färre än {threshold}"),
        "hidden" => "redovisas inte".to_string(),
        "missing" => "uppgift saknas".to_string(),
        _ => v.label.clone(),
    }
}

fn value_of(engine: &Engine, ind: &Indicator, year: i32) -> ChartValue {
    value_of_cell(engine, engine.cell(&ind.id, year).kind)
}

/// A cell as a chart draws it: a height, or the table's symbol.
fn value_of_cell(engine: &Engine, kind: CellKind) -> ChartValue {
    let style = engine.style;
    match kind {
        CellKind::Value(p) => ChartValue {
            value: Some(p.shown),
            label: format::number(p.shown, p.decimals, &style),
            state: "value",
        },
        CellKind::Missing { .. } => ChartValue {
            value: None,
            label: "..".to_string(),
            state: "missing",
        },
        CellKind::Small => ChartValue {
            value: None,
            label: format!("<{}", engine.privacy.threshold),
            state: "small",
        },
        CellKind::Hidden => ChartValue {
            value: None,
            label: "x".to_string(),
            state: "hidden",
        },
    }
}

/// A number in display units with the unit for running text: "72 %", "310", "4,5 dagar".
fn with_unit(v: f64, ind: &Indicator, style: &NumberStyle) -> String {
    match ind.declared_unit() {
        Some(_) => ind.with_unit(v, ind.decimals(), style),
        None => format::display_with_unit(v, ind.unit, ind.decimals(), style),
    }
}

/// A value in running text, with its unit when it is drawn, in the decimals of its label (a
/// value keeps the decimals it is written with unless the catalogue fixes them).
fn spoken_with_unit(v: &ChartValue, ind: &Indicator, engine: &Engine) -> String {
    match v.value {
        Some(x) => {
            let decimals = v
                .label
                .rsplit_once(',')
                .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
            let decimals = u8::try_from(decimals).unwrap_or(0).max(ind.decimals());
            match ind.declared_unit() {
                Some(_) => ind.with_unit(x, decimals, &engine.style),
                None => format::display_with_unit(x, ind.unit, decimals, &engine.style),
            }
        }
        None => spoken(v, engine.privacy.threshold),
    }
}

/// The targets of goals (data/mal.yaml `målvärde:`) set for `year` on `ind`: the year's
/// intermediate value and the target with its deadline, as (label, value, phrase).
fn goal_targets_of(
    engine: &Engine,
    ind: &Indicator,
    year: i32,
    style: &NumberStyle,
) -> Vec<(String, f64, String)> {
    let mut out = Vec::new();
    let goals = engine.model().goals.iter().filter(|g| g.covers(year));
    for t in goals
        .filter_map(|g| g.target.as_ref())
        .filter(|t| t.indicator == ind.id)
    {
        let step = t.steps.get(&year).filter(|_| year < t.year);
        if let Some(v) = step.and_then(|v| format::shown(*v, ind.unit, ind.decimals())) {
            let text = with_unit(v, ind, style);
            out.push((
                format!("Delmål {text} för {year}"),
                v,
                format!("delmålet {text} för {year}"),
            ));
        }
        if let Some(v) = format::shown(t.value, ind.unit, ind.decimals()) {
            let text = with_unit(v, ind, style);
            out.push((
                format!("Mål {text} år {}", t.year),
                v,
                format!("målet {text} år {}", t.year),
            ));
        }
    }
    out
}

/// The catalogue's målvärden of the report year and the targets of its goals.
fn all_targets_of(
    engine: &Engine,
    ind: &Indicator,
    year: i32,
    style: &NumberStyle,
) -> Vec<(String, f64, String)> {
    let mut out = targets_of(ind, year, style);
    out.extend(goal_targets_of(engine, ind, year, style));
    out
}

/// The målvärden of the report year: (label, value in display units, phrase for the alt text).
fn targets_of(ind: &Indicator, year: i32, style: &NumberStyle) -> Vec<(String, f64, String)> {
    let applicable = targets::applicable(ind, year);
    let both = applicable.len() > 1;
    applicable
        .into_iter()
        .filter_map(|t| {
            let shown = format::shown(t.value, ind.unit, ind.decimals())?;
            let name = match (both, t.level) {
                (false, _) => "Målvärde",
                (true, TargetLevel::National) => "Nationellt målvärde",
                (true, TargetLevel::Local) => "Lokalt målvärde",
            };
            let bound = match ind.polarity {
                Polarity::LowerBetter => "högst ",
                _ => "minst ",
            };
            let text = with_unit(shown, ind, style);
            Some((
                format!("{name} {text}"),
                shown,
                format!("{} {bound}{text}", name.to_lowercase()),
            ))
        })
        .collect()
}

fn unit_key(u: Unit) -> &'static str {
    format::unit_label(u)
}

/// "2022–2024", or "2024" for one year.
fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// Build the chart for `spec`, or `None` (with a diagnostic) when it cannot be drawn.
fn upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lower(s: &str) -> String {
    crate::compute::words::lower_first(s)
}

/// "Riket 70 %" → "riket 70 %", "Målvärde 90 %" → "målvärde 90 %".
fn lower_first_word(s: &str) -> String {
    lower(s)
}

/// Years as rows, measures as columns.
fn transpose(t: &mut Table) {
    let n = t.header.len();
    let mut header = vec!["År".to_string()];
    header.extend(t.rows.iter().map(|r| r.first().cloned().unwrap_or_default()));
    let mut rows = Vec::new();
    for c in 1..n {
        let mut row = vec![t.header[c].clone()];
        row.extend(t.rows.iter().map(|r| r.get(c).cloned().unwrap_or_default()));
        rows.push(row);
    }
    t.align = std::iter::once("left")
        .chain(std::iter::repeat_n("right", header.len() - 1))
        .collect();
    t.header = header;
    t.rows = rows;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testing::model;
    use crate::model::outline::ChartSpec;

    fn spec(kind: ChartKind, ids: &[&str], years: Option<u32>) -> ChartSpec {
        ChartSpec {
            id: "c".into(),
            caption: "Antal fall per år".into(),
            kind,
            indicators: ids.iter().map(|s| s.to_string()).collect(),
            years,
            target: None,
            benchmarks: Vec::new(),
            table: Default::default(),
            per: None,
        }
    }

    fn labels(a: &Axis) -> Vec<&str> {
        a.ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn axis_has_round_ticks() {
        let s = NumberStyle::default();
        assert_eq!(
            labels(&axis(0.0, 342.0, Unit::Antal, &s)),
            ["0", "100", "200", "300", "400"]
        );
        assert_eq!(
            labels(&axis(0.0, 2653.0, Unit::Antal, &s)),
            ["0", "1\u{a0}000", "2\u{a0}000", "3\u{a0}000"]
        );
        // Shares stop at 100 %, and small ranges get decimal commas.
        assert_eq!(
            labels(&axis(0.0, 96.0, Unit::Procent, &s)),
            ["0", "20", "40", "60", "80", "100"]
        );
        assert_eq!(
            labels(&axis(0.0, 1.1, Unit::Dagar, &s)),
            ["0,00", "0,25", "0,50", "0,75", "1,00", "1,25"]
        );
        // Counts never get fractional steps; an all-zero chart still has an axis.
        assert_eq!(labels(&axis(0.0, 3.0, Unit::Antal, &s)), ["0", "1", "2", "3"]);
        assert_eq!(labels(&axis(0.0, 12.0, Unit::Antal, &s)), ["0", "5", "10", "15"]);
        assert_eq!(labels(&axis(0.0, 0.0, Unit::Antal, &s)), ["0", "1"]);
        let a = axis(-12.0, 30.0, Unit::Kronor, &s);
        assert_eq!(labels(&a), ["−20", "−10", "0", "10", "20", "30"]);
        assert_eq!((a.min, a.max), (-20.0, 30.0));
    }

    #[test]
    fn columns_alt_text_and_table() {
        let m = model(
            "{id: fall, name: Fall, unit: antal, polarity: lower_better, source: Avvikelsesystemet, targets: [{level: local, value: 300}]}",
            &[(2022, Some(310.0)), (2023, Some(287.0)), (2024, Some(1342.0))],
        );
        let e = Engine::plain(m, 2024);
        let c = build(
            &e,
            &spec(ChartKind::Columns, &["fall"], None),
            "o",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            c.alt,
            "Stapeldiagram: Antal fall per år, 2022–2024. Fall: 2022: 310, 2023: 287, 2024: 1\u{a0}342. \
             Målvärde högst 300."
        );
        assert_eq!(c.categories, ["2022", "2023", "2024"]);
        assert_eq!(c.series[0].values[2].label, "1\u{a0}342");
        assert_eq!(c.markers[0].label, "Målvärde 300");
        let legend: Vec<&str> = c.legend.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            legend,
            ["Målvärde 300"],
            "one series needs no key, its målvärde does"
        );
        assert_eq!(c.table.rows, [["Fall", "310", "287", "1\u{a0}342"]]);
        assert!(c.table.notes.contains(&"Målvärde högst 300.".to_string()));
        assert_eq!(c.source.as_deref(), Some("Källa: Avvikelsesystemet"));
        // Without the target.
        let mut s = spec(ChartKind::Columns, &["fall"], Some(2));
        s.target = Some(false);
        let c = build(&e, &s, "o", &mut Vec::new()).unwrap();
        assert!(c.markers.is_empty());
        assert_eq!(
            c.alt,
            "Stapeldiagram: Antal fall per år, 2023–2024. Fall: 2023: 287, 2024: 1\u{a0}342."
        );
    }

    #[test]
    fn protected_values_are_not_drawn() {
        let m = model(
            "{id: p, name: Personer med trycksår, unit: antal, persons: true}",
            &[(2022, Some(3.0)), (2023, None), (2024, Some(40.0))],
        );
        let e = Engine::new(
            std::sync::Arc::new(m),
            2024,
            Default::default(),
            None,
            &mut Vec::new(),
        );
        let c = build(&e, &spec(ChartKind::Columns, &["p"], None), "o", &mut Vec::new()).unwrap();
        let v = &c.series[0].values;
        assert_eq!(
            v[0],
            ChartValue {
                value: None,
                label: "<5".into(),
                state: "small"
            }
        );
        assert_eq!((v[1].value, v[1].state), (None, "missing"));
        assert_eq!(v[2].value, Some(40.0));
        assert!(
            c.alt
                .contains("2022: färre än 5, 2023: uppgift saknas, 2024: 40."),
            "{}",
            c.alt
        );
        assert!(
            c.alt
                .ends_with("Antal under 5 personer redovisas inte, för att skydda enskildas identitet.")
        );
        // The axis is scaled from drawn values only: the protected 3 leaves no trace.
        assert_eq!(c.axis.max, 40.0);
        assert_eq!(c.table.rows[0], ["Personer med trycksår", "<5", "..", "40"]);
    }

    #[test]
    fn line_covers_every_year_breaks_and_transposes() {
        let m = model(
            "{id: ls, name: Lex Sarah-rapporter, unit: antal, breaks: [{year: 2020, reason: Ny rutin}]}",
            &[
                (2016, Some(12.0)),
                (2017, Some(8.0)),
                (2018, Some(15.0)),
                (2020, Some(21.0)),
                (2021, Some(19.0)),
                (2022, Some(25.0)),
                (2023, Some(22.0)),
                (2024, Some(31.0)),
            ],
        );
        let e = Engine::plain(m, 2024);
        let c = build(&e, &spec(ChartKind::Line, &["ls"], None), "o", &mut Vec::new()).unwrap();
        assert_eq!(c.categories.len(), 9);
        assert_eq!(c.categories[0], "2016");
        assert_eq!(c.series[0].values[3].state, "missing", "2019 is a gap");
        assert_eq!(c.series[0].breaks, [4]);
        assert!(
            c.alt
                .starts_with("Linjediagram: Antal fall per år, 2016–2024. Lex Sarah-rapporter: 2016: 12,")
        );
        assert!(c.alt.contains("2019: uppgift saknas"));
        assert!(
            c.alt
                .contains("Värdena från 2020 är inte jämförbara med tidigare år.")
        );
        assert_eq!(c.table.header, ["År", "Lex Sarah-rapporter"]);
        assert_eq!(c.table.rows[0], ["2016", "12"]);
        assert_eq!(c.table.rows.len(), 9);
    }

    #[test]
    fn bars_mark_target_and_benchmark() {
        let m = model(
            "{id: b, name: Brytpunktssamtal, unit: procent, polarity: higher_better, \
             targets: [{level: national, value: 98}], benchmarks: {riket: {2024: 70.4}}}",
            &[(2023, Some(61.0)), (2024, Some(72.5))],
        );
        let e = Engine::plain(m, 2024);
        let mut s = spec(ChartKind::Bars, &["b"], Some(2));
        s.caption = "Vård i livets slutskede".into();
        s.benchmarks = vec!["riket".into()];
        let c = build(&e, &s, "o", &mut Vec::new()).unwrap();
        assert_eq!(c.categories, ["Brytpunktssamtal"]);
        assert_eq!(c.series.len(), 2);
        assert_eq!(c.series[1].name, "2024");
        assert_eq!(c.series[1].colour, 0, "the report year gets the accent colour");
        assert_eq!(
            c.alt,
            "Liggande stapeldiagram: Vård i livets slutskede, 2023–2024. Brytpunktssamtal: 2023: 61\u{a0}%, \
             2024: 72,5\u{a0}% (riket 70\u{a0}%, målvärde 98\u{a0}%)."
        );
        assert_eq!(c.table.header, ["Mått", "2023", "2024", "Riket 2024", "Målvärde"]);
        // Without `decimals:` in the catalogue each value keeps the decimals it is written with.
        assert_eq!(
            c.table.rows[0],
            ["Brytpunktssamtal (%)", "61", "72,5", "70", "98"]
        );
        let roles: Vec<&str> = c.legend.iter().map(|l| l.role).collect();
        assert_eq!(roles, ["value", "value", "benchmark", "target"]);
        assert_eq!(c.axis.max, 100.0);
    }

    #[test]
    fn diagnostics_for_unknown_ids_mixed_units_and_benchmarks() {
        let m = model("{id: fall, name: Fall, unit: antal}", &[(2024, Some(3.0))]);
        let e = Engine::plain(m, 2024);
        let mut d = Vec::new();
        assert!(build(&e, &spec(ChartKind::Columns, &["fal"], None), "o", &mut d).is_none());
        assert_eq!(d[0].code, "outline.unknown-indicator");
        assert!(
            d[0].notes.iter().any(|n| n.contains("did you mean \"fall\"")),
            "{:?}",
            d[0]
        );
        let mut d = Vec::new();
        let mut s = spec(ChartKind::Bars, &["fall"], None);
        s.benchmarks = vec!["riket".into()];
        assert!(build(&e, &s, "o", &mut d).is_some());
        assert_eq!(d[0].code, "chart.no-benchmark");
        let mut d = Vec::new();
        let e = Engine::plain(
            model("{id: fall, name: Fall, unit: antal}", &[(2010, Some(3.0))]),
            2024,
        );
        assert!(build(&e, &spec(ChartKind::Columns, &["fall"], None), "o", &mut d).is_none());
        assert_eq!(d[0].code, "chart.empty");
    }

    #[test]
    fn figures_are_printed_once() {
        let m = model(
            "{id: fall, name: Fall, unit: antal}",
            &[(2022, Some(310.0)), (2023, Some(287.0)), (2024, Some(342.0))],
        );
        let e = Engine::plain(m, 2024);
        let c = build(
            &e,
            &spec(ChartKind::Columns, &["fall"], None),
            "o",
            &mut Vec::new(),
        )
        .unwrap();
        let mut same = c.table.clone();
        same.number = 3;
        same.header.push("Förändring".into());
        same.rows[0].push("+19,2 %".into());
        let mut fewer = same.clone();
        fewer.header.remove(1);
        fewer.rows[0].remove(1);
        let mut other = same.clone();
        other.rows[0][2] = "288".into();
        // auto: a table with every figure (and more) takes the chart's place; one without all
        // of them, or with another figure, does not.
        let placed = |choice, tables: &[Table]| {
            let mut c = c.clone();
            place_figures(&mut c, choice, tables);
            (c.show_table, c.figures_in)
        };
        assert_eq!(
            placed(ChartTable::Auto, &[fewer.clone(), same.clone()]),
            (false, Some(3))
        );
        assert_eq!(
            placed(ChartTable::Auto, &[fewer.clone(), other.clone()]),
            (true, None)
        );
        assert_eq!(placed(ChartTable::Always, &[same.clone()]), (true, None));
        assert_eq!(placed(ChartTable::Never, &[same]), (false, Some(3)));
        assert_eq!(placed(ChartTable::Never, &[other]), (false, None));
        for (text, choice) in [
            ("auto", ChartTable::Auto),
            ("alltid", ChartTable::Always),
            ("aldrig", ChartTable::Never),
        ] {
            let s: ChartSpec = serde_yaml::from_str(&format!(
                "{{id: a, caption: B, type: linje, indicators: [x], tabell: {text}}}"
            ))
            .unwrap();
            assert_eq!(s.table, choice);
        }
    }

    #[test]
    fn kinds_parse_in_swedish_and_english() {
        for (text, kind) in [
            ("kolumner", ChartKind::Columns),
            ("columns", ChartKind::Columns),
            ("staplar", ChartKind::Bars),
            ("bars", ChartKind::Bars),
            ("linje", ChartKind::Line),
            ("line", ChartKind::Line),
        ] {
            let s: ChartSpec =
                serde_yaml::from_str(&format!("{{id: a, caption: B, type: {text}, indicators: [x]}}"))
                    .unwrap();
            assert_eq!(s.kind, kind);
        }
        let e = crate::formats::yaml::parse::<ChartSpec>(
            "o.yaml",
            "{id: a, caption: B, type: linjer, indicators: [x]}",
        )
        .unwrap_err();
        assert!(e.notes.iter().any(|n| n.contains("`linje`")), "{e:?}");
    }
}
