//! Diagnostics as text for a person: each with its source line and a caret under the column,
//! read from the project folder; in colour on a terminal; warnings of one kind that a draft
//! has many of grouped into one ("24 tables have no data yet …"). Only the edge prints;
//! everything below hands out data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use berattelse::diag::{Diagnostic, Severity};

/// Renders diagnostics as text with a source snippet, reading files relative to `root`.
pub struct Renderer {
    root: PathBuf,
    cache: BTreeMap<String, Option<Vec<String>>>,
    colour: bool,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Renderer {
    pub fn new(root: &Path, colour: bool) -> Self {
        Renderer {
            root: root.to_path_buf(),
            cache: BTreeMap::new(),
            colour,
        }
    }

    /// `text` in `colour` when printing in colour.
    fn paint(&self, colour: &str, text: &str) -> String {
        if self.colour {
            format!("{colour}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn header(&self, severity: Severity, code: &str, message: &str) -> String {
        let (word, colour) = match severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        format!(
            "{}{}",
            self.paint(colour, &format!("{word}[{code}]")),
            self.paint(BOLD, &format!(": {message}"))
        )
    }

    /// A group of warnings of one kind: how many, which (the first few), what to do.
    pub fn render_group(&mut self, g: &Group<'_>) -> String {
        let first = g.members[0];
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.header(first.severity, first.code, &g.summary()));
        let eq = self.paint(BLUE, "  =");
        if let Some(note) = first.notes.first()
            && g.members.iter().all(|d| d.notes.first() == Some(note))
        {
            let _ = writeln!(out, "{eq} {note}");
        }
        let _ = writeln!(out, "{eq} run with --verbose to list them one by one");
        out
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
        let _ = writeln!(out, "{}", self.header(d.severity, d.code, &d.message));
        let caret_colour = if d.is_error() { RED } else { YELLOW };
        if let Some(loc) = &d.location {
            let _ = writeln!(out, "{} {loc}", self.paint(BLUE, "  -->"));
            if let Some(line) = loc.line
                && let Some(text) = self.source_line(&loc.file, line)
            {
                let num = line.to_string();
                let pad = " ".repeat(num.len());
                let shown: String = text.chars().take(160).collect();
                let bar = self.paint(BLUE, &format!("{pad} |"));
                let _ = writeln!(out, "{bar}");
                let _ = writeln!(out, "{} {shown}", self.paint(BLUE, &format!("{num} |")));
                if let Some(col) = loc.column {
                    let caret_pad: String = shown
                        .chars()
                        .take(col.saturating_sub(1))
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "{bar} {caret_pad}{}", self.paint(caret_colour, "^"));
                }
            }
        }
        for note in &d.notes {
            let _ = writeln!(out, "{} {note}", self.paint(BLUE, "  ="));
        }
        out
    }
}

/// Warning kinds that a draft has many of, each instance telling little on its own: grouped
/// when there are at least [`GROUP_FROM`] of one kind. Errors are never grouped.
const GROUPS: &[(&str, &str)] = &[
    ("table.empty", "tables have no data yet and are left out"),
    ("chart.empty", "charts have no data yet and are left out"),
    (
        "checklist.missing",
        "legal content requirements have no section with content yet",
    ),
    ("lint.empty-section", "required sections have an empty text"),
    (
        "lint.draft-text",
        "texts are last year's, carried over and not yet edited",
    ),
    ("lint.stale-text", "texts are identical to last year's report"),
    (
        "lint.goal-no-follow-up",
        "goals of the report year have no status or uppföljning yet",
    ),
    (
        "template.error",
        "carried-over texts wait for this year's data and are left out",
    ),
];

const GROUP_FROM: usize = 3;

/// What to print: one diagnostic, or a group of warnings of one kind.
pub enum Item<'a> {
    One(&'a Diagnostic),
    Group(Group<'a>),
}

pub struct Group<'a> {
    what: &'static str,
    pub members: Vec<&'a Diagnostic>,
}

impl Group<'_> {
    /// "24 tables have no data yet and are left out: \"a\", \"b\", … and 21 more".
    fn summary(&self) -> String {
        let mut subjects: Vec<String> = Vec::new();
        for d in &self.members {
            let s = subject(d);
            if !subjects.contains(&s) {
                subjects.push(s);
            }
        }
        let mut listed = String::new();
        let mut shown = 0;
        for s in &subjects {
            if shown > 0 && listed.chars().count() + s.chars().count() > 70 {
                break;
            }
            if shown > 0 {
                listed.push_str(", ");
            }
            listed.push_str(s);
            shown += 1;
        }
        if shown < subjects.len() {
            listed.push_str(&format!(", … and {} more", subjects.len() - shown));
        }
        format!("{} {}: {listed}", self.members.len(), self.what)
    }
}

/// What one member of a group is about: its file (and line), else the first quoted name in
/// its message.
fn subject(d: &Diagnostic) -> String {
    if let Some(loc) = &d.location {
        return match loc.line {
            Some(l) if l > 1 => format!("{}:{l}", loc.file),
            _ => loc.file.clone(),
        };
    }
    d.message
        .split('"')
        .nth(1)
        .map_or_else(|| d.code.to_string(), |s| format!("\"{s}\""))
}

/// The diagnostics in order, with the warnings of a [`GROUPS`] kind that occurs at least
/// [`GROUP_FROM`] times gathered into one item where the first of them was.
pub fn group<'a>(diags: &[&'a Diagnostic], grouping: bool) -> Vec<Item<'a>> {
    let groupable =
        |d: &Diagnostic| grouping && !d.is_error() && GROUPS.iter().any(|(code, _)| *code == d.code);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags.iter().filter(|d| groupable(d)) {
        *counts.entry(d.code).or_default() += 1;
    }
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags {
        if !groupable(d) || counts[d.code] < GROUP_FROM {
            items.push(Item::One(d));
            continue;
        }
        if let Some(&i) = at.get(d.code)
            && let Item::Group(g) = &mut items[i]
        {
            g.members.push(d);
            continue;
        }
        let what = GROUPS
            .iter()
            .find(|(code, _)| *code == d.code)
            .map_or("", |(_, w)| *w);
        at.insert(d.code, items.len());
        items.push(Item::Group(Group {
            what,
            members: vec![d],
        }));
    }
    items
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

    fn warning(code: &'static str, message: &str) -> Diagnostic {
        Diagnostic::warning(code, message).note("add rows")
    }

    #[test]
    fn warnings_of_one_kind_are_grouped_where_the_first_was() {
        let ds = [
            warning("table.empty", "table \"a\" has no data"),
            warning("lint.placeholder", "placeholder"),
            warning("table.empty", "table \"b\" has no data"),
            warning("chart.empty", "chart \"c\" has no data"),
            warning("table.empty", "table \"c\" has no data"),
            Diagnostic::error("table.empty", "an error is never grouped"),
        ];
        let refs: Vec<&Diagnostic> = ds.iter().collect();
        let items = group(&refs, true);
        assert_eq!(items.len(), 4);
        let Item::Group(g) = &items[0] else {
            panic!("not a group")
        };
        assert_eq!(
            g.summary(),
            "3 tables have no data yet and are left out: \"a\", \"b\", \"c\""
        );
        let mut r = Renderer::new(Path::new("."), false);
        assert_eq!(
            r.render_group(g),
            "warning[table.empty]: 3 tables have no data yet and are left out: \"a\", \"b\", \"c\"\n  = add rows\n  = run with --verbose to list them one by one\n"
        );
        assert!(matches!(items[3], Item::One(d) if d.is_error()));
        assert_eq!(group(&refs, false).len(), 6);
        // In colour the kind stands out; plain text has no escape codes.
        let coloured = Renderer::new(Path::new("."), true).render(&ds[1]);
        assert!(
            coloured.starts_with("\x1b[1;33mwarning[lint.placeholder]\x1b[0m"),
            "{coloured:?}"
        );
        assert!(!r.render(&ds[1]).contains('\x1b'));
    }

    #[test]
    fn a_mixed_file_shows_each_line_in_its_own_encoding() {
        let bytes = b"Id;H\xc3\xa4ndelse\r\nA-1;S\xe4rskilt boende\r\n";
        assert_eq!(source_lines(bytes)[..2], ["Id;Händelse", "A-1;Särskilt boende"]);
        let bom = b"\xef\xbb\xbfkommun: Sj\xc3\xb6vik\n";
        assert_eq!(source_lines(bom)[0], "kommun: Sjövik");
    }
}
