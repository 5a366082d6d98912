//! Legal references printed under section headings ("Lagrum: PSL 2010:659 3 kap. 10 §, …").
//! The catalogue is data (`report-templates/lagrum.yaml`, overridable from the project's
//! `templates/`), because references change by year: the new socialtjänstlag renumbered SoL
//! from 2025-07-01. Each entry has one text or several dated versions; the report period's
//! last day picks the version.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::project::ProjectDir;
use crate::project::assets::{self, Origin};

pub const FILE: &str = "lagrum.yaml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LagrumFile {
    pub lagrum: Vec<Entry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// The reference as printed, when it has not changed over time.
    #[serde(default)]
    pub text: Option<String>,
    /// Dated versions, when the reference changed (a renumbered law).
    #[serde(default)]
    pub versions: Vec<Version>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// First day the version applies; open when absent.
    #[serde(default, alias = "från", alias = "fran")]
    pub from: Option<NaiveDate>,
    /// Last day the version applies; open when absent.
    #[serde(default, alias = "till")]
    pub to: Option<NaiveDate>,
    pub text: String,
}

impl Version {
    fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// The legal references by id, with the file they came from (for messages).
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub entries: BTreeMap<String, Entry>,
    pub file: String,
}

impl Catalogue {
    /// Parse and validate a catalogue: ids unique, each entry with a text or versions (not
    /// both), versions with `from` ≤ `to` and not overlapping.
    pub fn parse(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Catalogue {
        let parsed: LagrumFile = match crate::formats::yaml::parse(file, text) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                return Catalogue {
                    file: file.to_string(),
                    ..Catalogue::default()
                };
            }
        };
        let mut entries = BTreeMap::new();
        for e in parsed.lagrum {
            let bad = |msg: String| Diagnostic::error("lagrum.invalid", msg).at(Location::file(file));
            match (&e.text, e.versions.is_empty()) {
                (Some(_), false) => diags.push(
                    bad(format!("lagrum \"{}\" has both text and versions", e.id))
                        .note("give either one text, or dated versions each with its text"),
                ),
                (None, true) => diags.push(bad(format!("lagrum \"{}\" has no text", e.id))),
                _ => {}
            }
            for v in &e.versions {
                if let (Some(f), Some(t)) = (v.from, v.to)
                    && f > t
                {
                    diags.push(bad(format!(
                        "lagrum \"{}\": version \"{}\" ends ({t}) before it begins ({f})",
                        e.id, v.text
                    )));
                }
            }
            for (i, a) in e.versions.iter().enumerate() {
                for b in &e.versions[i + 1..] {
                    let start = a.from.max(b.from);
                    let end = match (a.to, b.to) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    };
                    let overlap = match (start, end) {
                        (Some(s), Some(t)) => s <= t,
                        _ => true,
                    };
                    if overlap {
                        diags.push(
                            bad(format!(
                                "lagrum \"{}\": versions \"{}\" and \"{}\" overlap",
                                e.id, a.text, b.text
                            ))
                            .note("give each version from: and to: dates that do not overlap"),
                        );
                    }
                }
            }
            if entries.insert(e.id.clone(), e.clone()).is_some() {
                diags.push(bad(format!("lagrum \"{}\" is defined twice", e.id)));
            }
        }
        Catalogue {
            entries,
            file: file.to_string(),
        }
    }

    /// The project's `templates/lagrum.yaml`, else the built-in catalogue.
    pub fn load(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> Catalogue {
        match assets::template(project, FILE) {
            Ok(Some((text, origin))) => {
                let file = match origin {
                    Origin::Builtin => format!("<built-in>/{FILE}"),
                    Origin::Project(p) => p,
                };
                Catalogue::parse(&file, &text, diags)
            }
            Ok(None) => Catalogue::default(),
            Err(d) => {
                diags.push(d);
                Catalogue::default()
            }
        }
    }

    /// The text of reference `id` valid on `date`.
    pub fn text(&self, id: &str, date: NaiveDate) -> Result<&str, LookupError> {
        let e = self.entries.get(id).ok_or(LookupError::Unknown)?;
        if let Some(t) = &e.text {
            return Ok(t);
        }
        e.versions
            .iter()
            .find(|v| v.covers(date))
            .map(|v| v.text.as_str())
            .ok_or(LookupError::NotValid)
    }

    /// The "Lagrum:" line for a section: the references valid on `date`, joined with commas
    /// (each text once). Problems are reported for `section` in `file`.
    pub fn line(
        &self,
        ids: &[String],
        date: NaiveDate,
        section: &str,
        file: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let mut texts: Vec<&str> = Vec::new();
        for id in ids {
            match self.text(id, date) {
                Ok(t) => {
                    if !texts.contains(&t) {
                        texts.push(t);
                    }
                }
                Err(LookupError::Unknown) => {
                    let mut d = Diagnostic::error(
                        "outline.unknown-lagrum",
                        format!("section \"{section}\" refers to unknown lagrum \"{id}\""),
                    )
                    .at(Location::file(file))
                    .note(format!(
                        "legal references are defined in {}",
                        if self.file.is_empty() {
                            format!("templates/{FILE}")
                        } else {
                            self.file.clone()
                        }
                    ));
                    if let Some(s) = did_you_mean(id, self.entries.keys().map(String::as_str)) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                }
                Err(LookupError::NotValid) => diags.push(
                    Diagnostic::error(
                        "lagrum.not-valid",
                        format!("lagrum \"{id}\" of section \"{section}\" has no version valid on {date}"),
                    )
                    .at(Location::file(self.file.clone()))
                    .note("add a version whose from:/to: dates cover the end of the report period"),
                ),
            }
        }
        (!texts.is_empty()).then(|| texts.join(", "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupError {
    Unknown,
    NotValid,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn builtin_catalogue_is_valid() {
        let text = assets::builtin(FILE).unwrap();
        let mut diags = Vec::new();
        let c = Catalogue::parse("lagrum.yaml", text, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(c.entries.len() >= 20);
        assert_eq!(
            c.text("psl-3-10", d("2024-12-31")),
            Ok("PSL 2010:659 3 kap. 10 §")
        );
    }

    #[test]
    fn the_report_period_picks_the_version() {
        let text = assets::builtin(FILE).unwrap();
        let c = Catalogue::parse("lagrum.yaml", text, &mut Vec::new());
        // SoL (2001:453) until 30 June 2025, the new socialtjänstlag from 1 July 2025.
        let old = c.text("sol-lex-sarah", d("2024-12-31")).unwrap();
        assert!(old.contains("2001:453"), "{old}");
        assert_eq!(c.text("sol-lex-sarah", d("2025-06-30")).unwrap(), old);
        let new = c.text("sol-lex-sarah", d("2025-12-31")).unwrap();
        assert!(new.contains("2025:400"), "{new}");
        assert_eq!(c.text("nope", d("2024-12-31")), Err(LookupError::Unknown));
    }

    #[test]
    fn line_joins_and_reports_unknown_ids() {
        let yaml = "lagrum:\n  - {id: a, text: PSL 2010:659 3 kap. 10 §}\n  - id: b\n    versions:\n      - {to: 2025-06-30, text: Gammal}\n      - {from: 2025-07-01, text: Ny}\n  - id: c\n    versions:\n      - {from: 2026-01-01, text: Framtida}\n";
        let mut diags = Vec::new();
        let c = Catalogue::parse("l.yaml", yaml, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let line = c.line(&ids(&["a", "b", "a"]), d("2024-06-30"), "s", "o.yaml", &mut diags);
        assert_eq!(line.as_deref(), Some("PSL 2010:659 3 kap. 10 §, Gammal"));
        let line = c.line(&ids(&["b"]), d("2025-12-31"), "s", "o.yaml", &mut diags);
        assert_eq!(line.as_deref(), Some("Ny"));
        assert!(diags.is_empty());
        let line = c.line(&ids(&["aa", "c"]), d("2025-12-31"), "s", "o.yaml", &mut diags);
        assert_eq!(line, None);
        assert_eq!(diags[0].code, "outline.unknown-lagrum");
        assert!(diags[0].notes.iter().any(|n| n.contains("did you mean \"a\"")));
        assert_eq!(diags[1].code, "lagrum.not-valid");
    }

    #[test]
    fn overlapping_or_double_definitions_are_errors() {
        let yaml = "lagrum:\n  - id: b\n    versions:\n      - {to: 2025-07-01, text: Gammal}\n      - {from: 2025-07-01, text: Ny}\n  - {id: c, text: X, versions: [{text: Y}]}\n  - {id: e}\n";
        let mut diags = Vec::new();
        Catalogue::parse("l.yaml", yaml, &mut diags);
        let msgs: Vec<_> = diags.iter().map(|d| d.message.clone()).collect();
        assert!(msgs.iter().any(|m| m.contains("overlap")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.contains("both text and versions")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("\"e\" has no text")), "{msgs:?}");
    }
}
