//! The geometry of a drawn chart, read back from typst's layout result: the bounding box of
//! every label (value labels, category names, tick labels, the unit) and of every mark (bars,
//! columns, points, riket and målvärde marks, axes), and the segments of every line. The
//! placement itself happens in `report-templates/charts.typ`; this module proves it: no label
//! overlaps another label, a mark or a line, and no label or mark leaves the drawing's frame.
//!
//! charts.typ puts `metadata("berattelse.chart")` first in each drawing's box, which is how
//! [`drawings`] finds them in a page. Thin grid lines (under 0.6 pt) are not marks: a label
//! may cross them, as in every printed chart.

use typst::foundations::Value;
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::{CurveItem, Geometry, Shape};
use typst_layout::PagedDocument;

/// The value of the metadata that opens a chart's drawing in charts.typ.
pub const DRAWING_MARK: &str = "berattelse.chart";

/// Overlaps smaller than this (in pt, both ways) are rounding, not a collision.
const TOLERANCE: f64 = 0.3;

/// An axis-aligned box in pt, relative to the drawing's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bounds {
    fn overlaps(&self, o: &Bounds) -> bool {
        self.x1.min(o.x1) - self.x0.max(o.x0) > TOLERANCE && self.y1.min(o.y1) - self.y0.max(o.y0) > TOLERANCE
    }

    fn inside(&self, width: f64, height: f64) -> bool {
        self.x0 >= -TOLERANCE
            && self.y0 >= -TOLERANCE
            && self.x1 <= width + TOLERANCE
            && self.y1 <= height + TOLERANCE
    }

    /// Whether the segment a–b, drawn `thickness` wide, passes through the box.
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64), thickness: f64) -> bool {
        let half = thickness / 2.0 - TOLERANCE;
        let r = Bounds {
            x0: self.x0 - half,
            y0: self.y0 - half,
            x1: self.x1 + half,
            y1: self.y1 + half,
        };
        // Sample the segment finely: labels are several pt, the steps well under one.
        let steps = (((b.0 - a.0).abs() + (b.1 - a.1).abs()) / 0.25).ceil().max(1.0) as usize;
        (0..=steps).any(|i| {
            let t = i as f64 / steps as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1
        })
    }
}

/// A straight piece of a drawn line: from, to (x, y in pt) and its thickness.
pub type Segment = ((f64, f64), (f64, f64), f64);

/// One chart as drawn.
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    /// (text, box) of every text run.
    pub labels: Vec<(String, Bounds)>,
    /// (what, box): `bar`, `target`, `benchmark`, `axis`, `point`.
    pub marks: Vec<(&'static str, Bounds)>,
    /// Straight pieces of the drawn lines: (from, to, thickness).
    pub segments: Vec<Segment>,
}

/// Every chart drawing on every page: (page from 1, drawing).
pub fn drawings(doc: &PagedDocument) -> Vec<(usize, Drawing)> {
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        out.extend(in_frame(&page.frame).into_iter().map(|d| (i + 1, d)));
    }
    out
}

/// The chart drawings in a frame (a page), in order.
pub fn in_frame(frame: &Frame) -> Vec<Drawing> {
    let mut found = Vec::new();
    find(frame, &mut found);
    found
}

fn opens_drawing(frame: &Frame) -> bool {
    frame.items().take(3).any(|(_, item)| match item {
        FrameItem::Tag(Tag::Start(content, _)) => content
            .to_packed::<MetadataElem>()
            .is_some_and(|m| m.value == Value::Str(DRAWING_MARK.into())),
        _ => false,
    })
}

fn find(frame: &Frame, out: &mut Vec<Drawing>) {
    for (_, item) in frame.items() {
        if let FrameItem::Group(g) = item {
            if opens_drawing(&g.frame) {
                let mut d = Drawing {
                    width: g.frame.width().to_pt(),
                    height: g.frame.height().to_pt(),
                    ..Drawing::default()
                };
                collect(&g.frame, Transform::identity(), &mut d);
                out.push(d);
            } else {
                find(&g.frame, out);
            }
        }
    }
}

fn pt(p: Point, ts: Transform) -> (f64, f64) {
    let p = p.transform(ts);
    (p.x.to_pt(), p.y.to_pt())
}

fn collect(frame: &Frame, ts: Transform, d: &mut Drawing) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(g.transform);
                collect(&g.frame, inner, d);
            }
            FrameItem::Text(t) => {
                let m = t.font.metrics();
                let (x, y) = pt(*pos, ts);
                let top = y - (m.cap_height.get() + 0.06) * t.size.to_pt();
                let bottom = y - m.descender.get() * t.size.to_pt();
                let b = Bounds {
                    x0: x,
                    y0: top,
                    x1: x + t.width().to_pt(),
                    y1: bottom,
                };
                d.labels.push((t.text.to_string(), b));
            }
            FrameItem::Shape(s, _) => shape(s, *pos, ts, d),
            _ => {}
        }
    }
}

fn shape(s: &Shape, pos: Point, ts: Transform, d: &mut Drawing) {
    let thickness = s.stroke.as_ref().map_or(0.0, |k| k.thickness.to_pt());
    let dashed = s.stroke.as_ref().is_some_and(|k| k.dash.is_some());
    let half = thickness / 2.0;
    let at = |p: Point| pt(pos + p, ts);
    match &s.geometry {
        Geometry::Line(to) => {
            let (a, b) = (at(Point::zero()), at(*to));
            let what = if dashed {
                "target"
            } else if thickness >= 1.5 {
                "benchmark"
            } else if thickness >= 0.6 {
                "axis"
            } else {
                return;
            };
            d.marks.push((
                what,
                Bounds {
                    x0: a.0.min(b.0) - half,
                    y0: a.1.min(b.1) - half,
                    x1: a.0.max(b.0) + half,
                    y1: a.1.max(b.1) + half,
                },
            ));
        }
        Geometry::Rect(size) => {
            let (a, b) = (at(Point::zero()), at(size.to_point()));
            d.marks.push((
                "bar",
                Bounds {
                    x0: a.0.min(b.0) - half,
                    y0: a.1.min(b.1) - half,
                    x1: a.0.max(b.0) + half,
                    y1: a.1.max(b.1) + half,
                },
            ));
        }
        Geometry::Curve(c) => {
            let bbox = c.bbox(None);
            if bbox.max.x - bbox.min.x <= Abs::pt(8.0) && bbox.max.y - bbox.min.y <= Abs::pt(8.0) {
                // A point marker (circle, square, triangle).
                let pts: Vec<(f64, f64)> =
                    c.0.iter()
                        .flat_map(|i| match i {
                            CurveItem::Move(p) | CurveItem::Line(p) => vec![at(*p)],
                            CurveItem::Cubic(a, b, p) => vec![at(*a), at(*b), at(*p)],
                            CurveItem::Close => vec![],
                        })
                        .collect();
                let b = Bounds {
                    x0: pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) - half,
                    y0: pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min) - half,
                    x1: pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max) + half,
                    y1: pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max) + half,
                };
                d.marks.push(("point", b));
                return;
            }
            let mut last = None;
            for i in &c.0 {
                match i {
                    CurveItem::Move(p) => last = Some(at(*p)),
                    CurveItem::Line(p) | CurveItem::Cubic(_, _, p) => {
                        let q = at(*p);
                        if let Some(a) = last {
                            d.segments.push((a, q, thickness));
                        }
                        last = Some(q);
                    }
                    CurveItem::Close => {}
                }
            }
        }
    }
}

impl Drawing {
    /// What collides, one line per finding; empty when the drawing is clean.
    pub fn collisions(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (w, h) = (self.width, self.height);
        for (i, (text, b)) in self.labels.iter().enumerate() {
            if !b.inside(w, h) {
                out.push(format!("label \"{text}\" leaves the frame ({})", show(b)));
            }
            for (other, o) in &self.labels[i + 1..] {
                if b.overlaps(o) {
                    out.push(format!("labels \"{text}\" and \"{other}\" overlap"));
                }
            }
            for (what, m) in &self.marks {
                if b.overlaps(m) {
                    out.push(format!("label \"{text}\" overlaps a {what} mark ({})", show(m)));
                }
            }
            if self.segments.iter().any(|(p, q, t)| b.crossed_by(*p, *q, *t)) {
                out.push(format!("a line crosses label \"{text}\""));
            }
        }
        for (what, m) in &self.marks {
            if !m.inside(w, h) {
                out.push(format!("a {what} mark leaves the frame ({})", show(m)));
            }
        }
        out
    }
}

fn show(b: &Bounds) -> String {
    format!("{:.1},{:.1}–{:.1},{:.1} pt", b.x0, b.y0, b.x1, b.y1)
}

#[cfg(test)]
mod tests {
    //! Every chart kind drawn through the real charts.typ at the report's text width, with the
    //! cases most likely to collide, and every finding printed with its chart.
    use super::*;
    use crate::compute::{Engine, testing};
    use crate::model::outline::{ChartKind, ChartSpec};
    use crate::render::chart::{Chart, build};

    /// Values per year.
    type Values = [(i32, Option<f64>)];

    /// A model with several indicators: (indicator YAML, values per year).
    fn engine(inds: &[(&str, &Values)]) -> Engine {
        let mut catalogue = crate::model::catalogue::Catalogue::new();
        let mut observations = Vec::new();
        for (yaml, values) in inds {
            let ind = testing::indicator(yaml);
            for &(y, v) in *values {
                observations.push(testing::observation(&ind.id, y, v));
            }
            catalogue.insert(ind.id.clone(), ind);
        }
        let collected = crate::model::collected::Collected {
            observations,
            ..Default::default()
        };
        Engine::plain(crate::model::Model::build(catalogue, collected), 2024)
    }

    fn chart(e: &Engine, kind: ChartKind, ids: &[&str], years: u32, riket: bool) -> Chart {
        let spec = ChartSpec {
            id: "c".into(),
            caption: "Diagram".into(),
            kind,
            indicators: ids.iter().map(|s| s.to_string()).collect(),
            years: Some(years),
            target: None,
            benchmarks: if riket { vec!["riket".into()] } else { Vec::new() },
            table: Default::default(),
            per: None,
        };
        let mut diags = Vec::new();
        build(e, &spec, "o", &mut diags).unwrap_or_else(|| panic!("{diags:?}"))
    }

    /// Lays the charts out as the report does (A4, 25 mm margins, 11 pt) and reads them back.
    pub(crate) fn drawn(charts: &[Chart]) -> Vec<Drawing> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::project::CONFIG_FILE), "").unwrap();
        let project = crate::project::ProjectDir::open(dir.path()).unwrap();
        let main = "#import \"charts.typ\": chart\n\
            #set page(width: 210mm, height: auto, margin: (x: 25mm, y: 15mm))\n\
            #set text(font: \"Source Sans 3\", size: 11pt, lang: \"sv\")\n\
            #let p = (accent: rgb(\"#1d4f73\"), accent-light: rgb(\"#e8f0f6\"), muted: rgb(\"#4a5864\"), rule: rgb(\"#b8c4ce\"))\n\
            #for b in json(\"charts.json\") { chart(b, p); pagebreak(weak: true) }\n";
        let json = serde_json::to_vec(charts).unwrap();
        let world = crate::render::typst::world::ReportWorld::new(
            project,
            "main.typ",
            vec![("main.typ".into(), main.into()), ("charts.json".into(), json)],
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        )
        .unwrap();
        let mut diags = Vec::new();
        let doc =
            crate::render::typst::pdf::compile(&world, &mut diags).unwrap_or_else(|| panic!("{diags:?}"));
        let found: Vec<Drawing> = drawings(&doc).into_iter().map(|(_, d)| d).collect();
        assert_eq!(found.len(), charts.len(), "every chart is found in the layout");
        found
    }

    /// Lays out a hand-made drawing (typst code after the drawing mark) and reads it back.
    fn drawn_raw(body: &str) -> Drawing {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::project::CONFIG_FILE), "").unwrap();
        let project = crate::project::ProjectDir::open(dir.path()).unwrap();
        let main = format!("#box(width: 200pt, height: 100pt, {{ metadata(\"{DRAWING_MARK}\")\n{body} }})");
        let world = crate::render::typst::world::ReportWorld::new(
            project,
            "main.typ",
            vec![("main.typ".into(), main.into_bytes())],
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        )
        .unwrap();
        let doc = crate::render::typst::pdf::compile(&world, &mut Vec::new()).unwrap();
        drawings(&doc).remove(0).1
    }

    #[test]
    fn the_check_sees_every_kind_of_collision() {
        let d = drawn_raw(
            "place(dx: 10pt, dy: 10pt, text(size: 8pt)[45])\n             place(dx: 14pt, dy: 5pt, line(angle: 90deg, length: 20pt, stroke: 1.8pt))\n             place(dx: 60pt, dy: 30pt, line(length: 80pt, stroke: (thickness: 1pt, dash: \"dashed\")))\n             place(dx: 70pt, dy: 26pt, text(size: 8pt)[90])\n\
             place(dx: 73pt, dy: 27pt, text(size: 8pt)[91])\n\
             place(dx: 100pt, dy: 50pt, curve(stroke: 1.6pt, curve.move((0pt, 20pt)), curve.line((40pt, -10pt))))\n\
             place(dx: 115pt, dy: 52pt, text(size: 8pt)[71])\n\
             place(dx: 190pt, dy: 80pt, text(size: 8pt)[100])\n\
             place(dx: 20pt, dy: 80pt, rect(width: 30pt, height: 10pt, fill: blue))\n\
             place(dx: 30pt, dy: 83pt, text(size: 8pt)[12])\n\
             place(dx: 150pt, dy: 5pt, line(length: 20pt, stroke: 0.4pt))\n\
             place(dx: 155pt, dy: 2pt, text(size: 8pt)[grid])",
        );
        let found = d.collisions();
        let expect = [
            "label \"45\" overlaps a benchmark mark",
            "label \"90\" overlaps a target mark",
            "labels \"90\" and \"91\" overlap",
            "label \"91\" overlaps a target mark",
            "a line crosses label \"71\"",
            "label \"100\" leaves the frame",
            "label \"12\" overlaps a bar mark",
        ];
        for e in expect {
            assert!(found.iter().any(|f| f.starts_with(e)), "{e}: {found:#?}");
        }
        assert_eq!(
            found.len(),
            expect.len(),
            "a thin grid line is no mark: {found:#?}"
        );
    }

    #[track_caller]
    fn assert_clean(cases: &[(&str, Chart)]) {
        let charts: Vec<Chart> = cases.iter().map(|(_, c)| c.clone()).collect();
        let mut bad = Vec::new();
        for ((name, _), d) in cases.iter().zip(drawn(&charts)) {
            assert!(
                !d.labels.is_empty() && !d.marks.is_empty(),
                "{name}: nothing read"
            );
            let found = d.collisions();
            if !found.is_empty() {
                bad.push(format!("{name}:\n  {}", found.join("\n  ")));
            }
        }
        assert!(bad.is_empty(), "collisions:\n{}", bad.join("\n"));
    }

    const SHARE: &str = "unit: procent, polarity: higher_better";

    fn share(id: &str, name: &str, extra: &str) -> String {
        format!("{{id: {id}, name: \"{name}\", {SHARE}{extra}}}")
    }

    #[test]
    fn bars_never_collide() {
        let y = |a, b| vec![(2023, Some(a)), (2024, Some(b))];
        let long = "Andel av de avlidna med dokumenterat brytpunktssamtal och munhälsobedömning \
                    sista levnadsveckan enligt Svenska palliativregistret";
        let inds = [
            // value = riket and value = target, in both years
            share(
                "eq",
                "Lika med riket och målvärdet",
                ", targets: [{level: national, value: 70}], benchmarks: {riket: {2024: 70}}",
            ),
            // equal values in both years
            share("same", "Samma båda åren", ", benchmarks: {riket: {2024: 40}}"),
            // 0 % and 100 %, target at 100 %
            share(
                "zero",
                "Noll",
                ", targets: [{level: national, value: 100}], benchmarks: {riket: {2024: 0}}",
            ),
            share(
                "full",
                "Hundra",
                ", targets: [{level: national, value: 100}, {level: local, value: 99}], benchmarks: {riket: {2024: 100}}",
            ),
            // marks just right of the bar end, where the label would be
            share(
                "near",
                "Märken vid etiketten",
                ", targets: [{level: national, value: 93}], benchmarks: {riket: {2024: 92}}",
            ),
            share("long", long, ", benchmarks: {riket: {2024: 45}}"),
        ];
        let values = [
            y(70.0, 70.0),
            y(40.0, 40.0),
            y(0.0, 0.0),
            y(100.0, 100.0),
            y(89.0, 91.0),
            y(45.0, 46.0),
        ];
        let pairs: Vec<(&str, &Values)> = inds
            .iter()
            .map(String::as_str)
            .zip(values.iter().map(Vec::as_slice))
            .collect();
        let e = engine(&pairs);
        let ids = ["eq", "same", "zero", "full", "near", "long"];
        assert_clean(&[
            ("all together", chart(&e, ChartKind::Bars, &ids, 2, true)),
            ("one year", chart(&e, ChartKind::Bars, &ids, 1, true)),
            (
                "0 and 100 %",
                chart(&e, ChartKind::Bars, &["zero", "full"], 2, true),
            ),
            ("long name", chart(&e, ChartKind::Bars, &["long"], 2, false)),
        ]);
    }

    #[test]
    fn columns_never_collide() {
        let e = engine(&[
            (
                "{id: a, name: Fall utan skada, unit: antal, targets: [{level: local, value: 300}], \
                 benchmarks: {riket: {2021: 305, 2022: 296, 2023: 310, 2024: 300}}}",
                // just under the målvärde and riket, equal to them, and 0
                &[
                    (2021, Some(290.0)),
                    (2022, Some(300.0)),
                    (2023, Some(310.0)),
                    (2024, Some(0.0)),
                ],
            ),
            (
                "{id: b, name: Fall med skada, unit: antal}",
                &[
                    (2021, Some(300.0)),
                    (2022, Some(1.0)),
                    (2023, Some(2.0)),
                    (2024, Some(1204.0)),
                ],
            ),
            (
                "{id: n, name: Resultat, unit: kronor}",
                &[
                    (2021, Some(-1200.0)),
                    (2022, Some(350.0)),
                    (2023, Some(-40.0)),
                    (2024, Some(0.0)),
                ],
            ),
            (
                "{id: s, name: Andel, unit: procent, targets: [{level: national, value: 100}]}",
                &[
                    (2021, Some(0.0)),
                    (2022, Some(100.0)),
                    (2023, Some(99.0)),
                    (2024, Some(100.0)),
                ],
            ),
        ]);
        assert_clean(&[
            (
                "equal values, value = target = riket",
                chart(&e, ChartKind::Columns, &["a"], 4, true),
            ),
            (
                "two series, equal and far apart",
                chart(&e, ChartKind::Columns, &["a", "b"], 4, false),
            ),
            ("negative values", chart(&e, ChartKind::Columns, &["n"], 4, false)),
            (
                "0 and 100 %, target 100 %",
                chart(&e, ChartKind::Columns, &["s"], 4, false),
            ),
        ]);
    }

    #[test]
    fn lines_never_collide() {
        let zigzag: Vec<(i32, Option<f64>)> = (2005..=2024)
            .map(|y| (y, Some(if y % 2 == 0 { 1950.0 } else { 10.0 })))
            .collect();
        // Rising steeply into the label above each point, the last just under the målvärde.
        let steep: Vec<(i32, Option<f64>)> = (2017..=2024)
            .map(|y| (y, Some(f64::from(y - 2017) * 13.5)))
            .collect();
        let e = engine(&[
            ("{id: z, name: Växlande, unit: antal}", &zigzag),
            (
                "{id: st, name: Brant, unit: procent, targets: [{level: national, value: 98}]}",
                &steep,
            ),
            (
                "{id: a, name: Rapporter, unit: procent}",
                &[
                    (2021, Some(38.0)),
                    (2022, Some(41.0)),
                    (2023, Some(63.0)),
                    (2024, Some(71.0)),
                ],
            ),
            (
                "{id: b, name: Utredningar, unit: procent, targets: [{level: local, value: 70}]}",
                &[
                    (2021, Some(38.0)),
                    (2022, Some(39.0)),
                    (2023, Some(60.0)),
                    (2024, Some(70.0)),
                ],
            ),
            (
                "{id: c, name: Anmälningar, unit: procent}",
                &[
                    (2021, Some(0.0)),
                    (2022, Some(100.0)),
                    (2023, Some(0.0)),
                    (2024, Some(71.0)),
                ],
            ),
        ]);
        assert_clean(&[
            ("20 years, zigzag", chart(&e, ChartKind::Line, &["z"], 20, false)),
            (
                "steep, target on the line",
                chart(&e, ChartKind::Line, &["st"], 8, false),
            ),
            (
                "three lines ending together, target at an end",
                chart(&e, ChartKind::Line, &["a", "b", "c"], 4, false),
            ),
        ]);
    }
}
