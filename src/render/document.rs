//! Stage 3: the document model. Everything the Markdown template and the typst layout need,
//! as plain data: metadata, numbered sections with their rendered narrative, and the data
//! blocks (cover, contents, headings, tables) that typst draws from JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compute::{Engine, series, table as tables};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format;
use crate::load::Loaded;
use crate::outline::{DEFAULT_YEARS, SectionSpec, TableSpec};

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub sections: Vec<Section>,
    pub blocks: BTreeMap<String, Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub year: i32,
    pub kommun: String,
    pub namnd: String,
    pub forvaltning: Option<String>,
    pub date_iso: String,
    pub date_long: String,
    pub diarienummer: Option<String>,
    pub version: Option<String>,
    pub adopted_by: Option<String>,
    pub owner: Option<String>,
    pub authors: Vec<String>,
    /// Running footer, e.g. "Socialnämnden, Kvalitets- och patientsäkerhetsberättelse – 2024".
    pub footer: String,
    pub slug: String,
    /// Graphic profile (colours, fonts, logo) for the typst layout.
    pub profile: crate::profile::ProfileData,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    /// 1 for a chapter, 2 for a subsection.
    pub level: u8,
    /// Markdown heading marker for this level ("##" for chapters).
    pub hashes: String,
    pub number: String,
    pub title: String,
    pub heading_block: String,
    pub text_file: String,
    /// Rendered narrative Markdown (template expressions evaluated, headings nested).
    pub narrative: String,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub id: String,
    pub block: String,
    pub number: usize,
    pub caption: String,
    pub header: Vec<String>,
    pub align: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub source: Option<String>,
    pub notes: Vec<String>,
}

/// What typst renders for a block marker; the tag selects the layout function.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Cover,
    Toc,
    Heading {
        level: u8,
        number: String,
        title: String,
    },
    Table(Table),
    /// The list of abbreviations the report uses: (abbreviation, expansion).
    Abbreviations {
        rows: Vec<(String, String)>,
    },
}

pub const COVER_BLOCK: &str = "omslag";
pub const TOC_BLOCK: &str = "innehall";

/// File name stem of the outputs for `year`: the configured slug, else from the title.
pub fn slug(loaded: &Loaded, year: i32) -> String {
    loaded
        .config
        .report
        .slug
        .clone()
        .unwrap_or_else(|| crate::config::slugify(&format!("{} {year}", loaded.title)))
}

pub fn meta(loaded: &Loaded, year: i32) -> Meta {
    let c = &loaded.config;
    let slug = slug(loaded, year);
    Meta {
        title: loaded.title.clone(),
        year,
        kommun: c.organisation.kommun.clone(),
        namnd: c.organisation.namnd.clone(),
        forvaltning: c.organisation.forvaltning.clone(),
        date_iso: format::date_iso(c.document.date),
        date_long: format::date_long(c.document.date),
        diarienummer: c.document.diarienummer.clone(),
        version: c.document.version.clone(),
        adopted_by: c.document.adopted_by.clone(),
        owner: c.document.owner.clone(),
        authors: c.document.authors.clone(),
        footer: format!("{}, {} – {year}", c.organisation.namnd, loaded.title),
        slug,
        profile: crate::profile::data(c.profile.as_ref(), &c.organisation.kommun),
    }
}

/// Number the sections, build their tables, and attach each rendered narrative
/// (`narratives` maps text file → rendered Markdown).
pub fn build(
    loaded: &Loaded,
    engine: &Engine,
    narratives: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> Document {
    let year = engine.year;
    let meta = meta(loaded, year);
    let mut blocks = BTreeMap::new();
    blocks.insert(COVER_BLOCK.to_string(), Block::Cover);
    blocks.insert(TOC_BLOCK.to_string(), Block::Toc);
    let mut sections = Vec::new();
    let mut table_no = 0;
    let outline_file = if loaded.config.outline.is_some() {
        crate::config::FILE_NAME
    } else {
        "outline"
    };
    let mut walk = |spec: &SectionSpec, level: u8, number: String, sections: &mut Vec<Section>| {
        let heading_block = format!("rubrik-{}", spec.id);
        blocks.insert(
            heading_block.clone(),
            Block::Heading {
                level,
                number: number.clone(),
                title: spec.title.clone(),
            },
        );
        let mut tables = Vec::new();
        for t in &spec.tables {
            if let Some(mut table) = build_table(engine, t, outline_file, diags) {
                table_no += 1;
                table.number = table_no;
                blocks.insert(table.block.clone(), Block::Table(table.clone()));
                tables.push(table);
            }
        }
        let text_file = spec.text_file();
        sections.push(Section {
            id: spec.id.clone(),
            level,
            hashes: "#".repeat(usize::from(level) + 1),
            number,
            title: spec.title.clone(),
            heading_block,
            narrative: narratives.get(&text_file).cloned().unwrap_or_default(),
            text_file,
            tables,
        });
    };
    let mut too_deep = Vec::new();
    for (i, chapter) in loaded.sections.iter().enumerate() {
        let n = format!("{}", i + 1);
        walk(chapter, 1, n.clone(), &mut sections);
        for (j, sub) in chapter.sections.iter().enumerate() {
            walk(sub, 2, format!("{n}.{}", j + 1), &mut sections);
            if !sub.sections.is_empty() {
                too_deep.push(
                    Diagnostic::warning(
                        "outline.too-deep",
                        format!("subsections of \"{}\" are ignored", sub.id),
                    )
                    .note("the outline has two levels: chapters and their sections"),
                );
            }
        }
    }
    diags.extend(too_deep);
    add_abbreviations(loaded, &mut sections, &mut blocks);
    Document {
        meta,
        sections,
        blocks,
    }
}

/// Fills the section marked `generated: forkortningar` with the abbreviations the rest of
/// the report uses (narratives, titles and tables).
fn add_abbreviations(loaded: &Loaded, sections: &mut [Section], blocks: &mut BTreeMap<String, Block>) {
    let marked: std::collections::BTreeSet<&str> = crate::load::all_sections(&loaded.sections)
        .filter(|s| s.generated == Some(crate::outline::Generated::Abbreviations))
        .map(|s| s.id.as_str())
        .collect();
    if marked.is_empty() {
        return;
    }
    let mut texts: Vec<&str> = Vec::new();
    for s in sections.iter().filter(|s| !marked.contains(s.id.as_str())) {
        texts.push(&s.title);
        texts.push(&s.narrative);
        for t in &s.tables {
            texts.push(&t.caption);
            texts.extend(t.header.iter().map(String::as_str));
            texts.extend(t.rows.iter().flatten().map(String::as_str));
            texts.extend(t.notes.iter().map(String::as_str));
            texts.extend(t.source.as_deref());
        }
    }
    let rows = crate::abbreviations::used(&loaded.abbreviations, texts);
    let list = crate::abbreviations::markdown(&rows);
    blocks.insert(
        crate::abbreviations::BLOCK.to_string(),
        Block::Abbreviations { rows },
    );
    // Only the first marked section shows the list: a block id must be unique.
    if let Some(s) = sections.iter_mut().find(|s| marked.contains(s.id.as_str())) {
        s.narrative = if s.narrative.trim().is_empty() {
            list
        } else {
            format!("{}\n\n{list}", s.narrative.trim_end())
        };
    }
}

fn build_table(engine: &Engine, spec: &TableSpec, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Table> {
    let year = engine.year;
    let years = series::window(year, spec.years.unwrap_or(DEFAULT_YEARS).clamp(1, 20), spec.order);
    let data = tables::build(
        engine,
        &spec.indicators,
        &tables::Options {
            years: years.clone(),
            change: spec.change.unwrap_or(true),
        },
    );
    for id in &data.unknown {
        let mut d = Diagnostic::error(
            "outline.unknown-indicator",
            format!("table \"{}\" refers to unknown indicator \"{id}\"", spec.id),
        )
        .at(Location::file(file));
        if let Some(s) = did_you_mean(id, engine.model().catalogue.keys().map(String::as_str)) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        diags.push(d);
    }
    if data.rows.is_empty() {
        let first = years.iter().min().copied().unwrap_or(year);
        diags.push(
            Diagnostic::warning(
                "table.empty",
                format!(
                    "table \"{}\" ({}) has no data for {first}–{year} and is left out",
                    spec.id, spec.caption
                ),
            )
            .note("add rows for its indicators to data/nyckeltal.csv"),
        );
        return None;
    }
    Some(Table {
        id: spec.id.clone(),
        block: format!("tabell-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        header: data.header,
        align: data.align,
        rows: data.rows,
        source: (!data.sources.is_empty()).then(|| format!("Källa: {}", data.sources.join(", "))),
        notes: data.notes,
    })
}
