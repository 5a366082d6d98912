//! `outline_changes:` in berattelse.yaml: drop, rename, move and add sections of an outline.
//! Unknown sections: the case `outline-changes-unknown-section` under `tests/fixtures/errors/`.

use super::support::{MIN_SLUG, Project, stderr_of};

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
