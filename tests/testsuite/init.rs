//! `berattelse init`: a new project that builds, and ejected templates.

use super::support::{MIN_SLUG, assert_ok, bin, exempelkommun, stderr_of};

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
        .args(["check", "2024", "--verbose", "--project"])
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

/// The rows of a Markdown table block (between `<!-- berattelse:block <id> -->` and its end):
/// the "Mål och aktivitet" cell of each goal.
fn goal_cells(md: &str, id: &str) -> Vec<String> {
    let begin = format!("<!-- berattelse:block {id} -->");
    let start = md.find(&begin).unwrap_or_else(|| panic!("no block {id}"));
    let end = md[start..].find("<!-- berattelse:end -->").unwrap() + start;
    md[start..end]
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| Område"))
        .map(|l| l.split('|').nth(2).unwrap().trim().to_string())
        .collect()
}

#[test]
fn init_from_last_year_starts_the_next_year() {
    let last = exempelkommun();
    let dir = tempfile::tempdir().unwrap();
    let ny = dir.path().join("berattelse-2025");
    let out = bin()
        .args(["init", "--from"])
        .arg(&last.root)
        .arg(&ny)
        .output()
        .unwrap();
    assert_ok(&out);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("for 2025 from"), "{said}");
    // Metadata reset; data and last year's outputs where this year's build looks for them.
    let config = std::fs::read_to_string(ny.join("berattelse.yaml")).unwrap();
    assert!(config.contains("  date: 2026-02-18\n"), "{config}");
    assert!(
        config.contains("  diarienummer: \"SN 2026/[fyll i]\"\n"),
        "{config}"
    );
    assert_eq!(
        std::fs::read(ny.join("data/avvikelser.csv")).unwrap(),
        last.read("data/avvikelser.csv")
    );
    for f in [format!("{MIN_SLUG}.underlag.json"), format!("{MIN_SLUG}.md")] {
        assert_eq!(
            std::fs::read(ny.join("out/2024").join(&f)).unwrap(),
            last.read(&format!("out/2024/{f}"))
        );
    }
    // Nothing was written into last year's project.
    assert!(!last.path("out/2025").exists());

    // The goals last year's report set for 2025 are this year's follow-up table.
    let build = bin()
        .args(["build", "2025", "--format", "md"])
        .current_dir(&ny)
        .output()
        .unwrap();
    assert_ok(&build);
    let last_md = last.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    let set_for_2025 = goal_cells(&last_md, "tabell-mal-kommande-ar");
    assert_eq!(set_for_2025.len(), 7, "{set_for_2025:?}");
    let md = std::fs::read_to_string(ny.join("out/2025/kvalitets-och-patientsakerhetsberattelse-2025.md"))
        .unwrap();
    assert_eq!(goal_cells(&md, "tabell-mal-uppfoljning"), set_for_2025);

    // `check` flags every carried-over text, and stops once a text is edited.
    let drafts = |ny: &std::path::Path| -> Vec<String> {
        let out = bin()
            .args(["check", "2025", "--format", "json"])
            .current_dir(ny)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut files: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "lint.draft-text")
            .map(|d| d["location"]["file"].as_str().unwrap().to_string())
            .collect();
        files.sort();
        files
    };
    let mut texts: Vec<String> = std::fs::read_dir(last.path("texts"))
        .unwrap()
        .map(|e| format!("texts/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    texts.sort();
    assert_eq!(texts.len(), 25);
    assert_eq!(drafts(&ny), texts);
    let inledning = ny.join("texts/inledning.md");
    let text = std::fs::read_to_string(&inledning).unwrap();
    std::fs::write(
        &inledning,
        text.replace("senast den 1 mars", "senast den 1 mars varje år"),
    )
    .unwrap();
    assert!(!drafts(&ny).contains(&"texts/inledning.md".to_string()));

    // Never over the coordinator's work without --force, never inside last year's project.
    let again = bin()
        .args(["init", "--from"])
        .arg(&last.root)
        .arg(&ny)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr_of(&again).contains("already exists"),
        "{}",
        stderr_of(&again)
    );
    assert_eq!(
        std::fs::read_to_string(&inledning).unwrap(),
        text.replace("senast den 1 mars", "senast den 1 mars varje år")
    );
    let inside = bin()
        .args(["init", "--from"])
        .arg(&last.root)
        .arg(last.path("ny"))
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(1));
    assert!(
        stderr_of(&inside).contains("init.inside-source"),
        "{}",
        stderr_of(&inside)
    );
    // Without a built report there is nothing to start from.
    let unbuilt = tempfile::tempdir().unwrap();
    bin().arg("init").arg(unbuilt.path()).assert().success();
    let out = bin()
        .args(["init", "--from"])
        .arg(unbuilt.path())
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("init.no-previous-build"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_new_projects_first_build_fits_on_a_screen() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("ny");
    bin().arg("init").arg(&proj).assert().success();
    let build = |flags: &[&str]| {
        bin()
            .arg("build")
            .arg("2024")
            .args(flags)
            .current_dir(&proj)
            .output()
            .unwrap()
    };
    let out = build(&[]);
    assert_ok(&out);
    let err = stderr_of(&out);
    let lines = err.lines().count() + String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(lines <= 40, "{lines} lines:\n{err}");
    assert!(
        err.contains(
            "warning[table.empty]: 32 tables have no data yet and are left out: \"mal-uppfoljning\""
        ),
        "{err}"
    );
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("built 3 files into ") && last.ends_with(": 0 errors, 79 warnings"),
        "{last}"
    );
    // Plain text without a terminal: no escape codes.
    assert!(!err.contains('\x1b'));
    // --verbose lists each warning; --quiet prints nothing when nothing failed.
    let verbose = stderr_of(&build(&["--verbose"]));
    assert_eq!(verbose.matches("warning[table.empty]").count(), 32);
    let quiet = build(&["--quiet"]);
    assert_ok(&quiet);
    assert_eq!((stderr_of(&quiet).as_str(), quiet.stdout.len()), ("", 0));
}
