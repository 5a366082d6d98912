//! The previous edition's stored data (`<slug>.underlag.json`), read for the revision list
//! (the comparison itself is compute/revisions.rs).

use crate::compute::revisions::{FORMAT, SUFFIX, Underlag};
use crate::config::revisions::RevisionSettings;
use crate::diag::{Diagnostic, Location};
use std::path::{Path, PathBuf};

use crate::project::{PreviousEdition, ProjectDir};

/// Read the previous edition's stored data, if there is one. `default` is the path to try when
/// berattelse.yaml names none; a named file that does not exist is an error. With `--out` or
/// `--previous` (see [`PreviousEdition`]) the folders they name are searched first.
pub fn load_previous(
    project: &ProjectDir,
    settings: Option<&RevisionSettings>,
    default: &str,
    year: i32,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Underlag)> {
    let named = settings.and_then(|s| s.previous.clone());
    let outside = match (&named, project.previous_edition()) {
        (None, Some(prev)) => find_outside(prev, default, year, diags)?,
        _ => None,
    };
    let (path, text) = match outside {
        Some(found) => found,
        None => {
            let path = named.clone().unwrap_or_else(|| default.to_string());
            match project.read_text_optional(&path) {
                Ok(Some(t)) => (path, t),
                Ok(None) => {
                    if named.is_some() {
                        diags.push(
                            Diagnostic::error(
                                "config.previous-missing",
                                format!("revisions.previous: \"{path}\" does not exist"),
                            )
                            .at(Location::file(crate::config::FILE_NAME))
                            .note(format!(
                                "expected the .{SUFFIX} that `berattelse build {}` wrote next to its report",
                                year - 1
                            )),
                        );
                    }
                    return None;
                }
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        }
    };
    parse(path, &text, year, diags)
}

/// The stored data in the folders `--out`/`--previous` name: `Some(None)` when `--out`'s
/// folders have none (the project's `out/` is tried next), `None` after an error.
fn find_outside(
    prev: &PreviousEdition,
    default: &str,
    year: i32,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<(String, String)>> {
    let file = default.rsplit('/').next().unwrap_or(default);
    let before = (year - 1).to_string();
    let candidates: Vec<PathBuf> = match prev {
        PreviousEdition::Out(dir) => vec![
            dir.join(&before).join(file),
            dir.join("..").join(&before).join(file),
        ],
        PreviousEdition::Given(p) if p.is_file() => vec![p.clone()],
        PreviousEdition::Given(dir) => vec![dir.join(file), dir.join(&before).join(file)],
    };
    for c in &candidates {
        if c.is_file() {
            let shown = c.display().to_string();
            return match read_limited(c) {
                Ok(text) => Some(Some((shown, text))),
                Err(e) => {
                    diags.push(
                        Diagnostic::error("project.read", format!("cannot read {shown}: {e}"))
                            .at(Location::file(shown.clone())),
                    );
                    None
                }
            };
        }
    }
    match prev {
        PreviousEdition::Out(_) => Some(None),
        PreviousEdition::Given(p) => {
            diags.push(
                Diagnostic::error(
                    "cli.previous-missing",
                    format!("--previous {}: no {file} there", p.display()),
                )
                .note(format!(
                    "expected the folder `berattelse build {}` wrote its report to (or the .{SUFFIX} itself)",
                    year - 1
                )),
            );
            None
        }
    }
}

/// A stored data file outside the project, refused above 256 MB before it is read.
fn read_limited(path: &Path) -> std::io::Result<String> {
    const LIMIT: u64 = 256 * 1024 * 1024;
    let len = std::fs::metadata(path)?.len();
    if len > LIMIT {
        return Err(std::io::Error::other(format!(
            "{len} bytes is above the limit of {LIMIT}"
        )));
    }
    std::fs::read_to_string(path)
}

/// The stored data of an earlier edition, checked.
fn parse(path: String, text: &str, year: i32, diags: &mut Vec<Diagnostic>) -> Option<(String, Underlag)> {
    match serde_json::from_str::<Underlag>(text) {
        Ok(u) if u.format != FORMAT => {
            diags.push(
                Diagnostic::error(
                    "data.previous-format",
                    format!("{path} has format {}, expected {FORMAT}", u.format),
                )
                .at(Location::file(path.clone())),
            );
            None
        }
        Ok(u) if u.year >= year => {
            diags.push(
                Diagnostic::error(
                    "data.previous-year",
                    format!(
                        "{path} holds the data of the {} edition, not of an earlier one",
                        u.year
                    ),
                )
                .at(Location::file(path.clone()))
                .note(format!("expected the stored data of {} or earlier", year - 1)),
            );
            None
        }
        Ok(u) => Some((path, u)),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "data.previous-invalid",
                    format!("{path} is not the stored data of a build: {e}"),
                )
                .at(Location::at(path.clone(), e.line().max(1), e.column().max(1)))
                .note(format!("it should be the .{SUFFIX} that a build wrote")),
            );
            None
        }
    }
}
