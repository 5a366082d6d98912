//! Finding a source's file in `data/`: `data/<stem>.csv` (or `.tsv`, `.txt`, `.xlsx`).

use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;

pub const TABULAR: &[&str] = &["csv", "tsv", "txt", "xlsx"];

/// The project-relative path of the source file with this stem, if any. Two files for one
/// source (say `avvikelser.csv` and `avvikelser.xlsx`) are an error: which one is meant?
pub fn find(project: &ProjectDir, stem: &str, extensions: &[&str]) -> Result<Option<String>, Diagnostic> {
    let found: Vec<String> = extensions
        .iter()
        .map(|ext| format!("data/{stem}.{ext}"))
        .filter(|rel| project.root().join(rel).is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        [first, ..] => Err(Diagnostic::error(
            "data.ambiguous-source",
            format!("more than one file for the same data: {}", found.join(", ")),
        )
        .at(Location::file(first.clone()))
        .note("keep one of them")),
    }
}
