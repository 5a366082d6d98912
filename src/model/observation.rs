//! One value of one indicator, and the words a value is qualified by.

use serde::Serialize;

use crate::format::Unit;
use crate::model::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Sex {
    T,
    K,
    M,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    Ca,
    Preliminar,
    Uppskattad,
}

/// A cell that is none of the accepted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unrecognised;

impl Sex {
    /// `T`/`totalt`, `K`/`kvinnor`, `M`/`män`, or empty.
    pub fn parse(text: &str) -> Result<Option<Sex>, Unrecognised> {
        match text.trim().to_uppercase().as_str() {
            "" => Ok(None),
            "T" | "TOTALT" | "ALLA" => Ok(Some(Sex::T)),
            "K" | "KVINNOR" | "KVINNA" | "F" => Ok(Some(Sex::K)),
            "M" | "MÄN" | "MAN" => Ok(Some(Sex::M)),
            _ => Err(Unrecognised),
        }
    }
}

pub const SEX_EXPECTED: &str = "expected T (totalt), K (kvinnor), M (män) or empty";
pub const QUALIFIER_EXPECTED: &str = "expected ca, preliminär, uppskattad or empty";

impl Qualifier {
    /// `ca`, `preliminär`, `uppskattad` (and their abbreviations), or empty.
    pub fn parse(text: &str) -> Result<Option<Qualifier>, Unrecognised> {
        match text.trim().to_lowercase().as_str() {
            "" => Ok(None),
            "ca" | "ca." | "cirka" => Ok(Some(Qualifier::Ca)),
            "preliminär" | "preliminar" | "prel." | "prel" => Ok(Some(Qualifier::Preliminar)),
            "uppskattad" | "uppskattat" => Ok(Some(Qualifier::Uppskattad)),
            _ => Err(Unrecognised),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Qualifier::Ca => "ca",
            Qualifier::Preliminar => "preliminär",
            Qualifier::Uppskattad => "uppskattad",
        }
    }
}

/// One value, with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub indicator: String,
    /// Always `period.year()`; kept for the common case of yearly series.
    pub year: i32,
    pub period: Period,
    pub unit: Option<String>,
    pub sex: Option<Sex>,
    /// `None` is a value reported as missing (`..`, `-`), never zero.
    pub value: Option<f64>,
    /// Decimals the value is written with in the data (`71,58` → 2), where it was read from
    /// text; the report keeps them unless the catalogue fixes `decimals:`.
    pub decimals: Option<u8>,
    /// The part of the period the value covers when not all of it ("januari–november"),
    /// carried into the report as a footnote.
    pub period_note: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub note: Option<String>,
    pub file: String,
    pub line: usize,
}

pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Why a value cannot be one of this unit, if it cannot; `max` is the catalogue's `max:` for a
/// share that may exceed 100 %.
pub fn range_problem(v: f64, unit: Unit, max: Option<f64>) -> Option<String> {
    let fmt = |m: f64| m.to_string().replace('.', ",");
    match unit {
        Unit::Procent => match max {
            Some(m) if !(0.0..=m).contains(&v) => Some(format!(
                "is outside 0–{} (max: {} in the catalogue)",
                fmt(m),
                fmt(m)
            )),
            None if !(0.0..=100.0).contains(&v) => Some("is outside 0–100 (a percentage)".to_string()),
            _ => None,
        },
        Unit::Andel => match max {
            Some(m) if !(0.0..=m).contains(&v) => Some(format!(
                "is outside 0–{} (max: {} in the catalogue)",
                fmt(m),
                fmt(m)
            )),
            None if !(0.0..=1.0).contains(&v) => Some("is outside 0–1 (a share)".to_string()),
            _ => None,
        },
        Unit::Antal | Unit::Dagar | Unit::Timmar if v < 0.0 => Some("is negative (a count)".to_string()),
        _ => None,
    }
}
