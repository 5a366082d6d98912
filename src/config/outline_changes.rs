//! Changes to a kind's built-in outline, so that a project can drop, rename, move and add
//! sections without copying the whole outline (`outline_changes:` in berattelse.yaml):
//!
//! ```yaml
//! outline_changes:
//!   drop: [lex-maria]
//!   rename: { samverkan: Samverkan och vårdövergångar }
//!   move:
//!     - { id: riskanalys, after: egenkontroller }
//!   add:
//!     - after: samverkan
//!       section: { id: hemsjukvard, title: Hemsjukvård, required: true }
//! ```
//!
//! Applied in that order: drop, rename, move, add. Every id that names no section is an error
//! at its line, with the nearest id suggested; numbering follows from the result.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::{Diagnostic, did_you_mean};
use crate::formats::yamlloc::{Locator, Step};
use crate::model::outline::SectionSpec;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineChanges {
    /// Sections to leave out, with their subsections.
    #[serde(default, alias = "ta_bort")]
    pub drop: Vec<String>,
    /// New titles by section id.
    #[serde(default, alias = "byt_namn")]
    pub rename: BTreeMap<String, String>,
    /// Sections to move, with their subsections.
    #[serde(default, alias = "flytta")]
    pub r#move: Vec<Placement>,
    /// New sections.
    #[serde(default, alias = "lagg_till")]
    pub add: Vec<Addition>,
}

/// Where a section goes: after or before a section, or last under one as a subsection.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    #[serde(default)]
    pub id: String,
    #[serde(default, alias = "efter")]
    pub after: Option<String>,
    #[serde(default, alias = "fore", alias = "före")]
    pub before: Option<String>,
    #[serde(default, alias = "under")]
    pub under: Option<String>,
    /// Last among the chapters (top level).
    #[serde(default, alias = "sist")]
    pub last: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Addition {
    #[serde(default, alias = "efter")]
    pub after: Option<String>,
    #[serde(default, alias = "fore", alias = "före")]
    pub before: Option<String>,
    #[serde(default)]
    pub under: Option<String>,
    #[serde(default, alias = "sist")]
    pub last: bool,
    #[serde(alias = "avsnitt")]
    pub section: SectionSpec,
}

enum Anchor<'a> {
    After(&'a str),
    Before(&'a str),
    Under(&'a str),
    Last,
}

/// Apply `changes` to `sections`. `at` locates entries in the file the changes came from;
/// `base` is the path of the `outline_changes` mapping in it.
pub fn apply(
    sections: &mut Vec<SectionSpec>,
    changes: &OutlineChanges,
    at: &Locator<'_>,
    base: &[Step<'_>],
    diags: &mut Vec<Diagnostic>,
) {
    let path = |extra: &[Step<'static>]| -> Vec<Step<'_>> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    for (i, id) in changes.drop.iter().enumerate() {
        if take(sections, id).is_none() {
            diags.push(
                unknown(id, sections, "drop").at(at.value(&path(&[Step::Key("drop"), Step::Index(i)]))),
            );
        }
    }
    for (id, title) in &changes.rename {
        match find_mut(sections, id) {
            Some(s) => s.title = title.clone(),
            None => {
                let mut p = path(&[Step::Key("rename")]);
                p.push(Step::Key(id));
                diags.push(unknown(id, sections, "rename").at(at.key(&p)));
            }
        }
    }
    for (i, m) in changes.r#move.iter().enumerate() {
        let here = path(&[Step::Key("move"), Step::Index(i)]);
        let Some(anchor) = anchor(
            m.after.as_deref(),
            m.before.as_deref(),
            m.under.as_deref(),
            m.last,
            &here,
            at,
            diags,
        ) else {
            continue;
        };
        let inside_itself = match &anchor {
            Anchor::After(a) | Anchor::Before(a) | Anchor::Under(a) => {
                find(sections, &m.id).is_some_and(|s| s.id == *a || find(&s.sections, a).is_some())
            }
            Anchor::Last => false,
        };
        if let (true, Anchor::After(a) | Anchor::Before(a) | Anchor::Under(a)) = (inside_itself, &anchor) {
            diags.push(
                Diagnostic::error(
                    "outline.bad-move",
                    format!(
                        "section \"{}\" cannot be moved next to or under itself (\"{a}\")",
                        m.id
                    ),
                )
                .at(at.value(&here)),
            );
            continue;
        }
        let Some(section) = take(sections, &m.id) else {
            let mut p = here.clone();
            p.push(Step::Key("id"));
            diags.push(unknown(&m.id, sections, "move").at(at.value(&p)));
            continue;
        };
        if let Err(back) = place(sections, section, &anchor) {
            diags.push(anchor_unknown(&anchor, sections).at(at.value(&here)));
            // Keep the section rather than lose it: back at the end.
            sections.push(*back);
        }
    }
    for (i, a) in changes.add.iter().enumerate() {
        let here = path(&[Step::Key("add"), Step::Index(i)]);
        let Some(anchor) = anchor(
            a.after.as_deref(),
            a.before.as_deref(),
            a.under.as_deref(),
            a.last,
            &here,
            at,
            diags,
        ) else {
            continue;
        };
        if find(sections, &a.section.id).is_some() {
            let mut p = here.clone();
            p.extend([Step::Key("section"), Step::Key("id")]);
            diags.push(
                Diagnostic::error(
                    "outline.duplicate-id",
                    format!("the outline already has a section \"{}\"", a.section.id),
                )
                .at(at.value(&p))
                .note("use `rename` to change its title, or choose another id"),
            );
            continue;
        }
        if place(sections, a.section.clone(), &anchor).is_err() {
            diags.push(anchor_unknown(&anchor, sections).at(at.value(&here)));
        }
    }
}

fn anchor<'a>(
    after: Option<&'a str>,
    before: Option<&'a str>,
    under: Option<&'a str>,
    last: bool,
    here: &[Step<'_>],
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Anchor<'a>> {
    let given: Vec<Anchor<'a>> = [
        after.map(Anchor::After),
        before.map(Anchor::Before),
        under.map(Anchor::Under),
        last.then_some(Anchor::Last),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.len() == 1 {
        return given.into_iter().next();
    }
    diags.push(
        Diagnostic::error(
            "outline.bad-placement",
            format!(
                "{} placements given where one is expected",
                if given.is_empty() { "no" } else { "several" }
            ),
        )
        .at(at.value(here))
        .note("expected exactly one of `after: <id>`, `before: <id>`, `under: <id>` or `last: true`"),
    );
    None
}

fn all_ids(sections: &[SectionSpec]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack: Vec<&SectionSpec> = sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        out.push(s.id.as_str());
        stack.extend(s.sections.iter().rev());
    }
    out
}

fn unknown(id: &str, sections: &[SectionSpec], what: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        "outline.unknown-section",
        format!("cannot {what} section \"{id}\": the outline has no such section"),
    );
    d = match did_you_mean(id, all_ids(sections)) {
        Some(s) => d.note(format!("did you mean \"{s}\"?")),
        None => d.note(format!("expected one of: {}", all_ids(sections).join(", "))),
    };
    d
}

fn anchor_unknown(anchor: &Anchor<'_>, sections: &[SectionSpec]) -> Diagnostic {
    let id = match anchor {
        Anchor::After(a) | Anchor::Before(a) | Anchor::Under(a) => a,
        Anchor::Last => "",
    };
    unknown(id, sections, "place a section next to")
}

fn find<'s>(sections: &'s [SectionSpec], id: &str) -> Option<&'s SectionSpec> {
    sections.iter().find_map(|s| {
        if s.id == id {
            Some(s)
        } else {
            find(&s.sections, id)
        }
    })
}

fn find_mut<'s>(sections: &'s mut [SectionSpec], id: &str) -> Option<&'s mut SectionSpec> {
    for s in sections.iter_mut() {
        if s.id == id {
            return Some(s);
        }
        if let Some(found) = find_mut(&mut s.sections, id) {
            return Some(found);
        }
    }
    None
}

/// Remove the section `id` (at any depth) and return it.
fn take(sections: &mut Vec<SectionSpec>, id: &str) -> Option<SectionSpec> {
    if let Some(i) = sections.iter().position(|s| s.id == id) {
        return Some(sections.remove(i));
    }
    sections.iter_mut().find_map(|s| take(&mut s.sections, id))
}

/// Insert `section` at `anchor`; gives it back when the anchor names no section.
fn place(
    sections: &mut Vec<SectionSpec>,
    section: SectionSpec,
    anchor: &Anchor<'_>,
) -> Result<(), Box<SectionSpec>> {
    match anchor {
        Anchor::Last => {
            sections.push(section);
            Ok(())
        }
        Anchor::Under(id) => match find_mut(sections, id) {
            Some(parent) => {
                parent.sections.push(section);
                Ok(())
            }
            None => Err(Box::new(section)),
        },
        Anchor::After(id) | Anchor::Before(id) => {
            let after = matches!(anchor, Anchor::After(_));
            insert_beside(sections, section, id, after)
        }
    }
}

fn insert_beside(
    sections: &mut Vec<SectionSpec>,
    section: SectionSpec,
    id: &str,
    after: bool,
) -> Result<(), Box<SectionSpec>> {
    if let Some(i) = sections.iter().position(|s| s.id == id) {
        sections.insert(if after { i + 1 } else { i }, section);
        return Ok(());
    }
    let mut section = section;
    for s in sections.iter_mut() {
        match insert_beside(&mut s.sections, section, id, after) {
            Ok(()) => return Ok(()),
            Err(back) => section = *back,
        }
    }
    Err(Box::new(section))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline() -> Vec<SectionSpec> {
        serde_yaml::from_str(
            "
- { id: sammanfattning, title: Sammanfattning }
- id: inledning
  title: Inledning
  sections:
    - { id: ledningssystem, title: Ledningssystem }
    - { id: ansvar, title: Ansvar och roller }
- { id: avvikelser, title: Avvikelser }
- { id: lex-maria, title: Lex Maria }
- { id: samverkan, title: Samverkan }
",
        )
        .unwrap()
    }

    fn run(yaml: &str) -> (Vec<SectionSpec>, Vec<Diagnostic>) {
        let text = format!("outline_changes:\n{}", textwrap(yaml));
        #[derive(Deserialize)]
        struct Wrap {
            outline_changes: OutlineChanges,
        }
        let w: Wrap = serde_yaml::from_str(&text).unwrap();
        let mut s = outline();
        let mut d = Vec::new();
        let at = Locator {
            file: "berattelse.yaml",
            text: &text,
        };
        apply(
            &mut s,
            &w.outline_changes,
            &at,
            &[Step::Key("outline_changes")],
            &mut d,
        );
        (s, d)
    }

    fn textwrap(yaml: &str) -> String {
        yaml.lines().map(|l| format!("  {l}\n")).collect()
    }

    fn shape(s: &[SectionSpec]) -> String {
        s.iter()
            .map(|s| {
                if s.sections.is_empty() {
                    s.id.clone()
                } else {
                    format!("{}({})", s.id, shape(&s.sections))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn drop_rename_move_and_add() {
        let (s, d) = run("drop: [lex-maria]
rename: { samverkan: Samverkan och vårdövergångar }
move:
  - { id: avvikelser, before: sammanfattning }
  - { id: ansvar, after: avvikelser }
add:
  - under: samverkan
    section: { id: hemsjukvard, title: Hemsjukvård }
  - last: true
    section: { id: bilagor, title: Bilagor }");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            shape(&s),
            "avvikelser ansvar sammanfattning inledning(ledningssystem) samverkan(hemsjukvard) bilagor"
        );
        assert_eq!(s[4].title, "Samverkan och vårdövergångar");
    }

    #[test]
    fn a_subsection_can_be_placed_beside_a_subsection() {
        let (s, d) = run("add:\n  - after: ledningssystem\n    section: { id: roller, title: Roller }");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            shape(&s),
            "sammanfattning inledning(ledningssystem roller ansvar) avvikelser lex-maria samverkan"
        );
    }

    #[test]
    fn unknown_ids_are_located_with_a_suggestion() {
        let (s, d) =
            run("drop: [lex-mara]\nrename: { samverka: X }\nmove:\n  - { id: avvikelser, after: nope }");
        assert_eq!(d.len(), 3, "{d:?}");
        let line = |d: &Diagnostic| d.location.as_ref().and_then(|l| l.line);
        assert!(d[0].message.contains("\"lex-mara\""));
        assert_eq!(d[0].notes, ["did you mean \"lex-maria\"?"]);
        assert_eq!(line(&d[0]), Some(2));
        assert!(d[1].message.contains("\"samverka\""));
        assert_eq!(line(&d[1]), Some(3));
        assert!(d[2].message.contains("\"nope\""));
        assert_eq!(line(&d[2]), Some(5));
        // The section that could not be placed is kept, not lost.
        assert!(find(&s, "avvikelser").is_some());
    }

    #[test]
    fn placements_must_be_exactly_one_and_ids_new() {
        let (_, d) = run(
            "add:\n  - section: { id: x, title: X }\n  - { after: samverkan, before: samverkan, section: { id: y, title: Y } }\n  - { after: samverkan, section: { id: avvikelser, title: Igen } }",
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "outline.bad-placement",
                "outline.bad-placement",
                "outline.duplicate-id"
            ]
        );
    }

    #[test]
    fn a_section_cannot_move_under_itself() {
        let (s, d) = run("move:\n  - { id: inledning, under: ledningssystem }");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "outline.bad-move");
        assert_eq!(shape(&s), shape(&outline()));
    }
}
