//! `berattelse check`: validation without output, strict mode, JSON.

use super::support::{Project, stderr_of};

#[test]
fn clean_fixture_passes_and_writes_nothing() {
    let p = Project::fixture("minimal");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("check passed"));
    assert!(!p.path("out").exists());
}

#[test]
fn missing_required_text_warns_and_strict_fails() {
    let p = Project::fixture("minimal");
    std::fs::remove_file(p.path("texts/avvikelser.md")).unwrap();
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("warning[text.missing]"),
        "{}",
        stderr_of(&out)
    );
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error[text.missing]"));
}

#[test]
fn json_format_for_machines() {
    let p = Project::fixture("minimal");
    p.write("texts/okand.md", "Text utan avsnitt.\n");
    let out = p
        .cmd()
        .args(["check", "2024", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], true);
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["diagnostics"][0]["code"], "text.unused");
    assert_eq!(v["diagnostics"][0]["location"]["file"], "texts/okand.md");
}

#[test]
fn planted_problems_are_all_found() {
    let p = Project::fixture("check-planted");
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    // A missing "ska" item of the patientsäkerhetsberättelse and a wrong total are errors.
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for expected in [
        "error[checklist.missing]: Patientsäkerhetsberättelse: no section covers PSB-08",
        "PSB-08 ska redovisa: hur risker för vårdskador har hanterats",
        "warning[lint.placeholder]: placeholder \"TODO\" left in the text\n  --> texts/sammanfattning.md:1:72",
        "placeholder \"XX\" left in the text\n  --> texts/sammanfattning.md:3:29",
        "placeholder \"Namn Namnsson\"",
        "placeholder \"[fyll i\"",
        "placeholder \"Namn Efternamn\" in document.owner",
        "warning[lint.empty-section]: required section \"Avvikelser och lex Sarah\" has an empty text",
        "warning[lint.stale-text]: the text of \"Palliativ vård i livets slut\" is identical to last year's report",
        "error[data.total-mismatch]: Avvikelser totalt 2024 is 1\u{a0}800 but its parts sum to 1\u{a0}753",
        "warning[lint.goal-no-follow-up]: the goal \"Alla väntade dödsfall ska ha smärtskattning sista levnadsvec…\" for 2024 (Individanpassad) has no uppföljning\n  --> data/mal.yaml:10",
        "2 errors, 8 warnings",
    ] {
        assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
    }
    // The 2023 total agrees with its parts and is not reported.
    assert!(!err.contains("Avvikelser totalt 2023"));
    // --strict: the warnings become errors too.
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(
        stderr_of(&out).contains("10 errors, 0 warnings"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_kvalitetsberattelse_item_missing_is_only_a_warning() {
    let p = Project::fixture("minimal");
    p.edit("berattelse.yaml", ", KB-10, KB-12]", ", KB-12]");
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("warning[checklist.missing]: Kvalitetsberättelse: no section covers KB-10")
    );
}

#[test]
fn a_late_document_date_breaks_the_deadline_rule() {
    let p = Project::fixture("minimal");
    p.edit("berattelse.yaml", "date: 2025-03-01", "date: 2025-03-15");
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("the document date 2025-03-15 is after 1 March 2025"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_example_project_passes_strict_check() {
    let p = Project::copy_of(&super::support::examples().join("exempelkommun"));
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}
