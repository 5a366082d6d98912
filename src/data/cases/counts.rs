//! Pre-aggregated counts (`data/<source>-antal.csv`): one row per period, measure and
//! (optionally) unit, for organisations that only have totals. Shared by every case source;
//! each names its measure column and says which measures it knows and how they add up.

use std::collections::BTreeMap;

use crate::data::cells::{self, Cells, First, MISSING_HINT, Named, Report, Seen, text, unit_suffix};
use crate::diag::{Diagnostic, did_you_mean};
use crate::formats::table::{Cell, Column, Row};
use crate::model::observation::{Observation, Qualifier};
use crate::model::period::Period;
use crate::project::ProjectDir;

use super::common::{Given, PartsRule, Sink, check_parts, fold};

/// A measure name resolved for a year: the indicator id, or the names that were accepted
/// (for the did-you-mean).
pub type Resolve<'a> = dyn Fn(&str, i32) -> Result<Resolved, Vec<String>> + 'a;

pub struct Resolved {
    pub indicator: String,
    /// A qualifier that comes with the measure (e.g. an estimated category in a year when
    /// the category model was different), and its note.
    pub qualifier: Option<(Qualifier, String)>,
}

pub struct Spec<'a> {
    /// The measure column: `mått` for lex Sarah, `kategori` for avvikelser.
    pub measure: Column,
    pub resolve: &'a Resolve<'a>,
    pub rules: Vec<PartsRule>,
    /// Shown with an unknown measure: what to write instead.
    pub expected: String,
}

fn columns(measure: &Column) -> Vec<Column> {
    vec![
        Column {
            name: "period",
            aliases: &["år", "year"],
            required: true,
        },
        Column {
            name: measure.name,
            aliases: measure.aliases,
            required: true,
        },
        Column {
            name: "enhet",
            aliases: &["unit", "verksamhet", "verksamhetsområde"],
            required: false,
        },
        Column {
            name: "antal",
            aliases: &["count", "value", "värde"],
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
    ]
}

struct Group {
    value: Option<f64>,
    line: usize,
    qualifier: Option<Qualifier>,
    note: Option<String>,
}

/// (indicator or folded measure, period, unit).
type Key = (String, Period, Option<String>);

/// Read a counts file into observations. Rows naming measures that map to the same
/// indicator (two source categories harmonised into one) are added up.
pub fn read(project: &ProjectDir, file: &str, spec: &Spec, diags: &mut Vec<Diagnostic>) -> Vec<Observation> {
    let cols = columns(&spec.measure);
    let mut reader = Counts {
        cx: Cells::new(file),
        spec,
        groups: BTreeMap::new(),
        seen: Seen::default(),
        sink: Sink::new(file),
    };
    crate::formats::stream::for_each_row(project, file, &cols, diags, |row, _| reader.row(row));
    let Counts { groups, sink, .. } = reader;
    sink.finish(diags);
    let given: Given = groups
        .iter()
        .map(|(k, g)| (k.clone(), (g.value, g.line)))
        .collect();
    check_parts(file, &given, &spec.rules, diags);
    groups
        .into_iter()
        .map(|((indicator, period, unit), g)| Observation {
            indicator,
            year: period.year(),
            period,
            unit,
            sex: None,
            value: g.value,
            decimals: None,
            period_note: None,
            qualifier: g.qualifier,
            note: g.note,
            file: file.to_string(),
            line: g.line,
        })
        .collect()
}

/// The state of reading one counts file.
struct Counts<'a> {
    cx: Cells<'a>,
    spec: &'a Spec<'a>,
    groups: BTreeMap<Key, Group>,
    /// (folded measure as written, period, unit) → first line.
    seen: Seen<Key>,
    sink: Sink,
}

impl Counts<'_> {
    fn row(&mut self, row: &Row) {
        let cell = |i: usize| row.cells[i].as_ref();
        let period = cell(0).and_then(|c| self.cx.period(c, None, &mut self.sink));
        let resolved = self.measure(cell(1), period);
        let unit = text(cell(2)).map(str::to_string);
        let named = Named::column("antal").hint(MISSING_HINT);
        let value = cell(3).map(|c| self.cx.count(c, named, &mut self.sink));
        let qualifier = self.cx.qualifier(cell(4), &mut self.sink);
        let ok = !matches!(value, Some(Err(_))) && qualifier.is_ok();
        let note = text(cell(5)).map(str::to_string);
        let (Some(period), Some(resolved), Some(mc)) = (period, resolved, cell(1)) else {
            return;
        };
        let dup_key = (fold(&mc.text), period, unit.clone());
        if let Some(first) = self.seen.first(dup_key, row.line) {
            self.sink.report(cells::duplicate_row(
                self.cx.row(row.line),
                format!(
                    "duplicate row for {} {period}{}",
                    mc.text,
                    unit_suffix(unit.as_deref())
                ),
                First::Line(*first),
                Some(&format!(
                    "each {}, period and unit may occur once",
                    self.spec.measure.name
                )),
            ));
            return;
        }
        if !ok {
            return;
        }
        let value = value.and_then(Result::ok).flatten().map(|n| n as f64);
        let (qualifier, note) = match (qualifier.ok().flatten(), resolved.qualifier) {
            (Some(q), _) => (Some(q), note),
            (None, Some((q, n))) => (Some(q), note.or(Some(n))),
            (None, None) => (None, note),
        };
        let group = Group {
            value,
            line: row.line,
            qualifier,
            note,
        };
        self.add((resolved.indicator, period, unit), group);
    }

    /// The measure of a row, resolved for its period's year; an error when it is empty or
    /// unknown.
    fn measure(&mut self, c: Option<&Cell>, period: Option<Period>) -> Option<Resolved> {
        let c = c?;
        let (spec, name) = (self.spec, self.spec.measure.name);
        if !self.cx.filled(c, name, &spec.expected, &mut self.sink) {
            return None;
        }
        match (spec.resolve)(&c.text, period?.year()) {
            Ok(r) => Some(r),
            Err(candidates) => {
                let mut d =
                    Diagnostic::error("data.unknown-measure", format!("unknown {name} \"{}\"", c.text))
                        .at(self.cx.at(c))
                        .note(spec.expected.clone());
                if let Some(s) = did_you_mean(&c.text, candidates.iter().map(String::as_str)) {
                    d = d.note(format!("did you mean \"{s}\"?"));
                }
                self.sink.report(d);
                None
            }
        }
    }

    /// Add a row to its indicator's group: rows of two measures that map to one indicator
    /// add up.
    fn add(&mut self, key: Key, row: Group) {
        match self.groups.get_mut(&key) {
            Some(g) => {
                g.value = g.value.zip(row.value).map(|(a, b)| a + b);
                g.qualifier = g.qualifier.or(row.qualifier);
                g.note = g.note.take().or(row.note);
            }
            None => {
                self.groups.insert(key, row);
            }
        }
    }
}
