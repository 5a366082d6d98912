//! Files embedded in the binary: the built-in templates and the report fonts.
//! A project's `templates/` folder overrides built-in templates file by file.

use include_dir::{Dir, include_dir};

use crate::diag::Diagnostic;
use crate::project::ProjectDir;

pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/report-templates");
pub static FONTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/fonts");

/// Where a template came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Project(String),
}

pub fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES.get_file(name)?.contents_utf8()
}

/// Every built-in template as (relative path, contents), sorted.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    let mut stack = vec![&TEMPLATES];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
        stack.extend(dir.dirs());
    }
    out.sort();
    out
}

/// A template by name: the project's `templates/<name>` if present, else the built-in.
pub fn template(project: &ProjectDir, name: &str) -> Result<Option<(String, Origin)>, Diagnostic> {
    let rel = format!("templates/{name}");
    if let Some(text) = project.read_text_optional(&rel)? {
        return Ok(Some((text, Origin::Project(rel))));
    }
    Ok(builtin(name).map(|t| (t.to_string(), Origin::Builtin)))
}

/// The embedded font files (TTF/OTF) in a stable order.
pub fn font_files() -> Vec<&'static [u8]> {
    let mut files: Vec<_> = FONTS
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .collect();
    files.sort_by_key(|f| f.path());
    files.into_iter().map(|f| f.contents()).collect()
}
