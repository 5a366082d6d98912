//! Swedish (sv-SE) formatting of numbers, units and dates, used wherever the report prints one.
//!
//! # Rules
//!
//! * Decimal comma; true minus U+2212; a `+` only from the `signed` family.
//! * Thousands grouped in threes with NBSP U+00A0 (so numbers never wrap) when the integer
//!   part has 5 or more digits. Four-digit numbers ("1 234" vs "1234") follow
//!   [`NumberStyle::group_four_digits`], default `true`: grouping everything keeps table
//!   columns uniform. Years in dates are never grouped.
//! * Rounding is **half away from zero on the shortest decimal form of the value**, i.e. on the
//!   number as it was written in the data, like Excel's `AVRUNDA`: 2,5 → 3, −2,5 → −3,
//!   1,005 → 1,01 (even though the binary f64 is 1,00499…).
//! * A value that rounds to zero never gets a sign: −0,04 with one decimal prints "0,0".
//! * Units follow the number after an NBSP: "42 %", "1 234 kr", "3,5 dagar". Singular forms
//!   ("1 dag", "1 timme", "1 procentenhet") are used only when the printed number is exactly
//!   "1" (or "−1"); "1,0 dagar" keeps the plural.
//! * Percent ("procent") is for levels and relative changes; *procentenheter* is for the
//!   difference between two percent levels — see [`percent_change`] and [`percentage_points`].
//! * Non-finite values (NaN, ±∞) print as "–" (en dash, the table marker for "no data") rather
//!   than panicking; callers should treat them as missing earlier.

use chrono::Datelike as _;

/// NBSP, the thousands separator and the space between a number and its unit.
const NBSP: char = '\u{a0}';
/// U+2212 MINUS SIGN.
const MINUS: char = '\u{2212}';
/// Printed for values that cannot be shown (NaN, infinity).
const NO_VALUE: &str = "–";

/// The unit of an indicator, as written in report configuration (YAML).
///
/// `Andel` is a share stored as 0..=1 and shown as percent (0,42 → "42 %"); `Procent` is a value
/// that is already a percent number (42 → "42 %"). In YAML, `%` must be quoted (`unit: '%'`),
/// because a plain `%` is a YAML indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Antal,
    #[serde(alias = "%")]
    Procent,
    Dagar,
    #[serde(alias = "kr")]
    Kronor,
    Tkr,
    Mkr,
    #[serde(alias = "per patient")]
    PerPatient,
    Timmar,
    Andel,
    #[serde(alias = "poäng")]
    Poang,
}

/// House-style choices that Swedish style guides leave open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct NumberStyle {
    /// Group four-digit integer parts ("1 234"); `false` gives "1234". Five or more digits
    /// are always grouped.
    pub group_four_digits: bool,
}

impl Default for NumberStyle {
    fn default() -> Self {
        Self {
            group_four_digits: true,
        }
    }
}

/// A number rounded to a fixed number of decimals, as ASCII digit strings.
struct Rounded {
    /// True only when the rounded value is non-zero and negative.
    negative: bool,
    /// Integer digits without leading zeros ("0" for zero).
    int: String,
    /// Exactly `decimals` fraction digits.
    frac: String,
}

impl Rounded {
    /// `value × 10^shift` rounded half away from zero to `decimals` places; `None` if not finite.
    /// The shift is done on the decimal digits, so 0,425 as a share is exactly 42,5 %.
    fn new(value: f64, decimals: u8, shift: usize) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        let decimals = usize::from(decimals);
        // `Display` for f64 is the shortest string that round-trips and never uses an exponent.
        let repr = value.abs().to_string();
        let (int_part, frac_part) = repr.split_once('.').unwrap_or((repr.as_str(), ""));

        let moved = shift.min(frac_part.len());
        let mut int = String::with_capacity(int_part.len() + shift + 1);
        int.push_str(int_part);
        int.push_str(&frac_part[..moved]);
        int.extend(std::iter::repeat_n('0', shift - moved));
        let frac = &frac_part[moved..];

        let mut digits: Vec<u8> = int.into_bytes();
        let round_up = frac.as_bytes().get(decimals).is_some_and(|&b| b >= b'5');
        digits.extend(frac.bytes().take(decimals));
        digits.extend(std::iter::repeat_n(b'0', decimals.saturating_sub(frac.len())));
        if round_up {
            let mut carry = true;
            for d in digits.iter_mut().rev() {
                if *d == b'9' {
                    *d = b'0';
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                digits.insert(0, b'1');
            }
        }

        let split = digits.len() - decimals;
        let frac = String::from_utf8_lossy(&digits[split..]).into_owned();
        let int_digits = &digits[..split];
        let first_nonzero = int_digits
            .iter()
            .position(|&b| b != b'0')
            .unwrap_or(int_digits.len());
        let int = match &int_digits[first_nonzero..] {
            [] => "0".to_owned(),
            rest => String::from_utf8_lossy(rest).into_owned(),
        };
        let is_zero = digits.iter().all(|&b| b == b'0');
        Some(Self {
            negative: value.is_sign_negative() && !is_zero,
            int,
            frac,
        })
    }

    fn is_zero(&self) -> bool {
        self.int == "0" && self.frac.bytes().all(|b| b == b'0')
    }

    /// The printed magnitude is exactly "1", which takes a singular noun.
    fn is_exactly_one(&self) -> bool {
        self.int == "1" && self.frac.is_empty()
    }

    /// Magnitude with grouping and decimal comma, no sign.
    fn magnitude(&self, style: &NumberStyle) -> String {
        let n = self.int.len();
        let group = n >= 5 || (n == 4 && style.group_four_digits);
        let mut out = String::with_capacity(n * 2 + self.frac.len() + 1);
        for (i, c) in self.int.chars().enumerate() {
            if group && i > 0 && (n - i).is_multiple_of(3) {
                out.push(NBSP);
            }
            out.push(c);
        }
        if !self.frac.is_empty() {
            out.push(',');
            out.push_str(&self.frac);
        }
        out
    }

    fn render(&self, style: &NumberStyle, plus: bool) -> String {
        let mag = self.magnitude(style);
        if self.negative {
            format!("{MINUS}{mag}")
        } else if plus && !self.is_zero() {
            format!("+{mag}")
        } else {
            mag
        }
    }
}

/// `number` followed by NBSP and the singular or plural noun.
fn counted(r: &Rounded, style: &NumberStyle, plus: bool, singular: &str, plural: &str) -> String {
    let noun = if r.is_exactly_one() { singular } else { plural };
    format!("{}{NBSP}{noun}", r.render(style, plus))
}

/// "−1 234 567,89": decimal comma, NBSP grouping, U+2212 minus, rounded half away from zero.
pub fn number(value: f64, decimals: u8, style: &NumberStyle) -> String {
    match Rounded::new(value, decimals, 0) {
        Some(r) => r.render(style, false),
        None => NO_VALUE.to_owned(),
    }
}

/// A value with its unit: "42 %", "1 234 kr", "12 tkr", "3,5 dagar", "1 dag",
/// "12 per patient"; `Antal` is the bare number and `Andel` (0..=1) is shown as percent.
pub fn with_unit(value: f64, unit: Unit, decimals: u8, style: &NumberStyle) -> String {
    let shift = if unit == Unit::Andel { 2 } else { 0 };
    let Some(r) = Rounded::new(value, decimals, shift) else {
        return NO_VALUE.to_owned();
    };
    let suffix = match unit {
        Unit::Antal => return r.render(style, false),
        Unit::Dagar => return counted(&r, style, false, "dag", "dagar"),
        Unit::Timmar => return counted(&r, style, false, "timme", "timmar"),
        Unit::Procent | Unit::Andel => "%",
        Unit::Kronor => "kr",
        Unit::Tkr => "tkr",
        Unit::Mkr => "mkr",
        Unit::PerPatient => "per patient",
        Unit::Poang => "poäng",
    };
    format!("{}{NBSP}{suffix}", r.render(style, false))
}

/// A difference with an explicit sign: "+12", "−3,5", and "0" (no sign) when it rounds to zero.
pub fn signed(value: f64, decimals: u8, style: &NumberStyle) -> String {
    match Rounded::new(value, decimals, 0) {
        Some(r) => r.render(style, true),
        None => NO_VALUE.to_owned(),
    }
}

/// A relative change given as a fraction, printed as signed percent: 0,727 → "+73 %",
/// −0,12 → "−12 %". For the difference between two percentages use [`percentage_points`].
pub fn percent_change(rel: f64, decimals: u8, style: &NumberStyle) -> String {
    match Rounded::new(rel, decimals, 2) {
        Some(r) => format!("{}{NBSP}%", r.render(style, true)),
        None => NO_VALUE.to_owned(),
    }
}

/// A difference between two percent levels, in points (62 − 51 = 11): "11 procentenheter",
/// "1 procentenhet", "0,5 procentenheter", "−3 procentenheter" (negative keeps its minus).
pub fn percentage_points(diff: f64, decimals: u8, style: &NumberStyle) -> String {
    match Rounded::new(diff, decimals, 0) {
        Some(r) => counted(&r, style, false, "procentenhet", "procentenheter"),
        None => NO_VALUE.to_owned(),
    }
}

/// Like [`percentage_points`] with an explicit sign: "+19 procentenheter", "−1 procentenhet".
pub fn percentage_points_signed(diff: f64, decimals: u8, style: &NumberStyle) -> String {
    match Rounded::new(diff, decimals, 0) {
        Some(r) => counted(&r, style, true, "procentenhet", "procentenheter"),
        None => NO_VALUE.to_owned(),
    }
}

/// The value as the report prints it, as a number in display units: rounded like [`number`]
/// (half away from zero on the decimal form) and, for `Andel`, moved to percent (0,425 → 42,5).
/// Every comparison the report states is made on these numbers, so that the words always agree
/// with the figures printed next to them. `None` for non-finite values.
pub fn shown(value: f64, unit: Unit, decimals: u8) -> Option<f64> {
    let shift = if unit == Unit::Andel { 2 } else { 0 };
    let r = Rounded::new(value, decimals, shift)?;
    let text = if r.frac.is_empty() {
        r.int.clone()
    } else {
        format!("{}.{}", r.int, r.frac)
    };
    let magnitude: f64 = text.parse().ok()?;
    Some(if r.negative { -magnitude } else { magnitude })
}

/// A number in display units (percent for shares, see [`shown`]) with the unit of `unit`:
/// `display_with_unit(42.0, Andel, 0)` is "42 %" where `with_unit` would need 0,42.
pub fn display_with_unit(shown: f64, unit: Unit, decimals: u8, style: &NumberStyle) -> String {
    let unit = if unit == Unit::Andel { Unit::Procent } else { unit };
    with_unit(shown, unit, decimals, style)
}

/// The fewest decimals (at most `max`) that print `value` without losing digits:
/// 7 → 0, 7,25 → 2, 0,125 with max 2 → 2.
pub fn natural_decimals(value: f64, max: u8) -> u8 {
    if !value.is_finite() {
        return 0;
    }
    let repr = value.abs().to_string();
    let frac = repr.split_once('.').map_or(0, |(_, f)| f.len());
    u8::try_from(frac).unwrap_or(u8::MAX).min(max)
}

/// A value with a unit declared in the catalogue: "1 placering per barn", "3,2 placeringar
/// per barn"; the singular for exactly one. With `plus`, an explicit sign ("+2 placeringar …").
pub fn with_words(value: f64, decimals: u8, plus: bool, words: (&str, &str), style: &NumberStyle) -> String {
    match Rounded::new(value, decimals, 0) {
        Some(r) => counted(&r, style, plus, words.0, words.1),
        None => NO_VALUE.to_owned(),
    }
}

/// A signed difference with its unit: "+12", "−3 dagar", "+1 234 kr", "+2,5 poäng". For shares
/// use [`percentage_points_signed`]; `Andel`/`Procent` here would be a unit error, so they are
/// printed as procentenheter too.
pub fn signed_with_unit(diff: f64, unit: Unit, decimals: u8, style: &NumberStyle) -> String {
    let Some(r) = Rounded::new(diff, decimals, 0) else {
        return NO_VALUE.to_owned();
    };
    let suffix = match unit {
        Unit::Antal => return r.render(style, true),
        Unit::Procent | Unit::Andel => {
            return counted(&r, style, true, "procentenhet", "procentenheter");
        }
        Unit::Dagar => return counted(&r, style, true, "dag", "dagar"),
        Unit::Timmar => return counted(&r, style, true, "timme", "timmar"),
        Unit::Kronor => "kr",
        Unit::Tkr => "tkr",
        Unit::Mkr => "mkr",
        Unit::PerPatient => "per patient",
        Unit::Poang => "poäng",
    };
    format!("{}{NBSP}{suffix}", r.render(style, true))
}

/// The months in Swedish, lower-case as in running text.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// Date for running text: "1 mars 2025" (lower-case month, no leading zero, year ungrouped).
pub fn date_long(d: chrono::NaiveDate) -> String {
    // month0() is always 0..=11; `get` keeps this panic-free regardless.
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}

/// Date for tables and metadata: "2025-03-01" (ISO 8601).
pub fn date_iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Short column label for a unit: "antal", "%", "dagar", "kr", "tkr", ….
pub fn unit_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Antal => "antal",
        Unit::Procent | Unit::Andel => "%",
        Unit::Dagar => "dagar",
        Unit::Kronor => "kr",
        Unit::Tkr => "tkr",
        Unit::Mkr => "mkr",
        Unit::PerPatient => "per patient",
        Unit::Timmar => "timmar",
        Unit::Poang => "poäng",
    }
}

/// `s` as a sentence: trimmed, and ending in a full stop unless it ends in `.`, `!` or `?`.
pub fn full_stop(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// Text folded for comparing names: case, å/ä/ö, surrounding quotes and separators do not
/// matter (`"Verksamhets-område"` and `verksamhets_omrade` are the same).
pub fn fold(s: &str) -> String {
    s.trim()
        .trim_matches('"')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' => 'o',
            'é' | 'è' => 'e',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

/// No-break spaces where Swedish typography keeps words together (Svenska skrivregler): before
/// "%" and "§" after a number ("71 %", "4 §"), around "kap." between numbers ("6 kap. 4 §"),
/// and after a statute collection's abbreviation before its number ("SOSFS 2011:9", "SFS
/// 2010:659", "HSLF-FS 2017:40"). Text written by hand and values passed through from data
/// get the same spaces as generated figures.
pub fn no_break_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && keep_together(&chars, i) {
            out.push(NBSP);
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the space at `i` joins its neighbours.
fn keep_together(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    let rest: String = chars[i + 1..].iter().take(5).collect();
    let word_before: String = {
        let start = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |p| p + 1);
        chars[start..i].iter().collect()
    };
    let number_before = before.is_some_and(|c| c.is_ascii_digit());
    // "71 %", "4 §", "24 b §", "6 kap."
    if before.is_some_and(|c| !c.is_whitespace()) && matches!(after, Some('%' | '§')) {
        return true;
    }
    if number_before && rest.starts_with("kap.") {
        return true;
    }
    // "kap. 4"
    if word_before == "kap." && after.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // "SOSFS 2011:9": an abbreviation in capitals, then a number with a colon.
    let number_after: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
    word_before.len() >= 2
        && word_before.chars().all(|c| c.is_ascii_uppercase() || c == '-')
        && word_before.chars().any(|c| c.is_ascii_uppercase())
        && number_after.len() == 4
        && chars.get(i + 5) == Some(&':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: NumberStyle = NumberStyle {
        group_four_digits: true,
    };
    const NO4: NumberStyle = NumberStyle {
        group_four_digits: false,
    };

    fn n(x: f64, d: u8) -> String {
        number(x, d, &S)
    }

    fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn default_style_groups_four_digits() {
        assert_eq!(NumberStyle::default(), S);
        assert_eq!(number(1234.0, 0, &NumberStyle::default()), "1\u{a0}234");
    }

    #[test]
    fn basic_numbers() {
        assert_eq!(n(0.0, 0), "0");
        assert_eq!(n(7.0, 0), "7");
        assert_eq!(n(12.5, 1), "12,5");
        assert_eq!(n(12.0, 2), "12,00");
        assert_eq!(n(0.25, 3), "0,250");
        assert_eq!(n(999.0, 0), "999");
        assert_eq!(n(-1_234_567.891, 2), "\u{2212}1\u{a0}234\u{a0}567,89");
    }

    #[test]
    fn nbsp_and_minus_bytes_present() {
        let s = n(-1234.0, 0);
        assert!(s.contains('\u{a0}'));
        assert!(s.as_bytes().windows(2).any(|w| w == [0xC2, 0xA0]));
        assert!(s.starts_with('\u{2212}'));
        assert!(s.as_bytes().starts_with(&[0xE2, 0x88, 0x92]));
        assert!(!s.contains(' ') && !s.contains('-'));
    }

    #[test]
    fn four_digit_grouping_is_configurable() {
        assert_eq!(number(1234.0, 0, &S), "1\u{a0}234");
        assert_eq!(number(1234.0, 0, &NO4), "1234");
        assert_eq!(number(-9999.5, 1, &NO4), "\u{2212}9999,5");
        // Five or more digits are grouped either way.
        assert_eq!(number(12_345.0, 0, &NO4), "12\u{a0}345");
        assert_eq!(number(12_345.0, 0, &S), "12\u{a0}345");
        assert_eq!(number(123_456.0, 0, &NO4), "123\u{a0}456");
        // Rounding that adds a digit changes grouping.
        assert_eq!(number(9999.5, 0, &NO4), "10\u{a0}000");
        assert_eq!(number(999.5, 0, &NO4), "1000");
        assert_eq!(number(999.5, 0, &S), "1\u{a0}000");
    }

    #[test]
    fn large_amounts() {
        assert_eq!(
            with_unit(1_234_567_890.0, Unit::Kronor, 0, &S),
            "1\u{a0}234\u{a0}567\u{a0}890\u{a0}kr"
        );
        assert_eq!(
            n(1e20, 0),
            "100\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000"
        );
        assert_eq!(n(51_311.0, 0), "51\u{a0}311");
    }

    #[test]
    fn rounding_half_away_from_zero() {
        assert_eq!(n(0.5, 0), "1");
        assert_eq!(n(1.5, 0), "2");
        assert_eq!(n(2.5, 0), "3");
        assert_eq!(n(-0.5, 0), "\u{2212}1");
        assert_eq!(n(-2.5, 0), "\u{2212}3");
        assert_eq!(n(0.125, 2), "0,13");
        assert_eq!(n(-0.125, 2), "\u{2212}0,13");
        assert_eq!(n(0.45, 1), "0,5");
        assert_eq!(n(2.4999, 0), "2");
        // As written in the data, not as the binary f64 (1.00499…, 2.67499…).
        assert_eq!(n(1.005, 2), "1,01");
        assert_eq!(n(2.675, 2), "2,68");
        // Carry through all digits.
        assert_eq!(n(9.995, 2), "10,00");
        assert_eq!(n(99_999.5, 0), "100\u{a0}000");
        assert_eq!(n(-0.95, 1), "\u{2212}1,0");
    }

    #[test]
    fn never_negative_zero() {
        assert_eq!(n(-0.0, 0), "0");
        assert_eq!(n(-0.0, 1), "0,0");
        assert_eq!(n(-0.04, 1), "0,0");
        assert_eq!(n(-0.4, 0), "0");
        assert_eq!(n(-1e-12, 3), "0,000");
        assert_eq!(signed(-0.04, 1, &S), "0,0");
        assert_eq!(percent_change(-0.000_04, 1, &S), "0,0\u{a0}%");
        assert_eq!(percentage_points_signed(-0.04, 1, &S), "0,0\u{a0}procentenheter");
    }

    #[test]
    fn tiny_and_extreme_values() {
        assert_eq!(n(1e-7, 3), "0,000");
        assert_eq!(n(5e-324, 2), "0,00");
        assert_eq!(n(0.000_5, 3), "0,001");
        assert_eq!(n(f64::MAX, 0).chars().filter(|c| c.is_ascii_digit()).count(), 309);
        assert_eq!(n(1.5, 10), "1,5000000000");
    }

    #[test]
    fn non_finite_prints_dash() {
        assert_eq!(n(f64::NAN, 1), "–");
        assert_eq!(n(f64::INFINITY, 0), "–");
        assert_eq!(with_unit(f64::NEG_INFINITY, Unit::Procent, 0, &S), "–");
        assert_eq!(signed(f64::NAN, 0, &S), "–");
        assert_eq!(percent_change(f64::NAN, 0, &S), "–");
        assert_eq!(percentage_points(f64::NAN, 0, &S), "–");
    }

    #[test]
    fn units() {
        assert_eq!(with_unit(42.0, Unit::Procent, 0, &S), "42\u{a0}%");
        assert_eq!(with_unit(68.94, Unit::Procent, 1, &S), "68,9\u{a0}%");
        assert_eq!(with_unit(0.42, Unit::Andel, 0, &S), "42\u{a0}%");
        assert_eq!(with_unit(0.425, Unit::Andel, 1, &S), "42,5\u{a0}%");
        assert_eq!(with_unit(0.00425, Unit::Andel, 2, &S), "0,43\u{a0}%");
        assert_eq!(with_unit(1.0, Unit::Andel, 0, &S), "100\u{a0}%");
        assert_eq!(with_unit(12.34, Unit::Andel, 0, &S), "1\u{a0}234\u{a0}%");
        assert_eq!(with_unit(1234.0, Unit::Kronor, 0, &S), "1\u{a0}234\u{a0}kr");
        assert_eq!(with_unit(12.0, Unit::Tkr, 0, &S), "12\u{a0}tkr");
        assert_eq!(with_unit(2.45, Unit::Mkr, 1, &S), "2,5\u{a0}mkr");
        assert_eq!(with_unit(12.0, Unit::PerPatient, 0, &S), "12\u{a0}per patient");
        assert_eq!(with_unit(4.0, Unit::Poang, 0, &S), "4\u{a0}poäng");
        assert_eq!(with_unit(1.0, Unit::Poang, 0, &S), "1\u{a0}poäng");
        assert_eq!(with_unit(3106.0, Unit::Antal, 0, &S), "3\u{a0}106");
        assert_eq!(with_unit(-5.0, Unit::Antal, 0, &S), "\u{2212}5");
    }

    #[test]
    fn singular_only_for_exactly_one() {
        assert_eq!(with_unit(3.5, Unit::Dagar, 1, &S), "3,5\u{a0}dagar");
        assert_eq!(with_unit(1.0, Unit::Dagar, 0, &S), "1\u{a0}dag");
        assert_eq!(with_unit(-1.0, Unit::Dagar, 0, &S), "\u{2212}1\u{a0}dag");
        assert_eq!(with_unit(0.6, Unit::Dagar, 0, &S), "1\u{a0}dag");
        assert_eq!(with_unit(1.0, Unit::Dagar, 1, &S), "1,0\u{a0}dagar");
        assert_eq!(with_unit(0.0, Unit::Dagar, 0, &S), "0\u{a0}dagar");
        assert_eq!(with_unit(66.0, Unit::Dagar, 0, &S), "66\u{a0}dagar");
        assert_eq!(with_unit(1.0, Unit::Timmar, 0, &S), "1\u{a0}timme");
        assert_eq!(with_unit(11.0, Unit::Timmar, 0, &S), "11\u{a0}timmar");
        assert_eq!(with_unit(1001.0, Unit::Timmar, 0, &S), "1\u{a0}001\u{a0}timmar");
    }

    #[test]
    fn signed_differences() {
        assert_eq!(signed(12.0, 0, &S), "+12");
        assert_eq!(signed(-3.5, 1, &S), "\u{2212}3,5");
        assert_eq!(signed(0.0, 0, &S), "0");
        assert_eq!(signed(0.04, 1, &S), "0,0");
        assert_eq!(signed(1234.0, 0, &S), "+1\u{a0}234");
        assert_eq!(signed(79.0, 0, &NO4), "+79");
    }

    #[test]
    fn percent_change_is_relative_fraction() {
        // lex Sarah 44 → 76: +72,7 %.
        let rel = 76.0 / 44.0 - 1.0;
        assert_eq!(percent_change(rel, 0, &S), "+73\u{a0}%");
        assert_eq!(percent_change(rel, 1, &S), "+72,7\u{a0}%");
        assert_eq!(percent_change(-0.12, 0, &S), "\u{2212}12\u{a0}%");
        assert_eq!(percent_change(0.0, 0, &S), "0\u{a0}%");
        assert_eq!(percent_change(1.413, 1, &S), "+141,3\u{a0}%");
        assert_eq!(percent_change(12.0, 0, &S), "+1\u{a0}200\u{a0}%");
    }

    #[test]
    fn percentage_points_wording() {
        assert_eq!(percentage_points(19.0, 0, &S), "19\u{a0}procentenheter");
        assert_eq!(percentage_points(1.0, 0, &S), "1\u{a0}procentenhet");
        assert_eq!(percentage_points(-1.0, 0, &S), "\u{2212}1\u{a0}procentenhet");
        assert_eq!(percentage_points(0.5, 1, &S), "0,5\u{a0}procentenheter");
        assert_eq!(percentage_points(1.0, 1, &S), "1,0\u{a0}procentenheter");
        assert_eq!(percentage_points(0.96, 0, &S), "1\u{a0}procentenhet");
        assert_eq!(percentage_points(0.0, 0, &S), "0\u{a0}procentenheter");
        assert_eq!(percentage_points_signed(19.0, 0, &S), "+19\u{a0}procentenheter");
        assert_eq!(percentage_points_signed(1.0, 0, &S), "+1\u{a0}procentenhet");
        // 79,6 % → 68,9 %: −10,7 procentenheter.
        assert_eq!(
            percentage_points_signed(68.9 - 79.6, 1, &S),
            "\u{2212}10,7\u{a0}procentenheter"
        );
    }

    #[test]
    fn percent_and_procentenheter_are_distinct() {
        // Smärtskattning 23 % → 42 %: +19 procentenheter but +83 % relative.
        let pp = percentage_points_signed(42.0 - 23.0, 0, &S);
        let rel = percent_change(42.0 / 23.0 - 1.0, 0, &S);
        assert_eq!(pp, "+19\u{a0}procentenheter");
        assert_eq!(rel, "+83\u{a0}%");
        assert!(!pp.contains('%'));
        assert!(!rel.contains("procent"));
        assert!(!with_unit(19.0, Unit::Procent, 0, &S).contains("procentenhet"));
    }

    #[test]
    fn shown_values_are_the_printed_ones() {
        assert_eq!(shown(42.0, Unit::Procent, 0), Some(42.0));
        assert_eq!(shown(0.425, Unit::Andel, 1), Some(42.5));
        assert_eq!(shown(0.4256, Unit::Andel, 0), Some(43.0));
        assert_eq!(shown(1.005, Unit::Antal, 2), Some(1.01));
        assert_eq!(shown(-2.5, Unit::Antal, 0), Some(-3.0));
        assert_eq!(shown(-0.04, Unit::Procent, 1), Some(0.0));
        assert_eq!(shown(f64::NAN, Unit::Antal, 0), None);
        assert_eq!(display_with_unit(42.5, Unit::Andel, 1, &S), "42,5\u{a0}%");
        assert_eq!(display_with_unit(8.0, Unit::Dagar, 0, &S), "8\u{a0}dagar");
    }

    #[test]
    fn natural_decimals_of_values() {
        assert_eq!(natural_decimals(7.0, 2), 0);
        assert_eq!(natural_decimals(7.25, 2), 2);
        assert_eq!(natural_decimals(0.125, 2), 2);
        assert_eq!(natural_decimals(-1.5, 2), 1);
        assert_eq!(natural_decimals(f64::NAN, 2), 0);
    }

    #[test]
    fn negative_values_and_amounts() {
        assert_eq!(with_unit(-5.0, Unit::Procent, 0, &S), "\u{2212}5\u{a0}%");
        assert_eq!(
            with_unit(-1_250_000.0, Unit::Kronor, 0, &S),
            "\u{2212}1\u{a0}250\u{a0}000\u{a0}kr"
        );
        assert_eq!(
            with_unit(-51_311.0, Unit::Tkr, 0, &S),
            "\u{2212}51\u{a0}311\u{a0}tkr"
        );
        assert_eq!(with_unit(44_551.0, Unit::Tkr, 0, &S), "44\u{a0}551\u{a0}tkr");
        assert_eq!(with_unit(1_234.5, Unit::Mkr, 1, &S), "1\u{a0}234,5\u{a0}mkr");
        assert_eq!(
            signed_with_unit(-1_200.0, Unit::Kronor, 0, &S),
            "\u{2212}1\u{a0}200\u{a0}kr"
        );
        assert_eq!(signed_with_unit(1.0, Unit::Dagar, 0, &S), "+1\u{a0}dag");
        assert_eq!(signed_with_unit(27.0, Unit::Dagar, 0, &S), "+27\u{a0}dagar");
        assert_eq!(signed_with_unit(11.0, Unit::Antal, 0, &S), "+11");
        assert_eq!(
            signed_with_unit(-2.5, Unit::Poang, 1, &S),
            "\u{2212}2,5\u{a0}poäng"
        );
        // A share difference is always procentenheter, never percent.
        assert_eq!(
            signed_with_unit(3.0, Unit::Procent, 0, &S),
            "+3\u{a0}procentenheter"
        );
        assert_eq!(signed_with_unit(0.0, Unit::Antal, 0, &S), "0");
        assert_eq!(signed_with_unit(f64::NAN, Unit::Antal, 0, &S), "–");
    }

    #[test]
    fn long_dates_all_months() {
        let expected = [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ];
        for (m, name) in (1..=12).zip(expected) {
            assert_eq!(date_long(date(2024, m, 1)), format!("1 {name} 2024"));
            assert_eq!(date_long(date(2024, m, 28)), format!("28 {name} 2024"));
        }
        assert_eq!(date_long(date(2025, 3, 1)), "1 mars 2025");
        assert_eq!(date_long(date(2024, 2, 29)), "29 februari 2024");
        assert_eq!(date_long(date(2024, 12, 31)), "31 december 2024");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(date_iso(date(2025, 3, 1)), "2025-03-01");
        assert_eq!(date_iso(date(2024, 12, 31)), "2024-12-31");
        assert_eq!(date_iso(date(999, 1, 9)), "0999-01-09");
    }

    #[test]
    fn unit_labels() {
        let all = [
            (Unit::Antal, "antal"),
            (Unit::Procent, "%"),
            (Unit::Dagar, "dagar"),
            (Unit::Kronor, "kr"),
            (Unit::Tkr, "tkr"),
            (Unit::Mkr, "mkr"),
            (Unit::PerPatient, "per patient"),
            (Unit::Timmar, "timmar"),
            (Unit::Andel, "%"),
            (Unit::Poang, "poäng"),
        ];
        for (u, label) in all {
            assert_eq!(unit_label(u), label);
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Wrap {
        unit: Unit,
    }

    fn yaml_unit(s: &str) -> Result<Unit, serde_yaml::Error> {
        serde_yaml::from_str::<Wrap>(&format!("unit: {s}\n")).map(|w| w.unit)
    }

    #[test]
    fn unit_from_yaml() {
        for (text, unit) in [
            ("antal", Unit::Antal),
            ("procent", Unit::Procent),
            ("'%'", Unit::Procent),
            ("\"%\"", Unit::Procent),
            ("dagar", Unit::Dagar),
            ("kronor", Unit::Kronor),
            ("kr", Unit::Kronor),
            ("tkr", Unit::Tkr),
            ("mkr", Unit::Mkr),
            ("per_patient", Unit::PerPatient),
            ("per patient", Unit::PerPatient),
            ("timmar", Unit::Timmar),
            ("andel", Unit::Andel),
            ("poang", Unit::Poang),
            ("poäng", Unit::Poang),
        ] {
            assert_eq!(yaml_unit(text).ok(), Some(unit), "{text}");
        }
        for bad in ["Procent", "percent", "kronor2", "12", "%"] {
            assert!(yaml_unit(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_yaml::to_string(&Unit::PerPatient).ok().as_deref(),
            Some("per_patient\n")
        );
    }

    #[test]
    fn style_from_yaml() {
        let d: NumberStyle = serde_yaml::from_str("{}").expect("empty map");
        assert_eq!(d, NumberStyle::default());
        let s: NumberStyle = serde_yaml::from_str("group_four_digits: false").expect("field");
        assert!(!s.group_four_digits);
        assert!(serde_yaml::from_str::<NumberStyle>("group_4: false").is_err());
    }

    fn allowed_chars(s: &str) -> bool {
        s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '\u{a0}' | '\u{2212}' | '+'))
    }

    proptest! {
        #[test]
        fn round_trip_through_parse(x in -1.0e12f64..1.0e12, d in 0u8..=3, four in any::<bool>()) {
            let style = NumberStyle { group_four_digits: four };
            let s = number(x, d, &style);
            let parsed = match crate::number::parse_cell(&s) {
                Ok(crate::number::Cell::Value(v)) => v,
                other => return Err(TestCaseError::fail(format!("{s:?} parsed as {other:?}"))),
            };
            let unit = 10f64.powi(-i32::from(d));
            let tol = x.abs() * 1e-15 + 1e-12;
            // Within half a unit of the last printed digit of x…
            prop_assert!((parsed - x).abs() <= unit / 2.0 + tol, "{x} → {s:?} → {parsed}");
            // …and agreeing with naive rounding except at binary-vs-decimal ties.
            let naive = (x / unit).round() * unit;
            prop_assert!((parsed - naive).abs() <= unit + tol, "{x} → {s:?} vs {naive}");
            // A multiple of the unit, up to f64 precision at this magnitude.
            let whole = parsed / unit;
            let slack = whole.abs() * 4e-15 + 1e-6;
            prop_assert!((whole - whole.round()).abs() < slack, "{parsed} not a multiple of {unit}");
        }

        #[test]
        fn output_is_swedish_only(x in -1.0e15f64..1.0e15, d in 0u8..=3, four in any::<bool>()) {
            let style = NumberStyle { group_four_digits: four };
            for s in [
                number(x, d, &style),
                signed(x, d, &style),
                with_unit(x, Unit::Kronor, d, &style),
                percent_change(x, d, &style),
                percentage_points(x, d, &style),
            ] {
                prop_assert!(!s.contains('-') && !s.contains('.'), "{s:?}");
                prop_assert!(!s.contains(' '), "plain space in {s:?}");
            }
            let s = number(x, d, &style);
            prop_assert!(allowed_chars(&s), "{s:?}");
            if s.starts_with('\u{2212}') {
                prop_assert!(s.chars().any(|c| ('1'..='9').contains(&c)), "negative zero {s:?}");
            }
            // Groups: first 1–3 digits, then exactly 3, only in the integer part.
            let int = s.trim_start_matches('\u{2212}').split(',').next().unwrap_or("");
            let groups: Vec<&str> = int.split('\u{a0}').collect();
            let digits: usize = groups.iter().map(|g| g.len()).sum();
            prop_assert!(groups.iter().skip(1).all(|g| g.len() == 3), "{s:?}");
            prop_assert!((1..=3).contains(&groups[0].len()) || groups.len() == 1, "{s:?}");
            let expect_grouped = digits >= 5 || (digits == 4 && four);
            prop_assert_eq!(groups.len() > 1, expect_grouped, "{:?}", s);
        }

        #[test]
        fn percent_round_trip(x in -1000.0f64..1000.0, d in 0u8..=2) {
            let s = with_unit(x, Unit::Procent, d, &S);
            prop_assert!(s.ends_with("\u{a0}%"), "{s:?}");
            match crate::number::parse_cell(&s) {
                Ok(crate::number::Cell::Value(v)) => {
                    prop_assert!((v - x).abs() <= 10f64.powi(-i32::from(d)) / 2.0 + 1e-9);
                }
                other => return Err(TestCaseError::fail(format!("{s:?} parsed as {other:?}"))),
            }
        }
    }

    #[test]
    fn no_break_spaces_keep_words_together() {
        let n = |s: &str| no_break_spaces(s).replace('\u{a0}', "~");
        assert_eq!(
            n("Enligt SOSFS 2011:9 5 kap. 5 § ska"),
            "Enligt SOSFS~2011:9 5~kap.~5~§ ska"
        );
        assert_eq!(n("71 % och 6 kap. 4 § PSL"), "71~% och 6~kap.~4~§ PSL");
        assert_eq!(n("HSLF-FS 2017:40 gäller"), "HSLF-FS~2017:40 gäller");
        assert_eq!(n("IVO 2024 kom"), "IVO 2024 kom");
        assert_eq!(n("kap. och § ensamma"), "kap. och~§ ensamma");
        assert_eq!(n("24 b § LSS"), "24 b~§ LSS");
    }
}
