//! A new year in one command (`berattelse init --from LAST-YEAR`): last year's project, as
//! files for a new project folder for the next report year.
//!
//! - data (`data/`), templates, images and everything else: kept as they are. `data/mal.yaml`
//!   keeps every year's goals, so the goals last year's report set for the coming year are
//!   this year's follow-up table (`year: report`); a reminder for next year's goals is added;
//! - texts (`*.md` under `texts/`): carried over as drafts that `check` flags until edited
//!   (check/draft.rs);
//! - berattelse.yaml: the document metadata reset (config/next_edition.rs);
//! - the previous edition's outputs (`out/<year>/`: the report's Markdown, which the stale-text
//!   lint compares with, and its `.underlag.json`, which the revision list reads): copied to
//!   the same place, where this year's build looks for them.

use crate::config::FILE_NAME;
use crate::config::next_edition::{Change, next_edition};
use crate::diag::Diagnostic;
use crate::project::ProjectDir;
use crate::project::scaffold::NewFile;

/// The new project, ready to be written.
#[derive(Debug)]
pub struct NewYear {
    /// The year of the report last year's project built (its newest `out/<year>/`).
    pub previous_year: i32,
    pub files: Vec<NewFile>,
    /// The texts carried over as drafts.
    pub drafts: Vec<String>,
    /// The metadata of berattelse.yaml that was reset.
    pub changes: Vec<Change>,
    /// The previous edition's outputs, copied to `out/<previous_year>/`.
    pub previous_outputs: Vec<String>,
}

/// Plan the project for the year after `source`'s newest built report.
pub fn plan(source: &ProjectDir) -> Result<NewYear, Diagnostic> {
    let all = source.walk();
    let previous_year = newest_built_year(&all).ok_or_else(|| {
        Diagnostic::error(
            "init.no-previous-build",
            format!(
                "{} has no built report (no out/<year>/*.{})",
                source.root().display(),
                crate::compute::revisions::SUFFIX
            ),
        )
        .note("build last year's report in that project first (`berattelse build <year>`): the new project needs its outputs for the revision list and the stale-text check")
    })?;
    let out_dir = format!("out/{previous_year}/");
    let mut plan = NewYear {
        previous_year,
        files: Vec::new(),
        drafts: Vec::new(),
        changes: Vec::new(),
        previous_outputs: Vec::new(),
    };
    for rel in &all {
        if rel.starts_with("out/") {
            if rel.starts_with(&out_dir) {
                plan.previous_outputs.push(rel.clone());
                plan.files.push(NewFile::new(rel.clone(), read(source, rel)?));
            }
            continue;
        }
        let bytes = if rel == FILE_NAME {
            continue;
        } else if rel.starts_with("texts/") && rel.ends_with(".md") {
            plan.drafts.push(rel.clone());
            crate::load::draft::mark(&read_text(source, rel)?, previous_year).into_bytes()
        } else if rel == crate::data::goals::FILE {
            goals_with_reminder(&read_text(source, rel)?, previous_year + 2).into_bytes()
        } else {
            read(source, rel)?
        };
        plan.files.push(NewFile::new(rel.clone(), bytes));
    }
    let stored = plan
        .previous_outputs
        .iter()
        .find(|f| f.ends_with(crate::compute::revisions::SUFFIX))
        .cloned();
    let config = read_text(source, FILE_NAME)?;
    let (config, changes) = next_edition(&config, previous_year, stored.as_deref())?;
    plan.changes = changes;
    plan.files.insert(0, NewFile::new(FILE_NAME, config.into_bytes()));
    Ok(plan)
}

/// The newest `<year>` of `out/<year>/<slug>.underlag.json`.
fn newest_built_year(files: &[String]) -> Option<i32> {
    files
        .iter()
        .filter(|f| f.ends_with(crate::compute::revisions::SUFFIX))
        .filter_map(|f| {
            let mut parts = f.split('/');
            (parts.next() == Some("out")).then_some(())?;
            let year = parts.next()?;
            (year.len() == 4 && parts.count() == 1).then_some(())?;
            year.parse::<i32>().ok()
        })
        .max()
}

/// data/mal.yaml with a comment at the end that asks for the goals of `year`.
fn goals_with_reminder(text: &str, year: i32) -> String {
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n  # --- Mål för {year} (berattelse init --from): lägg till dem här med `år: {year}`; \
         årets berättelse visar dem som kommande års mål.\n"
    ));
    out
}

fn read(source: &ProjectDir, rel: &str) -> Result<Vec<u8>, Diagnostic> {
    source
        .read_optional(rel)?
        .ok_or_else(|| Diagnostic::error("init.read", format!("{rel} disappeared while it was copied")))
}

fn read_text(source: &ProjectDir, rel: &str) -> Result<String, Diagnostic> {
    source
        .read_text_optional(rel)?
        .ok_or_else(|| Diagnostic::error("init.read", format!("{rel} disappeared while it was copied")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_built_year_is_last_years_report() {
        let files = [
            "out/2023/kpb.underlag.json",
            "out/2024/kpb.md",
            "out/2024/kpb.underlag.json",
            "out/2024-H1/avv.underlag.json",
            "data/out/2030/x.underlag.json",
        ]
        .map(String::from);
        assert_eq!(newest_built_year(&files), Some(2024));
        assert_eq!(newest_built_year(&files[1..2]), None);
    }

    #[test]
    fn the_goals_reminder_is_a_comment() {
        let text = goals_with_reminder("mål:\n  - år: 2025\n    område: Säker\n    mål: A", 2026);
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(v["mål"].as_sequence().map(Vec::len), Some(1));
        assert!(text.ends_with("`år: 2026`; årets berättelse visar dem som kommande års mål.\n"));
    }
}
