//! The model: validated observations arranged as one yearly series per indicator, for the
//! whole organisation (rows without unit and sex, or sex T).

use std::collections::BTreeMap;

use crate::data::Collected;
use crate::data::catalogue::{Catalogue, Indicator};
use crate::data::keyfigures::{Observation, Sex};

#[derive(Debug, Clone, Default)]
pub struct Model {
    pub catalogue: Catalogue,
    /// indicator id → year → observation.
    pub series: BTreeMap<String, BTreeMap<i32, Observation>>,
    /// Breakdowns (per unit or sex) and sub-year periods, kept for later tables.
    pub breakdowns: Vec<Observation>,
    /// indicator id → benchmark name (riket, lan) → year → value; from the catalogue and
    /// from data, data winning.
    pub benchmarks: BTreeMap<String, BTreeMap<String, BTreeMap<i32, f64>>>,
}

impl Model {
    pub fn build(catalogue: Catalogue, collected: Collected) -> Model {
        let mut model = Model {
            catalogue,
            ..Model::default()
        };
        for (id, ind) in &model.catalogue {
            if !ind.benchmarks.is_empty() {
                model.benchmarks.insert(id.clone(), ind.benchmarks.clone());
            }
        }
        for b in collected.benchmarks.into_iter().filter(|b| b.period.is_year()) {
            let by_name = model.benchmarks.entry(b.indicator).or_default();
            by_name
                .entry(b.name)
                .or_default()
                .insert(b.period.year(), b.value);
        }
        for o in collected.observations {
            if o.period.is_year() && o.unit.is_none() && matches!(o.sex, None | Some(Sex::T)) {
                model
                    .series
                    .entry(o.indicator.clone())
                    .or_default()
                    .insert(o.year, o);
            } else {
                model.breakdowns.push(o);
            }
        }
        model
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.catalogue.get(id)
    }

    pub fn observation(&self, id: &str, year: i32) -> Option<&Observation> {
        self.series.get(id)?.get(&year)
    }

    /// Years with any data, for telling the user what exists.
    pub fn years(&self) -> std::collections::BTreeSet<i32> {
        self.series.values().flat_map(|s| s.keys().copied()).collect()
    }
}
