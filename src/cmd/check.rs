use berattelse::diag::{Diagnostics, DiagnosticsExt};
use berattelse::pipeline;
use berattelse::project::ProjectDir;

use crate::cli::{CheckArgs, ReportFormat};

use super::{EXIT_INTERNAL, EXIT_OK, counts, fail_early, failure_code, print_diagnostics, report, style};

pub fn run(args: &CheckArgs) -> u8 {
    let project = match ProjectDir::open(&args.project.project) {
        Ok(p) => p.with_previous(args.previous_edition()),
        Err(d) => return fail_early(d),
    };
    let mut diags = Diagnostics::new();
    let prepared = pipeline::prepare_all(
        &project,
        args.year,
        args.report.as_deref(),
        pipeline::Purpose::Check,
        &mut diags,
    );
    let revisions: Vec<(String, String)> = prepared
        .iter()
        .flatten()
        .flat_map(|p| {
            p.engine.revisions.iter().map(|r| {
                let ind = p.engine.indicator(&r.indicator);
                (format!("{}:{}", r.file, r.line), r.describe(ind))
            })
        })
        .collect();
    let previous = prepared.iter().flatten().find_map(|p| p.engine.previous.clone());
    if args.strict {
        diags.escalate_warnings();
    }
    match args.format {
        ReportFormat::Human => {
            print_diagnostics(project.root(), &diags);
            if let Some(prev) = &previous
                && !revisions.is_empty()
                && !style().quiet
            {
                // Information, not a problem: --strict does not fail on revisions.
                eprintln!("revised since the previous edition ({prev}), footnoted in the report:");
                for (at, what) in &revisions {
                    eprintln!("  {at}: {what}");
                }
            }
            // The summary, last.
            if diags.is_empty() {
                if !style().quiet {
                    eprintln!("check passed: no problems found for {}", args.year);
                }
            } else if diags.has_errors() || !style().quiet {
                eprintln!("{}", counts(&diags));
            }
        }
        ReportFormat::Json => {
            let items: Vec<_> = diags.iter().collect();
            let json = serde_json::json!({
                "year": args.year.year(),
                "period": args.year.to_string(),
                "passed": !diags.has_errors(),
                "errors": diags.error_count(),
                "warnings": diags.warning_count(),
                "diagnostics": items,
                "previous_edition": previous,
                "revisions": revisions
                    .iter()
                    .map(|(at, what)| serde_json::json!({ "location": at, "revision": what }))
                    .collect::<Vec<_>>(),
            });
            match berattelse::diag::json_pretty(&json, "the findings") {
                Ok(text) => println!("{text}"),
                Err(d) => {
                    report(project.root(), &vec![d]);
                    return EXIT_INTERNAL;
                }
            }
        }
    }
    if diags.has_errors() {
        failure_code(&diags)
    } else {
        EXIT_OK
    }
}
