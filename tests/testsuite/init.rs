//! `berattelse init`: a new project that builds, and ejected templates.

use super::support::{bin, stderr_of};

#[test]
fn init_creates_a_project_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("ny");
    bin().args(["init"]).arg(&proj).assert().success();
    assert!(proj.join("berattelse.yaml").is_file());
    assert!(proj.join("texts/sammanfattning.md").is_file());
    // A second init must not overwrite the coordinator's work.
    let out = bin().args(["init"]).arg(&proj).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("already exists"));
    // No data yet: the build still succeeds (with warnings) and gives a PDF.
    let out = bin()
        .args(["build", "2024", "--project"])
        .arg(&proj)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        proj.join("out/2024/kvalitets-och-patientsakerhetsberattelse-2024.pdf")
            .is_file()
    );
    // A draft builds, but `check` enforces the legal content of a patientsäkerhetsberättelse.
    assert!(stderr_of(&out).contains("warning[checklist.missing]"));
    let out = bin()
        .args(["check", "2024", "--project"])
        .arg(&proj)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error[checklist.missing]: Patientsäkerhetsberättelse: section \"Riskanalys\" covers PSB-08 but has no content"), "{err}");
    assert!(
        err.contains(
            "warning[checklist.missing]: Patientsäkerhetsberättelse: section \"Sammanfattning\" covers PSB-15"
        ),
        "{err}"
    );
}

#[test]
fn init_kind_creates_the_kinds_outline_texts() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("psb");
    bin()
        .args(["init", "--kind", "patientsakerhetsberattelse"])
        .arg(&proj)
        .assert()
        .success();
    let config = std::fs::read_to_string(proj.join("berattelse.yaml")).unwrap();
    assert!(config.contains("kind: patientsakerhetsberattelse"), "{config}");
    // SKR's headings, and no text for the list the tool writes itself.
    assert!(proj.join("texts/grundlaggande-forutsattningar.md").is_file());
    assert!(!proj.join("texts/forkortningar.md").exists());
    let out = bin()
        .args(["build", "2024", "--project"])
        .arg(&proj)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        proj.join("out/2024/patientsakerhetsberattelse-2024.pdf")
            .is_file()
    );
    // An unknown kind is a usage error that lists the kinds.
    let out = bin()
        .args(["init", "--kind", "psb"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("kvalitetsberattelse, patientsakerhetsberattelse, avvikelserapport"));
}

#[test]
fn eject_templates_copies_every_builtin() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["init", "--eject-templates"])
        .arg(dir.path())
        .assert()
        .success();
    for f in [
        "report.md",
        "table.md",
        "report.typ",
        "berattelse.typ",
        "charts.typ",
        "chart.md",
        "indicators.yaml",
    ] {
        assert!(dir.path().join("templates").join(f).is_file(), "{f} not ejected");
    }
}
