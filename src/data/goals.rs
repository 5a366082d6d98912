//! Mål och aktiviteter (`data/mal.yaml`): the nämnd's goals per national quality area (or a
//! free area), each with year, activity, ansvarig, status and a follow-up text. The goals
//! set for year Y+1 in the report for Y are followed up in the report for Y+1.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::goals::{Goal, GoalStatus, NationalArea};

use crate::data::cells;
use crate::format::fold;
use crate::formats::yamlloc::{Locator, Step, key_text};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::YEAR_RANGE;

pub const FILE: &str = "data/mal.yaml";

/// Keys of a goal: canonical name and accepted spellings (compared folded).
const KEYS: &[(&str, &[&str])] = &[
    ("år", &["year"]),
    ("område", &["kvalitetsområde", "area"]),
    ("mål", &["goal"]),
    ("aktivitet", &["aktiviteter", "activity"]),
    ("ansvarig", &["ansvar", "responsible"]),
    ("status", &[]),
    ("uppföljning", &["follow_up", "followup"]),
    ("indikatorer", &["indikator", "indicators", "indicator"]),
];

const TOP_KEYS: &[&str] = &["mål", "mal", "goals"];

fn canonical(key: &str) -> Option<&'static str> {
    let f = fold(key);
    KEYS.iter()
        .find(|(name, aliases)| fold(name) == f || aliases.iter().any(|a| fold(a) == f))
        .map(|(name, _)| *name)
}

/// Source loader.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let Some(bytes) = super::read_bytes(project, FILE, diags) else {
        if project.root().join(FILE).is_file() {
            collected.files.push(FILE.to_string());
        }
        return;
    };
    collected.files.push(FILE.to_string());
    let text = crate::project::decode::decode(&bytes).text;
    collected.goals.extend(read(FILE, &text, catalogue, diags));
}

/// Read and validate the goals file's text.
pub fn read(file: &str, text: &str, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) -> Vec<Goal> {
    let root: serde_yaml::Value = match crate::formats::yaml::parse(file, text) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let loc = Locator { file, text };
    // The list of goals, and the path to it (`mål:` or the document itself).
    let (items, top): (&serde_yaml::Sequence, Option<String>) = match &root {
        serde_yaml::Value::Null => return Vec::new(),
        serde_yaml::Value::Sequence(s) => (s, None),
        serde_yaml::Value::Mapping(m) => {
            let mut found = None;
            for (k, v) in m {
                let key = key_text(k).unwrap_or_default();
                if TOP_KEYS.iter().any(|t| fold(t) == fold(&key)) {
                    match v {
                        serde_yaml::Value::Sequence(s) => found = Some((s, Some(key))),
                        serde_yaml::Value::Null => {}
                        _ => diags.push(
                            Diagnostic::error("goal.not-a-list", "mål must be a list of goals")
                                .at(loc.value(&[Step::Key(&key)]))
                                .note("expected items starting with `- år: 2025`"),
                        ),
                    }
                } else {
                    let mut d = Diagnostic::error("goal.unknown-key", format!("unknown key \"{key}\""))
                        .at(loc.key(&[Step::Key(&key)]))
                        .note("expected `mål:` with a list of goals");
                    if let Some(s) = did_you_mean(&key, TOP_KEYS.iter().copied()) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                }
            }
            match found {
                Some(f) => f,
                None => return Vec::new(),
            }
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    "goal.not-a-list",
                    format!("{file} must hold `mål:` with a list of goals"),
                )
                .at(Location::file(file)),
            );
            return Vec::new();
        }
    };
    let path = |i: usize| -> Vec<Step<'_>> {
        let mut p = Vec::new();
        if let Some(t) = &top {
            p.push(Step::Key(t.as_str()));
        }
        p.push(Step::Index(i));
        p
    };
    let mut goals = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let base = path(i);
        let item_at = loc.value(&base);
        let serde_yaml::Value::Mapping(m) = item else {
            diags.push(
                Diagnostic::error(
                    "goal.not-a-mapping",
                    "a goal must be a mapping of keys and values",
                )
                .at(item_at)
                .note("expected e.g. `- år: 2025` followed by `område:`, `aktivitet:` ..."),
            );
            continue;
        };
        let mut fields: BTreeMap<&'static str, (String, &serde_yaml::Value)> = BTreeMap::new();
        let mut ok = true;
        for (k, v) in m {
            let key = key_text(k).unwrap_or_default();
            match canonical(&key) {
                Some(name) => {
                    if let Some((first, _)) = fields.get(name) {
                        ok = false;
                        diags.push(
                            Diagnostic::error(
                                "goal.duplicate-key",
                                format!("\"{key}\" and \"{first}\" are the same key ({name})"),
                            )
                            .at(loc.key(&with_key(&base, &key))),
                        );
                    } else {
                        fields.insert(name, (key, v));
                    }
                }
                None => {
                    ok = false;
                    let mut d = Diagnostic::error("goal.unknown-key", format!("unknown key \"{key}\""))
                        .at(loc.key(&with_key(&base, &key)))
                        .note(format!(
                            "expected keys: {}",
                            KEYS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        ));
                    if let Some(s) = did_you_mean(&key, KEYS.iter().map(|(n, _)| *n)) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                }
            }
        }
        // Text of a scalar field; numbers and booleans as written.
        let mut text_of = |name: &'static str, diags: &mut Vec<Diagnostic>| -> Option<String> {
            let (key, v) = fields.get(name)?;
            match v {
                serde_yaml::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                serde_yaml::Value::Bool(b) => Some(b.to_string()),
                serde_yaml::Value::Null => None,
                _ => {
                    ok = false;
                    diags.push(
                        Diagnostic::error("goal.not-text", format!("{name} must be text"))
                            .at(loc.value(&with_key(&base, key)))
                            .note("write several paragraphs with `|` and blank lines between them"),
                    );
                    None
                }
            }
        };
        let year_text = text_of("år", diags);
        let area_text = text_of("område", diags);
        let goal = text_of("mål", diags);
        let activity = text_of("aktivitet", diags);
        let responsible = text_of("ansvarig", diags);
        let status_text = text_of("status", diags);
        let follow_up = text_of("uppföljning", diags);
        let value_at = |name: &str| {
            fields
                .get(name)
                .map(|(key, _)| loc.value(&with_key(&base, key)))
                .unwrap_or_else(|| item_at.clone())
        };
        let year = match &year_text {
            None => {
                ok = false;
                diags.push(
                    Diagnostic::error("goal.missing-key", "the goal has no år")
                        .at(item_at.clone())
                        .note("expected the year the goal is set for, e.g. `år: 2025`"),
                );
                None
            }
            Some(t) => match t.parse::<i32>() {
                Ok(y) if YEAR_RANGE.contains(&y) => Some(y),
                _ => {
                    ok = false;
                    diags.push(
                        Diagnostic::error("goal.bad-year", format!("invalid year \"{t}\""))
                            .at(value_at("år"))
                            .note("expected a year such as 2025"),
                    );
                    None
                }
            },
        };
        let area = match &area_text {
            None => {
                ok = false;
                diags.push(
                    Diagnostic::error("goal.missing-key", "the goal has no område")
                        .at(item_at.clone())
                        .note(area_note()),
                );
                None
            }
            Some(t) => match NationalArea::parse(t) {
                Some(a) => Some((a.label().to_string(), Some(a))),
                None => match did_you_mean(t, NationalArea::ALL.map(NationalArea::label)) {
                    // Close to a national area but not one: a typo, not a free area.
                    Some(s) => {
                        ok = false;
                        diags.push(
                            Diagnostic::error("goal.bad-area", format!("unknown quality area \"{t}\""))
                                .at(value_at("område"))
                                .note(format!("did you mean \"{s}\"?"))
                                .note(area_note()),
                        );
                        None
                    }
                    None => Some((t.clone(), None)),
                },
            },
        };
        let status = match &status_text {
            None => None,
            Some(t) => match GoalStatus::parse(t) {
                Some(s) => Some(s),
                None => {
                    ok = false;
                    let mut d = Diagnostic::error("goal.bad-status", format!("unknown status \"{t}\""))
                        .at(value_at("status"))
                        .note(format!(
                            "expected one of: {}",
                            GoalStatus::ALL.map(GoalStatus::label).join(", ")
                        ));
                    if let Some(s) = did_you_mean(t, GoalStatus::ALL.map(GoalStatus::label)) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                    None
                }
            },
        };
        if goal.is_none() && activity.is_none() {
            ok = false;
            diags.push(
                Diagnostic::error("goal.missing-key", "the goal has neither mål nor aktivitet")
                    .at(item_at.clone())
                    .note("write what is to be achieved (mål), what is to be done (aktivitet), or both"),
            );
        }
        let mut indicators = Vec::new();
        if let Some((key, v)) = fields.get("indikatorer") {
            let list: Vec<(Option<&str>, Vec<Step<'_>>)> = match v {
                serde_yaml::Value::String(s) => vec![(Some(s.as_str()), with_key(&base, key))],
                serde_yaml::Value::Sequence(items) => items
                    .iter()
                    .enumerate()
                    .map(|(j, x)| {
                        let mut p = with_key(&base, key);
                        p.push(Step::Index(j));
                        (x.as_str(), p)
                    })
                    .collect(),
                serde_yaml::Value::Null => Vec::new(),
                _ => vec![(None, with_key(&base, key))],
            };
            for (id, p) in list {
                match id {
                    Some(id) => {
                        if cells::indicator(catalogue, id, loc.value(&p), diags).is_some() {
                            indicators.push(id.to_string());
                        } else {
                            ok = false;
                        }
                    }
                    None => {
                        ok = false;
                        diags.push(
                            Diagnostic::error("goal.bad-indicator", "indikatorer must be indicator ids")
                                .at(loc.value(&p))
                                .note("expected e.g. `indikatorer: [palliativ.smartskattning]`"),
                        );
                    }
                }
            }
        }
        if let (true, Some(year), Some((area, national_area))) = (ok, year, area) {
            goals.push(Goal {
                year,
                area,
                national_area,
                goal,
                activity,
                responsible,
                status,
                follow_up,
                indicators,
                file: file.to_string(),
                line: item_at.line.unwrap_or(0),
            });
        }
    }
    check_goals(file, &goals, diags);
    goals
}

fn with_key<'a>(base: &[Step<'a>], key: &'a str) -> Vec<Step<'a>> {
    let mut p = base.to_vec();
    p.push(Step::Key(key));
    p
}

fn area_note() -> String {
    format!(
        "expected a national quality area ({}) or a free area of your own",
        NationalArea::ALL.map(NationalArea::label).join(", ")
    )
}

/// Duplicates, and goals of earlier years that have not been followed up.
fn check_goals(file: &str, goals: &[Goal], diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(i32, String, String), usize> = BTreeMap::new();
    for g in goals {
        let what = g.goal.as_deref().or(g.activity.as_deref()).unwrap_or_default();
        let key = (g.year, fold(&g.area), fold(what));
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "goal.duplicate",
                    format!(
                        "the goal \"{}\" for {} in {} is given twice",
                        shorten(what),
                        g.year,
                        g.area
                    ),
                )
                .at(Location::line(file, g.line))
                .note(format!("first given on line {first}")),
            );
        } else {
            seen.insert(key, g.line);
        }
    }
    let Some(latest) = goals.iter().map(|g| g.year).max() else {
        return;
    };
    for g in goals.iter().filter(|g| g.year < latest && g.status.is_none()) {
        diags.push(
            Diagnostic::warning(
                "goal.no-status",
                format!(
                    "the goal \"{}\" for {} has no status",
                    shorten(g.goal.as_deref().or(g.activity.as_deref()).unwrap_or_default()),
                    g.year
                ),
            )
            .at(Location::line(file, g.line))
            .note(format!(
                "goals for {} are followed up in the report for {}: add `status:` ({}) and `uppföljning:`",
                g.year,
                g.year,
                GoalStatus::ALL.map(GoalStatus::label).join(", ")
            )),
        );
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let f: crate::model::catalogue::CatalogueFile =
            serde_yaml::from_str("indicators:\n  - {id: p.smarta, name: Smärta, unit: procent}\n").unwrap();
        crate::model::catalogue::merge(f.indicators, Vec::new())
    }

    const GOOD: &str = "\
mål:
  - år: 2024
    område: säker
    mål: Minst 60 procent smärtskattade.
    aktivitet: Utbildning i smärtskattning.
    ansvarig: MAS
    status: DELVIS
    uppföljning: |
      Andelen ökade men målet nåddes inte.

      Arbetet fortsätter 2025.
    indikatorer: [p.smarta]
  - år: 2024
    område: Samverkan
    aktivitet: Gemensamma rutiner med regionen.
    status: klar
  - ar: 2025
    omrade: Kunskapsbaserad
    activity: Införa Senior alert i hemsjukvården.
";

    #[test]
    fn goals_are_read_with_areas_statuses_and_paragraphs() {
        let mut d = Vec::new();
        let g = read("m.yaml", GOOD, &catalogue(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].national_area, Some(NationalArea::Saker));
        assert_eq!(g[0].area, "Säker");
        assert_eq!(g[0].status, Some(GoalStatus::Delvis));
        assert_eq!(
            g[0].follow_up.as_deref(),
            Some("Andelen ökade men målet nåddes inte.\n\nArbetet fortsätter 2025.")
        );
        assert_eq!(g[0].indicators, ["p.smarta"]);
        assert_eq!((g[1].area.as_str(), g[1].national_area), ("Samverkan", None));
        assert_eq!(g[1].status, Some(GoalStatus::Klart));
        assert_eq!((g[2].year, g[2].line), (2025, 17));
        let order: Vec<_> = crate::model::goals::sorted(&g)
            .iter()
            .map(|g| g.area.as_str())
            .collect();
        assert_eq!(order, ["Kunskapsbaserad", "Säker", "Samverkan"]);
    }

    #[test]
    fn every_problem_is_located_with_suggestions() {
        let text = "\
mål:
  - år: 2024
    område: Säkr
    aktivitet: A
    status: Pågånde
    ansvarg: MAS
    indikatorer: [p.smata]
  - år: tjugo
    område: Jämlik
  - område: Effektiv
    mål: B
  - år: 2025
    område: Tillgänglig
    mål: C
  - år: 2025
    område: tillgänglig
    mål: C
";
        let mut d = Vec::new();
        let g = read("m.yaml", text, &catalogue(), &mut d);
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.location.as_deref().unwrap().to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("goal.unknown-key", "m.yaml:6:5".to_string()),
                ("goal.bad-area", "m.yaml:3:13".to_string()),
                ("goal.bad-status", "m.yaml:5:13".to_string()),
                ("data.unknown-indicator", "m.yaml:7:19".to_string()),
                ("goal.bad-year", "m.yaml:8:9".to_string()),
                ("goal.missing-key", "m.yaml:8:5".to_string()),
                ("goal.missing-key", "m.yaml:10:5".to_string()),
                ("goal.duplicate", "m.yaml:15".to_string()),
            ]
        );
        let notes = |i: usize| d[i].notes.join(" | ");
        assert!(notes(0).contains("did you mean \"ansvarig\""), "{}", notes(0));
        assert!(notes(1).contains("did you mean \"Säker\""), "{}", notes(1));
        assert!(notes(2).contains("did you mean \"Pågående\""), "{}", notes(2));
        assert!(notes(3).contains("did you mean \"p.smarta\""), "{}", notes(3));
        assert!(d[5].message.contains("neither mål nor aktivitet"));
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn earlier_goals_without_status_warn() {
        let mut d = Vec::new();
        read(
            "m.yaml",
            "- {år: 2024, område: Säker, mål: A}\n- {år: 2025, område: Säker, mål: B}\n",
            &catalogue(),
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "goal.no-status");
        assert!(!d[0].is_error());
        assert_eq!(d[0].location.as_deref().unwrap().to_string(), "m.yaml:1");
    }

    #[test]
    fn syntax_errors_and_wrong_shapes() {
        let mut d = Vec::new();
        read(
            "m.yaml",
            "mål:\n  - år: 2024\n   område: x\n",
            &catalogue(),
            &mut d,
        );
        assert_eq!(d[0].code, "yaml.invalid");
        assert_eq!(d[0].location.as_deref().unwrap().line, Some(3));
        let mut d = Vec::new();
        read("m.yaml", "mal: []\nmåll: x\n", &catalogue(), &mut d);
        assert_eq!(d[0].code, "goal.unknown-key");
        assert!(d[0].notes.iter().any(|n| n.contains("did you mean \"mål\"")));
    }
}
