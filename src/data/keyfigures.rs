//! Key figures (nyckeltal) in long form: one row per indicator, period, unit and sex.

use crate::data::cells::{self, Cells, First, MISSING_HINT, Named, Seen, unit_suffix};
use crate::diag::Diagnostic;
use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
use crate::model::observation::{Observation, Sex};
use crate::model::period::Period;

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
    Column {
        name: "avser",
        aliases: &["period_not", "periodnot", "delperiod", "covers"],
        required: false,
    },
];

/// Source loader: `data/nyckeltal.csv` (or `.tsv`, `.txt`, `.xlsx`).
pub fn load(inputs: &crate::data::Inputs, collected: &mut super::Collected, diags: &mut Vec<Diagnostic>) {
    if let Some((file, Some(t))) = crate::data::find_table(inputs, "nyckeltal", COLUMNS, collected, diags) {
        let observations = read_rows(&file, &t, inputs.catalogue, diags);
        collected.observations.extend(observations);
    }
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
    let cx = Cells::new(file);
    let mut seen = Seen::default();
    t.rows
        .iter()
        .filter_map(|row| read_row(&cx, row, catalogue, &mut seen, diags))
        .collect()
}

/// What makes a key figure unique: indicator, period, unit and sex.
type Key = (String, Period, Option<String>, Option<Sex>);

/// One row: every cell is checked (and every problem reported) before the row is dropped.
fn read_row(
    cx: &Cells,
    row: &table::Row,
    catalogue: &Catalogue,
    seen: &mut Seen<Key>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Observation> {
    let cell = |i: usize| row.cells[i].as_ref();
    let ind = cell(0)?;
    let indicator = ind.text.clone();
    let spec = cells::indicator(catalogue, &indicator, cx.spot(ind), diags)?;
    let period = cx.period(cell(1)?, None, diags);
    let unit = cell(2).map(|c| c.text.clone()).filter(|s| !s.is_empty());
    let sex = cx.sex(cell(3), diags);
    let val = cell(4)?;
    let value = cx.number(val, Named::column("värde").hint(MISSING_HINT), diags);
    let in_range = match value {
        Ok(Some(v)) => {
            let what = format!("value \"{}\" for {indicator}", val.text);
            cells::within_indicator(v, spec, &what, cx.spot(val), diags)
        }
        _ => true,
    };
    let qualifier = cx.qualifier(cell(5), diags);
    let note = cell(6).map(|c| c.text.clone()).filter(|s| !s.is_empty());
    let period_note = cell(7)
        .map(|c| c.text.trim().to_string())
        .filter(|s| !s.is_empty());
    let period = period?;
    let ok = sex.is_ok() && value.is_ok() && in_range && qualifier.is_ok();
    let sex = sex.unwrap_or(None);
    if let Some(first) = seen.first((indicator.clone(), period, unit.clone(), sex), row.line) {
        diags.push(cells::duplicate_row(
            cx.row(row.line),
            format!(
                "duplicate row for {indicator} {period}{}",
                unit_suffix(unit.as_deref())
            ),
            First::Line(*first),
            Some("each indicator, period, unit and sex may occur once"),
        ));
        return None;
    }
    ok.then(|| Observation {
        indicator,
        year: period.year(),
        period,
        unit,
        sex,
        value: value.unwrap_or(None),
        decimals: cells::written_decimals(&val.text),
        period_note,
        qualifier: qualifier.unwrap_or(None),
        note,
        file: cx.file.to_string(),
        line: row.line,
    })
}
