//! The graphic profile (`profile:` in berattelse.yaml): colours, font files and a logo.
//!
//! Every value reaches typst as data (`meta.profile` in data.json), never as markup; the
//! layout (berattelse.typ, tjansteskrivelse.typ) falls back to its built-in palette, Source
//! Sans 3 and no logo for anything not set.

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;

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

/// What typst gets in `meta.profile`: only what the project set (`null` otherwise).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileData {
    pub colours: Colours,
    pub body_font: Option<String>,
    pub heading_font: Option<String>,
    pub logo: Option<LogoData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogoData {
    /// Absolute virtual path for typst (`/bilder/logotyp.svg`), resolved in the project.
    pub path: String,
    pub alt: String,
}

pub fn data(profile: Option<&Profile>, kommun: &str) -> ProfileData {
    let p = profile.cloned().unwrap_or_default();
    ProfileData {
        colours: p.colours,
        body_font: p.body_font,
        heading_font: p.heading_font,
        logo: p.logo.map(|l| LogoData {
            path: format!("/{}", l.file.trim_start_matches("./")),
            alt: l
                .alt
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| format!("{kommun} logotyp")),
        }),
    }
}

const FILE: &str = crate::config::FILE_NAME;

/// Load the profile's font files. Every problem (missing, outside the project, not a font,
/// a family name that no font provides) is a diagnostic naming the file or family.
pub fn load_fonts(
    project: &ProjectDir,
    profile: Option<&Profile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<typst::text::Font> {
    let Some(p) = profile else {
        return Vec::new();
    };
    let mut fonts = Vec::new();
    for path in &p.fonts {
        let ext_ok = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"));
        if !ext_ok {
            diags.push(
                Diagnostic::error(
                    "profile.font-type",
                    format!("font file \"{path}\" is not a .ttf or .otf file"),
                )
                .at(Location::file(FILE)),
            );
            continue;
        }
        let bytes = match project.read_optional(path) {
            Ok(Some(b)) => b,
            Ok(None) => {
                diags.push(
                    Diagnostic::error(
                        "profile.font-missing",
                        format!("font file \"{path}\" does not exist"),
                    )
                    .at(Location::file(FILE))
                    .note(
                        "font paths are relative to the project folder, e.g. typsnitt/Kommunsans-Regular.ttf",
                    ),
                );
                continue;
            }
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let found: Vec<_> = typst::text::Font::iter(typst::foundations::Bytes::new(bytes)).collect();
        if found.is_empty() {
            diags.push(
                Diagnostic::error(
                    "profile.font-unreadable",
                    format!("font file \"{path}\" cannot be read as a TrueType/OpenType font"),
                )
                .at(Location::file(FILE)),
            );
        }
        fonts.extend(found);
    }
    let mut families: Vec<String> = crate::render::typst::world::font_families();
    families.extend(fonts.iter().map(|f| f.info().family.clone()));
    families.sort();
    families.dedup();
    for (key, family) in [("body_font", &p.body_font), ("heading_font", &p.heading_font)] {
        if let Some(f) = family
            && !families.iter().any(|k| k.eq_ignore_ascii_case(f))
        {
            diags.push(
                Diagnostic::error(
                    "profile.unknown-font",
                    format!("{key} \"{f}\" is not the family of any font"),
                )
                .at(Location::file(FILE))
                .note(format!("available families: {}", families.join(", ")))
                .note("add the font's files under `profile: fonts:`"),
            );
        }
    }
    fonts
}

/// Check the whole profile (fonts and logo) at load time, so `check` reports it too.
pub fn validate(project: &ProjectDir, profile: Option<&Profile>, diags: &mut Vec<Diagnostic>) {
    load_fonts(project, profile, diags);
    let Some(logo) = profile.and_then(|p| p.logo.as_ref()) else {
        return;
    };
    let ext = std::path::Path::new(&logo.file)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png" | "jpg" | "jpeg")) {
        diags.push(
            Diagnostic::error(
                "profile.logo-type",
                format!("logo \"{}\" is not an SVG, PNG or JPEG file", logo.file),
            )
            .at(Location::file(FILE)),
        );
    }
    if project.resolve(&logo.file).is_none_or(|p| !p.is_file()) {
        let why = if project.root().join(&logo.file).exists() {
            "leads outside the project folder"
        } else {
            "does not exist"
        };
        diags.push(
            Diagnostic::error("profile.logo-missing", format!("logo \"{}\" {why}", logo.file))
                .at(Location::file(FILE))
                .note("the logo path is relative to the project folder, e.g. bilder/logotyp.svg"),
        );
    }
    if logo.alt.as_ref().is_some_and(|a| a.trim().is_empty()) {
        diags.push(
            Diagnostic::error("profile.logo-alt", "the logo's alt text is empty")
                .at(Location::file(FILE))
                .note("leave `alt` out for the default \"<kommun> logotyp\", or describe the logo"),
        );
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

    #[test]
    fn logo_alt_defaults_to_kommun() {
        let p: Profile = crate::formats::yaml::parse("b.yaml", "logo: {file: bilder/logo.svg}\n").unwrap();
        let d = data(Some(&p), "Sjöviks kommun");
        let logo = d.logo.unwrap();
        assert_eq!(logo.alt, "Sjöviks kommun logotyp");
        assert_eq!(logo.path, "/bilder/logo.svg");
        assert!(data(None, "A").logo.is_none());
    }
}
