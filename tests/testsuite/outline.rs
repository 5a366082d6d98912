//! `outline_changes:` in berattelse.yaml: drop, rename, move and add sections of an outline.
//! Unknown sections: the case `outline-changes-unknown-section` under `tests/fixtures/errors/`.

use super::support::{MIN_SLUG, Project, fixtures, stderr_of, vanersborg};

const CHANGES: &str = "
outline_changes:
  rename: { avvikelser: 'Avvikelser, lex Sarah och klagomål' }
  move:
    - { id: specialtecken, before: sammanfattning }
  add:
    - under: egenkontroll
      section:
        id: hemsjukvard
        title: Hemsjukvård
        required: true
";

#[test]
fn changes_reorder_rename_and_add_sections_and_numbering_follows() {
    let p = Project::fixture("minimal");
    let config = p.read_string("berattelse.yaml");
    p.write("berattelse.yaml", &format!("{config}{CHANGES}"));
    p.write("texts/hemsjukvard.md", "Hemsjukvården har vuxit under året.\n");
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    // Numbered headings only; narrative subheadings ("### Fall och läkemedel") are not counted.
    let numbered = |l: &&str| {
        l.trim_start_matches('#')
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    };
    let headings: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter(numbered)
        .collect();
    assert_eq!(
        headings,
        [
            "## 1 Specialtecken i text",
            "## 2 Sammanfattning",
            "## 3 Avvikelser, lex Sarah och klagomål",
            "## 4 Egenkontroller",
            "### 4.1 Palliativ vård i livets slut",
            "### 4.2 Hemsjukvård",
        ]
    );
    assert!(md.contains("Hemsjukvården har vuxit under året."));
}

// ---------------------------------------------------------------------------------------------
// Outlines of any depth: tests/fixtures/deep-outline (Vänersborg's 2.7 Egenkontroll with
// 2.7.1 … 2.7.12, a fourth level, unnumbered parts and appendices)
// ---------------------------------------------------------------------------------------------

/// The contents list of report.md, one entry a line, indented two spaces per level.
fn contents(md: &str) -> Vec<String> {
    let start = md.find("## Innehåll").expect("a contents list");
    md[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("<!--"))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn build_md(p: &Project) -> String {
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.read_string(&format!("out/2024/{MIN_SLUG}.md"))
}

#[test]
fn deep_outline_is_numbered_at_every_level_with_unnumbered_parts_and_appendices() {
    let p = Project::fixture("deep-outline");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = build_md(&p);
    let mut expected: Vec<String> = [
        "- Sammanfattning",
        "- Förkortningar",
        "- 1 Inledning",
        "- 2 Resultat",
        "  - 2.1 Avvikelser",
        "  - 2.2 Lex Sarah",
        "  - 2.3 Lex Maria",
        "  - 2.4 Synpunkter och klagomål",
        "  - 2.5 Samverkan",
        "  - 2.6 Riskanalys",
        "  - 2.7 Egenkontroll",
    ]
    .map(String::from)
    .to_vec();
    let subs = [
        "Senior alert",
        "Palliativ vård i livets slut",
        "BPSD",
        "Basala hygienrutiner och klädregler",
        "Trycksår",
        "Fallprevention",
        "Nutrition",
        "Munhälsa",
        "Kontinens",
        "Rättssäkerhet i utredningar",
        "Brukarundersökning",
        "Läkemedelsgenomgångar",
    ];
    for (i, t) in subs.iter().enumerate() {
        expected.push(format!("    - 2.7.{} {t}", i + 1));
    }
    expected.extend(
        [
            "      - 2.7.12.1 Särskilt boende",
            "      - 2.7.12.2 Hemsjukvård",
            "  - Säker vård här och nu",
            "  - 2.8 Kompetens",
            "- 3 Mål och aktiviteter för 2024–2026",
            "- Bilaga 1 Rutiner för avvikelsehantering",
            "- Bilaga 2 Ordlista",
            "  - Vård och omsorg",
        ]
        .map(String::from),
    );
    assert_eq!(contents(&md), expected);
    // Headings one Markdown level per outline level; a level-4 section's own headings below it.
    for h in [
        "## Sammanfattning\n",
        "### 2.7 Egenkontroll\n",
        "#### 2.7.12 Läkemedelsgenomgångar\n",
        "##### 2.7.12.1 Särskilt boende\n",
        "###### Uppföljning\n",
        "### Säker vård här och nu\n",
        "## Bilaga 2 Ordlista\n",
        "### Vård och omsorg\n",
    ] {
        assert!(md.contains(h), "{h:?} missing");
    }
    assert!(md.contains("Alla boende har fått en läkemedelsgenomgång."));
    // Sammanfattning (`before_contents: true`) between the cover and the contents, once.
    let summary = md.find("## Sammanfattning\n").unwrap();
    assert!(md.find("<!-- berattelse:block omslag -->").unwrap() < summary);
    assert!(summary < md.find("## Innehåll").unwrap());
    assert_eq!(md.matches("## Sammanfattning\n").count(), 1);
}

#[test]
fn outline_changes_work_at_every_level_and_checklist_follows_the_built_outline() {
    let p = Project::fixture("deep-outline");
    let config = p.read_string("berattelse.yaml");
    p.write(
        "berattelse.yaml",
        &format!(
            "{config}outline_changes:
  drop: [trycksar]
  rename: {{ lakemedel-hemsjukvard: Hemsjukvård och korttidsboende }}
  move:
    - {{ id: senior-alert, under: lakemedel }}
  add:
    - after: lakemedel-sabo
      section: {{ id: lakemedel-lss, title: LSS-boende }}
"
        ),
    );
    let md = build_md(&p);
    let c = contents(&md);
    let at = |s: &str| c.iter().any(|l| l == s);
    assert!(at("    - 2.7.1 Palliativ vård i livets slut"), "{c:#?}");
    assert!(at("    - 2.7.10 Läkemedelsgenomgångar"), "{c:#?}");
    assert!(at("      - 2.7.10.1 Särskilt boende"), "{c:#?}");
    assert!(at("      - 2.7.10.2 LSS-boende"), "{c:#?}");
    assert!(at("      - 2.7.10.3 Hemsjukvård och korttidsboende"), "{c:#?}");
    assert!(at("      - 2.7.10.4 Senior alert"), "{c:#?}");
    assert!(!md.contains("Trycksår"));

    // Dropping the level-4 section that covers PSB-10: the requirement is missing (an error
    // for the patientsäkerhetsberättelse), and its text belongs to no section.
    let p = Project::fixture("deep-outline");
    let config = p.read_string("berattelse.yaml");
    p.write(
        "berattelse.yaml",
        &format!("{config}outline_changes:\n  drop: [lakemedel-sabo]\n"),
    );
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("error[checklist.missing]") && err.contains("PSB-10"),
        "{err}"
    );
    assert!(
        err.contains("warning[text.unused]") && err.contains("texts/lakemedel-sabo.md"),
        "{err}"
    );
}

/// The contents page as printed (`innehall-tryckt.txt`, "title<TAB>page") in the form of the
/// built contents list, with the printed page's own slips put right: the contents page does
/// not list itself, "Bakgrund:" is a run-in label of 2.7.1 that leaked into it, 2.3 is
/// "Avvikelser" in the body, and a year range takes an en dash (docs/sprak.md).
fn printed_contents(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().trim_end_matches('.').trim())
        .filter(|t| *t != "Innehåll" && *t != "Bakgrund:")
        .map(|t| {
            let (number, title) = match t.split_once(' ') {
                Some((n, rest)) if n.starts_with(|c: char| c.is_ascii_digit()) => {
                    (Some(n.trim_end_matches('.')), rest)
                }
                _ => (None, t),
            };
            let title = match title {
                "Avvikelse" => "Avvikelser".to_string(),
                t => t.replace("2024-2026", "2024–2026"),
            };
            let level = number.map_or(0, |n| n.matches('.').count());
            let numbered = number.map_or(title.clone(), |n| format!("{n} {title}"));
            format!("{}- {numbered}", "  ".repeat(level))
        })
        .collect()
}

#[test]
fn vanersborg_contents_match_the_printed_report() {
    let printed = std::fs::read_to_string(fixtures().join("vanersborg-2023/innehall-tryckt.txt")).unwrap();
    let expected = printed_contents(&printed);
    assert_eq!(expected.len(), 34, "{expected:#?}");
    let md = vanersborg().read_string("out/2023/kvalitets-och-patientsakerhetsberattelse-2023.md");
    assert_eq!(contents(&md), expected);
    // Sammanfattning is printed before the contents, unnumbered; the chapter numbers after
    // "Säker vård här och nu" do not shift.
    let summary = md.find("## Sammanfattning\n").unwrap();
    assert!(summary < md.find("## Innehåll").unwrap());
    for h in [
        "#### 2.7.12 Nationella brukarundersökningar och öppna jämförelser\n",
        "## Säker vård här och nu\n",
        "## 5 Mål och aktiviteter för 2024–2026\n",
    ] {
        assert!(md.contains(h), "{h:?} missing");
    }
}
