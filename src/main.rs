//! The `mtlint` binary: parse arguments, run, map the outcome to an exit status.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tune_allocator();
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

/// Keeps glibc's allocator from handing large blocks back to the system as soon as they are
/// freed. Each regex compiled with Unicode classes takes a table of a few hundred KB for a
/// moment; by default glibc maps it fresh and unmaps it on free, so every compile faults its
/// pages in again, which costs a one-article run more than the compiling does.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    const MMAP_THRESHOLD: libc::c_int = 16 << 20;
    const TRIM_THRESHOLD: libc::c_int = 64 << 20;
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
