//! Finding a source's file in `data/`: `data/<stem>.csv` (or `.tsv`, `.txt`, `.xlsx`).

use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;

pub const TABULAR: &[&str] = &["csv", "tsv", "txt", "xlsx"];

/// The project-relative path of the source file with this stem, if any. Two files for one
/// source (say `avvikelser.csv` and `avvikelser.xlsx`) are an error: which one is meant?
/// Anything at the name counts (a dangling symlink, a FIFO), so that reading it reports
/// what it is instead of the source being silently absent.
pub fn find(project: &ProjectDir, stem: &str, extensions: &[&str]) -> Result<Option<String>, Diagnostic> {
    let found: Vec<String> = extensions
        .iter()
        .map(|ext| format!("data/{stem}.{ext}"))
        .filter(|rel| project.is_present(rel))
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
