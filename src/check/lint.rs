//! Lint: the hand-made mistakes real reports contain. Leftover placeholders, required
//! sections without text, last year's text left unchanged, totals that disagree with
//! their parts.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::load::{Loaded, all_sections};
use crate::model::Model;
use crate::project::ProjectDir;

/// Placeholder patterns: (pattern, whole word only, case-insensitive).
const PLACEHOLDERS: &[(&str, bool, bool)] = &[
    ("TODO", true, false),
    ("FIXME", true, false),
    ("XX", false, false),
    ("Namn Namnsson", false, true),
    ("Namn Efternamn", false, true),
    ("Förnamn Efternamn", false, true),
    ("[fyll i", false, true),
    ("fyll i här", false, true),
    ("lorem ipsum", false, true),
    ("???", false, false),
];

/// Find placeholders in one text; returns (line, column, found) 1-based.
pub fn find_placeholders(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut in_comment = false;
    for (n, line) in text.lines().enumerate() {
        let mut visible = String::new();
        let mut rest = line;
        // Skip HTML comments (guidance text for the writer, not shown in the report).
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(e) => {
                        visible.push_str(&" ".repeat(rest[..e + 3].chars().count()));
                        rest = &rest[e + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(s) => {
                        visible.push_str(&rest[..s]);
                        rest = &rest[s..];
                        in_comment = true;
                    }
                    None => {
                        visible.push_str(rest);
                        break;
                    }
                }
            }
        }
        let lower = visible.to_lowercase();
        for (pattern, whole_word, fold) in PLACEHOLDERS {
            let (hay, pat) = if *fold {
                (lower.as_str(), pattern.to_lowercase())
            } else {
                (visible.as_str(), pattern.to_string())
            };
            let mut from = 0;
            while let Some(i) = hay[from..].find(&pat) {
                let at = from + i;
                let before = hay[..at].chars().next_back();
                let after = hay[at + pat.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
                let ok = if *whole_word {
                    !word(before) && !word(after)
                } else {
                    !before.is_some_and(char::is_alphabetic)
                };
                // "XX" inside a longer run of X (XXL) or a word is not a placeholder.
                let xx_ok = *pattern != "XX" || !after.is_some_and(char::is_alphabetic);
                if ok && xx_ok {
                    let col = hay[..at].chars().count() + 1;
                    found.push((n + 1, col, visible[at..at + pat.len()].to_string()));
                    break;
                }
                from = at + pat.len();
            }
        }
    }
    found
}

pub fn placeholders(loaded: &Loaded, diags: &mut Vec<Diagnostic>) {
    for (file, text) in &loaded.texts {
        for (line, col, found) in find_placeholders(text) {
            diags.push(
                Diagnostic::warning(
                    "lint.placeholder",
                    format!("placeholder \"{found}\" left in the text"),
                )
                .at(Location::at(file.clone(), line, col))
                .note("replace it with the real content before the report is adopted"),
            );
        }
    }
    let d = &loaded.config.document;
    let fields = [
        ("owner", d.owner.as_deref()),
        ("diarienummer", d.diarienummer.as_deref()),
    ];
    let authors = d.authors.iter().map(|a| ("authors", Some(a.as_str())));
    for (key, value) in fields.into_iter().chain(authors) {
        if let Some(v) = value
            && let Some((_, _, found)) = find_placeholders(v).first()
        {
            diags.push(
                Diagnostic::warning(
                    "lint.placeholder",
                    format!("placeholder \"{found}\" in document.{key}"),
                )
                .at(Location::file(crate::config::FILE_NAME)),
            );
        }
    }
}

pub fn empty_required(loaded: &Loaded, narratives: &BTreeMap<String, String>, diags: &mut Vec<Diagnostic>) {
    for s in all_sections(&loaded.sections).filter(|s| s.required) {
        let file = s.text_file();
        if let Some(text) = narratives.get(&file)
            && super::visible_text(text).is_empty()
        {
            diags.push(
                Diagnostic::warning(
                    "lint.empty-section",
                    format!("required section \"{}\" has an empty text", s.title),
                )
                .at(Location::file(file)),
            );
        }
    }
}

/// A narrative whose every paragraph appears word for word in last year's report
/// (`out/<year-1>/*.md`) has most likely not been updated.
pub fn stale_texts(
    project: &ProjectDir,
    loaded: &Loaded,
    year: i32,
    narratives: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    let dir = format!("out/{}", year - 1);
    let previous: String = project
        .list(&dir)
        .iter()
        .filter(|f| f.ends_with(".md"))
        .filter_map(|f| project.read_text_optional(f).ok().flatten())
        .map(|t| normalise(&t))
        .collect::<Vec<_>>()
        .join("\n");
    if previous.is_empty() {
        return;
    }
    for s in all_sections(&loaded.sections) {
        let file = s.text_file();
        let Some(text) = narratives.get(&file) else {
            continue;
        };
        // An unedited draft of `init --from` is flagged as such (check/draft.rs).
        if loaded
            .texts
            .get(&file)
            .is_some_and(|t| crate::load::draft::unedited(t).is_some())
        {
            continue;
        }
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .map(normalise)
            .filter(|p| p.chars().count() >= 40)
            .collect();
        if !paragraphs.is_empty() && paragraphs.iter().all(|p| previous.contains(p.as_str())) {
            diags.push(
                Diagnostic::warning(
                    "lint.stale-text",
                    format!("the text of \"{}\" is identical to last year's report", s.title),
                )
                .at(Location::file(file))
                .note(format!("compared with the {} report in {dir}/", year - 1)),
            );
        }
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Totals that disagree with the sum of their parts (`parts:` in the catalogue). Whole counts
/// must add up exactly; only values that are rounded (decimals, or a whole number standing
/// for a rounded amount such as tkr) get half a unit of the last digit per part.
pub fn totals(model: &Model, diags: &mut Vec<Diagnostic>) {
    for (id, ind) in &model.catalogue {
        let Some(series) = model.series.get(id) else {
            continue;
        };
        for parts in ind.parts.decompositions() {
            for (year, total) in series {
                let Some(t) = total.value else { continue };
                let values: Option<Vec<f64>> = parts
                    .iter()
                    .map(|p| model.observation(p, *year).and_then(|o| o.value))
                    .collect();
                let Some(values) = values else { continue };
                let sum: f64 = values.iter().sum();
                let whole = is_whole_count(ind)
                    && std::iter::once(t)
                        .chain(values.iter().copied())
                        .all(|v| v.fract() == 0.0);
                let tolerance = if whole {
                    1e-9
                } else {
                    0.5 * 10f64.powi(-i32::from(ind.decimals())) * parts.len() as f64
                };
                if (sum - t).abs() > tolerance {
                    let style = crate::format::NumberStyle::default();
                    let off = if whole {
                        format!(" ({} off)", crate::format::number((sum - t).abs(), 0, &style))
                    } else {
                        String::new()
                    };
                    diags.push(
                        Diagnostic::error(
                            "data.total-mismatch",
                            format!(
                                "{} {year} is {} but its parts sum to {}{off}",
                                ind.name,
                                crate::format::number(t, ind.decimals(), &style),
                                crate::format::number(sum, ind.decimals(), &style),
                            ),
                        )
                        .at(Location::line(total.file.clone(), total.line))
                        .note(format!("parts: {}", parts.join(" + ")))
                        .note(if whole {
                            "whole counts must add up exactly"
                        } else {
                            "rounded values may differ by half a unit of the last decimal per part"
                        }),
                    );
                }
            }
        }
    }
}

/// Counts of things (antal, dagar) are whole numbers that add up exactly; amounts in tkr or
/// mkr and shares are rounded.
fn is_whole_count(ind: &crate::model::catalogue::Indicator) -> bool {
    use crate::format::Unit;
    matches!(ind.unit, Unit::Antal | Unit::Dagar) && ind.decimals() == 0
}

/// The values compared by a rule: the same period, unit and sex.
type Group = (
    crate::model::period::Period,
    Option<String>,
    Option<crate::model::observation::Sex>,
);

/// `at_most:` of the catalogue: a value above the value it can never exceed (unique persons
/// above registrations), for every period, unit and sex, whichever file each came from.
pub fn at_most(model: &Model, diags: &mut Vec<Diagnostic>) {
    use crate::model::observation::Observation;
    let key = |o: &Observation| -> Group { (o.period, o.unit.clone(), o.sex) };
    let all: Vec<&Observation> = model
        .series
        .values()
        .flat_map(|s| s.values())
        .chain(model.breakdowns.iter())
        .collect();
    let mut by: BTreeMap<(&str, Group), &Observation> = BTreeMap::new();
    for o in &all {
        by.insert((o.indicator.as_str(), key(o)), *o);
    }
    let style = crate::format::NumberStyle::default();
    for (id, ind) in &model.catalogue {
        for whole_id in &ind.at_most {
            let Some(whole_ind) = model.catalogue.get(whole_id) else {
                continue;
            };
            for o in all.iter().filter(|o| &o.indicator == id) {
                let (Some(p), Some(w)) = (
                    o.value,
                    by.get(&(whole_id.as_str(), key(o))).and_then(|w| w.value),
                ) else {
                    continue;
                };
                if p <= w + 1e-9 {
                    continue;
                }
                let w_obs = by[&(whole_id.as_str(), key(o))];
                let unit = o.unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        "data.inconsistent",
                        format!(
                            "{} {}{unit} ({}) is larger than {} ({})",
                            ind.name,
                            o.period,
                            crate::format::number(p, ind.decimals(), &style),
                            whole_ind.name,
                            crate::format::number(w, whole_ind.decimals(), &style),
                        ),
                    )
                    .at(Location::line(o.file.clone(), o.line))
                    .note(format!("{id} can never exceed {whole_id} (at_most: in the catalogue); {whole_id} is at {}:{}", w_obs.file, w_obs.line)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_position() {
        let text = "Bra text.\nAntal: XX st, ansvarig Namn Namnsson.\n<!-- TODO i kommentar -->\nTODO: skriv klart\n";
        let found = find_placeholders(text);
        assert_eq!(
            found,
            vec![
                (2, 8, "XX".to_string()),
                (2, 24, "Namn Namnsson".to_string()),
                (4, 1, "TODO".to_string())
            ]
        );
    }

    #[test]
    fn ordinary_words_are_not_placeholders() {
        assert!(find_placeholders("XXL-storlek, TODOS, Fyll i blanketten på sidan 2.").is_empty());
        assert_eq!(find_placeholders("Under 20XX ökade").len(), 1);
        assert_eq!(find_placeholders("[Fyll i antal]").len(), 1);
    }
}
