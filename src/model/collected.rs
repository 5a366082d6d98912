//! Everything read from the data sources, before it becomes the model.

use crate::model::goals::Goal;
use crate::model::observation::Observation;
use crate::model::selfchecks::Check;
use crate::model::surveys::SurveyResponse;

/// Everything read from the data sources, before it becomes the model.
#[derive(Debug, Default, Clone)]
pub struct Collected {
    pub observations: Vec<Observation>,
    /// Comparison values read from data (riket, län), in addition to the catalogue's.
    pub benchmarks: Vec<Benchmark>,
    /// Project-relative paths of the files that were read.
    pub files: Vec<String>,
    /// Mål och aktiviteter of every year in `data/mal.yaml`.
    pub goals: Vec<Goal>,
    /// Egenkontroller as carried out (`data/egenkontroller.*`).
    pub checks: Vec<Check>,
    /// Every row of the brukarundersökningar (`data/brukarundersokning.*`).
    pub surveys: Vec<SurveyResponse>,
    /// Records printed row by row or aggregated per period (events, cases, risks, …).
    pub records: crate::model::records::Records,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Benchmark {
    pub indicator: String,
    /// `riket`, `lan`, or another label.
    pub name: String,
    pub period: crate::model::period::Period,
    pub value: f64,
}
