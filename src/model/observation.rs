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
    pub qualifier: Option<Qualifier>,
    pub note: Option<String>,
    pub file: String,
    pub line: usize,
}

pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Why a value cannot be one of this unit, if it cannot.
pub fn range_problem(v: f64, unit: Unit) -> Option<&'static str> {
    match unit {
        Unit::Procent if !(0.0..=100.0).contains(&v) => Some("is outside 0–100 (a percentage)"),
        Unit::Andel if !(0.0..=1.0).contains(&v) => Some("is outside 0–1 (a share)"),
        Unit::Antal | Unit::Dagar | Unit::Timmar if v < 0.0 => Some("is negative (a count)"),
        _ => None,
    }
}
