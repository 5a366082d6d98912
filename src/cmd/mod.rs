//! One file per subcommand.

pub mod build;
pub mod check;
pub mod hamta;
pub mod init;
pub mod manual;
mod render;
pub mod watch;

use std::io::Write;
use std::path::Path;

use berattelse::diag::{Diagnostic, Diagnostics, DiagnosticsExt};

use render::Renderer;

pub const EXIT_OK: u8 = 0;
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_INTERNAL: u8 = 2;

/// How diagnostics are printed: colour only on a terminal (never with `CI=true` or
/// `NO_COLOR`), warnings of one kind grouped unless `--verbose`, only errors with `--quiet`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub colour: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Style {
    pub fn for_stderr(quiet: bool, verbose: bool) -> Style {
        use std::io::IsTerminal;
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        Style {
            colour: std::io::stderr().is_terminal() && !ci && !set("NO_COLOR"),
            quiet,
            verbose,
        }
    }
}

static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();

pub fn set_style(style: Style) {
    let _ = STYLE.set(style);
}

pub fn style() -> Style {
    STYLE.get().copied().unwrap_or_default()
}

/// Print diagnostics to stderr, errors and warnings in the order found (warnings of one kind
/// grouped, see [`render::group`]), and the count of each.
pub fn report(root: &Path, diags: &Diagnostics) {
    print_diagnostics(root, diags);
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 && !(style().quiet && e == 0) {
        eprintln!("{}", counts(diags));
    }
}

/// The diagnostics without the count line.
pub fn print_diagnostics(root: &Path, diags: &Diagnostics) {
    let style = style();
    let mut renderer = Renderer::new(root, style.colour);
    let mut err = std::io::stderr().lock();
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error() || !style.quiet).collect();
    for item in render::group(&shown, !style.verbose) {
        let text = match item {
            render::Item::One(d) => renderer.render(d),
            render::Item::Group(g) => renderer.render_group(&g),
        };
        let _ = writeln!(err, "{text}");
    }
}

/// "2 errors, 1 warning".
pub fn counts(diags: &Diagnostics) -> String {
    let plural = |n: usize, s: &str| {
        if n == 1 {
            format!("{n} {s}")
        } else {
            format!("{n} {s}s")
        }
    };
    format!(
        "{}, {}",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    )
}

/// Exit code for a failed run: internal faults are ours (2), everything else is input (1).
pub fn failure_code(diags: &Diagnostics) -> u8 {
    if diags
        .iter()
        .any(|d| d.is_error() && d.code.starts_with("internal."))
    {
        EXIT_INTERNAL
    } else {
        EXIT_INVALID
    }
}

pub fn fail_early(d: Diagnostic) -> u8 {
    report(Path::new("."), &vec![d]);
    EXIT_INVALID
}
