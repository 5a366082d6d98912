//! The change between two values of an indicator: the difference in procentenheter for shares,
//! the difference and the relative change in percent for counts and amounts. Computed on the
//! printed values, so "från 23 % till 42 %" always comes with "19 procentenheter".

use crate::format::{self, NumberStyle, Unit};
use crate::model::catalogue::Indicator;

use super::words::{self, Direction, Judgement, Magnitude, Measure, Thresholds};
use super::{Cell, CellKind, Point};

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub from_year: i32,
    pub to_year: i32,
    pub from: Point,
    pub to: Point,
    pub measure: Measure,
    /// `to − from` in display units (procentenheter for shares).
    pub diff: f64,
    /// `to / from − 1`; `None` for shares (never stated in percent) and from zero.
    pub relative: Option<f64>,
    pub direction: Direction,
    pub magnitude: Option<Magnitude>,
    pub judgement: Option<Judgement>,
    /// A change of small counts, stated as a count ("+3") and never in percent
    /// ([`Thresholds::small_counts`]).
    pub small: bool,
}

/// Why two values are not compared.
#[derive(Debug, Clone, PartialEq)]
pub enum NoComparison {
    /// The value for `label` ("2022", "tertial 2 2023") is missing (no row, or `..`).
    Missing { label: String, note: Option<String> },
    /// The values lie on both sides of a comparability break; `year` starts the new series.
    Break { year: i32, reason: String },
    /// The value for `label` is protected (small number) and must not be used.
    Protected { label: String },
}

impl NoComparison {
    /// The footnote that replaces the comparison with `other` ("2022"): "Ingen jämförelse med
    /// 2022: …".
    pub fn footnote(&self, other: &str) -> String {
        match self {
            NoComparison::Missing { label, note } => {
                let base = format!("Ingen jämförelse med {other}: uppgift för {label} saknas");
                match note {
                    Some(n) => format!("{base} ({}).", n.trim_end_matches('.')),
                    None => format!("{base}."),
                }
            }
            NoComparison::Break { year, reason } => format!(
                "Ingen jämförelse med {other}: från {year} är värdena inte jämförbara med tidigare år. {}",
                sentence_end(reason)
            ),
            NoComparison::Protected { label } => format!(
                "Ingen jämförelse med {other}: uppgiften för {label} redovisas inte för att skydda enskildas identitet."
            ),
        }
    }

    /// The period the gap is about, when it is one period's value.
    pub fn label(&self) -> Option<&str> {
        match self {
            NoComparison::Missing { label, .. } | NoComparison::Protected { label } => Some(label),
            NoComparison::Break { .. } => None,
        }
    }
}

fn sentence_end(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

pub type Comparison = Result<Change, NoComparison>;

/// Compare the values of `ind` in two cells (earlier first).
pub fn compare(ind: &Indicator, from: &Cell, to: &Cell, th: &Thresholds) -> Comparison {
    if let Some(b) = super::breaks_between(ind, from.year, to.year) {
        return Err(NoComparison::Break {
            year: b.year,
            reason: b.reason.clone(),
        });
    }
    // The report year's gap is named first: it is what the reader is looking at.
    for c in [to, from] {
        match &c.kind {
            CellKind::Value(_) => {}
            CellKind::Missing { note } => {
                return Err(NoComparison::Missing {
                    label: c.label(),
                    note: note.clone(),
                });
            }
            CellKind::Small | CellKind::Hidden => {
                return Err(NoComparison::Protected { label: c.label() });
            }
        }
    }
    let (Some(a), Some(b)) = (from.point(), to.point()) else {
        return Err(NoComparison::Missing {
            label: to.label(),
            note: None,
        });
    };
    Ok(between(ind, from.year, a, to.year, b, th))
}

/// The change between two points already known to be comparable.
pub fn between(
    ind: &Indicator,
    from_year: i32,
    a: &Point,
    to_year: i32,
    b: &Point,
    th: &Thresholds,
) -> Change {
    let measure = Measure::of(ind.unit);
    let diff = b.shown - a.shown;
    let direction = th.direction(measure, a.shown, b.shown);
    let magnitude = th.magnitude(measure, ind.unit, a.shown, b.shown);
    Change {
        from_year,
        to_year,
        from: a.clone(),
        to: b.clone(),
        measure,
        diff,
        relative: match measure {
            Measure::Points => None,
            Measure::Relative | Measure::Absolute => words::relative(a.shown, b.shown),
        },
        direction,
        magnitude,
        judgement: words::judgement_of(ind.polarity, direction, magnitude),
        small: th.small_counts(ind.unit, a.shown, b.shown),
    }
}

/// Decimals of a printed relative change: whole percent, one decimal below 10 %, so that a
/// marginal change never prints as "0 %".
pub fn relative_decimals(rel: f64) -> u8 {
    if rel != 0.0 && rel.abs() < 0.095 { 1 } else { 0 }
}

impl Change {
    /// The relative change to print, when it is printed: never for shares, from zero or for
    /// small counts.
    fn printed_relative(&self) -> Option<f64> {
        match self.measure {
            Measure::Relative if !self.small => self.relative,
            _ => None,
        }
    }

    /// The change as printed in a parenthesis: "+19 procentenheter", "+73 %", "−3,5 poäng";
    /// from zero and for small counts, the difference ("+3").
    pub fn signed_text(&self, ind: &Indicator, style: &NumberStyle) -> String {
        match self.printed_relative() {
            Some(r) => format::percent_change(r, relative_decimals(r), style),
            None => self.signed_plain(ind, style, true),
        }
    }

    /// The difference with its sign; shares in procentenheter when `points_unit`.
    fn signed_plain(&self, ind: &Indicator, style: &NumberStyle, points_unit: bool) -> String {
        match self.measure {
            Measure::Points if points_unit => {
                format::percentage_points_signed(self.diff, ind.decimals(), style)
            }
            Measure::Points => format::signed(self.diff, ind.decimals(), style),
            _ => ind.signed_with_unit(self.diff, ind.decimals(), style),
        }
    }

    /// The size of the change without a sign, for "en ökning med …": "19 procentenheter",
    /// "73 %", "3".
    pub fn size_text(&self, ind: &Indicator, style: &NumberStyle) -> String {
        match (self.measure, self.printed_relative()) {
            (Measure::Points, _) => format::percentage_points(self.diff.abs(), ind.decimals(), style),
            (_, Some(r)) => format::with_unit(r.abs() * 100.0, Unit::Procent, relative_decimals(r), style),
            (_, None) if ind.declared_unit().is_some() => {
                ind.with_unit(self.diff.abs(), ind.decimals(), style)
            }
            (_, None) => {
                let unit = if ind.unit == Unit::Andel {
                    Unit::Procent
                } else {
                    ind.unit
                };
                format::with_unit(self.diff.abs(), unit, ind.decimals(), style)
            }
        }
    }

    /// The decimals a relative change needs in a table column (see [`column_decimals`]).
    pub fn relative_decimals(&self) -> Option<u8> {
        self.printed_relative().map(relative_decimals)
    }

    /// The short form for table columns, whose note names the measures: shares as the plain
    /// difference in procentenheter ("+19"), relative changes with `decimals` ("+6,6 %"),
    /// small counts as the difference ("+3").
    pub fn column_text(&self, ind: &Indicator, style: &NumberStyle, decimals: u8) -> String {
        match self.printed_relative() {
            Some(r) => format::percent_change(r, decimals, style),
            None => self.signed_plain(ind, style, false),
        }
    }
}

/// One precision for a column of relative changes: one decimal when any of them needs it
/// (below 10 %), else whole percent.
pub fn column_decimals<'a>(changes: impl IntoIterator<Item = &'a Change>) -> u8 {
    changes
        .into_iter()
        .filter_map(Change::relative_decimals)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::compute::words::THRESHOLDS;
    use proptest::prelude::*;

    const S: NumberStyle = NumberStyle {
        group_four_digits: true,
    };

    fn cmp(ind: &Indicator, a: Option<f64>, b: Option<f64>) -> Comparison {
        let s = series(ind, &[(2022, a), (2023, b)]);
        compare(ind, &s.get(2022), &s.get(2023), &THRESHOLDS)
    }

    #[test]
    fn shares_change_in_procentenheter() {
        let ind = indicator("{id: s, name: Smärtskattning, unit: procent, polarity: higher_better}");
        let c = cmp(&ind, Some(23.0), Some(42.0)).unwrap();
        assert_eq!(c.diff, 19.0);
        assert_eq!(c.relative, None);
        assert_eq!(c.signed_text(&ind, &S), "+19\u{a0}procentenheter");
        assert_eq!(c.size_text(&ind, &S), "19\u{a0}procentenheter");
        assert_eq!(c.column_text(&ind, &S, 0), "+19");
        assert_eq!(c.judgement, Some(Judgement::Better));
        // Andel stored 0..1 changes in the same procentenheter.
        let ind = indicator("{id: a, name: A, unit: andel, decimals: 1}");
        let c = cmp(&ind, Some(0.796), Some(0.689)).unwrap();
        assert!((c.diff + 10.7).abs() < 1e-9);
        assert_eq!(c.signed_text(&ind, &S), "\u{2212}10,7\u{a0}procentenheter");
    }

    #[test]
    fn counts_change_in_percent() {
        let ind = indicator("{id: l, name: Rapporter enligt lex Sarah, unit: antal}");
        let c = cmp(&ind, Some(44.0), Some(76.0)).unwrap();
        assert_eq!(c.signed_text(&ind, &S), "+73\u{a0}%");
        assert_eq!(c.size_text(&ind, &S), "73\u{a0}%");
        assert_eq!(c.judgement, None);
        assert_eq!(c.magnitude, Some(Magnitude::Marked));
        // Small relative changes keep a decimal; from zero the difference is given.
        let c = cmp(&ind, Some(718.0), Some(700.0)).unwrap();
        assert_eq!(c.signed_text(&ind, &S), "\u{2212}2,5\u{a0}%");
        // Small numbers: never in percent.
        let c = cmp(&ind, Some(2.0), Some(5.0)).unwrap();
        assert_eq!(c.signed_text(&ind, &S), "+3");
        assert_eq!(c.size_text(&ind, &S), "3");
        let c = cmp(&ind, Some(718.0), Some(714.0)).unwrap();
        assert_eq!(c.signed_text(&ind, &S), "\u{2212}4");
        let c = cmp(&ind, Some(0.0), Some(11.0)).unwrap();
        assert_eq!(c.signed_text(&ind, &S), "+11");
        let days = indicator("{id: d, name: Betaldagar, unit: dagar, polarity: lower_better}");
        let c = cmp(&days, Some(196.0), Some(473.0)).unwrap();
        assert_eq!(c.signed_text(&days, &S), "+141\u{a0}%");
        assert_eq!(c.judgement, Some(Judgement::Worse));
    }

    #[test]
    fn no_comparison_with_missing_protected_or_across_a_break() {
        let ind = indicator("{id: l, name: L, unit: antal}");
        assert_eq!(
            cmp(&ind, None, Some(3.0)),
            Err(NoComparison::Missing {
                label: "2022".into(),
                note: None
            })
        );
        assert!(matches!(
            cmp(&ind, Some(3.0), None),
            Err(NoComparison::Missing { label, .. }) if label == "2023"
        ));
        let b =
            indicator("{id: b, name: B, unit: antal, breaks: [{year: 2023, reason: Ny mätmetod från 2023}]}");
        let e = cmp(&b, Some(100.0), Some(246.0)).unwrap_err();
        assert_eq!(
            e.footnote("2022"),
            "Ingen jämförelse med 2022: från 2023 är värdena inte jämförbara med tidigare år. Ny mätmetod från 2023."
        );
        let protected = Cell::new(crate::model::period::Period::Year { year: 2023 }, CellKind::Small);
        let s = series(&ind, &[(2022, Some(10.0))]);
        assert_eq!(
            compare(&ind, &s.get(2022), &protected, &THRESHOLDS),
            Err(NoComparison::Protected { label: "2023".into() })
        );
    }

    fn unit() -> impl Strategy<Value = Unit> {
        prop_oneof![
            Just(Unit::Antal),
            Just(Unit::Procent),
            Just(Unit::Andel),
            Just(Unit::Dagar),
            Just(Unit::Kronor),
            Just(Unit::Tkr),
            Just(Unit::Poang),
        ]
    }

    proptest! {
        /// Shares are never changed "in percent", counts and amounts never in procentenheter.
        #[test]
        fn procentenheter_only_for_shares(u in unit(), a in 0.0f64..1000.0, b in 0.0f64..1000.0, d in 0u8..=2) {
            let (a, b) = if u == Unit::Andel { (a / 1000.0, b / 1000.0) } else { (a, b) };
            let ind = indicator(&format!("{{id: x, name: X, unit: {}, decimals: {d}}}",
                serde_yaml::to_string(&u).unwrap().trim()));
            let c = cmp(&ind, Some(a), Some(b)).unwrap();
            let texts = [c.signed_text(&ind, &S), c.size_text(&ind, &S)];
            for t in texts {
                if matches!(u, Unit::Procent | Unit::Andel) {
                    prop_assert!(t.contains("procentenhet"), "{t}");
                    prop_assert!(!t.contains('%'), "{t}");
                } else {
                    prop_assert!(!t.contains("procentenhet"), "{t}");
                }
            }
            if !matches!(u, Unit::Procent | Unit::Andel | Unit::Poang) && c.relative.is_some() && !c.small {
                prop_assert!(c.signed_text(&ind, &S).ends_with('%'));
            }
        }

        /// The printed change has the sign of the direction word.
        #[test]
        fn sign_of_text_matches_direction(a in 0.0f64..500.0, b in 0.0f64..500.0, share in any::<bool>()) {
            let ind = if share {
                indicator("{id: x, name: X, unit: procent}")
            } else {
                indicator("{id: x, name: X, unit: antal}")
            };
            let c = cmp(&ind, Some(a), Some(b)).unwrap();
            let t = c.signed_text(&ind, &S);
            match c.direction {
                Direction::Up => prop_assert!(t.starts_with('+'), "{t}"),
                Direction::Down => prop_assert!(t.starts_with('\u{2212}'), "{t}"),
                Direction::Flat => {}
            }
        }

        /// Nothing is compared across a break or with a missing value.
        #[test]
        fn never_across_breaks_or_gaps(y0 in 2015i32..2024, gap in 1i32..5, brk in 2015i32..2030, missing in 0u8..3) {
            let y1 = y0 + gap;
            let ind = indicator(&format!(
                "{{id: x, name: X, unit: antal, breaks: [{{year: {brk}, reason: R}}]}}"));
            let a = (missing != 1).then_some(10.0);
            let b = (missing != 2).then_some(12.0);
            let s = series(&ind, &[(y0, a), (y1, b)]);
            let r = compare(&ind, &s.get(y0), &s.get(y1), &THRESHOLDS);
            let across = y0 < brk && brk <= y1;
            if across {
                let is_break = matches!(r, Err(NoComparison::Break { .. }));
                prop_assert!(is_break, "{r:?}");
            } else if missing != 0 {
                let is_missing = matches!(r, Err(NoComparison::Missing { .. }));
                prop_assert!(is_missing, "{r:?}");
            } else {
                prop_assert!(r.is_ok());
            }
        }
    }
}
