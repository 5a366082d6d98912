//! Brukarundersökningar (`data/brukarundersokning.csv` or `.xlsx`): Socialstyrelsen's "Vad
//! tycker de äldre om äldreomsorgen?" and SKR's LSS and IFO surveys in long form, one row per
//! survey, question, unit and period. Every row is kept; rows that name an indicator also
//! become observations (andel positiva; for the survey's own row, svarsfrekvens), and their
//! riket and län values benchmarks (the `riket` and `län` columns of the survey tables).

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::format::Unit;
use crate::model::period::Period;
use crate::model::surveys::SurveyResponse;

use crate::data::cells::{self, Cells, First, Named, Reported, Seen, unit_suffix};
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
    // Last, so that the earlier columns keep their places.
    Column {
        name: "län",
        aliases: &["lan", "lanet", "länet", "county"],
        required: false,
    },
];

/// Source loader.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    if let Some((file, Some(t))) = crate::data::find_table(inputs, STEM, COLUMNS, collected, diags) {
        let read = read_rows(&file, &t, inputs.catalogue, diags);
        collected.surveys.extend(read.responses);
        collected.observations.extend(read.observations);
        collected.benchmarks.extend(read.benchmarks);
    }
}

#[derive(Debug, Default)]
pub struct Read {
    pub responses: Vec<SurveyResponse>,
    pub observations: Vec<Observation>,
    pub benchmarks: Vec<Benchmark>,
}

/// (folded survey, folded question, folded unit, period).
type RowKey = (String, String, String, Period);
/// (folded survey, folded unit, period): the rows of one survey's answers.
type Group = (String, String, Period);

/// Validate the rows (CSV or xlsx) of the survey file.
pub fn read_rows(file: &str, t: &table::Table, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) -> Read {
    let mut reader = Reader {
        cx: Cells::new(file),
        catalogue,
        out: Read::default(),
        seen: Seen::default(),
        seen_indicator: Seen::default(),
        survey_totals: BTreeMap::new(),
        question_counts: Vec::new(),
    };
    for row in &t.rows {
        reader.row(row, diags);
    }
    reader.compare_with_totals(diags);
    reader.out
}

/// The state of reading the survey file.
struct Reader<'a> {
    cx: Cells<'a>,
    catalogue: &'a Catalogue,
    out: Read,
    seen: Seen<RowKey>,
    seen_indicator: Seen<(String, Period, String)>,
    /// Respondents of each survey's own row, and question rows to compare with them.
    survey_totals: BTreeMap<Group, u64>,
    question_counts: Vec<(Group, u64, Location)>,
}

/// The cells of a row that say how many answered.
struct Answers {
    positive_share: Option<f64>,
    respondents: Option<u64>,
    response_rate: Option<f64>,
    riket: Option<f64>,
    lan: Option<f64>,
    /// Where the respondents are (the row when the cell is absent).
    respondents_at: Location,
    ok: bool,
}

fn inconsistent(at: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("data.survey-inconsistent", message).at(at)
}

impl Reader<'_> {
    fn row(&mut self, row: &table::Row, diags: &mut Vec<Diagnostic>) {
        let cx = self.cx;
        let cell = |i: usize| row.cells[i].as_ref();
        let text = |i: usize| {
            cell(i)
                .map(|c| c.text.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let (Some(sv), Some(per), Some(pos)) = (cell(0), cell(4), cell(5)) else {
            return;
        };
        let note = "name the survey, e.g. Vad tycker de äldre om äldreomsorgen? Hemtjänst";
        let survey = cx.name(sv, "undersökning", note, diags);
        let question = text(1);
        let period = cx.period(per, None, diags);
        let answers = self.answers(row, pos, question.is_some(), diags);
        let indicator = self.indicator(cell(9), diags);
        let (area, unit, comment) = (text(2), text(3), text(10));
        let Some(period) = period else { return };
        let key = (
            fold(&survey),
            question.as_deref().map(fold).unwrap_or_default(),
            unit.as_deref().map(fold).unwrap_or_default(),
            period,
        );
        if let Some(first) = self.seen.first(key.clone(), row.line) {
            let q = question
                .as_deref()
                .map(|q| format!(", \"{q}\""))
                .unwrap_or_default();
            diags.push(cells::duplicate_row(
                cx.row(row.line),
                format!(
                    "duplicate row for {survey}{q} {period}{}",
                    unit_suffix(unit.as_deref())
                ),
                First::Line(*first),
                Some("each undersökning, fråga, enhet and period may occur once"),
            ));
            return;
        }
        let mut ok = !survey.is_empty() && answers.ok && !matches!(indicator, Some(Err(_)));
        let indicator = indicator.and_then(Result::ok);
        if let Some(id) = &indicator {
            let ikey = (id.clone(), period, key.2.clone());
            if let Some(first) = self.seen_indicator.first(ikey, row.line) {
                ok = false;
                diags.push(cells::duplicate_row(
                    cx.row(row.line),
                    format!(
                        "indicator {id} {period}{} is given twice",
                        unit_suffix(unit.as_deref())
                    ),
                    First::Line(*first),
                    None,
                ));
            }
        }
        let group = (key.0, key.2, period);
        if let Some(n) = answers.respondents {
            if question.is_none() {
                self.survey_totals.insert(group, n);
            } else {
                self.question_counts
                    .push((group, n, answers.respondents_at.clone()));
            }
        }
        if !ok {
            return;
        }
        if let Some(id) = &indicator {
            self.observe(
                id,
                period,
                unit.as_deref(),
                question.is_some(),
                &answers,
                &comment,
                row.line,
            );
        }
        self.out.responses.push(SurveyResponse {
            survey,
            question,
            area,
            unit,
            period,
            positive_share: answers.positive_share,
            respondents: answers.respondents,
            response_rate: answers.response_rate,
            riket: answers.riket,
            indicator,
            comment,
            file: cx.file.to_string(),
            line: row.line,
        });
    }

    /// Andel positiva, antal svarande, svarsfrekvens and riket, and whether they tell the
    /// same story.
    fn answers(
        &self,
        row: &table::Row,
        pos: &table::Cell,
        has_question: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Answers {
        let cx = self.cx;
        let cell = |i: usize| row.cells[i].as_ref();
        let positive_share = cells::percentage(&pos.text, cx.spot(pos), "andel_positiva", diags);
        let mut ok = positive_share.is_ok();
        let positive_share = positive_share.unwrap_or(None);
        if !has_question && positive_share.is_some() {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "data.survey-row",
                    "andel_positiva is given on a row without fråga",
                )
                .at(cx.at(pos))
                .note(
                    "a row without fråga describes the whole survey: antal_svarande and svarsfrekvens only",
                ),
            );
        }
        let respondents = cell(6).map_or(Ok(None), |c| cx.count(c, Named::column("antal_svarande"), diags));
        let mut pct = |i: usize, name: &str, diags: &mut Vec<Diagnostic>| {
            let v = cell(i).map_or(Ok(None), |c| cells::percentage(&c.text, cx.spot(c), name, diags));
            ok &= v.is_ok();
            v.unwrap_or(None)
        };
        let response_rate = pct(7, "svarsfrekvens", diags);
        let riket = pct(8, "riket", diags);
        let lan = pct(11, "län", diags);
        ok &= respondents.is_ok();
        let respondents = respondents.unwrap_or(None);
        let respondents_at = cell(6)
            .map(|c| cx.at(c))
            .unwrap_or_else(|| Location::line(cx.file, row.line));
        match (response_rate, respondents) {
            (Some(r), Some(n)) if r == 0.0 && n > 0 => {
                ok = false;
                let at = cell(7)
                    .map(|c| cx.at(c))
                    .unwrap_or_else(|| respondents_at.clone());
                diags.push(inconsistent(at, format!("svarsfrekvens is 0 but {n} answered")));
            }
            (Some(r), Some(0)) if r > 0.0 => {
                ok = false;
                diags.push(inconsistent(
                    respondents_at.clone(),
                    format!("svarsfrekvens is {r} % but antal_svarande is 0"),
                ));
            }
            _ => {}
        }
        if positive_share.is_some() && respondents == Some(0) {
            ok = false;
            diags.push(
                inconsistent(cx.at(pos), "andel_positiva is given but antal_svarande is 0")
                    .note("with no respondents there is no share: write `..`"),
            );
        }
        Answers {
            positive_share,
            respondents,
            response_rate,
            riket,
            lan,
            respondents_at,
            ok,
        }
    }

    /// The procent indicator a row feeds, if it names one.
    fn indicator(
        &self,
        c: Option<&table::Cell>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Result<String, Reported>> {
        let c = c.filter(|c| !c.text.trim().is_empty())?;
        let Some(spec) = cells::indicator(self.catalogue, c.text.trim(), self.cx.spot(c), diags) else {
            return Some(Err(Reported));
        };
        if matches!(spec.unit, Unit::Procent) {
            return Some(Ok(spec.id.clone()));
        }
        diags.push(
            Diagnostic::error(
                "data.survey-indicator",
                format!(
                    "indicator {} is not a percentage (its unit is {:?})",
                    spec.id, spec.unit
                ),
            )
            .at(self.cx.at(c))
            .note("survey rows give shares in percent; map them to a procent indicator"),
        );
        Some(Err(Reported))
    }

    /// A question row feeds its share; the survey's own row its response rate. Riket is a
    /// benchmark of the whole organisation's row.
    #[allow(clippy::too_many_arguments)]
    fn observe(
        &mut self,
        id: &str,
        period: Period,
        unit: Option<&str>,
        is_question: bool,
        answers: &Answers,
        comment: &Option<String>,
        line: usize,
    ) {
        let value = if is_question {
            answers.positive_share
        } else {
            answers.response_rate
        };
        self.out.observations.push(Observation {
            indicator: id.to_string(),
            year: period.year(),
            period,
            unit: unit.map(str::to_string),
            sex: None,
            value,
            decimals: None,
            period_note: None,
            qualifier: None,
            note: comment.clone(),
            file: self.cx.file.to_string(),
            line,
        });
        for (name, value) in [("riket", answers.riket), ("lan", answers.lan)] {
            if let (None, Some(r)) = (unit, value) {
                self.out.benchmarks.push(Benchmark {
                    indicator: id.to_string(),
                    name: name.to_string(),
                    period,
                    value: r,
                });
            }
        }
    }

    /// No question has more answers than its survey.
    fn compare_with_totals(&self, diags: &mut Vec<Diagnostic>) {
        for (group, n, at) in &self.question_counts {
            if let Some(total) = self.survey_totals.get(group)
                && n > total
            {
                diags.push(
                    inconsistent(
                        at.clone(),
                        format!("{n} answered the question but only {total} answered the survey"),
                    )
                    .note("a question cannot have more answers than the survey's antal_svarande (the row without fråga)"),
                );
            }
        }
    }
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
    fn a_lan_column_gives_a_benchmark_beside_riket() {
        let head = "undersökning;fråga;enhet;period;andel_positiva;riket;län;indikator\n";
        let rows =
            "Hemtjänst;Helhet;;2024;87;86;84;bu.helhet\nHemtjänst;Helhet;Norr;2024;91;86;84;bu.helhet\n";
        let mut d = Vec::new();
        let t = table::read("b.csv", format!("{head}{rows}").as_bytes(), COLUMNS, &mut d).unwrap();
        let r = read_rows("b.csv", &t, &catalogue(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        let b: Vec<_> = r.benchmarks.iter().map(|b| (b.name.as_str(), b.value)).collect();
        // The organisation's row only: a unit's row carries the same comparison values.
        assert_eq!(b, [("riket", 86.0), ("lan", 84.0)]);
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
        let got = crate::diag::codes_at(&d);
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
