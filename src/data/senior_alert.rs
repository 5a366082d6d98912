//! Senior alert (vårdprevention): `data/senior-alert.csv` or `.xlsx`, a measure source (see
//! `measures`). Per year and optionally per unit: riskbedömningar, with risk, unique persons,
//! the process shares (bakomliggande orsaker, åtgärdsplan, uppföljda åtgärder), and per
//! riskområde the share with risk, persons and events.

use crate::data::measures::{Dimension, Kind, Measure, Rule, SourceSpec, Term};

const AREAS: &[Term] = &[
    Term {
        name: "trycksår",
        aliases: &["tryck", "pressure ulcer", "pressure ulcers"],
    },
    Term {
        name: "undernäring",
        aliases: &["nutrition", "malnutrition", "vikt"],
    },
    Term {
        name: "fall",
        aliases: &["falls", "fallrisk"],
    },
    Term {
        name: "munhälsa",
        aliases: &["ohälsa i munnen", "mun", "oral health"],
    },
    Term {
        name: "blåsdysfunktion",
        aliases: &["blåsa", "bladder", "bladder dysfunction"],
    },
];

pub const SPEC: SourceSpec = SourceSpec {
    title: "Senior alert",
    stems: &["senior-alert", "senior_alert", "senioralert"],
    prefix: "senior_alert",
    dimensions: &[Dimension {
        name: "riskområde",
        aliases: &["område", "risk area", "area"],
        values: AREAS,
    }],
    measures: &[
        Measure {
            name: "riskbedömningar",
            aliases: &["antal riskbedömningar", "riskbedömning", "risk assessments"],
            kind: Kind::Count,
            ids: &[(&[""], "senior_alert.riskbedomningar")],
        },
        Measure {
            name: "med risk",
            aliases: &[
                "riskbedömningar med risk",
                "antal med risk",
                "assessments with risk",
            ],
            kind: Kind::Count,
            ids: &[(&[""], "senior_alert.riskbedomningar_med_risk")],
        },
        Measure {
            name: "unika personer",
            aliases: &[
                "riskbedömda personer",
                "antal riskbedömda personer",
                "unique persons",
            ],
            kind: Kind::Count,
            ids: &[(&[""], "senior_alert.unika_personer")],
        },
        Measure {
            name: "andel riskbedömda",
            aliases: &["andel inskrivna som riskbedömts", "share assessed"],
            kind: Kind::Share,
            ids: &[(&[""], "senior_alert.andel_riskbedomda")],
        },
        Measure {
            name: "andel med risk",
            aliases: &["share with risk", "andel risk"],
            kind: Kind::Share,
            ids: &[
                (&[""], "senior_alert.andel_med_risk"),
                (&["trycksår"], "senior_alert.risk_trycksar"),
                (&["undernäring"], "senior_alert.risk_undernaring"),
                (&["fall"], "senior_alert.risk_fall"),
                (&["munhälsa"], "senior_alert.risk_munhalsa"),
                (&["blåsdysfunktion"], "senior_alert.risk_blasdysfunktion"),
            ],
        },
        Measure {
            name: "andel bakomliggande orsaker",
            aliases: &[
                "andel med bakomliggande orsaker",
                "andel med analys av bakomliggande orsaker",
                "underlying causes",
            ],
            kind: Kind::Share,
            ids: &[(&[""], "senior_alert.andel_bakomliggande_orsaker")],
        },
        Measure {
            name: "andel åtgärdsplan",
            aliases: &[
                "andel med åtgärdsplan",
                "andel med planerade åtgärder",
                "action plan",
            ],
            kind: Kind::Share,
            ids: &[(&[""], "senior_alert.andel_atgardsplan")],
        },
        Measure {
            name: "andel uppföljda",
            aliases: &[
                "andel uppföljda åtgärder",
                "andel utförda åtgärder",
                "andel utförda",
                "followed up",
            ],
            kind: Kind::Share,
            ids: &[(&[""], "senior_alert.andel_utforda_atgarder")],
        },
        Measure {
            name: "personer",
            aliases: &["antal personer", "persons"],
            kind: Kind::Count,
            ids: &[
                (&["trycksår"], "senior_alert.personer_med_trycksar"),
                (&["undernäring"], "senior_alert.personer_med_undernaring"),
                (&["fall"], "senior_alert.personer_med_fall"),
                (&["munhälsa"], "senior_alert.personer_ohalsa_mun"),
                (&["blåsdysfunktion"], "senior_alert.personer_med_blasdysfunktion"),
            ],
        },
        Measure {
            name: "personer med risk",
            aliases: &["antal personer med risk", "riskpersoner", "persons at risk"],
            kind: Kind::Count,
            ids: &[
                (&["trycksår"], "senior_alert.personer_risk_trycksar"),
                (&["undernäring"], "senior_alert.personer_risk_undernaring"),
                (&["fall"], "senior_alert.personer_risk_fall"),
                (&["munhälsa"], "senior_alert.personer_risk_munhalsa"),
                (&["blåsdysfunktion"], "senior_alert.personer_risk_blasdysfunktion"),
            ],
        },
        Measure {
            name: "händelser",
            aliases: &["antal händelser", "events"],
            kind: Kind::Count,
            ids: &[
                (&["trycksår"], "senior_alert.trycksar"),
                (&["fall"], "senior_alert.fallhandelser"),
            ],
        },
    ],
    rules: &[
        Rule::AtMost {
            part: "senior_alert.riskbedomningar_med_risk",
            whole: "senior_alert.riskbedomningar",
        },
        Rule::AtMost {
            part: "senior_alert.unika_personer",
            whole: "senior_alert.riskbedomningar",
        },
        Rule::Ratio {
            share: "senior_alert.andel_med_risk",
            part: "senior_alert.riskbedomningar_med_risk",
            whole: "senior_alert.riskbedomningar",
        },
        Rule::AtMost {
            part: "senior_alert.personer_med_trycksar",
            whole: "senior_alert.trycksar",
        },
        Rule::AtMost {
            part: "senior_alert.personer_med_fall",
            whole: "senior_alert.fallhandelser",
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};

    #[test]
    fn reads_a_registry_export_per_area_and_unit() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/senior-alert.csv",
            "År;Enhet;Mått;Riskområde;Värde\n\
             2024;;Riskbedömningar;;936\n\
             2024;;Med risk;;861\n\
             2024;;Andel med risk;;92\n\
             2024;Björkgården;Riskbedömningar;;210\n\
             2024;;Andel med risk;Ohälsa i munnen;39\n\
             2024;;Personer;Trycksår;36\n\
             2024;;Händelser;Trycksår;49\n\
             2024;;Personer;Fall;120\n\
             2024;;Händelser;Fall;301\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<(&str, Option<&str>, Option<f64>)> = r
            .observations
            .iter()
            .map(|o| (o.indicator.as_str(), o.unit.as_deref(), o.value))
            .collect();
        assert_eq!(
            got,
            [
                ("senior_alert.riskbedomningar", None, Some(936.0)),
                ("senior_alert.riskbedomningar_med_risk", None, Some(861.0)),
                ("senior_alert.andel_med_risk", None, Some(92.0)),
                ("senior_alert.riskbedomningar", Some("Björkgården"), Some(210.0)),
                ("senior_alert.risk_munhalsa", None, Some(39.0)),
                ("senior_alert.personer_med_trycksar", None, Some(36.0)),
                ("senior_alert.trycksar", None, Some(49.0)),
                ("senior_alert.personer_med_fall", None, Some(120.0)),
                ("senior_alert.fallhandelser", None, Some(301.0)),
            ]
        );
    }

    #[test]
    fn persons_cannot_exceed_assessments_and_events_need_an_area() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/senior-alert.csv",
            "år;mått;riskområde;värde\n\
             2024;riskbedömningar;;100\n\
             2024;unika personer;;101\n\
             2024;händelser;;5\n\
             2024;händelser;munhälsa;5\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "no indicator for händelser without further breakdown",
                "no indicator for händelser, riskområde munhälsa",
                "unika personer (101) is larger than riskbedömningar (100) for 2024",
            ]
        );
        assert!(
            d[1].notes[0].contains("händelser, riskområde trycksår; händelser, riskområde fall"),
            "{:?}",
            d[1].notes
        );
    }
}
