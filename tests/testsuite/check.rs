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
