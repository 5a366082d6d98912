//! Egenkontroller as carried out.

use serde::Serialize;

use crate::model::observation::Qualifier;
use crate::model::period::Period;

/// The result of a check: a number, free text, or reported as missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum CheckResult {
    Number(f64),
    Text(String),
    Missing,
}

/// One egenkontroll as carried out.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub period: Period,
    pub unit: Option<String>,
    /// The indicator the result also feeds, when the row names one.
    pub indicator: Option<String>,
    pub result: CheckResult,
    /// The result as written ("71 %", "Inga differenser"), for tables that print it as is.
    pub result_text: String,
    pub qualifier: Option<Qualifier>,
    pub comment: Option<String>,
    pub file: String,
    pub line: usize,
}
