//! Section blocks: the parts Bakgrund, Mål, Metod, Resultat, Analys and Åtgärder that a
//! narrative may be divided into, either as headings (`### Resultat`) or as bold paragraph
//! leads (`**Resultat:** …`). Their labels are configurable under `blocks:` in
//! berattelse.yaml; a narrative may use the configured or the default label, and headings are
//! printed with the configured one.
//!
//! With `resultat: auto` on a section in the outline, a narrative without a Resultat block
//! gets one written from the data: one paragraph per indicator table of the section about the
//! indicators that have a value for the report year, as `mening` over a list writes it
//! ([`crate::compute::paragraph`]). It goes before
//! the narrative's Analys or Åtgärder block, or at the end of the narrative (before the
//! tables) when there is none.

use crate::config::blocks::{BlockKind, BlockLabels};

use crate::compute::paragraph::{self, Depth};
use crate::compute::{CellKind, Engine, sentence};
use crate::model::outline::{ResultatMode, SectionSpec, TableKind};
use crate::model::period::Period;
use crate::render::markdown::escape::escape_markdown;

/// A block found in a narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: BlockKind,
    /// Byte offset of the start of its line.
    pub offset: usize,
    /// `Some(level)` for a heading, `None` for a bold lead.
    pub heading: Option<usize>,
    /// Byte range of the heading's text within the narrative (headings only).
    pub text: Option<std::ops::Range<usize>>,
}

/// The blocks of a narrative in order: ATX headings and paragraphs that start with a bold
/// label (`**Resultat:**`, `**Resultat**:`). Lines in fenced code and paragraph continuations
/// are not block starts.
pub fn find(markdown: &str, labels: &BlockLabels) -> Vec<Found> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut offset = 0;
    let mut previous_blank = true;
    for line in markdown.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(trimmed[..3].to_string());
            continue;
        }
        if indent < 4 && trimmed.starts_with('#') {
            let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
            let rest = &trimmed[hashes..];
            if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                let text = rest.trim().trim_end_matches('#').trim_end();
                if let Some(kind) = labels.kind_of(text) {
                    let text_start = start + indent + hashes + (rest.len() - rest.trim_start().len());
                    out.push(Found {
                        kind,
                        offset: start,
                        heading: Some(hashes),
                        text: Some(text_start..text_start + text.len()),
                    });
                }
                previous_blank = true;
                continue;
            }
        }
        if previous_blank && indent < 4 && trimmed.starts_with("**") {
            let inner = &trimmed[2..];
            if let Some(end) = inner.find("**") {
                let label = &inner[..end];
                let after = &inner[end + 2..];
                let lead = label.trim_end().ends_with(':') || after.starts_with(':');
                if lead && let Some(kind) = labels.kind_of(label) {
                    out.push(Found {
                        kind,
                        offset: start,
                        heading: None,
                        text: None,
                    });
                }
            }
        }
        previous_blank = body.trim().is_empty();
    }
    out
}

/// Headings that name a block with a default spelling get the configured label.
pub fn relabel(markdown: &str, labels: &BlockLabels) -> String {
    let mut out = markdown.to_string();
    let mut found = find(markdown, labels);
    found.reverse();
    for f in found {
        if let Some(r) = f.text {
            out.replace_range(r, &escape_markdown(labels.label(f.kind)));
        }
    }
    out
}

/// The generated Resultat block: heading and one paragraph per indicator table, with its
/// footnotes (labels `not-<section>-resultat-N`). `None` when no indicator has a value.
pub fn generated_resultat(
    engine: &Engine,
    spec: &SectionSpec,
    level: usize,
    labels: &BlockLabels,
) -> Option<String> {
    let year = engine.year;
    let prefix = format!("not-{}-resultat", spec.id);
    let mut notes: Vec<String> = Vec::new();
    let mut paragraphs = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for t in spec.tables.iter().filter(|t| t.kind == TableKind::Series) {
        let mut inds = Vec::new();
        for id in &t.indicators {
            if seen.contains(&id.as_str()) {
                continue;
            }
            seen.push(id);
            let Some(ind) = engine.indicator(id) else { continue };
            if matches!(engine.cell(id, year).kind, CellKind::Value(_)) {
                inds.push(ind);
            }
        }
        if inds.is_empty() {
            continue;
        }
        // One paragraph per table: the indicators that moved the same way said together, or
        // when nothing did, each indicator's sentences with their notes.
        let periods = (Period::Year { year: year - 1 }, Period::Year { year });
        let texts = if paragraph::groups(engine, &inds, periods) {
            vec![paragraph::paragraph(engine, &inds, periods, "", Depth::Full)]
        } else {
            inds.iter()
                .map(|ind| sentence::full(engine, ind, year - 1, year, None))
                .collect()
        };
        let mut sentences = Vec::new();
        for text in texts {
            let (head, tail) = text.split();
            let (mut s, tail) = (escape_markdown(head), escape_markdown(tail));
            for n in text.notes {
                let i = match notes.iter().position(|x| *x == n) {
                    Some(i) => i + 1,
                    None => {
                        notes.push(n);
                        notes.len()
                    }
                };
                s.push_str(&format!("[^{prefix}-{i}]"));
            }
            s.push_str(&tail);
            sentences.push(s);
        }
        let s = sentences.join(" ");
        engine.prose.record("resultat", &s);
        paragraphs.push(s);
    }
    if paragraphs.is_empty() {
        return None;
    }
    let mut out = format!(
        "{} {}\n\n{}\n",
        "#".repeat(level),
        escape_markdown(labels.label(BlockKind::Resultat)),
        paragraphs.join("\n\n")
    );
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("\n[^{prefix}-{}]: {}\n", i + 1, escape_markdown(n)));
    }
    Some(out)
}

/// The narrative with its block headings relabelled and, for `resultat: auto`, a generated
/// Resultat block when it has none. `level` is the heading level of the section's own
/// subheadings (3 in a chapter, 4 in a subsection).
pub fn apply(
    engine: &Engine,
    spec: &SectionSpec,
    narrative: &str,
    level: usize,
    labels: &BlockLabels,
) -> String {
    let text = relabel(narrative, labels);
    if spec.resultat != Some(ResultatMode::Auto) {
        return text;
    }
    let found = find(&text, labels);
    if found.iter().any(|f| f.kind == BlockKind::Resultat) {
        return text;
    }
    let level = found.iter().find_map(|f| f.heading).unwrap_or(level);
    let Some(block) = generated_resultat(engine, spec, level, labels) else {
        return text;
    };
    // Bold-lead narratives get a bold-lead Resultat, so that the blocks look alike.
    let block = if !found.is_empty() && found.iter().all(|f| f.heading.is_none()) {
        let label = escape_markdown(labels.label(BlockKind::Resultat));
        block.replacen(
            &format!("{} {label}\n\n", "#".repeat(level)),
            &format!("**{label}:** "),
            1,
        )
    } else {
        block
    };
    match found.iter().find(|f| f.kind > BlockKind::Resultat) {
        Some(f) => {
            let (before, after) = text.split_at(f.offset);
            // Footnote definitions may stay before the next block: they print at the end.
            format!("{}{block}\n{after}", ensure_blank_line(before))
        }
        None if text.trim().is_empty() => block,
        None => format!("{}{block}", ensure_blank_line(&text)),
    }
}

fn ensure_blank_line(s: &str) -> String {
    let t = s.trim_end();
    if t.is_empty() {
        String::new()
    } else {
        format!("{t}\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testing;

    fn labels() -> BlockLabels {
        BlockLabels::default()
    }

    #[test]
    fn headings_and_bold_leads_are_blocks() {
        let md = "Inledning.\n\n### Bakgrund\n\nText.\n\n**Resultat:** Siffror.\n\n**Åtgärd:** Mer.\n\n```\n### Analys\n```\n\nText **Analys:** mitt i.\n";
        let f = find(md, &labels());
        let kinds: Vec<_> = f.iter().map(|f| (f.kind, f.heading)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Bakgrund, Some(3)),
                (BlockKind::Resultat, None),
                (BlockKind::Atgarder, None)
            ]
        );
        assert_eq!(&md[f[1].offset..f[1].offset + 13], "**Resultat:**");
        // "**Resultat**:" counts too; an ordinary bold word does not.
        assert_eq!(find("**Resultat**: x\n", &labels()).len(), 1);
        assert!(find("**Resultatet** var bra.\n", &labels()).is_empty());
        assert!(find("#### Övrigt\n", &labels()).is_empty());
    }

    #[test]
    fn configured_labels_are_recognised_and_printed() {
        let l: BlockLabels = serde_yaml::from_str("resultat: Utfall\nåtgärder: Förbättringar").unwrap();
        assert_eq!(l.kind_of("utfall:"), Some(BlockKind::Resultat));
        assert_eq!(l.kind_of("Resultat"), Some(BlockKind::Resultat));
        assert_eq!(l.kind_of("Förbättringar"), Some(BlockKind::Atgarder));
        assert_eq!(
            relabel("### Resultat\n\nx\n\n### Åtgärder ##\n", &l),
            "### Utfall\n\nx\n\n### Förbättringar ##\n"
        );
        assert!(serde_yaml::from_str::<BlockLabels>("resultatet: x").is_err());
    }

    fn engine() -> Engine {
        let ind = "{id: x.fall, name: Fall, unit: antal}";
        Engine::plain(
            testing::model(ind, &[(2023, Some(40.0)), (2024, Some(50.0))]),
            2024,
        )
    }

    fn spec(auto: bool) -> SectionSpec {
        let yaml = format!(
            "{{id: fall, title: Fall, {}tables: [{{id: t, caption: T, indicators: [x.fall]}}]}}",
            if auto { "resultat: auto, " } else { "" }
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn auto_resultat_goes_before_analys() {
        let e = engine();
        let md = "### Bakgrund\n\nOm fall.\n\n### Analys\n\nVarför.\n";
        let out = apply(&e, &spec(true), md, 3, &labels());
        let r = out.find("### Resultat\n\n").expect(&out);
        assert!(
            r > out.find("Om fall.").unwrap() && r < out.find("### Analys").unwrap(),
            "{out}"
        );
        assert!(out.contains("ökade"), "{out}");
        assert!(out.contains("från 40 år 2023 till 50 år 2024"), "{out}");
        // Without `resultat: auto`, or with a Resultat block of its own, nothing is added.
        assert_eq!(apply(&e, &spec(false), md, 3, &labels()), md);
        let own = "**Resultat:** Egna ord.\n\n**Analys:** x\n";
        assert_eq!(apply(&e, &spec(true), own, 3, &labels()), own);
    }

    #[test]
    fn auto_resultat_with_bold_leads_and_alone() {
        let e = engine();
        let md = "**Bakgrund:** Om fall.\n\n**Åtgärder:** Fallronder.\n";
        let out = apply(&e, &spec(true), md, 3, &labels());
        assert!(
            out.starts_with("**Bakgrund:** Om fall.\n\n**Resultat:** "),
            "{out}"
        );
        assert!(out.ends_with("**Åtgärder:** Fallronder.\n"), "{out}");
        let alone = apply(&e, &spec(true), "", 4, &labels());
        assert!(alone.starts_with("#### Resultat\n\n"), "{alone}");
    }
}
