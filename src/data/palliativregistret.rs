//! Svenska palliativregistret: `data/palliativregistret.csv` or `.xlsx`, a measure source (see
//! `measures`). Registered and expected deaths, täckningsgrad and the indicator shares for
//! expected deaths, with riket and län as comparison values. The national target levels
//! (Socialstyrelsen 2017) are in the catalogue, not in the file.

use crate::data::measures::{Kind, Measure, Rule, SourceSpec};

pub const SPEC: SourceSpec = SourceSpec {
    title: "Svenska palliativregistret",
    stems: &["palliativregistret", "palliativ"],
    prefix: "palliativ",
    dimensions: &[],
    measures: &[
        Measure {
            name: "registrerade dödsfall",
            aliases: &[
                "dödsfall",
                "antal dödsfall",
                "antal registrerade dödsfall",
                "registered deaths",
            ],
            kind: Kind::Count,
            ids: &[(&[], "palliativ.registrerade_dodsfall")],
        },
        Measure {
            name: "väntade dödsfall",
            aliases: &["antal väntade dödsfall", "expected deaths"],
            kind: Kind::Count,
            ids: &[(&[], "palliativ.vantade_dodsfall")],
        },
        Measure {
            name: "täckningsgrad",
            aliases: &["coverage"],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.tackningsgrad")],
        },
        Measure {
            name: "smärtskattning",
            aliases: &[
                "smärtskattning sista levnadsveckan",
                "smärtskattad",
                "pain assessment",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.smartskattning")],
        },
        Measure {
            name: "symtomskattning",
            aliases: &["symtomskattning sista levnadsveckan", "symptom assessment"],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.symtomskattning")],
        },
        Measure {
            name: "brytpunktssamtal",
            aliases: &["dokumenterat brytpunktssamtal", "end-of-life discussion"],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.brytpunktssamtal")],
        },
        Measure {
            name: "munhälsobedömning",
            aliases: &[
                "munhälsobedömning sista levnadsveckan",
                "munhälsa bedömd",
                "oral health assessment",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.munhalsobedomning")],
        },
        Measure {
            name: "utan trycksår",
            aliases: &[
                "utan trycksår vid dödsfallet",
                "trycksårsfri",
                "without pressure ulcers",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.utan_trycksar")],
        },
        Measure {
            name: "vidbehovsordination opioid",
            aliases: &[
                "vidbehovsordination av opioid",
                "vid behov opioid",
                "vidbehov opioid",
                "opioid vid behov",
                "prn opioid",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.vidbehov_opioid")],
        },
        Measure {
            name: "vidbehovsordination ångestdämpande",
            aliases: &[
                "vidbehovsordination av ångestdämpande",
                "vid behov ångestdämpande",
                "vidbehov ångestdämpande",
                "ångestdämpande vid behov",
                "prn anxiolytic",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.vidbehov_angestdampande")],
        },
        Measure {
            name: "närvaro vid dödsfallet",
            aliases: &[
                "mänsklig närvaro",
                "mänsklig närvaro vid dödsfallet",
                "närvaro i dödsögonblicket",
                "närvaro vid dödsögonblicket",
                "presence at death",
            ],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.narvaro_dodsogonblick")],
        },
        Measure {
            name: "efterlevandesamtal",
            aliases: &["erbjudet efterlevandesamtal", "bereavement follow-up"],
            kind: Kind::Share,
            ids: &[(&[], "palliativ.efterlevandesamtal")],
        },
    ],
    rules: &[Rule::AtMost {
        part: "palliativ.vantade_dodsfall",
        whole: "palliativ.registrerade_dodsfall",
    }],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};

    #[test]
    fn shares_with_riket_and_lan() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/palliativregistret.csv",
            "år,mått,värde,riket,län,kvalifikator\n\
             2024,Registrerade dödsfall,167,,,preliminär\n\
             2024,Väntade dödsfall,141,,,preliminär\n\
             2024,Smärtskattning sista levnadsveckan,58 %,52 %,49 %,preliminär\n\
             2024,Mänsklig närvaro vid dödsfallet,86,86,..,\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.observations.len(), 4);
        assert_eq!(r.observations[2].indicator, "palliativ.smartskattning");
        assert_eq!(r.observations[2].value, Some(58.0));
        let b: Vec<(&str, &str, f64)> = r
            .benchmarks
            .iter()
            .map(|b| (b.indicator.as_str(), b.name.as_str(), b.value))
            .collect();
        assert_eq!(
            b,
            [
                ("palliativ.smartskattning", "riket", 52.0),
                ("palliativ.smartskattning", "lan", 49.0),
                ("palliativ.narvaro_dodsogonblick", "riket", 86.0),
            ]
        );
    }

    #[test]
    fn expected_deaths_cannot_exceed_registered_and_shares_stay_in_range() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/palliativregistret.csv",
            "år;mått;värde;riket\n\
             2024;registrerade dödsfall;150;\n\
             2024;väntade dödsfall;151;\n\
             2024;brytpunktssamtal;63;0,63\n\
             2024;brytpunktsamtal;63;\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        // 0,63 is a valid share (a very low one); the misspelt measure is unknown.
        assert_eq!(codes, ["data.unknown-measure", "data.inconsistent"], "{d:?}");
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.contains("did you mean \"brytpunktssamtal\""))
        );
        assert!(
            d[1].message
                .contains("väntade dödsfall (151) is larger than registrerade dödsfall (150)")
        );
    }
}
