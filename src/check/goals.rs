//! Lint of the goals followed up in the report (data/mal.yaml): every goal set for the report
//! year needs a status and an uppföljning, and a goal marked Klart should not rest on
//! indicators whose target (målvärde) the report year's value misses.

use crate::compute::Point;
use crate::compute::targets::{self, Status};
use crate::diag::{Diagnostic, Location};
use crate::model::Model;
use crate::model::goals::{Goal, GoalStatus};

fn name(g: &Goal) -> String {
    let s = g.goal.as_deref().or(g.activity.as_deref()).unwrap_or_default();
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Goals of `year` without status or uppföljning. A missing status of a goal older than the
/// file's latest year is already reported when the file is read (`goal.no-status`); this adds
/// what that check cannot know: which year the report follows up.
/// With `status_only` (`goals: status_only: true`) a status alone follows a goal up.
pub fn follow_up(model: &Model, year: i32, status_only: bool, diags: &mut Vec<Diagnostic>) {
    let latest = model.goals.iter().map(|g| g.year).max();
    for g in model.goals_to_follow_up(year) {
        let status_reported = g.status.is_none() && latest.is_some_and(|l| g.year < l);
        let mut missing = Vec::new();
        if g.status.is_none() && !status_reported {
            missing.push("status");
        }
        if g.follow_up.is_none() && !(status_only && g.status.is_some()) {
            missing.push("uppföljning");
        }
        if missing.is_empty() {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                "lint.goal-no-follow-up",
                format!(
                    "the goal \"{}\" for {year} ({}) has no {}",
                    name(g),
                    g.area,
                    missing.join(" and no ")
                ),
            )
            .at(Location::line(g.file.clone(), g.line))
            .note(format!(
                "the report for {year} follows up the goals set for {year}: add {}",
                missing
                    .iter()
                    .map(|m| format!("`{m}:`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
        );
    }
}

/// Goals of `year` marked Klart whose linked indicators miss their target in `year`.
pub fn done_but_target_missed(model: &Model, year: i32, diags: &mut Vec<Diagnostic>) {
    for g in model.goals_to_follow_up(year) {
        if g.status != Some(GoalStatus::Klart) {
            continue;
        }
        for id in &g.indicators {
            let (Some(ind), Some(raw)) = (
                model.indicator(id),
                model.observation(id, year).and_then(|o| o.value),
            ) else {
                continue;
            };
            let point = Point {
                raw,
                shown: crate::format::shown(raw, ind.unit, ind.decimals()).unwrap_or(raw),
                decimals: ind.decimals(),
                period_note: None,
                qualifier: None,
                note: None,
            };
            for t in targets::applicable(ind, year) {
                let a = targets::attain(ind, t, &point);
                if a.status != Status::Met {
                    diags.push(
                        Diagnostic::warning(
                            "lint.goal-done-target-missed",
                            format!(
                                "the goal \"{}\" for {year} is Klart, but {} misses its target {} in {year}",
                                name(g),
                                ind.name,
                                a.target_text(ind, &Default::default())
                            ),
                        )
                        .at(Location::line(g.file.clone(), g.line))
                        .note("check the status (Delvis?) or say in the uppföljning why the goal counts as reached"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(goals_yaml: &str, values: &[(i32, f64)]) -> Model {
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(
            "indicators:\n  - {id: p.smarta, name: Smärtskattning, unit: procent, targets: [{value: 100, level: national}]}\n",
        )
        .unwrap();
        let catalogue = crate::model::catalogue::merge(f.indicators, Vec::new());
        let mut d = Vec::new();
        let goals = crate::data::goals::read("data/mal.yaml", goals_yaml, &catalogue, &mut d);
        let observations = values
            .iter()
            .map(|(y, v)| crate::compute::testing::observation("p.smarta", *y, Some(*v)))
            .collect();
        Model::build(
            catalogue,
            crate::model::collected::Collected {
                goals,
                observations,
                ..Default::default()
            },
        )
    }

    #[test]
    fn report_years_goals_need_status_and_follow_up() {
        let m = model(
            "mål:\n  - {år: 2024, område: Säker, mål: A, status: Klart, uppföljning: Klart.}\n  - {år: 2024, område: Säker, mål: B, status: Delvis}\n  - {år: 2024, område: Säker, mål: C}\n  - {år: 2023, område: Säker, mål: D}\n",
            &[],
        );
        let mut d = Vec::new();
        follow_up(&m, 2024, false, &mut d);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "the goal \"B\" for 2024 (Säker) has no uppföljning",
                "the goal \"C\" for 2024 (Säker) has no status and no uppföljning"
            ]
        );
        assert_eq!(d[0].location.as_ref().and_then(|l| l.line), Some(3));
    }

    #[test]
    fn klart_with_missed_target_is_reported() {
        let g = "mål:\n  - {år: 2024, område: Säker, mål: Smärta, status: Klart, uppföljning: x, indikatorer: [p.smarta]}\n";
        let mut d = Vec::new();
        done_but_target_missed(&model(g, &[(2024, 58.0)]), 2024, &mut d);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("misses its target 100"), "{}", d[0].message);
        let mut d = Vec::new();
        done_but_target_missed(&model(g, &[(2024, 100.0)]), 2024, &mut d);
        assert!(d.is_empty());
    }
}
