use berattelse::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

use berattelse::pipeline::{self, Formats};
use berattelse::project::ProjectDir;
use berattelse::project::output::{self, OutputError};

use crate::cli::{BuildArgs, Format};

use super::{EXIT_INTERNAL, EXIT_OK, counts, fail_early, failure_code, print_diagnostics, report, style};

pub fn run(args: &BuildArgs) -> u8 {
    let project = match ProjectDir::open(&args.project.project) {
        Ok(p) => p.with_previous(args.previous_edition()),
        Err(d) => return fail_early(d),
    };
    let formats = Formats {
        md: args.format.contains(&Format::Md),
        pdf: args.format.contains(&Format::Pdf),
        typ: args.format.contains(&Format::Typ),
        html: args.format.contains(&Format::Html),
        docx: args.format.contains(&Format::Docx),
        xlsx: args.format.contains(&Format::Xlsx),
        csv: args.format.contains(&Format::Csv),
    };
    let started = std::time::Instant::now();
    let mut diags = Diagnostics::new();
    let products = pipeline::build_all(&project, args.year, args.report.as_deref(), formats, &mut diags);
    let Some(all) = products else {
        report(project.root(), &diags);
        eprintln!("build failed: no files were written");
        return failure_code(&diags);
    };
    let out_root = args.out.clone().unwrap_or_else(|| project.root().join("out"));
    let dir = out_root.join(args.year.to_string());
    let files = files(all, formats);
    print_diagnostics(project.root(), &diags);
    match write(&dir, &files) {
        Ok(paths) => {
            if style().quiet {
                return EXIT_OK;
            }
            for p in &paths {
                println!("wrote {}", p.display());
            }
            // The summary, last: where the report is, how long it took, what is left.
            eprintln!(
                "built {} files into {} in {:.2} s: {}",
                paths.len(),
                dir.display(),
                started.elapsed().as_secs_f64(),
                counts(&diags)
            );
            EXIT_OK
        }
        Err(d) => {
            report(project.root(), &vec![d]);
            EXIT_INTERNAL
        }
    }
}

/// The output set of a build: per report its Markdown, PDF, underlag, tjänsteskrivelse and
/// (`--format typ`) typst sources, by file name.
pub(super) fn files(all: Vec<pipeline::Products>, formats: Formats) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for products in all {
        if formats.md {
            files.push((format!("{}.md", products.slug), products.markdown.into_bytes()));
        }
        if let Some(pdf) = products.pdf {
            files.push((format!("{}.pdf", products.slug), pdf));
        }
        files.push((
            format!("{}.{}", products.slug, berattelse::compute::revisions::SUFFIX),
            products.underlag,
        ));
        if let Some((md, pdf)) = products.tjansteskrivelse {
            let stem = format!(
                "{}-{}",
                products.slug,
                berattelse::render::tjansteskrivelse::SUFFIX
            );
            if formats.md {
                files.push((format!("{stem}.md"), md.into_bytes()));
            }
            if let Some(pdf) = pdf {
                files.push((format!("{stem}.pdf"), pdf));
            }
        }
        for (name, bytes) in products.typst {
            files.push((format!("{}.{name}", products.slug), bytes));
        }
        for (suffix, bytes) in products.published {
            files.push((format!("{}{suffix}", products.slug), bytes));
        }
    }
    files
}

/// Swap the output set into `dir` (all or nothing), or say why it could not be.
pub(super) fn write(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, Diagnostic> {
    output::write_set(dir, files, &output::Options::from_env()).map_err(|e| match e {
        OutputError::Locked { .. } => Diagnostic::error(
            "output.locked",
            format!("cannot write to {}: {e}", dir.display()),
        )
        .note(format!(
            "another berattelse build is writing there; nothing was written, try again when it has finished (the wait is set by {})",
            output::LOCK_TIMEOUT_ENV
        )),
        OutputError::Io(e) => Diagnostic::error(
            "output.write",
            format!("cannot write to {}: {e}", dir.display()),
        ),
    })
}
