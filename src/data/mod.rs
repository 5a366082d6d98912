//! Reading the project's data files into validated observations. Each source has its own
//! module with its file format; `SOURCES` lists them all, and `load` runs every one.

pub mod bpsd;
pub mod cases;
pub mod cells;
pub mod free_text;
pub mod goals;
pub mod hygien;
pub mod keyfigures;
pub mod kolada;
pub mod kolada_api;
pub mod measures;
pub mod palliativregistret;
pub mod personal;
pub mod rattssakerhet;
pub mod registers;
pub mod selfchecks;
pub mod senior_alert;
pub mod surveys;

use crate::config::Kommunkod;
use crate::diag::Diagnostic;
use crate::project::ProjectDir;

use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::{Observation, Sex};

/// What every source loader reads with: the project folder, the indicator catalogue, and
/// the settings of `berattelse.yaml` that data sources need (already parsed by the config
/// stage; `None` where the configuration is missing or invalid).
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub project: &'a ProjectDir,
    pub catalogue: &'a Catalogue,
    /// `organisation.kommunkod`: picks the kommun's own values out of Kolada data.
    pub kommunkod: Option<&'a Kommunkod>,
    /// `jamforelse:`: comparison municipalities and organisational units in Kolada data.
    pub jamforelse: Option<&'a crate::config::jamforelse::Jamforelse>,
    /// `goals:`: statuses of the project's own for data/mal.yaml.
    pub goals: Option<&'a crate::config::goals::GoalSettings>,
}

/// Reads one source: finds its files under `data/`, validates them and adds what it read.
pub type Loader = fn(&Inputs, &mut Collected, &mut Vec<Diagnostic>);

/// How a source is read: by its own loader, or as a "measure" file described by a spec
/// (registry and staff exports, src/data/measures.rs).
pub enum Source {
    Reader(Loader),
    Measures(&'static measures::SourceSpec),
}

/// Every data source, by name, in the order they are read.
pub const SOURCES: &[(&str, Source)] = &[
    ("nyckeltal", Source::Reader(keyfigures::load)),
    ("kolada", Source::Reader(kolada::load)),
    ("mal", Source::Reader(goals::load)),
    ("egenkontroller", Source::Reader(selfchecks::load)),
    ("brukarundersokning", Source::Reader(surveys::load)),
    ("senior-alert", Source::Measures(&senior_alert::SPEC)),
    ("palliativregistret", Source::Measures(&palliativregistret::SPEC)),
    ("bpsd", Source::Measures(&bpsd::SPEC)),
    ("hygien", Source::Measures(&hygien::SPEC)),
    ("personal", Source::Measures(&personal::SPEC)),
    ("rattssakerhet", Source::Measures(&rattssakerhet::SPEC)),
    ("avvikelser", Source::Reader(cases::avvikelser::load)),
    ("lex-sarah", Source::Reader(cases::lex_sarah::load)),
    ("lex-maria", Source::Reader(cases::lex_maria::load)),
    ("synpunkter", Source::Reader(cases::synpunkter::load)),
    ("lex-arenden", Source::Reader(cases::case_records::load)),
    ("risker-tillsyn-utforare", Source::Reader(registers::load)),
];

/// Find `data/<stem>.*` (CSV, TSV, text or xlsx) and read it as a table of `columns`. The
/// file counts as read even when its header is unusable (then `table` is `None`); `None` when
/// the project has no such file.
pub fn find_table(
    inputs: &Inputs,
    stem: &str,
    columns: &[crate::formats::table::Column],
    collected: &mut Collected,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Option<crate::formats::table::Table>)> {
    let project = inputs.project;
    let file = match crate::project::files::find(project, stem, crate::project::files::TABULAR) {
        Ok(Some(f)) => f,
        Ok(None) => return None,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let table = crate::formats::read_file(project, &file, columns, diags);
    collected.files.push(file.clone());
    Some((file, table))
}

/// Read an export of the project as bytes, refusing what no single encoding decodes
/// faithfully (UTF-16 without a byte order mark, a mix of UTF-8 and Windows-1252); `None`
/// after an error or when it is absent.
pub fn read_bytes(project: &ProjectDir, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    match project.read_optional(file) {
        Ok(Some(b)) => match crate::project::decode::export_problem(file, &b) {
            Some(d) => {
                diags.push(d);
                None
            }
            None => Some(b),
        },
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Read every source, then report values given by two files.
pub fn load(inputs: &Inputs, diags: &mut Vec<Diagnostic>) -> Collected {
    let mut collected = Collected::default();
    for (_, source) in SOURCES {
        match source {
            Source::Reader(load) => load(inputs, &mut collected, diags),
            Source::Measures(spec) => measures::load(spec, inputs, &mut collected, diags),
        }
    }
    report_conflicts(&collected.observations, diags);
    if collected.files.is_empty() {
        diags.push(
            Diagnostic::warning("data.none", "the project has no data files in data/")
                .note("tables and figures in the report will be empty; see docs/data-formats.md"),
        );
    }
    collected
}

/// The same value (indicator, period, unit, sex) given by two files, e.g. in nyckeltal.csv
/// and in senior-alert.csv: which one is right cannot be guessed.
/// What makes an observation unique: indicator, period, organisational unit and sex.
type ObservationKey<'a> = (
    &'a str,
    crate::model::period::Period,
    Option<&'a str>,
    Option<Sex>,
);

fn report_conflicts(observations: &[Observation], diags: &mut Vec<Diagnostic>) {
    use std::collections::HashMap;
    let mut seen: HashMap<ObservationKey, &Observation> = HashMap::new();
    for o in observations {
        let key = (o.indicator.as_str(), o.period, o.unit.as_deref(), o.sex);
        match seen.get(&key) {
            Some(first) if first.file != o.file => diags.push(
                Diagnostic::error(
                    "data.conflict",
                    format!(
                        "{} {} is given in both {} and {}",
                        o.indicator, o.period, first.file, o.file
                    ),
                )
                .at(crate::diag::Location::line(o.file.clone(), o.line))
                .note(format!(
                    "first given at {}:{}; keep it in one file",
                    first.file, first.line
                )),
            ),
            Some(_) => {}
            None => {
                seen.insert(key, o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_measure_spec_matches_the_catalogue() {
        let mut checked = 0;
        for (_, source) in SOURCES {
            if let Source::Measures(spec) = source {
                measures::tests::check_spec(spec);
                checked += 1;
            }
        }
        assert_eq!(checked, 6);
    }

    #[test]
    fn utf16_without_bom_is_caught_but_not_with_bom() {
        use crate::project::decode::utf16_without_bom;
        let mut le = Vec::new();
        for u in "kpi;värde".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert!(utf16_without_bom("a.csv", &le).is_some());
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&le);
        assert!(utf16_without_bom("a.csv", &with_bom).is_none());
        assert!(utf16_without_bom("a.csv", "kpi;värde".as_bytes()).is_none());
    }
}
