//! Rättssäkerhet: `data/rattssakerhet.csv` or `.xlsx`, a measure source (see `measures`).
//! Decisions made (granted, partly granted, refused), decisions appealed, court decisions by
//! instance and outcome, and ej verkställda gynnande beslut reported to IVO.

use crate::data::measures::{Dimension, Kind, Measure, Rule, SourceSpec, Term};

const COURTS: &[Term] = &[
    Term {
        name: "förvaltningsrätt",
        aliases: &["förvaltningsrätten", "fr", "administrative court"],
    },
    Term {
        name: "kammarrätt",
        aliases: &["kammarrätten", "kr", "administrative court of appeal"],
    },
    Term {
        name: "högsta förvaltningsdomstolen",
        aliases: &["hfd", "supreme administrative court"],
    },
];

/// Outcomes of the nämnd's decisions (beviljat, delvis beviljat, avslag) and of court
/// decisions on appeals (ändrat, fastställt, övrigt). "Bifall" is not accepted: it means
/// opposite things for an application and for an appeal.
const OUTCOMES: &[Term] = &[
    Term {
        name: "beviljat",
        aliases: &["beviljade", "beviljad", "granted"],
    },
    Term {
        name: "delvis beviljat",
        aliases: &["delvis beviljade", "delvis beviljad", "partly granted"],
    },
    Term {
        name: "avslag",
        aliases: &["avslagna", "avslagen", "avslaget", "refused"],
    },
    Term {
        name: "ändrat",
        aliases: &[
            "ändrade",
            "ändrad",
            "upphävt",
            "nämndens beslut ändrat",
            "changed",
        ],
    },
    Term {
        name: "fastställt",
        aliases: &["fastställda", "fastställd", "nämndens beslut står fast", "upheld"],
    },
    Term {
        name: "övrigt",
        aliases: &["återförvisat", "avskrivet", "avvisat", "other"],
    },
];

pub const SPEC: SourceSpec = SourceSpec {
    title: "Rättssäkerhet",
    stems: &["rattssakerhet", "rättssäkerhet"],
    prefix: "rattssakerhet",
    dimensions: &[
        Dimension {
            name: "instans",
            aliases: &["domstol", "court"],
            values: COURTS,
        },
        Dimension {
            name: "utfall",
            aliases: &["outcome", "resultat"],
            values: OUTCOMES,
        },
    ],
    measures: &[
        Measure {
            name: "beslut",
            aliases: &["antal beslut", "fattade beslut", "decisions"],
            kind: Kind::Count,
            ids: &[
                (&["", ""], "rattssakerhet.beslut"),
                (&["", "beviljat"], "rattssakerhet.beslut_beviljade"),
                (&["", "delvis beviljat"], "rattssakerhet.beslut_delvis_beviljade"),
                (&["", "avslag"], "rattssakerhet.beslut_avslag"),
            ],
        },
        Measure {
            name: "överklagade beslut",
            aliases: &["överklaganden", "överklagade", "appeals"],
            kind: Kind::Count,
            ids: &[(&["", ""], "rattssakerhet.overklaganden")],
        },
        Measure {
            name: "domar",
            aliases: &["avgöranden", "domar och beslut i domstol", "court decisions"],
            kind: Kind::Count,
            ids: &[
                (&["", ""], "rattssakerhet.domar"),
                (&["förvaltningsrätt", ""], "rattssakerhet.domar_forvaltningsratt"),
                (
                    &["förvaltningsrätt", "ändrat"],
                    "rattssakerhet.domar_forvaltningsratt_andrade",
                ),
                (
                    &["förvaltningsrätt", "fastställt"],
                    "rattssakerhet.domar_forvaltningsratt_faststallda",
                ),
                (
                    &["förvaltningsrätt", "övrigt"],
                    "rattssakerhet.domar_forvaltningsratt_ovriga",
                ),
                (&["kammarrätt", ""], "rattssakerhet.domar_kammarratt"),
                (
                    &["kammarrätt", "ändrat"],
                    "rattssakerhet.domar_kammarratt_andrade",
                ),
                (
                    &["kammarrätt", "fastställt"],
                    "rattssakerhet.domar_kammarratt_faststallda",
                ),
                (&["kammarrätt", "övrigt"], "rattssakerhet.domar_kammarratt_ovriga"),
                (&["högsta förvaltningsdomstolen", ""], "rattssakerhet.domar_hfd"),
                (
                    &["högsta förvaltningsdomstolen", "ändrat"],
                    "rattssakerhet.domar_hfd_andrade",
                ),
                (
                    &["högsta förvaltningsdomstolen", "fastställt"],
                    "rattssakerhet.domar_hfd_faststallda",
                ),
                (
                    &["högsta förvaltningsdomstolen", "övrigt"],
                    "rattssakerhet.domar_hfd_ovriga",
                ),
            ],
        },
        Measure {
            name: "ej verkställda beslut",
            aliases: &[
                "ej verkställda",
                "ej verkställda gynnande beslut",
                "not implemented decisions",
            ],
            kind: Kind::Count,
            ids: &[(&["", ""], "ej_verkstallda.beslut")],
        },
    ],
    rules: &[
        Rule::Sum {
            parts: &[
                "rattssakerhet.beslut_beviljade",
                "rattssakerhet.beslut_delvis_beviljade",
                "rattssakerhet.beslut_avslag",
            ],
            total: "rattssakerhet.beslut",
        },
        Rule::Sum {
            parts: &[
                "rattssakerhet.domar_forvaltningsratt",
                "rattssakerhet.domar_kammarratt",
                "rattssakerhet.domar_hfd",
            ],
            total: "rattssakerhet.domar",
        },
        Rule::Sum {
            parts: &[
                "rattssakerhet.domar_forvaltningsratt_andrade",
                "rattssakerhet.domar_forvaltningsratt_faststallda",
                "rattssakerhet.domar_forvaltningsratt_ovriga",
            ],
            total: "rattssakerhet.domar_forvaltningsratt",
        },
        Rule::Sum {
            parts: &[
                "rattssakerhet.domar_kammarratt_andrade",
                "rattssakerhet.domar_kammarratt_faststallda",
                "rattssakerhet.domar_kammarratt_ovriga",
            ],
            total: "rattssakerhet.domar_kammarratt",
        },
        Rule::Sum {
            parts: &[
                "rattssakerhet.domar_hfd_andrade",
                "rattssakerhet.domar_hfd_faststallda",
                "rattssakerhet.domar_hfd_ovriga",
            ],
            total: "rattssakerhet.domar_hfd",
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};

    #[test]
    fn court_decisions_by_instance_and_outcome() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/rattssakerhet.csv",
            "år;enhet;mått;instans;utfall;värde\n\
             2024;;domar;Förvaltningsrätten;;12\n\
             2024;;domar;Förvaltningsrätten;Ändrat;3\n\
             2024;;domar;Förvaltningsrätten;Fastställt;9\n\
             2024;;domar;Kammarrätten;Fastställt;2\n\
             2024;;beslut;;;1 250\n\
             2024;;beslut;;avslag;85\n\
             2024;;ej verkställda beslut;;;17\n\
             2024;Funktionsstöd;ej verkställda beslut;;;9\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let ids: Vec<&str> = r.observations.iter().map(|o| o.indicator.as_str()).collect();
        assert_eq!(
            ids,
            [
                "rattssakerhet.domar_forvaltningsratt",
                "rattssakerhet.domar_forvaltningsratt_andrade",
                "rattssakerhet.domar_forvaltningsratt_faststallda",
                "rattssakerhet.domar_kammarratt_faststallda",
                "rattssakerhet.beslut",
                "rattssakerhet.beslut_avslag",
                "ej_verkstallda.beslut",
                "ej_verkstallda.beslut",
            ]
        );
    }

    #[test]
    fn outcomes_add_up_and_units_stay_within_the_total() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/rattssakerhet.csv",
            "år;enhet;mått;instans;utfall;värde\n\
             2024;;domar;förvaltningsrätt;;12\n\
             2024;;domar;förvaltningsrätt;ändrat;3\n\
             2024;;domar;förvaltningsrätt;fastställt;8\n\
             2024;;domar;förvaltningsrätt;övrigt;0\n\
             2024;;beslut;;beviljat;10\n\
             2024;;beslut;;;9\n\
             2024;;domar;;avslag;1\n\
             2024;;ej verkställda beslut;;;17\n\
             2024;Äldreomsorg;ej verkställda beslut;;;9\n\
             2024;Funktionsstöd;ej verkställda beslut;;;9\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "no indicator for domar, utfall avslag",
                "beslut is 9 but beslut, utfall beviljat + beslut, utfall delvis beviljat + beslut, utfall avslag already add up to 10 for 2024",
                "domar, instans förvaltningsrätt is 12 but domar, instans förvaltningsrätt, utfall ändrat + domar, instans förvaltningsrätt, utfall fastställt + domar, instans förvaltningsrätt, utfall övrigt add up to 11 for 2024",
                "ej verkställda beslut is 17 for 2024 but its units add up to 18",
            ]
        );
    }
}
