//! The outline's table kinds other than indicator series: `goals` and `per-enhet`. Each
//! yields the Markdown view (a [`Table`] whose `markdown` holds the pipe table) and the
//! typst block drawn by `goals.typ`.

pub mod goals;
pub mod indicator;
pub mod records;
pub mod unit_table;

use serde::Serialize;

use crate::compute::{Engine, series};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::outline::{DEFAULT_YEARS, GoalYear, GroupBy, TableSpec, UnitLevel};

use crate::model::selfchecks::CheckResult;

/// A table as the document holds it: numbered, captioned, with its notes and source.
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
    /// The whole table as Markdown, for tables that are not a plain grid (goals, per-enhet);
    /// `report.md` prints it instead of `header` and `rows`.
    pub markdown: Option<String>,
}

/// The typst block of a table kind that is not a plain grid.
pub enum TableBlock {
    Goals(goals::GoalsBlock),
    Grouped(unit_table::GroupedBlock),
}

fn markdown_table(spec: &TableSpec, markdown: String, notes: Vec<String>, source: Option<String>) -> Table {
    Table {
        id: spec.id.clone(),
        block: format!("tabell-{}", spec.id),
        number: 0,
        caption: spec.caption.clone(),
        header: Vec::new(),
        align: Vec::new(),
        rows: Vec::new(),
        source,
        notes,
        markdown: Some(markdown),
    }
}

/// Keys that mean nothing for the table's kind: a warning, so that a misplaced key is seen.
fn ignored(spec: &TableSpec, file: &str, keys: &[(&str, bool)], diags: &mut Vec<Diagnostic>) {
    for (key, given) in keys {
        if *given {
            diags.push(
                Diagnostic::warning(
                    "outline.ignored-key",
                    format!("`{key}:` of table \"{}\" has no effect for its kind", spec.id),
                )
                .at(Location::file(file)),
            );
        }
    }
}

pub fn goals(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, TableBlock)> {
    ignored(
        spec,
        file,
        &[
            ("indicators", !spec.indicators.is_empty()),
            ("years", spec.years.is_some()),
            ("change", spec.change.is_some()),
            ("group_by", spec.group_by.is_some()),
            ("level", spec.level.is_some()),
            ("benchmarks", !spec.benchmarks.is_empty()),
        ],
        diags,
    );
    let which = spec.year.unwrap_or(GoalYear::Report);
    let Some(block) = goals::build(engine.model(), engine.year, which, &spec.id, &spec.caption) else {
        let year = goals::goal_year(which, engine.year);
        diags.push(
            Diagnostic::warning(
                "table.empty",
                format!(
                    "table \"{}\" ({}) has no goals for {year} and is left out",
                    spec.id, spec.caption
                ),
            )
            .note(format!(
                "add goals with `år: {year}` to {}",
                crate::data::goals::FILE
            )),
        );
        return None;
    };
    let md = goals::markdown(&block);
    let mut table = markdown_table(spec, md, Vec::new(), None);
    table.caption = block.caption.clone();
    Some((table, TableBlock::Goals(block)))
}

/// The report year's egenkontroller that are not indicators, grouped by kontroll in file
/// order, drawn like the goals table: unit, period, result and comment.
pub fn self_checks(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, TableBlock)> {
    ignored(
        spec,
        file,
        &[
            ("indicators", !spec.indicators.is_empty()),
            ("years", spec.years.is_some()),
            ("change", spec.change.is_some()),
            ("year", spec.year.is_some()),
            ("group_by", spec.group_by.is_some()),
            ("benchmarks", !spec.benchmarks.is_empty()),
            ("level", spec.level.is_some()),
        ],
        diags,
    );
    let checks: Vec<_> = engine
        .model()
        .checks_of(engine.year)
        .into_iter()
        .filter(|c| c.indicator.is_none())
        .collect();
    if checks.is_empty() {
        diags.push(
            Diagnostic::warning(
                "table.empty",
                format!(
                    "table \"{}\" ({}) has no egenkontroller for {} and is left out",
                    spec.id, spec.caption, engine.year
                ),
            )
            .note("add rows for the year to data/egenkontroller.csv"),
        );
        return None;
    }
    let mut groups: Vec<goals::GoalGroup> = Vec::new();
    for c in checks {
        // As written: a result without an indicator has no unit or decimals to format by.
        let result = match &c.result {
            CheckResult::Missing => "Uppgift saknas".to_string(),
            CheckResult::Number(_) | CheckResult::Text(_) => c.result_text.clone(),
        };
        let row = goals::GoalRow {
            goal: None,
            activity: Some(c.unit.clone().unwrap_or_else(|| "Hela verksamheten".to_string())),
            responsible: Some(c.period.label()),
            status: Some(crate::format::no_break_spaces(&result)),
            follow_up: c
                .comment
                .iter()
                .map(|t| crate::format::no_break_spaces(t))
                .collect(),
            extra: Vec::new(),
        };
        match groups.iter_mut().find(|g| g.area == c.name) {
            Some(g) => g.rows.push(row),
            None => groups.push(goals::GoalGroup {
                area: c.name.clone(),
                rows: vec![row],
            }),
        }
    }
    let block = goals::GoalsBlock {
        id: spec.id.clone(),
        number: 0,
        caption: spec
            .caption
            .replace("{år}", &engine.year.to_string())
            .replace("{year}", &engine.year.to_string()),
        year: engine.year,
        follow_up: true,
        group_header: "Egenkontroll".to_string(),
        header: ["Enhet", "Period", "Resultat", "Kommentar"]
            .map(String::from)
            .to_vec(),
        groups,
    };
    let source = Some("Källa: Nämndens egenkontroller".to_string());
    let mut table = markdown_table(spec, goals::markdown(&block), Vec::new(), source);
    table.caption = block.caption.clone();
    Some((table, TableBlock::Goals(block)))
}

pub fn per_enhet(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, TableBlock)> {
    ignored(
        spec,
        file,
        &[
            ("year", spec.year.is_some()),
            ("change", spec.change.is_some()),
            ("benchmarks", !spec.benchmarks.is_empty()),
        ],
        diags,
    );
    if spec.indicators.is_empty() {
        diags.push(
            Diagnostic::error(
                "outline.no-indicators",
                format!("table \"{}\" (per-enhet) lists no indicators", spec.id),
            )
            .at(Location::file(file))
            .note("list the categories to show, e.g. `indicators: [avvikelser.fall, avvikelser.lakemedel]`"),
        );
        return None;
    }
    let years = series::window(
        engine.year,
        spec.years.unwrap_or(DEFAULT_YEARS).clamp(1, 20),
        spec.order,
    );
    let s = unit_table::Spec {
        id: &spec.id,
        caption: &spec.caption,
        indicators: &spec.indicators,
        years: &years,
        group_by: spec.group_by.unwrap_or(GroupBy::Kategori),
        level: spec.level.unwrap_or(UnitLevel::Verksamhet),
    };
    match unit_table::build(engine, &s) {
        Ok(block) => {
            let md = unit_table::markdown(&block);
            let table = markdown_table(spec, md, block.notes.clone(), block.source.clone());
            Some((table, TableBlock::Grouped(block)))
        }
        Err(problems) => {
            for p in problems {
                diags.push(match p {
                    unit_table::Problem::Unknown(id) => {
                        let mut d = Diagnostic::error(
                            "outline.unknown-indicator",
                            format!("table \"{}\" refers to unknown indicator \"{id}\"", spec.id),
                        )
                        .at(Location::file(file));
                        if let Some(s) =
                            did_you_mean(&id, engine.model().catalogue.keys().map(String::as_str))
                        {
                            d = d.note(format!("did you mean \"{s}\"?"));
                        }
                        d
                    }
                    unit_table::Problem::NoUnits => Diagnostic::warning(
                        "table.empty",
                        format!(
                            "table \"{}\" ({}) has no values per verksamhet or enhet for {}–{} and is left out",
                            spec.id,
                            spec.caption,
                            years.iter().min().unwrap_or(&engine.year),
                            engine.year
                        ),
                    )
                    .note("per-enhet tables need event data with a verksamhetsområde or enhet column, e.g. data/avvikelser.csv"),
                });
            }
            None
        }
    }
}
