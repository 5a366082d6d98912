//! Data-block and page-break markers in the report Markdown.
//!
//! The templates wrap the Markdown rendition of each data table or chart in
//! `<!-- berattelse:block ID -->` … `<!-- berattelse:end -->` on lines of their own; in the PDF the
//! block is drawn from JSON instead. Markers are found by scanning source lines *before* the real
//! parse, because a marker is not always an HTML block of its own (a table or paragraph directly
//! above it may claim the line). Each marker region is replaced by a placeholder comment set off by
//! blank lines, so the parser always yields it as a separate HTML block; the converter recognises
//! placeholders by their offset, never by their text, so a narrative cannot forge one.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// What to emit in place of a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    Block(String),
    PageBreak,
}

/// The source to parse, with each marker replaced by a placeholder.
pub(super) struct Prepared {
    pub(super) source: String,
    /// Offset in `source` of each placeholder's `<`, in document order.
    pub(super) actions: Vec<(usize, Action)>,
    /// The Markdown between each action's markers (empty for a page break), by index.
    pub(super) regions: Vec<String>,
}

const PLACEHOLDER: &str = "<!-- berattelse -->";

#[derive(Debug, PartialEq, Eq)]
enum Marker<'a> {
    Begin(&'a str),
    End,
    PageBreak,
}

/// Replaces marker regions by placeholders.
///
/// A begin marker without a matching end marker still yields its block, but nothing after it is
/// skipped: dropping the rest of the narrative would lose text silently, while a duplicated
/// Markdown table is visible and easy to fix. A stray end marker is an ordinary (dropped) comment.
/// Markers inside code blocks are text; markers inside block quotes are not recognised.
pub(super) fn prepare(markdown: &str) -> Prepared {
    let code = code_ranges(markdown);
    let lines: Vec<(usize, &str)> = markdown
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();

    let mut source = String::with_capacity(markdown.len());
    let mut actions = Vec::new();
    let mut regions = Vec::new();
    let mut i = 0;
    while let Some(&(start, line)) = lines.get(i) {
        i += 1;
        // Code ranges may start after the indentation, so test for overlap, not containment.
        let line_end = start + line.len();
        let in_code = code.iter().any(|r| r.start < line_end && start < r.end);
        let action = match parse_marker(line) {
            Some(Marker::Begin(id)) if !in_code => {
                // The region's own content is generated, so its end marker counts even where a
                // stray fence in it would make the parser see code.
                let mut region = String::new();
                if let Some(end) = lines[i..]
                    .iter()
                    .position(|(_, l)| parse_marker(l) == Some(Marker::End))
                {
                    region = lines[i..i + end].iter().map(|(_, l)| *l).collect();
                    i += end + 1;
                }
                regions.push(region);
                Action::Block(id.to_owned())
            }
            Some(Marker::PageBreak) if !in_code => {
                regions.push(String::new());
                Action::PageBreak
            }
            _ => {
                source.push_str(line);
                continue;
            }
        };
        // Keep the indentation so a marker inside a list item stays in that item.
        let indent = &line[..line.len() - line.trim_start().len()];
        source.push('\n');
        source.push_str(indent);
        actions.push((source.len(), action));
        source.push_str(PLACEHOLDER);
        source.push_str("\n\n");
    }
    Prepared {
        source,
        actions,
        regions,
    }
}

fn parse_marker(line: &str) -> Option<Marker<'_>> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    let mut words = inner.split_whitespace();
    let marker = match (words.next()?, words.next()) {
        ("berattelse:block", Some(id)) => Marker::Begin(id),
        ("berattelse:end", None) => Marker::End,
        ("berattelse:pagebreak", None) => Marker::PageBreak,
        _ => return None,
    };
    words.next().is_none().then_some(marker)
}

fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    Parser::new_ext(markdown, super::parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| matches!(event, Event::Start(Tag::CodeBlock(_))).then_some(range))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markers() {
        assert_eq!(
            parse_marker("<!-- berattelse:block tabell-3 -->\n"),
            Some(Marker::Begin("tabell-3"))
        );
        assert_eq!(parse_marker("  <!--berattelse:end-->\r\n"), Some(Marker::End));
        assert_eq!(
            parse_marker("<!-- berattelse:pagebreak -->"),
            Some(Marker::PageBreak)
        );
        for line in [
            "<!-- berattelse:block -->",
            "<!-- berattelse:block a b -->",
            "<!-- berattelse:end x -->",
            "<!-- berattelse:end --> x",
            "text <!-- berattelse:end -->",
            "<!-- annan kommentar -->",
        ] {
            assert_eq!(parse_marker(line), None, "{line}");
        }
    }

    #[test]
    fn replaces_regions_and_records_offsets() {
        let p = prepare("A\n<!-- berattelse:block t -->\n| x |\n<!-- berattelse:end -->\nB\n");
        assert_eq!(p.source, "A\n\n<!-- berattelse -->\n\nB\n");
        assert_eq!(p.actions, vec![(3, Action::Block("t".into()))]);
        assert!(p.source[3..].starts_with(PLACEHOLDER));
    }

    #[test]
    fn ignores_markers_in_code() {
        let src = "```\n<!-- berattelse:pagebreak -->\n```\n\n    <!-- berattelse:pagebreak -->\n";
        let p = prepare(src);
        assert_eq!(p.source, src);
        assert!(p.actions.is_empty());
    }
}
