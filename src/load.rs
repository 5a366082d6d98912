//! Stage 1: load and validate everything a build needs (config, outline, catalogue, data,
//! texts), collecting every problem found instead of stopping at the first.

use std::collections::BTreeMap;

use crate::assets::{self, Origin};
use crate::config::{self, Config};
use crate::data::catalogue::{self, CatalogueFile};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Model;
use crate::outline::{self, Outline, SectionSpec};
use crate::project::ProjectDir;
use crate::yaml;

pub const PROJECT_CATALOGUE: &str = "data/indikatorer.yaml";

#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub title: String,
    pub sections: Vec<SectionSpec>,
    pub model: Model,
    /// Narrative texts by project-relative path (`texts/avvikelser.md`).
    pub texts: BTreeMap<String, String>,
    /// Abbreviation → expansion: built-in list with the project's additions.
    pub abbreviations: BTreeMap<String, String>,
}

pub fn load(project: &ProjectDir, diags: &mut Diagnostics) -> Option<Loaded> {
    let mut found = Vec::new();
    let config = load_config(project, &mut found);
    let (title, sections) = match &config {
        Some(c) => load_outline(project, c, &mut found),
        None => (String::new(), Vec::new()),
    };
    let catalogue = load_catalogue(project, &mut found);
    let collected = crate::data::load(project, &catalogue, &mut found);
    // Without a config there is no outline, so every text would look unused: skip the texts.
    let texts = if config.is_some() {
        load_texts(project, &sections, &mut found)
    } else {
        BTreeMap::new()
    };
    let abbreviations = match &config {
        Some(c) => {
            crate::profile::validate(project, c.profile.as_ref(), &mut found);
            crate::abbreviations::dictionary(project, &c.abbreviations, &mut found)
        }
        None => BTreeMap::new(),
    };
    diags.extend(found);
    let config = config?;
    let mut title = title;
    if let Some(t) = &config.report.title {
        title = t.clone();
    }
    Some(Loaded {
        config,
        title,
        sections,
        model: Model::build(catalogue, collected),
        texts,
        abbreviations,
    })
}

fn load_config(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let text = match project.read_text_optional(config::FILE_NAME) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    yaml::parse(config::FILE_NAME, &text)
        .map_err(|d| diags.push(d))
        .ok()
}

fn load_outline(
    project: &ProjectDir,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<SectionSpec>) {
    let name = format!("outlines/{}.yaml", config.report.kind.id());
    let (outline, file) = match assets::template(project, &name) {
        Ok(Some((text, origin))) => {
            let file = match origin {
                Origin::Builtin => format!("<built-in>/{name}"),
                Origin::Project(p) => p,
            };
            match yaml::parse::<Outline>(&file, &text) {
                Ok(o) => (o, file),
                Err(d) => {
                    diags.push(d);
                    return (String::new(), Vec::new());
                }
            }
        }
        Ok(None) => {
            diags.push(Diagnostic::error(
                "outline.missing",
                format!("no outline {name} for this report kind"),
            ));
            return (String::new(), Vec::new());
        }
        Err(d) => {
            diags.push(d);
            return (String::new(), Vec::new());
        }
    };
    let (sections, file) = match &config.outline {
        Some(s) => (s.clone(), config::FILE_NAME.to_string()),
        None => (outline.sections, file),
    };
    outline::validate(&sections, &file, diags);
    (outline.title, sections)
}

fn load_catalogue(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> catalogue::Catalogue {
    let builtin = assets::builtin("indicators.yaml")
        .map(|t| yaml::parse::<CatalogueFile>("<built-in>/indicators.yaml", t))
        .transpose()
        .unwrap_or_else(|d| {
            diags.push(d);
            None
        })
        .map(|c| c.indicators)
        .unwrap_or_default();
    let own = match project.read_text_optional(PROJECT_CATALOGUE) {
        Ok(Some(text)) => match yaml::parse::<CatalogueFile>(PROJECT_CATALOGUE, &text) {
            Ok(c) => c.indicators,
            Err(d) => {
                diags.push(d);
                Vec::new()
            }
        },
        Ok(None) => Vec::new(),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    for i in &own {
        if !seen.insert(i.id.clone()) {
            diags.push(
                Diagnostic::error(
                    "catalogue.duplicate",
                    format!("indicator \"{}\" is defined twice", i.id),
                )
                .at(Location::file(PROJECT_CATALOGUE)),
            );
        }
    }
    catalogue::merge(builtin, own)
}

fn load_texts(
    project: &ProjectDir,
    sections: &[SectionSpec],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    let mut stack: Vec<&SectionSpec> = sections.iter().collect();
    while let Some(s) = stack.pop() {
        let file = s.text_file();
        match project.read_text_optional(&file) {
            Ok(Some(t)) => {
                texts.insert(file, t);
            }
            Ok(None) if s.required => diags.push(
                Diagnostic::warning(
                    "text.missing",
                    format!("section \"{}\" has no text ({file})", s.title),
                )
                .at(Location::file(file.clone()))
                .note("the section is required: write its narrative in that file"),
            ),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
        stack.extend(s.sections.iter());
    }
    let mut known: std::collections::BTreeSet<String> =
        all_sections(sections).map(SectionSpec::text_file).collect();
    // The tjänsteskrivelse's Sammanfattning is a text too.
    known.insert(crate::render::tjansteskrivelse::DEFAULT_SUMMARY.to_string());
    for f in project.list("texts") {
        if f.ends_with(".md") && !known.contains(&f) {
            diags.push(
                Diagnostic::warning("text.unused", format!("{f} belongs to no section of the outline"))
                    .at(Location::file(f.clone()))
                    .note("rename it to match a section id, or add the section to the outline"),
            );
        }
    }
    texts
}

pub fn all_sections(sections: &[SectionSpec]) -> impl Iterator<Item = &SectionSpec> {
    let mut stack: Vec<&SectionSpec> = sections.iter().rev().collect();
    std::iter::from_fn(move || {
        let s = stack.pop()?;
        stack.extend(s.sections.iter().rev());
        Some(s)
    })
}
