//! `riskmatris`: the risk register (data/risker.csv) as a sannolikhet × konsekvens matrix,
//! as Härnösand prints it. Each cell names the risks placed there (R1, R4) and is coloured by
//! its riskvärde (sannolikhet × konsekvens): låg 1–3, måttlig 4–6, hög 8–9, mycket hög 12–16.
//! The alt text lists the risks from the highest value down, and the companion table gives
//! the matrix as text.

use crate::compute::Engine;
use crate::diag::{Diagnostic, Location};
use crate::model::outline::ChartSpec;
use crate::model::records::Risk;
use crate::render::tables::Table;
use crate::render::tables::records::risk_level;

use super::{Axis, Chart, ChartSeries, ChartValue};

pub const PROBABILITY: [&str; 4] = ["Mycket liten", "Liten", "Stor", "Mycket stor"];
pub const CONSEQUENCE: [&str; 4] = ["Försumbar", "Lindrig", "Kännbar", "Katastrofal"];

/// The colour class of a riskvärde, as charts.typ fills the cell.
fn state(score: u8) -> &'static str {
    match score {
        0..=3 => "low",
        4..=6 => "moderate",
        7..=9 => "high",
        _ => "very-high",
    }
}

pub fn build(engine: &Engine, spec: &ChartSpec, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Chart> {
    if !spec.indicators.is_empty() {
        diags.push(
            Diagnostic::warning(
                "outline.ignored-key",
                format!(
                    "`indicators:` of chart \"{}\" has no effect: a riskmatris draws data/risker.csv",
                    spec.id
                ),
            )
            .at(Location::file(file)),
        );
    }
    let risks = &engine.model().records.risks;
    if risks.is_empty() {
        diags.push(
            Diagnostic::warning(
                "chart.empty",
                format!(
                    "chart \"{}\" ({}) has no risks and is left out",
                    spec.id, spec.caption
                ),
            )
            .note("add the risk register as data/risker.csv"),
        );
        return None;
    }
    Some(chart(spec, risks))
}

/// The matrix of `risks` (not empty), as every format draws it.
pub fn chart(spec: &ChartSpec, risks: &[Risk]) -> Chart {
    let cell = |p: u8, c: u8| -> Vec<&Risk> {
        risks
            .iter()
            .filter(|r| r.probability == p && r.consequence == c)
            .collect()
    };
    let names = |rs: &[&Risk]| {
        rs.iter()
            .map(|r| format!("R{}", r.number))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut series = Vec::new();
    let mut table_rows = Vec::new();
    for p in (1..=4u8).rev() {
        let label = format!("{} ({p})", PROBABILITY[usize::from(p - 1)]);
        let mut values = Vec::new();
        let mut row = vec![label.clone()];
        for c in 1..=4u8 {
            let here = cell(p, c);
            values.push(ChartValue {
                value: Some(here.len() as f64),
                label: names(&here),
                state: state(p * c),
            });
            row.push(if here.is_empty() {
                "–".to_string()
            } else {
                names(&here)
            });
        }
        series.push(ChartSeries {
            name: label,
            role: "value",
            colour: 0,
            values,
            breaks: Vec::new(),
        });
        table_rows.push(row);
    }
    let categories: Vec<String> = CONSEQUENCE
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} ({})", i + 1))
        .collect();
    let mut header = vec!["Sannolikhet".to_string()];
    header.extend(
        categories
            .iter()
            .map(|c| format!("Konsekvens: {}", c.to_lowercase())),
    );
    let table = Table {
        id: spec.id.clone(),
        block: format!("figur-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        align: header.iter().map(|_| "left").collect(),
        header,
        rows: table_rows,
        source: None,
        notes: vec!["R1, R2 …: riskens nummer i tabellen över risker och åtgärder.".to_string()],
        markdown: None,
    };
    Chart {
        id: spec.id.clone(),
        block: format!("figur-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        chart_type: "matrix",
        unit: String::new(),
        categories,
        series,
        axis: Axis {
            min: 0.0,
            max: 16.0,
            ticks: Vec::new(),
        },
        markers: Vec::new(),
        legend: Vec::new(),
        alt: alt_text(spec, risks),
        table,
        show_table: true,
        figures_in: None,
        source: Some("Källa: Nämndens riskanalys".to_string()),
    }
}

/// "Riskmatris: …. 5 risker bedömda efter sannolikhet och konsekvens, från 1 till 4. Mycket hög
/// risk: R1 Fall vid förflyttning (sannolikhet 3, konsekvens 4). …"
fn alt_text(spec: &ChartSpec, risks: &[Risk]) -> String {
    let mut sorted: Vec<&Risk> = risks.iter().collect();
    sorted.sort_by(|a, b| b.score().cmp(&a.score()).then(a.number.cmp(&b.number)));
    let mut alt = format!(
        "Riskmatris: {}. {} {} bedömda efter sannolikhet och konsekvens, var och en från 1 till 4.",
        spec.caption.trim_end_matches('.'),
        risks.len(),
        if risks.len() == 1 { "risk" } else { "risker" }
    );
    let mut level = "";
    for r in sorted {
        let l = risk_level(r.score());
        if l != level {
            if !level.is_empty() {
                alt.push('.');
            }
            alt.push_str(&format!(" {} risk:", l));
            level = l;
        } else {
            alt.push(';');
        }
        alt.push_str(&format!(
            " R{} {} (sannolikhet {}, konsekvens {})",
            r.number,
            r.risk.trim_end_matches('.'),
            r.probability,
            r.consequence
        ));
    }
    alt.push('.');
    alt
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn risk(number: usize, p: u8, c: u8, name: &str) -> Risk {
        Risk {
            number,
            risk: name.to_string(),
            area: None,
            probability: p,
            consequence: c,
            measure: None,
            responsible: None,
            status: None,
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        }
    }

    #[test]
    fn the_alt_text_lists_risks_from_the_highest_level() {
        let spec: ChartSpec =
            serde_yaml::from_str("{id: r, caption: Identifierade risker, type: riskmatris}").unwrap();
        let alt = alt_text(
            &spec,
            &[
                risk(1, 1, 2, "Trycksår"),
                risk(2, 3, 4, "Fall"),
                risk(3, 2, 2, "Hot"),
            ],
        );
        assert_eq!(
            alt,
            "Riskmatris: Identifierade risker. 3 risker bedömda efter sannolikhet och konsekvens, var och en från 1 till 4. \
             Mycket hög risk: R2 Fall (sannolikhet 3, konsekvens 4). Måttlig risk: R3 Hot (sannolikhet 2, konsekvens 2). \
             Låg risk: R1 Trycksår (sannolikhet 1, konsekvens 2)."
        );
    }

    #[test]
    fn cells_are_coloured_by_the_product() {
        assert_eq!(state(3), "low");
        assert_eq!(state(4), "moderate");
        assert_eq!(state(9), "high");
        assert_eq!(state(12), "very-high");
    }
}
