//! A chart per kön, verksamhet or enhet (`per:` on a chart in the outline): the report year,
//! one group per indicator and one bar (or column) per part, with the figures as a table in
//! the layout of `fordelningstabell` and an alt text that says every part's value. Protected
//! parts are drawn without a height and labelled "<5" or "x", as in every chart.

use crate::compute::Engine;
use crate::compute::breakdown::{self, Dimension, Part};
use crate::diag::{Diagnostic, Location};
use crate::format;
use crate::model::catalogue::Indicator;
use crate::model::outline::{ChartKind, ChartSpec};
use crate::model::period::Period;
use crate::render::tables::Table;

use super::{Chart, ChartSeries, LegendEntry, axis, spoken_with_unit, value_of_cell};

pub fn build(
    engine: &Engine,
    spec: &ChartSpec,
    per: &str,
    known: &[&Indicator],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Chart> {
    let dim = dimension(spec, per, file, diags)?;
    let year = engine.year;
    let period = Period::Year { year };
    let data = match breakdown::table_across(engine, known, dim, year) {
        Ok(d) => d,
        Err(p) => {
            diags.push(
                Diagnostic::warning(
                    "chart.empty",
                    format!(
                        "chart \"{}\" ({}) is left out: {}",
                        spec.id,
                        spec.caption,
                        p.message()
                    ),
                )
                .note("give the indicator's rows a kön or enhet in the data"),
            );
            return None;
        }
    };
    let (series, legend) = series_per_part(engine, known, dim, period);
    let alt = alt_text(engine, spec, known, &series);
    let unit = known[0].unit;
    let (lo, hi) = series
        .iter()
        .flat_map(|s| s.values.iter().filter_map(|v| v.value))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
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
    Some(Chart {
        id: spec.id.clone(),
        block: format!("figur-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        chart_type: spec.kind.key(),
        unit: format::unit_label(unit).to_string(),
        categories: known.iter().map(|i| i.name.clone()).collect(),
        series,
        axis: axis(lo, hi, unit, &engine.style),
        markers: Vec::new(),
        legend,
        alt: format::full_stop(&alt),
        table,
        show_table: true,
        figures_in: None,
        source,
    })
}

/// The dimension `per:` names; an error for an unknown one or a line chart.
fn dimension(spec: &ChartSpec, per: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Dimension> {
    let Some(dim) = Dimension::parse(per) else {
        diags.push(
            Diagnostic::error(
                "outline.chart-per",
                format!("chart \"{}\": per: \"{per}\" is not a breakdown", spec.id),
            )
            .at(Location::file(file))
            .note(format!("expected {}", Dimension::EXPECTED)),
        );
        return None;
    };
    if spec.kind == ChartKind::Line {
        diags.push(
            Diagnostic::error(
                "outline.chart-per",
                format!("chart \"{}\": a line cannot be drawn per {per}", spec.id),
            )
            .at(Location::file(file))
            .note("use type: staplar or kolumner"),
        );
        return None;
    }
    Some(dim)
}

/// One series per part (kön, verksamhet or enhet) with a value per indicator, and the legend.
fn series_per_part(
    engine: &Engine,
    known: &[&Indicator],
    dim: Dimension,
    period: Period,
) -> (Vec<ChartSeries>, Vec<LegendEntry>) {
    let mut parts: Vec<Part> = Vec::new();
    for ind in known {
        for p in engine.parts(&ind.id, dim, &[period]) {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    if dim != Dimension::Kon {
        parts.sort_by_key(|p| breakdown::swedish_key(&p.label()));
    }
    let mut series = Vec::new();
    let mut legend = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let values = known
            .iter()
            .map(|ind| value_of_cell(engine, engine.part_cell(&ind.id, period, part).kind))
            .collect();
        legend.push(LegendEntry {
            label: part.label(),
            role: "value",
            colour: k,
        });
        series.push(ChartSeries {
            name: part.label(),
            role: "value",
            colour: k,
            values,
            breaks: Vec::new(),
        });
    }
    (series, legend)
}

/// "Stapeldiagram: …, 2024. Nöjda: kvinnor 88 %, män 84 %."
fn alt_text(engine: &Engine, spec: &ChartSpec, known: &[&Indicator], series: &[ChartSeries]) -> String {
    let year = engine.year;
    let mut alt = format!(
        "{}: {}, {year}.",
        spec.kind.noun(),
        spec.caption.trim_end_matches('.')
    );
    for (c, ind) in known.iter().enumerate() {
        let words: Vec<String> = series
            .iter()
            .map(|s: &ChartSeries| {
                format!(
                    "{} {}",
                    crate::compute::words::lower_first(&s.name),
                    spoken_with_unit(&s.values[c], ind, engine)
                )
            })
            .collect();
        alt.push_str(&format!(" {}: {}.", ind.name, words.join(", ")));
    }
    alt
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::compute::testing::{model, observation};
    use crate::model::observation::Sex;

    fn spec(kind: ChartKind, per: &str) -> ChartSpec {
        ChartSpec {
            id: "c".into(),
            caption: "Personer med beslut".into(),
            kind,
            indicators: vec!["p".into()],
            years: None,
            target: None,
            benchmarks: Vec::new(),
            table: Default::default(),
            per: Some(per.into()),
        }
    }

    #[test]
    fn parts_are_drawn_and_protected_parts_have_no_height() {
        let mut m = model(
            "{id: p, name: Personer med beslut, unit: antal, persons: true}",
            &[(2024, Some(41.0))],
        );
        for (sex, v) in [(Sex::K, 3.0), (Sex::M, 38.0)] {
            let mut o = observation("p", 2024, Some(v));
            o.sex = Some(sex);
            m.breakdowns.push(o);
        }
        let e = Engine::new(Arc::new(m), 2024, Default::default(), None, &mut Vec::new());
        let mut diags = Vec::new();
        let c = crate::render::chart::build(&e, &spec(ChartKind::Bars, "kon"), "o", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(c.categories, ["Personer med beslut"]);
        let bars: Vec<(&str, Option<f64>, &str)> = c
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.values[0].value, s.values[0].label.as_str()))
            .collect();
        assert_eq!(bars, [("Kvinnor", None, "<5"), ("Män", None, "x")]);
        assert_eq!(c.table.rows, [["Personer med beslut", "<5", "x", "41"]]);
        assert!(c.alt.contains("kvinnor färre än 5"), "{}", c.alt);
        // A line cannot be drawn per part; an unknown breakdown is named.
        for (kind, per) in [(ChartKind::Line, "kon"), (ChartKind::Bars, "kommun")] {
            let mut diags = Vec::new();
            assert!(crate::render::chart::build(&e, &spec(kind, per), "o", &mut diags).is_none());
            assert_eq!(diags[0].code, "outline.chart-per");
        }
    }
}
