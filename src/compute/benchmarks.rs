//! Comparison with riket, länet or another named comparison value: above, below or level, with
//! the difference. One gap is always worded one way.
//!
//! # Rules
//!
//! * Shares: level when the printed values differ by at most 1 procentenhet (so 71 % and
//!   70 % are "i nivå med"); otherwise above or below by the difference in procentenheter.
//! * Other units: level when the difference is less than 5 % of the comparison value (66 dagar
//!   against 64 is "i nivå med riket"); otherwise above or below by the difference in the unit.

use crate::format::{self, NumberStyle};
use crate::model::catalogue::Indicator;

use super::Point;
use super::words::{Measure, lower_first};

pub const LEVEL_POINTS: f64 = 1.0;
pub const LEVEL_RELATIVE: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    Above,
    Below,
    Level,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    /// As in the data: `riket`, `lan`, or a label such as "Trollhättan".
    pub name: String,
    /// The comparison value in data units.
    pub value: f64,
    /// The comparison value as printed, in display units.
    pub shown: f64,
    /// Our value minus theirs, in display units.
    pub diff: f64,
    pub position: Position,
}

/// In running text: "riket", "länet", or the label as given.
pub fn label(name: &str) -> String {
    match name {
        "riket" | "Riket" => "riket".to_string(),
        "lan" | "län" | "Länet" => "länet".to_string(),
        other => other.to_string(),
    }
}

pub fn compare(ind: &Indicator, point: &Point, name: &str, value: f64) -> Option<Benchmark> {
    let shown = format::shown(value, ind.unit, ind.decimals())?;
    let diff = point.shown - shown;
    let level = match Measure::of(ind.unit) {
        Measure::Points => diff.abs() <= LEVEL_POINTS + 1e-9,
        _ if shown == 0.0 => diff == 0.0,
        _ => (diff / shown).abs() < LEVEL_RELATIVE,
    };
    Some(Benchmark {
        name: name.to_string(),
        value,
        shown,
        diff,
        position: if level || diff == 0.0 {
            Position::Level
        } else if diff > 0.0 {
            Position::Above
        } else {
            Position::Below
        },
    })
}

impl Benchmark {
    /// "8 procentenheter under riket (70 %)", "i nivå med riket (64 dagar)".
    pub fn phrase(&self, ind: &Indicator, style: &NumberStyle) -> String {
        let who = label(&self.name);
        let theirs = ind.with_unit(self.value, ind.decimals(), style);
        let by = match Measure::of(ind.unit) {
            Measure::Points => format::percentage_points(self.diff.abs(), ind.decimals(), style),
            _ => format::display_with_unit(self.diff.abs(), ind.unit, ind.decimals(), style),
        };
        match self.position {
            Position::Level => format!("i nivå med {who} ({theirs})"),
            Position::Above => format!("{by} över {who} ({theirs})"),
            Position::Below => format!("{by} under {who} ({theirs})"),
        }
    }
}

/// Whether a comparison is a named one (a municipality or group), not riket or länet.
pub fn is_named(name: &str) -> bool {
    !matches!(label(name).as_str(), "riket" | "länet")
}

/// The phrases of several comparisons, in order; named comparisons the value is level with
/// are said together: "i nivå med Trollhättan (96 kr) och Uddevalla (101 kr)".
pub fn phrases(ind: &Indicator, list: &[Benchmark], style: &NumberStyle) -> Vec<String> {
    let level_named = |b: &Benchmark| b.position == Position::Level && is_named(&b.name);
    let together: Vec<String> = list
        .iter()
        .filter(|b| level_named(b))
        .map(|b| {
            let theirs = ind.with_unit(b.value, ind.decimals(), style);
            format!("{} ({theirs})", label(&b.name))
        })
        .collect();
    let mut out = Vec::new();
    let mut said = false;
    for b in list {
        if !level_named(b) || together.len() < 2 {
            out.push(b.phrase(ind, style));
        } else if !said {
            said = true;
            out.push(format!("i nivå med {}", super::words::join_list(&together)));
        }
    }
    out
}

/// Phrases joined into one clause; "samt" before the last when a phrase has its own "och".
pub fn join(phrases: &[String]) -> String {
    match phrases {
        [init @ .., last] if !init.is_empty() && phrases.iter().any(|p| p.contains(" och ")) => {
            format!("{} samt {last}", init.join(", "))
        }
        _ => super::words::join_list(phrases),
    }
}

/// "Andelen som var nöjda med aktiviteterna var 62 % år 2023, 8 procentenheter under riket
/// (70 %)." The year always with "år", so that it does not stand next to the value.
pub fn sentence(subject: &str, value: &str, year: i32, phrases: &[String]) -> String {
    let joined = join(phrases);
    format!("{subject} var {value} år {year}, {joined}.")
}

/// Lower-cased label for use mid-sentence.
pub fn label_lower(name: &str) -> String {
    lower_first(&label(name))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    const S: NumberStyle = NumberStyle {
        group_four_digits: true,
    };

    fn p(shown: f64) -> Point {
        Point {
            raw: shown,
            shown,
            decimals: 0,
            period_note: None,
            qualifier: None,
            note: None,
        }
    }

    #[test]
    fn seed_benchmarks() {
        let days = indicator("{id: v, name: Väntetid, unit: dagar, polarity: lower_better}");
        let b = compare(&days, &p(66.0), "riket", 64.0).unwrap();
        assert_eq!(b.position, Position::Level);
        assert_eq!(b.phrase(&days, &S), "i nivå med riket (64\u{a0}dagar)");
        let share = indicator("{id: n, name: Nöjd, unit: procent}");
        let b = compare(&share, &p(62.0), "riket", 70.0).unwrap();
        assert_eq!(b.position, Position::Below);
        assert_eq!(
            b.phrase(&share, &S),
            "8\u{a0}procentenheter under riket (70\u{a0}%)"
        );
        let b = compare(&share, &p(71.0), "lan", 70.0).unwrap();
        assert_eq!(b.position, Position::Level);
        let b = compare(&share, &p(66.0), "riket", 71.0).unwrap();
        assert_eq!(
            b.phrase(&share, &S),
            "5\u{a0}procentenheter under riket (71\u{a0}%)"
        );
        let count = indicator("{id: c, name: Barn, unit: antal}");
        let b = compare(&count, &p(9.0), "Trollhättan", 4.0).unwrap();
        assert_eq!(b.phrase(&count, &S), "5 över Trollhättan (4)");
    }

    #[test]
    fn level_neighbours_are_named_together() {
        let kr = indicator("{id: k, name: Kostnad, unit: kr}");
        let list: Vec<Benchmark> = [("riket", 120.0), ("Trollhättan", 96.0), ("Uddevalla", 101.0)]
            .iter()
            .filter_map(|(n, v)| compare(&kr, &p(98.0), n, *v))
            .collect();
        let got = phrases(&kr, &list, &S);
        assert_eq!(
            got,
            [
                "22\u{a0}kr under riket (120\u{a0}kr)",
                "i nivå med Trollhättan (96\u{a0}kr) och Uddevalla (101\u{a0}kr)"
            ]
        );
        assert_eq!(
            join(&got),
            "22\u{a0}kr under riket (120\u{a0}kr) samt i nivå med Trollhättan (96\u{a0}kr) och Uddevalla (101\u{a0}kr)"
        );
    }

    #[test]
    fn sign_agrees_with_position() {
        let share = indicator("{id: n, name: Nöjd, unit: procent}");
        for (ours, theirs) in [(10.0, 90.0), (90.0, 10.0), (50.0, 50.0), (50.0, 50.9)] {
            let b = compare(&share, &p(ours), "riket", theirs).unwrap();
            match b.position {
                Position::Above => assert!(ours > theirs),
                Position::Below => assert!(ours < theirs),
                Position::Level => assert!((ours - theirs).abs() <= LEVEL_POINTS + 0.5),
            }
        }
    }
}
