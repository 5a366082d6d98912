//! Revisions. Each build stores the data it used next to its outputs
//! (`out/<year>/<slug>.underlag.json`). The next edition reads that file and lists every value
//! for an earlier year that has changed since (late registrations in a quality register, a
//! corrected export): `check` prints the list and the report footnotes each revised value.
//!
//! Where the previous edition's data is found: `revisions.previous` in berattelse.yaml (a
//! project-relative path), else `out/<year − 1>/<slug of year − 1>.underlag.json` in the same
//! project. The file holds the unprotected values, like the data files it was made from: keep
//! it with the project, do not publish it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};
use crate::format::{self, Unit};
use crate::model::catalogue::Indicator;
use crate::project::ProjectDir;

use super::Engine;

pub const FORMAT: u32 = 1;
pub const SUFFIX: &str = "underlag.json";

/// The `revisions:` block of berattelse.yaml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionSettings {
    /// Project-relative path of the previous edition's `.underlag.json`.
    #[serde(default, alias = "föregående", alias = "foregaende")]
    pub previous: Option<String>,
}

/// The data a build used, as stored next to its outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Underlag {
    pub format: u32,
    /// The report year of the edition.
    pub year: i32,
    pub indicators: BTreeMap<String, Stored>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stored {
    pub name: String,
    pub unit: Unit,
    #[serde(default)]
    pub decimals: u8,
    /// Year → value; `null` for a value reported as missing.
    pub values: BTreeMap<i32, Option<f64>>,
}

/// What a build stores: every yearly value of the model.
pub fn underlag(engine: &Engine) -> Underlag {
    let model = engine.model();
    let indicators = model
        .series
        .iter()
        .filter_map(|(id, years)| {
            let ind = model.indicator(id)?;
            Some((
                id.clone(),
                Stored {
                    name: ind.name.clone(),
                    unit: ind.unit,
                    decimals: ind.decimals,
                    values: years.iter().map(|(y, o)| (*y, o.value)).collect(),
                },
            ))
        })
        .collect();
    Underlag {
        format: FORMAT,
        year: engine.year,
        indicators,
    }
}

/// The stored data as written: pretty JSON, keys sorted, so equal data gives equal bytes.
pub fn to_json(u: &Underlag) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(u).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// A value for an earlier year that differs from the previous edition's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub indicator: String,
    pub year: i32,
    /// The report year of the previous edition.
    pub edition: i32,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Where the new value comes from.
    pub file: String,
    pub line: usize,
}

/// Every revision between the previous edition's data and the engine's model. Values are
/// compared as printed (rounded to the indicator's decimals). A year the data no longer has a
/// row for is not a revision: projects keep only recent years.
pub fn compare(engine: &Engine, previous: &Underlag) -> Vec<Revision> {
    let model = engine.model();
    let mut out = Vec::new();
    for (id, stored) in &previous.indicators {
        let Some(ind) = model.indicator(id) else {
            continue;
        };
        for (&year, &before) in &stored.values {
            if year > previous.year {
                continue;
            }
            let Some(o) = model.observation(id, year) else {
                continue;
            };
            let shown = |v: Option<f64>| v.and_then(|v| format::shown(v, ind.unit, ind.decimals));
            if shown(before) != shown(o.value) {
                out.push(Revision {
                    indicator: id.clone(),
                    year,
                    edition: previous.year,
                    before,
                    after: o.value,
                    file: o.file.clone(),
                    line: o.line,
                });
            }
        }
    }
    out
}

impl Revision {
    fn small(&self, engine: &Engine, ind: &Indicator) -> bool {
        let n = f64::from(engine.privacy.threshold);
        engine.counts_persons(ind)
            && [self.before, self.after]
                .iter()
                .flatten()
                .any(|v| *v > 0.0 && *v < n)
    }

    /// The report's footnote: "Värdet för 2023 har reviderats från 961 till 966 sedan
    /// berättelsen för 2023." Protected counts are not printed.
    pub fn footnote(&self, engine: &Engine, ind: &Indicator) -> String {
        let (y, e) = (self.year, self.edition);
        let v = |x: f64| format::with_unit(x, ind.unit, ind.decimals, &engine.style);
        if self.small(engine, ind) {
            return format!("Värdet för {y} har reviderats sedan berättelsen för {e}.");
        }
        match (self.before, self.after) {
            (Some(a), Some(b)) => format!(
                "Värdet för {y} har reviderats från {} till {} sedan berättelsen för {e}.",
                v(a),
                v(b)
            ),
            (None, Some(b)) => format!("Värdet för {y} ({}) saknades i berättelsen för {e}.", v(b)),
            (Some(a), None) => format!("Värdet för {y} var {} i berättelsen för {e} men saknas nu.", v(a)),
            (None, None) => format!("Värdet för {y} har reviderats sedan berättelsen för {e}."),
        }
    }

    /// One line for `check`: "senior_alert.riskbedomningar 2023: 961 in the 2023 edition, now 966".
    pub fn describe(&self, ind: Option<&Indicator>) -> String {
        let v = |x: Option<f64>| match (x, ind) {
            (Some(x), Some(i)) => format::with_unit(x, i.unit, i.decimals, &Default::default()),
            (Some(x), None) => x.to_string(),
            (None, _) => "missing".to_string(),
        };
        format!(
            "{} {}: {} in the {} edition, now {}",
            self.indicator,
            self.year,
            v(self.before),
            self.edition,
            v(self.after)
        )
    }
}

/// The default place of an edition's stored data.
pub fn default_path(year: i32, slug: &str) -> String {
    format!("out/{year}/{slug}.{SUFFIX}")
}

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

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    const RISK: &str = "{id: senior_alert.riskbedomningar, name: Riskbedömningar, unit: antal}";

    #[test]
    fn stored_data_round_trips_and_is_deterministic() {
        let e = Engine::plain(
            model(RISK, &[(2022, Some(1016.0)), (2023, Some(961.0)), (2021, None)]),
            2023,
        );
        let u = underlag(&e);
        let a = to_json(&u);
        assert_eq!(a, to_json(&underlag(&e)));
        let back: Underlag = serde_json::from_slice(&a).unwrap();
        assert_eq!(back, u);
        let text = String::from_utf8(a).unwrap();
        assert!(text.contains("\"2023\": 961.0"), "{text}");
        assert!(text.contains("\"2021\": null"), "{text}");
    }

    #[test]
    fn revised_values_are_found_and_footnoted() {
        let before = Engine::plain(model(RISK, &[(2022, Some(1016.0)), (2023, Some(961.0))]), 2023);
        let stored = underlag(&before);
        let now = Engine::plain(
            model(
                RISK,
                &[(2022, Some(1016.0)), (2023, Some(966.0)), (2024, Some(990.0))],
            ),
            2024,
        );
        let r = compare(&now, &stored);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].year, r[0].before, r[0].after),
            (2023, Some(961.0), Some(966.0))
        );
        let ind = now.indicator("senior_alert.riskbedomningar").unwrap();
        assert_eq!(
            r[0].footnote(&now, ind),
            "Värdet för 2023 har reviderats från 961 till 966 sedan berättelsen för 2023."
        );
        assert_eq!(
            r[0].describe(Some(ind)),
            "senior_alert.riskbedomningar 2023: 961 in the 2023 edition, now 966"
        );
        // Rounding noise below the printed precision is not a revision; dropped years are not.
        let same = Engine::plain(model(RISK, &[(2023, Some(961.2))]), 2024);
        assert!(compare(&same, &stored).is_empty());
    }

    #[test]
    fn protected_counts_are_not_printed_in_revision_notes() {
        let p = "{id: p, name: P, unit: antal, persons: true}";
        let before = Engine::plain(model(p, &[(2023, Some(3.0))]), 2023);
        let stored = underlag(&before);
        let m = model(p, &[(2023, Some(4.0)), (2024, Some(40.0))]);
        let now = Engine::new(
            std::sync::Arc::new(m),
            2024,
            Default::default(),
            None,
            &mut Vec::new(),
        );
        let r = compare(&now, &stored);
        let ind = now.indicator("p").unwrap();
        assert_eq!(
            r[0].footnote(&now, ind),
            "Värdet för 2023 har reviderats sedan berättelsen för 2023."
        );
    }
}
