//! The trend engine: every comparison the report states is computed here from the model, and
//! worded in Swedish by rules instead of by hand.
//!
//! * [`words`]: direction, judgement and magnitude words and their thresholds.
//! * [`change`]: the change between two values (procentenheter for shares, percent for counts).
//! * [`series`]: year windows, streaks ("för tredje året i rad") and extremes ("den högsta
//!   nivån sedan 2019").
//! * [`targets`]: målvärden met, nearly met or not met, with the distance.
//! * [`benchmarks`]: above, below or level with riket or länet.
//! * [`suppress`]: small-number protection, with secondary suppression.
//! * [`revisions`]: the data each build used, and values changed since the previous edition.
//! * [`sentence`]: the generated sentences; [`table`]: the data tables with their notes.
//! * [`prose`]: the section being written (the years its tables show), the per-chapter phrase
//!   budget, and the record of every generated sentence.
//!
//! All of it is pure: an [`Engine`] holds the model, the report year and what was derived from
//! them (protected cells, revisions), and hands out [`Cell`]s. Nothing compares across a
//! comparability break or with a missing or protected value.

pub mod benchmarks;
pub mod breakdown;
pub mod change;
pub mod contribution;
pub mod paragraph;
pub mod periods;
pub mod prose;
pub mod records;
pub mod revisions;
pub mod sentence;
pub mod series;
pub mod suppress;
pub mod table;
pub mod targets;
pub mod words;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::{self, NumberStyle};
use crate::model::Model;
use crate::model::catalogue::Indicator;
use crate::model::observation::{Qualifier, Sex};
use crate::model::period::Period;

use crate::config::privacy::Privacy;
use revisions::Revision;
use suppress::Protection;
use words::Thresholds;

/// A value as the report uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// As given in the data.
    pub raw: f64,
    /// As printed: rounded to the indicator's decimals, in display units (percent for `andel`).
    pub shown: f64,
    /// Decimals it is printed with: the catalogue's, or as written in the data.
    pub decimals: u8,
    /// The part of the period the value covers ("januari–november"), from the data.
    pub period_note: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CellKind {
    Value(Point),
    /// No row, or a row reported as missing (`..`).
    Missing {
        note: Option<String>,
    },
    /// A count of persons below the threshold: "färre än N".
    Small,
    /// Hidden so that a small count cannot be computed from a total.
    Hidden,
}

/// One indicator's value for one period (a year, or a halvår, tertial, kvartal, month or
/// delår).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `period.year()`.
    pub year: i32,
    pub period: Period,
    pub kind: CellKind,
}

impl Cell {
    pub fn new(period: Period, kind: CellKind) -> Cell {
        Cell {
            year: period.year(),
            period,
            kind,
        }
    }

    /// "2024", "tertial 2 2024": the period as the report names it.
    pub fn label(&self) -> String {
        self.period.label()
    }

    pub fn point(&self) -> Option<&Point> {
        match &self.kind {
            CellKind::Value(p) => Some(p),
            _ => None,
        }
    }

    pub fn missing(year: i32) -> Cell {
        Cell::missing_at(Period::Year { year })
    }

    pub fn missing_at(period: Period) -> Cell {
        Cell::new(period, CellKind::Missing { note: None })
    }

    /// A value from the data, rounded as `ind` prints it.
    pub fn value(ind: &Indicator, year: i32, raw: f64) -> Cell {
        match format::shown(raw, ind.unit, ind.decimals()) {
            Some(shown) => Cell::new(
                Period::Year { year },
                CellKind::Value(Point {
                    raw,
                    shown,
                    decimals: ind.decimals(),
                    period_note: None,
                    qualifier: None,
                    note: None,
                }),
            ),
            None => Cell::missing(year),
        }
    }
}

/// An indicator's yearly values.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    pub indicator: &'a Indicator,
    pub cells: BTreeMap<i32, Cell>,
}

impl Series<'_> {
    /// The cell for `year`; missing when the data has no row.
    pub fn get(&self, year: i32) -> Cell {
        self.cells
            .get(&year)
            .cloned()
            .unwrap_or_else(|| Cell::missing(year))
    }

    /// The break that separates `a` and `b`, if any: the first year of a new series lies in
    /// (min, max].
    pub fn break_between(&self, a: i32, b: i32) -> Option<&crate::model::catalogue::Break> {
        breaks_between(self.indicator, a, b)
    }
}

pub fn breaks_between(ind: &Indicator, a: i32, b: i32) -> Option<&crate::model::catalogue::Break> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    ind.breaks
        .iter()
        .filter(|br| lo < br.year && br.year <= hi)
        .max_by_key(|br| br.year)
}

/// Identifies a cell for protection: indicator, period, unit, sex (`T` counts as none).
type CellKey = (String, Period, Option<String>, Option<Sex>);

/// A map of cells hashed with foldhash: every cell of the model is looked up here, and the
/// keys are built from the project's own data.
type CellMap<V> = HashMap<CellKey, V, foldhash::fast::RandomState>;

/// The model for one report year, with protection and revisions worked out.
#[derive(Debug)]
pub struct Engine {
    model: Arc<Model>,
    pub year: i32,
    /// The report period: the year, or a halvår, tertial, … within it (avvikelserapport).
    pub period: Period,
    pub style: NumberStyle,
    pub thresholds: Thresholds,
    pub privacy: Privacy,
    protection: CellMap<Protection>,
    pub revisions: Vec<Revision>,
    /// Project-relative path of the previous edition's stored data, when one was read.
    pub previous: Option<String>,
    /// The section being written, the phrase budget and every generated sentence.
    pub prose: prose::Prose,
}

impl Engine {
    /// Works out protection for `model`; `previous` is the stored data of the previous edition
    /// (path and contents), for revisions. Problems in the `privacy:` block go to `diags`.
    pub fn new(
        model: Arc<Model>,
        year: i32,
        privacy: Privacy,
        previous: Option<(String, revisions::Underlag)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Engine {
        check_privacy(&model, &privacy, diags);
        let protection = protect_model(&model, &privacy);
        let mut engine = Engine {
            model,
            year,
            period: Period::Year { year },
            style: NumberStyle::default(),
            thresholds: Thresholds::default(),
            privacy,
            protection,
            revisions: Vec::new(),
            previous: None,
            prose: prose::Prose::default(),
        };
        if let Some((path, underlag)) = previous {
            engine.revisions = revisions::compare(&engine, &underlag);
            engine.previous = Some(path);
        }
        engine
    }

    /// An engine without protection or revisions, for tests and tools.
    pub fn plain(model: Model, year: i32) -> Engine {
        let privacy = Privacy {
            threshold: 0,
            ..Privacy::default()
        };
        Engine::new(Arc::new(model), year, privacy, None, &mut Vec::new())
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.model.indicator(id)
    }

    /// The indicator, or an error message with a did-you-mean.
    pub fn lookup(&self, id: &str) -> Result<&Indicator, String> {
        self.indicator(id).ok_or_else(|| {
            let hint = did_you_mean(id, self.model.catalogue.keys().map(String::as_str))
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            format!("unknown indicator \"{id}\"{hint}")
        })
    }

    /// Whether the data has a row (possibly `..`) for the indicator and year.
    pub fn has_row(&self, id: &str, year: i32) -> bool {
        self.model.observation(id, year).is_some()
    }

    /// Whether the data has a row (possibly `..`) for the indicator and period, for the
    /// organisation as a whole.
    pub fn has_row_at(&self, id: &str, period: Period) -> bool {
        self.observation_at(id, period).is_some()
    }

    fn observation_at(&self, id: &str, period: Period) -> Option<&crate::model::observation::Observation> {
        match period {
            Period::Year { year } => self.model.observation(id, year),
            _ => self.model.breakdowns.iter().find(|o| {
                o.indicator == id
                    && o.period == period
                    && o.unit.is_none()
                    && matches!(o.sex, None | Some(Sex::T))
            }),
        }
    }

    pub fn protection(&self, id: &str, year: i32) -> Protection {
        self.protection_at(id, Period::Year { year })
    }

    pub fn protection_at(&self, id: &str, period: Period) -> Protection {
        let key = (id.to_string(), period, None, None);
        self.protection.get(&key).copied().unwrap_or(Protection::Shown)
    }

    /// Protection of a unit's value (sex total) for a period; `None` is the organisation.
    pub fn protection_of_unit(&self, id: &str, period: Period, unit: Option<&str>) -> Protection {
        let key = (id.to_string(), period, unit.map(str::to_string), None);
        self.protection.get(&key).copied().unwrap_or(Protection::Shown)
    }

    pub fn cell(&self, id: &str, year: i32) -> Cell {
        self.cell_at(id, Period::Year { year })
    }

    /// The organisation's value for a period; sub-year periods come from the breakdowns.
    pub fn cell_at(&self, id: &str, period: Period) -> Cell {
        let Some(ind) = self.indicator(id) else {
            return Cell::missing_at(period);
        };
        match self.protection_at(id, period) {
            Protection::Small => return Cell::new(period, CellKind::Small),
            Protection::Hidden => return Cell::new(period, CellKind::Hidden),
            Protection::Shown => {}
        }
        let Some(o) = self.observation_at(id, period) else {
            return Cell::missing_at(period);
        };
        Cell::new(period, observed(ind, o))
    }

    /// Every year the data has for the indicator, plus the report year.
    pub fn series<'a>(&'a self, ind: &'a Indicator) -> Series<'a> {
        let mut years: Vec<i32> = self
            .model
            .series
            .get(&ind.id)
            .map(|s| s.keys().copied().collect())
            .unwrap_or_default();
        years.push(self.year);
        let cells = years.into_iter().map(|y| (y, self.cell(&ind.id, y))).collect();
        Series {
            indicator: ind,
            cells,
        }
    }

    /// A comparison value (`riket`, `lan`, …) for the indicator and year.
    pub fn benchmark(&self, id: &str, name: &str, year: i32) -> Option<f64> {
        let by_name = self.model.benchmarks.get(id)?;
        let name = if name == "län" { "lan" } else { name };
        by_name.get(name)?.get(&year).copied()
    }

    /// Benchmark names available for the indicator in `year`, riket first.
    pub fn benchmark_names(&self, id: &str, year: i32) -> Vec<String> {
        let mut names: Vec<String> = self
            .model
            .benchmarks
            .get(id)
            .map(|m| {
                m.iter()
                    .filter(|(_, years)| years.contains_key(&year))
                    .map(|(n, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default();
        names.sort_by_key(|n| (n != "riket", n != "lan", n.clone()));
        names
    }

    pub fn revision(&self, id: &str, year: i32) -> Option<&Revision> {
        self.revisions
            .iter()
            .find(|r| r.indicator == id && r.year == year)
    }

    /// Whether an indicator counts persons (catalogue or `privacy.persons`).
    pub fn counts_persons(&self, ind: &Indicator) -> bool {
        counts_persons(&self.privacy, ind)
    }
}

fn counts_persons(privacy: &Privacy, ind: &Indicator) -> bool {
    ind.persons || privacy.persons.iter().any(|p| p == &ind.id)
}

fn check_privacy(model: &Model, privacy: &Privacy, diags: &mut Vec<Diagnostic>) {
    let ids = privacy.persons.iter().chain(
        privacy
            .totals
            .iter()
            .flat_map(|t| std::iter::once(&t.total).chain(&t.parts)),
    );
    for id in ids {
        if model.indicator(id).is_none() {
            let mut d = Diagnostic::error(
                "config.unknown-indicator",
                format!("privacy: unknown indicator \"{id}\""),
            )
            .at(Location::file(crate::config::FILE_NAME));
            if let Some(s) = did_you_mean(id, model.catalogue.keys().map(String::as_str)) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
        }
    }
}

/// Primary and secondary protection for every cell of the model.
fn protect_model(model: &Model, privacy: &Privacy) -> CellMap<Protection> {
    if privacy.threshold == 0 {
        return CellMap::default();
    }
    let mut keys: Vec<CellKey> = Vec::new();
    let mut index: CellMap<usize> = CellMap::default();
    let mut inputs: Vec<suppress::Input> = Vec::new();
    let mut add = |key: CellKey, value: Option<f64>, sensitive: bool| -> usize {
        *index.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            inputs.push(suppress::Input { value, sensitive });
            inputs.len() - 1
        })
    };
    let sensitive = |id: &str| {
        model
            .indicator(id)
            .is_some_and(|ind| counts_persons(privacy, ind))
    };
    let norm = |sex: Option<Sex>| sex.filter(|s| *s != Sex::T);
    for (id, years) in &model.series {
        for (year, o) in years {
            add(
                (id.clone(), Period::Year { year: *year }, None, None),
                o.value,
                sensitive(id),
            );
        }
    }
    for o in &model.breakdowns {
        add(
            (o.indicator.clone(), o.period, o.unit.clone(), norm(o.sex)),
            o.value,
            sensitive(&o.indicator),
        );
    }
    // Equations: sex parts of each (indicator, period, unit), unit parts of each (indicator,
    // period, sex), and the configured totals per year.
    let mut groups: BTreeMap<(String, Period, Option<String>), Vec<usize>> = BTreeMap::new();
    let mut unit_groups: BTreeMap<(String, Period, Option<Sex>), Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let (id, period, unit, sex) = key;
        if sex.is_some() {
            groups
                .entry((id.clone(), *period, unit.clone()))
                .or_default()
                .push(i);
        }
        if unit.is_some() {
            unit_groups
                .entry((id.clone(), *period, *sex))
                .or_default()
                .push(i);
        }
    }
    let mut equations = Vec::new();
    for ((id, period, unit), parts) in groups {
        if let Some(&total) = index.get(&(id, period, unit, None)) {
            equations.push(suppress::Equation { total, parts });
        }
    }
    for ((id, period, sex), parts) in unit_groups {
        if let Some(&total) = index.get(&(id, period, None, sex)) {
            equations.push(suppress::Equation { total, parts });
        }
    }
    let years: std::collections::BTreeSet<i32> = model.years();
    for spec in &privacy.totals {
        for &year in &years {
            let key = |id: &str| (id.to_string(), Period::Year { year }, None, None);
            let Some(&total) = index.get(&key(&spec.total)) else {
                continue;
            };
            // A part without a row is unknown to a reader; it is added as missing.
            let mut parts = Vec::new();
            for p in &spec.parts {
                let i = *index.entry(key(p)).or_insert_with(|| {
                    inputs.push(suppress::Input {
                        value: None,
                        sensitive: sensitive(p),
                    });
                    keys.push(key(p));
                    inputs.len() - 1
                });
                parts.push(i);
            }
            equations.push(suppress::Equation { total, parts });
        }
    }
    let prot = suppress::protect(&inputs, &equations, privacy.threshold);
    keys.into_iter()
        .zip(prot)
        .filter(|(_, p)| *p != Protection::Shown)
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Indicators and models for tests, built through serde so that new catalogue fields with
    //! defaults do not break them.
    use super::*;

    pub fn indicator(yaml: &str) -> Indicator {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("test indicator: {e}\n{yaml}"))
    }

    /// A model with one indicator and yearly values (`None` = reported missing).
    pub fn model(ind_yaml: &str, values: &[(i32, Option<f64>)]) -> Model {
        let ind = indicator(ind_yaml);
        let id = ind.id.clone();
        let mut catalogue = crate::model::catalogue::Catalogue::new();
        catalogue.insert(id.clone(), ind);
        let observations = values
            .iter()
            .map(|&(year, value)| observation(&id, year, value))
            .collect();
        let collected = crate::model::collected::Collected {
            observations,
            ..Default::default()
        };
        Model::build(catalogue, collected)
    }

    /// An observation as the key-figure reader makes it (so that new fields keep working).
    pub fn observation(id: &str, year: i32, value: Option<f64>) -> crate::model::observation::Observation {
        let mut catalogue = crate::model::catalogue::Catalogue::new();
        catalogue.insert(
            id.to_string(),
            indicator(&format!("{{id: {id}, name: X, unit: kronor}}")),
        );
        let cell = value.map_or_else(|| "..".to_string(), |v| v.to_string().replace('.', ","));
        let csv = format!("indikator;period;värde\n{id};{year};{cell}\n");
        let mut diags = Vec::new();
        let mut read =
            crate::data::keyfigures::read("data/nyckeltal.csv", csv.as_bytes(), &catalogue, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        read.remove(0)
    }

    pub fn series<'a>(ind: &'a Indicator, values: &[(i32, Option<f64>)]) -> Series<'a> {
        let cells = values
            .iter()
            .map(|&(y, v)| {
                (
                    y,
                    match v {
                        Some(v) => Cell::value(ind, y, v),
                        None => Cell::missing(y),
                    },
                )
            })
            .collect();
        Series {
            indicator: ind,
            cells,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    const PERSONS: &str =
        "{id: p, name: Personer med trycksår, unit: antal, persons: true, polarity: lower_better}";

    #[test]
    fn cells_are_rounded_as_printed() {
        let m = model(
            "{id: a, name: A, unit: andel, decimals: 1}",
            &[(2023, Some(0.4256)), (2024, None)],
        );
        let e = Engine::plain(m, 2024);
        let c = e.cell("a", 2023);
        assert_eq!(c.point().map(|p| p.shown), Some(42.6));
        assert!(matches!(e.cell("a", 2024).kind, CellKind::Missing { .. }));
        assert!(matches!(e.cell("a", 2022).kind, CellKind::Missing { .. }));
    }

    #[test]
    fn small_person_counts_are_protected_in_the_engine() {
        let m = model(PERSONS, &[(2023, Some(3.0)), (2024, Some(12.0))]);
        let e = Engine::new(Arc::new(m), 2024, Privacy::default(), None, &mut Vec::new());
        assert_eq!(e.cell("p", 2023).kind, CellKind::Small);
        assert!(e.cell("p", 2024).point().is_some());
        let mut m = model(PERSONS, &[(2024, Some(41.0))]);
        let mut k = observation("p", 2024, Some(3.0));
        k.sex = Some(Sex::K);
        let mut man = observation("p", 2024, Some(38.0));
        man.sex = Some(Sex::M);
        m.breakdowns = vec![k, man];
        let e = Engine::new(Arc::new(m), 2024, Privacy::default(), None, &mut Vec::new());
        // The total stays; the men's count is hidden so the women's cannot be computed.
        assert!(e.cell("p", 2024).point().is_some());
        let hidden: Vec<_> = e.protection.values().copied().collect();
        assert_eq!(hidden.len(), 2);
        assert!(hidden.contains(&Protection::Small) && hidden.contains(&Protection::Hidden));
    }

    #[test]
    fn configured_totals_protect_across_indicators() {
        let mut catalogue = crate::model::catalogue::Catalogue::new();
        for y in [
            "{id: t, name: Totalt, unit: antal}",
            "{id: a, name: A, unit: antal, persons: true}",
            "{id: b, name: B, unit: antal}",
        ] {
            let ind = indicator(y);
            catalogue.insert(ind.id.clone(), ind);
        }
        let observations = vec![
            observation("t", 2024, Some(30.0)),
            observation("a", 2024, Some(2.0)),
            observation("b", 2024, Some(28.0)),
        ];
        let m = Model::build(
            catalogue,
            crate::model::collected::Collected {
                observations,
                ..Default::default()
            },
        );
        let privacy = Privacy {
            totals: vec![crate::config::privacy::TotalSpec {
                total: "t".into(),
                parts: vec!["a".into(), "b".into()],
            }],
            ..Privacy::default()
        };
        let mut diags = Vec::new();
        let e = Engine::new(Arc::new(m), 2024, privacy, None, &mut diags);
        assert!(diags.is_empty());
        assert_eq!(e.cell("a", 2024).kind, CellKind::Small);
        assert_eq!(e.cell("b", 2024).kind, CellKind::Hidden);
        assert!(e.cell("t", 2024).point().is_some());
    }

    #[test]
    fn unknown_ids_in_privacy_are_errors_with_a_hint() {
        let m = model(PERSONS, &[(2024, Some(3.0))]);
        let privacy = Privacy {
            persons: vec!["q".into()],
            ..Privacy::default()
        };
        let mut diags = Vec::new();
        let _ = Engine::new(Arc::new(m), 2024, privacy, None, &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("unknown indicator \"q\""));
    }

    #[test]
    fn breaks_are_found_between_years() {
        let ind = indicator("{id: x, name: X, unit: antal, breaks: [{year: 2023, reason: Ny metod}]}");
        assert!(breaks_between(&ind, 2022, 2023).is_some());
        assert!(breaks_between(&ind, 2023, 2022).is_some());
        assert!(breaks_between(&ind, 2021, 2024).is_some());
        assert!(breaks_between(&ind, 2023, 2024).is_none());
        assert!(breaks_between(&ind, 2021, 2022).is_none());
    }
}

/// An observation's cell: its value shown with the decimals it is written with (or the
/// catalogue's), or missing with its note. Shared by whole-organisation and breakdown cells.
pub(crate) fn observed(ind: &Indicator, o: &crate::model::observation::Observation) -> CellKind {
    let decimals = ind.decimals_of(o.decimals);
    match o
        .value
        .and_then(|v| Some((v, format::shown(v, ind.unit, decimals)?)))
    {
        Some((raw, shown)) => CellKind::Value(Point {
            raw,
            shown,
            decimals,
            period_note: o.period_note.clone(),
            qualifier: o.qualifier,
            note: o.note.clone(),
        }),
        None => CellKind::Missing { note: o.note.clone() },
    }
}
