//! The command-line front end: runs a subcommand and maps its outcome to an exit status.

pub mod args;
mod batch;
mod check;
mod filter;
mod output;
mod rule_commands;
mod workers;

use std::process::ExitCode;

use args::{Cli, Command};

/// Exit statuses of DESIGN.md.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> std::io::Result<ExitCode> {
    let code = match cli.command {
        Command::Check(args) => check::run(&args)?,
        Command::Batch(args) => batch::run(&args)?,
        Command::Rules(packs) => rule_commands::list(&packs)?,
        Command::Explain { rule, packs } => rule_commands::explain(&rule, &packs)?,
        Command::TestRules { paths } => rule_commands::test_rules(&paths)?,
    };
    Ok(ExitCode::from(code))
}
