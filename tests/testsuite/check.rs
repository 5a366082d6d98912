//! `berattelse check`: validation without output, JSON. Findings on bad input are case
//! folders under `tests/fixtures/errors/` (see `error_cases`).

use super::support::{Project, assert_ok, stderr_of};

#[test]
fn clean_fixture_passes_and_writes_nothing() {
    let p = Project::fixture("minimal");
    let out = p.run(&["check", "2024", "--strict"]);
    assert_ok(&out);
    assert!(stderr_of(&out).contains("check passed"));
    assert!(!p.path("out").exists());
}

#[test]
fn json_format_for_machines() {
    let p = Project::fixture("minimal");
    p.write("texts/okand.md", "Text utan avsnitt.\n");
    let out = p.run(&["check", "2024", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], true);
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["diagnostics"][0]["code"], "text.unused");
    assert_eq!(v["diagnostics"][0]["location"]["file"], "texts/okand.md");
}
