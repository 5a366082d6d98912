//! What typst made of the pages: a typographer's reading of the laid-out document, page by
//! page, from typst's own layout result (the frames and the introspection tags in them). It
//! finds headings with too little of their section after them, table fragments of one row,
//! captions parted from their table or figure, and pages left mostly empty without a
//! deliberate break. The tests run it on every example and fixture; `--format typ` writes it
//! as `<slug>.layout.json` for inspection.

use serde::{Deserialize, Serialize};
use typst::foundations::{Content, StyleChain, Styles, Value};
use typst::introspection::{Location, MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::model::{FigureCaption, FigureElem, FootnoteEntry, HeadingElem, TableCell, TableElem};
use typst::pdf::ArtifactElem;
use typst_layout::PagedDocument;

/// The value of the `metadata` the layout places before a deliberate page break (after the
/// cover and the contents, before a chapter when chapters start on a new page).
pub const BREAK_MARK: &str = "berattelse.break";

/// A heading needs at least this many lines of what follows on its page.
pub const LINES_AFTER_HEADING: usize = 3;
/// A page less full than this must end at a deliberate break.
pub const MIN_FILL: f64 = 0.4;

/// The generated file with the headings (by index) that start a new page because they would
/// stand at the foot of one: `[]` unless [`stranded_headings`] found some.
pub const BREAKS_FILE: &str = "layout-breaks.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// 1 for the first page.
    pub page: usize,
    /// How much of the body area (from its top to the footer) content fills, 0 to 1.
    pub fill: f64,
    /// The page ends at a deliberate break (cover, contents, a chapter on a new page) or is the
    /// last page.
    pub deliberate_break: bool,
    pub headings: Vec<HeadingPlace>,
    pub tables: Vec<TableFragment>,
    pub captions: Vec<CaptionPlace>,
    /// The charts drawn on the page, each with what collides in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charts: Vec<ChartCheck>,
}

/// One chart's geometry as typst drew it (`render::chart::geometry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartCheck {
    /// Text runs (value labels, category names, ticks) and marks (bars, points, riket and
    /// målvärde marks, axes) read from the drawing.
    pub labels: usize,
    pub marks: usize,
    /// A label over a mark, a line or another label, or anything outside the frame.
    pub collisions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadingPlace {
    /// Its place among all headings of the document, from 0, as `query(heading)` counts.
    pub index: usize,
    pub level: usize,
    pub text: String,
    /// Lines of text below the heading on this page.
    pub lines_after: usize,
    /// Its section goes on on the next page (the next page does not start with a heading).
    pub continues: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableFragment {
    /// The table's caption, else the text of its first cell.
    pub table: String,
    /// Rows of the table on this page below its header row (the first), which a break repeats.
    pub rows: usize,
    /// The table starts on this page.
    pub starts_here: bool,
    /// The table is on more than one page.
    pub split: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptionPlace {
    pub text: String,
    /// The first line of the table or figure it captions is on the same page.
    pub with_body: bool,
}

/// Reads every page of `doc`.
pub fn inspect(doc: &PagedDocument) -> Vec<PageLayout> {
    let mut walker = Walker::default();
    let mut pages = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        walker.page = Page::default();
        walker.page_no = i + 1;
        walker.walk(&page.frame, Transform::identity());
        let mut layout = walker.finish_page(page.frame.height());
        layout.charts = crate::render::chart::geometry::in_frame(&page.frame)
            .iter()
            .map(|d| ChartCheck {
                labels: d.labels.len(),
                marks: d.marks.len(),
                collisions: d.collisions(),
            })
            .collect();
        pages.push(layout);
    }
    for (page, loc, rows) in &walker.fragments {
        let Some((_, name, on)) = walker.table_pages.iter().find(|(l, ..)| l == loc) else {
            continue;
        };
        pages[page - 1].tables.push(TableFragment {
            table: name.clone(),
            rows: *rows,
            starts_here: on.first() == Some(page),
            split: on.len() > 1,
        });
    }
    // A break mark sits at the top of the page after the break.
    let n = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.deliberate_break = i + 1 == n || walker.marked.contains(&(i + 2));
        // The last heading's section ends with the page when the next one opens with a heading.
        if walker.opens_with_heading.contains(&(i + 2))
            && let Some(h) = page.headings.last_mut()
        {
            h.continues = false;
        }
    }
    pages
}

/// What is wrong with the pages, one line per finding, each naming its page.
pub fn problems(pages: &[PageLayout]) -> Vec<String> {
    let mut out = Vec::new();
    for p in pages {
        let n = p.page;
        let last = n == pages.len();
        for h in &p.headings {
            if stranded(h) && !last && !p.deliberate_break {
                out.push(format!(
                    "page {n}: heading \"{}\" has {} line(s) after it at the foot of the page",
                    h.text, h.lines_after
                ));
            }
        }
        for t in p.tables.iter().filter(|t| t.split) {
            if t.rows < 2 {
                out.push(format!(
                    "page {n}: table \"{}\" has a fragment of {} row(s)",
                    t.table, t.rows
                ));
            }
        }
        for c in p.captions.iter().filter(|c| !c.with_body) {
            out.push(format!(
                "page {n}: caption \"{}\" is parted from its table or figure",
                c.text
            ));
        }
        for (i, c) in p.charts.iter().enumerate() {
            for f in &c.collisions {
                out.push(format!("page {n}: chart {}: {f}", i + 1));
            }
        }
        if p.fill < MIN_FILL && !p.deliberate_break {
            out.push(format!(
                "page {n}: only {:.0} % full and not followed by a deliberate break",
                p.fill * 100.0
            ));
        }
    }
    out
}

fn stranded(h: &HeadingPlace) -> bool {
    h.lines_after < LINES_AFTER_HEADING && h.continues
}

/// The headings (by `index`) that stand at the foot of a page with less than three lines of
/// their section: the layout starts them on the next page instead (`BREAKS_FILE`).
pub fn stranded_headings(pages: &[PageLayout]) -> Vec<usize> {
    let n = pages.len();
    pages
        .iter()
        .filter(|p| p.page < n && !p.deliberate_break)
        .flat_map(|p| p.headings.iter().filter(|h| stranded(h)).map(|h| h.index))
        .collect()
}

/// What is open where the walk is: an element's kind and, for tables, their name.
#[derive(Debug, Clone)]
enum Open {
    Heading,
    Table(Location),
    Figure(Location),
    Caption,
    Cell,
    Artifact,
    Footnote,
    Other,
}

#[derive(Debug, Default)]
struct Page {
    /// Baselines of body text, in order.
    lines: Vec<Abs>,
    top: Option<Abs>,
    bottom: Abs,
    footer_top: Option<Abs>,
    /// (index, level, text, baseline of its last line) of the headings started here.
    headings: Vec<(usize, usize, String, Abs)>,
    /// The first line of the page belongs to a heading.
    opens_with_heading: bool,
    /// Per table on this page: its location and the row indices seen.
    rows: Vec<(Location, Vec<usize>)>,
    captions: Vec<CaptionPlace>,
}

#[derive(Default)]
struct Walker {
    stack: Vec<(Location, Open)>,
    page: Page,
    page_no: usize,
    /// Table location → (name, pages it is on, first page).
    table_pages: Vec<(Location, String, Vec<usize>)>,
    /// Pages with a break mark.
    marked: Vec<usize>,
    /// Pages whose first line is a heading's.
    opens_with_heading: Vec<usize>,
    /// (page, table, rows on that page), in order.
    fragments: Vec<(usize, Location, usize)>,
    /// A caption whose figure has not shown a line yet: (figure, text).
    pending_caption: Option<(Location, String)>,
    headings_seen: usize,
    /// The text of the heading being read, with its level.
    heading_text: Option<(usize, String)>,
}

impl Walker {
    fn walk(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            let at = pos.transform(ts);
            match item {
                FrameItem::Group(g) => {
                    let inner = ts
                        .pre_concat(Transform::translate(pos.x, pos.y))
                        .pre_concat(g.transform);
                    self.walk(&g.frame, inner);
                }
                FrameItem::Tag(Tag::Start(content, _)) => self.start(content),
                FrameItem::Tag(Tag::End(loc, _, _)) => self.end(*loc),
                FrameItem::Text(text) => self.text(at, text.size),
                FrameItem::Shape(shape, _) => {
                    let bbox = shape.geometry.bbox(None);
                    self.shape(at.y + bbox.min.y, at.y + bbox.max.y);
                }
                FrameItem::Image(_, size, _) => self.shape(at.y, at.y + size.y),
                FrameItem::Link(..) => {}
            }
        }
    }

    fn in_artifact(&self) -> bool {
        self.stack.iter().any(|(_, o)| matches!(o, Open::Artifact))
    }

    fn in_footnote(&self) -> bool {
        self.stack.iter().any(|(_, o)| matches!(o, Open::Footnote))
    }

    fn start(&mut self, content: &Content) {
        let Some(loc) = content.location() else { return };
        let open = if content.is::<ArtifactElem>() {
            Open::Artifact
        } else if self.in_artifact() {
            Open::Other
        } else if let Some(h) = content.to_packed::<HeadingElem>() {
            let level = h.resolve_level(StyleChain::new(&Styles::new())).get();
            self.heading_text = Some((level, h.body.plain_text().to_string()));
            Open::Heading
        } else if content.is::<TableElem>() {
            let name = self.figure_caption().unwrap_or_default();
            if !self.table_pages.iter().any(|(l, ..)| *l == loc) {
                self.table_pages.push((loc, name, Vec::new()));
            }
            Open::Table(loc)
        } else if let Some(cell) = content.to_packed::<TableCell>() {
            let y = cell.y.as_option().and_then(|s| s.custom()).unwrap_or(0);
            self.cell(y, content);
            Open::Cell
        } else if content.is::<FigureElem>() {
            Open::Figure(loc)
        } else if content.is::<FigureCaption>() {
            Open::Caption
        } else if content.is::<FootnoteEntry>() {
            Open::Footnote
        } else if let Some(m) = content.to_packed::<MetadataElem>() {
            if m.value == Value::Str(BREAK_MARK.into()) {
                self.marked.push(self.page_no);
            }
            Open::Other
        } else {
            Open::Other
        };
        if let Open::Caption = open {
            let text = content.plain_text().to_string();
            if let Some(fig) = self.innermost_figure() {
                self.pending_caption = Some((fig, text));
            }
        }
        self.stack.push((loc, open));
    }

    fn end(&mut self, loc: Location) {
        let Some(i) = self.stack.iter().rposition(|(l, _)| *l == loc) else {
            return;
        };
        let (_, open) = self.stack.remove(i);
        match open {
            Open::Heading => {
                if let Some((level, text)) = self.heading_text.take() {
                    let base = self.page.lines.last().copied().unwrap_or(Abs::zero());
                    self.page.headings.push((self.headings_seen, level, text, base));
                }
                self.headings_seen += 1;
            }
            Open::Figure(fig) => {
                // A figure that ends without a line after its caption (an image): together.
                if let Some((f, text)) = self.pending_caption.take() {
                    if f == fig {
                        self.page.captions.push(CaptionPlace {
                            text,
                            with_body: true,
                        });
                    } else {
                        self.pending_caption = Some((f, text));
                    }
                }
            }
            _ => {}
        }
    }

    /// The caption of the figure the walk is in, for naming its table.
    fn figure_caption(&self) -> Option<String> {
        let fig = self.innermost_figure()?;
        self.pending_caption
            .as_ref()
            .filter(|(f, _)| *f == fig)
            .map(|(_, t)| t.clone())
            .or_else(|| self.page.captions.last().map(|c| c.text.clone()))
    }

    fn innermost_figure(&self) -> Option<Location> {
        self.stack.iter().rev().find_map(|(_, o)| match o {
            Open::Figure(l) => Some(*l),
            _ => None,
        })
    }

    fn cell(&mut self, y: usize, content: &Content) {
        let Some(table) = self.stack.iter().rev().find_map(|(_, o)| match o {
            Open::Table(l) => Some(*l),
            _ => None,
        }) else {
            return;
        };
        if let Some(entry) = self.table_pages.iter_mut().find(|(l, ..)| *l == table) {
            if entry.1.is_empty() {
                entry.1 = content.plain_text().to_string();
            }
            if entry.2.last() != Some(&self.page_no) {
                entry.2.push(self.page_no);
            }
        }
        let rows = match self.page.rows.iter_mut().find(|(l, _)| *l == table) {
            Some((_, rows)) => rows,
            None => {
                self.page.rows.push((table, Vec::new()));
                &mut self.page.rows.last_mut().expect("just pushed").1
            }
        };
        if y > 0 && !rows.contains(&y) {
            rows.push(y);
        }
    }

    fn text(&mut self, at: Point, size: Abs) {
        if self.in_artifact() {
            if self.page.footer_top.is_none_or(|t| at.y - size < t) {
                self.page.footer_top = Some(at.y - size);
            }
            return;
        }
        if self.in_footnote() {
            return;
        }
        self.mark(at.y - size * 0.8, at.y + size * 0.25);
        if self.page.lines.is_empty() {
            self.page.opens_with_heading = self.stack.iter().any(|(_, o)| matches!(o, Open::Heading));
        }
        let base = at.y;
        if !self.page.lines.iter().any(|l| (*l - base).abs() < Abs::pt(1.0)) {
            self.page.lines.push(base);
        }
        if let Some((fig, text)) = self.pending_caption.clone()
            && !self.stack.iter().any(|(_, o)| matches!(o, Open::Caption))
            && self.stack.iter().any(|(l, _)| *l == fig)
        {
            self.pending_caption = None;
            self.page.captions.push(CaptionPlace {
                text,
                with_body: true,
            });
        }
    }

    fn shape(&mut self, top: Abs, bottom: Abs) {
        if self.in_artifact() {
            if self.page.footer_top.is_none_or(|t| top < t) {
                self.page.footer_top = Some(top);
            }
            return;
        }
        // Rules and fills count where they belong to a table or figure (not a footnote line).
        let drawn = self
            .stack
            .iter()
            .any(|(_, o)| matches!(o, Open::Table(_) | Open::Figure(_) | Open::Cell));
        if drawn && !self.in_footnote() {
            self.mark(top, bottom);
        }
    }

    fn mark(&mut self, top: Abs, bottom: Abs) {
        self.page.top = Some(self.page.top.map_or(top, |t| t.min(top)));
        self.page.bottom = self.page.bottom.max(bottom);
    }

    fn finish_page(&mut self, height: Abs) -> PageLayout {
        let number = self.page_no;
        // A caption still waiting for its figure's first line at the end of the page.
        let mut captions = std::mem::take(&mut self.page.captions);
        if let Some((_, text)) = self.pending_caption.take() {
            captions.push(CaptionPlace {
                text,
                with_body: false,
            });
        }
        let p = std::mem::take(&mut self.page);
        if p.opens_with_heading {
            self.opens_with_heading.push(number);
        }
        let top = p.top.unwrap_or(Abs::zero());
        let floor = p.footer_top.unwrap_or(height);
        let fill = if floor > top {
            ((p.bottom - top) / (floor - top)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let headings = p
            .headings
            .iter()
            .map(|(index, level, text, base)| HeadingPlace {
                index: *index,
                level: *level,
                text: text.clone(),
                lines_after: p.lines.iter().filter(|l| **l > *base + Abs::pt(1.0)).count(),
                continues: true,
            })
            .collect();
        self.fragments
            .extend(p.rows.iter().map(|(loc, rows)| (number, *loc, rows.len())));
        PageLayout {
            page: number,
            fill: (fill * 1000.0).round() / 1000.0,
            deliberate_break: false,
            headings,
            tables: Vec::new(),
            captions,
            charts: Vec::new(),
        }
    }
}
