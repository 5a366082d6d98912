//! Typed cell parsing for every reader of `data/`: a cell read as a number, a count, a value
//! checked against its unit or kind, a period, a sex, a qualifier, an indicator id, a date or
//! a word from a closed list; rows given twice; values that are missing or contradict each
//! other. Each diagnostic code of a cell problem is made here and nowhere else, so that the
//! same mistake reads the same in every source:
//!
//! | code | made by |
//! |---|---|
//! | `data.bad-number` | [`number`], [`count`], [`value_of_kind`], [`percentage`] |
//! | `data.out-of-range` | [`value_of_kind`], [`percentage`], [`within_unit`] |
//! | `data.bad-period` | [`period`] |
//! | `data.bad-sex` | [`sex`], [`sex_as`] |
//! | `data.bad-qualifier` | [`qualifier`] |
//! | `data.unknown-indicator` | [`indicator`], [`mapped_indicator`] |
//! | `data.bad-date` | [`date`] |
//! | `data.bad-value` | [`choice`] |
//! | `data.duplicate-row` | [`duplicate_row`] (rows found by [`Seen`]) |
//! | `data.missing-value`, `data.empty-cell` | [`Cells::filled`], [`missing_value`], [`Cells::name`] |
//! | `data.date-order` | [`date_order`] |
//! | `data.inconsistent` | [`inconsistent`] |
//!
//! The parse functions take the cell's text and its [`Spot`] (where the problem is shown) and
//! report to a [`Report`]: a plain list, or the capped sink of the case sources. They return
//! `Err(Reported)` (or `None`) after reporting, so a reader only decides what a bad cell does
//! to its row. [`Cells`] makes the spots of one file's cells and offers the same checks for a
//! table cell. Messages name the cell by its column ([`Place::Column`]) or, in JSON, by its
//! key ([`Place::Key`]).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::Unit;
use crate::formats::table::Cell;
use crate::model::catalogue::{Catalogue, Indicator};
use crate::model::observation::{
    QUALIFIER_EXPECTED, Qualifier, SEX_EXPECTED, Sex, YEAR_RANGE, range_problem,
};
use crate::model::period::Period;
use crate::number::{Cell as NumCell, NumberError, parse_cell, parse_integer_count};

/// Where problems are reported: a list, or a sink that caps each kind (cases/common.rs).
pub trait Report {
    fn report(&mut self, d: Diagnostic);
}

impl Report for Vec<Diagnostic> {
    fn report(&mut self, d: Diagnostic) {
        self.push(d);
    }
}

/// The error of a cell check: it has been reported, nothing more to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// The last note of a value cell: how a missing value is written.
pub const MISSING_HINT: &str = "missing values are written `..`, `-` or left empty";

/// Where a problem is shown: its location and, for readers that name workbook cells, the
/// cell's name (`cell C5`) as the first note.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    pub at: Location,
    cell_name: Option<String>,
}

impl Spot {
    /// Place `d` here: its location, then the cell's name if the spot has one.
    pub fn apply(self, d: Diagnostic) -> Diagnostic {
        let d = d.at(self.at);
        match self.cell_name {
            Some(name) => d.note(name),
            None => d,
        }
    }

    fn error(self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        self.apply(Diagnostic::error(code, message))
    }
}

impl From<Location> for Spot {
    fn from(at: Location) -> Self {
        Spot { at, cell_name: None }
    }
}

/// How a message names the cell: by its column (`in column värde`), or by its JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Column(&'a str),
    Key(&'a str),
}

/// How a number cell is named in messages: its place, what the value is of (`for …`), and a
/// last note on how to write it.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub place: Place<'a>,
    pub subject: Option<&'a str>,
    pub hint: Option<&'a str>,
}

impl<'a> Named<'a> {
    /// A cell of `column`, without subject or hint.
    pub fn column(column: &'a str) -> Self {
        Named {
            place: Place::Column(column),
            subject: None,
            hint: None,
        }
    }

    /// The value of a JSON key.
    pub fn key(key: &'a str) -> Self {
        Named {
            place: Place::Key(key),
            ..Named::column(key)
        }
    }

    pub fn of(self, subject: &'a str) -> Self {
        Named {
            subject: Some(subject),
            ..self
        }
    }

    pub fn hint(self, hint: &'a str) -> Self {
        Named {
            hint: Some(hint),
            ..self
        }
    }

    /// `"text" for subject in column c`: the cell as messages quote it.
    fn quote(&self, text: &str) -> String {
        let mut s = format!("\"{text}\"");
        if let Some(subject) = self.subject {
            s.push_str(&format!(" for {subject}"));
        }
        match self.place {
            Place::Column(c) => s.push_str(&format!(" in column {c}")),
            Place::Key(k) => s.push_str(&format!(" in \"{k}\"")),
        }
        s
    }
}

/// The cells of one file: how their problems are located.
#[derive(Debug, Clone, Copy)]
pub struct Cells<'f> {
    pub file: &'f str,
    name_workbook_cells: bool,
}

impl<'f> Cells<'f> {
    pub fn new(file: &'f str) -> Self {
        Cells {
            file,
            name_workbook_cells: false,
        }
    }

    /// Cells whose problems also name the workbook cell (`cell C5`) when the file is a
    /// `.xlsx`, as the measure sources do.
    pub fn naming_workbook_cells(file: &'f str) -> Self {
        Cells {
            file,
            name_workbook_cells: crate::formats::xlsx::is_xlsx(file),
        }
    }

    pub fn at(&self, c: &Cell) -> Location {
        Location::at(self.file, c.line, c.column)
    }

    pub fn spot(&self, c: &Cell) -> Spot {
        self.spot_at(c.line, c.column)
    }

    /// The spot of the cell at `line` and `column` (1-based).
    pub fn spot_at(&self, line: usize, column: usize) -> Spot {
        Spot {
            at: Location::at(self.file, line, column),
            cell_name: self
                .name_workbook_cells
                .then(|| format!("cell {}", crate::formats::xlsx::cell_name(line, column))),
        }
    }

    /// A whole row: problems of the row rather than of one of its cells.
    pub fn row(&self, line: usize) -> Spot {
        Location::line(self.file, line).into()
    }

    /// [`period`] of a cell; `column` is named in the message when given.
    pub fn period(&self, c: &Cell, column: Option<&str>, out: &mut impl Report) -> Option<Period> {
        period(&c.text, self.spot(c), column, out)
    }

    /// [`sex`] of an optional cell (`Ok(None)` without one).
    pub fn sex(&self, c: Option<&Cell>, out: &mut impl Report) -> Result<Option<Sex>, Reported> {
        c.map_or(Ok(None), |c| sex(&c.text, self.spot(c), out))
    }

    /// [`qualifier`] of an optional cell (`Ok(None)` without one).
    pub fn qualifier(&self, c: Option<&Cell>, out: &mut impl Report) -> Result<Option<Qualifier>, Reported> {
        c.map_or(Ok(None), |c| qualifier(&c.text, self.spot(c), out))
    }

    /// [`number`] of a cell.
    pub fn number(&self, c: &Cell, named: Named, out: &mut impl Report) -> Result<Option<f64>, Reported> {
        number(&c.text, self.spot(c), named, out)
    }

    /// [`count`] of a cell.
    pub fn count(&self, c: &Cell, named: Named, out: &mut impl Report) -> Result<Option<u64>, Reported> {
        count(&c.text, self.spot(c), named, out)
    }

    /// [`date`] of an optional cell (`Ok(None)` without one or when it is empty).
    pub fn date(
        &self,
        c: Option<&Cell>,
        column: &str,
        out: &mut impl Report,
    ) -> Result<Option<NaiveDate>, Reported> {
        c.map_or(Ok(None), |c| date(&c.text, self.spot(c), column, None, out))
    }

    /// [`choice`] of an optional cell (`Ok(None)` without one or when it is empty).
    pub fn choice<T: Copy>(
        &self,
        c: Option<&Cell>,
        column: &str,
        options: &[(T, &[&str])],
        out: &mut impl Report,
    ) -> Result<Option<T>, Reported> {
        c.map_or(Ok(None), |c| choice(&c.text, self.spot(c), column, options, out))
    }

    /// Whether a required cell has a value; `data.missing-value` ("column X is empty", with
    /// `note`) when it is empty.
    pub fn filled(&self, c: &Cell, column: &str, note: &str, out: &mut impl Report) -> bool {
        if !c.text.is_empty() {
            return true;
        }
        out.report(missing_value(self.spot(c), format!("column {column} is empty")).note(note));
        false
    }

    /// The trimmed text of the cell that names a row (a survey, a check);
    /// `data.empty-cell` (with `note`) when it is empty. The name is returned either way.
    pub fn name(&self, c: &Cell, column: &str, note: &str, out: &mut impl Report) -> String {
        let name = c.text.trim().to_string();
        if name.is_empty() {
            out.report(
                self.spot(c)
                    .error("data.empty-cell", format!("column {column} is empty"))
                    .note(note),
            );
        }
        name
    }
}

// ---------------------------------------------------------------------------------------
// Numbers and values
// ---------------------------------------------------------------------------------------

/// Whole numbers or any number, as messages call them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numeral {
    Number,
    Count,
}

fn bad_number(text: &str, what: Numeral, spot: Spot, named: Named, e: &NumberError) -> Diagnostic {
    let what = match what {
        Numeral::Number => "invalid number",
        Numeral::Count => "invalid count",
    };
    let d = spot
        .error("data.bad-number", format!("{what} {}", named.quote(text)))
        .note(e.to_string());
    match named.hint {
        Some(h) => d.note(h),
        None => d,
    }
}

fn out_of_range(spot: Spot, message: String, notes: &[&str]) -> Diagnostic {
    notes
        .iter()
        .fold(spot.error("data.out-of-range", message), |d, n| d.note(*n))
}

/// A number (`1 234,5`, `87 %`); `Ok(None)` for a missing marker (`..`, `-`, empty).
pub fn number(
    text: &str,
    spot: impl Into<Spot>,
    named: Named,
    out: &mut impl Report,
) -> Result<Option<f64>, Reported> {
    match parse_cell(text) {
        Ok(NumCell::Missing) => Ok(None),
        Ok(NumCell::Value(v)) => Ok(Some(v)),
        Err(e) => {
            out.report(bad_number(text, Numeral::Number, spot.into(), named, &e));
            Err(Reported)
        }
    }
}

/// A whole number of at least 0; `Ok(None)` for a missing marker.
pub fn count(
    text: &str,
    spot: impl Into<Spot>,
    named: Named,
    out: &mut impl Report,
) -> Result<Option<u64>, Reported> {
    parse_integer_count(text).map_err(|e| {
        out.report(bad_number(text, Numeral::Count, spot.into(), named, &e));
        Reported
    })
}

/// What a value may be, for sources that describe their measures by kind rather than by
/// the indicator's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number of at least 0 (persons, events, assessments).
    Count,
    /// A percentage, 0–100.
    Share,
    /// Any other non-negative number (a mean score, days).
    Number,
}

/// A value of a kind: a count, a percentage or a non-negative number. The range messages
/// name the value (`share "101" for … in column värde`) and end with `named.hint`.
pub fn value_of_kind(
    text: &str,
    kind: Kind,
    spot: impl Into<Spot>,
    named: Named,
    out: &mut impl Report,
) -> Result<Option<f64>, Reported> {
    let spot = spot.into();
    if kind == Kind::Count {
        return Ok(count(text, spot, named, out)?.map(|v| v as f64));
    }
    let Some(v) = number(text, spot.clone(), named, out)? else {
        return Ok(None);
    };
    let (what, expected) = match kind {
        Kind::Share if !(0.0..=100.0).contains(&v) => (
            "share",
            "expected a percentage from 0 to 100 (write 85 or 85 %, not 0,85)",
        ),
        Kind::Number if v < 0.0 => ("negative value", "expected a number of at least 0"),
        _ => return Ok(Some(v)),
    };
    let mut notes = vec![expected];
    notes.extend(named.hint);
    out.report(out_of_range(
        spot,
        format!("{what} {}", named.quote(text)),
        &notes,
    ));
    Err(Reported)
}

/// How many decimals a number is written with: "71,58" → 2, "80" → 0, "1 234,5 %" → 1.
/// `None` when the text is not a plain number (a missing marker).
pub fn written_decimals(text: &str) -> Option<u8> {
    let t = text.trim().trim_end_matches('%').trim();
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = match t.rsplit_once([',', '.']) {
        Some((_, f)) => f,
        None => "",
    };
    let n = frac.chars().filter(char::is_ascii_digit).count();
    Some(u8::try_from(n).unwrap_or(u8::MAX))
}

/// A percentage of `column` in 0–100 (survey shares); `Ok(None)` when missing.
pub fn percentage(
    text: &str,
    spot: impl Into<Spot>,
    column: &str,
    out: &mut impl Report,
) -> Result<Option<f64>, Reported> {
    let spot = spot.into();
    let named = Named::column(column).hint(MISSING_HINT);
    match number(text, spot.clone(), named, out)? {
        Some(v) if !(0.0..=100.0).contains(&v) => {
            out.report(out_of_range(
                spot,
                format!("{column} \"{text}\" is outside 0–100 (a percentage)"),
                &["shares are written as percent numbers: 87 or 87,5 for 87,5 %"],
            ));
            Err(Reported)
        }
        v => Ok(v),
    }
}

/// Whether `value` can be one of `unit` (a percentage within 0–100, a count not negative);
/// `data.out-of-range` otherwise. `what` names the value: `value "101" for lex_sarah.x`.
pub fn within_unit(value: f64, unit: Unit, what: &str, spot: impl Into<Spot>, out: &mut impl Report) -> bool {
    within_range(value, unit, None, what, spot, out)
}

/// [`within_unit`] for an indicator of the catalogue, whose `max:` may let a share exceed 100 %.
pub fn within_indicator(
    value: f64,
    ind: &crate::model::catalogue::Indicator,
    what: &str,
    spot: impl Into<Spot>,
    out: &mut impl Report,
) -> bool {
    within_range(value, ind.unit, ind.max, what, spot, out)
}

fn within_range(
    value: f64,
    unit: Unit,
    max: Option<f64>,
    what: &str,
    spot: impl Into<Spot>,
    out: &mut impl Report,
) -> bool {
    match range_problem(value, unit, max) {
        None => true,
        Some(problem) => {
            out.report(out_of_range(spot.into(), format!("{what} {problem}"), &[]));
            false
        }
    }
}

// ---------------------------------------------------------------------------------------
// Periods, sexes, qualifiers, indicators
// ---------------------------------------------------------------------------------------

/// A period (`2024`, `2024-H1`, `2024-T2`, `2024-Q3`, `2024-05`) in the years the tool
/// accepts; `column` is named in the message when given.
pub fn period(
    text: &str,
    spot: impl Into<Spot>,
    column: Option<&str>,
    out: &mut impl Report,
) -> Option<Period> {
    match Period::parse(text) {
        Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
        _ => {
            let in_column = column.map(|c| format!(" in column {c}")).unwrap_or_default();
            out.report(
                spot.into()
                    .error("data.bad-period", format!("invalid period \"{text}\"{in_column}"))
                    .note(format!("expected {}", Period::EXPECTED)),
            );
            None
        }
    }
}

/// A sex by the rules of nyckeltal.csv: `T`, `K`, `M` (or spelled out), or empty.
pub fn sex(text: &str, spot: impl Into<Spot>, out: &mut impl Report) -> Result<Option<Sex>, Reported> {
    sex_as(
        text,
        spot,
        Place::Column("kön"),
        |t| Sex::parse(t).ok(),
        SEX_EXPECTED,
        out,
    )
}

/// A sex (or gender) by a source's own rules: `parse` says what the text means, `expected`
/// is the note when it means nothing.
pub fn sex_as<T>(
    text: &str,
    spot: impl Into<Spot>,
    place: Place,
    parse: impl FnOnce(&str) -> Option<T>,
    expected: &str,
    out: &mut impl Report,
) -> Result<T, Reported> {
    if let Some(s) = parse(text) {
        return Ok(s);
    }
    let message = match place {
        Place::Column(c) => format!("invalid value \"{text}\" in column {c}"),
        Place::Key(k) => format!("invalid {k} \"{text}\""),
    };
    out.report(spot.into().error("data.bad-sex", message).note(expected));
    Err(Reported)
}

/// `ca`, `preliminär`, `uppskattad` (and their abbreviations), or empty.
pub fn qualifier(
    text: &str,
    spot: impl Into<Spot>,
    out: &mut impl Report,
) -> Result<Option<Qualifier>, Reported> {
    Qualifier::parse(text).map_err(|_| {
        out.report(
            spot.into()
                .error("data.bad-qualifier", format!("invalid qualifier \"{text}\""))
                .note(QUALIFIER_EXPECTED),
        );
        Reported
    })
}

/// The catalogue entry for `id`, or `data.unknown-indicator` with a did-you-mean.
pub fn indicator<'c>(
    catalogue: &'c Catalogue,
    id: &str,
    spot: impl Into<Spot>,
    out: &mut impl Report,
) -> Option<&'c Indicator> {
    if let Some(i) = catalogue.get(id) {
        return Some(i);
    }
    let mut d = unknown_indicator(spot.into(), format!("unknown indicator \"{id}\""))
        .note("expected an id from the built-in catalogue or data/indikatorer.yaml");
    if let Some(s) = did_you_mean(id, catalogue.keys().map(String::as_str)) {
        d = d.note(format!("did you mean \"{s}\"?"));
    }
    out.report(d);
    None
}

/// Whether the indicator a source maps `from` (a measure) to is in the catalogue; an error
/// of the source's specification otherwise.
pub fn mapped_indicator(
    catalogue: &Catalogue,
    id: &str,
    from: &str,
    spot: impl Into<Spot>,
    out: &mut impl Report,
) -> bool {
    if catalogue.contains_key(id) {
        return true;
    }
    out.report(unknown_indicator(
        spot.into(),
        format!("{from} maps to indicator {id}, which is not in the catalogue"),
    ));
    false
}

fn unknown_indicator(spot: Spot, message: String) -> Diagnostic {
    spot.error("data.unknown-indicator", message)
}

// ---------------------------------------------------------------------------------------
// Dates and closed lists
// ---------------------------------------------------------------------------------------

pub const DATE_EXPECTED: &str = "expected a date such as 2024-03-05 (year-month-day), optionally with a time";

/// A date as exports write it: `2024-03-05`, optionally followed by a time
/// (`2024-03-05 14:32`, `2024-03-05T14:32:00`). `None` for anything else, including
/// impossible dates such as `2024-13-01` or `2023-02-29`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    // Parsed by hand: this runs for every row of a million-row export.
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    let d = NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)?;
    if let Some(t) = time
        && !t.is_empty()
        && chrono::NaiveTime::parse_from_str(t, "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .is_err()
    {
        return None;
    }
    YEAR_RANGE.contains(&d.year()).then_some(d)
}

/// A date cell of `column`: `Ok(None)` when empty; `hint` is a last note on what else the
/// column may hold.
pub fn date(
    text: &str,
    spot: impl Into<Spot>,
    column: &str,
    hint: Option<&str>,
    out: &mut impl Report,
) -> Result<Option<NaiveDate>, Reported> {
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(d) = parse_date(text) {
        return Ok(Some(d));
    }
    let d = spot
        .into()
        .error(
            "data.bad-date",
            format!("invalid date \"{text}\" in column {column}"),
        )
        .note(DATE_EXPECTED);
    out.report(match hint {
        Some(h) => d.note(h),
        None => d,
    });
    Err(Reported)
}

/// Fold a category or value name for matching: case, Swedish letters and punctuation do not
/// matter (`Hot/våld`, `hot och vald` and `HOT_OCH_VÅLD` fold to `hot_vald`, `hot_och_vald`,
/// `hot_och_vald`).
pub fn fold(s: &str) -> String {
    folded(s).collect()
}

/// The characters of `fold(s)`, without allocating.
pub fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut gap = false;
    let mut started = false;
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ó' | 'ò' | 'ô' | 'ø' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        })
        .flat_map(move |c| {
            if c.is_alphanumeric() {
                let sep = (gap && started).then_some('_');
                gap = false;
                started = true;
                [sep, Some(c)]
            } else {
                gap = true;
                [None, None]
            }
        })
        .flatten()
}

/// `fold(a) == fold(b)`, without allocating.
pub fn same_folded(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// [`choice`] for one column of a large file, remembering which option each text seen before
/// was: an event export repeats a few values a million times, and folding every cell against
/// every spelling was the largest single cost of reading one.
#[derive(Default)]
pub struct ChoiceMemo {
    known: std::collections::HashMap<String, usize, foldhash::fast::RandomState>,
}

impl ChoiceMemo {
    /// At most this many texts are remembered (a column of free text is not a closed list).
    const LIMIT: usize = 4096;

    /// [`Cells::choice`], answered from memory for a text seen before.
    pub fn choice<T: Copy>(
        &mut self,
        cx: &Cells,
        c: Option<&Cell>,
        column: &str,
        options: &[(T, &[&str])],
        out: &mut impl Report,
    ) -> Result<Option<T>, Reported> {
        let Some(c) = c else { return Ok(None) };
        if let Some(&i) = self.known.get(c.text.as_str()) {
            return Ok(Some(options[i].0));
        }
        let found = cx.choice(Some(c), column, options, out);
        if let Ok(Some(_)) = found
            && self.known.len() < Self::LIMIT
            && let Some(i) = options
                .iter()
                .position(|(_, spellings)| spellings.iter().any(|s| same_folded(s, &c.text)))
        {
            self.known.insert(c.text.clone(), i);
        }
        found
    }
}

/// A value from a closed list: each option is its canonical value and the spellings accepted
/// (folded). `Ok(None)` when empty; `data.bad-value` with did-you-mean otherwise.
pub fn choice<T: Copy>(
    text: &str,
    spot: impl Into<Spot>,
    column: &str,
    options: &[(T, &[&str])],
    out: &mut impl Report,
) -> Result<Option<T>, Reported> {
    if text.is_empty() {
        return Ok(None);
    }
    for (value, spellings) in options {
        if spellings.iter().any(|s| same_folded(s, text)) {
            return Ok(Some(*value));
        }
    }
    let expected: Vec<&str> = options.iter().map(|(_, s)| s[0]).collect();
    let mut d = spot
        .into()
        .error(
            "data.bad-value",
            format!("invalid value \"{text}\" in column {column}"),
        )
        .note(format!("expected one of: {}", expected.join(", ")));
    let all = options.iter().flat_map(|(_, s)| s.iter().copied());
    if let Some(s) = did_you_mean(text, all) {
        d = d.note(format!("did you mean \"{s}\"?"));
    }
    out.report(d);
    Err(Reported)
}

pub const YES_NO: &[(bool, &[&str])] = &[
    (true, &["ja", "j", "yes", "y", "x", "1", "sant", "true"]),
    (false, &["nej", "n", "no", "0", "falskt", "false"]),
];

/// Non-empty text of an optional cell.
pub fn text(cell: Option<&Cell>) -> Option<&str> {
    cell.map(|c| c.text.as_str()).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------------------
// Rows: duplicates, missing values, rules between cells
// ---------------------------------------------------------------------------------------

/// The first row that gave each key, to find rows given twice.
#[derive(Debug)]
pub struct Seen<K, V = usize> {
    first: BTreeMap<K, V>,
}

impl<K, V> Default for Seen<K, V> {
    fn default() -> Self {
        Seen {
            first: BTreeMap::new(),
        }
    }
}

impl<K: Ord, V> Seen<K, V> {
    /// What the first row with `key` left (its line), when there was one; otherwise `key`
    /// is remembered with `first`.
    pub fn first(&mut self, key: K, first: V) -> Option<&V> {
        use std::collections::btree_map::Entry;
        match self.first.entry(key) {
            Entry::Occupied(e) => Some(e.into_mut()),
            Entry::Vacant(e) => {
                e.insert(first);
                None
            }
        }
    }
}

/// Where the first of two rows was given.
#[derive(Debug, Clone)]
pub enum First {
    Line(usize),
    At(Location),
}

/// `data.duplicate-row`: `message` says what is given twice, the note where it was given
/// first and, when given, the rule (`each case may occur once`).
pub fn duplicate_row(spot: impl Into<Spot>, message: String, first: First, rule: Option<&str>) -> Diagnostic {
    let first = match first {
        First::Line(l) => format!("first given on line {l}"),
        First::At(at) => format!("first given at {at}"),
    };
    let rule = rule.map(|r| format!("; {r}")).unwrap_or_default();
    spot.into()
        .error("data.duplicate-row", message)
        .note(format!("{first}{rule}"))
}

/// `, unit` for messages about a row of a unit; empty for the whole organisation.
pub fn unit_suffix(unit: Option<&str>) -> String {
    unit.map(|u| format!(", {u}")).unwrap_or_default()
}

/// `data.missing-value`: a value the row needs is not given.
pub fn missing_value(spot: impl Into<Spot>, message: String) -> Diagnostic {
    spot.into().error("data.missing-value", message)
}

/// `data.date-order`: `later` (a column and its date) is before `earlier`.
pub fn date_order(spot: impl Into<Spot>, later: (&str, NaiveDate), earlier: (&str, NaiveDate)) -> Diagnostic {
    spot.into().error(
        "data.date-order",
        format!(
            "{} {} is before the {} {}",
            later.0, later.1, earlier.0, earlier.1
        ),
    )
}

/// `data.inconsistent`: cells of a row, or values of a file, that contradict each other.
pub fn inconsistent(spot: impl Into<Spot>, message: String) -> Diagnostic {
    spot.into().error("data.inconsistent", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, line: usize, column: usize) -> Cell {
        Cell {
            text: text.to_string(),
            line,
            column,
        }
    }

    fn here() -> Spot {
        Location::at("d.csv", 3, 7).into()
    }

    fn catalogue() -> Catalogue {
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(
            "indicators:\n  - {id: x.andel, name: Andel, unit: procent}\n  - {id: x.antal, name: Antal, unit: antal}\n",
        )
        .unwrap();
        crate::model::catalogue::merge(f.indicators, Vec::new())
    }

    /// The one diagnostic of a check, as (code, location, message, notes).
    fn only(d: &[Diagnostic]) -> (&'static str, String, &str, Vec<&str>) {
        assert_eq!(d.len(), 1, "{d:?}");
        (
            d[0].code,
            d[0].location.as_ref().unwrap().to_string(),
            d[0].message.as_str(),
            d[0].notes.iter().map(String::as_str).collect(),
        )
    }

    #[test]
    fn numbers_parse_swedish_cells_and_missing_markers() {
        let mut d = Vec::new();
        let named = Named::column("värde");
        assert_eq!(number("1 234,5", here(), named, &mut d), Ok(Some(1234.5)));
        assert_eq!(number("..", here(), named, &mut d), Ok(None));
        assert_eq!(number("", here(), named, &mut d), Ok(None));
        assert!(d.is_empty());
        assert_eq!(
            number("tolv", here(), named.hint(MISSING_HINT), &mut d),
            Err(Reported)
        );
        let (code, at, message, notes) = only(&d);
        assert_eq!((code, at.as_str()), ("data.bad-number", "d.csv:3:7"));
        assert_eq!(message, "invalid number \"tolv\" in column värde");
        assert_eq!(notes.len(), 2);
        assert!(notes[0].contains("expected a number"), "{notes:?}");
        assert_eq!(notes[1], MISSING_HINT);
    }

    #[test]
    fn counts_are_whole_and_name_subject_and_key() {
        let mut d = Vec::new();
        assert_eq!(
            count("1 234", here(), Named::column("antal"), &mut d),
            Ok(Some(1234))
        );
        assert_eq!(count("-", here(), Named::column("antal"), &mut d), Ok(None));
        assert_eq!(
            count("12,5", here(), Named::key("value").of("x.antal"), &mut d),
            Err(Reported)
        );
        let (_, _, message, notes) = only(&d);
        assert_eq!(message, "invalid count \"12,5\" for x.antal in \"value\"");
        assert_eq!(notes.len(), 1, "no hint unless one is given");
    }

    #[test]
    fn values_of_a_kind_are_range_checked_with_the_hint_last() {
        let named = Named::column("värde").of("andel").hint(MISSING_HINT);
        let mut d = Vec::new();
        assert_eq!(
            value_of_kind("85 %", Kind::Share, here(), named, &mut d),
            Ok(Some(85.0))
        );
        assert_eq!(
            value_of_kind("3", Kind::Count, here(), named, &mut d),
            Ok(Some(3.0))
        );
        assert_eq!(
            value_of_kind("0,5", Kind::Number, here(), named, &mut d),
            Ok(Some(0.5))
        );
        assert!(d.is_empty());
        assert_eq!(
            value_of_kind("101", Kind::Share, here(), named, &mut d),
            Err(Reported)
        );
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.out-of-range");
        assert_eq!(message, "share \"101\" for andel in column värde");
        assert_eq!(
            notes,
            [
                "expected a percentage from 0 to 100 (write 85 or 85 %, not 0,85)",
                MISSING_HINT
            ]
        );
        let mut d = Vec::new();
        assert!(value_of_kind("-1", Kind::Number, here(), Named::column("riket"), &mut d).is_err());
        assert_eq!(d[0].message, "negative value \"-1\" in column riket");
        assert_eq!(d[0].notes, ["expected a number of at least 0"]);
        let mut d = Vec::new();
        assert!(value_of_kind("2,5", Kind::Count, here(), named, &mut d).is_err());
        assert_eq!(d[0].code, "data.bad-number");
        assert!(d[0].message.starts_with("invalid count"));
    }

    #[test]
    fn percentages_and_units() {
        let mut d = Vec::new();
        assert_eq!(
            percentage("87,5", here(), "andel_positiva", &mut d),
            Ok(Some(87.5))
        );
        assert_eq!(percentage("..", here(), "andel_positiva", &mut d), Ok(None));
        assert!(percentage("187", here(), "andel_positiva", &mut d).is_err());
        assert_eq!(
            d[0].message,
            "andel_positiva \"187\" is outside 0–100 (a percentage)"
        );
        assert!(percentage("tolv", here(), "riket", &mut d).is_err());
        assert_eq!(d[1].code, "data.bad-number");
        assert_eq!(d[1].notes.last().map(String::as_str), Some(MISSING_HINT));
        let mut d = Vec::new();
        assert!(within_unit(
            100.0,
            Unit::Procent,
            "value \"100\" for x.andel",
            here(),
            &mut d
        ));
        assert!(within_unit(
            -1.0,
            Unit::Kronor,
            "value \"-1\" for x.k",
            here(),
            &mut d
        ));
        assert!(!within_unit(
            -1.0,
            Unit::Antal,
            "value \"-1\" for x.antal",
            here(),
            &mut d
        ));
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.out-of-range");
        assert_eq!(message, "value \"-1\" for x.antal is negative (a count)");
        assert!(notes.is_empty());
    }

    #[test]
    fn periods_are_checked_against_the_accepted_years() {
        let mut d = Vec::new();
        assert_eq!(
            period("2024-H1", here(), None, &mut d).map(|p| p.year()),
            Some(2024)
        );
        assert!(d.is_empty());
        assert_eq!(period("1890", here(), None, &mut d), None);
        assert_eq!(period("20x4", here(), Some("år"), &mut d), None);
        assert_eq!(d[0].code, "data.bad-period");
        assert_eq!(d[0].message, "invalid period \"1890\"");
        assert_eq!(d[1].message, "invalid period \"20x4\" in column år");
        assert!(d[1].notes[0].starts_with("expected "));
    }

    #[test]
    fn sexes_by_the_common_and_a_source_s_own_rules() {
        let mut d = Vec::new();
        assert_eq!(sex(" kvinnor ", here(), &mut d), Ok(Some(Sex::K)));
        assert_eq!(sex("", here(), &mut d), Ok(None));
        assert!(d.is_empty());
        assert_eq!(sex("x", here(), &mut d), Err(Reported));
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.bad-sex");
        assert_eq!(message, "invalid value \"x\" in column kön");
        assert_eq!(notes, [SEX_EXPECTED]);
        let mut d = Vec::new();
        let parse = |t: &str| (t == "T").then_some(1);
        assert_eq!(
            sex_as("T", here(), Place::Key("gender"), parse, "T only", &mut d),
            Ok(1)
        );
        assert!(sex_as("F", here(), Place::Key("gender"), parse, "T only", &mut d).is_err());
        assert_eq!(d[0].message, "invalid gender \"F\"");
        assert_eq!(d[0].notes, ["T only"]);
    }

    #[test]
    fn qualifiers() {
        let mut d = Vec::new();
        assert_eq!(qualifier(" Ca ", here(), &mut d), Ok(Some(Qualifier::Ca)));
        assert_eq!(
            qualifier("prel.", here(), &mut d),
            Ok(Some(Qualifier::Preliminar))
        );
        assert_eq!(qualifier("", here(), &mut d), Ok(None));
        assert!(d.is_empty());
        assert!(qualifier("ungefär", here(), &mut d).is_err());
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.bad-qualifier");
        assert_eq!(message, "invalid qualifier \"ungefär\"");
        assert_eq!(notes, [QUALIFIER_EXPECTED]);
    }

    #[test]
    fn indicators_with_did_you_mean_and_mapped_ones() {
        let cat = catalogue();
        let mut d = Vec::new();
        assert_eq!(
            indicator(&cat, "x.andel", here(), &mut d).map(|i| i.unit),
            Some(Unit::Procent)
        );
        assert!(indicator(&cat, "x.andl", here(), &mut d).is_none());
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.unknown-indicator");
        assert_eq!(message, "unknown indicator \"x.andl\"");
        assert_eq!(notes[1], "did you mean \"x.andel\"?");
        let mut d = Vec::new();
        assert!(mapped_indicator(&cat, "x.antal", "personer", here(), &mut d));
        assert!(!mapped_indicator(&cat, "y.z", "personer", here(), &mut d));
        assert_eq!(
            d[0].message,
            "personer maps to indicator y.z, which is not in the catalogue"
        );
        assert!(d[0].notes.is_empty());
    }

    #[test]
    fn dates_with_times_and_impossible_days() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date("2024-03-05"), d(2024, 3, 5));
        assert_eq!(parse_date(" 2024-03-05 14:32 "), d(2024, 3, 5));
        assert_eq!(parse_date("2024-03-05T14:32:00"), d(2024, 3, 5));
        assert_eq!(parse_date("2024-02-29"), d(2024, 2, 29));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "5/3/2024",
            "2024-03-05 25:00",
            "1850-01-01",
            "2024-3-5",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let mut out = Vec::new();
        assert_eq!(date("", here(), "datum", None, &mut out), Ok(None));
        assert_eq!(
            date("2024-03-05", here(), "datum", None, &mut out),
            Ok(d(2024, 3, 5))
        );
        assert!(date("2024-02-30", here(), "utredd", Some("or ja/nej"), &mut out).is_err());
        let (code, _, message, notes) = only(&out);
        assert_eq!(code, "data.bad-date");
        assert_eq!(message, "invalid date \"2024-02-30\" in column utredd");
        assert_eq!(notes, [DATE_EXPECTED, "or ja/nej"]);
    }

    #[test]
    fn choices_fold_spellings_and_suggest() {
        let mut d = Vec::new();
        assert_eq!(choice("JA", here(), "utredd", YES_NO, &mut d), Ok(Some(true)));
        assert_eq!(choice("", here(), "utredd", YES_NO, &mut d), Ok(None));
        assert!(choice("nejj", here(), "utredd", YES_NO, &mut d).is_err());
        let (code, _, message, notes) = only(&d);
        assert_eq!(code, "data.bad-value");
        assert_eq!(message, "invalid value \"nejj\" in column utredd");
        assert_eq!(notes, ["expected one of: ja, nej", "did you mean \"nej\"?"]);
        assert_eq!(fold(" Hot/våld "), "hot_vald");
        assert!(same_folded("HOT_OCH_VÅLD", "hot och vald"));
    }

    #[test]
    fn workbook_cells_are_named_only_when_asked_and_in_xlsx() {
        let c = cell("x", 5, 3);
        let mut d = Vec::new();
        let _ = Cells::naming_workbook_cells("d.xlsx").sex(Some(&c), &mut d);
        let _ = Cells::naming_workbook_cells("d.csv").sex(Some(&c), &mut d);
        let _ = Cells::new("d.xlsx").sex(Some(&c), &mut d);
        assert_eq!(d[0].notes, ["cell C5", SEX_EXPECTED]);
        assert_eq!(d[1].notes, [SEX_EXPECTED]);
        assert_eq!(d[2].notes, [SEX_EXPECTED]);
        assert_eq!(d[0].location.as_ref().unwrap().to_string(), "d.xlsx:5:3");
        assert_eq!(Cells::new("d.csv").sex(None, &mut d), Ok(None));
    }

    #[test]
    fn required_and_naming_cells() {
        let cx = Cells::new("d.csv");
        let mut d = Vec::new();
        assert!(cx.filled(&cell("7", 2, 1), "id", "every case needs an id", &mut d));
        assert!(!cx.filled(&cell("", 2, 1), "id", "every case needs an id", &mut d));
        assert_eq!(
            cx.name(&cell(" Hemtjänst ", 3, 1), "undersökning", "name it", &mut d),
            "Hemtjänst"
        );
        assert_eq!(cx.name(&cell("  ", 4, 1), "undersökning", "name it", &mut d), "");
        let got: Vec<_> = d.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                ("data.missing-value", "column id is empty"),
                ("data.empty-cell", "column undersökning is empty")
            ]
        );
    }

    #[test]
    fn duplicates_are_found_by_key_and_reported_with_the_first() {
        let mut seen: Seen<(&str, i32)> = Seen::default();
        assert_eq!(seen.first(("a", 2024), 2), None);
        assert_eq!(seen.first(("b", 2024), 3), None);
        assert_eq!(seen.first(("a", 2024), 4), Some(&2));
        assert_eq!(seen.first(("a", 2024), 5), Some(&2), "the first stays the first");
        let d = duplicate_row(
            Location::line("d.csv", 4),
            "duplicate row for a 2024".into(),
            First::Line(2),
            Some("each indicator may occur once"),
        );
        assert_eq!(d.code, "data.duplicate-row");
        assert_eq!(d.notes, ["first given on line 2; each indicator may occur once"]);
        let d = duplicate_row(here(), "x".into(), First::At(Location::at("k.json", 9, 2)), None);
        assert_eq!(d.notes, ["first given at k.json:9:2"]);
        assert_eq!(unit_suffix(Some("Norr")), ", Norr");
        assert_eq!(unit_suffix(None), "");
    }

    #[test]
    fn rules_between_cells() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        let d = date_order(here(), ("avslutsdatum", day(1)), ("händelsedatum", day(5)));
        assert_eq!(d.code, "data.date-order");
        assert_eq!(
            d.message,
            "avslutsdatum 2024-03-01 is before the händelsedatum 2024-03-05"
        );
        assert_eq!(inconsistent(here(), "x".into()).code, "data.inconsistent");
        assert_eq!(missing_value(here(), "y".into()).code, "data.missing-value");
    }

    #[test]
    fn folds_names() {
        assert_eq!(fold("Hot/våld"), "hot_vald");
        assert_eq!(fold(" Hot och  VÅLD "), "hot_och_vald");
        assert_eq!(fold("Läkemedel"), "lakemedel");
        assert_eq!(fold("SoL/LSS"), "sol_lss");
        assert!(same_folded("Under utredning", " UNDER  UTREDNING"));
        assert!(!same_folded("e-tjänst", "etjänst"));
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("2024-03-05"), NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(
            parse_date("2024-03-05 14:32"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(
            parse_date("2024-03-05T14:32:10"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "2024-3-5",
            "05/03/2024",
            "2024-03-05 25:00",
            "idag",
            "20a4-03-05",
            "2024-+3-05",
            "2024-03-00",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
