//! Small-number protection (röjandeskydd). Counts that describe persons and are below the
//! threshold are never printed: the report says "färre än 5" (tables: "<5"). Secondary
//! suppression then hides further cells so that no protected value can be recovered from a
//! total and the other parts (tables: "x").
//!
//! # Rules
//!
//! * Primary: a value of an indicator that counts persons (`persons: true` in the catalogue, or
//!   listed under `privacy.persons` in berattelse.yaml) with 0 < value < threshold. Zero is
//!   shown: it describes nobody.
//! * Equations: a total and its parts (`T = K + M` for sex, the organisation's value and its
//!   units, and the sums listed under `privacy.totals`), per period.
//! * Audit: every unknown cell gets the bounds a reader knows (a protected count: 1 … threshold
//!   − 1; a hidden or missing value: ≥ 0), and the bounds are narrowed through every equation
//!   until nothing changes. A protected cell whose bounds shrink to a single value would be
//!   revealed. For one equation this is exact: the sum of whole-number intervals is an interval.
//! * A hidden cell tells a reader nothing beyond "≥ 0", because any cell may be hidden: the
//!   smallest non-zero part first, then the total, then a zero part, and last another protected
//!   cell ("<5" becomes "x"). A "hidden ≥ 1" or "hidden ≥ threshold" rule would let a small
//!   total over hidden parts be computed (2 shown as "<3" over two hidden parts of at least 1).
//! * Secondary: while a protected cell would be revealed, hide a candidate from an equation it
//!   is in, or from one linked to those through unseen cells, preferring one that is enough on
//!   its own, and audit again. The properties below check the result against a brute-force
//!   reader that tries every assignment, for one equation and for linked unit totals.
//! * A threshold below 3 protects nothing beyond the primary cells: "färre än 2" is 1.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protection {
    Shown,
    /// Primary suppression: "färre än N".
    Small,
    /// Secondary suppression: hidden so that a small value cannot be computed.
    Hidden,
}

/// One cell to protect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    /// `None` for a missing value (unknown to a reader too).
    pub value: Option<f64>,
    /// Counts persons: small values are protected.
    pub sensitive: bool,
}

/// `total = Σ parts`, by index into the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equation {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Primary and secondary suppression of `cells` under `equations`.
pub fn protect(cells: &[Input], equations: &[Equation], threshold: u32) -> Vec<Protection> {
    let mut prot: Vec<Protection> = cells
        .iter()
        .map(|&c| {
            if is_primary(c, threshold) {
                Protection::Small
            } else {
                Protection::Shown
            }
        })
        .collect();
    let equations: Vec<&Equation> = equations
        .iter()
        .filter(|e| e.total < cells.len() && e.parts.iter().all(|&p| p < cells.len()))
        .collect();
    if threshold < 3 {
        return prot;
    }
    // Cells linked by no chain of equations cannot tell anything about each other, so each
    // group of linked cells is protected on its own: the same cells are hidden as when all
    // are audited together (cells and equations keep their order), in a fraction of the
    // time, as every audit then narrows only the group's bounds.
    for (members, local) in linked_groups(cells.len(), &equations) {
        let group_cells: Vec<Input> = members.iter().map(|&i| cells[i]).collect();
        let mut group_prot: Vec<Protection> = members.iter().map(|&i| prot[i]).collect();
        let group_equations: Vec<&Equation> = local.iter().collect();
        protect_linked(&group_cells, &group_equations, &mut group_prot, threshold);
        for (&i, p) in members.iter().zip(group_prot) {
            prot[i] = p;
        }
    }
    prot
}

/// Secondary suppression of cells that are all linked through `equations`.
fn protect_linked(cells: &[Input], equations: &[&Equation], prot: &mut [Protection], threshold: u32) {
    // Each round hides one more cell, so this ends after at most `cells.len()` rounds.
    for _ in 0..=cells.len() {
        let Some(exposed) = revealed(cells, equations, prot, threshold) else {
            break;
        };
        match secondary_candidate(cells, equations, prot, exposed, threshold) {
            Some(c) => prot[c] = Protection::Hidden,
            None => break,
        }
    }
}

/// The groups of cells that equations link (directly or through other cells), each as its
/// cells in ascending order and its equations in their given order, renumbered into the
/// group. Cells in no equation are left out: nothing can reveal them beyond their own bounds.
fn linked_groups(cells: usize, equations: &[&Equation]) -> Vec<(Vec<usize>, Vec<Equation>)> {
    let mut parent: Vec<usize> = (0..cells).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for e in equations {
        let t = root(&mut parent, e.total);
        for &p in &e.parts {
            let r = root(&mut parent, p);
            if r != t {
                parent[r] = t;
            }
        }
    }
    let mut in_equation = vec![false; cells];
    for e in equations {
        in_equation[e.total] = true;
        for &p in &e.parts {
            in_equation[p] = true;
        }
    }
    // Group number by root, in the order of each group's first cell.
    let mut group_of_root: Vec<Option<usize>> = vec![None; cells];
    let mut local_index = vec![0usize; cells];
    let mut groups: Vec<(Vec<usize>, Vec<Equation>)> = Vec::new();
    for i in (0..cells).filter(|&i| in_equation[i]) {
        let r = root(&mut parent, i);
        let g = *group_of_root[r].get_or_insert_with(|| {
            groups.push((Vec::new(), Vec::new()));
            groups.len() - 1
        });
        local_index[i] = groups[g].0.len();
        groups[g].0.push(i);
    }
    for e in equations {
        let r = root(&mut parent, e.total);
        if let Some(g) = group_of_root[r] {
            groups[g].1.push(Equation {
                total: local_index[e.total],
                parts: e.parts.iter().map(|&p| local_index[p]).collect(),
            });
        }
    }
    groups
}

/// The first small person count (shown as "<N" or hidden) that a reader could compute
/// exactly, if any.
pub fn revealed(
    cells: &[Input],
    equations: &[&Equation],
    prot: &[Protection],
    threshold: u32,
) -> Option<usize> {
    // Below 3 a protected cell can only be 1, which "färre än 2" already says: nothing more
    // to hide.
    if threshold < 3 {
        return None;
    }
    let b = bounds(cells, equations, prot, threshold);
    (0..cells.len()).find(|&i| is_primary(cells[i], threshold) && b[i].1 - b[i].0 < 0.5)
}

/// A count of persons below the threshold, other than zero: never printed.
fn is_primary(c: Input, threshold: u32) -> bool {
    c.sensitive && c.value.is_some_and(|v| v > 0.0 && v < f64::from(threshold))
}

/// What a reader can know about each cell, narrowed through the equations.
pub fn bounds(
    cells: &[Input],
    equations: &[&Equation],
    prot: &[Protection],
    threshold: u32,
) -> Vec<(f64, f64)> {
    let n = f64::from(threshold);
    let inf = f64::INFINITY;
    let mut b: Vec<(f64, f64)> = cells
        .iter()
        .zip(prot)
        .map(|(c, p)| match (p, c.value) {
            (Protection::Shown, Some(v)) => (v, v),
            (Protection::Shown, None) => (0.0, inf),
            (Protection::Small, _) => (1.0, (n - 1.0).max(1.0)),
            (Protection::Hidden, _) => (0.0, inf),
        })
        .collect();
    for _ in 0..64 {
        let mut changed = false;
        for e in equations {
            // Σ a_i x_i = 0 with a = +1 for the total and −1 for each part.
            let members = || std::iter::once((e.total, 1.0)).chain(e.parts.iter().map(|&p| (p, -1.0)));
            let term = |(i, a): (usize, f64), b: &[(f64, f64)]| {
                let (lo, hi) = b[i];
                if a > 0.0 { (lo, hi) } else { (-hi, -lo) }
            };
            for (k, (c, a)) in members().enumerate() {
                let (mut rlo, mut rhi) = (0.0, 0.0);
                for (j, m) in members().enumerate() {
                    if j != k {
                        let (lo, hi) = term(m, &b);
                        rlo += lo;
                        rhi += hi;
                    }
                }
                // a·x_c = −R
                let (lo, hi) = if a > 0.0 { (-rhi, -rlo) } else { (rlo, rhi) };
                let (old_lo, old_hi) = b[c];
                let new = (old_lo.max(lo), old_hi.min(hi));
                if new.0 > new.1 + 1e-9 {
                    // The data does not satisfy this equation; a reader cannot use it either.
                    continue;
                }
                if new.0 > old_lo + 1e-9 || new.1 < old_hi - 1e-9 {
                    b[c] = new;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    b
}

/// The cell to hide next so that `exposed` can no longer be computed. Candidates come from the
/// equations that contain it, then from equations linked to those through cells a reader does
/// not see (a hidden unit total is pinned by the organisation total). The first candidate, by
/// distance and rank, that is enough on its own wins; else the first candidate.
fn secondary_candidate(
    cells: &[Input],
    equations: &[&Equation],
    prot: &[Protection],
    exposed: usize,
    threshold: u32,
) -> Option<usize> {
    // Lower ranks go first: a non-zero part, the total, a zero part, another protected cell.
    let rank = |i: usize, is_total: bool| -> Option<u8> {
        match prot[i] {
            Protection::Hidden => None,
            Protection::Small => Some(3),
            Protection::Shown => match cells[i].value {
                None => None,
                Some(v) if v > 0.0 => Some(if is_total { 1 } else { 0 }),
                Some(_) => Some(2),
            },
        }
    };
    let unseen = |i: usize| prot[i] != Protection::Shown || cells[i].value.is_none();
    let members = |e: &Equation| -> Vec<(bool, usize)> {
        e.parts
            .iter()
            .map(|&p| (false, p))
            .chain(std::iter::once((true, e.total)))
            .collect()
    };
    // Breadth-first over equations, linked through unseen cells.
    let mut distance: Vec<Option<usize>> = vec![None; equations.len()];
    let mut frontier = vec![exposed];
    let mut reached = vec![false; cells.len()];
    reached[exposed] = true;
    let mut candidates: Vec<(usize, u8, f64, usize)> = Vec::new();
    for d in 0.. {
        let mut next = Vec::new();
        for (k, e) in equations.iter().enumerate() {
            if distance[k].is_some() || !members(e).iter().any(|&(_, i)| frontier.contains(&i)) {
                continue;
            }
            distance[k] = Some(d);
            for (is_total, i) in members(e) {
                if i == exposed {
                    continue;
                }
                if let Some(r) = rank(i, is_total) {
                    candidates.push((d, r, cells[i].value.unwrap_or(0.0), i));
                }
                if unseen(i) && !reached[i] {
                    reached[i] = true;
                    next.push(i);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    candidates.sort_by(|a, b| {
        (a.0, a.1, a.2, a.3)
            .partial_cmp(&(b.0, b.1, b.2, b.3))
            .expect("finite values")
    });
    let mut seen = vec![false; cells.len()];
    candidates.retain(|c| !std::mem::replace(&mut seen[c.3], true));
    let enough = |i: usize| {
        let mut tried = prot.to_vec();
        tried[i] = Protection::Hidden;
        let b = bounds(cells, equations, &tried, threshold);
        b[exposed].1 - b[exposed].0 >= 0.5
    };
    candidates
        .iter()
        .find(|c| enough(c.3))
        .or(candidates.first())
        .map(|c| c.3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cells(values: &[Option<f64>], sensitive: bool) -> Vec<Input> {
        values.iter().map(|&value| Input { value, sensitive }).collect()
    }

    fn sum(total: usize, parts: &[usize]) -> Equation {
        Equation {
            total,
            parts: parts.to_vec(),
        }
    }

    use Protection::*;

    #[test]
    fn primary_only_below_threshold_and_not_zero() {
        let c = cells(&[Some(0.0), Some(1.0), Some(4.0), Some(5.0), None], true);
        assert_eq!(protect(&c, &[], 5), [Shown, Small, Small, Shown, Shown]);
        // Not persons: nothing is protected.
        let c = cells(&[Some(1.0), Some(4.0)], false);
        assert_eq!(protect(&c, &[], 5), [Shown, Shown]);
        // Threshold 0 turns protection off.
        let c = cells(&[Some(1.0)], true);
        assert_eq!(protect(&c, &[], 0), [Shown]);
    }

    #[test]
    fn one_small_part_hides_the_smallest_other_part() {
        // T = K + M with K = 3: M would reveal K, so M is hidden too.
        let c = cells(&[Some(41.0), Some(3.0), Some(38.0)], true);
        assert_eq!(protect(&c, &[sum(0, &[1, 2])], 5), [Shown, Small, Hidden]);
        // With three parts the smallest other part goes.
        let c = cells(&[Some(60.0), Some(2.0), Some(40.0), Some(18.0)], true);
        assert_eq!(
            protect(&c, &[sum(0, &[1, 2, 3])], 5),
            [Shown, Small, Shown, Hidden]
        );
    }

    #[test]
    fn two_small_parts_can_still_reveal_each_other() {
        // T = 2 (not persons) = 1 + 1: each part is 1 whatever the other is.
        let c = vec![
            Input {
                value: Some(2.0),
                sensitive: false,
            },
            Input {
                value: Some(1.0),
                sensitive: true,
            },
            Input {
                value: Some(1.0),
                sensitive: true,
            },
        ];
        let p = protect(&c, &[sum(0, &[1, 2])], 5);
        assert_eq!(p, [Hidden, Small, Small]);
    }

    #[test]
    fn a_hidden_part_says_only_that_it_is_not_negative() {
        // 6 = "<5" + x: x may be 2 … 5 for a reader, so the total can stay.
        let c = cells(&[Some(6.0), Some(1.0), Some(5.0)], true);
        let p = protect(&c, &[sum(0, &[1, 2])], 5);
        assert_eq!(p, [Shown, Small, Hidden]);
    }

    #[test]
    fn a_small_total_over_small_parts_hides_a_part() {
        // The counterexample that the "hidden ≥ 1" rule failed: 2 = 1 + 1 with threshold 3.
        // Shown parts would give the total; hidden parts ≥ 1 would too.
        let c = vec![
            Input {
                value: Some(2.0),
                sensitive: true,
            },
            Input {
                value: Some(1.0),
                sensitive: false,
            },
            Input {
                value: Some(1.0),
                sensitive: false,
            },
        ];
        let e = sum(0, &[1, 2]);
        let p = protect(&c, std::slice::from_ref(&e), 3);
        assert_eq!(p, [Small, Hidden, Shown]);
        assert_eq!(possible_values(&c, &e, &p, 3, 0), [1, 2]);
        // All three are small person counts: "<3" = "<3" + "<3" pins 2 = 1 + 1, so one
        // protected part becomes "x".
        let c = cells(&[Some(2.0), Some(1.0), Some(1.0)], true);
        let p = protect(&c, std::slice::from_ref(&e), 3);
        assert_eq!(p, [Small, Hidden, Small]);
        for i in 0..3 {
            assert!(possible_values(&c, &e, &p, 3, i).len() >= 2, "cell {i}");
        }
    }

    #[test]
    fn a_cell_that_is_enough_on_its_own_goes_before_a_cheaper_one_that_is_not() {
        // 2 = "<3" + "<3" + 0: hiding the zero would not help (the total is still 1 + 1 + 0
        // at least), so a protected part becomes "x" and the zero stays.
        let c = cells(&[Some(2.0), Some(1.0), Some(1.0), Some(0.0)], true);
        let e = sum(0, &[1, 2, 3]);
        let p = protect(&c, std::slice::from_ref(&e), 3);
        assert_eq!(p, [Small, Hidden, Small, Shown]);
        for i in 0..3 {
            assert!(possible_values(&c, &e, &p, 3, i).len() >= 2, "cell {i}");
        }
        // A zero part is hidden before a protected cell when that is enough: 2 = 1 + 1 + 0
        // where only the total counts persons, and the parts are shown.
        let mut c = cells(&[Some(2.0), Some(1.0), Some(0.0)], false);
        c[0].sensitive = true;
        let e = sum(0, &[1, 2]);
        let p = protect(&c, std::slice::from_ref(&e), 3);
        assert_eq!(p, [Small, Hidden, Shown]);
    }

    #[test]
    fn missing_parts_protect_by_themselves() {
        let c = cells(&[Some(20.0), Some(3.0), None], true);
        assert_eq!(protect(&c, &[sum(0, &[1, 2])], 5), [Shown, Small, Shown]);
    }

    #[test]
    fn protection_spreads_across_linked_equations() {
        // Two years share nothing, but a unit total that is itself a part of the organisation
        // total links equations: org = a + b, a = a1 + a2.
        let c = cells(&[Some(50.0), Some(20.0), Some(30.0), Some(2.0), Some(18.0)], true);
        let eqs = [sum(0, &[1, 2]), sum(1, &[3, 4])];
        let p = protect(&c, &eqs, 5);
        assert_eq!(p[3], Small);
        let refs: Vec<&Equation> = eqs.iter().collect();
        assert_eq!(revealed(&c, &refs, &p, 5), None);
    }

    /// Every value the protected cell `target` could have, by brute force over all assignments
    /// of the parts that fit what the report shows (the total follows from the parts).
    fn possible_values(c: &[Input], e: &Equation, p: &[Protection], n: u32, target: usize) -> Vec<i64> {
        const MAX: i64 = 36;
        let n = i64::from(n);
        let fits = |i: usize, v: i64| -> bool {
            match (p[i], c[i].value) {
                (Shown, Some(x)) => v == x as i64,
                (Shown, None) => (0..=MAX).contains(&v),
                (Small, _) => (1..n).contains(&v),
                (Hidden, _) => (0..=MAX).contains(&v),
            }
        };
        let mut found = std::collections::BTreeSet::new();
        let mut chosen = vec![0i64; e.parts.len()];
        loop {
            let total: i64 = chosen.iter().sum();
            if fits(e.total, total) && e.parts.iter().zip(&chosen).all(|(&i, &v)| fits(i, v)) {
                if target == e.total {
                    found.insert(total);
                } else if let Some(k) = e.parts.iter().position(|&i| i == target) {
                    found.insert(chosen[k]);
                }
            }
            // Next assignment, odometer style.
            let mut k = 0;
            while k < chosen.len() && chosen[k] == MAX {
                chosen[k] = 0;
                k += 1;
            }
            if k == chosen.len() {
                break;
            }
            chosen[k] += 1;
        }
        found.into_iter().collect()
    }

    /// The protection of all cells audited together, as before they were split into linked
    /// groups.
    fn protect_unsplit(cells: &[Input], equations: &[Equation], threshold: u32) -> Vec<Protection> {
        let mut prot: Vec<Protection> = cells
            .iter()
            .map(|&c| if is_primary(c, threshold) { Small } else { Shown })
            .collect();
        let refs: Vec<&Equation> = equations.iter().collect();
        if threshold >= 3 {
            protect_linked(cells, &refs, &mut prot, threshold);
        }
        prot
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]

        /// Protecting each linked group on its own hides exactly the cells that auditing all
        /// of them together hides.
        #[test]
        fn linked_groups_protect_as_the_whole(
            values in proptest::collection::vec((0u32..9, any::<bool>()), 4..14),
            shapes in proptest::collection::vec((0usize..14, proptest::collection::vec(0usize..14, 1..4)), 0..6),
            threshold in 2u32..=5,
        ) {
            let c: Vec<Input> = values
                .iter()
                .map(|&(v, sensitive)| Input { value: Some(f64::from(v)), sensitive })
                .collect();
            let n = c.len();
            let eqs: Vec<Equation> = shapes
                .iter()
                .map(|(t, parts)| sum(t % n, &parts.iter().map(|p| p % n).collect::<Vec<_>>()))
                .collect();
            prop_assert_eq!(protect(&c, &eqs, threshold), protect_unsplit(&c, &eqs, threshold));
        }

        /// No small person count can be recovered from the total and the shown parts, checked
        /// by enumerating every assignment a reader could try.
        #[test]
        fn suppressed_cells_cannot_be_recovered(
            parts in proptest::collection::vec((0u32..10, any::<bool>(), 0u32..10), 1..=3),
            total_sensitive in any::<bool>(),
            threshold in 3u32..=6,
        ) {
            let total: u32 = parts.iter().map(|p| p.0).sum();
            let mut c = vec![Input { value: Some(f64::from(total)), sensitive: total_sensitive }];
            for &(v, sensitive, missing) in &parts {
                // About one part in ten is missing from the data.
                let value = (missing != 0).then_some(f64::from(v));
                c.push(Input { value, sensitive });
            }
            let e = sum(0, &(1..c.len()).collect::<Vec<_>>());
            let p = protect(&c, std::slice::from_ref(&e), threshold);
            for (i, prot) in p.iter().enumerate() {
                // Primary suppression of every small person count.
                if is_primary(c[i], threshold) {
                    prop_assert_ne!(*prot, Shown);
                    let values = possible_values(&c, &e, &p, threshold, i);
                    prop_assert!(values.len() >= 2, "cell {i} of {c:?} revealed as {values:?} under {p:?}");
                }
            }
        }

        /// The same across linked equations: org = a + b, a = a1 + a2, b = b1 + b2 (units and
        /// their sub-units), checked by enumerating every assignment of the four leaves.
        #[test]
        fn suppressed_cells_cannot_be_recovered_across_linked_equations(
            leaves in proptest::collection::vec((0u32..8, any::<bool>()), 4),
            totals_sensitive in any::<bool>(),
            threshold in 3u32..=5,
        ) {
            const MAX: u32 = 16;
            let v: Vec<u32> = leaves.iter().map(|l| l.0).collect();
            let values = [v[0] + v[1] + v[2] + v[3], v[0] + v[1], v[2] + v[3], v[0], v[1], v[2], v[3]];
            let c: Vec<Input> = values
                .iter()
                .enumerate()
                .map(|(i, &x)| Input {
                    value: Some(f64::from(x)),
                    sensitive: if i < 3 { totals_sensitive } else { leaves[i - 3].1 },
                })
                .collect();
            let eqs = [sum(0, &[1, 2]), sum(1, &[3, 4]), sum(2, &[5, 6])];
            let p = protect(&c, &eqs, threshold);
            let fits = |i: usize, x: u32| match (p[i], c[i].value) {
                (Shown, Some(y)) => f64::from(x) == y,
                (Small, _) => (1..threshold).contains(&x),
                _ => true,
            };
            let mut possible = vec![std::collections::BTreeSet::new(); 7];
            for code in 0..(MAX + 1).pow(4) {
                let l = [code % (MAX + 1), code / (MAX + 1) % (MAX + 1), code / (MAX + 1).pow(2) % (MAX + 1), code / (MAX + 1).pow(3)];
                let all = [l[0] + l[1] + l[2] + l[3], l[0] + l[1], l[2] + l[3], l[0], l[1], l[2], l[3]];
                if all.iter().enumerate().all(|(i, &x)| fits(i, x)) {
                    for (i, &x) in all.iter().enumerate() {
                        possible[i].insert(x);
                    }
                }
            }
            for i in 0..7 {
                if is_primary(c[i], threshold) {
                    prop_assert_ne!(p[i], Shown);
                    prop_assert!(possible[i].len() >= 2, "cell {i} of {values:?} revealed as {:?} under {p:?}", possible[i]);
                }
            }
        }
    }
}
