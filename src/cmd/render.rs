//! Diagnostics as text for a person: each with its source line and a caret under the column,
//! read from the project folder. Only the edge prints; everything below hands out data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use berattelse::diag::{Diagnostic, Severity};

/// Renders diagnostics as text with a source snippet, reading files relative to `root`.
pub struct Renderer {
    root: PathBuf,
    cache: BTreeMap<String, Option<Vec<String>>>,
}

impl Renderer {
    pub fn new(root: &Path) -> Self {
        Renderer {
            root: root.to_path_buf(),
            cache: BTreeMap::new(),
        }
    }

    fn source_line(&mut self, file: &str, line: usize) -> Option<String> {
        // A workbook is a zip archive: it has no text lines to show.
        if berattelse::formats::xlsx::is_xlsx(file) {
            return None;
        }
        let root = &self.root;
        let lines = self.cache.entry(file.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(file)).ok()?;
            // A file with a stray byte is shown as the UTF-8 it mostly is, the byte as �,
            // not garbled whole by a guessed encoding.
            let text = if berattelse::project::decode::export_problem(file, &bytes).is_some() {
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                berattelse::project::decode::decode(&bytes).text
            };
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(line.checked_sub(1)?).cloned()
    }

    pub fn render(&mut self, d: &Diagnostic) -> String {
        let mut out = String::new();
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{sev}[{}]: {}", d.code, d.message);
        if let Some(loc) = &d.location {
            let _ = writeln!(out, "  --> {loc}");
            if let Some(line) = loc.line
                && let Some(text) = self.source_line(&loc.file, line)
            {
                let num = line.to_string();
                let pad = " ".repeat(num.len());
                let shown: String = text.chars().take(160).collect();
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{num} | {shown}");
                if let Some(col) = loc.column {
                    let caret_pad: String = shown
                        .chars()
                        .take(col.saturating_sub(1))
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "{pad} | {caret_pad}^");
                }
            }
        }
        for note in &d.notes {
            let _ = writeln!(out, "  = {note}");
        }
        out
    }
}
