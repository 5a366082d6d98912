//! Charts as SVG, drawn from the same chart data typst draws the PDF's charts from
//! ([`crate::render::chart::Chart`]): the axis and its ticks, columns, bars and lines, the
//! målvärde and comparison marks, value labels and the legend. The HTML inlines the SVG; the
//! Word document gets it as a PNG. Every text is escaped. A chart type this file does not know
//! yields `None`: the report then shows the chart's description and its figures only.

use std::fmt::Write as _;

use super::esc;
use super::style::Palette;
use crate::render::chart::{Chart, ChartSeries};

const WIDTH: f64 = 640.0;
const FONT: f64 = 12.0;
const SMALL: f64 = 10.5;

/// How the drawing is named for assistive technology.
pub enum Labelled {
    /// By elements of the page: the caption and the description.
    By { name: String, description: String },
    /// By its own `<title>` and `<desc>` (a drawing on its own).
    Own,
}

impl Labelled {
    pub fn by(name: &str, description: &str) -> Labelled {
        Labelled::By {
            name: name.to_string(),
            description: description.to_string(),
        }
    }
}

/// The chart as an SVG document, or `None` for a chart type not drawn here.
pub fn render(chart: &Chart, p: &Palette, labelled: &Labelled) -> Option<String> {
    let uid = anchor(&chart.block);
    let mut d = Drawing::new(chart, p, &uid);
    let height = match chart.chart_type {
        "columns" | "line" => d.vertical(chart.chart_type == "line"),
        "bars" => d.horizontal(),
        "matrix" => d.risk_matrix(),
        _ => return None,
    };
    let height = d.legend(height);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" font-family=\"{}\" font-size=\"{FONT}\" role=\"img\"",
        esc(&p.body_font)
    );
    match labelled {
        Labelled::By { name, description } => {
            let _ = write!(
                s,
                " aria-labelledby=\"{name}\" aria-describedby=\"{description}\">"
            );
        }
        Labelled::Own => {
            let _ = write!(
                s,
                " aria-labelledby=\"{uid}-t\" aria-describedby=\"{uid}-d\"><title id=\"{uid}-t\">{}</title><desc id=\"{uid}-d\">{}</desc>",
                esc(&format!("Figur {}. {}", chart.number, chart.caption)),
                esc(&chart.alt)
            );
        }
    }
    s.push_str("<defs>");
    for (i, colour) in p.series.iter().enumerate() {
        // Every other series is hatched, as in the PDF: series stay apart in grey-scale.
        let _ = write!(
            s,
            "<pattern id=\"{uid}-m{i}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{colour}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern>"
        );
    }
    s.push_str("</defs>");
    let _ = write!(
        s,
        "<rect width=\"{WIDTH}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
    );
    s.push_str(&d.out);
    s.push_str(&d.labels);
    s.push_str("</svg>");
    Some(s)
}

fn anchor(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

struct Drawing<'c> {
    chart: &'c Chart,
    p: &'c Palette,
    /// Prefix of the drawing's pattern ids, unique in the page.
    uid: &'c str,
    out: String,
    /// Value labels, drawn last with a white halo so that no mark or line hides them.
    labels: String,
}

/// The fills of a risk matrix's cells by riskvärde class, as `risk-fills` in charts.typ.
/// All are light: the ids in the cells are dark text (contrast over 7:1).
const RISK_FILLS: [(&str, &str, &str); 4] = [
    ("low", "#cfe8cf", "Låg risk (1–3)"),
    ("moderate", "#fff0a8", "Måttlig risk (4–6)"),
    ("high", "#f9c98a", "Hög risk (8–9)"),
    ("very-high", "#ef9a9a", "Mycket hög risk (12–16)"),
];

fn risk_fill(state: &str) -> &'static str {
    RISK_FILLS
        .iter()
        .find(|(s, _, _)| *s == state)
        .map_or("#ffffff", |(_, fill, _)| fill)
}

/// The ids of a cell ("R1, R4, R7") in lines no wider than `width`, broken after a comma.
fn wrap_ids(label: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for id in label.split(", ").filter(|s| !s.is_empty()) {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line}, {id}"), FONT) * 1.05 <= width => {
                line.push_str(", ");
                line.push_str(id);
            }
            Some(line) => {
                line.push(',');
                lines.push(id.to_string());
            }
            None => lines.push(id.to_string()),
        }
    }
    lines
}

/// Rough width of a text at `size`: enough to keep labels apart, no font metrics needed.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.55
}

impl<'c> Drawing<'c> {
    fn new(chart: &'c Chart, p: &'c Palette, uid: &'c str) -> Self {
        Drawing {
            chart,
            p,
            uid,
            out: String::new(),
            labels: String::new(),
        }
    }

    fn colour(&self, i: usize) -> &str {
        self.p
            .series
            .get(i % self.p.series.len().max(1))
            .map_or("#1d4f73", String::as_str)
    }

    fn fill(&self, i: usize) -> String {
        if i % 2 == 1 {
            format!("url(#{}-m{})", self.uid, i % self.p.series.len().max(1))
        } else {
            self.colour(i).to_string()
        }
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, size: f64, fill: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"{fill}\">{}</text>",
            esc(text)
        );
    }

    fn label(&mut self, x: f64, y: f64, anchor: &str, fill: &str, text: &str) {
        let _ = write!(
            self.labels,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" font-size=\"{SMALL}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
            esc(text)
        );
    }

    fn line(&mut self, a: (f64, f64), b: (f64, f64), stroke: &str, width: f64, dash: bool) {
        let dash = if dash { " stroke-dasharray=\"5 3\"" } else { "" };
        let _ = write!(
            self.out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            a.0, a.1, b.0, b.1
        );
    }

    /// Columns or lines over the categories (years); returns the height used.
    fn vertical(&mut self, line: bool) -> f64 {
        let c = self.chart;
        let tick_w = c
            .axis
            .ticks
            .iter()
            .map(|t| text_width(&t.label, SMALL))
            .fold(0.0, f64::max);
        let (x0, x1) = (tick_w + 12.0, WIDTH - 12.0);
        let (top, bottom) = (28.0, 248.0);
        let span = (c.axis.max - c.axis.min).max(f64::EPSILON);
        let y = |v: f64| bottom - (v - c.axis.min) / span * (bottom - top);
        let muted = self.p.muted.clone();
        if c.unit != "antal" {
            self.text(0.0, 14.0, "start", SMALL, &muted, &c.unit);
        }
        for t in &c.axis.ticks {
            let ty = y(t.value);
            self.line((x0, ty), (x1, ty), "#d5dbe0", 0.5, false);
            self.text(x0 - 6.0, ty + 4.0, "end", SMALL, &muted, &t.label);
        }
        let n = c.categories.len().max(1) as f64;
        let band = (x1 - x0) / n;
        let centre = |i: usize| x0 + band * (i as f64 + 0.5);
        for (i, cat) in c.categories.iter().enumerate() {
            self.text(centre(i), bottom + 18.0, "middle", FONT, "#1a1a1a", cat);
        }
        if line {
            self.lines(&|i| centre(i), &y);
        } else {
            self.columns(x0, band, &y, bottom);
        }
        // Reference lines across the chart: målvärde (dashed) and comparison values.
        for m in c.markers.iter().filter(|m| m.category.is_none()) {
            let my = y(m.value);
            let target = m.role == "target";
            let colour = if target {
                "#1a1a1a".to_string()
            } else {
                muted.clone()
            };
            self.line((x0, my), (x1, my), &colour, 1.2, target);
            // Named on the line only when the legend does not name it.
            if !c.legend.iter().any(|e| e.label == m.label) {
                self.label(x1 - 3.0, my - 5.0, "end", &colour, &m.label);
            }
        }
        self.line(
            (x0, y(c.axis.min.max(0.0).min(c.axis.max))),
            (x1, y(c.axis.min.max(0.0).min(c.axis.max))),
            "#1a1a1a",
            1.0,
            false,
        );
        bottom + 30.0
    }

    fn columns(&mut self, x0: f64, band: f64, y: &dyn Fn(f64) -> f64, bottom: f64) {
        let c = self.chart;
        let k = c.series.len().max(1) as f64;
        let inner = band * 0.8;
        let w = inner / k;
        let zero = y(0f64.clamp(c.axis.min, c.axis.max));
        for (si, s) in c.series.iter().enumerate() {
            let fill = self.fill(s.colour);
            let stroke = self.colour(s.colour).to_string();
            for (i, v) in s.values.iter().enumerate() {
                let x = x0 + band * i as f64 + band * 0.1 + w * si as f64;
                match v.value {
                    Some(val) => {
                        let (ya, yb) = (y(val).min(zero), y(val).max(zero));
                        let _ = write!(
                            self.out,
                            "<rect x=\"{:.1}\" y=\"{ya:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
                            x + 0.6,
                            (w - 1.2).max(0.5),
                            (yb - ya).max(0.5)
                        );
                        if w >= text_width(&v.label, SMALL) * 0.8 {
                            self.label(x + w / 2.0, ya - 4.0, "middle", "#1a1a1a", &v.label);
                        }
                    }
                    None => {
                        let muted = self.p.muted.clone();
                        self.label(x + w / 2.0, bottom.min(zero) - 4.0, "middle", &muted, &v.label);
                    }
                }
            }
        }
    }

    fn lines(&mut self, x: &dyn Fn(usize) -> f64, y: &dyn Fn(f64) -> f64) {
        let c = self.chart;
        let single = c.series.iter().filter(|s| s.role == "value").count() == 1;
        for s in &c.series {
            let colour = self.colour(s.colour).to_string();
            let benchmark = s.role == "benchmark";
            for run in runs(s) {
                if run.len() < 2 {
                    continue;
                }
                let pts: Vec<String> = run
                    .iter()
                    .map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
                    .collect();
                let dash = if benchmark {
                    " stroke-dasharray=\"5 3\""
                } else {
                    ""
                };
                let width = if benchmark { 1.4 } else { 2.0 };
                let _ = write!(
                    self.out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{dash}/>",
                    pts.join(" ")
                );
            }
            for (i, v) in s.values.iter().enumerate() {
                let Some(val) = v.value else {
                    // A gap says why: "..", "<5", "x", as in the table.
                    if s.role == "value" {
                        let muted = self.p.muted.clone();
                        self.label(
                            x(i),
                            y(c.axis.min.max(0.0).min(c.axis.max)) - 6.0,
                            "middle",
                            &muted,
                            &v.label,
                        );
                    }
                    continue;
                };
                let _ = write!(
                    self.out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                    x(i),
                    y(val)
                );
                if single && s.role == "value" {
                    self.label(x(i), y(val) - 8.0, "middle", "#1a1a1a", &v.label);
                }
            }
        }
    }

    /// One group of horizontal bars per category (indicator): its name above, one bar per
    /// series (year); returns the height used.
    fn horizontal(&mut self) -> f64 {
        let c = self.chart;
        let (x0, x1) = (8.0, WIDTH - 70.0);
        let span = (c.axis.max - c.axis.min).max(f64::EPSILON);
        let x = |v: f64| x0 + (v - c.axis.min) / span * (x1 - x0);
        let bar = 14.0;
        let mut top = 28.0;
        let muted = self.p.muted.clone();
        if c.unit != "antal" {
            self.text(0.0, 14.0, "start", SMALL, &muted, &c.unit);
        }
        let groups_top = top;
        let zero = x(0f64.clamp(c.axis.min, c.axis.max));
        for (ci, cat) in c.categories.iter().enumerate() {
            self.text(x0, top + 12.0, "start", FONT, "#1a1a1a", cat);
            top += 18.0;
            let group_top = top;
            for s in &c.series {
                let Some(v) = s.values.get(ci) else { continue };
                let fill = self.fill(s.colour);
                let stroke = self.colour(s.colour).to_string();
                match v.value {
                    Some(val) => {
                        let (xa, xb) = (x(val).min(zero), x(val).max(zero));
                        let _ = write!(
                            self.out,
                            "<rect x=\"{xa:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
                            (xb - xa).max(0.5),
                            bar - 2.0
                        );
                        self.label(
                            xb + 4.0,
                            top + 10.5,
                            "start",
                            "#1a1a1a",
                            &format!("{} {}", s.name, v.label),
                        );
                    }
                    None => self.label(
                        zero + 4.0,
                        top + 10.5,
                        "start",
                        &muted,
                        &format!("{} {}", s.name, v.label),
                    ),
                }
                top += bar;
            }
            for m in c.markers.iter().filter(|m| m.category == Some(ci)) {
                let mx = x(m.value);
                let target = m.role == "target";
                let colour = if target {
                    "#1a1a1a".to_string()
                } else {
                    muted.clone()
                };
                self.line((mx, group_top - 3.0), (mx, top + 1.0), &colour, 1.6, target);
            }
            top += 10.0;
        }
        let axis_y = top;
        self.line((zero, groups_top), (zero, axis_y), "#1a1a1a", 1.0, false);
        for t in &c.axis.ticks {
            let tx = x(t.value);
            self.line((tx, axis_y), (tx, axis_y + 4.0), "#1a1a1a", 0.8, false);
            self.text(tx, axis_y + 16.0, "middle", SMALL, &muted, &t.label);
        }
        axis_y + 26.0
    }

    /// A risk matrix as charts.typ draws it: sannolikhet down the side (highest first),
    /// konsekvens along the bottom, each cell filled by its riskvärde class and naming its
    /// risks, and a legend of the classes; returns the height used.
    fn risk_matrix(&mut self) -> f64 {
        const TEXT: &str = "#1a1a1a";
        const GAP: f64 = 4.0;
        const LINE: f64 = 15.0;
        let c = self.chart;
        let label_w = c
            .series
            .iter()
            .map(|s| text_width(&s.name, FONT))
            .fold(text_width("Sannolikhet", FONT) * 1.05, f64::max);
        let x0 = label_w + 12.0;
        let n = c.categories.len().max(1) as f64;
        let cell_w = (WIDTH - 4.0 - x0 - GAP * (n - 1.0)) / n;
        let cell_x = |i: usize| x0 + i as f64 * (cell_w + GAP);
        let _ = write!(
            self.out,
            "<text x=\"{:.1}\" y=\"16\" text-anchor=\"end\" font-weight=\"600\" fill=\"{TEXT}\">Sannolikhet</text>",
            x0 - 8.0
        );
        let mut top = 26.0;
        for s in &c.series {
            let cells: Vec<Vec<String>> = s
                .values
                .iter()
                .map(|v| wrap_ids(&v.label, cell_w - 8.0))
                .collect();
            let most = cells.iter().map(Vec::len).max().unwrap_or(0) as f64;
            let row_h = (most * LINE + 14.0).max(46.0);
            self.text(x0 - 8.0, top + row_h / 2.0 + 4.0, "end", FONT, TEXT, &s.name);
            for (i, (v, lines)) in s.values.iter().zip(&cells).enumerate() {
                let _ = write!(
                    self.out,
                    "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{cell_w:.1}\" height=\"{row_h:.1}\" rx=\"3\" fill=\"{}\"/>",
                    cell_x(i),
                    risk_fill(v.state)
                );
                let first = top + row_h / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
                for (k, line) in lines.iter().enumerate() {
                    let _ = write!(
                        self.out,
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{TEXT}\">{}</text>",
                        cell_x(i) + cell_w / 2.0,
                        first + k as f64 * LINE,
                        esc(line)
                    );
                }
            }
            top += row_h + GAP;
        }
        for (i, cat) in c.categories.iter().enumerate() {
            self.text(cell_x(i) + cell_w / 2.0, top + 12.0, "middle", FONT, TEXT, cat);
        }
        let _ = write!(
            self.out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{TEXT}\">Konsekvens</text>",
            x0 + (WIDTH - 4.0 - x0) / 2.0,
            top + 30.0
        );
        self.risk_legend(top + 46.0)
    }

    /// The riskvärde classes with their fills, wrapped to the width; returns the height.
    fn risk_legend(&mut self, top: f64) -> f64 {
        let rule = self.p.rule.clone();
        let (mut x, mut y) = (8.0, top);
        for (_, fill, label) in RISK_FILLS {
            let w = text_width(label, FONT) + 34.0;
            if x + w > WIDTH && x > 8.0 {
                x = 8.0;
                y += 20.0;
            }
            let _ = write!(
                self.out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"{rule}\" stroke-width=\"0.8\"/>"
            );
            self.text(x + 18.0, y + 10.5, "start", FONT, "#1a1a1a", label);
            x += w;
        }
        y + 22.0
    }

    /// The legend below the drawing, wrapped to the width; returns the total height.
    fn legend(&mut self, top: f64) -> f64 {
        let c = self.chart;
        let entries: Vec<(String, &str, usize)> = c
            .legend
            .iter()
            .map(|e| (e.label.clone(), e.role, e.colour))
            .collect();
        if entries.is_empty() {
            return top;
        }
        let (mut x, mut y) = (8.0, top + 6.0);
        for (label, role, colour) in entries {
            let w = text_width(&label, FONT) + 30.0;
            if x + w > WIDTH && x > 8.0 {
                x = 8.0;
                y += 20.0;
            }
            match role {
                "target" => self.line((x, y + 6.0), (x + 18.0, y + 6.0), "#1a1a1a", 1.6, true),
                "benchmark" if c.chart_type != "bars" => {
                    let col = self.colour(colour).to_string();
                    self.line((x, y + 6.0), (x + 18.0, y + 6.0), &col, 1.6, true);
                }
                "benchmark" => {
                    let m = self.p.muted.clone();
                    self.line((x + 9.0, y), (x + 9.0, y + 12.0), &m, 1.6, false);
                }
                _ if c.chart_type == "line" => {
                    let col = self.colour(colour).to_string();
                    self.line((x, y + 6.0), (x + 18.0, y + 6.0), &col, 2.0, false);
                }
                _ => {
                    let fill = self.fill(colour);
                    let stroke = self.colour(colour).to_string();
                    let _ = write!(
                        self.out,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                        x + 3.0,
                        y
                    );
                }
            }
            self.text(x + 24.0, y + 10.5, "start", FONT, "#1a1a1a", &label);
            x += w;
        }
        y + 24.0
    }
}

/// The drawn runs of a line: consecutive values, broken at gaps and comparability breaks.
fn runs(s: &ChartSeries) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    for (i, v) in s.values.iter().enumerate() {
        if s.breaks.contains(&i)
            && let Some(last) = out.last()
            && !last.is_empty()
        {
            out.push(Vec::new());
        }
        match (v.value, out.last_mut()) {
            (Some(val), Some(run)) => run.push((i, val)),
            (None, Some(run)) if !run.is_empty() => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outline::ChartSpec;
    use crate::render::chart::ChartValue;
    use crate::render::chart::risk_matrix;
    use crate::render::chart::risk_matrix::tests::risk;
    use crate::render::html::style::contrast;

    fn palette() -> Palette {
        Palette::of(&crate::render::profile::data(None, "Sjöviks kommun"))
    }

    #[test]
    fn the_risk_matrix_is_drawn_with_its_cells_ids_colours_and_legend() {
        let spec: ChartSpec =
            serde_yaml::from_str("{id: risker, caption: Identifierade risker, type: riskmatris}").unwrap();
        let risks = [
            risk(1, 3, 4, "Fall"),
            risk(2, 1, 2, "Trycksår"),
            risk(3, 3, 4, "Läkemedel"),
            risk(4, 2, 2, "Hot"),
            risk(5, 3, 3, "Brand"),
        ];
        let mut chart = risk_matrix::chart(&spec, &risks);
        chart.number = 3;
        let svg = render(&chart, &palette(), &Labelled::Own).expect("a risk matrix is drawn");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(" role=\"img\""));
        // The same text alternative as every chart: caption as title, alt text as description.
        assert!(svg.contains("<title id=\"figur-risker-t\">Figur 3. Identifierade risker</title>"));
        assert!(svg.contains(&format!("<desc id=\"figur-risker-d\">{}</desc>", esc(&chart.alt))));
        // 16 cells, filled as charts.typ fills them: 5 low, 5 moderate, 3 high, 3 very high.
        let typst = include_str!("../../../report-templates/charts.typ");
        for (state, fill, label) in RISK_FILLS {
            assert!(
                typst.contains(&format!("\"{state}\": rgb(\"{fill}\")")),
                "{state}"
            );
            assert!(typst.contains(&format!("[{label}]")), "{label}");
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
            assert!(contrast(fill, "#1a1a1a") >= 4.5, "{fill}");
        }
        let cells = |fill: &str| svg.matches(&format!("rx=\"3\" fill=\"{fill}\"")).count();
        assert_eq!(
            [
                cells("#cfe8cf"),
                cells("#fff0a8"),
                cells("#f9c98a"),
                cells("#ef9a9a")
            ],
            [5, 5, 3, 3]
        );
        // Ids in their cells; labels of both axes.
        for text in [
            ">R1, R3</text>",
            ">R2</text>",
            ">R4</text>",
            ">R5</text>",
            ">Sannolikhet</text>",
            ">Konsekvens</text>",
            ">Mycket stor (4)</text>",
            ">Katastrofal (4)</text>",
        ] {
            assert!(svg.contains(text), "{text}");
        }
    }

    #[test]
    fn crowded_cells_wrap_after_a_comma() {
        let ids = (1..=12).map(|i| format!("R{i}")).collect::<Vec<_>>().join(", ");
        let lines = wrap_ids(&ids, 110.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, FONT) * 1.05 <= 110.0));
        assert_eq!(lines.join(" "), ids);
        assert!(wrap_ids("", 110.0).is_empty());
    }

    fn v(value: Option<f64>) -> ChartValue {
        ChartValue {
            value,
            label: value.map_or("..".into(), |v| v.to_string()),
            state: if value.is_some() { "value" } else { "missing" },
        }
    }

    #[test]
    fn lines_break_at_gaps_and_comparability_breaks() {
        let s = ChartSeries {
            name: "A".into(),
            role: "value",
            colour: 0,
            values: vec![
                v(Some(1.0)),
                v(Some(2.0)),
                v(None),
                v(Some(3.0)),
                v(Some(4.0)),
                v(Some(5.0)),
            ],
            breaks: vec![4],
        };
        let r = runs(&s);
        assert_eq!(
            r,
            vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 3.0)], vec![(4, 4.0), (5, 5.0)]]
        );
    }
}
