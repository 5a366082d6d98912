//! Heading normalisation for narratives that are embedded under a section of the report.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Rewrite the headings of a narrative text so that its highest heading level becomes `top` and
/// no level is skipped (levels are ranked: e.g. a text using #, ### with top=3 gets ###, ####).
/// Setext headings become ATX. Everything else byte-for-byte unchanged. Uses pulldown-cmark
/// offsets (not regexes), so '#' inside code blocks is untouched. Levels beyond 6 clamp to 6.
///
/// `top` outside 1..=6 is clamped into that range.
pub fn normalise_headings(markdown: &str, top: u8) -> String {
    let found = find_headings(markdown);

    let mut levels: Vec<u8> = found.iter().map(|h| h.level).collect();
    levels.sort_unstable();
    levels.dedup();
    let top = top.clamp(1, 6);

    let mut out = String::with_capacity(markdown.len() + 16);
    let mut copied = 0;
    for heading in &found {
        let rank = levels.iter().position(|&l| l == heading.level).unwrap_or(0);
        let level = usize::from(top).saturating_add(rank).min(6);
        // Headings cannot nest, so their ranges are disjoint and in order; anything else would be
        // a parser bug, and skipping that heading keeps the text intact.
        let (Some(before), Some(source)) = (
            markdown.get(copied..heading.range.start),
            markdown.get(heading.range.clone()),
        ) else {
            continue;
        };
        out.push_str(before);
        match atx_marker_len(source) {
            Some(marker) => {
                push_hashes(&mut out, level);
                out.push_str(&source[marker..]);
            }
            None if starts_its_line(markdown, heading.range.start) => {
                out.push_str(&setext_to_atx(source, level, heading.quote_depth));
            }
            // E.g. after a task-list marker, where `#` would not start a heading: keep setext.
            None => out.push_str(&relevel_setext(source, level)),
        }
        copied = heading.range.end;
    }
    out.push_str(markdown.get(copied..).unwrap_or_default());
    out
}

struct Heading {
    /// From the first character of the heading (after indentation and container markers) to the
    /// end of its last line, including the line ending.
    range: Range<usize>,
    level: u8,
    /// How many block quotes contain the heading; their `>` markers prefix setext continuation
    /// lines.
    quote_depth: usize,
}

fn find_headings(markdown: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut quote_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, super::parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => found.push(Heading {
                range,
                level: level as u8,
                quote_depth,
            }),
            _ => {}
        }
    }
    found
}

/// Length of the opening `#` run if `source` is an ATX heading. A setext heading may also start
/// with `#` (as in `#hashtag` underlined with `===`), but then the run is not a valid ATX opener.
fn atx_marker_len(source: &str) -> Option<usize> {
    let len = source.bytes().take_while(|&b| b == b'#').count();
    let valid_end = matches!(
        source.as_bytes().get(len),
        None | Some(b' ' | b'\t' | b'\n' | b'\r')
    );
    ((1..=6).contains(&len) && valid_end).then_some(len)
}

fn push_hashes(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n('#', level));
}

/// Turns a setext heading (content lines plus underline) into one ATX line, keeping the original
/// line ending after it.
fn setext_to_atx(source: &str, level: usize, quote_depth: usize) -> String {
    let body = source.trim_end_matches(['\n', '\r']);
    let ending = &source[body.len()..];
    // The last line of the body is the underline; a setext heading always has content before it.
    let content = body.rfind('\n').map_or("", |i| &body[..i]);

    let mut text = String::with_capacity(content.len());
    for (i, line) in content.split('\n').enumerate() {
        let line = if i == 0 {
            line
        } else {
            strip_container_prefix(line, quote_depth)
        };
        let line = line.trim_matches([' ', '\t', '\r']);
        // A backslash at the end of a line is a hard break, which an ATX heading cannot hold;
        // mid-line it would turn into a literal backslash, so drop it (an even count is escaped
        // backslashes and stays).
        let trailing = line.len() - line.trim_end_matches('\\').len();
        let line = if trailing % 2 == 1 {
            &line[..line.len() - 1]
        } else {
            line
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.trim_end_matches([' ', '\t']));
    }

    // In ATX form a trailing ` ###` would be read as the optional closing sequence and vanish.
    let without_hashes = text.trim_end_matches('#');
    if without_hashes.len() < text.len()
        && (without_hashes.is_empty() || without_hashes.ends_with([' ', '\t']))
    {
        text.insert(without_hashes.len(), '\\');
    }

    let mut out = String::with_capacity(text.len() + level + 1 + ending.len());
    push_hashes(&mut out, level);
    out.push(' ');
    out.push_str(&text);
    out.push_str(ending);
    out
}

/// Whether only container markup (indentation, `>`, list markers) precedes `at` on its line.
fn starts_its_line(markdown: &str, at: usize) -> bool {
    let before = markdown.get(..at).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..]
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '>' | '-' | '+' | '*' | '.' | ')' | '0'..='9'))
}

/// Changes the underline of a setext heading that cannot become ATX. Setext has only two levels,
/// so deeper levels keep the nearest one.
fn relevel_setext(source: &str, level: usize) -> String {
    let body = source.trim_end_matches(['\n', '\r']);
    let Some(underline_at) = body.rfind('\n').map(|i| i + 1) else {
        return source.to_owned();
    };
    let underline = &body[underline_at..];
    let marker = if level == 1 { '=' } else { '-' };
    let relevelled: String = underline
        .chars()
        .map(|c| if matches!(c, '=' | '-') { marker } else { c })
        .collect();
    format!("{}{relevelled}{}", &body[..underline_at], &source[body.len()..])
}

/// Removes indentation and up to `quote_depth` block-quote markers from a continuation line.
fn strip_container_prefix(line: &str, quote_depth: usize) -> &str {
    let mut line = line.trim_start_matches([' ', '\t']);
    for _ in 0..quote_depth {
        match line.strip_prefix('>') {
            Some(rest) => line = rest.trim_start_matches([' ', '\t']),
            None => break,
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::HeadingLevel;

    /// (level, plain text) of every heading, to compare renderings before and after.
    fn headings(markdown: &str) -> Vec<(HeadingLevel, String)> {
        let mut out = Vec::new();
        let mut current: Option<(HeadingLevel, String)> = None;
        for event in Parser::new_ext(markdown, super::super::parser_options()) {
            match event {
                Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
                Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, s)) = current.as_mut() {
                        s.push(' ');
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn ranks_levels_from_top() {
        assert_eq!(
            normalise_headings("# A\n\ntext\n\n### B\n", 3),
            "### A\n\ntext\n\n#### B\n"
        );
        assert_eq!(
            normalise_headings("## A\n#### B\n###### C\n#### D", 1),
            "# A\n## B\n### C\n## D"
        );
    }

    #[test]
    fn lowers_levels_too() {
        assert_eq!(normalise_headings("### A\n#### B\n", 1), "# A\n## B\n");
    }

    #[test]
    fn clamps_at_six() {
        let src = "# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n";
        assert_eq!(
            normalise_headings(src, 4),
            "#### 1\n##### 2\n###### 3\n###### 4\n###### 5\n###### 6\n"
        );
        assert_eq!(normalise_headings("# A\n", 9), "###### A\n");
        assert_eq!(normalise_headings("## A\n", 0), "# A\n");
    }

    #[test]
    fn keeps_everything_else() {
        let src = "Intro  \n\n  ## Rubrik ## \n\n```md\n# inte rubrik\n```\n\n    # indragen kod\n\n\
                   > ## Citat {#id .c}\n\n- ### I lista\n\ntext # med brädgård\n";
        assert_eq!(
            normalise_headings(src, 2),
            "Intro  \n\n  ## Rubrik ## \n\n```md\n# inte rubrik\n```\n\n    # indragen kod\n\n\
             > ## Citat {#id .c}\n\n- ### I lista\n\ntext # med brädgård\n"
        );
        assert_eq!(
            normalise_headings(src, 1),
            "Intro  \n\n  # Rubrik ## \n\n```md\n# inte rubrik\n```\n\n    # indragen kod\n\n\
             > # Citat {#id .c}\n\n- ## I lista\n\ntext # med brädgård\n"
        );
        assert_eq!(normalise_headings("", 2), "");
        assert_eq!(normalise_headings("bara text\r\n", 2), "bara text\r\n");
    }

    #[test]
    fn setext_becomes_atx() {
        assert_eq!(
            normalise_headings("Titel\n=====\n\nDel {#del}\n---\ntext\n", 2),
            "## Titel\n\n### Del {#del}\ntext\n"
        );
        assert_eq!(normalise_headings("Titel\r\n===\r\n", 1), "# Titel\r\n");
        assert_eq!(normalise_headings("#hashtag\n===", 2), "## #hashtag");
    }

    #[test]
    fn setext_edge_cases_keep_their_text() {
        for src in [
            "Rad ett\nrad *två*\n===\n",
            "Slut #\n===\n",
            "\\##\n---\n",
            "> Citat\n> fortsätter\n> ---\n",
            "> > Djup\n> > rad\n> > ===\n",
            "- Punkt\\\n  rad  \n  tre\n  ---\n",
            "Dubbel\\\\\nrad\n===\n",
        ] {
            let out = normalise_headings(src, 3);
            let before = headings(src);
            let after = headings(&out);
            assert_eq!(before.len(), 1, "{src:?}");
            assert_eq!(after.len(), 1, "{src:?} -> {out:?}");
            assert_eq!(after[0].0, HeadingLevel::H3, "{out:?}");
            assert_eq!(
                after[0].1.split_whitespace().collect::<Vec<_>>(),
                before[0].1.split_whitespace().collect::<Vec<_>>(),
                "{src:?} -> {out:?}"
            );
            assert!(!out.contains("==") && !out.contains("--"), "{out:?}");
        }
    }

    #[test]
    fn setext_after_task_marker_stays_setext() {
        assert_eq!(
            normalise_headings("- [ ] Uppgift\n  ===\n", 2),
            "- [ ] Uppgift\n  ---\n"
        );
        assert_eq!(
            normalise_headings("- [x] Klar\n  ---\n", 1),
            "- [x] Klar\n  ===\n"
        );
    }

    #[test]
    fn tolerates_odd_input() {
        for src in ["#", "#\n#", "######", "# \n", "\u{a0}# a", "---\n", "a\n---"] {
            let out = normalise_headings(src, 2);
            assert_eq!(headings(&out).len(), headings(src).len(), "{src:?} -> {out:?}");
        }
    }
}
