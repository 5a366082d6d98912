//! The previous edition's stored data (`<slug>.underlag.json`), read for the revision list
//! (the comparison itself is compute/revisions.rs).

use crate::compute::revisions::{FORMAT, SUFFIX, Underlag};
use crate::config::revisions::RevisionSettings;
use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;

/// Read the previous edition's stored data, if there is one. `default` is the path to try when
/// berattelse.yaml names none; a named file that does not exist is an error.
pub fn load_previous(
    project: &ProjectDir,
    settings: Option<&RevisionSettings>,
    default: &str,
    year: i32,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Underlag)> {
    let named = settings.and_then(|s| s.previous.clone());
    let path = named.clone().unwrap_or_else(|| default.to_string());
    let text = match project.read_text_optional(&path) {
        Ok(Some(t)) => t,
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
    };
    match serde_json::from_str::<Underlag>(&text) {
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
