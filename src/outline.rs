//! The outline: which sections a report has, in which order, and which data tables each one
//! shows. Each kind has a built-in outline (`report-templates/outlines/<kind>.yaml`); a
//! project may replace it in `berattelse.yaml` or override the file in `templates/`.

use serde::Deserialize;

use crate::diag::{Diagnostic, Location};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    pub title: String,
    pub sections: Vec<SectionSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub id: String,
    pub title: String,
    /// Narrative file stem under `texts/`; defaults to the id.
    #[serde(default)]
    pub text: Option<String>,
    /// A required section must have a narrative text.
    #[serde(default)]
    pub required: bool,
    /// Ids of the legal requirements (report-templates/checklists/) this section meets.
    #[serde(default)]
    pub covers: Vec<String>,
    #[serde(default)]
    pub tables: Vec<TableSpec>,
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    /// Content the tool writes itself, e.g. `generated: forkortningar` for the list of
    /// abbreviations the report uses.
    #[serde(default, alias = "genererad")]
    pub generated: Option<Generated>,
}

/// Sections whose content is generated rather than written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Generated {
    /// The abbreviations used in the report, with their expansions.
    #[serde(rename = "forkortningar", alias = "förkortningar", alias = "abbreviations")]
    Abbreviations,
}

impl SectionSpec {
    pub fn text_file(&self) -> String {
        format!("texts/{}.md", self.text.as_deref().unwrap_or(&self.id))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub id: String,
    pub caption: String,
    pub indicators: Vec<String>,
    /// How many years up to the report year the table shows.
    #[serde(default)]
    pub years: Option<u32>,
    /// Year order of the columns: `ascending` (default) or `descending`.
    #[serde(default, alias = "ordning")]
    pub order: crate::compute::series::Order,
    /// Show the "Förändring" column (last year against the one before); default true.
    #[serde(default, alias = "förändring", alias = "forandring")]
    pub change: Option<bool>,
}

pub const DEFAULT_YEARS: u32 = 3;

/// Ids must be unique and file-name safe, since they name texts and typst blocks.
pub fn validate(sections: &[SectionSpec], file: &str, diags: &mut Vec<Diagnostic>) {
    // Sections and tables are separate namespaces: their blocks are `rubrik-<id>` and `tabell-<id>`.
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<&SectionSpec> = sections.iter().collect();
    while let Some(s) = stack.pop() {
        let ids = std::iter::once(("section", &s.id)).chain(s.tables.iter().map(|t| ("table", &t.id)));
        for (kind, id) in ids {
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid {
                diags.push(
                    Diagnostic::error("outline.bad-id", format!("invalid id \"{id}\" in the outline"))
                        .at(Location::file(file))
                        .note("expected lowercase ASCII letters, digits, `-` or `_`, e.g. \"lex-sarah\""),
                );
            } else if !seen.insert((kind, id.clone())) {
                diags.push(
                    Diagnostic::error(
                        "outline.duplicate-id",
                        format!("{kind} id \"{id}\" is used twice in the outline"),
                    )
                    .at(Location::file(file)),
                );
            }
        }
        if let Some(t) = &s.text
            && (t.contains("..") || t.starts_with('/') || t.contains('\\'))
        {
            diags.push(
                Diagnostic::error(
                    "outline.bad-text",
                    format!("text \"{t}\" of section \"{}\" is not a plain file name", s.id),
                )
                .at(Location::file(file)),
            );
        }
        stack.extend(s.sections.iter());
    }
}
