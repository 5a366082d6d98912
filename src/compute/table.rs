//! Data tables: one row per indicator, one column per year, and a "Förändring" column (the
//! last year against the one before: procentenheter for shares, percent for counts). Every
//! cell that needs explaining gets a numbered note; standard symbols get a legend.
//!
//! | in a cell | means |
//! |---|---|
//! | `..` | uppgift saknas |
//! | `<5` | färre än 5 (a protected count of persons) |
//! | `x` | hidden so that a protected count cannot be computed |
//! | `ca 255` | an approximate value (with a note) |
//! | `961¹` | see note 1: a preliminary or estimated value, a revision, a break, or the data's note |
//! | `–` (Förändring) | no comparison: see the notes |

use crate::format::{self, Unit};
use crate::model::catalogue::Indicator;
use crate::model::observation::Qualifier;

use super::change::{self, NoComparison};
use super::words::Measure;
use super::{CellKind, Engine};

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The years, in the order the columns show them.
    pub years: Vec<i32>,
    /// Add the Förändring column (needs two consecutive years in the window).
    pub change: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableData {
    pub header: Vec<String>,
    pub align: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
    /// Sources of the rows' indicators, in order of appearance.
    pub sources: Vec<String>,
    /// Ids not in the catalogue.
    pub unknown: Vec<String>,
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Which symbols and kinds of change a table's cells used: its legend is written from them.
#[derive(Debug, Default)]
pub struct Marks {
    pub missing: bool,
    pub small: bool,
    pub hidden: bool,
    pub gap: bool,
    pub points: bool,
    pub relative: bool,
    pub absolute: bool,
}

impl Marks {
    /// A value cell as every table prints it ("ca 255", "..", "<5", "x"), noting the symbol.
    /// The value keeps its own decimals (the catalogue's, or as written in the data).
    pub fn value_text(&mut self, kind: &CellKind, _ind: &Indicator, engine: &Engine) -> String {
        match kind {
            CellKind::Value(v) => {
                let n = format::number(v.shown, v.decimals, &engine.style);
                if v.qualifier == Some(Qualifier::Ca) {
                    format!("ca {n}")
                } else {
                    n
                }
            }
            CellKind::Missing { .. } => {
                self.missing = true;
                "..".to_string()
            }
            CellKind::Small => {
                self.small = true;
                format!("<{}", engine.privacy.threshold)
            }
            CellKind::Hidden => {
                self.hidden = true;
                "x".to_string()
            }
        }
    }

    /// The Förändring cell: the change in its measure, "x" when a value is protected, "–"
    /// when there is no comparison; a comparability break adds `break_mark(year, reason)`.
    pub fn change_text(
        &mut self,
        comparison: change::Comparison,
        ind: &Indicator,
        style: &format::NumberStyle,
        decimals: u8,
        break_mark: impl FnOnce(i32, &str) -> String,
    ) -> String {
        match comparison {
            Ok(c) => {
                match (c.measure, c.relative_decimals()) {
                    (Measure::Points, _) => self.points = true,
                    (_, Some(_)) => self.relative = true,
                    _ => self.absolute = true,
                }
                c.column_text(ind, style, decimals)
            }
            Err(NoComparison::Protected { .. }) => {
                self.hidden = true;
                "x".to_string()
            }
            Err(NoComparison::Break { year, reason }) => {
                self.gap = true;
                format!("–{}", break_mark(year, &reason))
            }
            Err(NoComparison::Missing { .. }) => {
                self.gap = true;
                "–".to_string()
            }
        }
    }

    /// The notes that explain "..", "<N" and "x", for the symbols used.
    pub fn symbol_notes(&self, threshold: u32) -> Vec<String> {
        let mut notes = Vec::new();
        if self.missing {
            notes.push("..: uppgift saknas.".to_string());
        }
        if self.small {
            let n = threshold;
            notes.push(format!(
                "<{n}: färre än {n} personer; antalet redovisas inte för att skydda enskildas identitet."
            ));
        }
        if self.hidden {
            notes.push(
                "x: uppgiften redovisas inte, eftersom ett litet antal personer annars skulle kunna räknas fram."
                    .to_string(),
            );
        }
        notes
    }

    /// The legend of the Förändring column in plain Swedish: what it compares and in which
    /// measures ("Förändring 2023–2024 i procent, för andelar i procentenheter.").
    pub fn change_note(&self, from: &str, to: &str) -> String {
        let years =
            from.len() == 4 && to.len() == 4 && from.parse::<i32>().is_ok() && to.parse::<i32>().is_ok();
        let mut legend = if years {
            format!("Förändring {from}–{to}")
        } else {
            format!("Förändring {to} jämfört med {from}")
        };
        let mut how: Vec<&str> = Vec::new();
        match (self.relative, self.points) {
            (true, true) => how.extend(["i procent", "för andelar i procentenheter"]),
            (true, false) => how.push("i procent"),
            (false, true) => how.push("i procentenheter"),
            (false, false) => {}
        }
        if self.absolute {
            how.push(if self.relative || self.points {
                "för små antal som skillnad i antal"
            } else {
                "som skillnad i antal"
            });
        }
        if !how.is_empty() {
            legend.push(' ');
            legend.push_str(&how.join(", "));
        }
        legend.push('.');
        if self.gap {
            legend.push_str(" –: ingen jämförelse.");
        }
        legend
    }
}

impl TableData {
    /// Adds the indicator's source to the table's "Källa" line, once.
    pub fn add_source(&mut self, ind: &Indicator) {
        if let Some(s) = &ind.source
            && !self.sources.contains(s)
        {
            self.sources.push(s.clone());
        }
    }
}

/// The sources of a "Källa" line, each named once: sources that differ only in a closing
/// parenthesis ("Vad tycker de äldre om äldreomsorgen? (Kolada U21468)" and "… (Kolada
/// U23471)") become one, with the parentheses merged ("(Kolada U21468, U23471)"). Sources
/// with commas of their own are separated by semicolons.
pub fn sources_text(sources: &[String]) -> String {
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    for s in sources {
        let s = s.trim();
        let (base, detail) = match s.strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
            Some((b, d)) => (b.trim().to_string(), Some(d.trim().to_string())),
            None => (s.to_string(), None),
        };
        let at = match merged.iter().position(|(b, _)| *b == base) {
            Some(i) => i,
            None => {
                merged.push((base, Vec::new()));
                merged.len() - 1
            }
        };
        if let Some(d) = detail
            && !merged[at].1.contains(&d)
        {
            merged[at].1.push(d);
        }
    }
    let items: Vec<String> = merged
        .into_iter()
        .map(|(base, details)| match details.as_slice() {
            [] => base,
            _ => format!("{base} ({})", merge_details(&details)),
        })
        .collect();
    let separator = if items.iter().any(|i| i.contains(", ")) {
        "; "
    } else {
        ", "
    };
    items.join(separator)
}

/// "Kolada U21468" and "Kolada U23471" → "Kolada U21468, U23471": a shared first word once.
fn merge_details(details: &[String]) -> String {
    let first = |d: &str| d.split_once(' ').map(|(w, _)| w.to_string());
    let shared = first(&details[0]).filter(|w| details.iter().all(|d| first(d).as_deref() == Some(w)));
    match shared {
        Some(w) if details.len() > 1 => {
            let rest: Vec<&str> = details.iter().map(|d| d[w.len()..].trim()).collect();
            format!("{w} {}", rest.join(", "))
        }
        _ => details.join(", "),
    }
}

/// "¹", "¹²" for note 12.
pub fn superscript(n: usize) -> String {
    n.to_string()
        .bytes()
        .map(|b| SUPERSCRIPTS[usize::from(b - b'0')])
        .collect()
}

/// Numbered notes, each text once.
#[derive(Default)]
struct Notes {
    items: Vec<String>,
}

impl Notes {
    fn mark(&mut self, text: String) -> String {
        let n = match self.items.iter().position(|t| *t == text) {
            Some(i) => i + 1,
            None => {
                self.items.push(text);
                self.items.len()
            }
        };
        superscript(n)
    }
}

fn qualifier_note(q: Option<Qualifier>, note: Option<&str>) -> Option<String> {
    let what = match q {
        Some(Qualifier::Preliminar) => Some("Preliminärt värde"),
        Some(Qualifier::Uppskattad) => Some("Uppskattat värde"),
        Some(Qualifier::Ca) => Some("Ungefärligt värde"),
        None => None,
    };
    match (what, note) {
        (Some(w), Some(n)) => Some(format!("{w}: {}", format::full_stop(n))),
        (Some(w), None) => Some(format!("{w}.")),
        (None, Some(n)) => Some(format::full_stop(n)),
        (None, None) => None,
    }
}

/// Row label: the name, with the unit unless it is a plain count.
pub fn row_label(ind: &Indicator) -> String {
    match (ind.declared_unit(), ind.unit) {
        (None, Unit::Antal) => ind.name.clone(),
        _ => format!("{} ({})", ind.name, ind.unit_label()),
    }
}

pub fn build(engine: &Engine, ids: &[String], opts: &Options) -> TableData {
    build_compared(engine, ids, opts, &[])
}

/// [`build`] with a column per comparison value (`riket`, `lan`, a named municipality) of the
/// last year, after the years.
pub fn build_compared(engine: &Engine, ids: &[String], opts: &Options, benchmarks: &[String]) -> TableData {
    // A comparison column without a value in any row is left out, so that a table can ask
    // for riket and län and show them wherever the data has them (the survey tables).
    let last_year = opts.years.iter().max().copied().unwrap_or(engine.year);
    let benchmarks: Vec<String> = benchmarks
        .iter()
        .filter(|n| ids.iter().any(|id| engine.benchmark(id, n, last_year).is_some()))
        .cloned()
        .collect();
    let benchmarks = benchmarks.as_slice();
    let mut out = TableData::default();
    let mut notes = Notes::default();
    let style = engine.style;
    let mut chrono = opts.years.clone();
    chrono.sort_unstable();
    let pair = match chrono.as_slice() {
        [.., a, b] if *b == *a + 1 => Some((*a, *b)),
        _ => None,
    };
    let with_change = opts.change && pair.is_some();
    let mut used = Marks::default();
    let decimals = match pair {
        Some((a, b)) if with_change => column_decimals(engine, ids, a, b),
        _ => 0,
    };
    for id in ids {
        let Some(ind) = engine.indicator(id) else {
            out.unknown.push(id.clone());
            continue;
        };
        if opts.years.iter().all(|y| !engine.has_row(id, *y)) {
            continue;
        }
        let mut row = vec![row_label(ind)];
        // The first year of a new series inside the window, marked on its cell.
        let break_in_window = ind
            .breaks
            .iter()
            .filter(|b| {
                chrono.first().is_some_and(|f| *f < b.year) && chrono.last().is_some_and(|l| b.year <= *l)
            })
            .max_by_key(|b| b.year);
        for &y in &opts.years {
            let cell = engine.cell(id, y);
            let mut marks: Vec<String> = Vec::new();
            let text = used.value_text(&cell.kind, ind, engine);
            let cell_note = match &cell.kind {
                CellKind::Value(p) => qualifier_note(p.qualifier, p.note.as_deref()),
                CellKind::Missing { note } => note.as_deref().map(format::full_stop),
                CellKind::Small | CellKind::Hidden => None,
            };
            if let Some(n) = cell_note {
                marks.push(notes.mark(n));
            }
            if let CellKind::Value(p) = &cell.kind
                && let Some(span) = &p.period_note
            {
                marks.push(notes.mark(format!("Värdet för {y} avser {}", format::full_stop(span))));
            }
            if let Some(r) = engine.revision(id, y) {
                marks.push(notes.mark(r.footnote(engine, ind)));
            }
            if let Some(b) = break_in_window
                && b.year == y
            {
                marks.push(notes.mark(break_note(b.year, &b.reason)));
            }
            // "2 107¹,²": a comma keeps notes 1 and 2 apart from note 12.
            row.push(format!("{text}{}", marks.join(",")));
        }
        if with_change && let Some((a, b)) = pair {
            let cmp = change::compare(ind, &engine.cell(id, a), &engine.cell(id, b), &engine.thresholds);
            row.push(used.change_text(cmp, ind, &style, decimals, |year, reason| {
                notes.mark(break_note(year, reason))
            }));
        }
        let last = chrono.last().copied().unwrap_or(engine.year);
        for name in benchmarks {
            row.push(benchmark_cell(engine, ind, name, last, &mut used));
        }
        out.rows.push(row);
        out.add_source(ind);
    }
    out.notes = notes
        .items
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {t}", superscript(i + 1)))
        .collect();
    out.notes.extend(used.symbol_notes(engine.privacy.threshold));
    out.header.push("Mått".to_string());
    out.header.extend(opts.years.iter().map(i32::to_string));
    out.align.push("left");
    out.align.extend(opts.years.iter().map(|_| "right"));
    if with_change && let Some((a, b)) = pair {
        out.header.push("Förändring".to_string());
        out.align.push("right");
        out.notes.push(used.change_note(&a.to_string(), &b.to_string()));
    }
    let last = chrono.last().copied().unwrap_or(engine.year);
    for name in benchmarks {
        out.header.push(format!(
            "{} {last}",
            crate::model::catalogue::benchmark_label(name)
        ));
        out.align.push("right");
    }
    out
}

/// A comparison value as a table prints it; ".." when the data has none.
fn benchmark_cell(engine: &Engine, ind: &Indicator, name: &str, year: i32, used: &mut Marks) -> String {
    match engine
        .benchmark(&ind.id, name, year)
        .and_then(|v| format::shown(v, ind.unit, ind.decimals()))
    {
        Some(v) => format::number(v, ind.decimals(), &engine.style),
        None => {
            used.missing = true;
            "..".to_string()
        }
    }
}

/// One precision for the Förändring column of `ids`: see [`change::column_decimals`].
pub fn column_decimals(engine: &Engine, ids: &[String], a: i32, b: i32) -> u8 {
    let changes: Vec<change::Change> = ids
        .iter()
        .filter_map(|id| {
            let ind = engine.indicator(id)?;
            change::compare(ind, &engine.cell(id, a), &engine.cell(id, b), &engine.thresholds).ok()
        })
        .collect();
    change::column_decimals(&changes)
}

fn break_note(year: i32, reason: &str) -> String {
    format!(
        "Från {year} är värdena inte jämförbara med tidigare år: {}",
        format::full_stop(&super::words::lower_first(reason))
    )
}

#[cfg(test)]
mod sources_tests {
    use super::sources_text;

    #[test]
    fn one_survey_named_once() {
        let s = |v: &[&str]| sources_text(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        let survey = "Socialstyrelsen, Vad tycker de äldre om äldreomsorgen?";
        assert_eq!(
            s(&[
                &format!("{survey} (Kolada U21468)"),
                survey,
                &format!("{survey} (Kolada U23471)"),
            ]),
            format!("{survey} (Kolada U21468, U23471)")
        );
        assert_eq!(s(&["A", "B", "A"]), "A, B");
        assert_eq!(s(&["SKR, X", "Y"]), "SKR, X; Y");
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn opts(years: &[i32]) -> Options {
        Options {
            years: years.to_vec(),
            change: true,
        }
    }

    #[test]
    fn change_column_and_notes() {
        let mut m = model(
            "{id: b, name: Brytpunktssamtal, unit: procent, polarity: higher_better, source: Palliativregistret}",
            &[(2022, Some(51.0)), (2023, Some(52.0))],
        );
        m.series.get_mut("b").unwrap().get_mut(&2023).unwrap().qualifier = Some(Qualifier::Preliminar);
        let e = Engine::plain(m, 2023);
        let t = build(&e, &["b".into()], &opts(&[2021, 2022, 2023]));
        assert_eq!(t.header, ["Mått", "2021", "2022", "2023", "Förändring"]);
        assert_eq!(t.rows[0], ["Brytpunktssamtal (%)", "..", "51", "52¹", "+1"]);
        assert_eq!(
            t.notes,
            [
                "¹ Preliminärt värde.",
                "..: uppgift saknas.",
                "Förändring 2022–2023 i procentenheter."
            ]
        );
        assert_eq!(t.sources, ["Palliativregistret"]);
        // Descending order keeps the change of the two latest years.
        let t = build(&e, &["b".into()], &opts(&[2023, 2022]));
        assert_eq!(t.rows[0], ["Brytpunktssamtal (%)", "52¹", "51", "+1"]);
    }

    #[test]
    fn breaks_get_a_note_and_no_change() {
        let e = Engine::plain(
            model(
                "{id: a, name: Avvikelser, unit: antal, breaks: [{year: 2022, reason: Avvikelsetyperna är vidareutvecklade}]}",
                &[(2021, Some(2653.0)), (2022, Some(2107.0))],
            ),
            2022,
        );
        let t = build(&e, &["a".into()], &opts(&[2021, 2022]));
        assert_eq!(t.rows[0], ["Avvikelser", "2\u{a0}653", "2\u{a0}107¹", "–¹"]);
        assert_eq!(
            t.notes[0],
            "¹ Från 2022 är värdena inte jämförbara med tidigare år: avvikelsetyperna är vidareutvecklade."
        );
        assert!(t.notes.last().unwrap().ends_with("–: ingen jämförelse."));
    }

    #[test]
    fn protected_counts_and_superscripts() {
        assert_eq!(superscript(12), "¹²");
        let m = model(
            "{id: p, name: Personer, unit: antal, persons: true}",
            &[(2023, Some(3.0)), (2024, Some(40.0))],
        );
        let e = Engine::new(
            std::sync::Arc::new(m),
            2024,
            Default::default(),
            None,
            &mut Vec::new(),
        );
        let t = build(&e, &["p".into()], &opts(&[2023, 2024]));
        assert_eq!(t.rows[0], ["Personer", "<5", "40", "x"]);
        assert!(t.notes.iter().any(|n| n.starts_with("<5: färre än 5 personer")));
    }
}
