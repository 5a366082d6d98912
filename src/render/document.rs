//! Stage 3: the document model. Everything the Markdown template and the typst layout need,
//! as plain data: metadata, numbered sections with their rendered narrative, and the data
//! blocks (cover, contents, headings, tables) that typst draws from JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compute::{Engine, series, table as tables};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format;
use crate::load::Loaded;
use crate::model::outline::{DEFAULT_YEARS, SectionSpec, TableKind, TableSpec};
use crate::model::period::Period;
use crate::render::tables::{Table, TableBlock};

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
    /// The report period as given on the command line: "2024", "2024-H1".
    pub period: String,
    /// The period as the title and footer name it: "2024", "första halvåret 2024".
    pub period_text: String,
    pub kommun: String,
    pub namnd: String,
    pub forvaltning: Option<String>,
    pub date_iso: String,
    pub date_long: String,
    pub diarienummer: Option<String>,
    pub version: Option<String>,
    /// The decision row of the cover: "Status" / "Förslag till Socialnämnden" until the
    /// report is fastställd, then "Fastställd av" / "Socialnämnden 2025-03-20, § 45".
    pub decision_label: String,
    pub decision: String,
    /// PDF keywords: the report kind's own and the project's `keywords:`.
    pub keywords: Vec<String>,
    pub owner: Option<String>,
    pub authors: Vec<String>,
    /// Running footer, e.g. "Socialnämnden, Kvalitets- och patientsäkerhetsberättelse – 2024".
    pub footer: String,
    pub slug: String,
    /// Graphic profile (colours, fonts, logo) for the typst layout.
    pub profile: crate::render::profile::ProfileData,
    /// Every chapter starts on a new page (`profile: new_page_per_chapter`, else the kind's
    /// default); otherwise chapters run on.
    pub new_page_per_chapter: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    /// 1 for a chapter, 2 for its sections, 3 for theirs (2.7.12) and so on.
    pub level: u8,
    /// Markdown heading marker for this level ("##" for chapters).
    pub hashes: String,
    /// "2.7.12", "Bilaga 1", or empty for an unnumbered section (`numbered: false`).
    pub number: String,
    pub title: String,
    pub heading_block: String,
    pub text_file: String,
    /// "PSL 2010:659 3 kap. 10 §, …": the legal references printed under the heading.
    pub lagrum: Option<String>,
    /// Rendered narrative Markdown (template expressions evaluated, headings nested).
    pub narrative: String,
    pub tables: Vec<Table>,
    /// Charts, numbered "Figur N" in their own sequence.
    pub charts: Vec<crate::render::chart::Chart>,
    /// Printed between the cover and the contents page (`before_contents: true`).
    pub before_contents: bool,
}

/// What typst renders for a block marker; the tag selects the layout function.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Cover,
    /// The contents: every outlined heading down to `depth` (the outline's deepest level).
    Toc {
        depth: u8,
    },
    Heading {
        level: u8,
        number: String,
        title: String,
        /// Legal references printed under the heading, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        lagrum: Option<String>,
    },
    Table(Table),
    /// Mål och aktiviteter (`goals.typ`).
    Goals(crate::render::tables::goals::GoalsBlock),
    /// Counts per category × unit with subtotals (`goals.typ`).
    Grouped(crate::render::tables::unit_table::GroupedBlock),
    Chart(Box<crate::render::chart::Chart>),
    /// The list of abbreviations the report uses: (abbreviation, expansion).
    Abbreviations {
        rows: Vec<(String, String)>,
    },
}

pub const COVER_BLOCK: &str = "omslag";
pub const TOC_BLOCK: &str = "innehall";

/// File name stem of the outputs for `year`: the configured slug, else from the title.
pub fn slug(loaded: &Loaded, year: i32) -> String {
    slug_for(loaded, Period::Year { year })
}

/// File name stem of the outputs for a period: "avvikelserapport-2024-h1".
pub fn slug_for(loaded: &Loaded, period: Period) -> String {
    loaded
        .config
        .report
        .slug
        .clone()
        .unwrap_or_else(|| crate::config::slugify(&format!("{} {period}", loaded.title)))
}

pub fn meta(loaded: &Loaded, year: i32) -> Meta {
    meta_for(loaded, Period::Year { year })
}

pub fn meta_for(loaded: &Loaded, period: Period) -> Meta {
    let c = &loaded.config;
    let slug = slug_for(loaded, period);
    let year = period.year();
    let period_text = period.long_label();
    Meta {
        title: loaded.title.clone(),
        year,
        period: period.to_string(),
        period_text: period_text.clone(),
        kommun: c.organisation.kommun.clone(),
        namnd: c.organisation.namnd.clone(),
        forvaltning: c.organisation.forvaltning.clone(),
        date_iso: format::date_iso(c.document.date),
        date_long: format::date_long(c.document.date),
        diarienummer: c.document.diarienummer.clone(),
        version: c.document.version.clone(),
        decision_label: crate::config::document::decision(&c.document, &c.organisation.namnd)
            .0
            .to_string(),
        decision: crate::config::document::decision(&c.document, &c.organisation.namnd).1,
        keywords: c
            .report
            .kind
            .keywords()
            .iter()
            .map(|k| k.to_string())
            .chain(c.document.keywords.iter().cloned())
            .collect(),
        owner: c.document.owner.clone(),
        authors: c.document.authors.clone(),
        footer: format!("{}, {} – {period_text}", c.organisation.namnd, loaded.title),
        slug,
        profile: crate::render::profile::data(c.profile.as_ref(), &c.organisation.kommun),
        new_page_per_chapter: c
            .profile
            .as_ref()
            .and_then(|p| p.new_page_per_chapter)
            .unwrap_or_else(|| c.report.kind.new_page_per_chapter()),
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
    let meta = meta_for(loaded, engine.period);
    let lagrum_date = engine
        .period
        .dates()
        .map_or_else(|| chrono::NaiveDate::MAX, |(_, end)| end);
    let mut blocks = BTreeMap::new();
    blocks.insert(COVER_BLOCK.to_string(), Block::Cover);
    let mut sections = Vec::new();
    let mut table_no = 0;
    let mut chart_no = 0;
    let outline_file = if loaded.config.outline.is_some() {
        crate::config::FILE_NAME
    } else {
        "outline"
    };
    let mut walk =
        |spec: &SectionSpec, chapter: &str, level: u8, number: String, sections: &mut Vec<Section>| {
            let heading_block = format!("rubrik-{}", spec.id);
            let lagrum = loaded
                .lagrum
                .line(&spec.lagrum, lagrum_date, &spec.id, outline_file, diags)
                .map(|l| crate::format::no_break_spaces(&l));
            blocks.insert(
                heading_block.clone(),
                Block::Heading {
                    level,
                    number: number.clone(),
                    title: spec.title.clone(),
                    lagrum: lagrum.clone(),
                },
            );
            let mut tables = Vec::new();
            for t in &spec.tables {
                if let Some((mut table, mut block)) = build_any_table(engine, t, outline_file, diags) {
                    table_no += 1;
                    table.number = table_no;
                    block.set_number(table_no);
                    blocks.insert(table.block.clone(), block);
                    tables.push(table);
                }
            }
            let mut charts = Vec::new();
            for c in &spec.charts {
                if let Some(mut chart) = crate::render::chart::build(engine, c, outline_file, diags) {
                    chart_no += 1;
                    chart.number = chart_no;
                    crate::render::chart::place_figures(&mut chart, c.table, &tables);
                    blocks.insert(chart.block.clone(), Block::Chart(Box::new(chart.clone())));
                    charts.push(chart);
                }
            }
            let text_file = spec.text_file();
            engine
                .prose
                .enter(crate::render::scope::of(engine, chapter, spec));
            let narrative = crate::render::blocks::apply(
                engine,
                spec,
                narratives.get(&text_file).map_or("", String::as_str),
                usize::from(level) + 2,
                &loaded.config.blocks,
            );
            engine.prose.leave();
            sections.push(Section {
                id: spec.id.clone(),
                level,
                hashes: "#".repeat(usize::from(level) + 1),
                number,
                title: spec.title.clone(),
                heading_block,
                lagrum,
                narrative,
                text_file,
                tables,
                charts,
                before_contents: spec.before_contents,
            });
        };
    let placed = crate::render::scope::placed(&loaded.sections);
    let depth = placed.iter().map(|p| p.level).max().unwrap_or(1);
    for p in placed {
        walk(p.spec, p.chapter, p.level, p.number, &mut sections);
    }
    blocks.insert(TOC_BLOCK.to_string(), Block::Toc { depth });
    add_abbreviations(loaded, &mut sections, &mut blocks);
    Document {
        meta,
        sections,
        blocks,
    }
}

impl Block {
    fn set_number(&mut self, n: usize) {
        match self {
            Block::Table(t) => t.number = n,
            Block::Goals(g) => g.number = n,
            Block::Grouped(g) => g.number = n,
            // Figures are numbered in their own sequence, where they are built.
            Block::Cover
            | Block::Toc { .. }
            | Block::Heading { .. }
            | Block::Chart(_)
            | Block::Abbreviations { .. } => {}
        }
    }
}

/// A table of any kind: its Markdown view (for report.md) and its typst block.
fn build_any_table(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, Block)> {
    match spec.kind {
        TableKind::Series => {
            let t = build_table(engine, spec, file, diags)?;
            Some((t.clone(), Block::Table(t)))
        }
        TableKind::Goals => with_block(crate::render::tables::goals(engine, spec, file, diags)),
        TableKind::PerEnhet => with_block(crate::render::tables::per_enhet(engine, spec, file, diags)),
        TableKind::Egenkontroller => {
            with_block(crate::render::tables::self_checks(engine, spec, file, diags))
        }
        _ => crate::render::tables::records::build(engine, spec, file, diags)
            .map(|(markdown, typst)| (markdown, Block::Table(typst))),
    }
}

fn with_block(built: Option<(Table, TableBlock)>) -> Option<(Table, Block)> {
    built.map(|(table, block)| {
        let block = match block {
            TableBlock::Goals(g) => Block::Goals(g),
            TableBlock::Grouped(g) => Block::Grouped(g),
        };
        (table, block)
    })
}

/// Fills the section marked `generated: forkortningar` with the abbreviations the rest of
/// the report uses (narratives, titles and tables).
fn add_abbreviations(loaded: &Loaded, sections: &mut [Section], blocks: &mut BTreeMap<String, Block>) {
    let marked: std::collections::BTreeSet<&str> = crate::load::all_sections(&loaded.sections)
        .filter(|s| s.generated == Some(crate::model::outline::Generated::Abbreviations))
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
            texts.extend(t.markdown.as_deref());
        }
        for c in &s.charts {
            texts.push(&c.caption);
            texts.push(&c.alt);
        }
    }
    let rows = crate::load::abbreviations::used(&loaded.abbreviations, texts);
    let list = crate::load::abbreviations::markdown(&rows);
    blocks.insert(
        crate::load::abbreviations::BLOCK.to_string(),
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
    let data = if engine.period.is_year() {
        tables::build_compared(
            engine,
            &spec.indicators,
            &tables::Options {
                years: years.clone(),
                change: spec.change.unwrap_or(true),
            },
            &spec.benchmarks,
        )
    } else {
        // A halvår, tertial, …: earlier full years, the same period a year earlier, the period.
        let cols = crate::compute::periods::columns(engine.period, spec.years.unwrap_or(DEFAULT_YEARS));
        crate::compute::periods::build(engine, &spec.indicators, &cols, spec.change.unwrap_or(true))
    };
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
        source: (!data.sources.is_empty())
            .then(|| format!("Källa: {}", crate::compute::table::sources_text(&data.sources))),
        notes: data.notes,
        markdown: None,
    })
}
