use super::*;
use crate::compute::testing::{indicator, observation};
use crate::model::collected::Collected;

fn model() -> Model {
    let mut catalogue = crate::model::catalogue::Catalogue::new();
    for y in [
        "{id: fall, name: Fall med skada, unit: antal}",
        "{id: sjuk, name: Sjukfrånvaro, subject: Sjukfrånvaron, unit: procent, decimals: 1}",
        "{id: lex_maria.anmalningar, name: Anmälningar till IVO enligt lex Maria, unit: antal}",
        "{id: ls, name: Rapporter enligt lex Sarah, unit: antal}",
    ] {
        let ind = indicator(y);
        catalogue.insert(ind.id.clone(), ind);
    }
    let observations = vec![
        observation("fall", 2023, Some(10.0)),
        observation("fall", 2024, Some(12.0)),
        observation("sjuk", 2023, Some(8.7)),
        observation("sjuk", 2024, Some(8.2)),
        observation("lex_maria.anmalningar", 2024, Some(2.0)),
        observation("ls", 2023, Some(0.0)),
        observation("ls", 2024, Some(0.0)),
    ];
    Model::build(
        catalogue,
        Collected {
            observations,
            ..Default::default()
        },
    )
}

fn found(text: &str) -> Vec<(&'static str, usize, usize)> {
    let mut texts = BTreeMap::new();
    texts.insert("texts/x.md".to_string(), text.to_string());
    let mut diags = Vec::new();
    check(&model(), &texts, Period::Year { year: 2024 }, &mut diags);
    diags
        .iter()
        .map(|d| {
            let l = d.location.as_deref().unwrap();
            (d.code, l.line.unwrap(), l.column.unwrap())
        })
        .collect()
}

#[test]
fn none_of_a_category_that_has_events() {
    assert_eq!(
        found("Bra år.\nInga fall med skada rapporterades."),
        [("lint.claim-none", 2, 1)]
    );
    // Narrowed, or a category without events, or in a comment or template: nothing.
    assert!(found("Inga fall med skada som krävde sjukhusvård.").is_empty());
    assert!(found("Inga rapporter enligt lex Sarah kom in.").is_empty());
    assert!(found("<!-- Inga fall med skada -->{{ 'Inga fall med skada' }}").is_empty());
    // "ingen … allvarlig vårdskada" while lex Maria notifications were made.
    assert_eq!(
        found("Ingen läkemedelsavvikelse har bedömts som en allvarlig vårdskada."),
        [("lint.claim-none", 1, 1)]
    );
}

#[test]
fn numbers_typed_for_the_indicator_named() {
    assert_eq!(
        found("Sjukfrånvaron var 8,7 % under året."),
        [("lint.claim-number", 1, 19)]
    );
    assert!(found("Sjukfrånvaron var 8,2 % under året.").is_empty());
    // The typed precision decides: 8 % is 8,2 % rounded.
    assert!(found("Sjukfrånvaron var 8 %.").is_empty());
    // från … till: both years are checked.
    assert_eq!(
        found("Antalet fall med skada ökade från 9 till 12."),
        [("lint.claim-number", 1, 35)]
    );
    // A count typed for a share, or another year named: not a claim about the value.
    assert!(found("Sjukfrånvaron var 3 dagar i snitt.").is_empty());
    assert!(found("Sjukfrånvaron var 8,7 % år 2023.").is_empty());
}

#[test]
fn directions_that_contradict_the_data() {
    assert_eq!(
        found("Sjukfrånvaron ökade under året."),
        [("lint.claim-direction", 1, 15)]
    );
    assert_eq!(found("Under året ökade antalet fall med skada."), []);
    assert_eq!(
        found("Under året minskade antalet fall med skada."),
        [("lint.claim-direction", 1, 12)]
    );
    assert!(found("Sjukfrånvaron minskade.").is_empty());
    assert!(found("Sjukfrånvaron ökade inte.").is_empty());
    // A participle used as an adjective states no change.
    assert!(found("Den ökade sjukfrånvaron oroar.").is_empty());
    // Another indicator's verb after a separator is not this one's.
    assert!(found("Sjukfrånvaron var låg, men personalomsättningen ökade.").is_empty());
}

#[test]
fn sentences_and_numbers_are_read_like_a_reader() {
    let s = sentences("Antalet var 1 298 st. Nästa mening\n\n- punkt ett\n- punkt 12,5 %");
    let texts: Vec<Vec<&str>> = s
        .iter()
        .map(|w| w.iter().map(|w| w.text.as_str()).collect())
        .collect();
    assert_eq!(
        texts,
        [
            vec!["Antalet", "var", "1 298", "st"],
            vec!["Nästa", "mening"],
            vec!["punkt", "ett"],
            vec!["punkt", "12,5", "%"]
        ]
    );
}
