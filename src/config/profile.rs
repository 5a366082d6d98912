//! The graphic profile (`profile:` in berattelse.yaml): colours, font files and a logo.
//!
//! Every value reaches typst as data (`meta.profile` in data.json), never as markup; the
//! layout (berattelse.typ, tjansteskrivelse.typ) falls back to its built-in palette, Source
//! Sans 3 and no logo for anything not set.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, alias = "färger", alias = "farger", alias = "colors")]
    pub colours: Colours,
    /// Font files (.ttf/.otf) inside the project, loaded besides the embedded fonts.
    #[serde(default, alias = "typsnitt")]
    pub fonts: Vec<String>,
    /// Family name for body text, e.g. "Source Serif 4"; default "Source Sans 3".
    #[serde(default, alias = "body-font", alias = "brödtext")]
    pub body_font: Option<String>,
    /// Family name for headings and the cover title; default the body font.
    #[serde(default, alias = "heading-font", alias = "rubriker")]
    pub heading_font: Option<String>,
    #[serde(default, alias = "logotyp")]
    pub logo: Option<Logo>,
    /// Start every chapter on a new page; default: the report kind's tradition
    /// (`ReportKind::new_page_per_chapter`), which runs chapters on.
    #[serde(
        default,
        alias = "new-page-per-chapter",
        alias = "ny_sida_per_kapitel",
        alias = "ny-sida-per-kapitel"
    )]
    pub new_page_per_chapter: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    #[serde(default)]
    pub accent: Option<Colour>,
    #[serde(default, alias = "accent-light")]
    pub accent_light: Option<Colour>,
    #[serde(default)]
    pub muted: Option<Colour>,
    #[serde(default)]
    pub rule: Option<Colour>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// SVG, PNG or JPEG file inside the project, e.g. `bilder/logotyp.svg`.
    #[serde(alias = "fil")]
    pub file: String,
    /// Alternative text; default "<kommun> logotyp".
    #[serde(default)]
    pub alt: Option<String>,
}

/// A colour as `#rrggbb`, stored in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Colour(String);

impl Colour {
    pub const EXPECTED: &'static str = "a hex colour \"#rrggbb\" such as \"#1d4f73\" (quote it in YAML)";

    pub fn parse(text: &str) -> Option<Colour> {
        let t = text.trim();
        let hex = t.strip_prefix('#')?;
        (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Colour(format!("#{}", hex.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Colour;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(Colour::EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Colour, E> {
                Colour::parse(v).ok_or_else(|| {
                    E::custom(format!("invalid colour \"{v}\", expected {}", Colour::EXPECTED))
                })
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_validated_and_lowercased() {
        assert_eq!(Colour::parse("#1D4F73").unwrap().as_str(), "#1d4f73");
        assert_eq!(Colour::parse(" #abcdef ").unwrap().as_str(), "#abcdef");
        for bad in ["1d4f73", "#1d4f7", "#1d4f733", "#gggggg", "blue", "", "#"] {
            assert!(Colour::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn bad_colour_in_yaml_names_value_and_line() {
        let e =
            crate::formats::yaml::parse::<Profile>("b.yaml", "colours:\n  accent: \"#12345\"\n").unwrap_err();
        assert!(e.message.contains("invalid colour \"#12345\""), "{}", e.message);
        assert!(e.message.contains("#rrggbb"), "{}", e.message);
        assert_eq!(e.location.unwrap().line, Some(2));
        let p: Profile = crate::formats::yaml::parse(
            "b.yaml",
            "färger: {accent: \"#AA0000\", accent-light: \"#ffeeee\"}\n",
        )
        .unwrap();
        assert_eq!(p.colours.accent.unwrap().as_str(), "#aa0000");
        assert_eq!(p.colours.accent_light.unwrap().as_str(), "#ffeeee");
    }
}
