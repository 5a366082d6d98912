//! Basala hygienrutiner och klädregler (PPM-BHK, punktprevalensmätning): `data/hygien.csv` or
//! `.xlsx`, a measure source (see `measures`). The number of observations and the compliance
//! (följsamhet) overall, for the two groups of four steps and for each of the eight steps.

use crate::data::measures::{Dimension, Kind, Measure, Rule, SourceSpec, Term};

const STEPS: &[Term] = &[
    Term {
        name: "alla steg",
        aliases: &[
            "samtliga steg",
            "alla åtta steg",
            "samtliga åtta steg",
            "all steps",
        ],
    },
    Term {
        name: "basala hygienrutiner",
        aliases: &["hygienrutiner", "fyra hygiensteg", "basal hygiene"],
    },
    Term {
        name: "klädregler",
        aliases: &["fyra klädregler", "dress code"],
    },
    Term {
        name: "handdesinfektion före",
        aliases: &["handdesinfektion före vårdmoment", "hand disinfection before"],
    },
    Term {
        name: "handdesinfektion efter",
        aliases: &["handdesinfektion efter vårdmoment", "hand disinfection after"],
    },
    Term {
        name: "handskar",
        aliases: &["korrekt användning av handskar", "gloves"],
    },
    Term {
        name: "skyddsförkläde",
        aliases: &["förkläde", "plastförkläde", "skyddsrock", "apron"],
    },
    Term {
        name: "arbetskläder",
        aliases: &["arbetsdräkt", "korrekta arbetskläder", "work clothes"],
    },
    Term {
        name: "hår",
        aliases: &["uppsatt hår", "hair"],
    },
    Term {
        name: "smycken",
        aliases: &[
            "inga smycken",
            "ringar armband klockor",
            "armbandsur",
            "jewellery",
        ],
    },
    Term {
        name: "naglar",
        aliases: &["korta naglar", "nails"],
    },
];

pub const SPEC: SourceSpec = SourceSpec {
    title: "Basala hygienrutiner och klädregler",
    stems: &["hygien", "ppm-bhk", "basala-hygienrutiner"],
    prefix: "hygien",
    dimensions: &[Dimension {
        name: "steg",
        aliases: &["step", "moment"],
        values: STEPS,
    }],
    measures: &[
        Measure {
            name: "observationer",
            aliases: &["antal observationer", "observerade tillfällen", "observations"],
            kind: Kind::Count,
            ids: &[(&[""], "hygien.observationer")],
        },
        Measure {
            name: "följsamhet",
            aliases: &["andel korrekt", "andel rätt", "compliance"],
            kind: Kind::Share,
            ids: &[
                (&["alla steg"], "hygien.alla_steg"),
                (&[""], "hygien.alla_steg"),
                (&["basala hygienrutiner"], "hygien.basala_hygienrutiner"),
                (&["klädregler"], "hygien.kladregler"),
                (&["handdesinfektion före"], "hygien.handdesinfektion_fore"),
                (&["handdesinfektion efter"], "hygien.handdesinfektion_efter"),
                (&["handskar"], "hygien.handskar"),
                (&["skyddsförkläde"], "hygien.forklade"),
                (&["arbetskläder"], "hygien.arbetsklader"),
                (&["hår"], "hygien.har"),
                (&["smycken"], "hygien.smycken"),
                (&["naglar"], "hygien.naglar"),
            ],
        },
    ],
    // All eight steps right implies each group of four right. (A single step is measured
    // only where it applies, so it is not compared with its group.)
    rules: &[
        Rule::AtMost {
            part: "hygien.alla_steg",
            whole: "hygien.basala_hygienrutiner",
        },
        Rule::AtMost {
            part: "hygien.alla_steg",
            whole: "hygien.kladregler",
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};

    #[test]
    fn steps_map_to_indicators_and_all_steps_is_the_default() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/hygien.csv",
            b"\xc5r;M\xe5tt;Steg;V\xe4rde\r\n2024;F\xf6ljsamhet;;73,7\r\n2024;F\xf6ljsamhet;Basala hygienrutiner;81,3\r\n2024;F\xf6ljsamhet;Kl\xe4dregler;88,4\r\n2024;F\xf6ljsamhet;F\xf6rkl\xe4de;90,4\r\n2023;F\xf6ljsamhet;Alla steg;61,0\r\n",
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let ids: Vec<&str> = r.observations.iter().map(|o| o.indicator.as_str()).collect();
        assert_eq!(
            ids,
            [
                "hygien.alla_steg",
                "hygien.basala_hygienrutiner",
                "hygien.kladregler",
                "hygien.forklade",
                "hygien.alla_steg"
            ]
        );
    }

    #[test]
    fn all_steps_given_twice_is_a_duplicate_and_cannot_beat_its_groups() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/hygien.csv",
            "år;mått;steg;värde\n\
             2024;följsamhet;;73,7\n\
             2024;följsamhet;alla steg;73,7\n\
             2024;följsamhet;klädregler;70,1\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["data.duplicate-row", "data.inconsistent"], "{d:?}");
        assert!(
            d[1].message.contains(
                "följsamhet, steg alla steg (73,7) is larger than följsamhet, steg klädregler (70,1)"
            ),
            "{}",
            d[1].message
        );
    }
}
