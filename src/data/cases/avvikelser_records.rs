//! The valid rows of the avvikelse event file kept as compact records, for the tables that
//! aggregate per report period themselves (severity × probability, handling time,
//! counterparts, falls per person; `compute::records`). The reader in `avvikelser.rs` hands
//! each valid row here. Unit, category and counterpart names are shared between events, and
//! the pseudonymous person key is replaced by a number at once: the key is never kept.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::records::{Avvikelser, Direction, Event, Law};

/// The cells of one valid row that the records keep.
pub struct Fields<'a> {
    pub event: NaiveDate,
    pub reported: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub status: Option<bool>,
    pub area: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub category: &'a str,
    pub law: Option<Law>,
    pub severity: Option<u8>,
    pub probability: Option<u8>,
    pub direction: Direction,
    pub counterpart: Option<&'a str>,
    pub injury: Option<bool>,
    pub person: Option<&'a str>,
}

#[derive(Default)]
pub struct Collector {
    events: Vec<Event>,
    names: HashMap<String, Arc<str>>,
    persons: HashMap<String, u32>,
}

impl Collector {
    fn name(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.names.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.names.insert(s.to_string(), a.clone());
        a
    }

    pub fn add(&mut self, f: Fields) {
        let person = f.person.map(|p| {
            let next = u32::try_from(self.persons.len()).unwrap_or(u32::MAX);
            *self.persons.entry(p.trim().to_lowercase()).or_insert(next)
        });
        let event = Event {
            date: f.event,
            start: f.reported.unwrap_or(f.event),
            closed: f.closed,
            closed_status: f.status.or(f.closed.map(|_| true)),
            area: f.area.map(|a| self.name(a)),
            unit: f.unit.map(|u| self.name(u)),
            category: self.name(f.category),
            law: f.law,
            severity: f.severity,
            probability: f.probability,
            direction: f.direction,
            counterpart: f.counterpart.map(|c| self.name(c)),
            injury: f.injury,
            person,
        };
        self.events.push(event);
    }

    /// The records, with the columns the file had (`present` by column name).
    pub fn finish(self, file: &str, present: impl Fn(&str) -> bool) -> Avvikelser {
        Avvikelser {
            events: self.events,
            file: Some(file.to_string()),
            has_severity: present("allvarlighetsgrad"),
            has_probability: present("sannolikhet"),
            has_closed: present("avslutsdatum") || present("status"),
            has_direction: present("intern_extern"),
            has_person: present("person"),
            has_injury: present("fallskada"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(person: Option<&str>) -> Fields<'_> {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        Fields {
            event: d,
            reported: None,
            closed: None,
            status: None,
            area: Some("Hemtjänst"),
            unit: None,
            category: "fall",
            law: Some(Law::Hsl),
            severity: None,
            probability: None,
            direction: Direction::Internal,
            counterpart: None,
            injury: None,
            person,
        }
    }

    #[test]
    fn person_keys_become_numbers_and_names_are_shared() {
        let mut c = Collector::default();
        c.add(fields(Some("AB12")));
        c.add(fields(Some(" ab12 ")));
        c.add(fields(Some("CD34")));
        c.add(fields(None));
        let a = c.finish("data/avvikelser.csv", |n| n == "person");
        let persons: Vec<_> = a.events.iter().map(|e| e.person).collect();
        assert_eq!(persons, vec![Some(0), Some(0), Some(1), None]);
        assert!(Arc::ptr_eq(
            a.events[0].area.as_ref().unwrap(),
            a.events[3].area.as_ref().unwrap()
        ));
        assert!(a.has_person && !a.has_severity);
        assert_eq!(a.events[0].start, a.events[0].date);
    }
}
