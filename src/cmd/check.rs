use berattelse::build;
use berattelse::diag::Diagnostics;
use berattelse::project::ProjectDir;

use crate::cli::{CheckArgs, ReportFormat};

use super::{EXIT_OK, fail_early, failure_code, report};

pub fn run(args: &CheckArgs) -> u8 {
    let project = match ProjectDir::open(&args.project.project) {
        Ok(p) => p,
        Err(d) => return fail_early(d),
    };
    let mut diags = Diagnostics::new();
    let _ = build::prepare(&project, args.year, build::Purpose::Check, &mut diags);
    if args.strict {
        diags.escalate_warnings();
    }
    match args.format {
        ReportFormat::Human => {
            report(project.root(), &diags);
            if diags.is_empty() {
                eprintln!("check passed: no problems found for {}", args.year);
            }
        }
        ReportFormat::Json => {
            let items: Vec<_> = diags.iter().collect();
            let json = serde_json::json!({
                "year": args.year,
                "passed": !diags.has_errors(),
                "errors": diags.error_count(),
                "warnings": diags.warning_count(),
                "diagnostics": items,
            });
            println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
        }
    }
    if diags.has_errors() {
        failure_code(&diags)
    } else {
        EXIT_OK
    }
}
