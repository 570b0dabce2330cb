//! The `mtlint` binary: parse arguments, run, map the outcome to an exit status.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: on x86-64 Linux a one-article run takes about 15% less time than with glibc's
/// allocator, and linting 2,000 articles about 12% less. Its stable line (v2): the newer one
/// held half as much memory again on a 100 MB file (134 MB against 83 with two threads).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
