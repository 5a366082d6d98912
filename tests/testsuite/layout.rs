//! The layout check: every example and fixture is laid out, and every page is read from
//! typst's own layout result (`<slug>.layout.json`, written with `--format typ`). A heading in
//! the last three lines of a page, a table fragment of one row, a caption parted from its
//! table and a page under 40 % full that does not end at a deliberate break fail the test,
//! with the page named.

use std::path::Path;

use berattelse::render::typst::layout::{PageLayout, problems};

use super::support::{
    Project, assert_ok, avvikelserapport_halvar, charts, exempelkommun, separata_berattelser,
};

/// Every `*.layout.json` under `dir`, with what is wrong on its pages.
fn findings(dir: &Path) -> Vec<(String, Vec<PageLayout>, Vec<String>)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".layout.json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no layout.json in {}", dir.display());
    for f in files {
        let pages: Vec<PageLayout> = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let found = problems(&pages);
        out.push((
            f.file_name().unwrap().to_string_lossy().into_owned(),
            pages,
            found,
        ));
    }
    out
}

#[track_caller]
fn assert_clean(dir: &Path) -> Vec<(String, Vec<PageLayout>)> {
    let all = findings(dir);
    let bad: Vec<String> = all
        .iter()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(name, _, f)| format!("{name}:\n  {}", f.join("\n  ")))
        .collect();
    assert!(bad.is_empty(), "layout problems:\n{}", bad.join("\n"));
    all.into_iter().map(|(n, p, _)| (n, p)).collect()
}

#[test]
fn examples_lay_out_cleanly() {
    let combined = assert_clean(&exempelkommun().path("out/2024"));
    assert_clean(&separata_berattelser().path("out/2024"));
    assert_clean(&avvikelserapport_halvar().path("out/2024-H1"));
    let fixture = assert_clean(&charts().path("out/2024"));
    // Every chart was found and read (labels and marks), so "no collisions" means something.
    for (name, pages, expected) in [
        (&combined[0].0, &combined[0].1, 5),
        (&fixture[0].0, &fixture[0].1, 4),
    ] {
        let charts: Vec<_> = pages.iter().flat_map(|p| &p.charts).collect();
        assert_eq!(charts.len(), expected, "{name}: charts read");
        assert!(
            charts.iter().all(|c| c.labels > 3 && c.marks >= 3),
            "{name}: {charts:?}"
        );
    }
    // Chapters run on: the combined report is far from one chapter per page.
    let pages = &combined[0].1;
    // (25 since the risk matrix, the avvikelse depth tables, case tables, tillsyn and
    // provider follow-up of issue 14.)
    assert!(pages.len() <= 26, "{} pages", pages.len());
    let under: Vec<usize> = pages
        .iter()
        .filter(|p| p.fill < 0.4 && !p.deliberate_break)
        .map(|p| p.page)
        .collect();
    assert!(under.is_empty(), "pages under 40 % full: {under:?}");
}

#[test]
fn fixtures_lay_out_cleanly() {
    for (name, period) in [
        ("minimal", "2024"),
        ("cases", "2024"),
        ("cases-antal", "2024"),
        ("registries", "2024"),
        ("other", "2024"),
        ("trends-revision", "2023"),
        ("vanersborg-2023", "2023"),
        ("deep-outline", "2024"),
    ] {
        let p = Project::fixture(name);
        assert_ok(&p.run(&["build", period, "--format", "pdf,typ"]));
        assert_clean(&p.path(&format!("out/{period}")));
    }
}

#[test]
fn new_page_per_chapter_is_a_deliberate_break() {
    let p = Project::fixture("minimal");
    p.edit(
        "berattelse.yaml",
        "document:",
        "profile:\n  ny_sida_per_kapitel: true\ndocument:",
    );
    assert_ok(&p.run(&["build", "2024", "--format", "pdf,typ"]));
    let all = assert_clean(&p.path("out/2024"));
    let pages = &all[0].1;
    // Every chapter heading opens its page, and the page before it ends on purpose.
    for (i, page) in pages.iter().enumerate() {
        for h in page
            .headings
            .iter()
            .filter(|h| h.level == 1 && h.text != "Innehåll")
        {
            assert!(
                i == 0 || pages[i - 1].deliberate_break,
                "page {}: chapter \"{}\" does not follow a break",
                page.page,
                h.text
            );
        }
    }
}
