//! The outline's table kinds other than indicator series: `goals` and `per-enhet`. Each
//! yields the Markdown view (a [`Table`] whose `markdown` holds the pipe table) and the
//! typst block drawn by `goals.typ`.

use crate::compute::{Engine, series};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::outline::{DEFAULT_YEARS, GoalYear, GroupBy, TableSpec, UnitLevel};

use super::document::{Block, Table};
use super::{goals, unit_table};

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
) -> Option<(Table, Block)> {
    ignored(
        spec,
        file,
        &[
            ("indicators", !spec.indicators.is_empty()),
            ("years", spec.years.is_some()),
            ("change", spec.change.is_some()),
            ("group_by", spec.group_by.is_some()),
            ("level", spec.level.is_some()),
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
    Some((table, Block::Goals(block)))
}

pub fn per_enhet(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, Block)> {
    ignored(
        spec,
        file,
        &[("year", spec.year.is_some()), ("change", spec.change.is_some())],
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
            Some((table, Block::Grouped(block)))
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
