//! Key figures (nyckeltal) in long form: one row per indicator, period, unit and sex.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::period::Period;
use crate::number::{Cell as NumCell, parse_cell};

use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
use crate::model::observation::{
    Observation, QUALIFIER_EXPECTED, Qualifier, SEX_EXPECTED, Sex, YEAR_RANGE, range_problem,
};

pub const COLUMNS: &[Column] = &[
    Column {
        name: "indikator",
        aliases: &["indicator", "kpi"],
        required: true,
    },
    Column {
        name: "period",
        aliases: &["år", "year"],
        required: true,
    },
    Column {
        name: "enhet",
        aliases: &["unit", "organisatorisk_enhet"],
        required: false,
    },
    Column {
        name: "kön",
        aliases: &["sex", "gender"],
        required: false,
    },
    Column {
        name: "värde",
        aliases: &["value"],
        required: true,
    },
    Column {
        name: "kvalifikator",
        aliases: &["qualifier"],
        required: false,
    },
    Column {
        name: "not",
        aliases: &["note", "kommentar"],
        required: false,
    },
];

/// Source loader: `data/nyckeltal.csv` (or `.tsv`, `.txt`, `.xlsx`).
pub fn load(inputs: &crate::data::Inputs, collected: &mut super::Collected, diags: &mut Vec<Diagnostic>) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let file = match crate::project::files::find(project, "nyckeltal", crate::project::files::TABULAR) {
        Ok(Some(f)) => f,
        Ok(None) => return,
        Err(d) => return diags.push(d),
    };
    if let Some(t) = table::read_file(project, &file, COLUMNS, diags) {
        collected
            .observations
            .extend(read_rows(&file, &t, catalogue, diags));
    }
    collected.files.push(file);
}

/// Read key figures from the bytes of a delimited file.
pub fn read(
    file: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Observation> {
    match table::read(file, bytes, COLUMNS, diags) {
        Some(t) => read_rows(file, &t, catalogue, diags),
        None => Vec::new(),
    }
}

/// Validate rows already split into cells (from CSV or xlsx) and turn them into observations.
pub fn read_rows(
    file: &str,
    t: &table::Table,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Observation> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, Period, Option<String>, Option<Sex>), usize> = BTreeMap::new();
    for row in &t.rows {
        let cell = |i: usize| row.cells[i].as_ref();
        let at = |c: &table::Cell| Location::at(file, c.line, c.column);
        let mut ok = true;
        let Some(ind) = cell(0) else { continue };
        let indicator = ind.text.clone();
        let Some(spec) = catalogue.get(&indicator) else {
            let mut d = Diagnostic::error(
                "data.unknown-indicator",
                format!("unknown indicator \"{indicator}\""),
            )
            .at(at(ind))
            .note("expected an id from the built-in catalogue or data/indikatorer.yaml");
            if let Some(s) = did_you_mean(&indicator, catalogue.keys().map(String::as_str)) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
            continue;
        };
        let Some(per) = cell(1) else { continue };
        let period = match Period::parse(&per.text) {
            Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
            _ => {
                diags.push(
                    Diagnostic::error("data.bad-period", format!("invalid period \"{}\"", per.text))
                        .at(at(per))
                        .note(format!("expected {}", Period::EXPECTED)),
                );
                None
            }
        };
        let unit = cell(2).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        let sex = match cell(3).map(|c| (c, Sex::parse(&c.text))) {
            None => None,
            Some((_, Ok(sex))) => sex,
            Some((c, Err(_))) => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.bad-sex",
                        format!("invalid value \"{}\" in column kön", c.text),
                    )
                    .at(at(c))
                    .note(SEX_EXPECTED),
                );
                None
            }
        };
        let Some(val) = cell(4) else { continue };
        let value = match parse_cell(&val.text) {
            Ok(NumCell::Missing) => None,
            Ok(NumCell::Value(v)) => {
                if let Some(problem) = range_problem(v, spec.unit) {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            "data.out-of-range",
                            format!("value \"{}\" for {indicator} {problem}", val.text),
                        )
                        .at(at(val)),
                    );
                }
                Some(v)
            }
            Err(e) => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.bad-number",
                        format!("invalid number \"{}\" in column värde", val.text),
                    )
                    .at(at(val))
                    .note(e.to_string())
                    .note("missing values are written `..`, `-` or left empty"),
                );
                None
            }
        };
        let qualifier = match cell(5).map(|c| (c, Qualifier::parse(&c.text))) {
            None => None,
            Some((_, Ok(q))) => q,
            Some((c, Err(_))) => {
                ok = false;
                diags.push(
                    Diagnostic::error("data.bad-qualifier", format!("invalid qualifier \"{}\"", c.text))
                        .at(at(c))
                        .note(QUALIFIER_EXPECTED),
                );
                None
            }
        };
        let note = cell(6).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        let Some(period) = period else { continue };
        let key = (indicator.clone(), period, unit.clone(), sex);
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!(
                        "duplicate row for {indicator} {period}{}",
                        unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                    ),
                )
                .at(Location::line(file, row.line))
                .note(format!(
                    "first given on line {first}; each indicator, period, unit and sex may occur once"
                )),
            );
            continue;
        }
        seen.insert(key, row.line);
        if ok {
            out.push(Observation {
                indicator,
                year: period.year(),
                period,
                unit,
                sex,
                value,
                qualifier,
                note,
                file: file.to_string(),
                line: row.line,
            });
        }
    }
    out
}
