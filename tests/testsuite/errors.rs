//! Bad input that a case folder cannot express: outputs of an earlier build kept, files outside
//! the project, usage errors, a folder without a project. Every other bad input is a case
//! folder under `tests/fixtures/errors/` (see `error_cases`).

use super::support::{MIN_SLUG, Project, bin, fixtures, minimal, stderr_of};

/// The earlier PDF survives a failed build. The broken file is the one of the
/// `nyckeltal-bad-number` case, whose messages that case checks.
#[test]
fn a_failed_build_keeps_the_previous_pdf() {
    let p = Project::fixture("minimal");
    p.cmd().args(["build", "2024"]).assert().success();
    let pdf_path = format!("out/2024/{MIN_SLUG}.pdf");
    let before = p.read(&pdf_path);
    let broken = fixtures().join("errors/nyckeltal-bad-number/project/data/nyckeltal.csv");
    std::fs::copy(broken, p.path("data/nyckeltal.csv")).unwrap();
    let out = p.run(&["build", "2024"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("data/nyckeltal.csv:3:18"), "{err}");
    assert!(err.contains("no files were written"), "{err}");
    assert_eq!(p.read(&pdf_path), before, "the earlier PDF must be untouched");
}

#[test]
fn typst_cannot_read_outside_the_project() {
    let p = Project::fixture("minimal");
    std::fs::write(p.root.parent().unwrap().join("hemligt.txt"), "HEMLIGT").unwrap();
    p.write(
        "templates/report.typ",
        "#import \"berattelse.typ\": report\n#show: report\n#read(\"../hemligt.txt\")\n",
    );
    let out = p.run(&["build", "2024"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    #[cfg(unix)]
    {
        let p = Project::fixture("minimal");
        std::fs::write(p.root.parent().unwrap().join("hemligt.txt"), "HEMLIGT").unwrap();
        std::os::unix::fs::symlink(p.root.parent().unwrap().join("hemligt.txt"), p.path("lank.txt")).unwrap();
        p.write(
            "templates/report.typ",
            "#import \"berattelse.typ\": report\n#show: report\n#read(\"lank.txt\")\n",
        );
        let out = p.run(&["build", "2024"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr_of(&out).contains("templates/report.typ:3:"),
            "{}",
            stderr_of(&out)
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::fixture("minimal");
    assert_eq!(p.run(&["build"]).status.code(), Some(2));
    assert_eq!(
        p.run(&["build", "2024", "--format", "odt"]).status.code(),
        Some(2)
    );
    assert_eq!(p.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_year_without_data_is_an_error() {
    let out = minimal().run(&["check", "2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("the data covers 2022–2024"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn missing_project_config_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["build", "2024"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("has no berattelse.yaml"));
}
