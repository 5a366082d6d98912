//! Building one chart from its outline spec, step by step: check the indicators, choose the
//! years, then draw the series per year (columns, line) or per indicator (bars), each step
//! adding to the alt text, the legend and the companion table in reading order.

use crate::compute::{Engine, table as tables};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::{self, NumberStyle};
use crate::model::catalogue::{Indicator, benchmark_label};
use crate::model::outline::{ChartKind, ChartSpec};
use crate::render::tables::Table;

use super::{
    Chart, ChartSeries, ChartValue, LegendEntry, MAX_YEARS, Marker, all_targets_of, axis, lower,
    lower_first_word, span, spoken_with_unit, targets_of, transpose, unit_key, upper, value_of, with_unit,
};

pub fn build(engine: &Engine, spec: &ChartSpec, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Chart> {
    if spec.kind == ChartKind::RiskMatrix {
        return super::risk_matrix::build(engine, spec, file, diags);
    }
    let known = known_indicators(engine, spec, file, diags)?;
    if let Some(per) = &spec.per {
        return super::breakdown::build(engine, spec, per, &known, file, diags);
    }
    let unit = known[0].unit;
    let years = window(engine, spec, &known);
    let shown = shown_indicators(engine, spec, &known, &years, diags)?;
    warn_missing_benchmarks(engine, spec, file, &shown, &years, diags);
    let (table, source) = companion_table(engine, spec, &shown, &years);
    let mut drawing = Drawing {
        engine,
        spec,
        years: &years,
        shown: &shown,
        style: engine.style,
        alt: format!(
            "{}: {}, {}.",
            spec.kind.noun(),
            spec.caption.trim_end_matches('.'),
            span(&years)
        ),
        series: Vec::new(),
        markers: Vec::new(),
        legend: Vec::new(),
        target_notes: Vec::new(),
        table,
    };
    let categories = match spec.kind {
        ChartKind::Columns | ChartKind::Line => drawing.per_year(),
        ChartKind::Bars | ChartKind::RiskMatrix => drawing.per_indicator(),
    };
    drawing.finish_legend();
    let Drawing {
        mut alt,
        series,
        markers,
        legend,
        target_notes,
        mut table,
        ..
    } = drawing;
    for n in target_notes {
        if !table.notes.contains(&n) {
            table.notes.push(n);
        }
    }
    let threshold = engine.privacy.threshold;
    if threshold > 0 && series.iter().any(|s| s.values.iter().any(|v| v.state == "small")) {
        alt.push_str(&format!(
            " Antal under {threshold} personer redovisas inte, för att skydda enskildas identitet."
        ));
    }
    // Long series read better as a table with one row per year.
    if spec.kind == ChartKind::Line && years.len() > 6 {
        transpose(&mut table);
    }
    let (lo, hi) = series
        .iter()
        .flat_map(|s| s.values.iter().filter_map(|v| v.value))
        .chain(markers.iter().map(|m| m.value))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let axis = axis(lo, hi, unit, &engine.style);
    Some(Chart {
        id: spec.id.clone(),
        block: format!("figur-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        chart_type: spec.kind.key(),
        unit: format::unit_label(unit).to_string(),
        categories,
        series,
        axis,
        markers,
        legend,
        alt: format::full_stop(&alt),
        table,
        show_table: true,
        figures_in: None,
        source,
    })
}

/// The chart's indicators, all known, at least one, and all in one unit (one value axis).
fn known_indicators<'e>(
    engine: &'e Engine,
    spec: &ChartSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<&'e Indicator>> {
    let mut known: Vec<&Indicator> = Vec::new();
    for id in &spec.indicators {
        match engine.indicator(id) {
            Some(ind) => known.push(ind),
            None => {
                let mut d = Diagnostic::error(
                    "outline.unknown-indicator",
                    format!("chart \"{}\" refers to unknown indicator \"{id}\"", spec.id),
                )
                .at(Location::file(file));
                if let Some(s) = did_you_mean(id, engine.model().catalogue.keys().map(String::as_str)) {
                    d = d.note(format!("did you mean \"{s}\"?"));
                }
                diags.push(d);
            }
        }
    }
    if known.len() < spec.indicators.len() {
        return None;
    }
    if spec.indicators.is_empty() {
        diags.push(
            Diagnostic::error(
                "outline.chart-empty",
                format!("chart \"{}\" lists no indicators", spec.id),
            )
            .at(Location::file(file))
            .note("add `indicators: [id, …]`"),
        );
        return None;
    }
    let unit = known[0].unit;
    if let Some(other) = known.iter().find(|i| unit_key(i.unit) != unit_key(unit)) {
        diags.push(
            Diagnostic::error(
                "outline.chart-units",
                format!(
                    "chart \"{}\" mixes units: \"{}\" is {} but \"{}\" is {}",
                    spec.id,
                    known[0].id,
                    unit_key(unit),
                    other.id,
                    unit_key(other.unit)
                ),
            )
            .at(Location::file(file))
            .note("a chart has one value axis; draw indicators of other units in a chart of their own"),
        );
        return None;
    }
    Some(known)
}

/// The years drawn, ascending: as configured, else a line from the first year with data and
/// other kinds the default window.
pub(crate) fn window(engine: &Engine, spec: &ChartSpec, known: &[&Indicator]) -> Vec<i32> {
    let year = engine.year;
    let span_years = match (spec.years, spec.kind) {
        (Some(n), _) => n.clamp(1, MAX_YEARS),
        (None, ChartKind::Line) => {
            let first = known
                .iter()
                .filter_map(|i| engine.model().series.get(&i.id)?.keys().next().copied())
                .min()
                .unwrap_or(year);
            u32::try_from(year - first + 1).unwrap_or(1).clamp(2, MAX_YEARS)
        }
        (None, _) => crate::model::outline::DEFAULT_YEARS,
    };
    crate::compute::series::window(year, span_years, crate::model::outline::Order::Ascending)
}

/// Indicators with a row in the window (as in tables); none at all leaves the chart out.
fn shown_indicators<'e>(
    engine: &Engine,
    spec: &ChartSpec,
    known: &[&'e Indicator],
    years: &[i32],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<&'e Indicator>> {
    let shown: Vec<&Indicator> = known
        .iter()
        .copied()
        .filter(|i| years.iter().any(|y| engine.has_row(&i.id, *y)))
        .collect();
    if shown.is_empty() {
        diags.push(
            Diagnostic::warning(
                "chart.empty",
                format!(
                    "chart \"{}\" ({}) has no data for {} and is left out",
                    spec.id,
                    spec.caption,
                    span(years)
                ),
            )
            .note("add rows for its indicators to data/nyckeltal.csv"),
        );
        return None;
    }
    Some(shown)
}

/// A comparison asked for that none of the indicators has in the window.
fn warn_missing_benchmarks(
    engine: &Engine,
    spec: &ChartSpec,
    file: &str,
    shown: &[&Indicator],
    years: &[i32],
    diags: &mut Vec<Diagnostic>,
) {
    let year = engine.year;
    for name in &spec.benchmarks {
        let any = shown
            .iter()
            .any(|i| years.iter().any(|y| engine.benchmark(&i.id, name, *y).is_some()));
        if any {
            continue;
        }
        let mut d = Diagnostic::warning(
            "chart.no-benchmark",
            format!(
                "chart \"{}\" asks for comparison values \"{name}\", but none of its indicators has any for {}",
                spec.id,
                span(years)
            ),
        )
        .at(Location::file(file));
        let mut names: Vec<String> = shown
            .iter()
            .flat_map(|i| engine.benchmark_names(&i.id, year))
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            d = d.note(format!("available for {year}: {}", names.join(", ")));
        }
        diags.push(d);
    }
}

/// The figures as a table below the chart, and its source line.
fn companion_table(
    engine: &Engine,
    spec: &ChartSpec,
    shown: &[&Indicator],
    years: &[i32],
) -> (Table, Option<String>) {
    let ids: Vec<String> = shown.iter().map(|i| i.id.clone()).collect();
    let data = tables::build(
        engine,
        &ids,
        &tables::Options {
            years: years.to_vec(),
            change: false,
        },
    );
    let source = (!data.sources.is_empty())
        .then(|| format!("Källa: {}", crate::compute::table::sources_text(&data.sources)));
    let table = Table {
        id: spec.id.clone(),
        block: format!("figur-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        header: data.header,
        align: data.align,
        rows: data.rows,
        source: None,
        notes: data.notes,
        markdown: None,
    };
    (table, source)
}

/// A chart being drawn: what each step adds to.
struct Drawing<'a> {
    engine: &'a Engine,
    spec: &'a ChartSpec,
    years: &'a [i32],
    shown: &'a [&'a Indicator],
    style: NumberStyle,
    alt: String,
    series: Vec<ChartSeries>,
    markers: Vec<Marker>,
    legend: Vec<LegendEntry>,
    target_notes: Vec<String>,
    table: Table,
}

impl Drawing<'_> {
    fn with_target(&self) -> bool {
        self.spec.target.unwrap_or(true)
    }

    /// Columns and lines: the years along the axis, one series per indicator, then its
    /// comparison values and its målvärden. Returns the categories (the years).
    fn per_year(&mut self) -> Vec<String> {
        let many = self.shown.len() > 1;
        for (k, ind) in self.shown.iter().enumerate() {
            self.indicator_series(k, ind);
            for name in &self.spec.benchmarks {
                self.benchmark_series(k, ind, name, many);
            }
            if self.with_target() {
                self.target_lines(ind, many);
            }
        }
        self.years.iter().map(i32::to_string).collect()
    }

    fn indicator_series(&mut self, k: usize, ind: &Indicator) {
        let (engine, years) = (self.engine, self.years);
        let values: Vec<ChartValue> = years.iter().map(|&y| value_of(engine, ind, y)).collect();
        let breaks = years
            .iter()
            .enumerate()
            .filter(|(i, y)| *i > 0 && ind.breaks.iter().any(|b| b.year == **y))
            .map(|(i, _)| i)
            .collect();
        let words = spoken_years(years, &values, ind, engine);
        self.alt.push_str(&format!(" {}: {words}.", ind.name));
        for b in ind
            .breaks
            .iter()
            .filter(|b| years.first() < Some(&b.year) && years.contains(&b.year))
        {
            self.alt.push_str(&format!(
                " Värdena från {} är inte jämförbara med tidigare år.",
                b.year
            ));
        }
        self.legend.push(LegendEntry {
            label: ind.name.clone(),
            role: "value",
            colour: k,
        });
        self.series.push(ChartSeries {
            name: ind.name.clone(),
            role: "value",
            colour: k,
            values,
            breaks,
        });
    }

    /// One comparison (riket, län …) of one indicator as a dashed series and a table row.
    fn benchmark_series(&mut self, k: usize, ind: &Indicator, name: &str, many: bool) {
        let (engine, years, style) = (self.engine, self.years, self.style);
        let values: Vec<Option<f64>> = years
            .iter()
            .map(|&y| {
                engine
                    .benchmark(&ind.id, name, y)
                    .and_then(|v| format::shown(v, ind.unit, ind.decimals()))
            })
            .collect();
        if values.iter().all(Option::is_none) {
            return;
        }
        let label = if many {
            format!("{}, {}", ind.name, crate::compute::benchmarks::label(name))
        } else {
            benchmark_label(name)
        };
        let values: Vec<ChartValue> = values
            .into_iter()
            .map(|v| match v {
                Some(x) => ChartValue {
                    value: Some(x),
                    label: format::number(x, ind.decimals(), &style),
                    state: "value",
                },
                None => ChartValue {
                    value: None,
                    label: "..".to_string(),
                    state: "missing",
                },
            })
            .collect();
        let words = spoken_years(years, &values, ind, engine);
        self.alt.push_str(&format!(" {label}: {words}."));
        let mut row = vec![label.clone()];
        row.extend(values.iter().map(|v| v.label.clone()));
        self.table.rows.push(row);
        self.legend.push(LegendEntry {
            label: label.clone(),
            role: "benchmark",
            colour: k,
        });
        self.series.push(ChartSeries {
            name: label,
            role: "benchmark",
            colour: k,
            values,
            breaks: Vec::new(),
        });
    }

    /// The målvärden of one indicator as horizontal lines, worded in the alt text and notes.
    fn target_lines(&mut self, ind: &Indicator, many: bool) {
        for (label, value, phrase) in all_targets_of(self.engine, ind, self.engine.year, &self.style) {
            let (label, phrase) = if many {
                (
                    format!("{label} ({})", ind.name),
                    format!("{phrase} för {}", lower(&ind.name)),
                )
            } else {
                (label, phrase)
            };
            self.alt.push_str(&format!(" {}.", upper(&phrase)));
            self.target_notes.push(format!("{}.", upper(&phrase)));
            self.markers.push(Marker {
                role: "target",
                category: None,
                value,
                label,
            });
        }
    }

    /// Bars: one group per indicator with a bar per year, comparison values and målvärden of
    /// the report year marked on the group. Returns the categories (the indicators).
    fn per_indicator(&mut self) -> Vec<String> {
        let (engine, years) = (self.engine, self.years);
        for (k, &y) in years.iter().enumerate() {
            let values: Vec<ChartValue> = self.shown.iter().map(|ind| value_of(engine, ind, y)).collect();
            // The report year in the accent colour, earlier years lighter.
            let colour = years.len() - 1 - k;
            self.legend.push(LegendEntry {
                label: y.to_string(),
                role: "value",
                colour,
            });
            self.series.push(ChartSeries {
                name: y.to_string(),
                role: "value",
                colour,
                values,
                breaks: Vec::new(),
            });
        }
        let mut extra_columns: Vec<(String, Vec<String>)> = Vec::new();
        for name in &self.spec.benchmarks {
            self.bar_benchmark(name, &mut extra_columns);
        }
        if self.with_target() {
            self.bar_targets(&mut extra_columns);
        }
        self.bar_alt();
        for (head, col) in extra_columns {
            self.table.header.push(head);
            self.table.align.push("right");
            for (row, cell) in self.table.rows.iter_mut().zip(col) {
                row.push(cell);
            }
        }
        self.shown.iter().map(|i| i.name.clone()).collect()
    }

    fn bar_benchmark(&mut self, name: &str, extra_columns: &mut Vec<(String, Vec<String>)>) {
        let (engine, year, style) = (self.engine, self.engine.year, self.style);
        let label = benchmark_label(name);
        let mut col = Vec::new();
        for (c, ind) in self.shown.iter().enumerate() {
            let v = engine
                .benchmark(&ind.id, name, year)
                .and_then(|v| format::shown(v, ind.unit, ind.decimals()));
            col.push(v.map_or_else(|| "..".to_string(), |x| format::number(x, ind.decimals(), &style)));
            if let Some(x) = v {
                self.markers.push(Marker {
                    role: "benchmark",
                    category: Some(c),
                    value: x,
                    label: format!("{label} {}", with_unit(x, ind, &style)),
                });
            }
        }
        if col.iter().any(|c| c != "..") {
            extra_columns.push((format!("{label} {year}"), col));
            self.legend.push(LegendEntry {
                label: format!("{label} {year}"),
                role: "benchmark",
                colour: 0,
            });
        }
    }

    fn bar_targets(&mut self, extra_columns: &mut Vec<(String, Vec<String>)>) {
        let (year, style) = (self.engine.year, self.style);
        let mut col = Vec::new();
        for (c, ind) in self.shown.iter().enumerate() {
            // The column holds the catalogue's målvärden; a goal's target is marked on the bar.
            let ts = targets_of(ind, year, &style);
            col.push(if ts.is_empty() {
                "–".to_string()
            } else {
                ts.iter()
                    .map(|t| format::number(t.1, ind.decimals(), &style))
                    .collect::<Vec<_>>()
                    .join(" / ")
            });
            for (label, value, _) in all_targets_of(self.engine, ind, year, &style) {
                self.markers.push(Marker {
                    role: "target",
                    category: Some(c),
                    value,
                    label,
                });
            }
        }
        if col.iter().any(|c| c.contains(" / ")) {
            self.table
                .notes
                .push("Målvärde: nationellt / lokalt.".to_string());
        }
        if col.iter().any(|c| c != "–") {
            extra_columns.push(("Målvärde".to_string(), col));
            self.legend.push(LegendEntry {
                label: "Målvärde".to_string(),
                role: "target",
                colour: 0,
            });
        }
    }

    /// The alt text of bars: per indicator its years' values and the marks on its group.
    fn bar_alt(&mut self) {
        let (engine, years) = (self.engine, self.years);
        for (c, ind) in self.shown.iter().enumerate() {
            let words: Vec<String> = years
                .iter()
                .zip(&self.series)
                .map(|(y, s)| {
                    let v = &s.values[c];
                    if years.len() == 1 {
                        spoken_with_unit(v, ind, engine)
                    } else {
                        format!("{y}: {}", spoken_with_unit(v, ind, engine))
                    }
                })
                .collect();
            let refs: Vec<String> = self
                .markers
                .iter()
                .filter(|m| m.category == Some(c))
                .map(|m| lower_first_word(&m.label))
                .collect();
            let refs = if refs.is_empty() {
                String::new()
            } else {
                format!(" ({})", refs.join(", "))
            };
            self.alt
                .push_str(&format!(" {}: {}{refs}.", ind.name, words.join(", ")));
        }
    }

    fn finish_legend(&mut self) {
        if self.spec.kind == ChartKind::Bars {
            // Bars are read per indicator; when only one year is drawn it needs no legend entry.
            if self.years.len() == 1 {
                self.legend.retain(|l| l.role != "value");
            }
        } else {
            // One series needs no key (the caption names it); målvärden always get one.
            if self.series.len() == 1 {
                self.legend.clear();
            }
            self.legend.extend(self.markers.iter().map(|m| LegendEntry {
                label: m.label.clone(),
                role: "target",
                colour: 0,
            }));
        }
    }
}

/// "2022: 45 %, 2023: färre än 5, 2024: 52 %": a series' values as the alt text says them.
fn spoken_years(years: &[i32], values: &[ChartValue], ind: &Indicator, engine: &Engine) -> String {
    let words: Vec<String> = years
        .iter()
        .zip(values)
        .map(|(y, v)| format!("{y}: {}", spoken_with_unit(v, ind, engine)))
        .collect();
    words.join(", ")
}
