//! Every generated sentence of every example and fixture project, in one reviewed snapshot
//! (`snapshots/testsuite__sentences__sentences.snap`), so that each wording change shows in
//! review; and the automated prose checks of docs/sprak.md run over that corpus and over the
//! reports' running text.
//!
//! The projects are prepared in process through the library (`pipeline::prepare_all`), which
//! reads the project and writes nothing.

use std::fmt::Write as _;
use std::sync::OnceLock;

use berattelse::compute::prose::Said;
use berattelse::model::period::Period;
use berattelse::pipeline::{self, Purpose};
use berattelse::project::ProjectDir;

use super::support;

/// One prepared report: its generated texts and its Markdown.
#[allow(dead_code)] // year and markdown: for the prose checks
struct Report {
    /// "exempelkommun 2024 kvalitets-och-patientsakerhetsberattelse-2024".
    label: String,
    year: i32,
    said: Vec<Said>,
    markdown: String,
}

/// The projects, with the period each is built for.
fn projects() -> Vec<(String, std::path::PathBuf, &'static str)> {
    let mut out = Vec::new();
    for (name, period) in [
        ("exempelkommun", "2024"),
        ("separata-berattelser", "2024"),
        ("avvikelserapport-halvar", "2024-H1"),
    ] {
        out.push((name.to_string(), support::examples().join(name), period));
    }
    for (name, period) in [
        ("minimal", "2024"),
        ("charts", "2024"),
        ("other", "2024"),
        ("cases", "2024"),
        ("cases-antal", "2024"),
        ("registries", "2024"),
        ("vanersborg-2023", "2023"),
        ("trends-revision", "2023"),
    ] {
        out.push((format!("fixtures/{name}"), support::fixtures().join(name), period));
    }
    out
}

fn corpus() -> &'static [Report] {
    static CORPUS: OnceLock<Vec<Report>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut out = Vec::new();
        for (name, dir, period) in projects() {
            let project = ProjectDir::open(&dir).unwrap_or_else(|d| panic!("{name}: {d:?}"));
            let period = Period::parse(period).unwrap_or_else(|| panic!("{period}"));
            let mut diags = Vec::new();
            let prepared = pipeline::prepare_all(&project, period, None, Purpose::Build, &mut diags)
                .unwrap_or_else(|| panic!("{name} does not prepare: {diags:#?}"));
            for p in prepared {
                out.push(Report {
                    label: format!(
                        "{name} {period} {}",
                        berattelse::render::document::slug_for(&p.loaded, period)
                    ),
                    year: period.year(),
                    said: p.engine.prose.said(),
                    markdown: p.markdown,
                });
            }
        }
        out
    })
}

/// Markdown escapes and footnote references removed, for reading.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find(']') {
            Some(j) => &rest[i + j + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    let mut s = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        s.push(c);
    }
    s
}

#[test]
fn every_generated_sentence() {
    let mut snap = String::new();
    for r in corpus() {
        writeln!(snap, "# {}", r.label).unwrap();
        let mut section = None;
        for s in &r.said {
            if section != Some(&s.section) {
                writeln!(snap, "\n## {} ({})", s.section, s.chapter).unwrap();
                section = Some(&s.section);
            }
            writeln!(snap, "- {}: {}", s.function, plain(&s.text)).unwrap();
        }
        snap.push('\n');
    }
    insta::assert_snapshot!("sentences", snap);
}
