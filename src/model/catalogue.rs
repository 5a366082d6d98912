//! The indicator catalogue: names as printed, units, decimals, polarity, targets and sources.
//! The built-in catalogue (`report-templates/indicators.yaml`) is merged with a project's
//! `data/indikatorer.yaml`, whose entries add to or replace built-in ones by id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::format::Unit;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// The subject of generated sentences when "Antalet …"/"Andelen …" + name does not read
    /// well, e.g. "Antalet läkemedelsavvikelser" for the category "Läkemedel".
    #[serde(default, alias = "subjekt", skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub unit: Unit,
    #[serde(default)]
    pub decimals: u8,
    #[serde(default)]
    pub polarity: Polarity,
    /// Counts of persons get small-number protection.
    #[serde(default)]
    pub persons: bool,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Comparison values by name (`riket`, `lan`, or another label) and year. Sources such as
    /// Kolada and the registries can also supply them as data.
    #[serde(default)]
    pub benchmarks: BTreeMap<String, BTreeMap<i32, f64>>,
    /// Years from which values are not comparable with earlier ones (new method, new
    /// category model): no change is stated across a break.
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// Indicators whose values sum to this one (the categories of a total); `check` reports
    /// years where they disagree. Several decompositions may be given as a list of lists.
    #[serde(default)]
    pub parts: Parts,
    #[serde(default)]
    pub description: Option<String>,
}

/// `parts: [a, b]` or, for a total with several breakdowns, `parts: [[a, b], [c, d, e]]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Parts {
    #[default]
    None,
    One(Vec<String>),
    Many(Vec<Vec<String>>),
}

impl Parts {
    pub fn decompositions(&self) -> Vec<&[String]> {
        match self {
            Parts::None => Vec::new(),
            Parts::One(p) if p.is_empty() => Vec::new(),
            Parts::One(p) => vec![p.as_slice()],
            Parts::Many(ps) => ps.iter().filter(|p| !p.is_empty()).map(Vec::as_slice).collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// The first year of the new series.
    pub year: i32,
    pub reason: String,
}

/// Printed name of a benchmark: "Riket", "Länet", or the label as given.
pub fn benchmark_label(name: &str) -> String {
    match name {
        "riket" => "Riket".to_string(),
        "lan" | "län" => "Länet".to_string(),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherBetter,
    LowerBetter,
    #[default]
    Neutral,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub level: TargetLevel,
    pub value: f64,
    #[serde(default)]
    pub from: Option<i32>,
    #[serde(default)]
    pub to: Option<i32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetLevel {
    National,
    Local,
}

pub type Catalogue = BTreeMap<String, Indicator>;

pub fn merge(builtin: Vec<Indicator>, project: Vec<Indicator>) -> Catalogue {
    builtin
        .into_iter()
        .chain(project)
        .map(|i| (i.id.clone(), i))
        .collect()
}
