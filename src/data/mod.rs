//! Reading the project's data files into validated observations. Each source has its own
//! module with its file format; `SOURCES` lists them all, and `load` runs every one.

pub mod catalogue;
pub mod decode;
pub mod files;
pub mod keyfigures;
pub mod table;
pub mod xlsx;

use crate::diag::Diagnostic;
use crate::project::ProjectDir;

use catalogue::Catalogue;
use keyfigures::Observation;

/// Everything read from the data sources, before it becomes the model.
#[derive(Debug, Default, Clone)]
pub struct Collected {
    pub observations: Vec<Observation>,
    /// Comparison values read from data (riket, län), in addition to the catalogue's.
    pub benchmarks: Vec<Benchmark>,
    /// Project-relative paths of the files that were read.
    pub files: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Benchmark {
    pub indicator: String,
    /// `riket`, `lan`, or another label.
    pub name: String,
    pub period: crate::period::Period,
    pub value: f64,
}

/// Reads one source: finds its files under `data/`, validates them and adds what it read.
pub type Loader = fn(&ProjectDir, &Catalogue, &mut Collected, &mut Vec<Diagnostic>);

/// Every data source, by name, in the order they are read.
pub const SOURCES: &[(&str, Loader)] = &[("nyckeltal", keyfigures::load)];

pub fn load(project: &ProjectDir, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) -> Collected {
    let mut collected = Collected::default();
    for (_, loader) in SOURCES {
        loader(project, catalogue, &mut collected, diags);
    }
    if collected.files.is_empty() {
        diags.push(
            Diagnostic::warning("data.none", "the project has no data files in data/")
                .note("tables and figures in the report will be empty; see docs/data-formats.md"),
        );
    }
    collected
}
