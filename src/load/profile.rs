//! The graphic profile's files: the embedded fonts (parsed once per process), the project's
//! own font files and its logo, checked at load time so that `check` reports them too.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::config::profile::Profile;
use crate::diag::{Diagnostic, Location};
use crate::formats::yamlloc::Step;
use crate::project::ProjectDir;
use crate::project::assets;

/// The fonts are parsed once per process; every build shares them.
pub fn embedded_fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = assets::font_files()
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// Names of the embedded font families, for checking a template's font choice.
pub fn embedded_families() -> Vec<String> {
    let mut names: Vec<String> = embedded_fonts()
        .1
        .iter()
        .map(|f| f.info().family.clone())
        .collect();
    names.dedup();
    names
}

const FILE: &str = crate::config::FILE_NAME;

/// Where a profile value is written in berattelse.yaml, for messages with a line and column.
/// Keys have Swedish and English spellings; each is tried.
struct At {
    text: String,
}

const PROFILE: &[&str] = &["profile", "profil"];

impl At {
    fn new(project: &ProjectDir) -> At {
        At {
            text: project
                .read_text_optional(FILE)
                .ok()
                .flatten()
                .unwrap_or_default(),
        }
    }

    /// The value under `profile:` at `keys` (each step a list of spellings), then `index`.
    fn value(&self, keys: &[&[&str]], index: Option<usize>) -> Location {
        let mut paths: Vec<Vec<Step<'_>>> = vec![Vec::new()];
        for spellings in std::iter::once(PROFILE).chain(keys.iter().copied()) {
            paths = paths
                .into_iter()
                .flat_map(|p| {
                    spellings.iter().map(move |k| {
                        let mut p = p.clone();
                        p.push(Step::Key(k));
                        p
                    })
                })
                .collect();
        }
        for mut path in paths {
            path.extend(index.map(Step::Index));
            if let Some((line, column)) = crate::formats::yamlloc::locate(&self.text, &path, false) {
                return Location::at(FILE, line, column);
            }
        }
        Location::file(FILE)
    }
}

const FONTS: &[&str] = &["fonts", "typsnitt"];
const LOGO: &[&str] = &["logo", "logotyp"];

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
    let at = At::new(project);
    let mut fonts = Vec::new();
    for (i, path) in p.fonts.iter().enumerate() {
        let here = || at.value(&[FONTS], Some(i));
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
                .at(here()),
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
                    .at(here())
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
                .at(here()),
            );
        }
        fonts.extend(found);
    }
    let mut families: Vec<String> = embedded_families();
    families.extend(fonts.iter().map(|f| f.info().family.clone()));
    families.sort();
    families.dedup();
    for (key, family, spellings) in [
        (
            "body_font",
            &p.body_font,
            &["body_font", "body-font", "brödtext"][..],
        ),
        (
            "heading_font",
            &p.heading_font,
            &["heading_font", "heading-font", "rubriker"][..],
        ),
    ] {
        if let Some(f) = family
            && !families.iter().any(|k| k.eq_ignore_ascii_case(f))
        {
            diags.push(
                Diagnostic::error(
                    "profile.unknown-font",
                    format!("{key} \"{f}\" is not the family of any font"),
                )
                .at(at.value(&[spellings], None))
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
    let at = At::new(project);
    let file_at = || at.value(&[LOGO, &["file", "fil"]], None);
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
            .at(file_at()),
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
                .at(file_at())
                .note("the logo path is relative to the project folder, e.g. bilder/logotyp.svg"),
        );
    }
    if logo.alt.as_ref().is_some_and(|a| a.trim().is_empty()) {
        diags.push(
            Diagnostic::error("profile.logo-alt", "the logo's alt text is empty")
                .at(at.value(&[LOGO, &["alt"]], None))
                .note("leave `alt` out for the default \"<kommun> logotyp\", or describe the logo"),
        );
    }
}
