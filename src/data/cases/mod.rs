//! Case and event sources: avvikelser, lex Sarah, lex Maria, synpunkter och klagomål. Each
//! reads a de-identified case list (`data/<stem>.csv`, one row per case, streamed and
//! aggregated by period × unit) and/or yearly counts (`data/<stem>-antal.csv`). The formats
//! are documented in docs/data-formats/cases.md.

pub mod avvikelser;
pub mod avvikelser_records;
pub mod case_records;
pub mod common;
pub mod counts;
pub mod ivo;
pub mod kategorier;
pub mod lex_maria;
pub mod lex_sarah;
pub mod synpunkter;

use chrono::NaiveDate;

use crate::diag::Diagnostic;
use crate::formats::stream;
use crate::formats::table::{Column, Row};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::Observation;
use crate::project::ProjectDir;
use crate::project::files;

use crate::data::cells::{self, Cells, First, Report};
use common::{IdSet, Sink, Tally};

/// What one case row counts: the date that places the case in a period, and each measure
/// (index into `CaseList::measures`) with the date it counts on.
pub struct Counted {
    pub date: Option<NaiveDate>,
    pub ok: bool,
    pub counts: Vec<(NaiveDate, u16)>,
}

/// A case-list source.
pub struct CaseList {
    pub columns: &'static [Column],
    /// Column of the case id (unique) and of the date (required).
    pub id: usize,
    pub date: usize,
    /// Column of the unit (verksamhet), if any.
    pub unit: Option<usize>,
    /// Indicator ids, all reported for every period and unit (zero when no case counts).
    pub measures: &'static [&'static str],
}

/// Read a case list: ids must be unique, the date a real date; `per_row` validates the rest
/// and says what the row counts.
pub fn read_cases(
    project: &ProjectDir,
    file: &str,
    src: &CaseList,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
    mut per_row: impl FnMut(&Row, NaiveDate, &mut Sink) -> Counted,
) -> Vec<Observation> {
    let cx = Cells::new(file);
    let mut sink = Sink::new(file);
    let mut ids = IdSet::default();
    let mut tally: Option<Tally> = None;
    let info = stream::for_each_row(project, file, src.columns, diags, |row, _| {
        let tally = tally.get_or_insert_with(|| Tally::new(row.line.saturating_sub(1).max(1)));
        let cell = |i: usize| row.cells[i].as_ref();
        let mut ok = true;
        for (i, what) in [(src.id, "an id"), (src.date, "a date")] {
            if let Some(c) = cell(i)
                && !cx.filled(
                    c,
                    src.columns[i].name,
                    &format!("every case needs {what}"),
                    &mut sink,
                )
            {
                ok = false;
            }
        }
        if let Some(c) = cell(src.id).filter(|c| !c.text.is_empty())
            && let Some(first) = ids.first_line(&c.text, row.line)
        {
            ok = false;
            sink.report(cells::duplicate_row(
                cx.spot(c),
                format!("duplicate id \"{}\"", c.text),
                First::Line(first),
                Some("each case may occur once"),
            ));
        }
        let date = cx
            .date(cell(src.date), src.columns[src.date].name, &mut sink)
            .ok()
            .flatten();
        let Some(date) = date else { return };
        let counted = per_row(row, date, &mut sink);
        let unit: Vec<&str> = src.unit.and_then(|u| cells::text(cell(u))).into_iter().collect();
        if !(ok && counted.ok) {
            tally.cover(counted.date.unwrap_or(date), &unit);
            return;
        }
        tally.cover(date, &unit);
        for (d, m) in counted.counts {
            tally.add(d, &unit, &[m], row.line);
        }
    });
    sink.finish(diags);
    let (Some(_), Some(tally)) = (info, tally) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    tally.emit(|period, unit, count| {
        for (k, id) in src.measures.iter().enumerate() {
            if !catalogue.contains_key(*id) {
                continue;
            }
            let c = count(k as u16);
            out.push(common::observation(
                id,
                period,
                unit,
                Some(f64::from(c.value)),
                file,
                c.line,
            ));
        }
    });
    out
}

/// A reader of one file of a case source: the case list or its counts.
pub type Reader = fn(&ProjectDir, &str, &Catalogue, &mut Vec<Diagnostic>) -> Vec<Observation>;

/// Find `data/<stem>.*` and `data/<stem>-antal.*`; read each with its reader.
pub fn load_pair(
    inputs: &crate::data::Inputs,
    stem: &str,
    collected: &mut Collected,
    diags: &mut Vec<Diagnostic>,
    read_list: Reader,
    read_counts: Reader,
) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    for (s, is_list) in [(stem.to_string(), true), (format!("{stem}-antal"), false)] {
        let file = match files::find(project, &s, files::TABULAR) {
            Ok(Some(f)) => f,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let obs = if is_list {
            let start = diags.len();
            let obs = read_list(project, &file, catalogue, diags);
            wrong_file_note(stem, &mut diags[start..], &file);
            obs
        } else {
            read_counts(project, &file, catalogue, diags)
        };
        collected.observations.extend(obs);
        collected.files.push(file);
    }
}

/// Resolve a measure name of a counts file: the indicator id, its part after the prefix, the
/// catalogue's printed name, or one of the extra spellings.
pub fn resolve_measure(
    name: &str,
    measures: &[(&'static str, &[&str])],
    catalogue: &Catalogue,
) -> Result<counts::Resolved, Vec<String>> {
    let f = common::fold(name);
    for (id, extra) in measures {
        let suffix = id.split_once('.').map_or(*id, |(_, s)| s);
        let printed = catalogue.get(*id).map(|i| common::fold(&i.name));
        if common::fold(id) == f
            || common::fold(suffix) == f
            || printed.as_deref() == Some(f.as_str())
            || extra.iter().any(|e| common::fold(e) == f)
        {
            return Ok(counts::Resolved {
                indicator: (*id).to_string(),
                qualifier: None,
            });
        }
    }
    Err(measures
        .iter()
        .map(|(id, _)| id.split_once('.').map_or(*id, |(_, s)| s).to_string())
        .collect())
}

/// A note for counts put in the case-list file by mistake.
pub fn wrong_file_note(stem: &str, diags: &mut [Diagnostic], file: &str) {
    for d in diags.iter_mut() {
        if d.code == "data.unknown-column"
            && d.location.as_ref().is_some_and(|l| l.file == file)
            && (d.message.contains("\"antal\"") || d.message.contains("\"mått\""))
        {
            d.notes.push(format!(
                "yearly counts (period;mått;enhet;antal) belong in data/{stem}-antal.csv"
            ));
        }
    }
}
