//! Egenkontroller (`data/egenkontroller.csv` or `.xlsx`): the year's named checks (journal
//! reviews, loggkontroller, delegeringar ...) with period, result and comment, kept as
//! records; rows that name an indicator (läkemedelsgenomgångar) are also observations.

use crate::diag::Diagnostic;
use crate::model::period::Period;
use crate::model::selfchecks::{Check, CheckResult};
use crate::number::{Cell as NumCell, parse_cell};

use crate::data::cells::{self, Cells, First, Named, Reported, Seen, unit_suffix};
use crate::format::fold;
use crate::formats::table::{self, Column};
use crate::model::catalogue::{Catalogue, Indicator};
use crate::model::collected::Collected;
use crate::model::observation::Observation;

pub const STEM: &str = "egenkontroller";

pub const COLUMNS: &[Column] = &[
    Column {
        name: "kontroll",
        aliases: &["egenkontroll", "check", "namn"],
        required: true,
    },
    Column {
        name: "period",
        aliases: &["år", "year"],
        required: true,
    },
    Column {
        name: "enhet",
        aliases: &["unit", "verksamhet"],
        required: false,
    },
    Column {
        name: "indikator",
        aliases: &["indicator"],
        required: false,
    },
    Column {
        name: "resultat",
        aliases: &["result", "värde", "value"],
        required: true,
    },
    Column {
        name: "kvalifikator",
        aliases: &["qualifier"],
        required: false,
    },
    Column {
        name: "kommentar",
        aliases: &["comment", "not", "note"],
        required: false,
    },
];

/// Source loader.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    if let Some((file, Some(t))) = crate::data::find_table(inputs, STEM, COLUMNS, collected, diags) {
        let (checks, observations) = read_rows(&file, &t, inputs.catalogue, diags);
        collected.checks.extend(checks);
        collected.observations.extend(observations);
    }
}

/// Validate the rows; returns the checks and the observations of rows with an indicator.
pub fn read_rows(
    file: &str,
    t: &table::Table,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Check>, Vec<Observation>) {
    let cx = Cells::new(file);
    let mut checks = Vec::new();
    let mut observations = Vec::new();
    let mut seen = Seen::default();
    for row in &t.rows {
        let Some(check) = read_row(&cx, row, catalogue, &mut seen, diags) else {
            continue;
        };
        if let Some(id) = &check.indicator {
            observations.push(Observation {
                indicator: id.clone(),
                year: check.period.year(),
                period: check.period,
                unit: check.unit.clone(),
                sex: None,
                value: match check.result {
                    CheckResult::Number(v) => Some(v),
                    _ => None,
                },
                decimals: None,
                period_note: None,
                qualifier: check.qualifier,
                note: check.comment.clone(),
                file: file.to_string(),
                line: row.line,
            });
        }
        checks.push(check);
    }
    (checks, observations)
}

/// What makes a check unique: folded name, period, folded unit and indicator.
type Key = (String, Period, String, String);

/// One row as a check, when every cell is valid and the row is not given twice.
fn read_row(
    cx: &Cells,
    row: &table::Row,
    catalogue: &Catalogue,
    seen: &mut Seen<Key>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Check> {
    let cell = |i: usize| row.cells[i].as_ref();
    let text = |i: usize| {
        cell(i)
            .map(|c| c.text.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let (Some(name_cell), Some(per), Some(res)) = (cell(0), cell(1), cell(4)) else {
        return None;
    };
    let name = cx.name(
        name_cell,
        "kontroll",
        "name the check, e.g. Journalgranskning",
        diags,
    );
    let period = cx.period(per, None, diags);
    let unit = text(2);
    let indicator = cell(3)
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| cells::indicator(catalogue, c.text.trim(), cx.spot(c), diags).ok_or(Reported));
    let (result, result_ok) = result(cx, res, indicator.and_then(Result::ok), diags);
    let qualifier = cx.qualifier(cell(5), diags);
    let ok = !name.is_empty() && !matches!(indicator, Some(Err(_))) && result_ok && qualifier.is_ok();
    let comment = text(6);
    let period = period?;
    let indicator_id = indicator.and_then(Result::ok).map(|i| i.id.clone());
    let key = (
        fold(&name),
        period,
        unit.as_deref().map(fold).unwrap_or_default(),
        indicator_id.clone().unwrap_or_default(),
    );
    if let Some(first) = seen.first(key, row.line) {
        let with_id = indicator_id
            .as_deref()
            .map(|i| format!(" ({i})"))
            .unwrap_or_default();
        diags.push(cells::duplicate_row(
            cx.row(row.line),
            format!(
                "duplicate row for {name} {period}{}{with_id}",
                unit_suffix(unit.as_deref())
            ),
            First::Line(*first),
            Some("each kontroll, period, enhet and indikator may occur once"),
        ));
        return None;
    }
    ok.then(|| Check {
        name,
        period,
        unit,
        indicator: indicator_id,
        result,
        result_text: res.text.trim().to_string(),
        qualifier: qualifier.unwrap_or(None),
        comment,
        file: cx.file.to_string(),
        line: row.line,
    })
}

/// The result of a check, and whether it is valid: a row with an indicator needs a number
/// that fits the indicator's unit; without one the result may be any text ("Inga
/// avvikelser").
fn result(
    cx: &Cells,
    res: &table::Cell,
    indicator: Option<&Indicator>,
    diags: &mut Vec<Diagnostic>,
) -> (CheckResult, bool) {
    let Some(spec) = indicator else {
        return match parse_cell(&res.text) {
            Ok(NumCell::Missing) => (CheckResult::Missing, true),
            Ok(NumCell::Value(v)) => (CheckResult::Number(v), true),
            Err(_) => (CheckResult::Text(res.text.trim().to_string()), true),
        };
    };
    let hint = format!(
        "a row with an indikator ({}) needs a number; write the result as text on a row without one",
        spec.id
    );
    match cx.number(res, Named::column("resultat").hint(&hint), diags) {
        Ok(None) => (CheckResult::Missing, true),
        Ok(Some(v)) => {
            let what = format!("value \"{}\" for {}", res.text, spec.id);
            let fits = cells::within_indicator(v, spec, &what, cx.spot(res), diags);
            (CheckResult::Number(v), fits)
        }
        Err(Reported) => (CheckResult::Missing, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::observation::Qualifier;

    fn catalogue() -> Catalogue {
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(
            "indicators:\n  - {id: lmg.antal, name: Antal, unit: antal}\n  - {id: lmg.andel, name: Andel, unit: procent}\n",
        )
        .unwrap();
        crate::model::catalogue::merge(f.indicators, Vec::new())
    }

    fn run(csv: &str) -> (Vec<Check>, Vec<Observation>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let t = table::read("e.csv", csv.as_bytes(), COLUMNS, &mut d).unwrap();
        let (c, o) = read_rows("e.csv", &t, &catalogue(), &mut d);
        (c, o, d)
    }

    #[test]
    fn checks_and_indicator_rows() {
        let (c, o, d) = run(
            "kontroll;period;enhet;indikator;resultat;kvalifikator;kommentar\n\
             Loggkontroll;2024-H1;;;Ingen otillåten åtkomst;;\n\
             Journalgranskning;2024;Särskilt boende;;82 %;;30 journaler\n\
             Läkemedelsgenomgångar;2021;;lmg.antal;160;ca;Manuell sammanställning\n\
             Läkemedelsgenomgångar;2021;;lmg.andel;..;;\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].result, CheckResult::Text("Ingen otillåten åtkomst".into()));
        assert_eq!(c[1].result, CheckResult::Number(82.0));
        assert_eq!(c[1].result_text, "82 %");
        assert_eq!(c[1].unit.as_deref(), Some("Särskilt boende"));
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0].indicator.as_str(), o[0].value, o[0].qualifier),
            ("lmg.antal", Some(160.0), Some(Qualifier::Ca))
        );
        assert_eq!(o[0].note.as_deref(), Some("Manuell sammanställning"));
        assert_eq!(o[1].value, None, "a missing marker is missing, not zero");
    }

    #[test]
    fn errors_are_located() {
        let (_, o, d) = run(
            "kontroll;period;enhet;indikator;resultat;kvalifikator;kommentar\n\
             LMG;2024;;lmg.antl;12;;\n\
             LMG;2024;;lmg.andel;140;;\n\
             LMG;2024;;lmg.antal;1x;;\n\
             LMG;2024;;lmg.antal;5;ungefär;\n\
             loggkontroll;2024-13;;;ok;;\n\
             Loggkontroll;2024;;;ok;;\n\
             loggkontroll;2024;;;ok;;\n",
        );
        assert!(o.is_empty());
        let got = crate::diag::codes_at(&d);
        assert_eq!(
            got,
            [
                ("data.unknown-indicator", "e.csv:2:11".to_string()),
                ("data.out-of-range", "e.csv:3:21".to_string()),
                ("data.bad-number", "e.csv:4:21".to_string()),
                ("data.bad-qualifier", "e.csv:5:23".to_string()),
                ("data.duplicate-row", "e.csv:5".to_string()),
                ("data.bad-period", "e.csv:6:14".to_string()),
                ("data.duplicate-row", "e.csv:8".to_string()),
            ]
        );
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.contains("did you mean \"lmg.antal\""))
        );
    }
}
