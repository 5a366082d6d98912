//! Diagnostics as data: every stage reports problems as `Diagnostic`s, and only the edge
//! (`main`) turns them into text. A run collects all it can before failing.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a project file; line and column are 1-based, column counts characters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }
    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
        }
    }
    pub fn line(file: impl Into<String>, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable short code, e.g. `data.bad-number`, for filtering and for machines.
    pub code: &'static str,
    pub message: String,
    /// Boxed to keep `Result<_, Diagnostic>` small.
    pub location: Option<Box<Location>>,
    /// Extra lines: what was expected, a did-you-mean, how to fix it.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The one sink every stage reports into: an ordered list, in the order problems were found.
/// `Vec<Diagnostic>` itself, so a stage needs no bridge to pass its findings on.
pub type Diagnostics = Vec<Diagnostic>;

/// What a run asks of its diagnostics as a whole.
pub trait DiagnosticsExt {
    fn has_errors(&self) -> bool;
    fn error_count(&self) -> usize;
    fn warning_count(&self) -> usize;
    /// Turn every warning into an error (`check --strict`).
    fn escalate_warnings(&mut self);
}

impl DiagnosticsExt for [Diagnostic] {
    fn has_errors(&self) -> bool {
        self.iter().any(Diagnostic::is_error)
    }
    fn error_count(&self) -> usize {
        self.iter().filter(|d| d.is_error()).count()
    }
    fn warning_count(&self) -> usize {
        self.len() - self.error_count()
    }
    fn escalate_warnings(&mut self) {
        for d in self {
            d.severity = Severity::Error;
        }
    }
}

/// `value` as pretty JSON. Serialising our own data cannot fail in practice; if it ever does,
/// it is our bug and an `internal.json` error, never an empty file.
pub fn json_pretty(value: &impl serde::Serialize, what: &str) -> Result<String, Diagnostic> {
    serde_json::to_string_pretty(value).map_err(|e| {
        Diagnostic::error("internal.json", format!("cannot write {what} as JSON: {e}"))
            .note("this is a bug in berattelse; please report it with the command you ran")
    })
}

/// Each diagnostic's code and place, for tests that pin what a reader reports where.
#[cfg(test)]
pub fn codes_at(diags: &[Diagnostic]) -> Vec<(&'static str, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d.code,
                d.location.as_ref().map_or_else(String::new, ToString::to_string),
            )
        })
        .collect()
}

/// Longest value quoted whole in a message; longer ones are cut (see [`shorten`]).
pub const MAX_QUOTED_CHARS: usize = 60;

/// A value as quoted in a message: control characters escaped, and a long value cut to its
/// start with its length, so a 1 MB cell does not become a 1 MB message.
pub fn shorten(value: &str) -> String {
    let escape = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let count = value.chars().count();
    if count <= MAX_QUOTED_CHARS {
        return escape(value);
    }
    let head: String = value.chars().take(MAX_QUOTED_CHARS - 20).collect();
    format!("{}… ({} characters)", escape(&head), group_digits(count))
}

/// 9990 → "9 990": digits in groups of three, as Swedish writes them.
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A quoted value longer than this is cut by [`tidy`]; shorter ones are left as written.
pub const MAX_ECHOED_CHARS: usize = 200;
/// How many diagnostics of one code in one file [`tidy`] keeps before counting the rest
/// (the same cap as the event-level registers' own, `data::cases::common::CAP`).
pub const FLOOD_KEEP: usize = 100;

/// Make a batch of diagnostics readable whatever the input: values quoted in messages and
/// notes (`"…"`) longer than [`MAX_ECHOED_CHARS`] are cut (see [`shorten`]), and floods are
/// capped at [`FLOOD_KEEP`] per code and file (see [`cap_floods`]).
pub fn tidy(diags: &mut Vec<Diagnostic>) {
    for d in diags.iter_mut() {
        d.message = shorten_quoted(&d.message);
        for n in &mut d.notes {
            *n = shorten_quoted(n);
        }
    }
    cap_floods(diags, FLOOD_KEEP);
}

/// `text` with every `"quoted"` part longer than [`MAX_ECHOED_CHARS`] shortened.
fn shorten_quoted(text: &str) -> String {
    if text.len() <= MAX_ECHOED_CHARS {
        return text.to_string();
    }
    text.split('"')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && part.chars().count() > MAX_ECHOED_CHARS {
                shorten(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

/// Cap floods: of the diagnostics with the same code in the same file, the first `keep` are
/// kept and the rest counted in one "9 900 more errors of the kind [code] in file" after
/// them, so 10 000 unknown columns give 101 messages, not 10 000. The order of everything
/// else is unchanged.
pub fn cap_floods(diags: &mut Vec<Diagnostic>, keep: usize) {
    use std::collections::HashMap;
    type Key = (&'static str, Option<String>);
    let key = |d: &Diagnostic| -> Key { (d.code, d.location.as_ref().map(|l| l.file.clone())) };
    let mut total: HashMap<Key, usize> = HashMap::new();
    for d in diags.iter() {
        *total.entry(key(d)).or_default() += 1;
    }
    if total.values().all(|&n| n <= keep) {
        return;
    }
    let mut seen: HashMap<Key, usize> = HashMap::new();
    let mut out = Vec::with_capacity(diags.len());
    for d in diags.drain(..) {
        let k = key(&d);
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n > keep {
            continue;
        }
        let all = total[&k];
        let summary = (*n == keep && all > keep).then(|| {
            let kind = if d.is_error() { "errors" } else { "warnings" };
            let file = k.1.clone().unwrap_or_default();
            let more = Diagnostic {
                severity: d.severity,
                code: "data.more-errors",
                message: format!(
                    "{} more {kind} of the kind [{}] in {file}",
                    group_digits(all - keep),
                    d.code
                ),
                location: None,
                notes: vec![format!(
                    "only the first {keep} are shown; fix those and run check again"
                )],
            };
            if file.is_empty() {
                more
            } else {
                more.at(Location::file(file))
            }
        });
        out.push(d);
        out.extend(summary);
    }
    *diags = out;
}

/// The closest candidate by edit distance, for "did you mean" notes.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&input, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let cands = ["indikator", "period", "värde"];
        assert_eq!(did_you_mean("indikatr", cands), Some("indikator"));
        assert_eq!(did_you_mean("Perod", cands), Some("period"));
        assert_eq!(did_you_mean("xyzzy", cands), None);
    }

    #[test]
    fn location_display() {
        assert_eq!(Location::at("a.csv", 3, 4).to_string(), "a.csv:3:4");
        assert_eq!(Location::line("a.csv", 3).to_string(), "a.csv:3");
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
    }

    #[test]
    fn strict_escalates() {
        let mut d: Diagnostics = vec![Diagnostic::warning("x", "w")];
        assert!(!d.has_errors());
        d.escalate_warnings();
        assert!(d.has_errors());
    }

    #[test]
    fn long_values_are_shortened_and_controls_escaped() {
        assert_eq!(shorten("kort"), "kort");
        assert_eq!(shorten("a\u{0}b"), "a\\u{0}b");
        let long = "x".repeat(1_000_000);
        let s = shorten(&long);
        assert!(s.starts_with(&"x".repeat(40)), "{s}");
        assert!(s.ends_with("… (1 000 000 characters)"), "{s}");
        assert!(s.chars().count() < 80, "{s}");
        assert_eq!(group_digits(9990), "9 990");
        assert_eq!(group_digits(999), "999");
    }

    /// Issue 10: 10 000 unknown header columns gave 10 000 errors.
    #[test]
    fn floods_are_capped_per_code_and_file() {
        let mut d: Diagnostics = (0..10_000)
            .map(|i| {
                Diagnostic::error("data.unknown-column", format!("unknown column {i}")).at(Location::at(
                    "data/x.csv",
                    1,
                    i + 1,
                ))
            })
            .collect();
        d.insert(
            3,
            Diagnostic::error("other", "kept").at(Location::file("data/x.csv")),
        );
        d.push(Diagnostic::error("data.unknown-column", "other file").at(Location::at("data/y.csv", 1, 1)));
        cap_floods(&mut d, 10);
        assert_eq!(d.len(), 13, "{d:#?}");
        assert_eq!(d[3].message, "kept");
        assert_eq!(d[10].message, "unknown column 9");
        assert_eq!(
            d[11].message,
            "9 990 more errors of the kind [data.unknown-column] in data/x.csv"
        );
        assert_eq!(d[11].code, "data.more-errors");
        assert_eq!(d[11].location.as_deref(), Some(&Location::file("data/x.csv")));
        assert_eq!(d[12].message, "other file");
    }

    /// Issue 10: a 1 MB bad value was echoed whole.
    #[test]
    fn tidy_cuts_long_quoted_values() {
        let long = "9".repeat(1_000_000);
        let mut d: Diagnostics = vec![
            Diagnostic::error("data.bad-number", format!("invalid number \"{long}\""))
                .note(format!("expected a number, not \"{long}\"")),
            Diagnostic::error("x", "short \"kept\" as it is"),
        ];
        tidy(&mut d);
        assert!(
            d[0].message.starts_with("invalid number \"9999"),
            "{}",
            d[0].message
        );
        assert!(
            d[0].message.ends_with("… (1 000 000 characters)\""),
            "{}",
            d[0].message
        );
        assert!(d[0].message.len() < 120);
        assert!(d[0].notes[0].len() < 120);
        assert_eq!(d[1].message, "short \"kept\" as it is");
    }
}
