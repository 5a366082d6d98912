//! The report Markdown as a small tree, for the renderers that are not typst (HTML, Word).
//!
//! The same parser options and block markers as the typst conversion: a data-block marker
//! becomes [`Node::Block`] with the Markdown of its region as a fallback, so a renderer draws
//! the blocks it knows from the document's data and any other block from its Markdown. Raw
//! HTML is kept as text (comments dropped), never as markup.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Parser, Tag, TagEnd};

use super::markers::{self, Action};

/// Nesting beyond this is kept as plain text (as in the typst conversion).
const MAX_DEPTH: usize = 48;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Heading {
        /// Markdown level: 1 for `#`, 2 for `##` (the report's chapters).
        level: u8,
        id: Option<String>,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Node>>,
    },
    Quote(Vec<Node>),
    Code(String),
    Table(GridTable),
    Rule,
    /// A data block: its id and its region's Markdown as a tree.
    Block {
        id: String,
        fallback: Vec<Node>,
    },
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridTable {
    /// `left`, `right`, `center` or empty, per column.
    pub align: Vec<&'static str>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Strike(Vec<Inline>),
    Sup(Vec<Inline>),
    Sub(Vec<Inline>),
    Link {
        dest: String,
        content: Vec<Inline>,
    },
    Image {
        dest: String,
        alt: String,
    },
    /// A footnote reference: the case-folded name of its definition.
    Note(String),
    Break,
}

/// The parsed document: its blocks and the footnote definitions by case-folded name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub notes: BTreeMap<String, Vec<Node>>,
}

pub fn parse(markdown: &str) -> Tree {
    let prepared = markers::prepare(markdown);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&prepared.source, super::parser_options())
        .into_offset_iter()
        .collect();
    let mut b = Builder {
        events: &events,
        at: 0,
        depth: 0,
        actions: prepared.actions.into_iter().map(|(o, a)| (o, Some(a))).collect(),
        regions: prepared.regions,
        notes: BTreeMap::new(),
    };
    let mut nodes = b.blocks();
    // Placeholders the parser did not see as HTML blocks still yield their block, last.
    nodes.extend(b.take_actions(0..usize::MAX));
    Tree {
        nodes,
        notes: b.notes,
    }
}

/// All text of inlines, formatting dropped (alt texts, headings as plain text).
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Strike(c) | Inline::Sup(c) | Inline::Sub(c) => {
                s.push_str(&plain(c))
            }
            Inline::Link { content, .. } => s.push_str(&plain(content)),
            Inline::Image { alt, .. } => s.push_str(alt),
            Inline::Note(_) => {}
            Inline::Break => s.push(' '),
        }
    }
    s
}

struct Builder<'e, 'a> {
    events: &'e [(Event<'a>, Range<usize>)],
    at: usize,
    depth: usize,
    actions: Vec<(usize, Option<Action>)>,
    regions: Vec<String>,
    notes: BTreeMap<String, Vec<Node>>,
}

impl<'a> Builder<'_, 'a> {
    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let e = self.events.get(self.at).cloned();
        self.at += 1;
        e
    }

    /// Block nodes up to the end of the enclosing element (or of the document).
    fn blocks(&mut self) -> Vec<Node> {
        let mut out = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        while let Some((event, span)) = self.next() {
            match event {
                Event::End(_) => break,
                Event::Start(tag) if is_inline(&tag) => {
                    loose.extend(self.inline_tag(tag));
                    continue;
                }
                Event::Start(tag) => {
                    if !loose.is_empty() {
                        out.push(Node::Paragraph(std::mem::take(&mut loose)));
                    }
                    self.block_tag(tag, span, &mut out);
                }
                Event::Rule => out.push(Node::Rule),
                Event::Html(_) => out.extend(self.take_actions(span)),
                other => {
                    if let Some(i) = self.inline_event(other) {
                        loose.push(i);
                    }
                }
            }
        }
        if !loose.is_empty() {
            out.push(Node::Paragraph(loose));
        }
        out
    }

    fn block_tag(&mut self, tag: Tag<'a>, span: Range<usize>, out: &mut Vec<Node>) {
        if self.depth >= MAX_DEPTH {
            let text = self.flat();
            out.push(Node::Paragraph(vec![Inline::Text(text)]));
            return;
        }
        self.depth += 1;
        match tag {
            Tag::Paragraph => out.push(Node::Paragraph(self.inlines())),
            Tag::Heading { level, id, .. } => out.push(Node::Heading {
                level: level as u8,
                id: id.map(|s| s.to_string()).filter(|s| !s.is_empty()),
                content: self.inlines(),
            }),
            Tag::BlockQuote(_) => out.push(Node::Quote(self.blocks())),
            Tag::CodeBlock(_) => {
                let mut code = self.flat();
                if code.ends_with('\n') {
                    code.pop();
                }
                out.push(Node::Code(code));
            }
            Tag::HtmlBlock => {
                let text: String = self.flat();
                let text = strip_comments(&text);
                if !text.trim().is_empty() {
                    out.push(Node::Paragraph(vec![Inline::Text(text.trim().to_string())]));
                }
                out.extend(self.take_actions(span));
            }
            Tag::List(start) => out.push(self.list(start)),
            Tag::Table(aligns) => out.push(Node::Table(self.table(&aligns))),
            Tag::FootnoteDefinition(name) => {
                let content = self.blocks();
                self.notes.entry(name.to_lowercase()).or_insert(content);
            }
            _ => out.extend(self.blocks()),
        }
        self.depth -= 1;
    }

    fn list(&mut self, start: Option<u64>) -> Node {
        let mut items = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.blocks()),
                Event::End(_) => break,
                _ => {}
            }
        }
        Node::List { start, items }
    }

    fn table(&mut self, aligns: &[Alignment]) -> GridTable {
        let mut t = GridTable {
            align: aligns
                .iter()
                .map(|a| match a {
                    Alignment::Left => "left",
                    Alignment::Right => "right",
                    Alignment::Center => "center",
                    Alignment::None => "",
                })
                .collect(),
            ..GridTable::default()
        };
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => t.head = self.cells(),
                Event::Start(Tag::TableRow) => {
                    let row = self.cells();
                    t.rows.push(row);
                }
                Event::End(TagEnd::Table) | Event::End(_) => break,
                _ => {}
            }
        }
        t
    }

    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines()),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Inline content up to the end of the enclosing element.
    fn inlines(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(_) => break,
                Event::Start(tag) => out.extend(self.inline_tag(tag)),
                other => out.extend(self.inline_event(other)),
            }
        }
        out
    }

    fn inline_tag(&mut self, tag: Tag<'a>) -> Option<Inline> {
        if self.depth >= MAX_DEPTH {
            return Some(Inline::Text(self.flat()));
        }
        self.depth += 1;
        let node = match tag {
            Tag::Emphasis => Inline::Emph(self.inlines()),
            Tag::Strong => Inline::Strong(self.inlines()),
            Tag::Strikethrough => Inline::Strike(self.inlines()),
            Tag::Superscript => Inline::Sup(self.inlines()),
            Tag::Subscript => Inline::Sub(self.inlines()),
            Tag::Link { dest_url, .. } => Inline::Link {
                dest: dest_url.to_string(),
                content: self.inlines(),
            },
            Tag::Image { dest_url, .. } => Inline::Image {
                dest: dest_url.to_string(),
                alt: plain(&self.inlines()),
            },
            _ => Inline::Text(plain(&self.inlines())),
        };
        self.depth -= 1;
        Some(node)
    }

    fn inline_event(&self, event: Event<'_>) -> Option<Inline> {
        Some(match event {
            Event::Text(t) => Inline::Text(t.to_string()),
            Event::Code(t) => Inline::Code(t.to_string()),
            Event::InlineMath(t) => Inline::Text(format!("${t}$")),
            Event::DisplayMath(t) => Inline::Text(format!("$${t}$$")),
            // A line break in a table cell (the goals table writes them) is the one tag kept.
            Event::InlineHtml(t) if is_br(&t) => Inline::Break,
            Event::Html(t) | Event::InlineHtml(t) => {
                let text = strip_comments(&t);
                if text.is_empty() {
                    return None;
                }
                Inline::Text(text)
            }
            Event::FootnoteReference(name) => Inline::Note(name.to_lowercase()),
            Event::SoftBreak => Inline::Text(" ".into()),
            Event::HardBreak => Inline::Break,
            Event::TaskListMarker(done) => Inline::Text(if done { "☒ " } else { "☐ " }.into()),
            Event::Rule | Event::Start(_) | Event::End(_) => return None,
        })
    }

    /// The text of everything up to the end of the enclosing element.
    fn flat(&mut self) -> String {
        let mut s = String::new();
        let mut open = 0usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(_) => open += 1,
                Event::End(_) if open == 0 => break,
                Event::End(_) => open -= 1,
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => s.push_str(&t),
                Event::SoftBreak | Event::HardBreak => s.push(' '),
                _ => {}
            }
        }
        s
    }

    /// The blocks of the markers whose placeholder lies in `span`.
    fn take_actions(&mut self, span: Range<usize>) -> Vec<Node> {
        let mut out = Vec::new();
        for i in 0..self.actions.len() {
            let Some((at, slot)) = self.actions.get_mut(i) else {
                continue;
            };
            if !span.contains(at) {
                continue;
            }
            match slot.take() {
                Some(Action::Block(id)) => {
                    let region = self.regions.get(i).cloned().unwrap_or_default();
                    // A region holds generated Markdown; its own markers are not nested.
                    let fallback = if self.depth < MAX_DEPTH {
                        parse_flat(&region)
                    } else {
                        Vec::new()
                    };
                    out.push(Node::Block { id, fallback });
                }
                Some(Action::PageBreak) => out.push(Node::PageBreak),
                None => {}
            }
        }
        out
    }
}

/// A region's Markdown without marker handling (its footnotes are the document's).
fn parse_flat(markdown: &str) -> Vec<Node> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(markdown, super::parser_options())
        .into_offset_iter()
        .collect();
    let mut b = Builder {
        events: &events,
        at: 0,
        depth: 0,
        actions: Vec::new(),
        regions: Vec::new(),
        notes: BTreeMap::new(),
    };
    b.blocks()
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_br(html: &str) -> bool {
    let tag: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(tag.to_ascii_lowercase().as_str(), "<br>" | "<br/>")
}

fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_headings_notes_and_tables() {
        let md = "## 1 Rubrik {#a}\n\nText[^x] och *mer*.\n\n[^x]: Noten.\n\n<!-- berattelse:block t -->\n\n| A | B |\n|---|--:|\n| a | 1 |\n<!-- berattelse:end -->\n\n- ett\n- två\n";
        let t = parse(md);
        assert!(matches!(&t.nodes[0], Node::Heading { level: 2, id: Some(id), .. } if id == "a"));
        assert!(matches!(&t.nodes[1], Node::Paragraph(p) if p.contains(&Inline::Note("x".into()))));
        let Node::Block { id, fallback } = &t.nodes[2] else {
            panic!("{:?}", t.nodes)
        };
        assert_eq!(id, "t");
        assert!(matches!(&fallback[0], Node::Table(g) if g.align == vec!["", "right"] && g.rows.len() == 1));
        assert!(matches!(&t.nodes[3], Node::List { items, .. } if items.len() == 2));
        assert!(t.notes.contains_key("x"));
    }

    #[test]
    fn html_is_text_and_deep_nesting_is_bounded() {
        let t = parse("<script>alert(1)</script>\n\nA <b>b</b> <!-- c --> x<br>y<br />\n");
        assert!(
            matches!(&t.nodes[1], Node::Paragraph(p) if p.iter().filter(|i| **i == Inline::Break).count() == 2)
        );
        let all = format!("{:?}", t.nodes);
        assert!(all.contains("<script>alert(1)</script>"), "{all}");
        assert!(!all.contains("<!--"));
        let deep = ">".repeat(10_000) + " x\n";
        let t = parse(&deep);
        assert!(!t.nodes.is_empty());
    }
}
