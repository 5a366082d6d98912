use std::sync::Arc;

use super::*;
use crate::compute::testing::{model, observation};
use crate::config::privacy::Privacy;
use crate::model::Model;

fn part(
    id: &str,
    year: i32,
    value: f64,
    unit: Option<&str>,
    sex: Option<Sex>,
) -> crate::model::observation::Observation {
    let mut o = observation(id, year, Some(value));
    o.unit = unit.map(str::to_string);
    o.sex = sex;
    o
}

fn survey() -> Model {
    let mut m = model(
        "{id: n, name: Andel nöjda med hemtjänsten, unit: procent, source: Socialstyrelsen}",
        &[(2023, Some(84.0)), (2024, Some(87.0))],
    );
    m.breakdowns = vec![
        part("n", 2023, 85.0, None, Some(Sex::K)),
        part("n", 2023, 81.0, None, Some(Sex::M)),
        part("n", 2024, 89.0, None, Some(Sex::K)),
        part("n", 2024, 84.0, None, Some(Sex::M)),
        part("n", 2024, 97.0, Some("Hemtjänst Norr"), None),
        part("n", 2024, 86.0, Some("Hemtjänst Centrum"), None),
    ];
    m
}

#[test]
fn a_share_is_spoken_per_sex_and_per_unit() {
    let e = Engine::plain(survey(), 2024);
    let ind = e.indicator("n").unwrap();
    let t = sentence(&e, ind, Dimension::Kon, 2024, None).unwrap();
    assert_eq!(
        t.text.replace('\u{a0}', " "),
        "Andelen nöjda med hemtjänsten var 89 % bland kvinnor och 84 % bland män."
    );
    let t = sentence(&e, ind, Dimension::Kon, 2023, None).unwrap();
    assert_eq!(
        t.text.replace('\u{a0}', " "),
        "År 2023 var andelen nöjda med hemtjänsten 85 % bland kvinnor och 81 % bland män."
    );
    let t = sentence(&e, ind, Dimension::Enhet, 2024, None).unwrap();
    assert_eq!(
        t.text.replace('\u{a0}', " "),
        "Andelen nöjda med hemtjänsten var 86 % inom Hemtjänst Centrum och 97 % inom Hemtjänst Norr."
    );
    assert!(sentence(&e, ind, Dimension::Kon, 2021, None).is_err());
}

#[test]
fn many_units_are_spoken_by_their_extremes() {
    let mut m = survey();
    for (u, v) in [("A", 70.0), ("B", 75.0), ("C", 80.0), ("D", 90.0), ("E", 60.0)] {
        m.breakdowns.push(part("n", 2024, v, Some(u), None));
    }
    let e = Engine::plain(m, 2024);
    let t = sentence(&e, e.indicator("n").unwrap(), Dimension::Verksamhet, 2024, None).unwrap();
    assert_eq!(
        t.text.replace('\u{a0}', " "),
        "Andelen nöjda med hemtjänsten var högst inom Hemtjänst Norr (97 %) och lägst inom E (60 %)."
    );
}

#[test]
fn tables_per_sex_over_years_and_across_indicators() {
    let e = Engine::plain(survey(), 2024);
    let ind = e.indicator("n").unwrap();
    let t = table(&e, ind, Dimension::Kon, &[2023, 2024]).unwrap();
    assert_eq!(t.header, ["Andel nöjda med hemtjänsten (%), kön", "2023", "2024"]);
    assert_eq!(
        t.rows,
        [
            ["Kvinnor", "85", "89"],
            ["Män", "81", "84"],
            ["Totalt", "84", "87"]
        ]
    );
    let t = table_across(&e, &[ind], Dimension::Kon, 2024).unwrap();
    assert_eq!(t.header, ["Mått 2024", "Kvinnor", "Män", "Totalt"]);
    assert_eq!(t.rows, [["Andel nöjda med hemtjänsten (%)", "89", "84", "87"]]);
    assert_eq!(t.sources, ["Socialstyrelsen"]);
}

#[test]
fn small_counts_are_protected_in_every_breakdown_cell() {
    let mut m = model(
        "{id: p, name: Antal personer med beslut, unit: antal, persons: true}",
        &[(2024, Some(41.0))],
    );
    m.breakdowns = vec![
        part("p", 2024, 3.0, None, Some(Sex::K)),
        part("p", 2024, 38.0, None, Some(Sex::M)),
        part("p", 2024, 2.0, Some("Hemtjänst"), None),
        part("p", 2024, 30.0, Some("Särskilt boende"), None),
        part("p", 2024, 9.0, Some("Funktionsstöd"), None),
    ];
    let e = Engine::new(Arc::new(m), 2024, Privacy::default(), None, &mut Vec::new());
    let ind = e.indicator("p").unwrap();
    let t = table(&e, ind, Dimension::Kon, &[2024]).unwrap();
    // The women's count is small; the men's is hidden, else 41 − 38 would give it away.
    assert_eq!(t.rows, [["Kvinnor", "<5"], ["Män", "x"], ["Totalt", "41"]]);
    assert_eq!(t.notes.len(), 2, "{:?}", t.notes);
    let t = table(&e, ind, Dimension::Verksamhet, &[2024]).unwrap();
    let cells: Vec<&str> = t.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(t.rows[0][0], "Funktionsstöd");
    assert_eq!(cells.iter().filter(|c| **c == "<5").count(), 1, "{:?}", t.rows);
    assert_eq!(cells.iter().filter(|c| **c == "x").count(), 1, "{:?}", t.rows);
    let s = sentence(&e, ind, Dimension::Kon, 2024, None).unwrap();
    assert_eq!(
        s.text,
        "Antalet personer med beslut var färre än 5 bland kvinnor och uppgift redovisas inte bland män."
    );
    assert_eq!(s.notes.len(), 1);
}
