//! Parsing numbers from the cells of real Swedish exports (Excel "CSV (semikolonavgränsad)",
//! SCB, Kolada, quality registries) without ever mistaking a missing value for zero.
//!
//! # Rules
//!
//! * Surrounding whitespace (including NBSP U+00A0, narrow NBSP U+202F, thin space) and a
//!   byte order mark are ignored.
//! * **Missing markers** give [`Cell::Missing`], compared case-insensitively with inner
//!   whitespace collapsed: empty, `-`, `--`, `–`, `—`, `−`, `*`, `.`, `..`, `...`, `…`, `x`,
//!   `i.u.`, `i.u`, `saknas`, `uppgift saknas`, `NA`, `N/A`.
//! * **Sign**: one leading `+`, `-`, `−` (U+2212) or `–` (en dash, Excel/Word autocorrect),
//!   directly before the digits.
//! * **Percent**: a trailing `%`, with or without a space before it, is dropped and the value
//!   is kept as a percent number: `42 %` → 42.0 (not 0.42).
//! * **Decimal separator**: comma or point. With a single `,` or a single `.` that separator is
//!   the decimal separator, because comma is the decimal mark in Swedish exports and a lone
//!   point is the decimal mark of English-locale exports: `1,234` → 1.234 and `1.234` → 1.234.
//!   When both occur, the last one is decimal and the other must be valid thousands grouping:
//!   `1.234,5` → 1234.5, `1,234.5` → 1234.5.
//! * **Thousands grouping** with space, NBSP, narrow NBSP or thin space (one character between
//!   groups), or with repeated `.`/`,` (`1.234.567`, `1,234,567`): the first group has 1–3
//!   digits, every later group exactly 3, and only one kind of group separator is used.
//!   `1 234` → 1234; `1 23,4` and `1 234.567,5` are errors.
//! * **Rejected** with a [`NumberError`]: anything else, such as `12,3,4`, `abc`, `12a`, `12,`,
//!   `NaN`, `inf`, values too large for `f64`, and scientific notation (`1e5`, `1,23E+05`).
//!   Scientific notation is rejected on purpose: Excel writes it to CSV when a "Standard"
//!   column is too narrow, and the digits it drops are then silently lost.
//! * **Plausibility bound**: a value beyond ±2^53 (9 007 199 254 740 992), the largest
//!   magnitude up to which every whole number is exact in the `f64` values are kept in, is
//!   rejected with [`NumberError::TooLarge`] rather than printed with other digits. Counts
//!   have the same bound.

use std::fmt::Write as _;

/// One parsed cell: a value or an explicit "no data" marker.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Missing,
    Value(f64),
}

/// Why a cell is not a number. `found` is the offending text (shortened when long).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("expected a number such as 1 234,5, found {found:?}")]
    NotANumber { found: String },
    #[error("invalid digit grouping in {found:?}; expected groups of three digits such as 1 234 567,5")]
    BadGrouping { found: String },
    #[error(
        "scientific notation in {found:?} is not accepted (Excel may have dropped digits); \
         expected a plain number such as 123 000"
    )]
    Scientific { found: String },
    #[error("{found:?} is too large; expected a number such as 1 234,5")]
    OutOfRange { found: String },
    #[error(
        "{found:?} is above {bound}, the largest number kept exact; \
         a value this large is not plausible in a report"
    )]
    TooLarge { found: String, bound: &'static str },
    #[error("expected a whole number of at least 0 such as 12, found {found:?}")]
    NotACount { found: String },
    #[error(
        "ambiguous count {found:?}: could be a decimal or a thousands separator; \
         write 1234, 1 234 or 1,2"
    )]
    AmbiguousSeparator { found: String },
}

impl NumberError {
    /// The offending text, for callers that build their own (e.g. Swedish) message.
    pub fn found(&self) -> &str {
        match self {
            Self::NotANumber { found }
            | Self::BadGrouping { found }
            | Self::Scientific { found }
            | Self::OutOfRange { found }
            | Self::TooLarge { found, .. }
            | Self::NotACount { found }
            | Self::AmbiguousSeparator { found } => found,
        }
    }
}

/// The largest magnitude a value may have: 2^53, up to which `f64` holds every whole
/// number exactly, so no digit the export has is printed differently.
pub const MAX_EXACT: u64 = 1 << 53;
const MAX_EXACT_TEXT: &str = "9 007 199 254 740 992";

fn too_large(s: &str) -> NumberError {
    NumberError::TooLarge {
        found: shorten(s),
        bound: MAX_EXACT_TEXT,
    }
}

/// Parse a cell as exported by Swedish Excel, SCB, Kolada or registry portals.
/// See the module documentation for the exact rules.
pub fn parse_cell(s: &str) -> Result<Cell, NumberError> {
    let Some(parts) = parse_parts(s)? else {
        return Ok(Cell::Missing);
    };
    let mut text = String::with_capacity(parts.int.len() + parts.frac.len() + 3);
    if parts.negative {
        text.push('-');
    }
    text.push_str(if parts.int.is_empty() { "0" } else { &parts.int });
    if !parts.frac.is_empty() {
        let _ = write!(text, ".{}", parts.frac);
    }
    // The normalised text is plain ASCII digits, so a parse failure cannot happen; map it anyway.
    let value: f64 = text.parse().map_err(|_| not_a_number(s))?;
    if !value.is_finite() {
        return Err(NumberError::OutOfRange { found: shorten(s) });
    }
    // Compared on the digits, so 9 007 199 254 740 993 (which f64 rounds down to the bound)
    // is caught too.
    let int = parts.int.trim_start_matches('0');
    let above = match int.parse::<u64>() {
        Ok(n) => n > MAX_EXACT || (n == MAX_EXACT && parts.frac.bytes().any(|b| b != b'0')),
        Err(_) => !int.is_empty(),
    };
    if above {
        return Err(too_large(s));
    }
    Ok(Cell::Value(value))
}

/// Parse a count (persons, events, beds): like [`parse_cell`], but the value must be a
/// non-negative whole number. Missing markers give `Ok(None)`.
///
/// `12`, `1 234`, `12,0` and `-0` are accepted; `12,5`, `-1` and `12 %` are errors. A single
/// separator followed by exactly three digits (`1.000`, `12,000`) is an error here, because in
/// a count column it is far more likely a thousands separator than a decimal one.
pub fn parse_integer_count(s: &str) -> Result<Option<u64>, NumberError> {
    let Some(parts) = parse_parts(s)? else {
        return Ok(None);
    };
    let not_count = || NumberError::NotACount { found: shorten(s) };
    if parts.percent {
        return Err(not_count());
    }
    if parts.frac.len() == 3 && !parts.grouped {
        return Err(NumberError::AmbiguousSeparator { found: shorten(s) });
    }
    if parts.frac.bytes().any(|b| b != b'0') {
        return Err(not_count());
    }
    let digits = parts.int.trim_start_matches('0');
    if parts.negative && !digits.is_empty() {
        return Err(not_count());
    }
    if digits.is_empty() {
        return Ok(Some(0));
    }
    // Parsed from the digits, not via f64; above 2^53 the f64 it becomes would not be exact.
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_EXACT => Ok(Some(n)),
        _ => Err(too_large(s)),
    }
}

/// Validated pieces of a number: ASCII digits only, separators removed.
struct Parts<'a> {
    negative: bool,
    /// Integer digits, possibly empty (",5"); borrowed when there was no grouping.
    int: std::borrow::Cow<'a, str>,
    /// Fraction digits, empty when there is no decimal separator.
    frac: &'a str,
    /// Thousands separators were present.
    grouped: bool,
    percent: bool,
}

const MISSING_MARKERS: &[&str] = &[
    "",
    "-",
    "--",
    "–",
    "—",
    "−",
    "*",
    ".",
    "..",
    "...",
    "…",
    "x",
    "i.u.",
    "i.u",
    "saknas",
    "uppgift saknas",
    "na",
    "n/a",
];

fn is_space_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_missing(t: &str) -> bool {
    // Collapse inner whitespace so "uppgift\u{a0}saknas" from Excel also matches.
    let norm = t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    MISSING_MARKERS.contains(&norm.as_str())
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    let t = s.trim();
    if t.chars().count() <= MAX {
        t.to_owned()
    } else {
        let mut out: String = t.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

fn not_a_number(s: &str) -> NumberError {
    NumberError::NotANumber { found: shorten(s) }
}

fn bad_grouping(s: &str) -> NumberError {
    NumberError::BadGrouping { found: shorten(s) }
}

/// `Ok(None)` for a missing marker.
fn parse_parts(s: &str) -> Result<Option<Parts<'_>>, NumberError> {
    let t = s.trim().trim_start_matches('\u{feff}').trim();
    if is_missing(t) {
        return Ok(None);
    }

    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };

    let mut chars = t.chars();
    let (negative, body) = match chars.next() {
        Some('-' | '\u{2212}' | '\u{2013}') => (true, chars.as_str()),
        Some('+') => (false, chars.as_str()),
        _ => (false, t),
    };

    if body.is_empty() {
        return Err(not_a_number(s));
    }
    // Digits must follow the sign directly ("- 5", "--5" are not numbers).
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(not_a_number(s));
    }
    if let Some(bad) = body
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == ',' || c == '.' || is_space_sep(c)))
    {
        let looks_scientific = matches!(bad, 'e' | 'E')
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | 'e' | 'E' | '+' | '-'));
        return Err(if looks_scientific {
            NumberError::Scientific { found: shorten(s) }
        } else {
            not_a_number(s)
        });
    }

    let commas = body.matches(',').count();
    let points = body.matches('.').count();
    let has_space = body.chars().any(is_space_sep);

    // Decide which character (if any) is the decimal separator and what groups thousands.
    enum Group {
        Space,
        Char(char),
    }
    let (decimal, group) = match (commas, points) {
        (0, 0) => (None, Group::Space),
        (1, 0) => (Some(','), Group::Space),
        (0, 1) => (Some('.'), Group::Space),
        (_, 0) => (None, Group::Char(',')),
        (0, _) => (None, Group::Char('.')),
        _ => {
            // Both present: the last one is decimal, the other groups thousands.
            let last_comma = body.rfind(',').unwrap_or(0);
            let last_point = body.rfind('.').unwrap_or(0);
            if last_comma > last_point {
                (Some(','), Group::Char('.'))
            } else {
                (Some('.'), Group::Char(','))
            }
        }
    };
    if matches!(group, Group::Char(_)) && has_space {
        return Err(bad_grouping(s));
    }

    let (int_raw, frac) = match decimal {
        Some(d) => match body.split_once(d) {
            Some((i, f)) => (i, f),
            None => (body, ""),
        },
        None => (body, ""),
    };
    if decimal.is_some() {
        if frac.is_empty() {
            return Err(not_a_number(s));
        }
        if frac.chars().any(|c| !c.is_ascii_digit()) {
            // Separators after the decimal separator: "1,234.5" written as "1.234,5.6" etc.
            return Err(bad_grouping(s));
        }
    }

    let is_group_sep = |c: char| match group {
        Group::Space => is_space_sep(c),
        Group::Char(g) => c == g,
    };
    let grouped = int_raw.contains(is_group_sep);
    let int = if grouped {
        let mut digits = String::with_capacity(int_raw.len());
        for (i, g) in int_raw.split(is_group_sep).enumerate() {
            let ok_len = if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            };
            if !ok_len || !g.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_grouping(s));
            }
            digits.push_str(g);
        }
        std::borrow::Cow::Owned(digits)
    } else {
        if !int_raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number(s));
        }
        std::borrow::Cow::Borrowed(int_raw)
    };
    if int.is_empty() && frac.is_empty() {
        return Err(not_a_number(s));
    }

    Ok(Some(Parts {
        negative,
        int,
        frac,
        grouped,
        percent,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> f64 {
        match parse_cell(s) {
            Ok(Cell::Value(x)) => x,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    fn err(s: &str) -> NumberError {
        match parse_cell(s) {
            Err(e) => e,
            Ok(c) => panic!("{s:?} should be rejected, gave {c:?}"),
        }
    }

    #[test]
    fn plain_integers_and_decimals() {
        assert_eq!(v("0"), 0.0);
        assert_eq!(v("42"), 42.0);
        assert_eq!(v("007"), 7.0);
        assert_eq!(v("12,5"), 12.5);
        assert_eq!(v("12.5"), 12.5);
        assert_eq!(v(",5"), 0.5);
        assert_eq!(v(".5"), 0.5);
        assert_eq!(v("1234"), 1234.0);
    }

    #[test]
    fn lone_separator_is_decimal() {
        assert_eq!(v("1,234"), 1.234);
        assert_eq!(v("1.234"), 1.234);
    }

    #[test]
    fn space_grouping_all_space_kinds() {
        assert_eq!(v("1 234"), 1234.0);
        assert_eq!(v("1\u{a0}234"), 1234.0);
        assert_eq!(v("1\u{202f}234"), 1234.0);
        assert_eq!(v("1\u{2009}234"), 1234.0);
        assert_eq!(v("1 234 567,89"), 1_234_567.89);
        assert_eq!(v("12\u{a0}345\u{202f}678"), 12_345_678.0);
        assert_eq!(v("1 234.5"), 1234.5);
    }

    #[test]
    fn mixed_point_and_comma_forms() {
        assert_eq!(v("1.234,5"), 1234.5);
        assert_eq!(v("1,234.5"), 1234.5);
        assert_eq!(v("1.234.567,89"), 1_234_567.89);
        assert_eq!(v("1,234,567.89"), 1_234_567.89);
        assert_eq!(v("1.234.567"), 1_234_567.0);
        assert_eq!(v("1,234,567"), 1_234_567.0);
    }

    #[test]
    fn signs() {
        assert_eq!(v("-12,5"), -12.5);
        assert_eq!(v("+12,5"), 12.5);
        assert_eq!(v("\u{2212}12,5"), -12.5);
        assert_eq!(v("\u{2013}12,5"), -12.5);
        assert_eq!(v("\u{2212}1\u{a0}234,5"), -1234.5);
        assert!(matches!(err("--5"), NumberError::NotANumber { .. }));
        assert!(matches!(err("+-5"), NumberError::NotANumber { .. }));
        assert!(matches!(err("- 5"), NumberError::NotANumber { .. }));
        assert!(matches!(err("5-"), NumberError::NotANumber { .. }));
        assert!(matches!(err("+"), NumberError::NotANumber { .. }));
    }

    #[test]
    fn percent_kept_as_percent_number() {
        assert_eq!(v("42 %"), 42.0);
        assert_eq!(v("42%"), 42.0);
        assert_eq!(v("42\u{a0}%"), 42.0);
        assert_eq!(v("68,9 %"), 68.9);
        assert_eq!(v("\u{2212}12,5\u{a0}%"), -12.5);
        assert!(matches!(err("%"), NumberError::NotANumber { .. }));
        assert!(matches!(err("42 %%"), NumberError::NotANumber { .. }));
        assert!(matches!(err("% 42"), NumberError::NotANumber { .. }));
    }

    #[test]
    fn every_missing_marker_is_missing_never_zero() {
        for m in [
            "",
            "   ",
            "\u{a0}",
            "-",
            "--",
            "–",
            "—",
            "−",
            "*",
            ".",
            "..",
            "...",
            "…",
            "x",
            "X",
            "i.u.",
            "I.U.",
            "i.u",
            "saknas",
            "Saknas",
            "uppgift saknas",
            "Uppgift  saknas",
            "UPPGIFT\u{a0}SAKNAS",
            "NA",
            "na",
            "N/A",
            "n/a",
            " .. ",
        ] {
            assert_eq!(parse_cell(m), Ok(Cell::Missing), "{m:?}");
            assert_eq!(parse_integer_count(m), Ok(None), "{m:?}");
        }
    }

    #[test]
    fn windows_excel_forms() {
        // Excel sv-SE "Tal" format with NBSP grouping, CSV cell padding, CR residue, BOM.
        assert_eq!(v("\u{feff}1\u{a0}234,50"), 1234.5);
        assert_eq!(v(" 1 234,5 \r"), 1234.5);
        assert_eq!(v("-1\u{a0}234,00"), -1234.0);
        assert_eq!(v("12,30\u{a0}%"), 12.3);
        assert_eq!(v("\t3,5\t"), 3.5);
        // Excel's CSV export of a too-narrow "Standard" column.
        assert!(matches!(err("1,23E+05"), NumberError::Scientific { .. }));
        assert!(matches!(err("1e5"), NumberError::Scientific { .. }));
        assert!(matches!(err("2.5e-3"), NumberError::Scientific { .. }));
        // Excel error values are not numbers.
        assert!(matches!(err("#DIV/0!"), NumberError::NotANumber { .. }));
        assert!(matches!(err("#SAKNAS!"), NumberError::NotANumber { .. }));
    }

    #[test]
    fn rejects_bad_grouping() {
        for s in [
            "12,3,4",
            "1 23,4",
            "1234 567",
            "1  234",
            "1 234 56",
            "1.23.456",
            "1.234 567,5",
            "1 234,567.5",
            "1,234.567,8",
            "1,2,3.4",
            "0,123 456",
            " 1 2",
        ] {
            assert!(
                matches!(err(s), NumberError::BadGrouping { .. }),
                "{s:?}: {:?}",
                parse_cell(s)
            );
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for s in [
            "abc", "12a", "a12", "NaN", "nan", "inf", "-inf", "Infinity", "12,", "12.", ",", "1/2", "(12)",
            "12 kr", "0x1F", "½", "١٢", "12 13",
        ] {
            assert!(parse_cell(s).is_err(), "{s:?}: {:?}", parse_cell(s));
        }
        assert!(matches!(err("12 13"), NumberError::BadGrouping { .. }));
    }

    #[test]
    fn huge_values_are_out_of_range() {
        let big = "9".repeat(400);
        assert!(matches!(err(&big), NumberError::OutOfRange { .. }));
        // ...and long ones beyond 2^53 are not plausible (they would not stay exact).
        assert!(matches!(err(&"9".repeat(300)), NumberError::TooLarge { .. }));
        assert_eq!(v(&format!("0,{}", "9".repeat(300))), 1.0);
    }

    #[test]
    fn error_messages_name_what_was_expected() {
        let e = err("abc");
        assert_eq!(e.to_string(), "expected a number such as 1 234,5, found \"abc\"");
        assert_eq!(e.found(), "abc");
        let long = "a".repeat(100);
        assert_eq!(err(&long).found().chars().count(), 41);
        assert!(err("1 23,4").to_string().contains("1 234 567,5"));
        assert!(err("1e5").to_string().contains("scientific"));
    }

    #[test]
    fn values_beyond_2_pow_53_are_refused_not_rounded() {
        assert_eq!(
            parse_cell("9 007 199 254 740 992"),
            Ok(Cell::Value(9_007_199_254_740_992.0))
        );
        assert_eq!(
            parse_cell("-9007199254740992"),
            Ok(Cell::Value(-9_007_199_254_740_992.0))
        );
        for s in [
            "9 007 199 254 740 993",
            "9007199254740992,5",
            "-12345678901234567890",
            "1".repeat(400).as_str(),
        ] {
            assert!(
                matches!(
                    parse_cell(s),
                    Err(NumberError::TooLarge { .. }) | Err(NumberError::OutOfRange { .. })
                ),
                "{s:?}"
            );
        }
        let e = parse_cell("9 007 199 254 740 993").unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"9 007 199 254 740 993\" is above 9 007 199 254 740 992, the largest number kept exact; \
             a value this large is not plausible in a report"
        );
    }

    #[test]
    fn counts() {
        assert_eq!(parse_integer_count("12"), Ok(Some(12)));
        assert_eq!(parse_integer_count("0"), Ok(Some(0)));
        assert_eq!(parse_integer_count("-0"), Ok(Some(0)));
        assert_eq!(parse_integer_count("12,0"), Ok(Some(12)));
        assert_eq!(parse_integer_count("12,00"), Ok(Some(12)));
        assert_eq!(parse_integer_count("1\u{a0}234"), Ok(Some(1234)));
        assert_eq!(parse_integer_count("1.234.567"), Ok(Some(1_234_567)));
        assert_eq!(parse_integer_count("1 234,000"), Ok(Some(1234)));
        assert_eq!(
            parse_integer_count("9 007 199 254 740 992"),
            Ok(Some(9_007_199_254_740_992))
        );
        // Above 2^53 the value would not stay exact: refused, never printed with other digits.
        assert!(matches!(
            parse_integer_count("9 007 199 254 740 993"),
            Err(NumberError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_integer_count("18446744073709551615"),
            Err(NumberError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_integer_count("18446744073709551616"),
            Err(NumberError::TooLarge { .. })
        ));
        for s in ["12,5", "-1", "\u{2212}3", "12 %", "0,1", "abc", "1e3"] {
            assert!(parse_integer_count(s).is_err(), "{s:?}");
        }
        assert!(matches!(
            parse_integer_count("-1"),
            Err(NumberError::NotACount { .. })
        ));
        for s in ["1.000", "12,000", "1,234", "1.500"] {
            assert!(
                matches!(
                    parse_integer_count(s),
                    Err(NumberError::AmbiguousSeparator { .. })
                ),
                "{s:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in any::<String>()) {
            let _ = parse_cell(&s);
            let _ = parse_integer_count(&s);
        }

        #[test]
        fn never_panics_on_number_like_text(s in "[-+\u{2212}\u{2013}]?[0-9 \u{a0}\u{202f},.eE%]{0,14}") {
            if let Ok(Cell::Value(x)) = parse_cell(&s) {
                prop_assert!(x.is_finite());
            }
            let _ = parse_integer_count(&s);
        }

        #[test]
        fn counts_round_trip(n in 0..=MAX_EXACT) {
            prop_assert_eq!(parse_integer_count(&n.to_string()), Ok(Some(n)));
            prop_assert_eq!(parse_cell(&n.to_string()), Ok(Cell::Value(n as f64)));
        }

        #[test]
        fn counts_beyond_2_pow_53_are_refused(n in MAX_EXACT + 1..) {
            let too_large = matches!(parse_integer_count(&n.to_string()), Err(NumberError::TooLarge { .. }));
            prop_assert!(too_large);
        }
    }
}
