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
    /// Ids of the legal references (report-templates/lagrum.yaml) printed under the heading.
    #[serde(default)]
    pub lagrum: Vec<String>,
    #[serde(default)]
    pub tables: Vec<TableSpec>,
    /// Charts drawn by typst (with their figures in a table too); see src/render/chart.rs.
    #[serde(default, alias = "diagram")]
    pub charts: Vec<ChartSpec>,
    /// Subsections, to any depth up to [`MAX_DEPTH`] levels: numbered "2.7.12".
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    /// `numbered: false`: the heading has no number and the numbers after it do not shift
    /// (Sammanfattning, Förkortningar); its subsections are unnumbered too.
    #[serde(default = "yes", alias = "numrerad")]
    pub numbered: bool,
    /// `appendix: true` (top level only): numbered "Bilaga 1", "Bilaga 2" … in their own
    /// sequence, after the chapters; its subsections are unnumbered.
    #[serde(default, alias = "bilaga")]
    pub appendix: bool,
    /// `before_contents: true` (top level, before every other chapter): printed between the
    /// cover and the contents page, as Vänersborg's Sammanfattning; usually `numbered: false`.
    #[serde(default, alias = "före_innehåll", alias = "fore_innehall")]
    pub before_contents: bool,
    /// `resultat: auto`: when the narrative has no Resultat block, write one from the data of
    /// the section's indicator tables (see `render::blocks`).
    #[serde(default)]
    pub resultat: Option<ResultatMode>,
    /// The report's texts folder (`texts` unless its `texts:` says otherwise); set by the
    /// loader, never read from YAML.
    #[serde(skip)]
    pub texts_dir: Option<String>,
    /// Content the tool writes itself, e.g. `generated: forkortningar` for the list of
    /// abbreviations the report uses.
    #[serde(default, alias = "genererad")]
    pub generated: Option<Generated>,
}

/// Whether the tool writes a section's Resultat block from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultatMode {
    /// Written from the data when the narrative has no Resultat block of its own.
    Auto,
    /// Never written (the default).
    #[serde(alias = "nej", alias = "av")]
    Off,
}

/// Sections whose content is generated rather than written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Generated {
    /// The abbreviations used in the report, with their expansions.
    #[serde(rename = "forkortningar", alias = "förkortningar", alias = "abbreviations")]
    Abbreviations,
}

fn yes() -> bool {
    true
}

/// The deepest level of the outline: chapter 1, section 2, … down to 2.7.12.1.1. Markdown has
/// six heading levels, and each section's narrative headings go one below it.
pub const MAX_DEPTH: usize = 5;

impl SectionSpec {
    pub fn text_file(&self) -> String {
        format!(
            "{}/{}.md",
            self.texts_dir.as_deref().unwrap_or("texts"),
            self.text.as_deref().unwrap_or(&self.id)
        )
    }

    /// Set the texts folder of this section and its subsections.
    pub fn set_texts_dir(&mut self, dir: &str) {
        self.texts_dir = (dir != "texts").then(|| dir.to_string());
        for s in &mut self.sections {
            s.set_texts_dir(dir);
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub id: String,
    pub caption: String,
    /// What the table shows: indicator series (default), goals, or counts per unit.
    #[serde(default, alias = "typ")]
    pub kind: TableKind,
    /// The indicators of a `series` table; the categories of a `per-enhet` table.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// `goals` tables: the goals of the report year (followed up) or of the next year.
    #[serde(default, alias = "år")]
    pub year: Option<GoalYear>,
    /// `per-enhet` tables: group rows by `kategori` (default) or by `enhet`.
    #[serde(default, alias = "gruppering")]
    pub group_by: Option<GroupBy>,
    /// `per-enhet` tables: the verksamhetsområde (default) or each enhet within it.
    #[serde(default, alias = "nivå", alias = "niva")]
    pub level: Option<UnitLevel>,
    /// How many years up to the report year the table shows.
    #[serde(default)]
    pub years: Option<u32>,
    /// Year order of the columns: `ascending` (default) or `descending`.
    #[serde(default, alias = "ordning")]
    pub order: crate::model::outline::Order,
    /// Show the "Förändring" column (last year against the one before); default true.
    #[serde(default, alias = "förändring", alias = "forandring")]
    pub change: Option<bool>,
    /// `series` tables: a column per comparison value of the last year (`riket`, `lan`, or a
    /// municipality named under `jamforelse:` in berattelse.yaml, e.g. `Trollhättan`).
    #[serde(default, alias = "jämförelse", alias = "jamforelse")]
    pub benchmarks: Vec<String>,
    /// Record tables: only this verksamhetsområde (as written in the data).
    #[serde(default, alias = "verksamhetsområde", alias = "area")]
    pub verksamhet: Option<String>,
    /// Avvikelse tables: only avvikelser under this law (`hsl` or `sol-lss`).
    #[serde(default, alias = "law")]
    pub lagrum: Option<LawFilter>,
    /// `handlaggningstid` tables: the limit of "closed within N days"; default 30.
    #[serde(default, alias = "dagar")]
    pub days: Option<u32>,
    /// `lex-sarah` and `lex-maria` tables: only the cases anmälda till IVO.
    #[serde(default, alias = "endast_anmalda", alias = "only_reported")]
    pub anmalda_ivo: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// Indicators as rows, years as columns.
    #[default]
    #[serde(alias = "serie")]
    Series,
    /// Mål och aktiviteter from data/mal.yaml, grouped by quality area.
    #[serde(alias = "mal", alias = "mål")]
    Goals,
    /// Counts per category × unit × year from the event data, grouped with subtotals.
    #[serde(alias = "per-unit")]
    PerEnhet,
    /// The report year's egenkontroller from data/egenkontroller.csv whose result is not an
    /// indicator (those are in the series tables): per kontroll, the unit, period, result and
    /// comment.
    #[serde(alias = "egenkontroll", alias = "self-checks")]
    Egenkontroller,
    /// Avvikelser of the report period per verksamhetsområde: count, share, the same period a
    /// year earlier, most common categories, serious ones and handling time (event file).
    #[serde(alias = "avvikelser-per-verksamhet", alias = "per-verksamhet")]
    AvvikelserVerksamhet,
    /// Avvikelser of the report period by allvarlighetsgrad × sannolikhet (event file).
    #[serde(alias = "allvarlighetsgrad", alias = "severity")]
    Allvarlighet,
    /// Handling time per verksamhet: median days to closure, share closed within `dagar`,
    /// open at the end of the period (event file).
    #[serde(alias = "handläggningstid", alias = "handling-time")]
    Handlaggningstid,
    /// External avvikelser sent to and received from each counterpart (event file).
    #[serde(alias = "motparter", alias = "counterparts")]
    Motpart,
    /// Falls with and without injury, persons who fell and repeat fallers (event file).
    #[serde(alias = "fall", alias = "falls")]
    FallPersoner,
    /// The period's lex Sarah cases (data/lex-sarah.csv).
    #[serde(alias = "lex-sarah-arenden", alias = "lex-sarah-ärenden")]
    LexSarah,
    /// The period's lex Maria cases (data/lex-maria.csv).
    #[serde(alias = "lex-maria-arenden", alias = "lex-maria-ärenden")]
    LexMaria,
    /// The risk register with measures (data/risker.csv).
    #[serde(alias = "riskregister", alias = "risks")]
    Risker,
    /// The year's inspections and external reviews, e.g. IVO tillsyn (data/tillsyn.csv).
    #[serde(alias = "ivo-tillsyn", alias = "inspections")]
    Tillsyn,
    /// The year's follow-ups of private providers (data/uppfoljning-utforare.csv).
    #[serde(alias = "uppföljning-utförare", alias = "utforare", alias = "providers")]
    UppfoljningUtforare,
}

impl TableKind {
    /// Whether the table is built from records (events, cases, registers).
    pub fn from_records(self) -> bool {
        !matches!(
            self,
            TableKind::Series | TableKind::Goals | TableKind::PerEnhet | TableKind::Egenkontroller
        )
    }
}

/// The law a table of avvikelser is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum LawFilter {
    #[serde(rename = "hsl", alias = "HSL")]
    Hsl,
    #[serde(rename = "sol-lss", alias = "SoL/LSS", alias = "sol/lss", alias = "sol_lss")]
    SolLss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalYear {
    /// The goals set for the report year, with status and uppföljning.
    #[serde(
        alias = "rapportår",
        alias = "rapportar",
        alias = "uppfoljning",
        alias = "uppföljning"
    )]
    Report,
    /// The goals set for the coming year.
    #[serde(alias = "nästa", alias = "nasta", alias = "kommande")]
    Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    #[serde(alias = "category")]
    Kategori,
    #[serde(alias = "unit")]
    Enhet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitLevel {
    /// The first level of the data's units (column verksamhetsområde).
    #[serde(alias = "verksamhetsområde", alias = "verksamhetsomrade", alias = "area")]
    Verksamhet,
    /// Each enhet, shown as "verksamhetsområde / enhet".
    #[serde(alias = "unit")]
    Enhet,
}

pub const DEFAULT_YEARS: u32 = 3;

/// A chart: columns for counts over years, horizontal bars for shares against target and
/// benchmarks, a line for a long series.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    pub id: String,
    pub caption: String,
    #[serde(rename = "type", alias = "typ")]
    pub kind: ChartKind,
    /// The indicators drawn (none for a `riskmatris`, which draws data/risker.csv).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// How many years up to the report year the chart shows; default 3 for columns and bars,
    /// every year with data (at most 20) for a line.
    #[serde(default)]
    pub years: Option<u32>,
    /// Draw the målvärde of the report year (dashed); default true.
    #[serde(default, alias = "målvärde", alias = "malvarde")]
    pub target: Option<bool>,
    /// Comparison values to mark (`riket`, `lan` or another name in the data); default none.
    #[serde(default, alias = "jämförelse", alias = "jamforelse")]
    pub benchmarks: Vec<String>,
    /// Whether the chart's figures follow it as a table; default `auto`.
    #[serde(default, alias = "tabell")]
    pub table: ChartTable,
    /// Draw the report year per `kon`, `verksamhet` or `enhet` instead of over the years:
    /// one group per indicator, one bar per part (compute::breakdown).
    #[serde(default, alias = "fordelning", alias = "fördelning")]
    pub per: Option<String>,
}

/// Whether a chart's figures are printed as a table below it (docs/document.md, "Charts and
/// their tables"). The alt text carries them for assistive technology in every case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartTable {
    /// Below the chart, unless a table of the same section already shows every figure of it:
    /// then the chart names that table instead, so no figure is printed twice.
    #[default]
    Auto,
    /// Always below the chart, even when a table repeats it.
    #[serde(alias = "alltid")]
    Always,
    /// Never; a table of the section (or the alt text) gives the figures.
    #[serde(alias = "aldrig")]
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ChartKind {
    /// Vertical columns: one group per year, one column per indicator.
    #[serde(rename = "kolumner", alias = "columns")]
    Columns,
    /// Horizontal bars: one group per indicator, one bar per year.
    #[serde(rename = "staplar", alias = "bars")]
    Bars,
    /// One line per indicator over the years.
    #[serde(rename = "linje", alias = "line")]
    Line,
    /// The risk register (data/risker.csv) as a sannolikhet × konsekvens matrix.
    #[serde(rename = "riskmatris", alias = "risk-matrix")]
    RiskMatrix,
}

/// Ids must be unique and file-name safe, since they name texts and typst blocks.
pub fn validate(sections: &[SectionSpec], file: &str, diags: &mut Vec<Diagnostic>) {
    validate_at(sections, file, &|_| Location::file(file), diags);
}

/// [`validate`], with `locate` giving where a section (by id) is written, so that a section
/// that cannot be placed is reported at its line.
pub fn validate_at(
    sections: &[SectionSpec],
    file: &str,
    locate: &dyn Fn(&str) -> Location,
    diags: &mut Vec<Diagnostic>,
) {
    // Sections, tables and charts are separate namespaces: their blocks are `rubrik-<id>`,
    // `tabell-<id>` and `figur-<id>`.
    let mut seen = std::collections::BTreeSet::new();
    front_matter(sections, file, diags);
    let mut stack: Vec<(usize, &SectionSpec)> = sections.iter().map(|s| (1, s)).collect();
    while let Some((depth, s)) = stack.pop() {
        placement(s, depth, locate, diags);
        let ids = std::iter::once(("section", &s.id))
            .chain(s.tables.iter().map(|t| ("table", &t.id)))
            .chain(s.charts.iter().map(|c| ("chart", &c.id)));
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
        if depth < MAX_DEPTH {
            stack.extend(s.sections.iter().map(|c| (depth + 1, c)));
        }
    }
}

/// Sections before the contents are the first chapters: one after a chapter that is not, or
/// below the top level, cannot be placed there.
fn front_matter(sections: &[SectionSpec], file: &str, diags: &mut Vec<Diagnostic>) {
    let mut misplaced: Vec<&str> = Vec::new();
    let first_other = sections
        .iter()
        .position(|s| !s.before_contents)
        .unwrap_or(sections.len());
    misplaced.extend(
        sections[first_other..]
            .iter()
            .filter(|s| s.before_contents)
            .map(|s| s.id.as_str()),
    );
    let mut stack: Vec<&SectionSpec> = sections.iter().flat_map(|s| s.sections.iter()).collect();
    while let Some(s) = stack.pop() {
        if s.before_contents {
            misplaced.push(&s.id);
        }
        stack.extend(s.sections.iter());
    }
    for id in misplaced {
        diags.push(
            Diagnostic::error(
                "outline.misplaced-front",
                format!("section \"{id}\" cannot be placed before the contents"),
            )
            .at(Location::file(file))
            .note("`before_contents: true` belongs to chapters at the start of the outline, before every chapter without it"),
        );
    }
}

/// A section that cannot be placed is an error, never dropped: deeper than [`MAX_DEPTH`], or
/// an appendix that is not a chapter.
fn placement(s: &SectionSpec, depth: usize, locate: &dyn Fn(&str) -> Location, diags: &mut Vec<Diagnostic>) {
    if depth == MAX_DEPTH && !s.sections.is_empty() {
        let ids: Vec<&str> = s.sections.iter().map(|c| c.id.as_str()).collect();
        diags.push(
            Diagnostic::error(
                "outline.too-deep",
                format!(
                    "section{} {} under \"{}\" would be on level {}; the outline has at most {MAX_DEPTH} levels",
                    if ids.len() == 1 { "" } else { "s" },
                    ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", "),
                    s.id,
                    depth + 1
                ),
            )
            .at(locate(ids[0]))
            .note("move them up a level, or make them headings in the section's text"),
        );
    }
    if s.appendix && depth > 1 {
        diags.push(
            Diagnostic::error(
                "outline.misplaced-appendix",
                format!("appendix \"{}\" is not a chapter (it is on level {depth})", s.id),
            )
            .at(locate(&s.id))
            .note("an appendix (`appendix: true`) belongs at the top level of the outline"),
        );
    }
}

/// Year order of a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    #[serde(alias = "stigande")]
    Ascending,
    #[serde(alias = "fallande")]
    Descending,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        let sections: Vec<SectionSpec> = serde_yaml::from_str(yaml).unwrap();
        let mut diags = Vec::new();
        validate(&sections, "outline", &mut diags);
        diags
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn five_levels_are_placed_and_a_sixth_is_an_error() {
        let five = "[{id: a, title: A, sections: [{id: b, title: B, sections: [{id: c, title: C, sections: [{id: d, title: D, sections: [{id: e, title: E}]}]}]}]}]";
        assert!(problems(five).is_empty());
        let six = five.replace(
            "{id: e, title: E}",
            "{id: e, title: E, sections: [{id: f, title: F}, {id: g, title: G}]}",
        );
        assert_eq!(
            problems(&six),
            [
                "outline.too-deep: sections \"f\", \"g\" under \"e\" would be on level 6; the outline has at most 5 levels"
            ]
        );
    }

    #[test]
    fn an_appendix_below_the_top_level_is_an_error() {
        assert!(problems("[{id: a, title: A}, {id: b, title: B, appendix: true}]").is_empty());
        assert_eq!(
            problems("[{id: a, title: A, sections: [{id: b, title: B, bilaga: true}]}]"),
            ["outline.misplaced-appendix: appendix \"b\" is not a chapter (it is on level 2)"]
        );
        assert_eq!(
            problems(
                "[{id: a, title: A, before_contents: true}, {id: b, title: B, sections: [{id: c, title: C, before_contents: true}]}, {id: d, title: D, before_contents: true}]"
            ),
            [
                "outline.misplaced-front: section \"d\" cannot be placed before the contents",
                "outline.misplaced-front: section \"c\" cannot be placed before the contents"
            ]
        );
        // `numbered: false` (also `numrerad: false`) parses; numbered is the default.
        let s: Vec<SectionSpec> =
            serde_yaml::from_str("[{id: a, title: A, numrerad: false}, {id: b, title: B}]").unwrap();
        assert!(!s[0].numbered && s[1].numbered);
    }
}
