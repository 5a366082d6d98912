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

use crate::data::cells::{self, Cells, First, MISSING_HINT, Named, Reported, Seen, unit_suffix};
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::period::Period;

use crate::format::fold;
use crate::formats::table::{self, Column};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Benchmark;
use crate::model::observation::{Observation, Sex};

/// How a measure's values are read and checked (see `cells::value_of_kind`).
pub use crate::data::cells::Kind;

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
    if let Some(t) = crate::formats::read_file(project, &file, &columns, diags) {
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
    let mut reader = Reader {
        spec,
        cx: Cells::naming_workbook_cells(file),
        catalogue,
        vocabulary: Vocabulary::new(spec),
        out: Read::default(),
        seen: Seen::default(),
        bench_seen: HashMap::new(),
        groups: BTreeMap::new(),
    };
    for row in &t.rows {
        reader.row(row, diags);
    }
    check_rules(spec, &reader.cx, &reader.groups, diags);
    reader.out
}

/// How a value of an indicator of the project's own is read: a whole count, a share, or a number.
fn kind_of_unit(unit: crate::format::Unit) -> Kind {
    use crate::format::Unit;
    match unit {
        Unit::Antal => Kind::Count,
        Unit::Procent => Kind::Share,
        _ => Kind::Number,
    }
}

/// The values of each group, by indicator, for the consistency rules.
type Groups<'a> = BTreeMap<Group, BTreeMap<&'a str, Checked<'a>>>;

/// The state of reading one measure file.
struct Reader<'a> {
    spec: &'a SourceSpec,
    cx: Cells<'a>,
    catalogue: &'a Catalogue,
    vocabulary: Vocabulary<'a>,
    out: Read,
    /// (indicator, period, unit, sex) → the line that first gave it.
    seen: Seen<(&'a str, Group)>,
    bench_seen: HashMap<(&'a str, Period, &'static str), (f64, usize)>,
    groups: Groups<'a>,
}

/// A measure with its dimension values, and the indicator they map to.
struct Resolved<'a> {
    kind: Kind,
    id: &'a str,
    label: String,
}

impl<'a> Reader<'a> {
    fn row(&mut self, row: &'a table::Row, diags: &mut Vec<Diagnostic>) {
        let cx = self.cx;
        let cell = |i: usize| row.cells.get(i).and_then(Option::as_ref);
        let Some(per) = cell(PERIOD) else { return };
        let period = cx.period(per, Some("år"), diags);
        let unit = cell(UNIT).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        let sex = cx.sex(cell(SEX), diags);
        let Some(mcell) = cell(MEASURE) else { return };
        let Some(Resolved { kind, id, label }) = self.resolve(row, mcell, diags) else {
            return;
        };
        let Some(val) = cell(VALUE) else { return };
        let named = Named::column("värde").of(&label).hint(MISSING_HINT);
        let value = cells::value_of_kind(&val.text, kind, cx.spot(val), named, diags);
        let (benches, benches_ok) = self.benchmarks(row, kind, &label, diags);
        let qualifier = cx.qualifier(cell(QUALIFIER), diags);
        let note = cell(NOTE).map(|c| c.text.clone()).filter(|s| !s.is_empty());
        // Without a valid period or sex the row has no key to compare with others.
        let (Some(period), Ok(sex)) = (period, sex) else {
            return;
        };
        let key_sex = sex.filter(|s| *s != Sex::T);
        if let Some(first) = self.seen.first((id, (period, unit.clone(), key_sex)), row.line) {
            diags.push(cells::duplicate_row(
                cx.row(row.line),
                format!(
                    "duplicate row for {label} {period}{}{}",
                    unit_suffix(unit.as_deref()),
                    key_sex.map(|s| format!(", kön {s:?}")).unwrap_or_default()
                ),
                First::Line(*first),
                Some("each measure, period, unit and sex may occur once"),
            ));
            return;
        }
        let benches_agree = self.add_benchmarks(id, period, &label, benches, row.line, diags);
        if !(value.is_ok() && benches_ok && qualifier.is_ok() && benches_agree) {
            return;
        }
        let value = value.unwrap_or(None);
        if let Some(v) = value {
            let checked = Checked {
                value: v,
                text: &val.text,
                line: val.line,
                column: val.column,
            };
            self.groups
                .entry((period, unit.clone(), key_sex))
                .or_default()
                .insert(id, checked);
        }
        self.out.observations.push(Observation {
            indicator: id.to_string(),
            year: period.year(),
            period,
            unit,
            sex,
            value,
            decimals: None,
            period_note: None,
            qualifier: qualifier.unwrap_or(None),
            note,
            file: cx.file.to_string(),
            line: row.line,
        });
    }

    /// The measure of a row and its dimension values, mapped to a catalogue indicator.
    fn resolve(
        &self,
        row: &table::Row,
        mcell: &table::Cell,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Resolved<'a>> {
        let spec = self.spec;
        if let Some(r) = self.addition(row, mcell) {
            return Some(r);
        }
        let Some(measure) = self.vocabulary.measure(&mcell.text) else {
            diags.push(self.unknown_measure(mcell));
            return None;
        };
        let dims = self.dimensions(row, diags)?;
        let label = spec.label(measure, &dims);
        let Some(id) = measure
            .ids
            .iter()
            .find(|(want, _)| want.iter().copied().eq(dims.iter().copied()))
            .map(|(_, id)| *id)
        else {
            let whole = if dims.iter().all(|d| d.is_empty()) {
                " without further breakdown"
            } else {
                ""
            };
            let given: Vec<String> = measure.ids.iter().map(|(d, _)| spec.label(measure, d)).collect();
            diags.push(
                self.cx.spot(mcell).apply(
                    Diagnostic::error("data.bad-dimension", format!("no indicator for {label}{whole}"))
                        .note(format!("\"{}\" is given as: {}", measure.name, given.join("; "))),
                ),
            );
            return None;
        };
        if !cells::mapped_indicator(self.catalogue, id, &label, self.cx.at(mcell), diags) {
            return None;
        }
        Some(Resolved {
            kind: measure.kind,
            id,
            label,
        })
    }

    /// A row the catalogue maps to an indicator of the project's own (`measure:`): a value of a
    /// dimension the vocabulary does not know (a riskområde, a training), or a measure of its own.
    fn addition(&self, row: &table::Row, mcell: &table::Cell) -> Option<Resolved<'a>> {
        let spec = self.spec;
        let text_of = |k: usize| {
            row.cells
                .get(FIRST_DIMENSION + k)
                .and_then(Option::as_ref)
                .map_or(String::new(), |c| fold_term(&c.text))
        };
        let written: Vec<String> = (0..spec.dimensions.len()).map(text_of).collect();
        let measure = fold_term(&mcell.text);
        let known = self.vocabulary.measure(&mcell.text);
        self.catalogue.values().find_map(|ind| {
            let m = ind.measure.as_ref()?;
            let source = fold_term(&m.source);
            let ours = source == fold_term(spec.prefix) || spec.stems.iter().any(|s| fold_term(s) == source);
            let same_measure = fold_term(&m.measure) == measure
                || known.is_some_and(|k| {
                    self.vocabulary
                        .measure(&m.measure)
                        .is_some_and(|o| std::ptr::eq(k, o))
                });
            let dims_match = spec.dimensions.iter().enumerate().all(|(k, d)| {
                let want = m
                    .dimensions
                    .iter()
                    .find(|(name, _)| fold_term(name) == fold_term(d.name))
                    .map_or(String::new(), |(_, v)| fold_term(v));
                want == written[k]
            });
            (ours && same_measure && dims_match).then(|| Resolved {
                kind: known.map_or_else(|| kind_of_unit(ind.unit), |k| k.kind),
                id: ind.id.as_str(),
                label: std::iter::once(mcell.text.trim().to_string())
                    .chain(m.dimensions.iter().map(|(d, v)| format!("{d} {v}")))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
    }

    fn unknown_measure(&self, mcell: &table::Cell) -> Diagnostic {
        let spec = self.spec;
        let text = if mcell.text.is_empty() {
            "an empty measure".to_string()
        } else {
            format!("unknown measure \"{}\"", mcell.text)
        };
        let measures: Vec<&str> = spec.measures.iter().map(|m| m.name).collect();
        let mut d = self
            .cx
            .spot(mcell)
            .apply(Diagnostic::error(
                "data.unknown-measure",
                format!("{text} in column mått"),
            ))
            .note(format!("{} measures: {}", spec.title, measures.join(", ")));
        let names = spec
            .measures
            .iter()
            .flat_map(|m| std::iter::once(m.name).chain(m.aliases.iter().copied()));
        let written = mcell.text.trim();
        if let Some((m, dims, _)) = spec.indicators().find(|(_, _, id)| *id == written) {
            d = d.note(format!(
                "\"{written}\" is an indicator id; in this file write the measure: {}",
                spec.label(m, dims)
            ));
        } else if written.starts_with(&format!("{}.", spec.prefix)) {
            d = d.note(format!(
                "indicator ids ({}.…) belong in nyckeltal.csv; here write a measure name",
                spec.prefix
            ));
        } else if let Some(s) = did_you_mean(&mcell.text, names) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        d
    }

    /// Dimension values by canonical name (`""` = empty); `None` when one is unknown (every
    /// unknown one is reported).
    fn dimensions(&self, row: &table::Row, diags: &mut Vec<Diagnostic>) -> Option<Vec<&'static str>> {
        let mut dims: Vec<&'static str> = Vec::with_capacity(self.spec.dimensions.len());
        let mut ok = true;
        for (k, dim) in self.spec.dimensions.iter().enumerate() {
            let Some(c) = row.cells.get(FIRST_DIMENSION + k).and_then(Option::as_ref) else {
                dims.push("");
                continue;
            };
            if c.text.is_empty() {
                dims.push("");
                continue;
            }
            if let Some(v) = self.vocabulary.value(k, &c.text) {
                dims.push(v);
                continue;
            }
            ok = false;
            dims.push("");
            let values: Vec<&str> = dim.values.iter().map(|v| v.name).collect();
            let mut d = self
                .cx
                .spot(c)
                .apply(Diagnostic::error(
                    "data.unknown-dimension",
                    format!("unknown {} \"{}\"", dim.name, c.text),
                ))
                .note(format!("expected one of: {}, or empty", values.join(", ")));
            let names = dim
                .values
                .iter()
                .flat_map(|v| std::iter::once(v.name).chain(v.aliases.iter().copied()));
            if let Some(s) = did_you_mean(&c.text, names) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
        }
        ok.then_some(dims)
    }

    /// The riket and län values of a row, and whether all that were given are valid.
    fn benchmarks(
        &self,
        row: &'a table::Row,
        kind: Kind,
        label: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> (Vec<(&'static str, f64, &'a table::Cell)>, bool) {
        let mut benches = Vec::new();
        let mut ok = true;
        for (col, name, column) in [(RIKET, "riket", "riket"), (LAN, "lan", "län")] {
            let Some(c) = row.cells.get(col).and_then(Option::as_ref) else {
                continue;
            };
            let named = Named::column(column).of(label);
            match cells::value_of_kind(&c.text, benchmark_kind(kind), self.cx.spot(c), named, diags) {
                Ok(Some(v)) => benches.push((name, v, c)),
                Ok(None) => {}
                Err(Reported) => ok = false,
            }
        }
        (benches, ok)
    }

    /// Keep the first of each benchmark; a later different value is an error. Returns
    /// whether every value agreed.
    fn add_benchmarks(
        &mut self,
        id: &'a str,
        period: Period,
        label: &str,
        benches: Vec<(&'static str, f64, &table::Cell)>,
        line: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let mut ok = true;
        for (name, v, c) in benches {
            match self.bench_seen.get(&(id, period, name)) {
                Some((before, first)) if (before - v).abs() > 1e-9 => {
                    ok = false;
                    let shown = if name == "lan" { "län" } else { name };
                    diags.push(
                        self.cx
                            .spot(c)
                            .apply(Diagnostic::error(
                                "data.benchmark-conflict",
                                format!(
                                    "{shown} for {label} {period} is \"{}\" here but differs on line {first}",
                                    c.text
                                ),
                            ))
                            .note("a comparison value is the same for every unit and sex; give it once or give the same value"),
                    );
                }
                Some(_) => {}
                None => {
                    self.bench_seen.insert((id, period, name), (v, line));
                    self.out.benchmarks.push(Benchmark {
                        indicator: id.to_string(),
                        name: name.to_string(),
                        period,
                        value: v,
                    });
                }
            }
        }
        ok
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

/// Comparison values of counts (say, riket's number of deaths) can be large and are still
/// counts, but a national *mean* of a count may have decimals: read them as numbers.
fn benchmark_kind(kind: Kind) -> Kind {
    match kind {
        Kind::Count => Kind::Number,
        k => k,
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

fn rule_error(cx: &Cells, at: &Checked, message: String) -> Diagnostic {
    cells::inconsistent(cx.spot_at(at.line, at.column), message)
}

/// The source's rules for every group, then the rules every source shares.
fn check_rules(spec: &SourceSpec, cx: &Cells, groups: &Groups, diags: &mut Vec<Diagnostic>) {
    for (group, values) in groups {
        for rule in spec.rules {
            let d = match rule {
                Rule::AtMost { part, whole } => at_most(spec, cx, group, values, (part, whole)),
                Rule::Sum { parts, total } => sum(spec, cx, group, values, parts, total),
                Rule::Ratio { share, part, whole } => ratio(spec, cx, group, values, (share, part, whole)),
            };
            diags.extend(d);
        }
    }
    check_units(spec, cx, groups, diags);
    check_sexes(spec, cx, groups, diags);
}

/// `part` must not exceed `whole`.
fn at_most(
    spec: &SourceSpec,
    cx: &Cells,
    group: &Group,
    values: &BTreeMap<&str, Checked>,
    (part, whole): (&str, &str),
) -> Option<Diagnostic> {
    let (p, w) = (values.get(part)?, values.get(whole)?);
    if p.value <= w.value + tolerance(spec.kind_of(part), &[p, w]) {
        return None;
    }
    let message = format!(
        "{} ({}) is larger than {} ({}) for {}",
        spec.label_of(part),
        p.text,
        spec.label_of(whole),
        w.text,
        group_label(group)
    );
    Some(rule_error(cx, p, message).note(format!(
        "{} is on line {}; a part cannot be larger than its whole",
        spec.label_of(whole),
        w.line
    )))
}

/// All parts add up to `total`; some parts do not exceed it.
fn sum(
    spec: &SourceSpec,
    cx: &Cells,
    group: &Group,
    values: &BTreeMap<&str, Checked>,
    parts: &[&str],
    total: &str,
) -> Option<Diagnostic> {
    let t = values.get(total)?;
    let given: Vec<&Checked> = parts.iter().filter_map(|p| values.get(p)).collect();
    if given.is_empty() {
        return None;
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
    if !wrong {
        return None;
    }
    let names = parts
        .iter()
        .map(|p| spec.label_of(p))
        .collect::<Vec<_>>()
        .join(" + ");
    let message = format!(
        "{} is {} but {} {} {} for {}",
        spec.label_of(total),
        t.text,
        names,
        if complete {
            "add up to"
        } else {
            "already add up to"
        },
        fmt_number(sum),
        group_label(group)
    );
    let lines: Vec<String> = given.iter().map(|c| c.line.to_string()).collect();
    Some(rule_error(cx, t, message).note(format!("the parts are on lines {}", lines.join(", "))))
}

/// `share` = 100 × `part` / `whole`, within the rounding of `share`.
fn ratio(
    spec: &SourceSpec,
    cx: &Cells,
    group: &Group,
    values: &BTreeMap<&str, Checked>,
    (share, part, whole): (&str, &str, &str),
) -> Option<Diagnostic> {
    let (s, p, w) = (values.get(share)?, values.get(part)?, values.get(whole)?);
    if w.value <= 0.0 {
        return None;
    }
    let expected = 100.0 * p.value / w.value;
    if (s.value - expected).abs() <= rounding(s) {
        return None;
    }
    let message = format!(
        "{} is {} but {} / {} = {} / {} is {} % for {}",
        spec.label_of(share),
        s.text,
        spec.label_of(part),
        spec.label_of(whole),
        p.text,
        w.text,
        fmt_number((expected * 10.0).round() / 10.0),
        group_label(group)
    );
    Some(rule_error(cx, s, message).note(format!(
        "the counts are on lines {} and {}; a share must agree with them within rounding",
        p.line, w.line
    )))
}

/// Per-unit counts must not add up to more than the whole nämnd's count.
fn check_units(spec: &SourceSpec, cx: &Cells, groups: &Groups, diags: &mut Vec<Diagnostic>) {
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
                    cx,
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
fn check_sexes(spec: &SourceSpec, cx: &Cells, groups: &Groups, diags: &mut Vec<Diagnostic>) {
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
                diags.push(rule_error(cx, t, message).note(format!(
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
    use crate::model::observation::Qualifier;

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
