//! Hostile input (issue 10) that a fixture folder cannot hold: FIFOs, dangling symlinks,
//! megabyte-sized values, a limit raised in a second run. Everything a file can hold is a case
//! in tests/fixtures/errors/ (error_cases.rs), with the same promises: one clear error with
//! file, line and column, never a crash, a garbled report or a write outside out/.

use crate::support::{Project, stderr_of};

/// Run `check 2024` on the project: (exit code, stderr).
fn check(p: &Project) -> (Option<i32>, String) {
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    (out.status.code(), stderr_of(&out))
}

/// Assert that `err` holds every line of `wanted`.
fn assert_has(err: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(err.contains(w), "missing {w:?} in:\n{err}");
    }
}

#[test]
fn a_declared_utf16_text_is_still_read() {
    let p = Project::fixture("minimal");
    let text = p.read_string("texts/avvikelser.md");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(p.path("texts/avvikelser.md"), bytes).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_huge_bad_value_is_not_echoed_whole() {
    let p = Project::fixture("minimal");
    let huge = "9x".repeat(500_000);
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2023;;;1 356;;",
        &format!("test.fall;2023;;;{huge};;"),
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("(1 000 000 characters)"),
        "{}",
        &err[..2000.min(err.len())]
    );
    assert!(err.len() < 20_000, "{} bytes", err.len());
}

/// Run `check 2024`, killing it if it has not finished within `secs` (a blocked read).
fn check_within(p: &Project, secs: u64) -> (Option<i32>, String) {
    let out = p
        .cmd()
        .args(["check", "2024"])
        .timeout(std::time::Duration::from_secs(secs))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        out.status.code().is_some(),
        "check did not finish within {secs} s: {err}"
    );
    (out.status.code(), err)
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_text_is_refused_without_blocking() {
    let p = Project::fixture("minimal");
    std::fs::remove_file(p.path("texts/sammanfattning.md")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.path("texts/sammanfattning.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "texts/sammanfattning.md is a FIFO (named pipe)",
            "expected a regular file",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_or_fifo_as_a_data_file_is_reported_not_absent() {
    let p = Project::fixture("minimal");
    std::fs::remove_file(p.path("data/nyckeltal.csv")).unwrap();
    std::os::unix::fs::symlink("export/nyckeltal.csv", p.path("data/nyckeltal.csv")).unwrap();
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &["data/nyckeltal.csv is a symlink to nothing (to export/nyckeltal.csv)"],
    );

    std::fs::remove_file(p.path("data/nyckeltal.csv")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.path("data/nyckeltal.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(&err, &["data/nyckeltal.csv is a FIFO (named pipe)"]);
}

/// Append a `limits:` block to the project's berattelse.yaml.
fn set_limits(p: &Project, block: &str) {
    let mut config = p.read_string("berattelse.yaml");
    config.push_str(&format!("limits:\n{block}"));
    p.write("berattelse.yaml", &config);
}

#[test]
fn a_text_above_the_size_limit_is_refused_at_load_with_its_size() {
    let p = Project::fixture("minimal");
    let mut text = p.read_string("texts/sammanfattning.md");
    while text.len() <= 600 * 1024 {
        text.push_str("Arbetet har bedrivits i ständig förbättring med fokus på delaktighet.\n");
    }
    p.write("texts/sammanfattning.md", &text);
    let (code, err) = check_within(&p, 120);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            &format!("texts/sammanfattning.md is {} bytes", group(text.len())),
            "above the text size limit of 524 288 bytes (512 KiB)",
            "--> texts/sammanfattning.md",
            "raise limits.text_size in berattelse.yaml",
        ],
    );
    // The limit is the project's to set.
    set_limits(&p, "  text_size: 1000000\n");
    let (code, err) = check_within(&p, 120);
    assert!(!err.contains("text size limit"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}

fn group(n: usize) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
