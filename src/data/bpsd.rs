//! BPSD-registret: `data/bpsd.csv` or `.xlsx`, a measure source (see `measures`).
//! Registrations, follow-ups, unique persons, trained staff and the result shares.

use crate::data::measures::{Kind, Measure, SourceSpec};

pub const SPEC: SourceSpec = SourceSpec {
    title: "BPSD-registret",
    stems: &["bpsd", "bpsd-registret"],
    prefix: "bpsd",
    dimensions: &[],
    measures: &[
        Measure {
            name: "registreringar",
            aliases: &["antal registreringar", "registrations"],
            kind: Kind::Count,
            ids: &[(&[], "bpsd.registreringar")],
        },
        Measure {
            name: "uppföljningar",
            aliases: &[
                "uppföljande skattningar",
                "uppföljande registreringar",
                "follow-ups",
            ],
            kind: Kind::Count,
            ids: &[(&[], "bpsd.uppfoljningar")],
        },
        Measure {
            name: "unika personer",
            aliases: &["registrerade personer", "personer", "unique persons"],
            kind: Kind::Count,
            ids: &[(&[], "bpsd.unika_personer")],
        },
        Measure {
            name: "utbildad personal",
            aliases: &[
                "utbildade",
                "utbildade medarbetare",
                "utbildade i bpsd",
                "trained staff",
            ],
            kind: Kind::Count,
            ids: &[(&[], "bpsd.utbildad_personal")],
        },
        Measure {
            name: "andel bemötandeplan",
            aliases: &["andel med bemötandeplan", "care plan"],
            kind: Kind::Share,
            ids: &[(&[], "bpsd.andel_bemotandeplan")],
        },
        Measure {
            name: "andel minskade symtom",
            aliases: &[
                "andel med minskade symtom",
                "andel minskade bpsd-symtom",
                "reduced symptoms",
            ],
            kind: Kind::Share,
            ids: &[(&[], "bpsd.andel_minskade_symtom")],
        },
        Measure {
            name: "npi senaste",
            aliases: &["genomsnittlig npi", "npi-poäng", "npi", "mean npi"],
            kind: Kind::Number,
            ids: &[(&[], "bpsd.npi_senaste")],
        },
    ],
    // Follow-ups and unique persons never exceed registrations: `at_most:` of those
    // indicators in the catalogue, checked whichever file the values come from.
    rules: &[],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::measures::{read, tests::catalogue};

    #[test]
    fn reads_counts_and_a_mean_score() {
        let mut d = Vec::new();
        let r = read(
            &SPEC,
            "data/bpsd.csv",
            "år\tmått\tvärde\n2024\tregistreringar\t167\n2024\tuppföljningar\t63\n2024\tNPI-poäng\t14,2\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let v: Vec<Option<f64>> = r.observations.iter().map(|o| o.value).collect();
        assert_eq!(v, [Some(167.0), Some(63.0), Some(14.2)]);
        assert_eq!(r.observations[2].indicator, "bpsd.npi_senaste");
    }

    #[test]
    fn a_bad_count_is_reported_at_its_cell() {
        let mut d = Vec::new();
        read(
            &SPEC,
            "data/bpsd.csv",
            "år;mått;värde\n2024;registreringar;50\n2024;uppföljningar;51\n2024;unika personer;-3\n"
                .as_bytes(),
            &catalogue(),
            &mut d,
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        // uppföljningar 51 > registreringar 50 is the catalogue's rule (check::lint::at_most).
        assert_eq!(codes, ["data.bad-number"], "{d:?}");
        assert!(d[0].message.contains("invalid count \"-3\""));
    }
}
