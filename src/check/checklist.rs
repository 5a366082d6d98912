//! The legal checklist: each requirement of a report kind (report-templates/checklists/)
//! must be met by a section of the outline (`covers:`) that has content.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Deserialize;

use crate::diag::{Diagnostic, Location};
use crate::load::{Loaded, all_sections};
use crate::model::outline::SectionSpec;
use crate::project::ProjectDir;
use crate::project::assets::{self, Origin};
use crate::render::document::Document;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub title: String,
    pub basis: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// What the report must state, in Swedish as in the regulation.
    pub requirement: String,
    pub level: Level,
    pub basis: String,
    #[serde(default)]
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Required by law or föreskrift.
    Ska,
    /// Allmänt råd or established practice.
    #[serde(rename = "bör", alias = "bor")]
    Bor,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// A section covering the rule has content.
    #[default]
    Section,
    /// The report is about the previous calendar year and dated by 1 March.
    Deadline,
}

/// A checklist by name: the project's `templates/checklists/<name>.yaml` if it has one (a
/// municipality may add its own requirements), else the built-in.
pub fn load(project: &ProjectDir, name: &str) -> Result<Checklist, Diagnostic> {
    let file = format!("checklists/{name}.yaml");
    match assets::template(project, &file)? {
        Some((text, Origin::Project(rel))) => crate::formats::yaml::parse(&rel, &text),
        Some((text, Origin::Builtin)) => crate::formats::yaml::parse(&format!("<built-in>/{file}"), &text),
        None => Err(Diagnostic::error(
            "internal.checklist",
            format!("no built-in {file}"),
        )),
    }
}

pub fn check(
    project: &ProjectDir,
    loaded: &Loaded,
    year: i32,
    narratives: &BTreeMap<String, String>,
    document: &Document,
    diags: &mut Vec<Diagnostic>,
) {
    let with_tables: std::collections::BTreeSet<&str> = document
        .sections
        .iter()
        .filter(|s| !s.tables.is_empty() || !s.charts.is_empty())
        .map(|s| s.id.as_str())
        .collect();
    let has_content = |s: &SectionSpec| {
        let own = |s: &SectionSpec| {
            narratives
                .get(&s.text_file())
                .is_some_and(|t| !super::visible_text(t).is_empty())
                || with_tables.contains(s.id.as_str())
        };
        own(s) || s.sections.iter().any(own)
    };
    let known: std::collections::BTreeSet<String> = loaded
        .config
        .report
        .kind
        .checklists()
        .iter()
        .filter_map(|(name, _)| load(project, name).ok())
        .flat_map(|c| c.rules.into_iter().map(|r| r.id))
        .collect();
    for section in all_sections(&loaded.sections) {
        for id in &section.covers {
            if !known.contains(id) {
                diags.push(
                    Diagnostic::error(
                        "checklist.unknown-rule",
                        format!("section \"{}\" covers unknown requirement \"{id}\"", section.id),
                    )
                    .note(format!(
                        "known requirements: {}",
                        known.iter().cloned().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
    }
    for (name, mandatory) in loaded.config.report.kind.checklists() {
        let list = match load(project, name) {
            Ok(l) => l,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        for rule in &list.rules {
            let error = *mandatory && rule.level == Level::Ska;
            let finding = match rule.check {
                Check::Deadline => deadline(loaded, year),
                Check::Section => coverage(loaded, rule, &has_content),
            };
            if let Some((message, location)) = finding {
                let mut d = if error {
                    Diagnostic::error("checklist.missing", format!("{}: {message}", list.title))
                } else {
                    Diagnostic::warning("checklist.missing", format!("{}: {message}", list.title))
                };
                d = d.note(format!(
                    "{} {}: {} ({})",
                    rule.id,
                    level_word(rule.level),
                    rule.requirement,
                    rule.basis
                ));
                if let Some(l) = location {
                    d = d.at(l);
                }
                diags.push(d);
            }
        }
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Ska => "ska redovisa",
        Level::Bor => "bör redovisa",
    }
}

type Finding = Option<(String, Option<Location>)>;

fn coverage(loaded: &Loaded, rule: &Rule, has_content: &dyn Fn(&SectionSpec) -> bool) -> Finding {
    let covering: Vec<&SectionSpec> = all_sections(&loaded.sections)
        .filter(|s| s.covers.iter().any(|c| c == &rule.id))
        .collect();
    if covering.is_empty() {
        return Some((format!("no section covers {}", rule.id), None));
    }
    if covering.iter().any(|s| has_content(s)) {
        return None;
    }
    let s = covering[0];
    Some((
        format!("section \"{}\" covers {} but has no content", s.title, rule.id),
        Some(Location::file(s.text_file())),
    ))
}

fn deadline(loaded: &Loaded, year: i32) -> Finding {
    let date = loaded.config.document.date;
    let by = chrono::NaiveDate::from_ymd_opt(year + 1, 3, 1)?;
    let loc = Some(Location::file(crate::config::FILE_NAME));
    if date.year() <= year {
        return Some((
            format!("the document date {date} lies within the report year {year}"),
            loc,
        ));
    }
    (date > by).then(|| {
        (
            format!("the document date {date} is after 1 March {}", year + 1),
            loc,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_checklists_parse_and_ids_are_unique() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("berattelse.yaml"), "").unwrap();
        let project = ProjectDir::open(dir.path()).unwrap();
        for name in ["patientsakerhetsberattelse", "kvalitetsberattelse"] {
            let list = load(&project, name).unwrap();
            let mut ids: Vec<_> = list.rules.iter().map(|r| r.id.clone()).collect();
            let n = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), n, "{name}");
            assert!(n >= 12, "{name}");
        }
    }

    #[test]
    fn a_project_checklist_replaces_the_built_in_and_is_located_in_the_project() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("berattelse.yaml"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("templates/checklists")).unwrap();
        let own = "title: Egen\nbasis: Nämndens beslut\nrules:\n  - id: EGEN-01\n    requirement: hur \
                   nämndens mål har följts upp\n    level: ska\n    basis: Nämndens beslut\n";
        std::fs::write(
            dir.path().join("templates/checklists/kvalitetsberattelse.yaml"),
            own,
        )
        .unwrap();
        let project = ProjectDir::open(dir.path()).unwrap();
        let list = load(&project, "kvalitetsberattelse").unwrap();
        assert_eq!(list.title, "Egen");
        assert_eq!(list.rules.len(), 1);
        assert_eq!(list.rules[0].level, Level::Ska);
        // The other checklist is still the built-in one.
        assert!(load(&project, "patientsakerhetsberattelse").unwrap().rules.len() >= 12);
        std::fs::write(
            dir.path().join("templates/checklists/kvalitetsberattelse.yaml"),
            "title: Egen\nrules: []\nbasis: x\nextra: 1\n",
        )
        .unwrap();
        let e = load(&project, "kvalitetsberattelse").unwrap_err();
        assert_eq!(
            e.location.unwrap().file,
            "templates/checklists/kvalitetsberattelse.yaml"
        );
    }
}
