//! Contribution: which parts of a total (its categories, verksamheter or enheter) account for
//! most of its change, so that a sentence can say where a change happened: "Ökningen av
//! antalet läkemedelsavvikelser gällde främst Hemtjänst, +85 av +127."
//!
//! The rule (docs/sprak.md, "Where a change came from"):
//!
//! 1. Nothing is named when the total did not change, when it has fewer than two parts, or
//!    when any value of the total or a part in either period is missing or protected (a
//!    difference of protected counts would disclose them).
//! 2. Nothing is named when the parts that moved the other way moved more, together, than the
//!    total did: the net change then hides larger opposite movements.
//! 3. The parts that moved the same way as the total are taken largest first until together
//!    they cover at least [`SHARE`] of the change. A part as large as the last one taken is
//!    taken too, so that ties are never broken by name.
//! 4. Nothing is named when that takes more than [`MAX_NAMED`] parts (the change is spread),
//!    or every part.

use crate::format::{self, NumberStyle, Unit};
use crate::model::catalogue::Indicator;
use crate::model::period::Period;

use super::breakdown::{Dimension, swedish_key};
use super::{Cell, Engine, words};

/// The share of the change the named parts must cover together.
pub const SHARE: f64 = 0.6;
/// Most parts a sentence names.
pub const MAX_NAMED: usize = 2;

/// One part's change.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub label: String,
    pub delta: f64,
}

/// The parts worth naming, with the change of the total and what moved the other way.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub parts: Vec<Move>,
    pub total: f64,
    /// The sum of the changes against the total's direction (≤ 0 for an increase).
    pub opposite: f64,
}

const EPSILON: f64 = 1e-9;

/// The rule, on numbers: steps 1 (but for missing values), 2, 3 and 4 of the module's list.
pub fn named(total: f64, parts: &[Move]) -> Option<Named> {
    if total.abs() < EPSILON || parts.len() < 2 {
        return None;
    }
    let sign = total.signum();
    let mut same: Vec<&Move> = parts.iter().filter(|m| m.delta * sign > EPSILON).collect();
    let opposite: f64 = parts
        .iter()
        .filter(|m| m.delta * sign < -EPSILON)
        .map(|m| m.delta)
        .sum();
    if opposite.abs() > total.abs() + EPSILON {
        return None;
    }
    same.sort_by(|a, b| {
        b.delta
            .abs()
            .total_cmp(&a.delta.abs())
            .then_with(|| swedish_key(&a.label).cmp(&swedish_key(&b.label)))
    });
    let mut chosen: Vec<Move> = Vec::new();
    let mut covered = 0.0;
    for m in same {
        let reached = covered >= SHARE * total.abs() - EPSILON;
        let tied = chosen
            .last()
            .is_some_and(|last| (last.delta.abs() - m.delta.abs()).abs() < EPSILON);
        if reached && !tied {
            break;
        }
        covered += m.delta.abs();
        chosen.push(m.clone());
    }
    let enough = covered >= SHARE * total.abs() - EPSILON;
    if !enough || chosen.is_empty() || chosen.len() > MAX_NAMED || chosen.len() == parts.len() {
        return None;
    }
    Some(Named {
        parts: chosen,
        total,
        opposite,
    })
}

/// Where the parts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// The catalogue's `parts:` of the indicator (its first decomposition).
    Kategori,
    /// The indicator's values per verksamhet or enhet in the data.
    Dimension(Dimension),
}

impl Per {
    pub const EXPECTED: &str = "\"verksamhet\", \"enhet\" or \"kategori\"";

    pub fn parse(text: &str) -> Option<Per> {
        match text.trim().to_lowercase().as_str() {
            "kategori" | "category" => Some(Per::Kategori),
            t => match Dimension::parse(t)? {
                Dimension::Kon => None,
                d => Some(Per::Dimension(d)),
            },
        }
    }

    fn others(self) -> &'static str {
        match self {
            Per::Kategori => "andra kategorier",
            Per::Dimension(d) => d.others(),
        }
    }
}

/// Units whose parts add up to the total.
fn additive(unit: Unit) -> bool {
    matches!(
        unit,
        Unit::Antal | Unit::Dagar | Unit::Timmar | Unit::Kronor | Unit::Tkr | Unit::Mkr
    )
}

/// The change between two shown values.
fn delta(a: &Cell, b: &Cell) -> Option<f64> {
    Some(b.point()?.shown - a.point()?.shown)
}

/// The changes of the total and of each part from `from` to `to`; `None` when any value is
/// missing or protected.
pub fn moves(
    engine: &Engine,
    ind: &Indicator,
    per: Per,
    from: Period,
    to: Period,
) -> Result<Option<(f64, Vec<Move>)>, String> {
    if !additive(ind.unit) {
        return Err(format!(
            "\"{}\" is a {}: its parts do not add up to it, so no part accounts for its change",
            ind.id,
            format::unit_label(ind.unit)
        ));
    }
    let Some(total) = delta(&engine.cell_at(&ind.id, from), &engine.cell_at(&ind.id, to)) else {
        return Ok(None);
    };
    let mut moves = Vec::new();
    match per {
        Per::Kategori => {
            let Some(ids) = ind.parts.decompositions().first().map(|d| d.to_vec()) else {
                return Err(format!(
                    "\"{}\" has no parts: in the catalogue; give them as parts: [a, b]",
                    ind.id
                ));
            };
            for id in ids {
                let part = engine.lookup(&id)?;
                let Some(d) = delta(&engine.cell_at(&id, from), &engine.cell_at(&id, to)) else {
                    return Ok(None);
                };
                moves.push(Move {
                    label: words::lower_first(&part.name),
                    delta: d,
                });
            }
        }
        Per::Dimension(dim) => {
            let parts = engine.parts(&ind.id, dim, &[from, to]);
            if parts.is_empty() {
                return Err(format!(
                    "the data has no values of \"{}\" per {}",
                    ind.id,
                    dim.heading().to_lowercase()
                ));
            }
            for p in parts {
                let (a, b) = (
                    engine.part_cell(&ind.id, from, &p),
                    engine.part_cell(&ind.id, to, &p),
                );
                // A part without a row in one period had none there: zero, unless protected.
                let value = |c: &Cell| match &c.kind {
                    super::CellKind::Missing { note: None } => Some(0.0),
                    _ => c.point().map(|p| p.shown),
                };
                let (Some(x), Some(y)) = (value(&a), value(&b)) else {
                    return Ok(None);
                };
                moves.push(Move {
                    label: p.label(),
                    delta: y - x,
                });
            }
        }
    }
    Ok(Some((total, moves)))
}

/// The sentence, or an empty text when no part is worth naming.
pub fn sentence(
    engine: &Engine,
    ind: &Indicator,
    per: Per,
    from: Period,
    to: Period,
) -> Result<String, String> {
    let Some((total, moves)) = moves(engine, ind, per, from, to)? else {
        return Ok(String::new());
    };
    Ok(named(total, &moves)
        .map(|n| {
            let subject = words::lower_first(&super::sentence::subject(ind, None));
            words_for(&n, per, &subject, ind.decimals(), &engine.style)
        })
        .unwrap_or_default())
}

/// "Ökningen av antalet läkemedelsavvikelser gällde främst Hemtjänst, +85 av +127." / "… A och
/// B, +85 respektive +30 av +127." / "… A (+150), medan andra verksamheter minskade med
/// sammanlagt 23." `subject` is the indicator's, in lower case ("antalet …").
pub fn words_for(n: &Named, per: Per, subject: &str, decimals: u8, style: &NumberStyle) -> String {
    let up = n.total > 0.0;
    let noun = format!("{} av {subject}", if up { "Ökningen" } else { "Minskningen" });
    let signed = |v: f64| format::signed(v, decimals, style);
    let labels: Vec<String> = n.parts.iter().map(|m| m.label.clone()).collect();
    if n.opposite.abs() > EPSILON {
        let items: Vec<String> = n
            .parts
            .iter()
            .map(|m| format!("{} ({})", m.label, signed(m.delta)))
            .collect();
        let verb = if up { "minskade" } else { "ökade" };
        return format!(
            "{noun} gällde främst {}, medan {} {verb} med sammanlagt {}.",
            words::join_list(&items),
            per.others(),
            format::number(n.opposite.abs(), decimals, style)
        );
    }
    let deltas: Vec<String> = n.parts.iter().map(|m| signed(m.delta)).collect();
    let amounts = match deltas.as_slice() {
        [one] => one.clone(),
        many => format!(
            "{} respektive {}",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
    };
    format!(
        "{noun} gällde främst {}, {amounts} av {}.",
        words::join_list(&labels),
        signed(n.total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(label: &str, delta: f64) -> Move {
        Move {
            label: label.to_string(),
            delta,
        }
    }

    fn labels(n: &Option<Named>) -> Vec<&str> {
        n.as_ref()
            .map(|n| n.parts.iter().map(|m| m.label.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_largest_part_is_named_when_it_covers_most_of_the_change() {
        let parts = [
            m("Hemtjänst", 85.0),
            m("Särskilt boende", 30.0),
            m("Funktionsstöd", 12.0),
        ];
        let n = named(127.0, &parts);
        assert_eq!(labels(&n), ["Hemtjänst"]);
        let text = words_for(
            &n.unwrap(),
            Per::Kategori,
            "antalet avvikelser",
            0,
            &NumberStyle::default(),
        );
        assert_eq!(
            text,
            "Ökningen av antalet avvikelser gällde främst Hemtjänst, +85 av +127."
        );
    }

    #[test]
    fn two_parts_when_one_is_not_enough() {
        let parts = [m("A", 50.0), m("B", 40.0), m("C", 10.0), m("D", 0.0)];
        let n = named(100.0, &parts);
        assert_eq!(labels(&n), ["A", "B"]);
        let text = words_for(
            &n.unwrap(),
            Per::Kategori,
            "antalet avvikelser",
            0,
            &NumberStyle::default(),
        );
        assert_eq!(
            text,
            "Ökningen av antalet avvikelser gällde främst A och B, +50 respektive +40 av +100."
        );
    }

    #[test]
    fn a_spread_change_names_nothing() {
        let parts = [m("A", 30.0), m("B", 25.0), m("C", 25.0), m("D", 20.0)];
        assert_eq!(named(100.0, &parts), None);
    }

    #[test]
    fn ties_at_the_cut_are_never_broken_by_name() {
        // A alone covers 40 %; B and C tie for the next place: three parts, so nothing.
        let parts = [m("A", 40.0), m("B", 30.0), m("C", 30.0)];
        assert_eq!(named(100.0, &parts), None);
        // Two tied parts that together cover the change are both named, in name order.
        let parts = [m("Ö", 45.0), m("B", 45.0), m("C", 10.0)];
        assert_eq!(labels(&named(100.0, &parts)), ["B", "Ö"]);
        // A tie below the cut does not matter.
        let parts = [m("A", 70.0), m("B", 15.0), m("C", 15.0)];
        assert_eq!(labels(&named(100.0, &parts)), ["A"]);
    }

    #[test]
    fn opposite_parts_are_said_and_may_silence_the_rule() {
        let parts = [m("Hemtjänst", 150.0), m("Särskilt boende", -23.0), m("IFO", 0.0)];
        let n = named(127.0, &parts).unwrap();
        assert_eq!(n.opposite, -23.0);
        let text = words_for(
            &n,
            Per::Dimension(Dimension::Verksamhet),
            "antalet avvikelser",
            0,
            &NumberStyle::default(),
        );
        assert_eq!(
            text,
            "Ökningen av antalet avvikelser gällde främst Hemtjänst (+150), medan andra verksamheter minskade med sammanlagt 23."
        );
        // The opposite movements are larger than the net change: nothing is named.
        let parts = [m("A", 100.0), m("B", -90.0)];
        assert_eq!(named(10.0, &parts), None);
        // A decrease: the same rule, the other way.
        let parts = [m("A", -40.0), m("B", -5.0), m("C", 3.0)];
        let n = named(-42.0, &parts).unwrap();
        let text = words_for(
            &n,
            Per::Kategori,
            "antalet avvikelser",
            0,
            &NumberStyle::default(),
        );
        assert_eq!(
            text,
            "Minskningen av antalet avvikelser gällde främst A (−40), medan andra kategorier ökade med sammanlagt 3."
        );
    }

    #[test]
    fn no_change_or_a_single_part_names_nothing() {
        assert_eq!(named(0.0, &[m("A", 5.0), m("B", -5.0)]), None);
        assert_eq!(named(12.0, &[m("A", 12.0)]), None);
        // Every part moved: naming them all says nothing.
        assert_eq!(named(12.0, &[m("A", 6.0), m("B", 6.0)]), None);
    }
}
