//! Lex Sarah: a de-identified case list (`data/lex-sarah.csv`: one row per rapport) or
//! yearly counts (`data/lex-sarah-antal.csv`), aggregated to `lex_sarah.*`.

use chrono::NaiveDate;

use crate::data::cells::{self, Cells, Report, Reported, YES_NO, parse_date};
use crate::diag::Diagnostic;
use crate::formats::table::{Column, Row};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::project::ProjectDir;

use super::common::{PartsRule, Sink};
use super::ivo::{self, DECISIONS, Decision};
use super::{CaseList, Counted, counts};

pub const STEM: &str = "lex-sarah";

pub const COLUMNS: &[Column] = &[
    ivo::ID,
    Column {
        name: "datum",
        aliases: &["rapportdatum", "inkom", "date"],
        required: true,
    },
    ivo::UNIT,
    Column {
        name: "utredd",
        aliases: &["utredning", "utredningsdatum", "investigated"],
        required: false,
    },
    ivo::ASSESSMENT,
    ivo::REPORTED,
    ivo::DECISION,
    ivo::EVENT_KIND,
    ivo::MEASURES_TAKEN,
];

pub const MEASURES: &[&str] = &[
    "lex_sarah.rapporter",
    "lex_sarah.utredningar",
    "lex_sarah.anmalda_ivo",
    "lex_sarah.missforhallanden",
    "lex_sarah.patagliga_risker",
    "lex_sarah.ivo_kritik",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assessment {
    Missforhallande,
    Risk,
    Ej,
}

pub const ASSESSMENTS: &[(Assessment, &[&str])] = &[
    (
        Assessment::Missforhallande,
        &[
            "missförhållande",
            "allvarligt missförhållande",
            "missförhållande, allvarligt",
        ],
    ),
    (
        Assessment::Risk,
        &[
            "påtaglig risk",
            "påtaglig risk för missförhållande",
            "påtaglig risk för allvarligt missförhållande",
        ],
    ),
    (
        Assessment::Ej,
        &[
            "ej missförhållande",
            "ej",
            "inget missförhållande",
            "inte missförhållande",
        ],
    ),
];

const SOURCE: CaseList = CaseList {
    columns: COLUMNS,
    id: 0,
    date: 1,
    unit: Some(2),
    measures: MEASURES,
};

pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    super::load_pair(inputs, STEM, collected, diags, read_list, read_counts);
}

/// `utredd`: ja/nej, or the date the investigation was finished (it then counts in that
/// date's period).
enum Investigated {
    No,
    Yes,
    On(NaiveDate),
}

fn investigated(
    cx: &Cells,
    row: &Row,
    column: usize,
    sink: &mut Sink,
) -> Result<Option<Investigated>, Reported> {
    let Some(c) = row.cells[column].as_ref().filter(|c| !c.text.is_empty()) else {
        return Ok(None);
    };
    let date_like = c.text.len() >= 8
        && c.text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && c.text.as_bytes()[4] == b'-';
    if date_like || parse_date(&c.text).is_some() {
        let hint = "utredd is ja, nej or the date the utredning was finished";
        return Ok(cells::date(&c.text, cx.spot(c), "utredd", Some(hint), sink)?.map(Investigated::On));
    }
    match cx.choice(Some(c), "utredd", YES_NO, sink)? {
        Some(true) => Ok(Some(Investigated::Yes)),
        Some(false) => Ok(Some(Investigated::No)),
        None => Ok(None),
    }
}

pub fn read_list(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::model::observation::Observation> {
    super::read_cases(project, file, &SOURCE, catalogue, diags, |row, date, sink| {
        let cell = |i: usize| row.cells[i].as_ref();
        let cx = Cells::new(file);
        let inv = investigated(&cx, row, 3, sink);
        let assessment = cx.choice(cell(4), "bedömning", ASSESSMENTS, sink);
        let reported = cx.choice(cell(5), "anmäld_ivo", YES_NO, sink);
        let decision = cx.choice(cell(6), "ivo_beslut", DECISIONS, sink);
        let mut ok = inv.is_ok() && assessment.is_ok() && reported.is_ok() && decision.is_ok();
        let inv = inv.ok().flatten();
        let assessment = assessment.ok().flatten();
        let reported = reported.ok().flatten();
        let decision = decision.ok().flatten();
        let present = |i: usize| row.cells[i].is_some();
        // When the utredd column is absent, an assessment means the case was investigated.
        let investigated_on = match inv {
            Some(Investigated::On(d)) => Some(d),
            Some(Investigated::Yes) => Some(date),
            Some(Investigated::No) => None,
            None if !present(3) && assessment.is_some() => Some(date),
            None => None,
        };
        if let (Some(Investigated::On(d)), Some(c)) = (&inv, cell(3))
            && *d < date
        {
            ok = false;
            sink.report(
                cells::date_order(cx.spot(c), ("utredd", *d), ("rapport's datum", date))
                    .note("a rapport is investigated after it was made"),
            );
        }
        if investigated_on.is_none()
            && let (Some(_), Some(c)) = (assessment, cell(4))
        {
            ok = false;
            sink.report(
                cells::inconsistent(
                    cx.spot(c),
                    format!("bedömning \"{}\" for a rapport that was not investigated", c.text),
                )
                .note("set utredd to ja (or the date the utredning was finished)"),
            );
        }
        if let (Some(true), Some(Assessment::Ej), Some(c)) = (reported, assessment, cell(5)) {
            ok = false;
            sink.report(
                cells::inconsistent(
                    cx.spot(c),
                    "anmäld till IVO although the bedömning is ej missförhållande".into(),
                )
                .note(
                    "lex Sarah anmälan is made for allvarliga missförhållanden or påtaglig risk för sådana",
                ),
            );
        }
        ok &= ivo::decision_needs_report(&cx, decision, reported, cell(6), "rapport", sink);
        let mut counts = vec![(date, 0)];
        let on = investigated_on.unwrap_or(date);
        if investigated_on.is_some() {
            counts.push((on, 1));
        }
        if reported == Some(true) {
            counts.push((on, 2));
        }
        match assessment {
            Some(Assessment::Missforhallande) => counts.push((on, 3)),
            Some(Assessment::Risk) => counts.push((on, 4)),
            _ => {}
        }
        if decision == Some(Decision::Kritik) {
            counts.push((on, 5));
        }
        Counted {
            date: Some(date),
            ok,
            counts,
        }
    })
}

pub fn read_counts(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::model::observation::Observation> {
    const NAMES: &[(&str, &[&str])] = &[
        ("lex_sarah.rapporter", &["rapporter", "antal rapporter"]),
        ("lex_sarah.utredningar", &["utredningar", "utredda"]),
        (
            "lex_sarah.anmalda_ivo",
            &[
                "anmälda till IVO",
                "anmälningar",
                "anmälningar till IVO",
                "anmalda",
            ],
        ),
        (
            "lex_sarah.missforhallanden",
            &["missförhållanden", "missförhållande"],
        ),
        (
            "lex_sarah.patagliga_risker",
            &[
                "påtagliga risker",
                "påtaglig risk",
                "påtaglig risk för missförhållande",
            ],
        ),
        (
            "lex_sarah.ivo_kritik",
            &["IVO kritik", "kritik från IVO", "IVO-beslut med kritik"],
        ),
    ];
    let resolve = |name: &str, _year: i32| super::resolve_measure(name, NAMES, catalogue);
    let spec = counts::Spec {
        measure: Column {
            name: "mått",
            aliases: &["measure", "indikator"],
            required: true,
        },
        resolve: &resolve,
        rules: vec![PartsRule {
            total: "lex_sarah.utredningar",
            parts: vec![
                "lex_sarah.missforhallanden".into(),
                "lex_sarah.patagliga_risker".into(),
            ],
            complete: false,
        }],
        expected: "expected one of: rapporter, utredningar, anmalda_ivo, missforhallanden, patagliga_risker, ivo_kritik".to_string(),
    };
    counts::read(project, file, &spec, diags)
}
