//! What lex Sarah and lex Maria lists share: the columns for id, date-independent unit and
//! IVO reporting, IVO's decisions, and the rule that only an anmäld case has an IVO-beslut.

use crate::data::cells::{self, Cells, Report};
use crate::formats::table::{Cell, Column};

use super::common::Sink;

pub const ID: Column = Column {
    name: "id",
    aliases: &["ärendenummer", "diarienummer", "nr"],
    required: true,
};

pub const UNIT: Column = Column {
    name: "verksamhet",
    aliases: &["enhet", "verksamhetsområde", "unit"],
    required: false,
};

pub const ASSESSMENT: Column = Column {
    name: "bedömning",
    aliases: &["assessment"],
    required: false,
};

pub const REPORTED: Column = Column {
    name: "anmäld_ivo",
    aliases: &["anmäld till IVO", "anmälan till IVO", "anmäld", "reported_ivo"],
    required: false,
};

pub const DECISION: Column = Column {
    name: "ivo_beslut",
    aliases: &["IVO:s beslut", "beslut IVO", "ivo_decision"],
    required: false,
};

/// Kind of event: a short classification printed in the case tables.
pub const EVENT_KIND: Column = Column {
    name: "händelse",
    aliases: &["händelsetyp", "typ av händelse", "typ_av_händelse", "event_kind"],
    required: false,
};

/// The measures taken, printed in the case tables.
pub const MEASURES_TAKEN: Column = Column {
    name: "åtgärder",
    aliases: &["åtgärd", "vidtagna åtgärder", "measures"],
    required: false,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Kritik,
    UtanKritik,
    Pagar,
}

pub const DECISIONS: &[(Decision, &[&str])] = &[
    (
        Decision::Kritik,
        &[
            "kritik",
            "med kritik",
            "avslutat med kritik",
            "föreläggande",
            "vite",
        ],
    ),
    (
        Decision::UtanKritik,
        &[
            "utan kritik",
            "avslutat utan kritik",
            "ingen kritik",
            "ingen åtgärd",
        ],
    ),
    (
        Decision::Pagar,
        &["pågår", "ej beslutat", "inväntar beslut", "under handläggning"],
    ),
];

/// An IVO-beslut for a case that was not anmäld till IVO is an error at the decision cell;
/// `case` names the row ("rapport", "händelse"). Returns whether the row is consistent.
pub fn decision_needs_report(
    cx: &Cells,
    decision: Option<Decision>,
    reported: Option<bool>,
    decision_cell: Option<&Cell>,
    case: &str,
    sink: &mut Sink,
) -> bool {
    let (Some(_), false, Some(c)) = (decision, reported == Some(true), decision_cell) else {
        return true;
    };
    sink.report(
        cells::inconsistent(
            cx.spot(c),
            format!("IVO-beslut \"{}\" for a {case} not anmäld till IVO", c.text),
        )
        .note("set anmäld_ivo to ja, or leave ivo_beslut empty"),
    );
    false
}
