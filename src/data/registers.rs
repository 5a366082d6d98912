//! Registers printed row by row (issue 14): the risk register (`data/risker.*`), inspections
//! and external reviews such as IVO tillsyn (`data/tillsyn.*`), and the follow-up of private
//! providers and upphandlad verksamhet (`data/uppfoljning-utforare.*`). CSV, TSV or xlsx; the
//! formats are in docs/data-formats.md. Every cell is validated at its file:line:col; the text
//! columns that are printed follow the free-text rule (`data::free_text`).

use chrono::NaiveDate;

use crate::data::cells::{self, Cells, Reported, YES_NO};
use crate::data::free_text;
use crate::diag::Diagnostic;
use crate::formats::table::{Cell, Column, Row, Table};
use crate::model::collected::Collected;
use crate::model::records::{Inspection, ProviderFollowUp, Risk};

pub const RISKS: &str = "risker";
pub const INSPECTIONS: &str = "tillsyn";
pub const FOLLOWUPS: &str = "uppfoljning-utforare";

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

pub const RISK_COLUMNS: &[Column] = &[
    col("risk", &["riskbeskrivning", "beskrivning"], true),
    col("område", &["omrade", "verksamhet", "area"], false),
    col("sannolikhet", &["probability"], true),
    col("konsekvens", &["allvarlighetsgrad", "consequence"], true),
    col("åtgärd", &["åtgärder", "atgard", "measure"], false),
    col("ansvarig", &["responsible"], false),
    col("status", &[], false),
    col("datum", &["bedömd", "date"], true),
];

pub const INSPECTION_COLUMNS: &[Column] = &[
    col("ärende", &["arende", "diarienummer", "dnr", "case"], true),
    col("datum", &["beslutsdatum", "date"], true),
    col(
        "granskare",
        &["myndighet", "tillsynsmyndighet", "av", "by"],
        false,
    ),
    col("område", &["omrade", "verksamhet", "area"], false),
    col("beslut", &["decision"], false),
    col("kritik", &["criticism"], true),
    col("åtgärder", &["åtgärd", "atgard", "measures"], false),
];

pub const FOLLOWUP_COLUMNS: &[Column] = &[
    col("utförare", &["utforare", "leverantör", "provider"], true),
    col("form", &["driftsform", "avtalsform", "regiform"], false),
    col("datum", &["date"], true),
    col("resultat", &["result"], false),
    col("åtgärder", &["åtgärd", "atgard", "measures"], false),
];

/// A grade 1–4 written as a digit or a word (sannolikhet, konsekvens).
const PROBABILITIES: &[(u8, &[&str])] = &[
    (1, &["1", "mycket liten", "osannolik"]),
    (2, &["2", "liten", "möjlig"]),
    (3, &["3", "stor", "sannolik"]),
    (4, &["4", "mycket stor", "mycket sannolik"]),
];

const CONSEQUENCES: &[(u8, &[&str])] = &[
    (1, &["1", "försumbar", "mindre", "ringa"]),
    (2, &["2", "lindrig", "måttlig"]),
    (3, &["3", "kännbar", "betydande", "allvarlig"]),
    (4, &["4", "katastrofal", "mycket allvarlig"]),
];

pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    if let Some((file, Some(t))) = crate::data::find_table(inputs, RISKS, RISK_COLUMNS, collected, diags) {
        collected.records.risks = read_risks(&file, &t, diags);
    }
    if let Some((file, Some(t))) =
        crate::data::find_table(inputs, INSPECTIONS, INSPECTION_COLUMNS, collected, diags)
    {
        collected.records.inspections = read_inspections(&file, &t, diags);
    }
    if let Some((file, Some(t))) =
        crate::data::find_table(inputs, FOLLOWUPS, FOLLOWUP_COLUMNS, collected, diags)
    {
        collected.records.followups = read_followups(&file, &t, diags);
    }
}

/// A row's cells by column index, and what reading them needs.
struct Reading<'a> {
    cx: Cells<'a>,
    row: &'a Row,
    columns: &'static [Column],
    ok: bool,
}

impl<'a> Reading<'a> {
    fn new(file: &'a str, row: &'a Row, columns: &'static [Column]) -> Self {
        Reading {
            cx: Cells::new(file),
            row,
            columns,
            ok: true,
        }
    }

    fn cell(&self, i: usize) -> Option<&'a Cell> {
        self.row.cells[i].as_ref()
    }

    /// A required name-like cell: its trimmed text, or an error when empty.
    fn required(&mut self, i: usize, note: &str, diags: &mut Vec<Diagnostic>) -> String {
        let Some(c) = self.cell(i) else {
            self.ok = false;
            return String::new();
        };
        let name = self.cx.name(c, self.columns[i].name, note, diags);
        self.ok &= !name.is_empty();
        name
    }

    /// A required date.
    fn date(&mut self, i: usize, diags: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
        let c = self.cell(i);
        let name = self.columns[i].name;
        match c {
            Some(c) if c.text.trim().is_empty() => {
                diags.push(
                    cells::missing_value(self.cx.spot(c), format!("column {name} is empty"))
                        .note(cells::DATE_EXPECTED),
                );
                self.ok = false;
                None
            }
            _ => match self.cx.date(c, name, diags) {
                Ok(d) => {
                    self.ok &= d.is_some();
                    d
                }
                Err(Reported) => {
                    self.ok = false;
                    None
                }
            },
        }
    }

    /// A value from a closed list, required or not.
    fn choice<T: Copy>(
        &mut self,
        i: usize,
        options: &[(T, &[&str])],
        required: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let name = self.columns[i].name;
        if required
            && let Some(c) = self.cell(i)
            && !self.cx.filled(c, name, &expected(options), diags)
        {
            self.ok = false;
            return None;
        }
        match self.cx.choice(self.cell(i), name, options, diags) {
            Ok(v) => v,
            Err(Reported) => {
                // Grades may also be written in words: say which.
                let words: Vec<&str> = options.iter().filter_map(|(_, s)| s.get(1).copied()).collect();
                let graded = options
                    .iter()
                    .all(|(_, s)| s[0].bytes().all(|b| b.is_ascii_digit()));
                if graded
                    && words.len() == options.len()
                    && let Some(d) = diags.last_mut()
                {
                    d.notes.push(format!("or in words: {}", words.join(", ")));
                }
                self.ok = false;
                None
            }
        }
    }

    /// Printed free text (the free-text rule applies).
    fn text(&self, i: usize, diags: &mut Vec<Diagnostic>) -> Option<String> {
        free_text::printable(&self.cx, self.cell(i), self.columns[i].name, diags)
    }
}

fn expected<T>(options: &[(T, &[&str])]) -> String {
    let first: Vec<&str> = options.iter().map(|(_, s)| s[0]).collect();
    format!("expected one of: {}", first.join(", "))
}

pub fn read_risks(file: &str, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Risk> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = Reading::new(file, row, RISK_COLUMNS);
        let risk = r.required(0, "describe the risk, e.g. Fall vid förflyttning", diags);
        let risk = match free_text::problem(&risk) {
            None => risk,
            Some(_) => r.text(0, diags).unwrap_or_default(),
        };
        let probability = r.choice(2, PROBABILITIES, true, diags);
        let consequence = r.choice(3, CONSEQUENCES, true, diags);
        let date = r.date(7, diags);
        let (area, measure, responsible, status) = (
            r.text(1, diags),
            r.text(4, diags),
            r.text(5, diags),
            r.text(6, diags),
        );
        let (true, Some(probability), Some(consequence), Some(date)) = (r.ok, probability, consequence, date)
        else {
            continue;
        };
        out.push(Risk {
            number: out.len() + 1,
            risk,
            area,
            probability,
            consequence,
            measure,
            responsible,
            status,
            date,
        });
    }
    out
}

pub fn read_inspections(file: &str, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Inspection> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = Reading::new(file, row, INSPECTION_COLUMNS);
        let case = r.required(0, "write the ärende's diarienummer or name", diags);
        let date = r.date(1, diags);
        let criticism = r.choice(5, YES_NO, true, diags);
        let (by, area, decision, measures) = (
            r.text(2, diags),
            r.text(3, diags),
            r.text(4, diags),
            r.text(6, diags),
        );
        let (true, Some(date), Some(criticism)) = (r.ok, date, criticism) else {
            continue;
        };
        out.push(Inspection {
            case,
            date,
            by: by.unwrap_or_else(|| "IVO".to_string()),
            area,
            decision,
            criticism,
            measures,
        });
    }
    out
}

pub fn read_followups(file: &str, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<ProviderFollowUp> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = Reading::new(file, row, FOLLOWUP_COLUMNS);
        let provider = r.required(0, "name the utförare", diags);
        let date = r.date(2, diags);
        let (form, result, measures) = (r.text(1, diags), r.text(3, diags), r.text(4, diags));
        let (true, Some(date)) = (r.ok, date) else {
            continue;
        };
        out.push(ProviderFollowUp {
            provider,
            form,
            date,
            result,
            measures,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[Column], text: &str, diags: &mut Vec<Diagnostic>) -> Table {
        crate::formats::table::read("data/x.csv", text.as_bytes(), columns, diags).unwrap()
    }

    #[test]
    fn risks_are_numbered_in_file_order_and_words_are_grades() {
        let mut d = Vec::new();
        let t = table(
            RISK_COLUMNS,
            "risk;område;sannolikhet;konsekvens;åtgärd;ansvarig;status;datum\n\
             Fall;Säbo;3;4;Fallrond;MAS;Pågår;2024-03-01\n\
             Läkemedel;Hemtjänst;liten;katastrofal;;;;2024-04-01\n",
            &mut d,
        );
        let risks = read_risks("data/x.csv", &t, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(risks.len(), 2);
        assert_eq!((risks[0].number, risks[0].score()), (1, 12));
        assert_eq!((risks[1].probability, risks[1].consequence), (2, 4));
    }

    #[test]
    fn a_bad_grade_and_a_missing_date_are_errors_at_their_cells() {
        let mut d = Vec::new();
        let t = table(
            RISK_COLUMNS,
            "risk;sannolikhet;konsekvens;datum\nFall;5;2;2024-01-01\nTrycksår;2;2;\n",
            &mut d,
        );
        let risks = read_risks("data/x.csv", &t, &mut d);
        assert!(risks.is_empty());
        let at: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.code, d.location.as_ref().unwrap()))
            .collect();
        assert_eq!(
            at,
            vec![
                "data.bad-value data/x.csv:2:6",
                "data.missing-value data/x.csv:3:14"
            ]
        );
    }

    #[test]
    fn inspections_need_kritik_ja_or_nej() {
        let mut d = Vec::new();
        let t = table(
            INSPECTION_COLUMNS,
            "ärende;datum;granskare;område;beslut;kritik;åtgärder\n\
             IVO 3.5.1-1;2024-05-02;;Hemtjänst;Avslutat;nej;\n\
             Rev 2024;2024-06-01;Revisorerna;Säbo;Brister;kanske;Plan\n",
            &mut d,
        );
        let rows = read_inspections("data/x.csv", &t, &mut d);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].by, "IVO");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "data.bad-value");
    }
}
