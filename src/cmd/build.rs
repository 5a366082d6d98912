use berattelse::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

use berattelse::pipeline::{self, Formats};
use berattelse::project::ProjectDir;
use berattelse::project::output::{self, OutputError};

use crate::cli::{BuildArgs, Format};

use super::{EXIT_INTERNAL, EXIT_OK, counts, fail_early, failure_code, print_diagnostics, report, style};

pub fn run(args: &BuildArgs) -> u8 {
    let projects = match project_list(args) {
        Ok(p) => p,
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
    if let [one] = projects.as_slice() {
        return match ProjectDir::open(one).map(|p| p.with_previous(args.previous_edition())) {
            Ok(project) => finish(&build_one(&project, args, formats, args.out.clone())),
            Err(d) => fail_early(d),
        };
    }
    if let Some(d) = clashing_outputs(&projects, args.out.is_some()) {
        return fail_early(d);
    }
    // Several projects: built side by side on all cores in this one process, so the
    // embedded fonts are parsed once and typst's caches of the shared templates are reused;
    // each project's files are written as soon as it is built. Reports come in the order given.
    let started = std::time::Instant::now();
    let outcomes: Vec<Result<Outcome, Diagnostic>> = {
        use rayon::prelude::*;
        projects
            .par_iter()
            .map(|dir| {
                let out = args.out.as_ref().map(|o| o.join(folder_name(dir)));
                // With --out, each project's previous edition is beside its own outputs.
                let previous = crate::cli::previous_edition(args.previous.as_ref(), out.as_ref());
                let project = ProjectDir::open(dir)?.with_previous(previous);
                let outcome = build_one(&project, args, formats, out);
                // typst's caches keep what the last few projects used (the shared templates),
                // not every project's pages: memory stays flat over a long list.
                comemo::evict(4);
                Ok(outcome)
            })
            .collect()
    };
    let mut code = EXIT_OK;
    let mut built = 0;
    for (dir, outcome) in projects.iter().zip(&outcomes) {
        if !style().quiet {
            eprintln!("project {}:", dir.display());
        }
        let c = match outcome {
            Ok(o) => finish(o),
            Err(d) => fail_early(d.clone()),
        };
        built += usize::from(c == EXIT_OK);
        code = code.max(c);
    }
    if !style().quiet {
        eprintln!(
            "built {built} of {} projects in {:.2} s",
            projects.len(),
            started.elapsed().as_secs_f64()
        );
    }
    code
}

/// The projects to build: every `--project`, then those `--projects-file` lists; `.` when
/// neither is given.
fn project_list(args: &BuildArgs) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = args.projects.clone();
    if let Some(file) = &args.projects_file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            Diagnostic::error(
                "cli.projects-file",
                format!("cannot read the list of projects {}: {e}", file.display()),
            )
        })?;
        let base = file.parent().unwrap_or(Path::new("."));
        let listed: Vec<PathBuf> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| base.join(l))
            .collect();
        if listed.is_empty() {
            return Err(Diagnostic::error(
                "cli.projects-file",
                format!("the list of projects {} names no project", file.display()),
            )
            .note("write one project folder per line"));
        }
        out.extend(listed);
    }
    if out.is_empty() {
        out.push(PathBuf::from("."));
    }
    Ok(out)
}

/// The folder name a project's files go under with `--out` and several projects.
fn folder_name(dir: &Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_else(|| "projekt".to_string())
}

/// Two projects that would write into the same folder: the same project given twice, or,
/// with `--out`, two project folders of the same name.
fn clashing_outputs(projects: &[PathBuf], shared_out: bool) -> Option<Diagnostic> {
    let mut seen = std::collections::BTreeMap::new();
    for dir in projects {
        let key = if shared_out {
            folder_name(dir)
        } else {
            let p = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
            p.display().to_string()
        };
        if let Some(first) = seen.insert(key, dir) {
            return Some(
                Diagnostic::error(
                    "cli.duplicate-project",
                    format!(
                        "the projects {} and {} would write into the same folder",
                        first.display(),
                        dir.display()
                    ),
                )
                .note(if shared_out {
                    "with --out, each project writes into <DIR>/<its folder name>/: give the folders different names"
                } else {
                    "give each project once"
                }),
            );
        }
    }
    None
}

/// What building one project came to, printed once all are done.
struct Outcome {
    root: PathBuf,
    diags: Diagnostics,
    /// `None` when the build failed (nothing written).
    written: Option<Result<(PathBuf, Vec<PathBuf>), Diagnostic>>,
    seconds: f64,
}

/// Build one project and write its files into `out` (default `<project>/out`)`/<PERIOD>/`.
fn build_one(project: &ProjectDir, args: &BuildArgs, formats: Formats, out: Option<PathBuf>) -> Outcome {
    let started = std::time::Instant::now();
    let mut diags = Diagnostics::new();
    let products = pipeline::build_all(project, args.year, args.report.as_deref(), formats, &mut diags);
    let written = products.map(|all| {
        let out_root = out.unwrap_or_else(|| project.root().join("out"));
        let dir = out_root.join(args.year.to_string());
        write(&dir, &files(all, formats)).map(|paths| (dir, paths))
    });
    Outcome {
        root: project.root().to_path_buf(),
        diags,
        written,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Print what one build came to; its exit code.
fn finish(o: &Outcome) -> u8 {
    match &o.written {
        None => {
            report(&o.root, &o.diags);
            eprintln!("build failed: no files were written");
            failure_code(&o.diags)
        }
        Some(Ok((dir, paths))) => {
            print_diagnostics(&o.root, &o.diags);
            if style().quiet {
                return EXIT_OK;
            }
            for p in paths {
                println!("wrote {}", p.display());
            }
            // The summary, last: where the report is, how long it took, what is left.
            eprintln!(
                "built {} files into {} in {:.2} s: {}",
                paths.len(),
                dir.display(),
                o.seconds,
                counts(&o.diags)
            );
            EXIT_OK
        }
        Some(Err(d)) => {
            print_diagnostics(&o.root, &o.diags);
            report(&o.root, &vec![d.clone()]);
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
            // A path is a file of a document's standalone typst folder, already named.
            if name.contains('/') {
                files.push((name, bytes));
            } else {
                files.push((format!("{}.{name}", products.slug), bytes));
            }
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
