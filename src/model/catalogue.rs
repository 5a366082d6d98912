//! The indicator catalogue: names as printed, units, decimals, polarity, targets and sources.
//! The built-in catalogue (`report-templates/indicators.yaml`) is merged with a project's
//! `data/indikatorer.yaml`, whose entries add to or replace built-in ones by id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::format::Unit;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    /// Units of the project's own, by id, for `unit_text:` of its indicators.
    #[serde(default, alias = "enheter")]
    pub units: BTreeMap<String, UnitText>,
    pub indicators: Vec<Indicator>,
}

/// A unit declared in the catalogue: how a value of it is written, "3,2 placeringar per barn".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitText {
    /// With exactly one: "placering per barn", "krona per invånare".
    #[serde(alias = "singular_form", alias = "ental")]
    pub singular: String,
    /// With any other number: "placeringar per barn", "kronor per invånare".
    #[serde(alias = "flertal")]
    pub plural: String,
    /// In a column heading: "per barn", "kr/inv.".
    #[serde(alias = "förkortning", alias = "forkortning", alias = "abbr")]
    pub abbreviation: String,
}

/// `unit_text:` of an indicator: a unit declared under `units:` (by id) or written out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum UnitRef {
    Declared(String),
    Text(UnitText),
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
    /// A unit of the catalogue's own, written instead of `unit`'s ("per barn"); `unit` still
    /// says what kind of number it is (`antal`, `kronor`).
    #[serde(default, alias = "enhetstext", skip_serializing_if = "Option::is_none")]
    pub unit_text: Option<UnitRef>,
    /// Decimals every value is printed with; without it each value keeps the decimals it is
    /// written with in the data ("80" stays "80 %" next to "71,58 %"), see [`Indicator::decimals_of`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The largest value a share may take when it can exceed 100 % (beläggningsgrad 102 %):
    /// `max: 110`, in the unit's own terms (percent for `procent`, 1,1 for `andel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
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
    /// Indicators this one can never exceed, whichever file the values come from (unique
    /// persons ≤ registrations): `check` reports a period where it does (`data.inconsistent`).
    #[serde(
        default,
        alias = "högst",
        alias = "hogst",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub at_most: Vec<String>,
    /// Editions from which the series has a new definition: values of earlier years that
    /// differ from the previous edition are then a new definition, not a revision.
    #[serde(default, alias = "ny_definition", skip_serializing_if = "Vec::is_empty")]
    pub redefined: Vec<Redefinition>,
    /// A value of a registry or staff export the source's vocabulary does not know, mapped to
    /// this indicator: a riskområde or training of the project's own (`measure:`).
    #[serde(default, alias = "mått", skip_serializing_if = "Option::is_none")]
    pub measure: Option<MeasureRef>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `measure: {source: senior_alert, measure: personer med risk, dimensions: {riskområde:
/// psykisk ohälsa}}`: the rows of a measure file that give this indicator.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRef {
    /// The source, by its id prefix or file name: `senior_alert`, `personal`.
    #[serde(alias = "källa", alias = "kalla")]
    pub source: String,
    /// The measure as written in the file's `mått` column.
    #[serde(alias = "mått", alias = "matt")]
    pub measure: String,
    /// Dimension values by dimension (column) name, as written in the file.
    #[serde(default, alias = "dimensioner")]
    pub dimensions: BTreeMap<String, String>,
}

/// `redefined: [{edition: 2024, reason: "…"}]`: from the 2024 edition the series is counted
/// in a new way (earlier years recomputed too).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Redefinition {
    /// The report year of the first edition with the new definition.
    #[serde(alias = "från", alias = "fran", alias = "from")]
    pub edition: i32,
    /// What changed, as a sentence: "Från 2024 räknas även korttidsboende med."
    #[serde(default, alias = "beskrivning", alias = "orsak")]
    pub reason: Option<String>,
}

impl Indicator {
    /// The declared unit, once resolved (see [`resolve_units`]).
    pub fn declared_unit(&self) -> Option<&UnitText> {
        match &self.unit_text {
            Some(UnitRef::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// A value with its unit, "42 %", "3,2 placeringar per barn" (`format::with_unit` with
    /// the catalogue's own unit when it declares one).
    pub fn with_unit(&self, value: f64, decimals: u8, style: &crate::format::NumberStyle) -> String {
        match self.declared_unit() {
            Some(t) => crate::format::with_words(value, decimals, false, (&t.singular, &t.plural), style),
            None => crate::format::with_unit(value, self.unit, decimals, style),
        }
    }

    /// A signed difference with its unit (`format::signed_with_unit`, or the declared unit).
    pub fn signed_with_unit(&self, diff: f64, decimals: u8, style: &crate::format::NumberStyle) -> String {
        match self.declared_unit() {
            Some(t) => crate::format::with_words(diff, decimals, true, (&t.singular, &t.plural), style),
            None => crate::format::signed_with_unit(diff, self.unit, decimals, style),
        }
    }

    /// The unit in a column heading: "%", "dagar", "per barn".
    pub fn unit_label(&self) -> &str {
        match self.declared_unit() {
            Some(t) => &t.abbreviation,
            None => crate::format::unit_label(self.unit),
        }
    }

    /// Decimals when the catalogue fixes them, else 0 (a value without one of its own).
    pub fn decimals(&self) -> u8 {
        self.decimals.unwrap_or(0)
    }

    /// Decimals of a value written with `written` decimals in the data: the catalogue's when
    /// it fixes them, else as written (shares moved to percent: 0,7158 is 71,58 %).
    pub fn decimals_of(&self, written: Option<u8>) -> u8 {
        match (self.decimals, written) {
            (Some(d), _) => d,
            (None, Some(w)) if self.unit == Unit::Andel => w.saturating_sub(2).min(MAX_DECIMALS),
            (None, Some(w)) => w.min(MAX_DECIMALS),
            (None, None) => 0,
        }
    }

    /// The redefinition that starts after the `previous` edition and by the `current` one.
    pub fn redefinition(&self, previous: i32, current: i32) -> Option<&Redefinition> {
        self.redefined
            .iter()
            .filter(|r| r.edition > previous && r.edition <= current)
            .max_by_key(|r| r.edition)
    }
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

/// The most decimals a value may be printed with.
pub const MAX_DECIMALS: u8 = 6;

/// What an indicator id looks like, for messages.
pub const ID_EXPECTED: &str = "an id of lowercase letters a–z, digits and `_`, in parts separated by `.`, starting with a letter, such as \"lex_sarah.rapporter\" (at most 100 characters)";

/// Whether `id` has the form of the built-in ids: `avvikelser.fall_med_skada`.
pub fn valid_id(id: &str) -> bool {
    id.len() <= 100
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// One step of the path to a value in the catalogue file, for locating a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// A value of an indicator that cannot be right, with where it is below the indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Vec<PathPart>,
    pub message: String,
    pub expected: String,
}

/// Every impossible value of one indicator: an id not of the catalogue's form, more than
/// [`MAX_DECIMALS`] decimals, and targets or benchmarks that are not finite numbers or lie
/// outside the unit's range (a share above 1, a negative count).
pub fn problems(ind: &Indicator) -> Vec<Problem> {
    use crate::model::observation::range_problem;
    let key = |k: &str| PathPart::Key(k.to_string());
    let name = crate::diag::shorten(&ind.id);
    let mut out = Vec::new();
    if !valid_id(&ind.id) {
        out.push(Problem {
            path: vec![key("id")],
            message: format!("indicator id \"{name}\" is not a valid id"),
            expected: format!("expected {ID_EXPECTED}"),
        });
    }
    if ind.decimals() > MAX_DECIMALS {
        out.push(Problem {
            path: vec![key("decimals")],
            message: format!("indicator \"{name}\" has decimals: {}", ind.decimals()),
            expected: format!("expected 0 to {MAX_DECIMALS} decimals"),
        });
    }
    let unit = serde_json::to_value(ind.unit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    // -1.7e308 as written, not as 309 digits.
    let shown = |v: f64| {
        if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
            format!("{v:e}")
        } else {
            format!("{v}")
        }
    };
    let check = |v: f64, what: &str| -> Option<(String, String)> {
        if !v.is_finite() {
            return Some((
                format!("{what} of indicator \"{name}\" is {v}, not a number"),
                "expected a finite number, such as 90".to_string(),
            ));
        }
        range_problem(v, ind.unit, ind.max).map(|p| {
            (
                format!("{what} {} of indicator \"{name}\" {p}", shown(v)),
                format!("expected a value in the range of its unit ({unit})"),
            )
        })
    };
    if let Some(m) = ind.max {
        let (floor, unit_max) = match ind.unit {
            Unit::Andel => (1.0, 1.0),
            _ => (100.0, 100.0),
        };
        let share = matches!(ind.unit, Unit::Procent | Unit::Andel);
        if !share || !m.is_finite() || m < floor {
            out.push(Problem {
                path: vec![key("max")],
                message: format!(
                    "max: {} of indicator \"{name}\" cannot raise the top of its unit ({unit})",
                    shown(m)
                ),
                expected: format!(
                    "expected max: only on a share (procent or andel), above {unit_max}, e.g. max: 110"
                ),
            });
        }
    }
    for (j, t) in ind.targets.iter().enumerate() {
        if let Some((message, expected)) = check(t.value, "the target") {
            out.push(Problem {
                path: vec![key("targets"), PathPart::Index(j), key("value")],
                message,
                expected,
            });
        }
    }
    for (label, years) in &ind.benchmarks {
        for (year, v) in years {
            if let Some((message, expected)) = check(*v, &format!("the benchmark {label} {year}")) {
                out.push(Problem {
                    path: vec![key("benchmarks"), key(label), key(&year.to_string())],
                    message,
                    expected,
                });
            }
        }
    }
    out
}

pub type Catalogue = BTreeMap<String, Indicator>;

/// Replace each `unit_text:` that names a unit by the unit declared under `units:`; the ids
/// (with their index in `indicators`) of those naming none.
pub fn resolve_units(file: &mut CatalogueFile) -> Vec<(usize, String)> {
    let mut unknown = Vec::new();
    for (n, ind) in file.indicators.iter_mut().enumerate() {
        if let Some(UnitRef::Declared(id)) = &ind.unit_text {
            match file.units.get(id) {
                Some(t) => ind.unit_text = Some(UnitRef::Text(t.clone())),
                None => unknown.push((n, id.clone())),
            }
        }
    }
    unknown
}

pub fn merge(builtin: Vec<Indicator>, project: Vec<Indicator>) -> Catalogue {
    builtin
        .into_iter()
        .chain(project)
        .map(|i| (i.id.clone(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(yaml: &str) -> Indicator {
        serde_yaml::from_str(yaml).unwrap()
    }

    /// Issue 10: a target of .nan printed "Målvärdet – nås inte."; .inf, -1.7e308 on a share,
    /// decimals: 255 and ids with capitals and spaces were accepted.
    #[test]
    fn impossible_values_are_problems() {
        let i = indicator(
            "{id: Mitt Id, name: X, unit: andel, decimals: 255, targets: [{level: local, value: .nan}, {level: national, value: -1.7e308}], benchmarks: {riket: {2024: .inf}}}",
        );
        let p = problems(&i);
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "indicator id \"Mitt Id\" is not a valid id",
                "indicator \"Mitt Id\" has decimals: 255",
                "the target of indicator \"Mitt Id\" is NaN, not a number",
                "the target -1.7e308 of indicator \"Mitt Id\" is outside 0–1 (a share)",
                "the benchmark riket 2024 of indicator \"Mitt Id\" is inf, not a number",
            ]
        );
        assert_eq!(
            p[2].path,
            [
                PathPart::Key("targets".into()),
                PathPart::Index(0),
                PathPart::Key("value".into())
            ]
        );
        assert_eq!(p[3].expected, "expected a value in the range of its unit (andel)");
        let ok = indicator(
            "{id: lex_sarah.rapporter, name: X, unit: procent, decimals: 6, targets: [{level: local, value: 100}]}",
        );
        assert!(problems(&ok).is_empty());
        for id in ["a", "avvikelser.fall_med_skada", "x2.y_3"] {
            assert!(valid_id(id), "{id}");
        }
        for id in ["", "A.b", "a..b", "a.", ".a", "1a", "a b", "a-b", "å"] {
            assert!(!valid_id(id), "{id}");
        }
    }
}
