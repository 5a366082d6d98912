//! Mål och aktiviteter (`data/mal.yaml`): the nämnd's goals per national quality area (or a
//! free area), each with year, activity, ansvarig, status and a follow-up text. The goals
//! set for year Y+1 in the report for Y are followed up in the report for Y+1.

use std::collections::BTreeMap;

use crate::config::goals::GoalSettings;
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::goals::{Goal, GoalStatus, GoalTarget, NationalArea};

use crate::data::cells;
use crate::format::fold;
use crate::formats::yamlloc::{Locator, Step, key_text};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::YEAR_RANGE;

pub const FILE: &str = "data/mal.yaml";

/// Keys of a goal: canonical name and accepted spellings (compared folded).
const KEYS: &[(&str, &[&str])] = &[
    ("år", &["year", "period"]),
    ("område", &["kvalitetsområde", "area"]),
    ("mål", &["goal"]),
    ("aktivitet", &["aktiviteter", "activity"]),
    ("ansvarig", &["ansvar", "responsible"]),
    ("status", &[]),
    ("uppföljning", &["follow_up", "followup"]),
    ("indikatorer", &["indikator", "indicators", "indicator"]),
    ("målvärde", &["malvarde", "target"]),
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
    // The goals file is typed by people: UTF-8, never a guessed encoding.
    match crate::project::decode::decode_typed(FILE, &bytes) {
        Ok(text) => {
            let settings = inputs.goals.cloned().unwrap_or_default();
            check_settings(&settings, diags);
            collected
                .goals
                .extend(read_with(FILE, &text, catalogue, &settings, diags));
        }
        Err(d) => diags.push(d),
    }
}

/// Read and validate the goals file's text.
pub fn read(file: &str, text: &str, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) -> Vec<Goal> {
    read_with(file, text, catalogue, &GoalSettings::default(), diags)
}

/// Statuses of the project's own must each count as one of the fixed statuses.
fn check_settings(settings: &GoalSettings, diags: &mut Vec<Diagnostic>) {
    for (label, fixed) in &settings.statuses {
        if GoalStatus::parse(fixed).is_none() {
            diags.push(
                Diagnostic::error(
                    "config.goal-status",
                    format!("goals.statuses: \"{label}\" counts as \"{fixed}\", which is not a status"),
                )
                .at(Location::file(crate::config::FILE_NAME))
                .note(format!(
                    "expected one of: {}",
                    GoalStatus::ALL.map(GoalStatus::label).join(", ")
                )),
            );
        }
    }
}

/// [`read`] with the project's own statuses.
pub fn read_with(
    file: &str,
    text: &str,
    catalogue: &Catalogue,
    settings: &GoalSettings,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Goal> {
    let root: serde_yaml::Value = match crate::formats::yaml::parse(file, text) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let loc = Locator { file, text };
    let Some((items, top)) = goal_list(&loc, &root, diags) else {
        return Vec::new();
    };
    let mut goals = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut base = Vec::new();
        if let Some(t) = &top {
            base.push(Step::Key(t.as_str()));
        }
        base.push(Step::Index(i));
        goals.extend(read_goal(&loc, &base, item, catalogue, settings, diags));
    }
    check_goals(file, &goals, diags);
    goals
}

/// The list of goals, and the key it is under (`mål:`, or none when the document is the
/// list); `None` when there is none.
fn goal_list<'v>(
    loc: &Locator,
    root: &'v serde_yaml::Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<(&'v serde_yaml::Sequence, Option<String>)> {
    let m = match root {
        serde_yaml::Value::Null => return None,
        serde_yaml::Value::Sequence(s) => return Some((s, None)),
        serde_yaml::Value::Mapping(m) => m,
        _ => {
            diags.push(
                Diagnostic::error(
                    "goal.not-a-list",
                    format!("{} must hold `mål:` with a list of goals", loc.file),
                )
                .at(Location::file(loc.file)),
            );
            return None;
        }
    };
    let mut found = None;
    for (k, v) in m {
        let key = key_text(k).unwrap_or_default();
        if !TOP_KEYS.iter().any(|t| fold(t) == fold(&key)) {
            let mut d = Diagnostic::error("goal.unknown-key", format!("unknown key \"{key}\""))
                .at(loc.key(&[Step::Key(&key)]))
                .note("expected `mål:` with a list of goals");
            if let Some(s) = did_you_mean(&key, TOP_KEYS.iter().copied()) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
            continue;
        }
        match v {
            serde_yaml::Value::Sequence(s) => found = Some((s, Some(key))),
            serde_yaml::Value::Null => {}
            _ => diags.push(
                Diagnostic::error("goal.not-a-list", "mål must be a list of goals")
                    .at(loc.value(&[Step::Key(&key)]))
                    .note("expected items starting with `- år: 2025`"),
            ),
        }
    }
    found
}

/// The keys of one goal, by canonical name: the key as written and its value.
type Fields<'v> = BTreeMap<&'static str, (String, &'v serde_yaml::Value)>;

/// One goal at `base`; `None` when it is invalid (every problem is reported).
fn read_goal(
    loc: &Locator,
    base: &[Step<'_>],
    item: &serde_yaml::Value,
    catalogue: &Catalogue,
    settings: &GoalSettings,
    diags: &mut Vec<Diagnostic>,
) -> Option<Goal> {
    let item_at = loc.value(base);
    let serde_yaml::Value::Mapping(m) = item else {
        diags.push(
            Diagnostic::error(
                "goal.not-a-mapping",
                "a goal must be a mapping of keys and values",
            )
            .at(item_at)
            .note("expected e.g. `- år: 2025` followed by `område:`, `aktivitet:` ..."),
        );
        return None;
    };
    let (fields, mut ok) = goal_fields(loc, base, m, diags);
    let goal = Texts {
        loc,
        base,
        fields: &fields,
        item_at: &item_at,
    };
    let mut text_of = |name: &'static str| goal.text(name, &mut ok, diags);
    let year_text = text_of("år");
    let area_text = text_of("område");
    let goal_text = text_of("mål");
    let activity = text_of("aktivitet");
    let responsible = text_of("ansvarig");
    let status_text = text_of("status");
    let follow_up = text_of("uppföljning");
    let year = goal.year(year_text.as_deref(), &mut ok, diags);
    let area = goal.area(area_text.as_deref(), &mut ok, diags);
    let status = goal.status(status_text.as_deref(), settings, &mut ok, diags);
    if goal_text.is_none() && activity.is_none() {
        ok = false;
        diags.push(
            Diagnostic::error("goal.missing-key", "the goal has neither mål nor aktivitet")
                .at(item_at.clone())
                .note("write what is to be achieved (mål), what is to be done (aktivitet), or both"),
        );
    }
    let indicators = goal.indicators(catalogue, &mut ok, diags);
    let target = goal.target(&indicators, catalogue, &mut ok, diags);
    let (true, Some((year, until)), Some((area, national_area))) = (ok, year, area) else {
        return None;
    };
    let (status, status_label) = status.unzip();
    Some(Goal {
        year,
        area,
        national_area,
        goal: goal_text,
        activity,
        responsible,
        status,
        status_label: status_label.flatten(),
        until,
        target,
        follow_up,
        indicators,
        file: loc.file.to_string(),
        line: item_at.line.unwrap_or(0),
    })
}

/// The goal's keys by canonical name; unknown and repeated keys are errors (the flag says
/// whether there were none).
fn goal_fields<'v>(
    loc: &Locator,
    base: &[Step<'_>],
    m: &'v serde_yaml::Mapping,
    diags: &mut Vec<Diagnostic>,
) -> (Fields<'v>, bool) {
    let mut fields = Fields::new();
    let mut ok = true;
    for (k, v) in m {
        let key = key_text(k).unwrap_or_default();
        let Some(name) = canonical(&key) else {
            ok = false;
            let mut d = Diagnostic::error("goal.unknown-key", format!("unknown key \"{key}\""))
                .at(loc.key(&with_key(base, &key)))
                .note(format!(
                    "expected keys: {}",
                    KEYS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ));
            if let Some(s) = did_you_mean(&key, KEYS.iter().map(|(n, _)| *n)) {
                d = d.note(format!("did you mean \"{s}\"?"));
            }
            diags.push(d);
            continue;
        };
        if let Some((first, _)) = fields.get(name) {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "goal.duplicate-key",
                    format!("\"{key}\" and \"{first}\" are the same key ({name})"),
                )
                .at(loc.key(&with_key(base, &key))),
            );
        } else {
            fields.insert(name, (key, v));
        }
    }
    (fields, ok)
}

/// The fields of one goal, read as text and checked one by one. Each check clears `ok` when
/// it reports a problem.
struct Texts<'a, 'v> {
    loc: &'a Locator<'a>,
    base: &'a [Step<'a>],
    fields: &'a Fields<'v>,
    item_at: &'a Location,
}

impl Texts<'_, '_> {
    /// Text of a scalar field; numbers and booleans as written.
    fn text(&self, name: &'static str, ok: &mut bool, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let (key, v) = self.fields.get(name)?;
        match v {
            serde_yaml::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            serde_yaml::Value::Null => None,
            _ => {
                *ok = false;
                diags.push(
                    Diagnostic::error("goal.not-text", format!("{name} must be text"))
                        .at(self.loc.value(&with_key(self.base, key)))
                        .note("write several paragraphs with `|` and blank lines between them"),
                );
                None
            }
        }
    }

    /// Where a field's value is (the goal, when it has no such field).
    fn value_at(&self, name: &str) -> Location {
        self.fields
            .get(name)
            .map(|(key, _)| self.loc.value(&with_key(self.base, key)))
            .unwrap_or_else(|| self.item_at.clone())
    }

    /// A year (`2025`) or a goal period (`2025–2027`): its first and last year.
    fn year(&self, text: Option<&str>, ok: &mut bool, diags: &mut Vec<Diagnostic>) -> Option<(i32, i32)> {
        let Some(t) = text else {
            *ok = false;
            diags.push(
                Diagnostic::error("goal.missing-key", "the goal has no år")
                    .at(self.item_at.clone())
                    .note("expected the year the goal is set for, e.g. `år: 2025`, or its period, e.g. `år: 2025–2027`"),
            );
            return None;
        };
        let year = |s: &str| s.trim().parse::<i32>().ok().filter(|y| YEAR_RANGE.contains(y));
        let parsed = match t.split_once(['–', '-', '—']) {
            Some((a, b)) => year(a).zip(year(b)).filter(|(a, b)| a <= b),
            None => year(t).map(|y| (y, y)),
        };
        if parsed.is_none() {
            *ok = false;
            diags.push(
                Diagnostic::error("goal.bad-year", format!("invalid year \"{t}\""))
                    .at(self.value_at("år"))
                    .note("expected a year such as 2025, or a period such as 2025–2027 (first year first)"),
            );
        }
        parsed
    }

    /// A national quality area, or a free area of the project's own.
    fn area(
        &self,
        text: Option<&str>,
        ok: &mut bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(String, Option<NationalArea>)> {
        let Some(t) = text else {
            *ok = false;
            diags.push(
                Diagnostic::error("goal.missing-key", "the goal has no område")
                    .at(self.item_at.clone())
                    .note(area_note()),
            );
            return None;
        };
        if let Some(a) = NationalArea::parse(t) {
            return Some((a.label().to_string(), Some(a)));
        }
        let Some(s) = did_you_mean(t, NationalArea::ALL.map(NationalArea::label)) else {
            return Some((t.to_string(), None));
        };
        // Close to a national area but not one: a typo, not a free area.
        *ok = false;
        diags.push(
            Diagnostic::error("goal.bad-area", format!("unknown quality area \"{t}\""))
                .at(self.value_at("område"))
                .note(format!("did you mean \"{s}\"?"))
                .note(area_note()),
        );
        None
    }

    /// A fixed status, or one of the project's own (`goals.statuses:` in berattelse.yaml) with
    /// the word as printed.
    fn status(
        &self,
        text: Option<&str>,
        settings: &GoalSettings,
        ok: &mut bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(GoalStatus, Option<String>)> {
        let t = text?;
        if let Some(s) = GoalStatus::parse(t) {
            return Some((s, None));
        }
        let own = settings.statuses.iter().find(|(label, _)| fold(label) == fold(t));
        if let Some((label, fixed)) = own {
            // A mapping to no status is reported once, for berattelse.yaml.
            return GoalStatus::parse(fixed).map(|s| (s, Some(label.clone())));
        }
        *ok = false;
        let mut names: Vec<&str> = GoalStatus::ALL.map(GoalStatus::label).to_vec();
        names.extend(settings.statuses.keys().map(String::as_str));
        let mut d = Diagnostic::error("goal.bad-status", format!("unknown status \"{t}\""))
            .at(self.value_at("status"))
            .note(format!("expected one of: {}", names.join(", ")))
            .note("a status of your own goes in berattelse.yaml, `goals: statuses: {Fortlöpande: löpande}`");
        if let Some(s) = did_you_mean(t, names.iter().copied()) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        diags.push(d);
        None
    }

    /// `målvärde:` — the value to reach by a year, with intermediate values; for the goal's
    /// indicator (its first, unless it names one).
    fn target(
        &self,
        indicators: &[String],
        catalogue: &Catalogue,
        ok: &mut bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<GoalTarget> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Spec {
            #[serde(alias = "värde", alias = "varde")]
            value: f64,
            #[serde(alias = "år", alias = "ar")]
            year: i32,
            #[serde(default, alias = "delmål", alias = "delmal", alias = "steps")]
            steps: BTreeMap<i32, f64>,
            #[serde(default, alias = "indikator")]
            indicator: Option<String>,
        }
        let (_, v) = self.fields.get("målvärde")?;
        let at = self.value_at("målvärde");
        let expected = "expected e.g. `målvärde: {värde: 90, år: 2027, delmål: {2025: 86, 2026: 88}}`";
        let spec: Spec = match serde_yaml::from_value((*v).clone()) {
            Ok(s) => s,
            Err(e) => {
                *ok = false;
                diags.push(
                    Diagnostic::error("goal.bad-target", format!("invalid målvärde: {e}"))
                        .at(at)
                        .note(expected),
                );
                return None;
            }
        };
        let Some(id) = spec.indicator.or_else(|| indicators.first().cloned()) else {
            *ok = false;
            diags.push(
                Diagnostic::error("goal.bad-target", "a målvärde needs an indicator")
                    .at(at)
                    .note("name it with `indikatorer: [...]` of the goal or `indikator:` in the målvärde"),
            );
            return None;
        };
        let ind = cells::indicator(catalogue, &id, at.clone(), diags);
        let Some(ind) = ind else {
            *ok = false;
            return None;
        };
        let mut problems = Vec::new();
        if !YEAR_RANGE.contains(&spec.year) {
            problems.push(format!("the year {} is not a plausible year", spec.year));
        }
        for (y, v) in std::iter::once((&spec.year, &spec.value)).chain(spec.steps.iter()) {
            if let Some(p) = crate::model::observation::range_problem(*v, ind.unit, ind.max) {
                problems.push(format!("the value {v} for {y} {p}"));
            }
            if *y > spec.year {
                problems.push(format!(
                    "the intermediate value for {y} is after the target year {}",
                    spec.year
                ));
            }
        }
        if !problems.is_empty() {
            *ok = false;
            for p in problems {
                diags.push(
                    Diagnostic::error("goal.bad-target", format!("målvärde: {p}"))
                        .at(at.clone())
                        .note(expected),
                );
            }
            return None;
        }
        Some(GoalTarget {
            indicator: id,
            value: spec.value,
            year: spec.year,
            steps: spec.steps,
        })
    }

    /// The indicator ids the goal is followed up with: one id or a list.
    fn indicators(&self, catalogue: &Catalogue, ok: &mut bool, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut indicators = Vec::new();
        let Some((key, v)) = self.fields.get("indikatorer") else {
            return indicators;
        };
        let list: Vec<(Option<&str>, Vec<Step<'_>>)> = match v {
            serde_yaml::Value::String(s) => vec![(Some(s.as_str()), with_key(self.base, key))],
            serde_yaml::Value::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(j, x)| {
                    let mut p = with_key(self.base, key);
                    p.push(Step::Index(j));
                    (x.as_str(), p)
                })
                .collect(),
            serde_yaml::Value::Null => Vec::new(),
            _ => vec![(None, with_key(self.base, key))],
        };
        for (id, p) in list {
            let at = self.loc.value(&p);
            match id {
                Some(id) if cells::indicator(catalogue, id, at.clone(), diags).is_some() => {
                    indicators.push(id.to_string());
                }
                Some(_) => *ok = false,
                None => {
                    *ok = false;
                    diags.push(
                        Diagnostic::error("goal.bad-indicator", "indikatorer must be indicator ids")
                            .at(at)
                            .note("expected e.g. `indikatorer: [palliativ.smartskattning]`"),
                    );
                }
            }
        }
        indicators
    }
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
        let got = crate::diag::codes_at(&d);
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
