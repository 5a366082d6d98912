//! Records the report prints row by row or aggregates per period itself (issue 14): every
//! valid avvikelse of the event file in compact form, the de-identified lex Sarah and lex Maria
//! cases, the risk register, external inspections (IVO tillsyn and others) and the follow-up
//! of private providers. Filled by `data/`, read by `compute/records` and `render/tables`.

use chrono::NaiveDate;

/// Everything kept row by row.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub avvikelser: Avvikelser,
    /// Lex Sarah and lex Maria cases, in file order.
    pub cases: Vec<Case>,
    /// The risk register (`data/risker.*`), in file order.
    pub risks: Vec<Risk>,
    /// Inspections and external reviews (`data/tillsyn.*`), in file order.
    pub inspections: Vec<Inspection>,
    /// Follow-up of private providers and upphandlad verksamhet (`data/uppfoljning-utforare.*`).
    pub followups: Vec<ProviderFollowUp>,
}

/// The valid events of `data/avvikelser.*`, and which optional columns the file had.
#[derive(Debug, Clone, Default)]
pub struct Avvikelser {
    pub events: Vec<Event>,
    /// Project-relative path of the event file.
    pub file: Option<String>,
    pub has_severity: bool,
    pub has_probability: bool,
    pub has_closed: bool,
    pub has_direction: bool,
    pub has_person: bool,
    pub has_injury: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Law {
    Hsl,
    SolLss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Internal,
    /// Sent to another caregiver about their care.
    Sent,
    /// Received from another caregiver about the kommun's care.
    Received,
}

/// One avvikelse. Strings are shared with the other events of the same unit or category.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: NaiveDate,
    /// Rapporteringsdatum, or the händelsedatum when the file has none.
    pub start: NaiveDate,
    pub closed: Option<NaiveDate>,
    /// Whether the status says closed (also without an avslutsdatum column).
    pub closed_status: Option<bool>,
    pub area: Option<std::sync::Arc<str>>,
    pub unit: Option<std::sync::Arc<str>>,
    /// The harmonised category id (`fall`, `lakemedel`, …).
    pub category: std::sync::Arc<str>,
    pub law: Option<Law>,
    pub severity: Option<u8>,
    pub probability: Option<u8>,
    pub direction: Direction,
    pub counterpart: Option<std::sync::Arc<str>>,
    pub injury: Option<bool>,
    /// A number standing for the pseudonymous person key; the key itself is never kept.
    pub person: Option<u32>,
}

impl Event {
    /// Whether the avvikelse was closed on or before `day`.
    pub fn closed_by(&self, day: NaiveDate) -> bool {
        self.closed.is_some_and(|c| c <= day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    LexSarah,
    LexMaria,
}

/// A lex Sarah or lex Maria case, from de-identified fields only (docs/data-formats.md,
/// "Free text that may be printed").
#[derive(Debug, Clone)]
pub struct Case {
    pub kind: CaseKind,
    pub id: String,
    pub date: NaiveDate,
    pub unit: Option<String>,
    /// Kind of event (händelsetyp), a short classification.
    pub event_kind: Option<String>,
    /// The assessment as written (missförhållande, allvarlig vårdskada, …).
    pub assessment: Option<String>,
    pub reported_ivo: Option<bool>,
    pub decision: Option<String>,
    pub measures: Option<String>,
    pub file: String,
    pub line: usize,
}

/// One risk of the risk register.
#[derive(Debug, Clone)]
pub struct Risk {
    /// Printed number (R1, R2, …) in file order; the matrix names risks by it.
    pub number: usize,
    pub risk: String,
    pub area: Option<String>,
    /// Sannolikhet 1–4.
    pub probability: u8,
    /// Konsekvens 1–4.
    pub consequence: u8,
    pub measure: Option<String>,
    pub responsible: Option<String>,
    pub status: Option<String>,
    pub date: NaiveDate,
}

impl Risk {
    /// Riskvärde: sannolikhet × konsekvens (1–16).
    pub fn score(&self) -> u8 {
        self.probability * self.consequence
    }
}

/// An inspection or external review (IVO tillsyn, revision, …).
#[derive(Debug, Clone)]
pub struct Inspection {
    pub case: String,
    pub date: NaiveDate,
    /// Who inspected: IVO unless the file says otherwise.
    pub by: String,
    pub area: Option<String>,
    pub decision: Option<String>,
    pub criticism: bool,
    pub measures: Option<String>,
}

/// A follow-up of a private provider or upphandlad verksamhet.
#[derive(Debug, Clone)]
pub struct ProviderFollowUp {
    pub provider: String,
    /// The form of the verksamhet (LOV, LOU, avtal, …).
    pub form: Option<String>,
    pub date: NaiveDate,
    pub result: Option<String>,
    pub measures: Option<String>,
}
