//! `berattelse build`: outputs, Markdown and typst snapshots, determinism, formats.

use super::support::{MIN_SLUG, Project, assert_ok, minimal};

#[test]
fn builds_markdown_and_pdf_into_out_year() {
    let p = minimal();
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    let pdf = p.read(&format!("out/2024/{MIN_SLUG}.pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(md.starts_with("<!-- berattelse:block omslag -->"));
    insta::assert_snapshot!("minimal_report_md", md);
    // The two requested outputs and the data they were made from, no temporary files.
    let mut names: Vec<_> = std::fs::read_dir(p.path("out/2024"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            format!("{MIN_SLUG}.md"),
            format!("{MIN_SLUG}.pdf"),
            format!("{MIN_SLUG}.underlag.json")
        ]
    );
}

#[test]
fn markdown_only_is_the_same_markdown() {
    let p = Project::fixture("minimal");
    assert_ok(&p.run(&["build", "2024", "--format", "md"]));
    assert_eq!(
        p.read_string(&format!("out/2024/{MIN_SLUG}.md")),
        minimal().read_string(&format!("out/2024/{MIN_SLUG}.md"))
    );
    assert!(!p.path(&format!("out/2024/{MIN_SLUG}.pdf")).exists());
}

#[test]
fn markdown_has_computed_values_in_swedish_format() {
    let md = minimal().read_string(&format!("out/2024/{MIN_SLUG}.md"));
    // Narrative expressions evaluated, with NBSP thousands separators.
    assert!(md.contains("rapporterades 1\u{a0}298 fallhändelser"), "{md}");
    assert!(md.contains("jämfört med\n1\u{a0}356 året innan"), "{md}");
    assert!(md.contains("41,7\u{a0}%"), "{md}");
    // Table rows for the window 2022–2024 with the change from 2023, a missing value marked
    // and explained with the data's note, and no change computed from it.
    assert!(
        md.contains("| Fallhändelser | 1\u{a0}204 | 1\u{a0}356 | 1\u{a0}298 | \u{2212}4,3\u{a0}% |"),
        "{md}"
    );
    assert!(
        md.contains("| Smärtskattning sista levnadsveckan (%) | 23 | 42 | ..¹ | – |"),
        "{md}"
    );
    assert!(md.contains("¹ Ingen mätning."), "{md}");
    assert!(md.contains("..: uppgift saknas."));
    assert!(
        md.contains("| Läkemedelsavvikelser | 412 | 389 | 455¹ | +17,0\u{a0}% |"),
        "{md}"
    );
    assert!(md.contains("¹ Preliminärt värde: Siffran kan justeras."), "{md}");
    assert!(md.contains("*Källa: Svenska palliativregistret*"));
    // Sections numbered, subsections nested under their chapter.
    assert!(md.contains("## 3 Egenkontroller"));
    assert!(md.contains("### 3.1 Palliativ vård i livets slut"));
    // The narrative's own heading sits below its chapter.
    assert!(md.contains("\n### Fall och läkemedel\n"), "{md}");
}

#[test]
fn typ_format_writes_generated_typst_that_parses() {
    let p = Project::fixture("minimal");
    assert_ok(&p.run(&["build", "2024", "--format", "typ"]));
    let body = p.read_string(&format!("out/2024/{MIN_SLUG}.body.typ"));
    let (errors, _) = typst_syntax::parse(&body).errors_and_warnings();
    assert!(errors.is_empty(), "{errors:?}");
    insta::assert_snapshot!("minimal_body_typ", body);
    let data: serde_json::Value =
        serde_json::from_slice(&p.read(&format!("out/2024/{MIN_SLUG}.data.json"))).unwrap();
    assert_eq!(data["meta"]["kommun"], "Testby kommun");
    assert_eq!(data["blocks"]["tabell-avvikelser"]["rows"][0][0], "Fallhändelser");
    // Values reach typst as data: the table's numbers are in data.json, not in the markup.
    // (1 204 occurs only in the table, never in a narrative.)
    assert!(!body.contains("1\u{a0}204"));
    assert_eq!(data["blocks"]["tabell-avvikelser"]["rows"][0][1], "1\u{a0}204");
    assert!(!p.path(&format!("out/2024/{MIN_SLUG}.pdf")).exists());
}

/// The shared build and a build of another copy give the same bytes.
#[test]
fn two_builds_give_identical_bytes() {
    let p = Project::fixture("minimal");
    assert_ok(&p.run(&["build", "2024", "--out", "b"]));
    for ext in ["md", "pdf"] {
        let a = minimal().read(&format!("out/2024/{MIN_SLUG}.{ext}"));
        let b = p.read(&format!("b/2024/{MIN_SLUG}.{ext}"));
        assert!(a == b, "{ext} differs between two builds");
    }
}

#[test]
fn source_date_epoch_sets_the_pdf_date() {
    let p = Project::fixture("minimal");
    p.cmd()
        .args(["build", "2024", "--out", "b", "--format", "pdf"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    let a = String::from_utf8_lossy(&minimal().read(&format!("out/2024/{MIN_SLUG}.pdf"))).into_owned();
    let b = String::from_utf8_lossy(&p.read(&format!("b/2024/{MIN_SLUG}.pdf"))).into_owned();
    assert!(a.contains("2025-03-01"), "document date expected in XMP");
    assert!(b.contains("2023-11-14"), "SOURCE_DATE_EPOCH date expected in XMP");
}

#[test]
fn project_templates_override_builtins_file_by_file() {
    let p = Project::fixture("minimal");
    p.write(
        "templates/table.md",
        "<!-- berattelse:block {{ t.block }} -->\n\nEGEN TABELL {{ t.caption }}\n\n<!-- berattelse:end -->\n",
    );
    assert_ok(&p.run(&["build", "2024", "--format", "md"]));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    assert!(md.contains("EGEN TABELL Rapporterade avvikelser"));
    // report.md itself is still the built-in one.
    assert!(md.contains("## Innehåll"));
}

/// Several projects in one `build` (issue 15): each is built into its own out/ as a build of
/// it alone would, a project that fails does not stop the others, and the exit code is the
/// failure's.
#[test]
fn several_projects_build_in_one_run() {
    let a = Project::fixture("minimal");
    let b = Project::fixture("minimal");
    let broken = Project::fixture("minimal");
    broken.write("berattelse.yaml", "organisation: [\n");
    let alone = minimal().read_string(&format!("out/2024/{MIN_SLUG}.md"));
    let paths: Vec<String> = [&a, &b, &broken]
        .iter()
        .map(|p| p.root.display().to_string())
        .collect();
    let out = a.run(&[
        "build", "2024", "--format", "md", "-p", &paths[0], "-p", &paths[1],
    ]);
    assert_ok(&out);
    for p in [&a, &b] {
        assert_eq!(p.read_string(&format!("out/2024/{MIN_SLUG}.md")), alone);
    }
    let stderr = super::support::stderr_of(&out);
    assert!(stderr.contains("built 2 of 2 projects"), "{stderr}");

    // A list file, with a comment and a blank line; the broken project fails alone.
    let list = a.root.parent().unwrap().join("projekt.txt");
    std::fs::write(&list, format!("# kommuner\n{}\n\n{}\n", paths[1], paths[2])).unwrap();
    std::fs::remove_dir_all(b.path("out")).unwrap();
    let out = a.run(&[
        "build",
        "2024",
        "--format",
        "md",
        "--projects-file",
        &list.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(b.read_string(&format!("out/2024/{MIN_SLUG}.md")), alone);
    assert!(!broken.path("out").exists());
    let stderr = super::support::stderr_of(&out);
    assert!(stderr.contains("built 1 of 2 projects"), "{stderr}");

    // With --out, each project goes into a folder of its own name; two of the same name clash.
    let shared = a.root.parent().unwrap().join("alla");
    let out = a.run(&[
        "build",
        "2024",
        "--format",
        "md",
        "-p",
        &paths[0],
        "-p",
        &paths[1],
        "--out",
        &shared.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(super::support::stderr_of(&out).contains("cli.duplicate-project"));
    assert!(!shared.exists());
}
