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
}
