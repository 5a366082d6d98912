//! Counts per category × unit × year (`kind: per-enhet` in the outline), from the per-unit
//! breakdowns the event data (data/avvikelser.csv) yields: a long table with one row per
//! unit within each category (or per category within each unit), years as columns and a
//! subtotal per group. Readable on A4 portrait, unlike four side-by-side blocks.
//!
//! Small-number protection applies as everywhere: a protected unit value shows as "<N" or
//! "x", and a subtotal that is not the organisation's own (protected) value is hidden when
//! any of its parts is.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::compute::suppress::Protection;
use crate::compute::{CellKind, Engine, table::row_label};
use crate::format;
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
    let model = engine.model();
    let mut problems = Vec::new();
    let mut inds = Vec::new();
    for id in spec.indicators {
        match engine.indicator(id) {
            Some(ind) => inds.push(ind),
            None => problems.push(Problem::Unknown(id.clone())),
        }
    }
    // indicator → unit → year → value.
    let wanted: BTreeSet<&str> = inds.iter().map(|i| i.id.as_str()).collect();
    let mut values: BTreeMap<&str, BTreeMap<&str, BTreeMap<i32, f64>>> = BTreeMap::new();
    for o in &model.breakdowns {
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
    // Units with a non-zero value in the window.
    let mut units: Vec<&str> = values
        .values()
        .flat_map(|by_unit| by_unit.iter())
        .filter(|(_, ys)| ys.values().any(|v| *v != 0.0))
        .map(|(u, _)| *u)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    units.sort_by_key(|u| swedish_key(u));
    if units.is_empty() {
        problems.push(Problem::NoUnits);
        return Err(problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // A value that is protected counts as non-zero: its row must not disappear.
    let nonzero = |id: &str, unit: &str| -> bool {
        values
            .get(id)
            .and_then(|m| m.get(unit))
            .is_some_and(|ys| ys.values().any(|v| *v != 0.0))
    };
    let style = engine.style;
    let threshold = engine.privacy.threshold;
    let (mut any_small, mut any_hidden, mut any_none, mut any_unknown_unit) = (false, false, false, false);
    let value_of = |id: &str, unit: &str, year: i32| -> Value {
        match engine.protection_of_unit(id, Period::Year { year }, Some(unit)) {
            Protection::Small => return Value::Small,
            Protection::Hidden => return Value::Hidden,
            Protection::Shown => {}
        }
        values
            .get(id)
            .and_then(|u| u.get(unit))
            .and_then(|y| y.get(&year))
            .map_or(Value::None, |v| Value::Count(*v))
    };
    let mut text = |v: Value, decimals: u8| -> String {
        match v {
            Value::Count(x) => format::number(x, decimals, &style),
            Value::None => {
                any_none = true;
                "–".to_string()
            }
            Value::Small => {
                any_small = true;
                format!("<{threshold}")
            }
            Value::Hidden => {
                any_hidden = true;
                "x".to_string()
            }
        }
    };
    let mut groups = Vec::new();
    match spec.group_by {
        GroupBy::Kategori => {
            for ind in &inds {
                // Units with a non-zero count of this category in the window.
                let mine: Vec<&str> = units
                    .iter()
                    .copied()
                    .filter(|u| nonzero(ind.id.as_str(), u))
                    .collect();
                let org: Vec<Option<f64>> = spec
                    .years
                    .iter()
                    .map(|y| match engine.cell(&ind.id, *y).kind {
                        CellKind::Value(p) => Some(p.raw),
                        _ => None,
                    })
                    .collect();
                if mine.is_empty() && org.iter().all(|v| v.is_none_or(|x| x == 0.0)) {
                    continue;
                }
                let mut rows = Vec::new();
                let mut unit_sums = vec![Some(0.0); spec.years.len()];
                for u in &mine {
                    let mut row = vec![u.to_string()];
                    for (i, y) in spec.years.iter().enumerate() {
                        let v = value_of(&ind.id, u, *y);
                        unit_sums[i] = match (unit_sums[i], v) {
                            (Some(s), Value::Count(x)) => Some(s + x),
                            (Some(s), Value::None) => Some(s),
                            _ => None,
                        };
                        row.push(text(v, ind.decimals));
                    }
                    rows.push(row);
                }
                // Reports without a unit: the organisation's count less the units' sum, when
                // both are known (never when a unit's value is protected).
                let rest: Vec<Option<f64>> = org
                    .iter()
                    .zip(&unit_sums)
                    .map(|(o, s)| match (o, s) {
                        (Some(o), Some(s)) if o - s > 0.0 => Some(o - s),
                        _ => None,
                    })
                    .collect();
                if rest.iter().any(Option::is_some) {
                    any_unknown_unit = true;
                    let mut row = vec!["Uppgift saknas".to_string()];
                    row.extend(
                        rest.iter()
                            .map(|r| format::number(r.unwrap_or(0.0), ind.decimals, &style)),
                    );
                    rows.push(row);
                }
                let mut subtotal = vec!["Totalt".to_string()];
                for y in spec.years {
                    let cell = engine.cell(&ind.id, *y);
                    subtotal.push(match cell.kind {
                        CellKind::Value(p) => format::number(p.shown, ind.decimals, &style),
                        CellKind::Small => text(Value::Small, 0),
                        CellKind::Hidden => text(Value::Hidden, 0),
                        CellKind::Missing { .. } => "..".to_string(),
                    });
                }
                groups.push(Group {
                    label: row_label(ind),
                    rows,
                    subtotal,
                });
            }
        }
        GroupBy::Enhet => {
            for u in &units {
                let mut rows = Vec::new();
                let mut sums = vec![Some(0.0); spec.years.len()];
                for ind in &inds {
                    if !nonzero(ind.id.as_str(), u) {
                        continue;
                    }
                    let mut row = vec![row_label(ind)];
                    for (i, y) in spec.years.iter().enumerate() {
                        let v = value_of(&ind.id, u, *y);
                        sums[i] = match (sums[i], v) {
                            (Some(s), Value::Count(x)) => Some(s + x),
                            (Some(s), Value::None) => Some(s),
                            _ => None,
                        };
                        row.push(text(v, ind.decimals));
                    }
                    rows.push(row);
                }
                if rows.is_empty() {
                    continue;
                }
                let mut subtotal = vec!["Totalt".to_string()];
                for s in &sums {
                    subtotal.push(match s {
                        Some(s) => format::number(*s, 0, &style),
                        // A sum over a protected part could reveal it.
                        None => text(Value::Hidden, 0),
                    });
                }
                groups.push(Group {
                    label: u.to_string(),
                    rows,
                    subtotal,
                });
            }
        }
    }
    let level_label = match spec.level {
        UnitLevel::Verksamhet => "Verksamhet",
        UnitLevel::Enhet => "Enhet",
    };
    let mut header = match spec.group_by {
        GroupBy::Kategori => vec!["Kategori".to_string(), level_label.to_string()],
        GroupBy::Enhet => vec![level_label.to_string(), "Kategori".to_string()],
    };
    header.extend(spec.years.iter().map(i32::to_string));
    let mut notes = Vec::new();
    if any_none {
        notes.push("–: inga rapporterade avvikelser det året.".to_string());
    }
    if any_unknown_unit {
        notes.push("Uppgift saknas: avvikelser utan angiven verksamhet eller enhet.".to_string());
    }
    if any_small {
        notes.push(format!(
            "<{threshold}: färre än {threshold} personer; antalet redovisas inte för att skydda enskildas identitet."
        ));
    }
    if any_hidden {
        notes.push(
            "x: uppgiften redovisas inte, eftersom ett litet antal personer annars skulle kunna räknas fram."
                .to_string(),
        );
    }
    let mut sources: Vec<&str> = Vec::new();
    for ind in &inds {
        if let Some(s) = ind.source.as_deref()
            && !sources.contains(&s)
        {
            sources.push(s);
        }
    }
    Ok(GroupedBlock {
        id: spec.id.to_string(),
        number: 0,
        caption: spec.caption.to_string(),
        header,
        groups,
        notes,
        source: (!sources.is_empty()).then(|| format!("Källa: {}", sources.join(", "))),
    })
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
