//! Checks shared by the Kolada, goal, egenkontroll and survey sources: encoding sniffing the
//! decoder cannot do, qualifiers, value ranges by unit, indicator ids with did-you-mean,
//! periods.

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::Unit;
use crate::period::Period;

use super::catalogue::{Catalogue, Indicator};
use super::keyfigures::{Qualifier, YEAR_RANGE};

/// Text in UTF-16 without a byte order mark is valid UTF-8 full of NUL bytes, so the decoder
/// would take it for text. Refuse it with a message that says what to do.
pub fn utf16_without_bom(file: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let has_bom = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || bytes.starts_with(&[0xef, 0xbb, 0xbf]);
    let head = &bytes[..bytes.len().min(4096)];
    (!has_bom && head.contains(&0)).then(|| {
        Diagnostic::error(
            "data.encoding",
            format!("{file} looks like UTF-16 text without a byte order mark"),
        )
        .at(Location::file(file))
        .note("expected UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252")
        .note("in Excel, save as \"CSV UTF-8 (kommaavgränsad)\"; in an editor, save as UTF-8")
    })
}

/// Read a file of the project as bytes, with the UTF-16 check; `None` after an error.
pub fn read_bytes(
    project: &crate::project::ProjectDir,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    match project.read_optional(file) {
        Ok(Some(b)) => match utf16_without_bom(file, &b) {
            Some(d) => {
                diags.push(d);
                None
            }
            None => Some(b),
        },
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// A qualifier cell that is none of the accepted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadQualifier;

/// `ca`, `preliminär`, `uppskattad` (as in nyckeltal.csv); `Err` for anything else.
pub fn parse_qualifier(text: &str) -> Result<Option<Qualifier>, BadQualifier> {
    match text.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "ca" | "ca." | "cirka" => Ok(Some(Qualifier::Ca)),
        "preliminär" | "preliminar" | "prel." | "prel" => Ok(Some(Qualifier::Preliminar)),
        "uppskattad" | "uppskattat" => Ok(Some(Qualifier::Uppskattad)),
        _ => Err(BadQualifier),
    }
}

pub const QUALIFIER_EXPECTED: &str = "expected ca, preliminär, uppskattad or empty";

/// Why a value cannot be one of this unit, if it cannot.
pub fn range_problem(v: f64, unit: Unit) -> Option<&'static str> {
    match unit {
        Unit::Procent if !(0.0..=100.0).contains(&v) => Some("is outside 0–100 (a percentage)"),
        Unit::Andel if !(0.0..=1.0).contains(&v) => Some("is outside 0–1 (a share)"),
        Unit::Antal | Unit::Dagar | Unit::Timmar if v < 0.0 => Some("is negative (a count)"),
        _ => None,
    }
}

/// The catalogue entry for `id`, or an error with a did-you-mean pushed to `diags`.
pub fn indicator<'c>(
    catalogue: &'c Catalogue,
    id: &str,
    at: Location,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'c Indicator> {
    if let Some(i) = catalogue.get(id) {
        return Some(i);
    }
    let mut d = Diagnostic::error("data.unknown-indicator", format!("unknown indicator \"{id}\""))
        .at(at)
        .note("expected an id from the built-in catalogue or data/indikatorer.yaml");
    if let Some(s) = did_you_mean(id, catalogue.keys().map(String::as_str)) {
        d = d.note(format!("did you mean \"{s}\"?"));
    }
    diags.push(d);
    None
}

/// A period in the years the tool accepts, or an error.
pub fn period(text: &str, at: Location, diags: &mut Vec<Diagnostic>) -> Option<Period> {
    match Period::parse(text) {
        Some(p) if YEAR_RANGE.contains(&p.year()) => Some(p),
        _ => {
            diags.push(
                Diagnostic::error("data.bad-period", format!("invalid period \"{text}\""))
                    .at(at)
                    .note(format!("expected {}", Period::EXPECTED)),
            );
            None
        }
    }
}

/// Fold text for comparing names: case, å/ä/ö and separators do not matter.
pub fn fold(s: &str) -> String {
    super::table::fold_header(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_bom_is_caught_but_not_with_bom() {
        let mut le = Vec::new();
        for u in "kpi;värde".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert!(utf16_without_bom("a.csv", &le).is_some());
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&le);
        assert!(utf16_without_bom("a.csv", &with_bom).is_none());
        assert!(utf16_without_bom("a.csv", "kpi;värde".as_bytes()).is_none());
    }

    #[test]
    fn qualifiers_and_ranges() {
        assert_eq!(parse_qualifier(" Ca "), Ok(Some(Qualifier::Ca)));
        assert_eq!(parse_qualifier("prel."), Ok(Some(Qualifier::Preliminar)));
        assert_eq!(parse_qualifier(""), Ok(None));
        assert!(parse_qualifier("ungefär").is_err());
        assert!(range_problem(100.5, Unit::Procent).is_some());
        assert!(range_problem(100.0, Unit::Procent).is_none());
        assert!(range_problem(-1.0, Unit::Antal).is_some());
        assert!(range_problem(-1.0, Unit::Kronor).is_none());
    }
}
