//! Command-line interface.

use std::path::PathBuf;

use berattelse::model::period::Period;
use clap::{Args, Parser, Subcommand, ValueEnum};

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).ok_or_else(|| format!("expected {}", Period::EXPECTED))
}

pub const EXIT_CODES: &str = "Exit codes:
  0  success
  1  invalid input (config, data, texts, templates) or a failed check
  2  usage error or internal error";

#[derive(Debug, Parser)]
#[command(
    name = "berattelse",
    version,
    about = "Builds the kvalitets- och patientsäkerhetsberättelse of a socialnämnd from data",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors (and the summary line of a failed run)
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// List every warning on its own instead of grouping warnings of one kind
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the project's reports for PERIOD as Markdown and PDF into out/PERIOD/
    #[command(after_help = EXIT_CODES)]
    Build(BuildArgs),
    /// Validate config, data, texts and templates for PERIOD without writing anything
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Build PERIOD, then rebuild on every change to the project's config, data, texts and
    /// templates until stopped (Ctrl-C); a broken edit keeps the last good PDF
    #[command(after_help = EXIT_CODES)]
    Watch(WatchArgs),
    /// Create a new project folder, start a new year from last year's project (--from), or
    /// copy the built-in templates out for editing
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
    /// Print a completion script for a shell, e.g.
    /// `berattelse completions bash > ~/.local/share/bash-completion/completions/berattelse`
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `berattelse man > berattelse.1`; with a subcommand,
    /// that subcommand's page (`berattelse man build > berattelse-build.1`)
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print [default: the page of berattelse itself]
    #[arg(value_parser = ["build", "check", "watch", "init", "completions", "man"])]
    pub subcommand: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProjectArg {
    /// The project folder (with berattelse.yaml)
    #[arg(long, short = 'p', value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Report year (2024); an avvikelserapport also takes a halvår (2024-H1) or tertial (2024-T2)
    #[arg(value_name = "PERIOD", value_parser = parse_period)]
    pub year: Period,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Build only this report of the project (its slug or its kind)
    #[arg(long, value_name = "SLUG-OR-KIND")]
    pub report: Option<String>,
    /// Output folder [default: <project>/out]; files go to <DIR>/<PERIOD>/
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output formats, comma-separated; typ writes the generated typst sources for inspection
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md,pdf")]
    pub format: Vec<Format>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Report year, or for an avvikelserapport a halvår (2024-H1) or tertial (2024-T2)
    #[arg(value_name = "PERIOD", value_parser = parse_period)]
    pub year: Period,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Build only this report of the project (its slug or its kind)
    #[arg(long, value_name = "SLUG-OR-KIND")]
    pub report: Option<String>,
    /// Output folder [default: <project>/out]; files go to <DIR>/<PERIOD>/
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Open the PDF in the system's viewer after the first good build
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Pdf,
    Typ,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report year, or for an avvikelserapport a halvår (2024-H1) or tertial (2024-T2)
    #[arg(value_name = "PERIOD", value_parser = parse_period)]
    pub year: Period,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Check only this report of the project (its slug or its kind)
    #[arg(long, value_name = "SLUG-OR-KIND")]
    pub report: Option<String>,
    /// Treat warnings as errors (for CI)
    #[arg(long)]
    pub strict: bool,
    /// How to print the findings
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the project in [default: the --project folder]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Start the next year from last year's project: data kept, texts carried over as drafts,
    /// document metadata reset, last year's report in out/<year>/ for comparison
    #[arg(long, value_name = "LAST-YEAR-DIR", conflicts_with_all = ["eject_templates", "kind"])]
    pub from: Option<PathBuf>,
    /// Copy the built-in templates into <DIR>/templates/ for editing (existing project)
    #[arg(long)]
    pub eject_templates: bool,
    /// Report kind of the new project: kvalitets-och-patientsakerhetsberattelse,
    /// kvalitetsberattelse, patientsakerhetsberattelse or avvikelserapport
    #[arg(long, value_parser = parse_kind, default_value = "kvalitets-och-patientsakerhetsberattelse")]
    pub kind: berattelse::config::ReportKind,
    /// Overwrite files that already exist
    #[arg(long)]
    pub force: bool,
}

/// A report kind by its id in berattelse.yaml.
fn parse_kind(text: &str) -> Result<berattelse::config::ReportKind, String> {
    use berattelse::config::ReportKind;
    ReportKind::ALL
        .into_iter()
        .find(|k| k.id() == text)
        .ok_or_else(|| {
            let ids: Vec<&str> = ReportKind::ALL.iter().map(|k| k.id()).collect();
            format!("expected one of: {}", ids.join(", "))
        })
}
