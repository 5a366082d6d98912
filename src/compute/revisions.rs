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

use crate::diag::Diagnostic;
use crate::format::{self, Unit};
use crate::model::catalogue::Indicator;

use super::Engine;

pub const FORMAT: u32 = 1;
pub const SUFFIX: &str = "underlag.json";

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
                    decimals: ind.decimals(),
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
pub fn to_json(u: &Underlag) -> Result<Vec<u8>, Diagnostic> {
    let mut s = crate::diag::json_pretty(u, SUFFIX)?;
    s.push('\n');
    Ok(s.into_bytes())
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
    /// The series has a new definition from this edition (`redefined:` in the catalogue):
    /// the change is the new definition, not a revision of the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redefined: Option<Redefined>,
}

/// A new definition of a series, from the report year `edition`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redefined {
    pub edition: i32,
    pub reason: Option<String>,
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
        let redefined = ind.redefinition(previous.year, engine.year).map(|r| Redefined {
            edition: r.edition,
            reason: r.reason.clone(),
        });
        for (&year, &before) in &stored.values {
            if year > previous.year {
                continue;
            }
            let Some(o) = model.observation(id, year) else {
                continue;
            };
            // As printed now: a value keeps the decimals it is written with unless fixed.
            let decimals = ind.decimals_of(o.decimals);
            let shown = |v: Option<f64>| v.and_then(|v| format::shown(v, ind.unit, decimals));
            if shown(before) != shown(o.value) {
                out.push(Revision {
                    indicator: id.clone(),
                    year,
                    edition: previous.year,
                    before,
                    after: o.value,
                    file: o.file.clone(),
                    line: o.line,
                    redefined: redefined.clone(),
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
        let v = |x: f64| ind.with_unit(x, ind.decimals(), &engine.style);
        if let Some(r) = &self.redefined {
            return self.new_definition(r, engine, ind);
        }
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

    /// A new definition, worded as such: "Ny definition från och med berättelsen för 2024:
    /// även korttidsboende räknas med. Med den tidigare definitionen var värdet för 2023 961."
    fn new_definition(&self, r: &Redefined, engine: &Engine, ind: &Indicator) -> String {
        let mut s = format!("Ny definition från och med berättelsen för {}", r.edition);
        match &r.reason {
            Some(reason) => s.push_str(&format!(": {}", format::full_stop(&lower_first(reason)))),
            None => s.push('.'),
        }
        if let Some(a) = self.before
            && !self.small(engine, ind)
        {
            let v = ind.with_unit(a, ind.decimals(), &engine.style);
            s.push_str(&format!(
                " Med den tidigare definitionen var värdet för {} {v} i berättelsen för {}.",
                self.year, self.edition
            ));
        }
        s
    }

    /// One line for `check`: "senior_alert.riskbedomningar 2023: 961 in the 2023 edition, now 966".
    pub fn describe(&self, ind: Option<&Indicator>) -> String {
        let v = |x: Option<f64>| match (x, ind) {
            (Some(x), Some(i)) => i.with_unit(x, i.decimals(), &Default::default()),
            (Some(x), None) => x.to_string(),
            (None, _) => "missing".to_string(),
        };
        let why = match &self.redefined {
            Some(r) => format!(" (new definition from the {} edition)", r.edition),
            None => String::new(),
        };
        format!(
            "{} {}: {} in the {} edition, now {}{why}",
            self.indicator,
            self.year,
            v(self.before),
            self.edition,
            v(self.after)
        )
    }
}

/// "Även korttidsboende …" → "även korttidsboende …", unless it starts with an abbreviation.
fn lower_first(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            format!("{}{}", a.to_lowercase(), &s[a.len_utf8()..])
        }
        _ => s.to_string(),
    }
}

/// The default place of an edition's stored data.
pub fn default_path(year: i32, slug: &str) -> String {
    format!("out/{year}/{slug}.{SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    const RISK: &str = "{id: senior_alert.riskbedomningar, name: Riskbedömningar, unit: antal, decimals: 0}";

    #[test]
    fn stored_data_round_trips_and_is_deterministic() {
        let e = Engine::plain(
            model(RISK, &[(2022, Some(1016.0)), (2023, Some(961.0)), (2021, None)]),
            2023,
        );
        let u = underlag(&e);
        let a = to_json(&u).unwrap();
        assert_eq!(a, to_json(&underlag(&e)).unwrap());
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
        // Rounding noise below the printed precision (decimals: 0) is not a revision; dropped
        // years are not.
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
