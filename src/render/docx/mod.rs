//! The report as a Word document (`--format docx`), from the same document model as the PDF
//! and the HTML: the report Markdown (as a [`tree`]) with its data blocks. Headings get Word's
//! built-in heading styles (so Word's navigation pane and its own contents work), tables are
//! real Word tables whose header row repeats on every page, charts are PNG pictures (the
//! HTML's SVG, rasterised) with their alt text, footnotes are Word footnotes, and the document
//! properties carry title, authors, keywords and the language sv-SE.
//!
//! The WordprocessingML is written here and packed by the `zip` crate with fixed timestamps,
//! so that the same input gives the same bytes.

pub(crate) mod package;
mod parts;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::render::document::{Block, COVER_BLOCK, Document, TOC_BLOCK};
use crate::render::html::{Palette, svg};
use crate::render::markdown::tree::{self, GridTable, Inline, Node};

/// A picture for the document: PNG or JPEG bytes and the size it has in pixels.
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub png: bool,
    pub width: u32,
    pub height: u32,
}

/// Turns an image of the project (by path) or an SVG drawing into a picture; the caller
/// owns the fonts and the rasteriser.
pub trait Pictures {
    fn image(&self, path: &str) -> Option<Picture>;
    fn svg(&self, svg: &str) -> Option<Picture>;
}

/// The Word document's bytes.
pub fn render(doc: &Document, markdown: &str, pictures: &dyn Pictures) -> Result<Vec<u8>, String> {
    let tree = tree::parse(markdown);
    let palette = Palette::of(&doc.meta.profile);
    let mut w = Writer {
        doc,
        pictures,
        palette: &palette,
        notes: &tree.notes,
        footnotes: Vec::new(),
        media: Vec::new(),
        links: Vec::new(),
        numbering: Vec::new(),
        bookmarks: HashMap::new(),
        bookmark_no: 0,
        out: String::new(),
        list_depth: 0,
        in_note: false,
    };
    for (i, s) in doc.sections.iter().enumerate() {
        w.bookmarks.insert(s.id.clone(), format!("avsnitt{}", i + 1));
    }
    for node in &tree.nodes {
        match node {
            Node::Block { id, fallback } if id == COVER_BLOCK => {
                w.cover(fallback);
                w.page_break();
            }
            Node::Block { id, fallback } if id == TOC_BLOCK => {
                w.contents(fallback);
                w.page_break();
            }
            other => w.node(other),
        }
    }
    let body = std::mem::take(&mut w.out);
    let footnotes = std::mem::take(&mut w.footnotes);
    package::pack(&package::Parts {
        meta: &doc.meta,
        palette: &palette,
        body: &body,
        footnotes: &footnotes,
        media: &w.media,
        links: &w.links,
        ordered_lists: &w.numbering,
    })
}

struct Writer<'d> {
    doc: &'d Document,
    pictures: &'d dyn Pictures,
    palette: &'d Palette,
    notes: &'d BTreeMap<String, Vec<Node>>,
    /// The footnotes' paragraphs, in order (id = index + 1).
    footnotes: Vec<String>,
    /// Pictures: (file name in word/media, picture).
    media: Vec<(String, Picture)>,
    /// External hyperlinks (relationship targets), in order.
    links: Vec<String>,
    /// The start number of every ordered list (each gets its own numbering instance).
    numbering: Vec<u64>,
    bookmarks: HashMap<String, String>,
    bookmark_no: usize,
    out: String,
    list_depth: usize,
    /// Inside a footnote: its part has no relationships, so links and pictures are text.
    in_note: bool,
}

/// Run properties of the text being written.
#[derive(Debug, Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    sup: bool,
    sub: bool,
    code: bool,
    link: bool,
}

/// Heading level (Markdown `##` = 2) → Word style.
fn heading_style(level: u8) -> String {
    if level <= 1 {
        "Title".into()
    } else {
        format!("Heading{}", (level - 1).min(9))
    }
}

impl Writer<'_> {
    fn cover(&mut self, fallback: &[Node]) {
        if let Some(logo) = &self.doc.meta.profile.logo
            && let Some(pic) = self.pictures.image(logo.path.trim_start_matches('/'))
        {
            let run = self.picture(pic, &logo.alt, 45.0);
            let _ = write!(self.out, "<w:p>{run}</w:p>");
        }
        for n in fallback {
            self.node(n);
        }
    }

    /// The contents as linked paragraphs (the same text as the Markdown's list); Word's
    /// navigation pane works from the heading styles.
    fn contents(&mut self, fallback: &[Node]) {
        if let Some(Node::Heading { content, .. }) = fallback.first() {
            let text = tree::plain(content);
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr>{}</w:p>",
                run(&text, Format::default())
            );
        }
        let sections = &self.doc.sections;
        for s in sections {
            let title = if s.number.is_empty() {
                s.title.clone()
            } else {
                format!("{} {}", s.number, s.title)
            };
            let anchor = self.bookmarks.get(&s.id).cloned().unwrap_or_default();
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"TOC{}\"/></w:pPr><w:hyperlink w:anchor=\"{anchor}\" w:history=\"1\">{}</w:hyperlink></w:p>",
                s.level.clamp(1, 9),
                run(&title, Format::default())
            );
        }
    }

    fn page_break(&mut self) {
        self.out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Heading { level, content, .. } => self.heading(*level, None, content),
            Node::Paragraph(inl) => self.paragraph(None, inl),
            Node::List { start, items } => self.list(*start, items),
            Node::Quote(inner) => {
                for n in inner {
                    match n {
                        Node::Paragraph(inl) => self.paragraph(Some("Quote"), inl),
                        other => self.node(other),
                    }
                }
            }
            Node::Code(code) => {
                for line in code.lines() {
                    let _ = write!(
                        self.out,
                        "<w:p><w:pPr><w:pStyle w:val=\"Code\"/></w:pPr>{}</w:p>",
                        run(line, Format::default())
                    );
                }
            }
            Node::Table(t) => self.table(t, None),
            Node::Rule => self.out.push_str(
                "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr></w:pPr></w:p>",
            ),
            Node::PageBreak => self.page_break(),
            Node::Block { id, fallback } => self.block(id, fallback),
        }
    }

    fn heading(&mut self, level: u8, bookmark: Option<&str>, content: &[Inline]) {
        let _ = write!(
            self.out,
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
            heading_style(level)
        );
        if let Some(name) = bookmark {
            self.bookmark_no += 1;
            let _ = write!(
                self.out,
                "<w:bookmarkStart w:id=\"{}\" w:name=\"{name}\"/>",
                self.bookmark_no
            );
        }
        self.inlines(content, Format::default());
        if bookmark.is_some() {
            let _ = write!(self.out, "<w:bookmarkEnd w:id=\"{}\"/>", self.bookmark_no);
        }
        self.out.push_str("</w:p>");
    }

    fn paragraph(&mut self, style: Option<&str>, inl: &[Inline]) {
        self.out.push_str("<w:p>");
        if let Some(s) = style {
            let _ = write!(self.out, "<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>");
        }
        self.inlines(inl, Format::default());
        self.out.push_str("</w:p>");
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Node>]) {
        let num_id = match start {
            Some(n) => {
                self.numbering.push(n);
                // 1 is the bullets; ordered lists follow.
                self.numbering.len() + 1
            }
            None => 1,
        };
        let level = self.list_depth.min(8);
        self.list_depth += 1;
        for item in items {
            let mut first = true;
            for n in item {
                match n {
                    Node::Paragraph(inl) if first => {
                        let _ = write!(
                            self.out,
                            "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>"
                        );
                        self.inlines(inl, Format::default());
                        self.out.push_str("</w:p>");
                    }
                    Node::Paragraph(inl) => self.paragraph(Some("ListParagraph"), inl),
                    other => self.node(other),
                }
                first = false;
            }
        }
        self.list_depth -= 1;
    }

    fn block(&mut self, id: &str, fallback: &[Node]) {
        match self.doc.blocks.get(id) {
            Some(Block::Heading { level, .. }) => {
                let section = id.strip_prefix("rubrik-").unwrap_or(id);
                let bookmark = self.bookmarks.get(section).cloned();
                let mut rest = fallback.iter();
                if let Some(Node::Heading { content, .. }) = rest.next() {
                    self.heading(level.saturating_add(1), bookmark.as_deref(), content);
                }
                rest.for_each(|n| self.node(n));
            }
            Some(Block::Chart(chart)) => {
                let mut rest = fallback;
                if let Some((first, tail)) = fallback.split_first()
                    && let Some(c) = caption_of(first)
                {
                    self.caption(c);
                    rest = tail;
                }
                if let Some(drawing) = svg::render(chart, self.palette, &svg::Labelled::Own)
                    && let Some(pic) = self.pictures.svg(&drawing)
                {
                    let run = self.picture(pic, &chart.alt, 160.0);
                    let _ = write!(self.out, "<w:p><w:pPr><w:keepNext/></w:pPr>{run}</w:p>");
                }
                self.with_captions(rest);
            }
            _ => self.with_captions(fallback),
        }
    }

    /// A bold "Tabell N. …" line directly above a table is its caption.
    fn with_captions(&mut self, nodes: &[Node]) {
        let mut i = 0;
        while let Some(n) = nodes.get(i) {
            if let (Some(caption), Some(Node::Table(t))) = (caption_of(n), nodes.get(i + 1)) {
                self.caption(caption);
                self.table(t, Some(&tree::plain(caption)));
                i += 2;
                continue;
            }
            self.node(n);
            i += 1;
        }
    }

    fn caption(&mut self, c: &[Inline]) {
        self.out
            .push_str("<w:p><w:pPr><w:pStyle w:val=\"Caption\"/><w:keepNext/></w:pPr>");
        self.inlines(c, Format::default());
        self.out.push_str("</w:p>");
    }

    fn table(&mut self, t: &GridTable, caption: Option<&str>) {
        let columns = t
            .head
            .len()
            .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        // 16 cm of text width, in twentieths of a point.
        let col = 9070 / columns;
        self.out
            .push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabell\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>");
        self.out
            .push_str("<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>");
        if let Some(c) = caption {
            let _ = write!(self.out, "<w:tblCaption w:val=\"{}\"/>", xml(c));
        }
        self.out.push_str("</w:tblPr><w:tblGrid>");
        for _ in 0..columns {
            let _ = write!(self.out, "<w:gridCol w:w=\"{col}\"/>");
        }
        self.out.push_str("</w:tblGrid>");
        let header = !t.head.is_empty() && t.head.iter().any(|h| !tree::plain(h).trim().is_empty());
        if header {
            self.row(&t.head, &t.align, columns, col, true);
        }
        for r in &t.rows {
            self.row(r, &t.align, columns, col, false);
        }
        self.out.push_str("</w:tbl><w:p/>");
    }

    fn row(&mut self, cells: &[Vec<Inline>], align: &[&str], columns: usize, width: usize, head: bool) {
        self.out.push_str("<w:tr>");
        if head {
            // The header row repeats on every page the table runs over.
            self.out.push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        } else {
            self.out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for j in 0..columns {
            let _ = write!(
                self.out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p>"
            );
            let jc = match align.get(j).copied() {
                Some("right") => "right",
                Some("center") => "center",
                _ => "",
            };
            if !jc.is_empty() {
                let _ = write!(self.out, "<w:pPr><w:jc w:val=\"{jc}\"/></w:pPr>");
            }
            let format = Format {
                bold: head,
                ..Format::default()
            };
            if let Some(c) = cells.get(j) {
                self.inlines(c, format);
            }
            self.out.push_str("</w:p></w:tc>");
        }
        self.out.push_str("</w:tr>");
    }

    fn inlines(&mut self, inl: &[Inline], f: Format) {
        for i in inl {
            self.inline(i, f);
        }
    }

    fn inline(&mut self, i: &Inline, f: Format) {
        match i {
            Inline::Text(t) => self.out.push_str(&run(t, f)),
            Inline::Code(t) => self.out.push_str(&run(t, Format { code: true, ..f })),
            Inline::Strong(c) => self.inlines(c, Format { bold: true, ..f }),
            Inline::Emph(c) => self.inlines(c, Format { italic: true, ..f }),
            Inline::Strike(c) => self.inlines(c, Format { strike: true, ..f }),
            Inline::Sup(c) => self.inlines(c, Format { sup: true, ..f }),
            Inline::Sub(c) => self.inlines(c, Format { sub: true, ..f }),
            Inline::Link { dest, content } => self.link(dest, content, f),
            Inline::Image { alt, .. } if self.in_note => self.out.push_str(&run(alt, f)),
            Inline::Image { dest, alt } => match self.pictures.image(dest) {
                Some(pic) => {
                    let r = self.picture(pic, alt, 160.0);
                    self.out.push_str(&r);
                }
                None => self.out.push_str(&run(alt, f)),
            },
            Inline::Note(key) => self.footnote(key, f),
            Inline::Break => self.out.push_str("<w:r><w:br/></w:r>"),
        }
    }

    fn link(&mut self, dest: &str, content: &[Inline], f: Format) {
        let d = dest.trim();
        let lower = d.to_ascii_lowercase();
        let external =
            lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:");
        if self.in_note {
            self.inlines(content, f);
            return;
        }
        if external {
            self.links.push(d.to_string());
            let _ = write!(
                self.out,
                "<w:hyperlink r:id=\"rIdLink{}\" w:history=\"1\">",
                self.links.len()
            );
        } else if let Some(anchor) = d.strip_prefix('#').and_then(|a| self.bookmarks.get(a)) {
            let _ = write!(self.out, "<w:hyperlink w:anchor=\"{anchor}\" w:history=\"1\">");
        } else {
            self.inlines(content, f);
            return;
        }
        self.inlines(content, Format { link: true, ..f });
        self.out.push_str("</w:hyperlink>");
    }

    fn footnote(&mut self, key: &str, f: Format) {
        let Some(content) = self.notes.get(key) else {
            self.out.push_str(&run(&format!("[^{key}]"), f));
            return;
        };
        // Word has no footnotes in footnotes (and a note may name itself).
        if self.in_note {
            return;
        }
        // Word has no second reference to one footnote: a repeated note is repeated.
        let id = self.footnotes.len() + 1;
        self.footnotes.push(String::new());
        let saved = std::mem::take(&mut self.out);
        let was_in_note = std::mem::replace(&mut self.in_note, true);
        let mut first = true;
        for n in content {
            let inl: &[Inline] = match n {
                Node::Paragraph(inl) => inl,
                _ => &[],
            };
            self.out
                .push_str("<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>");
            if first {
                self.out.push_str(
                    "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
                );
                first = false;
            }
            if inl.is_empty() {
                let text = match n {
                    Node::List { items, .. } => items
                        .iter()
                        .flatten()
                        .filter_map(|i| match i {
                            Node::Paragraph(p) => Some(tree::plain(p)),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                };
                self.out.push_str(&run(&text, Format::default()));
            } else {
                self.inlines(inl, Format::default());
            }
            self.out.push_str("</w:p>");
        }
        self.in_note = was_in_note;
        let body = std::mem::replace(&mut self.out, saved);
        if let Some(slot) = self.footnotes.get_mut(id - 1) {
            *slot = body;
        }
        let _ = write!(
            self.out,
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        );
    }

    /// An inline picture at most `max_mm` wide, with its alt text.
    fn picture(&mut self, pic: Picture, alt: &str, max_mm: f64) -> String {
        let n = self.media.len() + 1;
        let ext = if pic.png { "png" } else { "jpeg" };
        // 96 px per inch; 914 400 EMU per inch.
        let (w, h) = (f64::from(pic.width.max(1)), f64::from(pic.height.max(1)));
        let max = max_mm / 25.4 * 914_400.0;
        let mut cx = w / 96.0 * 914_400.0;
        if cx > max {
            cx = max;
        }
        let cy = cx * h / w;
        let (cx, cy) = (cx.round() as u64, cy.round() as u64);
        self.media.push((format!("bild{n}.{ext}"), pic));
        let alt = xml(alt);
        format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"Bild {n}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"bild{n}.{ext}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    }
}

fn caption_of(n: &Node) -> Option<&[Inline]> {
    let Node::Paragraph(inl) = n else { return None };
    let [Inline::Strong(c)] = inl.as_slice() else {
        return None;
    };
    let text = tree::plain(c);
    (text.starts_with("Tabell ") || text.starts_with("Figur ")).then_some(c.as_slice())
}

/// One run of text with its formatting.
fn run(text: &str, f: Format) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut props = String::new();
    if f.link {
        props.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
    }
    if f.code {
        props.push_str("<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/>");
    }
    if f.bold {
        props.push_str("<w:b/>");
    }
    if f.italic {
        props.push_str("<w:i/>");
    }
    if f.strike {
        props.push_str("<w:strike/>");
    }
    if f.sup {
        props.push_str("<w:vertAlign w:val=\"superscript\"/>");
    } else if f.sub {
        props.push_str("<w:vertAlign w:val=\"subscript\"/>");
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml(text)
    )
}

/// Text for XML: markup characters escaped, characters XML 1.0 cannot hold dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Width and height of a PNG or JPEG, from its header.
pub fn image_size(bytes: &[u8]) -> Option<(bool, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return Some((true, w, h));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // Start of frame (baseline, progressive, …), not DHT/JPG/DAC.
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let w = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            return Some((false, w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests;
