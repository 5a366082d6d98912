//! Målvärden: which targets apply in a year (national and local side by side, each possibly
//! changing by year through `from`/`to`), and whether a value meets them.
//!
//! # Rules
//!
//! * The direction comes from the polarity: for `higher_better` the target is the lowest
//!   acceptable value (met when value ≥ target), for `lower_better` the highest (value ≤
//!   target). A `neutral` indicator with a target is read as `higher_better`.
//! * Attainment is decided on the value as given, never on a rounded-up one: 89,6 % does not
//!   meet 90 % even where it prints as "90 %".
//! * Nearly met: not met, and at most 2 procentenheter (shares) or 5 % of the target (other
//!   units) away.
//! * Per level (national, local) the applicable target with the latest `from` wins.

use crate::format::{self, NumberStyle, Unit};
use crate::model::catalogue::{Indicator, Polarity, Target, TargetLevel};
use crate::model::goals::GoalTarget;

use super::Point;
use super::words::Measure;

/// Shares within this many procentenheter of a target nearly meet it.
pub const NEARLY_POINTS: f64 = 2.0;
/// Other units within this fraction of the target nearly meet it.
pub const NEARLY_RELATIVE: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NearlyMet,
    NotMet,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attainment {
    pub level: TargetLevel,
    /// The target in data units (0..1 for `andel`).
    pub target: f64,
    pub status: Status,
    /// How far the value is from the target, in display units; 0 when met.
    pub distance: f64,
    pub note: Option<String>,
}

/// The targets that apply in `year`, at most one per level, national first.
pub fn applicable(ind: &Indicator, year: i32) -> Vec<&Target> {
    let mut out = Vec::new();
    for level in [TargetLevel::National, TargetLevel::Local] {
        let best = ind
            .targets
            .iter()
            .filter(|t| t.level == level)
            .filter(|t| t.from.is_none_or(|f| f <= year) && t.to.is_none_or(|to| year <= to))
            .max_by_key(|t| t.from.unwrap_or(i32::MIN));
        out.extend(best);
    }
    out
}

fn higher_is_better(p: Polarity) -> bool {
    p != Polarity::LowerBetter
}

/// Whether `point` meets `target`.
pub fn attain(ind: &Indicator, target: &Target, point: &Point) -> Attainment {
    let higher = higher_is_better(ind.polarity);
    let met = if higher {
        point.raw >= target.value
    } else {
        point.raw <= target.value
    };
    // Distance in display units, from the exact value.
    let scale = if ind.unit == Unit::Andel { 100.0 } else { 1.0 };
    let gap = (target.value - point.raw) * scale;
    let distance = if met { 0.0 } else { gap.abs() };
    let nearly = !met
        && match Measure::of(ind.unit) {
            Measure::Points => distance <= NEARLY_POINTS + 1e-9,
            _ => distance <= (target.value * scale).abs() * NEARLY_RELATIVE + 1e-9,
        };
    Attainment {
        level: target.level,
        target: target.value,
        status: if met {
            Status::Met
        } else if nearly {
            Status::NearlyMet
        } else {
            Status::NotMet
        },
        distance,
        note: target.note.clone(),
    }
}

/// Decimals that show a non-zero distance: the indicator's, or more when that would print 0.
fn distance_decimals(distance: f64, decimals: u8) -> u8 {
    let mut d = decimals;
    while d < decimals + 3 && format::shown(distance, Unit::Antal, d) == Some(0.0) {
        d += 1;
    }
    d
}

impl Attainment {
    /// "100 %", "högst 20 dagar": the target as printed.
    pub fn target_text(&self, ind: &Indicator, style: &NumberStyle) -> String {
        let v = ind.with_unit(self.target, ind.decimals(), style);
        if higher_is_better(ind.polarity) {
            v
        } else {
            format!("högst {v}")
        }
    }

    /// "1 procentenhet", "3 dagar".
    pub fn distance_text(&self, ind: &Indicator, style: &NumberStyle) -> String {
        let d = distance_decimals(self.distance, ind.decimals());
        match Measure::of(ind.unit) {
            Measure::Points => format::percentage_points(self.distance, d, style),
            _ => format::with_unit(self.distance, ind.unit, d, style),
        }
    }

    /// "Målvärdet 100 % nåddes inte." (past tense: the report speaks of a finished year). With
    /// `both`, the level is named: "Det nationella målvärdet …", "Det lokala målvärdet …".
    pub fn sentence(&self, ind: &Indicator, both: bool, style: &NumberStyle) -> String {
        let name = match (both, self.level) {
            (false, _) => "Målvärdet",
            (true, TargetLevel::National) => "Det nationella målvärdet",
            (true, TargetLevel::Local) => "Det lokala målvärdet",
        };
        let target = self.target_text(ind, style);
        match self.status {
            Status::Met => format!("{name} {target} nåddes."),
            Status::NotMet => format!("{name} {target} nåddes inte."),
            Status::NearlyMet => format!(
                "{name} {target} nåddes inte, men det saknades bara {}.",
                self.distance_text(ind, style)
            ),
        }
    }
}

/// The target sentences for a value: one per applicable target.
pub fn sentences(ind: &Indicator, year: i32, point: &Point, style: &NumberStyle) -> Vec<String> {
    let targets = applicable(ind, year);
    let both = targets.len() > 1;
    targets
        .iter()
        .map(|t| attain(ind, t, point).sentence(ind, both, style))
        .collect()
}

/// A goal's target path as printed: "86 % 2025, 88 % 2026, 90 % 2027".
pub fn goal_target_path(ind: &Indicator, t: &GoalTarget, style: &NumberStyle) -> String {
    let v = |x: f64| ind.with_unit(x, ind.decimals(), style);
    t.steps
        .iter()
        .filter(|(y, _)| **y < t.year)
        .map(|(y, x)| format!("{} {y}", v(*x)))
        .chain(std::iter::once(format!("{} {}", v(t.value), t.year)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence that follows a goal's target up in the report for `year`, given the value
/// of that year ("Målet 90 % år 2027 är ännu inte nått (86 %)."), with the intermediate
/// value of the year when there is one. `show_value` is false for counts of persons, whose
/// small values are not printed.
pub fn goal_target_sentence(
    ind: &Indicator,
    t: &GoalTarget,
    year: i32,
    value: f64,
    show_value: bool,
    style: &NumberStyle,
) -> String {
    let v = |x: f64| ind.with_unit(x, ind.decimals(), style);
    // Decided on the value as given, as for the catalogue's targets.
    let reached = |goal: f64| {
        if higher_is_better(ind.polarity) {
            value >= goal
        } else {
            value <= goal
        }
    };
    let mut parts: Vec<(String, bool)> = Vec::new();
    if let Some(step) = t.steps.get(&year).filter(|_| year < t.year) {
        let met = reached(*step);
        let verb = if met { "nåddes" } else { "nåddes inte" };
        parts.push((format!("delmålet {} för {year} {verb}", v(*step)), met));
    }
    let met = reached(t.value);
    let main = match (year < t.year, met) {
        (true, true) => format!("målet {} år {} är redan nått", v(t.value), t.year),
        (true, false) => format!("målet {} år {} är ännu inte nått", v(t.value), t.year),
        (false, true) => format!("målet {} år {} nåddes", v(t.value), t.year),
        (false, false) => format!("målet {} år {} nåddes inte", v(t.value), t.year),
    };
    let joined = match parts.pop() {
        Some((step, step_met)) if step_met == met => format!("{step} och {main}"),
        Some((step, _)) => format!("{step}, men {main}"),
        None => main,
    };
    let mut chars = joined.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    let value_text = if show_value {
        format!(" ({})", v(value))
    } else {
        String::new()
    };
    format!("{first}{}{value_text}.", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use proptest::prelude::*;

    const S: NumberStyle = NumberStyle {
        group_four_digits: true,
    };

    fn point(raw: f64) -> Point {
        Point {
            raw,
            shown: raw,
            decimals: 0,
            period_note: None,
            qualifier: None,
            note: None,
        }
    }

    #[test]
    fn palliative_targets_from_the_seed() {
        let ind = indicator(
            "{id: s, name: S, unit: procent, polarity: higher_better, targets: [{level: national, value: 100}]}",
        );
        assert_eq!(
            sentences(&ind, 2023, &point(42.0), &S),
            ["Målvärdet 100\u{a0}% nåddes inte."]
        );
        // Utan trycksår 89 % against 90 %: not met, nearly.
        let ind = indicator(
            "{id: u, name: U, unit: procent, polarity: higher_better, targets: [{level: national, value: 90}]}",
        );
        let a = attain(&ind, &ind.targets[0], &point(89.0));
        assert_eq!(a.status, Status::NearlyMet);
        assert_eq!(
            a.sentence(&ind, false, &S),
            "Målvärdet 90\u{a0}% nåddes inte, men det saknades bara 1\u{a0}procentenhet."
        );
        assert_eq!(attain(&ind, &ind.targets[0], &point(90.0)).status, Status::Met);
        // Never on a rounded-up value.
        let a = attain(&ind, &ind.targets[0], &point(89.96));
        assert_eq!(a.status, Status::NearlyMet);
        assert_eq!(a.distance_text(&ind, &S), "0,04\u{a0}procentenheter");
    }

    #[test]
    fn targets_by_level_and_year() {
        let ind = indicator(
            "{id: s, name: S, unit: procent, polarity: higher_better, targets: [
                {level: national, value: 100, from: 2017},
                {level: local, value: 60, from: 2024, to: 2024},
                {level: local, value: 75, from: 2025}]}",
        );
        assert_eq!(applicable(&ind, 2023).len(), 1);
        let s = sentences(&ind, 2024, &point(58.0), &S);
        assert_eq!(
            s,
            [
                "Det nationella målvärdet 100\u{a0}% nåddes inte.",
                "Det lokala målvärdet 60\u{a0}% nåddes inte, men det saknades bara 2\u{a0}procentenheter."
            ]
        );
        let t = applicable(&ind, 2026);
        assert_eq!(t[1].value, 75.0);
        assert!(applicable(&ind, 2016).is_empty());
    }

    #[test]
    fn lower_better_targets_are_ceilings() {
        let ind = indicator(
            "{id: d, name: D, unit: dagar, polarity: lower_better, targets: [{level: local, value: 20}]}",
        );
        assert_eq!(
            sentences(&ind, 2024, &point(18.0), &S),
            ["Målvärdet högst 20\u{a0}dagar nåddes."]
        );
        assert_eq!(
            sentences(&ind, 2024, &point(21.0), &S),
            ["Målvärdet högst 20\u{a0}dagar nåddes inte, men det saknades bara 1\u{a0}dag."]
        );
        assert_eq!(attain(&ind, &ind.targets[0], &point(30.0)).status, Status::NotMet);
    }

    proptest! {
        /// Met means the value is on the right side of the target; the distance is zero then
        /// and positive otherwise.
        #[test]
        fn attainment_is_consistent(v in 0.0f64..200.0, t in 0.0f64..200.0, lower in any::<bool>()) {
            let pol = if lower { "lower_better" } else { "higher_better" };
            let ind = indicator(&format!(
                "{{id: x, name: X, unit: antal, polarity: {pol}, targets: [{{level: national, value: {t}}}]}}"));
            let a = attain(&ind, &ind.targets[0], &point(v));
            let ok = if lower { v <= t } else { v >= t };
            prop_assert_eq!(a.status == Status::Met, ok);
            prop_assert_eq!(a.distance == 0.0, ok);
            if a.status == Status::NearlyMet {
                prop_assert!(a.distance <= t * NEARLY_RELATIVE + 1e-9);
            }
        }
    }
}
