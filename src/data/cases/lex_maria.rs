//! Lex Maria: a case list of investigated events (`data/lex-maria.csv`: one row per
//! utredning) or yearly counts (`data/lex-maria-antal.csv`), aggregated to `lex_maria.*`.

use crate::diag::Diagnostic;
use crate::formats::table::Column;
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::Observation;
use crate::project::ProjectDir;

use super::ivo::{self, DECISIONS, Decision};
use super::{CaseList, Counted, counts};
use crate::data::cells::{self, Cells, Report, YES_NO};

pub const STEM: &str = "lex-maria";

pub const COLUMNS: &[Column] = &[
    ivo::ID,
    Column {
        name: "datum",
        aliases: &["utredningsdatum", "beslutsdatum", "date"],
        required: true,
    },
    ivo::UNIT,
    ivo::ASSESSMENT,
    ivo::REPORTED,
    ivo::DECISION,
    ivo::EVENT_KIND,
    ivo::MEASURES_TAKEN,
];

pub const MEASURES: &[&str] = &[
    "lex_maria.utredningar",
    "lex_maria.anmalningar",
    "lex_maria.ivo_kritik",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assessment {
    Serious,
    Harm,
    NoHarm,
}

const ASSESSMENTS: &[(Assessment, &[&str])] = &[
    (
        Assessment::Serious,
        &[
            "allvarlig vårdskada",
            "risk för allvarlig vårdskada",
            "kunde ha medfört allvarlig vårdskada",
        ],
    ),
    (
        Assessment::Harm,
        &["vårdskada", "risk för vårdskada", "kunde ha medfört vårdskada"],
    ),
    (Assessment::NoHarm, &["ingen vårdskada", "ej vårdskada", "ej"]),
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

pub fn read_list(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Observation> {
    super::read_cases(project, file, &SOURCE, catalogue, diags, |row, date, sink| {
        let cell = |i: usize| row.cells[i].as_ref();
        let cx = Cells::new(file);
        let harm = cx.choice(cell(3), "bedömning", ASSESSMENTS, sink);
        let reported = cx.choice(cell(4), "anmäld_ivo", YES_NO, sink);
        let decision = cx.choice(cell(5), "ivo_beslut", DECISIONS, sink);
        let mut ok = harm.is_ok() && reported.is_ok() && decision.is_ok();
        let harm = harm.ok().flatten();
        let reported = reported.ok().flatten();
        let decision = decision.ok().flatten();
        if let (Some(true), Some(Assessment::NoHarm), Some(c)) = (reported, harm, cell(4)) {
            ok = false;
            sink.report(
                cells::inconsistent(
                    cx.spot(c),
                    "anmäld till IVO although the bedömning is ingen vårdskada".into(),
                )
                .note("lex Maria anmälan is made for händelser that caused or could have caused allvarlig vårdskada"),
            );
        }
        ok &= ivo::decision_needs_report(&cx, decision, reported, cell(5), "händelse", sink);
        let mut counts = vec![(date, 0)];
        if reported == Some(true) {
            counts.push((date, 1));
        }
        if decision == Some(Decision::Kritik) {
            counts.push((date, 2));
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
) -> Vec<Observation> {
    const NAMES: &[(&str, &[&str])] = &[
        (
            "lex_maria.utredningar",
            &["utredningar", "händelseanalyser", "utredda"],
        ),
        (
            "lex_maria.anmalningar",
            &[
                "anmälningar",
                "anmälda till IVO",
                "anmälningar till IVO",
                "anmalda_ivo",
            ],
        ),
        (
            "lex_maria.ivo_kritik",
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
        // IVO's decisions may concern an earlier year's anmälningar: no parts to check.
        rules: Vec::new(),
        expected: "expected one of: utredningar, anmalningar, ivo_kritik".to_string(),
    };
    counts::read(project, file, &spec, diags)
}
