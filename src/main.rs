//! The `mtlint` binary: parse arguments, run, map the outcome to an exit status.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        // `mtlint check … | head` closes the pipe early: that is not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(cli::EXIT_CLEAN),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
