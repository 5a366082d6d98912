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
            Some(source_lines(&bytes))
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

/// The lines of a file as a person should see them under a diagnostic. Each line is read as
/// UTF-8 if it is, else as Windows-1252, so a file that mixes the two (the very thing a
/// diagnostic may be about) shows both kinds of line readably. UTF-16 is decoded whole.
fn source_lines(bytes: &[u8]) -> Vec<String> {
    if bytes.contains(&0) {
        return berattelse::project::decode::decode(bytes)
            .text
            .lines()
            .map(str::to_string)
            .collect();
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .split(|b| *b == b'\n')
        .map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match std::str::from_utf8(line) {
                Ok(s) => s.to_string(),
                Err(_) => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(line)
                    .0
                    .into_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mixed_file_shows_each_line_in_its_own_encoding() {
        let bytes = b"Id;H\xc3\xa4ndelse\r\nA-1;S\xe4rskilt boende\r\n";
        assert_eq!(source_lines(bytes)[..2], ["Id;Händelse", "A-1;Särskilt boende"]);
        let bom = b"\xef\xbb\xbfkommun: Sj\xc3\xb6vik\n";
        assert_eq!(source_lines(bom)[0], "kommun: Sjövik");
    }
}
