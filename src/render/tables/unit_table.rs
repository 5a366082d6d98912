//! Counts per category × unit × year (`kind: per-enhet` in the outline), from the per-unit
//! breakdowns the event data (data/avvikelser.csv) yields: a long table with one row per
//! unit within each category (or per category within each unit), years as columns and a
//! subtotal per group. Readable on A4 portrait, unlike four side-by-side blocks.
//!
//! Shares per unit (a survey's result per hemtjänstområde, from Kolada's `oudata`) are shown
//! the same way, with the organisation's own share as the subtotal and no "Uppgift saknas" row
//! (a share's parts do not add up).
//!
//! Small-number protection applies as everywhere: a protected unit value shows as "<N" or
//! "x", and a subtotal that is not the organisation's own (protected) value is hidden when
//! any of its parts is.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::compute::suppress::Protection;
use crate::compute::table::{Marks, row_label};
use crate::compute::{CellKind, Engine};
use crate::format;
use crate::model::catalogue::Indicator;
use crate::model::outline::{GroupBy, UnitLevel};
use crate::model::period::Period;
use crate::render::markdown::escape::escape_markdown;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupedBlock {
    pub id: String,
    pub number: usize,
    pub caption: String,
    pub header: Vec<String>,
    pub groups: Vec<Group>,
    pub notes: Vec<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub label: String,
    /// Each row: the second column's label, then one cell per year.
    pub rows: Vec<Vec<String>>,
    /// "Totalt", then one cell per year.
    pub subtotal: Vec<String>,
}

pub struct Spec<'a> {
    pub id: &'a str,
    pub caption: &'a str,
    pub indicators: &'a [String],
    pub years: &'a [i32],
    pub group_by: GroupBy,
    pub level: UnitLevel,
}

/// What went wrong, for the caller's diagnostic.
#[derive(Debug, PartialEq)]
pub enum Problem {
    Unknown(String),
    /// No unit values for any of the indicators in the window.
    NoUnits,
}

/// A unit's value as shown, and what a reader may compute from it.
#[derive(Clone, Copy)]
enum Value {
    Count(f64),
    /// No row: the unit reported nothing that year.
    None,
    Small,
    Hidden,
}

const UNIT_SEP: &str = " / ";

fn at_level(unit: &str, level: UnitLevel) -> bool {
    match level {
        UnitLevel::Verksamhet => !unit.contains(UNIT_SEP),
        UnitLevel::Enhet => unit.contains(UNIT_SEP),
    }
}

/// Swedish alphabetical order for unit names: å, ä, ö after z.
fn swedish_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

pub fn build(engine: &Engine, spec: &Spec) -> Result<GroupedBlock, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut inds = Vec::new();
    for id in spec.indicators {
        match engine.indicator(id) {
            Some(ind) => inds.push(ind),
            None => problems.push(Problem::Unknown(id.clone())),
        }
    }
    let values = unit_values(engine, spec, &inds);
    let units = units_with_counts(&values);
    if units.is_empty() {
        problems.push(Problem::NoUnits);
        return Err(problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut grid = Grid {
        engine,
        spec,
        values,
        used: Marks::default(),
        any_unknown_unit: false,
        counts: inds.iter().all(|i| i.unit == format::Unit::Antal),
    };
    let groups = match spec.group_by {
        GroupBy::Kategori => inds
            .iter()
            .filter_map(|ind| grid.category_group(ind, &units))
            .collect(),
        GroupBy::Enhet => units.iter().filter_map(|u| grid.unit_group(u, &inds)).collect(),
    };
    Ok(GroupedBlock {
        id: spec.id.to_string(),
        number: 0,
        caption: spec.caption.to_string(),
        header: header(spec),
        groups,
        notes: grid.notes(),
        source: source_line(&inds),
    })
}

/// indicator → unit → year → value, for the units at the spec's level.
type UnitValues<'e> = BTreeMap<&'e str, BTreeMap<&'e str, BTreeMap<i32, f64>>>;

fn unit_values<'e>(engine: &'e Engine, spec: &Spec, inds: &[&Indicator]) -> UnitValues<'e> {
    let wanted: BTreeSet<&str> = inds.iter().map(|i| i.id.as_str()).collect();
    let mut values: UnitValues = BTreeMap::new();
    for o in &engine.model().breakdowns {
        let (Some(unit), true) = (o.unit.as_deref(), o.period.is_year()) else {
            continue;
        };
        if !wanted.contains(o.indicator.as_str())
            || !matches!(o.sex, None | Some(crate::model::observation::Sex::T))
            || !spec.years.contains(&o.year)
            || !at_level(unit, spec.level)
        {
            continue;
        }
        if let Some(v) = o.value {
            values
                .entry(o.indicator.as_str())
                .or_default()
                .entry(unit)
                .or_default()
                .insert(o.year, v);
        }
    }
    values
}

/// Units with a non-zero value in the window, in Swedish alphabetical order.
fn units_with_counts<'e>(values: &UnitValues<'e>) -> Vec<&'e str> {
    let mut units: Vec<&str> = values
        .values()
        .flat_map(|by_unit| by_unit.iter())
        .filter(|(_, ys)| ys.values().any(|v| *v != 0.0))
        .map(|(u, _)| *u)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    units.sort_by_key(|u| swedish_key(u));
    units
}

fn header(spec: &Spec) -> Vec<String> {
    let level_label = match spec.level {
        UnitLevel::Verksamhet => "Verksamhet",
        UnitLevel::Enhet => "Enhet",
    };
    let mut header = match spec.group_by {
        GroupBy::Kategori => vec!["Kategori".to_string(), level_label.to_string()],
        GroupBy::Enhet => vec![level_label.to_string(), "Kategori".to_string()],
    };
    header.extend(spec.years.iter().map(i32::to_string));
    header
}

fn source_line(inds: &[&Indicator]) -> Option<String> {
    let mut sources: Vec<&str> = Vec::new();
    for ind in inds {
        if let Some(s) = ind.source.as_deref()
            && !sources.contains(&s)
        {
            sources.push(s);
        }
    }
    (!sources.is_empty()).then(|| {
        format!(
            "Källa: {}",
            crate::compute::table::sources_text(&sources.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        )
    })
}

/// The table being filled: the unit values and the symbols its cells used.
struct Grid<'a, 'e> {
    engine: &'e Engine,
    spec: &'a Spec<'a>,
    values: UnitValues<'e>,
    used: Marks,
    any_unknown_unit: bool,
    /// Whether every indicator is a count (event data), not a share or another measure.
    counts: bool,
}

impl Grid<'_, '_> {
    /// A protected value counts as non-zero: its row must not disappear.
    fn nonzero(&self, id: &str, unit: &str) -> bool {
        self.values
            .get(id)
            .and_then(|m| m.get(unit))
            .is_some_and(|ys| ys.values().any(|v| *v != 0.0))
    }

    fn value_of(&self, id: &str, unit: &str, year: i32) -> Value {
        match self
            .engine
            .protection_of_unit(id, Period::Year { year }, Some(unit))
        {
            Protection::Small => return Value::Small,
            Protection::Hidden => return Value::Hidden,
            Protection::Shown => {}
        }
        self.values
            .get(id)
            .and_then(|u| u.get(unit))
            .and_then(|y| y.get(&year))
            .map_or(Value::None, |v| Value::Count(*v))
    }

    fn text(&mut self, v: Value, decimals: u8) -> String {
        match v {
            Value::Count(x) => format::number(x, decimals, &self.engine.style),
            Value::None => {
                self.used.gap = true;
                "–".to_string()
            }
            Value::Small => {
                self.used.small = true;
                format!("<{}", self.engine.privacy.threshold)
            }
            Value::Hidden => {
                self.used.hidden = true;
                "x".to_string()
            }
        }
    }

    /// One row of cells for an indicator in a unit, adding each year into `sums` (a sum over
    /// a protected part is unknown).
    fn unit_row(&mut self, ind: &Indicator, unit: &str, sums: &mut [Option<f64>]) -> Vec<String> {
        let mut row = Vec::new();
        for (i, y) in self.spec.years.iter().enumerate() {
            let v = self.value_of(&ind.id, unit, *y);
            sums[i] = match (sums[i], v) {
                (Some(s), Value::Count(x)) => Some(s + x),
                (Some(s), Value::None) => Some(s),
                _ => None,
            };
            row.push(self.text(v, ind.decimals()));
        }
        row
    }

    /// A category with a row per unit that has counts of it, a row for reports without a
    /// unit, and the organisation's own value as the subtotal.
    fn category_group(&mut self, ind: &Indicator, units: &[&str]) -> Option<Group> {
        let (engine, years) = (self.engine, self.spec.years);
        let mine: Vec<&str> = units
            .iter()
            .copied()
            .filter(|u| self.nonzero(ind.id.as_str(), u))
            .collect();
        let org: Vec<Option<f64>> = years
            .iter()
            .map(|y| match engine.cell(&ind.id, *y).kind {
                CellKind::Value(p) => Some(p.raw),
                _ => None,
            })
            .collect();
        if mine.is_empty() && org.iter().all(|v| v.is_none_or(|x| x == 0.0)) {
            return None;
        }
        let mut rows = Vec::new();
        let mut unit_sums = vec![Some(0.0); years.len()];
        for u in &mine {
            let mut row = vec![u.to_string()];
            row.extend(self.unit_row(ind, u, &mut unit_sums));
            rows.push(row);
        }
        // Reports without a unit: the organisation's count less the units' sum, when both are
        // known (never when a unit's value is protected).
        let rest: Vec<Option<f64>> = org
            .iter()
            .zip(&unit_sums)
            .map(|(o, s)| match (o, s) {
                (Some(o), Some(s)) if o - s > 0.0 => Some(o - s),
                _ => None,
            })
            .collect();
        if ind.unit == format::Unit::Antal && rest.iter().any(Option::is_some) {
            self.any_unknown_unit = true;
            let mut row = vec!["Uppgift saknas".to_string()];
            row.extend(
                rest.iter()
                    .map(|r| format::number(r.unwrap_or(0.0), ind.decimals(), &engine.style)),
            );
            rows.push(row);
        }
        let mut subtotal = vec!["Totalt".to_string()];
        for y in years {
            let cell = engine.cell(&ind.id, *y);
            subtotal.push(match cell.kind {
                CellKind::Value(p) => format::number(p.shown, p.decimals, &engine.style),
                CellKind::Small => self.text(Value::Small, 0),
                CellKind::Hidden => self.text(Value::Hidden, 0),
                CellKind::Missing { .. } => "..".to_string(),
            });
        }
        Some(Group {
            label: row_label(ind),
            rows,
            subtotal,
        })
    }

    /// A unit with a row per category it has counts of, and their sum as the subtotal.
    fn unit_group(&mut self, unit: &str, inds: &[&Indicator]) -> Option<Group> {
        let mut rows = Vec::new();
        let mut sums = vec![Some(0.0); self.spec.years.len()];
        for ind in inds {
            if !self.nonzero(ind.id.as_str(), unit) {
                continue;
            }
            let mut row = vec![row_label(ind)];
            row.extend(self.unit_row(ind, unit, &mut sums));
            rows.push(row);
        }
        if rows.is_empty() {
            return None;
        }
        let mut subtotal = vec!["Totalt".to_string()];
        for s in &sums {
            subtotal.push(match s {
                Some(s) => format::number(*s, 0, &self.engine.style),
                // A sum over a protected part could reveal it.
                None => self.text(Value::Hidden, 0),
            });
        }
        Some(Group {
            label: unit.to_string(),
            rows,
            subtotal,
        })
    }

    /// The legend: "–" here means no reported events, then the protection symbols.
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.used.gap && self.counts {
            notes.push("–: inga rapporterade avvikelser det året.".to_string());
        } else if self.used.gap {
            notes.push("–: uppgift saknas för enheten det året.".to_string());
        }
        if self.any_unknown_unit {
            notes.push("Uppgift saknas: avvikelser utan angiven verksamhet eller enhet.".to_string());
        }
        notes.extend(self.used.symbol_notes(self.engine.privacy.threshold));
        notes
    }
}

/// The table as a Markdown pipe table (without caption and notes): the group label on its
/// first row, the subtotal in bold.
pub fn markdown(b: &GroupedBlock) -> String {
    let cell = |s: &str| escape_markdown(s).replace('\n', " ");
    let mut out = String::from("|");
    for h in &b.header {
        out.push_str(&format!(" {} |", cell(h)));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---:|".repeat(b.header.len().saturating_sub(2)));
    out.push('\n');
    for g in &b.groups {
        for (i, r) in g.rows.iter().enumerate() {
            let first = if i == 0 { cell(&g.label) } else { String::new() };
            out.push_str(&format!("| {first} |"));
            for c in r {
                out.push_str(&format!(" {} |", cell(c)));
            }
            out.push('\n');
        }
        let first = if g.rows.is_empty() {
            cell(&g.label)
        } else {
            String::new()
        };
        out.push_str(&format!("| {first} |"));
        for c in &g.subtotal {
            out.push_str(&format!(" **{}** |", cell(c)));
        }
        out.push('\n');
    }
    out.replace("|  |", "| |")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testing;
    use crate::model::observation::Observation;

    fn obs(id: &str, year: i32, unit: Option<&str>, v: f64) -> Observation {
        let mut o = testing::observation(id, year, Some(v));
        o.unit = unit.map(str::to_string);
        o
    }

    fn engine(persons: bool, threshold: u32) -> Engine {
        let p = if persons { "true" } else { "false" };
        let yaml = format!(
            "indicators:\n  - {{id: a.fall, name: Fall, unit: antal, persons: {p}}}\n  - {{id: a.lakemedel, name: Läkemedel, unit: antal, persons: {p}}}\n"
        );
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(&yaml).unwrap();
        let catalogue = crate::model::catalogue::merge(f.indicators, Vec::new());
        let observations = vec![
            obs("a.fall", 2023, None, 30.0),
            obs("a.fall", 2024, None, 41.0),
            obs("a.fall", 2023, Some("Särskilt boende"), 20.0),
            obs("a.fall", 2024, Some("Särskilt boende"), 25.0),
            obs("a.fall", 2023, Some("Hemtjänst"), 10.0),
            obs("a.fall", 2024, Some("Hemtjänst"), 13.0),
            obs("a.fall", 2024, Some("Hemtjänst / Grupp Norr"), 13.0),
            obs("a.lakemedel", 2023, None, 9.0),
            obs("a.lakemedel", 2024, None, 12.0),
            obs("a.lakemedel", 2023, Some("Hemtjänst"), 9.0),
            obs("a.lakemedel", 2024, Some("Hemtjänst"), 9.0),
            obs("a.lakemedel", 2024, Some("Särskilt boende"), 3.0),
        ];
        let model = crate::model::Model::build(
            catalogue,
            crate::model::collected::Collected {
                observations,
                ..Default::default()
            },
        );
        let privacy = crate::config::privacy::Privacy {
            threshold,
            ..Default::default()
        };
        Engine::new(std::sync::Arc::new(model), 2024, privacy, None, &mut Vec::new())
    }

    fn spec<'a>(ids: &'a [String], years: &'a [i32], group_by: GroupBy) -> Spec<'a> {
        Spec {
            id: "avv",
            caption: "Avvikelser per verksamhet",
            indicators: ids,
            years,
            group_by,
            level: UnitLevel::Verksamhet,
        }
    }

    #[test]
    fn grouped_by_category_with_units_and_subtotals() {
        let e = engine(false, 5);
        let ids = vec!["a.fall".to_string(), "a.lakemedel".to_string()];
        let b = build(&e, &spec(&ids, &[2023, 2024], GroupBy::Kategori)).unwrap();
        assert_eq!(b.header, ["Kategori", "Verksamhet", "2023", "2024"]);
        assert_eq!(b.groups.len(), 2);
        let fall = &b.groups[0];
        assert_eq!(fall.label, "Fall");
        // Swedish order; the enhet-level unit is not at this level.
        assert_eq!(
            fall.rows,
            [
                vec!["Hemtjänst", "10", "13"],
                vec!["Särskilt boende", "20", "25"],
                vec!["Uppgift saknas", "0", "3"],
            ]
        );
        assert_eq!(fall.subtotal, ["Totalt", "30", "41"]);
        let lak = &b.groups[1];
        assert_eq!(lak.rows[1], ["Särskilt boende", "–", "3"]);
        assert_eq!(lak.subtotal, ["Totalt", "9", "12"]);
        assert!(b.notes.iter().any(|n| n.starts_with("–: inga")));
        let md = markdown(&b);
        assert!(
            md.contains("| Fall | Hemtjänst | 10 | 13 |\n| | Särskilt boende | 20 | 25 |"),
            "{md}"
        );
        assert!(md.contains("| | **Totalt** | **30** | **41** |"), "{md}");
    }

    #[test]
    fn grouped_by_unit_sums_categories() {
        let e = engine(false, 5);
        let ids = vec!["a.fall".to_string(), "a.lakemedel".to_string()];
        let b = build(&e, &spec(&ids, &[2023, 2024], GroupBy::Enhet)).unwrap();
        assert_eq!(b.header, ["Verksamhet", "Kategori", "2023", "2024"]);
        assert_eq!(b.groups[0].label, "Hemtjänst");
        assert_eq!(b.groups[0].subtotal, ["Totalt", "19", "22"]);
    }

    #[test]
    fn protected_unit_values_are_not_printed() {
        let e = engine(true, 5);
        let ids = vec!["a.lakemedel".to_string()];
        let b = build(&e, &spec(&ids, &[2023, 2024], GroupBy::Kategori)).unwrap();
        let all: Vec<&String> = b.groups.iter().flat_map(|g| g.rows.iter().flatten()).collect();
        assert!(!all.iter().any(|c| *c == "3"), "{b:?}");
        assert!(all.iter().any(|c| *c == "<5"), "{b:?}");
        assert!(b.notes.iter().any(|n| n.starts_with("<5: färre än 5 personer")));
    }

    #[test]
    fn no_units_and_unknown_indicators_are_problems() {
        let e = engine(false, 5);
        let ids = vec!["a.fall".to_string(), "a.okand".to_string()];
        let err = build(&e, &spec(&ids, &[2023, 2024], GroupBy::Kategori)).unwrap_err();
        assert_eq!(err, [Problem::Unknown("a.okand".to_string())]);
        let err = build(&e, &spec(&ids[..1], &[2020], GroupBy::Kategori)).unwrap_err();
        assert_eq!(err, [Problem::NoUnits]);
    }
}
