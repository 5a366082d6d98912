//! CommonMark (pulldown-cmark) → typst markup.
//!
//! Strategy: every character of user text is escaped (see [`escape_markup`]), all structure is
//! emitted as function calls rather than typst markup syntax (so nesting never depends on
//! indentation), and every call embedded in markup ends with `;` so that following text such as
//! `(` or `.x` can never continue it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::escape::{escape_markup, string_literal};
use super::markers::{self, Action};

/// Options for [`to_typst`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypstOptions {
    /// Markdown level L becomes typst level max(1, L + offset).
    pub heading_offset: i8,
}

/// The result of [`to_typst`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypstOutput {
    /// Typst markup, ending with exactly one newline.
    pub source: String,
    /// Every local image referenced, in order (remote images are rendered as their alt text).
    pub images: Vec<Image>,
    /// Ids of the data blocks referenced via markers, in order.
    pub blocks: Vec<String>,
}

/// An image referenced by the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The destination as written in the Markdown.
    pub path: String,
    /// The image description as plain text (formatting dropped); may be empty.
    pub alt: String,
}

/// Converts CommonMark to typst markup.
///
/// Data-block markers become `#berattelse-block("id");` and page-break markers
/// `#pagebreak(weak: true);`; the caller's typst template must define `berattelse-block`.
pub fn to_typst(markdown: &str, opts: &TypstOptions) -> TypstOutput {
    let prepared = markers::prepare(markdown);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&prepared.source, super::parser_options())
        .into_offset_iter()
        .collect();
    let mut writer = Writer::new(&events, *opts, prepared.actions, markdown);
    writer.render(0..events.len());
    writer.finish()
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Nesting depth (of Markdown elements) beyond which content is emitted as plain text. typst's
/// parser gives up at depth 256 and each level costs it at most 3; the limit also bounds our own
/// recursion, so a line of ten thousand `>` cannot overflow the stack.
const MAX_DEPTH: usize = 48;

struct Writer<'e, 'a> {
    events: &'e [Spanned<'a>],
    /// For each `Start` event the index of its `End` (or `events.len()` if unbalanced).
    ends: Vec<usize>,
    opts: TypstOptions,
    /// Footnote definitions by case-folded name: the event range of their content.
    notes: HashMap<String, Range<usize>>,
    used_notes: HashSet<String>,
    /// Makes footnote labels unique per text, because several converted narratives end up in one
    /// typst document and `#ref` to a label that occurs twice is an error.
    note_prefix: String,
    /// Heading ids that get a label, so links to them can be emitted.
    anchors: HashSet<String>,
    labelled: HashSet<String>,
    depth: usize,
    actions: Vec<(usize, Option<Action>)>,
    out: String,
    images: Vec<Image>,
    blocks: Vec<String>,
}

impl<'e, 'a> Writer<'e, 'a> {
    fn new(
        events: &'e [Spanned<'a>],
        opts: TypstOptions,
        actions: Vec<(usize, Action)>,
        original: &str,
    ) -> Self {
        let mut ends = vec![events.len(); events.len()];
        let mut stack = Vec::new();
        let mut notes = HashMap::new();
        let mut anchors = HashSet::new();
        let mut note_depth = 0usize;
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(tag) => {
                    match tag {
                        Tag::FootnoteDefinition(_) => note_depth += 1,
                        // Only headings that are certainly rendered with their label: not in
                        // footnotes (maybe never referenced) nor beyond `MAX_DEPTH`. An empty
                        // label is an error in typst.
                        Tag::Heading { id: Some(id), .. }
                            if note_depth == 0 && stack.len() < MAX_DEPTH && !id.is_empty() =>
                        {
                            anchors.insert(id.to_string());
                        }
                        _ => {}
                    }
                    stack.push(i);
                }
                Event::End(end) => {
                    if let Some(start) = stack.pop() {
                        if let Some(slot) = ends.get_mut(start) {
                            *slot = i;
                        }
                        if let Some((Event::Start(Tag::FootnoteDefinition(name)), _)) = events.get(start) {
                            // CommonMark matches footnote names case-insensitively; first wins.
                            notes.entry(name.to_lowercase()).or_insert(start + 1..i);
                        }
                    }
                    if *end == TagEnd::FootnoteDefinition {
                        note_depth = note_depth.saturating_sub(1);
                    }
                }
                _ => {}
            }
        }
        Writer {
            events,
            ends,
            opts,
            notes,
            used_notes: HashSet::new(),
            note_prefix: format!("fn-{:08x}-", fnv1a(original)),
            anchors,
            labelled: HashSet::new(),
            depth: 0,
            actions: actions.into_iter().map(|(at, a)| (at, Some(a))).collect(),
            out: String::new(),
            images: Vec::new(),
            blocks: Vec::new(),
        }
    }

    fn finish(mut self) -> TypstOutput {
        // Only reachable if a placeholder was not parsed as HTML (e.g. inside an unreferenced
        // footnote); emitting it late keeps `blocks` complete.
        self.run_actions(0..usize::MAX);
        self.trim_end();
        self.out.push('\n');
        TypstOutput {
            source: self.out,
            images: self.images,
            blocks: self.blocks,
        }
    }

    fn render(&mut self, range: Range<usize>) {
        let mut i = range.start;
        while i < range.end {
            i = self.node(i);
        }
    }

    /// Renders the event at `i` (with its children if it is a `Start`); returns the next index.
    fn node(&mut self, i: usize) -> usize {
        let events = self.events;
        let Some((event, span)) = events.get(i) else {
            return usize::MAX;
        };
        match event {
            Event::Start(tag) => {
                let end = self.ends.get(i).copied().unwrap_or(events.len());
                if self.depth < MAX_DEPTH {
                    self.depth += 1;
                    self.start(tag, i + 1..end, span);
                    self.depth -= 1;
                } else {
                    self.flat(i + 1..end);
                }
                return end.saturating_add(1);
            }
            Event::End(_) => {}
            Event::Text(t) => self.text(t),
            Event::Code(t) => self.call("raw", &string_literal(t)),
            // Math is not enabled in the parser; should it ever appear, keep it as written.
            Event::InlineMath(t) => self.text(&format!("${t}$")),
            Event::DisplayMath(t) => self.text(&format!("$${t}$$")),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.run_actions(span.clone());
                self.text(&strip_comments(html));
            }
            Event::FootnoteReference(name) => self.footnote(name),
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak();"),
            Event::Rule => {
                self.start_block();
                self.out.push_str("#line(length: 100%);");
                self.end_block();
            }
            Event::TaskListMarker(done) => self.out.push_str(if *done { "☒ " } else { "☐ " }),
        }
        i + 1
    }

    fn start(&mut self, tag: &Tag<'a>, children: Range<usize>, span: &Range<usize>) {
        match tag {
            Tag::Paragraph => self.paragraph(children),
            Tag::Heading { level, id, .. } => self.heading(*level as i16, id.as_deref(), children),
            Tag::BlockQuote(_) => {
                self.start_block();
                self.out.push_str("#quote(block: true)[");
                self.render(children);
                self.trim_end();
                self.out.push_str("];");
                self.end_block();
            }
            Tag::CodeBlock(kind) => self.code_block(kind, children),
            Tag::HtmlBlock => {
                let html: String = self.events_in(children).filter_map(html_text).collect();
                let text = strip_comments(&html);
                if !text.trim().is_empty() {
                    self.start_block();
                    escape_markup(&text, &mut self.out);
                    self.end_block();
                }
                self.run_actions(span.clone());
            }
            Tag::List(start) => self.list(*start, children),
            // Items are rendered by `list`; one met alone is just its content.
            Tag::Item => self.render(children),
            Tag::Table(aligns) => self.table(aligns, children),
            Tag::Emphasis => self.wrap("emph", children),
            Tag::Strong => self.wrap("strong", children),
            Tag::Strikethrough => self.wrap("strike", children),
            Tag::Superscript => self.wrap("super", children),
            Tag::Subscript => self.wrap("sub", children),
            Tag::Link {
                link_type, dest_url, ..
            } => self.link(*link_type, dest_url, children),
            Tag::Image { dest_url, .. } => self.image(dest_url, children, false),
            // Rendered where first referenced.
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => {}
            Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.render(children),
        }
    }

    fn paragraph(&mut self, children: Range<usize>) {
        // A paragraph holding nothing but an image is a figure.
        if let Some((Event::Start(Tag::Image { dest_url, .. }), _)) = self.events.get(children.start)
            && let Some(&image_end) = self.ends.get(children.start)
            && image_end + 1 == children.end
        {
            self.start_block();
            self.image(dest_url, children.start + 1..image_end, true);
            self.end_block();
            return;
        }
        self.start_block();
        self.render(children);
        self.end_block();
    }

    fn heading(&mut self, md_level: i16, id: Option<&str>, children: Range<usize>) {
        let level = (md_level + i16::from(self.opts.heading_offset)).max(1);
        // `=` only starts a heading at the beginning of a line.
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
            .extend(std::iter::repeat_n('=', usize::from(level.unsigned_abs())));
        self.out.push(' ');
        self.render(children);
        self.trim_end();
        // The label goes on its own line: on the heading line it would label the last word.
        if let Some(id) = id
            && self.anchors.contains(id)
            && self.labelled.insert(id.to_owned())
        {
            let _ = write!(self.out, "\n#label({});", string_literal(id));
        }
        self.end_block();
    }

    fn code_block(&mut self, kind: &CodeBlockKind<'a>, children: Range<usize>) {
        let mut code: String = self
            .events_in(children)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if code.ends_with('\n') {
            code.pop();
        }
        self.start_block();
        self.out.push_str("#raw(block: true, ");
        if let CodeBlockKind::Fenced(info) = kind
            && let Some(lang) = info.split_whitespace().next()
        {
            let _ = write!(self.out, "lang: {}, ", string_literal(lang));
        }
        self.out.push_str(&string_literal(&code));
        self.out.push_str(");");
        self.end_block();
    }

    fn list(&mut self, start: Option<u64>, children: Range<usize>) {
        // Loose Markdown lists (items with paragraphs) keep paragraph spacing in typst too.
        let loose = self.child_starts(children.clone()).into_iter().any(|item| {
            let end = self.ends.get(item).copied().unwrap_or(children.end);
            self.child_starts(item + 1..end)
                .into_iter()
                .any(|c| matches!(self.events.get(c), Some((Event::Start(Tag::Paragraph), _))))
        });
        self.start_block();
        self.out
            .push_str(if start.is_some() { "#enum(" } else { "#list(" });
        if let Some(n) = start {
            let _ = write!(self.out, "start: {n}, ");
        }
        if loose {
            self.out.push_str("tight: false, ");
        }
        self.trim_end();
        self.out.push('\n');
        // Items are opened here, not through `node`: past `MAX_DEPTH` an item's text would
        // otherwise land between `#list(` and `)`, in code position.
        for item in self.child_starts(children.clone()) {
            let end = self.ends.get(item).copied().unwrap_or(children.end);
            self.out.push('[');
            self.nested(item + 1..end);
            self.trim_end();
            self.out.push_str("],\n");
        }
        self.out.push_str(");");
        self.end_block();
    }

    /// Renders `range` one level deeper, or as plain text once `MAX_DEPTH` is reached.
    fn nested(&mut self, range: Range<usize>) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            self.render(range);
            self.depth -= 1;
        } else {
            self.flat(range);
        }
    }

    fn table(&mut self, aligns: &[Alignment], children: Range<usize>) {
        let columns = aligns.len();
        if columns == 0 {
            return;
        }
        let align: Vec<&str> = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => "auto",
                Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        self.start_block();
        let _ = writeln!(
            self.out,
            "#table(\n  columns: {columns},\n  align: ({},),",
            align.join(", ")
        );
        for i in self.child_starts(children.clone()) {
            let end = self.ends.get(i).copied().unwrap_or(children.end);
            match self.events.get(i) {
                // The header becomes `table.header` so the PDF is tagged with header cells.
                Some((Event::Start(Tag::TableHead), _)) => {
                    self.out.push_str("  table.header(");
                    self.table_cells(i + 1..end, columns);
                    self.out.push_str("),\n");
                }
                Some((Event::Start(Tag::TableRow), _)) => {
                    self.out.push_str("  ");
                    self.table_cells(i + 1..end, columns);
                    self.out.push('\n');
                }
                _ => {}
            }
        }
        self.out.push_str(");");
        self.end_block();
    }

    /// Exactly `columns` cells, so a ragged row cannot shift the following rows.
    fn table_cells(&mut self, range: Range<usize>, columns: usize) {
        let mut written = 0;
        for i in self.child_starts(range.clone()) {
            let end = self.ends.get(i).copied().unwrap_or(range.end);
            if let Some((Event::Start(Tag::TableCell), _)) = self.events.get(i)
                && written < columns
            {
                self.out.push('[');
                self.render(i + 1..end);
                self.trim_end();
                self.out.push_str("], ");
                written += 1;
            }
        }
        for _ in written..columns {
            self.out.push_str("[], ");
        }
        self.trim_end();
    }

    fn link(&mut self, link_type: LinkType, dest: &str, children: Range<usize>) {
        if let Some(anchor) = dest.strip_prefix('#') {
            // Only link to labels this document defines; a dangling label fails compilation.
            if self.anchors.contains(anchor) {
                let _ = write!(self.out, "#link(label({}))[", string_literal(anchor));
                self.render(children);
                self.out.push_str("];");
            } else {
                self.render(children);
            }
            return;
        }
        if dest.is_empty() {
            self.render(children);
            return;
        }
        let url = if link_type == LinkType::Email && !dest.starts_with("mailto:") {
            format!("mailto:{dest}")
        } else {
            dest.to_owned()
        };
        let _ = write!(self.out, "#link({})[", string_literal(&url));
        self.render(children);
        self.out.push_str("];");
    }

    fn image(&mut self, dest: &str, children: Range<usize>, block: bool) {
        let alt = self.plain_text(children);
        // typst reads files only through our World, which never fetches from the network.
        if is_remote(dest) {
            self.text(&alt);
            return;
        }
        let mut call = format!("image({}", string_literal(dest));
        if !alt.is_empty() {
            let _ = write!(call, ", alt: {}", string_literal(&alt));
        }
        call.push(')');
        self.call(if block { "figure" } else { "box" }, &call);
        self.images.push(Image {
            path: dest.to_owned(),
            alt,
        });
    }

    fn footnote(&mut self, name: &str) {
        let key = name.to_lowercase();
        let label = string_literal(&format!("{}{key}", self.note_prefix));
        if self.used_notes.contains(&key) {
            let _ = write!(self.out, "#ref(label({label}));");
        } else if let Some(content) = self.notes.get(&key).cloned()
            && self.depth < MAX_DEPTH
        {
            // Marked before rendering so a self-reference cannot recurse.
            self.used_notes.insert(key);
            self.depth += 1;
            self.out.push_str("#footnote[");
            self.render(content);
            self.trim_end();
            let _ = write!(self.out, "]#label({label});");
            self.depth -= 1;
        } else {
            self.text(&format!("[^{name}]"));
        }
    }

    fn wrap(&mut self, function: &str, children: Range<usize>) {
        let _ = write!(self.out, "#{function}[");
        self.render(children);
        self.out.push_str("];");
    }

    fn call(&mut self, function: &str, args: &str) {
        let _ = write!(self.out, "#{function}({args});");
    }

    /// Inline text. Line breaks inside inline HTML would end a heading line, so they become spaces.
    fn text(&mut self, text: &str) {
        if text.contains(['\n', '\r']) {
            escape_markup(&text.replace(['\n', '\r'], " "), &mut self.out);
        } else {
            escape_markup(text, &mut self.out);
        }
    }

    /// The text of `range` without any structure; iterative, for content nested too deeply.
    fn flat(&mut self, range: Range<usize>) {
        for event in self.events_in(range) {
            match event {
                Event::Text(t) | Event::Code(t) => self.text(t),
                Event::Html(t) | Event::InlineHtml(t) => self.text(&strip_comments(t)),
                Event::FootnoteReference(name) => self.text(&format!("[^{name}]")),
                Event::TaskListMarker(done) => {
                    self.out.push_str(if *done { "☒ " } else { "☐ " });
                }
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::BlockQuote(_)
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::Item
                    | TagEnd::TableCell,
                ) => self.out.push(' '),
                _ => {}
            }
        }
    }

    /// Indices of the `Start` events directly inside `range`.
    fn child_starts(&self, range: Range<usize>) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if let Some((Event::Start(_), _)) = self.events.get(i) {
                starts.push(i);
                i = self.ends.get(i).copied().unwrap_or(range.end);
            }
            i = i.saturating_add(1);
        }
        starts
    }

    fn plain_text(&self, range: Range<usize>) -> String {
        let mut s = String::new();
        for event in self.events_in(range) {
            match event {
                Event::Text(t) | Event::Code(t) => s.push_str(t),
                Event::SoftBreak | Event::HardBreak => s.push(' '),
                _ => {}
            }
        }
        s
    }

    fn events_in(&self, range: Range<usize>) -> impl Iterator<Item = &'e Event<'a>> + use<'e, 'a> {
        let events = self.events;
        events.get(range).unwrap_or_default().iter().map(|(e, _)| e)
    }

    fn run_actions(&mut self, span: Range<usize>) {
        for i in 0..self.actions.len() {
            let Some((at, slot)) = self.actions.get_mut(i) else {
                continue;
            };
            if !span.contains(at) {
                continue;
            }
            match slot.take() {
                Some(Action::Block(id)) => {
                    self.start_block();
                    let _ = write!(self.out, "#berattelse-block({});", string_literal(&id));
                    self.end_block();
                    self.blocks.push(id);
                }
                // typst rejects page breaks inside containers (lists, quotes, footnotes), so
                // only top-level markers (inside nothing but their own HTML block) count.
                Some(Action::PageBreak) if self.depth > 1 => {}
                Some(Action::PageBreak) => {
                    self.start_block();
                    self.out.push_str("#pagebreak(weak: true);");
                    self.end_block();
                }
                None => {}
            }
        }
    }

    /// Block content starts on its own line (or directly after the `[` of its container).
    fn start_block(&mut self) {
        if !(self.out.is_empty() || self.out.ends_with(['\n', '['])) {
            self.out.push('\n');
        }
    }

    fn end_block(&mut self) {
        self.trim_end();
        self.out.push_str("\n\n");
    }

    /// Drops trailing spaces and newlines. Safe: an escaping backslash is never followed by
    /// whitespace, and other Unicode spaces (NBSP) are kept.
    fn trim_end(&mut self) {
        let len = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(len);
    }
}

fn html_text<'a>(event: &'a Event<'_>) -> Option<&'a str> {
    match event {
        Event::Html(t) | Event::InlineHtml(t) | Event::Text(t) => Some(t),
        _ => None,
    }
}

/// Removes `<!-- … -->` comments; an unterminated comment runs to the end, as in HTML.
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        // Searching from `start + 2` also accepts the empty comments `<!-->` and `<!--->`.
        rest = rest[start + 2..]
            .find("-->")
            .map_or("", |end| &rest[start + 2 + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// Whether an image destination is a URL (`scheme://…` or `//host/…`) rather than a local path.
fn is_remote(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    dest.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// 32-bit FNV-1a: a stable (toolchain-independent) hash for deterministic labels.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::super::escape::escape_markdown;
    use super::super::headings::normalise_headings;
    use super::*;
    use proptest::prelude::*;
    use typst_syntax::{SyntaxKind, SyntaxNode, ast};

    fn convert(markdown: &str) -> TypstOutput {
        to_typst(markdown, &TypstOptions::default())
    }

    /// Parses typst markup and fails the test on any syntax error.
    fn parse_ok(source: &str) -> SyntaxNode {
        let root = typst_syntax::parse(source);
        let (errors, _) = root.errors_and_warnings();
        assert!(errors.is_empty(), "{errors:?} in\n{source}");
        root
    }

    /// The literal text of markup that must be plain text. An `Escape` node `\#` stands for `#`.
    /// Returns the kind of the first node that is markup rather than text.
    fn literal_text(node: &SyntaxNode, out: &mut String) -> Result<(), SyntaxKind> {
        match node.kind() {
            SyntaxKind::Markup => node.children().try_for_each(|c| literal_text(c, out)),
            SyntaxKind::Text | SyntaxKind::SmartQuote => {
                out.push_str(node.leaf_text());
                Ok(())
            }
            SyntaxKind::Space | SyntaxKind::Parbreak => {
                out.push(' ');
                Ok(())
            }
            SyntaxKind::Escape => {
                out.extend(node.cast::<ast::Escape>().map(|e| e.get()));
                Ok(())
            }
            kind => Err(kind),
        }
    }

    fn literal(source: &str) -> Result<String, SyntaxKind> {
        let mut s = String::new();
        literal_text(&parse_ok(source), &mut s)?;
        Ok(normalise_space(&s))
    }

    /// Collapses what typst treats as whitespace in markup.
    fn normalise_space(s: &str) -> String {
        s.split([
            ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    fn nodes<'n>(node: &'n SyntaxNode, kind: SyntaxKind, out: &mut Vec<&'n SyntaxNode>) {
        if node.kind() == kind {
            out.push(node);
        }
        for child in node.children() {
            nodes(child, kind, out);
        }
    }

    fn count(source: &str, kind: SyntaxKind) -> usize {
        let root = parse_ok(source);
        let mut found = Vec::new();
        nodes(&root, kind, &mut found);
        found.len()
    }

    /// Callee of every function call, outermost first.
    fn calls(source: &str) -> Vec<String> {
        let root = parse_ok(source);
        let mut found = Vec::new();
        nodes(&root, SyntaxKind::FuncCall, &mut found);
        found
            .iter()
            .filter_map(|c| c.children().next().map(|n| n.full_text().to_string()))
            .collect()
    }

    /// Values of all string literals, in order.
    fn strings(source: &str) -> Vec<String> {
        let root = parse_ok(source);
        let mut found = Vec::new();
        nodes(&root, SyntaxKind::Str, &mut found);
        found
            .iter()
            .filter_map(|n| n.cast::<ast::Str>().map(|s| s.get().to_string()))
            .collect()
    }

    /// Literal text of each content block argument (`[…]`) in order.
    fn content_blocks(source: &str) -> Vec<String> {
        let root = parse_ok(source);
        let mut found = Vec::new();
        nodes(&root, SyntaxKind::ContentBlock, &mut found);
        found
            .iter()
            .map(|b| {
                let mut s = String::new();
                for child in b.children().filter(|c| c.kind() == SyntaxKind::Markup) {
                    // Nested calls are checked separately; collect only the text around them.
                    for n in child.children() {
                        let _ = literal_text(n, &mut s);
                    }
                }
                normalise_space(&s)
            })
            .collect()
    }

    const TORTURE: &[&str] = &[
        "Tecken # $ * _ @ < > \\ [ ] ~ ` och // samt /* */ a//b",
        "namn@kommun.se, @ref och <label> https://x.se http://y.se/a?b=c",
        "2022-2024, -5, --, ---, -? ... 1. 2) a=b+c/d:e",
        "1. vid radstart",
        "- vid radstart",
        "+ vid radstart",
        "= vid radstart",
        "/ term: vid radstart",
        "'enkla' och \"dubbla\" citattecken",
        "\\u{41} och \\ slut\\",
        "Å Ä Ö å ä ö é ü\u{a0}nbsp\u{202f}smal",
        "#strong[x]; #let a = 1 $x^2$ `kod` *fet* _kursiv_ **b** ~~s~~",
        "]) ]; } ) [ (",
    ];

    #[test]
    fn torture_lines_render_literally() {
        for line in TORTURE {
            let out = convert(&escape_markdown(line));
            assert_eq!(literal(&out.source), Ok(normalise_space(line)), "{out:?}");
        }
    }

    #[test]
    fn output_ends_with_one_newline() {
        for md in ["", "a", "a\n\n\n", "- a", "# A\n", "```\nx\n```", "<!-- c -->"] {
            let source = convert(md).source;
            assert!(source.ends_with('\n') && !source.ends_with("\n\n"), "{source:?}");
            parse_ok(&source);
        }
        assert_eq!(convert("").source, "\n");
    }

    #[test]
    fn paragraphs_and_breaks() {
        assert_eq!(convert("a\nb\n\nc  \nd").source, "a b\n\nc#linebreak();d\n");
        assert_eq!(convert("rad\\\nny").source, "rad#linebreak();ny\n");
    }

    #[test]
    fn inline_calls_are_terminated() {
        let source = convert("**fet**(parentes) *k*.x `kod`[a] ~~s~~;").source;
        assert_eq!(
            source,
            "#strong[fet];(parentes) #emph[k];\\.x #raw(\"kod\");\\[a\\] #strike[s];;\n"
        );
        let root = parse_ok(&source);
        let mut found = Vec::new();
        nodes(&root, SyntaxKind::FuncCall, &mut found);
        let texts: Vec<String> = found.iter().map(|n| n.full_text().to_string()).collect();
        assert_eq!(texts, ["strong[fet]", "emph[k]", "raw(\"kod\")", "strike[s]"]);
    }

    #[test]
    fn inline_code_is_a_string() {
        let source = convert(r#"`a\"b #c *d*`"#).source;
        assert_eq!(strings(&source), [r#"a\"b #c *d*"#]);
        assert_eq!(calls(&source), ["raw"]);
    }

    #[test]
    fn headings_offset_and_labels() {
        let md = "# A {#a}\n\n## B *c*\n\n### C {#a}\n\nTill [A](#a).";
        let out = to_typst(md, &TypstOptions { heading_offset: 1 });
        assert_eq!(
            out.source,
            "== A\n#label(\"a\");\n\n=== B #emph[c];\n\n==== C\n\nTill #link(label(\"a\"))[A];\\.\n"
        );
        assert_eq!(count(&out.source, SyntaxKind::Heading), 3);

        let out = to_typst("# A\n\n### B\n\nText", &TypstOptions { heading_offset: -2 });
        assert_eq!(out.source, "= A\n\n= B\n\nText\n");

        let setext = convert("Rad ett\nrad två\n===");
        assert_eq!(setext.source, "= Rad ett rad två\n");
    }

    #[test]
    fn headings_in_containers_are_headings() {
        for md in ["- # I lista", "> ## I citat", "1. a\n\n   ### b"] {
            let source = convert(md).source;
            assert_eq!(count(&source, SyntaxKind::Heading), 1, "{source}");
        }
    }

    #[test]
    fn heading_text_is_literal() {
        let source = convert("## 1. Del #2 - *viktig* = ja").source;
        let root = parse_ok(&source);
        let mut headings = Vec::new();
        nodes(&root, SyntaxKind::Heading, &mut headings);
        assert_eq!(headings.len(), 1);
        assert_eq!(calls(&source), ["emph"]);
        assert!(source.starts_with("== 1\\. Del \\#2 \\- #emph[viktig]; \\= ja"));
    }

    #[test]
    fn links() {
        let source = convert(
            "[ext](https://x.se/a_b?c=\"d\") [okänd](#saknas) [tom]() <namn@kommun.se> <https://y.se>",
        )
        .source;
        assert_eq!(calls(&source), ["link", "link", "link"]);
        assert_eq!(
            strings(&source),
            [
                "https://x.se/a_b?c=\"d\"",
                "mailto:namn@kommun.se",
                "https://y.se"
            ]
        );
        assert_eq!(content_blocks(&source), ["ext", "namn@kommun.se", "https://y.se"]);
        assert!(source.contains("okänd tom"));
    }

    #[test]
    fn empty_and_deep_anchors_are_not_linked() {
        let deep = format!("{} # Djup {{#djup}}\n\n[d](#djup)", ">".repeat(60));
        let source = convert(&deep).source;
        assert!(!source.contains("label"), "{source}");
        let source = convert("# Tom {#}\n\n[t](#)").source;
        assert_eq!(source, "= Tom\n\nt\n");
    }

    #[test]
    fn anchors_inside_footnotes_are_not_linked() {
        // A heading id only counts when the heading is rendered for sure.
        let source = convert("[x](#inne)\n\n[^a]: # Rubrik {#inne}").source;
        assert_eq!(source, "x\n");
    }

    #[test]
    fn footnotes_reused_and_undefined() {
        let md = "Ett[^Not] två[^not] tre[^saknas] fyra[^själv].\n\n[^not]: Fotnot med *stil*.\n\n\
                  [^själv]: Hänvisar till sig själv[^själv].";
        let out = convert(md);
        let calls = calls(&out.source);
        assert_eq!(
            calls,
            [
                "footnote", "emph", "label", "ref", "label", "footnote", "ref", "label", "label"
            ]
        );
        let labels = strings(&out.source);
        assert_eq!(labels.len(), 4);
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[2], labels[3]);
        assert_ne!(labels[0], labels[2]);
        assert!(labels[0].starts_with("fn-") && labels[0].ends_with("-not"));
        assert!(out.source.contains("tre\\[^saknas\\]"), "{}", out.source);
        assert!(
            !out.source.contains("Fotnot med #emph[stil];\\.\n"),
            "definition rendered twice"
        );

        // Separate narratives must not share labels (they end up in one document).
        let other = convert("Annan[^not].\n\n[^not]: x");
        assert_ne!(strings(&other.source)[0], labels[0]);
    }

    #[test]
    fn lists() {
        let out = convert("- a\n- b\n  1. c\n  2. d\n\n---\n\n3. x\n\n4. y\n\n- [ ] gör\n- [x] klart");
        assert_eq!(
            out.source,
            "#list(\n[a],\n[b\n#enum(start: 1,\n[c],\n[d],\n);],\n);\n\n#line(length: 100%);\n\n\
             #enum(start: 3, tight: false,\n[x],\n[y],\n);\n\n#list(\n[☐ gör],\n[☒ klart],\n);\n"
        );
        assert_eq!(calls(&out.source), ["list", "enum", "line", "enum", "list"]);
    }

    #[test]
    fn list_items_with_blocks() {
        let source = convert("- a\n\n  > citat\n\n  ```\n  kod\n  ```\n- b").source;
        assert_eq!(calls(&source), ["list", "quote", "raw"]);
    }

    #[test]
    fn block_quote() {
        let source = convert("> Citat *här*\n>\n> - punkt").source;
        assert_eq!(
            source,
            "#quote(block: true)[Citat #emph[här];\n\n#list(\n[punkt],\n);];\n"
        );
    }

    #[test]
    fn code_blocks() {
        let source =
            convert("```rust extra\nlet s = \"\\\\\";\n# ingen rubrik\n```\n\n    indragen *kod*\n").source;
        assert_eq!(calls(&source), ["raw", "raw"]);
        assert_eq!(
            strings(&source),
            ["rust", "let s = \"\\\\\";\n# ingen rubrik", "indragen *kod*"]
        );
        assert!(source.starts_with("#raw(block: true, lang: \"rust\", "));
    }

    #[test]
    fn tables() {
        let md =
            "| År | *Antal* | Andel |\n|:---|---:|:--:|\n| 2023 | 5 \\| 6 |\n| 2024 | 7 | 8 % | extra |\n";
        let source = convert(md).source;
        assert_eq!(
            source,
            "#table(\n  columns: 3,\n  align: (left, right, center,),\n  \
             table.header([År], [#emph[Antal];], [Andel],),\n  [2023], [5 | 6], [],\n  \
             [2024], [7], [8 %],\n);\n"
        );
        assert_eq!(calls(&source), ["table", "table.header", "emph"]);
    }

    #[test]
    fn rule() {
        assert_eq!(
            convert("a\n\n---\n\nb").source,
            "a\n\n#line(length: 100%);\n\nb\n"
        );
    }

    #[test]
    fn html() {
        let out =
            convert("A <!-- dold --> B <br> <!-->C\n\n<!--\nflera\nrader\n-->\n\n<div class=\"x\">\n</div>");
        assert_eq!(
            out.source,
            "A  B \\<br\\> C\n\n\\<div class\\=\"x\"\\>\n\\<\\/div\\>\n"
        );
        assert_eq!(
            literal(&out.source),
            Ok("A B <br> C <div class=\"x\"> </div>".into())
        );
    }

    #[test]
    fn images() {
        let md = "![Karta *över* området](bilder/karta.png \"titel\")\n\n\
                  Text ![ikon](ikon.svg) och ![webb](https://x.se/a.png) ![](tom.png).\n\n\
                  ![bara webb](//cdn.x/b.png)";
        let out = convert(md);
        assert_eq!(
            out.source,
            "#figure(image(\"bilder/karta.png\", alt: \"Karta över området\"));\n\n\
             Text #box(image(\"ikon.svg\", alt: \"ikon\")); och webb #box(image(\"tom.png\"));\\.\n\n\
             bara webb\n"
        );
        assert_eq!(
            out.images,
            [
                Image {
                    path: "bilder/karta.png".into(),
                    alt: "Karta över området".into()
                },
                Image {
                    path: "ikon.svg".into(),
                    alt: "ikon".into()
                },
                Image {
                    path: "tom.png".into(),
                    alt: String::new()
                },
            ]
        );
        assert_eq!(
            calls(&out.source),
            ["figure", "image", "box", "image", "box", "image"]
        );
    }

    #[test]
    fn image_paths_are_strings() {
        let out = convert("![a \"b\" \\c](mapp/bild\\\\x.png)");
        assert_eq!(strings(&out.source), ["mapp/bild\\x.png", "a \"b\" \\c"]);
        assert_eq!(out.images[0].path, "mapp/bild\\x.png");
    }

    #[test]
    fn remote_detection() {
        for url in ["http://a", "HTTPS://a", "ftp://a", "//a/b", "file:///x"] {
            assert!(is_remote(url), "{url}");
        }
        for path in ["a.png", "bilder/a://b.png", "C:\\bild.png", "1http://x", ""] {
            assert!(!is_remote(path), "{path}");
        }
    }

    const BLOCK: &str = "| År | 2023 |\n|---|---|\n| Antal | 5 |\n";

    #[test]
    fn block_markers_with_blank_lines() {
        let md = format!(
            "Före.\n\n<!-- berattelse:block tabell-3 -->\n\n{BLOCK}\n<!-- berattelse:end -->\n\nEfter."
        );
        let out = convert(&md);
        assert_eq!(
            out.source,
            "Före\\.\n\n#berattelse-block(\"tabell-3\");\n\nEfter\\.\n"
        );
        assert_eq!(out.blocks, ["tabell-3"]);
    }

    #[test]
    fn block_markers_without_blank_lines() {
        let md = format!("Före.\n<!-- berattelse:block a -->\n{BLOCK}<!-- berattelse:end -->\nEfter.\n");
        let out = convert(&md);
        assert_eq!(out.source, "Före\\.\n\n#berattelse-block(\"a\");\n\nEfter\\.\n");
        assert_eq!(out.blocks, ["a"]);

        // Directly after a table, and back to back.
        let md = format!(
            "{BLOCK}<!-- berattelse:block b -->\n{BLOCK}<!-- berattelse:end -->\n\
             <!-- berattelse:block c -->\n- lista\n<!-- berattelse:end -->\n{BLOCK}"
        );
        let out = convert(&md);
        assert_eq!(out.blocks, ["b", "c"]);
        assert_eq!(
            calls(&out.source),
            [
                "table",
                "table.header",
                "berattelse-block",
                "berattelse-block",
                "table",
                "table.header"
            ]
        );
    }

    #[test]
    fn block_content_is_skipped_whatever_it_is() {
        let md = "<!-- berattelse:block \"x\\y\" -->\n# Rubrik {#r}\n\n```\n<!-- berattelse:pagebreak -->\n\n\
                  - a\n  - b\n\n![bild](b.png)[^1]\n<!-- berattelse:end -->\n[länk](#r)\n\n[^1]: not";
        let out = convert(md);
        assert_eq!(out.source, "#berattelse-block(\"\\\"x\\\\y\\\"\");\n\nlänk\n");
        assert_eq!(out.blocks, ["\"x\\y\""]);
        assert!(out.images.is_empty());
    }

    #[test]
    fn unterminated_and_stray_markers() {
        let out = convert("<!-- berattelse:end -->\nA\n<!-- berattelse:block t -->\nB\n");
        assert_eq!(out.source, "A\n\n#berattelse-block(\"t\");\n\nB\n");
        assert_eq!(out.blocks, ["t"]);
    }

    #[test]
    fn markers_are_not_forgeable_or_active_in_code() {
        let out = convert(
            "<!-- berattelse -->\n\n```\n<!-- berattelse:block k -->\n<!-- berattelse:end -->\n```\n\n\
             `<!-- berattelse:pagebreak -->` <!-- berattelse:pagebreak -->",
        );
        assert!(out.blocks.is_empty());
        assert_eq!(calls(&out.source), ["raw", "raw"]);
    }

    #[test]
    fn markers_in_list_items_and_page_breaks() {
        let out = convert(
            "- punkt\n\n  <!-- berattelse:block i-lista -->\n  | a |\n  |---|\n  <!-- berattelse:end -->\n\n\
             <!-- berattelse:pagebreak -->\n# Nästa\n",
        );
        assert_eq!(
            out.source,
            "#list(tight: false,\n[punkt\n\n#berattelse-block(\"i-lista\");],\n);\n\n\
             #pagebreak(weak: true);\n\n= Nästa\n"
        );
        assert_eq!(out.blocks, ["i-lista"]);

        let out =
            convert("> citat\n> <!-- berattelse:pagebreak -->\n\n- a\n\n  <!-- berattelse:pagebreak -->\n");
        assert_eq!(
            out.source,
            "#quote(block: true)[citat];\n\n#list(tight: false,\n[a],\n);\n"
        );
    }

    #[test]
    fn swedish_sample_parses() {
        let md = "# Kvalitetsberättelse 2024 {#intro}\n\nNämnden har *under året* arbetat med \
                  **systematiskt** kvalitetsarbete (se [avsnitt](#intro)).[^lag] Kontakt: \
                  namn@kommun.se.\n\n## Resultat\n\n1. Nöjdhet: 85 %\n2. Väntetid: -5 dagar\n\n\
                  > \"Bra bemötande\" – brukare\n\n<!-- berattelse:block diagram-1 -->\n| a |\n|---|\n\
                  <!-- berattelse:end -->\n\n[^lag]: SFS 2001:453, 3 kap. 3 §.\n";
        let out = to_typst(md, &TypstOptions { heading_offset: 1 });
        parse_ok(&out.source);
        assert_eq!(out.blocks, ["diagram-1"]);
        assert_eq!(
            calls(&out.source),
            [
                "label",
                "emph",
                "strong",
                "link",
                "label",
                "footnote",
                "label",
                "enum",
                "quote",
                "berattelse-block"
            ]
        );
    }

    #[test]
    fn loose_is_decided_per_list() {
        let source = convert("- a\n\n  - b\n  - c\n\n- d").source;
        assert_eq!(source.matches("tight: false").count(), 1, "{source}");
        let source = convert("- a\n  - b\n\n  - c").source;
        assert!(source.starts_with("#list(\n"), "{source}");
        assert_eq!(source.matches("tight: false").count(), 1, "{source}");
    }

    #[test]
    fn deep_nesting_degrades_to_text() {
        for md in [
            format!("{} tief", ">".repeat(20_000)),
            (0..300).map(|i| format!("{}- x{i}\n", "  ".repeat(i))).collect(),
            format!("{}x{}", "*[".repeat(3000), "](u)*".repeat(3000)),
            (0..500).fold(String::from("a[^0]\n\n"), |s, i| {
                s + &format!("[^{i}]: b[^{}]\n\n", i + 1)
            }),
        ] {
            let out = convert(&md);
            let root = typst_syntax::parse(&out.source);
            assert!(root.errors_and_warnings().0.is_empty(), "{}", &md[..40]);
        }
        let source = convert(&format!("{} tief", ">".repeat(200))).source;
        assert!(source.contains("tief"));
    }

    /// A list item at exactly the depth limit used to be flattened between `#list(` and `)`.
    #[test]
    fn list_items_at_the_depth_limit_stay_in_content() {
        for quotes in 40..56 {
            let md = format!("{}* a\u{2}b #x\n", ">".repeat(quotes));
            let out = convert(&md);
            let root = typst_syntax::parse(&out.source);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{quotes}: {}",
                out.source
            );
        }
    }

    fn markdown_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("# ".to_owned()),
            Just("## ".to_owned()),
            Just("- ".to_owned()),
            Just("1. ".to_owned()),
            Just("> ".to_owned()),
            Just("    ".to_owned()),
            Just("| a | b |\n|---|:-:|\n".to_owned()),
            Just("```\n".to_owned()),
            Just("[^n]".to_owned()),
            Just("[^n]: ".to_owned()),
            Just("![a](b.png)".to_owned()),
            Just("![a](https://b)".to_owned()),
            Just("[l](#x)".to_owned()),
            Just("{#x}".to_owned()),
            Just("<!-- berattelse:block b -->\n".to_owned()),
            Just("<!-- berattelse:end -->\n".to_owned()),
            Just("<!-- berattelse:pagebreak -->\n".to_owned()),
            Just("<!--".to_owned()),
            Just("-->".to_owned()),
            Just("<div>".to_owned()),
            Just("**".to_owned()),
            Just("~~".to_owned()),
            Just("- [ ] ".to_owned()),
            Just("---\n".to_owned()),
            Just("===\n".to_owned()),
            "[a-zåö0-9 #*_`\\[\\]\\\\<>~=+/.:$@(){}|!'\"-]{0,8}",
            Just("\n".to_owned()),
            Just("\n\n".to_owned()),
        ]
    }

    proptest! {

        #[test]
        fn escaped_markup_is_literal(
            s in "[a-zåäöÅÄÖ0-9 \u{a0}\u{202f}\t\n\r\u{2028}\\\\#$*_@<>`\\[\\]~=+/.:'\"(){};,!?%&|^-]{0,40}"
        ) {
            let mut out = String::new();
            escape_markup(&s, &mut out);
            prop_assert_eq!(literal(&out), Ok(normalise_space(&s)));
        }

        #[test]
        fn escaped_markup_is_literal_for_any_string(s in any::<String>()) {
            let mut out = String::new();
            escape_markup(&s, &mut out);
            prop_assert_eq!(literal(&out), Ok(normalise_space(&s)));
            // Between embedded calls it can neither continue nor break them.
            let framed = format!("#strong[x];{out}#emph[y];");
            prop_assert_eq!(calls(&framed), ["strong", "emph"]);
        }

        #[test]
        fn escaped_markdown_converts_to_the_same_text(
            s in "[a-zåäö0-9 \u{a0}\\\\#$*_@<>`\\[\\]~=+/.:'\"(){};,!?%&|^-]{1,40}"
        ) {
            let s = s.trim();
            if s.is_empty() {
                return Ok(());
            }
            let out = convert(&escape_markdown(s));
            prop_assert_eq!(literal(&out.source), Ok(normalise_space(s)));
        }

        #[test]
        fn any_markdown_converts_to_valid_typst(
            pieces in prop::collection::vec(markdown_piece(), 0..40),
            offset in -3i8..4,
        ) {
            let md = pieces.concat();
            let out = to_typst(&md, &TypstOptions { heading_offset: offset });
            let root = typst_syntax::parse(&out.source);
            prop_assert!(root.errors_and_warnings().0.is_empty(), "{:?}\n{}", md, out.source);
            prop_assert!(out.source.ends_with('\n') && !out.source.ends_with("\n\n"));
            // User text is escaped, so every call of these names was emitted by us.
            prop_assert_eq!(out.source.matches("#berattelse-block(").count(), out.blocks.len());
            prop_assert_eq!(
                out.source.matches("#box(image(").count() + out.source.matches("#figure(image(").count(),
                out.images.len()
            );
        }

        #[test]
        fn normalised_headings_keep_structure(
            pieces in prop::collection::vec(markdown_piece(), 0..40),
            top in 1u8..7,
        ) {
            let md = pieces.concat();
            let once = normalise_headings(&md, top);
            let headings = |text: &str| {
                Parser::new_ext(text, super::super::parser_options())
                    .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
                    .count()
            };
            prop_assert_eq!(headings(&md), headings(&once), "{:?}\n{:?}", md, once);
            parse_ok(&convert(&once).source);
            // Setext headings after a task marker cannot become ATX and keep only two levels.
            if !md.contains("- [ ]") {
                prop_assert_eq!(normalise_headings(&once, top), once.clone(), "{:?}", md);
            }
        }
    }
}
