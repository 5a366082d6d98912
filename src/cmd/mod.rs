//! One file per subcommand.

pub mod build;
pub mod check;
pub mod hamta;
pub mod init;
mod render;

use std::io::Write;
use std::path::Path;

use berattelse::diag::{Diagnostic, Diagnostics, DiagnosticsExt};

use render::Renderer;

pub const EXIT_OK: u8 = 0;
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_INTERNAL: u8 = 2;

/// Print diagnostics to stderr, errors and warnings in the order found, and a summary.
pub fn report(root: &Path, diags: &Diagnostics) {
    let mut renderer = Renderer::new(root);
    let mut err = std::io::stderr().lock();
    for d in diags.iter() {
        let _ = writeln!(err, "{}", renderer.render(d));
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        let plural = |n: usize, s: &str| {
            if n == 1 {
                format!("{n} {s}")
            } else {
                format!("{n} {s}s")
            }
        };
        let _ = writeln!(err, "{}, {}", plural(e, "error"), plural(w, "warning"));
    }
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
