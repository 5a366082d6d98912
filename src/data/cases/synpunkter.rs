//! Synpunkter och klagomål: a case list (`data/synpunkter.csv`: one row per ärende, with
//! kanal, verksamhet, tema and typ) or yearly counts (`data/synpunkter-antal.csv`),
//! aggregated to `synpunkter.*`.

use crate::diag::Diagnostic;
use crate::formats::table::Column;
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::Observation;
use crate::project::ProjectDir;

use super::common::PartsRule;
use super::{CaseList, Counted, counts};
use crate::data::cells::{self, Cells, Report};

pub const STEM: &str = "synpunkter";

pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        aliases: &["ärendenummer", "diarienummer", "nr"],
        required: true,
    },
    Column {
        name: "datum",
        aliases: &["inkom", "inkommen", "date"],
        required: true,
    },
    Column {
        name: "kanal",
        aliases: &["inkanal", "channel"],
        required: false,
    },
    Column {
        name: "verksamhet",
        aliases: &["enhet", "verksamhetsområde", "unit"],
        required: false,
    },
    Column {
        name: "tema",
        aliases: &["område", "ämne", "theme"],
        required: false,
    },
    Column {
        name: "typ",
        aliases: &["ärendetyp", "type"],
        required: true,
    },
];

pub const MEASURES: &[&str] = &[
    "synpunkter.totalt",
    "synpunkter.klagomal",
    "synpunkter.forslag",
    "synpunkter.berom",
    "synpunkter.via_direkt",
    "synpunkter.via_e_tjanst",
    "synpunkter.via_ivo",
    "synpunkter.via_patientnamnden",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Klagomal,
    Synpunkt,
    Berom,
}

const KINDS: &[(Kind, &[&str])] = &[
    (Kind::Klagomal, &["klagomål", "klagomal", "missnöje"]),
    (
        Kind::Synpunkt,
        &[
            "synpunkt",
            "förslag",
            "förbättringsförslag",
            "synpunkt/förslag",
            "fråga",
        ],
    ),
    (Kind::Berom, &["beröm", "tack", "positiv"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Direkt,
    ETjanst,
    Ivo,
    Patientnamnden,
}

const CHANNELS: &[(Channel, &[&str])] = &[
    (
        Channel::Direkt,
        &[
            "direkt", "telefon", "brev", "besök", "e-post", "mejl", "muntligt", "blankett",
        ],
    ),
    (
        Channel::ETjanst,
        &["e-tjänst", "etjänst", "webb", "webbformulär", "digitalt"],
    ),
    (Channel::Ivo, &["IVO", "Inspektionen för vård och omsorg"]),
    (Channel::Patientnamnden, &["Patientnämnden", "patientnämnd", "PN"]),
];

const SOURCE: CaseList = CaseList {
    columns: COLUMNS,
    id: 0,
    date: 1,
    unit: Some(3),
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
        let channel = cx.choice(cell(2), "kanal", CHANNELS, sink);
        let kind = cx.choice(cell(5), "typ", KINDS, sink);
        let mut ok = channel.is_ok() && kind.is_ok();
        let channel = channel.ok().flatten();
        let kind = kind.ok().flatten();
        if let Some(c) = cell(5)
            && !cx.filled(c, "typ", "expected klagomål, synpunkt or beröm", sink)
        {
            ok = false;
        }
        if let (Some(Channel::Ivo | Channel::Patientnamnden), Some(k), Some(c)) = (channel, kind, cell(5))
            && k != Kind::Klagomal
        {
            ok = false;
            sink.report(
                cells::inconsistent(
                    cx.spot(c),
                    format!("typ \"{}\" for an ärende via IVO or Patientnämnden", c.text),
                )
                .note("ärenden via IVO and Patientnämnden are klagomål"),
            );
        }
        let mut counts = vec![(date, 0)];
        match kind {
            Some(Kind::Klagomal) => counts.push((date, 1)),
            Some(Kind::Synpunkt) => counts.push((date, 2)),
            Some(Kind::Berom) => counts.push((date, 3)),
            None => {}
        }
        match channel {
            Some(Channel::Direkt) => counts.push((date, 4)),
            Some(Channel::ETjanst) => counts.push((date, 5)),
            Some(Channel::Ivo) => counts.push((date, 6)),
            Some(Channel::Patientnamnden) => counts.push((date, 7)),
            None => {}
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
        ("synpunkter.totalt", &["totalt", "total", "alla"]),
        ("synpunkter.klagomal", &["klagomål"]),
        (
            "synpunkter.forslag",
            &["synpunkter", "förslag", "synpunkter och förslag"],
        ),
        ("synpunkter.berom", &["beröm"]),
        ("synpunkter.via_direkt", &["direkt"]),
        ("synpunkter.via_e_tjanst", &["e-tjänst", "via e-tjänst"]),
        ("synpunkter.via_ivo", &["IVO", "via IVO"]),
        (
            "synpunkter.via_patientnamnden",
            &["Patientnämnden", "via Patientnämnden"],
        ),
    ];
    let resolve = |name: &str, _year: i32| super::resolve_measure(name, NAMES, catalogue);
    let spec = counts::Spec {
        measure: Column {
            name: "mått",
            aliases: &["measure", "indikator", "typ"],
            required: true,
        },
        resolve: &resolve,
        rules: vec![
            PartsRule {
                total: "synpunkter.totalt",
                parts: vec![
                    "synpunkter.klagomal".into(),
                    "synpunkter.forslag".into(),
                    "synpunkter.berom".into(),
                ],
                complete: true,
            },
            PartsRule {
                total: "synpunkter.totalt",
                parts: vec![
                    "synpunkter.via_direkt".into(),
                    "synpunkter.via_e_tjanst".into(),
                    "synpunkter.via_ivo".into(),
                    "synpunkter.via_patientnamnden".into(),
                ],
                complete: true,
            },
            PartsRule {
                total: "synpunkter.klagomal",
                parts: vec![
                    "synpunkter.via_ivo".into(),
                    "synpunkter.via_patientnamnden".into(),
                ],
                complete: false,
            },
        ],
        expected: "expected one of: totalt, klagomal, forslag, berom, via_direkt, via_e_tjanst, via_ivo, via_patientnamnden".to_string(),
    };
    counts::read(project, file, &spec, diags)
}
