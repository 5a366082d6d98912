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
    /// Fetch data from an online source into data/ (the only command that uses the network)
    #[command(after_help = EXIT_CODES)]
    Hamta(HamtaArgs),
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
    #[arg(value_parser = ["build", "check", "watch", "init", "hamta", "completions", "man"])]
    pub subcommand: Option<String>,
}

#[derive(Debug, Args)]
pub struct HamtaArgs {
    #[command(subcommand)]
    pub source: HamtaSource,
}

#[derive(Debug, Subcommand)]
pub enum HamtaSource {
    /// Fetch the KPIs of data/kolada-indikatorer.yaml from Kolada for the kommun, the
    /// comparisons under jamforelse:, the län, riket and the units into data/kolada/
    #[command(after_help = EXIT_CODES)]
    Kolada(KoladaArgs),
}

#[derive(Debug, Args)]
pub struct KoladaArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Years: 2024, 2021-2024 or 2021,2023 [default: the four years before this one]
    #[arg(long = "ar", visible_alias = "år", value_name = "YEARS", value_parser = parse_years)]
    pub years: Option<Years>,
    /// Kolada's API [default: $BERATTELSE_KOLADA_API, else https://api.kolada.se/v2]; a URL
    /// ending in /v3 uses API v3
    #[arg(long, value_name = "URL")]
    pub api: Option<String>,
    /// List the KPIs whose title contains TEXT, from Kolada's KPI metadata (fetches no values)
    #[arg(long, value_name = "TEXT")]
    pub sok: Option<String>,
    /// With --sok: add the KPIs found to data/kolada-indikatorer.yaml
    #[arg(long, requires = "sok")]
    pub lagg_till: bool,
}

/// The years of `--ar`.
#[derive(Debug, Clone)]
pub struct Years(pub Vec<i32>);

fn parse_years(s: &str) -> Result<Years, String> {
    const EXPECTED: &str = "expected a year (2024), a range (2021-2024) or a list (2021,2023)";
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| EXPECTED.to_string())
    };
    let mut out = Vec::new();
    for part in s.split(',') {
        match part.split_once(['-', '–']) {
            Some((a, b)) => {
                let (a, b) = (year(a)?, year(b)?);
                if a > b || b - a > 50 {
                    return Err(EXPECTED.to_string());
                }
                out.extend(a..=b);
            }
            None => out.push(year(part)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(Years(out))
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
    /// The project folder (with berattelse.yaml) [default: .]; repeat it to build several
    /// projects in one run, on all cores
    #[arg(long = "project", short = 'p', value_name = "DIR")]
    pub projects: Vec<PathBuf>,
    /// A file that lists project folders to build, one per line (relative to the file's
    /// folder; empty lines and lines starting with # are skipped)
    #[arg(long, value_name = "FILE")]
    pub projects_file: Option<PathBuf>,
    /// Build only this report of the project (its slug or its kind)
    #[arg(long, value_name = "SLUG-OR-KIND")]
    pub report: Option<String>,
    /// Output folder [default: <project>/out]; files go to <DIR>/<PERIOD>/ (with several
    /// projects to <DIR>/<project folder name>/<PERIOD>/)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The previous edition's output folder (or its .underlag.json), for the values revised
    /// since it [default: <DIR of --out>/<PERIOD − 1>/, else <project>/out/<PERIOD − 1>/]
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// Output formats, comma-separated: md, pdf, html (accessible web page), docx (Word),
    /// xlsx and csv (the tables); typ writes the generated typst sources for inspection
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
    Html,
    Docx,
    Xlsx,
    Csv,
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
    /// The output folder the reports are built to, when not <project>/out: the previous
    /// edition's stored data is looked for in <DIR>/<PERIOD − 1>/
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The previous edition's output folder (or its .underlag.json), for the values revised
    /// since it [default: <DIR of --out>/<PERIOD − 1>/, else <project>/out/<PERIOD − 1>/]
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
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

impl BuildArgs {
    /// Where the previous edition is, from `--previous` or `--out`.
    pub fn previous_edition(&self) -> Option<berattelse::project::PreviousEdition> {
        previous_edition(self.previous.as_ref(), self.out.as_ref())
    }
}

impl CheckArgs {
    /// Where the previous edition is, from `--previous` or `--out`.
    pub fn previous_edition(&self) -> Option<berattelse::project::PreviousEdition> {
        previous_edition(self.previous.as_ref(), self.out.as_ref())
    }
}

pub(crate) fn previous_edition(
    previous: Option<&PathBuf>,
    out: Option<&PathBuf>,
) -> Option<berattelse::project::PreviousEdition> {
    use berattelse::project::PreviousEdition;
    match (previous, out) {
        (Some(p), _) => Some(PreviousEdition::Given(p.clone())),
        (None, Some(o)) => Some(PreviousEdition::Out(o.clone())),
        (None, None) => None,
    }
}
