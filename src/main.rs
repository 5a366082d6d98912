//! The `berattelse` binary: parse arguments, run a command, print diagnostics, exit with a
//! documented code (see `cli::EXIT_CODES`).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Printing into a closed pipe (`berattelse check | head`) must not panic.
    sigpipe::reset();
    let cli = cli::Cli::parse();
    cmd::set_style(cmd::Style::for_stderr(cli.quiet, cli.verbose));
    // A panic is our bug, never the user's: report it as an internal error (exit 2).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error[internal.panic]: berattelse stopped unexpectedly: {info}");
        eprintln!("  = this is a bug in berattelse; please report it with the command you ran");
    }));
    let code = std::panic::catch_unwind(|| match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Watch(args) => cmd::watch::run(&args),
        cli::Command::Init(args) => cmd::init::run(&args),
        cli::Command::Completions(args) => cmd::manual::completions(&args),
        cli::Command::Man(args) => cmd::manual::man(&args),
        cli::Command::Hamta(args) => cmd::hamta::run(&args),
    })
    .unwrap_or(cmd::EXIT_INTERNAL);
    ExitCode::from(code)
}
