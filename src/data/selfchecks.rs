//! Egenkontroller (`data/egenkontroller.csv` or `.xlsx`): the year's named checks (journal
//! reviews, loggkontroller, delegeringar ...) with period, result and comment, kept as
//! records; rows that name an indicator (läkemedelsgenomgångar) are also observations.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::model::period::Period;
use crate::model::selfchecks::{Check, CheckResult};
use crate::number::{Cell as NumCell, parse_cell};

use crate::data::rowcheck;
use crate::format::fold;
use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
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
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let file = match crate::project::files::find(project, STEM, crate::project::files::TABULAR) {
        Ok(Some(f)) => f,
        Ok(None) => return,
        Err(d) => return diags.push(d),
    };
    if let Some(t) = table::read_file(project, &file, COLUMNS, diags) {
        let (checks, observations) = read_rows(&file, &t, catalogue, diags);
        collected.checks.extend(checks);
        collected.observations.extend(observations);
    }
    collected.files.push(file);
}

/// Validate the rows; returns the checks and the observations of rows with an indicator.
pub fn read_rows(
    file: &str,
    t: &table::Table,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Check>, Vec<Observation>) {
    let mut checks = Vec::new();
    let mut observations = Vec::new();
    let mut seen: BTreeMap<(String, Period, String, String), usize> = BTreeMap::new();
    for row in &t.rows {
        let cell = |i: usize| row.cells[i].as_ref();
        let at = |c: &table::Cell| Location::at(file, c.line, c.column);
        let text = |i: usize| {
            cell(i)
                .map(|c| c.text.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let mut ok = true;
        let (Some(name_cell), Some(per), Some(res)) = (cell(0), cell(1), cell(4)) else {
            continue;
        };
        let name = name_cell.text.trim().to_string();
        if name.is_empty() {
            ok = false;
            diags.push(
                Diagnostic::error("data.empty-cell", "column kontroll is empty")
                    .at(at(name_cell))
                    .note("name the check, e.g. Journalgranskning"),
            );
        }
        let period = rowcheck::period(&per.text, at(per), diags);
        let unit = text(2);
        let indicator = match cell(3).filter(|c| !c.text.trim().is_empty()) {
            None => None,
            Some(c) => match rowcheck::indicator(catalogue, c.text.trim(), at(c), diags) {
                Some(spec) => Some(spec),
                None => {
                    ok = false;
                    None
                }
            },
        };
        let result = match (parse_cell(&res.text), indicator) {
            (Ok(NumCell::Missing), _) => CheckResult::Missing,
            (Ok(NumCell::Value(v)), Some(spec)) => {
                if let Some(problem) = crate::model::observation::range_problem(v, spec.unit) {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            "data.out-of-range",
                            format!("value \"{}\" for {} {problem}", res.text, spec.id),
                        )
                        .at(at(res)),
                    );
                }
                CheckResult::Number(v)
            }
            (Ok(NumCell::Value(v)), None) => CheckResult::Number(v),
            (Err(e), Some(spec)) => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.bad-number",
                        format!("invalid number \"{}\" in column resultat", res.text),
                    )
                    .at(at(res))
                    .note(e.to_string())
                    .note(format!(
                        "a row with an indikator ({}) needs a number; write the result as text on a row without one",
                        spec.id
                    )),
                );
                CheckResult::Missing
            }
            // Without an indicator the result may be any text ("Inga avvikelser").
            (Err(_), None) => CheckResult::Text(res.text.trim().to_string()),
        };
        let qualifier = match cell(5).map(|c| (c, crate::model::observation::Qualifier::parse(&c.text))) {
            None => None,
            Some((_, Ok(q))) => q,
            Some((c, Err(_))) => {
                ok = false;
                diags.push(
                    Diagnostic::error("data.bad-qualifier", format!("invalid qualifier \"{}\"", c.text))
                        .at(at(c))
                        .note(crate::model::observation::QUALIFIER_EXPECTED),
                );
                None
            }
        };
        let comment = text(6);
        let Some(period) = period else { continue };
        let indicator_id = indicator.map(|i| i.id.clone());
        let key = (
            fold(&name),
            period,
            unit.as_deref().map(fold).unwrap_or_default(),
            indicator_id.clone().unwrap_or_default(),
        );
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!(
                        "duplicate row for {name} {period}{}{}",
                        unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default(),
                        indicator_id
                            .as_deref()
                            .map(|i| format!(" ({i})"))
                            .unwrap_or_default()
                    ),
                )
                .at(Location::line(file, row.line))
                .note(format!(
                    "first given on line {first}; each kontroll, period, enhet and indikator may occur once"
                )),
            );
            continue;
        }
        seen.insert(key, row.line);
        if !ok {
            continue;
        }
        if let Some(id) = &indicator_id {
            observations.push(Observation {
                indicator: id.clone(),
                year: period.year(),
                period,
                unit: unit.clone(),
                sex: None,
                value: match result {
                    CheckResult::Number(v) => Some(v),
                    _ => None,
                },
                qualifier,
                note: comment.clone(),
                file: file.to_string(),
                line: row.line,
            });
        }
        checks.push(Check {
            name,
            period,
            unit,
            indicator: indicator_id,
            result,
            result_text: res.text.trim().to_string(),
            qualifier,
            comment,
            file: file.to_string(),
            line: row.line,
        });
    }
    (checks, observations)
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
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.location.as_deref().unwrap().to_string()))
            .collect();
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
