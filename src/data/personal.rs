//! Personal (staff): `data/personal.csv` or `.xlsx`, a measure source (see `measures`).
//! Sick leave (total, by sex with `kön`, long-term), full-time share, turnover, the share of
//! undersköterskor, continuity in hemtjänst, staff numbers and staff trained per training.

use crate::data::measures::{Dimension, Kind, Measure, SourceSpec, Term};

const TRAININGS: &[Term] = &[
    Term {
        name: "demens",
        aliases: &["demens abc", "demensutbildning", "dementia"],
    },
    Term {
        name: "palliativ vård",
        aliases: &["palliativ", "vård i livets slutskede", "palliative care"],
    },
    Term {
        name: "basala hygienrutiner",
        aliases: &["hygien", "vårdhygien", "hygiene"],
    },
    Term {
        name: "läkemedel",
        aliases: &["läkemedelshantering", "delegering", "medication"],
    },
];

pub const SPEC: SourceSpec = SourceSpec {
    title: "Personal",
    stems: &["personal"],
    prefix: "personal",
    dimensions: &[Dimension {
        name: "utbildning",
        aliases: &["training", "kurs"],
        values: TRAININGS,
    }],
    measures: &[
        Measure {
            name: "sjukfrånvaro",
            aliases: &["sjukfrånvaro totalt", "total sjukfrånvaro", "sick leave"],
            kind: Kind::Share,
            ids: &[(&[""], "personal.sjukfranvaro")],
        },
        Measure {
            name: "långtidssjukfrånvaro",
            aliases: &[
                "andel långtidssjukfrånvaro",
                "sjukfrånvaro lång",
                "sjukfrånvaro 60 dagar eller mer",
                "long-term sick leave",
            ],
            kind: Kind::Share,
            ids: &[(&[""], "personal.sjukfranvaro_lang")],
        },
        Measure {
            name: "heltidsandel",
            aliases: &["andel heltidsanställda", "heltidsanställda", "full-time share"],
            kind: Kind::Share,
            ids: &[(&[""], "personal.heltidsandel")],
        },
        Measure {
            name: "personalomsättning",
            aliases: &["omsättning", "staff turnover", "turnover"],
            kind: Kind::Share,
            ids: &[(&[""], "personal.personalomsattning")],
        },
        Measure {
            name: "andel undersköterskor",
            aliases: &["andel undersköterskor bland omsorgspersonalen", "undersköterskor"],
            kind: Kind::Share,
            ids: &[(&[""], "personal.andel_underskoterskor")],
        },
        Measure {
            name: "personalkontinuitet",
            aliases: &["personalkontinuitet hemtjänst", "kontinuitet", "staff continuity"],
            kind: Kind::Number,
            ids: &[(&[""], "personal.kontinuitet_hemtjanst")],
        },
        Measure {
            name: "anställda",
            aliases: &["antal anställda", "tillsvidareanställda", "employees"],
            kind: Kind::Count,
            ids: &[(&[""], "personal.anstallda")],
        },
        Measure {
            name: "utbildad personal",
            aliases: &["utbildade", "antal utbildade", "trained staff"],
            kind: Kind::Count,
            ids: &[
                (&["demens"], "personal.utbildade_demens"),
                (&["palliativ vård"], "personal.utbildade_palliativ"),
                (&["basala hygienrutiner"], "personal.utbildade_hygien"),
                (&["läkemedel"], "personal.utbildade_lakemedel"),
            ],
        },
    ],
    rules: &[],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};
    use crate::model::observation::Sex;

    #[test]
    fn sick_leave_by_sex_and_trained_staff_by_training() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/personal.csv",
            "år;kön;mått;utbildning;värde\n\
             2024;;sjukfrånvaro;;8,2\n\
             2024;K;sjukfrånvaro;;8,6\n\
             2024;M;sjukfrånvaro;;6,0\n\
             2024;;utbildad personal;Demens ABC;57\n\
             2024;;anställda;;1 184\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<(&str, Option<Sex>, Option<f64>)> = r
            .observations
            .iter()
            .map(|o| (o.indicator.as_str(), o.sex, o.value))
            .collect();
        assert_eq!(
            got,
            [
                ("personal.sjukfranvaro", None, Some(8.2)),
                ("personal.sjukfranvaro", Some(Sex::K), Some(8.6)),
                ("personal.sjukfranvaro", Some(Sex::M), Some(6.0)),
                ("personal.utbildade_demens", None, Some(57.0)),
                ("personal.anstallda", None, Some(1184.0)),
            ]
        );
    }

    #[test]
    fn total_sick_leave_must_lie_between_women_and_men() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/personal.csv",
            "år;kön;mått;värde\n\
             2024;T;sjukfrånvaro;9,2\n\
             2024;K;sjukfrånvaro;8,6\n\
             2024;M;sjukfrånvaro;6,0\n\
             2024;X;sjukfrånvaro;6,0\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["data.bad-sex", "data.inconsistent"], "{d:?}");
        assert_eq!(
            d[1].message,
            "sjukfrånvaro is 9,2 for 2024, outside the values for kvinnor (8,6) and män (6,0)"
        );
    }
}
