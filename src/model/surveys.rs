//! Brukarundersökningar: one row of a survey's results.

use serde::Serialize;

use crate::model::period::Period;

/// One row of a survey's results. Shares are percent numbers (0–100).
#[derive(Debug, Clone, Serialize)]
pub struct SurveyResponse {
    pub survey: String,
    /// `None` for the survey's own row (svarsfrekvens and respondents of the whole survey).
    pub question: Option<String>,
    pub area: Option<String>,
    pub unit: Option<String>,
    pub period: Period,
    pub positive_share: Option<f64>,
    pub respondents: Option<u64>,
    pub response_rate: Option<f64>,
    pub riket: Option<f64>,
    pub indicator: Option<String>,
    pub comment: Option<String>,
    pub file: String,
    pub line: usize,
}
