//! Stage 1: load and validate everything a build needs (config, outline, catalogue, data,
//! texts), collecting every problem found instead of stopping at the first.

pub mod abbreviations;
pub mod draft;
pub mod kolada;
pub mod lagrum;
pub mod profile;
pub mod revisions;

use std::collections::BTreeMap;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::formats::yaml;
use crate::formats::yamlloc::Step;
use crate::model::Model;
use crate::model::catalogue::{self, CatalogueFile};
use crate::model::collected::Collected;
use crate::model::outline::{self, Outline, SectionSpec};
use crate::project::ProjectDir;
use crate::project::assets::{self, Origin};

pub const PROJECT_CATALOGUE: &str = "data/indikatorer.yaml";

#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub title: String,
    pub sections: Vec<SectionSpec>,
    pub model: Model,
    /// Narrative texts by project-relative path (`texts/avvikelser.md`).
    pub texts: BTreeMap<String, String>,
    /// Legal references printed under headings (report-templates/lagrum.yaml).
    pub lagrum: crate::load::lagrum::Catalogue,
    /// Abbreviation → expansion: built-in list with the project's additions.
    pub abbreviations: BTreeMap<String, String>,
}

/// Load a project with one report (the first, when `reports:` lists several).
pub fn load(project: &ProjectDir, diags: &mut Diagnostics) -> Option<Loaded> {
    load_all(project, diags)?.into_iter().next()
}

/// Load a project: the data once, and for each report of `reports:` (or the single
/// `report:`) its outline and texts. Each [`Loaded`] has `config.report` set to its report.
pub fn load_all(project: &ProjectDir, diags: &mut Diagnostics) -> Option<Vec<Loaded>> {
    load_all_kept(project, &mut Kept::default(), diags)
}

/// What a long-running process (`watch`) keeps of the last load while only texts change:
/// the indicator catalogue and the data, with the diagnostics reading them gave.
#[derive(Default)]
pub struct Kept {
    data: Option<(catalogue::Catalogue, Collected, Vec<Diagnostic>)>,
    /// Keep what was read for the next load; off for a one-off build, which would only copy
    /// the data to throw the copy away.
    keeping: bool,
}

impl Kept {
    /// Keeps the data of each load for the next one (`watch`).
    pub fn keeping() -> Kept {
        Kept {
            data: None,
            keeping: true,
        }
    }

    /// Read the catalogue and the data again at the next load.
    pub fn forget(&mut self) {
        self.data = None;
    }
}

/// [`load_all`], with the catalogue and data `kept` from the last load when there are.
pub fn load_all_kept(project: &ProjectDir, kept: &mut Kept, diags: &mut Diagnostics) -> Option<Vec<Loaded>> {
    let config = load_config(project, diags);
    if let Some(c) = &config {
        check_reports(c, diags);
    }
    let mut reports = Vec::new();
    if let Some(c) = &config {
        for (i, r) in c.report_list().into_iter().enumerate() {
            let rc = c.for_report(&r);
            let name = match &r.slug {
                Some(slug) if !c.reports.is_empty() => format!("report \"{slug}\""),
                _ if !c.reports.is_empty() => format!("report {}", i + 1),
                _ => "the report".to_string(),
            };
            crate::config::document::check(&rc.document, &name, diags);
            // Where this report's outline_changes are written, to locate problems in them.
            let changes_at: Vec<Step<'_>> = if !c.reports.is_empty() {
                vec![Step::Key("reports"), Step::Index(i), Step::Key("outline_changes")]
            } else if c.report.outline_changes.is_some() {
                vec![Step::Key("report"), Step::Key("outline_changes")]
            } else {
                vec![Step::Key("outline_changes")]
            };
            let (title, mut sections) = load_outline(project, &rc, &changes_at, diags);
            let dir = r.texts_dir().to_string();
            for s in &mut sections {
                s.set_texts_dir(&dir);
            }
            let title = rc.report.title.clone().unwrap_or(title);
            reports.push((rc, title, sections, dir));
        }
    }
    let (catalogue, collected) = load_data(project, config.as_ref(), kept, diags);
    let lagrum = crate::load::lagrum::Catalogue::load(project, diags);
    // Without a config there is no outline, so every text would look unused: skip the texts.
    let mut all_texts = Vec::new();
    for (config, _, sections, _) in &reports {
        all_texts.push(load_texts(project, sections, &config.limits, diags));
    }
    unused_texts(project, &reports, diags);
    let abbreviations = match &config {
        Some(c) => {
            crate::load::profile::validate(project, c.profile.as_ref(), diags);
            crate::load::abbreviations::dictionary(project, &c.abbreviations, diags)
        }
        None => BTreeMap::new(),
    };
    // Whatever the input, the messages stay readable: long values cut, floods capped.
    crate::diag::tidy(diags);
    config?;
    let model = Model::build(catalogue, collected);
    Some(
        reports
            .into_iter()
            .zip(all_texts)
            .map(|((config, title, sections, _), texts)| Loaded {
                config,
                title,
                sections,
                model: model.clone(),
                texts,
                lagrum: lagrum.clone(),
                abbreviations: abbreviations.clone(),
            })
            .collect(),
    )
}

/// The catalogue and the data, as kept or read anew (then kept, with their diagnostics).
fn load_data(
    project: &ProjectDir,
    config: Option<&Config>,
    kept: &mut Kept,
    diags: &mut Diagnostics,
) -> (catalogue::Catalogue, Collected) {
    if let Some((catalogue, collected, found)) = &kept.data {
        diags.extend(found.iter().cloned());
        return (catalogue.clone(), collected.clone());
    }
    let mut found = Vec::new();
    let catalogue = load_catalogue(project, &mut found);
    let inputs = crate::data::Inputs {
        project,
        catalogue: &catalogue,
        kommunkod: config.and_then(|c| c.organisation.kommunkod.as_ref()),
        jamforelse: config.map(|c| &c.jamforelse),
        goals: config.map(|c| &c.goals),
    };
    let collected = crate::data::load(&inputs, &mut found);
    diags.extend(found.iter().cloned());
    if kept.keeping {
        kept.data = Some((catalogue.clone(), collected.clone(), found));
    }
    (catalogue, collected)
}

/// `report:` and `reports:` exclude each other; reports need distinct slugs and texts.
fn check_reports(c: &Config, diags: &mut Vec<Diagnostic>) {
    if c.reports.is_empty() {
        return;
    }
    let r = &c.report;
    if r.title.is_some()
        || r.slug.is_some()
        || r.texts.is_some()
        || r.outline.is_some()
        || r.outline_changes.is_some()
        || c.outline_changes.is_some()
        || r.kind != config::ReportKind::default()
        || c.outline.is_some()
    {
        diags.push(
            Diagnostic::error(
                "config.reports-and-report",
                "berattelse.yaml has both reports: and report: (or a top-level outline:)",
            )
            .at(Location::file(config::FILE_NAME))
            .note(
                "with several reports, give every report's settings (and outline:) in its entry of reports:",
            ),
        );
    }
    let mut slugs = std::collections::BTreeMap::new();
    for (i, rep) in c.reports.iter().enumerate() {
        if let Some(s) = &rep.slug
            && let Some(first) = slugs.insert(s.clone(), i)
        {
            diags.push(
                Diagnostic::error(
                    "config.duplicate-report",
                    format!("reports {} and {} have the same slug \"{s}\"", first + 1, i + 1),
                )
                .at(Location::file(config::FILE_NAME))
                .note("each report writes its own files: give them different slugs"),
            );
        }
        if let Some(t) = &rep.texts
            && (t.contains("..") || t.starts_with('/') || t.contains('\\'))
        {
            diags.push(
                Diagnostic::error(
                    "config.bad-texts",
                    format!(
                        "texts folder \"{t}\" of report {} is not a folder inside the project",
                        i + 1
                    ),
                )
                .at(Location::file(config::FILE_NAME))
                .note("expected a relative folder such as texts/psb"),
            );
        }
    }
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
    changes_at: &[Step<'_>],
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
    // Read again only to locate problems; the config parsed, so the file is there.
    let config_text = project
        .read_text_optional(config::FILE_NAME)
        .ok()
        .flatten()
        .unwrap_or_default();
    let (mut sections, mut file, outline_text, outline_at) = match &config.outline {
        Some(s) => {
            let at = config_outline_path(&config_text, changes_at);
            (s.clone(), config::FILE_NAME.to_string(), config_text.clone(), at)
        }
        None => (
            outline.sections,
            file,
            text_of_outline(project, &name),
            vec![Step::Key("sections")],
        ),
    };
    let mut written = SectionPaths::default();
    written.outline(&sections, &outline_at);
    if let Some(changes) = &config.outline_changes {
        let at = crate::formats::yamlloc::Locator {
            file: config::FILE_NAME,
            text: &config_text,
        };
        crate::config::outline_changes::apply(&mut sections, changes, &at, changes_at, diags);
        written.changes(changes, changes_at);
        file = config::FILE_NAME.to_string();
    }
    let outline_file = match &config.outline {
        Some(_) => config::FILE_NAME.to_string(),
        None => file.clone(),
    };
    let locate = |id: &str| -> Location {
        let (in_changes, path) = match written.0.get(id) {
            Some(p) => p,
            None => return Location::file(file.clone()),
        };
        let (f, text) = match in_changes {
            true => (config::FILE_NAME, config_text.as_str()),
            false => (outline_file.as_str(), outline_text.as_str()),
        };
        crate::formats::yamlloc::Locator { file: f, text }.value(path)
    };
    outline::validate_at(&sections, &file, &locate, diags);
    (outline.title, sections)
}

fn text_of_outline(project: &ProjectDir, name: &str) -> String {
    match assets::template(project, name) {
        Ok(Some((text, _))) => text.to_string(),
        _ => String::new(),
    }
}

/// The path of a report's own `outline:` in berattelse.yaml: beside its `outline_changes`
/// (`reports[i]`, `report`) or at the top.
fn config_outline_path<'a>(text: &str, changes_at: &[Step<'a>]) -> Vec<Step<'a>> {
    let beside: Vec<Step<'a>> = changes_at[..changes_at.len().saturating_sub(1)]
        .iter()
        .copied()
        .chain([Step::Key("outline")])
        .collect();
    match crate::formats::yamlloc::locate(text, &beside, false) {
        Some(_) => beside,
        None => vec![Step::Key("outline")],
    }
}

/// Where each section id is written: in the outline (false) or in `outline_changes` (true),
/// as the YAML path of its `id`; a moved section is located at its move.
#[derive(Default)]
struct SectionPaths<'a>(BTreeMap<String, (bool, Vec<Step<'a>>)>);

impl<'a> SectionPaths<'a> {
    fn outline(&mut self, sections: &[SectionSpec], at: &[Step<'a>]) {
        for (i, s) in sections.iter().enumerate() {
            let here: Vec<Step<'a>> = at.iter().copied().chain([Step::Index(i)]).collect();
            self.section(s, here, false);
        }
    }

    fn section(&mut self, s: &SectionSpec, here: Vec<Step<'a>>, in_changes: bool) {
        let mut id = here.clone();
        id.push(Step::Key("id"));
        self.0.insert(s.id.clone(), (in_changes, id));
        for (i, c) in s.sections.iter().enumerate() {
            let mut p = here.clone();
            p.extend([Step::Key("sections"), Step::Index(i)]);
            self.section(c, p, in_changes);
        }
    }

    fn changes(&mut self, changes: &crate::config::outline_changes::OutlineChanges, base: &[Step<'a>]) {
        for (i, m) in changes.r#move.iter().enumerate() {
            let p = base
                .iter()
                .copied()
                .chain([Step::Key("move"), Step::Index(i), Step::Key("id")]);
            self.0.insert(m.id.clone(), (true, p.collect()));
        }
        for (i, a) in changes.add.iter().enumerate() {
            let p = base
                .iter()
                .copied()
                .chain([Step::Key("add"), Step::Index(i), Step::Key("section")]);
            self.section(&a.section, p.collect(), true);
        }
    }
}

fn load_catalogue(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> catalogue::Catalogue {
    const BUILTIN: &str = "<built-in>/indicators.yaml";
    let builtin_text = assets::builtin("indicators.yaml");
    let builtin = builtin_text
        .map(|t| yaml::parse::<CatalogueFile>(BUILTIN, t))
        .transpose()
        .unwrap_or_else(|d| {
            diags.push(d);
            None
        })
        .map(|c| c.indicators)
        .unwrap_or_default();
    validate_catalogue(BUILTIN, builtin_text.unwrap_or_default(), &builtin, diags);
    let (own, own_text) = match project.read_text_optional(PROJECT_CATALOGUE) {
        Ok(Some(text)) => match yaml::parse::<CatalogueFile>(PROJECT_CATALOGUE, &text) {
            Ok(mut c) => {
                validate_catalogue(PROJECT_CATALOGUE, &text, &c.indicators, diags);
                undeclared_units(&mut c, &text, diags);
                (c.indicators, text)
            }
            Err(d) => {
                diags.push(d);
                (Vec::new(), String::new())
            }
        },
        Ok(None) => (Vec::new(), String::new()),
        Err(d) => {
            diags.push(d);
            (Vec::new(), String::new())
        }
    };
    let at = crate::formats::yamlloc::Locator {
        file: PROJECT_CATALOGUE,
        text: &own_text,
    };
    let mut seen = std::collections::BTreeSet::new();
    for (n, i) in own.iter().enumerate() {
        if i.subject.is_none() && crate::compute::words::derive_subject(&i.name, i.unit).is_none() {
            diags.push(
                Diagnostic::warning(
                    "catalogue.no-subject",
                    format!(
                        "the name of indicator \"{}\" (\"{}\") cannot be made into the subject of a sentence",
                        crate::diag::shorten(&i.id),
                        crate::diag::shorten(&i.name)
                    ),
                )
                .at(at.value(&[Step::Key("indicators"), Step::Index(n), Step::Key("name")]))
                .note("add subject: with a noun phrase, e.g. subject: Andelen som fick sin smärta skattad (docs/sprak.md)"),
            );
        }
        if !seen.insert(i.id.clone()) {
            diags.push(
                Diagnostic::error(
                    "catalogue.duplicate",
                    format!("indicator \"{}\" is defined twice", crate::diag::shorten(&i.id)),
                )
                .at(at.value(&[Step::Key("indicators"), Step::Index(n), Step::Key("id")]))
                .note("expected each id once in data/indikatorer.yaml (an entry with a built-in id replaces the built-in one)"),
            );
        }
    }
    catalogue::merge(builtin, own)
}

/// `unit_text:` naming a unit that `units:` does not declare.
fn undeclared_units(c: &mut CatalogueFile, text: &str, diags: &mut Vec<Diagnostic>) {
    let at = crate::formats::yamlloc::Locator {
        file: PROJECT_CATALOGUE,
        text,
    };
    let declared: Vec<String> = c.units.keys().cloned().collect();
    for (n, id) in catalogue::resolve_units(c) {
        let mut d = Diagnostic::error(
            "catalogue.unknown-unit",
            format!("unit_text \"{}\" is not declared under units:", crate::diag::shorten(&id)),
        )
        .at(at.value(&[Step::Key("indicators"), Step::Index(n), Step::Key("unit_text")]))
        .note("declare it: `units: {per_barn: {singular: per barn, plural: per barn, abbreviation: per barn}}`, or write the unit out");
        if let Some(s) = crate::diag::did_you_mean(&id, declared.iter().map(String::as_str)) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        diags.push(d);
    }
}

/// Impossible values in a catalogue file (see [`catalogue::problems`]), each located at the
/// value in `text`.
fn validate_catalogue(
    file: &str,
    text: &str,
    indicators: &[catalogue::Indicator],
    diags: &mut Vec<Diagnostic>,
) {
    let at = crate::formats::yamlloc::Locator { file, text };
    for (i, ind) in indicators.iter().enumerate() {
        for p in catalogue::problems(ind) {
            let mut path = vec![Step::Key("indicators"), Step::Index(i)];
            path.extend(p.path.iter().map(|s| match s {
                catalogue::PathPart::Key(k) => Step::Key(k),
                catalogue::PathPart::Index(n) => Step::Index(*n),
            }));
            diags.push(
                Diagnostic::error("catalogue.invalid", p.message)
                    .at(at.value(&path))
                    .note(p.expected),
            );
        }
    }
}

fn load_texts(
    project: &ProjectDir,
    sections: &[SectionSpec],
    limits: &crate::config::limits::Limits,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    let mut stack: Vec<&SectionSpec> = sections.iter().collect();
    while let Some(s) = stack.pop() {
        let file = s.text_file();
        match read_text(project, &file, limits) {
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
    texts
}

/// Read a text, refusing one larger than `limits.text_size` before it is read.
pub fn read_text(
    project: &ProjectDir,
    file: &str,
    limits: &crate::config::limits::Limits,
) -> Result<Option<String>, Diagnostic> {
    project
        .read_text_limited(file, limits.text_size, "text size limit")
        .map_err(|d| {
            if d.code == "project.too-large" {
                d.note("split the text, or raise limits.text_size in berattelse.yaml")
            } else {
                d
            }
        })
}

/// Texts in a report's texts folder that no section of any report uses.
fn unused_texts(
    project: &ProjectDir,
    reports: &[(Config, String, Vec<SectionSpec>, String)],
    diags: &mut Vec<Diagnostic>,
) {
    let mut known: std::collections::BTreeSet<String> = reports
        .iter()
        .flat_map(|(_, _, sections, _)| all_sections(sections).map(SectionSpec::text_file))
        .collect();
    // The tjänsteskrivelse's Sammanfattning is a text too, each report's its own.
    known.insert(crate::config::memo::DEFAULT_SUMMARY.to_string());
    known.extend(
        reports
            .iter()
            .filter_map(|(c, _, _, _)| c.tjansteskrivelse.as_ref()?.sammanfattning.clone()),
    );
    let dirs: std::collections::BTreeSet<&str> = reports.iter().map(|(_, _, _, d)| d.as_str()).collect();
    for dir in dirs {
        for f in project.list(dir) {
            if f.ends_with(".md") && !known.contains(&f) {
                diags.push(
                    Diagnostic::warning("text.unused", format!("{f} belongs to no section of the outline"))
                        .at(Location::file(f.clone()))
                        .note("rename it to match a section id, or add the section to the outline"),
                );
            }
        }
    }
}

pub fn all_sections(sections: &[SectionSpec]) -> impl Iterator<Item = &SectionSpec> {
    let mut stack: Vec<&SectionSpec> = sections.iter().rev().collect();
    std::iter::from_fn(move || {
        let s = stack.pop()?;
        stack.extend(s.sections.iter().rev());
        Some(s)
    })
}
