//! "Measure" sources: registry and system exports in tidy long form, one row per measure,
//! period, unit (and sex), each measure from a closed vocabulary that maps to a catalogue
//! indicator. Senior alert, Svenska palliativregistret, BPSD-registret, PPM-BHK, personal and
//! rättssäkerhet are all specs (`SourceSpec`) read by the same code.
//!
//! # File format
//!
//! Columns (names matched without case or diacritics; English aliases accepted):
//!
//! | column | required | content |
//! |---|---|---|
//! | `år` (`period`, `year`) | yes | `2024`, or a period such as `2024-H1` (see `period`) |
//! | `enhet` (`unit`) | no | organisational unit; empty = the whole nämnd |
//! | `kön` (`sex`) | no | `T`, `K`, `M` or empty (= T) |
//! | `mått` (`measure`) | yes | a measure name from the source's vocabulary |
//! | dimension columns | per source | e.g. `riskområde`, `steg`, `instans`, `utfall` |
//! | `värde` (`value`) | yes | the value; `..`, `-` or empty = missing, never zero |
//! | `riket` (`national`) | no | national comparison value |
//! | `län` (`region`, `county`) | no | county comparison value |
//! | `kvalifikator` | no | `ca`, `preliminär`, `uppskattad` |
//! | `not` (`note`) | no | note printed with the value |
//!
//! # Validation
//!
//! Every cell is checked and every problem reported with file, line and column: counts must be
//! whole and not negative, shares within 0–100, other values not negative; unknown measures and
//! dimension values get a did-you-mean; a row for the same indicator, period, unit and sex twice
//! is an error, as is a benchmark given twice with different values. After reading, the source's
//! consistency rules are checked for each period, unit and sex: a part must not exceed its whole,
//! parts must add up to their total, a share must agree with its part and whole within rounding.
//! Two rules hold for every source: per-unit counts must not add up to more than the whole
//! nämnd's, and by sex, a count for T must be K + M and a share for T must lie between K and M.

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::period::Period;
use crate::number::{Cell as NumCell, parse_cell, parse_integer_count};

use crate::format::fold;
use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Benchmark;
use crate::model::observation::{Observation, Qualifier, Sex, YEAR_RANGE};

/// How a measure's values are read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number of at least 0 (persons, events, assessments).
    Count,
    /// A percentage, 0–100.
    Share,
    /// Any other non-negative number (a mean score, days).
    Number,
}

/// An extra column that qualifies a measure, such as `riskområde` or `steg`.
pub struct Dimension {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub values: &'static [Term],
}

/// A word of a closed vocabulary with the other spellings accepted for it.
pub struct Term {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

pub struct Measure {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    /// The indicator for each combination of dimension values, given in the order of
    /// `SourceSpec::dimensions` by their canonical names; `""` is an empty cell.
    pub ids: &'static [(&'static [&'static str], &'static str)],
}

/// A consistency rule between indicators of the same period, unit and sex.
pub enum Rule {
    /// `part` must not exceed `whole` (within rounding for shares).
    AtMost { part: &'static str, whole: &'static str },
    /// When all parts are given they add up to `total`; when some are, they do not exceed it.
    Sum {
        parts: &'static [&'static str],
        total: &'static str,
    },
    /// `share` = 100 × `part` / `whole`, within the rounding of `share`.
    Ratio {
        share: &'static str,
        part: &'static str,
        whole: &'static str,
    },
}

pub struct SourceSpec {
    /// Name used in messages and documentation, e.g. "Senior alert".
    pub title: &'static str,
    /// File stems looked for in `data/`; the first is the documented one.
    pub stems: &'static [&'static str],
    /// The id prefix of the source's own indicators (`senior_alert`).
    pub prefix: &'static str,
    pub dimensions: &'static [Dimension],
    pub measures: &'static [Measure],
    pub rules: &'static [Rule],
}

const PERIOD: usize = 0;
const UNIT: usize = 1;
const SEX: usize = 2;
const MEASURE: usize = 3;
const VALUE: usize = 4;
const RIKET: usize = 5;
const LAN: usize = 6;
const QUALIFIER: usize = 7;
const NOTE: usize = 8;
const FIRST_DIMENSION: usize = 9;

const FIXED_COLUMNS: [Column; 9] = [
    Column {
        name: "år",
        aliases: &["period", "year", "ar"],
        required: true,
    },
    Column {
        name: "enhet",
        aliases: &["unit", "organisatorisk_enhet", "verksamhet"],
        required: false,
    },
    Column {
        name: "kön",
        aliases: &["sex", "gender"],
        required: false,
    },
    Column {
        name: "mått",
        aliases: &["measure", "matt", "variabel", "nyckeltal"],
        required: true,
    },
    Column {
        name: "värde",
        aliases: &["value", "antal_eller_andel", "utfall_varde"],
        required: true,
    },
    Column {
        name: "riket",
        aliases: &["national", "sverige", "riksvarde"],
        required: false,
    },
    Column {
        name: "län",
        aliases: &["region", "county", "lanet"],
        required: false,
    },
    Column {
        name: "kvalifikator",
        aliases: &["qualifier"],
        required: false,
    },
    Column {
        name: "not",
        aliases: &["note", "kommentar", "anmärkning"],
        required: false,
    },
];

impl SourceSpec {
    /// The columns of the source's files: the fixed ones, then one per dimension.
    pub fn columns(&self) -> Vec<Column> {
        let fixed = FIXED_COLUMNS.iter().map(|c| Column {
            name: c.name,
            aliases: c.aliases,
            required: c.required,
        });
        let dims = self.dimensions.iter().map(|d| Column {
            name: d.name,
            aliases: d.aliases,
            required: false,
        });
        fixed.chain(dims).collect()
    }

    /// Every indicator id the source can produce, with the measure and dimension values.
    pub fn indicators(&self) -> impl Iterator<Item = (&Measure, &'static [&'static str], &'static str)> {
        self.measures
            .iter()
            .flat_map(|m| m.ids.iter().map(move |(dims, id)| (m, *dims, *id)))
    }

    /// "personer, riskområde trycksår": how a measure with its dimension values is named.
    fn label(&self, measure: &Measure, dims: &[&str]) -> String {
        let mut out = measure.name.to_string();
        for (d, v) in self.dimensions.iter().zip(dims) {
            if !v.is_empty() {
                out.push_str(&format!(", {} {v}", d.name));
            }
        }
        out
    }

    fn label_of(&self, id: &str) -> String {
        self.indicators()
            .find(|(_, _, i)| *i == id)
            .map_or_else(|| id.to_string(), |(m, dims, _)| self.label(m, dims))
    }

    fn kind_of(&self, id: &str) -> Kind {
        self.indicators()
            .find(|(_, _, i)| *i == id)
            .map_or(Kind::Number, |(m, _, _)| m.kind)
    }
}

/// What one file of a measure source gives.
#[derive(Debug, Default)]
pub struct Read {
    pub observations: Vec<Observation>,
    pub benchmarks: Vec<Benchmark>,
}

/// Source loader for a spec: finds `data/<stem>.csv` (or `.tsv`, `.txt`, `.xlsx`) and reads it.
pub fn load(
    spec: &SourceSpec,
    inputs: &super::Inputs,
    collected: &mut super::Collected,
    diags: &mut Vec<Diagnostic>,
) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let mut found = Vec::new();
    for stem in spec.stems {
        match crate::project::files::find(project, stem, crate::project::files::TABULAR) {
            Ok(Some(f)) => found.push(f),
            Ok(None) => {}
            Err(d) => return diags.push(d),
        }
    }
    let file = match found.as_slice() {
        [] => return,
        [one] => one.clone(),
        [first, ..] => {
            return diags.push(
                Diagnostic::error(
                    "data.ambiguous-source",
                    format!("more than one file for {}: {}", spec.title, found.join(", ")),
                )
                .at(Location::file(first.clone()))
                .note("keep one of them"),
            );
        }
    };
    let columns = spec.columns();
    if let Some(t) = table::read_file(project, &file, &columns, diags) {
        let read = read_rows(spec, &file, &t, catalogue, diags);
        collected.observations.extend(read.observations);
        collected.benchmarks.extend(read.benchmarks);
    }
    collected.files.push(file);
}

/// Read a measure file from the bytes of a delimited file (for tests and tools).
pub fn read(
    spec: &SourceSpec,
    file: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Read {
    let columns = spec.columns();
    match table::read(file, bytes, &columns, diags) {
        Some(t) => read_rows(spec, file, &t, catalogue, diags),
        None => Read::default(),
    }
}

/// A value kept for the consistency rules.
struct Checked<'a> {
    value: f64,
    text: &'a str,
    line: usize,
    column: usize,
}

/// Period, unit and sex (T is kept as `None`).
type Group = (Period, Option<String>, Option<Sex>);

/// Validate rows (from CSV or xlsx) and turn them into observations and benchmarks.
pub fn read_rows(
    spec: &SourceSpec,
    file: &str,
    t: &table::Table,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Read {
    let mut out = Read::default();
    let vocabulary = Vocabulary::new(spec);
    // (indicator, period, unit, sex) → the line that first gave it.
    let mut seen: BTreeMap<(&str, Group), usize> = BTreeMap::new();
    let mut bench_seen: HashMap<(&str, Period, &str), (f64, usize)> = HashMap::new();
    let mut groups: BTreeMap<Group, BTreeMap<&str, Checked>> = BTreeMap::new();
    let at = |c: &table::Cell| locate(file, c);
    for row in &t.rows {
        let cell = |i: usize| row.cells.get(i).and_then(Option::as_ref);
        let mut ok = true;

        let Some(per) = cell(PERIOD) else { continue };
        let period = match Period::parse(&per.text) {
            Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
            _ => {
                diags.push(
                    with_cell(
                        Diagnostic::error(
                            "data.bad-period",
                            format!("invalid period \"{}\" in column år", per.text),
                        ),
                        file,
                        per,
                        at(per),
                    )
                    .note(format!("expected {}", Period::EXPECTED)),
                );
                None
            }
        };
        let unit = cell(UNIT).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        let mut sex_ok = true;
        let sex = match cell(SEX) {
            None => None,
            Some(c) => match Sex::parse(&c.text) {
                Ok(s) => s,
                Err(_) => {
                    sex_ok = false;
                    diags.push(
                        with_cell(
                            Diagnostic::error(
                                "data.bad-sex",
                                format!("invalid value \"{}\" in column kön", c.text),
                            ),
                            file,
                            c,
                            at(c),
                        )
                        .note("expected T (totalt), K (kvinnor), M (män) or empty"),
                    );
                    None
                }
            },
        };

        let Some(mcell) = cell(MEASURE) else { continue };
        let Some(measure) = vocabulary.measure(&mcell.text) else {
            let text = if mcell.text.is_empty() {
                "an empty measure".to_string()
            } else {
                format!("unknown measure \"{}\"", mcell.text)
            };
            let mut d = with_cell(
                Diagnostic::error("data.unknown-measure", format!("{text} in column mått")),
                file,
                mcell,
                at(mcell),
            )
            .note(format!(
                "{} measures: {}",
                spec.title,
                spec.measures
                    .iter()
                    .map(|m| m.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let names = spec
                .measures
                .iter()
                .flat_map(|m| std::iter::once(m.name).chain(m.aliases.iter().copied()));
            if let Some((m, dims, _)) = spec.indicators().find(|(_, _, id)| *id == mcell.text.trim()) {
                d = d.note(format!(
                    "\"{}\" is an indicator id; in this file write the measure: {}",
                    mcell.text.trim(),
                    spec.label(m, dims)
                ));
            } else if mcell.text.trim().starts_with(&format!("{}.", spec.prefix)) {
                d = d.note(format!(
                    "indicator ids ({}.…) belong in nyckeltal.csv; here write a measure name",
                    spec.prefix
                ));
            } else if let Some(s) = did_you_mean(&mcell.text, names) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
            continue;
        };

        // Dimension values, by canonical name ("" = empty).
        let mut dims: Vec<&'static str> = Vec::with_capacity(spec.dimensions.len());
        let mut dims_ok = true;
        for (k, dim) in spec.dimensions.iter().enumerate() {
            let Some(c) = cell(FIRST_DIMENSION + k) else {
                dims.push("");
                continue;
            };
            if c.text.is_empty() {
                dims.push("");
                continue;
            }
            match vocabulary.value(k, &c.text) {
                Some(v) => dims.push(v),
                None => {
                    dims_ok = false;
                    dims.push("");
                    let mut d = with_cell(
                        Diagnostic::error(
                            "data.unknown-dimension",
                            format!("unknown {} \"{}\"", dim.name, c.text),
                        ),
                        file,
                        c,
                        at(c),
                    )
                    .note(format!(
                        "expected one of: {}, or empty",
                        dim.values.iter().map(|v| v.name).collect::<Vec<_>>().join(", ")
                    ));
                    let names = dim
                        .values
                        .iter()
                        .flat_map(|v| std::iter::once(v.name).chain(v.aliases.iter().copied()));
                    if let Some(s) = did_you_mean(&c.text, names) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                }
            }
        }
        if !dims_ok {
            continue;
        }
        let Some(id) = measure
            .ids
            .iter()
            .find(|(want, _)| want.iter().copied().eq(dims.iter().copied()))
            .map(|(_, id)| *id)
        else {
            diags.push(with_cell(
                Diagnostic::error(
                    "data.bad-dimension",
                    format!(
                        "no indicator for {}",
                        spec.label(measure, &dims)
                            + if dims.iter().all(|d| d.is_empty()) {
                                " without further breakdown"
                            } else {
                                ""
                            }
                    ),
                )
                .note(format!(
                    "\"{}\" is given as: {}",
                    measure.name,
                    measure
                        .ids
                        .iter()
                        .map(|(d, _)| spec.label(measure, d))
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                file,
                mcell,
                at(mcell),
            ));
            continue;
        };
        if !catalogue.contains_key(id) {
            diags.push(
                Diagnostic::error(
                    "data.unknown-indicator",
                    format!(
                        "{} maps to indicator {id}, which is not in the catalogue",
                        spec.label(measure, &dims)
                    ),
                )
                .at(at(mcell)),
            );
            continue;
        }

        let Some(val) = cell(VALUE) else { continue };
        let value = match parse_value(&val.text, measure.kind) {
            Ok(v) => v,
            Err(problem) => {
                ok = false;
                diags.push(
                    with_cell(
                        Diagnostic::error(
                            problem.code,
                            format!(
                                "{} \"{}\" for {} in column värde",
                                problem.what,
                                val.text,
                                spec.label(measure, &dims)
                            ),
                        ),
                        file,
                        val,
                        at(val),
                    )
                    .note(problem.expected)
                    .note("missing values are written `..`, `-` or left empty"),
                );
                None
            }
        };

        let mut benches = Vec::new();
        for (col, name, label) in [(RIKET, "riket", "riket"), (LAN, "lan", "län")] {
            let Some(c) = cell(col) else { continue };
            match parse_value(&c.text, benchmark_kind(measure.kind)) {
                Ok(Some(v)) => benches.push((name, v, c)),
                Ok(None) => {}
                Err(problem) => {
                    ok = false;
                    diags.push(
                        with_cell(
                            Diagnostic::error(
                                problem.code,
                                format!(
                                    "{} \"{}\" for {} in column {label}",
                                    problem.what,
                                    c.text,
                                    spec.label(measure, &dims)
                                ),
                            ),
                            file,
                            c,
                            at(c),
                        )
                        .note(problem.expected),
                    );
                }
            }
        }

        let qualifier = match cell(QUALIFIER) {
            None => None,
            Some(c) => match Qualifier::parse(&c.text) {
                Ok(q) => q,
                Err(_) => {
                    ok = false;
                    diags.push(
                        with_cell(
                            Diagnostic::error(
                                "data.bad-qualifier",
                                format!("invalid qualifier \"{}\"", c.text),
                            ),
                            file,
                            c,
                            at(c),
                        )
                        .note("expected ca, preliminär, uppskattad or empty"),
                    );
                    None
                }
            },
        };
        let note = cell(NOTE).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        // Without a valid period or sex the row has no key to compare with others.
        let Some(period) = period else { continue };
        if !sex_ok {
            continue;
        }

        let key_sex = sex.filter(|s| *s != Sex::T);
        let key = (id, (period, unit.clone(), key_sex));
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!(
                        "duplicate row for {} {period}{}{}",
                        spec.label(measure, &dims),
                        unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default(),
                        key_sex.map(|s| format!(", kön {s:?}")).unwrap_or_default()
                    ),
                )
                .at(Location::line(file, row.line))
                .note(format!(
                    "first given on line {first}; each measure, period, unit and sex may occur once"
                )),
            );
            continue;
        }
        seen.insert(key, row.line);

        for (name, v, c) in benches {
            match bench_seen.get(&(id, period, name)) {
                Some((before, line)) if (before - v).abs() > 1e-9 => {
                    ok = false;
                    diags.push(with_cell(
                        Diagnostic::error(
                            "data.benchmark-conflict",
                            format!(
                                "{} for {} {period} is \"{}\" here but differs on line {line}",
                                if name == "lan" { "län" } else { name },
                                spec.label(measure, &dims),
                                c.text
                            ),
                        ),
                        file,
                        c,
                        at(c),
                    )
                    .note("a comparison value is the same for every unit and sex; give it once or give the same value"));
                }
                Some(_) => {}
                None => {
                    bench_seen.insert((id, period, name), (v, row.line));
                    out.benchmarks.push(Benchmark {
                        indicator: id.to_string(),
                        name: name.to_string(),
                        period,
                        value: v,
                    });
                }
            }
        }

        if ok {
            if let Some(v) = value {
                groups.entry((period, unit.clone(), key_sex)).or_default().insert(
                    id,
                    Checked {
                        value: v,
                        text: &val.text,
                        line: val.line,
                        column: val.column,
                    },
                );
            }
            out.observations.push(Observation {
                indicator: id.to_string(),
                year: period.year(),
                period,
                unit,
                sex,
                value,
                qualifier,
                note,
                file: file.to_string(),
                line: row.line,
            });
        }
    }
    check_rules(spec, file, &groups, diags);
    out
}

/// Where a cell is, and for workbooks a note naming the cell (`C5`).
fn locate(file: &str, c: &table::Cell) -> Location {
    Location::at(file, c.line, c.column)
}

fn with_cell(d: Diagnostic, file: &str, c: &table::Cell, loc: Location) -> Diagnostic {
    let d = d.at(loc);
    if crate::formats::xlsx::is_xlsx(file) {
        d.note(format!(
            "cell {}",
            crate::formats::xlsx::cell_name(c.line, c.column)
        ))
    } else {
        d
    }
}

/// A spec's vocabulary folded once (`fold_term`), so a row costs one fold per cell.
struct Vocabulary<'a> {
    measures: HashMap<String, &'a Measure>,
    /// Per dimension: folded spelling → canonical value.
    dimensions: Vec<HashMap<String, &'static str>>,
}

impl<'a> Vocabulary<'a> {
    fn new(spec: &'a SourceSpec) -> Self {
        let measures = spec
            .measures
            .iter()
            .flat_map(|m| {
                std::iter::once(m.name)
                    .chain(m.aliases.iter().copied())
                    .map(move |n| (fold_term(n), m))
            })
            .collect();
        let dimensions = spec
            .dimensions
            .iter()
            .map(|d| {
                d.values
                    .iter()
                    .flat_map(|t| {
                        std::iter::once(t.name)
                            .chain(t.aliases.iter().copied())
                            .map(move |n| (fold_term(n), t.name))
                    })
                    .collect()
            })
            .collect();
        Vocabulary { measures, dimensions }
    }

    fn measure(&self, text: &str) -> Option<&'a Measure> {
        self.measures.get(&fold_term(text)).copied()
    }

    fn value(&self, dimension: usize, text: &str) -> Option<&'static str> {
        self.dimensions.get(dimension)?.get(&fold_term(text)).copied()
    }
}

/// Like header folding, with runs of separators collapsed: "Andel med  åtgärdsplan" =
/// "andel_med_atgardsplan".
fn fold_term(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        let c = if matches!(c, '_' | '.' | ',' | '/') {
            '_'
        } else {
            c
        };
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

struct Problem {
    code: &'static str,
    what: &'static str,
    expected: String,
}

/// Comparison values of counts (say, riket's number of deaths) can be large and are still
/// counts, but a national *mean* of a count may have decimals: read them as numbers.
fn benchmark_kind(kind: Kind) -> Kind {
    match kind {
        Kind::Count => Kind::Number,
        k => k,
    }
}

fn parse_value(text: &str, kind: Kind) -> Result<Option<f64>, Problem> {
    let bad = |e: crate::number::NumberError| Problem {
        code: "data.bad-number",
        what: "invalid number",
        expected: e.to_string(),
    };
    match kind {
        Kind::Count => match parse_integer_count(text) {
            Ok(v) => Ok(v.map(|v| v as f64)),
            Err(e) => Err(Problem {
                code: "data.bad-number",
                what: "invalid count",
                expected: e.to_string(),
            }),
        },
        Kind::Share => match parse_cell(text).map_err(bad)? {
            NumCell::Missing => Ok(None),
            NumCell::Value(v) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
            NumCell::Value(_) => Err(Problem {
                code: "data.out-of-range",
                what: "share",
                expected: "expected a percentage from 0 to 100 (write 85 or 85 %, not 0,85)".to_string(),
            }),
        },
        Kind::Number => match parse_cell(text).map_err(bad)? {
            NumCell::Missing => Ok(None),
            NumCell::Value(v) if v >= 0.0 => Ok(Some(v)),
            NumCell::Value(_) => Err(Problem {
                code: "data.out-of-range",
                what: "negative value",
                expected: "expected a number of at least 0".to_string(),
            }),
        },
    }
}

/// Half the last decimal place shown: a value written `92` may be 91,5–92,5.
fn rounding(v: &Checked) -> f64 {
    let text = v.text.trim().trim_end_matches('%').trim();
    let decimals = text
        .rfind([',', '.'])
        .map_or(0, |i| text[i + 1..].chars().filter(char::is_ascii_digit).count());
    // Integers in grouped form ("1 234") have no decimals; "1.234" as a count is rejected
    // before this point, so a separator followed by digits is a decimal separator here.
    0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
}

fn tolerance(kind: Kind, values: &[&Checked]) -> f64 {
    match kind {
        Kind::Count => 1e-9,
        _ => values.iter().map(|v| rounding(v)).sum(),
    }
}

fn group_label(g: &Group) -> String {
    let mut s = g.0.to_string();
    if let Some(u) = &g.1 {
        s.push_str(&format!(", {u}"));
    }
    if let Some(sex) = g.2 {
        s.push_str(&format!(", kön {sex:?}"));
    }
    s
}

fn rule_error(file: &str, at: &Checked, message: String) -> Diagnostic {
    let d = Diagnostic::error("data.inconsistent", message).at(Location::at(file, at.line, at.column));
    if crate::formats::xlsx::is_xlsx(file) {
        d.note(format!(
            "cell {}",
            crate::formats::xlsx::cell_name(at.line, at.column)
        ))
    } else {
        d
    }
}

fn check_rules(
    spec: &SourceSpec,
    file: &str,
    groups: &BTreeMap<Group, BTreeMap<&str, Checked>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (group, values) in groups {
        let label = |id: &str| spec.label_of(id);
        for rule in spec.rules {
            match rule {
                Rule::AtMost { part, whole } => {
                    let (Some(p), Some(w)) = (values.get(part), values.get(whole)) else {
                        continue;
                    };
                    if p.value > w.value + tolerance(spec.kind_of(part), &[p, w]) {
                        diags.push(
                            rule_error(
                                file,
                                p,
                                format!(
                                    "{} ({}) is larger than {} ({}) for {}",
                                    label(part),
                                    p.text,
                                    label(whole),
                                    w.text,
                                    group_label(group)
                                ),
                            )
                            .note(format!(
                                "{} is on line {}; a part cannot be larger than its whole",
                                label(whole),
                                w.line
                            )),
                        );
                    }
                }
                Rule::Sum { parts, total } => {
                    let Some(t) = values.get(total) else { continue };
                    let given: Vec<&Checked> = parts.iter().filter_map(|p| values.get(p)).collect();
                    if given.is_empty() {
                        continue;
                    }
                    let sum: f64 = given.iter().map(|c| c.value).sum();
                    let mut all = given.clone();
                    all.push(t);
                    let tol = tolerance(spec.kind_of(total), &all);
                    let complete = given.len() == parts.len();
                    let wrong = if complete {
                        (sum - t.value).abs() > tol
                    } else {
                        sum > t.value + tol
                    };
                    if wrong {
                        let names = parts.iter().map(|p| label(p)).collect::<Vec<_>>().join(" + ");
                        diags.push(
                            rule_error(
                                file,
                                t,
                                format!(
                                    "{} is {} but {} {} {} for {}",
                                    label(total),
                                    t.text,
                                    names,
                                    if complete {
                                        "add up to"
                                    } else {
                                        "already add up to"
                                    },
                                    fmt_number(sum),
                                    group_label(group)
                                ),
                            )
                            .note(format!(
                                "the parts are on lines {}",
                                given
                                    .iter()
                                    .map(|c| c.line.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        );
                    }
                }
                Rule::Ratio { share, part, whole } => {
                    let (Some(s), Some(p), Some(w)) =
                        (values.get(share), values.get(part), values.get(whole))
                    else {
                        continue;
                    };
                    if w.value <= 0.0 {
                        continue;
                    }
                    let expected = 100.0 * p.value / w.value;
                    if (s.value - expected).abs() > rounding(s) {
                        diags.push(
                            rule_error(
                                file,
                                s,
                                format!(
                                    "{} is {} but {} / {} = {} / {} is {} % for {}",
                                    label(share),
                                    s.text,
                                    label(part),
                                    label(whole),
                                    p.text,
                                    w.text,
                                    fmt_number((expected * 10.0).round() / 10.0),
                                    group_label(group)
                                ),
                            )
                            .note(format!(
                                "the counts are on lines {} and {}; a share must agree with them within rounding",
                                p.line, w.line
                            )),
                        );
                    }
                }
            }
        }
    }
    check_units(spec, file, groups, diags);
    check_sexes(spec, file, groups, diags);
}

/// Per-unit counts must not add up to more than the whole nämnd's count.
fn check_units(
    spec: &SourceSpec,
    file: &str,
    groups: &BTreeMap<Group, BTreeMap<&str, Checked>>,
    diags: &mut Vec<Diagnostic>,
) {
    // (period, sex, indicator) → the sum over units and the lines it came from.
    type UnitSum = (f64, Vec<usize>);
    let mut sums: BTreeMap<(Period, Option<Sex>, &str), UnitSum> = BTreeMap::new();
    for ((period, unit, sex), values) in groups {
        if unit.is_none() {
            continue;
        }
        for (id, c) in values {
            if spec.kind_of(id) == Kind::Count {
                let e = sums.entry((*period, *sex, id)).or_default();
                e.0 += c.value;
                e.1.push(c.line);
            }
        }
    }
    for ((period, sex, id), (sum, lines)) in sums {
        let Some(total) = groups.get(&(period, None, sex)).and_then(|v| v.get(id)) else {
            continue;
        };
        if sum > total.value + 1e-9 {
            diags.push(
                rule_error(
                    file,
                    total,
                    format!(
                        "{} is {} for {} but its units add up to {}",
                        spec.label_of(id),
                        total.text,
                        group_label(&(period, None, sex)),
                        fmt_number(sum)
                    ),
                )
                .note(format!(
                    "the units are on lines {}; the rows without enhet are the whole nämnd",
                    lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
                )),
            );
        }
    }
}

/// By sex: a count for T is K + M; a share or mean for T lies between K and M.
fn check_sexes(
    spec: &SourceSpec,
    file: &str,
    groups: &BTreeMap<Group, BTreeMap<&str, Checked>>,
    diags: &mut Vec<Diagnostic>,
) {
    for ((period, unit, sex), values) in groups {
        if sex.is_some() {
            continue;
        }
        let women = groups.get(&(*period, unit.clone(), Some(Sex::K)));
        let men = groups.get(&(*period, unit.clone(), Some(Sex::M)));
        let (Some(women), Some(men)) = (women, men) else {
            continue;
        };
        for (id, t) in values {
            let (Some(k), Some(m)) = (women.get(id), men.get(id)) else {
                continue;
            };
            let kind = spec.kind_of(id);
            let group = group_label(&(*period, unit.clone(), None));
            let problem = if kind == Kind::Count {
                ((k.value + m.value) - t.value).abs() > 1e-9
            } else {
                let tol = tolerance(kind, &[t, k, m]);
                t.value < k.value.min(m.value) - tol || t.value > k.value.max(m.value) + tol
            };
            if problem {
                let message = if kind == Kind::Count {
                    format!(
                        "{} is {} for {group} but kvinnor ({}) and män ({}) add up to {}",
                        spec.label_of(id),
                        t.text,
                        k.text,
                        m.text,
                        fmt_number(k.value + m.value)
                    )
                } else {
                    format!(
                        "{} is {} for {group}, outside the values for kvinnor ({}) and män ({})",
                        spec.label_of(id),
                        t.text,
                        k.text,
                        m.text
                    )
                };
                diags.push(rule_error(file, t, message).note(format!(
                    "kvinnor on line {}, män on line {}; the total lies between them",
                    k.line, m.line
                )));
            }
        }
    }
}

fn fmt_number(v: f64) -> String {
    let s = format!("{v}");
    s.replace('.', ",")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The built-in catalogue, for the sources' tests.
    pub(crate) fn catalogue() -> Catalogue {
        let text = crate::project::assets::builtin("indicators.yaml").expect("built-in catalogue");
        let file: crate::model::catalogue::CatalogueFile =
            serde_yaml::from_str(text).expect("catalogue parses");
        crate::model::catalogue::merge(file.indicators, Vec::new())
    }

    /// Every spec must produce only catalogue ids, with units that fit the measure kinds, and
    /// rules must name ids of the spec.
    pub(crate) fn check_spec(spec: &SourceSpec) {
        use crate::format::Unit;
        let cat = catalogue();
        let mut ids = std::collections::BTreeSet::new();
        for (m, dims, id) in spec.indicators() {
            let ind = cat
                .get(id)
                .unwrap_or_else(|| panic!("{id} ({}) is not in the catalogue", m.name));
            assert_eq!(dims.len(), spec.dimensions.len(), "{id}");
            for (d, v) in spec.dimensions.iter().zip(dims) {
                assert!(
                    v.is_empty() || d.values.iter().any(|t| t.name == *v),
                    "{id}: {v} is not a value of {}",
                    d.name
                );
            }
            let fits = match m.kind {
                Kind::Count => ind.unit == Unit::Antal,
                Kind::Share => ind.unit == Unit::Procent,
                Kind::Number => !matches!(ind.unit, Unit::Procent),
            };
            assert!(fits, "{id}: {:?} does not fit {:?}", ind.unit, m.kind);
            // Two spellings of one total may map to one id; a measure name may not.
            ids.insert(id);
        }
        let mut names = std::collections::BTreeSet::new();
        for m in spec.measures {
            for n in std::iter::once(m.name).chain(m.aliases.iter().copied()) {
                assert!(names.insert(fold_term(n)), "{n} is used twice");
            }
        }
        for d in spec.dimensions {
            let mut names = std::collections::BTreeSet::new();
            for t in d.values {
                for n in std::iter::once(t.name).chain(t.aliases.iter().copied()) {
                    assert!(names.insert(fold_term(n)), "{n} is used twice in {}", d.name);
                }
            }
        }
        for rule in spec.rules {
            let used: Vec<&str> = match rule {
                Rule::AtMost { part, whole } => vec![part, whole],
                Rule::Sum { parts, total } => parts.iter().copied().chain([*total]).collect(),
                Rule::Ratio { share, part, whole } => vec![share, part, whole],
            };
            for id in used {
                assert!(
                    ids.contains(id),
                    "rule names {id}, which the spec does not produce"
                );
            }
        }
    }

    const SPEC: SourceSpec = SourceSpec {
        title: "Test",
        stems: &["test"],
        prefix: "t",
        dimensions: &[Dimension {
            name: "område",
            aliases: &["area"],
            values: &[
                Term {
                    name: "fall",
                    aliases: &["fallrisk"],
                },
                Term {
                    name: "trycksår",
                    aliases: &[],
                },
            ],
        }],
        measures: &[
            Measure {
                name: "bedömningar",
                aliases: &["assessments"],
                kind: Kind::Count,
                ids: &[(&[""], "senior_alert.riskbedomningar")],
            },
            Measure {
                name: "med risk",
                aliases: &[],
                kind: Kind::Count,
                ids: &[(&[""], "senior_alert.riskbedomningar_med_risk")],
            },
            Measure {
                name: "andel med risk",
                aliases: &[],
                kind: Kind::Share,
                ids: &[
                    (&[""], "senior_alert.andel_med_risk"),
                    (&["fall"], "senior_alert.risk_fall"),
                    (&["trycksår"], "senior_alert.risk_trycksar"),
                ],
            },
            Measure {
                name: "personer",
                aliases: &[],
                kind: Kind::Count,
                ids: &[(&["trycksår"], "senior_alert.personer_med_trycksar")],
            },
            Measure {
                name: "händelser",
                aliases: &[],
                kind: Kind::Count,
                ids: &[(&["trycksår"], "senior_alert.trycksar")],
            },
        ],
        rules: &[
            Rule::AtMost {
                part: "senior_alert.riskbedomningar_med_risk",
                whole: "senior_alert.riskbedomningar",
            },
            Rule::AtMost {
                part: "senior_alert.personer_med_trycksar",
                whole: "senior_alert.trycksar",
            },
            Rule::Ratio {
                share: "senior_alert.andel_med_risk",
                part: "senior_alert.riskbedomningar_med_risk",
                whole: "senior_alert.riskbedomningar",
            },
        ],
    };

    fn run(csv: &str) -> (Read, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let r = read(&SPEC, "data/test.csv", csv.as_bytes(), &catalogue(), &mut d);
        (r, d)
    }

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn test_spec_is_consistent() {
        check_spec(&SPEC);
    }

    #[test]
    fn reads_measures_dimensions_benchmarks_and_qualifiers() {
        let (r, d) = run("År;Mått;Område;Värde;Riket;Län;Kvalifikator;Not\n\
             2024;Bedömningar;;936;;;;\n\
             2024;med  risk;;861;;;prel.;Enligt registret\n\
             2024;Andel med risk;;92;90;91,5;;\n\
             2024;andel med risk;Fallrisk;77;;;;\n\
             2024;personer;Trycksår;36;;;;\n\
             2024;händelser;trycksar;49;;;;\n\
             2023;bedömningar;;..;;;;\n");
        assert!(d.is_empty(), "{d:?}");
        let ids: Vec<&str> = r.observations.iter().map(|o| o.indicator.as_str()).collect();
        assert_eq!(
            ids,
            [
                "senior_alert.riskbedomningar",
                "senior_alert.riskbedomningar_med_risk",
                "senior_alert.andel_med_risk",
                "senior_alert.risk_fall",
                "senior_alert.personer_med_trycksar",
                "senior_alert.trycksar",
                "senior_alert.riskbedomningar"
            ]
        );
        assert_eq!(r.observations[1].qualifier, Some(Qualifier::Preliminar));
        assert_eq!(r.observations[1].note.as_deref(), Some("Enligt registret"));
        assert_eq!(r.observations[6].value, None, "a missing marker is never zero");
        assert_eq!(r.observations[3].line, 5);
        let b: Vec<(&str, &str, f64)> = r
            .benchmarks
            .iter()
            .map(|b| (b.indicator.as_str(), b.name.as_str(), b.value))
            .collect();
        assert_eq!(
            b,
            [
                ("senior_alert.andel_med_risk", "riket", 90.0),
                ("senior_alert.andel_med_risk", "lan", 91.5)
            ]
        );
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_position() {
        let (r, d) = run("år;mått;område;värde;riket\n\
             2024;bedömingar;;936;\n\
             2024;bedömningar;;93,5;\n\
             2024;andel med risk;;101;\n\
             2024;andel med risk;hjärta;50;\n\
             2024;personer;;5;\n\
             20x4;med risk;;5;\n\
             2024;andel med risk;fall;-1;\n\
             2024;andel med risk;trycksår;40;120\n");
        assert!(r.observations.is_empty(), "{:?}", r.observations);
        assert_eq!(
            codes(&d),
            [
                "data.unknown-measure",
                "data.bad-number",
                "data.out-of-range",
                "data.unknown-dimension",
                "data.bad-dimension",
                "data.bad-period",
                "data.out-of-range",
                "data.out-of-range",
            ]
        );
        let locs: Vec<String> = d
            .iter()
            .map(|d| d.location.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            locs,
            [
                "data/test.csv:2:6",
                "data/test.csv:3:19",
                "data/test.csv:4:22",
                "data/test.csv:5:21",
                "data/test.csv:6:6",
                "data/test.csv:7:1",
                "data/test.csv:8:26",
                "data/test.csv:9:33",
            ]
        );
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.contains("did you mean \"bedömningar\""))
        );
        assert!(
            d[1].message.contains("invalid count \"93,5\""),
            "{}",
            d[1].message
        );
        assert!(d[3].notes.iter().any(|n| n.contains("fall, trycksår")));
        assert!(
            d[4].message
                .contains("no indicator for personer without further breakdown")
        );
        assert!(d[4].notes.iter().any(|n| n.contains("personer, område trycksår")));
        assert!(d[7].message.contains("column riket"), "{}", d[7].message);
    }

    #[test]
    fn duplicates_and_conflicting_benchmarks() {
        let (r, d) = run("år;enhet;kön;mått;värde;riket\n\
             2024;;;bedömningar;10;\n\
             2024;;T;bedömningar;11;\n\
             2024;A;;andel med risk;50;60\n\
             2024;B;;andel med risk;40;61\n\
             2024;C;;andel med risk;40;60\n");
        assert_eq!(codes(&d), ["data.duplicate-row", "data.benchmark-conflict"]);
        assert!(d[0].notes[0].contains("first given on line 2"));
        assert_eq!(d[1].location.as_ref().unwrap().to_string(), "data/test.csv:5:27");
        assert_eq!(r.observations.len(), 3);
        assert_eq!(r.benchmarks.len(), 1);
    }

    #[test]
    fn consistency_rules() {
        let (_, d) = run("år;enhet;kön;mått;område;värde\n\
             2024;;;bedömningar;;100\n\
             2024;;;med risk;;120\n\
             2023;;;bedömningar;;100\n\
             2023;;;med risk;;80\n\
             2023;;;andel med risk;;82\n\
             2022;;;bedömningar;;842\n\
             2022;;;med risk;;776\n\
             2022;;;andel med risk;;92\n\
             2022;;;personer;trycksår;41\n\
             2022;;;händelser;trycksår;40\n");
        assert_eq!(
            codes(&d),
            ["data.inconsistent", "data.inconsistent", "data.inconsistent"],
            "{d:?}"
        );
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        // Groups are checked in period order: 2022, 2023, 2024.
        assert!(
            msgs[0].contains(
                "personer, område trycksår (41) is larger than händelser, område trycksår (40) for 2022"
            ),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("andel med risk is 82 but med risk / bedömningar = 80 / 100 is 80 % for 2023"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].contains("med risk (120) is larger than bedömningar (100) for 2024"),
            "{msgs:?}"
        );
        assert_eq!(d[2].location.as_ref().unwrap().to_string(), "data/test.csv:3:18");
    }

    #[test]
    fn units_and_sexes_must_fit_the_total() {
        let (_, d) = run("år;enhet;kön;mått;värde\n\
             2024;;;bedömningar;10\n\
             2024;A;;bedömningar;6\n\
             2024;B;;bedömningar;5\n\
             2023;;;bedömningar;10\n\
             2023;A;;bedömningar;6\n\
             2023;;K;bedömningar;6\n\
             2023;;M;bedömningar;3\n\
             2023;;;andel med risk;50,5\n\
             2023;;K;andel med risk;40,2\n\
             2023;;M;andel med risk;50,1\n\
             2022;;T;andel med risk;45\n\
             2022;;K;andel med risk;40\n\
             2022;;M;andel med risk;50\n");
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs.contains(&"bedömningar is 10 for 2024 but its units add up to 11"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"bedömningar is 10 for 2023 but kvinnor (6) and män (3) add up to 9"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(
                &"andel med risk is 50,5 for 2023, outside the values for kvinnor (40,2) and män (50,1)"
            ),
            "{msgs:?}"
        );
    }

    #[test]
    fn an_indicator_id_in_the_measure_column_is_explained() {
        let (_, d) = run("år;mått;område;värde\n\
             2024;senior_alert.risk_fall;;77\n\
             2024;t.okand;;1\n");
        assert_eq!(codes(&d), ["data.unknown-measure", "data.unknown-measure"]);
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.ends_with("write the measure: andel med risk, område fall")),
            "{:?}",
            d[0].notes
        );
        assert!(d[1].notes.iter().any(|n| n.contains("belong in nyckeltal.csv")));
    }

    #[test]
    fn measure_names_fold_case_diacritics_and_spacing() {
        assert_eq!(
            fold_term("Andel med  åtgärdsplan"),
            fold_term("andel_med_atgardsplan")
        );
        assert_eq!(fold_term(" Händelser. "), "handelser");
        let v = Vocabulary::new(&SPEC);
        assert_eq!(v.measure("ASSESSMENTS").map(|m| m.name), Some("bedömningar"));
        assert_eq!(v.measure("Med  Risk.").map(|m| m.name), Some("med risk"));
        assert!(v.measure("").is_none());
        assert_eq!(v.value(0, "Fallrisk"), Some("fall"));
        assert_eq!(v.value(0, "trycksar"), Some("trycksår"));
    }
}
