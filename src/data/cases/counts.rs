//! Pre-aggregated counts (`data/<source>-antal.csv`): one row per period, measure and
//! (optionally) unit, for organisations that only have totals. Shared by every case source;
//! each names its measure column and says which measures it knows and how they add up.

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, did_you_mean};
use crate::formats::table::Column;
use crate::model::observation::{Observation, Qualifier, YEAR_RANGE};
use crate::model::period::Period;
use crate::number::parse_integer_count;
use crate::project::ProjectDir;

use super::common::{Given, PartsRule, Sink, at, check_parts, fold, text};

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

/// Read a counts file into observations. Rows naming measures that map to the same
/// indicator (two source categories harmonised into one) are added up.
pub fn read(project: &ProjectDir, file: &str, spec: &Spec, diags: &mut Vec<Diagnostic>) -> Vec<Observation> {
    let cols = columns(&spec.measure);
    let mut groups: BTreeMap<(String, Period, Option<String>), Group> = BTreeMap::new();
    let mut seen: HashMap<(String, Period, Option<String>), usize> = HashMap::new();
    let mut sink = Sink::new(file);
    let measure_name = spec.measure.name;
    crate::formats::stream::for_each_row(project, file, &cols, diags, |row, _| {
        let cell = |i: usize| row.cells[i].as_ref();
        let mut ok = true;
        let period = match cell(0) {
            Some(c) => match Period::parse(&c.text) {
                Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
                _ => {
                    sink.push(
                        Diagnostic::error("data.bad-period", format!("invalid period \"{}\"", c.text))
                            .at(at(file, c))
                            .note(format!("expected {}", Period::EXPECTED)),
                    );
                    None
                }
            },
            None => None,
        };
        let measure_cell = cell(1);
        let resolved = match (measure_cell, period) {
            (Some(c), Some(p)) if !c.text.is_empty() => match (spec.resolve)(&c.text, p.year()) {
                Ok(r) => Some(r),
                Err(candidates) => {
                    let mut d = Diagnostic::error(
                        "data.unknown-measure",
                        format!("unknown {measure_name} \"{}\"", c.text),
                    )
                    .at(at(file, c))
                    .note(spec.expected.clone());
                    if let Some(s) = did_you_mean(&c.text, candidates.iter().map(String::as_str)) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    sink.push(d);
                    None
                }
            },
            (Some(c), _) if c.text.is_empty() => {
                sink.push(
                    Diagnostic::error("data.missing-value", format!("column {measure_name} is empty"))
                        .at(at(file, c))
                        .note(spec.expected.clone()),
                );
                None
            }
            _ => None,
        };
        let unit = text(cell(2)).map(str::to_string);
        let value = match cell(3) {
            Some(c) => match parse_integer_count(&c.text) {
                Ok(v) => v.map(|n| n as f64),
                Err(e) => {
                    ok = false;
                    sink.push(
                        Diagnostic::error(
                            "data.bad-number",
                            format!("invalid count \"{}\" in column antal", c.text),
                        )
                        .at(at(file, c))
                        .note(e.to_string())
                        .note("missing values are written `..`, `-` or left empty"),
                    );
                    None
                }
            },
            None => None,
        };
        let qualifier = match cell(4).map(|c| (c, Qualifier::parse(&c.text))) {
            None => None,
            Some((_, Ok(q))) => q,
            Some((c, Err(_))) => {
                ok = false;
                sink.push(
                    Diagnostic::error("data.bad-qualifier", format!("invalid qualifier \"{}\"", c.text))
                        .at(at(file, c))
                        .note(crate::model::observation::QUALIFIER_EXPECTED),
                );
                None
            }
        };
        let note = text(cell(5)).map(str::to_string);
        let (Some(period), Some(resolved), Some(mc)) = (period, resolved, measure_cell) else {
            return;
        };
        let dup_key = (fold(&mc.text), period, unit.clone());
        if let Some(first) = seen.get(&dup_key) {
            sink.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!(
                        "duplicate row for {} {period}{}",
                        mc.text,
                        unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                    ),
                )
                .at(crate::diag::Location::line(file, row.line))
                .note(format!(
                    "first given on line {first}; each {measure_name}, period and unit may occur once"
                )),
            );
            return;
        }
        seen.insert(dup_key, row.line);
        if !ok {
            return;
        }
        let (qualifier, note) = match (qualifier, resolved.qualifier) {
            (Some(q), _) => (Some(q), note),
            (None, Some((q, n))) => (Some(q), note.or(Some(n))),
            (None, None) => (None, note),
        };
        let key = (resolved.indicator, period, unit);
        match groups.get_mut(&key) {
            Some(g) => {
                g.value = g.value.zip(value).map(|(a, b)| a + b);
                g.qualifier = g.qualifier.or(qualifier);
                g.note = g.note.take().or(note);
            }
            None => {
                groups.insert(
                    key,
                    Group {
                        value,
                        line: row.line,
                        qualifier,
                        note,
                    },
                );
            }
        }
    });
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
            qualifier: g.qualifier,
            note: g.note,
            file: file.to_string(),
            line: g.line,
        })
        .collect()
}
