//! The model: validated observations arranged as one yearly series per indicator, for the
//! whole organisation (rows without unit and sex, or sex T).

pub mod catalogue;
pub mod collected;
pub mod goals;
pub mod observation;
pub mod outline;
pub mod period;
pub mod records;
pub mod selfchecks;
pub mod surveys;

use std::collections::BTreeMap;

use crate::model::catalogue::{Catalogue, Indicator};
use crate::model::collected::Collected;
use crate::model::goals::Goal;
use crate::model::observation::{Observation, Sex};
use crate::model::selfchecks::Check;
use crate::model::surveys::SurveyResponse;

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
    /// Mål och aktiviteter of every year in the data; see [`Model::goals_to_follow_up`] and
    /// [`Model::goals_for_next_year`].
    pub goals: Vec<Goal>,
    /// Egenkontroller as carried out, in file order.
    pub checks: Vec<Check>,
    /// Every row of the brukarundersökningar (per survey, question, unit and period).
    pub surveys: Vec<SurveyResponse>,
    /// Records printed row by row or aggregated per period (events, cases, risks, …).
    pub records: records::Records,
}

impl Model {
    pub fn build(catalogue: Catalogue, collected: Collected) -> Model {
        let mut model = Model {
            catalogue,
            goals: collected.goals,
            checks: collected.checks,
            surveys: collected.surveys,
            records: collected.records,
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

    /// Goals set for `year`, in report order (national quality areas in their order, then
    /// free areas; each in file order).
    pub fn goals_of(&self, year: i32) -> Vec<&Goal> {
        goals::sorted(self.goals.iter().filter(|g| g.covers(year)))
    }

    /// The follow-up table of the report for `report_year`: the goals that were set for that
    /// year (in last year's report), with their status and uppföljning.
    pub fn goals_to_follow_up(&self, report_year: i32) -> Vec<&Goal> {
        self.goals_of(report_year)
    }

    /// The goals the report for `report_year` sets for the coming year.
    pub fn goals_for_next_year(&self, report_year: i32) -> Vec<&Goal> {
        self.goals_of(report_year + 1)
    }

    /// Egenkontroller carried out in `year` (any period within it).
    pub fn checks_of(&self, year: i32) -> Vec<&Check> {
        self.checks.iter().filter(|c| c.period.year() == year).collect()
    }

    /// Years with any data, for telling the user what exists.
    pub fn years(&self) -> std::collections::BTreeSet<i32> {
        self.series.values().flat_map(|s| s.keys().copied()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_of_the_report_year_are_followed_up_and_next_years_are_new() {
        let catalogue: crate::model::catalogue::CatalogueFile =
            serde_yaml::from_str("indicators: []").unwrap();
        let mut diags = Vec::new();
        let goals = crate::data::goals::read(
            "data/mal.yaml",
            "mål:\n  - {år: 2024, område: Samverkan, mål: A, status: Klart}\n  - {år: 2024, område: Säker, mål: B, status: Delvis}\n  - {år: 2025, område: Jämlik, mål: C}\n  - {år: 2023, område: Säker, mål: D, status: Klart}\n",
            &crate::model::catalogue::merge(catalogue.indicators.clone(), Vec::new()),
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let collected = Collected {
            goals,
            ..Collected::default()
        };
        let model = Model::build(
            crate::model::catalogue::merge(catalogue.indicators, Vec::new()),
            collected,
        );
        let follow: Vec<_> = model
            .goals_to_follow_up(2024)
            .iter()
            .map(|g| g.goal.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(follow, ["B", "A"], "national areas first, then free areas");
        let next: Vec<_> = model
            .goals_for_next_year(2024)
            .iter()
            .map(|g| g.goal.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(next, ["C"]);
        assert!(model.goals_for_next_year(2025).is_empty());
    }
}
