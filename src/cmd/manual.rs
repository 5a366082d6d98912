//! `berattelse completions <SHELL>` and `berattelse man [SUBCOMMAND]`: shell completion
//! scripts and manual pages, generated from the clap definition in cli.rs, so they always
//! list the options the binary has.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};

use super::{EXIT_INTERNAL, EXIT_OK};

pub fn completions(args: &CompletionsArgs) -> u8 {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "berattelse", &mut out);
    print(&out)
}

pub fn man(args: &ManArgs) -> u8 {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match args.subcommand.as_deref() {
        None => cmd,
        Some(name) => {
            let title = match name {
                "build" => "berattelse-build",
                "check" => "berattelse-check",
                "init" => "berattelse-init",
                "completions" => "berattelse-completions",
                _ => "berattelse-man",
            };
            match cmd.find_subcommand(name) {
                Some(sub) => sub.clone().name(title).version(env!("CARGO_PKG_VERSION")),
                None => return EXIT_INTERNAL,
            }
        }
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("error[internal.man]: cannot write the manual page: {e}");
        return EXIT_INTERNAL;
    }
    print(&out)
}

fn print(bytes: &[u8]) -> u8 {
    // A closed pipe (`berattelse man | head`) is not a failure.
    let _ = std::io::stdout().lock().write_all(bytes);
    EXIT_OK
}
