//! Multi-paragraph text for table cells (a goal's uppföljning): Markdown reduced to plain
//! paragraphs, which typst draws from JSON as data, and a Markdown rendition for pipe-table
//! cells, where paragraphs cannot be written as blank lines.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::escape::escape_markdown;

/// The paragraphs of a Markdown text as plain text: inline markup is dropped (its text kept),
/// soft and hard line breaks become spaces, and each list item becomes a paragraph of its own
/// starting with "– ". Empty paragraphs are left out.
pub fn paragraphs(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() && p != "–" {
            out.push(p);
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, super::parser_options()) {
        match event {
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                current.push_str("– ");
            }
            // A paragraph inside a list item continues the item.
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_))
                if current != "– " =>
            {
                flush(&mut current, &mut out);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => flush(&mut current, &mut out),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                current.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::FootnoteReference(_) | Event::Html(_) | Event::InlineHtml(_) => {}
            Event::TaskListMarker(done) => current.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Plain paragraphs as the content of one Markdown pipe-table cell: each escaped, joined by
/// `<br><br>` (the only paragraph break a pipe-table cell can hold).
pub fn markdown_cell(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| escape_markdown(p).replace('\n', " "))
        .collect::<Vec<_>>()
        .join("<br><br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_inline_markup() {
        let md = "Första stycket\nfortsätter *här*.\n\nAndra `stycket` med [länk](https://x.se).\n\n- punkt ett\n- punkt **två**\n";
        assert_eq!(
            paragraphs(md),
            [
                "Första stycket fortsätter här.",
                "Andra stycket med länk.",
                "– punkt ett",
                "– punkt två"
            ]
        );
        assert!(paragraphs("  \n\n").is_empty());
        assert_eq!(paragraphs("<b>x</b> y"), ["x y"]);
    }

    #[test]
    fn cell_escapes_pipes_and_markup() {
        let cell = markdown_cell(&["a | b *c*".to_string(), "<script>".to_string()]);
        assert_eq!(cell, "a \\| b \\*c\\*<br><br>\\<script\\>");
        // One table row, whatever the text: the cell has no unescaped pipe or newline.
        let row = format!("| {cell} |");
        let table = format!("| h |\n|---|\n{row}\n");
        let cells = Parser::new_ext(&table, crate::render::markdown::parser_options())
            .filter(|e| matches!(e, Event::Start(Tag::TableCell)))
            .count();
        assert_eq!(cells, 2);
    }
}
