//! Avvikelser in depth, aggregated from the event records for one report period (issue 14):
//! per verksamhet, severity × probability, handling time, counterparts of external
//! avvikelser, and falls per person. Pure: records in, numbers out; `render/tables/records.rs`
//! formats them.
//!
//! # Rules
//!
//! * An event belongs to the period of its händelsedatum. Avvikelser sent to another caregiver
//!   are about that caregiver's care: they count only in the counterpart table.
//! * Handling time runs from the rapporteringsdatum (else the händelsedatum) to the
//!   avslutsdatum, in whole days. The median is over the period's events closed by the end of
//!   the period; "open at the end" are those not closed by then. "Closed within N days"
//!   is a share of all the period's events (open ones count as not closed in time).
//! * Falls per person: only where the export has a pseudonymous person key; a repeat faller
//!   has two or more falls in the period. The key is never kept or printed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::format::fold;
use crate::model::period::Period;
use crate::model::records::{Direction, Event, Law};

/// Which events a table covers: a verksamhetsområde and/or a law.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    pub area: Option<&'a str>,
    pub law: Option<Law>,
}

impl Filter<'_> {
    pub fn keeps(&self, e: &Event) -> bool {
        self.area
            .is_none_or(|a| e.area.as_deref().is_some_and(|x| fold(a) == fold(x)))
            && self.law.is_none_or(|l| e.law == Some(l))
    }
}

/// The events of `period` that `filter` keeps and that count as the kommun's avvikelser.
pub fn counted<'e>(events: &'e [Event], period: Period, filter: Filter) -> Vec<&'e Event> {
    events
        .iter()
        .filter(|e| e.direction != Direction::Sent && period.contains(e.date) && filter.keeps(e))
        .collect()
}

/// Counts per allvarlighetsgrad (rows, 1–4) × sannolikhet (columns, 1–4), and the events
/// with either grade missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    pub cells: [[u32; 4]; 4],
    pub unassessed: u32,
}

pub fn severity_matrix(events: &[&Event]) -> Matrix {
    let mut m = Matrix::default();
    for e in events {
        match (e.severity, e.probability) {
            (Some(s @ 1..=4), Some(p @ 1..=4)) => m.cells[usize::from(s - 1)][usize::from(p - 1)] += 1,
            _ => m.unassessed += 1,
        }
    }
    m
}

/// Handling time of a group of events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handling {
    pub total: u32,
    pub closed: u32,
    pub median_days: Option<f64>,
    pub within: u32,
    pub open_at_end: u32,
}

impl Handling {
    /// Share (0–100) of all events closed within the limit.
    pub fn within_share(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.within) * 100.0 / f64::from(self.total))
    }
}

pub fn handling(events: &[&Event], end: NaiveDate, days: u32) -> Handling {
    let mut h = Handling {
        total: u32::try_from(events.len()).unwrap_or(u32::MAX),
        ..Handling::default()
    };
    let mut spans: Vec<i64> = Vec::new();
    for e in events {
        match e.closed.filter(|c| *c <= end) {
            Some(c) => {
                let d = (c - e.start).num_days().max(0);
                spans.push(d);
                h.closed += 1;
                if d <= i64::from(days) {
                    h.within += 1;
                }
            }
            // Closed by status without a date: closed, but no handling time.
            None if e.closed.is_none() && e.closed_status == Some(true) => h.closed += 1,
            None => h.open_at_end += 1,
        }
    }
    h.median_days = median(&mut spans);
    h
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// Sent and received external avvikelser per counterpart, most first, then by name.
pub fn counterparts(events: &[Event], period: Period, filter: Filter) -> Vec<(String, u32, u32)> {
    let mut by: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| period.contains(e.date) && filter.keeps(e))
    {
        let slot = match e.direction {
            Direction::Internal => continue,
            Direction::Sent | Direction::Received => by
                .entry(e.counterpart.as_deref().unwrap_or("Okänd motpart").to_string())
                .or_default(),
        };
        if e.direction == Direction::Sent {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
    }
    let mut rows: Vec<(String, u32, u32)> = by.into_iter().map(|(k, (s, r))| (k, s, r)).collect();
    rows.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// Falls of a group of events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Falls {
    pub total: u32,
    pub with_injury: u32,
    pub without_injury: u32,
    /// Persons who fell, and those who fell twice or more; `None` without a person key.
    pub persons: Option<u32>,
    pub repeat: Option<u32>,
    /// Falls of the repeat fallers.
    pub repeat_falls: Option<u32>,
}

pub fn falls(events: &[&Event], has_person: bool) -> Falls {
    let mut f = Falls::default();
    let mut per_person: BTreeMap<u32, u32> = BTreeMap::new();
    for e in events.iter().filter(|e| &*e.category == "fall") {
        f.total += 1;
        match e.injury {
            Some(true) => f.with_injury += 1,
            Some(false) => f.without_injury += 1,
            None => {}
        }
        if let Some(p) = e.person {
            *per_person.entry(p).or_default() += 1;
        }
    }
    if has_person {
        let n = |it: &mut dyn Iterator<Item = &u32>| u32::try_from(it.count()).unwrap_or(u32::MAX);
        f.persons = Some(n(&mut per_person.values()));
        f.repeat = Some(n(&mut per_person.values().filter(|c| **c >= 2)));
        f.repeat_falls = Some(per_person.values().filter(|c| **c >= 2).sum());
    }
    f
}

/// One verksamhetsområde: its avvikelser in the period and the same period a year earlier,
/// its most common categories, the serious ones (allvarlighetsgrad 3–4) and handling time.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    pub area: String,
    pub count: u32,
    pub previous: Option<u32>,
    /// Category ids, most common first (at most two), with their counts.
    pub top: Vec<(String, u32)>,
    pub serious: u32,
    pub median_days: Option<f64>,
}

/// The group an event is shown in: its verksamhetsområde, or its enhet when the table is
/// limited to one verksamhetsområde ("Övriga" without one).
pub fn group_of(e: &Event, filter: Filter) -> String {
    let name = if filter.area.is_some() { &e.unit } else { &e.area };
    name.as_deref().unwrap_or("Övriga").to_string()
}

/// Per verksamhetsområde, or per enhet within the filter's verksamhetsområde, largest first.
pub fn per_area(events: &[Event], period: Period, filter: Filter) -> Vec<AreaRow> {
    let now = counted(events, period, filter);
    let before = period
        .previous_year()
        .map(|p| counted(events, p, filter))
        .unwrap_or_default();
    let end = period.dates().map(|(_, e)| e);
    let area_of = |e: &Event| group_of(e, filter);
    let mut groups: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
    for e in &now {
        groups.entry(area_of(e)).or_default().push(e);
    }
    let mut previous: BTreeMap<String, u32> = BTreeMap::new();
    for e in &before {
        *previous.entry(area_of(e)).or_default() += 1;
    }
    let has_previous = !before.is_empty();
    let mut rows: Vec<AreaRow> = groups
        .into_iter()
        .map(|(area, evs)| {
            let mut cats: BTreeMap<&str, u32> = BTreeMap::new();
            for e in &evs {
                *cats.entry(&e.category).or_default() += 1;
            }
            let mut top: Vec<(String, u32)> = cats.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            top.truncate(2);
            let serious = evs.iter().filter(|e| e.severity.is_some_and(|s| s >= 3)).count();
            let median_days = end.and_then(|end| handling(&evs, end, 0).median_days);
            AreaRow {
                previous: has_previous.then(|| previous.get(&area).copied().unwrap_or(0)),
                count: u32::try_from(evs.len()).unwrap_or(u32::MAX),
                area,
                top,
                serious: u32::try_from(serious).unwrap_or(u32::MAX),
                median_days,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.area.cmp(&b.area)));
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Arc;

    pub fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    pub fn event(area: &str, category: &str, date: NaiveDate) -> Event {
        Event {
            date,
            start: date,
            closed: None,
            closed_status: None,
            area: Some(Arc::from(area)),
            unit: None,
            category: Arc::from(category),
            law: Some(Law::Hsl),
            severity: None,
            probability: None,
            direction: Direction::Internal,
            counterpart: None,
            injury: None,
            person: None,
        }
    }

    const H1: Period = Period::Half { year: 2024, half: 1 };

    #[test]
    fn the_matrix_counts_graded_events_and_the_rest_separately() {
        let mut a = event("Säbo", "fall", day(1, 5));
        (a.severity, a.probability) = (Some(3), Some(2));
        let mut b = a.clone();
        b.probability = None;
        let m = severity_matrix(&[&a, &a, &b]);
        assert_eq!(m.cells[2][1], 2);
        assert_eq!(m.unassessed, 1);
    }

    #[test]
    fn handling_time_is_a_median_of_closed_events_and_open_ones_count_at_the_end() {
        let mut evs = Vec::new();
        for (closed, start) in [
            (Some(day(1, 11)), 1),
            (Some(day(1, 21)), 1),
            (Some(day(3, 1)), 1),
            (None, 2),
        ] {
            let mut e = event("Säbo", "fall", day(1, start));
            e.closed = closed;
            evs.push(e);
        }
        // Closed after the period ends: open at the end of January.
        let refs: Vec<&Event> = evs.iter().collect();
        let h = handling(&refs, day(1, 31), 14);
        assert_eq!((h.total, h.closed, h.open_at_end, h.within), (4, 2, 2, 1));
        assert_eq!(h.median_days, Some(15.0));
        assert_eq!(h.within_share(), Some(25.0));
        let h = handling(&refs, day(6, 30), 30);
        assert_eq!(h.median_days, Some(20.0));
    }

    #[test]
    fn sent_avvikelser_count_only_per_counterpart() {
        let mut sent = event("Hemsjukvård", "lakemedel", day(2, 1));
        sent.direction = Direction::Sent;
        sent.counterpart = Some(Arc::from("Vårdcentralen"));
        let mut got = sent.clone();
        got.direction = Direction::Received;
        got.counterpart = Some(Arc::from("Regionen"));
        let evs = vec![sent.clone(), sent, got, event("Säbo", "fall", day(2, 1))];
        assert_eq!(counted(&evs, H1, Filter::default()).len(), 2);
        let c = counterparts(&evs, H1, Filter::default());
        assert_eq!(c, vec![("Vårdcentralen".into(), 2, 0), ("Regionen".into(), 0, 1)]);
    }

    #[test]
    fn repeat_fallers_need_a_person_key() {
        let mut evs = Vec::new();
        for (p, injury) in [(1, Some(true)), (1, Some(false)), (2, Some(false)), (3, None)] {
            let mut e = event("Säbo", "fall", day(3, 1));
            (e.person, e.injury) = (Some(p), injury);
            evs.push(e);
        }
        evs.push(event("Säbo", "lakemedel", day(3, 1)));
        let refs: Vec<&Event> = evs.iter().collect();
        let f = falls(&refs, true);
        assert_eq!((f.total, f.with_injury, f.without_injury), (4, 1, 2));
        assert_eq!((f.persons, f.repeat, f.repeat_falls), (Some(3), Some(1), Some(2)));
        assert_eq!(falls(&refs, false).persons, None);
    }

    #[test]
    fn areas_are_largest_first_with_the_same_period_a_year_earlier() {
        let mut evs = vec![
            event("Hemtjänst", "fall", day(1, 2)),
            event("Hemtjänst", "lakemedel", day(1, 3)),
            event("Hemtjänst", "lakemedel", day(1, 4)),
            event("Säbo", "fall", day(2, 2)),
            event("Säbo", "fall", day(8, 2)),
        ];
        let mut old = event("Säbo", "fall", day(1, 1));
        old.date = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        evs.push(old);
        let rows = per_area(&evs, H1, Filter::default());
        assert_eq!(rows[0].area, "Hemtjänst");
        assert_eq!((rows[0].count, rows[0].previous), (3, Some(0)));
        assert_eq!(rows[0].top[0], ("lakemedel".to_string(), 2));
        assert_eq!((rows[1].count, rows[1].previous), (1, Some(1)));
        let mut in_unit = event("Säbo", "fall", day(3, 3));
        in_unit.unit = Some(Arc::from("Björkgården"));
        evs.push(in_unit);
        let only = per_area(
            &evs,
            H1,
            Filter {
                area: Some("säbo"),
                law: None,
            },
        );
        let names: Vec<&str> = only.iter().map(|r| r.area.as_str()).collect();
        assert_eq!(names, ["Björkgården", "Övriga"]);
    }
}
