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

// ---------------------------------------------------------------------------------------
// The prose checks of docs/sprak.md, over the corpus.
// ---------------------------------------------------------------------------------------

/// The sentences of a text (split after ". ", with footnote references and escapes removed).
fn sentences_of(text: &str) -> Vec<String> {
    let text = plain(text);
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let next = bytes.get(k + 1).map(|x| x.1);
        let after = bytes.get(k + 2).map(|x| x.1);
        if c == '.' && (next.is_none() || (next == Some(' ') && after.is_some_and(char::is_uppercase))) {
            out.push(text[start..=i].trim().to_string());
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Sentences that make a claim about an indicator, from the functions that write one.
fn claims(r: &Report) -> impl Iterator<Item = (&Said, String)> {
    r.said
        .iter()
        .filter(|s| ["andring", "mening", "jamforelse", "resultat"].contains(&s.function.as_str()))
        .flat_map(|s| sentences_of(&s.text).into_iter().map(move |t| (s, t)))
}

#[test]
fn every_built_in_indicator_has_a_noun_phrase_subject() {
    #[derive(serde::Deserialize)]
    struct File {
        indicators: Vec<serde_yaml::Value>,
    }
    let text = std::fs::read_to_string(support::repo().join("report-templates/indicators.yaml")).unwrap();
    let file: File = serde_yaml::from_str(&text).unwrap();
    for i in file.indicators {
        let id = i["id"].as_str().unwrap();
        let subject = i["subject"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} has no subject:"));
        assert!(
            is_noun_phrase(subject),
            "{id}: \"{subject}\" is not a noun phrase"
        );
    }
}

use berattelse::compute::words::is_noun_phrase;

#[test]
fn subjects_are_noun_phrases() {
    let verbs = [
        " ökade",
        " minskade",
        " var ",
        " låg ",
        " förbättrades",
        " försämrades",
        " nåddes",
    ];
    // A paragraph's group sentences open with a count ("Alla fyra indikatorerna", "Tre av
    // fyra") or a phrase ("För alla fyra …"); their subjects are not an indicator's.
    let counts = ["Alla ", "Båda ", "För ", "Av ", "Ingen "];
    let mut bad = Vec::new();
    for r in corpus() {
        for (s, sentence) in claims(r) {
            let count = sentence.split_whitespace().nth(1).is_some_and(|w| w == "av");
            if count || counts.iter().any(|c| sentence.starts_with(c)) {
                continue;
            }
            let Some(end) = verbs.iter().filter_map(|v| sentence.find(v)).min() else {
                continue;
            };
            let subject = &sentence[..end];
            if !is_noun_phrase(subject) {
                bad.push(format!("{} {}: {sentence}", r.label, s.section));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "subjects that are not noun phrases:\n{}",
        bad.join("\n")
    );
}

/// The judgement phrases the budget keeps to two per chapter.
const JUDGEMENT_PHRASES: [&str; 10] = [
    "en förbättring",
    "ett bättre resultat",
    "en försämring",
    "ett sämre resultat",
    "året i rad",
    "året i följd",
    "den högsta nivån",
    "det högsta",
    "den lägsta nivån",
    "det lägsta",
];

#[test]
fn no_judgement_phrase_more_than_twice_per_chapter() {
    let mut bad = Vec::new();
    for r in corpus() {
        let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
        for s in &r.said {
            for p in JUDGEMENT_PHRASES {
                *counts.entry((s.chapter.as_str(), p)).or_default() += s.text.matches(p).count();
            }
        }
        for ((chapter, p), n) in counts {
            if n > 2 {
                bad.push(format!("{} chapter {chapter}: \"{p}\" {n} times", r.label));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A number at the start of `s` ("2 590", "6,6"), with its length in bytes.
fn number_at(s: &str) -> Option<(f64, usize)> {
    let len: usize = s
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '\u{a0}' || *c == ',')
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let text = s[..len].trim_end_matches(['\u{a0}', ',']);
    let n: f64 = text.replace('\u{a0}', "").replace(',', ".").parse().ok()?;
    Some((n, len))
}

#[test]
fn no_percent_change_between_small_numbers() {
    let mut bad = Vec::new();
    for r in corpus() {
        for (_, sentence) in claims(r) {
            let Some(i) = sentence.find("från ") else {
                continue;
            };
            let rest = &sentence[i + "från ".len()..];
            let Some((a, la)) = number_at(rest) else { continue };
            // A count: no unit after the first value.
            if !(rest[la..].starts_with(" till") || rest[la..].starts_with(" år ")) {
                continue;
            }
            let Some(j) = rest.find(" till ") else { continue };
            let Some((b, lb)) = number_at(&rest[j + " till ".len()..]) else {
                continue;
            };
            let tail = &rest[j + " till ".len() + lb..];
            let small = (a < 20.0 && b < 20.0) || (b - a).abs() < 5.0;
            if small && tail.contains('%') {
                bad.push(format!("{}: {sentence}", r.label));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "percent changes between small numbers:\n{}",
        bad.join("\n")
    );
}

fn ordinal_value(word: &str) -> Option<i32> {
    let words = [
        "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde", "elfte",
        "tolfte",
    ];
    words.iter().position(|w| *w == word).map(|p| p as i32 + 2)
}

#[test]
fn no_streak_or_extreme_outside_the_years_shown() {
    let mut bad = Vec::new();
    for r in corpus() {
        for (s, sentence) in claims(r) {
            let mut reaches = Vec::new();
            for marker in ["året i rad", "året i följd"] {
                if let Some(i) = sentence.find(marker) {
                    let word = sentence[..i].split_whitespace().last().unwrap_or("");
                    let n = ordinal_value(word).unwrap_or(99);
                    reaches.push(r.year - n);
                }
            }
            for marker in ["sedan ", "perioden "] {
                if let Some(i) = sentence.find(marker)
                    && let Some((y, _)) = number_at(&sentence[i + marker.len()..])
                {
                    reaches.push(y as i32);
                }
            }
            for y in reaches {
                if s.shown_from.is_none_or(|first| y < first) {
                    bad.push(format!(
                        "{} {} (shows from {:?}): {sentence}",
                        r.label, s.section, s.shown_from
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "claims beyond the years shown:\n{}",
        bad.join("\n")
    );
}

/// Running text of a report: no tables, headings, footnote definitions or comments.
fn running_text(markdown: &str) -> impl Iterator<Item = &str> {
    markdown.lines().filter(|l| {
        let t = l.trim_start();
        !(t.is_empty()
            || t.starts_with('|')
            || t.starts_with('#')
            || t.starts_with("[^")
            || t.starts_with('<'))
    })
}

#[test]
fn no_zero_standing_for_inga() {
    let mut bad = Vec::new();
    for r in corpus() {
        for line in running_text(&r.markdown) {
            let words: Vec<&str> = line.split(' ').collect();
            for (k, w) in words.iter().enumerate() {
                let before = k.checked_sub(1).map_or("", |p| words[p]);
                let next = words.get(k + 1).copied().unwrap_or("");
                let noun = next.chars().next().is_some_and(char::is_lowercase)
                    && !["av", "och", "till", "procent"].contains(&next);
                if *w == "0" && noun && !["från", "till"].contains(&before) {
                    bad.push(format!("{}: {line}", r.label));
                }
            }
        }
    }
    assert!(bad.is_empty(), "\"0\" for \"inga\":\n{}", bad.join("\n"));
}

#[test]
fn no_breakable_space_before_percent_or_paragraph_sign() {
    let mut bad = Vec::new();
    for r in corpus() {
        for line in r.markdown.lines().chain(r.said.iter().map(|s| s.text.as_str())) {
            if line.contains(" %") || line.contains(" §") {
                bad.push(format!("{}: {line}", r.label));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "a breakable space before % or §:\n{}",
        bad.join("\n")
    );
}

/// The Resultat paragraphs of a report: a paragraph that opens with a bold "Resultat" lead,
/// and the paragraphs under a heading "Resultat".
fn resultat_paragraphs(markdown: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut under_heading = false;
    for p in markdown.split("\n\n") {
        let t = p.trim_start();
        if t.starts_with('#') {
            under_heading = t.trim_start_matches('#').trim().starts_with("Resultat");
            continue;
        }
        let under = under_heading && !t.starts_with('|') && !t.starts_with("[^") && !t.starts_with('<');
        if t.starts_with("**Resultat") || under {
            out.push(t);
        }
    }
    out
}

/// The frame of a sentence: its first word and its first finite verb ("Andelen … ökade",
/// "Målvärdet … nåddes", "Värdet … låg").
fn frame(sentence: &str) -> Option<(String, &'static str)> {
    const VERBS: [&str; 10] = [
        "ökade",
        "minskade",
        "var",
        "låg",
        "nåddes",
        "nådde",
        "förbättrades",
        "försämrades",
        "gällde",
        "hade",
    ];
    let mut words = sentence.split_whitespace();
    let first = words.next()?.to_string();
    let verb = words.find_map(|w| {
        VERBS
            .iter()
            .find(|v| **v == w.trim_end_matches([',', '.', ';', ':']))
    })?;
    Some((first, verb))
}

#[test]
fn no_resultat_paragraph_repeats_a_sentence_frame_more_than_twice() {
    let mut bad = Vec::new();
    for r in corpus() {
        for p in resultat_paragraphs(&r.markdown) {
            let mut counts: std::collections::BTreeMap<(String, &str), usize> = Default::default();
            for s in sentences_of(p) {
                if let Some(f) = frame(&s) {
                    *counts.entry(f).or_default() += 1;
                }
            }
            for ((first, verb), n) in counts {
                if n > 2 {
                    bad.push(format!("{}: \"{first} … {verb}\" {n} times in: {p}", r.label));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "Resultat paragraphs that repeat a sentence frame:\n{}",
        bad.join("\n")
    );
}
