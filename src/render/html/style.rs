//! The colours and CSS of the HTML report: the profile's colours (the defaults of
//! report-templates/profil.typ otherwise), each text colour darkened until it has at least the
//! WCAG 2.1 AA contrast of 4.5:1 against its background.

use std::fmt::Write as _;

use crate::render::document::Meta;
use crate::render::profile::ProfileData;

/// The colours as `#rrggbb`.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub accent: String,
    pub accent_light: String,
    pub muted: String,
    pub rule: String,
    /// The series colours of charts: accent, lighter accent, muted, …
    pub series: Vec<String>,
    pub text: String,
    /// CSS font-family lists.
    pub body_font: String,
    pub heading_font: String,
}

const SYSTEM_FONTS: &str = "\"Source Sans 3\", \"Source Sans Pro\", system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

impl Palette {
    pub fn of(profile: &ProfileData) -> Palette {
        let c = &profile.colours;
        let pick = |v: &Option<crate::config::profile::Colour>, default: &str| {
            v.as_ref()
                .map_or_else(|| default.to_string(), |c| c.as_str().to_string())
        };
        let accent = pick(&c.accent, "#1d4f73");
        let accent_light = pick(&c.accent_light, "#e8f0f6");
        let muted = pick(&c.muted, "#4a5864");
        let rule = pick(&c.rule, "#b8c4ce");
        let series = vec![
            accent.clone(),
            lighten(&accent, 0.45),
            muted.clone(),
            lighten(&accent, 0.70),
            lighten(&muted, 0.45),
        ];
        let font = |f: &Option<String>| match f {
            Some(name) => format!(
                "\"{}\", {SYSTEM_FONTS}",
                name.replace(['"', '\\', '<', '>', ';', '{', '}'], "")
            ),
            None => SYSTEM_FONTS.to_string(),
        };
        let body_font = font(&profile.body_font);
        let heading_font = match &profile.heading_font {
            Some(_) => font(&profile.heading_font),
            None => body_font.clone(),
        };
        Palette {
            accent,
            accent_light,
            muted,
            rule,
            series,
            text: "#1a1a1a".into(),
            body_font,
            heading_font,
        }
    }
}

fn rgb(hex: &str) -> (f64, f64, f64) {
    let h = hex.trim_start_matches('#');
    let part = |i: usize| {
        h.get(i..i + 2)
            .and_then(|p| u8::from_str_radix(p, 16).ok())
            .map_or(0.0, f64::from)
    };
    (part(0), part(2), part(4))
}

fn hex((r, g, b): (f64, f64, f64)) -> String {
    let c = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", c(r), c(g), c(b))
}

/// Mixed with white by `amount` (0..1), as typst's `lighten`.
pub fn lighten(colour: &str, amount: f64) -> String {
    let (r, g, b) = rgb(colour);
    let m = |v: f64| v + (255.0 - v) * amount;
    hex((m(r), m(g), m(b)))
}

fn luminance(colour: &str) -> f64 {
    let (r, g, b) = rgb(colour);
    let lin = |v: f64| {
        let s = v / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The WCAG contrast ratio of two colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour`, darkened in small steps until it has `ratio` against `background`.
pub fn contrast_colour(colour: &str, background: &str, ratio: f64) -> String {
    let mut c = colour.to_string();
    let (r, g, b) = rgb(colour);
    for step in 0..=40 {
        if contrast(&c, background) >= ratio {
            return c;
        }
        let k = 1.0 - f64::from(step + 1) * 0.025;
        c = hex((r * k, g * k, b * k));
    }
    "#000000".into()
}

/// The style sheet: screen first, then print.
pub fn css(p: &Palette, meta: &Meta) -> String {
    // The text colours, made readable on their backgrounds (4.5:1, also on the light
    // accent of table headers).
    let light = if contrast(&p.accent_light, "#ffffff") < 1.6 {
        p.accent_light.clone()
    } else {
        "#f2f5f8".into()
    };
    let accent = contrast_colour(&contrast_colour(&p.accent, "#ffffff", 4.5), &light, 4.5);
    let muted = contrast_colour(&contrast_colour(&p.muted, "#ffffff", 4.5), &light, 4.5);
    let mut s = String::new();
    let _ = write!(
        s,
        r#":root {{ --accent: {accent}; --accent-light: {light}; --muted: {muted}; --rule: {rule}; --text: {text}; }}
html {{ font-family: {body}; color: var(--text); background: #ffffff; line-height: 1.5; }}
body {{ margin: 0 auto; max-width: 50rem; padding: 1rem 1.25rem 3rem; font-size: 1.0625rem; }}
h1, h2, h3, h4, h5, h6, .rubrik-djup {{ font-family: {heading}; color: var(--accent); line-height: 1.25; font-weight: 600; }}
h1 {{ font-size: 2.1rem; margin: 0.5rem 0 1rem; }}
h2 {{ font-size: 1.55rem; margin-top: 2.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }}
h3 {{ font-size: 1.25rem; margin-top: 2rem; }}
h4, h5, h6, .rubrik-djup {{ font-size: 1.05rem; margin-top: 1.5rem; }}
a {{ color: var(--accent); text-decoration: underline; }}
a:focus, [tabindex]:focus {{ outline: 3px solid var(--accent); outline-offset: 2px; }}
.hoppa {{ position: absolute; left: -10000px; top: 0; background: #ffffff; padding: 0.5rem; }}
.hoppa:focus {{ left: 0.5rem; }}
header {{ border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: 1rem; }}
header .logotyp {{ max-height: 4.5rem; max-width: 16rem; display: block; margin-bottom: 1rem; }}
nav {{ background: var(--accent-light); padding: 0.5rem 1.25rem 1rem; margin-bottom: 2rem; }}
nav ol {{ list-style: none; padding-left: 1.1rem; margin: 0.2rem 0; }}
nav > ol {{ padding-left: 0; }}
nav a {{ text-decoration: none; }}
nav a:hover {{ text-decoration: underline; }}
.not {{ color: var(--muted); font-size: 0.95rem; }}
.tabell {{ overflow-x: auto; margin: 1.25rem 0; }}
table {{ border-collapse: collapse; min-width: 50%; font-size: 0.95rem; font-variant-numeric: tabular-nums; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: 0.4rem; color: var(--text); }}
th, td {{ border-bottom: 1px solid var(--rule); padding: 0.3rem 0.6rem; vertical-align: top; text-align: left; }}
thead th, thead td {{ background: var(--accent-light); color: var(--text); border-bottom: 2px solid var(--accent); }}
tbody th {{ font-weight: normal; }}
.tal {{ text-align: right; white-space: nowrap; }}
.mitt {{ text-align: center; }}
figure.diagram {{ margin: 1.5rem 0; }}
figcaption {{ font-weight: 600; margin-bottom: 0.5rem; }}
figure.diagram svg {{ max-width: 100%; height: auto; display: block; }}
.beskrivning {{ font-size: 0.95rem; }}
blockquote {{ border-left: 4px solid var(--rule); margin-left: 0; padding-left: 1rem; }}
img {{ max-width: 100%; height: auto; }}
pre {{ overflow-x: auto; background: #f6f6f6; padding: 0.5rem; }}
.fotnotref a {{ text-decoration: none; padding: 0 0.1rem; }}
.fotnoter {{ font-size: 0.95rem; border-top: 1px solid var(--rule); margin-top: 3rem; }}
footer {{ border-top: 1px solid var(--rule); margin-top: 2rem; color: var(--muted); font-size: 0.9rem; }}
@media print {{
  @page {{ size: A4; margin: 2cm 2cm 2.2cm; }}
  html {{ font-size: 10.5pt; }}
  body {{ max-width: none; padding: 0; }}
  .hoppa, nav a::after {{ display: none; }}
  header {{ break-after: page; }}
  nav {{ background: none; break-after: page; }}
  {chapter_break}
  h2, h3, h4, caption, figcaption {{ break-after: avoid; }}
  tr, figure {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  .tabell {{ overflow: visible; }}
  main a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 0.85em; }}
  .sidbrytning {{ break-after: page; }}
}}
"#,
        rule = p.rule,
        text = p.text,
        body = p.body_font,
        heading = p.heading_font,
        chapter_break = if meta.new_page_per_chapter {
            "main h2 { break-before: page; }"
        } else {
            ""
        },
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_colours_are_darkened_to_aa() {
        let c = contrast_colour("#99ccff", "#ffffff", 4.5);
        assert!(contrast(&c, "#ffffff") >= 4.5, "{c}");
        // The default accent passes as it is.
        assert_eq!(contrast_colour("#1d4f73", "#ffffff", 4.5), "#1d4f73");
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
    }

    #[test]
    fn lighten_mixes_with_white() {
        assert_eq!(lighten("#000000", 0.5), "#808080");
    }
}
