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

/// Hand-written sentences the data contradicts: each planted contradiction is reported with
/// its file and line, and the sentences that agree with the data (or narrow, or name another
/// year, or sit in a comment) are not.
#[test]
fn claims_against_data_are_reported_with_file_and_line() {
    let p = Project::fixture("claims");
    let out = p.run(&["check", "2024", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("lint.claim")))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["location"]["file"].as_str().unwrap().to_string(),
                d["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    let file = "texts/avvikelser.md".to_string();
    assert_eq!(
        found,
        [
            ("lint.claim-direction".to_string(), file.clone(), 6),
            ("lint.claim-none".to_string(), file.clone(), 3),
            ("lint.claim-number".to_string(), file, 4),
        ],
        "{v:#}"
    );
}
