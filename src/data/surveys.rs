//! Brukarundersökningar (`data/brukarundersokning.csv` or `.xlsx`): Socialstyrelsen's "Vad
//! tycker de äldre om äldreomsorgen?" and SKR's LSS and IFO surveys in long form, one row per
//! survey, question, unit and period. Every row is kept; rows that name an indicator also
//! become observations (andel positiva; for the survey's own row, svarsfrekvens), and their
//! riket values benchmarks.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::format::Unit;
use crate::model::period::Period;
use crate::model::surveys::SurveyResponse;
use crate::number::{Cell as NumCell, parse_cell, parse_integer_count};

use crate::data::rowcheck;
use crate::format::fold;
use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
use crate::model::collected::{Benchmark, Collected};
use crate::model::observation::Observation;

pub const STEM: &str = "brukarundersokning";

pub const COLUMNS: &[Column] = &[
    Column {
        name: "undersökning",
        aliases: &["survey", "enkät"],
        required: true,
    },
    Column {
        name: "fråga",
        aliases: &["question"],
        required: true,
    },
    Column {
        name: "område",
        aliases: &["frågeområde", "area"],
        required: false,
    },
    Column {
        name: "enhet",
        aliases: &["unit", "verksamhet"],
        required: false,
    },
    Column {
        name: "period",
        aliases: &["år", "year"],
        required: true,
    },
    Column {
        name: "andel_positiva",
        aliases: &["andel positiva svar", "positive_share", "andel"],
        required: true,
    },
    Column {
        name: "antal_svarande",
        aliases: &["antal svar", "respondents", "antal"],
        required: false,
    },
    Column {
        name: "svarsfrekvens",
        aliases: &["response_rate"],
        required: false,
    },
    Column {
        name: "riket",
        aliases: &["national"],
        required: false,
    },
    Column {
        name: "indikator",
        aliases: &["indicator"],
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
        let read = read_rows(&file, &t, catalogue, diags);
        collected.surveys.extend(read.responses);
        collected.observations.extend(read.observations);
        collected.benchmarks.extend(read.benchmarks);
    }
    collected.files.push(file);
}

#[derive(Debug, Default)]
pub struct Read {
    pub responses: Vec<SurveyResponse>,
    pub observations: Vec<Observation>,
    pub benchmarks: Vec<Benchmark>,
}

/// A percentage cell: a value in 0–100, missing, or an error (pushed).
fn share(file: &str, c: &table::Cell, column: &str, diags: &mut Vec<Diagnostic>) -> Result<Option<f64>, ()> {
    let at = Location::at(file, c.line, c.column);
    match parse_cell(&c.text) {
        Ok(NumCell::Missing) => Ok(None),
        Ok(NumCell::Value(v)) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
        Ok(NumCell::Value(_)) => {
            diags.push(
                Diagnostic::error(
                    "data.out-of-range",
                    format!("{column} \"{}\" is outside 0–100 (a percentage)", c.text),
                )
                .at(at)
                .note("shares are written as percent numbers: 87 or 87,5 for 87,5 %"),
            );
            Err(())
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "data.bad-number",
                    format!("invalid number \"{}\" in column {column}", c.text),
                )
                .at(at)
                .note(e.to_string())
                .note("missing values are written `..`, `-` or left empty"),
            );
            Err(())
        }
    }
}

/// Validate the rows (CSV or xlsx) of the survey file.
pub fn read_rows(file: &str, t: &table::Table, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) -> Read {
    let mut out = Read::default();
    let mut seen: BTreeMap<(String, String, String, Period), usize> = BTreeMap::new();
    let mut seen_indicator: BTreeMap<(String, Period, String), usize> = BTreeMap::new();
    // Respondents of each survey's own row, and question rows to compare with them.
    let mut survey_totals: BTreeMap<(String, String, Period), u64> = BTreeMap::new();
    let mut question_counts: Vec<((String, String, Period), u64, Location)> = Vec::new();
    for row in &t.rows {
        let cell = |i: usize| row.cells[i].as_ref();
        let at = |c: &table::Cell| Location::at(file, c.line, c.column);
        let text = |i: usize| {
            cell(i)
                .map(|c| c.text.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let mut ok = true;
        let (Some(sv), Some(per), Some(pos)) = (cell(0), cell(4), cell(5)) else {
            continue;
        };
        let survey = sv.text.trim().to_string();
        if survey.is_empty() {
            ok = false;
            diags.push(
                Diagnostic::error("data.empty-cell", "column undersökning is empty")
                    .at(at(sv))
                    .note("name the survey, e.g. Vad tycker de äldre om äldreomsorgen? Hemtjänst"),
            );
        }
        let question = text(1);
        let period = rowcheck::period(&per.text, at(per), diags);
        let positive_share = share(file, pos, "andel_positiva", diags).unwrap_or_else(|()| {
            ok = false;
            None
        });
        if question.is_none() && positive_share.is_some() {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "data.survey-row",
                    "andel_positiva is given on a row without fråga",
                )
                .at(at(pos))
                .note(
                    "a row without fråga describes the whole survey: antal_svarande and svarsfrekvens only",
                ),
            );
        }
        let respondents = match cell(6).map(|c| (c, parse_integer_count(&c.text))) {
            None => None,
            Some((_, Ok(n))) => n,
            Some((c, Err(e))) => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.bad-number",
                        format!("invalid count \"{}\" in column antal_svarande", c.text),
                    )
                    .at(at(c))
                    .note(e.to_string()),
                );
                None
            }
        };
        let mut pct = |i: usize, name: &str, diags: &mut Vec<Diagnostic>| match cell(i) {
            None => None,
            Some(c) => share(file, c, name, diags).unwrap_or_else(|()| {
                ok = false;
                None
            }),
        };
        let response_rate = pct(7, "svarsfrekvens", diags);
        let riket = pct(8, "riket", diags);
        // Response rate and respondents must tell the same story.
        let respondents_at = cell(6).map(at).unwrap_or_else(|| Location::line(file, row.line));
        match (response_rate, respondents) {
            (Some(r), Some(n)) if r == 0.0 && n > 0 => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.survey-inconsistent",
                        format!("svarsfrekvens is 0 but {n} answered"),
                    )
                    .at(cell(7).map(at).unwrap_or_else(|| respondents_at.clone())),
                );
            }
            (Some(r), Some(0)) if r > 0.0 => {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.survey-inconsistent",
                        format!("svarsfrekvens is {r} % but antal_svarande is 0"),
                    )
                    .at(respondents_at.clone()),
                );
            }
            _ => {}
        }
        if positive_share.is_some() && respondents == Some(0) {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "data.survey-inconsistent",
                    "andel_positiva is given but antal_svarande is 0",
                )
                .at(at(pos))
                .note("with no respondents there is no share: write `..`"),
            );
        }
        let indicator = match cell(9).filter(|c| !c.text.trim().is_empty()) {
            None => None,
            Some(c) => match rowcheck::indicator(catalogue, c.text.trim(), at(c), diags) {
                Some(spec) if matches!(spec.unit, Unit::Procent) => Some(spec.id.clone()),
                Some(spec) => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            "data.survey-indicator",
                            format!(
                                "indicator {} is not a percentage (its unit is {:?})",
                                spec.id, spec.unit
                            ),
                        )
                        .at(at(c))
                        .note("survey rows give shares in percent; map them to a procent indicator"),
                    );
                    None
                }
                None => {
                    ok = false;
                    None
                }
            },
        };
        let area = text(2);
        let unit = text(3);
        let comment = text(10);
        let Some(period) = period else { continue };
        let key = (
            fold(&survey),
            question.as_deref().map(fold).unwrap_or_default(),
            unit.as_deref().map(fold).unwrap_or_default(),
            period,
        );
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!(
                        "duplicate row for {survey}{} {period}{}",
                        question
                            .as_deref()
                            .map(|q| format!(", \"{q}\""))
                            .unwrap_or_default(),
                        unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                    ),
                )
                .at(Location::line(file, row.line))
                .note(format!(
                    "first given on line {first}; each undersökning, fråga, enhet and period may occur once"
                )),
            );
            continue;
        }
        seen.insert(key.clone(), row.line);
        if let Some(id) = &indicator {
            let ikey = (id.clone(), period, unit.as_deref().map(fold).unwrap_or_default());
            if let Some(first) = seen_indicator.get(&ikey) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        "data.duplicate-row",
                        format!(
                            "indicator {id} {period}{} is given twice",
                            unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                        ),
                    )
                    .at(Location::line(file, row.line))
                    .note(format!("first given on line {first}")),
                );
            } else {
                seen_indicator.insert(ikey, row.line);
            }
        }
        let group = (key.0.clone(), key.2.clone(), period);
        if let Some(n) = respondents {
            if question.is_none() {
                survey_totals.insert(group, n);
            } else {
                question_counts.push((group, n, respondents_at.clone()));
            }
        }
        if !ok {
            continue;
        }
        if let Some(id) = &indicator {
            // A question row feeds its share; the survey's own row its response rate.
            let value = if question.is_some() {
                positive_share
            } else {
                response_rate
            };
            out.observations.push(Observation {
                indicator: id.clone(),
                year: period.year(),
                period,
                unit: unit.clone(),
                sex: None,
                value,
                qualifier: None,
                note: comment.clone(),
                file: file.to_string(),
                line: row.line,
            });
            if let (None, Some(r)) = (&unit, riket) {
                out.benchmarks.push(Benchmark {
                    indicator: id.clone(),
                    name: "riket".to_string(),
                    period,
                    value: r,
                });
            }
        }
        out.responses.push(SurveyResponse {
            survey,
            question,
            area,
            unit,
            period,
            positive_share,
            respondents,
            response_rate,
            riket,
            indicator,
            comment,
            file: file.to_string(),
            line: row.line,
        });
    }
    for (group, n, at) in question_counts {
        if let Some(total) = survey_totals.get(&group)
            && n > *total
        {
            diags.push(
                Diagnostic::error(
                    "data.survey-inconsistent",
                    format!("{n} answered the question but only {total} answered the survey"),
                )
                .at(at)
                .note("a question cannot have more answers than the survey's antal_svarande (the row without fråga)"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(
            "indicators:\n  - {id: bu.helhet, name: Helhet, unit: procent}\n  - {id: bu.svar, name: Svar, unit: procent}\n  - {id: bu.antal, name: Antal, unit: antal}\n",
        )
        .unwrap();
        crate::model::catalogue::merge(f.indicators, Vec::new())
    }

    const HEAD: &str = "undersökning;fråga;område;enhet;period;andel_positiva;antal_svarande;svarsfrekvens;riket;indikator;kommentar\n";

    fn run(rows: &str) -> (Read, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let t = table::read("b.csv", format!("{HEAD}{rows}").as_bytes(), COLUMNS, &mut d).unwrap();
        let r = read_rows("b.csv", &t, &catalogue(), &mut d);
        (r, d)
    }

    #[test]
    fn rows_become_records_observations_and_benchmarks() {
        let (r, d) = run("Hemtjänst;;;;2024;;412;55;52;bu.svar;\n\
             Hemtjänst;Nöjd med hemtjänsten som helhet;Helhet;;2024;87;398;55;86;bu.helhet;\n\
             Hemtjänst;Nöjd med hemtjänsten som helhet;Helhet;Hemtjänst Norr;2024;91;120;58;86;bu.helhet;\n\
             Hemtjänst;Lätt att få kontakt;Tillgänglighet;;2024;78,5;380;;80;;\n\
             IFO;Nöjd med stödet;;;2023;..;;;;;Genomförs vartannat år\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.responses.len(), 5);
        assert_eq!(r.responses[0].question, None);
        assert_eq!(r.responses[3].positive_share, Some(78.5));
        assert_eq!(r.responses[4].positive_share, None);
        let obs: Vec<_> = r
            .observations
            .iter()
            .map(|o| (o.indicator.as_str(), o.unit.as_deref(), o.value))
            .collect();
        assert_eq!(
            obs,
            [
                ("bu.svar", None, Some(55.0)),
                ("bu.helhet", None, Some(87.0)),
                ("bu.helhet", Some("Hemtjänst Norr"), Some(91.0)),
            ]
        );
        let b: Vec<_> = r
            .benchmarks
            .iter()
            .map(|b| (b.indicator.as_str(), b.value))
            .collect();
        assert_eq!(b, [("bu.svar", 52.0), ("bu.helhet", 86.0)]);
    }

    #[test]
    fn ranges_counts_duplicates_and_consistency() {
        let (r, d) = run("Hemtjänst;;;;2024;;100;55;;;\n\
             Hemtjänst;Helhet;;;2024;187;98;;;;\n\
             Hemtjänst;Bemötande;;;2024;90;120;;;;\n\
             Hemtjänst;Trygghet;;;2024;90;12,5;;;;\n\
             Hemtjänst;helhet;;;2024;87;98;;;;\n\
             SÄBO;;;;2024;;0;45;;;\n\
             SÄBO;Helhet;;;2024;80;;;;bu.antal;\n\
             SÄBO;Mat;;;2024;80;;;;bu.helhett;\n\
             SÄBO;Trygghet;;;2024;80;0;;;;\n\
             LSS;;;;2024;50;10;;;;\n");
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.location.as_deref().unwrap().to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("data.out-of-range", "b.csv:3:25".to_string()),
                ("data.bad-number", "b.csv:5:30".to_string()),
                ("data.duplicate-row", "b.csv:6".to_string()),
                ("data.survey-inconsistent", "b.csv:7:15".to_string()),
                ("data.survey-indicator", "b.csv:8:26".to_string()),
                ("data.unknown-indicator", "b.csv:9:23".to_string()),
                ("data.survey-inconsistent", "b.csv:10:22".to_string()),
                ("data.survey-row", "b.csv:11:13".to_string()),
                ("data.survey-inconsistent", "b.csv:4:31".to_string()),
            ]
        );
        assert!(
            d[5].notes
                .iter()
                .any(|n| n.contains("did you mean \"bu.helhet\""))
        );
        assert_eq!(r.responses.len(), 2, "only the clean rows are kept");
    }
}
