//! Over a whole series: the years a table shows, streaks of changes in the same direction
//! ("för tredje året i rad") and extremes ("den högsta nivån sedan 2019"). Both stop at a
//! comparability break and at a missing or protected value.

use crate::model::outline::Order;

use super::Series;
use super::words::{Direction, Measure, Thresholds};

/// The `span` years up to and including `year`, in `order`.
pub fn window(year: i32, span: u32, order: Order) -> Vec<i32> {
    let span = i32::try_from(span.clamp(1, 50)).unwrap_or(1);
    let mut years: Vec<i32> = (year - span + 1..=year).collect();
    if order == Order::Descending {
        years.reverse();
    }
    years
}

/// The direction of the step from `year − 1` to `year`, if both values exist and are
/// comparable.
fn step(s: &Series<'_>, year: i32, th: &Thresholds) -> Option<Direction> {
    if s.break_between(year - 1, year).is_some() {
        return None;
    }
    let a = s.get(year - 1);
    let b = s.get(year);
    let (a, b) = (a.point()?, b.point()?);
    Some(th.direction(Measure::of(s.indicator.unit), a.shown, b.shown))
}

/// How many consecutive yearly changes up to `year` went the same way as the last one
/// (0 when the last step is unchanged or cannot be computed).
pub fn streak(s: &Series<'_>, year: i32, th: &Thresholds) -> usize {
    streak_within(s, year, th, i32::MIN)
}

/// Whether the value of `year` is qualified (ca, preliminär, uppskattad): a streak or an
/// extreme is not built through such a value, only the two values a sentence states may be.
fn qualified(s: &Series<'_>, year: i32) -> bool {
    s.get(year).point().is_some_and(|p| p.qualifier.is_some())
}

/// [`streak`] counting only steps whose years are from `first` on (the years a table shows),
/// and never through a qualified value earlier than the year before `year`.
pub fn streak_within(s: &Series<'_>, year: i32, th: &Thresholds, first: i32) -> usize {
    if year - 1 < first {
        return 0;
    }
    let Some(last) = step(s, year, th).filter(|d| *d != Direction::Flat) else {
        return 0;
    };
    let mut n = 1;
    let mut y = year - 1;
    while y > first && !qualified(s, y - 1) && step(s, y, th) == Some(last) {
        n += 1;
        y -= 1;
    }
    n
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extreme {
    /// The highest since `year`, when it was at least as high.
    HighestSince(i32),
    LowestSince(i32),
    /// The highest of every year from `first`: the series has never been this high.
    HighestFrom(i32),
    LowestFrom(i32),
}

impl Extreme {
    /// Whether it is a high.
    pub fn is_high(self) -> bool {
        matches!(self, Extreme::HighestSince(_) | Extreme::HighestFrom(_))
    }

    /// "sedan 2019", "under perioden 2019–2024".
    pub fn span(self, year: i32) -> String {
        match self {
            Extreme::HighestSince(y) | Extreme::LowestSince(y) => format!("sedan {y}"),
            Extreme::HighestFrom(y) | Extreme::LowestFrom(y) => format!("under perioden {y}–{year}"),
        }
    }

    /// "den högsta nivån sedan 2019", "den lägsta nivån under perioden 2019–2024".
    pub fn phrase(self, year: i32) -> String {
        match self {
            Extreme::HighestSince(y) => format!("den högsta nivån sedan {y}"),
            Extreme::LowestSince(y) => format!("den lägsta nivån sedan {y}"),
            Extreme::HighestFrom(y) => format!("den högsta nivån under perioden {y}–{year}"),
            Extreme::LowestFrom(y) => format!("den lägsta nivån under perioden {y}–{year}"),
        }
    }
}

/// Whether the value of `year` is the highest or lowest in a while. Only a gap-free, comparable
/// run of years counts, and only when it says more than the change from last year does: the
/// earlier level at least as high (low) was at least three years back ("sedan 2020" in 2023),
/// or the run has at least three years and never reached this level.
pub fn extreme(s: &Series<'_>, year: i32) -> Option<Extreme> {
    extreme_within(s, year, i32::MIN)
}

/// [`extreme`] over the years from `first` on (the years a table shows), never through a
/// qualified value earlier than the year before `year`.
pub fn extreme_within(s: &Series<'_>, year: i32, first: i32) -> Option<Extreme> {
    let now = s.get(year).point()?.shown;
    // Earlier values, newest first, as long as they are contiguous and comparable.
    let mut earlier = Vec::new();
    let mut y = year - 1;
    while y >= first && s.break_between(y, year).is_none() && (y == year - 1 || !qualified(s, y)) {
        match s.get(y).point() {
            Some(p) => earlier.push((y, p.shown)),
            None => break,
        }
        y -= 1;
    }
    if earlier.len() < 2 {
        return None;
    }
    let high = earlier.iter().find(|(_, v)| *v >= now);
    let low = earlier.iter().find(|(_, v)| *v <= now);
    let first = earlier.last().map(|(y, _)| *y)?;
    match (high, low) {
        (Some(&(y, _)), _) if y <= year - 3 && earlier[0].1 < now => Some(Extreme::HighestSince(y)),
        (_, Some(&(y, _))) if y <= year - 3 && earlier[0].1 > now => Some(Extreme::LowestSince(y)),
        (None, _) => Some(Extreme::HighestFrom(first)),
        (_, None) => Some(Extreme::LowestFrom(first)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::compute::words::THRESHOLDS;
    use proptest::prelude::*;

    fn s<'a>(ind: &'a crate::model::catalogue::Indicator, v: &[(i32, Option<f64>)]) -> Series<'a> {
        series(ind, v)
    }

    #[test]
    fn windows_and_order() {
        assert_eq!(window(2024, 3, Order::Ascending), [2022, 2023, 2024]);
        assert_eq!(window(2023, 2, Order::Descending), [2023, 2022]);
        assert_eq!(window(2024, 0, Order::Ascending), [2024]);
    }

    #[test]
    fn streaks_count_same_direction_steps() {
        let ind = indicator("{id: b, name: Betaldagar, unit: dagar}");
        let v = s(
            &ind,
            &[(2021, Some(31.0)), (2022, Some(196.0)), (2023, Some(473.0))],
        );
        assert_eq!(streak(&v, 2023, &THRESHOLDS), 2);
        // Synpunkter 174 → 140 → 135: decreased for the second year running.
        let syn = s(
            &ind,
            &[
                (2020, Some(120.0)),
                (2021, Some(174.0)),
                (2022, Some(140.0)),
                (2023, Some(135.0)),
            ],
        );
        assert_eq!(streak(&syn, 2023, &THRESHOLDS), 2);
        // lex Sarah 44, 44, 76: the flat step ends the streak.
        let l = s(
            &ind,
            &[(2021, Some(44.0)), (2022, Some(44.0)), (2023, Some(76.0))],
        );
        assert_eq!(streak(&l, 2023, &THRESHOLDS), 1);
        // A gap or a break ends it too.
        let g = s(
            &ind,
            &[
                (2020, Some(1.0)),
                (2021, None),
                (2022, Some(30.0)),
                (2023, Some(40.0)),
            ],
        );
        assert_eq!(streak(&g, 2023, &THRESHOLDS), 1);
        let br = indicator("{id: b, name: B, unit: antal, breaks: [{year: 2022, reason: R}]}");
        let b = s(
            &br,
            &[
                (2020, Some(1.0)),
                (2021, Some(2.0)),
                (2022, Some(3.0)),
                (2023, Some(4.0)),
            ],
        );
        assert_eq!(streak(&b, 2023, &THRESHOLDS), 1);
        let flat = s(&ind, &[(2022, Some(6.0)), (2023, Some(6.0))]);
        assert_eq!(streak(&flat, 2023, &THRESHOLDS), 0);
    }

    #[test]
    fn extremes() {
        let ind = indicator("{id: x, name: X, unit: antal}");
        // Synpunkter 120, 174, 140, 135: lowest since 2020.
        let syn = s(
            &ind,
            &[
                (2020, Some(120.0)),
                (2021, Some(174.0)),
                (2022, Some(140.0)),
                (2023, Some(135.0)),
            ],
        );
        assert_eq!(extreme(&syn, 2023), Some(Extreme::LowestSince(2020)));
        assert_eq!(
            extreme(&syn, 2023).unwrap().phrase(2023),
            "den lägsta nivån sedan 2020"
        );
        // Betaldagar 31, 196, 473: never this high.
        let b = s(
            &ind,
            &[(2021, Some(31.0)), (2022, Some(196.0)), (2023, Some(473.0))],
        );
        assert_eq!(extreme(&b, 2023), Some(Extreme::HighestFrom(2021)));
        assert_eq!(
            extreme(&b, 2023).unwrap().phrase(2023),
            "den högsta nivån under perioden 2021–2023"
        );
        // Only two years: nothing beyond the change itself.
        let two = s(&ind, &[(2022, Some(1.0)), (2023, Some(2.0))]);
        assert_eq!(extreme(&two, 2023), None);
        // Equal to last year: no claim.
        let eq = s(&ind, &[(2021, Some(1.0)), (2022, Some(5.0)), (2023, Some(5.0))]);
        assert_eq!(extreme(&eq, 2023), None);
        // The last year as low was only two years back: not worth saying.
        let mid = s(&ind, &[(2021, Some(1.0)), (2022, Some(9.0)), (2023, Some(5.0))]);
        assert_eq!(extreme(&mid, 2023), None);
        let mid = s(
            &ind,
            &[
                (2020, Some(1.0)),
                (2021, Some(9.0)),
                (2022, Some(3.0)),
                (2023, Some(5.0)),
            ],
        );
        assert_eq!(extreme(&mid, 2023), None);
        // Stops at a break.
        let br = indicator("{id: b, name: B, unit: antal, breaks: [{year: 2022, reason: R}]}");
        let b = s(
            &br,
            &[
                (2019, Some(900.0)),
                (2020, Some(10.0)),
                (2021, Some(20.0)),
                (2022, Some(30.0)),
                (2023, Some(40.0)),
            ],
        );
        assert_eq!(extreme(&b, 2023), None);
    }

    proptest! {
        /// An extreme claim is true of every year it covers.
        #[test]
        fn extreme_claims_hold(values in proptest::collection::vec(0u32..50, 3..8)) {
            let ind = indicator("{id: x, name: X, unit: antal}");
            let first = 2024 - values.len() as i32 + 1;
            let v: Vec<(i32, Option<f64>)> = values.iter().enumerate()
                .map(|(i, &x)| (first + i as i32, Some(f64::from(x)))).collect();
            let ser = s(&ind, &v);
            let now = f64::from(*values.last().unwrap());
            let val = |y: i32| f64::from(values[(y - first) as usize]);
            match extreme(&ser, 2024) {
                Some(Extreme::HighestSince(y)) => {
                    prop_assert!(val(y) >= now);
                    for k in y + 1..2024 { prop_assert!(val(k) < now); }
                }
                Some(Extreme::LowestSince(y)) => {
                    prop_assert!(val(y) <= now);
                    for k in y + 1..2024 { prop_assert!(val(k) > now); }
                }
                Some(Extreme::HighestFrom(y)) => {
                    for k in y..2024 { prop_assert!(val(k) < now); }
                }
                Some(Extreme::LowestFrom(y)) => {
                    for k in y..2024 { prop_assert!(val(k) > now); }
                }
                None => {}
            }
            // A streak never exceeds the number of steps.
            prop_assert!(streak(&ser, 2024, &THRESHOLDS) < values.len());
        }
    }
}
