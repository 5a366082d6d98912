//! Generated Swedish sentences. Each function returns plain text and the footnotes that belong
//! to it (missing values, breaks, qualifiers, revisions); the template layer escapes the text
//! and turns the notes into Markdown footnotes.
//!
//! Two forms of a change:
//!
//! * [`change`] (`andring`): "Antalet rapporter enligt lex Sarah ökade markant, från 44 till 76
//!   (+73 %)." Magnitude word, streak, the change in a parenthesis, the judgement last.
//! * [`full`] (`mening`): "Smärtskattning sista levnadsveckan ökade från 23 % 2022 till 42 %
//!   2023, en förbättring med 19 procentenheter. Målvärdet 100 % nåddes inte." Years, the change as
//!   a noun, then the extreme, the targets and the benchmarks.

use crate::format::{self, Unit};
use crate::model::catalogue::Indicator;
use crate::model::observation::Qualifier;

use super::change::{self, Change, NoComparison};
use super::prose::Shown;
use super::words::{self, Direction, Judgement, Magnitude};
use super::{Cell, CellKind, Engine, Point, series, targets};

/// Text with its footnotes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub notes: Vec<String>,
    /// Byte offset in `text` where the footnote references go (after the sentence they
    /// belong to); the end when `None`.
    pub at: Option<usize>,
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            text: text.into(),
            notes: Vec::new(),
            at: None,
        }
    }

    /// The text before and after the footnote references.
    pub fn split(&self) -> (&str, &str) {
        let at = self
            .at
            .filter(|&a| self.text.is_char_boundary(a))
            .unwrap_or(self.text.len());
        self.text.split_at(at)
    }

    pub(super) fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub(super) fn absorb(&mut self, other: Text) -> String {
        for n in other.notes {
            self.note(n);
        }
        other.text
    }
}

/// A value as printed in running text: "42 %", "ca 255", "1 298".
pub fn point_text(engine: &Engine, ind: &Indicator, p: &Point) -> String {
    let s = ind.with_unit(p.raw, p.decimals, &engine.style);
    match p.qualifier {
        Some(Qualifier::Ca) => format!("ca {s}"),
        _ => s,
    }
}

/// A value without its unit, for the first of two values that share it: "från 391 till 214
/// dagar" (the unit once). Shares keep "%" on both values, as they always are written.
pub(super) fn point_number(engine: &Engine, ind: &Indicator, p: &Point) -> String {
    if matches!(ind.unit, Unit::Procent | Unit::Andel) {
        return point_text(engine, ind, p);
    }
    let s = format::number(p.shown, p.decimals, &engine.style);
    match p.qualifier {
        Some(Qualifier::Ca) => format!("ca {s}"),
        _ => s,
    }
}

/// Footnotes for a printed value of `cell`: its qualifier (with the data's note) and any
/// revision.
fn point_notes(engine: &Engine, ind: &Indicator, cell: &Cell, p: &Point) -> Vec<String> {
    let mut notes = Vec::new();
    let when = cell.label();
    let with_note = |what: &str| match &p.note {
        Some(n) => format!("{what} för {when}: {}", format::full_stop(n)),
        None => format!("{what} för {when}."),
    };
    match p.qualifier {
        Some(Qualifier::Preliminar) => notes.push(with_note("Preliminärt värde")),
        Some(Qualifier::Uppskattad) => notes.push(with_note("Uppskattat värde")),
        Some(Qualifier::Ca) if p.note.is_some() => notes.push(with_note("Ungefärligt värde")),
        _ => {}
    }
    if let Some(span) = &p.period_note {
        notes.push(format!("Värdet för {when} avser {}", format::full_stop(span)));
    }
    if cell.period.is_year()
        && let Some(r) = engine.revision(&ind.id, cell.year)
    {
        notes.push(r.footnote(engine, ind));
    }
    notes
}

/// The value of a cell for running text ("42 %", "färre än 5", "uppgift saknas") with notes.
pub fn cell_text(engine: &Engine, ind: &Indicator, cell: &Cell) -> Text {
    match &cell.kind {
        CellKind::Value(p) => Text {
            text: point_text(engine, ind, p),
            notes: point_notes(engine, ind, cell, p),
            at: None,
        },
        CellKind::Small => Text::plain(format!("färre än {}", engine.privacy.threshold)),
        CellKind::Hidden => Text {
            text: "uppgift redovisas inte".to_string(),
            notes: vec![protected_note(&cell.label())],
            at: None,
        },
        CellKind::Missing { note } => Text {
            text: "uppgift saknas".to_string(),
            notes: note
                .iter()
                .map(|n| format!("Uppgift saknas för {}: {}", cell.label(), format::full_stop(n)))
                .collect(),
            at: None,
        },
    }
}

/// A count standing alone in running text, in words: "inga" for 0, "två" … "tolv" (Svenska
/// skrivregler); `None` for other values, other units, and approximate values.
pub fn count_in_words(ind: &Indicator, cell: &Cell) -> Option<&'static str> {
    let p = cell.point()?;
    if ind.unit != Unit::Antal || p.qualifier == Some(Qualifier::Ca) {
        return None;
    }
    words::count_word(p.shown)
}

fn protected_note(when: &str) -> String {
    format!(
        "Uppgiften för {when} redovisas inte, eftersom ett litet antal personer annars skulle kunna räknas fram."
    )
}

/// "44 år 2022" for counts, "23 % 2022" when a unit separates number and year, and
/// "45 (tertial 2 2023)" for periods shorter than a year.
pub(super) fn at_period(ind: &Indicator, value: &str, cell: &Cell) -> String {
    if !cell.period.is_year() {
        format!("{value} ({})", cell.label())
    } else if ind.unit == Unit::Antal {
        format!("{value} år {}", cell.year)
    } else {
        format!("{value} {}", cell.year)
    }
}

/// The subject for `ind`, or the text's own.
pub fn subject(ind: &Indicator, own: Option<&str>) -> String {
    match own {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => match &ind.subject {
            Some(s) => s.clone(),
            None => words::subject(&ind.name, ind.unit),
        },
    }
}

/// What can be said about one period when no comparison is made: "Antalet … var 246 år 2023."
pub(super) fn level_sentence(
    engine: &Engine,
    ind: &Indicator,
    subj: &str,
    cell: &Cell,
    out: &mut Text,
) -> String {
    let when = cell.label();
    match &cell.kind {
        CellKind::Value(p) => {
            let v = point_text(engine, ind, p);
            for n in point_notes(engine, ind, cell, p) {
                out.note(n);
            }
            format!("{subj} var {}.", at_period(ind, &v, cell))
        }
        CellKind::Small => {
            let v = format!("färre än {}", engine.privacy.threshold);
            format!("{subj} var {}.", at_period(ind, &v, cell))
        }
        CellKind::Hidden => {
            out.note(protected_note(&when));
            format!(
                "Uppgiften om {} för {when} redovisas inte.",
                words::lower_first(subj)
            )
        }
        CellKind::Missing { note } => {
            if let Some(n) = note {
                out.note(format!("Uppgift saknas för {when}: {}", format::full_stop(n)));
            }
            format!("Uppgift om {} för {when} saknas.", words::lower_first(subj))
        }
    }
}

/// The footnote for a comparison not made; none when the sentence already says the report
/// period's value is missing or protected.
pub(super) fn gap_note(why: &NoComparison, from: &Cell, to: &Cell) -> Option<String> {
    if why.label() == Some(to.label().as_str()) {
        None
    } else {
        Some(why.footnote(&from.label()))
    }
}

/// The first year a streak or an extreme about `ind` may reach back to: the first year the
/// section's tables and charts show; `None` when the section shows no table of it.
pub(super) fn claims_from(engine: &Engine, ind: &Indicator) -> Option<i32> {
    match engine.prose.shown(&ind.id) {
        Shown::Any => Some(i32::MIN),
        Shown::Years(first, _) => Some(first),
        Shown::None => None,
    }
}

/// "för tredje året i rad", only for a change from the year before, counted over the years the
/// section shows, and within the chapter's phrase budget ("året i följd" next).
pub(super) fn streak_of(engine: &Engine, ind: &Indicator, from: &Cell, to: &Cell) -> Option<String> {
    if !from.period.is_year() || !to.period.is_year() || to.year != from.year + 1 {
        return None;
    }
    let first = claims_from(engine, ind)?;
    let s = engine.series(ind);
    let n = series::streak_within(&s, to.year, &engine.thresholds, first);
    if n < 2 {
        return None;
    }
    let phrase = engine.prose.pick(&[STREAK, STREAK_ALT])?;
    Some(format!("för {} {phrase}", words::ordinal(n)))
}

/// The streak phrases, in the order the budget uses them.
pub const STREAK: &str = "året i rad";
pub const STREAK_ALT: &str = "året i följd";
/// The judgement phrases after a change, in the order the budget uses them.
pub const BETTER: [&str; 2] = ["en förbättring", "ett bättre resultat"];
pub const WORSE: [&str; 2] = ["en försämring", "ett sämre resultat"];

/// The judgement as a closing phrase ("en förbättring"), within the chapter's budget.
pub(super) fn judged(engine: &Engine, j: Option<Judgement>) -> Option<&'static str> {
    match j? {
        Judgement::Better => engine.prose.pick(&BETTER),
        Judgement::Worse => engine.prose.pick(&WORSE),
    }
}

/// "Det var den högsta nivån under perioden 2022–2024." over the years the section shows,
/// within the chapter's budget ("Värdet var det högsta …" next).
fn extreme_sentence(engine: &Engine, ind: &Indicator, year: i32) -> Option<String> {
    let first = claims_from(engine, ind)?;
    let s = engine.series(ind);
    let x = series::extreme_within(&s, year, first)?;
    let (noun, adjective) = if x.is_high() {
        ("den högsta nivån", "det högsta")
    } else {
        ("den lägsta nivån", "det lägsta")
    };
    let phrase = engine.prose.pick(&[noun_key(noun), noun_key(adjective)])?;
    let when = x.span(year);
    Some(if phrase == noun_key(noun) {
        format!("Det var {noun} {when}.")
    } else {
        format!("Värdet var {adjective} {when}.")
    })
}

fn noun_key(s: &str) -> &'static str {
    match s {
        "den högsta nivån" => "den högsta nivån",
        "det högsta" => "det högsta",
        "den lägsta nivån" => "den lägsta nivån",
        _ => "det lägsta",
    }
}

/// "231 året innan" for the year before, "421 samma period året innan" for a period, else
/// the value with its period ("44 år 2022").
pub(super) fn earlier(ind: &Indicator, a: &str, from: &Cell, to: &Cell) -> String {
    if from.period.is_year() && to.period.is_year() && to.year == from.year + 1 {
        format!("{a} året innan")
    } else if !from.period.is_year() && to.year == from.year + 1 {
        format!("{a} samma period året innan")
    } else {
        at_period(ind, a, from)
    }
}

/// A negligible (marginal) change carries no valence: "Antalet fall med skada var i stort
/// sett oförändrat, 226 jämfört med 231 året innan (−2,2 %)."
fn negligible(
    engine: &Engine,
    ind: &Indicator,
    subj: &str,
    (from, to): (&Cell, &Cell),
    c: &Change,
    (a, b): (&str, &str),
    years: bool,
) -> String {
    let now = if years {
        at_period(ind, b, to)
    } else {
        b.to_string()
    };
    format!(
        "{subj} var i stort sett {}, {now} jämfört med {} ({}).",
        words::unchanged_for(subj),
        earlier(ind, a, from, to),
        c.signed_text(ind, &engine.style)
    )
}

pub(super) fn values(
    engine: &Engine,
    ind: &Indicator,
    from: &Cell,
    to: &Cell,
    c: &Change,
    out: &mut Text,
) -> (String, String) {
    for n in point_notes(engine, ind, from, &c.from) {
        out.note(n);
    }
    for n in point_notes(engine, ind, to, &c.to) {
        out.note(n);
    }
    (point_text(engine, ind, &c.from), point_text(engine, ind, &c.to))
}

/// `andring`: the change from `from_year` to `to_year` in one short sentence.
pub fn change(engine: &Engine, ind: &Indicator, from_year: i32, to_year: i32, own: Option<&str>) -> Text {
    let from = engine.cell(&ind.id, from_year);
    let to = engine.cell(&ind.id, to_year);
    change_cells(engine, ind, &from, &to, own)
}

/// [`change`] between any two cells, e.g. a tertial and the same tertial a year earlier.
pub fn change_cells(engine: &Engine, ind: &Indicator, from: &Cell, to: &Cell, own: Option<&str>) -> Text {
    let subj = subject(ind, own);
    let mut out = Text::default();
    out.text = match change::compare(ind, from, to, &engine.thresholds) {
        Ok(c) => {
            let (a, b) = values(engine, ind, from, to, &c, &mut out);
            match (c.direction, c.magnitude) {
                (Direction::Flat, _) => flat(ind, &subj, from, to, &c, &a, &b),
                (_, Some(Magnitude::Marginal)) => {
                    negligible(engine, ind, &subj, (from, to), &c, (&a, &b), false)
                }
                (Direction::Up | Direction::Down, _) => {
                    let mut adverbials: Vec<String> = Vec::new();
                    adverbials.extend(c.magnitude.map(|m| m.adverb().to_string()));
                    adverbials.extend(streak_of(engine, ind, from, to));
                    let lead = if adverbials.is_empty() {
                        String::new()
                    } else {
                        format!(" {},", adverbials.join(" "))
                    };
                    let judged = judged(engine, c.judgement)
                        .map(|j| format!(", {j}"))
                        .unwrap_or_default();
                    let consecutive =
                        from.period.is_year() && to.period.is_year() && to.year == from.year + 1;
                    let span = if consecutive || !from.period.is_year() {
                        // The unit once: "från 391 till 214 dagar".
                        format!("från {} till {b}", point_number(engine, ind, &c.from))
                    } else {
                        // Another year than the one before: both years named.
                        format!(
                            "från {} till {}",
                            at_period(ind, &a, from),
                            at_period(ind, &b, to)
                        )
                    };
                    format!(
                        "{subj} {}{lead} {span} ({}){judged}.",
                        c.direction.verb(),
                        c.signed_text(ind, &engine.style)
                    )
                }
            }
        }
        Err(why) => {
            let s = level_sentence(engine, ind, &subj, to, &mut out);
            if let Some(n) = gap_note(&why, from, to) {
                out.note(n);
            }
            s
        }
    };
    out
}

fn flat(ind: &Indicator, subj: &str, from: &Cell, to: &Cell, c: &Change, a: &str, b: &str) -> String {
    if c.diff == 0.0 {
        format!("{subj} var {b} både {} och {}.", from.label(), to.label())
    } else {
        format!(
            "{subj} låg på ungefär samma nivå, {} och {}.",
            at_period(ind, a, from),
            at_period(ind, b, to)
        )
    }
}

/// `mening`: the change with years, then the extreme, the targets and the benchmarks.
pub fn full(engine: &Engine, ind: &Indicator, from_year: i32, to_year: i32, own: Option<&str>) -> Text {
    let from = engine.cell(&ind.id, from_year);
    let to = engine.cell(&ind.id, to_year);
    full_cells(engine, ind, &from, &to, own)
}

/// [`full`] between any two cells. Extremes and benchmarks are stated for years only.
pub fn full_cells(engine: &Engine, ind: &Indicator, from: &Cell, to: &Cell, own: Option<&str>) -> Text {
    let subj = subject(ind, own);
    let mut out = Text::default();
    let mut parts = Vec::new();
    match change::compare(ind, from, to, &engine.thresholds) {
        Ok(c) => {
            let (a, b) = values(engine, ind, from, to, &c, &mut out);
            parts.push(match (c.direction, c.magnitude) {
                (Direction::Flat, _) => flat(ind, &subj, from, to, &c, &a, &b),
                (_, Some(Magnitude::Marginal)) => {
                    negligible(engine, ind, &subj, (from, to), &c, (&a, &b), true)
                }
                (Direction::Up | Direction::Down, _) => {
                    let lead = streak_of(engine, ind, from, to)
                        .map(|s| format!(" {s},"))
                        .unwrap_or_default();
                    // The judgement as the noun, within the budget; else the plain direction.
                    let noun = match c.judgement {
                        Some(Judgement::Better) if engine.prose.pick(&BETTER[..1]).is_some() => BETTER[0],
                        Some(Judgement::Worse) if engine.prose.pick(&WORSE[..1]).is_some() => WORSE[0],
                        _ if c.direction == Direction::Up => "en ökning",
                        _ => "en minskning",
                    };
                    format!(
                        "{subj} {}{lead} från {} till {}, {noun} med {}.",
                        c.direction.verb(),
                        at_period(ind, &a, from),
                        at_period(ind, &b, to),
                        c.size_text(ind, &engine.style)
                    )
                }
            });
        }
        Err(why) => {
            parts.push(level_sentence(engine, ind, &subj, to, &mut out));
            if let Some(n) = gap_note(&why, from, to) {
                out.note(n);
            }
        }
    }
    // The notes belong to the first sentence, about the values.
    let first_len = parts.first().map_or(0, String::len);
    let to_year = to.year;
    if let Some(p) = to.point() {
        if to.period.is_year() {
            parts.extend(extreme_sentence(engine, ind, to_year));
        }
        parts.extend(targets::sentences(ind, to_year, p, &engine.style));
        if to.period.is_year() {
            let phrases = benchmark_phrases(engine, ind, to_year, p, None);
            if !phrases.is_empty() {
                parts.push(format!("Värdet låg {}.", super::benchmarks::join(&phrases)));
            }
        }
    }
    out.text = parts.join(" ");
    out.at = Some(first_len);
    out
}

pub(super) fn benchmark_phrases(
    engine: &Engine,
    ind: &Indicator,
    year: i32,
    p: &Point,
    only: Option<&str>,
) -> Vec<String> {
    let list: Vec<super::benchmarks::Benchmark> = engine
        .benchmark_names(&ind.id, year)
        .into_iter()
        .filter(|n| only.is_none_or(|o| super::benchmarks::label(o) == super::benchmarks::label(n)))
        .filter_map(|n| {
            let v = engine.benchmark(&ind.id, &n, year)?;
            super::benchmarks::compare(ind, p, &n, v)
        })
        .collect();
    super::benchmarks::phrases(ind, &list, &engine.style)
}

/// `mal`: the target sentences for `year`. Errors when the indicator has no target then.
pub fn target(engine: &Engine, ind: &Indicator, year: i32) -> Result<Text, String> {
    if targets::applicable(ind, year).is_empty() {
        return Err(format!(
            "\"{}\" has no target (målvärde) for {year}; add one under targets: in the indicator catalogue",
            ind.id
        ));
    }
    let cell = engine.cell(&ind.id, year);
    let mut out = Text::default();
    out.text = match cell.point() {
        Some(p) => {
            for n in point_notes(engine, ind, &cell, p) {
                out.note(n);
            }
            targets::sentences(ind, year, p, &engine.style).join(" ")
        }
        None => {
            let why = match cell.kind {
                CellKind::Small | CellKind::Hidden => "uppgiften redovisas inte",
                _ => "uppgift saknas",
            };
            format!("Om målvärdet nåddes {year} kan inte bedömas: {why}.")
        }
    };
    Ok(out)
}

/// `jamforelse`: "{subjekt} var 62 % 2023, 8 procentenheter under riket (70 %)."
pub fn benchmark(
    engine: &Engine,
    ind: &Indicator,
    year: i32,
    with: Option<&str>,
    own: Option<&str>,
) -> Result<Text, String> {
    let cell = engine.cell(&ind.id, year);
    let subj = subject(ind, own);
    let mut out = Text::default();
    let Some(p) = cell.point() else {
        let text = level_sentence(engine, ind, &subj, &cell, &mut out);
        out.text = text;
        return Ok(out);
    };
    let phrases = benchmark_phrases(engine, ind, year, p, with);
    if phrases.is_empty() {
        return Err(format!(
            "\"{}\" has no comparison value{} for {year}",
            ind.id,
            with.map(|w| format!(" for {w}")).unwrap_or_default()
        ));
    }
    for n in point_notes(engine, ind, &cell, p) {
        out.note(n);
    }
    let v = point_text(engine, ind, p);
    out.text = super::benchmarks::sentence(&subj, &v, year, &phrases);
    Ok(out)
}

/// `forandring`: "+19 procentenheter", "+73 %"; a dash and a footnote when no comparison.
pub fn change_amount(engine: &Engine, ind: &Indicator, from: &Cell, to: &Cell) -> Text {
    match change::compare(ind, from, to, &engine.thresholds) {
        Ok(c) => Text::plain(c.signed_text(ind, &engine.style)),
        Err(why) => Text {
            text: "–".to_string(),
            notes: vec![why.footnote(&from.label())],
            at: None,
        },
    }
}

/// The comparison between two years of an indicator.
pub fn comparison(engine: &Engine, ind: &Indicator, from_year: i32, to_year: i32) -> change::Comparison {
    let from = engine.cell(&ind.id, from_year);
    let to = engine.cell(&ind.id, to_year);
    change::compare(ind, &from, &to, &engine.thresholds)
}

/// `parentes`: "961 (1 016)": this year's value with last year's in parentheses.
pub fn parenthesis(engine: &Engine, ind: &Indicator, year: i32) -> Text {
    let mut out = Text::default();
    let now = cell_text(engine, ind, &engine.cell(&ind.id, year));
    let before = cell_text(engine, ind, &engine.cell(&ind.id, year - 1));
    let a = out.absorb(now);
    let b = out.absorb(before);
    out.text = format!("{a} ({b})");
    out
}

/// `parentesforklaring`: the legend for [`parenthesis`], generated from the year.
pub fn parenthesis_legend(year: i32) -> String {
    format!("Siffrorna inom parentes avser {}.", year - 1)
}

/// `riktningar`: "14 av 16 kategorier ökade och 2 minskade".
pub fn directions(engine: &Engine, inds: &[&Indicator], from_year: i32, to_year: i32, noun: &str) -> String {
    let (mut up, mut down, mut flat, mut none) = (0, 0, 0, 0);
    for ind in inds {
        match comparison(engine, ind, from_year, to_year) {
            Ok(c) => match c.direction {
                Direction::Up => up += 1,
                Direction::Down => down += 1,
                Direction::Flat => flat += 1,
            },
            Err(_) => none += 1,
        }
    }
    let total = inds.len();
    let noun = if noun.is_empty() {
        String::new()
    } else {
        format!(" {noun}")
    };
    // "var i stort sett oförändrad" agrees with the number: one, or several.
    let flat_word = if flat == 1 {
        "var i stort sett oförändrad"
    } else {
        "var i stort sett oförändrade"
    };
    let counts = [(up, "ökade"), (down, "minskade"), (flat, flat_word)];
    let (lead_n, lead_word) = counts.into_iter().find(|(n, _)| *n > 0).unwrap_or((0, "ökade"));
    let mut rest = Vec::new();
    for (n, w) in counts {
        if n > 0 && w != lead_word {
            rest.push(format!("{n} {w}"));
        }
    }
    if none > 0 {
        rest.push(format!("{none} kunde inte jämföras"));
    }
    let lead = format!("{lead_n} av {total}{noun} {lead_word}");
    if rest.is_empty() {
        lead
    } else {
        let mut all = vec![lead];
        all.extend(rest);
        words::join_list(&all)
    }
}

/// The definite plural of a plural noun phrase: "indikatorer med nationell målnivå" →
/// "indikatorerna med nationell målnivå".
pub(super) fn definite_plural(noun: &str) -> String {
    let (first, rest) = noun.split_once(' ').unwrap_or((noun, ""));
    let head = if ["er", "ar", "or"].iter().any(|e| first.ends_with(e)) {
        format!("{first}na")
    } else {
        first.to_string()
    };
    if rest.is_empty() {
        head
    } else {
        format!("{head} {rest}")
    }
}

/// `malsammanfattning`: how many of the indicators met their targets, national and local
/// counted apart: "Det nationella målvärdet nåddes för 1 av 6 indikatorer och nästan för
/// ytterligare 1; det lokala målvärdet nåddes inte för någon av de 2 indikatorerna".
pub fn target_summary(engine: &Engine, inds: &[&Indicator], year: i32, noun: &str) -> String {
    use crate::model::catalogue::TargetLevel;
    let noun = if noun.is_empty() { "indikatorer" } else { noun };
    let mut parts = Vec::new();
    for level in [TargetLevel::National, TargetLevel::Local] {
        let (mut met, mut nearly, mut unknown, mut total) = (0, 0, 0, 0);
        for ind in inds {
            let Some(t) = targets::applicable(ind, year)
                .into_iter()
                .find(|t| t.level == level)
            else {
                continue;
            };
            total += 1;
            match engine.cell(&ind.id, year).point() {
                Some(p) => match targets::attain(ind, t, p).status {
                    targets::Status::Met => met += 1,
                    targets::Status::NearlyMet => nearly += 1,
                    targets::Status::NotMet => {}
                },
                None => unknown += 1,
            }
        }
        if total == 0 {
            continue;
        }
        let what = match level {
            TargetLevel::National => "det nationella målvärdet",
            TargetLevel::Local => "det lokala målvärdet",
        };
        let mut s = if total == 1 {
            let how = match (met, nearly) {
                (1, _) => "nåddes",
                (_, 1) => "nåddes nästan",
                _ => "nåddes inte",
            };
            format!("{what} {how} för den enda indikator som har ett sådant")
        } else if met == total {
            format!("{what} nåddes för alla {total} {noun}")
        } else if met == 0 {
            let mut s = format!(
                "{what} nåddes inte för någon av de {total} {}",
                definite_plural(noun)
            );
            if nearly > 0 {
                s.push_str(&format!(", men nästan för {nearly}"));
            }
            s
        } else {
            let mut s = format!("{what} nåddes för {met} av {total} {noun}");
            if nearly > 0 {
                s.push_str(&format!(" och nästan för ytterligare {nearly}"));
            }
            s
        };
        if unknown > 0 {
            s.push_str(&format!(" (uppgift saknas för {unknown})"));
        }
        parts.push(s);
    }
    if parts.is_empty() {
        return format!("Inget målvärde gällde år {year} för {}", definite_plural(noun));
    }
    words::upper_first(&parts.join("; "))
}

/// `andel`: one indicator as a share of another, "12,1 %".
pub fn share_of(engine: &Engine, part: &Indicator, whole: &Indicator, year: i32, decimals: u8) -> Text {
    let a = engine.cell(&part.id, year);
    let b = engine.cell(&whole.id, year);
    match (a.point(), b.point()) {
        (Some(x), Some(y)) if y.raw != 0.0 => Text::plain(format::with_unit(
            x.raw / y.raw * 100.0,
            Unit::Procent,
            decimals,
            &engine.style,
        )),
        _ => {
            let protected = [&a, &b]
                .iter()
                .any(|c| matches!(c.kind, CellKind::Small | CellKind::Hidden));
            if protected {
                Text {
                    text: "uppgift redovisas inte".to_string(),
                    notes: vec![protected_note(&year.to_string())],
                    at: None,
                }
            } else {
                Text::plain("uppgift saknas")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use proptest::prelude::*;

    fn engine(ind: &str, values: &[(i32, Option<f64>)], year: i32) -> Engine {
        Engine::plain(model(ind, values), year)
    }

    fn nb(s: &str) -> String {
        s.replace('\u{a0}', " ").replace('\u{2212}', "-")
    }

    const SMARTA: &str = "{id: palliativ.smartskattning, name: Smärtskattning sista levnadsveckan, unit: procent, polarity: higher_better, targets: [{level: national, value: 100, from: 2017}]}";
    const SARAH: &str = "{id: lex_sarah.rapporter, name: Rapporter enligt lex Sarah, unit: antal}";

    #[test]
    fn the_two_sentences_of_the_issue() {
        let e = engine(SMARTA, &[(2022, Some(23.0)), (2023, Some(42.0))], 2023);
        let ind = e.indicator("palliativ.smartskattning").unwrap();
        let t = full(&e, ind, 2022, 2023, None);
        assert_eq!(
            nb(&t.text),
            "Smärtskattning sista levnadsveckan ökade från 23 % 2022 till 42 % 2023, en förbättring med 19 procentenheter. Målvärdet 100 % nåddes inte."
        );
        assert!(t.notes.is_empty());
        let e = engine(
            SARAH,
            &[(2021, Some(44.0)), (2022, Some(44.0)), (2023, Some(76.0))],
            2023,
        );
        let ind = e.indicator("lex_sarah.rapporter").unwrap();
        let t = change(&e, ind, 2022, 2023, None);
        assert_eq!(
            nb(&t.text),
            "Antalet rapporter enligt lex Sarah ökade markant, från 44 till 76 (+73 %)."
        );
    }

    #[test]
    fn the_catalogue_subject_replaces_the_generated_one() {
        let cat =
            "{id: avvikelser.lakemedel, name: Läkemedel, subject: Antalet läkemedelsavvikelser, unit: antal}";
        let e = engine(cat, &[(2023, Some(40.0)), (2024, Some(50.0))], 2024);
        let ind = e.indicator("avvikelser.lakemedel").unwrap();
        assert_eq!(
            nb(&change(&e, ind, 2023, 2024, None).text),
            "Antalet läkemedelsavvikelser ökade tydligt, från 40 till 50 (+25 %)."
        );
        // A subject given in the text still wins.
        assert!(
            change(&e, ind, 2023, 2024, Some("Läkemedelsavvikelserna"))
                .text
                .starts_with("Läkemedelsavvikelserna ökade")
        );
    }

    #[test]
    fn streaks_judgements_and_flat_changes() {
        let days = "{id: b, name: Betaldagar för utskrivningsklara, unit: dagar, polarity: lower_better}";
        let e = engine(
            days,
            &[(2021, Some(31.0)), (2022, Some(196.0)), (2023, Some(473.0))],
            2023,
        );
        let ind = e.indicator("b").unwrap();
        assert_eq!(
            nb(&change(&e, ind, 2022, 2023, None).text),
            "Betaldagar för utskrivningsklara ökade markant för andra året i rad, från 196 till 473 dagar (+141 %), en försämring."
        );
        assert_eq!(
            nb(&full(&e, ind, 2022, 2023, None).text),
            "Betaldagar för utskrivningsklara ökade för andra året i rad, från 196 dagar 2022 till 473 dagar 2023, en försämring med 141 %. Det var den högsta nivån under perioden 2021–2023."
        );
        let ivo = "{id: i, name: Anmälningar till IVO, unit: antal}";
        let e = engine(ivo, &[(2022, Some(6.0)), (2023, Some(6.0))], 2023);
        let ind = e.indicator("i").unwrap();
        assert_eq!(
            change(&e, ind, 2022, 2023, None).text,
            "Antalet anmälningar till IVO var 6 både 2022 och 2023."
        );
        let e = engine(ivo, &[(2022, Some(1298.0)), (2023, Some(1300.0))], 2023);
        let ind = e.indicator("i").unwrap();
        assert_eq!(
            nb(&change(&e, ind, 2022, 2023, None).text),
            "Antalet anmälningar till IVO låg på ungefär samma nivå, 1 298 år 2022 och 1 300 år 2023."
        );
    }

    #[test]
    fn no_comparison_gives_a_footnote() {
        let brk = "{id: a, name: Avvikelser, unit: antal, breaks: [{year: 2022, reason: Avvikelsetyperna är vidareutvecklade från 2022}]}";
        let e = engine(brk, &[(2021, Some(2653.0)), (2022, Some(2107.0))], 2022);
        let ind = e.indicator("a").unwrap();
        let t = change(&e, ind, 2021, 2022, None);
        assert_eq!(nb(&t.text), "Antalet avvikelser var 2 107 år 2022.");
        assert_eq!(
            t.notes,
            [
                "Ingen jämförelse med 2021: från 2022 är värdena inte jämförbara med tidigare år. Avvikelsetyperna är vidareutvecklade från 2022."
            ]
        );
        assert!(!t.text.contains("ökade") && !t.text.contains("minskade"));
        let e = engine(SARAH, &[(2023, Some(246.0))], 2023);
        let ind = e.indicator("lex_sarah.rapporter").unwrap();
        let t = full(&e, ind, 2022, 2023, None);
        assert_eq!(t.text, "Antalet rapporter enligt lex Sarah var 246 år 2023.");
        assert_eq!(t.notes, ["Ingen jämförelse med 2022: uppgift för 2022 saknas."]);
        let e = engine(SARAH, &[(2022, Some(1.0)), (2023, None)], 2023);
        let ind = e.indicator("lex_sarah.rapporter").unwrap();
        let t = change(&e, ind, 2022, 2023, None);
        assert_eq!(
            t.text,
            "Uppgift om antalet rapporter enligt lex Sarah för 2023 saknas."
        );
        assert!(t.notes.is_empty());
    }

    #[test]
    fn lists_and_summaries() {
        assert_eq!(words::join_list(&["a".into()]), "a");
        assert_eq!(
            words::join_list(&["a".into(), "b".into(), "c".into()]),
            "a, b och c"
        );
        assert_eq!(parenthesis_legend(2023), "Siffrorna inom parentes avser 2022.");
    }

    proptest! {
        /// Whatever the numbers, the verb agrees with the printed values, shares speak of
        /// procentenheter and counts of percent, and neutral indicators are never judged.
        #[test]
        fn sentences_never_contradict_the_numbers(
            a in 0u32..2000, b in 0u32..2000, share in any::<bool>(),
            pol in 0u8..3,
        ) {
            let polarity = ["higher_better", "lower_better", "neutral"][usize::from(pol)];
            let (unit, a, b) = if share {
                ("procent", f64::from(a % 101), f64::from(b % 101))
            } else {
                ("antal", f64::from(a), f64::from(b))
            };
            let yaml = format!("{{id: x, name: X, unit: {unit}, polarity: {polarity}}}");
            let e = engine(&yaml, &[(2023, Some(a)), (2024, Some(b))], 2024);
            let ind = e.indicator("x").unwrap();
            for t in [change(&e, ind, 2023, 2024, None).text, full(&e, ind, 2023, 2024, None).text] {
                let level = t.contains("samma nivå") || t.contains("i stort sett");
                prop_assert_eq!(t.contains("ökade"), b > a && !level, "{}", t);
                prop_assert_eq!(t.contains("minskade"), b < a && !level, "{}", t);
                if polarity == "neutral" || a == b {
                    prop_assert!(!t.contains("förbättr") && !t.contains("försämr"), "{}", t);
                }
                if share {
                    prop_assert!(!t.contains("(+") || t.contains("procentenhet"), "{}", t);
                    prop_assert!(!t.contains("med ") || t.contains("procentenhet"), "{}", t);
                } else {
                    prop_assert!(!t.contains("procentenhet"), "{}", t);
                }
            }
        }
    }
}
