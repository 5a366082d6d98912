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
    let code = match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Init(args) => cmd::init::run(&args),
    };
    ExitCode::from(code)
}
