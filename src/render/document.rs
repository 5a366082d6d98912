//! Stage 3: the document model. Everything the Markdown template and the typst layout need,
//! as plain data: metadata, numbered sections with their rendered narrative, and the data
//! blocks (cover, contents, headings, tables) that typst draws from JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::keyfigures::Qualifier;
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::{self, NumberStyle, Unit};
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
}

pub const COVER_BLOCK: &str = "omslag";
pub const TOC_BLOCK: &str = "innehall";

pub fn meta(loaded: &Loaded, year: i32) -> Meta {
    let c = &loaded.config;
    let slug = c
        .report
        .slug
        .clone()
        .unwrap_or_else(|| crate::config::slugify(&format!("{} {year}", loaded.title)));
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
    }
}

/// Number the sections, build their tables, and attach each rendered narrative
/// (`narratives` maps text file → rendered Markdown).
pub fn build(
    loaded: &Loaded,
    year: i32,
    narratives: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> Document {
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
            if let Some(mut table) = build_table(loaded, year, t, outline_file, diags) {
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
    Document {
        meta,
        sections,
        blocks,
    }
}

fn build_table(
    loaded: &Loaded,
    year: i32,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let model = &loaded.model;
    let span = spec.years.unwrap_or(DEFAULT_YEARS).clamp(1, 20) as i32;
    let years: Vec<i32> = (year - span + 1..=year).collect();
    let style = NumberStyle::default();
    let mut rows = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut any_missing = false;
    let mut qualified: Vec<String> = Vec::new();
    for id in &spec.indicators {
        let Some(ind) = model.indicator(id) else {
            let mut d = Diagnostic::error(
                "outline.unknown-indicator",
                format!("table \"{}\" refers to unknown indicator \"{id}\"", spec.id),
            )
            .at(Location::file(file));
            if let Some(s) = did_you_mean(id, model.catalogue.keys().map(String::as_str)) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
            continue;
        };
        if years.iter().all(|y| model.observation(id, *y).is_none()) {
            continue;
        }
        let label = match ind.unit {
            Unit::Antal => ind.name.clone(),
            u => format!("{} ({})", ind.name, format::unit_label(u)),
        };
        let mut row = vec![label];
        for y in &years {
            let cell = match model.observation(id, *y) {
                Some(o) => match o.value {
                    Some(v) => {
                        let s = format::number(v, ind.decimals, &style);
                        match o.qualifier {
                            Some(Qualifier::Ca) => format!("ca {s}"),
                            Some(Qualifier::Preliminar | Qualifier::Uppskattad) => {
                                qualified.push(format!("{} {y}", ind.name));
                                format!("{s}*")
                            }
                            None => s,
                        }
                    }
                    None => {
                        any_missing = true;
                        "..".to_string()
                    }
                },
                None => {
                    any_missing = true;
                    "..".to_string()
                }
            };
            row.push(cell);
        }
        rows.push(row);
        if let Some(s) = &ind.source
            && !sources.contains(s)
        {
            sources.push(s.clone());
        }
    }
    if rows.is_empty() {
        diags.push(
            Diagnostic::warning(
                "table.empty",
                format!(
                    "table \"{}\" ({}) has no data for {}–{year} and is left out",
                    spec.id, spec.caption, years[0]
                ),
            )
            .note("add rows for its indicators to data/nyckeltal.csv"),
        );
        return None;
    }
    if !qualified.is_empty() {
        notes.push(format!(
            "* Preliminärt eller uppskattat värde: {}.",
            qualified.join(", ")
        ));
    }
    if any_missing {
        notes.push("..: uppgift saknas.".to_string());
    }
    let mut header = vec!["Mått".to_string()];
    header.extend(years.iter().map(i32::to_string));
    let mut align = vec!["left"];
    align.extend(years.iter().map(|_| "right"));
    Some(Table {
        id: spec.id.clone(),
        block: format!("tabell-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        header,
        align,
        rows,
        source: (!sources.is_empty()).then(|| format!("Källa: {}", sources.join(", "))),
        notes,
    })
}
