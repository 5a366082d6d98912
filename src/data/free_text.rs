//! Which free text from a data file may be printed in the report (docs/data-formats.md, "Free
//! text that may be printed"). Only the columns a source names as printable are ever read
//! as text for the report (händelse, åtgärder, beslut, resultat, …); every other column is
//! validated or counted, never printed. A printable cell is still refused, with a warning at
//! the cell, when it looks like it could identify someone:
//!
//! * a run of digits of at least 10, allowing `-`, `+` and single spaces between them (a
//!   personnummer, samordningsnummer or telephone number; a date has 8), or 6 digits in a row
//!   (a birth date written without separators);
//! * an `@` (an e-mail address);
//! * more than [`MAX_CHARS`] characters (a case description rather than a classification).
//!
//! The cell is then printed as [`WITHHELD`].

use crate::data::cells::Cells;
use crate::diag::Diagnostic;
use crate::formats::table::Cell;

pub const MAX_CHARS: usize = 300;
pub const WITHHELD: &str = "(ej återgiven)";

/// Why a text may not be printed, if it may not.
pub fn problem(text: &str) -> Option<&'static str> {
    if text.chars().count() > MAX_CHARS {
        return Some("is longer than 300 characters: write a short classification, not a case description");
    }
    if text.contains('@') {
        return Some("contains an e-mail address");
    }
    if identifying_digits(text) {
        return Some("contains a number that may identify a person (personnummer, telephone number)");
    }
    None
}

/// A run of ≥ 10 digits with `-`, `+` or single spaces between them, or 6 adjacent digits.
fn identifying_digits(text: &str) -> bool {
    let (mut run, mut adjacent, mut gap) = (0usize, 0usize, 0usize);
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            run += 1;
            adjacent += 1;
            gap = 0;
            if run >= 10 || adjacent >= 6 {
                return true;
            }
        } else {
            adjacent = 0;
            gap += 1;
            if !matches!(ch, '-' | '+' | ' ') || gap > 1 {
                run = 0;
            }
        }
    }
    false
}

/// The printable text of an optional cell of column `column`: `None` when empty; the cell's
/// text, or [`WITHHELD`] with a `data.identifying-text` warning.
pub fn printable(cx: &Cells, c: Option<&Cell>, column: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let c = c?;
    let text = c.text.trim();
    if text.is_empty() {
        return None;
    }
    match problem(text) {
        None => Some(text.to_string()),
        Some(why) => {
            diags.push(
                Diagnostic::warning(
                    "data.identifying-text",
                    format!("the text in column {column} {why}; it is not printed"),
                )
                .at(cx.at(c))
                .note(format!(
                    "the report prints \"{WITHHELD}\" instead; rewrite the cell without details about a person"
                )),
            );
            Some(WITHHELD.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personnummer_phone_and_mail_are_refused_dates_are_not() {
        assert!(problem("Fall i badrum, 19450101-1234").is_some());
        assert!(problem("pnr 450101-1234").is_some());
        assert!(problem("ring 070-123 45 67").is_some());
        assert!(problem("född 450101").is_some());
        assert!(problem("anna@kommun.se").is_some());
        assert!(problem(&"x".repeat(301)).is_some());
        assert!(problem("Utbildning 2024-03-05 och 2024-04-10").is_none());
        assert!(problem("Rutin för dubbelsignering, 12 medarbetare").is_none());
        assert!(problem("Läkemedel gavs två gånger").is_none());
    }
}
