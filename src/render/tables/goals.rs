//! Goals tables (`kind: goals` in the outline): the goals of data/mal.yaml set for the report
//! year, with ansvarig, status and uppföljning, or the goals set for the coming year; grouped
//! by quality area (Socialstyrelsen's six areas in their order, then free areas in file order).
//!
//! Typst draws the table from [`GoalsBlock`] in data.json (`goals.typ`); cell texts are plain
//! paragraphs there. The Markdown rendition is a pipe table with escaped cells whose paragraphs
//! are joined by `<br><br>`.

use serde::Serialize;

use crate::compute::targets;
use crate::model::Model;
use crate::model::goals::Goal;
use crate::model::outline::GoalYear;
use crate::render::markdown::cells;
use crate::render::markdown::escape::escape_markdown;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GoalsBlock {
    pub id: String,
    pub number: usize,
    pub caption: String,
    /// The year the goals are set for; `{år}` (or `{year}`) in the caption becomes it.
    pub year: i32,
    /// With status and uppföljning columns (the report year's goals).
    pub follow_up: bool,
    /// Heading of the group column in the Markdown table ("Område"; "Egenkontroll").
    pub group_header: String,
    pub header: Vec<String>,
    pub groups: Vec<GoalGroup>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GoalGroup {
    pub area: String,
    pub rows: Vec<GoalRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GoalRow {
    pub goal: Option<String>,
    pub activity: Option<String>,
    pub responsible: Option<String>,
    pub status: Option<String>,
    /// The uppföljning as plain paragraphs.
    pub follow_up: Vec<String>,
    /// Further paragraphs of the "Mål och aktivitet" cell: the goal period and target path
    /// ("Period: 2025–2027", "Målvärde: 86 % 2025, 90 % 2027").
    pub extra: Vec<String>,
}

/// Column headings.
pub const AREA: &str = "Område";
pub const WHAT: &str = "Mål och aktivitet";
pub const RESPONSIBLE: &str = "Ansvarig";
pub const STATUS: &str = "Status";
pub const FOLLOW_UP: &str = "Uppföljning";

/// The year a goals table shows for a report year.
pub fn goal_year(which: GoalYear, report_year: i32) -> i32 {
    match which {
        GoalYear::Report => report_year,
        GoalYear::Next => report_year + 1,
    }
}

/// The goals of `which` year, grouped by area in report order. `None` when there are none.
pub fn build(
    model: &Model,
    report_year: i32,
    which: GoalYear,
    id: &str,
    caption: &str,
) -> Option<GoalsBlock> {
    let year = goal_year(which, report_year);
    let goals = model.goals_of(year);
    if goals.is_empty() {
        return None;
    }
    let follow_up = which == GoalYear::Report;
    let mut header = vec![WHAT.to_string(), RESPONSIBLE.to_string()];
    if follow_up {
        header.extend([STATUS.to_string(), FOLLOW_UP.to_string()]);
    }
    Some(GoalsBlock {
        group_header: AREA.to_string(),
        id: id.to_string(),
        number: 0,
        caption: caption
            .replace("{år}", &year.to_string())
            .replace("{year}", &year.to_string()),
        year,
        follow_up,
        header,
        groups: group(model, follow_up.then_some(year), &goals),
    })
}

/// The period and target path of a goal, and (when `followed_up` in that year) the sentence
/// that says how far the target is reached.
fn target_texts(model: &Model, g: &Goal, followed_up: Option<i32>) -> (Vec<String>, Option<String>) {
    let style = crate::format::NumberStyle::default();
    let mut extra = Vec::new();
    if g.until > g.year {
        extra.push(format!("Period: {}–{}", g.year, g.until));
    }
    let Some(t) = &g.target else {
        return (extra, None);
    };
    let Some(ind) = model.indicator(&t.indicator) else {
        return (extra, None);
    };
    extra.push(format!("Målvärde: {}", targets::goal_target_path(ind, t, &style)));
    let sentence = followed_up.and_then(|year| {
        let value = model.observation(&t.indicator, year)?.value?;
        Some(targets::goal_target_sentence(
            ind,
            t,
            year,
            value,
            !ind.persons,
            &style,
        ))
    });
    (extra, sentence)
}

/// Consecutive goals of the same area (they come sorted) form one group.
fn group(model: &Model, followed_up: Option<i32>, goals: &[&Goal]) -> Vec<GoalGroup> {
    let mut groups: Vec<GoalGroup> = Vec::new();
    for g in goals {
        let (extra, sentence) = target_texts(model, g, followed_up);
        let mut follow_up: Vec<String> = sentence.into_iter().collect();
        follow_up.extend(g.follow_up.as_deref().map(cells::paragraphs).unwrap_or_default());
        let row = GoalRow {
            goal: g.goal.clone(),
            activity: g.activity.clone(),
            responsible: g.responsible.clone(),
            status: g.status_text(),
            follow_up,
            extra,
        };
        match groups.last_mut() {
            Some(last) if last.area == g.area => last.rows.push(row),
            _ => groups.push(GoalGroup {
                area: g.area.clone(),
                rows: vec![row],
            }),
        }
    }
    groups
}

/// The "Mål och aktivitet" cell as paragraphs: labelled when the goal has both.
pub fn what_paragraphs(row: &GoalRow) -> Vec<String> {
    let mut out = match (&row.goal, &row.activity) {
        (Some(g), Some(a)) => vec![format!("Mål: {g}"), format!("Aktivitet: {a}")],
        (Some(x), None) | (None, Some(x)) => vec![x.clone()],
        (None, None) => Vec::new(),
    };
    out.extend(row.extra.iter().cloned());
    out
}

/// The table as a Markdown pipe table (without caption): the area on the first row of its
/// group, every cell escaped.
pub fn markdown(b: &GoalsBlock) -> String {
    let mut header = vec![b.group_header.clone()];
    header.extend(b.header.iter().cloned());
    let mut out = String::from("|");
    for h in &header {
        out.push_str(&format!(" {} |", escape_markdown(h)));
    }
    out.push_str("\n|");
    out.push_str(&"---|".repeat(header.len()));
    out.push('\n');
    let dash = "–".to_string();
    for g in &b.groups {
        for (i, r) in g.rows.iter().enumerate() {
            let area = if i == 0 {
                escape_markdown(&g.area)
            } else {
                String::new()
            };
            let mut cols = vec![
                area,
                cells::markdown_cell(&what_paragraphs(r)),
                cells::markdown_cell(&[r.responsible.clone().unwrap_or_else(|| dash.clone())]),
            ];
            if b.follow_up {
                cols.push(cells::markdown_cell(&[r
                    .status
                    .clone()
                    .unwrap_or_else(|| dash.clone())]));
                cols.push(if r.follow_up.is_empty() {
                    dash.clone()
                } else {
                    cells::markdown_cell(&r.follow_up)
                });
            }
            out.push('|');
            for c in cols {
                if c.is_empty() {
                    out.push_str(" |");
                } else {
                    out.push_str(&format!(" {c} |"));
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::collected::Collected;

    fn model(yaml: &str) -> Model {
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str("indicators: []").unwrap();
        let catalogue = crate::model::catalogue::merge(f.indicators, Vec::new());
        let mut diags = Vec::new();
        let goals = crate::data::goals::read("data/mal.yaml", yaml, &catalogue, &mut diags);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        Model::build(
            catalogue,
            Collected {
                goals,
                ..Collected::default()
            },
        )
    }

    const GOALS: &str = "\
mål:
  - {år: 2024, område: Samverkan, aktivitet: SIP-rutin, status: Löpande}
  - år: 2024
    område: Säker
    mål: Färre fall.
    aktivitet: Fallronder.
    ansvarig: MAS
    status: delvis
    uppföljning: |
      Fallen minskade | något.

      Arbetet fortsätter.
  - {år: 2024, område: Kunskapsbaserad, mål: BPSD, status: Klart}
  - {år: 2024, område: Säker, aktivitet: Läkemedelsautomater, status: Klart}
  - {år: 2025, område: Jämlik, aktivitet: Analys per kön, ansvarig: Kvalitetsstrateg}
";

    #[test]
    fn grouped_by_national_area_then_free_areas() {
        let m = model(GOALS);
        let b = build(&m, 2024, GoalYear::Report, "mal", "Uppföljning").unwrap();
        let areas: Vec<_> = b.groups.iter().map(|g| (g.area.as_str(), g.rows.len())).collect();
        assert_eq!(areas, [("Kunskapsbaserad", 1), ("Säker", 2), ("Samverkan", 1)]);
        assert!(b.follow_up);
        assert_eq!(b.header, [WHAT, RESPONSIBLE, STATUS, FOLLOW_UP]);
        let fall = &b.groups[1].rows[0];
        assert_eq!(fall.status.as_deref(), Some("Delvis"));
        assert_eq!(
            fall.follow_up,
            ["Fallen minskade | något.", "Arbetet fortsätter."]
        );
        assert_eq!(
            what_paragraphs(fall),
            ["Mål: Färre fall.", "Aktivitet: Fallronder."]
        );
        // In file order within the area.
        assert_eq!(
            b.groups[1].rows[1].activity.as_deref(),
            Some("Läkemedelsautomater")
        );
    }

    #[test]
    fn next_years_goals_have_no_follow_up_columns() {
        let m = model(GOALS);
        let b = build(&m, 2024, GoalYear::Next, "mal-2025", "Mål 2025").unwrap();
        assert_eq!(b.year, 2025);
        assert!(!b.follow_up);
        assert_eq!(b.header, [WHAT, RESPONSIBLE]);
        assert_eq!(b.groups.len(), 1);
        assert!(build(&m, 2025, GoalYear::Next, "x", "x").is_none());
    }

    #[test]
    fn markdown_keeps_one_row_per_goal_with_escaped_paragraphs() {
        let m = model(GOALS);
        let b = build(&m, 2024, GoalYear::Report, "mal", "Uppföljning").unwrap();
        let md = markdown(&b);
        let lines: Vec<_> = md.lines().collect();
        assert_eq!(lines.len(), 2 + 4, "{md}");
        assert_eq!(
            lines[0],
            "| Område | Mål och aktivitet | Ansvarig | Status | Uppföljning |"
        );
        assert_eq!(
            lines[3],
            "| Säker | Mål: Färre fall.<br><br>Aktivitet: Fallronder. | MAS | Delvis | Fallen minskade \\| något.<br><br>Arbetet fortsätter. |"
        );
        assert_eq!(lines[4], "| | Läkemedelsautomater | – | Klart | – |");
    }
}
