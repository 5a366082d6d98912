//! Helpers shared by the case sources: located errors with a cap per kind, the tally that
//! aggregates events by period × unit × measure, duplicate ids, and totals against their
//! parts. The cells themselves are read by `data/cells.rs`.

use std::collections::{BTreeMap, BTreeSet};

/// Maps and sets with foldhash (fast, seeded per process) for the per-row keys.
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use chrono::{Datelike, NaiveDate};

use crate::data::cells::Report;
pub use crate::data::cells::{fold, same_folded};
use crate::diag::{Diagnostic, Location};
use crate::formats::table::Cell;
use crate::model::observation::{Observation, Qualifier};
use crate::model::period::Period;

/// Diagnostics of one file, at most `CAP` of each code: a million-row export with the same
/// mistake on every row should give a readable report, not a million lines. What is left
/// out is counted and reported as one error at the end.
pub struct Sink {
    items: Vec<Diagnostic>,
    file: String,
    counts: BTreeMap<&'static str, usize>,
}

pub const CAP: usize = 100;

impl Sink {
    pub fn new(file: &str) -> Self {
        Sink {
            items: Vec::new(),
            file: file.to_string(),
            counts: BTreeMap::new(),
        }
    }

    /// Hand the diagnostics on, with one error for what the cap left out.
    pub fn finish(self, diags: &mut Vec<Diagnostic>) {
        diags.extend(self.items);
        for (code, n) in self.counts {
            if n > CAP {
                diags.push(
                    Diagnostic::error(
                        "data.more-errors",
                        format!("{} more errors of the kind [{code}] in {}", n - CAP, self.file),
                    )
                    .at(Location::file(self.file.clone()))
                    .note(format!(
                        "only the first {CAP} are shown; fix those and run check again"
                    )),
                );
            }
        }
    }
}

impl Report for Sink {
    fn report(&mut self, d: Diagnostic) {
        let n = self.counts.entry(d.code).or_default();
        *n += 1;
        if *n <= CAP {
            self.items.push(d);
        }
    }
}

pub fn at(file: &str, c: &Cell) -> Location {
    Location::at(file, c.line, c.column)
}

/// Slots of the periods a date belongs to: year, halvår, tertial, kvartal, month.
pub const SLOTS: usize = 22;

fn slots_of(d: NaiveDate) -> [usize; 5] {
    let m = d.month0() as usize;
    [0, 1 + m / 6, 3 + m / 4, 6 + m / 3, 10 + m]
}

fn period_of_slot(year: i32, slot: usize) -> Period {
    let n = |base: usize| u8::try_from(slot - base + 1).unwrap_or(1);
    match slot {
        0 => Period::Year { year },
        1..=2 => Period::Half { year, half: n(1) },
        3..=5 => Period::Tertial { year, tertial: n(3) },
        6..=9 => Period::Quarter { year, quarter: n(6) },
        _ => Period::Month { year, month: n(10) },
    }
}

/// Counts of events by year, unit and measure, for every period of the year at once. Memory
/// grows with the number of distinct (year, unit, measure) keys, never with the rows. Keys
/// are hashed with foldhash (fast, randomly seeded) and ordered only when emitted.
#[derive(Default)]
pub struct Tally {
    units: Vec<String>,
    unit_index: FastMap<String, u32>,
    /// (year, unit (0: the whole organisation), measure) → count and first line per slot.
    counts: FastMap<(i32, u32, u16), SlotCounts>,
    seen: FastSet<(i32, u32)>,
    last: Option<NaiveDate>,
    header_line: usize,
}

/// Counts and first lines per period slot.
type SlotCounts = ([u32; SLOTS], [u32; SLOTS]);

/// One aggregated cell: the count and the first row that contributed (the header line when
/// the count is zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub value: u32,
    pub line: usize,
}

impl Tally {
    pub fn new(header_line: usize) -> Self {
        Tally {
            units: vec![String::new()],
            header_line,
            ..Tally::default()
        }
    }

    fn unit(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.unit_index.get(name) {
            return i;
        }
        let i = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
        self.units.push(name.to_string());
        self.unit_index.insert(name.to_string(), i);
        i
    }

    /// Mark a date as covered (the year appears in the data) without counting anything.
    pub fn cover(&mut self, date: NaiveDate, units: &[&str]) {
        self.add(date, units, &[], 0);
    }

    /// Count one event on `date` for the whole organisation and each of `units`, in each of
    /// `measures`.
    pub fn add(&mut self, date: NaiveDate, units: &[&str], measures: &[u16], line: usize) {
        let year = date.year();
        if self.last.is_none_or(|l| date > l) {
            self.last = Some(date);
        }
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let mut ids = [0u32; 4];
        let n = units.len().min(3);
        for (k, u) in units.iter().take(3).enumerate() {
            ids[k + 1] = self.unit(u);
        }
        let slots = slots_of(date);
        for &u in &ids[..=n] {
            self.seen.insert((year, u));
            for &m in measures {
                let (counts, lines) = self
                    .counts
                    .entry((year, u, m))
                    .or_insert(([0; SLOTS], [0; SLOTS]));
                for &s in &slots {
                    counts[s] += 1;
                    if lines[s] == 0 {
                        lines[s] = line;
                    }
                }
            }
        }
    }

    /// Every period that has begun by the last date in the data, for the organisation and
    /// for each unit in the years it appears: `f(period, unit, count_of)`. Periods and units
    /// come in a fixed order.
    pub fn emit(&self, mut f: impl FnMut(Period, Option<&str>, &dyn Fn(u16) -> Count)) {
        let Some(last) = self.last else { return };
        let mut seen: Vec<(i32, u32)> = self.seen.iter().copied().collect();
        seen.sort_unstable();
        for (year, u) in seen {
            for slot in 0..SLOTS {
                let period = period_of_slot(year, slot);
                if period.dates().is_none_or(|(start, _)| start > last) {
                    continue;
                }
                let count = |m: u16| match self.counts.get(&(year, u, m)) {
                    Some((c, l)) if c[slot] > 0 => Count {
                        value: c[slot],
                        line: l[slot] as usize,
                    },
                    _ => Count {
                        value: 0,
                        line: self.header_line,
                    },
                };
                let unit = (u != 0).then(|| self.units[u as usize].as_str());
                f(period, unit, &count);
            }
        }
    }
}

pub fn observation(
    indicator: &str,
    period: Period,
    unit: Option<&str>,
    value: Option<f64>,
    file: &str,
    line: usize,
) -> Observation {
    Observation {
        indicator: indicator.to_string(),
        year: period.year(),
        period,
        unit: unit.map(str::to_string),
        sex: None,
        value,
        decimals: None,
        period_note: None,
        qualifier: None::<Qualifier>,
        note: None,
        file: file.to_string(),
        line,
    }
}

/// Duplicate ids in an event file, found without keeping the ids: numeric ids are kept as
/// numbers, others as a 64-bit hash (a false duplicate among a million distinct ids has a
/// probability below 10⁻⁷). Memory: some 20 bytes per row, the one part of reading an
/// event file that grows with it.
#[derive(Default)]
pub struct IdSet {
    numeric: FastMap<u64, u32>,
    hashed: FastMap<u64, u32>,
}

impl IdSet {
    /// The line where `id` was first seen, or `None` (and it is remembered) if it is new.
    pub fn first_line(&mut self, id: &str, line: usize) -> Option<usize> {
        use std::hash::{Hash, Hasher};
        let line32 = u32::try_from(line).unwrap_or(u32::MAX);
        let (map, key) = match id.parse::<u64>() {
            Ok(n) if !id.starts_with('0') || id == "0" => (&mut self.numeric, n),
            _ => {
                // `DefaultHasher::new()` has fixed keys: the same on every run.
                let mut h = std::collections::hash_map::DefaultHasher::new();
                id.hash(&mut h);
                (&mut self.hashed, h.finish())
            }
        };
        match map.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get() as usize),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(line32);
                None
            }
        }
    }
}

/// Check totals against their parts. `complete`: the parts make up the total, so when all
/// are given they must add up to it exactly; otherwise (or when some are missing) they may
/// not exceed it.
pub struct PartsRule {
    pub total: &'static str,
    pub parts: Vec<String>,
    pub complete: bool,
}

/// Given values: (indicator, period, unit) → (value, line).
pub type Given = BTreeMap<(String, Period, Option<String>), (Option<f64>, usize)>;

pub fn check_parts(file: &str, given: &Given, rules: &[PartsRule], diags: &mut Vec<Diagnostic>) {
    let keys: BTreeSet<(Period, Option<String>)> = given.keys().map(|(_, p, u)| (*p, u.clone())).collect();
    for (period, unit) in &keys {
        let get = |id: &str| given.get(&(id.to_string(), *period, unit.clone()));
        for rule in rules {
            let Some(&(Some(total), line)) = get(rule.total) else {
                continue;
            };
            let present: Vec<(&String, f64)> = rule
                .parts
                .iter()
                .filter_map(|p| match get(p) {
                    Some(&(Some(v), _)) => Some((p, v)),
                    _ => None,
                })
                .collect();
            if present.is_empty() {
                continue;
            }
            let sum: f64 = present.iter().map(|(_, v)| v).sum();
            let all = present.len() == rule.parts.len();
            let bad = if rule.complete && all {
                (sum - total).abs() > 1e-9
            } else {
                sum > total + 1e-9
            };
            if bad {
                let listed: Vec<String> = present.iter().map(|(p, v)| format!("{p} {v}")).collect();
                let more = if rule.complete && all { "" } else { "more: " };
                diags.push(
                    Diagnostic::error(
                        "data.parts-disagree",
                        format!(
                            "{} {period}{} is {total}, but its parts add up to {more}{sum}",
                            rule.total,
                            unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                        ),
                    )
                    .at(Location::line(file, line))
                    .note(format!("parts: {}", listed.join(" + ")))
                    .note(if rule.complete {
                        "the parts must add up to the total; correct the total or the parts"
                    } else {
                        "the parts are included in the total and cannot exceed it"
                    }),
                );
            }
        }
        // Units are parts of the whole organisation: their sum cannot exceed it.
        if unit.is_none() {
            let ids: BTreeSet<&String> = given
                .keys()
                .filter(|(_, p, u)| p == period && u.is_none())
                .map(|(i, _, _)| i)
                .collect();
            for id in ids {
                let Some(&(Some(total), line)) = get(id) else {
                    continue;
                };
                let sum: f64 = given
                    .iter()
                    .filter(|((i, p, u), _)| i == id && p == period && u.is_some())
                    .filter_map(|(_, (v, _))| *v)
                    .sum();
                if sum > total + 1e-9 {
                    diags.push(
                        Diagnostic::error(
                            "data.parts-disagree",
                            format!(
                                "{id} {period} is {total} for the whole organisation, but the units add up to more: {sum}"
                            ),
                        )
                        .at(Location::line(file, line))
                        .note("rows with a unit are parts of the row without one"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_every_period_and_fills_zeros() {
        let mut t = Tally::new(1);
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        t.add(d(2, 10), &["Hemtjänst"], &[0], 2);
        t.add(d(5, 1), &["Hemtjänst"], &[0, 1], 3);
        t.add(d(8, 31), &[], &[0], 4);
        let mut got = BTreeMap::new();
        t.emit(|p, u, c| {
            got.insert((p.to_string(), u.map(str::to_string)), (c(0), c(1)));
        });
        let get = |p: &str, u: Option<&str>| got[&(p.to_string(), u.map(str::to_string))];
        assert_eq!(get("2024", None).0, Count { value: 3, line: 2 });
        assert_eq!(get("2024", None).1, Count { value: 1, line: 3 });
        assert_eq!(get("2024-H1", Some("Hemtjänst")).0.value, 2);
        assert_eq!(get("2024-T2", None).0, Count { value: 2, line: 3 });
        assert_eq!(get("2024-Q1", None).1, Count { value: 0, line: 1 });
        assert_eq!(get("2024-08", Some("Hemtjänst")).0.value, 0);
        // Periods after the last date are not reported (the export ends there).
        assert!(!got.contains_key(&("2024-09".to_string(), None)));
        assert!(!got.contains_key(&("2024-T3".to_string(), None)));
        assert!(got.contains_key(&("2024-Q3".to_string(), None)));
    }

    #[test]
    fn sink_caps_each_kind_and_counts_the_rest() {
        let mut sink = Sink::new("a.csv");
        for i in 0..CAP + 50 {
            sink.report(Diagnostic::error("data.bad-date", format!("row {i}")));
        }
        sink.report(Diagnostic::error("data.bad-value", "other"));
        let mut d = Vec::new();
        sink.finish(&mut d);
        assert_eq!(d.len(), CAP + 2);
        assert_eq!(d[CAP].code, "data.bad-value");
        assert_eq!(d[CAP + 1].code, "data.more-errors");
        assert!(
            d[CAP + 1]
                .message
                .contains("50 more errors of the kind [data.bad-date] in a.csv")
        );
    }

    #[test]
    fn id_set_finds_duplicates() {
        let mut ids = IdSet::default();
        assert_eq!(ids.first_line("17", 2), None);
        assert_eq!(ids.first_line("AV-1", 3), None);
        assert_eq!(ids.first_line("017", 4), None);
        assert_eq!(ids.first_line("17", 5), Some(2));
        assert_eq!(ids.first_line("AV-1", 6), Some(3));
    }

    #[test]
    fn parts_must_add_up() {
        let mut given = Given::new();
        let p = Period::Year { year: 2024 };
        let mut put = |id: &str, unit: Option<&str>, v: f64, line| {
            given.insert((id.to_string(), p, unit.map(str::to_string)), (Some(v), line));
        };
        put("t", None, 10.0, 2);
        put("a", None, 4.0, 3);
        put("b", None, 5.0, 4);
        put("t", Some("X"), 6.0, 5);
        put("t", Some("Y"), 5.0, 6);
        let rules = [PartsRule {
            total: "t",
            parts: vec!["a".into(), "b".into()],
            complete: true,
        }];
        let mut d = Vec::new();
        check_parts("f.csv", &given, &rules, &mut d);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].message.contains("t 2024 is 10, but its parts add up to 9"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].location.as_deref(), Some(&Location::line("f.csv", 2)));
        assert!(
            d[1].message.contains("units add up to more: 11"),
            "{}",
            d[1].message
        );
    }
}
