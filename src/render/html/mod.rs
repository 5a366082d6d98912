//! The report as one self-contained, accessible HTML file (`--format html`), from the same
//! document model as the PDF: the report Markdown (as a [`tree`]) with its data blocks, and the
//! chart data drawn as inline SVG ([`svg`]). Landmarks (header, nav, main), a linked table of
//! contents, tables with `th`/`scope` and captions, footnotes as links, `lang="sv"`, the
//! profile's colours (darkened where needed for WCAG 2.1 AA contrast) and print CSS.
//! Every piece of text is escaped: a narrative cannot add markup.

mod style;
pub mod svg;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::render::document::{Block, COVER_BLOCK, Document, TOC_BLOCK};
use crate::render::markdown::tree::{self, GridTable, Inline, Node};

pub use style::{Palette, contrast_colour};

/// Files the HTML embeds (images of the narratives, the logo), by their path in the project.
pub type Images = BTreeMap<String, Vec<u8>>;

/// Anchor of a section's heading: `avsnitt-<id>`.
pub fn section_anchor(id: &str) -> String {
    format!("avsnitt-{}", anchor_safe(id))
}

/// The whole report as an HTML document.
pub fn render(doc: &Document, markdown: &str, images: &Images) -> String {
    let tree = tree::parse(markdown);
    let palette = Palette::of(&doc.meta.profile);
    let mut w = Writer {
        doc,
        images,
        notes: &tree.notes,
        numbered: Vec::new(),
        note_no: HashMap::new(),
        ids: BTreeSet::new(),
        serial: 0,
        out: String::new(),
        heading_shift: 0,
    };
    let (mut header, mut nav, mut main) = (String::new(), String::new(), String::new());
    for node in &tree.nodes {
        match node {
            Node::Block { id, fallback } if id == COVER_BLOCK => {
                w.cover(fallback);
                header.push_str(&std::mem::take(&mut w.out));
            }
            Node::Block { id, fallback } if id == TOC_BLOCK => nav.push_str(&w.contents(fallback)),
            other => {
                w.node(other);
                main.push_str(&std::mem::take(&mut w.out));
            }
        }
    }
    main.push_str(&w.footnotes());
    let meta = &doc.meta;
    let mut page = String::with_capacity(main.len() + 16_000);
    page.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        page,
        "<title>{}</title>",
        esc(&format!("{} {} – {}", meta.title, meta.period_text, meta.kommun))
    );
    if !meta.authors.is_empty() {
        let _ = writeln!(
            page,
            "<meta name=\"author\" content=\"{}\">",
            esc(&meta.authors.join("; "))
        );
    }
    if !meta.keywords.is_empty() {
        let _ = writeln!(
            page,
            "<meta name=\"keywords\" content=\"{}\">",
            esc(&meta.keywords.join(", "))
        );
    }
    let _ = writeln!(page, "<meta name=\"generator\" content=\"berattelse\">");
    let _ = writeln!(
        page,
        "<style>\n{}</style>\n</head>\n<body>",
        style::css(&palette, meta)
    );
    page.push_str("<a class=\"hoppa\" href=\"#huvudinnehall\">Hoppa till innehållet</a>\n");
    let _ = writeln!(page, "<header>\n{header}</header>");
    if !nav.is_empty() {
        page.push_str(&nav);
    }
    let _ = writeln!(page, "<main id=\"huvudinnehall\">\n{main}</main>");
    let _ = writeln!(
        page,
        "<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>",
        esc(&meta.footer)
    );
    page
}

struct Writer<'d> {
    doc: &'d Document,
    images: &'d Images,
    notes: &'d BTreeMap<String, Vec<Node>>,
    /// Footnotes in the order first referenced.
    numbered: Vec<String>,
    note_no: HashMap<String, usize>,
    /// Ids given out, so that none is used twice.
    ids: BTreeSet<String>,
    serial: usize,
    out: String,
    /// Added to Markdown heading levels inside a data block's fallback.
    heading_shift: i8,
}

impl Writer<'_> {
    fn fresh_id(&mut self, stem: &str) -> String {
        self.serial += 1;
        let id = format!("{stem}-{}", self.serial);
        self.ids.insert(id.clone());
        id
    }

    /// `wanted` when it is free, else nothing (a duplicate id would break the links).
    fn claim(&mut self, wanted: &str) -> Option<String> {
        let id = anchor_safe(wanted);
        (!id.is_empty() && self.ids.insert(id.clone())).then_some(id)
    }

    fn cover(&mut self, fallback: &[Node]) {
        if let Some(logo) = &self.doc.meta.profile.logo
            && let Some(src) = self.data_uri(logo.path.trim_start_matches('/'))
        {
            let _ = writeln!(
                self.out,
                "<img class=\"logotyp\" src=\"{src}\" alt=\"{}\">",
                esc(&logo.alt)
            );
        }
        for n in fallback {
            self.node(n);
        }
    }

    /// The linked contents: every section, nested by level, under the block's own heading.
    fn contents(&mut self, fallback: &[Node]) -> String {
        let title = match fallback.first() {
            Some(Node::Heading { content, .. }) => tree::plain(content),
            _ => "Innehåll".to_string(),
        };
        let mut s = format!(
            "<nav aria-labelledby=\"innehall-rubrik\">\n<h2 id=\"innehall-rubrik\">{}</h2>\n",
            esc(&title)
        );
        self.ids.insert("innehall-rubrik".into());
        let mut depth = 0u8;
        for sec in &self.doc.sections {
            let level = sec.level.max(1);
            if level > depth {
                for _ in depth..level {
                    s.push_str("<ol>\n<li>");
                }
            } else {
                s.push_str("</li>\n");
                for _ in level..depth {
                    s.push_str("</ol>\n</li>\n");
                }
                s.push_str("<li>");
            }
            depth = level;
            let title = if sec.number.is_empty() {
                sec.title.clone()
            } else {
                format!("{} {}", sec.number, sec.title)
            };
            let _ = write!(s, "<a href=\"#{}\">{}</a>", section_anchor(&sec.id), esc(&title));
        }
        for _ in 0..depth {
            s.push_str("</li>\n</ol>\n");
        }
        s.push_str("</nav>\n");
        s
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Heading { level, id, content } => {
                let level = (i16::from(*level) + i16::from(self.heading_shift)).clamp(1, 9) as u8;
                let id = id.as_deref().and_then(|i| self.claim(i));
                self.heading(level, id, content);
            }
            Node::Paragraph(inl) => {
                self.out.push_str("<p>");
                self.inlines(inl);
                self.out.push_str("</p>\n");
            }
            Node::List { start, items } => {
                match start {
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                    }
                    None => self.out.push_str("<ul>\n"),
                }
                for item in items {
                    self.out.push_str("<li>");
                    // A tight item's only paragraph is its text.
                    match item.as_slice() {
                        [Node::Paragraph(inl)] => self.inlines(inl),
                        many => many.iter().for_each(|n| self.node(n)),
                    }
                    self.out.push_str("</li>\n");
                }
                self.out
                    .push_str(if start.is_some() { "</ol>\n" } else { "</ul>\n" });
            }
            Node::Quote(inner) => {
                self.out.push_str("<blockquote>\n");
                inner.iter().for_each(|n| self.node(n));
                self.out.push_str("</blockquote>\n");
            }
            Node::Code(code) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", esc(code));
            }
            Node::Table(t) => self.table(t, None),
            Node::Rule => self.out.push_str("<hr>\n"),
            Node::PageBreak => self.out.push_str("<div class=\"sidbrytning\"></div>\n"),
            Node::Block { id, fallback } => self.block(id, fallback),
        }
    }

    fn heading(&mut self, level: u8, id: Option<String>, content: &[Inline]) {
        let id_attr = id.map(|i| format!(" id=\"{i}\"")).unwrap_or_default();
        if level <= 6 {
            let _ = write!(self.out, "<h{level}{id_attr}>");
            self.inlines(content);
            let _ = writeln!(self.out, "</h{level}>");
        } else {
            let _ = write!(
                self.out,
                "<p role=\"heading\" aria-level=\"{level}\" class=\"rubrik-djup\"{id_attr}>"
            );
            self.inlines(content);
            self.out.push_str("</p>\n");
        }
    }

    /// A data block: headings get their section's anchor, charts their drawing; everything
    /// else (tables of every kind included) is drawn from its Markdown.
    fn block(&mut self, id: &str, fallback: &[Node]) {
        match self.doc.blocks.get(id) {
            Some(Block::Heading { level, .. }) => {
                let section = id.strip_prefix("rubrik-").unwrap_or(id);
                let anchor = self.claim(&section_anchor(section));
                let mut rest = fallback.iter();
                if let Some(Node::Heading { content, .. }) = rest.next() {
                    self.heading(level.saturating_add(1), anchor, content);
                }
                for n in rest {
                    self.node_in_block(n);
                }
            }
            Some(Block::Chart(chart)) => self.chart(chart, fallback),
            _ => self.blocks_with_captions(fallback),
        }
    }

    fn node_in_block(&mut self, n: &Node) {
        if let Node::Paragraph(inl) = n
            && let [Inline::Emph(inner)] = inl.as_slice()
        {
            // "*Lagrum: …*", "*Källa: …*": set apart, not emphasised.
            self.out.push_str("<p class=\"not\">");
            self.inlines(inner);
            self.out.push_str("</p>\n");
            return;
        }
        self.node(n);
    }

    /// Markdown of a block; a bold "Tabell N. …" line directly above a table is its caption.
    fn blocks_with_captions(&mut self, nodes: &[Node]) {
        let mut i = 0;
        while let Some(n) = nodes.get(i) {
            if let (Some(caption), Some(Node::Table(t))) = (caption_of(n), nodes.get(i + 1)) {
                self.table(t, Some(caption));
                i += 2;
                continue;
            }
            self.node_in_block(n);
            i += 1;
        }
    }

    fn chart(&mut self, chart: &crate::render::chart::Chart, fallback: &[Node]) {
        let caption_id = self.fresh_id("figur");
        let desc_id = self.fresh_id("figurtext");
        let _ = writeln!(
            self.out,
            "<figure class=\"diagram\" aria-labelledby=\"{caption_id}\">"
        );
        let mut rest: &[Node] = fallback;
        let mut caption = format!("Figur {}. {}", chart.number, chart.caption);
        if let Some((first, tail)) = fallback.split_first()
            && let Some(c) = caption_of(first)
        {
            caption = tree::plain(c);
            rest = tail;
        }
        let _ = writeln!(
            self.out,
            "<figcaption id=\"{caption_id}\">{}</figcaption>",
            esc(&caption)
        );
        let palette = Palette::of(&self.doc.meta.profile);
        if let Some(drawing) = svg::render(chart, &palette, &svg::Labelled::by(&caption_id, &desc_id)) {
            self.out.push_str(&drawing);
            self.out.push('\n');
        }
        let mut described = false;
        for n in rest {
            if !described
                && let Node::Paragraph(inl) = n
                && matches!(inl.first(), Some(Inline::Emph(e)) if tree::plain(e).starts_with("Diagram"))
            {
                let _ = write!(self.out, "<p id=\"{desc_id}\" class=\"beskrivning\">");
                self.inlines(inl);
                self.out.push_str("</p>\n");
                described = true;
                continue;
            }
            self.node_in_block(n);
        }
        if !described {
            let _ = writeln!(
                self.out,
                "<p id=\"{desc_id}\" class=\"beskrivning\">{}</p>",
                esc(&chart.alt)
            );
        }
        self.out.push_str("</figure>\n");
    }

    fn table(&mut self, t: &GridTable, caption: Option<&[Inline]>) {
        let caption_id = self.fresh_id("tabell");
        let label = if caption.is_some() {
            format!(" role=\"region\" aria-labelledby=\"{caption_id}\"")
        } else {
            // Named by its first header cell; every region needs a name of its own.
            let first = t.head.first().map(|h| tree::plain(h)).unwrap_or_default();
            let name = format!("Tabell {}", first.trim()).trim().to_string();
            let mut unique = name.clone();
            let mut n = 2;
            while !self.ids.insert(format!("\u{0}{unique}")) {
                unique = format!("{name} ({n})");
                n += 1;
            }
            format!(" role=\"region\" aria-label=\"{}\"", esc(&unique))
        };
        // Focusable, so that a table wider than the screen scrolls from the keyboard.
        let _ = writeln!(self.out, "<div class=\"tabell\"{label} tabindex=\"0\">\n<table>");
        if let Some(c) = caption {
            let _ = write!(self.out, "<caption id=\"{caption_id}\">");
            self.inlines(c);
            self.out.push_str("</caption>\n");
        }
        let align = |j: usize| match t.align.get(j).copied() {
            Some("right") => " class=\"tal\"",
            Some("center") => " class=\"mitt\"",
            _ => "",
        };
        if !t.head.is_empty() && t.head.iter().any(|h| !tree::plain(h).trim().is_empty()) {
            self.out.push_str("<thead>\n<tr>");
            for (j, h) in t.head.iter().enumerate() {
                if tree::plain(h).trim().is_empty() {
                    self.out.push_str("<td></td>");
                    continue;
                }
                let _ = write!(self.out, "<th scope=\"col\"{}>", align(j));
                self.inlines(h);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for row in &t.rows {
            self.out.push_str("<tr>");
            for (j, cell) in row.iter().enumerate() {
                if j == 0 && !tree::plain(cell).trim().is_empty() {
                    let _ = write!(self.out, "<th scope=\"row\"{}>", align(j));
                    self.inlines(cell);
                    self.out.push_str("</th>");
                } else {
                    let _ = write!(self.out, "<td{}>", align(j));
                    self.inlines(cell);
                    self.out.push_str("</td>");
                }
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn inlines(&mut self, inl: &[Inline]) {
        for i in inl {
            self.inline(i);
        }
    }

    fn inline(&mut self, i: &Inline) {
        let wrap = |w: &mut Self, tag: &str, c: &[Inline]| {
            let _ = write!(w.out, "<{tag}>");
            w.inlines(c);
            let _ = write!(w.out, "</{tag}>");
        };
        match i {
            Inline::Text(t) => self.out.push_str(&esc(t)),
            Inline::Code(t) => {
                let _ = write!(self.out, "<code>{}</code>", esc(t));
            }
            Inline::Strong(c) => wrap(self, "strong", c),
            Inline::Emph(c) => wrap(self, "em", c),
            Inline::Strike(c) => wrap(self, "s", c),
            Inline::Sup(c) => wrap(self, "sup", c),
            Inline::Sub(c) => wrap(self, "sub", c),
            Inline::Link { dest, content } => match safe_href(dest) {
                Some(href) => {
                    let _ = write!(self.out, "<a href=\"{}\">", esc(&href));
                    self.inlines(content);
                    self.out.push_str("</a>");
                }
                None => self.inlines(content),
            },
            Inline::Image { dest, alt } => match self.data_uri(dest) {
                Some(src) => {
                    let _ = write!(self.out, "<img src=\"{src}\" alt=\"{}\">", esc(alt));
                }
                None => self.out.push_str(&esc(alt)),
            },
            Inline::Note(key) => self.note_ref(key),
            Inline::Break => self.out.push_str("<br>"),
        }
    }

    fn note_ref(&mut self, key: &str) {
        if !self.notes.contains_key(key) {
            self.out.push_str(&esc(&format!("[^{key}]")));
            return;
        }
        let (n, first) = match self.note_no.get(key) {
            Some(&n) => (n, false),
            None => {
                self.numbered.push(key.to_string());
                let n = self.numbered.len();
                self.note_no.insert(key.to_string(), n);
                (n, true)
            }
        };
        let back = if first {
            format!(" id=\"fotnotref-{n}\"")
        } else {
            String::new()
        };
        let _ = write!(
            self.out,
            "<sup class=\"fotnotref\"><a href=\"#fotnot-{n}\"{back} aria-label=\"Fotnot {n}\">{n}</a></sup>"
        );
    }

    /// The footnotes, numbered in the order first referenced, each with a link back.
    fn footnotes(&mut self) -> String {
        if self.numbered.is_empty() {
            return String::new();
        }
        let saved = std::mem::take(&mut self.out);
        let mut i = 0;
        let mut items = Vec::new();
        // A note may refer to another note: render until no new one appears.
        while let Some(key) = self.numbered.get(i).cloned() {
            let notes = self.notes;
            let content = notes.get(&key).map(Vec::as_slice).unwrap_or_default();
            match content {
                [Node::Paragraph(inl)] => self.inlines(inl),
                many => many.iter().for_each(|n| self.node(n)),
            }
            items.push(std::mem::take(&mut self.out));
            i += 1;
        }
        self.out = saved;
        let mut s = String::from(
            "<section class=\"fotnoter\" aria-labelledby=\"fotnoter-rubrik\">\n<h2 id=\"fotnoter-rubrik\">Fotnoter</h2>\n<ol>\n",
        );
        for (j, body) in items.iter().enumerate() {
            let n = j + 1;
            let _ = writeln!(
                s,
                "<li id=\"fotnot-{n}\">{body} <a href=\"#fotnotref-{n}\" aria-label=\"Tillbaka till fotnot {n} i texten\">↩</a></li>"
            );
        }
        s.push_str("</ol>\n</section>\n");
        s
    }

    fn data_uri(&self, path: &str) -> Option<String> {
        let bytes = self.images.get(path.trim_start_matches("./"))?;
        Some(format!("data:{};base64,{}", mime(path)?, base64(bytes)))
    }
}

/// The inlines of a paragraph that is only a bold "Tabell N. …" or "Figur N. …".
fn caption_of(n: &Node) -> Option<&[Inline]> {
    let Node::Paragraph(inl) = n else { return None };
    let [Inline::Strong(c)] = inl.as_slice() else {
        return None;
    };
    let text = tree::plain(c);
    (text.starts_with("Tabell ") || text.starts_with("Figur ")).then_some(c.as_slice())
}

/// Links that stay links: the web, mail and anchors in the page. Anything else (a
/// `javascript:` URL, a file on the author's disk) is shown as its text.
fn safe_href(dest: &str) -> Option<String> {
    let d = dest.trim();
    let lower = d.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (d.starts_with('#') && d.len() > 1);
    ok.then(|| d.to_string())
}

pub fn mime(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit('.').next()?;
    Some(match ext {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Characters allowed in an id and a `#` link: letters, digits, `-` and `_`.
fn anchor_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Text and attribute values: every character that means something in HTML is escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
